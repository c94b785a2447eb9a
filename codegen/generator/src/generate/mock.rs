//! Printing the `mock` module (feature `mock`): a typed mock server with one stub builder per
//! operation, from the same planned model as the client (a second printer of it; it decides
//! nothing). The machinery is the runtime's `mock` module.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ir::{BodyKind, Location, Media, Operation, QueryArray, Reply, Status};
use super::paging::Pagination;
use super::plan::{BodyType, MethodPlan, OperationTypes, PathValue};
use super::runtime::{PRIVATE, RUNTIME};
use crate::docs::one_line;

/// What the mock printer needs of one operation.
pub struct MockOperation<'a> {
    pub op: &'a Operation,
    pub types: &'a OperationTypes,
    pub plan: &'a MethodPlan,
    /// Its stub method on the mock server.
    pub method: &'a syn::Ident,
    /// Its feature gate.
    pub cfg: &'a TokenStream,
}

/// One operation's part of the `mock` module.
pub struct MockEmitted {
    /// Its stub method and stub builder.
    pub items: TokenStream,
    /// Its arm of the hidden `serve_documented` hook (for the workspace's tests).
    pub serve: TokenStream,
}

/// The stub method and stub builder of one operation, as items of the `mock` module.
pub fn emit(mock: &MockOperation<'_>, file: &str) -> MockEmitted {
    let MockOperation { op, types, plan, method, cfg } = mock;
    let prefix = op.type_prefix();
    let stub = format_ident!("{}Stub", prefix);
    let (op_id, http_method, path) = (&op.id, op.http_method.as_str(), &op.path);
    let client_method = &plan.signature.ident;
    let method_doc = format!(
        " A stub of [`Client::{client_method}`](crate::Client::{client_method}): `{http_method} {}` (operationId `{}`).\n\n It matches any request of the operation until narrowed by its setters; choose its response with a `respond_*` method, then mount it.\n\n Source: `{file}#{}`.",
        one_line(path).replace('`', "'"),
        one_line(op_id).replace('`', "'"),
        op.pointer
    );
    let struct_doc = format!(
        " The stub builder of [`Client::{client_method}`](crate::Client::{client_method}), from [`MockServer::{method}`]."
    );
    let mut setters = Vec::new();
    setters.extend(path_setters(op, types, plan));
    setters.extend(params_setter(op, types, &plan.param_fields, &prefix));
    setters.extend(body_setters(op, types));
    setters.extend(responders(op, types));
    setters.extend(pages(op, types, plan));
    let serve = serve_arm(mock);
    let items = quote! {
        #cfg
        impl MockServer {
            #[doc = #method_doc]
            pub fn #method(&self) -> #stub<'_> {
                #stub { stub: #RUNTIME::mock::Stub::new(&self.server, #op_id, #http_method, #path) }
            }
        }

        #cfg
        #[doc = #struct_doc]
        #[must_use = "a stub serves nothing until it is mounted"]
        #[derive(Debug)]
        pub struct #stub<'a> {
            stub: #RUNTIME::mock::Stub<'a>,
        }

        #cfg
        impl #stub<'_> {
            #(#setters)*

            /// Serves `status` with `body` as it is, without a `Content-Type`: for error paths
            /// the spec does not describe (an HTML error page, a truncated body).
            pub fn respond_raw(mut self, status: u16, body: impl ::std::convert::Into<::std::vec::Vec<u8>>) -> Self {
                self.stub.respond_raw(status, body);
                self
            }

            /// Adds the header `name: value` to the response (a documented response header
            /// such as `Retry-After`, or any other).
            pub fn respond_header(mut self, name: &str, value: &str) -> Self {
                self.stub.respond_header(name, value);
                self
            }

            /// Serves the response after `delay` (to test timeouts).
            pub fn delay(mut self, delay: ::std::time::Duration) -> Self {
                self.stub.delay(delay);
                self
            }

            /// Expects the stub to be called `times` (a number or a range) before the server
            /// is dropped (which panics otherwise, failing the test).
            pub fn expect(mut self, times: impl ::std::convert::Into<#RUNTIME::mock::wiremock::Times>) -> Self {
                self.stub.expect(times);
                self
            }

            /// Matches only requests that `matcher` (any `wiremock` matcher) also matches.
            pub fn and(mut self, matcher: impl #RUNTIME::mock::wiremock::Match + 'static) -> Self {
                self.stub.and(matcher);
                self
            }

            /// Mounts the stub on its server.
            ///
            /// # Panics
            /// When no `respond_*` method was called.
            pub async fn mount(self) {
                self.stub.mount().await;
            }

            /// Mounts the stub until the returned guard is dropped (which verifies its
            /// expectation); the guard lists the requests the stub matched.
            ///
            /// # Panics
            /// When no `respond_*` method was called.
            pub async fn mount_as_scoped(self) -> #RUNTIME::mock::wiremock::MockGuard {
                self.stub.mount_as_scoped().await
            }
        }
    };
    MockEmitted { items, serve }
}

