//! Helpers shared by the integration tests: building small specs from YAML fragments and
//! running the comparison on them.

#![allow(dead_code)]

use specdiff::{diff_specs, Report, Spec};

/// A whole spec from a flow-style `paths` mapping and optional `components` mapping.
pub fn doc(paths: &str, components: &str) -> String {
    format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {paths}\ncomponents: {components}\n")
}

/// A spec whose `GET /items` has a query parameter `q` with `schema`.
pub fn query_param(schema: &str) -> String {
    doc(
        &format!("{{/items: {{get: {{operationId: listItems, parameters: [{{name: q, in: query, schema: {schema}}}], responses: {{'200': {{description: ok}}}}}}}}}}"),
        "{}",
    )
}

/// A spec whose `POST /items` JSON body is an object with property `p` of `schema`.
pub fn request_prop(schema: &str) -> String {
    doc(
        &format!("{{/items: {{post: {{operationId: createItem, requestBody: {{required: true, content: {{application/json: {{schema: {{type: object, properties: {{p: {schema}}}}}}}}}}}, responses: {{'200': {{description: ok}}}}}}}}}}"),
        "{}",
    )
}

/// A spec whose `GET /items` 200 JSON body is an object with property `p` of `schema`.
pub fn response_prop(schema: &str) -> String {
    doc(
        &format!("{{/items: {{get: {{operationId: listItems, responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {{p: {schema}}}}}}}}}}}}}}}}}}}"),
        "{}",
    )
}

/// Compares two spec texts.
pub fn diff(old: &str, new: &str) -> Report {
    let old = Spec::parse("old.yaml", old).unwrap_or_else(|e| panic!("old spec: {e}\n{old}"));
    let new = Spec::parse("new.yaml", new).unwrap_or_else(|e| panic!("new spec: {e}\n{new}"));
    diff_specs(&old, &new)
}

/// The sorted, de-duplicated check ids of a report.
pub fn ids(report: &Report) -> Vec<&'static str> {
    let mut ids: Vec<_> = report.findings.iter().map(|f| f.id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}
