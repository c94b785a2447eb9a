//! Hand-written runtime support shared by every generated client crate.
//!
//! Generated crates under `generated/` contain only what a spec determines
//! (types, operations, the provider's client builder). Everything else lives
//! here, written and tested by hand: the HTTP core that sends a request with
//! auth and provider-wide headers, the error type ([`Error`]), the response
//! wrapper ([`Response`]), the three-state [`Nullable`] used for PATCH-style
//! fields, path-segment encoding, opt-in retries ([`RetryPolicy`]), redirects
//! that keep credentials on their origin ([`RedirectPolicy`]), a response size
//! limit ([`DEFAULT_MAX_RESPONSE_BYTES`]), `tracing` spans per request, a
//! redacting [`Secret`], and the lazily fetched streams of pages and items of
//! paginated operations (`x-pagination`; their machinery is hidden, the streams are
//! [`futures::Stream`]s).
//!
//! # Public API
//!
//! The items at this crate's root are what users of a generated crate see (each
//! generated crate re-exports them): [`Error`], [`Response`], [`Nullable`],
//! [`RetryPolicy`], [`RedirectPolicy`], [`Secret`], [`ConfigError`], [`Undocumented`] (the error body type of operations without documented errors), [`FilePart`] (a file in a multipart request body), [`ByteStream`] (a streamed download) and
//! [`DEFAULT_MAX_RESPONSE_BYTES`], plus the re-exported [`reqwest`], [`serde_json`]
//! and [`futures`] crates. What only generated code calls (the HTTP core, the
//! decode outcome, path encoding, lenient decoding) is in a hidden module that is
//! not public API and may change in any release.
//!
//! With the feature `webhooks-hmac` (off by default: without it no hash or MAC crate is
//! compiled), the module `webhook` verifies inbound webhook deliveries from their raw body and
//! headers: an HMAC of the body in one header (`webhook::HmacVerifier`, e.g. Intercom's
//! `X-Hub-Signature: sha1=…`) or the Standard Webhooks scheme (`webhook::StandardWebhooks`),
//! with typed errors that give the status a receiver answers (`webhook::WebhookError::status`).
//!
//! With the feature `webhooks-jwt` (off by default: without it no JWT crate is compiled; its
//! RSA arithmetic is the `ring` that rustls already builds), the same module verifies deliveries
//! that carry a JSON Web Token signed RS256 in a header, as Zoho Desk's `X-ZDesk-JWT`
//! (`webhook::JwtVerifier` over a `webhook::JwtScheme`): the algorithm is pinned, the issuer
//! and audience are required, and the keys come from the provider's JWKS, fetched with a
//! 3-second timeout, cached by key id and fetched again for an unknown key at most once a
//! minute (`webhook::JwksSource`, or `webhook::KeySet` offline). Such a token does not sign the
//! body, so a captured one replays with any body until it expires. A refused token is
//! `WebhookError::BadToken` (401, with a `webhook::TokenError` per cause) and an unreachable
//! JWKS `WebhookError::KeySource` (503, so that the provider retries).
//!
//! # External types
//!
//! The public API exposes types of other crates; `EXTERNAL_TYPES.md` next to
//! this crate's `Cargo.toml` lists each one and where it appears, and the test
//! `tests/external_types.rs` fails when the public API exposes a type that is not
//! listed there (or a listed one is no longer exposed):
//!
//! - `reqwest` 0.12: the crate itself (re-exported), [`reqwest::StatusCode`] and
//!   [`reqwest::header::HeaderMap`] in [`Response`] and [`Error`],
//!   [`reqwest::Error`] in [`Error::Timeout`] and [`Error::Transport`], and
//!   [`reqwest::redirect::Policy`] from [`RedirectPolicy::reqwest_policy`] (generated
//!   crates add `reqwest::Client`, taken by `ClientBuilder::http_client`; with the feature
//!   `webhooks-jwt`, `webhook::JwksSource::http_client` takes one too, and
//!   `webhook::JwtVerifier` reads a delivery's `reqwest::header::HeaderMap`);
//! - `serde_json` 1: the crate itself (re-exported) and [`serde_json::Error`] in
//!   [`Error::Decode`] (generated types add `Value`, `Map` and `Number`); with the feature
//!   `webhooks-hmac`, `serde_json::Value` in `webhook::RawEvent` and `webhook::parse_json`;
//! - `serde` 1: the `serde::Serialize` and `serde::Deserialize` implementations of
//!   [`Nullable`] (generated types derive both);
//! - `bytes` 1 (re-exported): [`bytes::Bytes`], the chunks of a [`ByteStream`] (a streamed
//!   download) and of a streamed [`FilePart`];
//! - `futures_core` 0.3: `futures_core::Stream`, implemented by [`ByteStream`], and
//!   `futures_core::TryStream`, the bound of [`FilePart::stream`];
//! - `futures` 0.3: the crate itself (re-exported); generated crates return
//!   `impl futures::Stream` from the `*_pages` and `*_items` methods of paginated
//!   operations (consume them with [`futures::StreamExt`]);
//! - `wiremock` 0.6, only with the feature `mock` (the typed mock servers, module `mock`):
//!   the crate itself (re-exported as `mock::wiremock`), `wiremock::Match` (`Stub::and`),
//!   `wiremock::Times` (`Stub::expect`), `wiremock::MockGuard` (`Stub::mount_as_scoped`),
//!   `wiremock::Request` (`MockServer::requests`) and `wiremock::MockServer`
//!   (`MockServer::wiremock`); `serde::de::DeserializeOwned` bounds `MockServer::received`.
//!
//! Version policy: a release of this crate that moves one of them to a new
//! semver-incompatible version (reqwest 0.12 → 0.13, serde_json 1 → 2) is itself
//! semver-incompatible, and so is the next release of every generated crate.
//! Depend on the re-exported [`reqwest`] and [`serde_json`] to stay on the same
//! versions as the client.

mod body;
mod core;
mod error;
mod nullable;
mod param;
mod path;
mod redirect;
mod retry;
mod secret;

#[cfg(feature = "mock")]
pub mod mock;

#[cfg(feature = "webhooks")]
pub mod webhook;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use crate::body::{ByteStream, FilePart};
pub use crate::core::{ConfigError, DEFAULT_MAX_RESPONSE_BYTES};
pub use crate::error::{Error, Response, Undocumented};
pub use crate::nullable::Nullable;
pub use crate::redirect::RedirectPolicy;
pub use crate::retry::RetryPolicy;
pub use crate::secret::Secret;

/// The byte-buffer crate (1.x) of [`ByteStream`]'s chunks, re-exported so that users name
/// the same version.
pub use bytes;
/// The async streams crate (0.3) whose `Stream` trait the paginated operations of generated
/// crates return (see "External types" above), re-exported so that users consume those
/// streams with the same version (`futures::StreamExt::next`).
pub use futures;
/// The HTTP client crate (0.12) whose types the public API exposes (see "External
/// types" above), re-exported so that generated crates and their users agree on one
/// version: build the client for `ClientBuilder::http_client` with this one.
pub use reqwest;
/// The JSON crate (1.x) whose types the public API exposes (see "External types"
/// above), re-exported so that generated crates and their users agree on one version.
pub use serde_json;
