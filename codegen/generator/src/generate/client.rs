//! Emits the provider's `Client`, `ClientBuilder` and `Server`: auth, servers and provider-wide headers.

use proc_macro2::TokenStream;
use quote::quote;

use super::ir::{is_absolute, ClientSpec};
use super::names;
use super::runtime::{PRIVATE, RUNTIME};
use super::security::Auth;
use crate::docs::doc_lines;

/// Emits the client items.
pub fn emit(spec: &ClientSpec) -> TokenStream {
    let title = &spec.title;
    let variants: Vec<_> = spec.servers.iter().map(|server| names::type_name(&server.name)).collect();
    let urls: Vec<_> = spec.servers.iter().map(|server| &server.url).collect();
    let server_docs: Vec<_> =
        spec.servers.iter().map(|server| doc_lines(&format!("{} (`{}`).", server.description, server.url))).collect();

    let header_fields: Vec<_> = spec.headers.iter().map(|h| names::field(&h.setter)).collect();
    // Each provider header is pushed when set; a required one fails the build when not.
    let header_pushes: Vec<_> = spec
        .headers
        .iter()
        .map(|h| {
            let (field, name) = (names::field(&h.setter), &h.name);
            if h.required {
                let message = format!("the `{}` header is required: set it with `ClientBuilder::{}`", h.name, h.setter);
                quote! {
                    match &self.#field {
                        Some(value) => headers.push((#name.to_owned(), value.clone())),
                        None => return Err(ConfigError(#message.to_owned())),
                    }
                }
            } else {
                quote! {
                    if let Some(value) = &self.#field {
                        headers.push((#name.to_owned(), value.clone()));
                    }
                }
            }
        })
        .collect();
    let header_defaults: Vec<_> = spec
        .headers
        .iter()
        .map(|h| match &h.default {
            Some(value) => quote!(Some(#value.to_owned())),
            None => quote!(None),
        })
        .collect();
    let header_setters: Vec<_> = spec
        .headers
        .iter()
        .map(|h| {
            let (name, doc) = (&h.name, &h.doc);
            let ident = names::field(&h.setter);
            let default_doc = match (&h.default, h.required) {
                (Some(value), _) => format!("Sent as `{name}: {value}` unless set here."),
                (None, true) => "Required: [`ClientBuilder::build`] fails without it.".to_owned(),
                (None, false) => "Not sent unless set here.".to_owned(),
            };
            let doc = doc_lines(&format!("Sets the `{name}` header sent on every request. {doc}\n\n{default_doc}"));
            // A header that is not required can also be left out altogether.
            let without = (!h.required).then(|| {
                let without_ident = quote::format_ident!("without_{}", syn::ext::IdentExt::unraw(&ident));
                let without_doc = doc_lines(&format!(
                    "Sends no `{name}` header (the provider's own behaviour for a missing header applies). {doc}"
                ));
                quote! {
                    #without_doc
                    pub fn #without_ident(mut self) -> Self {
                        self.#ident = None;
                        self
                    }
                }
            });
            quote! {
                #doc
                pub fn #ident(mut self, value: impl Into<String>) -> Self {
                    self.#ident = Some(value.into());
                    self
                }

                #without
            }
        })
        .collect();
    // Per-call values of the provider headers: a copy of the client that sends another value.
    let header_overrides: Vec<_> = spec
        .headers
        .iter()
        .map(|h| {
            let (name, doc) = (&h.name, &h.doc);
            let method = quote::format_ident!("with_{}", syn::ext::IdentExt::unraw(&names::field(&h.setter)));
            let doc = doc_lines(&format!(
                "A client that sends `{name}: <value>` instead of the configured value, for the calls made through it \
                 (e.g. `client.{method}(\"…\")?.some_operation(…)`); it shares this client's connection pool. {doc}\n\n\
                 # Errors\n[`ConfigError`] when the value is not valid in an HTTP header."
            ));
            quote! {
                #doc
                pub fn #method(&self, value: &str) -> Result<Self, ConfigError> {
                    Ok(Self { core: self.core.with_header(#name, Some(value))? })
                }
            }
        })
        .collect();

    let source = &spec.security.source;
    let (auth_doc, auth_value, token_credential) = match &spec.security.auth {
        Auth::Basic => (
            format!(
                "HTTP Basic authentication (from {source}): the token is `<username>:<password>` (for example \
                 `Client::new(format!(\"{{account}}:{{secret}}\"))`), sent base64-encoded as `Authorization: Basic <base64>` on \
                 every request."
            ),
            quote!(Some(("Authorization".to_owned(), #PRIVATE::basic_credentials(&self.token)))),
            None,
        ),
        Auth::Header { name: header, prefix } => {
            let value = match prefix {
                Some(prefix) => quote!(#RUNTIME::Secret::new(format!("{} {}", #prefix, self.token.expose()))),
                None => quote!(self.token.clone()),
            };
            let shown = match prefix {
                Some(prefix) => format!("`{header}: {prefix} <token>`"),
                None => format!("`{header}: <token>`"),
            };
            (
                format!("The token is sent as {shown} on every request (from {source})."),
                quote!(Some((#header.to_owned(), #value))),
                None,
            )
        }
        Auth::Query(name) => (
            format!(
                "The token is sent as the query parameter `{name}` of every request (from {source}); like every \
                 credential, it never appears in `Debug` output, errors or `tracing` spans, nor goes to another origin."
            ),
            quote!(None),
            Some(quote!(#PRIVATE::Credential::Query(#name.to_owned(), self.token.clone()))),
        ),
        Auth::Cookie(name) => (
            format!(
                "The token is sent as the cookie `{name}` of every request (from {source}); like every credential, \
                 it never appears in `Debug` output or errors, nor goes to another origin."
            ),
            quote!(None),
            Some(quote!(#PRIVATE::Credential::Cookie(#name.to_owned(), self.token.clone()))),
        ),
        Auth::None if spec.security.others.is_empty() => {
            ("The spec declares no security scheme; the token is not sent.".to_owned(), quote!(None), None)
        }
        Auth::None => (
            "The spec declares no security scheme the client applies by itself; the token is not sent.".to_owned(),
            quote!(None),
            None,
        ),
    };
    let others_doc = match spec.security.others.as_slice() {
        [] => String::new(),
        others => {
            let hooks = if spec.security.hooks {
                "\n\nCredentials set with the builder's `*_credential` methods are sent on every request and, like \
                 the token, never shown nor sent to another origin."
            } else {
                ""
            };
            format!("\n\nThe other security schemes of the spec:\n{}{hooks}", others.join("\n"))
        }
    };
    let hooks = spec.security.hooks;
    let mut_headers = if spec.headers.is_empty() { quote!() } else { quote!(mut) };
    // Without a security scheme the token is accepted (one builder for every provider) but never sent.
    let token_unused = if spec.security.auth == Auth::None { quote!(#[allow(dead_code)]) } else { quote!() };

    // Servers: a fixed list of absolute URLs (the base URL defaults to the first), or a
    // base URL the caller must give (no server) or resolve (relative server URLs).
    let has_servers = !spec.servers.is_empty();
    let relative = spec.servers.iter().any(|server| !is_absolute(&server.url));
    let fixed = has_servers && !relative;
    let default_absolute = spec.servers.first().is_some_and(|server| is_absolute(&server.url));
    let build_doc = match (fixed, relative) {
        (true, _) => "Build one with [`Client::new`] (default server and headers) or [`Client::builder`].".to_owned(),
        (false, false) => "The spec names no server: build one with \
                           `Client::builder(token).base_url(\"https://…\").build()`."
            .to_owned(),
        (false, true) => "A server URL of the spec is relative to where the API description is served: build one \
                          with `Client::builder(token).document_url(\"https://…/openapi.json\")` (the relative URL is \
                          resolved against it) or `.base_url(\"https://…\")`."
            .to_owned(),
    };
    let client_doc = doc_lines(&format!(
        "A client of the {title} API.\n\n{auth_doc} {build_doc} Cloning is cheap: clones share one connection \
         pool.{others_doc}"
    ));
    let server_doc = doc_lines(&format!("The {title} servers a client can use."));
    let server_enum = has_servers.then(|| {
        let url_doc = if relative {
            quote!(
                /// The URL of the server as the spec gives it: a relative one (`/api/v3`) is resolved
                /// against [`ClientBuilder::document_url`].
            )
        } else {
            quote!(
                /// The base URL of the server.
            )
        };
        quote! {
            #server_doc
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            #[non_exhaustive]
            pub enum Server {
                #[default]
                #(#server_docs #variants,)*
            }

            impl Server {
                #url_doc
                pub fn url(self) -> &'static str {
                    match self { #(Server::#variants => #urls,)* }
                }
            }
        }
    });
    let new_fn = (has_servers && default_absolute).then(|| {
        quote! {
            /// Creates a client for the default server ([`Server::default`]) with default headers.
            ///
            /// # Errors
            /// [`ConfigError`] when the token is not a valid HTTP header value or TLS cannot be initialised.
            pub fn new(token: impl Into<#RUNTIME::Secret>) -> Result<Self, ConfigError> {
                Self::builder(token).build()
            }
        }
    });
    let (base_url_init, base_url_field, server_setter, base_url_setter, document_url_setter, base_url_value) = if fixed
    {
        (
            {
                let first = &variants[0];
                quote!(base_url: Server::#first.url().to_owned(),)
            },
            quote!(base_url: String,),
            quote! {
                /// Sends requests to one of the provider's servers.
                pub fn server(mut self, server: Server) -> Self {
                    self.base_url = server.url().to_owned();
                    self
                }
            },
            quote! {
                /// Sends requests to another base URL (a proxy, or a test server).
                pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
                    self.base_url = base_url.into();
                    self
                }
            },
            quote!(),
            quote!(self.base_url),
        )
    } else if has_servers {
        (
            quote!(base_url: None, server: Server::default(), document_url: None,),
            quote!(base_url: Option<String>, server: Server, document_url: Option<String>,),
            quote! {
                /// Sends requests to one of the provider's servers (a relative one is resolved
                /// against [`ClientBuilder::document_url`]); forgets a [`ClientBuilder::base_url`].
                pub fn server(mut self, server: Server) -> Self {
                    self.server = server;
                    self.base_url = None;
                    self
                }
            },
            quote! {
                /// Sends requests to this base URL (a proxy, or a test server) instead of the server's.
                pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
                    self.base_url = Some(base_url.into());
                    self
                }
            },
            quote! {
                /// The URL the API description is served from (e.g.
                /// `https://api.example.com/openapi.json`, or just the origin): a relative server
                /// URL such as `/api/v3` is resolved against it, as the OpenAPI specification says
                /// (here `https://api.example.com/api/v3`). Absolute server URLs ignore it.
                pub fn document_url(mut self, url: impl Into<String>) -> Self {
                    self.document_url = Some(url.into());
                    self
                }
            },
            quote! {
                match self.base_url {
                    Some(base_url) => base_url,
                    None => #PRIVATE::server_url(self.server.url(), self.document_url.as_deref())?,
                }
            },
        )
    } else {
        (
            quote!(base_url: None,),
            quote!(base_url: Option<String>,),
            quote!(),
            quote! {
                /// Sends requests to this base URL, e.g. `https://api.example.com/v1`. Required:
                /// the spec names no server, so [`ClientBuilder::build`] fails without it.
                pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
                    self.base_url = Some(base_url.into());
                    self
                }
            },
            quote!(),
            quote! {
                self.base_url.ok_or_else(|| ConfigError(
                    "the spec names no server: set the base URL with `ClientBuilder::base_url`".to_owned(),
                ))?
            },
        )
    };
    let build_errors = if fixed {
        quote!(
            /// [`ConfigError`] when the token or a header value is not valid in HTTP,
            /// a required provider header is not set, or TLS cannot be initialised.
        )
    } else {
        quote!(
            /// [`ConfigError`] when no base URL is set (nor, for a relative server URL, the
            /// document URL), the token or a header value is not valid in HTTP, a required
            /// provider header is not set, or TLS cannot be initialised.
        )
    };
    let (hook_init, hook_field, hook_setters) = if hooks {
        (
            quote!(credentials: Vec::new(),),
            quote!(credentials: Vec<#PRIVATE::Credential>,),
            quote! {
                /// Sends the header `name` with the credential `value` (the full value, e.g.
                /// `Bearer <token>`) on every request: for a security scheme the token does not
                /// cover (see [`Client`]). Like the token, it never appears in `Debug` output or
                /// errors and is not sent to another origin.
                pub fn header_credential(mut self, name: impl Into<String>, value: impl Into<#RUNTIME::Secret>) -> Self {
                    self.credentials.push(#PRIVATE::Credential::Header(name.into(), value.into()));
                    self
                }

                /// Sends the query parameter `name` with the credential `value` on every
                /// request: for a security scheme the token does not cover (see [`Client`]).
                /// It never appears in `Debug` output, errors (the URL they carry is redacted)
                /// or `tracing` spans.
                pub fn query_credential(mut self, name: impl Into<String>, value: impl Into<#RUNTIME::Secret>) -> Self {
                    self.credentials.push(#PRIVATE::Credential::Query(name.into(), value.into()));
                    self
                }

                /// Sends the cookie `name` with the credential `value` on every request: for a
                /// security scheme the token does not cover (see [`Client`]). It never appears in
                /// `Debug` output or errors and is not sent to another origin.
                pub fn cookie_credential(mut self, name: impl Into<String>, value: impl Into<#RUNTIME::Secret>) -> Self {
                    self.credentials.push(#PRIVATE::Credential::Cookie(name.into(), value.into()));
                    self
                }
            },
        )
    } else {
        (quote!(), quote!(), quote!())
    };
    let with_credentials = match (&token_credential, hooks) {
        (None, false) => quote!(),
        (Some(token), false) => quote!(let core = core.with_credentials(vec![#token])?;),
        (None, true) => quote!(let core = core.with_credentials(self.credentials)?;),
        (Some(token), true) => quote! {
            let mut credentials = vec![#token];
            credentials.extend(self.credentials);
            let core = core.with_credentials(credentials)?;
        },
    };

    quote! {
        #server_enum

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            core: #PRIVATE::ClientCore,
        }

        impl Client {
            #new_fn

            /// Starts configuring a client: server or base URL, timeout, provider headers, HTTP client.
            pub fn builder(token: impl Into<#RUNTIME::Secret>) -> ClientBuilder {
                ClientBuilder {
                    token: token.into(),
                    #base_url_init
                    timeout: None,
                    retry: None,
                    http: None,
                    redirect: #RUNTIME::RedirectPolicy::SameOrigin,
                    max_response_bytes: None,
                    #(#header_fields: #header_defaults,)*
                    #hook_init
                }
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            /// A client whose requests time out after `timeout` (per attempt) instead of
            /// the configured default; it shares this client's connection pool.
            pub fn with_timeout(&self, timeout: ::std::time::Duration) -> Self {
                Self { core: self.core.with_timeout(timeout) }
            }

            /// A client with another retry policy (`None`: send once); it shares this
            /// client's connection pool.
            pub fn with_retry(&self, retry: Option<#RUNTIME::RetryPolicy>) -> Self {
                Self { core: self.core.with_retry(retry) }
            }

            #(#header_overrides)*
        }

        /// Configures a [`Client`]; `Debug` output never shows the token.
        #[derive(Debug, Clone)]
        pub struct ClientBuilder {
            #token_unused
            token: #RUNTIME::Secret,
            #base_url_field
            timeout: Option<::std::time::Duration>,
            retry: Option<#RUNTIME::RetryPolicy>,
            http: Option<#RUNTIME::reqwest::Client>,
            redirect: #RUNTIME::RedirectPolicy,
            max_response_bytes: Option<u64>,
            #(#header_fields: Option<String>,)*
            #hook_field
        }

        impl ClientBuilder {
            #server_setter

            #base_url_setter

            #document_url_setter

            /// Fails a request (each attempt) that takes longer than `timeout` in total
            /// with [`Error::Timeout`]. No timeout by default.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            /// Retries failed requests as `policy` says (429, 5xx and connection errors;
            /// POST and PATCH only with an `Idempotency-Key` or when the policy allows).
            /// Off by default.
            pub fn retry(mut self, policy: #RUNTIME::RetryPolicy) -> Self {
                self.retry = Some(policy);
                self
            }

            /// Uses a preconfigured HTTP client (proxy, pool, TLS settings).
            ///
            /// The redirects it follows by itself are decided by the redirect policy it
            /// was built with, not by [`ClientBuilder::redirect`]; reqwest's default
            /// follows redirects to other hosts with API-key and provider headers. Build it
            /// with `.redirect(RedirectPolicy::SameOrigin.reqwest_policy())` to keep
            /// credentials on their origin. Headers, timeout, retries and the body limit
            /// apply as with the built-in client.
            pub fn http_client(mut self, http: #RUNTIME::reqwest::Client) -> Self {
                self.http = Some(http);
                self
            }

            /// Which redirects are followed. The default,
            /// [`RedirectPolicy::SameOrigin`], follows redirects within the origin
            /// (scheme, host, port) and ends a call redirected to another origin with
            /// [`Error::Redirect`], which carries the `Location`; nothing is sent there.
            /// [`RedirectPolicy::CrossOriginWithoutCredentials`] follows it, without the
            /// token and the provider-wide headers.
            pub fn redirect(mut self, policy: #RUNTIME::RedirectPolicy) -> Self {
                self.redirect = policy;
                self
            }

            /// Fails a call whose response body is longer than `bytes` with
            /// [`Error::BodyTooLarge`], without reading past the limit. Default: 32 MiB.
            pub fn max_response_bytes(mut self, bytes: u64) -> Self {
                self.max_response_bytes = Some(bytes);
                self
            }

            #(#header_setters)*

            #hook_setters

            /// Builds the client.
            ///
            /// # Errors
            #build_errors
            pub fn build(self) -> Result<Client, ConfigError> {
                let #mut_headers headers = Vec::new();
                #(#header_pushes)*
                let core = #PRIVATE::ClientCore::new(#PRIVATE::ClientOptions {
                    base_url: #base_url_value,
                    auth: #auth_value,
                    headers,
                    timeout: self.timeout,
                    retry: self.retry,
                    http: self.http,
                    redirect: self.redirect,
                    max_response_bytes: self.max_response_bytes,
                    user_agent: Some(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned()),
                })?;
                #with_credentials
                Ok(Client { core })
            }
        }
    }
}
