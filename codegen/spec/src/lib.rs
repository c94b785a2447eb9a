//! Reading a vendored OpenAPI description, one way for every tool of the workspace.
//!
//! The generator (`codegen`) and the breaking-change classifier (`specdiff`) both read specs
//! through this crate: [`load`] (YAML/JSON, sha256) → [`bundle`] (cross-file `$ref`s inside the
//! provider's folder) → [`overlay`] (recorded fixes) → [`openapi31`] (3.1 → 3.0, where that is
//! what generation reads). [`manifest`] parses `specs/<provider>/provider.toml` and
//! [`providers`] finds the vendored providers. Errors name the file, the JSON pointer and
//! the fix ([`Error`]).

pub mod bundle;
pub mod error;
pub mod load;
pub mod manifest;
pub mod openapi31;
pub mod overlay;
pub mod providers;

use std::path::Path;

pub use crate::error::{escape_token, Error, Result};
pub use crate::manifest::Manifest;

/// The HTTP methods of a path item, in the order operations are read.
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// A spec as the vendor's file plus our recorded fixes: bundled and overlaid,
/// in the vendor's OpenAPI version (so JSON pointers match the vendored file).
#[derive(Debug, Clone)]
pub struct Patched {
    /// The bundled, overlaid document.
    pub spec: serde_json::Value,
    /// sha256 of the vendored spec file.
    pub spec_sha256: String,
    /// sha256 of the overlay, if any.
    pub overlay_sha256: Option<String>,
}

/// Loads the spec at `spec` (shown as `spec_display` in errors), bundles its cross-file
/// `$ref`s and applies the overlay (file to read, name shown), if any.
///
/// # Errors
/// Unreadable or unparsable files, a reference that leaves the spec's folder, or an
/// overlay action that does not apply.
pub fn patched(spec: &Path, spec_display: &Path, overlay: Option<(&Path, &Path)>) -> Result<Patched> {
    let document = load::load(spec, spec_display)?;
    let mut value = document.value;
    bundle::bundle(&mut value, spec, spec_display)?;
    let mut overlay_sha256 = None;
    if let Some((path, shown)) = overlay {
        let overlay = load::load(path, shown)?;
        overlay::apply(&mut value, overlay.value, shown)?;
        overlay_sha256 = Some(overlay.sha256);
    }
    Ok(Patched { spec: value, spec_sha256: document.sha256, overlay_sha256 })
}

/// [`patched`], then converted to OpenAPI 3.0 when it is 3.1: the document generation reads
/// before its own normalization passes.
///
/// # Errors
/// As [`patched`].
pub fn effective(spec: &Path, spec_display: &Path, overlay: Option<(&Path, &Path)>) -> Result<Patched> {
    let mut patched = patched(spec, spec_display, overlay)?;
    if openapi31::is_31(&patched.spec) {
        openapi31::downgrade(&mut patched.spec);
    }
    Ok(patched)
}
