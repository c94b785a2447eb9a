//! Rust identifiers from spec names.

use proc_macro2::{Ident, Span};

/// A field or argument identifier for a spec name: snake case, `_` appended to
/// keywords (`type` → `type_`), as typify names struct fields.
pub fn field(name: &str) -> Ident {
    let mut snake = heck::ToSnakeCase::to_snake_case(name);
    if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake = format!("_{snake}");
    }
    ident(&snake)
}

/// A type or variant identifier: upper camel case.
pub fn type_name(name: &str) -> Ident {
    let mut camel = heck::ToUpperCamelCase::to_upper_camel_case(name);
    if camel.is_empty() || camel.starts_with(|c: char| c.is_ascii_digit()) {
        camel = format!("V{camel}");
    }
    ident(&camel)
}

fn ident(name: &str) -> Ident {
    match syn::parse_str::<Ident>(name) {
        Ok(ident) => ident,
        Err(_) => Ident::new(&format!("{name}_"), Span::call_site()),
    }
}
