//! Generator tests on fixture specs: output snapshots, real specs without overlays,
//! and bad input that must give an error naming the file and JSON pointer (never a panic).

use std::path::{Path, PathBuf};

use codegen::{generate_crate, Job};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn job(spec: PathBuf) -> Job {
    let mut job = Job::standalone(&spec, "fixture", Path::new("../runtime")).expect("the fixture is readable");
    job.spec.shown = PathBuf::from(spec.file_name().unwrap());
    job.provenance.title = "Fixture".into();
    job.provenance.docs = "https://example.invalid/docs".into();
    job.provenance.source = "tests/fixtures".into();
    job.provenance.origin = codegen::Origin::Authored;
    job.output.command = "codegen tests".into();
    job
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
    // A job for a readable fixture, pointed at the bad file (shown by its name).
    let mut job = job(fixture("small.yaml"));
    job.spec = codegen::Input { path, shown: PathBuf::from(name) };
    generate_crate(&job).expect_err("bad input must fail")
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
}

/// The dev-dependencies of a fixture crate's own tests (`tests/fixture_tests/<fixture>.rs`),
/// all in this workspace's `Cargo.lock` (as dev-dependencies of codegen).
const FIXTURE_TEST_DEPENDENCIES: &str = r#"
[dev-dependencies]
bytes = "1"
futures-util = "0.3"
multer = "3"
serde_json = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
wiremock = "0.6"
"#;

