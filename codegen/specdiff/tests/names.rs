//! spec-diff names the Rust items of its findings as the generator names them, also where
//! names collide: two operations whose methods are one identifier (`listItems`, `list_items`:
//! the later is `list_items_2`) and two query parameters whose fields are (`userId`,
//! `user_id`: the later is `user_id_2`). Both sides use `helpdesk_spec::naming`'s rules; this
//! test generates the old crate and finds each reported item in it.

mod common;

use common::diff;

const OK: &str = "responses: {'204': {description: ok}}";

fn spec(paths: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\nservers: [{{url: 'https://api.example'}}]\npaths: {paths}\n"
    )
}

/// The generated crate of `text`, its files concatenated.
fn generated(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.yaml");
    std::fs::write(&file, text).unwrap();
    let runtime = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let job = codegen::Job::standalone(&file, "names", &runtime);
    let generated = codegen::generate_crate(&job).unwrap();
    generated.files.iter().map(|f| f.contents.as_str()).collect::<Vec<_>>().join("\n")
}

/// Each finding's check id and the Rust item it names.
fn items(report: &specdiff::Report) -> Vec<(&'static str, &str)> {
    report.findings.iter().map(|f| (f.id, f.rust.item.as_str())).collect()
}

#[test]
fn a_colliding_method_is_reported_under_its_generated_name() {
    let a = format!("/a: {{get: {{operationId: listItems, {OK}}}}}");
    let b = format!("/b: {{get: {{operationId: list_items, {OK}}}}}");
    let old = spec(&format!("{{{a}, {b}}}"));
    let new = spec(&format!("{{{b}}}"));
    let code = generated(&old);
    assert!(code.contains("pub async fn list_items(") && code.contains("pub async fn list_items_2("), "{code}");
    let report = diff(&old, &new);
    assert_eq!(
        items(&report),
        [
            // `/b`'s method was `list_items_2` and is now `list_items`.
            ("api-operation-method-renamed", "Client::list_items_2 → Client::list_items"),
            ("api-path-removed", "Client::list_items"),
        ],
        "{report:#?}"
    );
}

#[test]
fn a_colliding_parameter_field_is_reported_under_its_generated_name() {
    let params = |both: bool| {
        let first = if both { "{name: userId, in: query, schema: {type: string}}, " } else { "" };
        spec(&format!(
            "{{/a: {{get: {{operationId: listItems, parameters: [{first}{{name: user_id, in: query, schema: {{type: string}}}}, \
             {{name: user_id, in: header, schema: {{type: string}}}}], {OK}}}}}}}"
        ))
    };
    let (old, new) = (params(true), params(false));
    let code = generated(&old);
    for field in ["pub user_id:", "pub user_id_2:", "pub user_id_header:"] {
        assert!(code.contains(field), "{field} in\n{code}");
    }
    let report = diff(&old, &new);
    assert_eq!(
        items(&report),
        [
            // The remaining `user_id` (query) was `user_id_2` and is now `user_id`.
            ("request-parameter-field-renamed", "ListItemsParams::user_id_2 → ListItemsParams::user_id"),
            ("request-parameter-removed", "ListItemsParams::user_id"),
        ],
        "{report:#?}"
    );
}
