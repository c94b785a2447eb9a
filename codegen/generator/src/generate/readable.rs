//! Keeps one unreadable part of a spec from refusing the whole document.
//!
//! The document is read through `openapiv3`, whose types refuse a whole document for one
//! malformed operation or component (a Swagger 2 `in: body` parameter, a schema whose
//! `properties` is a list, a response that is a list). Before that, each operation, path item
//! and component is read on its own; what does not read is taken out of the copy that is
//! generated from, each with a warning naming its pointer and the reason:
//! - an operation (or a whole path item) → not generated ([`Skipped`], listed in the crate
//!   docs);
//! - a schema → free-form (`serde_json::Value`);
//! - another component (parameters, responses, …; normalization has already inlined what
//!   operations use of them) → left out.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::model::Skipped;
use crate::error::{escape_token, Error};
use crate::normalize::METHODS;
use crate::{Degradation, DegradationKind};

/// What [`readable`] took out.
#[derive(Debug, Default)]
pub struct Removed {
    /// Operations not generated.
    pub skipped: Vec<Skipped>,
    /// Schemas made free-form (each also in `warnings`).
    pub degraded: Vec<Degradation>,
    /// Everything taken out, with its pointer.
    pub warnings: Vec<Error>,
}

/// The reason `value` does not read as `T`, with the pointer (below `at`) of the part at fault.
fn problem<T: DeserializeOwned>(value: &Value, at: &str) -> Option<(String, String)> {
    let err = serde_path_to_error::deserialize::<_, T>(value).err()?;
    Some((format!("{at}{}", pointer_of(err.path())), err.inner().to_string()))
}

/// The RFC 6901 pointer of a deserialisation error's path (keys may contain `.` and `/`).
pub fn pointer_of(path: &serde_path_to_error::Path) -> String {
    path.iter()
        .map(|segment| match segment {
            serde_path_to_error::Segment::Seq { index } => format!("/{index}"),
            serde_path_to_error::Segment::Map { key } => format!("/{}", escape_token(key)),
            serde_path_to_error::Segment::Enum { variant } => format!("/{}", escape_token(variant)),
            serde_path_to_error::Segment::Unknown => String::new(),
        })
        .collect()
}

/// Takes the parts of `spec` that do not read as OpenAPI 3.0 out of it (see the module docs).
pub fn readable(spec: &mut Value, file: &Path) -> Removed {
    let mut removed = Removed::default();
    top_level(spec, file, &mut removed.warnings);
    if let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let item_at = format!("/paths/{}", escape_token(path));
            let Some(map) = item.as_object_mut() else { continue };
            for method in METHODS {
                let Some(op) = map.get(method) else { continue };
                let at = format!("{item_at}/{method}");
                if let Some((pointer, reason)) = problem::<openapiv3::Operation>(op, &at) {
                    removed.skipped.push(skipped(op, method, path, file, pointer, &reason));
                    map.shift_remove(method);
                }
            }
            // What is left of the path item (its parameters, servers, …) must read too; if not,
            // none of its operations is generated.
            if let Some((pointer, reason)) = problem::<openapiv3::ReferenceOr<openapiv3::PathItem>>(item, &item_at) {
                let ops: Vec<(&str, Value)> =
                    METHODS.iter().filter_map(|m| item.get(*m).map(|op| (*m, op.clone()))).collect();
                for (method, op) in ops {
                    removed.skipped.push(skipped(&op, method, path, file, pointer.clone(), &reason));
                }
                *item = Value::Object(Default::default());
            }
        }
    }
    let Some(components) = spec.get_mut("components").and_then(Value::as_object_mut) else { return removed };
    for (section, entries) in components.iter_mut() {
        let Some(entries) = entries.as_object_mut() else { continue };
        let mut unreadable = Vec::new();
        for (name, value) in entries.iter() {
            let at = format!("/components/{}/{}", escape_token(section), escape_token(name));
            let found = match section.as_str() {
                "schemas" => problem::<openapiv3::ReferenceOr<openapiv3::Schema>>(value, &at),
                // Security schemes are read by `security::analyse` from the document itself,
                // which degrades those the client cannot apply.
                "parameters" => problem::<openapiv3::ReferenceOr<openapiv3::Parameter>>(value, &at),
                "responses" => problem::<openapiv3::ReferenceOr<openapiv3::Response>>(value, &at),
                "requestBodies" => problem::<openapiv3::ReferenceOr<openapiv3::RequestBody>>(value, &at),
                "headers" => problem::<openapiv3::ReferenceOr<openapiv3::Header>>(value, &at),
                "examples" => problem::<openapiv3::ReferenceOr<openapiv3::Example>>(value, &at),
                "links" => problem::<openapiv3::ReferenceOr<openapiv3::Link>>(value, &at),
                "callbacks" => problem::<openapiv3::ReferenceOr<openapiv3::Callback>>(value, &at),
                _ => None,
            };
            if let Some(found) = found {
                unreadable.push((name.clone(), found));
            }
        }
        for (name, (pointer, reason)) in unreadable {
            match section.as_str() {
                "schemas" => {
                    let warning = Error::new(
                        file,
                        &pointer,
                        format!("schema `{name}` does not read as an OpenAPI 3.0 schema ({reason}); it is generated as `serde_json::Value`"),
                        "correct the schema in the overlay",
                    );
                    removed.degraded.push(Degradation::new(DegradationKind::Schema, warning.clone()));
                    removed.warnings.push(warning);
                    entries.insert(name, Value::Object(Default::default()));
                }
                _ => {
                    removed.warnings.push(Error::new(
                        file,
                        &pointer,
                        format!("component `{name}` does not read as OpenAPI 3.0 ({reason}); it is left out"),
                        "correct the component in the overlay",
                    ));
                    entries.shift_remove(&name);
                }
            }
        }
    }
    removed
}

