//! Webhook payload samples for `cargo xtask corpus`: a small JSON instance of each webhook's
//! payload schema (required properties only, pinned values kept), written as a test of the
//! generated crate that parses each sample and expects its `WebhookEvent` variant.

use std::fmt::Write as _;

use serde_json::{Map, Value};

/// How deep a sample nests before it gives up (recursive schemas).
const MAX_DEPTH: usize = 24;

/// One webhook's sample: its name, the name `WebhookEvent::name` must report, and the JSON.
pub struct Sample {
    pub webhook: String,
    pub expected: String,
    pub body: Value,
}

/// Samples of every webhook of the generator's input `spec` whose payload can be synthesized
/// (a string with a `pattern` cannot: such webhooks are counted in the second value), named by
/// `property` (the discriminant of the crate's `WebhookEvent`).
pub fn samples(spec: &Value, property: &str) -> (Vec<Sample>, usize) {
    let mut samples = Vec::new();
    let mut skipped = 0;
    for section in ["webhooks", "x-webhooks"] {
        for (name, item) in spec.get(section).and_then(Value::as_object).into_iter().flatten() {
            let item = resolve(spec, item);
            let Some(schema) = ["post", "put"]
                .iter()
                .filter_map(|method| item.get(*method))
                .find_map(|op| resolve(spec, op.get("requestBody")?).get("content")?.as_object()?.values().next())
                .and_then(|media| media.get("schema"))
            else {
                continue;
            };
            let schema = resolve(spec, schema);
            let schema = match schema.get("type").and_then(Value::as_str) {
                Some("array") => schema.get("items").unwrap_or(schema),
                _ => schema,
            };
            let Some(mut body) = instance(spec, schema, 0) else {
                skipped += 1;
                continue;
            };
            let Some(object) = body.as_object_mut() else {
                skipped += 1;
                continue;
            };
            // An unpinned discriminant takes the webhook's name.
            let value = object.entry(property).or_insert_with(|| Value::String(name.clone()));
            if value.as_str() == Some("x") {
                *value = Value::String(name.clone());
            }
            let expected = value.as_str().unwrap_or_default().to_owned();
            samples.push(Sample { webhook: name.clone(), expected, body });
        }
    }
    (samples, skipped)
}

/// The target of a local `$ref`, or the node itself.
fn resolve<'a>(spec: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..MAX_DEPTH {
        match node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(pointer) => match spec.pointer(pointer) {
                Some(target) => node = target,
                None => return node,
            },
            None => return node,
        }
    }
    node
}

/// A small instance of `schema`: required properties only, the first `enum` value, the
/// first alternative of a `oneOf`/`anyOf`; `None` when a string must match a `pattern`.
fn instance(spec: &Value, schema: &Value, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let schema = resolve(spec, schema);
    if let Some(value) = schema.get("enum").and_then(Value::as_array).and_then(|values| values.first()) {
        return Some(value.clone());
    }
    if let Some(value) = schema.get("const") {
        return Some(value.clone());
    }
    if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for member in members {
            match instance(spec, member, depth + 1)? {
                Value::Object(object) => merged.extend(object),
                other if members.len() == 1 => return Some(other),
                _ => {}
            }
        }
        if let Some(Value::Object(own)) = object(spec, schema, depth) {
            merged.extend(own);
        }
        return Some(Value::Object(merged));
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(first) = schema.get(key).and_then(Value::as_array).and_then(|alternatives| alternatives.first()) {
            return instance(spec, first, depth + 1);
        }
    }
    let ty = match schema.get("type") {
        Some(Value::String(ty)) => ty.as_str(),
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).find(|t| *t != "null").unwrap_or("null"),
        _ if schema.get("properties").is_some() => "object",
        _ => return Some(Value::Object(Map::new())),
    };
    match ty {
        "object" => object(spec, schema, depth),
        "array" => {
            let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
            let items = schema.get("items").map_or(Some(Value::Null), |items| instance(spec, items, depth + 1))?;
            Some(Value::Array((0..min).map(|_| items.clone()).collect()))
        }
        "string" => {
            if schema.get("pattern").is_some() {
                return None;
            }
            let text = match schema.get("format").and_then(Value::as_str) {
                Some("date-time") => "2026-01-01T00:00:00Z".to_owned(),
                Some("date") => "2026-01-01".to_owned(),
                Some("uuid") => "00000000-0000-4000-8000-000000000000".to_owned(),
                Some("uri" | "url") => "https://example.invalid/".to_owned(),
                Some("email") => "sample@example.invalid".to_owned(),
                _ => {
                    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(1).max(1);
                    "x".repeat(usize::try_from(min).unwrap_or(1))
                }
            };
            Some(Value::String(text))
        }
        "integer" => Some(Value::from(schema.get("minimum").and_then(Value::as_i64).unwrap_or(0).max(0))),
        "number" => Some(Value::from(schema.get("minimum").and_then(Value::as_f64).unwrap_or(0.0).max(0.0))),
        "boolean" => Some(Value::Bool(false)),
        _ => Some(Value::Null),
    }
}

