//! One small old/new fixture pair per check of the catalogue, each with the exact set of
//! check ids it must produce (no more, no less), plus a test that every check is covered.

mod common;

use std::collections::BTreeSet;

use common::{diff, doc, ids, query_param, request_prop, response_prop};

/// A fixture pair and the ids it must produce.
struct Case {
    name: &'static str,
    old: String,
    new: String,
    expected: Vec<&'static str>,
}

fn case(name: &'static str, old: String, new: String, expected: &[&'static str]) -> Case {
    Case { name, old, new, expected: expected.to_vec() }
}

const OK: &str = "responses: {'200': {description: ok}}";

/// A path item with one operation (`{method}` with operationId `op` plus `extra` keys).
fn op(method: &str, extra: &str) -> String {
    let sep = if extra.is_empty() { "" } else { ", " };
    format!("{{{method}: {{operationId: op, {OK}{sep}{extra}}}}}")
}

/// A spec whose `POST /items` has request body `body` (a flow mapping, or empty for none).
fn with_body(body: &str) -> String {
    let body = if body.is_empty() { String::new() } else { format!(", requestBody: {body}") };
    doc(&format!("{{/items: {{post: {{operationId: createItem, {OK}{body}}}}}}}"), "{}")
}

/// A spec whose `GET /items` has the given `responses` mapping.
fn with_responses(responses: &str) -> String {
    doc(&format!("{{/items: {{get: {{operationId: listItems, responses: {responses}}}}}}}"), "{}")
}

/// A spec with `security` on `GET /items` (empty for none) and bearer, basic and oauth schemes.
fn with_security(security: &str, bearer_scheme: &str) -> String {
    let security = if security.is_empty() { String::new() } else { format!(", security: {security}") };
    doc(
        &format!("{{/items: {{get: {{operationId: listItems, {OK}{security}}}}}}}"),
        &format!(
            "{{securitySchemes: {{bearer: {{type: http, scheme: {bearer_scheme}}}, key: {{type: apiKey, in: header, name: X-Key}}, \
             oauth: {{type: oauth2, flows: {{clientCredentials: {{tokenUrl: 'https://x/token', scopes: {{a: a, b: b}}}}}}}}}}}}"
        ),
    )
}

fn with_servers(urls: &[&str]) -> String {
    let servers: Vec<String> = urls.iter().map(|u| format!("{{url: '{u}'}}")).collect();
    let mut text = doc(&format!("{{/items: {}}}", op("get", "")), "{}");
    text.push_str(&format!("servers: [{}]\n", servers.join(", ")));
    text
}

/// A spec whose `GET /items` has optional string query parameters `names`, in order.
fn query_params(names: &[&str]) -> String {
    let params: Vec<String> =
        names.iter().map(|n| format!("{{name: {n}, in: query, schema: {{type: string}}}}")).collect();
    doc(&format!("{{/items: {{get: {{operationId: listItems, parameters: [{}], {OK}}}}}}}", params.join(", ")), "{}")
}

fn api_cases() -> Vec<Case> {
    let one = |path: &str, item: String| doc(&format!("{{'{path}': {item}}}"), "{}");
    let other = format!("{{get: {{operationId: other, {OK}}}}}");
    let two = |a: String| doc(&format!("{{/items: {a}, /other: {other}}}"), "{}");
    let only_other = doc(&format!("{{/other: {other}}}"), "{}");
    // Two operations whose methods collide (`listItems`, `list_items`): the second is `list_items_2`.
    let colliding = |first: bool| {
        let a = if first { format!("/a: {{get: {{operationId: listItems, {OK}}}}}, ") } else { String::new() };
        doc(&format!("{{{a}/b: {{get: {{operationId: list_items, {OK}}}}}}}"), "{}")
    };
    vec![
        case("path removed", two(op("get", "")), only_other.clone(), &["api-path-removed"]),
        case("path added", only_other, two(op("get", "")), &["api-path-added"]),
        case(
            "a colliding parameter removed",
            query_params(&["userId", "user_id"]),
            query_params(&["user_id"]),
            &["request-parameter-field-renamed", "request-parameter-removed"],
        ),
        case(
            "a colliding method's path removed",
            colliding(true),
            colliding(false),
            &["api-operation-method-renamed", "api-path-removed"],
        ),
        case(
            "operation removed",
            one("/items", format!("{{get: {{operationId: a, {OK}}}, post: {{operationId: b, {OK}}}}}")),
            one("/items", format!("{{get: {{operationId: a, {OK}}}}}")),
            &["api-operation-removed"],
        ),
        case(
            "operation added",
            one("/items", format!("{{get: {{operationId: a, {OK}}}}}")),
            one("/items", format!("{{get: {{operationId: a, {OK}}}, post: {{operationId: b, {OK}}}}}")),
            &["api-operation-added"],
        ),
        case(
            "deprecated operation removed",
            one("/items", format!("{{get: {{operationId: a, {OK}}}, post: {{operationId: b, deprecated: true, {OK}}}}}")),
            one("/items", format!("{{get: {{operationId: a, {OK}}}}}")),
            &["api-deprecated-operation-removed"],
        ),
        case("operation deprecated", one("/items", op("get", "")), one("/items", op("get", "deprecated: true")), &["api-operation-deprecated"]),
        case("operation reactivated", one("/items", op("get", "deprecated: true")), one("/items", op("get", "")), &["api-operation-reactivated"]),
        case("sunset", one("/items", op("get", "")), one("/items", op("get", "x-sunset: '2030-01-01'")), &["api-sunset-changed"]),
        case(
            "operationId changed",
            one("/items", op("get", "")),
            one("/items", format!("{{get: {{operationId: listAll, {OK}}}}}")),
            &["api-operation-id-changed"],
        ),
        case(
            "operationId case only: same method name",
            one("/items", format!("{{get: {{operationId: listItems, {OK}}}}}")),
            one("/items", format!("{{get: {{operationId: ListItems, {OK}}}}}")),
            &[],
        ),
        case(
            "path parameter renamed",
            one("/items/{id}", op("get", "parameters: [{name: id, in: path, required: true, schema: {type: string}}]")),
            one("/items/{item_id}", op("get", "parameters: [{name: item_id, in: path, required: true, schema: {type: string}}]")),
            &["api-path-parameter-renamed"],
        ),
        case("security added", with_security("", "bearer"), with_security("[{bearer: []}]", "bearer"), &["api-security-added"]),
        case("security changed", with_security("[{bearer: []}]", "bearer"), with_security("[{key: []}]", "bearer"), &["api-security-changed"]),
        case(
            "security alternative added is fine",
            with_security("[{bearer: []}]", "bearer"),
            with_security("[{bearer: []}, {key: []}]", "bearer"),
            &[],
        ),
        case("security scope added", with_security("[{oauth: [a]}]", "bearer"), with_security("[{oauth: [a, b]}]", "bearer"), &["api-security-scope-added"]),
        case("security removed", with_security("[{bearer: []}]", "bearer"), with_security("", "bearer"), &["api-security-removed"]),
        case("security scheme changed", with_security("[{bearer: []}]", "bearer"), with_security("[{bearer: []}]", "basic"), &["api-security-scheme-changed"]),
        case("servers changed", with_servers(&["https://a.example"]), with_servers(&["https://b.example"]), &["api-servers-changed"]),
        case("server added", with_servers(&["https://a.example"]), with_servers(&["https://a.example", "https://b.example"]), &["api-server-added"]),
        case(
            "component schema removed (inlined)",
            doc(
                &format!("{{/items: {{post: {{operationId: createItem, {OK}, requestBody: {{content: {{application/json: {{schema: {{$ref: '#/components/schemas/item'}}}}}}}}}}}}}}"),
                "{schemas: {item: {type: object, properties: {a: {type: string}}}}}",
            ),
            with_body("{content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}}"),
            &["component-schema-removed"],
        ),
        case(
            "component schema renamed",
            doc(
                &format!("{{/items: {{post: {{operationId: createItem, {OK}, requestBody: {{content: {{application/json: {{schema: {{$ref: '#/components/schemas/item'}}}}}}}}}}}}}}"),
                "{schemas: {item: {type: object, properties: {a: {type: string}}}}}",
            ),
            doc(
                &format!("{{/items: {{post: {{operationId: createItem, {OK}, requestBody: {{content: {{application/json: {{schema: {{$ref: '#/components/schemas/new_item'}}}}}}}}}}}}}}"),
                "{schemas: {new_item: {type: object, properties: {a: {type: string}}}}}",
            ),
            &["component-schema-renamed"],
        ),
    ]
}

