//! The checks whose level depends on the Rust the generator produces (tagged unions,
//! `readOnly`/`writeOnly`, `anyOf` flattening, `const`), checked against the generator itself,
//! so that spec-diff's model and the generator cannot drift apart.
//!
//! For each old/new spec pair: spec-diff must report the expected check ids at their catalogue
//! levels; then the `codegen` library generates the old and the new crate of every pair into
//! one scratch workspace, beside a test crate whose tests (one module per pair) decode and
//! encode bodies with both crates and assert the property that justifies the level, for
//! example "the old crate still decodes a body of the new shape". One `cargo test` builds and
//! runs them all, in the target folder of the generator's fixture crates (same lock file and
//! flags), so the runtime's dependencies are built once for both tests.

mod common;

use std::path::Path;

use common::diff;
use specdiff::Level::{self, Error, Info, Warning};

/// An old/new pair, the findings spec-diff must report, and the Rust test that proves them
/// on the generated crates (`old` and `new` name the two crates).
struct Pair {
    /// The crate stem (`levels-<name>-old`, `levels-<name>-new`).
    name: &'static str,
    old: String,
    new: String,
    /// Every finding's id and level, sorted by id.
    findings: &'static [(&'static str, Level)],
    /// The body of the pair's test in the test crate.
    check: &'static str,
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://api.example'}]\n";

/// A spec whose `POST /items` takes `request` and whose `GET /items` returns `response`
/// (flow-style schemas; empty for none), with `components.schemas`.
fn spec(request: &str, response: &str, schemas: &str) -> String {
    let post = if request.is_empty() {
        String::new()
    } else {
        format!(
            "post: {{operationId: createItem, requestBody: {{required: true, content: {{application/json: {{schema: {request}}}}}}}, responses: {{'204': {{description: ok}}}}}}, "
        )
    };
    let get = if response.is_empty() {
        String::new()
    } else {
        format!(
            "get: {{operationId: listItems, responses: {{'200': {{description: ok, content: {{application/json: {{schema: {response}}}}}}}}}}}"
        )
    };
    format!("{HEAD}paths: {{/items: {{{post}{get}}}}}\ncomponents: {{schemas: {schemas}}}\n")
}

/// Components `cat` (requires `lives`), `dog` (requires `bark`) and `bird`, each with `kind`.
const PETS: &str =
    "cat: {type: object, required: [kind, lives], properties: {kind: {type: string}, lives: {type: integer}}}, \
     dog: {type: object, required: [kind, bark], properties: {kind: {type: string}, bark: {type: string}}}, \
     bird: {type: object, required: [kind], properties: {kind: {type: string}, wings: {type: integer}}}";

/// A union `pet` of `alternatives` tagged by `kind` with `mapping`, among [`PETS`].
fn pets(alternatives: &[&str], mapping: &str) -> String {
    let refs: Vec<String> = alternatives.iter().map(|a| format!("{{$ref: '#/components/schemas/{a}'}}")).collect();
    format!("{PETS}, pet: {{oneOf: [{}], discriminator: {{propertyName: kind, mapping: {mapping}}}}}", refs.join(", "))
}

/// A union `event` of components named after `kinds`, each requiring `type` pinned to its name.
fn events(kinds: &[&str]) -> String {
    let mut schemas: Vec<String> = kinds
        .iter()
        .map(|k| format!("{k}: {{type: object, required: [type, id], properties: {{type: {{const: {k}}}, id: {{type: string}}}}}}"))
        .collect();
    let refs: Vec<String> = kinds.iter().map(|k| format!("{{$ref: '#/components/schemas/{k}'}}")).collect();
    schemas.push(format!("event: {{oneOf: [{}]}}", refs.join(", ")));
    format!("{{{}}}", schemas.join(", "))
}

const PET: &str = "{$ref: '#/components/schemas/pet'}";

