//! Rust identifiers from spec names (the naming rules are [`helpdesk_spec::naming`]'s).

use helpdesk_spec::naming;
use proc_macro2::{Ident, Span};

/// A field or argument identifier for a spec name: snake case, `_` appended to
/// keywords (`type` → `type_`), as typify names struct fields.
pub fn field(name: &str) -> Ident {
    Ident::new(&naming::field_name(name), Span::call_site())
}

/// A type or variant identifier: upper camel case.
pub fn type_name(name: &str) -> Ident {
    Ident::new(&naming::emitter_type_name(name), Span::call_site())
}