fn parameter_cases() -> Vec<Case> {
    let spec = |params: &str| doc(&format!("{{/items: {}}}", op("get", &format!("parameters: [{params}]"))), "{}");
    let q = "{name: q, in: query, schema: {type: string}}";
    let q_required = "{name: q, in: query, required: true, schema: {type: string}}";
    vec![
        case("parameter removed", spec(q), spec(""), &["request-parameter-removed"]),
        case("optional parameter added", spec(""), spec(q), &["request-parameter-added"]),
        case("required parameter added", spec(""), spec(q_required), &["request-parameter-added-required"]),
        case("parameter became required", spec(q), spec(q_required), &["request-parameter-became-required"]),
        case("parameter became optional", spec(q_required), spec(q), &["request-parameter-became-optional"]),
        case(
            "parameter moved from query to header",
            spec(q),
            spec("{name: q, in: header, schema: {type: string}}"),
            &["request-parameter-location-changed"],
        ),
        case(
            "header names match case-insensitively",
            spec("{name: X-Trace, in: header, schema: {type: string}}"),
            spec("{name: x-trace, in: header, schema: {type: string}}"),
            &[],
        ),
        case(
            "component parameter via $ref is the same parameter",
            spec(q),
            doc(
                &format!("{{/items: {}}}", op("get", "parameters: [{$ref: '#/components/parameters/q'}]")),
                "{parameters: {q: {name: q, in: query, schema: {type: string}}}}",
            ),
            &[],
        ),
    ]
}

fn request_body_cases() -> Vec<Case> {
    let json = "{content: {application/json: {schema: {type: object}}}}";
    let json_required = "{required: true, content: {application/json: {schema: {type: object}}}}";
    let both = "{content: {application/json: {schema: {type: object}}, application/x-www-form-urlencoded: {schema: {type: object}}}}";
    vec![
        case("optional body added", with_body(""), with_body(json), &["request-body-added"]),
        case("required body added", with_body(""), with_body(json_required), &["request-body-added-required"]),
        case("body removed", with_body(json), with_body(""), &["request-body-removed"]),
        case("body became required", with_body(json), with_body(json_required), &["request-body-became-required"]),
        case("body became optional", with_body(json_required), with_body(json), &["request-body-became-optional"]),
        case("body media type removed", with_body(both), with_body(json), &["request-body-media-type-removed"]),
        case("body media type added", with_body(json), with_body(both), &["request-body-media-type-added"]),
        case(
            "media type parameters are ignored",
            with_body(json),
            with_body("{content: {'application/json; charset=utf-8': {schema: {type: object}}}}"),
            &[],
        ),
    ]
}

fn response_cases() -> Vec<Case> {
    let ok = "{'200': {description: ok, content: {application/json: {schema: {type: object}}}}}";
    vec![
        case(
            "success status removed",
            with_responses("{'200': {description: ok}, '201': {description: created}}"),
            with_responses("{'200': {description: ok}}"),
            &["response-success-status-removed"],
        ),
        case(
            "success status added",
            with_responses("{'200': {description: ok}}"),
            with_responses("{'200': {description: ok}, '201': {description: created}}"),
            &["response-success-status-added"],
        ),
        case(
            "error status added",
            with_responses("{'200': {description: ok}}"),
            with_responses("{'200': {description: ok}, '404': {description: missing}}"),
            &["response-error-status-added"],
        ),
        case(
            "error status removed",
            with_responses("{'200': {description: ok}, '404': {description: missing}}"),
            with_responses("{'200': {description: ok}}"),
            &["response-error-status-removed"],
        ),
        case(
            "response media type removed",
            with_responses("{'200': {description: ok, content: {application/json: {schema: {type: object}}, text/csv: {schema: {type: string}}}}}"),
            with_responses(ok),
            &["response-media-type-removed"],
        ),
        case(
            "response media type added",
            with_responses(ok),
            with_responses("{'200': {description: ok, content: {application/json: {schema: {type: object}}, text/csv: {schema: {type: string}}}}}"),
            &["response-media-type-added"],
        ),
    ]
}

