//! Reading: the operations and the client (servers, security) of a spec, read through
//! openapiv3 into the typed model (`ir.rs`).

use std::path::Path;

use heck::ToUpperCamelCase;
use helpdesk_spec::naming::OperationNames;
use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, StatusCode};
use serde_json::Value;

use super::bodies::request_schema;
use super::ir::{
    Body, ClientSpec, HttpMethod, Location, Operation, Param, Reply, SchemaRequest, Separator, Server, Status,
};
use crate::error::{escape_token, Error, Result};
use crate::manifest::ClientSettings;

pub use crate::degradation::Skipped;

/// Reads every operation of `api`, recording its schemas in `schemas` (converted afterwards,
/// in this order).
/// Header parameters named in `client_headers` are left out: the client sends them.
///
/// An operation whose parameters cannot be expressed (a path parameter the path template
/// does not contain, …) is not generated: it is returned in the second list with the
/// reason, and the other operations are.
///
/// # Errors
/// An `x-pagination` setting (this project's own overlay extension) that does not read.
pub fn operations(
    spec: &Value,
    api: &OpenAPI,
    schemas: &mut Vec<SchemaRequest>,
    client_headers: &[String],
    file: &Path,
) -> Result<(Vec<Operation>, Vec<Skipped>)> {
    let mut reader = Reader { spec, schemas, client_headers, file };
    // Each operation read, waiting for its names (which depend on every operation read).
    let mut read: Vec<(String, Named)> = Vec::new();
    let mut skipped = Vec::new();
    for (path, item) in &api.paths.paths {
        let ReferenceOr::Item(item) = item else { continue };
        for (method, op) in item.iter() {
            let Some(http_method) = HttpMethod::from_key(method) else { continue };
            let pointer = format!("/paths/{}/{method}", escape_token(path));
            let pagination = super::paging::read(&op.extensions, &pointer, file)?;
            let id = helpdesk_spec::naming::operation_id(op.operation_id.as_deref(), method, path);
            let prefix = helpdesk_spec::naming::type_prefix(&id);
            let params = match reader.parameters(path, item, op, &pointer, &prefix) {
                Ok(params) => params,
                Err(problem) => {
                    skipped.push(Skipped {
                        id,
                        http_method: http_method.as_str().to_owned(),
                        path: path.clone(),
                        problem,
                    });
                    continue;
                }
            };
            let bodies = reader.bodies(&pointer, &prefix);
            let (success, errors) = reader.responses(op, &pointer, &prefix);
            let doc = [op.summary.as_deref(), op.description.as_deref()]
                .into_iter()
                .flatten()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("\n\n");
            let (path, tag, deprecated) = (path.clone(), op.tags.first().cloned(), op.deprecated);
            read.push((
                id.clone(),
                Box::new(move |names| Operation {
                    id,
                    http_method,
                    names,
                    path,
                    pointer,
                    doc,
                    tag,
                    deprecated,
                    params,
                    bodies,
                    success,
                    errors,
                    pagination,
                }),
            ));
        }
    }
    // Method names and type prefixes, unique in operation order, by the rule spec-diff uses too.
    let names = helpdesk_spec::naming::operation_names(read.iter().map(|(id, _)| id.as_str()));
    let operations = read.into_iter().zip(names).map(|((_, operation), names)| operation(names)).collect();
    Ok((operations, skipped))
}

/// An operation read but for its names: builds it once every operation's names are known.
type Named = Box<dyn FnOnce(OperationNames) -> Operation>;

/// Reads the parts of operations, recording their schemas in one batch.
struct Reader<'a> {
    spec: &'a Value,
    schemas: &'a mut Vec<SchemaRequest>,
    client_headers: &'a [String],
    file: &'a Path,
}

