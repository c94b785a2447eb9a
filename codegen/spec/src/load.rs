//! Reading a spec or overlay file (YAML or JSON) into a JSON value.

use std::path::Path;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_json_parses_and_pathological_nesting_is_rejected() {
        let nest = |n: usize| format!("{}1{}", "{\"a\": [".repeat(n), "]}".repeat(n));
        assert!(parse(&nest(200), Path::new("deep.json")).is_ok());
        let err = parse(&nest(100_000), Path::new("deep.json")).unwrap_err();
        assert!(err.message.contains("nesting deeper than"), "{err}");
        let yaml = format!("x: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let err = parse(&yaml, Path::new("deep.yaml")).unwrap_err();
        assert!(err.message.contains("line 1"), "{err}");
    }
}

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
    check_depth(text, display)?;
    Ok(if text.trim_start().starts_with('{') {
        // Nesting is bounded by `check_depth`, so serde_json's own limit (128) can be lifted.
        let mut deserializer = serde_json::Deserializer::from_str(text);
        deserializer.disable_recursion_limit();
        let value = serde::Deserialize::deserialize(&mut deserializer).and_then(|v| deserializer.end().map(|()| v));
        value.map_err(|err| {
            Error::new(display, "", format!("invalid JSON: {err}"), "fix the JSON syntax at that line")
        })?
    } else {
        serde_yaml_ng::from_str(text).map_err(|err| {
            Error::new(display, "", format!("invalid YAML: {err}"), "fix the YAML syntax at that line")
        })?
    })
}

/// How deeply mappings and lists may nest in a spec or overlay (about 250 levels of schemas).
pub const MAX_NESTING: usize = 512;

/// Rejects text nested deeper than [`MAX_NESTING`] in one linear pass, before any parser
/// recurses into it: flow brackets (`{`, `[`) outside quoted strings and comments, plus block
/// indentation levels and `- ` markers of YAML. The count errs on the high side for YAML.
///
/// # Errors
/// The line where the nesting exceeds the limit.
pub fn check_depth(text: &str, display: &Path) -> Result<()> {
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    let mut quote: Option<char> = None;
    for (index, line) in text.lines().enumerate() {
        let content = line.trim_start_matches(' ');
        let mut block = 0;
        if flow == 0 && quote.is_none() && !content.is_empty() && !content.starts_with('#') {
            let indent = line.len() - content.len();
            while indents.last().is_some_and(|top| *top > indent) {
                indents.pop();
            }
            if indents.last() != Some(&indent) {
                indents.push(indent);
            }
            block = content.split_inclusive("- ").take_while(|part| *part == "- ").count();
        }
        let mut previous = ' ';
        let mut chars = content.chars();
        while let Some(c) = chars.next() {
            match (quote, c) {
                (Some('"'), '\\') => {
                    chars.next();
                }
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"') => quote = Some('"'),
                (None, '\'') if previous.is_whitespace() || "[{,:".contains(previous) => quote = Some('\''),
                (None, '#') if previous.is_whitespace() => break,
                (None, '{' | '[') => {
                    flow += 1;
                    if indents.len() + block + flow > MAX_NESTING {
                        break;
                    }
                }
                (None, '}' | ']') => flow = flow.saturating_sub(1),
                _ => {}
            }
            previous = c;
        }
        if indents.len() + block + flow > MAX_NESTING {
            return Err(Error::new(
                display,
                "",
                format!("nesting deeper than {MAX_NESTING} levels at line {}", index + 1),
                "flatten the document (move nested schemas into components and $ref them)",
            ));
        }
    }
    Ok(())
}

/// Lower-case hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
