//! What the generator could not express, degraded locally instead of refusing the spec.
//!
//! The policy (docs/generator.md, "What the generator cannot express"): a document that is not
//! OpenAPI 3.x is refused; anything else degrades where it is, with a warning naming its
//! JSON pointer, and the crate is still generated and compiles. Each degradation is
//! recorded here as typed data, so that `cargo xtask corpus` can count them per kind and
//! the crate docs can list skipped operations.

use crate::error::Error;

/// What was degraded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DegradationKind {
    /// A schema generated as `serde_json::Value` (no sound typed Rust type was found).
    Schema,
    /// An operation not generated (it is listed in the crate docs with the reason).
    Operation,
    /// A security scheme the client cannot apply by itself; the caller sets the
    /// credential through a documented hook instead.
    Security,
}

/// One degradation: its kind and the warning that reports it (file, JSON pointer,
/// reason and fix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Degradation {
    /// What was degraded.
    pub kind: DegradationKind,
    /// Where, why, and how an overlay would avoid it.
    pub warning: Error,
}

impl Degradation {
    /// A degradation of `kind` reported by `warning`.
    pub fn new(kind: DegradationKind, warning: Error) -> Self {
        Self { kind, warning }
    }
}

/// An operation that is not generated: its operationId, method and path template, and the
/// problem that stops it (file, JSON pointer, reason and fix). Listed in the crate docs under
/// "Operations not generated"; reported as a [`DegradationKind::Operation`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The operationId (or the name made for an operation without one).
    pub id: String,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// The path template.
    pub path: String,
    /// Why it is not generated.
    pub problem: Error,
}
