//! Generation: from a normalized spec to the token streams of a crate's files.

mod bodies;
mod client;
mod evolution;
mod features;
mod ir;
mod mock;
mod model;
mod multipart;
mod names;
mod operations;
mod pagination;
mod paging;
mod plan;
mod plan_text;
mod readable;
pub(crate) mod runtime;
mod security;
mod syntax;
mod table;
mod types;
mod webhook_plan;
mod webhook_print;

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;
use typify::{TypeSpace, TypeSpaceSettings};

use self::runtime::RUNTIME;
use crate::error::{Error, Result};
use crate::manifest::{ClientSettings, DecodePolicy};
use crate::schema::SchemaSet;

/// The generated sources of a crate, before formatting.
pub struct Generated {
    /// `src/types.rs`: the schema types.
    pub types: syn::File,
    /// `src/operations.rs`: `impl Client` with one method per operation, and their types.
    pub operations: TokenStream,
    /// The client, builder and servers (part of `src/lib.rs`).
    pub client: TokenStream,
    /// `src/mock.rs` (feature `mock`): the typed mock server and one stub builder per operation.
    pub mock: TokenStream,
    /// `src/webhooks.rs` (feature `webhooks`) when the spec declares webhooks.
    pub webhooks: Option<WebhooksModule>,
    /// Cargo features: one per tag, plus `all-schemas`.
    pub features: Vec<String>,
    /// Number of operations.
    pub operation_count: usize,
    /// Number of named schema types.
    pub type_count: usize,
    /// Crates the types need: chrono, uuid, regress.
    pub uses: Uses,
    /// Schemas degraded or keywords dropped to keep the crate generable.
    pub warnings: Vec<Error>,
    /// What could not be expressed and was degraded locally (each is also in `warnings`).
    pub degraded: Vec<crate::Degradation>,
    /// Operations not generated, with the reason (listed in the crate docs).
    pub skipped: Vec<model::Skipped>,
    /// Whether building a client needs a base URL from the caller (the spec names no
    /// server, or a relative one).
    pub needs_base_url: bool,
    /// The planned model as text, one line per decision (see `plan_text`).
    pub plan: String,
}

/// What the generator is told of the provider's webhooks beside the spec.
pub struct WebhookInputs<'a> {
    /// The manifest's `[webhooks]` section.
    pub settings: &'a crate::WebhookSettings,
    /// The event names `[webhooks.names]` points at, read from their document.
    pub names: Option<&'a crate::EventNameList>,
}

/// The printed `webhooks` module and what its docs say of it.
pub struct WebhooksModule {
    /// Its items: `WebhookEvent` (when discriminated) and `parse_as`.
    pub tokens: TokenStream,
    /// Whether the payloads are told apart (`WebhookEvent::parse` exists), or only `parse_as`.
    pub discriminated: bool,
    /// The summary the crate reports (`Crate::webhooks`).
    pub summary: crate::WebhookSummary,
    /// The runtime feature the crate's `webhooks` feature turns on (`webhooks`, or
    /// `webhooks-hmac` with a signature scheme).
    pub runtime_feature: &'static str,
}

/// Optional dependencies the generated types need.
#[derive(Debug, Clone, Copy, Default)]
pub struct Uses {
    /// `chrono` for `date` / `date-time` formats.
    pub chrono: bool,
    /// `uuid` for the `uuid` format.
    pub uuid: bool,
    /// `regress` for `pattern`.
    pub regress: bool,
}

