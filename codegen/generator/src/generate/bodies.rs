//! Request bodies and responses by media type: which media type an operation's method
//! sends or reads, and the model of each kind of body (JSON, form, multipart, raw).

use serde_json::{Map, Value};

use super::ir::{Body, BodyKind, Media, Part, PartKind, SchemaRef, SchemaRequest};
use crate::error::escape_token;

/// Whether a media type is JSON (`application/json`, `+json`).
pub fn is_json(media: &str) -> bool {
    let media = essence(media);
    media == "application/json" || media.ends_with("+json")
}

/// The media type without parameters, lower case.
fn essence(media: &str) -> String {
    media.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// How a response's content is read: JSON when it offers JSON, else text for `text/*`
/// (but `text/csv`, a download), else bytes.
pub fn response_media<'a>(content: impl IntoIterator<Item = &'a String> + Clone) -> Media {
    if content.clone().into_iter().next().is_none() {
        return Media::Empty;
    }
    if content.clone().into_iter().any(|m| is_json(m)) {
        return Media::Json;
    }
    let text = content.into_iter().all(|m| {
        let media = essence(m);
        media.starts_with("text/") && media != "text/csv"
    });
    if text {
        Media::Text
    } else {
        Media::Bytes
    }
}

/// Reads the request body of an operation: every media type it offers, the method's first
/// choice first. `raw` is the body as written in the spec (references resolved against
/// `spec`); `prefix` is the operation's type prefix.
pub fn request_bodies(
    spec: &Value,
    raw: &Map<String, Value>,
    schemas: &mut Vec<SchemaRequest>,
    at: &str,
    prefix: &str,
) -> Vec<Body> {
    let required = raw.get("required").and_then(Value::as_bool).unwrap_or(false);
    let Some(content) = raw.get("content").and_then(Value::as_object) else { return Vec::new() };
    let mut bodies: Vec<Body> = Vec::new();
    for (media, object) in content {
        let pointer = format!("{at}/content/{}", escape_token(media));
        let schema = object.get("schema");
        let essence = essence(media);
        let kind = if is_json(media) {
            BodyKind::Json { schema: convert(schemas, schema, &format!("{prefix}_body"), &pointer) }
        } else if essence == "application/x-www-form-urlencoded" {
            BodyKind::Form { schema: convert(schemas, schema, &format!("{prefix}_form"), &pointer) }
        } else if essence == "multipart/form-data" {
            let encoding = object.get("encoding").and_then(Value::as_object);
            match schema.and_then(|s| properties(spec, s)) {
                Some((properties, required)) => {
                    let parts = parts(spec, schemas, &properties, &required, encoding, &pointer, prefix);
                    BodyKind::Multipart { parts }
                }
                None => BodyKind::MultipartAny,
            }
        } else {
            let wildcard = essence.contains('*') || essence.is_empty();
            BodyKind::Raw { content_type: (!wildcard).then(|| media.clone()) }
        };
        // One method per kind: the first media type of a kind wins.
        if bodies.iter().any(|b| b.kind.rank() == kind.rank()) {
            continue;
        }
        bodies.push(Body { media_type: media.clone(), kind, required, pointer });
    }
    bodies.sort_by_key(|b| b.kind.rank());
    bodies
}

/// Records the schema (at `pointer`/schema, named `name`) for conversion; no schema is `{}`.
fn convert(schemas: &mut Vec<SchemaRequest>, schema: Option<&Value>, name: &str, pointer: &str) -> SchemaRef {
    let request = match schema {
        Some(schema) => SchemaRequest::Operation {
            schema: schema.clone(),
            name: name.to_owned(),
            pointer: format!("{pointer}/schema"),
        },
        None => SchemaRequest::Empty,
    };
    request_schema(schemas, request)
}

/// Adds `request` to the batch and returns its place.
pub fn request_schema(schemas: &mut Vec<SchemaRequest>, request: SchemaRequest) -> SchemaRef {
    schemas.push(request);
    SchemaRef(schemas.len() - 1)
}

/// `schema` with its `$ref`s followed inside the document (`helpdesk_spec::resolve::deref`,
/// with its cycle guard); a reference that cannot be followed leaves `schema` as it is.
pub fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    let node = helpdesk_spec::resolve::Node { ptr: "#".to_owned(), value: schema };
    helpdesk_spec::resolve::deref(spec, &node).map_or(schema, |node| node.value)
}

/// The properties of an object schema, each with its schema as written, in order.
type Properties = Vec<(String, Value)>;

/// The properties and required names of an object schema, `allOf` members merged; `None`
/// when the schema lists no properties.
fn properties(spec: &Value, schema: &Value) -> Option<(Properties, Vec<String>)> {
    let mut properties: Vec<(String, Value)> = Vec::new();
    let mut required = Vec::new();
    let mut pending = vec![(schema, 0)];
    while let Some((schema, depth)) = pending.pop() {
        let schema = resolve(spec, schema);
        if let Some(object) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in object {
                if !properties.iter().any(|(n, _)| n == name) {
                    properties.push((name.clone(), property.clone()));
                }
            }
        }
        required.extend(
            schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(String::from),
        );
        if depth < 8 {
            // Members are read in order: push them reversed onto the stack.
            let members = schema.get("allOf").and_then(Value::as_array).into_iter().flatten().rev();
            pending.extend(members.map(|m| (m, depth + 1)));
        }
    }
    (!properties.is_empty()).then_some((properties, required))
}

/// Whether a schema is a file: a string with `format: binary` (3.0's file).
fn is_binary(schema: &Value) -> bool {
    schema.get("format").and_then(Value::as_str) == Some("binary")
}

fn parts(
    spec: &Value,
    schemas: &mut Vec<SchemaRequest>,
    properties: &[(String, Value)],
    required: &[String],
    encoding: Option<&Map<String, Value>>,
    pointer: &str,
    prefix: &str,
) -> Vec<Part> {
    properties
        .iter()
        .map(|(name, property)| {
            let resolved = resolve(spec, property);
            let items = resolved.get("items").map(|items| resolve(spec, items));
            let kind = if is_binary(resolved) {
                PartKind::File
            } else if items.is_some_and(is_binary) {
                PartKind::Files
            } else {
                PartKind::Value
            };
            let schema = match kind {
                PartKind::File | PartKind::Files => None,
                PartKind::Value => Some(request_schema(
                    schemas,
                    SchemaRequest::Operation {
                        schema: property.clone(),
                        name: format!("{prefix}_{name}"),
                        pointer: format!("{pointer}/schema/properties/{}", escape_token(name)),
                    },
                )),
            };
            let content_type = encoding
                .and_then(|e| e.get(name))
                .and_then(|e| e.get("contentType"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            let doc = resolved.get("description").and_then(Value::as_str).map(str::to_owned);
            Part { name: name.clone(), required: required.contains(name), kind, schema, content_type, doc }
        })
        .collect()
}
