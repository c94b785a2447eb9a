//! Helpers shared by the conformance tests in `tests/`: documented examples from the vendored specs.

use std::path::Path;

use serde_json::Value;

/// Reads `specs/<file>` (YAML or JSON) and returns the value at `pointer`.
///
/// # Panics
/// When the file cannot be read or parsed, or nothing is at `pointer`: the
/// test names a documented example that must exist.
pub fn spec_value(file: &str, pointer: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    let spec: Value = serde_yaml_ng::from_str(&text).unwrap_or_else(|err| panic!("cannot parse {}: {err}", path.display()));
    spec.pointer(pointer).cloned().unwrap_or_else(|| panic!("nothing at {file}#{pointer}"))
}

/// Header names a generated client may send besides the ones a test expects:
/// what reqwest adds on its own.
pub const TRANSPORT_HEADERS: [&str; 4] = ["host", "accept", "content-length", "content-type"];

/// Asserts that a request carried exactly `expected` headers besides the transport ones.
///
/// # Panics
/// On any other header, such as a stray `api-version`.
pub fn assert_only_headers(request: &wiremock::Request, expected: &[&str]) {
    for (name, _) in request.headers.iter() {
        let name = name.as_str();
        assert!(
            TRANSPORT_HEADERS.contains(&name) || expected.iter().any(|e| e.eq_ignore_ascii_case(name)),
            "unexpected header `{name}` in {} {}",
            request.method,
            request.url
        );
    }
}