/// The required properties of an object schema.
fn object(spec: &Value, schema: &Value, depth: usize) -> Option<Value> {
    let mut object = Map::new();
    let properties = schema.get("properties").and_then(Value::as_object);
    for name in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        let Some(property) = properties.and_then(|p| p.get(name)) else { continue };
        object.insert(name.to_owned(), instance(spec, property, depth + 1)?);
    }
    Some(Value::Object(object))
}

/// The test a generated crate gets: each sample parses into a known variant with its name, and
/// a name no webhook has is `Unknown`, kept whole.
pub fn test_file(krate: &str, property: &str, samples: &[Sample]) -> String {
    let krate = krate.replace('-', "_");
    let mut out = String::from(
        "//! Written by `cargo xtask corpus`: each webhook's sample payload (synthesized from its schema)\n\
         //! parses into its `WebhookEvent` variant, and an unknown name gives `Unknown`.\n\n\
         #[test]\nfn every_webhook_sample_decodes_into_its_variant() {\n",
    );
    let _ = writeln!(out, "    use {krate}::webhooks::WebhookEvent;");
    out.push_str("    let samples: &[(&str, &str, &str)] = &[\n");
    for sample in samples {
        let _ = writeln!(out, "        ({:?}, {:?}, {:?}),", sample.webhook, sample.expected, sample.body.to_string());
    }
    out.push_str("    ];\n");
    out.push_str(
        "    for (webhook, expected, body) in samples {\n\
         \x20       let event = WebhookEvent::parse(body.as_bytes()).unwrap();\n\
         \x20       assert!(!matches!(event, WebhookEvent::Unknown(_)), \"{webhook}: {event:?}\");\n\
         \x20       assert_eq!(event.name(), Some(*expected), \"{webhook}\");\n\
         \x20   }\n",
    );
    let unknown = serde_json::json!({ property: "no.such.event" }).to_string();
    let _ = writeln!(out, "    let unknown = {unknown:?};");
    out.push_str(
        "    match WebhookEvent::parse(unknown.as_bytes()).unwrap() {\n\
         \x20       WebhookEvent::Unknown(raw) => assert_eq!(raw.name.as_deref(), Some(\"no.such.event\")),\n\
         \x20       other => panic!(\"{other:?}\"),\n\
         \x20   }\n}\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_sample_keeps_pinned_values_and_required_properties_only() {
        let spec = json!({
            "components": {"schemas": {"Data": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "n": {"type": "integer"}}}}},
            "webhooks": {
                "batch_done": {"post": {"requestBody": {"content": {"application/json": {"schema": {
                    "type": "object", "required": ["type", "data", "created_at"],
                    "properties": {"type": {"type": "string", "enum": ["batch.done"]}, "data": {"$ref": "#/components/schemas/Data"}, "created_at": {"type": "string", "format": "date-time"}}
                }}}}}},
                "email.sent": {"post": {"requestBody": {"content": {"application/json": {"schema": {
                    "type": "object", "required": ["type"], "properties": {"type": {"type": "string"}}
                }}}}}},
                "coded": {"post": {"requestBody": {"content": {"application/json": {"schema": {
                    "type": "object", "required": ["code"], "properties": {"code": {"type": "string", "pattern": "^[A-Z]+$"}}
                }}}}}}
            }
        });
        let (samples, skipped) = samples(&spec, "type");
        assert_eq!(skipped, 1);
        assert_eq!(
            samples[0].body,
            json!({"type": "batch.done", "data": {"id": "x"}, "created_at": "2026-01-01T00:00:00Z"})
        );
        assert_eq!(samples[0].expected, "batch.done");
        assert_eq!((samples[1].expected.as_str(), &samples[1].body), ("email.sent", &json!({"type": "email.sent"})));
        let test = test_file("corpus-x", "type", &samples);
        assert!(test.contains("use corpus_x::webhooks::WebhookEvent;") && test.contains("no.such.event"), "{test}");
    }
}
