//! The HTTP core a generated client wraps: base URL, auth, provider headers, execution.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use reqwest::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{excerpt, Error, Response};
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
    /// Timeout for a whole request, from connect to the end of the body.
    pub timeout: Option<Duration>,
    /// A preconfigured HTTP client (proxies, pools); when set, `timeout` is ignored
    /// and the client's own settings apply.
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
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values are left out: the Authorization header holds a secret.
        f.debug_struct("ClientCore")
            .field("base_url", &self.base_url)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
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
            None => {
                let mut builder = reqwest::Client::builder();
                if let Some(timeout) = options.timeout {
                    builder = builder.timeout(timeout);
                }
                builder
                    .build()
                    .map_err(|err| ConfigError(format!("cannot build the HTTP client: {err}")))?
            }
        };
        Ok(Self {
            http,
            base_url: options.base_url.trim_end_matches('/').to_owned(),
            headers,
        })
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Starts a request to `path` (already encoded) with auth and provider headers set.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{}", self.base_url, path))
            .headers(self.headers.clone())
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

    /// Sends a request and decodes the response with the operation's `decode`
    /// function, which maps a status and body to a typed outcome.
    ///
    /// # Errors
    /// See [`Error`]: transport failures and timeouts, documented error statuses
    /// with their typed bodies, undocumented statuses with the raw body, and
    /// bodies that do not match the documented schema.
    pub async fn execute<T, E>(
        &self,
        request: RequestBuilder,
        decode: impl FnOnce(u16, &[u8]) -> Decoded<T, E>,
    ) -> Result<Response<T>, Error<E>> {
        let response = request.send().await.map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.map_err(transport)?;
        match decode(status.as_u16(), &bytes) {
            Decoded::Ok(body) => Ok(Response { status, headers, body }),
            Decoded::Err(body) => Err(Error::Api { status, headers, body }),
            Decoded::Unexpected => Err(Error::UnexpectedStatus {
                status,
                headers,
                body: String::from_utf8_lossy(&bytes).into_owned(),
            }),
            Decoded::Invalid(source) => Err(Error::Decode {
                status,
                headers,
                source,
                excerpt: excerpt(&String::from_utf8_lossy(&bytes)),
            }),
        }
    }
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
