//! The table of the finished types: each struct's fields as the generated code has them
//! (wire name, field identifier, type), newtypes and aliases. A by-product of finishing the
//! types (the only stage that reads typify's output as syntax); later stages ask it instead
//! of reading the types file.

use std::collections::{HashMap, HashSet};

use super::syntax::property_name;

/// A field of a generated struct.
#[derive(Debug, Clone)]
pub struct Field {
    /// The property name on the wire (`serde(rename)`, else the identifier).
    pub wire: String,
    /// The field's identifier.
    pub ident: syn::Ident,
    /// Its type as generated (`Option<…>`, `Nullable<…>`, `Vec<…>`, …).
    pub ty: syn::Type,
}

/// What the finished types file defines, by type name.
#[derive(Debug, Default)]
pub struct TypeTable {
    /// Structs with named fields: their fields in order.
    structs: HashMap<String, Vec<Field>>,
    /// Newtype structs (`struct X(pub T)`): the wrapped type.
    newtypes: HashMap<String, syn::Type>,
    /// Type aliases: the aliased type.
    aliases: HashMap<String, syn::Type>,
    /// Every struct, enum and alias name.
    names: HashSet<String>,
}

impl TypeTable {
    /// The table of a finished types file.
    pub fn of(file: &syn::File) -> Self {
        let mut table = Self::default();
        for item in &file.items {
            match item {
                syn::Item::Struct(item) => {
                    let name = item.ident.to_string();
                    match &item.fields {
                        syn::Fields::Named(named) => {
                            let fields = named
                                .named
                                .iter()
                                .filter_map(|field| {
                                    let ident = field.ident.clone()?;
                                    Some(Field { wire: property_name(field)?, ident, ty: field.ty.clone() })
                                })
                                .collect();
                            table.structs.insert(name.clone(), fields);
                        }
                        syn::Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                            table.newtypes.insert(name.clone(), fields.unnamed[0].ty.clone());
                        }
                        _ => {}
                    }
                    table.names.insert(name);
                }
                syn::Item::Enum(item) => {
                    table.names.insert(item.ident.to_string());
                }
                syn::Item::Type(item) => {
                    table.aliases.insert(item.ident.to_string(), (*item.ty).clone());
                    table.names.insert(item.ident.to_string());
                }
                _ => {}
            }
        }
        table
    }

    /// The fields of the struct `name`, following type aliases; `None` when `name` is not a
    /// struct with named fields.
    pub fn fields(&self, name: &str) -> Option<&[Field]> {
        let mut name = name.to_owned();
        for _ in 0..8 {
            if let Some(fields) = self.structs.get(&name) {
                return Some(fields);
            }
            name = single_ident(self.aliases.get(&name)?)?;
        }
        None
    }

    /// The wrapped type of the newtype struct `name`.
    pub fn newtype(&self, name: &str) -> Option<&syn::Type> {
        self.newtypes.get(name)
    }

    /// Whether the types file defines an item `name`.
    pub fn defines(&self, name: &str) -> bool {
        self.names.contains(name)
    }
}

/// The identifier a type path ends in, when it has no generic arguments.
fn single_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => {
            path.path.segments.last().filter(|s| s.arguments.is_empty()).map(|s| s.ident.to_string())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_follow_aliases_and_renames() {
        let file: syn::File = syn::parse_quote! {
            pub struct Page { #[serde(rename = "next-cursor", default)] pub next_cursor: Option<String>, pub r#type: String }
            pub type PageAlias = Page;
            pub struct Threads(pub Vec<Page>);
            pub enum State { Open }
        };
        let table = TypeTable::of(&file);
        let wire: Vec<&str> = table.fields("PageAlias").unwrap().iter().map(|f| f.wire.as_str()).collect();
        assert_eq!(wire, ["next-cursor", "type"]);
        assert!(table.fields("Threads").is_none());
        assert!(table.newtype("Threads").is_some());
        assert!(table.defines("State") && table.defines("PageAlias") && !table.defines("Other"));
    }
}
