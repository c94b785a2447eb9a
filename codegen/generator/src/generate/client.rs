//! Emits the provider's `Client`, `ClientBuilder` and `Server`: auth, servers and provider-wide headers.

use proc_macro2::TokenStream;
use quote::quote;

use super::names;
use super::operations::doc_lines;
use crate::manifest::HeaderSetting;

/// What the client needs to know about the provider.
pub struct ClientSpec {
    /// Provider title, e.g. `Intercom`.
    pub title: String,
    /// Selectable servers: (variant name, URL, description).
    pub servers: Vec<(String, String, String)>,
    /// The credential header name and value prefix (`Authorization`, `Bearer`).
    pub auth: Option<(String, Option<String>)>,
    /// HTTP Basic authentication: the token is `<username>:<password>`, sent base64-encoded
    /// after the prefix (`Basic`).
    pub basic: bool,
    /// Where the auth facts come from (spec pointer or manifest).
    pub auth_source: String,
    /// Provider-wide headers.
    pub headers: Vec<HeaderSetting>,
}

/// Emits the client items.
pub fn emit(spec: &ClientSpec) -> TokenStream {
    let title = &spec.title;
    let variants: Vec<_> = spec.servers.iter().map(|(name, _, _)| names::type_name(name)).collect();
    let urls: Vec<_> = spec.servers.iter().map(|(_, url, _)| url).collect();
    let server_docs: Vec<_> =
        spec.servers.iter().map(|(_, url, description)| doc_lines(&format!("{description} (`{url}`)."))).collect();
    let first = &variants[0];

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

    let (auth_doc, auth_value) = match &spec.auth {
        Some((header, _)) if spec.basic => (
            format!(
                "HTTP Basic authentication (from {}): the token is `<username>:<password>` (for example \
                 `Client::new(format!(\"{{account}}:{{secret}}\"))`), sent base64-encoded as `{header}: Basic <base64>` on \
                 every request.",
                spec.auth_source
            ),
            quote!(Some((#header.to_owned(), ::helpdesk_runtime::__private::basic_credentials(&self.token)))),
        ),
        Some((header, prefix)) => {
            let value = match prefix {
                Some(prefix) => quote!(::helpdesk_runtime::Secret::new(format!("{} {}", #prefix, self.token.expose()))),
                None => quote!(self.token.clone()),
            };
            let shown = match prefix {
                Some(prefix) => format!("`{header}: {prefix} <token>`"),
                None => format!("`{header}: <token>`"),
            };
            (
                format!("The token is sent as {shown} on every request (from {}).", spec.auth_source),
                quote!(Some((#header.to_owned(), #value))),
            )
        }
        None => ("The spec declares no security scheme; the token is not sent.".to_owned(), quote!(None)),
    };
    let mut_headers = if spec.headers.is_empty() { quote!() } else { quote!(mut) };
    // Without a security scheme the token is accepted (one builder for every provider) but never sent.
    let token_unused = if spec.auth.is_none() { quote!(#[allow(dead_code)]) } else { quote!() };
    let client_doc = doc_lines(&format!(
        "A client of the {title} API.\n\n{auth_doc} Build one with [`Client::new`] (default server and headers) or [`Client::builder`]. Cloning is cheap: clones share one connection pool."
    ));
    let server_doc = doc_lines(&format!("The {title} servers a client can use."));

    quote! {
        #server_doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        #[non_exhaustive]
        pub enum Server {
            #[default]
            #(#server_docs #variants,)*
        }

        impl Server {
            /// The base URL of the server.
            pub fn url(self) -> &'static str {
                match self { #(Server::#variants => #urls,)* }
            }
        }

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            core: ::helpdesk_runtime::__private::ClientCore,
        }

        impl Client {
            /// Creates a client for the default server ([`Server::default`]) with default headers.
            ///
            /// # Errors
            /// [`ConfigError`] when the token is not a valid HTTP header value or TLS cannot be initialised.
            pub fn new(token: impl Into<::helpdesk_runtime::Secret>) -> Result<Self, ConfigError> {
                Self::builder(token).build()
            }

            /// Starts configuring a client: server or base URL, timeout, provider headers, HTTP client.
            pub fn builder(token: impl Into<::helpdesk_runtime::Secret>) -> ClientBuilder {
                ClientBuilder {
                    token: token.into(),
                    base_url: Server::#first.url().to_owned(),
                    timeout: None,
                    retry: None,
                    http: None,
                    redirect: ::helpdesk_runtime::RedirectPolicy::SameOrigin,
                    max_response_bytes: None,
                    #(#header_fields: #header_defaults,)*
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
            pub fn with_retry(&self, retry: Option<::helpdesk_runtime::RetryPolicy>) -> Self {
                Self { core: self.core.with_retry(retry) }
            }

            #(#header_overrides)*
        }

        /// Configures a [`Client`]; `Debug` output never shows the token.
        #[derive(Debug, Clone)]
        pub struct ClientBuilder {
            #token_unused
            token: ::helpdesk_runtime::Secret,
            base_url: String,
            timeout: Option<::std::time::Duration>,
            retry: Option<::helpdesk_runtime::RetryPolicy>,
            http: Option<::helpdesk_runtime::reqwest::Client>,
            redirect: ::helpdesk_runtime::RedirectPolicy,
            max_response_bytes: Option<u64>,
            #(#header_fields: Option<String>,)*
        }

        impl ClientBuilder {
            /// Sends requests to one of the provider's servers.
            pub fn server(mut self, server: Server) -> Self {
                self.base_url = server.url().to_owned();
                self
            }

            /// Sends requests to another base URL (a proxy, or a test server).
            pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
                self.base_url = base_url.into();
                self
            }

            /// Fails a request (each attempt) that takes longer than `timeout` in total
            /// with [`Error::Timeout`]. No timeout by default.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            /// Retries failed requests as `policy` says (429, 5xx and connection errors;
            /// POST and PATCH only with an `Idempotency-Key` or when the policy allows).
            /// Off by default.
            pub fn retry(mut self, policy: ::helpdesk_runtime::RetryPolicy) -> Self {
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
            pub fn http_client(mut self, http: ::helpdesk_runtime::reqwest::Client) -> Self {
                self.http = Some(http);
                self
            }

            /// Which redirects are followed. The default,
            /// [`RedirectPolicy::SameOrigin`], follows redirects within the origin
            /// (scheme, host, port) and ends a call redirected to another origin with
            /// [`Error::Redirect`], which carries the `Location`; nothing is sent there.
            /// [`RedirectPolicy::CrossOriginWithoutCredentials`] follows it, without the
            /// token and the provider-wide headers.
            pub fn redirect(mut self, policy: ::helpdesk_runtime::RedirectPolicy) -> Self {
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

            /// Builds the client.
            ///
            /// # Errors
            /// [`ConfigError`] when the token or a header value is not valid in HTTP,
            /// a required provider header is not set, or TLS cannot be initialised.
            pub fn build(self) -> Result<Client, ConfigError> {
                let #mut_headers headers = Vec::new();
                #(#header_pushes)*
                let core = ::helpdesk_runtime::__private::ClientCore::new(::helpdesk_runtime::__private::ClientOptions {
                    base_url: self.base_url,
                    auth: #auth_value,
                    headers,
                    timeout: self.timeout,
                    retry: self.retry,
                    http: self.http,
                    redirect: self.redirect,
                    max_response_bytes: self.max_response_bytes,
                    user_agent: Some(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned()),
                })?;
                Ok(Client { core })
            }
        }
    }
}
