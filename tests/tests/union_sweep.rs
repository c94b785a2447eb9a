//! The union sweep: in every documented response example of every vendored spec, each value
//! that a `oneOf`/`anyOf` describes is checked against the alternative it must decode into.
//!
//! - A tagged union (a `discriminator`, or alternatives that pin one required property; see
//!   `codegen::tagged`) decodes by its tag, so the example's tag must be one the union lists,
//!   and the example must validate against the alternative that tag selects.
//! - An untagged union decodes into the first alternative whose generated type accepts the
//!   value, in the generator's order (most specific first, `codegen::tagged::specificity_order`),
//!   so the example must validate against at least one alternative; values that several
//!   alternatives accept are listed (they decode into the first).
//!
//! A JSON Schema validator (the `jsonschema` crate, draft 4 for OpenAPI 3.0 specs and
//! 2020-12 for 3.1) decides validity, never hand-written matching. Values inside the chosen
//! alternative are checked in turn.

use std::collections::HashMap;

use conformance::{resolve, response_examples};
use serde_json::{json, Map, Value};

/// How deep the walk follows nested schemas.
const MAX_DEPTH: usize = 64;

/// What the sweep found in one provider's examples.
#[derive(Default)]
struct Sweep {
    tagged: usize,
    untagged: usize,
    /// Untagged values that more than one alternative accepts: the first one (the one the
    /// generated type decodes them into) is taken, and they are listed.
    ambiguous: Vec<String>,
    failures: Vec<String>,
}

/// Validators of the spec's schemas, compiled once each.
struct Validators {
    root: Value,
    draft: jsonschema::Draft,
    compiled: HashMap<String, Option<jsonschema::Validator>>,
}

impl Validators {
    /// Validators of `spec` as the generated types decode it: under `lenient_scalars`, a
    /// scalar may also come as a string.
    fn new(spec: &Value, lenient_scalars: bool) -> Self {
        let version = spec["openapi"].as_str().unwrap_or_default();
        let draft = if version.starts_with("3.0") { jsonschema::Draft::Draft4 } else { jsonschema::Draft::Draft202012 };
        let mut root = json!({ "components": spec["components"].clone() });
        let schemas = spec["components"]["schemas"].clone();
        optional_nulls(&mut root, &schemas);
        decoding_policy(&mut root, draft == jsonschema::Draft::Draft4, lenient_scalars);
        Self { root, draft, compiled: HashMap::new() }
    }

    /// Whether `value` is valid against the schema at `pointer` (`#/components/schemas/X`);
    /// `Err` with the validator's first message when it is not.
    fn check(&mut self, pointer: &str, value: &Value) -> Result<(), String> {
        let (root, draft) = (&self.root, self.draft);
        let validator = self.compiled.entry(pointer.to_owned()).or_insert_with(|| {
            let mut schema = root.clone();
            schema["$ref"] = Value::String(pointer.to_owned());
            jsonschema::options().with_draft(draft).build(&schema).ok()
        });
        match validator {
            Some(validator) => validator.validate(value).map_err(|err| format!("{err} at `{}`", err.instance_path())),
            None => Err(format!("the validator cannot compile `{pointer}`")),
        }
    }
}

/// Whether a schema allows `null` (after `$ref`s to components).
fn allows_null(schema: &Value, schemas: &Value) -> bool {
    let mut schema = schema;
    for _ in 0..16 {
        match schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/")) {
            Some(name) => schema = &schemas[name.replace("~1", "/").replace("~0", "~").as_str()],
            None => break,
        }
    }
    let null = |s: &Value| match s.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().any(|t| t == "null"),
        _ => false,
    };
    null(schema)
        || schema.get("nullable") == Some(&Value::Bool(true))
        || ["anyOf", "oneOf"]
            .iter()
            .any(|k| schema.get(*k).and_then(Value::as_array).is_some_and(|m| m.iter().any(null)))
}

/// A required property that allows `null` is an `Option` in the generated types, which
/// decodes a missing property as `None`: as the types decode, it is not required.
fn optional_nulls(node: &mut Value, schemas: &Value) {
    match node {
        Value::Object(map) => {
            let nullable: Vec<String> = map
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter(|(_, property)| allows_null(property, schemas))
                .map(|(name, _)| name.clone())
                .collect();
            if let Some(Value::Array(required)) = map.get_mut("required") {
                required.retain(|name| !name.as_str().is_some_and(|n| nullable.iter().any(|x| x == n)));
            }
            map.values_mut().for_each(|value| optional_nulls(value, schemas));
        }
        Value::Array(items) => items.iter_mut().for_each(|value| optional_nulls(value, schemas)),
        _ => {}
    }
}

/// The schemas as the generated types decode: OpenAPI 3.0's `nullable: true` as JSON Schema
/// says it (`null` among the types and the values of an `enum`); no `additionalProperties:
/// false` (generated types ignore unknown fields, docs/using.md "Response decoding"); under
/// `lenient_scalars`, booleans and numbers may come as strings (the lenient decoding of the
/// provider's `[decode]` policy).
fn decoding_policy(node: &mut Value, nullable: bool, lenient_scalars: bool) {
    match node {
        Value::Object(map) => {
            if map.get("additionalProperties") == Some(&Value::Bool(false)) {
                map.remove("additionalProperties");
            }
            if lenient_scalars {
                let scalar = |t: &Value| matches!(t.as_str(), Some("boolean" | "integer" | "number"));
                match map.get_mut("type") {
                    Some(Value::Array(types)) if types.iter().any(scalar) && !types.iter().any(|t| t == "string") => {
                        types.push(json!("string"));
                    }
                    Some(kind @ Value::String(_)) if scalar(kind) => *kind = json!([kind.clone(), "string"]),
                    _ => {}
                }
            }
            if nullable && map.get("nullable") == Some(&Value::Bool(true)) {
                if let Some(Value::String(kind)) = map.get("type").cloned() {
                    map.insert("type".into(), json!([kind, "null"]));
                }
                if let Some(Value::Array(values)) = map.get_mut("enum") {
                    values.push(Value::Null);
                }
            }
            map.values_mut().for_each(|value| decoding_policy(value, nullable, lenient_scalars));
        }
        Value::Array(items) => items.iter_mut().for_each(|value| decoding_policy(value, nullable, lenient_scalars)),
        _ => {}
    }
}

