//! Not public API: what generated crates call, and nothing a user of a generated
//! crate needs.
//!
//! Everything here may change, move or disappear in any release of
//! `helpdesk-runtime`, patch releases included, together with the generator that
//! emits the calls. Generated crates are regenerated against the runtime of the
//! same commit, so they never see a mismatch; code outside `generated/` (tests of
//! this workspace aside) must not use these items.

pub use crate::body::Multipart;
pub use crate::core::{ClientCore, ClientOptions, Decoded, Operation, Raw, Streamed};
pub use crate::param::{json_parameter_text, parameter_text};
pub use crate::path::path_segment;

#[path = "lenient.rs"]
pub mod lenient;

#[path = "pagination.rs"]
pub mod pagination;

/// The `Authorization` value of HTTP Basic authentication for a token
/// `<username>:<password>`: `Basic <base64>` (RFC 7617), marked secret.
pub fn basic_credentials(token: &crate::Secret) -> crate::Secret {
    use base64::Engine as _;
    crate::Secret::new(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(token.expose())))
}
