//! Inbound webhooks: verifying a delivery's signature from its raw body and headers, and the
//! typed errors a receiver answers with.
//!
//! A receiver hands the raw request body (the exact bytes, before any JSON parsing) and the
//! request headers to a verifier; only a verified body is parsed. Signature bytes are compared
//! only by the `hmac` crate's `Mac::verify_slice`, which checks the length and compares in
//! constant time, and RSA signatures are checked by `jsonwebtoken` (over `ring`)
//! (`tests/webhook_sources.rs` fails if this module compares bytes with `==`). No error's
//! `Debug` or `Display` shows a secret, a token or a computed signature.
//!
//! With the feature `webhooks` alone, the module holds what a generated crate's `webhooks`
//! module needs ([`WebhookError`], [`RawEvent`], [`parse_json`], [`parse_json_as`]); each verifier
//! has its own feature:
//!
//! - `HmacVerifier` (feature `webhooks-hmac`) checks an HMAC of the body carried in one header,
//!   in the form an `HmacScheme` describes (header name, SHA-1 or SHA-256, hex or base64, optional prefix such
//!   as Intercom's `sha1=`). Such schemes sign no timestamp, so a captured delivery replays until
//!   the secret is rotated.
//! - `StandardWebhooks` (feature `webhooks-hmac`) checks the [Standard Webhooks] scheme (`webhook-id`,
//!   `webhook-timestamp`, `webhook-signature`, or the same headers named `svix-*`): HMAC-SHA256
//!   of `{id}.{timestamp}.{body}` with a timestamp tolerance (5 minutes by default).
//! - `JwtVerifier` (feature `webhooks-jwt`) checks a JSON Web Token signed RS256 in one header,
//!   in the form a `JwtScheme` describes (Zoho Desk's `X-ZDesk-JWT`, issuer `orgId:<orgId>`,
//!   audience `webhookId:<webhookId>`), with the keys of a JWKS (`KeySet`, fetched and cached by
//!   `JwksSource`). Such a token does not sign the body: a captured token replays with any body
//!   until it expires.
//!
//! Every check that reads the clock has a `*_at(now)` twin for tests.
//!
//! [Standard Webhooks]: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md

// The header helpers serve the verifiers; with only `webhooks` (event parsing) they are unused.
#![cfg_attr(not(feature = "webhooks-hmac"), allow(dead_code))]

#[cfg(feature = "webhooks-hmac")]
mod hmac_scheme;
#[cfg(feature = "webhooks-jwt")]
mod jwks;
#[cfg(feature = "webhooks-jwt")]
mod jwt;
#[cfg(feature = "webhooks-hmac")]
mod standard;
#[cfg(all(feature = "mock", feature = "webhooks-jwt"))]
pub mod testing;

#[doc(hidden)]
pub mod fields;

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

#[cfg(feature = "webhooks-hmac")]
pub use crate::webhook::hmac_scheme::{Algorithm, Encoding, HmacScheme, HmacVerifier};
#[cfg(feature = "webhooks-jwt")]
pub use crate::webhook::jwks::{JwksSource, KeySet};
#[cfg(feature = "webhooks-jwt")]
pub use crate::webhook::jwt::{Claims, JwtScheme, JwtVerifier, TokenError};
#[cfg(feature = "webhooks-hmac")]
pub use crate::webhook::standard::StandardWebhooks;

/// Why a webhook delivery was refused, or why a verifier could not be built.
///
/// [`WebhookError::status`] gives the HTTP status a receiver should answer with. No variant
/// carries or prints a secret, a token or a computed signature.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The signature header is absent. `similar` names (never the values of) the headers
    /// present that look like signatures (their names contain `signature`, `hmac`, `webhook`
    /// or `jwt`), so that a misconfigured header name can be corrected in one try.
    #[error("the webhook request has no `{name}` header{}", SimilarNames(similar))]
    MissingHeader {
        /// The header the verifier reads (lowercase).
        name: String,
        /// Names of present headers that look like signatures, sorted.
        similar: Vec<String>,
    },
    /// The signature header (or the timestamp header) is present but cannot be read: not
    /// visible ASCII, a wrong or missing prefix, bad hex or base64, an empty signature, or a
    /// digest of the wrong length. (A token header that is visible ASCII but not a readable
    /// token is `WebhookError::BadToken` instead, with the feature `webhooks-jwt`.)
    #[error("the `{header}` header is malformed: {reason}")]
    MalformedSignature {
        /// The header that is malformed (lowercase).
        header: String,
        /// What is wrong with it (never the value itself).
        reason: String,
    },
    /// The signature is well-formed but does not match the body: a wrong signing secret, or a
    /// body changed on the way (a proxy that re-encodes JSON changes the bytes).
    #[error("the webhook signature does not match the body (wrong signing secret, or the body was changed)")]
    BadSignature,
    /// The signed timestamp is older than the verifier's tolerance (a replayed or very late
    /// delivery). `age` is how old it is, in whole seconds.
    #[error("the webhook timestamp is {}s old, beyond the tolerance", age.as_secs())]
    Stale {
        /// How old the timestamp is.
        age: Duration,
    },
    /// The signed timestamp is further in the future than the verifier's tolerance (a sender's
    /// clock that is wrong, or a forged timestamp). `ahead` is by how much, in whole seconds.
    #[error("the webhook timestamp is {}s in the future, beyond the tolerance", ahead.as_secs())]
    FromFuture {
        /// How far ahead the timestamp is.
        ahead: Duration,
    },
    /// The body was verified but is not the JSON the provider sends. `excerpt` is the first 200
    /// characters of the body, shown with control characters escaped.
    #[error("the verified webhook body is not valid JSON: {source} (body starts: {})", crate::error::Escaped(excerpt))]
    Payload {
        /// What serde_json reported.
        source: serde_json::Error,
        /// The start of the body (lossy UTF-8).
        excerpt: String,
    },
    /// The verifier was configured with an empty secret, an invalid header name or a secret
    /// that cannot be decoded. Returned by constructors, before any delivery is read.
    #[error("webhook verifier configuration: {reason}")]
    Config {
        /// What to fix.
        reason: String,
    },
    /// The delivery's token (a JWT) is refused; `reason` says why, one variant per cause
    /// (feature `webhooks-jwt`).
    #[cfg(feature = "webhooks-jwt")]
    #[error("the webhook token is refused: {reason}")]
    BadToken {
        /// Why.
        reason: TokenError,
    },
    /// The keys that verify tokens cannot be had: the JWKS is unreachable, answered a status
    /// other than 2xx or too large a body, is not a JWKS with an RSA signing key, or was just
    /// found failing and is not fetched again before the refetch interval (feature
    /// `webhooks-jwt`). The delivery may be genuine: the receiver answers 503 so that the
    /// provider retries.
    #[cfg(feature = "webhooks-jwt")]
    #[error("the webhook signing keys are unavailable: {reason}")]
    KeySource {
        /// What failed (the JWKS URL and the status or transport error; never a token).
        reason: String,
    },
}

