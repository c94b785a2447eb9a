//! General normalization passes over a loaded spec, run after the overlay and before generation.
//!
//! Each pass fixes a class of input that would otherwise make generation fail
//! or panic, for any spec; defects of one vendor's spec belong in its overlay.

use std::path::Path;

use serde_json::Value;

use crate::error::{escape_token, Error, Result};

/// Extension recording the `#/components/responses` entry an inlined response came from.
pub const RESPONSE_COMPONENT: &str = "x-helpdesk-response-component";

pub use helpdesk_spec::METHODS;

/// Runs every pass. `file` is the spec as shown in errors. Returns warnings:
/// problems worked around in a general way that the overlay should fix.
///
/// # Errors
/// An unsupported OpenAPI version, a non-schema `$ref` that points at nothing,
/// or an external `$ref` (reported with the pointer of the `$ref` and what to do).
pub fn run(spec: &mut Value, file: &Path) -> Result<Vec<Error>> {
    check_version(spec, file)?;
    let mut warnings = Vec::new();
    let root = spec.clone();
    check_refs(&root, spec, "", file, &mut warnings)?;
    inline_operation_refs(spec, file)?;
    fix_query_styles(spec);
    name_operations(spec);
    Ok(warnings)
}

fn check_version(spec: &Value, file: &Path) -> Result<()> {
    match spec.get("openapi").and_then(Value::as_str) {
        Some(version) if version.starts_with("3.0.") => Ok(()),
        Some(version) => Err(Error::new(
            file,
            "/openapi",
            format!("OpenAPI {version} is not supported"),
            "provide an OpenAPI 3.0.x description",
        )),
        None => Err(Error::new(
            file,
            "",
            "not an OpenAPI 3 document (no `openapi` field)",
            "check that the file is an OpenAPI 3.0 description",
        )),
    }
}