/// Property-level cases for request and response bodies.
fn property_cases() -> Vec<Case> {
    let body = |props: &str, required: &str| {
        with_body(&format!("{{content: {{application/json: {{schema: {{type: object, properties: {props}, required: [{required}]}}}}}}}}"))
    };
    let resp = |props: &str, required: &str| {
        with_responses(&format!(
            "{{'200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {props}, required: [{required}]}}}}}}}}}}"
        ))
    };
    let ab = "{a: {type: string}, b: {type: string}}";
    let a = "{a: {type: string}}";
    vec![
        case("request property removed", body(ab, ""), body(a, ""), &["request-property-removed"]),
        case("request property added", body(a, ""), body(ab, ""), &["request-property-added"]),
        case("request property added required", body(a, ""), body(ab, "b"), &["request-property-added-required"]),
        case("request property became required", body(a, ""), body(a, "a"), &["request-property-became-required"]),
        case("request property became optional", body(a, "a"), body(a, ""), &["request-property-became-optional"]),
        case(
            "request additionalProperties closed",
            with_body("{content: {application/json: {schema: {type: object, properties: {a: {type: string}}, additionalProperties: true}}}}"),
            with_body("{content: {application/json: {schema: {type: object, properties: {a: {type: string}}, additionalProperties: false}}}}"),
            &["request-property-additional-properties-closed"],
        ),
        // The generator ignores `readOnly`/`writeOnly`: the property is a field either way.
        case(
            "a read-only request property removed is a field removed",
            body("{a: {type: string}, id: {type: string, readOnly: true}}", ""),
            body(a, ""),
            &["request-property-removed"],
        ),
        case(
            "request property became read-only",
            body(ab, "b"),
            body("{a: {type: string}, b: {type: string, readOnly: true}}", "b"),
            &["request-property-became-read-only"],
        ),
        case(
            "request property no longer read-only",
            body("{a: {type: string}, b: {type: string, readOnly: true}}", "b"),
            body(ab, "b"),
            &["request-property-no-longer-read-only"],
        ),
        case(
            "response required property became write-only",
            resp(ab, "a, b"),
            resp("{a: {type: string}, b: {type: string, writeOnly: true}}", "a, b"),
            &["response-property-became-write-only"],
        ),
        case(
            "response optional property became write-only",
            resp(ab, "a"),
            resp("{a: {type: string}, b: {type: string, writeOnly: true}}", "a"),
            &["response-optional-property-became-write-only"],
        ),
        case(
            "response property no longer write-only",
            resp("{a: {type: string}, b: {type: string, writeOnly: true}}", "a"),
            resp(ab, "a"),
            &["response-property-no-longer-write-only"],
        ),
        case("response required property removed", resp(ab, "a, b"), resp(a, "a"), &["response-property-removed"]),
        case("response optional property removed", resp(ab, ""), resp(a, ""), &["response-optional-property-removed"]),
        case("response property added", resp(a, ""), resp(ab, ""), &["response-property-added"]),
        case("response property became optional", resp(a, "a"), resp(a, ""), &["response-property-became-optional"]),
        case("response property became required", resp(a, ""), resp(a, "a"), &["response-property-became-required"]),
        case(
            "allOf is merged before comparing",
            resp(ab, "a"),
            with_responses(
                "{'200': {description: ok, content: {application/json: {schema: {allOf: [{type: object, properties: {a: {type: string}}, required: [a]}, {type: object, properties: {b: {type: string}}}]}}}}}",
            ),
            &[],
        ),
    ]
}

/// A schema change checked in three places: query parameter, request property, response property.
struct SchemaCase {
    name: &'static str,
    old: &'static str,
    new: &'static str,
    parameter: &'static [&'static str],
    request: &'static [&'static str],
    response: &'static [&'static str],
}

const SCHEMA_CASES: &[SchemaCase] = &[
    SchemaCase {
        name: "type changed",
        old: "{type: string}",
        new: "{type: integer}",
        parameter: &["request-parameter-type-changed"],
        request: &["request-property-type-changed"],
        response: &["response-property-type-changed"],
    },
    SchemaCase {
        name: "type widened",
        old: "{type: integer}",
        new: "{type: number}",
        parameter: &["request-parameter-type-generalized"],
        request: &["request-property-type-generalized"],
        response: &["response-property-type-changed"],
    },
    SchemaCase {
        name: "type narrowed",
        old: "{type: number}",
        new: "{type: integer}",
        parameter: &["request-parameter-type-changed"],
        request: &["request-property-type-changed"],
        response: &["response-property-type-specialized"],
    },
    SchemaCase {
        name: "format changed",
        old: "{type: integer, format: int32}",
        new: "{type: integer, format: int64}",
        parameter: &["request-parameter-format-changed"],
        request: &["request-property-format-changed"],
        response: &["response-property-format-changed"],
    },
    SchemaCase {
        name: "enum values replaced",
        old: "{type: string, enum: [a, b]}",
        new: "{type: string, enum: [c]}",
        parameter: &["request-parameter-enum-values-replaced"],
        request: &["request-property-enum-values-replaced"],
        response: &["response-property-enum-values-replaced"],
    },
    SchemaCase {
        name: "enum value removed",
        old: "{type: string, enum: [a, b]}",
        new: "{type: string, enum: [a]}",
        parameter: &["request-parameter-enum-value-removed"],
        request: &["request-property-enum-value-removed"],
        response: &["response-property-enum-value-removed"],
    },
    SchemaCase {
        name: "enum value added",
        old: "{type: string, enum: [a]}",
        new: "{type: string, enum: [a, b]}",
        parameter: &["request-parameter-enum-value-added"],
        request: &["request-property-enum-value-added"],
        response: &["response-property-enum-value-added"],
    },
    SchemaCase {
        name: "became enum",
        old: "{type: string}",
        new: "{type: string, enum: [a]}",
        parameter: &["request-parameter-became-enum"],
        request: &["request-property-became-enum"],
        response: &["response-property-became-enum"],
    },
    SchemaCase {
        name: "no longer enum",
        old: "{type: string, enum: [a]}",
        new: "{type: string}",
        parameter: &["request-parameter-no-longer-enum"],
        request: &["request-property-no-longer-enum"],
        response: &["response-property-no-longer-enum"],
    },
    SchemaCase {
        name: "maxLength lowered",
        old: "{type: string, maxLength: 10}",
        new: "{type: string, maxLength: 5}",
        parameter: &["request-parameter-max-length-decreased"],
        request: &["request-property-max-length-decreased"],
        response: &[],
    },
    SchemaCase {
        name: "maxLength raised",
        old: "{type: string, maxLength: 5}",
        new: "{type: string}",
        parameter: &[],
        request: &[],
        response: &["response-property-max-length-increased"],
    },
    SchemaCase {
        name: "minLength raised",
        old: "{type: string}",
        new: "{type: string, minLength: 2}",
        parameter: &["request-parameter-min-length-increased"],
        request: &["request-property-min-length-increased"],
        response: &[],
    },
    SchemaCase {
        name: "minLength lowered",
        old: "{type: string, minLength: 2}",
        new: "{type: string, minLength: 1}",
        parameter: &[],
        request: &[],
        response: &["response-property-min-length-decreased"],
    },
    SchemaCase {
        name: "maximum lowered",
        old: "{type: integer, maximum: 100}",
        new: "{type: integer, maximum: 100, exclusiveMaximum: true}",
        parameter: &["request-parameter-max-decreased"],
        request: &["request-property-max-decreased"],
        response: &[],
    },
    SchemaCase {
        name: "maximum raised",
        old: "{type: integer, maximum: 10}",
        new: "{type: integer, maximum: 100}",
        parameter: &[],
        request: &[],
        response: &["response-property-max-increased"],
    },
    SchemaCase {
        name: "minimum raised",
        old: "{type: integer, minimum: 0}",
        new: "{type: integer, minimum: 1}",
        parameter: &["request-parameter-min-increased"],
        request: &["request-property-min-increased"],
        response: &[],
    },
    SchemaCase {
        name: "minimum lowered",
        old: "{type: integer, minimum: 1}",
        new: "{type: integer}",
        parameter: &[],
        request: &[],
        response: &["response-property-min-decreased"],
    },
    SchemaCase {
        name: "maxItems lowered",
        old: "{type: array, items: {type: string}}",
        new: "{type: array, items: {type: string}, maxItems: 3}",
        parameter: &["request-parameter-max-items-decreased"],
        request: &["request-property-max-items-decreased"],
        response: &[],
    },
    SchemaCase {
        name: "maxItems raised",
        old: "{type: array, items: {type: string}, maxItems: 3}",
        new: "{type: array, items: {type: string}, maxItems: 5}",
        parameter: &[],
        request: &[],
        response: &["response-property-max-items-increased"],
    },
    SchemaCase {
        name: "minItems raised",
        old: "{type: array, items: {type: string}}",
        new: "{type: array, items: {type: string}, minItems: 1}",
        parameter: &["request-parameter-min-items-increased"],
        request: &["request-property-min-items-increased"],
        response: &[],
    },
    SchemaCase {
        name: "minItems lowered",
        old: "{type: array, items: {type: string}, minItems: 1}",
        new: "{type: array, items: {type: string}}",
        parameter: &[],
        request: &[],
        response: &["response-property-min-items-decreased"],
    },
    SchemaCase {
        name: "pattern added",
        old: "{type: string}",
        new: "{type: string, pattern: '^[a-z]+$'}",
        parameter: &["request-parameter-pattern-added"],
        request: &["request-property-pattern-added"],
        response: &[],
    },
    SchemaCase {
        name: "pattern changed",
        old: "{type: string, pattern: '^[a-z]+$'}",
        new: "{type: string, pattern: '^[a-z0-9]+$'}",
        parameter: &["request-parameter-pattern-changed"],
        request: &["request-property-pattern-changed"],
        response: &["response-property-pattern-changed"],
    },
    SchemaCase {
        name: "pattern removed",
        old: "{type: string, pattern: '^[a-z]+$'}",
        new: "{type: string}",
        parameter: &[],
        request: &[],
        response: &["response-property-pattern-changed"],
    },
    SchemaCase {
        name: "default changed",
        old: "{type: string, default: a}",
        new: "{type: string, default: b}",
        parameter: &["request-parameter-default-changed"],
        request: &["request-property-default-changed"],
        response: &[],
    },
    SchemaCase {
        name: "became not nullable",
        old: "{type: string, nullable: true}",
        new: "{type: string}",
        parameter: &["request-parameter-became-not-nullable"],
        request: &["request-property-became-not-nullable"],
        response: &["response-property-became-not-nullable"],
    },
    SchemaCase {
        name: "became nullable (3.1 type list)",
        old: "{type: string}",
        new: "{type: [string, 'null']}",
        parameter: &["request-parameter-became-nullable"],
        request: &["request-property-became-nullable"],
        response: &["response-property-became-nullable"],
    },
    SchemaCase {
        name: "oneOf alternative removed",
        old: "{oneOf: [{type: string}, {type: integer}, {type: boolean}]}",
        new: "{oneOf: [{type: string}, {type: integer}]}",
        parameter: &["request-property-one-of-removed"],
        request: &["request-property-one-of-removed"],
        response: &["response-property-one-of-removed"],
    },
    SchemaCase {
        name: "oneOf alternative added",
        old: "{oneOf: [{type: string}, {type: integer}]}",
        new: "{oneOf: [{type: string}, {type: integer}, {type: boolean}]}",
        parameter: &["request-property-one-of-added"],
        request: &["request-property-one-of-added"],
        response: &["response-property-one-of-added"],
    },
    SchemaCase {
        name: "nullable via allOf wrapper equals nullable (no change)",
        old: "{type: string, nullable: true}",
        new: "{anyOf: [{type: string}, {type: 'null'}]}",
        parameter: &[],
        request: &[],
        response: &[],
    },
];

