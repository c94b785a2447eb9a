//! Planning: each operation's methods decided before anything is printed (their names,
//! arguments, success and error types: the `Signature` the printers and the pagination plan
//! share), from the types its schemas resolved to.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

use super::ir::{Body, Location, Operation, QueryArray, Reply, Status};
use super::names;
use super::runtime::RUNTIME;

/// A parameter's Rust type and what its converted schema decides.
pub struct ParamType {
    /// The type typify resolved its schema to.
    pub ty: syn::Type,
    /// An array query parameter (not sent as JSON): how its values are written.
    pub array: Option<QueryArray>,
    /// How a path parameter's value is given and written into the path.
    pub path: PathValue,
    /// A query or header parameter added to the request by hand (a header, an array query
    /// parameter, one sent as JSON text), not serialised with the rest of the query string.
    pub by_hand: bool,
}

/// How a path parameter is taken and written into the path.
pub enum PathValue {
    /// As `&str`, written as given: a string, or an object (which has no single text form).
    Text,
    /// As `&[item]`, the items joined by commas (`style: simple`).
    Joined(Box<syn::Type>),
    /// As its type, written with `Display`.
    Display,
}

/// The Rust types an operation's request body resolved to, in one media type.
pub enum BodyType {
    /// A JSON or form body: its type.
    Typed(syn::Type),
    /// A multipart body: the type of each value part (`None` for file parts).
    Parts(Vec<Option<syn::Type>>),
    /// A body whose type the media type decides (raw bytes, an untyped multipart form).
    Opaque,
}

/// The Rust types an operation's schemas resolved to (in the order of the model).
pub struct OperationTypes {
    /// One per parameter.
    pub params: Vec<ParamType>,
    /// One per request body media type ([`Operation::bodies`]).
    pub bodies: Vec<BodyType>,
    /// One per success reply (`None`: no content).
    pub success: Vec<Option<syn::Type>>,
    /// One per error reply (`None`: no content).
    pub errors: Vec<Option<syn::Type>>,
}

/// One argument of a generated method: `ident: ty`.
#[derive(Clone)]
pub struct Arg {
    /// The argument's name.
    pub ident: syn::Ident,
    /// Its type (`&str`, `&Params`, `impl Into<Body>`, …).
    pub ty: syn::Type,
}