/// Generates the sources for a normalized `spec` (shown as `file`); `skipped_before` are the
/// operations normalization took out, listed with the others not generated.
///
/// # Errors
/// Structural problems of the spec, with the JSON pointer; typify failures
/// (including panics inside typify, caught here) with the schema they concern.
pub fn generate(
    spec: &Value,
    skipped_before: Vec<crate::Skipped>,
    file: &Path,
    title: &str,
    settings: &ClientSettings,
    decode: DecodePolicy,
    webhook_inputs: &WebhookInputs<'_>,
) -> Result<Generated> {
    let webhook_settings = webhook_inputs.settings;
    let shown = file.display().to_string();
    // What does not read as OpenAPI 3.0 is taken out, part by part (operations skipped,
    // schemas free-form), so that the rest is generated.
    let readable::Parsed { spec: readable_spec, api, removed } = readable::parse(spec, file)?;
    let spec = &readable_spec;

    let client_headers: Vec<String> = settings.headers.iter().map(|h| h.name.clone()).collect();
    // Reading records each operation's schemas; conversion then takes the components and
    // them, in that order (the names of hoisted types depend on it).
    let mut requests = Vec::new();
    let (operations, mut skipped) = model::operations(spec, &api, &mut requests, &client_headers, file)?;
    // The client (servers, where the token goes); its warnings are reported after the others.
    let (mut client_warnings, mut client_degradations) = (Vec::new(), Vec::new());
    let client_spec = model::client(&api, spec, file, title, settings, &mut client_warnings, &mut client_degradations)?;
    // The webhooks' payloads are recorded after the operations' schemas.
    let webhooks = model::webhooks(spec, &mut requests);
    let signature_plan = webhook_settings
        .signature
        .as_ref()
        .map(|signature| webhook_plan::signature(signature, &client_spec.servers, file))
        .transpose()?;
    let names_plan = webhook_inputs.names.map(|list| webhook_plan::names(list, &webhooks, file)).transpose()?;
    let fields_plan =
        webhook_settings.event.as_ref().map(|fields| webhook_plan::fields(fields, &webhooks, file)).transpose()?;
    if webhooks.is_empty()
        && (webhook_settings.signature.is_some() || webhook_inputs.names.is_some() || webhook_settings.event.is_some())
    {
        return Err(Error::new(
            file,
            "/webhooks",
            "provider.toml sets [webhooks.signature] or [webhooks.names], but the spec declares no webhooks",
            "author the webhooks under `x-webhooks` in the overlay, or remove the [webhooks] settings",
        ));
    }
    let (schemas, converted) = convert(spec, &shown, decode, requests);
    skipped.splice(0..0, skipped_before.into_iter().chain(removed.skipped));
    let skipped_while_reading = skipped.len();
    if let Some((pointer, message)) = schemas.problems.first() {
        return Err(Error::new(file, pointer, message, "fix the extension's value in the overlay"));
    }

    let mut warnings: Vec<Error> = schemas
        .warnings
        .iter()
        .map(|(pointer, message)| {
            Error::new(
                file,
                pointer,
                message,
                "correct the schema in the overlay (the generated type is sound without it)",
            )
        })
        .collect();
    let defs = schemas
        .defs
        .iter()
        .map(|(name, schema)| {
            let schema: schemars::schema::Schema = serde_json::from_value(schema.clone()).map_err(|err| {
                Error::new(
                    file,
                    format!("/components/schemas/{name}"),
                    format!("schema cannot be read as JSON Schema: {err}"),
                    "fix the schema in the overlay",
                )
            })?;
            Ok((name.clone(), schema))
        })
        .collect::<Result<Vec<_>>>()?;
    let type_count = defs.len();
    let mut degradations: Vec<crate::Degradation> = removed.degraded;
    warnings.extend(removed.warnings);
    // Integer enums and tagged unions are generated by `types::integer_enums` and
    // `types::tagged_unions`, not by typify.
    let replaced: Vec<Replacement> = schemas
        .integer_enums
        .keys()
        .map(|d| Replacement { name: helpdesk_spec::naming::type_name(d), display: true })
        .chain(
            schemas
                .tagged_unions
                .keys()
                .map(|d| Replacement { name: helpdesk_spec::naming::type_name(d), display: false }),
        )
        .collect();
    // Each definition's output is checked (a second `to_stream` per attempt) only when the
    // whole output panics: the usual case converts and prints once.
    let mut checked = false;
    let (space, degraded, resolution, hooks, stream) = loop {
        let (mut space, degraded) = convert_definitions(&defs, &replaced, file, checked)?;
        let resolution = resolve_operations(&operations, &converted, &mut space, file);
        let hooks = resolve_webhooks(&webhooks, &converted, &mut space, file)?;
        match guard(file, "/components/schemas", || space.to_stream()) {
            Ok(stream) => break (space, degraded, resolution, hooks, stream),
            // Some definition's output panics: convert again checking each attempt's output,
            // so that the culprit is found and degraded.
            Err(_) if !checked => checked = true,
            Err(err) => return Err(err),
        }
    };
    for (name, reason) in &degraded {
        let warning = Error::new(
            file,
            format!("/components/schemas/{}", crate::error::escape_token(name)),
            format!("typify cannot convert schema `{name}` ({reason}); it is generated as `serde_json::Value`"),
            "simplify the schema in the overlay to get a typed struct",
        );
        degradations.push(crate::Degradation::new(crate::DegradationKind::Schema, warning.clone()));
        warnings.push(warning);
    }
    warnings.extend(resolution.warnings);
    degradations.extend(resolution.degradations);
    let (hook_types, hook_warnings, hook_degradations) = hooks;
    warnings.extend(hook_warnings);
    degradations.extend(hook_degradations);

    // An operation whose types cannot be built is skipped (listed in the crate docs); the
    // others are generated.
    let mut ready = Vec::new();
    for (op, types) in operations.iter().zip(resolution.types) {
        match types {
            Ok(types) => ready.push((op, types)),
            Err(problem) => skipped.push(model::Skipped {
                id: op.id.clone(),
                http_method: op.http_method.as_str().to_owned(),
                path: op.path.clone(),
                problem,
            }),
        }
    }
    for op in &skipped {
        let problem = &op.problem;
        let warning = Error::new(
            &problem.file,
            &problem.pointer,
            format!("operation `{}` ({} {}) is not generated: {}", op.id, op.http_method, op.path, problem.message),
            &problem.fix,
        );
        degradations.push(crate::Degradation::new(crate::DegradationKind::Operation, warning.clone()));
        warnings.push(warning);
    }

    // Finishing the types: typify's output as data, the only place it is read as syntax.
    let mut types: syn::File = syn::parse2(stream).map_err(|err| {
        Error::new(
            file,
            "/components/schemas",
            format!("typify produced code that does not parse: {err}"),
            "report this generator bug",
        )
    })?;
    // Components' type names (typify names a component's type after it), and back.
    let components: std::collections::BTreeMap<String, &String> =
        schemas.defs.keys().map(|def| (helpdesk_spec::naming::type_name(def), def)).collect();
    for name in types::uninhabited_enums(&mut types) {
        // A component's own type, or one typify made for a part of one (named after it: the
        // longest component name it starts with).
        let component = components.get(&name).copied().or_else(|| {
            components
                .iter()
                .filter(|(ty, _)| name.starts_with(ty.as_str()))
                .max_by_key(|(ty, _)| ty.len())
                .map(|(_, d)| *d)
        });
        let pointer = match component {
            Some(def) => format!("/components/schemas/{}", crate::error::escape_token(def)),
            None => "/components/schemas".to_owned(),
        };
        let warning = Error::new(
            file,
            pointer,
            format!(
                "no value satisfies the schema of `{name}` as typify reads it; it is generated as `serde_json::Value`"
            ),
            "simplify the schema in the overlay (an `allOf` of one object, say) to get a typed struct",
        );
        degradations.push(crate::Degradation::new(crate::DegradationKind::Schema, warning.clone()));
        warnings.push(warning);
    }
    types::unique_fields(&mut types);
    types::post_process(&mut types, &schemas.nullable_fields);
    types::lenient(&mut types, &schemas.lenient_fields);
    types::name_variants(&mut types, &schemas.enum_names);
    types::string_enums_via_str(&mut types);
    types::integer_enums(&mut types, &schemas.integer_enums);
    types::tagged_unions(&mut types, &schemas.tagged_unions);
    evolution::mark_non_exhaustive(&mut types.items);
    // Features: each operation's, and the types each reaches (seeded by the types the
    // operation's schemas resolved to).
    let mut seeds: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        std::collections::BTreeMap::new();
    let mut gates = Vec::new();
    for (op, types) in &ready {
        let feature = features::feature_of(op.tag.as_deref());
        gates.push((features::cfg(&feature), feature.clone()));
        seeds.entry(feature).or_default().extend(features::mentions(types));
    }
    if !webhooks.is_empty() {
        seeds.insert(features::WEBHOOKS.to_owned(), features::webhook_mentions(&hook_types));
    }
    features::gate(&mut types, &seeds);
    let table = table::TypeTable::of(&types);

    // Planning: each operation's methods (names, arguments, success and error types), then
    // the streams of paginated ones on the finished types (every `x-pagination` error here).
    let method_plans: Vec<plan::MethodPlan> = ready.iter().map(|(op, types)| plan::plan(op, types)).collect();
    let paginated: Vec<pagination::Paged<'_>> = ready
        .iter()
        .zip(&method_plans)
        .zip(&gates)
        .filter(|(((op, _), _), _)| op.pagination.is_some())
        .map(|(((op, _), method), (cfg, _))| pagination::Paged { op, method: &method.signature, cfg: cfg.clone() })
        .collect();
    let plans =
        paginated.iter().map(|paged| pagination::plan(paged, &table, &converted, file)).collect::<Result<Vec<_>>>()?;
    let webhook_plan =
        webhook_plan::plan(&webhooks, &hook_types, signature_plan, names_plan, fields_plan.map(|f| (f, &table)));

    // Printing: nothing is decided or can fail from here on.
    let mut methods = Vec::new();
    let mut items = Vec::new();
    let mut dispatches = Vec::new();
    for (((op, types), method_plan), (cfg, _)) in ready.iter().zip(&method_plans).zip(&gates) {
        let operations::Emitted { methods: op_methods, items: op_items, dispatch } =
            operations::emit(op, types, method_plan, &shown, cfg);
        dispatches.push(quote!(#cfg #dispatch));
        methods.push(op_methods);
        items.push(op_items);
    }
    for plan in &plans {
        let (paged_methods, helpers) = pagination::emit(plan);
        methods.push(paged_methods);
        items.push(helpers);
    }
    // The mock module: a second printer of the same plan.
    let ready_ops: Vec<&ir::Operation> = ready.iter().map(|(op, _)| *op).collect();
    let mock_methods = plan::mock_methods(&ready_ops);
    let mock_items: Vec<mock::MockEmitted> = ready
        .iter()
        .zip(&method_plans)
        .zip(&gates)
        .zip(&mock_methods)
        .map(|((((op, types), method_plan), (cfg, _)), method)| {
            mock::emit(&mock::MockOperation { op, types, plan: method_plan, method, cfg }, &shown)
        })
        .collect();
    let mock = mock::module(&mock_items);
    let webhooks_module = webhook_plan.as_ref().map(|plan| WebhooksModule {
        tokens: webhook_print::emit(plan, &shown),
        discriminated: plan.discriminant.is_some(),
        runtime_feature: match plan.signature {
            Some(webhook_plan::SignaturePlan::Hmac(_)) => "webhooks-hmac",
            Some(webhook_plan::SignaturePlan::Jwt(_)) => "webhooks-jwt",
            None => "webhooks",
        },
        summary: crate::WebhookSummary {
            webhooks: plan.events.len(),
            discriminant: plan.discriminant.as_ref().map(|d| d.property.clone()),
        },
    });
    // The planned model as text.
    let mut plan = String::new();
    for ((((op, types), method_plan), (_, feature)), mock_method) in
        ready.iter().zip(&method_plans).zip(&gates).zip(&mock_methods)
    {
        plan_text::operation(&mut plan, op, types, method_plan, mock_method, feature);
    }
    plan_text::skipped(&mut plan, &skipped);
    for page_plan in &plans {
        plan_text::paging(&mut plan, page_plan);
    }
    if let Some(webhook_plan) = &webhook_plan {
        plan_text::webhooks(&mut plan, webhook_plan);
    }
    // `webhooks` is not a tag's feature: it is off by default (see `emit::manifest`).
    let mut feature_list: Vec<String> = seeds.keys().filter(|f| f.as_str() != features::WEBHOOKS).cloned().collect();
    feature_list.push(features::ALL_SCHEMAS.to_owned());

    warnings.extend(client_warnings);
    degradations.extend(client_degradations);
    let needs_base_url = client_spec.needs_base_url();
    let client = client::emit(&client_spec);
    // A spec without operations (OpenAPI 3.1 makes `paths` optional) has a match of only `_`.
    let allow_decode = if dispatches.is_empty() {
        quote!(#[allow(unused_variables, clippy::match_single_binding)])
    } else {
        quote!(#[allow(unused_variables)])
    };
    let operations_tokens = quote! {
        #[allow(unused_imports)]
        use #RUNTIME::{__private::Decoded, Error, Response};
        #[allow(unused_imports)]
        use crate::types;
        use crate::Client;

        impl Client {
            #(#methods)*
        }

        #(#items)*

        /// Not public API: hooks for this workspace's tests, which may change in any release.
        #[doc(hidden)]
        pub mod __private {
            /// Decodes `body` as the response of `operation_id` with `status`, exactly as
            /// the operation's method does. `None` for an unknown operationId (or one
            /// whose feature is off); `Ok` with the decoded value's `Debug` text when the
            /// status is documented and the body matches its schema; `Err` with the reason
            /// otherwise. For tests that check documented examples.
            #allow_decode
            pub fn decode_response(operation_id: &str, status: u16, body: &[u8]) -> Option<Result<String, String>> {
                #[allow(unused_imports)]
                use super::*;
                match operation_id {
                    #(#dispatches)*
                    _ => None,
                }
            }
        }

        #[allow(dead_code)]
        fn describe<T: ::std::fmt::Debug, E: ::std::fmt::Debug>(decoded: Decoded<T, E>) -> Result<String, String> {
            match decoded {
                Decoded::Ok(value) => Ok(format!("{value:?}")),
                Decoded::Err(value) => Ok(format!("{value:?}")),
                Decoded::Unexpected => Err("the status is not documented for this operation".to_owned()),
                Decoded::Invalid(err) => Err(err.to_string()),
            }
        }
    };
    Ok(Generated {
        types,
        operations: operations_tokens,
        client,
        mock,
        webhooks: webhooks_module,
        features: feature_list,
        operation_count: operations.len() - (skipped.len() - skipped_while_reading),
        type_count,
        uses: Uses { chrono: space.uses_chrono(), uuid: space.uses_uuid(), regress: space.uses_regress() },
        warnings,
        degraded: degradations,
        skipped,
        needs_base_url,
        plan,
    })
}

/// Conversion (`schema.rs`): the spec's schema components, then the schemas reading
/// recorded, in order, then the set's finishing (integer enums, problems); returns the set
/// (definitions for typify and what the finishing passes need) and each recorded schema
/// converted, by its [`ir::SchemaRef`].
fn convert(
    spec: &Value,
    shown: &str,
    decode: DecodePolicy,
    requests: Vec<ir::SchemaRequest>,
) -> (SchemaSet, Vec<Value>) {
    let components = spec.pointer("/components/schemas").and_then(Value::as_object);
    let mut schemas = SchemaSet::new(shown, components, decode);
    for (name, schema) in components.into_iter().flatten() {
        schemas.add_component(name, schema);
    }
    let converted = requests
        .into_iter()
        .map(|request| match request {
            ir::SchemaRequest::Operation { schema, name, pointer } => {
                schemas.operation_schema(&schema, &name, &pointer)
            }
            ir::SchemaRequest::SharedResponse { component, schema, pointer } => {
                schemas.shared_response_schema(&component, &schema, &pointer)
            }
            ir::SchemaRequest::Empty => Value::Object(serde_json::Map::new()),
        })
        .collect();
    schemas.finish();
    (schemas, converted)
}

/// The Rust types of every operation's schemas, resolved in the type space, with the
/// warnings and degradations of the schemas typify cannot convert.
struct Resolution {
    /// Per operation, in order: its types, or the problem that keeps it from being generated.
    types: Vec<Result<plan::OperationTypes>>,
    /// Schemas degraded to `serde_json::Value`.
    warnings: Vec<Error>,
    /// The same, as degradations.
    degradations: Vec<crate::Degradation>,
}

/// Resolves the schemas of every operation (parameters, request bodies, replies) in `space`;
/// a schema typify cannot convert degrades to `serde_json::Value`, with a warning.
fn resolve_operations(
    operations: &[ir::Operation],
    converted: &[Value],
    space: &mut TypeSpace,
    file: &Path,
) -> Resolution {
    let mut warnings = Vec::new();
    let mut degradations = Vec::new();
    let mut types = Vec::new();
    for op in operations {
        let mut resolve = |schema: ir::SchemaRef, what: &str| -> Result<syn::Type> {
            let at = format!("{}{what}", op.pointer);
            resolve_schema(schema, &at, converted, space, file, &mut warnings, &mut degradations)
        };
        let resolved = (|| -> Result<plan::OperationTypes> {
            let params = op
                .params
                .iter()
                .map(|param| {
                    let ty = resolve(param.schema, "/parameters")?;
                    Ok(param_type(param, ty, converted.get(param.schema.0)))
                })
                .collect::<Result<Vec<_>>>()?;
            let bodies = op
                .bodies
                .iter()
                .map(|body| {
                    Ok(match &body.kind {
                        ir::BodyKind::Json { schema } | ir::BodyKind::Form { schema } => {
                            plan::BodyType::Typed(resolve(*schema, "/requestBody")?)
                        }
                        ir::BodyKind::Multipart { parts } => plan::BodyType::Parts(
                            parts
                                .iter()
                                .map(|part| part.schema.map(|schema| resolve(schema, "/requestBody")).transpose())
                                .collect::<Result<Vec<_>>>()?,
                        ),
                        ir::BodyKind::MultipartAny | ir::BodyKind::Raw { .. } => plan::BodyType::Opaque,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            let mut reply_type = |reply: &ir::Reply| -> Result<Option<syn::Type>> {
                Ok(match (reply.media, &reply.schema) {
                    (ir::Media::Json, Some(schema)) => Some(resolve(*schema, "/responses")?),
                    (ir::Media::Text, _) => Some(syn::parse_quote!(::std::string::String)),
                    (ir::Media::Bytes, _) => Some(syn::parse_quote!(::std::vec::Vec<u8>)),
                    _ => None,
                })
            };
            let success = op.success.iter().map(&mut reply_type).collect::<Result<Vec<_>>>()?;
            let errors = op.errors.iter().map(&mut reply_type).collect::<Result<Vec<_>>>()?;
            Ok(plan::OperationTypes { params, bodies, success, errors })
        })();
        types.push(resolved);
    }
    Resolution { types, warnings, degradations }
}

/// The Rust type of one recorded schema (at pointer `at`), added to `space`; a schema typify
/// cannot convert degrades to `serde_json::Value`, with a warning and a degradation.
fn resolve_schema(
    schema: ir::SchemaRef,
    at: &str,
    converted: &[Value],
    space: &mut TypeSpace,
    file: &Path,
    warnings: &mut Vec<Error>,
    degradations: &mut Vec<crate::Degradation>,
) -> Result<syn::Type> {
    let schema = converted
        .get(schema.0)
        .ok_or_else(|| Error::new(file, at, "a schema was not converted", "report this generator bug"))?;
    let schema: schemars::schema::Schema = serde_json::from_value(schema.clone()).map_err(|err| {
        Error::new(file, at, format!("schema cannot be read as JSON Schema: {err}"), "fix the schema in the overlay")
    })?;
    let id = match guard(file, at, || space.add_type(&schema)) {
        Ok(Ok(id)) => id,
        failed => {
            let reason = match failed {
                Ok(Err(err)) => err.to_string(),
                Err(err) => err.message,
                Ok(Ok(_)) => String::new(),
            };
            let reason = one_line(&reason);
            let warning = Error::new(
                file,
                at,
                format!("typify cannot convert this schema ({reason}); it is generated as `serde_json::Value`"),
                "simplify the schema in the overlay to get a typed value",
            );
            degradations.push(crate::Degradation::new(crate::DegradationKind::Schema, warning.clone()));
            warnings.push(warning);
            return Ok(syn::parse_quote!(#RUNTIME::serde_json::Value));
        }
    };
    let ty =
        space.get_type(&id).map_err(|err| Error::new(file, at, err.to_string(), "fix the schema in the overlay"))?;
    syn::parse2::<syn::Type>(ty.ident()).map_err(|err| {
        Error::new(file, at, format!("typify named a type that does not parse: {err}"), "report this generator bug")
    })
}

/// The payload type of every webhook, resolved in `space` like an operation's schemas (a
/// payload typify cannot convert is `serde_json::Value`, with a warning; one that cannot be
/// read at all is an error).
fn resolve_webhooks(
    webhooks: &[ir::Webhook],
    converted: &[Value],
    space: &mut TypeSpace,
    file: &Path,
) -> Result<(Vec<syn::Type>, Vec<Error>, Vec<crate::Degradation>)> {
    let (mut warnings, mut degradations) = (Vec::new(), Vec::new());
    let types = webhooks
        .iter()
        .map(|hook| {
            let at = format!("{}/requestBody", hook.pointer);
            resolve_schema(hook.schema, &at, converted, space, file, &mut warnings, &mut degradations)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((types, warnings, degradations))
}

/// What a parameter's converted schema decides: whether a query parameter is an array and
/// how its values are written, and how a path parameter is taken.
fn param_type(param: &ir::Param, ty: syn::Type, converted: Option<&Value>) -> plan::ParamType {
    let json_type = converted.and_then(|schema| schema.get("type"));
    let is_array = match json_type {
        Some(Value::String(t)) => t == "array",
        Some(Value::Array(types)) => types.iter().any(|t| t == "array"),
        _ => false,
    };
    let array = (param.location == ir::Location::Query && is_array && !param.json).then_some(match param.explode {
        true => ir::QueryArray::Repeat,
        false => ir::QueryArray::Join(param.separator),
    });
    let kind = json_type.and_then(Value::as_str);
    let string: syn::Type = syn::parse_quote!(::std::string::String);
    let path = if ty == string || kind == Some("object") {
        // An object in a path has no single text form: the caller gives it.
        plan::PathValue::Text
    } else if let (Some("array"), Some(item)) = (kind, syntax::wrapper_type(&ty, "Vec")) {
        plan::PathValue::Joined(Box::new(item.clone()))
    } else {
        plan::PathValue::Display
    };
    let by_hand = param.location == ir::Location::Header || array.is_some() || param.json;
    plan::ParamType { ty, array, path, by_hand }
}

/// How many definitions [`convert_definitions`] looks for by bisection before it gives up
/// on the others.
const MAX_BISECTIONS: usize = 16;

/// Converts the definitions into a type space, degrading to `serde_json::Value` (a `true`
/// schema) only the ones typify cannot convert (or panics on, in conversion or, when
/// `check_output`, in output), each returned with the reason.
///
/// First every definition is tried alone with what it refers to ([`culprits`]); when the
/// rest still fails (a culprit not found, a panic only when schemas are together), the
/// next culprit is found by bisection over the definitions in order (the shortest prefix
/// that fails ends with one), at most [`MAX_BISECTIONS`] times; then every remaining
/// definition is degraded. The number of conversions is bounded by about
/// `n + MAX_BISECTIONS · log2(n)`.
///
/// # Errors
/// When even every definition degraded does not convert (a generator bug).
fn convert_definitions(
    defs: &[(String, schemars::schema::Schema)],
    replaced: &[Replacement],
    file: &Path,
    check_output: bool,
) -> Result<(TypeSpace, Vec<(String, String)>)> {
    // Converts the definitions, the first `keep` of them as written unless degraded.
    let attempt = |keep: usize, degraded: &[(String, String)]| -> std::result::Result<TypeSpace, String> {
        let subset: Vec<_> = defs
            .iter()
            .enumerate()
            .map(|(i, (name, schema))| match i < keep && !degraded.iter().any(|(n, _)| n == name) {
                true => (name.clone(), schema.clone()),
                false => (name.clone(), schemars::schema::Schema::Bool(true)),
            })
            .collect();
        let mut space = type_space(replaced);
        let reason = match guard(file, "", || space.add_ref_types(subset)) {
            Ok(Ok(())) if !check_output => return Ok(space),
            Ok(Ok(())) => match guard(file, "", || space.to_stream()) {
                Ok(_) => return Ok(space),
                Err(err) => err.message,
            },
            Ok(Err(err)) => err.to_string(),
            Err(err) => err.message,
        };
        Err(one_line(&reason))
    };
    let names: Vec<String> = defs.iter().map(|(name, _)| name.clone()).collect();
    converge(&names, attempt, || culprits(defs, replaced, file)).map_err(|reason| {
        Error::new(
            file,
            "/components/schemas",
            format!("typify could not convert the schemas: {reason}"),
            "report this generator bug",
        )
    })
}

/// The search of [`convert_definitions`], over the definitions `names` (in order):
/// `attempt(keep, degraded)` converts the first `keep` definitions as written (except the
/// `degraded` ones) and the others degraded; `culprits` finds the definitions that fail
/// alone. Returns the converted result and the degraded definitions with their reasons.
///
/// # Errors
/// The last failure, when even every definition degraded does not convert.
fn converge<T>(
    names: &[String],
    mut attempt: impl FnMut(usize, &[(String, String)]) -> std::result::Result<T, String>,
    culprits: impl FnOnce() -> Vec<(String, String)>,
) -> std::result::Result<(T, Vec<(String, String)>), String> {
    let all = names.len();
    let mut degraded: Vec<(String, String)> = Vec::new();
    let mut failure = match attempt(all, &degraded) {
        Ok(converted) => return Ok((converted, degraded)),
        Err(reason) => reason,
    };
    // Some schema typify cannot convert (or panics on): find each one alone.
    degraded.extend(culprits());
    for _ in 0..MAX_BISECTIONS {
        match attempt(all, &degraded) {
            Ok(converted) => return Ok((converted, degraded)),
            Err(reason) => failure = reason,
        }
        // The shortest failing prefix: `low` converts, `high` fails.
        if attempt(0, &degraded).is_err() {
            break;
        }
        let (mut low, mut high) = (0, all);
        while high - low > 1 {
            let middle = low + (high - low) / 2;
            match attempt(middle, &degraded) {
                Ok(_) => low = middle,
                Err(reason) => {
                    failure = reason;
                    high = middle;
                }
            }
        }
        let culprit = &names[high - 1];
        if degraded.iter().any(|(n, _)| n == culprit) {
            break;
        }
        degraded.push((culprit.clone(), failure.clone()));
    }
    // Bounded: whatever still fails is degraded as a whole.
    for name in names {
        if !degraded.iter().any(|(n, _)| n == name) {
            degraded.push((name.clone(), format!("not converted together with the others: {failure}")));
        }
    }
    attempt(all, &degraded).map(|converted| (converted, degraded))
}

/// A type this crate generates instead of typify (an integer enum, a tagged union), which
/// typify refers to as `crate::types::<name>`.
struct Replacement {
    /// The Rust type name.
    name: String,
    /// Whether the type implements `Display` (integer enums do; typify may then use it).
    display: bool,
}

/// A type space with the settings every crate is generated with; the `replaced` types are
/// generated by this crate, as `crate::types::<name>`.
fn type_space(replaced: &[Replacement]) -> TypeSpace {
    let mut settings = TypeSpaceSettings::default();
    for replacement in replaced {
        let impls = replacement.display.then_some(typify::TypeSpaceImpl::Display);
        settings.with_replacement(&replacement.name, format!("crate::types::{}", replacement.name), impls.into_iter());
    }
    TypeSpace::new(
        settings
            .with_type_mod("types")
            .with_struct_builder(false)
            .with_derive("PartialEq".to_owned())
            .with_map_type("::std::collections::BTreeMap")
            // A bare number (what `schema` makes of a union's number member) keeps integers
            // exact: `serde_json::Number` instead of `f64`.
            .with_conversion(
                schemars::schema::SchemaObject {
                    instance_type: Some(schemars::schema::InstanceType::Number.into()),
                    ..Default::default()
                },
                runtime::JSON_NUMBER,
                [typify::TypeSpaceImpl::Display].into_iter(),
            ),
    )
}

/// The definitions typify cannot convert, each with the reason: each definition is tried
/// in a scratch type space with the definitions it refers to (directly or not), so that
/// one bad schema is found without converting the others again and again.
fn culprits(
    defs: &[(String, schemars::schema::Schema)],
    replaced: &[Replacement],
    file: &Path,
) -> Vec<(String, String)> {
    let index: std::collections::HashMap<&str, usize> =
        defs.iter().enumerate().map(|(i, (n, _))| (n.as_str(), i)).collect();
    let refs: Vec<Vec<usize>> = defs
        .iter()
        .map(|(_, schema)| {
            let mut found = Vec::new();
            collect_refs(&serde_json::to_value(schema).unwrap_or(Value::Null), "", &mut found);
            found.iter().filter_map(|name| index.get(name.as_str()).copied()).collect()
        })
        .collect();
    let mut bad = Vec::new();
    for (i, (name, _)) in defs.iter().enumerate() {
        let mut reachable = std::collections::BTreeSet::from([i]);
        let mut pending = vec![i];
        while let Some(next) = pending.pop() {
            for &target in &refs[next] {
                if reachable.insert(target) {
                    pending.push(target);
                }
            }
        }
        let subset: Vec<_> = reachable.iter().map(|&j| defs[j].clone()).collect();
        let mut scratch = type_space(replaced);
        let reason = match guard(file, "", || scratch.add_ref_types(subset)) {
            Ok(Ok(())) => continue,
            Ok(Err(err)) => err.to_string(),
            Err(err) => err.message,
        };
        bad.push((name.clone(), one_line(&reason)));
    }
    // A schema that fails only through another one it refers to is not at fault itself.
    let names: std::collections::BTreeSet<usize> =
        bad.iter().filter_map(|(n, _)| index.get(n.as_str()).copied()).collect();
    bad.into_iter()
        .filter(|(name, _)| {
            let own = index[name.as_str()];
            !refs[own].iter().any(|r| *r != own && names.contains(r))
        })
        .collect()
}

/// The first line of a typify message, at most 160 characters (a panic message may hold a
/// whole schema's `Debug` output).
fn one_line(reason: &str) -> String {
    let line = reason.lines().next().unwrap_or("").trim_end_matches('(').trim();
    match line.char_indices().nth(160) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_owned(),
    }
}

/// The definition names `$ref`s in `value` point to (`#/definitions/<name>`).
/// `at` is the pointer of `value` in the schema; data (defaults, enum values) is skipped.
fn collect_refs(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(target) = map.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/definitions/"))
            {
                out.push(target.to_owned());
            }
            for (key, child) in map {
                if !helpdesk_spec::resolve::is_data(at, key, child) {
                    collect_refs(child, &helpdesk_spec::pointer::push(at, key), out);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                collect_refs(item, &helpdesk_spec::pointer::push(at, &index.to_string()), out);
            }
        }
        _ => {}
    }
}

thread_local! {
    /// Set while this thread runs a guarded typify call: its panics are reported as errors, not printed.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a typify call, turning a panic into an error at `pointer`.
///
/// The panic hook is wrapped once per process: panics of guarded calls (on this
/// thread) are silent, every other panic still goes to the previous hook.
fn guard<T>(file: &Path, pointer: &str, f: impl FnOnce() -> T) -> Result<T> {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    GUARDED.with(|g| g.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(false));
    result.map_err(|payload| {
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "unknown panic".to_owned());
        Error::new(
            file,
            pointer,
            format!("typify panicked: {message}"),
            "simplify or fix the schema at this location in the overlay",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::converge;

    /// A conversion that fails while every definition of `together` is kept as written.
    fn failing_together<'a>(
        names: &'a [String],
        together: &'a [&'a str],
        calls: &'a std::cell::Cell<usize>,
    ) -> impl FnMut(usize, &[(String, String)]) -> Result<(), String> + 'a {
        move |keep, degraded| {
            calls.set(calls.get() + 1);
            let kept = |name: &str| {
                names.iter().position(|n| n == name).is_some_and(|i| i < keep)
                    && !degraded.iter().any(|(n, _)| n == name)
            };
            match together.iter().all(|name| kept(name)) {
                true => Err(format!("{together:?} together")),
                false => Ok(()),
            }
        }
    }

    #[test]
    fn a_failure_only_of_schemas_together_degrades_one_of_them() {
        let names: Vec<String> = (0..40).map(|i| format!("S{i}")).collect();
        let calls = std::cell::Cell::new(0);
        let (_, degraded) =
            converge(&names, failing_together(&names, &["S3", "S17"], &calls), Vec::new).expect("converges");
        let degraded: Vec<&str> = degraded.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(degraded, ["S17"], "the later of the two is degraded, nothing else");
        assert!(calls.get() <= 2 + 2 + 6, "bounded: {} conversions", calls.get());
    }

    #[test]
    fn culprits_found_alone_are_degraded_first_then_the_rest_by_bisection() {
        let names: Vec<String> = (0..8).map(|i| format!("S{i}")).collect();
        let calls = std::cell::Cell::new(0);
        let mut together = failing_together(&names, &["S1", "S2"], &calls);
        let attempt = |keep: usize, degraded: &[(String, String)]| {
            // `S5` fails alone (and is found alone), `S1` with `S2` only together.
            let alone = keep > 5 && !degraded.iter().any(|(n, _)| n == "S5");
            if alone {
                return Err("S5 alone".to_owned());
            }
            together(keep, degraded)
        };
        let (_, degraded) =
            converge(&names, attempt, || vec![("S5".to_owned(), "S5 alone".to_owned())]).expect("converges");
        assert_eq!(
            degraded,
            [("S5".to_owned(), "S5 alone".to_owned()), ("S2".to_owned(), "[\"S1\", \"S2\"] together".to_owned())]
        );
    }

    #[test]
    fn a_failure_that_no_schema_causes_is_an_error_after_degrading_all() {
        let names: Vec<String> = (0..5).map(|i| format!("S{i}")).collect();
        let result = converge(&names, |_, _| Err::<(), _>("always".to_owned()), Vec::new);
        assert_eq!(result.unwrap_err(), "always");
    }
}
