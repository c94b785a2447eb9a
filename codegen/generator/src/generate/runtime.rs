//! The one table of `helpdesk_runtime` paths the printers name: a generated crate reaches the
//! runtime only through [`RUNTIME`] (its public API) and [`PRIVATE`] (`__private`, what
//! generated code calls and users must not), so a move in the runtime is one edit here.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

/// `::helpdesk_runtime`, the runtime's public API (`#RUNTIME::Secret`, `#RUNTIME::reqwest`).
pub struct Runtime;

impl ToTokens for Runtime {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(quote!(::helpdesk_runtime));
    }
}

/// `::helpdesk_runtime::__private`, what generated code calls (`#PRIVATE::ClientCore`).
pub struct Private;

impl ToTokens for Private {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(quote!(::helpdesk_runtime::__private));
    }
}

/// The runtime's public API, to interpolate in `quote!` as `#RUNTIME`.
pub const RUNTIME: Runtime = Runtime;

/// The runtime's `__private` module, to interpolate in `quote!` as `#PRIVATE`.
pub const PRIVATE: Private = Private;

/// The runtime's lenient scalar decoder, as a `#[serde(deserialize_with = "…")]` path.
pub const LENIENT_DESERIALIZE: &str = "::helpdesk_runtime::__private::lenient::deserialize";

/// `serde_json::Number` through the runtime's re-export, as a typify type path.
pub const JSON_NUMBER: &str = "::helpdesk_runtime::serde_json::Number";