impl Reader<'_> {
    /// The parameters of an operation (path-level ones, overridden by operation-level ones
    /// of the same name and location), path parameters first in template order.
    fn parameters(
        &mut self,
        path: &str,
        item: &openapiv3::PathItem,
        op: &openapiv3::Operation,
        pointer: &str,
        prefix: &str,
    ) -> Result<Vec<Param>> {
        let mut params: Vec<Param> = Vec::new();
        let all = item.parameters.iter().map(|p| (p, "")).chain(op.parameters.iter().map(|p| (p, "op")));
        for (index, (param, level)) in all.enumerate() {
            let at = if level.is_empty() {
                format!("/paths/{}/parameters/{index}", escape_token(path))
            } else {
                format!("{pointer}/parameters/{}", index - item.parameters.len())
            };
            let Some(param) = self.parameter(param, &at, prefix)? else { continue };
            params.retain(|p| !(p.name == param.name && p.location == param.location));
            params.push(param);
        }
        let order = |p: &Param| match p.location {
            Location::Path => path.find(&format!("{{{}}}", p.name)).unwrap_or(usize::MAX),
            _ => usize::MAX,
        };
        params.sort_by_key(|p| (p.location != Location::Path, order(p)));
        for param in params.iter().filter(|p| p.location == Location::Path) {
            if !path.contains(&format!("{{{}}}", param.name)) {
                return Err(Error::new(
                    self.file,
                    pointer,
                    format!("path parameter `{}` is not in the path template {path}", param.name),
                    "rename the parameter or fix its `in` in the overlay",
                ));
            }
        }
        Ok(params)
    }

    /// One parameter at `at`; `None` for a `$ref` left unresolved or a header the client sends.
    fn parameter(&mut self, param: &ReferenceOr<Parameter>, at: &str, prefix: &str) -> Result<Option<Param>> {
        let (schemas, client_headers, file) = (&mut *self.schemas, self.client_headers, self.file);
        let ReferenceOr::Item(param) = param else { return Ok(None) };
        let data = param.parameter_data_ref();
        let separator = match param {
            Parameter::Query { style: openapiv3::QueryStyle::SpaceDelimited, .. } => Separator::Space,
            Parameter::Query { style: openapiv3::QueryStyle::PipeDelimited, .. } => Separator::Pipe,
            _ => Separator::Comma,
        };
        let (location, flatten) = match param {
            Parameter::Path { .. } => (Location::Path, false),
            Parameter::Query { .. } => {
                let object = matches!(&data.format, ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) if matches!(s.schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::Object(_)) | openapiv3::SchemaKind::OneOf { .. } | openapiv3::SchemaKind::AnyOf { .. }));
                (Location::Query, object && data.explode != Some(false))
            }
            Parameter::Header { .. } => {
                if client_headers.iter().any(|h| h.eq_ignore_ascii_case(&data.name)) {
                    return Ok(None);
                }
                (Location::Header, false)
            }
            Parameter::Cookie { .. } => {
                return Err(Error::new(
                    file,
                    at,
                    "cookie parameters are not supported",
                    "remove the parameter in the overlay and say why",
                ));
            }
        };
        // A parameter described by `content` (one media type) is sent as JSON text when the
        // media type is JSON; a path parameter or another media type is not expressed.
        let (schema, json) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => (schema, false),
            ParameterSchemaOrContent::Content(content) => {
                let json = content.iter().find(|(media, _)| is_json(media)).and_then(|(_, m)| m.schema.as_ref());
                match json {
                    Some(schema) if location != Location::Path => (schema, true),
                    _ => {
                        return Err(Error::new(
                            file,
                            format!("{at}/content"),
                            "a parameter described by `content` is only generated for a query or header \
                             parameter with a JSON media type and a schema",
                            "give it a `schema` in the overlay",
                        ))
                    }
                }
            }
        };
        let flatten = flatten && !json;
        let mut raw = serde_json::to_value(schema).unwrap_or(Value::Null);
        // A parameter cannot carry `null` (a path, query string or header has
        // no null), so nullability of it and its array items means nothing.
        if let Some(object) = raw.as_object_mut() {
            object.shift_remove("nullable");
            if let Some(items) = object.get_mut("items").and_then(Value::as_object_mut) {
                items.shift_remove("nullable");
            }
        }
        let name = format!("{prefix}_{}", data.name.to_upper_camel_case());
        let schema =
            request_schema(schemas, SchemaRequest::Operation { schema: raw, name, pointer: format!("{at}/schema") });
        Ok(Some(Param {
            name: data.name.clone(),
            location,
            required: data.required || location == Location::Path,
            doc: data.description.clone(),
            schema,
            flatten,
            // Exploded arrays repeat the parameter; `form` explodes unless told not to.
            explode: data.explode.unwrap_or(separator == Separator::Comma),
            separator,
            json,
        }))
    }

    /// The request body of the operation at `pointer` in every media type it is sent as.
    fn bodies(&mut self, pointer: &str, prefix: &str) -> Vec<Body> {
        let at = format!("{pointer}/requestBody");
        // A `$ref` to a request body component is followed (normalization inlines most).
        let body = self.spec.pointer(&at).map(|body| super::bodies::resolve(self.spec, body));
        match body.and_then(Value::as_object) {
            Some(raw) => super::bodies::request_bodies(self.spec, raw, self.schemas, &at, prefix),
            None => Vec::new(),
        }
    }

    /// The documented responses of an operation: (success, errors).
    fn responses(&mut self, op: &openapiv3::Operation, pointer: &str, prefix: &str) -> (Vec<Reply>, Vec<Reply>) {
        let schemas = &mut *self.schemas;
        let mut success = Vec::new();
        let mut errors = Vec::new();
        let responses = op
            .responses
            .responses
            .iter()
            .map(|(s, r)| (Some(s), r))
            .chain(op.responses.default.iter().map(|r| (None, r)));
        for (status, response) in responses {
            let ReferenceOr::Item(response) = response else { continue };
            let status = match status {
                Some(StatusCode::Code(code)) => Status::Code(*code),
                Some(StatusCode::Range(range)) => Status::Range(*range),
                None => Status::Default,
            };
            let key = status.to_string();
            let at = format!("{pointer}/responses/{key}");
            let name =
                if status.is_success() { format!("{prefix}_response_{key}") } else { format!("{prefix}_error_{key}") };
            let component = response.extensions.get(crate::normalize::RESPONSE_COMPONENT).and_then(Value::as_str);
            let media = super::bodies::response_media(response.content.keys());
            let schema =
                response.content.iter().find(|(media, _)| is_json(media)).map(|(media, content)| {
                    match &content.schema {
                        Some(schema) => {
                            let raw = serde_json::to_value(schema).unwrap_or(Value::Null);
                            let at = format!("{at}/content/{}/schema", escape_token(media));
                            let request = match component {
                                Some(component) => SchemaRequest::SharedResponse {
                                    component: component.to_owned(),
                                    schema: raw,
                                    pointer: format!(
                                        "/components/responses/{}/content/{}/schema",
                                        escape_token(component),
                                        escape_token(media)
                                    ),
                                },
                                None => SchemaRequest::Operation { schema: raw, name: name.clone(), pointer: at },
                            };
                            request_schema(schemas, request)
                        }
                        None => request_schema(schemas, SchemaRequest::Empty),
                    }
                });
            let media_type = match media {
                super::ir::Media::Json => response.content.keys().find(|media| is_json(media)),
                _ => response.content.keys().next(),
            }
            .cloned();
            let reply = Reply { status, media, schema, media_type, doc: response.description.clone() };
            if status.is_success() {
                success.push(reply);
            } else {
                errors.push(reply);
            }
        }
        (success, errors)
    }
}