impl WebhookError {
    /// The HTTP status a receiver should answer with: `401 Unauthorized` for a delivery that
    /// is not verified (missing, malformed or wrong signature, timestamp out of tolerance, a
    /// refused token), `400 Bad Request` for a verified body that is not JSON, `500 Internal
    /// Server Error` for a verifier that is misconfigured and `503 Service Unavailable` when the
    /// keys cannot be fetched (the provider retries 5xx answers).
    pub fn status(&self) -> StatusCode {
        match self {
            WebhookError::MissingHeader { .. }
            | WebhookError::MalformedSignature { .. }
            | WebhookError::BadSignature
            | WebhookError::Stale { .. }
            | WebhookError::FromFuture { .. } => StatusCode::UNAUTHORIZED,
            #[cfg(feature = "webhooks-jwt")]
            WebhookError::BadToken { .. } => StatusCode::UNAUTHORIZED,
            WebhookError::Payload { .. } => StatusCode::BAD_REQUEST,
            WebhookError::Config { .. } => StatusCode::INTERNAL_SERVER_ERROR,
            #[cfg(feature = "webhooks-jwt")]
            WebhookError::KeySource { .. } => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

/// A verified event that is not one of the typed events of its provider, kept whole: its name
/// (topic or event type) as the provider sent it, if it sent one, the exact JSON, and, when the
/// name was known but the payload did not fit its type, why it did not decode.
#[derive(Debug, Clone, PartialEq)]
pub struct RawEvent {
    /// The event's name as sent (`ticket.created`, `Ticket_Add`), if the body names one.
    pub name: Option<String>,
    /// The event's JSON exactly as received.
    pub body: serde_json::Value,
    /// Why a known event's payload did not decode into its type (`None` for an unknown name).
    pub decode_error: Option<String>,
}

/// Parses a verified body as JSON, or the [`WebhookError::Payload`] that names the first
/// characters of the body.
///
/// # Errors
///
/// [`WebhookError::Payload`] when the body is not JSON (serde_json's recursion limit of 128
/// nested levels applies, so a deeply nested body is an error, not a stack overflow).
pub fn parse_json(body: &[u8]) -> Result<serde_json::Value, WebhookError> {
    serde_json::from_slice(body).map_err(|source| WebhookError::Payload {
        source,
        excerpt: crate::error::excerpt(&String::from_utf8_lossy(body)),
    })
}

/// Parses a verified body as `T` (a generated payload type), or the [`WebhookError::Payload`]
/// that says why it is not JSON or does not fit `T`, with the first characters of the body.
///
/// # Errors
///
/// [`WebhookError::Payload`] when the body is not JSON or does not fit `T`.
pub fn parse_json_as<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, WebhookError> {
    serde_json::from_slice(body).map_err(|source| WebhookError::Payload {
        source,
        excerpt: crate::error::excerpt(&String::from_utf8_lossy(body)),
    })
}

/// The first value of header `name` as visible ASCII, trimmed, or the error naming the header.
fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Result<&'h str, WebhookError> {
    let value = headers.get(name).ok_or_else(|| missing(headers, name))?;
    let text = value.to_str().map_err(|_| malformed(name, "its value is not visible ASCII"))?;
    Ok(text.trim())
}

/// The error for an absent header, with the names of present headers that look like signatures.
fn missing(headers: &HeaderMap, name: &str) -> WebhookError {
    let mut similar: Vec<String> = headers
        .keys()
        .map(|key| key.as_str())
        .filter(|key| ["signature", "hmac", "webhook", "jwt"].iter().any(|word| key.contains(word)))
        .map(str::to_owned)
        .collect();
    similar.sort();
    similar.dedup();
    WebhookError::MissingHeader { name: name.to_owned(), similar }
}

fn malformed(header: &str, reason: impl Into<String>) -> WebhookError {
    WebhookError::MalformedSignature { header: header.to_owned(), reason: reason.into() }
}

/// Key bytes that never appear in `Debug` output.
#[derive(Clone)]
struct KeyBytes(Vec<u8>);

impl fmt::Debug for KeyBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Shows the similar header names of a [`WebhookError::MissingHeader`].
struct SimilarNames<'a>(&'a [String]);

impl fmt::Display for SimilarNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((first, rest)) = self.0.split_first() {
            write!(f, " (headers present that look like signatures: `{first}`")?;
            for name in rest {
                write!(f, ", `{name}`")?;
            }
            f.write_str("; is the configured header name right?)")?;
        }
        Ok(())
    }
}
