//! The HTTP core a generated client wraps: base URL, auth, provider headers, execution.

use std::convert::Infallible;
use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, COOKIE, LOCATION, USER_AGENT};
use reqwest::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;

use tracing::Instrument;

use crate::error::{excerpt, Error, Response};
use crate::redirect::{is_redirect, stripped_hop, RedirectPolicy, MAX_HOPS};
use crate::retry::{retryable_status, server_delay, RetryPolicy};
use crate::Secret;

/// The default limit of a response body: 32 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;

/// Settings a generated client builder collects before building a [`ClientCore`].
///
/// Every request carries `Accept: application/json` and a `User-Agent`. No
/// `Accept-Encoding` is sent and responses are not decompressed: the workspace
/// builds reqwest without its `gzip`/`brotli`/`deflate`/`zstd` features, and the
/// client the core builds turns decompression off even if another crate enables
/// them (so [`max_response_bytes`](Self::max_response_bytes) counts the bytes on
/// the wire).
#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    /// Base URL every operation path is appended to, e.g. `https://api.intercom.io`.
    pub base_url: String,
    /// The credential header: its name (e.g. `Authorization`) and full value
    /// (e.g. `Bearer <token>`), sent on every request and marked sensitive.
    pub auth: Option<(String, Secret)>,
    /// Provider-wide headers sent on every request (name, value).
    pub headers: Vec<(String, String)>,
    /// Timeout for a whole request, from connect to the end of the body
    /// (per attempt, when retrying).
    pub timeout: Option<Duration>,
    /// Retries; `None` sends every request once.
    pub retry: Option<RetryPolicy>,
    /// A preconfigured HTTP client (proxies, pools, TLS). Its own settings decide
    /// the redirects it follows by itself and whether it decompresses: build it with
    /// `.redirect(RedirectPolicy::reqwest_policy(..))` to keep [`RedirectPolicy`]'s
    /// guarantees. Everything else here (headers, timeout, retries, the body limit,
    /// what happens on a redirect it returns) applies as with the built-in client.
    pub http: Option<reqwest::Client>,
    /// Which redirects are followed, and what goes to another origin.
    pub redirect: RedirectPolicy,
    /// The longest response body read, in bytes; a longer one is
    /// [`Error::BodyTooLarge`]. `None`: [`DEFAULT_MAX_RESPONSE_BYTES`] (32 MiB).
    pub max_response_bytes: Option<u64>,
    /// The `User-Agent` header, e.g. `intercom/0.1.0` (a generated crate passes its
    /// name and version). `None`: `helpdesk-runtime/<version>`.
    pub user_agent: Option<String>,
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
#[error("invalid client configuration: {0}")]
pub struct ConfigError(pub String);

/// A credential a generated client sends on every request besides (or instead of) the
/// auth header of [`ClientOptions::auth`]: the token of an `apiKey` scheme `in: query` or
/// `in: cookie`, or one the caller sets for a scheme the client cannot apply by itself.
///
/// Like the auth header, it never appears in `Debug` output, in [`Error`]s (a query
/// credential is removed from the URL a transport error carries), in `tracing` spans, nor
/// in a request redirected to another origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A header (name, full value), marked sensitive.
    Header(String, Secret),
    /// A query parameter (name, value) added to every request URL.
    Query(String, Secret),
    /// A cookie (name, value) sent in the `Cookie` header, marked sensitive.
    Cookie(String, Secret),
}