fn pairs() -> Vec<Pair> {
    let item = |id: &str| {
        format!("item: {{type: object, required: [id, name], properties: {{name: {{type: string}}, id: {id}}}}}")
    };
    let thing = |extra: &str| {
        format!("thing: {{type: object, required: [a, b], properties: {{a: {{type: string}}, b: {{type: string{extra}}}, c: {{type: string{extra}}}}}}}")
    };
    let objects = |names: &[&str]| {
        let list: Vec<String> =
            names.iter().map(|n| format!("{{type: object, properties: {{{n}: {{type: string}}}}}}")).collect();
        format!("{{anyOf: [{}]}}", list.join(", "))
    };
    let cd = "{c: '#/components/schemas/cat', d: '#/components/schemas/dog'}";
    vec![
        Pair {
            name: "read-only",
            old: spec("{$ref: '#/components/schemas/item'}", "", &format!("{{{}}}", item("{type: string}"))),
            new: spec("{$ref: '#/components/schemas/item'}", "", &format!("{{{}}}", item("{type: string, readOnly: true}"))),
            findings: &[("request-property-became-read-only", Warning)],
            check: r#"
    // The field stays (same `new`), and the new crate sends it as the old one did.
    let old_body = serde_json::to_value(old::types::Item::new("7", "n")).unwrap();
    let new_body = serde_json::to_value(new::types::Item::new("7", "n")).unwrap();
    assert_eq!(old_body, json!({"id": "7", "name": "n"}));
    assert_eq!(new_body, old_body);"#,
        },
        Pair {
            name: "write-only",
            old: spec("", "{$ref: '#/components/schemas/thing'}", &format!("{{{}}}", thing(""))),
            new: spec("", "{$ref: '#/components/schemas/thing'}", &format!("{{{}}}", thing(", writeOnly: true"))),
            findings: &[
                ("response-optional-property-became-write-only", Warning),
                ("response-property-became-write-only", Error),
            ],
            check: r#"
    // The server no longer returns `b` (required) nor `c` (optional). Both crates keep the
    // fields: without the required one no body decodes, without the optional one all do.
    let body = json!({"a": "x"});
    assert!(serde_json::from_value::<old::types::Thing>(body.clone()).is_err());
    assert!(serde_json::from_value::<new::types::Thing>(body).is_err());
    let thing: old::types::Thing = serde_json::from_value(json!({"a": "x", "b": "y"})).unwrap();
    assert_eq!(thing.c, None);
    let thing: new::types::Thing = serde_json::from_value(json!({"a": "x", "b": "y"})).unwrap();
    assert_eq!(thing.c, None);"#,
        },
        Pair {
            name: "any-of-flattened",
            old: spec("", &objects(&["a", "b"]), "{}"),
            new: spec("", &objects(&["a", "b", "c"]), "{}"),
            findings: &[("response-property-any-of-added", Warning)],
            check: r#"
    // A struct of flattened `Option`s decodes a body of the new alternative's shape.
    let body = json!({"c": "x"});
    // It decodes as an object without the old alternatives' fields would (the new fields dropped).
    let decoded: old::types::ListItemsResponse200 = serde_json::from_value(body.clone()).unwrap();
    let empty: old::types::ListItemsResponse200 = serde_json::from_value(json!({})).unwrap();
    assert_eq!(decoded, empty);
    let decoded: new::types::ListItemsResponse200 = serde_json::from_value(body).unwrap();
    assert!(decoded.subtype_2.is_some_and(|c| c.c.as_deref() == Some("x")));"#,
        },
        Pair {
            name: "any-of-untagged",
            old: spec("", "{anyOf: [{type: string}, {type: integer}]}", "{}"),
            new: spec("", "{anyOf: [{type: string}, {type: integer}, {type: object, properties: {c: {type: string}}}]}", "{}"),
            findings: &[("response-property-one-of-added", Error)],
            check: r#"
    // Alternatives of disjoint types make an untagged enum: the new shape does not decode.
    let body = json!({"c": "x"});
    assert!(serde_json::from_value::<old::types::ListItemsResponse200>(body.clone()).is_err());
    assert!(serde_json::from_value::<new::types::ListItemsResponse200>(body).is_ok());"#,
        },
        Pair {
            name: "tag-added",
            old: spec("", PET, &format!("{{{}}}", pets(&["cat", "dog"], cd))),
            new: spec(
                "",
                PET,
                &format!(
                    "{{{}}}",
                    pets(&["cat", "dog", "bird"], "{c: '#/components/schemas/cat', d: '#/components/schemas/dog', b: '#/components/schemas/bird'}")
                ),
            ),
            findings: &[
                ("response-property-discriminator-mapping-added", Warning),
                ("response-property-tagged-alternative-added", Warning),
            ],
            check: r#"
    // The new tag decodes into the old crate's `Unknown`, with the JSON, and into a variant
    // of the new crate; the old variants keep their names.
    let body = json!({"kind": "b", "wings": 2});
    let decoded: old::types::Pet = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(decoded, old::types::Pet::Unknown(body.clone()));
    let decoded: new::types::Pet = serde_json::from_value(body).unwrap();
    assert!(matches!(decoded, new::types::Pet::B(_)), "{decoded:?}");
    let cat = json!({"kind": "c", "lives": 9});
    assert!(matches!(serde_json::from_value(cat.clone()).unwrap(), old::types::Pet::C(_)));
    assert!(matches!(serde_json::from_value(cat).unwrap(), new::types::Pet::C(_)));"#,
        },
        Pair {
            name: "tagging-gained",
            old: spec("", PET, &format!("{{{PETS}, pet: {{oneOf: [{{$ref: '#/components/schemas/cat'}}, {{$ref: '#/components/schemas/dog'}}]}}}}")),
            new: spec("", PET, &format!("{{{PETS}, pet: {{oneOf: [{{$ref: '#/components/schemas/cat'}}, {{$ref: '#/components/schemas/dog'}}], discriminator: {{propertyName: kind}}}}}}")),
            findings: &[("response-property-tagging-changed", Warning)],
            check: r#"
    // Bodies of the alternatives decode into the same variants (the names are the types'); the
    // new crate dispatches by tag, so a body with an unlisted tag now lands in `Unknown`.
    for (body, cat) in [(json!({"kind": "cat", "lives": 9}), true), (json!({"kind": "dog", "bark": "woof"}), false)] {
        let old_pet: old::types::Pet = serde_json::from_value(body.clone()).unwrap();
        let new_pet: new::types::Pet = serde_json::from_value(body).unwrap();
        assert_eq!(matches!(old_pet, old::types::Pet::Cat(_)), cat);
        assert_eq!(matches!(new_pet, new::types::Pet::Cat(_)), cat);
        assert_eq!(matches!(new_pet, new::types::Pet::Dog(_)), !cat);
    }
    let other = json!({"kind": "fox", "bark": "ring"});
    assert!(matches!(serde_json::from_value(other.clone()).unwrap(), old::types::Pet::Dog(_)));
    assert_eq!(serde_json::from_value::<new::types::Pet>(other.clone()).unwrap(), new::types::Pet::Unknown(other));"#,
        },
        Pair {
            name: "pinned-tag-added",
            old: spec("", "{$ref: '#/components/schemas/event'}", &events(&["created", "deleted"])),
            new: spec("", "{$ref: '#/components/schemas/event'}", &events(&["created", "deleted", "archived"])),
            findings: &[("response-property-tagged-alternative-added", Warning)],
            check: r#"
    // Without a discriminator, a property every alternative pins with `const` tags the union.
    let body = json!({"type": "archived", "id": "1"});
    let decoded: old::types::Event = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(decoded, old::types::Event::Unknown(body.clone()));
    assert!(matches!(serde_json::from_value(body).unwrap(), new::types::Event::Archived(_)));"#,
        },
        Pair {
            name: "tag-retargeted",
            old: spec("", PET, &format!("{{{}}}", pets(&["cat", "dog"], cd))),
            new: spec(
                "",
                PET,
                &format!("{{{}}}", pets(&["cat", "dog"], "{c: '#/components/schemas/dog', d: '#/components/schemas/cat'}")),
            ),
            findings: &[("response-property-discriminator-changed", Error), ("response-property-tagging-changed", Warning)],
            check: r#"
    // The old crate decodes tag `c` as a `Cat`, which a `Dog` body is not; the variants are
    // named after the tags, so they swap payloads.
    let body = json!({"kind": "c", "bark": "woof"});
    assert!(serde_json::from_value::<old::types::Pet>(body.clone()).is_err());
    assert!(matches!(serde_json::from_value(body).unwrap(), new::types::Pet::C(new::types::Dog { .. })));"#,
        },
        Pair {
            name: "tag-removed-response",
            old: spec("", PET, &format!("{{{}}}", pets(&["cat", "dog"], cd))),
            new: spec("", PET, &format!("{{{}}}", pets(&["cat", "dog"], "{c: '#/components/schemas/cat', dog: '#/components/schemas/dog'}"))),
            findings: &[
                ("response-property-discriminator-mapping-added", Warning),
                ("response-property-discriminator-mapping-removed", Info),
                ("response-property-tagging-changed", Warning),
            ],
            check: r#"
    // The server no longer sends `d`: the new crate has no variant for it (`Unknown`); what
    // the server sends now (`c`, and `dog` in the old crate's `Unknown`) still decodes.
    let old_tag = json!({"kind": "d", "bark": "woof"});
    let decoded: new::types::Pet = serde_json::from_value(old_tag.clone()).unwrap();
    assert_eq!(decoded, new::types::Pet::Unknown(old_tag));
    let new_tag = json!({"kind": "dog", "bark": "woof"});
    let decoded: old::types::Pet = serde_json::from_value(new_tag.clone()).unwrap();
    assert_eq!(decoded, old::types::Pet::Unknown(new_tag.clone()));
    // `dog`'s variant is renamed after its new tag.
    assert!(matches!(serde_json::from_value(new_tag).unwrap(), new::types::Pet::Dog(_)));"#,
        },
        Pair {
            name: "tag-removed-request",
            old: spec(PET, "", &format!("{{{}}}", pets(&["cat", "dog"], cd))),
            new: spec(PET, "", &format!("{{{}}}", pets(&["cat", "dog"], "{c: '#/components/schemas/cat', dog: '#/components/schemas/dog'}"))),
            findings: &[
                ("request-property-discriminator-changed", Error),
                ("request-property-discriminator-mapping-added", Info),
            ],
            check: r#"
    // The old crate sends `Pet::D` as tag `d`, which the new crate (like the new server) does
    // not know: its variant for `dog` has another name and tag.
    let sent = serde_json::to_value(old::types::Pet::D(old::types::Dog::new("woof", "d"))).unwrap();
    assert_eq!(sent, json!({"kind": "d", "bark": "woof"}));
    let read: new::types::Pet = serde_json::from_value(sent.clone()).unwrap();
    assert_eq!(read, new::types::Pet::Unknown(sent));
    let sent = serde_json::to_value(new::types::Pet::Dog(new::types::Dog::new("woof", "dog"))).unwrap();
    assert_eq!(sent["kind"], "dog");"#,
        },
        Pair {
            name: "tag-renamed-request",
            old: spec(PET, "", &format!("{{{}}}", pets(&["cat", "dog"], cd))),
            new: spec(
                PET,
                "",
                &format!(
                    "{{{}}}",
                    pets(&["cat", "dog"], "{c: '#/components/schemas/cat', kitten: '#/components/schemas/cat', d: '#/components/schemas/dog'}")
                ),
            ),
            findings: &[
                ("request-property-discriminator-changed", Error),
                ("request-property-discriminator-mapping-added", Info),
            ],
            check: r#"
    // `cat` gained a second tag: its variant is named after its type now (`C` is gone).
    let body = json!({"kind": "c", "lives": 9});
    assert!(matches!(serde_json::from_value(body.clone()).unwrap(), old::types::Pet::C(_)));
    assert!(matches!(serde_json::from_value(body).unwrap(), new::types::Pet::Cat(_)));"#,
        },
        Pair {
            name: "values-replaced",
            old: spec("", "{type: object, required: [p, q], properties: {p: {const: a}, q: {type: string, enum: [a, b]}}}", "{}"),
            new: spec("", "{type: object, required: [p, q], properties: {p: {const: b}, q: {type: string, enum: [c]}}}", "{}"),
            findings: &[("response-property-enum-values-replaced", Error)],
            check: r#"
    // Every value the server now sends decodes into the old crate's `Unknown`: no variant the
    // old crate names ever occurs.
    let body = json!({"p": "b", "q": "c"});
    let decoded: old::types::ListItemsResponse200 = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(decoded.p, old::types::ListItemsResponse200P::Unknown("b".to_owned()));
    assert_eq!(decoded.q, old::types::ListItemsResponse200Q::Unknown("c".to_owned()));
    let decoded: new::types::ListItemsResponse200 = serde_json::from_value(body).unwrap();
    assert_eq!(decoded.p, new::types::ListItemsResponse200P::B);
    assert_eq!(decoded.q, new::types::ListItemsResponse200Q::C);"#,
        },
    ]
}