/// A 3.1 spec from a flow-style `paths` mapping, `components` and `webhooks`.
fn doc31(paths: &str, components: &str, webhooks: &str) -> String {
    format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {paths}\ncomponents: {components}\nwebhooks: {webhooks}\n")
}

/// A spec whose `POST /items` JSON body is `schema` (required) with `components.schemas`.
fn body_schema(schema: &str, schemas: &str) -> String {
    doc(
        &format!("{{/items: {{post: {{operationId: createItem, requestBody: {{required: true, content: {{application/json: {{schema: {schema}}}}}}}, {OK}}}}}}}"),
        &format!("{{schemas: {schemas}}}"),
    )
}

/// A spec whose `GET /items` 200 JSON body is `schema`.
fn response_schema(schema: &str) -> String {
    with_responses(&format!("{{'200': {{description: ok, content: {{application/json: {{schema: {schema}}}}}}}}}"))
}

/// The fixture pairs of issue 11 (siblings of `oneOf`, references, the new checks).
fn issue_11_cases() -> Vec<Case> {
    let sibling_old = "{type: object, required: [a], properties: {a: {type: string}, b: {type: string}}}";
    let sibling_new = "{type: object, required: [a], properties: {a: {type: string}, b: {type: string}}, oneOf: [{required: [b]}, {properties: {c: {type: integer}}}]}";
    let hook = |schema: &str| {
        format!("{{ticketCreated: {{post: {{requestBody: {{content: {{application/json: {{schema: {schema}}}}}}}, {OK}}}}}}}")
    };
    let items31 = |schema: &str| {
        doc31(&format!("{{/items: {{get: {{operationId: listItems, responses: {{'200': {{description: ok, content: {{application/json: {{schema: {schema}}}}}}}}}}}}}}}"), "{}", "{}")
    };
    let req31 = |schema: &str| {
        doc31(&format!("{{/items: {{post: {{operationId: createItem, requestBody: {{content: {{application/json: {{schema: {schema}}}}}}}, {OK}}}}}}}"), "{}", "{}")
    };
    let param_in =
        |p: &str| doc(&format!("{{/items: {{get: {{operationId: listItems, parameters: [{p}], {OK}}}}}}}"), "{}");
    let sunset = |date: &str| {
        doc(
            &format!(
                "{{/items: {{get: {{operationId: a, {OK}}}, post: {{operationId: b, x-sunset: '{date}', {OK}}}}}}}"
            ),
            "{}",
        )
    };
    let only_get = doc(&format!("{{/items: {{get: {{operationId: a, {OK}}}}}}}"), "{}");
    let tagged = |name: &str, mapping: &str| {
        body_schema(
            &format!("{{oneOf: [{{$ref: '#/components/schemas/cat'}}, {{$ref: '#/components/schemas/dog'}}], discriminator: {{propertyName: {name}, mapping: {mapping}}}}}"),
            "{cat: {type: object, required: [kind], properties: {kind: {type: string}}}, dog: {type: object, required: [kind], properties: {kind: {type: string}}}}",
        )
    };
    let tagged_response = |mapping: &str| {
        with_responses(&format!(
            "{{'200': {{description: ok, content: {{application/json: {{schema: {{oneOf: [{{$ref: '#/components/schemas/cat'}}, {{$ref: '#/components/schemas/dog'}}], discriminator: {{propertyName: kind, mapping: {mapping}}}}}}}}}}}}}"
        ))
        .replace("components: {}", "components: {schemas: {cat: {type: object, properties: {kind: {type: string}}}, dog: {type: object, properties: {kind: {type: string}}}}}")
    };
    vec![
        // 1. A schema is its siblings AND its alternatives: no false "removed"/"became optional".
        // The closest branch of the request adds `c`; the other is a new alternative.
        case(
            "oneOf beside properties (request)",
            request_prop(sibling_old),
            request_prop(sibling_new),
            &["request-property-added", "request-property-one-of-added"],
        ),
        case(
            "oneOf beside properties (response)",
            response_prop(sibling_old),
            response_prop(sibling_new),
            &["response-property-became-required", "response-property-one-of-added"],
        ),
        case("enum == oneOf of consts", request_prop("{type: string, enum: [a, b]}"), request_prop("{oneOf: [{const: a}, {const: b}]}"), &[]),
        case("enum == oneOf of single enums", response_prop("{type: string, enum: [a, b]}"), response_prop("{oneOf: [{type: string, enum: [b]}, {type: string, enum: [a]}]}"), &[]),
        case("oneOf of consts adds a value", response_prop("{type: string, enum: [a]}"), response_prop("{oneOf: [{const: a}, {const: b}]}"), &["response-property-enum-value-added"]),
        // 2. Unresolvable references of the new spec.
        case("dangling $ref", request_prop("{type: string}"), request_prop("{$ref: '#/components/schemas/missing'}"), &["api-ref-unresolved"]),
        case("remote $ref", request_prop("{type: string}"), request_prop("{$ref: 'https://example.invalid/s.json#/x'}"), &["api-ref-unresolved"]),
        case("absolute $ref", request_prop("{type: string}"), request_prop("{$ref: '/etc/passwd#/x'}"), &["api-ref-unresolved"]),
        case("$ref leaving the folder", request_prop("{type: string}"), request_prop("{$ref: '../x.yaml#/x'}"), &["api-ref-unresolved"]),
        case("missing-file $ref", request_prop("{type: string}"), request_prop("{$ref: './Missing.json#/components/schemas/x'}"), &["api-ref-unresolved"]),
        case(
            "cyclic $ref",
            body_schema("{$ref: '#/components/schemas/a'}", "{a: {type: object}, b: {type: string}}"),
            body_schema("{$ref: '#/components/schemas/a'}", "{a: {$ref: '#/components/schemas/b'}, b: {$ref: '#/components/schemas/a'}}"),
            &["api-ref-unresolved"],
        ),
        // 5. The missing checks.
        case("request body became nullable", body_schema("{type: object}", "{}"), body_schema("{type: object, nullable: true}", "{}"), &["request-body-became-nullable"]),
        case("request body became not nullable", body_schema("{type: object, nullable: true}", "{}"), body_schema("{type: object}", "{}"), &["request-body-became-not-nullable"]),
        case("response body became nullable", response_schema("{type: object}"), response_schema("{type: [object, 'null']}"), &["response-body-became-nullable"]),
        case("response body became not nullable", response_schema("{type: object, nullable: true}"), response_schema("{type: object}"), &["response-body-became-not-nullable"]),
        case(
            "additionalProperties typed → free-form",
            response_prop("{type: object, additionalProperties: {type: string}}"),
            response_prop("{type: object, additionalProperties: true}"),
            &["response-property-additional-properties-widened"],
        ),
        case("items removed", response_prop("{type: array, items: {type: string}}"), response_prop("{type: array}"), &["response-property-items-removed"]),
        case(
            "parameter schema → content",
            param_in("{name: q, in: query, schema: {type: object}}"),
            param_in("{name: q, in: query, content: {application/json: {schema: {type: object}}}}"),
            &["request-parameter-serialization-changed"],
        ),
        case("discriminator propertyName", tagged("kind", "{cat: '#/components/schemas/cat'}"), tagged("type", "{cat: '#/components/schemas/cat'}"), &["request-property-discriminator-changed"]),
        case(
            "discriminator mapping retargeted",
            tagged("kind", "{cat: '#/components/schemas/cat'}"),
            tagged("kind", "{cat: '#/components/schemas/dog'}"),
            &["request-property-discriminator-changed"],
        ),
        case(
            "discriminator mapping added (request)",
            tagged("kind", "{cat: '#/components/schemas/cat'}"),
            tagged("kind", "{cat: '#/components/schemas/cat', dog: '#/components/schemas/dog'}"),
            &["request-property-discriminator-mapping-added"],
        ),
        case(
            "discriminator mapping added (response)",
            tagged_response("{cat: '#/components/schemas/cat'}"),
            tagged_response("{cat: '#/components/schemas/cat', dog: '#/components/schemas/dog'}"),
            &["response-property-discriminator-mapping-added"],
        ),
        case(
            "discriminator mapping removed (response)",
            tagged_response("{cat: '#/components/schemas/cat', dog: '#/components/schemas/dog'}"),
            tagged_response("{cat: '#/components/schemas/cat'}"),
            &["response-property-discriminator-mapping-removed"],
        ),
        case(
            "discriminator mapping retargeted (response)",
            tagged_response("{cat: '#/components/schemas/cat'}"),
            tagged_response("{cat: '#/components/schemas/dog'}"),
            &["response-property-discriminator-changed"],
        ),
        case(
            "discriminator gained (response)",
            tagged_response("{}").replace(", discriminator: {propertyName: kind, mapping: {}}", ""),
            tagged_response("{}"),
            &["response-property-tagging-changed"],
        ),
        case(
            "tagged union alternative added (response)",
            tagged_response("{}").replace(", {$ref: '#/components/schemas/dog'}", ""),
            tagged_response("{}"),
            &["response-property-tagged-alternative-added"],
        ),
        case(
            "anyOf of overlapping objects alternative added (response)",
            response_schema("{anyOf: [{type: object, properties: {a: {type: string}}}, {type: object, properties: {b: {type: string}}}]}"),
            response_schema("{anyOf: [{type: object, properties: {a: {type: string}}}, {type: object, properties: {b: {type: string}}}, {type: object, properties: {c: {type: string}}}]}"),
            &["response-property-any-of-added"],
        ),
        case(
            "anyOf of disjoint types alternative added (response): an untagged enum",
            response_schema("{anyOf: [{type: string}, {type: integer}]}"),
            response_schema("{anyOf: [{type: string}, {type: integer}, {type: object, properties: {c: {type: string}}}]}"),
            &["response-property-one-of-added"],
        ),
        case("3.1 const changed", items31("{const: a}"), items31("{const: b}"), &["response-property-enum-values-replaced"]),
        case("3.1 const changed (request)", req31("{type: object, properties: {k: {const: a}}}"), req31("{type: object, properties: {k: {const: b}}}"), &["request-property-enum-values-replaced"]),
        case(
            "3.1 contains added (request)",
            req31("{type: array, items: {type: string}}"),
            req31("{type: array, items: {type: string}, contains: {const: x}}"),
            &["request-property-contains-added"],
        ),
        case(
            "3.1 contains removed (request)",
            req31("{type: array, items: {type: string}, contains: {const: x}}"),
            req31("{type: array, items: {type: string}}"),
            &["request-property-contains-removed"],
        ),
        case(
            "3.1 contains added (response)",
            items31("{type: array, items: {type: string}}"),
            items31("{type: array, items: {type: string}, contains: {const: x}}"),
            &["response-property-contains-added"],
        ),
        case(
            "3.1 contains removed (response)",
            items31("{type: array, items: {type: string}, contains: {const: x}}"),
            items31("{type: array, items: {type: string}}"),
            &["response-property-contains-removed"],
        ),
        case(
            "3.1 prefixItems added (request)",
            req31("{type: array}"),
            req31("{type: array, prefixItems: [{type: string}, {type: integer}]}"),
            &["request-property-prefix-items-added"],
        ),
        case(
            "3.1 prefixItems removed (request)",
            req31("{type: array, prefixItems: [{type: string}, {type: integer}]}"),
            req31("{type: array}"),
            &["request-property-prefix-items-removed"],
        ),
        case(
            "3.1 prefixItems added (response)",
            items31("{type: array}"),
            items31("{type: array, prefixItems: [{type: string}, {type: integer}]}"),
            &["response-property-prefix-items-added"],
        ),
        case(
            "3.1 prefixItems removed (response)",
            items31("{type: array, prefixItems: [{type: string}, {type: integer}]}"),
            items31("{type: array}"),
            &["response-property-prefix-items-removed"],
        ),
        case(
            "3.1 prefixItems walked",
            items31("{type: array, prefixItems: [{type: string}, {type: string, enum: [a]}]}"),
            items31("{type: array, prefixItems: [{type: string}, {type: string, enum: [a, b]}]}"),
            &["response-property-enum-value-added"],
        ),
        case(
            "3.1 contains walked",
            items31("{type: array, contains: {type: string, maxLength: 5}}"),
            items31("{type: array, contains: {type: string, maxLength: 9}}"),
            &["response-property-max-length-increased"],
        ),
        case(
            "3.1 if/then/else added (request)",
            req31("{type: object}"),
            req31("{type: object, if: {properties: {a: {const: x}}}, then: {required: [b]}}"),
            &["request-property-conditional-added"],
        ),
        case(
            "3.1 if/then/else changed (request)",
            req31("{type: object, if: {properties: {a: {const: x}}}, then: {required: [b]}}"),
            req31("{type: object, if: {properties: {a: {const: y}}}, then: {required: [b]}}"),
            &["request-property-conditional-changed"],
        ),
        case(
            "3.1 if/then/else (response)",
            items31("{type: object, if: {properties: {a: {const: x}}}, then: {required: [b]}}"),
            items31("{type: object}"),
            &["response-property-conditional-changed"],
        ),
        case(
            "3.1 dependentRequired added",
            req31("{type: object, properties: {a: {type: string}, b: {type: string}}}"),
            req31("{type: object, properties: {a: {type: string}, b: {type: string}}, dependentRequired: {a: [b]}}"),
            &["request-property-dependent-required-added"],
        ),
        case(
            "3.1 dependentRequired removed",
            items31("{type: object, properties: {a: {type: string}}, dependentRequired: {a: [b]}}"),
            items31("{type: object, properties: {a: {type: string}}}"),
            &["response-property-dependent-required-removed"],
        ),
        case(
            "3.1 dependentSchemas walked",
            req31("{type: object, dependentSchemas: {a: {properties: {b: {type: string}}}}}"),
            req31("{type: object, dependentSchemas: {a: {properties: {b: {type: string, maxLength: 3}}}}}"),
            &["request-property-max-length-decreased"],
        ),
        case("webhook added", doc31("{}", "{}", "{}"), doc31("{}", "{}", &hook("{type: object}")), &["api-webhook-added"]),
        case("webhook removed", doc31("{}", "{}", &hook("{type: object}")), doc31("{}", "{}", "{}"), &["api-webhook-removed"]),
        case(
            "webhook authored as x-webhooks (3.0) removed",
            format!("{}x-webhooks: {}\n", doc("{}", "{}"), hook("{type: object}")),
            doc("{}", "{}"),
            &["api-webhook-removed"],
        ),
        case(
            "webhook payload changed",
            doc31("{}", "{}", &hook("{type: object, properties: {s: {type: string, enum: [a]}}}")),
            doc31("{}", "{}", &hook("{type: object, properties: {s: {type: string, enum: [a, b]}}}")),
            &["response-property-enum-value-added"],
        ),
        case(
            "request body newly wrapped in overlapping oneOf",
            body_schema("{type: object, properties: {a: {type: string}}}", "{}"),
            body_schema("{oneOf: [{type: object, properties: {a: {type: string}}}, {type: object, properties: {b: {type: string}}}]}", "{}"),
            &["request-body-one-of-overlapping", "request-property-one-of-added"],
        ),
        case(
            "request body newly wrapped in disjoint oneOf",
            body_schema("{type: object, properties: {kind: {type: string}}}", "{}"),
            body_schema("{oneOf: [{type: object, required: [kind], properties: {kind: {const: a}}}, {type: object, required: [kind], properties: {kind: {const: b}}}]}", "{}"),
            &["request-property-became-enum", "request-property-became-required", "request-property-one-of-added"],
        ),
        case("removed before sunset", sunset("2999-01-01"), only_get.clone(), &["api-operation-removed-before-sunset"]),
        case("removed after sunset", sunset("2000-01-01"), only_get, &["api-operation-removed-after-sunset"]),
        // 6. An operation without operationId whose derived method name changes.
        case(
            "method name derived from the path changed",
            doc(&format!("{{'/items/{{id}}': {{get: {{{OK}}}}}}}"), "{}"),
            doc(&format!("{{'/items/{{item_id}}': {{get: {{{OK}}}}}}}"), "{}"),
            &["api-operation-method-renamed", "api-path-parameter-renamed"],
        ),
    ]
}

