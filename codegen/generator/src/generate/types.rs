//! Rust types from the spec's schemas: typify, then general post-processing of its output.
//!
//! Post-processing (on the parsed syntax tree, never on text):
//! - optional nullable properties become `helpdesk_runtime::Nullable<T>`, so a
//!   caller can leave a field out, send `null`, or send a value;
//! - optional arrays and maps become `Option<Vec<_>>` / `Option<Map<_>>`, so an
//!   explicitly set empty list is sent (typify would drop it as "empty");
//! - required nullable fields decode a missing key as `None` (they are still sent);
//! - string enums are forward compatible: a value the spec does not list
//!   decodes into `Unknown(String)` (and `FromStr` never fails) instead of
//!   failing the whole response;
//! - structs whose fields are all optional derive `Default`; the others get a
//!   `new` constructor taking the required fields (the optional ones start
//!   unset) when there are at most six.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{Fields, GenericArgument, Item, PathArguments, Type};

/// Rewrites typify's output in place, as described in the module docs.
pub fn post_process(file: &mut syn::File, nullable_fields: &BTreeMap<String, BTreeSet<String>>) {
    let mut constructors = Vec::new();
    for item in &mut file.items {
        if let Item::Struct(item) = item {
            let nullable = nullable_fields.get(&item.ident.to_string());
            let Fields::Named(fields) = &mut item.fields else { continue };
            let mut required = Vec::new();
            for field in &mut fields.named {
                let Some(serde) = field.attrs.iter_mut().find(|a| a.path().is_ident("serde")) else {
                    required.extend(field.ident.clone());
                    continue;
                };
                let text = serde.meta.to_token_stream().to_string();
                if !text.contains("default") && !text.contains("skip_serializing_if") {
                    required.extend(field.ident.clone());
                }
                let property = rename_of(&text).unwrap_or_else(|| {
                    field.ident.as_ref().map(|i| i.to_string().trim_start_matches("r#").to_owned()).unwrap_or_default()
                });
                // A required nullable field: typify insists the key be present
                // (`deserialize_with`); a reader cannot tell a missing key from
                // `null`, so absence decodes as `None`. It is still always sent.
                if text.contains("deserialize_with = \"::std::option::Option::deserialize\"") {
                    replace_meta(serde, &text, "deserialize_with = \"::std::option::Option::deserialize\"", "default");
                    continue;
                }
                if text.contains("Option::is_none\"") && nullable.is_some_and(|n| n.contains(&property)) {
                    if let Some(inner) = option_inner(&field.ty) {
                        field.ty = syn::parse_quote!(::helpdesk_runtime::Nullable<#inner>);
                        // `default` makes a missing field `Absent`; without it serde reads a missing field as `null`.
                        let text = if text.contains("default") {
                            text.clone()
                        } else {
                            text.replacen("serde (", "serde (default, ", 1)
                        };
                        replace_meta(
                            serde,
                            &text,
                            "\"::std::option::Option::is_none\"",
                            "\"::helpdesk_runtime::Nullable::is_absent\"",
                        );
                    }
                } else if let Some(start) =
                    text.find("skip_serializing_if = \"").filter(|_| text.contains("is_empty\""))
                {
                    let rest = &text[start..];
                    let end = rest[23..].find('"').map(|e| start + 23 + e + 1).unwrap_or(text.len());
                    let old = text[start..end].to_owned();
                    let ty = &field.ty;
                    field.ty = syn::parse_quote!(::std::option::Option<#ty>);
                    replace_meta(serde, &text, &old, "skip_serializing_if = \"::std::option::Option::is_none\"");
                }
            }
            if required.is_empty() && !fields.named.is_empty() {
                add_default_derive(&mut item.attrs);
            } else if !fields.named.is_empty() {
                constructors.extend(constructor(&item.ident, fields, &required));
            }
        }
    }
    file.items.extend(constructors);
    open_string_enums(file);
}

/// Adds `Unknown(String)` to every enum of unit variants (typify's string
/// enums), and teaches its `Display` and `FromStr` impls about it.
fn open_string_enums(file: &mut syn::File) {
    let mut open = BTreeSet::new();
    for item in &mut file.items {
        let Item::Enum(item) = item else { continue };
        if item.variants.is_empty() || !item.variants.iter().all(|v| matches!(v.fields, Fields::Unit)) {
            continue;
        }
        if item.variants.iter().any(|v| v.ident == "Unknown") {
            continue;
        }
        for attr in item.attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
            let text = attr.meta.to_token_stream().to_string();
            let kept = text.replace("Copy ,", "").replace(", Copy", "");
            if let Ok(meta) = syn::parse_str::<syn::Meta>(&kept) {
                attr.meta = meta;
            }
        }
        item.variants.push(syn::parse_quote! {
            /// A value this version of the spec does not list (sent and received as is).
            #[serde(untagged)]
            Unknown(::std::string::String)
        });
        open.insert(item.ident.to_string());
    }
    for item in &mut file.items {
        let Item::Impl(item) = item else { continue };
        let Type::Path(self_ty) = &*item.self_ty else { continue };
        let Some(name) = self_ty.path.segments.last().map(|s| s.ident.to_string()) else { continue };
        let Some((_, trait_path, _)) = &item.trait_ else { continue };
        if !open.contains(&name) {
            continue;
        }
        let Some(trait_name) = trait_path.segments.last().map(|s| s.ident.to_string()) else { continue };
        for impl_item in &mut item.items {
            let syn::ImplItem::Fn(function) = impl_item else { continue };
            let Some(syn::Stmt::Expr(syn::Expr::Match(matched), _)) = function.block.stmts.last_mut() else { continue };
            match trait_name.as_str() {
                "Display" => matched.arms.push(syn::parse_quote!(Self::Unknown(ref value) => f.write_str(value),)),
                "FromStr" => {
                    for arm in &mut matched.arms {
                        if matches!(arm.pat, syn::Pat::Wild(_)) {
                            *arm.body = syn::parse_quote!(Ok(Self::Unknown(value.to_owned())));
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// Most required fields a `new` constructor takes; larger structs (typically
/// responses whose spec marks every field required) are built as literals.
const MAX_CONSTRUCTOR_ARGS: usize = 6;

/// `impl S { pub fn new(required…) -> Self }`: required fields are arguments
/// (`impl Into<T>`), optional ones start unset.
fn constructor(ident: &syn::Ident, fields: &syn::FieldsNamed, required: &[syn::Ident]) -> Option<Item> {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut docs = Vec::new();
    for field in &fields.named {
        let Some(name) = &field.ident else { continue };
        if !required.contains(name) {
            inits.push(quote::quote!(#name: ::std::default::Default::default()));
        } else {
            let ty = &field.ty;
            args.push(quote::quote!(#name: impl ::std::convert::Into<#ty>));
            inits.push(quote::quote!(#name: #name.into()));
            docs.push(format!("`{name}`"));
        }
    }
    if args.len() > MAX_CONSTRUCTOR_ARGS {
        return None;
    }
    let doc = format!(" Creates a value from its required fields ({}); optional fields start unset.", docs.join(", "));
    Some(syn::parse_quote! {
        impl #ident {
            #[doc = #doc]
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    })
}

fn rename_of(serde: &str) -> Option<String> {
    let start = serde.find("rename = \"")? + 10;
    let end = serde[start..].find('"')? + start;
    Some(serde[start..end].replace("\\\"", "\""))
}

fn option_inner(ty: &Type) -> Option<TokenStream> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match args.args.first()? {
        GenericArgument::Type(inner) => Some(inner.to_token_stream()),
        _ => None,
    }
}

fn replace_meta(attr: &mut syn::Attribute, text: &str, from: &str, to: &str) {
    let replaced = text.replace(from, to);
    if let Ok(meta) = syn::parse_str::<syn::Meta>(&replaced) {
        attr.meta = meta;
    }
}

fn add_default_derive(attrs: &mut [syn::Attribute]) {
    let Some(attr) = attrs.iter_mut().find(|a| a.path().is_ident("derive")) else { return };
    let text = attr.meta.to_token_stream().to_string();
    if text.contains("Default") {
        return;
    }
    let replaced = format!("{}, Default)", text.trim_end_matches(')'));
    if let Ok(meta) = syn::parse_str::<syn::Meta>(&replaced) {
        attr.meta = meta;
    }
}

/// Adds `#[serde(deserialize_with = "::helpdesk_runtime::__private::lenient::deserialize")]` to the
/// fields of `lenient_fields` (struct name → property names, see
/// [`crate::schema::SchemaSet::lenient_fields`]), as an attribute of its own.
pub fn lenient(file: &mut syn::File, lenient_fields: &BTreeMap<String, BTreeSet<String>>) {
    for item in &mut file.items {
        let Item::Struct(item) = item else { continue };
        let Some(properties) = lenient_fields.get(&item.ident.to_string()) else { continue };
        let Fields::Named(fields) = &mut item.fields else { continue };
        for field in &mut fields.named {
            if !property_name(field).is_some_and(|name| properties.contains(&name)) {
                continue;
            }
            // serde reads a missing `Option` field as `None` only without `deserialize_with`.
            let optional = option_inner(&field.ty).is_some() && !has_serde_flag(&field.attrs, "default");
            field.attrs.push(if optional {
                syn::parse_quote!(#[serde(default, deserialize_with = "::helpdesk_runtime::__private::lenient::deserialize")])
            } else {
                syn::parse_quote!(#[serde(deserialize_with = "::helpdesk_runtime::__private::lenient::deserialize")])
            });
        }
    }
}

/// The wire name of a field: its `#[serde(rename = "…")]`, else its identifier (without `r#`).
fn property_name(field: &syn::Field) -> Option<String> {
    wire_name(&field.attrs).or_else(|| field.ident.as_ref().map(|ident| syn::ext::IdentExt::unraw(ident).to_string()))
}

/// Renames the variants of string enums as their `x-enum-varnames` say (enum name → wire
/// value → variant name), in the enum and in its impls; the wire values stay as they are.
pub fn name_variants(file: &mut syn::File, enum_names: &BTreeMap<String, BTreeMap<String, String>>) {
    let mut renames: BTreeMap<String, BTreeMap<String, syn::Ident>> = BTreeMap::new();
    for item in &mut file.items {
        let Item::Enum(item) = item else { continue };
        let Some(names) = enum_names.get(&item.ident.to_string()) else { continue };
        let renamed = renames.entry(item.ident.to_string()).or_default();
        for variant in item.variants.iter_mut().filter(|v| matches!(v.fields, Fields::Unit)) {
            let wire = wire_name(&variant.attrs).unwrap_or_else(|| variant.ident.to_string());
            if let Some(name) = names.get(&wire) {
                let ident = syn::Ident::new(name, variant.ident.span());
                renamed.insert(variant.ident.to_string(), ident.clone());
                variant.ident = ident;
            }
        }
    }
    struct Rename<'a>(&'a BTreeMap<String, syn::Ident>);
    impl syn::visit_mut::VisitMut for Rename<'_> {
        fn visit_path_mut(&mut self, path: &mut syn::Path) {
            // `Self::X1` or `Enum::X1`: the last segment names a variant.
            if path.segments.len() == 2 {
                if let Some(new) = path.segments.last().and_then(|last| self.0.get(&last.ident.to_string())) {
                    if let Some(last) = path.segments.last_mut() {
                        last.ident = new.clone();
                    }
                }
            }
            syn::visit_mut::visit_path_mut(self, path);
        }
    }
    for item in &mut file.items {
        let Item::Impl(item) = item else { continue };
        let Type::Path(self_ty) = &*item.self_ty else { continue };
        let Some(renamed) = self_ty.path.segments.last().and_then(|s| renames.get(&s.ident.to_string())) else {
            continue;
        };
        syn::visit_mut::VisitMut::visit_item_impl_mut(&mut Rename(renamed), item);
    }
}

/// Whether the `#[serde(…)]` attributes hold the flag `name` (a key without a value, like `default`).
fn has_serde_flag(attrs: &[syn::Attribute], name: &str) -> bool {
    let mut found = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            } else if meta.input.peek(syn::token::Paren) {
                meta.parse_nested_meta(|_| Ok(()))?;
            } else if meta.path.is_ident(name) {
                found = true;
            }
            Ok(())
        });
    }
    found
}

/// The `#[serde(rename = "…")]` of a variant or field, read from its attributes.
fn wire_name(attrs: &[syn::Attribute]) -> Option<String> {
    let mut renamed = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        // Every key is read: a `key = value` pair's value is parsed (and kept for `rename`).
        let _ = attr.parse_nested_meta(|meta| {
            if meta.input.peek(syn::Token![=]) {
                let value: syn::Expr = meta.value()?.parse()?;
                if meta.path.is_ident("rename") {
                    if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) = value {
                        renamed = Some(text.value());
                    }
                }
            } else if meta.input.peek(syn::token::Paren) {
                meta.parse_nested_meta(|_| Ok(()))?;
            }
            Ok(())
        });
    }
    renamed
}
