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
///
/// `Display` never writes the server's raw control characters: text that comes
/// from the server (body excerpts, a `Location`) is shown with control and
/// bidirectional-formatting characters escaped (`\u{1b}` for ESC, `\n`, …). The
/// fields themselves hold the text as received.
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
    #[error("the server answered with undocumented status {status}: {}", Escaped(&excerpt(body)))]
    UnexpectedStatus {
        /// The HTTP status.
        status: StatusCode,
        /// The response headers.
        headers: HeaderMap,
        /// The raw body, decoded as UTF-8 (lossily).
        body: String,
    },
    /// The status is documented, but its body does not match the documented schema.
    #[error("could not decode the body of a {status} response: {source} (body starts: {})", Escaped(excerpt))]
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
    /// The server answered with a redirect (`301`, `302`, `303`, `307` or `308`
    /// with a `Location`) that the client's [`RedirectPolicy`](crate::RedirectPolicy)
    /// does not follow: by default, one to another origin (scheme, host or port).
    /// Nothing was sent to `location`.
    #[error(
        "the server redirected the request ({status}) to {}, which the redirect policy does not follow",
        Escaped(location)
    )]
    Redirect {
        /// The HTTP status (a redirection).
        status: StatusCode,
        /// The response headers.
        headers: HeaderMap,
        /// The `Location` header as the server sent it (decoded as UTF-8, lossily);
        /// it may be relative to the request URL.
        location: String,
    },
    /// The response body is longer than the client's limit
    /// (`ClientBuilder::max_response_bytes`, 32 MiB by default). The body was
    /// not read past the limit, nor decoded.
    #[error("the body of the {status} response is longer than the limit of {limit} bytes")]
    BodyTooLarge {
        /// The HTTP status.
        status: StatusCode,
        /// The response headers (`Content-Length`, when the server sent one).
        headers: HeaderMap,
        /// The limit in bytes.
        limit: u64,
    },
}

impl Error<std::convert::Infallible> {
    /// The same error as an `Error<E>` of any operation (an `Error<Infallible>` has no
    /// `Api` variant). Used by generated code after the untyped part of a call.
    #[doc(hidden)]
    pub fn widen<E>(self) -> Error<E> {
        match self {
            Error::InvalidRequest(message) => Error::InvalidRequest(message),
            Error::Timeout(err) => Error::Timeout(err),
            Error::Transport(err) => Error::Transport(err),
            Error::Api { body, .. } => match body {},
            Error::UnexpectedStatus { status, headers, body } => Error::UnexpectedStatus { status, headers, body },
            Error::Decode { status, headers, source, excerpt } => Error::Decode { status, headers, source, excerpt },
            Error::Redirect { status, headers, location } => Error::Redirect { status, headers, location },
            Error::BodyTooLarge { status, headers, limit } => Error::BodyTooLarge { status, headers, limit },
        }
    }
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered at all.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. }
            | Error::Redirect { status, .. }
            | Error::BodyTooLarge { status, .. } => Some(*status),
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

/// Shows text from a server with control characters (C0, DEL, C1) and bidirectional
/// formatting characters escaped, so that an error message cannot move a terminal's
/// cursor, ring its bell or reorder what is shown.
pub(crate) struct Escaped<'a>(pub(crate) &'a str);

impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write as _;
        for c in self.0.chars() {
            let bidi =
                matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if c.is_control() || bidi {
                write!(f, "{}", c.escape_default())?;
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_escapes_control_characters_from_the_server() {
        let body = "\u{1b}[2J\u{1b}]0;pwned\u{7}bad\r\ngateway\u{7f}\u{9b}31m \u{202e}txt.exe é ✓";
        let escaped = r"\u{1b}[2J\u{1b}]0;pwned\u{7}bad\r\ngateway\u{7f}\u{9b}31m \u{202e}txt.exe é ✓";
        let unexpected: Error<()> = Error::UnexpectedStatus {
            status: StatusCode::BAD_GATEWAY,
            headers: HeaderMap::new(),
            body: body.to_owned(),
        };
        let message = unexpected.to_string();
        assert_eq!(message, format!("the server answered with undocumented status 502 Bad Gateway: {escaped}"));
        assert!(!message.chars().any(char::is_control), "{message:?}");

        let source = serde_json::from_str::<u32>("\"\u{1b}\"").unwrap_err();
        let decode: Error<()> = Error::Decode {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            source,
            excerpt: excerpt(&format!("{body}{}", "x".repeat(300))),
        };
        let message = decode.to_string();
        assert!(message.contains(escaped), "{message}");
        assert!(!message.chars().any(char::is_control), "{message:?}");

        let redirect: Error<()> = Error::Redirect {
            status: StatusCode::FOUND,
            headers: HeaderMap::new(),
            location: "http://evil.example/\u{1b}[31m\u{7}".to_owned(),
        };
        let message = redirect.to_string();
        assert!(message.contains(r"http://evil.example/\u{1b}[31m\u{7}"), "{message}");
        assert!(!message.chars().any(char::is_control), "{message:?}");
    }

    #[test]
    fn the_fields_keep_the_text_as_received() {
        let body = "\u{1b}[2Jhi";
        let error: Error<()> = Error::UnexpectedStatus {
            status: StatusCode::IM_A_TEAPOT,
            headers: HeaderMap::new(),
            body: body.to_owned(),
        };
        match error {
            Error::UnexpectedStatus { body: kept, .. } => assert_eq!(kept, body),
            _ => unreachable!(),
        }
        assert_eq!(excerpt(body), body);
    }
}

/// The error body type of an operation whose spec documents no error status. It has no
/// values, so `Error::<Undocumented>::Api` cannot occur: every error status of such an
/// operation is [`Error::UnexpectedStatus`], with the raw body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Undocumented {}

impl std::fmt::Display for Undocumented {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {}
    }
}