use super::bodies::is_json;

/// What the client needs: its servers (from the manifest, else the spec's, possibly none)
/// and where the token goes. Schemes the client cannot apply and a spec without servers
/// are reported in `warnings` (schemes also in `degraded`).
pub fn client(
    api: &openapiv3::OpenAPI,
    spec: &Value,
    file: &Path,
    title: &str,
    settings: &ClientSettings,
    warnings: &mut Vec<Error>,
    degraded: &mut Vec<crate::Degradation>,
) -> Result<ClientSpec> {
    let mut servers = Vec::new();
    for (index, server) in settings.servers.iter().enumerate() {
        let from_spec = api.servers.get(index);
        let url = server.url.clone().or_else(|| from_spec.map(|s| server_url(s).0)).ok_or_else(|| {
            Error::new(
                file,
                "/servers",
                format!("server `{}` has no URL and the spec has no server #{index}", server.name),
                "give it a `url` in provider.toml",
            )
        })?;
        let description = server
            .description
            .clone()
            .or_else(|| from_spec.and_then(|s| s.description.clone()))
            .unwrap_or_else(|| server.name.clone());
        servers.push(Server { name: server.name.clone(), url: trim_url(&url), description });
    }
    if servers.is_empty() {
        match api.servers.as_slice() {
            [] => warnings.push(Error::new(
                file,
                "/servers",
                "the spec has no servers: the client requires a base URL (`Client::builder(token).base_url(\"https://…\")`)",
                "list the provider's servers in provider.toml under [[client.servers]], or in the overlay",
            )),
            [only] => {
                let (url, variables) = server_url(only);
                let description = only.description.clone().unwrap_or_else(|| "The API server".to_owned());
                servers.push(Server {
                    name: "default".to_owned(),
                    url: trim_url(&url),
                    description: description + &variables,
                });
            }
            several => {
                // Without names from a manifest, servers are numbered in spec order.
                for (index, server) in several.iter().enumerate() {
                    let (url, variables) = server_url(server);
                    let description = server.description.clone().unwrap_or_else(|| format!("Server #{}", index + 1));
                    servers.push(Server {
                        name: format!("server_{}", index + 1),
                        url: trim_url(&url),
                        description: description + &variables,
                    });
                }
            }
        }
    }
    let security = super::security::analyse(api, spec, file, settings, warnings, degraded);
    Ok(ClientSpec { title: title.to_owned(), servers, security, headers: settings.headers.clone() })
}