/// The normalizations of issue 24: vacuous constraints are none, a URL has no `null`, and a
/// parameter's bounds are compared after its type changed.
fn issue_24_cases() -> Vec<Case> {
    let param31 = |name: &str, schema: &str| {
        doc31(
            &format!("{{/items: {{get: {{operationId: listItems, parameters: [{{name: {name}, in: query, schema: {schema}}}], {OK}}}}}}}"),
            "{}",
            "{}",
        )
    };
    let req31 = |schema: &str| {
        doc31(&format!("{{/items: {{post: {{operationId: createItem, requestBody: {{content: {{application/json: {{schema: {schema}}}}}}}, {OK}}}}}}}"), "{}", "{}")
    };
    let resp31 = |schema: &str| {
        doc31(&format!("{{/items: {{get: {{operationId: listItems, responses: {{'200': {{description: ok, content: {{application/json: {{schema: {schema}}}}}}}}}}}}}}}"), "{}", "{}")
    };
    let object = |extra: &str| format!("{{type: object, properties: {{a: {{type: string}}}}{extra}}}");
    let string = |extra: &str| format!("{{type: object, properties: {{a: {{type: string{extra}}}}}}}");
    let array = |extra: &str| format!("{{type: array, items: {{type: integer}}, contains: {{minimum: 5}}{extra}}}");
    vec![
        case(
            "request propertyNames added",
            req31(&object("")),
            req31(&object(", propertyNames: {pattern: '^[a-z]+$'}")),
            &["request-property-validation-added"],
        ),
        case(
            "request unevaluatedProperties removed",
            req31(&object(", unevaluatedProperties: false")),
            req31(&object("")),
            &["request-property-validation-removed"],
        ),
        case(
            "request contentSchema changed",
            req31(&string(", contentMediaType: application/json, contentSchema: {type: object}")),
            req31(&string(", contentMediaType: application/json, contentSchema: {type: array}")),
            &["request-property-validation-changed"],
        ),
        case(
            "request contentEncoding changed",
            req31(&string(", contentEncoding: base64")),
            req31(&string(", contentEncoding: base32")),
            &["request-property-content-encoding-changed"],
        ),
        case(
            "request maxContains added",
            req31(&array("")),
            req31(&array(", maxContains: 2")),
            &["request-property-contains-count-narrowed"],
        ),
        case(
            "request minContains lowered",
            req31(&array(", minContains: 2")),
            req31(&array(", minContains: 1")),
            &["request-property-contains-count-widened"],
        ),
        case(
            "response propertyNames added",
            resp31(&object("")),
            resp31(&object(", propertyNames: {maxLength: 3}")),
            &["response-property-validation-added"],
        ),
        case(
            "response unevaluatedItems removed",
            resp31("{type: array, prefixItems: [{type: string}], unevaluatedItems: false}"),
            resp31("{type: array, prefixItems: [{type: string}]}"),
            &["response-property-validation-removed"],
        ),
        case(
            "response dependentSchemas changed",
            resp31(&object(", dependentSchemas: {a: {required: [b]}}")),
            resp31(&object(", dependentSchemas: {a: {required: [b]}, c: {required: [a]}}")),
            &["response-property-validation-changed"],
        ),
        case(
            "response contentMediaType changed",
            resp31(&string(", contentMediaType: text/html")),
            resp31(&string(", contentMediaType: text/markdown")),
            &["response-property-content-encoding-changed"],
        ),
        case(
            "response minContains raised",
            resp31(&array(", minContains: 1")),
            resp31(&array(", minContains: 2")),
            &["response-property-contains-count-narrowed"],
        ),
        case(
            "response maxContains raised",
            resp31(&array(", maxContains: 2")),
            resp31(&array(", maxContains: 3")),
            &["response-property-contains-count-widened"],
        ),
        case("empty pattern added", request_prop("{type: string}"), request_prop("{type: string, pattern: ''}"), &[]),
        case("minLength 0 removed", request_prop("{type: string, minLength: 0}"), request_prop("{type: string}"), &[]),
        case(
            "minItems 0 added",
            request_prop("{type: array, items: {type: string}}"),
            request_prop("{type: array, minItems: 0, items: {type: string}}"),
            &[],
        ),
        case(
            "length bounds every enum value meets",
            request_prop("{type: string, enum: [a, bb]}"),
            request_prop("{type: string, enum: [a, bb], minLength: 1, maxLength: 100}"),
            &[],
        ),
        case(
            "maxLength that rules out an enum value",
            request_prop("{type: string, enum: [a, bb]}"),
            request_prop("{type: string, enum: [a, bb], maxLength: 1}"),
            &["request-property-max-length-decreased"],
        ),
        case(
            "pattern every enum value matches",
            param31("sortBy", "{type: string, enum: [createdTime, count], maxLength: 100, minLength: 0}"),
            param31("sortBy", "{type: string, enum: [createdTime, count], pattern: '-?(createdTime|count)'}"),
            &[],
        ),
        case(
            "pattern an enum value does not match",
            request_prop("{type: string, enum: [a, b]}"),
            request_prop("{type: string, enum: [a, b], pattern: '^a$'}"),
            &["request-property-pattern-added"],
        ),
        case(
            "query parameter no longer nullable",
            param31("q", "{type: [string, 'null']}"),
            param31("q", "{type: string}"),
            &["request-parameter-became-not-nullable"],
        ),
        case(
            "bounds added as the type narrows",
            param31("limit", "{type: [string, integer]}"),
            param31("limit", "{type: integer, minimum: 1, maximum: 100}"),
            &["request-parameter-max-decreased", "request-parameter-min-increased", "request-parameter-type-changed"],
        ),
    ]
}

