//! Cross-file `$ref`s (Zoho Desk style `./common.json#/components/...`), references resolved
//! relative to the file that contains them, recursive schemas and unavailable files.

use std::path::Path;

use specdiff::{diff_specs, Spec};

fn load(side: &str) -> Spec {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = format!("tests/fixtures/crossfile/{side}/api.json");
    Spec::load(&root.join(&path), &path, None).expect("fixture loads")
}

#[test]
fn follows_cross_file_references() {
    let (old, new) = (load("old"), load("new"));
    let files: Vec<&str> = new.files.iter().map(|f| f.rel.as_str()).collect();
    assert_eq!(files, ["", "common.json"], "common.json is bundled, article.json is missing");
    let report = diff_specs(&old, &new);
    let found: Vec<(&str, &str, Option<usize>)> =
        report.findings.iter().map(|f| (f.id, f.location.pointer.as_str(), f.location.line)).collect();
    assert_eq!(
        found,
        vec![
            // The file that is not there is an ERR finding of the new spec (issue 11).
            ("api-ref-unresolved", "#/paths/~1api~1v1~1articles/post/requestBody/$ref", Some(47)),
            ("request-property-max-length-decreased", "#/components/schemas/node/properties/name", Some(62)),
            ("request-parameter-format-changed", "common.json#/components/parameters/orgId/schema", Some(14)),
            (
                "response-property-enum-value-added",
                "common.json#/components/schemas/errorJson/properties/errorCode",
                Some(24)
            ),
        ]
    );
    let format = &report.findings[2];
    assert_eq!(format.location.file, "tests/fixtures/crossfile/new/common.json");
    assert_eq!(format.rust.item, "{Op}Params::org_id");
    assert_eq!(format.rust.bump, specdiff::Bump::Major);
    let enum_added = &report.findings[3];
    assert_eq!(
        enum_added.message,
        "property `errorCode` of schema `errorJson` has new enum value `UNPROCESSABLE_ENTITY`"
    );
    assert_eq!(enum_added.rust.item, "types::ErrorJsonErrorCode::UnprocessableEntity");
    assert!(report.findings[0].message.contains("article.json"), "{}", report.findings[0].message);
    // The old spec's unavailable file stays a note.
    assert!(report.notes.iter().any(|n| n.contains("article.json")), "{:?}", report.notes);
}

#[test]
fn reference_and_inline_forms_are_equal() {
    let inline = "openapi: 3.0.0\npaths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, properties: {x: {type: string}}}\n      responses: {'200': {description: ok}}\n";
    let referenced = "openapi: 3.0.0\npaths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/body'}\n      responses: {'200': {description: ok}}\ncomponents:\n  schemas:\n    body: {type: object, properties: {x: {$ref: '#/components/schemas/text'}}}\n    text: {type: string}\n";
    let a = Spec::parse("a.yaml", inline).unwrap();
    let b = Spec::parse("b.yaml", referenced).unwrap();
    assert!(diff_specs(&a, &b).findings.is_empty());
}

#[test]
fn reference_cycles_terminate() {
    let cyclic = "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/a'}\ncomponents:\n  schemas:\n    a: {$ref: '#/components/schemas/b'}\n    b: {$ref: '#/components/schemas/a'}\n";
    let spec = Spec::parse("c.yaml", cyclic).unwrap();
    let report = diff_specs(&spec, &spec);
    // A cycle of references in the new spec is an ERR finding, reported once per `$ref`.
    let ids: Vec<&str> = report.findings.iter().map(|f| f.id).collect();
    assert_eq!(ids, ["api-ref-unresolved", "api-ref-unresolved", "api-ref-unresolved"]);
    assert!(report.findings.iter().all(|f| f.message.contains("cycle")), "{:#?}", report.findings);
    assert!(report.fails(specdiff::FailOn::Breaking));
}
