//! Generator tests on fixture specs: output snapshots, real specs without overlays,
//! and bad input that must give an error naming the file and JSON pointer (never a panic).

use std::path::{Path, PathBuf};

use codegen::{generate_crate, Job};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn job(spec: PathBuf) -> Job {
    let mut job = Job::standalone(&spec, "fixture", Path::new("../runtime"));
    job.spec.shown = PathBuf::from(spec.file_name().unwrap());
    job.provenance.title = "Fixture".into();
    job.provenance.docs = "https://example.invalid/docs".into();
    job.provenance.source = "tests/fixtures".into();
    job.provenance.origin = codegen::Origin::Authored;
    job.output.command = "codegen tests".into();
    // A folder fixture's other files are its provenance, as a manifest would record them.
    let read = helpdesk_spec::patched(&spec, &job.spec.shown, None).expect("the fixture bundles");
    job.provenance.extra_files = read.files;
    job
}

/// Every fixture: a spec file, or a folder whose `openapi.yaml` refers to its other files, as
/// (name, spec path), sorted by name.
fn fixtures() -> Vec<(String, PathBuf)> {
    let mut fixtures: Vec<(String, PathBuf)> = std::fs::read_dir(fixture(""))
        .unwrap()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter_map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                Some((name, path.join("openapi.yaml"))).filter(|(_, spec)| spec.is_file())
            } else {
                path.extension().is_some_and(|e| e == "yaml" || e == "json").then_some((name, path))
            }
        })
        .collect();
    fixtures.sort();
    fixtures
}

/// Every file of every fixture's crate is pinned (`snapshots/generate__<fixture>__<file>.snap`),
/// and so is its planned model (`…__plan.snap`): a change of the generator shows as a reviewed
/// snapshot diff, fixture by fixture, decisions apart from printing.
#[test]
fn every_fixture_snapshot() {
    for (name, spec) in fixtures() {
        let generated = generate_crate(&job(spec.clone())).unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
        for file in &generated.files {
            insta::assert_snapshot!(
                format!("{name}__{}", file.path.display().to_string().replace('/', "__")),
                file.contents
            );
        }
        // The decisions apart from printing: one line per operation, parameter, body, reply
        // and paging plan.
        insta::assert_snapshot!(format!("{name}__plan"), generated.plan);
    }
}

