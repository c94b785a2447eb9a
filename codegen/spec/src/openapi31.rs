//! OpenAPI 3.1 → 3.0 normalization, for any 3.1 input (openapiv3 and typify read 3.0).
//!
//! Handled 3.1 constructs:
//! - `type: [T, "null"]` → `type: T, nullable: true`; `type: ["null"]` → `nullable: true`;
//!   several non-null types → `anyOf` of one schema per type (plus `nullable`);
//! - `const: x` → `enum: [x]`;
//! - schema `examples: [a, …]` → `example: a`;
//! - `patternProperties` → `additionalProperties` (the pattern is kept in the description);
//! - numeric `exclusiveMinimum` / `exclusiveMaximum` → `minimum`/`maximum` + boolean flag;
//! - `prefixItems` → `items: {anyOf: …}`;
//! - keywords 3.0 lacks (`$schema`, `$id`, `$comment`, `$anchor`, `$defs`, `if`/`then`/`else`,
//!   `dependentRequired`, `dependentSchemas`, `unevaluatedProperties`, `contentEncoding`,
//!   `contentMediaType`) are dropped;
//! - document level: `openapi: 3.0.3`, `paths: {}` when there are none, no `jsonSchemaDialect`,
//!   `components.pathItems`, `info.summary`, `info.license.identifier`; `webhooks` are kept (3.0
//!   readers ignore the member; the generator reads them, with their schemas converted like the
//!   rest, and so does the `x-webhooks` extension a 3.0 spec or an overlay may author).
//!
//! Cross-file `$ref`s are resolved by [`crate::bundle`] before this pass.

use serde_json::{json, Value};

/// Whether `spec` is an OpenAPI 3.1 document (`openapi: 3.1.x`, or the YAML number `3.1`).
pub fn is_31(spec: &Value) -> bool {
    match spec.get("openapi") {
        Some(Value::String(version)) => version.starts_with("3.1"),
        Some(Value::Number(version)) => version.to_string().starts_with("3.1"),
        _ => false,
    }
}

/// Rewrites a 3.1 document into 3.0.3 in place.
pub fn downgrade(spec: &mut Value) {
    let Some(doc) = spec.as_object_mut() else { return };
    doc.insert("openapi".into(), Value::String("3.0.3".into()));
    // 3.1 makes `paths` optional (a document of webhooks and components); 3.0 requires it.
    doc.entry("paths").or_insert_with(|| json!({}));
    doc.shift_remove("jsonSchemaDialect");
    if let Some(info) = doc.get_mut("info").and_then(Value::as_object_mut) {
        info.shift_remove("summary");
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
            license.shift_remove("identifier");
        }
    }
    if let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) {
        components.shift_remove("pathItems");
        if let Some(schemas) = components.get_mut("schemas").and_then(Value::as_object_mut) {
            for schema in schemas.values_mut() {
                convert_schema(schema);
            }
        }
    }
    walk(spec, "");
}

/// Finds schemas outside `components.schemas`: every value under a `schema` key, except in
/// data ([`crate::resolve::is_data`]: examples, defaults, extensions). `at` is the pointer of `node`.
fn walk(node: &mut Value, at: &str) {
    match node {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if crate::resolve::is_data(at, key, value) {
                    continue;
                }
                if key == "schema" {
                    convert_schema(value);
                } else if key != "schemas" {
                    walk(value, &crate::pointer::push(at, key));
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                walk(item, &crate::pointer::push(at, &index.to_string()));
            }
        }
        _ => {}
    }
}

const DROPPED: [&str; 13] = [
    "$schema",
    "$id",
    "$comment",
    "$anchor",
    "$defs",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "contentEncoding",
    "contentMediaType",
];

fn convert_schema(node: &mut Value) {
    let Some(schema) = node.as_object_mut() else { return };
    for key in DROPPED {
        schema.shift_remove(key);
    }
    if let Some(Value::Array(types)) = schema.get("type").cloned() {
        let nullable = types.iter().any(|t| t == "null");
        let others: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
        schema.shift_remove("type");
        match others.as_slice() {
            [] => {}
            [single] => {
                schema.insert("type".into(), single.clone());
            }
            several => {
                let variants = several.iter().map(|t| json!({ "type": t })).collect();
                schema.insert("anyOf".into(), Value::Array(variants));
            }
        }
        if nullable {
            schema.insert("nullable".into(), Value::Bool(true));
        }
    }
    if let Some(value) = schema.shift_remove("const") {
        schema.insert("enum".into(), json!([value]));
    }
    if let Some(Value::Array(examples)) = schema.get("examples").cloned() {
        schema.shift_remove("examples");
        if let Some(first) = examples.into_iter().next() {
            schema.entry("example").or_insert(first);
        }
    }
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(limit) = schema.get(exclusive).filter(|v| v.is_number()).cloned() {
            schema.insert(bound.into(), limit);
            schema.insert(exclusive.into(), Value::Bool(true));
        }
    }
    if let Some(Value::Object(patterns)) = schema.shift_remove("patternProperties") {
        let note =
            format!("Keys match {}.", patterns.keys().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(" or "));
        let description = match schema.get("description").and_then(Value::as_str) {
            Some(text) => format!("{text}\n\n{note}"),
            None => note,
        };
        schema.insert("description".into(), Value::String(description));
        if !matches!(schema.get("additionalProperties"), Some(Value::Object(_))) {
            let values: Vec<Value> = patterns.into_iter().map(|(_, s)| s).collect();
            let value = if values.len() == 1 {
                values.into_iter().next().unwrap_or(json!({}))
            } else {
                json!({ "anyOf": values })
            };
            schema.insert("additionalProperties".into(), value);
        }
    }
    if let Some(Value::Array(prefix)) = schema.shift_remove("prefixItems") {
        schema.entry("items").or_insert_with(|| json!({ "anyOf": prefix }));
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = schema.get_mut(key) {
            convert_schema(child);
        }
    }
    if let Some(Value::Object(children)) = schema.get_mut("properties") {
        children.values_mut().for_each(convert_schema);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(children)) = schema.get_mut(key) {
            children.iter_mut().for_each(convert_schema);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::downgrade;
    use serde_json::json;

    #[test]
    fn type_arrays_const_examples_and_pattern_properties_are_rewritten() {
        let mut spec = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1", "summary": "s"}, "paths": {},
        "components": {"schemas": {"s": {"type": ["null", "object"], "properties": {
            "a": {"type": ["string", "null"], "examples": ["x"]},
            "b": {"const": "fixed"},
            "c": {"type": ["string", "null", "integer"]},
            "d": {"type": "object", "patternProperties": {"^cf_": {"type": "string"}}},
            "e": {"type": "number", "exclusiveMinimum": 0}
        }}}}});
        downgrade(&mut spec);
        let s = &spec["components"]["schemas"]["s"];
        assert_eq!(spec["openapi"], "3.0.3");
        assert!(spec["info"].get("summary").is_none());
        assert_eq!(s["type"], "object");
        assert_eq!(s["nullable"], true);
        assert_eq!(s["properties"]["a"], json!({"type": "string", "nullable": true, "example": "x"}));
        assert_eq!(s["properties"]["b"], json!({"enum": ["fixed"]}));
        assert_eq!(s["properties"]["c"], json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true}));
        assert_eq!(s["properties"]["d"]["additionalProperties"], json!({"type": "string"}));
        assert_eq!(s["properties"]["e"], json!({"type": "number", "exclusiveMinimum": true, "minimum": 0}));
    }
}
