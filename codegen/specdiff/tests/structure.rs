//! Input that cannot be compared: malformed structure (exit 2 with the JSON pointer),
//! references refused by bundling, and nesting (200 levels compare in JSON and YAML,
//! pathological depth is rejected without recursing into it).

use specdiff::{diff_files, diff_specs, Error, Spec};

/// Parses `text` and returns the malformed-structure error's pointer and message.
fn malformed(text: &str) -> (String, String) {
    match Spec::parse("bad.yaml", text) {
        Err(Error::Malformed { pointer, message, .. }) => (pointer, message),
        other => panic!("expected a malformed-structure error, got {other:?}"),
    }
}

#[test]
fn malformed_structure_names_the_pointer() {
    let (pointer, message) = malformed("openapi: 3.0.3\npaths: 5\n");
    assert_eq!(pointer, "#/paths");
    assert!(message.contains("a number"), "{message}");

    let (pointer, message) = malformed("openapi: 3.0.3\npaths:\n  /a:\n    get: list tickets\n");
    assert_eq!(pointer, "#/paths/~1a/get");
    assert!(message.contains("operation `GET /a` is a string"), "{message}");

    let (pointer, message) = malformed("openapi: 4.0.0\npaths: {}\n");
    assert_eq!(pointer, "#/openapi");
    assert!(message.contains("unknown major version"), "{message}");

    let (pointer, _) = malformed("openapi: 3.0.3\npaths:\n  /a:\n    get: {parameters: {name: q}}\n");
    assert_eq!(pointer, "#/paths/~1a/get/parameters");
}

#[test]
fn references_leaving_the_folder_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec");
    std::fs::create_dir_all(&spec).unwrap();
    let old = spec.join("old.yaml");
    std::fs::write(&old, "openapi: 3.0.3\npaths: {}\n").unwrap();
    std::fs::write(dir.path().join("outside.yaml"), "components: {schemas: {x: {type: string}}}\n").unwrap();
    for reference in ["/etc/passwd#/components/schemas/x", "../outside.yaml#/components/schemas/x"] {
        let new = spec.join("new.yaml");
        let text = format!("openapi: 3.0.3\npaths: {{}}\ncomponents: {{schemas: {{s: {{$ref: '{reference}'}}}}}}\n");
        std::fs::write(&new, text).unwrap();
        let error = diff_files(&old, &new, None, None).expect_err(reference).to_string();
        assert!(error.contains("outside the spec's folder"), "{reference}: {error}");
        assert!(error.contains("/components/schemas/s/$ref"), "{reference}: {error}");
    }
}

/// A JSON spec whose request body is `depth` objects nested in property `p`, the innermost
/// property being `innermost`.
fn nested(depth: usize, innermost: &str) -> String {
    let open = r#"{"type": "object", "properties": {"p": "#.repeat(depth);
    let schema = format!("{open}{innermost}{}", "}}".repeat(depth));
    format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{"/a": {{"post": {{"operationId": "a",
        "requestBody": {{"content": {{"application/json": {{"schema": {schema}}}}}}},
        "responses": {{"200": {{"description": "ok"}}}}}}}}}}}}"#
    )
}

#[test]
fn two_hundred_levels_compare() {
    let old = Spec::parse("old.json", &nested(200, r#"{"type": "string"}"#)).unwrap();
    let new = Spec::parse("new.json", &nested(200, r#"{"type": "string", "maxLength": 3}"#)).unwrap();
    let report = diff_specs(&old, &new);
    let ids: Vec<&str> = report.findings.iter().map(|f| f.id).collect();
    assert_eq!(ids, ["request-property-max-length-decreased"]);
    assert_eq!(report.findings[0].location.pointer.matches("/properties/p").count(), 200);
}

/// The YAML (block style) twin of [`nested`]: the innermost schema is `innermost`, one line
/// per key.
fn nested_yaml(depth: usize, innermost: &[&str]) -> String {
    let mut schema = String::new();
    for level in 0..depth {
        let pad = " ".repeat(14 + 4 * level);
        schema.push_str(&format!("{pad}type: object\n{pad}properties:\n{pad}  p:\n"));
    }
    for line in innermost {
        schema.push_str(&format!("{}{line}\n", " ".repeat(14 + 4 * depth)));
    }
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    post:\n      operationId: a\n      \
         requestBody:\n        content:\n          application/json:\n            schema:\n{schema}      \
         responses:\n        '200': {{description: ok}}\n"
    )
}

#[test]
fn two_hundred_levels_compare_in_yaml() {
    let old = Spec::parse("old.yaml", &nested_yaml(200, &["type: string"])).unwrap();
    let new = Spec::parse("new.yaml", &nested_yaml(200, &["type: string", "maxLength: 3"])).unwrap();
    let report = diff_specs(&old, &new);
    let ids: Vec<&str> = report.findings.iter().map(|f| f.id).collect();
    assert_eq!(ids, ["request-property-max-length-decreased"]);
    let location = &report.findings[0].location;
    assert_eq!(location.pointer.matches("/properties/p").count(), 200);
    // The outermost schema starts on line 11, each level takes 3 lines and the finding is at
    // the innermost `p:`.
    assert_eq!(location.line, Some(13 + 3 * 199), "{}", location.pointer.len());
}

#[test]
fn pathological_nesting_is_rejected() {
    // 100,000 levels: refused where the reader's limit is reached (a quadratic or recursive
    // reader would take minutes or overflow the stack here).
    let text = nested(100_000, r#"{"type": "string"}"#);
    let error = Spec::parse("deep.json", &text).unwrap_err().to_string();
    assert!(error.contains("nest deeper than"), "{error}");
    let yaml = format!("openapi: 3.0.3\npaths: {{}}\nx-deep: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let error = Spec::parse("deep.yaml", &yaml).unwrap_err().to_string();
    assert!(error.contains("nest deeper than") && error.contains("line 3"), "{error}");
    let yaml = format!("openapi: 3.0.3\npaths: {{}}\nx-deep:\n{}1\n", "- ".repeat(100_000));
    let error = Spec::parse("deep.yaml", &yaml).unwrap_err().to_string();
    assert!(error.contains("nest deeper than 512 levels") && error.contains("line 4"), "{error}");
}