/// Every `$ref` must point at something in the same document. A dangling
/// schema `$ref` becomes a free-form schema (any JSON value) with a warning;
/// any other dangling `$ref` is an error.
fn check_refs(root: &Value, node: &mut Value, at: &str, file: &Path, warnings: &mut Vec<Error>) -> Result<()> {
    match node {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                let Some(target) = reference.strip_prefix('#') else {
                    return Err(Error::new(
                        file,
                        format!("{at}/$ref"),
                        format!("external $ref {reference:?} is not supported"),
                        "vendor the referenced file and inline it, or replace the $ref in the overlay",
                    ));
                };
                if root.pointer(target).is_none() {
                    let fix = format!(
                        "define `{target}` in the provider's overlay (and say why), or replace this $ref there"
                    );
                    let message = format!("$ref {reference:?} points at nothing");
                    if !target.starts_with("/components/schemas/") {
                        return Err(Error::new(file, format!("{at}/$ref"), message, fix));
                    }
                    warnings.push(Error::new(
                        file,
                        format!("{at}/$ref"),
                        format!("{message}; generated as a free-form JSON value"),
                        fix,
                    ));
                    let mut free = serde_json::Map::new();
                    free.insert(
                        "description".into(),
                        Value::String(format!("Free-form: the spec's {reference} is not defined.")),
                    );
                    *node = Value::Object(free);
                    return Ok(());
                }
            }
            for (key, value) in map.iter_mut() {
                check_refs(root, value, &format!("{at}/{}", escape_token(key)), file, warnings)?;
            }
        }
        Value::Array(items) => {
            for (index, value) in items.iter_mut().enumerate() {
                check_refs(root, value, &format!("{at}/{index}"), file, warnings)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Replaces `$ref`s to parameters, request bodies, responses, headers and
/// examples inside `paths` by their targets, so that generation sees every
/// operation's parts inline. Schema `$ref`s stay: they name types.
fn inline_operation_refs(spec: &mut Value, file: &Path) -> Result<()> {
    let root = spec.clone();
    let Some(paths) = spec.get_mut("paths") else { return Ok(()) };
    inline(&root, paths, "/paths", file, 0)
}

fn inline(root: &Value, node: &mut Value, at: &str, file: &Path, depth: usize) -> Result<()> {
    if depth > 64 {
        return Err(Error::new(file, at, "$ref chain too deep (a cycle?)", "break the cycle of $refs"));
    }
    match node {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                if !reference.starts_with("#/components/schemas/") {
                    let component = reference.strip_prefix("#/components/responses/").map(str::to_owned);
                    let target = root.pointer(&reference[1..]).cloned().unwrap_or(Value::Null);
                    *node = target;
                    inline(root, node, at, file, depth + 1)?;
                    // A shared response component keeps its name, so that the operations
                    // using it share one body type instead of one copy each.
                    if let (Some(component), Some(object)) = (component, node.as_object_mut()) {
                        object.entry(RESPONSE_COMPONENT).or_insert(Value::String(component));
                    }
                    return Ok(());
                }
                return Ok(());
            }
            for (key, value) in map.iter_mut() {
                if key == "schema" {
                    continue;
                }
                inline(root, value, &format!("{at}/{}", escape_token(key)), file, depth)?;
            }
        }
        Value::Array(items) => {
            for (index, value) in items.iter_mut().enumerate() {
                inline(root, value, &format!("{at}/{index}"), file, depth)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// `style: simple` is not allowed for query parameters; it means a comma-separated
/// list, which for a query parameter is `style: form, explode: false`.
fn fix_query_styles(spec: &mut Value) {
    let mut parameters: Vec<&mut Value> = Vec::new();
    let Some(doc) = spec.as_object_mut() else { return };
    for (key, value) in doc.iter_mut() {
        match key.as_str() {
            "components" => {
                if let Some(components) = value.get_mut("parameters").and_then(Value::as_object_mut) {
                    parameters.extend(components.values_mut());
                }
            }
            "paths" => {
                for item in value.as_object_mut().into_iter().flat_map(|paths| paths.values_mut()) {
                    for (key, value) in item.as_object_mut().into_iter().flatten() {
                        let list = if key == "parameters" {
                            Some(value)
                        } else if METHODS.contains(&key.as_str()) {
                            value.get_mut("parameters")
                        } else {
                            None
                        };
                        parameters.extend(list.and_then(Value::as_array_mut).into_iter().flatten());
                    }
                }
            }
            _ => {}
        }
    }
    for parameter in parameters {
        if parameter.get("in").and_then(Value::as_str) == Some("query")
            && parameter.get("style").and_then(Value::as_str) == Some("simple")
        {
            parameter["style"] = Value::String("form".into());
            parameter["explode"] = Value::Bool(false);
        }
    }
}

/// Operations without an `operationId` get one from their method and path
/// (`GET /tickets/{id}` → `get_tickets_id`).
fn name_operations(spec: &mut Value) {
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            if let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) {
                if !operation.contains_key("operationId") {
                    let name = helpdesk_spec::naming::operation_id(None, method, path);
                    operation.insert("operationId".into(), Value::String(name));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::run;
    use serde_json::json;
    use std::path::Path;

    #[test]
    fn a_dangling_schema_ref_becomes_free_form_with_a_warning() {
        let mut spec = json!({"openapi": "3.0.1", "paths": {}, "components": {"schemas": {
            "contact": {"properties": {"custom_attributes": {"$ref": "#/components/schemas/custom_attributes"}}}
        }}});
        let warnings = run(&mut spec, Path::new("specs/x/api.yaml")).unwrap();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer, "/components/schemas/contact/properties/custom_attributes/$ref");
        assert!(warnings[0].fix.contains("overlay"), "{}", warnings[0]);
        assert!(spec.pointer("/components/schemas/contact/properties/custom_attributes/$ref").is_none());
    }

    #[test]
    fn a_dangling_parameter_ref_is_an_error_naming_its_pointer() {
        let mut spec = json!({"openapi": "3.0.1", "paths": {"/a": {"get": {"parameters": [{"$ref": "#/components/parameters/nope"}]}}}});
        let err = run(&mut spec, Path::new("specs/x/api.yaml")).unwrap_err();
        assert_eq!(err.pointer, "/paths/~1a/get/parameters/0/$ref");
        assert!(err.to_string().starts_with("specs/x/api.yaml#/paths/~1a/get/parameters/0/$ref: "), "{err}");
    }

    #[test]
    fn parameter_refs_are_inlined_and_missing_operation_ids_named() {
        let mut spec = json!({"openapi": "3.0.3",
            "paths": {"/tickets/{id}": {"get": {"parameters": [{"$ref": "#/components/parameters/id"}], "responses": {}}}},
            "components": {"parameters": {"id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}}}});
        run(&mut spec, Path::new("s.yaml")).unwrap();
        let op = &spec["paths"]["/tickets/{id}"]["get"];
        assert_eq!(op["parameters"][0]["name"], "id");
        let mut spec = json!({"openapi": "3.0.3", "paths": {"/t": {"get": {"parameters": [
            {"name": "include", "in": "query", "style": "simple", "schema": {"type": "array", "items": {"type": "string"}}}
        ]}}}});
        run(&mut spec, Path::new("s.yaml")).unwrap();
        let include = &spec["paths"]["/t"]["get"]["parameters"][0];
        assert_eq!((include["style"].as_str(), include["explode"].as_bool()), (Some("form"), Some(false)));
        assert_eq!(op["operationId"], "get_tickets_id");
    }
}
