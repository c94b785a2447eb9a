//! Emits one `Client` method per operation, with its params struct and response/error enums.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

use super::ir::{Body, Location, Media, Operation, QueryArray, Reply, Status};
use super::names;
use super::plan::{variant_ident, Arg, BodyType, MethodPlan, OperationTypes, PathValue, Signature, Success};
use super::runtime::{PRIVATE, RUNTIME};
use crate::docs::doc_lines;

/// The emitted items of one operation: the method, and items outside `impl Client`, each
/// gated by the operation's feature.
pub struct Emitted {
    /// The `pub async fn`s inside `impl Client`: the operation's method, one per further
    /// request body media type, and a streaming one for binary and text responses.
    pub methods: TokenStream,
    /// Params struct, multipart parts struct, response/error enums and the decode function.
    pub items: TokenStream,
    /// The `decode_response` match arm: operationId → decode function.
    pub dispatch: TokenStream,
}

/// Emits an operation, each method and item behind `cfg` (its feature's gate). `file` is
/// the spec as shown in source pointers.
pub fn emit(op: &Operation, types: &OperationTypes, plan: &MethodPlan, file: &str, cfg: &TokenStream) -> Emitted {
    let prefix = op.type_prefix();
    let method_name = op.method_name();
    let mut items: Vec<TokenStream> = Vec::new();
    let path_stmt = path_statement(op, types, &plan.path);
    let common_args = &plan.common;
    let param_steps = params_struct(op, types, &plan.param_fields, &prefix, &mut items);

    let error_ident = format_ident!("{}Error", prefix);
    let (ok_ty, error_ty) = (&plan.signature.ok, &plan.signature.error);
    let mut decoding = Decoding::default();
    decoding.success(op, types, &plan.signature, &mut items);
    decoding.errors(op, types, &error_ident, &mut items);

    // The body is unused when every documented status has no content.
    let bytes_ident = if decoding.uses_bytes { format_ident!("bytes") } else { format_ident!("_bytes") };
    let arms = &decoding.arms;
    // The decode function is separate from the method so that `decode_response`
    // (used by the example sweep) runs exactly the code the method runs.
    let decode_ident = format_ident!("decode_{}", method_name);
    let decode_doc = format!(" Decodes a response of `{}` by its status.", op.id);
    items.push(quote! {
        #[doc = #decode_doc]
        fn #decode_ident(status: u16, #bytes_ident: &[u8]) -> Decoded<#ok_ty, #error_ty> {
            match status { #(#arms)* }
        }
    });
    // Every per-operation type is at the crate root under the operation's name: the params,
    // error and response enums above, and aliases of its request and response bodies.
    if let Some(BodyType::Typed(body)) = types.bodies.first() {
        let alias = format_ident!("{}RequestBody", prefix);
        let alias_doc = format!(" The request body of [`Client::{method_name}`].");
        items.push(quote! { #[doc = #alias_doc] pub type #alias = #body; });
    }
    let alias = format_ident!("{}ResponseBody", prefix);
    let alias_doc = format!(" The decoded success body of [`Client::{method_name}`] (`Response::body`).");
    items.push(quote! { #[doc = #alias_doc] pub type #alias = #ok_ty; });

    let deprecated = if op.deprecated { quote!(#[deprecated = "deprecated in the spec"]) } else { quote!() };
    let http_method = format_ident!("{}", op.http_method.as_str());
    let (op_id, op_path) = (&op.id, &op.path);
    let shared = Shared { path_stmt: &path_stmt, http_method: &http_method, op_id, op_path };

    // One method per request body media type (the first is the operation's method), or
    // one without a body.
    let variants: Vec<Option<(&Body, &BodyType)>> =
        if op.bodies.is_empty() { vec![None] } else { op.bodies.iter().zip(&types.bodies).map(Some).collect() };
    // The method sending the body in its `index`th media type.
    let method_for =
        |index: usize| plan.methods.get(index).map_or_else(|| method_name.clone(), |(name, _)| name.clone());
    let mut methods = TokenStream::new();
    let mut first_body: Option<(Vec<Arg>, Vec<TokenStream>)> = None;
    for (index, variant) in variants.iter().enumerate() {
        let mut args = common_args.clone();
        let mut steps = param_steps.clone();
        let name = method_for(index);
        let mut body_doc = String::new();
        if let Some((body, body_type)) = variant {
            args.extend(plan.methods.get(index).map(|(_, body)| body.clone()).unwrap_or_default());
            steps.extend(body_steps(op, body, body_type, &prefix, &name, &mut items));
            let optional = if body.required { "" } else { " (optional in the spec; always sent)" };
            body_doc = format!("\n\nRequest body: `{}`{optional}.", body.media_type);
            if op.bodies.len() > 1 {
                let others: Vec<String> = op
                    .bodies
                    .iter()
                    .enumerate()
                    .filter(|(other, _)| *other != index)
                    .map(|(other, b)| format!("`{}` with [`Client::{}`]", b.media_type, method_for(other)))
                    .collect();
                body_doc.push_str(&format!(" The spec also accepts {}.", others.join(", ")));
            }
        }
        if index == 0 {
            first_body = Some((args.clone(), steps.clone()));
        }
        let doc = doc_lines(&method_doc(op, file, &prefix, &body_doc));
        let request = request_tokens(&shared, &steps);
        let method_ident = names::field(&name);
        methods.extend(quote! {
            #cfg
            #doc
            #deprecated
            pub async fn #method_ident(&self, #(#args),*) -> Result<Response<#ok_ty>, Error<#error_ty>> {
                #request
                // Sending is not generic (compiled once, in the runtime); only decoding is per operation.
                let raw = self.core.send(operation, request).await.map_err(Error::widen)?;
                raw.decode(#decode_ident)
            }
        });
    }
    // A binary response (a download) can also be read as it arrives.
    let streams = op.success.iter().any(|r| r.media == Media::Bytes);
    if let (true, Some((args, steps))) = (streams, first_body) {
        let name = format!("{method_name}_stream");
        let method_ident = names::field(&name);
        let doc = doc_lines(&format!(
            "[`Client::{method_name}`], with the success body read as it arrives: a [`ByteStream`](::helpdesk_runtime::ByteStream) of chunks, never buffered as a whole (for downloads larger than the client's response size limit). Any success status (2xx) is streamed; error statuses are read and decoded as by [`Client::{method_name}`].\n\nSource: `{file}#{}`.\n\n# Errors\n\nAs [`Client::{method_name}`]; errors while reading the stream are its items.",
            op.pointer
        ));
        let request = request_tokens(&shared, &steps);
        methods.extend(quote! {
            #cfg
            #doc
            #deprecated
            pub async fn #method_ident(&self, #(#args),*) -> Result<Response<#RUNTIME::ByteStream>, Error<#error_ty>> {
                #request
                match self.core.send_streaming(operation, request).await.map_err(Error::widen)? {
                    #PRIVATE::Streamed::Open(response) => Ok(response),
                    #PRIVATE::Streamed::Read(raw) => Err(raw.into_error(#decode_ident)),
                }
            }
        });
    }
    let dispatch = quote!(#op_id => Some(describe(#decode_ident(status, body))),);
    let items = items.iter().map(|item| quote!(#cfg #item));
    Emitted { methods, items: quote!(#(#items)*), dispatch }
}

/// What every method of an operation shares.
struct Shared<'a> {
    path_stmt: &'a TokenStream,
    http_method: &'a proc_macro2::Ident,
    op_id: &'a str,
    op_path: &'a str,
}

/// The statements that build the request (`request`) and its `operation`.
fn request_tokens(shared: &Shared<'_>, steps: &[TokenStream]) -> TokenStream {
    let Shared { path_stmt, http_method, op_id, op_path } = shared;
    let mutable = if steps.is_empty() { quote!() } else { quote!(mut) };
    quote! {
        #path_stmt
        let #mutable request = self.core.request(#RUNTIME::reqwest::Method::#http_method, path);
        #(#steps)*
        let operation = #PRIVATE::Operation { id: #op_id, path: #op_path };
    }
}

/// The request steps of a request body in one media type; a multipart parts struct is
/// added to `items`.
fn body_steps(
    op: &Operation,
    body: &Body,
    body_type: &BodyType,
    prefix: &str,
    method: &str,
    items: &mut Vec<TokenStream>,
) -> Vec<TokenStream> {
    use super::ir::BodyKind;
    match (&body.kind, body_type) {
        (BodyKind::Json { .. }, BodyType::Typed(_)) => vec![quote! { request = self.core.json(request, body)?; }],
        (BodyKind::Form { .. }, BodyType::Typed(_)) => vec![quote! { request = self.core.form(request, body)?; }],
        (BodyKind::Multipart { parts }, BodyType::Parts(part_types)) => {
            super::multipart::emit(op, parts, part_types, prefix, method, &body.pointer, items);
            vec![super::multipart::steps(parts)]
        }
        (BodyKind::Raw { content_type: Some(media) }, _) => {
            vec![quote! { request = self.core.raw(request, body.into(), #media)?; }]
        }
        (BodyKind::Raw { content_type: None }, _) => {
            vec![quote! { request = self.core.raw(request, body.into(), content_type)?; }]
        }
        // A multipart body whose schema lists no parts, or a mismatch (never built).
        _ => vec![quote! { request = request.multipart(body); }],
    }
}

/// The statement that builds the path, each path parameter's value (the argument planned
/// for it, in `idents`) percent-encoded.
fn path_statement(op: &Operation, types: &OperationTypes, idents: &[syn::Ident]) -> TokenStream {
    let mut segments = std::collections::BTreeMap::new();
    let path_params = op.params.iter().zip(&types.params).filter(|(p, _)| p.location == Location::Path);
    for ((param, resolved), ident) in path_params.zip(idents) {
        let name = &param.name;
        let value = match &resolved.path {
            PathValue::Text => quote!(#PRIVATE::path_segment(#name, #ident).map_err(Error::InvalidRequest)?),
            PathValue::Joined(_) => {
                // `style: simple` (the only style of a path parameter here): values joined by commas.
                quote!(#PRIVATE::path_segment(#name, &#ident.iter().map(|v| v.to_string()).collect::<::std::vec::Vec<_>>().join(",")).map_err(Error::InvalidRequest)?)
            }
            PathValue::Display => {
                quote!(#PRIVATE::path_segment(#name, &#ident.to_string()).map_err(Error::InvalidRequest)?)
            }
        };
        segments.insert(name.as_str(), value);
    }
    let (path_format, path_args) = path_format(&op.path, &segments);
    if path_args.is_empty() {
        let path = &op.path;
        quote!(let path = #path;)
    } else {
        quote!(let path = &format!(#path_format, #(#path_args),*);)
    }
}

/// Query and header parameters: the `*Params` struct (with `new` or `Default`, and
/// setters) added to `items` and its argument to `args`; returns the request steps that
/// put its fields into the query string and headers.
fn params_struct(
    op: &Operation,
    types: &OperationTypes,
    field_names: &[syn::Ident],
    prefix: &str,
    items: &mut Vec<TokenStream>,
) -> Vec<TokenStream> {
    let mut request_steps = Vec::new();
    let others: Vec<_> = op.params.iter().zip(&types.params).filter(|(p, _)| p.location != Location::Path).collect();
    if !others.is_empty() {
        let params_ident = format_ident!("{}Params", prefix);
        let mut fields = Vec::new();
        let mut all_optional = true;
        let mut required = Vec::new();
        for ((param, resolved), ident) in others.iter().zip(field_names) {
            let (ty, array) = (&resolved.ty, resolved.array);
            let name = &param.name;
            let doc = doc_lines(param.doc.as_deref().unwrap_or(""));
            let kind = match param.location {
                Location::Query => "Query parameter",
                _ => "Header parameter",
            };
            let kind_doc = format!(" {kind} `{name}`{}.", if param.required { " (required)" } else { "" });
            // Headers and array query parameters are added by hand below; the rest
            // of the struct serialises as the query string.
            let (field_ty, serde) = match (resolved.by_hand, param.required, param.flatten) {
                (true, true, _) => (quote!(#ty), quote!(#[serde(skip)])),
                (true, false, _) => (quote!(::std::option::Option<#ty>), quote!(#[serde(skip)])),
                (_, true, true) => (quote!(#ty), quote!(#[serde(flatten)])),
                (_, false, true) => (quote!(::std::option::Option<#ty>), quote!(#[serde(flatten)])),
                (_, true, false) => (quote!(#ty), quote!(#[serde(rename = #name)])),
                (_, false, false) => (
                    quote!(::std::option::Option<#ty>),
                    quote!(#[serde(rename = #name, skip_serializing_if = "::std::option::Option::is_none")]),
                ),
            };
            all_optional &= !param.required;
            if param.required {
                required.push(ident.clone());
            }
            fields.push(quote! { #[doc = #kind_doc] #doc #serde pub #ident: #field_ty, });
            let value = if param.required { quote!(Some(&params.#ident)) } else { quote!(params.#ident.as_ref()) };
            // A parameter described by `content` with a JSON media type is sent as JSON text.
            let text = match param.json {
                true => quote!(#PRIVATE::json_parameter_text),
                false => quote!(#PRIVATE::parameter_text),
            };
            match (param.location, array) {
                (Location::Header, _) => request_steps.push(quote! {
                    if let Some(value) = #value {
                        let text = #text(#name, value).map_err(Error::InvalidRequest)?;
                        request = self.core.header(request, #name, &text)?;
                    }
                }),
                (_, None) if param.json => request_steps.push(quote! {
                    if let Some(value) = #value {
                        let text = #text(#name, value).map_err(Error::InvalidRequest)?;
                        request = request.query(&[(#name, text)]);
                    }
                }),
                (_, Some(QueryArray::Repeat)) => request_steps.push(quote! {
                    for value in #value.into_iter().flatten() {
                        let text = #PRIVATE::parameter_text(#name, value).map_err(Error::InvalidRequest)?;
                        request = request.query(&[(#name, text)]);
                    }
                }),
                (_, Some(QueryArray::Join(separator))) => request_steps.push({
                    let separator_text = separator.as_str();
                    quote! {
                    if let Some(values) = #value {
                        let texts = values
                            .iter()
                            .map(|v| #PRIVATE::parameter_text(#name, v))
                            .collect::<::std::result::Result<::std::vec::Vec<_>, _>>()
                            .map_err(Error::InvalidRequest)?;
                        request = request.query(&[(#name, texts.join(#separator_text))]);
                    }
                    }
                }),
                _ => {}
            }
        }
        if others.iter().any(|(p, resolved)| p.location == Location::Query && resolved.array.is_none()) {
            request_steps.insert(0, quote! { request = request.query(params); });
        }
        let derive_default = if all_optional { quote!(Default,) } else { quote!() };
        let doc = format!(
            " Query and header parameters of [`Client::{}`]: {}.",
            op.method_name(),
            if all_optional {
                "`Default` and chainable setters"
            } else {
                "`new` with the required ones, setters for the others"
            }
        );
        let params: syn::ItemStruct = syn::parse_quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq, #derive_default ::serde::Serialize)]
            #[non_exhaustive]
            pub struct #params_ident { #(#fields)* }
        };
        if let syn::Fields::Named(named) = &params.fields {
            if !all_optional {
                items.push(super::syntax::constructor(&params_ident, named, &required).into_token_stream());
            }
            items.extend(super::syntax::setters(&params_ident, named).map(|s| s.into_token_stream()));
        }
        items.push(params.into_token_stream());
    }

    request_steps
}

/// The decode function's match arms, built from the documented responses.
#[derive(Default)]
struct Decoding {
    arms: Vec<TokenStream>,
    /// Whether an arm reads the body.
    uses_bytes: bool,
}

impl Decoding {
    /// Success: one type, or an enum of the documented statuses when they differ (added to
    /// `items`). Returns the method's success type.
    fn success(&mut self, op: &Operation, types: &OperationTypes, signature: &Signature, items: &mut Vec<TokenStream>) {
        let error_ty = &signature.error;
        match &signature.success {
            Success::Whole if op.success.is_empty() => {
                self.arms.push(quote!(200..=299 => Decoded::json(bytes),));
                self.uses_bytes = true;
            }
            Success::Whole => {
                let typed = types.success.first().is_some_and(Option::is_some);
                for reply in &op.success {
                    let pattern = status_pattern(reply);
                    let read = reader(reply);
                    self.arms.push(match typed {
                        true => quote!(#pattern => Decoded::#read(bytes),),
                        false => quote!(#pattern => Decoded::Ok(()),),
                    });
                }
                self.uses_bytes |= typed;
            }
            Success::Enum { ident: enum_ident, .. } => {
                let mut variants = Vec::new();
                for (reply, ty) in op.success.iter().zip(&types.success) {
                    let variant = variant_ident(reply);
                    let pattern = status_pattern(reply);
                    let doc = doc_lines(&reply.doc);
                    let read = reader(reply);
                    match ty {
                        Some(ty) => {
                            self.uses_bytes = true;
                            variants.push(quote!(#doc #variant(#ty),));
                            self.arms.push(
                                quote!(#pattern => Decoded::<#ty, #error_ty>::#read(bytes).map_ok(#enum_ident::#variant),),
                            );
                        }
                        None => {
                            variants.push(quote!(#doc #variant,));
                            self.arms.push(quote!(#pattern => Decoded::Ok(#enum_ident::#variant),));
                        }
                    }
                }
                let doc = format!(" The documented success responses of [`Client::{}`].", op.method_name());
                let allow = mixed_sizes(&types.success);
                items.push(quote! {
                    #[doc = #doc]
                    #[derive(Debug, Clone, PartialEq)]
                    #allow
                    #[non_exhaustive]
                    pub enum #enum_ident { #(#variants)* }
                });
            }
        }
    }

    /// Errors: the error enum (one variant per documented error status, carrying the decoded
    /// body) added to `items`, its arms, and the last arm (`default` or undocumented).
    fn errors(
        &mut self,
        op: &Operation,
        types: &OperationTypes,
        error_ident: &syn::Ident,
        items: &mut Vec<TokenStream>,
    ) {
        let mut variants = Vec::new();
        let mut default_arm = quote!(_ => Decoded::Unexpected,);
        for (reply, ty) in op.errors.iter().zip(&types.errors) {
            let variant = variant_ident(reply);
            let doc = doc_lines(&reply.doc);
            let (decl, arm) = match ty {
                Some(ty) => {
                    self.uses_bytes = true;
                    let arm = match reply.media {
                        Media::Text => {
                            quote!(Decoded::Err(#error_ident::#variant(::std::string::String::from_utf8_lossy(bytes).into_owned())))
                        }
                        Media::Bytes => quote!(Decoded::Err(#error_ident::#variant(bytes.to_vec()))),
                        _ => quote!(Decoded::error(bytes, #error_ident::#variant)),
                    };
                    (quote!(#doc #variant(#ty),), arm)
                }
                None => (quote!(#doc #variant,), quote!(Decoded::Err(#error_ident::#variant))),
            };
            variants.push(decl);
            match reply.status {
                Status::Default => default_arm = quote!(_ => #arm,),
                Status::Code(_) | Status::Range(_) => {
                    let pattern = status_pattern(reply);
                    self.arms.push(quote!(#pattern => #arm,));
                }
            }
        }
        self.arms.push(default_arm);
        if !op.errors.is_empty() {
            let error_doc = format!(
                " The documented error responses of [`Client::{}`], each with its decoded body.",
                op.method_name()
            );
            let allow = mixed_sizes(&types.errors);
            items.push(quote! {
                #[doc = #error_doc]
                #[derive(Debug, Clone, PartialEq)]
                #allow
                #[non_exhaustive]
                pub enum #error_ident { #(#variants)* }
            });
        }
    }
}

/// `#[allow(clippy::large_enum_variant)]` for a response enum with a bodiless status (a
/// variant without data) next to one with a body: its size is the body's, as for `Result`,
/// and boxing the body would only make matching on it harder (the value is short-lived).
fn mixed_sizes(replies: &[Option<syn::Type>]) -> TokenStream {
    if replies.iter().any(Option::is_none) && replies.iter().any(Option::is_some) {
        quote!(#[allow(clippy::large_enum_variant)])
    } else {
        quote!()
    }
}

/// The method's doc: the spec's summary and description, method and path, the request
/// body's media type (`body`), source, errors.
fn method_doc(op: &Operation, file: &str, prefix: &str, body: &str) -> String {
    let mut doc = String::new();
    if !op.doc.is_empty() {
        doc.push_str(&op.doc);
        doc.push_str("\n\n");
    }
    doc.push_str(&format!(
        "`{} {}` (operationId `{}`).{body}\n\nSource: `{file}#{}`.\n\n# Errors\n\n",
        op.http_method, op.path, op.id, op.pointer
    ));
    if op.errors.is_empty() {
        doc.push_str("The spec documents no error status; any error status is [`Error::UnexpectedStatus`].");
    } else {
        let statuses: Vec<String> = op
            .errors
            .iter()
            .map(|r| match r.status {
                Status::Default => "any other status (`default`)".to_owned(),
                status => status.to_string(),
            })
            .collect();
        doc.push_str(&format!(
            "[`Error::Api`] with [`{prefix}Error`] for {}; [`Error::UnexpectedStatus`] for undocumented statuses; [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`] and [`Error::InvalidRequest`] as documented there.",
            statuses.join(", ")
        ));
    }
    doc
}

/// The `format!` string of a path template and its arguments, in order of appearance:
/// each `{name}` of a path parameter becomes `{}` with that parameter's encoded value
/// (a parameter used twice is encoded twice); every other brace is escaped.
fn path_format(template: &str, segments: &std::collections::BTreeMap<&str, TokenStream>) -> (String, Vec<TokenStream>) {
    let mut format = String::new();
    let mut args = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        format.push_str(&before.replace('}', "}}"));
        let parameter = after[1..].find('}').map(|close| (&after[1..=close], &after[close + 2..]));
        match parameter.and_then(|(name, tail)| segments.get(name).map(|value| (value, tail))) {
            Some((value, tail)) => {
                format.push_str("{}");
                args.push(value.clone());
                rest = tail;
            }
            None => {
                format.push_str("{{");
                rest = &after[1..];
            }
        }
    }
    format.push_str(&rest.replace('}', "}}"));
    (format, args)
}

fn status_pattern(reply: &Reply) -> TokenStream {
    match reply.status {
        Status::Range(digit) => {
            let (low, high) = (
                proc_macro2::Literal::u16_unsuffixed(digit * 100),
                proc_macro2::Literal::u16_unsuffixed(digit * 100 + 99),
            );
            quote!(#low..=#high)
        }
        Status::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        Status::Default => quote!(_),
    }
}

/// The `Decoded` constructor that reads a success body of the reply's media type.
fn reader(reply: &Reply) -> proc_macro2::Ident {
    match reply.media {
        Media::Text => format_ident!("text"),
        Media::Bytes => format_ident!("bytes"),
        Media::Json | Media::Empty => format_ident!("json"),
    }
}
