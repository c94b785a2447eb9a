//! Hand-written runtime support shared by every generated client crate.
//!
//! Generated crates under `generated/` contain only what a spec determines
//! (types, operations, the provider's client builder). Everything else lives
//! here, written and tested by hand: the HTTP core that sends a request with
//! auth and provider-wide headers ([`ClientCore`]), the error type
//! ([`Error`]), the response wrapper ([`Response`]), the three-state
//! [`Nullable`] used for PATCH-style fields, path-segment encoding, opt-in
//! retries ([`RetryPolicy`]), redirects that keep credentials on their origin
//! ([`RedirectPolicy`]), a response size limit, `tracing` spans per request, and a
//! redacting [`Secret`].

mod core;
mod error;
#[doc(hidden)]
pub mod lenient;
mod nullable;
mod path;
mod redirect;
mod retry;
mod secret;

pub use crate::core::{ClientCore, ClientOptions, ConfigError, Decoded, Operation, DEFAULT_MAX_RESPONSE_BYTES};
pub use crate::error::{Error, Response};
pub use crate::nullable::Nullable;
pub use crate::path::path_segment;
pub use crate::redirect::RedirectPolicy;
pub use crate::retry::RetryPolicy;
pub use crate::secret::Secret;

/// Re-exported so that generated crates and their users agree on one version.
pub use reqwest;
/// Re-exported so that generated crates and their users agree on one version.
pub use serde_json;