/// The URL of a spec server with each `{variable}` replaced by its default, and a
/// sentence documenting the variables (empty without variables).
pub fn server_url(server: &openapiv3::Server) -> (String, String) {
    let mut url = server.url.clone();
    let mut values = Vec::new();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
        let mut notes: Vec<String> = Vec::new();
        if !variable.enumeration.is_empty() {
            let listed: Vec<String> = variable.enumeration.iter().map(|v| format!("`{v}`")).collect();
            notes.push(format!("one of {}", listed.join(", ")));
        }
        notes.extend(variable.description.as_deref().map(|d| d.trim().to_owned()).filter(|d| !d.is_empty()));
        let notes = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join("; ")) };
        values.push(format!("`{{{name}}}` = `{}`{notes}", variable.default));
    }
    let doc = match values.as_slice() {
        [] => String::new(),
        values => format!(
            "\n\nThe URL template is `{}` with {} (use `ClientBuilder::base_url` for other values); with these \
             defaults the base URL is",
            server.url,
            values.join(" and ")
        ),
    };
    (url, doc)
}

/// A server URL without its trailing slashes (`/` stays `/`).
pub fn trim_url(url: &str) -> String {
    match url.trim_end_matches('/') {
        "" => url.get(..1).unwrap_or("").to_owned(),
        trimmed => trimmed.to_owned(),
    }
}

