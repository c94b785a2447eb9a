//! The error and response types every generated operation returns.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// A successful response: the decoded body with the status and headers it came with.
///
/// Headers give access to values the spec does not model as body fields, such
/// as `X-RateLimit-Remaining`.
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The HTTP status of the response (one of the operation's documented success statuses).
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl<T> Response<T> {
    /// Returns the decoded body, dropping status and headers.
    pub fn into_inner(self) -> T {
        self.body
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// Everything that can go wrong when calling an operation.
///
/// `E` is the operation's generated error enum: one variant per error status
/// the spec documents, each carrying the decoded error body.
#[derive(Debug, thiserror::Error)]
pub enum Error<E> {
    /// The request could not be built from the arguments (for example a path
    /// parameter that is `..`, or a header value with a newline). Nothing was sent.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The request did not complete within the configured timeout.
    #[error("request timed out")]
    Timeout(#[source] reqwest::Error),
    /// The connection failed, was closed early, or the body could not be read.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// The server answered with an error status documented in the spec; `body`
    /// is the decoded error body.
    #[error("the server answered with documented error status {status}")]
    Api {
        /// The HTTP status.
        status: StatusCode,
        /// The response headers (for example `Retry-After`).
        headers: HeaderMap,
        /// The decoded, typed error body.
        body: E,
    },
    /// The server answered with a status the spec does not document for this operation.
    #[error("the server answered with undocumented status {status}: {}", excerpt(body))]
    UnexpectedStatus {
        /// The HTTP status.
        status: StatusCode,
        /// The response headers.
        headers: HeaderMap,
        /// The raw body, decoded as UTF-8 (lossily).
        body: String,
    },
    /// The status is documented, but its body does not match the documented schema.
    #[error("could not decode the body of a {status} response: {source} (body starts: {excerpt})")]
    Decode {
        /// The HTTP status.
        status: StatusCode,
        /// The response headers.
        headers: HeaderMap,
        /// What serde reported.
        #[source]
        source: serde_json::Error,
        /// The first 200 characters of the body.
        excerpt: String,
    },
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered at all.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            Error::InvalidRequest(_) | Error::Timeout(_) | Error::Transport(_) => None,
        }
    }

    /// The typed error body, when the status was a documented error status.
    pub fn api_body(&self) -> Option<&E> {
        match self {
            Error::Api { body, .. } => Some(body),
            _ => None,
        }
    }
}

/// The first 200 characters of a body, for error messages.
pub(crate) fn excerpt(body: &str) -> String {
    const LIMIT: usize = 200;
    match body.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &body[..cut]),
        None => body.to_owned(),
    }
}