/// The checker crate's manifest: the two crates of every pair as `levels_<name>_{old,new}`.
fn checker_manifest(pairs: &[Pair]) -> String {
    let mut manifest =
        "[package]\nname = \"levels-checks\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nserde_json = \"1\"\n"
            .to_owned();
    for pair in pairs {
        for side in ["old", "new"] {
            manifest.push_str(&format!("levels-{0}-{side} = {{ path = \"../{0}-{side}\" }}\n", pair.name));
        }
    }
    manifest
}

/// The checker crate's tests: one module per pair.
fn checker_tests(pairs: &[Pair]) -> String {
    let mut text = String::from("//! Generated by specdiff's `tests/generated.rs`.\n");
    for pair in pairs {
        let module = pair.name.replace('-', "_");
        text.push_str(&format!(
            "\nmod {module} {{\n    use levels_{module}_new as new;\n    use levels_{module}_old as old;\n    use serde_json::json;\n\n    #[test]\n    fn check() {{{}\n    }}\n}}\n",
            pair.check.replace("\n    ", "\n        ")
        ));
    }
    text
}

#[test]
fn levels_follow_the_generated_crates() {
    let pairs = pairs();
    // spec-diff's findings, typed: ids and levels.
    let mut failures = Vec::new();
    for pair in &pairs {
        let report = diff(&pair.old, &pair.new);
        let mut found: Vec<(&str, Level)> = report.findings.iter().map(|f| (f.id, f.level)).collect();
        found.sort_unstable();
        found.dedup();
        if found != pair.findings {
            failures.push(format!("{}: expected {:?}, got {found:?}", pair.name, pair.findings));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Both crates of every pair, in one scratch workspace with the checker crate.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap();
    let runtime = root.join("codegen/runtime");
    let dir = root.join("target/specdiff-levels");
    let _ = std::fs::remove_dir_all(&dir);
    let mut members = vec!["\"checks\"".to_owned()];
    for pair in &pairs {
        for (side, text) in [("old", &pair.old), ("new", &pair.new)] {
            let stem = format!("{}-{side}", pair.name);
            let spec_file = dir.join("specs").join(format!("{stem}.yaml"));
            std::fs::create_dir_all(spec_file.parent().unwrap()).unwrap();
            std::fs::write(&spec_file, text).unwrap();
            let mut job = codegen::Job::standalone(&spec_file, &format!("levels-{stem}"), &runtime);
            job.output.standalone = false;
            let generated = codegen::generate_crate(&job).unwrap_or_else(|e| panic!("{stem}: {e}"));
            for file in &generated.files {
                let path = dir.join(&stem).join(&file.path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &file.contents).unwrap();
            }
            members.push(format!("{stem:?}"));
        }
    }
    std::fs::create_dir_all(dir.join("checks/tests")).unwrap();
    std::fs::create_dir_all(dir.join("checks/src")).unwrap();
    std::fs::write(dir.join("checks/Cargo.toml"), checker_manifest(&pairs)).unwrap();
    std::fs::write(dir.join("checks/src/lib.rs"), "//! The checker crate of specdiff's `tests/generated.rs`.\n")
        .unwrap();
    std::fs::write(dir.join("checks/tests/levels.rs"), checker_tests(&pairs)).unwrap();
    let workspace = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(dir.join("Cargo.toml"), workspace).unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = std::process::Command::new(&cargo)
        .args(["test", "-p", "levels-checks", "--test", "levels", "--offline", "--quiet"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-check"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the generated crates do not behave as the levels say:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
