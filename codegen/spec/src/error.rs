//! The one error type of the generator: where the problem is and how to fix it.

use std::fmt;
use std::path::PathBuf;

/// A generation failure, located in an input file.
///
/// Displayed as `FILE#POINTER: MESSAGE` followed by a `fix:` line, e.g.
/// `specs/intercom/api.intercom.io.yaml#/components/schemas/contact/properties/x:
/// $ref to #/components/schemas/custom_attributes points at nothing`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The input file (spec, overlay or manifest) the problem is in.
    pub file: PathBuf,
    /// JSON pointer into that file (`""` for the whole file).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

impl Error {
    /// Creates an error located at `pointer` in `file`.
    pub fn new(
        file: impl Into<PathBuf>,
        pointer: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self { file: file.into(), pointer: pointer.into(), message: message.into(), fix: fix.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if !self.pointer.is_empty() {
            write!(f, "#{}", self.pointer)?;
        }
        write!(f, ": {}\n  fix: {}", self.message, self.fix)
    }
}

impl std::error::Error for Error {}

/// Result alias of the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub use crate::pointer::{escape as escape_token, join as pointer};