/// Every fixture spec's crate compiles without warnings and passes its own tests: all are
/// generated into one temporary workspace (with this workspace's `Cargo.lock`, so nothing is
/// resolved anew); a fixture with a test file in `tests/fixture_tests/` gets it as the
/// crate's integration test (conformance against a server on 127.0.0.1); then `cargo clippy`
/// and `cargo test` run there, as a user's build would.
#[test]
fn fixture_crates_compile_and_pass_their_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap();
    let runtime = root.join("codegen/runtime");
    let dir = root.join("target/fixture-crates");
    let _ = std::fs::remove_dir_all(&dir);
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(fixture(""))
        .unwrap()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    fixtures.sort();
    let mut members = Vec::new();
    for spec in &fixtures {
        let stem = spec.file_stem().unwrap().to_string_lossy().replace('_', "-");
        let mut job = job(spec.clone());
        job.output.crate_name = format!("fixture-{stem}");
        job.output.runtime_path = runtime.display().to_string();
        job.output.standalone = false;
        let generated = generate_crate(&job).unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
        for file in &generated.files {
            let path = dir.join(&stem).join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &file.contents).unwrap();
        }
        let tests =
            fixture("").join("../fixture_tests").join(format!("{}.rs", spec.file_stem().unwrap().to_string_lossy()));
        if tests.exists() {
            std::fs::create_dir_all(dir.join(&stem).join("tests")).unwrap();
            std::fs::copy(&tests, dir.join(&stem).join("tests/conformance.rs")).unwrap();
            let manifest = dir.join(&stem).join("Cargo.toml");
            let text = std::fs::read_to_string(&manifest).unwrap();
            std::fs::write(&manifest, text + FIXTURE_TEST_DEPENDENCIES).unwrap();
        }
        members.push(format!("{stem:?}"));
    }
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for (command, what) in [("clippy", "compile without warnings"), ("test", "pass their tests")] {
        let output = std::process::Command::new(&cargo)
            .args([command, "--workspace", "--all-targets", "--all-features", "--offline", "--quiet"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", root.join("target/fixture-check"))
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "fixture crates do not {what}:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// Field names that look like the generator's vocabulary are classified from typed
/// attributes, not text: `defaultTeam` and `bytes_sent` stay required; a path parameter used
/// twice is encoded at each place.
#[test]
fn names_fixture_keeps_required_fields_and_repeated_path_parameters() {
    let generated = generate_crate(&job(fixture("names.yaml"))).unwrap();
    let file = |name: &str| generated.files.iter().find(|f| f.path.ends_with(name)).unwrap().contents.clone();
    let types = file("types.rs");
    assert!(types.contains("pub default_team: ::std::string::String,"), "{types}");
    assert!(types.contains("pub bytes_sent: i64,"), "{types}");
    assert!(types.contains("pub rename: ::helpdesk_runtime::Nullable<::std::string::String>"), "{types}");
    // Setters never shadow `Default::default` or `Clone::clone`; other fields get one.
    assert!(!types.contains("pub fn default(") && !types.contains("pub fn clone("), "{types}");
    assert!(types.contains("pub fn label("), "{types}");
    let operations = file("operations.rs");
    assert!(operations.contains("\"/teams/{}/copies/{}\""), "{operations}");
    assert!(operations.contains("_bytes: &[u8],\n) -> Decoded<(), CreateTransferError>"), "{operations}");
}

/// Vendor text never becomes code: fenced and indented code in descriptions, titles and
/// server descriptions is rendered as `text`, carriage returns end lines and bidi controls
/// are dropped (the crate itself is compiled by `fixture_crates_compile`).
#[test]
fn code_in_spec_text_never_becomes_a_doctest() {
    let mut job = job(fixture("doc_injection.yaml"));
    job.provenance.title = "Hostile\r\n```rust\nstd::process::exit(2);".into();
    let generated = generate_crate(&job).unwrap();
    let all: String = generated.files.iter().map(|f| f.contents.as_str()).collect();
    // (The path parameter's description, exit(5), is not emitted: path parameters are arguments.)
    for exit in [2, 3, 4, 6, 7, 8, 9] {
        assert!(all.contains(&format!("std::process::exit({exit});")), "exit({exit}) is kept as text");
    }
    assert!(!all.contains("```rust"), "a fence stays rust:\n{all}");
    // No line of vendor text is indented four or more columns (an indented code block) once
    // the doc marker and the one space after it are taken off.
    for line in all.lines().filter(|l| l.contains("std::process::exit(")) {
        let content = line.trim_start().strip_prefix("///").map_or(line, |rest| rest.strip_prefix(' ').unwrap_or(rest));
        assert!(content.len() - content.trim_start().len() < 4, "an indented code block survives: {line:?}");
    }
    assert!(!all.contains('\r') && !all.contains('\u{202E}'));
    // Every fence that opens a block (at the start of a doc line) is `text`, or the crate's
    // own `no_run` example.
    for line in all.lines() {
        let content = line.trim_start().trim_start_matches("//!").trim_start_matches("///").trim();
        let Some(marker) = ["```", "~~~"].into_iter().find(|m| content.starts_with(m)) else { continue };
        let info = content.trim_start_matches(marker.chars().next().unwrap());
        assert!(["", "text", "no_run"].contains(&info), "a code block that is not text: {line:?}");
    }
}

/// Schemas degrade, the crate does not fail: a schema typify cannot express becomes
/// `serde_json::Value` with a warning at its own pointer, bounds beyond 64 bits are dropped
/// with a warning, OpenAPI 3.0's boolean exclusive bounds are read, and property names with
/// `/` are fields (the crate is compiled by `fixture_crates_compile_and_pass_their_tests`).
#[test]
fn degrade_fixture_warns_at_each_schema_and_generates_the_rest() {
    let generated = generate_crate(&job(fixture("degrade.yaml"))).unwrap();
    let pointers: Vec<&str> = generated.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert!(pointers.contains(&"/components/schemas/NotAString"), "{pointers:?}");
    assert!(pointers.contains(&"/components/schemas/Limits/properties/huge/maximum"), "{pointers:?}");
    assert!(pointers.contains(&"/components/schemas/Limits/properties/seed/minimum"), "{pointers:?}");
    assert!(!pointers.iter().any(|p| p.contains("above_zero") || p.contains("below_ten")), "{pointers:?}");
    let types = &generated.files.iter().find(|f| f.path.ends_with("types.rs")).unwrap().contents;
    assert!(types.contains("pub struct NotAString(pub ::serde_json::Value);"), "{types}");
    assert!(types.contains("pub above_zero: ::std::option::Option<f64>"), "{types}");
    assert!(types.contains("rename = \"hate/threatening\""), "{types}");
    assert!(types.contains("pub self_harm_intent: ::std::option::Option<bool>"), "{types}");
    // `anyOf: [X, {type: null}]` is a nullable X (one type, not a wrapper named like it), and
    // `not` beside properties (validation only) does not make a type without values.
    assert!(types.contains("pub enum Effort {"), "{types}");
    assert!(!types.contains("pub enum ImageRef {}"), "{types}");
}

/// Security schemes never fail generation: the token goes to the first scheme the client
/// applies (the query key); every scheme an operation needs that the token does not cover is
/// a `Security` degradation with a warning at the scheme (or, undefined, at the requirement),
/// and the builder gets the credential hooks. A public operation (`security: []`) needs none.
#[test]
fn security_schemes_degrade_to_documented_credential_hooks() {
    let generated = generate_crate(&job(fixture("security_schemes.yaml"))).unwrap();
    let security: Vec<_> = generated.degraded.iter().filter(|d| d.kind == codegen::DegradationKind::Security).collect();
    let pointers: Vec<&str> = security.iter().map(|d| d.warning.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/components/securitySchemes/session",
            "/components/securitySchemes/oauth",
            "/components/securitySchemes/tls",
            "/paths/~1legacy/get/security"
        ]
    );
    for degradation in &security {
        assert!(generated.warnings.contains(&degradation.warning), "{}", degradation.warning);
    }
    assert!(security[2].warning.message.contains("ClientBuilder::http_client"), "{}", security[2].warning);
    let lib = &generated.files.iter().find(|f| f.path.ends_with("lib.rs")).unwrap().contents;
    assert!(lib.contains("Credential::Query(\"api_key\".to_owned()"), "{lib}");
    for hook in ["pub fn header_credential(", "pub fn query_credential(", "pub fn cookie_credential("] {
        assert!(lib.contains(hook), "{hook}");
    }
    assert!(lib.contains("- `tls`: mutual TLS"), "{lib}");
}

/// Alternatives the token covers (a bearer token and OAuth 2, both `Authorization: Bearer`)
/// and public operations need no hook and no warning.
#[test]
fn schemes_covered_by_the_token_are_not_degraded() {
    let dir = std::env::temp_dir().join(format!("codegen-covered-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("covered.yaml");
    std::fs::write(
        &path,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://x.invalid'}]\n\
         security: [{pat: []}, {oauth: []}]\npaths:\n  /a:\n    get:\n      operationId: a\n      \
         responses: {'200': {description: ok}}\n  /b:\n    get:\n      operationId: b\n      security: []\n      \
         responses: {'200': {description: ok}}\ncomponents:\n  securitySchemes:\n    pat: {type: http, scheme: bearer}\n    \
         oauth: {type: openIdConnect, openIdConnectUrl: 'https://x.invalid/.well-known'}\n",
    )
    .unwrap();
    let generated = generate_crate(&job(path)).unwrap();
    assert!(generated.degraded.is_empty() && generated.warnings.is_empty(), "{:?}", generated.warnings);
    let lib = &generated.files.iter().find(|f| f.path.ends_with("lib.rs")).unwrap().contents;
    assert!(!lib.contains("header_credential"), "{lib}");
    assert!(lib.contains("- `oauth`: covered by the token"), "{lib}");
}

/// A spec without servers generates, with a warning at `/servers`; the builder requires a
/// base URL (the conformance test checks `build()` fails without it).
#[test]
fn no_servers_generates_a_client_that_requires_a_base_url() {
    let generated = generate_crate(&job(fixture("no_servers.yaml"))).unwrap();
    let pointers: Vec<&str> = generated.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(pointers, ["/servers"]);
    let lib = &generated.files.iter().find(|f| f.path.ends_with("lib.rs")).unwrap().contents;
    assert!(!lib.contains("pub enum Server") && !lib.contains("pub fn new("), "{lib}");
    assert!(lib.contains("base_url: Option<String>"), "{lib}");
    assert!(lib.contains(".base_url(\"https://api.example.com\").build()?"), "{lib}");
}

/// A relative server URL is kept as written (resolved at build time against the document
/// URL); a URL template gets its variables' defaults.
#[test]
fn relative_and_templated_server_urls() {
    let generated = generate_crate(&job(fixture("relative_server.yaml"))).unwrap();
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let lib = &generated.files.iter().find(|f| f.path.ends_with("lib.rs")).unwrap().contents;
    assert!(lib.contains("Server::Server1 => \"/api/v3\""), "{lib}");
    assert!(lib.contains("Server::Server2 => \"https://eu.example.invalid/v1\""), "{lib}");
    assert!(lib.contains("pub fn document_url("), "{lib}");
}
