//! Cargo features per tag: each operation belongs to the feature of its first tag, and
//! each schema type is compiled only when a feature whose operations reach it is on.
//!
//! Reachability is computed on the generated syntax tree: a type reaches every type
//! named (in a path) in its definition and impls; an operation reaches every type named
//! in its method and its own items. Types no operation reaches are behind the
//! `all-schemas` feature. `full` (the default) turns everything on.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use syn::{Item, Type};

/// The feature that holds the types no operation reaches.
pub const ALL_SCHEMAS: &str = "all-schemas";

/// The feature of the typed mock server (`mock` module).
pub const MOCK: &str = "mock";

/// The feature of the `webhooks` module and of the payload types only webhooks reach (off by
/// default: not part of `full`).
pub const WEBHOOKS: &str = "webhooks";

/// The feature of a tag (`Help Center` → `help-center`); operations without a tag are `untagged`,
/// and a tag named like one of the crate's own features (`default`, `full`, `all-schemas`,
/// `mock`, `webhooks`) gets `-tag` appended.
pub fn feature_of(tag: Option<&str>) -> String {
    // Cargo feature names: ASCII letters, digits and `-` here (kebab case of the tag).
    let kebab: String = heck::ToKebabCase::to_kebab_case(tag.unwrap_or(""))
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let kebab = kebab.trim_matches('-').to_owned();
    match kebab.as_str() {
        "" => "untagged".to_owned(),
        // The crate's own features: a tag of that name gets a suffix.
        "default" | "full" | ALL_SCHEMAS | MOCK | WEBHOOKS => format!("{kebab}-tag"),
        _ => kebab,
    }
}

/// Collects the identifiers of every path segment it visits: the types (and other items)
/// a syntax node names.
#[derive(Default)]
pub struct Mentions(pub BTreeSet<String>);

impl<'ast> syn::visit::Visit<'ast> for Mentions {
    fn visit_path_segment(&mut self, segment: &'ast syn::PathSegment) {
        self.0.insert(segment.ident.to_string());
        syn::visit::visit_path_segment(self, segment);
    }
}

/// What the resolved types of an operation name (see [`Mentions`]): its parameters, request
/// bodies and replies. Its method and items name nothing else of the types file.
pub fn mentions(types: &super::plan::OperationTypes) -> BTreeSet<String> {
    let bodies = types.bodies.iter().flat_map(|body| match body {
        super::plan::BodyType::Typed(ty) => vec![ty],
        super::plan::BodyType::Parts(parts) => parts.iter().flatten().collect(),
        super::plan::BodyType::Opaque => Vec::new(),
    });
    let replies = types.success.iter().chain(&types.errors).flatten();
    named(types.params.iter().map(|param| &param.ty).chain(bodies).chain(replies))
}

/// What the payload types of the webhooks name (see [`Mentions`]).
pub fn webhook_mentions(types: &[syn::Type]) -> BTreeSet<String> {
    named(types)
}

/// What the types name (see [`Mentions`]).
fn named<'a>(types: impl IntoIterator<Item = &'a syn::Type>) -> BTreeSet<String> {
    use syn::visit::Visit;
    let mut mentions = Mentions::default();
    for ty in types {
        mentions.visit_type(ty);
    }
    mentions.0
}

/// What an item names (see [`Mentions`]).
fn mentioned(item: &Item) -> BTreeSet<String> {
    let mut mentions = Mentions::default();
    syn::visit::Visit::visit_item(&mut mentions, item);
    mentions.0
}

/// Adds `#[cfg(...)]` to the items of `types` by the features that reach them.
/// `seeds` maps each feature to the identifiers its operations mention.
pub fn gate(types: &mut syn::File, seeds: &BTreeMap<String, BTreeSet<String>>) {
    let names: BTreeSet<String> = types.items.iter().filter_map(defined_type).collect();
    // Edges: a type → the types named by its definition and its impls.
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for item in &types.items {
        let Some(owner) = owner(item, &names) else { continue };
        edges.entry(owner).or_default().extend(mentioned(item).into_iter().filter(|m| names.contains(m)));
    }
    let mut reached_by: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (feature, seed) in seeds {
        let mut stack: Vec<String> = seed.iter().filter(|s| names.contains(*s)).cloned().collect();
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if seen.insert(name.clone()) {
                stack.extend(edges.get(&name).into_iter().flatten().filter(|n| !seen.contains(*n)).cloned());
            }
        }
        for name in seen {
            reached_by.entry(name).or_default().insert(feature.clone());
        }
    }
    // The features of `full`: a type every one of them reaches needs no gate (`webhooks` is
    // not one of them, so a type only webhooks reach is gated by it).
    let all: BTreeSet<String> = seeds.keys().filter(|f| f.as_str() != WEBHOOKS).cloned().collect();
    for item in &mut types.items {
        let Some(owner) = owner(item, &names) else { continue };
        let features = reached_by.get(&owner).cloned().unwrap_or_else(|| BTreeSet::from([ALL_SCHEMAS.to_owned()]));
        if !all.is_empty() && features.is_superset(&all) {
            continue;
        }
        let list = features.iter().map(|f| quote::quote!(feature = #f));
        let attr: syn::Attribute = syn::parse_quote!(#[cfg(any(#(#list),*))]);
        if let Some(attrs) = attrs_mut(item) {
            attrs.insert(0, attr);
        }
    }
}

/// The cfg attribute for an operation of `feature`.
pub fn cfg(feature: &str) -> TokenStream {
    quote::quote!(#[cfg(feature = #feature)])
}

fn defined_type(item: &Item) -> Option<String> {
    match item {
        Item::Struct(s) => Some(s.ident.to_string()),
        Item::Enum(e) => Some(e.ident.to_string()),
        Item::Type(t) => Some(t.ident.to_string()),
        _ => None,
    }
}

/// The type an item belongs to: the type it defines, or for an impl its self
/// type (or, for `impl From<Known> for Foreign`, the first known type it names).
fn owner(item: &Item, names: &BTreeSet<String>) -> Option<String> {
    if let Some(name) = defined_type(item) {
        return Some(name);
    }
    let Item::Impl(item) = item else { return None };
    if let Type::Path(path) = &*item.self_ty {
        if let Some(last) = path.path.segments.last() {
            if names.contains(&last.ident.to_string()) {
                return Some(last.ident.to_string());
            }
        }
    }
    mentioned(&Item::Impl(item.clone())).into_iter().find(|m| names.contains(m))
}

fn attrs_mut(item: &mut Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        Item::Struct(s) => Some(&mut s.attrs),
        Item::Enum(e) => Some(&mut e.attrs),
        Item::Type(t) => Some(&mut t.attrs),
        Item::Impl(i) => Some(&mut i.attrs),
        _ => None,
    }
}