/// The operation's arm of `serve_documented`: a documented JSON body decoded into its response
/// type and served by the typed `respond_*` method.
fn serve_arm(mock: &MockOperation<'_>) -> TokenStream {
    let MockOperation { op, types, method, cfg, .. } = mock;
    let (op_id, http_method, path) = (&op.id, op.http_method.as_str(), &op.path);
    let replies = op.success.iter().zip(&types.success).chain(op.errors.iter().zip(&types.errors));
    let mut codes = Vec::new();
    let mut ranges = Vec::new();
    let mut default = None;
    for (reply, ty) in replies {
        let (Media::Json, Some(ty)) = (reply.media, ty) else { continue };
        let decode = quote! {
            let value: #ty = match #RUNTIME::serde_json::from_slice(body) {
                Ok(value) => value,
                Err(err) => return Some(Err(err.to_string())),
            };
        };
        match reply.status {
            Status::Code(code) => {
                let respond = format_ident!("respond_{}", code);
                codes.push(quote!(#code => { #decode server.#method().#respond(&value).mount().await; }));
            }
            Status::Range(digit) => {
                let respond = format_ident!("respond_{}xx", digit);
                ranges.push(
                    quote!(status if status / 100 == #digit => { #decode server.#method().#respond(status, &value).mount().await; }),
                );
            }
            Status::Default => {
                default =
                    Some(quote!(status => { #decode server.#method().respond_default(status, &value).mount().await; }));
            }
        }
    }
    if codes.is_empty() && ranges.is_empty() && default.is_none() {
        return quote!(#cfg #op_id => None,);
    }
    let last = default.unwrap_or_else(|| quote!(_ => return None,));
    quote! {
        #cfg
        #op_id => {
            match status {
                #(#codes)*
                #(#ranges)*
                #last
            }
            Some(Ok((#http_method, #path)))
        }
    }
}

/// One setter per path parameter: the stub then matches only that value, percent-encoded as
/// the client encodes it.
fn path_setters<'a>(
    op: &'a Operation,
    types: &'a OperationTypes,
    plan: &'a MethodPlan,
) -> impl Iterator<Item = TokenStream> + 'a {
    let path_params = op.params.iter().zip(&types.params).filter(|(p, _)| p.location == Location::Path);
    let args = plan.common.iter().take(plan.path.len());
    path_params.zip(args).zip(&plan.mock_path).map(|(((param, resolved), arg), setter)| {
        let (name, ident, ty) = (&param.name, &arg.ident, &arg.ty);
        let value = match &resolved.path {
            PathValue::Text => quote!(#ident),
            PathValue::Joined(_) => {
                quote!(&#ident.iter().map(|v| v.to_string()).collect::<::std::vec::Vec<_>>().join(","))
            }
            PathValue::Display => quote!(&#ident.to_string()),
        };
        let doc = format!(" Matches only the path parameter `{}` with this value.", one_line(name).replace('`', "'"));
        quote! {
            #[doc = #doc]
            ///
            /// # Panics
            /// When the client would refuse the value (empty, `.` or `..`).
            pub fn #setter(mut self, #ident: #ty) -> Self {
                self.stub.path_param(#name, #value);
                self
            }
        }
    })
}

/// `params`: matches every query and header parameter the params struct sets, written as the
/// client writes them.
fn params_setter(op: &Operation, types: &OperationTypes, fields: &[syn::Ident], prefix: &str) -> Option<TokenStream> {
    let others: Vec<_> = op.params.iter().zip(&types.params).filter(|(p, _)| p.location != Location::Path).collect();
    if others.is_empty() {
        return None;
    }
    let params_ident = format_ident!("{}Params", prefix);
    let mut steps = Vec::new();
    if others.iter().any(|(p, resolved)| p.location == Location::Query && !resolved.by_hand) {
        steps.push(quote!(self.stub.query_struct(params);));
    }
    for ((param, resolved), ident) in others.iter().zip(fields) {
        if !resolved.by_hand {
            continue;
        }
        let name = &param.name;
        let value = if param.required { quote!(Some(&params.#ident)) } else { quote!(params.#ident.as_ref()) };
        let text = match param.json {
            true => quote!(#PRIVATE::json_parameter_text),
            false => quote!(#PRIVATE::parameter_text),
        };
        let written = quote!(#text(#name, value).unwrap_or_else(|err| panic!("{err}")));
        steps.push(match (param.location, resolved.array) {
            (Location::Header, _) => quote! {
                if let Some(value) = #value { self.stub.header(#name, #written); }
            },
            (_, Some(QueryArray::Repeat)) => quote! {
                for value in #value.into_iter().flatten() {
                    self.stub.query(#name, #PRIVATE::parameter_text(#name, value).unwrap_or_else(|err| panic!("{err}")));
                }
            },
            (_, Some(QueryArray::Join(separator))) => {
                let separator = separator.as_str();
                quote! {
                    if let Some(values) = #value {
                        let texts: ::std::vec::Vec<_> = values
                            .iter()
                            .map(|v| #PRIVATE::parameter_text(#name, v).unwrap_or_else(|err| panic!("{err}")))
                            .collect();
                        self.stub.query(#name, texts.join(#separator));
                    }
                }
            }
            _ => quote! {
                if let Some(value) = #value { self.stub.query(#name, #written); }
            },
        });
    }
    Some(quote! {
        /// Matches only requests with every query and header parameter `params` sets (written
        /// as the client writes them); parameters it leaves unset may have any value.
        pub fn params(mut self, params: &crate::#params_ident) -> Self {
            #(#steps)*
            self
        }
    })
}

/// `body` (exact) and `body_partial` for a JSON request body, `body` for a form one: the
/// operation's first media type (the one its method sends).
fn body_setters(op: &Operation, types: &OperationTypes) -> Vec<TokenStream> {
    let (Some(body), Some(BodyType::Typed(ty))) = (op.bodies.first(), types.bodies.first()) else {
        return Vec::new();
    };
    match body.kind {
        BodyKind::Json { .. } => vec![quote! {
            /// Matches only requests whose JSON body is exactly `body`.
            pub fn body(mut self, body: &#ty) -> Self {
                self.stub.body_json(body, false);
                self
            }

            /// Matches only requests whose JSON body has every member `body` has (objects
            /// compared by key, recursively; anything else equal).
            pub fn body_partial(mut self, body: &#ty) -> Self {
                self.stub.body_json(body, true);
                self
            }
        }],
        BodyKind::Form { .. } => vec![quote! {
            /// Matches only requests whose form body is `body`, encoded as the client encodes it.
            pub fn body(mut self, body: &#ty) -> Self {
                self.stub.body_form(body);
                self
            }
        }],
        _ => Vec::new(),
    }
}

/// One `respond_*` method per documented response, taking its body's type.
fn responders(op: &Operation, types: &OperationTypes) -> Vec<TokenStream> {
    let documented: Vec<u16> = op
        .success
        .iter()
        .chain(&op.errors)
        .filter_map(|reply| match reply.status {
            Status::Code(code) => Some(code),
            _ => None,
        })
        .collect();
    let replies = op.success.iter().zip(&types.success).chain(op.errors.iter().zip(&types.errors));
    replies
        .map(|(reply, ty)| {
            let (name, status_arg, status, check) = match reply.status {
                Status::Code(code) => (format_ident!("respond_{}", code), quote!(), quote!(#code), quote!()),
                Status::Range(digit) => (
                    format_ident!("respond_{}xx", digit),
                    quote!(status: u16,),
                    quote!(status),
                    quote!(self.stub.check_range(status, #digit);),
                ),
                Status::Default => (
                    format_ident!("respond_default"),
                    quote!(status: u16,),
                    quote!(status),
                    quote!(self.stub.check_default(status, &[#(#documented),*]);),
                ),
            };
            let media = reply.media_type.clone().unwrap_or_default();
            let (body_arg, serve) = match (reply.media, ty) {
                (Media::Json, Some(ty)) => (quote!(body: &#ty), quote!(self.stub.respond_json(#status, #media, body);)),
                (Media::Text, Some(_)) => {
                    (quote!(body: &str), quote!(self.stub.respond_bytes(#status, #media, body.as_bytes().to_vec());))
                }
                (Media::Bytes, Some(_)) => (
                    quote!(body: impl ::std::convert::Into<::std::vec::Vec<u8>>),
                    quote!(self.stub.respond_bytes(#status, #media, body.into());),
                ),
                _ => (quote!(), quote!(self.stub.respond_empty(#status);)),
            };
            let doc = responder_doc(reply, &media);
            quote! {
                #[doc = #doc]
                pub fn #name(mut self, #status_arg #body_arg) -> Self {
                    #check
                    #serve
                    self
                }
            }
        })
        .collect()
}

/// The doc of a `respond_*` method.
fn responder_doc(reply: &Reply, media: &str) -> String {
    let what = match reply.status {
        Status::Code(code) => format!("`{code}`"),
        Status::Range(digit) => format!("`status` (documented as `{digit}XX`; another status panics)"),
        Status::Default => {
            "`status` (the `default` response: any status the operation does not document on its own; another panics)"
                .to_owned()
        }
    };
    let body = match reply.media {
        Media::Empty => "without a body".to_owned(),
        _ => format!("with `body` as `{media}`"),
    };
    let description = one_line(&reply.doc).replace('`', "'");
    match description.trim().is_empty() {
        true => format!(" Serves {what} {body}."),
        false => format!(" Serves {what} {body}: {}.", description.trim().trim_end_matches('.')),
    }
}

/// `respond_pages` for a paginated operation: each page a stub serving the success reply the plan
/// chose (the page's type), asked for the way its `x-pagination` says.
fn pages(op: &Operation, types: &OperationTypes, plan: &MethodPlan) -> Option<TokenStream> {
    let pagination = op.pagination.as_ref()?;
    let index = plan.mock_pages?;
    let (reply, page_ty) = (op.success.get(index)?, types.success.get(index)?.as_ref()?);
    let Status::Code(status) = reply.status else { return None };
    let media = reply.media_type.clone().unwrap_or_default();
    let paging = match pagination {
        Pagination::Cursor(cursor) => {
            let next = &cursor.next;
            match (&cursor.cursor.query, &cursor.cursor.body) {
                (Some(query), _) => quote!(#RUNTIME::mock::Paging::CursorQuery { next: #next, query: #query }),
                (None, Some(body)) => quote!(#RUNTIME::mock::Paging::CursorBody { next: #next, body: #body }),
                (None, None) => return None,
            }
        }
        Pagination::Offset(offset) => {
            let (items, param, start) = (&offset.items, &offset.offset, offset.start);
            quote!(#RUNTIME::mock::Paging::Offset { items: #items, offset: #param, start: #start })
        }
    };
    let doc = format!(
        " Mounts one stub per page, each served with `{status}`: the first for a request without a cursor (or at the first offset), each next one for the cursor or offset the previous page leads to (as the operation's `x-pagination` says), so that `Client::{0}_pages` and `Client::{0}_items` walk them all (an offset stream ends on an empty page, or one shorter than the limit it sends). Setters called before apply to every page, and so does `expect`.\n\n # Panics\n When a page but the last has no cursor (the client would stop there).",
        plan.signature.ident
    );
    Some(quote! {
        #[doc = #doc]
        pub async fn respond_pages(self, pages: &[#page_ty]) {
            self.stub.mount_pages(#status, #media, pages, #paging).await;
        }
    })
}

/// The items of the `mock` module: the mock server, then each operation's stub method and
/// builder and the hidden hook that serves documented responses.
pub fn module(operations: &[MockEmitted]) -> TokenStream {
    let items = operations.iter().map(|op| &op.items);
    let arms = operations.iter().map(|op| &op.serve);
    // A spec without operations has a match of only `_`.
    let allow = match operations.is_empty() {
        true => quote!(#[allow(unused_variables, clippy::match_single_binding)]),
        false => quote!(#[allow(unused_variables)]),
    };
    quote! {
        #[allow(unused_imports)]
        use crate::types;

        /// A mock server of the API on 127.0.0.1 (a port the system picks), with one stub
        /// method per operation.
        ///
        /// It dereferences to the runtime's server: `uri`, `requests`, `received::<T>()` (the
        /// request bodies received, decoded), `verify` and `reset`. A request no stub matches
        /// gets `404` with a `text/plain` body naming the closest stub and what differed.
        #[derive(Debug)]
        pub struct MockServer {
            server: #RUNTIME::mock::MockServer,
        }

        impl MockServer {
            /// Starts a server on 127.0.0.1.
            pub async fn start() -> Self {
                Self { server: #RUNTIME::mock::MockServer::start().await }
            }

            /// A client builder that sends `token` to this server (its base URL set to the
            /// server's `uri()`); everything else is the client's default.
            pub fn client_builder(&self, token: impl ::std::convert::Into<#RUNTIME::Secret>) -> crate::ClientBuilder {
                crate::Client::builder(token).base_url(self.server.uri())
            }

        }

        impl ::std::ops::Deref for MockServer {
            type Target = #RUNTIME::mock::MockServer;

            fn deref(&self) -> &Self::Target {
                &self.server
            }
        }

        #(#items)*

        /// Not public API: a hook for this workspace's tests, which may change in any release.
        #[doc(hidden)]
        pub mod __private {
            /// Decodes `body` as the documented JSON response `status` of `operation_id` into
            /// its type and mounts a stub of the operation that serves it with its typed
            /// `respond_*` method; returns the operation's method and path template. `None` for
            /// an unknown operationId (or one whose feature is off) or a status without a JSON
            /// body; `Err` when the body is not of the response's type.
            #allow
            pub async fn serve_documented(
                server: &super::MockServer,
                operation_id: &str,
                status: u16,
                body: &[u8],
            ) -> Option<Result<(&'static str, &'static str), String>> {
                #[allow(unused_imports)]
                use super::types;
                match operation_id {
                    #(#arms)*
                    _ => None,
                }
            }
        }
    }
}