/// The `#/components/schemas/…` pointer of a union member.
fn member_pointer(member: &Value) -> Option<&str> {
    member.get("$ref")?.as_str().filter(|r| r.starts_with("#/components/schemas/"))
}

/// Walks `value` with its `schema`, checking every union on the way (see the module docs).
fn walk(
    spec: &Value,
    schema: &Value,
    value: &Value,
    at: &str,
    depth: usize,
    validators: &mut Validators,
    sweep: &mut Sweep,
) {
    if depth > MAX_DEPTH || value.is_null() {
        return;
    }
    let schema = resolve(spec, schema);
    let components: Map<String, Value> = spec["components"]["schemas"].as_object().cloned().unwrap_or_default();
    if let Some(members) = ["oneOf", "anyOf"].iter().find_map(|k| schema.get(*k).and_then(Value::as_array)) {
        if let Some(codegen::tagged::Detected { property, alternatives }) = codegen::tagged::detect(schema, &components)
        {
            let tag = value.get(&property).and_then(Value::as_str);
            let chosen = alternatives.iter().find(|(_, tags)| tag.is_some_and(|t| tags.iter().any(|x| x == t)));
            match chosen {
                None => sweep.failures.push(format!(
                    "{at}: `{property}` is {tag:?}, which the union does not list (it decodes into `Unknown`)"
                )),
                Some((component, _)) => {
                    let pointer = format!("#/components/schemas/{}", codegen::error::escape_token(component));
                    match validators.check(&pointer, value) {
                        Ok(()) => sweep.tagged += 1,
                        Err(reason) => sweep
                            .failures
                            .push(format!("{at}: `{property}` {tag:?} selects `{component}`, but: {reason}")),
                    }
                    let alternative = json!({ "$ref": pointer });
                    walk(spec, &alternative, value, at, depth + 1, validators, sweep);
                }
            }
            return;
        }
        // The generated enum tries its alternatives in this order (most specific first).
        let order: Vec<usize> = codegen::tagged::specificity_order(schema, &components)
            .map_or_else(|| (0..members.len()).collect(), |found| found.order);
        let valid: Vec<&Value> = order
            .iter()
            .map(|i| &members[*i])
            .filter(|member| match member_pointer(member) {
                Some(pointer) => validators.check(pointer, value).is_ok(),
                // Inline alternatives are checked by their structure below.
                None => true,
            })
            .collect();
        match valid.first() {
            None => sweep.failures.push(format!("{at}: the value validates against no alternative of the union")),
            Some(member) => {
                sweep.untagged += 1;
                let named: Vec<&str> = valid.iter().filter_map(|m| member_pointer(m)).collect();
                if named.len() > 1 {
                    sweep.ambiguous.push(format!("{at}: {}", named.join(", ")));
                }
                walk(spec, member, value, at, depth + 1, validators, sweep);
            }
        }
        return;
    }
    for member in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        walk(spec, member, value, at, depth + 1, validators, sweep);
    }
    match value {
        Value::Object(object) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            for (key, item) in object {
                let at = format!("{at}/{}", codegen::error::escape_token(key));
                match properties.and_then(|p| p.get(key)) {
                    Some(property) => walk(spec, property, item, &at, depth + 1, validators, sweep),
                    None => {
                        if let Some(extra) = schema.get("additionalProperties").filter(|s| s.is_object()) {
                            walk(spec, extra, item, &at, depth + 1, validators, sweep);
                        }
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (index, item) in items.iter().enumerate() {
                    walk(spec, item_schema, item, &format!("{at}/{index}"), depth + 1, validators, sweep);
                }
            }
        }
        _ => {}
    }
}

#[test]
fn every_documented_union_value_is_the_alternative_it_decodes_into() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for provider in conformance::providers() {
        let spec = conformance::patched_spec(&provider);
        let lenient = conformance::job(&provider).0.decode.lenient_scalars;
        let mut validators = Validators::new(&spec, lenient);
        let mut sweep = Sweep::default();
        let (_, examples) = response_examples(&spec);
        for example in &examples {
            let at = format!("{} ({}, {})", example.at, example.operation_id, example.status);
            walk(&spec, &example.schema, &example.body, &at, 0, &mut validators, &mut sweep);
        }
        println!(
            "{provider}: {} union values checked ({} tagged, {} untagged, {} of them accepted by several \
             alternatives), {} failures",
            sweep.tagged + sweep.untagged,
            sweep.tagged,
            sweep.untagged,
            sweep.ambiguous.len(),
            sweep.failures.len()
        );
        for ambiguous in &sweep.ambiguous {
            println!("  accepted by several alternatives (decoded into the first): {ambiguous}");
        }
        checked += sweep.tagged + sweep.untagged;
        failures.extend(sweep.failures.into_iter().map(|f| format!("{provider} {f}")));
    }
    assert!(checked > 0, "the sweep found no union values");
    assert!(failures.is_empty(), "{} union values are not their alternative:\n{}", failures.len(), failures.join("\n"));
}