/// Sends requests for a generated client and decodes their responses.
#[derive(Clone)]
pub struct ClientCore {
    http: reqwest::Client,
    base_url: String,
    headers: HeaderMap,
    /// Query credentials: added to each request's URL just before it is sent.
    query: Vec<(String, Secret)>,
    /// Cookie credentials: the `Cookie` header (in `headers`) is built from them.
    cookies: Vec<(String, Secret)>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    redirect: RedirectPolicy,
    max_response_bytes: u64,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values are left out: the Authorization header holds a secret.
        f.debug_struct("ClientCore")
            .field("base_url", &self.base_url)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("query_credentials", &self.query.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .field("cookie_credentials", &self.cookies.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("redirect", &self.redirect)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl ClientCore {
    /// Builds the core from the options a generated builder collected.
    ///
    /// # Errors
    /// A header name or value (the user agent included) that HTTP does not allow,
    /// or a TLS back end that cannot be initialised.
    pub fn new(options: ClientOptions) -> Result<Self, ConfigError> {
        let mut headers = HeaderMap::new();
        let user_agent = match &options.user_agent {
            Some(agent) => HeaderValue::from_str(agent)
                .map_err(|_| ConfigError(format!("the user agent `{agent}` is not valid in HTTP")))?,
            None => HeaderValue::from_static(concat!("helpdesk-runtime/", env!("CARGO_PKG_VERSION"))),
        };
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, user_agent);
        if let Some((name, secret)) = &options.auth {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| ConfigError(format!("`{name}` is not a valid header name")))?;
            let mut value = HeaderValue::from_str(secret.expose())
                .map_err(|_| ConfigError("the token contains characters not allowed in an HTTP header".into()))?;
            value.set_sensitive(true);
            headers.insert(name, value);
        }
        for (name, value) in &options.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| ConfigError(format!("`{name}` is not a valid header name")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| ConfigError(format!("the value of header `{name}` is not valid in HTTP")))?;
            headers.insert(name, value);
        }
        let http = match options.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .redirect(options.redirect.reqwest_policy())
                .no_gzip()
                .no_brotli()
                .no_deflate()
                .no_zstd()
                .build()
                .map_err(|err| ConfigError(format!("cannot build the HTTP client: {err}")))?,
        };
        Ok(Self {
            http,
            base_url: options.base_url.trim_end_matches('/').to_owned(),
            headers,
            query: Vec::new(),
            cookies: Vec::new(),
            timeout: options.timeout,
            retry: options.retry,
            redirect: options.redirect,
            max_response_bytes: options.max_response_bytes.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
        })
    }

    /// The core with `credentials` sent on every request as well.
    ///
    /// # Errors
    /// A header or cookie name, or a value, that HTTP does not allow.
    pub fn with_credentials(mut self, credentials: Vec<Credential>) -> Result<Self, ConfigError> {
        for credential in credentials {
            match credential {
                Credential::Header(name, secret) => {
                    let name = HeaderName::from_bytes(name.as_bytes())
                        .map_err(|_| ConfigError(format!("`{name}` is not a valid header name")))?;
                    let value =
                        sensitive(secret.expose(), || format!("the value of header `{name}` is not valid in HTTP"))?;
                    self.headers.insert(name, value);
                }
                Credential::Query(name, secret) => {
                    self.query.retain(|(known, _)| *known != name);
                    self.query.push((name, secret));
                }
                Credential::Cookie(name, secret) => {
                    // A cookie name is an RFC 6265 token; `=`, `;` and spaces would change the header's meaning.
                    if name.is_empty()
                        || !name.bytes().all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b))
                    {
                        return Err(ConfigError(format!("`{name}` is not a valid cookie name")));
                    }
                    if secret
                        .expose()
                        .bytes()
                        .any(|b| !b.is_ascii_graphic() || b == b';' || b == b',' || b == b'"' || b == b'\\')
                    {
                        return Err(ConfigError(format!(
                            "the value of cookie `{name}` contains characters not allowed in a cookie"
                        )));
                    }
                    self.cookies.retain(|(known, _)| *known != name);
                    self.cookies.push((name, secret));
                    let joined: Vec<String> =
                        self.cookies.iter().map(|(name, value)| format!("{name}={}", value.expose())).collect();
                    let value = sensitive(&joined.join("; "), || "the cookies are not valid in HTTP".to_owned())?;
                    self.headers.insert(COOKIE, value);
                }
            }
        }
        Ok(self)
    }

    /// A copy whose requests use `timeout` instead of the client's default
    /// (shares the connection pool).
    pub fn with_timeout(&self, timeout: Duration) -> Self {
        Self { timeout: Some(timeout), ..self.clone() }
    }

    /// A copy with another retry policy (`None`: no retries); shares the connection pool.
    pub fn with_retry(&self, retry: Option<RetryPolicy>) -> Self {
        Self { retry, ..self.clone() }
    }

    /// A copy that sends the provider-wide header `name` with `value` instead of the
    /// configured one (`None`: does not send it); shares the connection pool.
    ///
    /// # Errors
    /// A header name or value that HTTP does not allow.
    pub fn with_header(&self, name: &str, value: Option<&str>) -> Result<Self, ConfigError> {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| ConfigError(format!("`{name}` is not a valid header name")))?;
        let mut copy = self.clone();
        match value {
            Some(value) => {
                let value = HeaderValue::from_str(value)
                    .map_err(|_| ConfigError(format!("the value of header `{name}` is not valid in HTTP")))?;
                copy.headers.insert(name, value);
            }
            None => {
                copy.headers.remove(name);
            }
        }
        Ok(copy)
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Starts a request to `path` (already encoded) with auth and provider headers set.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let request = self.http.request(method, format!("{}{}", self.base_url, path)).headers(self.headers.clone());
        match self.timeout {
            Some(timeout) => request.timeout(timeout),
            None => request,
        }
    }

    /// Adds a JSON request body.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the body cannot be serialised (for
    /// example a map with non-string keys).
    pub fn json<B: Serialize + ?Sized, E>(
        &self,
        request: RequestBuilder,
        body: &B,
    ) -> Result<RequestBuilder, Error<E>> {
        let bytes = serde_json::to_vec(body)
            .map_err(|err| Error::InvalidRequest(format!("cannot serialise the request body: {err}")))?;
        Ok(request.header(CONTENT_TYPE, HeaderValue::from_static("application/json")).body(bytes))
    }

    /// Adds an `application/x-www-form-urlencoded` request body: the struct's fields as
    /// `key=value` pairs, an array field as the key repeated once per item (the form style's
    /// `explode: true`, its default).
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the body cannot be encoded (a nested object).
    pub fn form<B: Serialize + ?Sized, E>(
        &self,
        request: RequestBuilder,
        body: &B,
    ) -> Result<RequestBuilder, Error<E>> {
        let encoded = serde_html_form::to_string(body)
            .map_err(|err| Error::InvalidRequest(format!("cannot encode the form request body: {err}")))?;
        Ok(request.header(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded")).body(encoded))
    }

    /// Adds a `multipart/form-data` request body (its `Content-Type` carries the boundary).
    pub fn multipart(&self, request: RequestBuilder, body: crate::body::Multipart) -> RequestBuilder {
        request.multipart(body.finish())
    }

    /// Adds a request body sent as is (bytes, text or a stream) with its media type.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the media type is not valid in a header.
    pub fn raw<E>(
        &self,
        request: RequestBuilder,
        body: reqwest::Body,
        content_type: &str,
    ) -> Result<RequestBuilder, Error<E>> {
        let value = HeaderValue::from_str(content_type)
            .map_err(|_| Error::InvalidRequest(format!("`{content_type}` is not a valid media type")))?;
        Ok(request.header(CONTENT_TYPE, value).body(body))
    }

    /// Adds a header parameter of one operation.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the value is not allowed in an HTTP header.
    pub fn header<E>(
        &self,
        request: RequestBuilder,
        name: &'static str,
        value: &str,
    ) -> Result<RequestBuilder, Error<E>> {
        let value = HeaderValue::from_str(value).map_err(|_| {
            Error::InvalidRequest(format!("the value of header parameter `{name}` is not valid in HTTP"))
        })?;
        Ok(request.header(name, value))
    }

    /// Sends a request (with retries, when the client has a policy) and decodes
    /// the final response with the operation's `decode` function, which maps a
    /// status and body to a typed outcome: [`ClientCore::send`], then [`Raw::decode`].
    ///
    /// # Errors
    /// See [`Error`]: transport failures and timeouts, documented error statuses
    /// with their typed bodies, undocumented statuses with the raw body, and
    /// bodies that do not match the documented schema.
    pub async fn execute<T, E>(
        &self,
        operation: Operation,
        request: RequestBuilder,
        decode: impl FnOnce(u16, &[u8]) -> Decoded<T, E>,
    ) -> Result<Response<T>, Error<E>> {
        self.send(operation, request).await.map_err(Error::widen)?.decode(decode)
    }

    /// Sends a request (with retries, when the client has a policy) and reads the final
    /// response, undecoded. Not generic, so that it is compiled once here instead of once
    /// per operation in every generated crate. Each call is a `tracing` span
    /// `helpdesk.request` with the operationId, method, path template, attempt and
    /// status (never headers or bodies).
    ///
    /// # Errors
    /// Transport failures and timeouts, redirects the policy does not follow, and bodies
    /// over the size limit (never `Error::Api`: that needs decoding).
    pub async fn send(&self, operation: Operation, request: RequestBuilder) -> Result<Raw, Error<Infallible>> {
        match self.send_traced(operation, request, false).await? {
            Outcome::Read(raw) => Ok(raw),
            // Not asked for: `open` is false.
            Outcome::Open(response) => {
                Ok(Raw { status: response.status(), headers: response.headers().clone(), bytes: Vec::new() })
            }
        }
    }

    /// [`ClientCore::send`], except that a success (2xx) response is returned unread, its
    /// body a [`ByteStream`](crate::ByteStream) read as it arrives; any other final response
    /// is read as by `send` (for decoding its error body).
    ///
    /// # Errors
    /// As [`ClientCore::send`].
    pub async fn send_streaming(
        &self,
        operation: Operation,
        request: RequestBuilder,
    ) -> Result<Streamed, Error<Infallible>> {
        Ok(match self.send_traced(operation, request, true).await? {
            Outcome::Read(raw) => Streamed::Read(raw),
            Outcome::Open(response) => Streamed::Open(Response {
                status: response.status(),
                headers: response.headers().clone(),
                body: crate::body::ByteStream::new(response, self.secret_parameters()),
            }),
        })
    }

    async fn send_traced(
        &self,
        operation: Operation,
        request: RequestBuilder,
        open: bool,
    ) -> Result<Outcome, Error<Infallible>> {
        let request =
            request.build().map_err(|err| Error::InvalidRequest(format!("cannot build the request: {err}")))?;
        let span = tracing::info_span!(
            "helpdesk.request",
            operation_id = operation.id,
            method = %request.method(),
            path = operation.path,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        self.send_with_retries(request, open).instrument(span).await
    }

    /// Sends with retries; with `open`, a success response is returned unread.
    async fn send_with_retries(&self, mut request: reqwest::Request, open: bool) -> Result<Outcome, Error<Infallible>> {
        // Query credentials join the URL only now, after the span and every error that
        // may show the URL before sending (transport errors are redacted, see `redact`).
        if !self.query.is_empty() {
            let mut pairs = request.url_mut().query_pairs_mut();
            for (name, secret) in &self.query {
                pairs.append_pair(name, secret.expose());
            }
        }
        let span = tracing::Span::current();
        let retry = self.retry.as_ref().filter(|r| r.may_retry(request.method(), request.headers()));
        let attempts = retry.map_or(1, |r| r.max_attempts.max(1));
        let mut pending = Some(request);
        let mut attempt = 1;
        loop {
            span.record("attempt", attempt);
            // A copy is sent while another attempt may follow (bodies are bytes, so
            // they can be copied); the last attempt sends the request itself.
            let copy = if attempt < attempts { pending.as_ref().and_then(reqwest::Request::try_clone) } else { None };
            let last = copy.is_none();
            let Some(current) = copy.or_else(|| pending.take()) else {
                return Err(Error::InvalidRequest("the request was already sent".into()));
            };
            let sent = self.send_attempt(current).await;
            let (status, headers, bytes) = match sent {
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    if let Some(location) = headers.get(LOCATION).filter(|_| is_redirect(status)) {
                        // A redirect neither reqwest nor `send_attempt` followed: the policy says no.
                        span.record("status", status.as_u16());
                        let location = String::from_utf8_lossy(location.as_bytes()).into_owned();
                        return Err(Error::Redirect { status, headers, location });
                    }
                    if open && status.is_success() {
                        span.record("status", status.as_u16());
                        return Ok(Outcome::Open(response));
                    }
                    match read_body(response, self.max_response_bytes).await {
                        Ok(bytes) => (status, headers, bytes),
                        Err(BodyError::TooLarge) => {
                            span.record("status", status.as_u16());
                            return Err(Error::BodyTooLarge { status, headers, limit: self.max_response_bytes });
                        }
                        Err(BodyError::Read(err)) if !last => {
                            tracing::debug!(error = %err, "reading the body failed; retrying");
                            self.wait(retry, attempt, None).await;
                            attempt += 1;
                            continue;
                        }
                        Err(BodyError::Read(err)) => return Err(transport(self.redact(err))),
                    }
                }
                Err(err) if !last && (err.is_connect() || err.is_timeout() || err.is_request()) => {
                    tracing::debug!(error = %err, "sending failed; retrying");
                    self.wait(retry, attempt, None).await;
                    attempt += 1;
                    continue;
                }
                Err(err) => return Err(transport(self.redact(err))),
            };
            span.record("status", status.as_u16());
            if !last && retryable_status(status) {
                let delay = retry.and_then(|r| server_delay(&headers, &bytes, r.max_backoff));
                tracing::debug!(status = status.as_u16(), ?delay, "retryable status; retrying");
                self.wait(retry, attempt, delay).await;
                attempt += 1;
                continue;
            }
            return Ok(Outcome::Read(Raw { status, headers, bytes }));
        }
    }

    /// Sends one attempt. reqwest follows the redirects its policy allows (within
    /// the origin); with [`RedirectPolicy::CrossOriginWithoutCredentials`], a
    /// redirect it stopped at is sent on here, to the other origin, without the
    /// auth and provider headers. Any other redirect response is returned as is.
    async fn send_attempt(&self, request: reqwest::Request) -> Result<reqwest::Response, reqwest::Error> {
        if self.redirect != RedirectPolicy::CrossOriginWithoutCredentials {
            return self.http.execute(request).await;
        }
        // The auth and provider headers (every header the core sets on each request
        // but `Accept` and `User-Agent`): never sent to another origin.
        let private: Vec<HeaderName> =
            self.headers.keys().filter(|name| *name != ACCEPT && *name != USER_AGENT).cloned().collect();
        let mut request = request;
        let mut hops = 0;
        loop {
            // A copy for the next hop (bodies are bytes, so they can be copied).
            let copy = request.try_clone();
            let response = self.http.execute(request).await?;
            let status = response.status();
            let next = response
                .headers()
                .get(LOCATION)
                .filter(|_| is_redirect(status) && hops < MAX_HOPS)
                .and_then(|location| location.to_str().ok())
                .and_then(|location| response.url().join(location).ok());
            match (copy, next) {
                (Some(copy), Some(next)) => match stripped_hop(copy, status, next, &private) {
                    Some(hop) => {
                        tracing::debug!(
                            status = status.as_u16(),
                            "following a redirect to another origin without credentials"
                        );
                        request = hop;
                        hops += 1;
                    }
                    None => return Ok(response),
                },
                _ => return Ok(response),
            }
        }
    }

    /// The names of the query credentials, whose values [`ClientCore::redact`] hides.
    fn secret_parameters(&self) -> Vec<String> {
        self.query.iter().map(|(name, _)| name.clone()).collect()
    }

    /// A transport error without the values of query credentials in the URL it carries.
    fn redact(&self, err: reqwest::Error) -> reqwest::Error {
        crate::secret::redact_url(err, &self.secret_parameters())
    }

    async fn wait(&self, retry: Option<&RetryPolicy>, attempt: u32, server: Option<Duration>) {
        let Some(retry) = retry else { return };
        let delay = server.map_or_else(|| retry.backoff(attempt), |d| d.min(retry.max_backoff));
        tokio::time::sleep(delay).await;
    }
}

/// Why a body could not be read.
enum BodyError {
    /// Longer than the limit.
    TooLarge,
    /// The connection failed or timed out.
    Read(reqwest::Error),
}

/// Reads a body chunk by chunk, up to `limit` bytes: a longer one (by its
/// `Content-Length`, or once the bytes read pass the limit) stops the read.
async fn read_body(mut response: reqwest::Response, limit: u64) -> Result<Vec<u8>, BodyError> {
    let declared = response.content_length();
    if declared.is_some_and(|length| length > limit) {
        return Err(BodyError::TooLarge);
    }
    // Reserve what the server announced, but no more than 1 MiB up front.
    let reserve = declared.unwrap_or(0).min(1 << 20);
    let mut body = Vec::with_capacity(usize::try_from(reserve).unwrap_or(0));
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Read)? {
        if (body.len() as u64).saturating_add(chunk.len() as u64) > limit {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A final response: read, or (a success, when streaming) still open.
enum Outcome {
    Read(Raw),
    Open(reqwest::Response),
}

/// What [`ClientCore::send_streaming`] got: a success response whose body is still to
/// be read, or another response, read for decoding.
#[derive(Debug)]
pub enum Streamed {
    /// A success status; the body arrives through the stream.
    Open(Response<crate::body::ByteStream>),
    /// Any other status, read (decode it with [`Raw::into_error`]).
    Read(Raw),
}

/// A final response before decoding: what [`ClientCore::send`] read.
#[derive(Debug)]
pub struct Raw {
    status: reqwest::StatusCode,
    headers: HeaderMap,
    bytes: Vec<u8>,
}

impl Raw {
    /// Decodes the response with an operation's `decode` function.
    ///
    /// # Errors
    /// `Error::Api` for a documented error status, `Error::UnexpectedStatus` for an
    /// undocumented one, `Error::Decode` for a body that does not match its schema.
    pub fn decode<T, E>(self, decode: impl FnOnce(u16, &[u8]) -> Decoded<T, E>) -> Result<Response<T>, Error<E>> {
        let Raw { status, headers, bytes } = self;
        match decode(status.as_u16(), &bytes) {
            Decoded::Ok(body) => Ok(Response { status, headers, body }),
            Decoded::Err(body) => Err(Error::Api { status, headers, body }),
            Decoded::Unexpected => {
                Err(Error::UnexpectedStatus { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() })
            }
            Decoded::Invalid(source) => {
                Err(Error::Decode { status, headers, source, excerpt: excerpt(&String::from_utf8_lossy(&bytes)) })
            }
        }
    }
}

impl Raw {
    /// The error a non-success response of a streaming call stands for: decoded with the
    /// operation's `decode` function, as [`Raw::decode`] does; a status it decodes as a
    /// success (none should: success responses are streamed) is an undocumented status.
    pub fn into_error<T, E>(self, decode: impl FnOnce(u16, &[u8]) -> Decoded<T, E>) -> Error<E> {
        let (status, headers, body) =
            (self.status, self.headers.clone(), String::from_utf8_lossy(&self.bytes).into_owned());
        match self.decode(decode) {
            Ok(_) => Error::UnexpectedStatus { status, headers, body },
            Err(err) => err,
        }
    }
}

/// What a request is, for tracing: the operationId and the path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The operationId, e.g. `updateTicket`.
    pub id: &'static str,
    /// The path template, e.g. `/tickets/{id}` (ids are not recorded).
    pub path: &'static str,
}

/// A header value marked sensitive (never shown by `Debug` of a header map).
fn sensitive(value: &str, message: impl FnOnce() -> String) -> Result<HeaderValue, ConfigError> {
    let mut value = HeaderValue::from_str(value).map_err(|_| ConfigError(message()))?;
    value.set_sensitive(true);
    Ok(value)
}

fn transport<E>(err: reqwest::Error) -> Error<E> {
    if err.is_timeout() {
        Error::Timeout(err)
    } else {
        Error::Transport(err)
    }
}

/// What an operation's decode function made of a status and body.
#[derive(Debug)]
pub enum Decoded<T, E> {
    /// A documented success status with a body that matched its schema.
    Ok(T),
    /// A documented error status with a body that matched its schema.
    Err(E),
    /// A status the spec does not document for the operation.
    Unexpected,
    /// A documented status whose body did not match its schema.
    Invalid(serde_json::Error),
}

impl<T, E> Decoded<T, E> {
    /// Decodes a documented success body.
    pub fn json(bytes: &[u8]) -> Self
    where
        T: DeserializeOwned,
    {
        match parse(bytes) {
            Ok(body) => Decoded::Ok(body),
            Err(err) => Decoded::Invalid(err),
        }
    }

    /// A documented success body of a `text/*` media type, as text (invalid UTF-8 is
    /// replaced by U+FFFD, so this never fails).
    pub fn text(bytes: &[u8]) -> Self
    where
        T: From<String>,
    {
        Decoded::Ok(T::from(String::from_utf8_lossy(bytes).into_owned()))
    }

    /// A documented success body of a binary media type, as bytes.
    pub fn bytes(bytes: &[u8]) -> Self
    where
        T: From<Vec<u8>>,
    {
        Decoded::Ok(T::from(bytes.to_vec()))
    }

    /// Maps a decoded success value, e.g. into a variant of a response enum.
    pub fn map_ok<U>(self, f: impl FnOnce(T) -> U) -> Decoded<U, E> {
        match self {
            Decoded::Ok(value) => Decoded::Ok(f(value)),
            Decoded::Err(err) => Decoded::Err(err),
            Decoded::Unexpected => Decoded::Unexpected,
            Decoded::Invalid(err) => Decoded::Invalid(err),
        }
    }

    /// Decodes a documented error body and wraps it in the operation's error variant.
    pub fn error<B: DeserializeOwned>(bytes: &[u8], variant: impl FnOnce(B) -> E) -> Self {
        match parse(bytes) {
            Ok(body) => Decoded::Err(variant(body)),
            Err(err) => Decoded::Invalid(err),
        }
    }
}

/// Parses JSON; an empty body is read as `null`, so that it decodes into
/// `()`-like or optional types and into `serde_json::Value`.
fn parse<B: DeserializeOwned>(bytes: &[u8]) -> Result<B, serde_json::Error> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        serde_json::from_slice(b"null")
    } else {
        serde_json::from_slice(bytes)
    }
}
