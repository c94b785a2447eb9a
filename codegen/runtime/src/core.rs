//! The HTTP core a generated client wraps: base URL, auth, provider headers, execution.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use reqwest::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;

use tracing::Instrument;

use crate::error::{excerpt, Error, Response};
use crate::retry::{retryable_status, server_delay, RetryPolicy};
use crate::Secret;

/// Settings a generated client builder collects before building a [`ClientCore`].
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
    /// A preconfigured HTTP client (proxies, pools, TLS).
    pub http: Option<reqwest::Client>,
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
#[error("invalid client configuration: {0}")]
pub struct ConfigError(pub String);

/// Sends requests for a generated client and decodes their responses.
#[derive(Clone)]
pub struct ClientCore {
    http: reqwest::Client,
    base_url: String,
    headers: HeaderMap,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values are left out: the Authorization header holds a secret.
        f.debug_struct("ClientCore")
            .field("base_url", &self.base_url)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl ClientCore {
    /// Builds the core from the options a generated builder collected.
    ///
    /// # Errors
    /// A header name or value that HTTP does not allow, or a TLS back end that
    /// cannot be initialised.
    pub fn new(options: ClientOptions) -> Result<Self, ConfigError> {
        let mut headers = HeaderMap::new();
        if let Some((name, secret)) = &options.auth {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| ConfigError(format!("`{name}` is not a valid header name")))?;
            let mut value = HeaderValue::from_str(secret.expose()).map_err(|_| {
                ConfigError("the token contains characters not allowed in an HTTP header".into())
            })?;
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
                .build()
                .map_err(|err| ConfigError(format!("cannot build the HTTP client: {err}")))?,
        };
        Ok(Self {
            http,
            base_url: options.base_url.trim_end_matches('/').to_owned(),
            headers,
            timeout: options.timeout,
            retry: options.retry,
        })
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

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Starts a request to `path` (already encoded) with auth and provider headers set.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let request = self
            .http
            .request(method, format!("{}{}", self.base_url, path))
            .headers(self.headers.clone());
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
        Ok(request
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(bytes))
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
    /// status and body to a typed outcome. Each call is a `tracing` span
    /// `helpdesk.request` with the operationId, method, path template, attempt and
    /// status (never headers or bodies).
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
        let request = request.build().map_err(|err| Error::InvalidRequest(format!("cannot build the request: {err}")))?;
        let span = tracing::info_span!(
            "helpdesk.request",
            operation_id = operation.id,
            method = %request.method(),
            path = operation.path,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        self.send_with_retries(request, decode).instrument(span).await
    }

    async fn send_with_retries<T, E>(
        &self,
        request: reqwest::Request,
        decode: impl FnOnce(u16, &[u8]) -> Decoded<T, E>,
    ) -> Result<Response<T>, Error<E>> {
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
            let sent = self.http.execute(current).await;
            let (status, headers, bytes) = match sent {
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    match response.bytes().await {
                        Ok(bytes) => (status, headers, bytes),
                        Err(err) if !last => {
                            tracing::debug!(error = %err, "reading the body failed; retrying");
                            self.wait(retry, attempt, None).await;
                            attempt += 1;
                            continue;
                        }
                        Err(err) => return Err(transport(err)),
                    }
                }
                Err(err) if !last && (err.is_connect() || err.is_timeout() || err.is_request()) => {
                    tracing::debug!(error = %err, "sending failed; retrying");
                    self.wait(retry, attempt, None).await;
                    attempt += 1;
                    continue;
                }
                Err(err) => return Err(transport(err)),
            };
            span.record("status", status.as_u16());
            if !last && retryable_status(status) {
                let delay = server_delay(&headers, &bytes);
                tracing::debug!(status = status.as_u16(), ?delay, "retryable status; retrying");
                self.wait(retry, attempt, delay).await;
                attempt += 1;
                continue;
            }
            return finish(status, headers, &bytes, decode);
        }
    }

    async fn wait(&self, retry: Option<&RetryPolicy>, attempt: u32, server: Option<Duration>) {
        let Some(retry) = retry else { return };
        let delay = server.map_or_else(|| retry.backoff(attempt), |d| d.min(retry.max_backoff));
        tokio::time::sleep(delay).await;
    }
}

fn finish<T, E>(
    status: reqwest::StatusCode,
    headers: HeaderMap,
    bytes: &[u8],
    decode: impl FnOnce(u16, &[u8]) -> Decoded<T, E>,
) -> Result<Response<T>, Error<E>> {
    match decode(status.as_u16(), bytes) {
        Decoded::Ok(body) => Ok(Response { status, headers, body }),
        Decoded::Err(body) => Err(Error::Api { status, headers, body }),
        Decoded::Unexpected => Err(Error::UnexpectedStatus {
            status,
            headers,
            body: String::from_utf8_lossy(bytes).into_owned(),
        }),
        Decoded::Invalid(source) => Err(Error::Decode {
            status,
            headers,
            source,
            excerpt: excerpt(&String::from_utf8_lossy(bytes)),
        }),
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