#[test]
fn small_fixture_has_two_operations() {
    assert_eq!(generate_crate(&job(fixture("small.yaml"))).unwrap().operations, 2);
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

fn generated_for(name: &str, text: &str) -> codegen::Crate {
    let dir = std::env::temp_dir().join(format!("codegen-degraded-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let mut job = job(fixture("small.yaml"));
    job.spec = codegen::Input { path, shown: PathBuf::from(name) };
    generate_crate(&job).unwrap_or_else(|err| panic!("{err}"))
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

    // A `$ref` to a file that does not exist skips its operation (the only one here).
    let generated = generated_for(
        "external.json",
        r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "servers": [{"url": "https://x.invalid"}], "paths": {"/a": {"get": {"operationId": "a", "parameters": [{"$ref": "./Missing.json#/components/parameters/p"}], "responses": {"200": {"description": "ok"}}}}}}"##,
    );
    assert_eq!(generated.operations, 0);
    assert_eq!(generated.degraded[0].kind, codegen::DegradationKind::Operation);
    assert_eq!(generated.degraded[0].warning.pointer, "/paths/~1a/get/parameters/0/$ref");
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

/// Every fixture spec's crate (a spec file, or a folder's `openapi.yaml`) compiles without
/// warnings and passes its own tests: all are generated into one temporary workspace (with
/// this workspace's `Cargo.lock`, so nothing is resolved anew); a fixture with a test file in `tests/fixture_tests/` gets it as the
/// crate's integration test (conformance against a server on 127.0.0.1); then `cargo clippy`
/// and `cargo test` run there, as a user's build would.
#[test]
fn fixture_crates_compile_and_pass_their_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap();
    let runtime = root.join("codegen/runtime");
    let dir = root.join("target/fixture-crates");
    let _ = std::fs::remove_dir_all(&dir);
    let mut members = Vec::new();
    for (name, spec) in &fixtures() {
        let stem = name.replace('_', "-");
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
        let tests = fixture("").join("../fixture_tests").join(format!("{name}.rs"));
        if tests.exists() {
            std::fs::create_dir_all(dir.join(&stem).join("tests")).unwrap();
            std::fs::copy(&tests, dir.join(&stem).join("tests/conformance.rs")).unwrap();
            let manifest = dir.join(&stem).join("Cargo.toml");
            let text = std::fs::read_to_string(&manifest).unwrap();
            // The generated `[dev-dependencies]` (tokio for the mock's doctest) gain the tests' own.
            let generated_dev = "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n";
            assert!(text.contains(generated_dev), "{text}");
            std::fs::write(&manifest, text.replace(generated_dev, FIXTURE_TEST_DEPENDENCIES)).unwrap();
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
    // A type typify makes without values (an enum without variants), for a component or a
    // part of one, is free-form; the warning names the component.
    assert!(pointers.contains(&"/components/schemas/ScheduleGet"), "{pointers:?}");
    assert!(pointers.contains(&"/components/schemas/AccessPolicy"), "{pointers:?}");
    assert!(pointers.contains(&"/components/schemas/Limits/properties/huge/maximum"), "{pointers:?}");
    assert!(pointers.contains(&"/components/schemas/Limits/properties/seed/minimum"), "{pointers:?}");
    assert!(!pointers.iter().any(|p| p.contains("above_zero") || p.contains("below_ten")), "{pointers:?}");
    let types = &generated.files.iter().find(|f| f.path.ends_with("types.rs")).unwrap().contents;
    assert!(types.contains("pub struct NotAString(pub ::serde_json::Value);"), "{types}");
    assert!(types.contains("pub struct ScheduleGet(pub ::serde_json::Value);"), "{types}");
    assert!(types.contains("pub struct AccessPolicyEmbeddedResourceType(pub ::serde_json::Value);"), "{types}");
    assert!(types.contains("pub above_zero: ::std::option::Option<f64>"), "{types}");
    assert!(types.contains("rename = \"hate/threatening\""), "{types}");
    assert!(types.contains("pub self_harm_intent: ::std::option::Option<bool>"), "{types}");
    // `anyOf: [X, {type: null}]` is a nullable X (one type, not a wrapper named like it), and
    // `not` beside properties (validation only) does not make a type without values.
    assert!(types.contains("pub enum Effort {"), "{types}");
    assert!(!types.contains("pub enum ImageRef {}"), "{types}");
}

/// What cannot be read or expressed degrades where it is, and says so: each unreadable or
/// inexpressible operation is skipped (a warning at its pointer, a typed `Operation`
/// degradation, a line under "Operations not generated" in the crate docs), an unreadable
/// schema is free-form, an unreadable security scheme is not applied; the rest is generated
/// (and compiled by `fixture_crates_compile_and_pass_their_tests`).
#[test]
fn skipped_operations_fixture_degrades_each_part_where_it_is() {
    use codegen::DegradationKind::{Operation, Schema, Security};
    let generated = generate_crate(&job(fixture("skipped_operations.yaml"))).unwrap();
    assert_eq!(generated.operations, 1);
    let degraded: Vec<(codegen::DegradationKind, &str)> =
        generated.degraded.iter().map(|d| (d.kind, d.warning.pointer.as_str())).collect();
    for expected in [
        (Operation, "/paths/~1items/post/parameters/0"),
        (Operation, "/paths/~1things~1{id}/get"),
        (Operation, "/paths/~1broken"),
        (Operation, "/paths/~1session/get/parameters/0"),
        (Operation, "/paths/~1dangling/get/parameters/0/$ref"),
        (Operation, "/paths/~1cycle/get/responses/200/$ref"),
        (Schema, "/components/schemas/Weird"),
        (Security, "/components/securitySchemes/future"),
    ] {
        assert!(degraded.contains(&expected), "{expected:?} not in {degraded:?}");
    }
    // Every degradation is also a warning.
    for degradation in &generated.degraded {
        assert!(generated.warnings.contains(&degradation.warning), "{degradation:?}");
    }
    let file = |name: &str| generated.files.iter().find(|f| f.path.ends_with(name)).unwrap().contents.clone();
    let lib = file("lib.rs");
    assert!(lib.contains("//! # Operations not generated"), "{lib}");
    for id in ["createItem", "getThing", "getBroken", "getSession", "getDangling", "getCycle"] {
        assert!(lib.contains(&format!("//! - `{id}` (")), "{id} is not listed:\n{lib}");
    }
    let operations = file("operations.rs");
    assert!(operations.contains("pub async fn get_ok("), "{operations}");
    assert!(!operations.contains("fn create_item(") && !operations.contains("fn get_thing("), "{operations}");
    assert!(file("types.rs").contains("pub struct Weird(pub ::serde_json::Value);"));
}

/// A vendored provider is generated strictly: a warning that is not acknowledged fails
/// generation (naming its pointer and how to acknowledge it), acknowledging every warning
/// makes it pass, and an acknowledgement that matches no warning fails too.
#[test]
fn strict_generation_needs_every_warning_acknowledged() {
    let ack = |pointer: &str| codegen::WarningAcknowledgement {
        file: None,
        pointer: pointer.to_owned(),
        reason: "reviewed".to_owned(),
    };
    let lenient = generate_crate(&job(fixture("skipped_operations.yaml"))).unwrap();
    let all: Vec<_> = lenient.warnings.iter().map(|w| ack(&format!("#{}", w.pointer))).collect();
    assert!(all.len() >= 5);

    let mut strict = job(fixture("skipped_operations.yaml"));
    strict.strict = Some(all[1..].to_vec());
    let err = generate_crate(&strict).expect_err("an unacknowledged warning fails");
    assert_eq!(err.pointer, lenient.warnings[0].pointer);
    assert!(err.fix.contains("[[generate.acknowledged]]"), "{err}");

    strict.strict = Some(all.clone());
    generate_crate(&strict).expect("every warning acknowledged");

    let mut stale = all;
    stale.push(ack("/components/schemas/Gone"));
    strict.strict = Some(stale);
    let err = generate_crate(&strict).expect_err("a stale acknowledgement fails");
    assert!(err.message.contains("/components/schemas/Gone") && err.message.contains("no longer occurs"), "{err}");
}

/// The document's own fields degrade too: no `paths` gives a crate of types with no
/// operations; unreadable `info`, `tags` and `externalDocs` are left out, each with a warning.
#[test]
fn unreadable_document_fields_are_left_out_with_a_warning() {
    let generated = generated_for(
        "fields.yaml",
        "openapi: 3.0.3\ninfo: {title: [not, text]}\nservers: [{url: 'https://x.invalid'}]\ntags: {a: b}\nexternalDocs: 3\ncomponents:\n  schemas:\n    Thing: {type: object, properties: {id: {type: string}}}\n",
    );
    assert_eq!(generated.operations, 0);
    let pointers: Vec<&str> = generated.warnings.iter().map(|w| w.pointer.as_str()).collect();
    for expected in ["/paths", "/info/title", "/tags", "/externalDocs"] {
        assert!(pointers.contains(&expected), "{expected} not in {pointers:?}");
    }
    let types = &generated.files.iter().find(|f| f.path.ends_with("types.rs")).unwrap().contents;
    assert!(types.contains("pub struct Thing {"), "{types}");
}

/// A `$ref` inside data (a default, an enum value, an example, an Example Object's value, an
/// extension) is a value: it is neither resolved nor reported, and the data is kept as written.
#[test]
fn refs_inside_data_are_values() {
    let spec = fixture("data_refs.yaml");
    let generated = generate_crate(&job(spec.clone())).unwrap();
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let types = generated.files.iter().find(|f| f.path.ends_with("types.rs")).unwrap().contents.clone();
    // A property named `default` is a schema, whose `$ref` is followed.
    assert!(types.contains("pub default: ::std::option::Option<Inner>,"), "{types}");
    assert!(types.contains(r##"Default on the server when not sent: `{"$ref":"#/definitions/base"}`."##), "{types}");
    let effective = helpdesk_spec::effective(&spec, Path::new("data_refs.yaml"), None).unwrap().spec;
    let example = "/paths/~1things/get/responses/200/content/application~1json/examples/two/value/schema/$ref";
    assert_eq!(effective.pointer(example).unwrap(), "#/definitions/inline");
    assert_eq!(effective.pointer("/components/schemas/Thing/x-extra/$ref").unwrap(), "#/definitions/zzz");
}

/// OpenAPI 3.1 makes `paths` optional: a document of webhooks and components generates its
/// types and a client without operations (compiled by `fixture_crates_compile…`).
#[test]
fn a_31_document_without_paths_generates_its_components() {
    let generated = generate_crate(&job(fixture("webhooks_only.yaml"))).unwrap();
    assert_eq!(generated.operations, 0);
    let types = generated.files.iter().find(|f| f.path.ends_with("types.rs")).unwrap().contents.clone();
    assert!(types.contains("pub struct Thing {"), "{types}");
}

/// Path templates that differ only in parameter names are joined under the first one, with a
/// warning naming the other; an operation of a method both have stays where it is.
#[test]
fn templates_differing_only_in_names_are_joined() {
    let generated = generate_crate(&job(fixture("joined_templates.yaml"))).unwrap();
    assert_eq!(generated.operations, 5);
    let pointers: Vec<&str> = generated.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        ["/paths/~1files~1{folderId}", "/paths/~1files~1{folderId}/get", "/paths/~1files~1{parent}~1items~1{child}"],
        "{:?}",
        generated.warnings
    );
    assert!(generated.warnings[0].message.contains("folderId → fileId"), "{}", generated.warnings[0]);
    let effective =
        helpdesk_spec::effective(&fixture("joined_templates.yaml"), Path::new("j.yaml"), None).unwrap().spec;
    // `deleteFolder` moved, its `$ref`'d shared path parameter renamed (the component stays).
    let delete = effective.pointer("/paths/~1files~1{fileId}/delete").unwrap();
    assert_eq!(delete["operationId"], "deleteFolder");
    assert_eq!(delete.pointer("/parameters/0/name").unwrap(), "fileId");
    assert_eq!(effective.pointer("/components/parameters/folderId/name").unwrap(), "folderId");
    // The first template's shared query parameter stays with its own operation only.
    assert!(effective.pointer("/paths/~1files~1{fileId}/parameters").is_none());
    assert_eq!(effective.pointer("/paths/~1files~1{fileId}/get/parameters/1/name").unwrap(), "expand");
    assert_eq!(delete["parameters"].as_array().unwrap().len(), 1);
    // `getFolder` collides with `getFile`: it stays under its own template.
    assert_eq!(effective.pointer("/paths/~1files~1{folderId}/get/operationId").unwrap(), "getFolder");
    assert!(effective.pointer("/paths/~1files~1{folderId}/delete").is_none());
    // Names are matched by position, whatever the order of the parameters.
    let item = effective.pointer("/paths/~1files~1{folder}~1items~1{itemId}/delete/parameters").unwrap();
    let names: Vec<&str> = item.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["itemId", "folder"]);
    assert!(effective.pointer("/paths/~1files~1{parent}~1items~1{child}").is_none());
}

/// A spec split over files is bundled: a path item, a response, a parameter and a plain value
/// are inlined; a schema reached by a whole-file `$ref` (recursive, from files in other
/// folders) is one named component; every file read is in the provenance stamp.
#[test]
fn a_spec_split_over_files_is_bundled() {
    let spec = fixture("split/openapi.yaml");
    let generated = generate_crate(&job(spec.clone())).unwrap();
    assert_eq!(generated.operations, 2);
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let file = |name: &str| generated.files.iter().find(|f| f.path.ends_with(name)).unwrap().contents.clone();
    let types = file("types.rs");
    assert!(types.contains("pub parent: ::std::option::Option<::std::boxed::Box<Droplet>>,"), "{types}");
    assert!(types.contains("pub children: ::std::option::Option<::std::vec::Vec<Droplet>>,"), "{types}");
    let operations = file("operations.rs");
    assert!(operations.contains("Response<::std::vec::Vec<types::Droplet>>"), "{operations}");
    assert!(operations.contains("pub per_page: ::std::option::Option<i64>"), "{operations}");
    assert!(file("lib.rs").contains("resources/models/droplet.yml (sha256 "), "{}", file("lib.rs"));
    let patched = helpdesk_spec::patched(&spec, Path::new("specs/split/openapi.yaml"), None).unwrap();
    assert_eq!(patched.spec.pointer("/info/description").unwrap(), "An API split over many files.\n");
    assert_eq!(
        patched.spec.pointer("/components/schemas/droplet/properties/parent/$ref").unwrap(),
        "#/components/schemas/droplet"
    );
    let files: Vec<String> = patched.files.iter().map(|(file, _)| file.display().to_string()).collect();
    assert_eq!(
        files,
        [
            "specs/split/description.yml",
            "specs/split/resources/droplets/list.yml",
            "specs/split/resources/models/droplet.yml",
            "specs/split/resources/params.yml",
            "specs/split/resources/responses.yml"
        ]
    );
}

/// The types file of a generated fixture crate.
fn types_of(generated: &codegen::Crate) -> &str {
    &generated.files.iter().find(|f| f.path.ends_with("types.rs")).unwrap().contents
}

/// Integer enums are Rust enums with `Unknown(i64)` (the crate's conformance test decodes an
/// unlisted number and serialises it back): named by `x-enum-varnames` or by value, a
/// single value narrowing another enum takes its names, a union member stays an integer;
/// OpenAPI 3.1's integer `const` is a single-value enum. Nothing degrades.
#[test]
fn integer_enums_are_open_rust_enums() {
    let generated = generate_crate(&job(fixture("integer_enums.yaml"))).unwrap();
    assert!(generated.warnings.is_empty() && generated.degraded.is_empty(), "{:?}", generated.warnings);
    let types = types_of(&generated);
    for expected in [
        "pub enum Level {",
        "    /// The value `1`.\n    Low,\n    /// The value `2`.\n    Medium,",
        "pub enum Highest {",
        "pub enum Offset {",
        "    /// The value `-1`.\n    ValueMinus1,",
        "pub enum HolderInline {",
        "pub enum HolderNullableInline {",
        "pub enum PutLevelStep {",
        "Unknown(i64),",
        "pub level: crate::types::Level,",
        "pub nullable_inline: ::helpdesk_runtime::Nullable<",
        "Integer(i64),",
    ] {
        assert!(types.contains(expected), "missing {expected:?}:\n{types}");
    }
    assert!(types.contains("pub enum Highest {\n    /// The value `3`.\n    High,\n"), "{types}");
    assert!(!types.contains("TryFrom<i64>"), "no validated integer newtype is left:\n{types}");

    let generated = generate_crate(&job(fixture("integer_const_31.yaml"))).unwrap();
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let types = types_of(&generated);
    assert!(types.contains("pub enum VersionedVersion {\n    /// The value `2`.\n    Value2,\n"), "{types}");
    assert!(types.contains("pub kind: ::helpdesk_runtime::Nullable<crate::types::VersionedKind>"), "{types}");
}

/// `$ref`s that point inside a component are typed: each target is a type of its own
/// (`Tag/allOf/0` → `TagAllOf0`, once for both references), or the type already hoisted
/// from the component for the same object (`OwnerAddress`, nullable as its target).
#[test]
fn references_inside_components_are_typed() {
    let generated = generate_crate(&job(fixture("inner_refs.yaml"))).unwrap();
    assert!(generated.warnings.is_empty() && generated.degraded.is_empty(), "{:?}", generated.warnings);
    let types = types_of(&generated);
    for expected in [
        "pub struct TagAllOf0 {",
        "pub tag: ::std::option::Option<TagAllOf0>,",
        "pub again: ::std::option::Option<TagAllOf0>,",
        "pub address: ::helpdesk_runtime::Nullable<OwnerAddress>,",
        "pub nickname: ::std::option::Option<OwnerNicknamesItem>,",
        "pub status: ::std::option::Option<OwnerPropertiesStatus>,",
    ] {
        assert!(types.contains(expected), "missing {expected:?}:\n{types}");
    }
    assert!(!types.contains("serde_json::Value"), "{types}");
    let operations = &generated.files.iter().find(|f| f.path.ends_with("operations.rs")).unwrap().contents;
    assert!(operations.contains("body: &types::TagAllOf0"), "{operations}");
}

/// A string enum whose values YAML read as numbers or booleans is a string enum of their
/// text (typify would reject it with "unexpected value type"); a string enum that narrows
/// another one with `allOf` is an enum of its own values (typify would panic); an empty
/// `enum` beside `allOf` is the referenced enum (an enum without values could not be used).
#[test]
fn string_enums_with_number_values_are_string_enums() {
    let generated = generate_crate(&job(fixture("string_enum_values.yaml"))).unwrap();
    // Only the empty `enum` (which allows no value) is reported; nothing degrades.
    let pointers: Vec<&str> = generated.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(pointers, ["/components/schemas/Settings/properties/action/enum"]);
    assert!(generated.degraded.is_empty(), "{:?}", generated.degraded);
    let types = types_of(&generated);
    for expected in [
        "pub enum Version {",
        "Self::X25 => f.write_str(\"2.5\")",
        "pub enum SettingsEnabled {",
        "True,",
        "pub enum SettingsRetries {",
        "pub enum SettingsKind {",
        "pub enum Kind {",
        "pub struct SettingsAction(pub Kind);",
    ] {
        assert!(types.contains(expected), "missing {expected:?}:\n{types}");
    }
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

/// Each bad `x-pagination` of the pagination fixture (set by an overlay) is an error at the
/// extension's pointer with a fix, raised when pagination is planned: items or cursor that
/// name no field or no array, a cursor parameter the operation lacks or that is no string,
/// a cursor for a request body the operation does not have.
#[test]
fn pagination_errors_name_the_extension_and_the_fix() {
    let cases = [
        (
            r#"{style: cursor, items: /nope, next: /pages, cursor: {query: starting_after}}"#,
            "`TicketPage` has no field `nope`",
        ),
        (
            r#"{style: cursor, items: /pages, next: /pages, cursor: {query: starting_after}}"#,
            "is not an array of the success body",
        ),
        (
            r#"{style: cursor, items: /data, next: /pages/next/starting_after, cursor: {query: after}}"#,
            "has no query parameter `after`",
        ),
        (
            r#"{style: cursor, items: /data, next: /pages/next/starting_after, cursor: {query: per_page}}"#,
            "the cursor parameter `per_page` is not a string",
        ),
        (
            r#"{style: cursor, items: /data, next: /pages/next/starting_after, cursor: {body: /after}}"#,
            "no request body for the cursor",
        ),
        (r#"{style: offset, items: /data, offset: from, limit: per_page}"#, "has no query parameter `from`"),
    ];
    let dir = std::env::temp_dir().join(format!("codegen-pagination-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (index, (setting, expected)) in cases.iter().enumerate() {
        let overlay = dir.join(format!("overlay-{index}.yaml"));
        std::fs::write(
            &overlay,
            format!(
                "overlay: 1.0.0\ninfo: {{title: case {index}, version: '1'}}\nactions:\n  \
                 - target: \"$.paths['/tickets'].get['x-pagination']\"\n    description: the case's own setting\n    remove: true\n  \
                 - target: \"$.paths['/tickets'].get\"\n    description: the bad setting\n    update:\n      x-pagination: {setting}\n"
            ),
        )
        .unwrap();
        let err = generate_crate(&job(fixture("pagination.yaml")).with_overlay(&overlay)).expect_err(setting);
        assert_eq!(err.pointer, "/paths/~1tickets/get/x-pagination", "{setting}: {err}");
        assert!(err.message.contains(expected), "{setting}: {err}");
        assert!(!err.fix.is_empty(), "{setting}: {err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A `[webhooks.signature]` in the manifest gives the `webhooks` module a `Verifier` of that
/// scheme (and the crate's `webhooks` feature the runtime's HMAC verifiers); a signature for a
/// spec without webhooks is refused, naming the fix.
#[test]
fn a_webhook_signature_gives_a_verifier_and_needs_webhooks() {
    let signature: codegen::manifest::WebhookSignature = toml::from_str(
        r#"
scheme = "hmac"
header = "X-Fixture-Signature"
algorithm = "sha256"
encoding = "base64"
key = "the fixture's signing key"
source = "tests/fixtures"
confirmed = false
"#,
    )
    .unwrap();
    let mut job = job(fixture("webhooks.yaml"));
    job.webhooks.signature = Some(signature.clone());
    let generated = generate_crate(&job).unwrap();
    let file = |name: &str| generated.files.iter().find(|f| f.path.ends_with(name)).unwrap().contents.clone();
    let webhooks = file("webhooks.rs");
    assert!(
        webhooks.contains("HmacScheme::new(\"x-fixture-signature\", Algorithm::Sha256, Encoding::Base64)"),
        "{webhooks}"
    );
    assert!(webhooks.contains("pub struct Verifier") && webhooks.contains("pub fn receive("), "{webhooks}");
    assert!(webhooks.contains("Not yet confirmed by the vendor"), "{webhooks}");
    assert!(file("Cargo.toml").contains("webhooks = [\"helpdesk-runtime/webhooks-hmac\"]"));

    let mut job = self::job(fixture("small.yaml"));
    job.webhooks.signature = Some(signature);
    let err = generate_crate(&job).unwrap_err().to_string();
    assert!(err.contains("declares no webhooks") && err.contains("x-webhooks"), "{err}");
}

/// A JWT `[webhooks.signature]` gives a `Verifier` built with the ids its claim templates name,
/// reading the JWKS of the crate's servers (and the crate's `webhooks` feature the runtime's JWT
/// verifier); a template whose placeholder is not a snake-case name is refused, naming the fix.
#[test]
fn a_jwt_signature_gives_a_verifier_built_with_the_template_ids() {
    let signature = |issuer: &str| -> codegen::manifest::WebhookSignature {
        toml::from_str(&format!(
            r#"
scheme = "jwt"
header = "X-Fixture-JWT"
algorithm = "RS256"
issuer = "{issuer}"
audience = "hook:{{hook_id}}"
jwks-path = "/.well-known/jwks.json"
key = "the fixture's ids"
source = "tests/fixtures"
confirmed = true
"#
        ))
        .unwrap()
    };
    let mut job = job(fixture("webhooks.yaml"));
    job.webhooks.signature = Some(signature("acct:{account_id}"));
    let generated = generate_crate(&job).unwrap();
    let file = |name: &str| generated.files.iter().find(|f| f.path.ends_with(name)).unwrap().contents.clone();
    let webhooks = file("webhooks.rs");
    assert!(webhooks.contains("JwtScheme::new("), "{webhooks}");
    assert!(webhooks.contains("format!(\"acct:{}\", account_id.as_ref())"), "{webhooks}");
    assert!(webhooks.contains("format!(\"hook:{}\", hook_id.as_ref())"), "{webhooks}");
    assert!(webhooks.contains("pub async fn receive(") && webhooks.contains("pub fn receive_with("), "{webhooks}");
    assert!(webhooks.contains("\"/.well-known/jwks.json\""), "{webhooks}");
    assert!(file("Cargo.toml").contains("webhooks = [\"helpdesk-runtime/webhooks-jwt\"]"));

    for (issuer, expected) in
        [("acct:{Account}", "not a snake-case name"), ("acct:{id", "unmatched"), ("acct", "no placeholder")]
    {
        job.webhooks.signature = Some(signature(issuer));
        let err = generate_crate(&job).unwrap_err().to_string();
        assert!(err.contains(expected) && err.contains("placeholders"), "{issuer}: {err}");
    }
}