impl ToTokens for Arg {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let (ident, ty) = (&self.ident, &self.ty);
        tokens.extend(quote!(#ident: #ty));
    }
}

/// The success body of an operation's method.
pub enum Success {
    /// One type for every success status (the body itself, `()` or a JSON value).
    Whole,
    /// An enum of the documented statuses, which differ in body: each variant with the type
    /// of its body (`None`: no content).
    Enum {
        /// The enum (`<Prefix>Response`, an item of the operation).
        ident: syn::Ident,
        /// Its variants in status order.
        variants: Vec<(syn::Ident, Option<syn::Type>)>,
    },
}

/// The signature of an operation's own method (the one sending its first request body media
/// type), as the printed method has it: what its `*_pages` and `*_items` methods wrap.
pub struct Signature {
    /// The method's name.
    pub ident: syn::Ident,
    /// Its arguments after `&self`.
    pub args: Vec<Arg>,
    /// The success type: it returns `Result<Response<ok>, Error<error>>`.
    pub ok: syn::Type,
    /// The error enum (or `Undocumented`).
    pub error: syn::Type,
    /// What the success type is.
    pub success: Success,
}

/// What an operation's methods are, decided before anything is printed.
pub struct MethodPlan {
    /// The arguments of the operation's path parameters, in the model's order.
    pub path: Vec<syn::Ident>,
    /// The arguments every method of the operation takes first: path parameters, then the
    /// params struct.
    pub common: Vec<Arg>,
    /// The params struct's field of each query and header parameter, in the model's order.
    pub param_fields: Vec<syn::Ident>,
    /// One method per request body media type (the first is the operation's own method), or
    /// one without a body: its name and its body arguments.
    pub methods: Vec<(String, Vec<Arg>)>,
    /// The signature of the operation's own method.
    pub signature: Signature,
    /// The setters of the path parameters on the operation's mock stub builder: the path
    /// arguments' names, with `_param` appended to one named like a method the builder has.
    pub mock_path: Vec<syn::Ident>,
    /// For a paginated operation, the success reply (an index into [`Operation::success`]) its
    /// mock serves pages with: the first documented status with a JSON body.
    pub mock_pages: Option<usize>,
}

/// Methods every mock stub builder has besides its `respond_*` ones, which a path parameter's
/// setter must not shadow.
const STUB_METHODS: [&str; 6] = ["and", "body_partial", "delay", "expect", "mount", "mount_as_scoped"];

/// Methods of a mock server (its own and those of the runtime's server it dereferences to),
/// which an operation's stub method must not take.
const SERVER_METHODS: [&str; 10] =
    ["start", "client", "client_builder", "uri", "wiremock", "requests", "received", "verify", "reset", "deref"];

/// The name of each operation's stub method on the mock server: its client method's name, with
/// `_stub` (then `_2`, `_3`, …) appended to one that the server's own methods take.
pub fn mock_methods(operations: &[&Operation]) -> Vec<syn::Ident> {
    let mut taken: std::collections::HashSet<String> = SERVER_METHODS.iter().map(|s| (*s).to_owned()).collect();
    let own: std::collections::HashSet<String> = operations.iter().map(|op| op.method_name()).collect();
    operations
        .iter()
        .map(|op| {
            let name = op.method_name();
            let chosen = match taken.contains(&name) {
                false => name,
                true => helpdesk_spec::naming::unique(
                    &format!("{name}_stub"),
                    |n| format!("{name}_stub_{n}"),
                    |candidate| !own.contains(candidate) && !taken.contains(candidate),
                ),
            };
            taken.insert(chosen.clone());
            names::field(&chosen)
        })
        .collect()
}

/// Plans the methods of an operation: their names, arguments, success and error types.
pub fn plan(op: &Operation, types: &OperationTypes) -> MethodPlan {
    let prefix = op.type_prefix();
    let method_name = op.method_name();
    // Path parameters: positional arguments. One named like another argument (or like another
    // path parameter, once in snake case) gets `_2`, `_3`, ….
    let mut taken: std::collections::HashSet<String> =
        ["body", "params", "content_type"].into_iter().map(str::to_owned).collect();
    let mut path = Vec::new();
    let mut common = Vec::new();
    for (param, resolved) in op.params.iter().zip(&types.params).filter(|(p, _)| p.location == Location::Path) {
        let ident = unique_ident(&param.name, &mut taken);
        let ty: syn::Type = match &resolved.path {
            PathValue::Text => syn::parse_quote!(&str),
            PathValue::Joined(item) => syn::parse_quote!(&[#item]),
            PathValue::Display => resolved.ty.clone(),
        };
        common.push(Arg { ident: ident.clone(), ty });
        path.push(ident);
    }
    // Query and header parameters: one params struct. `userId` and `user_id`, or a query and a
    // header parameter of one name: the later one gets `_header` (a header) or `_2`, `_3`, …
    // appended (spec-diff names them alike).
    let param_fields = helpdesk_spec::naming::param_fields(
        op.params
            .iter()
            .filter(|p| p.location != Location::Path)
            .map(|param| (param.name.as_str(), param.location == Location::Header)),
    )
    .iter()
    .map(|field| proc_macro2::Ident::new(field, proc_macro2::Span::call_site()))
    .collect();
    if op.params.iter().any(|p| p.location != Location::Path) {
        let params_ident = format_ident!("{}Params", prefix);
        common.push(Arg { ident: format_ident!("params"), ty: syn::parse_quote!(&#params_ident) });
    }
    let methods: Vec<(String, Vec<Arg>)> = if op.bodies.is_empty() {
        vec![(method_name.clone(), Vec::new())]
    } else {
        op.bodies
            .iter()
            .zip(&types.bodies)
            .enumerate()
            .map(|(index, (body, body_type))| {
                let name = match index {
                    0 => method_name.clone(),
                    _ => format!("{method_name}_{}", body.kind.method_suffix()),
                };
                (name, body_arguments(body, body_type, &prefix))
            })
            .collect()
    };
    let error: syn::Type = if op.errors.is_empty() {
        // Without documented error statuses there is no enum: the shared uninhabited type says so.
        syn::parse_quote!(#RUNTIME::Undocumented)
    } else {
        let error_ident = format_ident!("{}Error", prefix);
        syn::parse_quote!(#error_ident)
    };
    let (ok, success) = success_type(op, types, &prefix);
    let mut args = common.clone();
    args.extend(methods.first().map(|(_, body)| body.clone()).unwrap_or_default());
    let signature = Signature { ident: names::field(&method_name), args, ok, error, success };
    let mock_path = path
        .iter()
        .map(|ident| {
            let name = ident.to_string();
            let name = name.trim_start_matches("r#");
            match STUB_METHODS.contains(&name) || name.starts_with("respond_") {
                true => format_ident!("{}_param", name),
                false => ident.clone(),
            }
        })
        .collect();
    let mock_pages = op.pagination.as_ref().and_then(|_| {
        op.success.iter().zip(&types.success).position(|(reply, ty)| {
            matches!(reply.status, Status::Code(_)) && reply.media == super::ir::Media::Json && ty.is_some()
        })
    });
    MethodPlan { path, common, param_fields, methods, signature, mock_path, mock_pages }
}

/// The success type of an operation's methods: one type when every success status has the
/// same body (a JSON value when none is documented), else an enum of the statuses.
fn success_type(op: &Operation, types: &OperationTypes, prefix: &str) -> (syn::Type, Success) {
    if op.success.is_empty() {
        return (syn::parse_quote!(#RUNTIME::serde_json::Value), Success::Whole);
    }
    let mut distinct: Vec<&Option<syn::Type>> = Vec::new();
    for ty in &types.success {
        if !distinct.contains(&ty) {
            distinct.push(ty);
        }
    }
    if distinct.len() == 1 {
        return (types.success[0].clone().unwrap_or_else(|| syn::parse_quote!(())), Success::Whole);
    }
    let ident = format_ident!("{}Response", prefix);
    let variants =
        op.success.iter().zip(&types.success).map(|(reply, ty)| (variant_ident(reply), ty.clone())).collect();
    (syn::parse_quote!(#ident), Success::Enum { ident, variants })
}

/// The body arguments of a method sending a request body in one media type.
fn body_arguments(body: &Body, body_type: &BodyType, prefix: &str) -> Vec<Arg> {
    use super::ir::BodyKind;
    let arg = |name: &str, ty: syn::Type| Arg { ident: format_ident!("{name}"), ty };
    match (&body.kind, body_type) {
        (BodyKind::Json { .. } | BodyKind::Form { .. }, BodyType::Typed(ty)) => {
            vec![arg("body", syn::parse_quote!(&#ty))]
        }
        (BodyKind::Multipart { .. }, BodyType::Parts(_)) => {
            let ident = format_ident!("{}Multipart", prefix);
            vec![arg("body", syn::parse_quote!(#ident))]
        }
        (BodyKind::Raw { content_type: Some(_) }, _) => {
            vec![arg("body", syn::parse_quote!(impl ::std::convert::Into<#RUNTIME::reqwest::Body>))]
        }
        (BodyKind::Raw { content_type: None }, _) => vec![
            arg("body", syn::parse_quote!(impl ::std::convert::Into<#RUNTIME::reqwest::Body>)),
            arg("content_type", syn::parse_quote!(&str)),
        ],
        // A multipart body whose schema lists no parts, or a mismatch (never built).
        _ => vec![arg("body", syn::parse_quote!(#RUNTIME::reqwest::multipart::Form))],
    }
}

/// The identifier of `name` (snake case, keywords escaped), with `_2`, `_3`, … appended
/// while it is in `taken`; the result is added to `taken`.
fn unique_ident(name: &str, taken: &mut std::collections::HashSet<String>) -> proc_macro2::Ident {
    let chosen = helpdesk_spec::naming::unique(
        name,
        |n| format!("{name}_{n}"),
        |candidate| taken.insert(helpdesk_spec::naming::field_name(candidate)),
    );
    names::field(&chosen)
}

/// The variant of a reply in its operation's response or error enum (`Status404`,
/// `Status4XX`, `Default`).
pub fn variant_ident(reply: &Reply) -> proc_macro2::Ident {
    match reply.status {
        Status::Range(digit) => format_ident!("Status{}XX", digit),
        Status::Code(code) => format_ident!("Status{}", code),
        Status::Default => format_ident!("Default"),
    }
}