fn all_cases() -> Vec<Case> {
    let mut cases = api_cases();
    cases.extend(parameter_cases());
    cases.extend(request_body_cases());
    cases.extend(response_cases());
    cases.extend(property_cases());
    cases.extend(issue_11_cases());
    cases.extend(issue_24_cases());
    for s in SCHEMA_CASES {
        cases.push(case(s.name, query_param(s.old), query_param(s.new), s.parameter));
        cases.push(case(s.name, request_prop(s.old), request_prop(s.new), s.request));
        cases.push(case(s.name, response_prop(s.old), response_prop(s.new), s.response));
    }
    cases
}

#[test]
fn every_fixture_produces_exactly_its_checks() {
    let mut failures = Vec::new();
    for c in all_cases() {
        let report = diff(&c.old, &c.new);
        let mut expected = c.expected.clone();
        expected.sort_unstable();
        if ids(&report) != expected {
            failures.push(format!(
                "{}: expected {:?}, got {:?}\n  {:#?}",
                c.name,
                expected,
                ids(&report),
                report.findings
            ));
        }
        // The reverse direction must not crash and an unchanged spec must be clean.
        let _ = diff(&c.new, &c.old);
        assert!(diff(&c.old, &c.old).findings.is_empty(), "{}: self-diff not clean", c.name);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_check_has_a_fixture() {
    let covered: BTreeSet<&str> = all_cases().iter().flat_map(|c| c.expected.clone()).collect();
    let missing: Vec<&str> = specdiff::CHECKS.iter().map(|c| c.id).filter(|id| !covered.contains(id)).collect();
    assert!(missing.is_empty(), "checks without a fixture: {missing:?}");
}

#[test]
fn findings_carry_the_generated_api_impact() {
    let report = diff(
        &request_prop("{type: string, enum: [in_progress]}"),
        &request_prop("{type: string, enum: [in_progress, resolved]}"),
    );
    let finding = &report.findings[0];
    assert_eq!(finding.rust.item, "types::CreateItemBodyP::Resolved");
    // A new variant of a non-exhaustive enum.
    assert_eq!(finding.rust.bump, specdiff::Bump::Minor);
    assert_eq!(finding.operations[0].key, "POST /items");
    assert_eq!(finding.operations[0].method, "Client::create_item");

    let report = diff(
        &query_param("{type: string}"),
        &doc("{/items: {get: {operationId: listItems, responses: {'200': {description: ok}}}}}", "{}"),
    );
    assert_eq!(report.findings[0].rust.item, "ListItemsParams::q");
    assert_eq!(report.findings[0].location.pointer, "#/paths/~1items/get/parameters/0");
}

/// The evolution policy (non-exhaustive structs and enums, `new(required…)`): additions are
/// minor unless they change a signature, and each exception is predicted per finding.
#[test]
fn bumps_follow_the_evolution_policy() {
    use specdiff::Bump::{Major, Minor, Patch};
    let bump_of = |old: &str, new: &str, id: &str| {
        let report = diff(old, new);
        let found: Vec<_> = report.findings.iter().filter(|f| f.id == id).map(|f| f.rust.bump).collect();
        assert_eq!(found.len(), 1, "{id}: {:#?}", report.findings);
        found[0]
    };
    let object = |props: &str, required: &str| {
        doc(
            &format!("{{/items: {{get: {{operationId: listItems, responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{type: object, required: [{required}], properties: {{{props}}}}}}}}}}}}}}}}}}}"),
            "{}",
        )
    };
    // Response properties: optional → a field (minor); required → an argument of `new` (major).
    let base = object("a: {type: string}", "a");
    assert_eq!(bump_of(&base, &object("a: {type: string}, b: {type: string}", "a"), "response-property-added"), Minor);
    assert_eq!(
        bump_of(&base, &object("a: {type: string}, b: {type: string}", "a, b"), "response-property-added"),
        Major
    );

    // Optional parameters: a field of an existing `{Op}Params` (minor), or a new `params` argument (major).
    let params =
        |list: &str| doc(&format!("{{/items: {{get: {{operationId: listItems, parameters: [{list}], {OK}}}}}}}"), "{}");
    let q = "{name: q, in: query, schema: {type: string}}";
    let r = "{name: r, in: query, schema: {type: string}}";
    assert_eq!(bump_of(&params(q), &params(&format!("{q}, {r}")), "request-parameter-added"), Minor);
    let path = "{name: id, in: path, required: true, schema: {type: string}}";
    let on_path = |list: &str| {
        doc(&format!("{{'/items/{{id}}': {{get: {{operationId: getItem, parameters: [{list}], {OK}}}}}}}"), "{}")
    };
    assert_eq!(bump_of(&on_path(path), &on_path(&format!("{path}, {q}")), "request-parameter-added"), Major);

    // Error statuses: a variant of an existing `{Op}Error` (minor), or the first one (major).
    let statuses =
        |list: &str| doc(&format!("{{/items: {{get: {{operationId: listItems, responses: {{{list}}}}}}}}}"), "{}");
    let ok = "'200': {description: ok}";
    let e404 = "'404': {description: missing}";
    let e409 = "'409': {description: conflict}";
    assert_eq!(
        bump_of(
            &statuses(&format!("{ok}, {e404}")),
            &statuses(&format!("{ok}, {e404}, {e409}")),
            "response-error-status-added"
        ),
        Minor
    );
    assert_eq!(bump_of(&statuses(ok), &statuses(&format!("{ok}, {e404}")), "response-error-status-added"), Major);

    // A parameter's nullability does not change its Rust type (there is no `null` on the wire).
    let nullable = query_param("{type: string, nullable: true}");
    assert_eq!(bump_of(&query_param("{type: string}"), &nullable, "request-parameter-became-nullable"), Patch);
    assert_eq!(bump_of(&nullable, &query_param("{type: string}"), "request-parameter-became-not-nullable"), Patch);

    // Success statuses: the same type (patch); a second type makes the return type an enum (major).
    let json = |schema: &str| format!("{{description: ok, content: {{application/json: {{schema: {schema}}}}}}}");
    let item = json("{$ref: '#/components/schemas/item'}");
    let with_item = |list: &str| {
        doc(
            &format!("{{/items: {{get: {{operationId: listItems, responses: {{{list}}}}}}}}}"),
            "{schemas: {item: {type: object, properties: {id: {type: string}}}}}",
        )
    };
    let one = with_item(&format!("'200': {item}"));
    assert_eq!(
        bump_of(&one, &with_item(&format!("'200': {item}, '203': {item}")), "response-success-status-added"),
        Patch
    );
    let other = json("{type: object, properties: {job: {type: string}}}");
    assert_eq!(
        bump_of(&one, &with_item(&format!("'200': {item}, '202': {other}")), "response-success-status-added"),
        Major
    );
    let two = with_item(&format!("'200': {item}, '202': {other}"));
    assert_eq!(
        bump_of(
            &two,
            &with_item(&format!("'200': {item}, '202': {other}, '203': {item}")),
            "response-success-status-added"
        ),
        Minor
    );

    // Servers: another variant of `Server` (minor); one unnamed server becoming two renames
    // `Server::Default` (major); a removed server removes a variant (major).
    let servers = |urls: &[&str]| {
        let list: Vec<String> = urls.iter().map(|u| format!("{{url: '{u}'}}")).collect();
        format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\nservers: [{}]\npaths: {{/items: {{get: {{operationId: listItems, {OK}}}}}}}\n", list.join(", "))
    };
    let (a, b, c) = ("https://a.example", "https://b.example", "https://c.example");
    assert_eq!(bump_of(&servers(&[a, b]), &servers(&[a, b, c]), "api-server-added"), Minor);
    assert_eq!(bump_of(&servers(&[a]), &servers(&[a, b]), "api-server-added"), Major);
    assert_eq!(bump_of(&servers(&[a, b]), &servers(&[a]), "api-servers-changed"), Major);
    assert_eq!(bump_of(&servers(&[a]), &servers(&[b]), "api-servers-changed"), Patch);
}

#[test]
fn a_urls_null_and_vacuous_constraints_are_not_warnings() {
    // A path, query string, header or cookie has no `null`: a parameter that stops accepting
    // it breaks nobody, so it is INFO (the Zoho history had 22 of these as WARN).
    for case in issue_24_cases() {
        let report = diff(&case.old, &case.new);
        if case.name == "query parameter no longer nullable" {
            assert!(report.findings.iter().all(|f| f.level == specdiff::Level::Info), "{:#?}", report.findings);
        }
    }
}