/// Reads the webhooks of the spec: OpenAPI 3.1 `webhooks` (kept when a 3.1 spec is read), then
/// those authored as the extension `x-webhooks` (a 3.0 spec's or an overlay's) under names
/// `webhooks` does not use, in the spec's order, recording each payload's schema in `schemas`
/// (named `<name>_webhook` when inline). A webhook's operation is its first method with an
/// operation (`post` in practice); its payload is the request body's JSON media type
/// (`application/json` or another `…json` type), `{}` when it has none.
pub fn webhooks(spec: &Value, schemas: &mut Vec<SchemaRequest>) -> Vec<super::ir::Webhook> {
    let mut seen = std::collections::BTreeSet::new();
    let hooks = ["webhooks", "x-webhooks"].into_iter().flat_map(|section| {
        spec.get(section)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(move |(name, item)| (section, name, item))
    });
    let mut read = Vec::new();
    for (section, name, item) in hooks {
        if !seen.insert(name.as_str()) {
            continue;
        }
        let item = super::bodies::resolve(spec, item);
        let Some((method, op)) = ["post", "put", "patch", "get", "delete", "head", "options", "trace"]
            .into_iter()
            .find_map(|method| item.get(method).filter(|op| op.is_object()).map(|op| (method, op)))
        else {
            continue;
        };
        let pointer = format!("/{section}/{}/{method}", escape_token(name));
        let content =
            op.get("requestBody").map(|body| super::bodies::resolve(spec, body)).and_then(|body| body.get("content"));
        let media = content.and_then(Value::as_object).and_then(|content| {
            content
                .get("application/json")
                .or_else(|| content.iter().find(|(media, _)| media.contains("json")).map(|(_, value)| value))
        });
        let schema = media.and_then(|media| media.get("schema"));
        // A delivery that is a JSON array of events (Zoho Desk batches them) declares an array
        // of the event's schema: each element is one event.
        let items = schema
            .map(|schema| super::bodies::resolve(spec, schema))
            .filter(|schema| schema.get("type").and_then(Value::as_str) == Some("array"))
            .and_then(|schema| schema.get("items"))
            .filter(|items| items.is_object());
        let batched = items.is_some();
        let schema = items.or(schema);
        let request = match schema {
            Some(schema) => SchemaRequest::Operation {
                schema: schema.clone(),
                name: format!("{name}_webhook"),
                pointer: format!("{pointer}/requestBody{}", if batched { "/items" } else { "" }),
            },
            None => SchemaRequest::Empty,
        };
        let schema_ref = request_schema(schemas, request);
        let mut properties = std::collections::BTreeMap::new();
        let mut declared = std::collections::BTreeSet::new();
        if let Some(schema) = schema {
            string_properties(spec, schema, 0, &mut properties, &mut declared);
        }
        let doc = ["summary", "description"]
            .into_iter()
            .filter_map(|key| op.get(key).and_then(Value::as_str))
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        read.push(super::ir::Webhook {
            name: name.clone(),
            pointer,
            doc,
            schema: schema_ref,
            properties,
            batched,
            declared,
        });
    }
    read
}

/// How many `allOf`s deep [`string_properties`] looks.
const MAX_DEPTH: usize = 16;

/// The string properties of `schema` (and of what it refers to and its `allOf` members), each
/// with the one value it pins (`enum` of one string; a 3.1 `const` was made such an `enum`),
/// and in `declared` every property name, whatever its type.
fn string_properties(
    spec: &Value,
    schema: &Value,
    depth: usize,
    out: &mut std::collections::BTreeMap<String, Option<String>>,
    declared: &mut std::collections::BTreeSet<String>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let schema = super::bodies::resolve(spec, schema);
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            declared.insert(name.clone());
            let property = super::bodies::resolve(spec, property);
            let pinned = match property.get("enum").and_then(Value::as_array).map(Vec::as_slice) {
                Some([Value::String(value)]) => Some(value.clone()),
                _ => property.get("const").and_then(Value::as_str).map(str::to_owned),
            };
            let is_string = property.get("type").and_then(Value::as_str) == Some("string") || pinned.is_some();
            if is_string {
                let entry = out.entry(name.clone()).or_insert(None);
                if entry.is_none() {
                    *entry = pinned;
                }
            }
        }
    }
    for member in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        string_properties(spec, member, depth + 1, out, declared);
    }
}