/// A check of one part: the pointer and reason of what does not read, if anything.
type Check = fn(&Value, &str) -> Option<(String, String)>;

/// A spec as openapiv3 reads it: what does not read as OpenAPI 3.0 taken out ([`readable`]).
pub struct Parsed {
    /// The readable spec (every security scheme kept: the client reads them all from it).
    pub spec: Value,
    /// The same, as openapiv3 reads it (without the security schemes it cannot read).
    pub api: openapiv3::OpenAPI,
    /// What was taken out.
    pub removed: Removed,
}

/// Makes `spec` readable ([`readable`]) and reads it with openapiv3. Security schemes
/// openapiv3 cannot read (`mutualTLS`, …) are left out of what it reads: the client reads
/// every scheme from [`Parsed::spec`] and degrades those it cannot apply.
///
/// # Errors
/// What is still not OpenAPI 3.0 after the parts were taken out, with its pointer.
pub fn parse(spec: &Value, file: &Path) -> crate::error::Result<Parsed> {
    let mut readable_spec = spec.clone();
    let removed = readable(&mut readable_spec, file);
    let unreadable = unreadable_schemes(&readable_spec);
    let copy = (!unreadable.is_empty()).then(|| {
        let mut copy = readable_spec.clone();
        if let Some(schemes) = copy.pointer_mut("/components/securitySchemes").and_then(Value::as_object_mut) {
            schemes.retain(|name, _| !unreadable.contains(name));
        }
        copy
    });
    let api: openapiv3::OpenAPI =
        serde_path_to_error::deserialize(copy.as_ref().unwrap_or(&readable_spec)).map_err(|err| {
            Error::new(
                file,
                pointer_of(err.path()),
                format!("not a valid OpenAPI 3.0 document: {}", err.inner()),
                "fix the field at that location in the overlay",
            )
        })?;
    Ok(Parsed { spec: readable_spec, api, removed })
}

/// The security schemes of `spec` that openapiv3 cannot read (e.g. OpenAPI 3.1's
/// `mutualTLS`, or an apiKey without `name`): a copy of `spec` without them is what
/// openapiv3 deserialises; `security::analyse` reads every scheme from `spec` itself.
fn unreadable_schemes(spec: &Value) -> Vec<String> {
    let Some(schemes) = spec.pointer("/components/securitySchemes").and_then(Value::as_object) else {
        return Vec::new();
    };
    schemes
        .iter()
        .filter(|(_, scheme)| {
            serde_json::from_value::<openapiv3::ReferenceOr<openapiv3::SecurityScheme>>((*scheme).clone()).is_err()
        })
        .map(|(name, _)| name.clone())
        .collect()
}

/// The document's own fields: a missing `paths` is empty (no operations) and a missing or
/// unreadable `info` has an empty title and version; unreadable `servers`, `security`, `tags`
/// and `externalDocs` are left out (a client without servers then needs a base URL). Each
/// with a warning.
fn top_level(spec: &mut Value, file: &Path, warnings: &mut Vec<Error>) {
    let Some(document) = spec.as_object_mut() else { return };
    if !document.contains_key("paths") {
        warnings.push(Error::new(
            file,
            "/paths",
            "the document has no `paths`: the client has no operations, the crate has the components' types",
            "add the operations' paths, if the API has any",
        ));
        document.insert("paths".to_owned(), Value::Object(Default::default()));
    }
    let fields: [(&str, Check); 5] = [
        ("info", |v, at| problem::<openapiv3::Info>(v, at)),
        ("servers", |v, at| problem::<Vec<openapiv3::Server>>(v, at)),
        ("security", |v, at| problem::<Vec<openapiv3::SecurityRequirement>>(v, at)),
        ("tags", |v, at| problem::<Vec<openapiv3::Tag>>(v, at)),
        ("externalDocs", |v, at| problem::<openapiv3::ExternalDocumentation>(v, at)),
    ];
    for (key, check) in fields {
        let at = format!("/{key}");
        let found = match document.get(key) {
            Some(value) => check(value, &at),
            None if key == "info" => Some((at, "missing".to_owned())),
            None => None,
        };
        let Some((pointer, reason)) = found else { continue };
        warnings.push(Error::new(
            file,
            pointer,
            format!("`{key}` does not read as OpenAPI 3.0 ({reason}); it is left out"),
            format!("correct `{key}` in the overlay"),
        ));
        match key {
            "info" => {
                let empty = serde_json::json!({"title": "", "version": ""});
                document.insert(key.to_owned(), empty);
            }
            _ => {
                document.shift_remove(key);
            }
        }
    }
}

/// The record of an operation that is not generated because the part at `pointer` does not read.
fn skipped(op: &Value, method: &str, path: &str, file: &Path, pointer: String, reason: &str) -> Skipped {
    let id = helpdesk_spec::naming::operation_id(op.get("operationId").and_then(Value::as_str), method, path);
    Skipped {
        id,
        http_method: method.to_uppercase(),
        path: path.to_owned(),
        problem: Error::new(
            file,
            pointer,
            format!("the operation does not read as OpenAPI 3.0: {reason}"),
            "correct the operation in the overlay",
        ),
    }
}
