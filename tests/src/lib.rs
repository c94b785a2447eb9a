//! Helpers shared by the conformance tests in `tests/`: documented examples from the
//! vendored specs (with their overlays applied) and header assertions.

use std::path::Path;

use serde_json::Value;

/// Returns the value at `pointer` of a provider's spec as generation sees it:
/// `specs/<provider>/` bundled, with its overlay applied (so examples the overlay
/// corrects are read corrected), in the vendor's OpenAPI version.
///
/// # Panics
/// When the spec cannot be loaded or nothing is at `pointer`: the test names a
/// documented example that must exist.
pub fn spec_value(provider: &str, pointer: &str) -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let manifest = codegen::Manifest::load(&root.join("specs").join(provider).join("provider.toml"))
        .unwrap_or_else(|err| panic!("{err}"));
    let job = codegen::Job::from_manifest(&root, provider, &manifest);
    let patched = codegen::patched_spec(&job).unwrap_or_else(|err| panic!("{err}"));
    patched.spec.pointer(pointer).cloned().unwrap_or_else(|| panic!("nothing at specs/{provider}#{pointer}"))
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
