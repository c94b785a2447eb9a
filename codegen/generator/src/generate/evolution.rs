//! The generated API's evolution policy: data types are `#[non_exhaustive]`, so that what a
//! new spec version adds (a property, an enum value, an error status, a `oneOf` alternative,
//! an optional parameter, a server) is a minor release of the generated crate, not a major one.
//!
//! Callers outside the crate therefore build structs with `new(required…)` or `Default` plus
//! setters (never struct literals) and match enums with a wildcard arm. Tuple structs
//! (typify's newtypes such as constrained strings) stay as they are: a spec change never adds
//! a field to them, and their `TryFrom`/`FromStr` conversions are how callers build them.

use syn::{Fields, Item};

/// Marks every struct with named fields and every enum among `items` `#[non_exhaustive]`
/// (once; items already marked are left alone).
pub fn mark_non_exhaustive(items: &mut [Item]) {
    for item in items {
        let attrs = match item {
            Item::Struct(item) if matches!(item.fields, Fields::Named(_)) => &mut item.attrs,
            Item::Enum(item) => &mut item.attrs,
            _ => continue,
        };
        if !attrs.iter().any(|attr| attr.path().is_ident("non_exhaustive")) {
            attrs.push(syn::parse_quote!(#[non_exhaustive]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_structs_and_enums_are_marked_once_newtypes_are_not() {
        let mut file: syn::File = syn::parse_quote! {
            pub struct Ticket { pub id: String }
            pub struct TicketId(pub String);
            pub enum State { Open, Unknown(String) }
            #[non_exhaustive]
            pub enum Already { A }
            impl Ticket {}
        };
        mark_non_exhaustive(&mut file.items);
        let marked: Vec<usize> = file
            .items
            .iter()
            .map(|item| match item {
                Item::Struct(s) => s.attrs.iter().filter(|a| a.path().is_ident("non_exhaustive")).count(),
                Item::Enum(e) => e.attrs.iter().filter(|a| a.path().is_ident("non_exhaustive")).count(),
                _ => 0,
            })
            .collect();
        assert_eq!(marked, [1, 0, 1, 1, 0]);
    }
}
