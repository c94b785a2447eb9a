//! Generator tests on fixture specs: output snapshots, real specs without overlays,
//! and bad input that must give an error naming the file and JSON pointer (never a panic).

use std::path::{Path, PathBuf};

use codegen::{generate_crate, ClientSettings, Job};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn job(spec: PathBuf) -> Job {
    Job {
        spec_display: PathBuf::from(spec.file_name().unwrap()),
        spec,
        overlay: None,
        title: "Fixture".into(),
        docs: "https://example.invalid/docs".into(),
        crate_name: "fixture".into(),
        crate_version: "0.1.0".into(),
        spec_version: "1.0".into(),
        source: "tests/fixtures".into(),
        origin: "authored".into(),
        revision: "n/a".into(),
        client: ClientSettings::default(),
        decode: codegen::DecodePolicy::default(),
        runtime_path: "../runtime".into(),
        command: "codegen tests".into(),
        standalone: true,
    }
}

#[test]
fn small_fixture_snapshot() {
    let generated = generate_crate(&job(fixture("small.yaml"))).unwrap();
    assert_eq!(generated.operations, 2);
    for file in &generated.files {
        insta::assert_snapshot!(
            format!("small__{}", file.path.display().to_string().replace('/', "__")),
            file.contents
        );
    }
}

#[test]
fn small_fixture_behaviour_is_in_the_output() {
    let generated = generate_crate(&job(fixture("small.yaml"))).unwrap();
    let all: String = generated.files.iter().map(|f| f.contents.as_str()).collect();
    // Nullable optional property → Nullable; spec default documented, not sent.
    assert!(all.contains("pub due_at: ::helpdesk_runtime::Nullable<::std::string::String>"));
    assert!(all.contains("Default on the server when not sent: `\"untitled\"`"));
    // A nullable component is made nullable at each reference, not `User(Option<User>)`.
    assert!(all.contains("pub assignee: ::helpdesk_runtime::Nullable<User>"));
    assert!(!all.contains("pub struct User(pub ::std::option::Option<User>)"));
    // apiKey auth in its own header; the header parameter goes into the params struct.
    assert!(all.contains("\"X-Api-Key\""));
    assert!(all.contains("pub x_request_id: ::std::option::Option<::std::string::String>"));
    // Success statuses with different bodies become an enum; `default` is an error variant.
    assert!(all.contains("pub enum UpdateTicketResponse"));
    assert!(all.contains("Default(::serde_json::Value)"));
    // Features per tag.
    assert!(all.contains("\"tickets\" = []") && all.contains("\"users\" = []"));
}

#[test]
fn intercom_2_10_and_2_11_generate_without_an_overlay() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specdiff/tests/fixtures/intercom");
    for version in ["2.10", "2.11"] {
        let generated = generate_crate(&job(fixtures.join(format!("{version}.yaml"))))
            .unwrap_or_else(|err| panic!("{version}: {err}"));
        assert_eq!(generated.operations, 108, "{version}");
        // The undefined `custom_attributes` component is worked around, with a warning naming it.
        assert!(generated.warnings.iter().any(|w| w.message.contains("custom_attributes")), "{version}");
    }
}

fn error_for(name: &str, text: &str) -> codegen::Error {
    let dir = std::env::temp_dir().join(format!("codegen-bad-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    generate_crate(&job(path)).expect_err("bad input must fail")
}

#[test]
fn bad_input_names_the_file_pointer_and_fix() {
    let err = error_for("bad.yaml", "openapi: 3.0.3\ninfo: [unclosed\n");
    assert!(err.to_string().starts_with("bad.yaml: invalid YAML"), "{err}");

    let err = error_for("v2.json", r#"{"swagger": "2.0"}"#);
    assert!(err.message.contains("not an OpenAPI 3 document"), "{err}");

    let err = error_for(
        "cookie.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://x'}]\npaths:\n  /a:\n    get:\n      operationId: a\n      parameters: [{name: s, in: cookie, schema: {type: string}}]\n      responses: {'200': {description: ok}}\n",
    );
    assert_eq!(err.pointer, "/paths/~1a/get/parameters/0");
    assert!(err.to_string().contains("fix:"), "{err}");

    let err = error_for(
        "external.json",
        r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"operationId": "a", "parameters": [{"$ref": "./Missing.json#/components/parameters/p"}], "responses": {"200": {"description": "ok"}}}}}}"##,
    );
    assert_eq!(err.pointer, "/paths/~1a/get/parameters/0/$ref");

    let err = error_for(
        "multipart.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://x'}]\npaths:\n  /a:\n    post:\n      operationId: a\n      requestBody: {content: {multipart/form-data: {schema: {type: object}}}}\n      responses: {'200': {description: ok}}\n",
    );
    assert_eq!(err.pointer, "/paths/~1a/post/requestBody");
}
