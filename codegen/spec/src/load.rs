//! Reading a spec or overlay file (YAML or JSON) into a JSON value.

use std::path::Path;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// A loaded input file: its parsed value and the sha256 of its bytes.
#[derive(Debug, Clone)]
pub struct Document {
    /// The parsed document.
    pub value: Value,
    /// Lower-case hex sha256 of the file as read.
    pub sha256: String,
}

/// Reads `path` (shown in errors as `display`), parsing JSON when the file
/// starts with `{` and YAML otherwise.
///
/// # Errors
/// The file cannot be read or does not parse; the error names the file and,
/// for YAML, the line and column.
pub fn load(path: &Path, display: &Path) -> Result<Document> {
    let bytes = std::fs::read(path)
        .map_err(|err| Error::new(display, "", format!("cannot read the file: {err}"), "check the path"))?;
    let sha256 = sha256_hex(&bytes);
    let text = std::str::from_utf8(&bytes)
        .map_err(|err| Error::new(display, "", format!("the file is not UTF-8: {err}"), "re-encode it as UTF-8"))?;
    Ok(Document { value: parse(text, display)?, sha256 })
}

/// Parses a spec or overlay text (shown in errors as `display`): JSON when it starts with
/// `{`, YAML otherwise.
///
/// # Errors
/// The text does not parse; the error names the file and the line and column.
pub fn parse(text: &str, display: &Path) -> Result<Value> {
    Ok(if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|err| {
            Error::new(display, "", format!("invalid JSON: {err}"), "fix the JSON syntax at that line")
        })?
    } else {
        serde_yaml_ng::from_str(text).map_err(|err| {
            Error::new(display, "", format!("invalid YAML: {err}"), "fix the YAML syntax at that line")
        })?
    })
}

/// Lower-case hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
