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
//!   unset), since every such struct is `#[non_exhaustive]` (see `evolution`); optional
//!   fields get chainable setters;
//! - fields the response-decoding policy marks lenient get a `deserialize_with`
//!   ([`lenient`]); `x-enum-varnames` names enum variants ([`name_variants`]);
//! - open string enums serialise through `Display`/`FromStr` ([`string_enums_via_str`]).

use std::collections::{BTreeMap, BTreeSet};

use super::runtime::{LENIENT_DESERIALIZE, PRIVATE, RUNTIME};
use super::syntax::{constructor, property_name, setters, wire_name, wrapper_type, SerdeArgs};
use proc_macro2::TokenStream;
use syn::punctuated::Punctuated;
use syn::{Attribute, Fields, Item, Token, Type};

/// Whether the `#[serde(…)]` attributes hold the flag `name`.
fn has_serde_flag(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().filter(|a| a.path().is_ident("serde")).filter_map(SerdeArgs::parse).any(|args| args.flag(name))
}

/// The paths of a `#[derive(…)]` attribute.
fn derives(attr: &Attribute) -> Punctuated<syn::Path, Token![,]> {
    attr.parse_args_with(Punctuated::parse_terminated).unwrap_or_default()
}

/// Rewrites typify's output in place, as described in the module docs.
pub fn post_process(file: &mut syn::File, nullable_fields: &BTreeMap<String, BTreeSet<String>>) {
    // Paths as `SerdeArgs::path` reads them: (leading `::`, segments).
    let std_path = |segments: &[&str]| (true, segments.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
    let option_deserialize = std_path(&["std", "option", "Option", "deserialize"]);
    let option_is_none = std_path(&["std", "option", "Option", "is_none"]);
    let option_is_none_path: syn::Path = syn::parse_quote!(::std::option::Option::is_none);
    let nullable_is_absent: syn::Path = syn::parse_quote!(#RUNTIME::Nullable::is_absent);
    let mut constructors = Vec::new();
    for item in &mut file.items {
        let Item::Struct(item) = item else { continue };
        let nullable = nullable_fields.get(&item.ident.to_string());
        let Fields::Named(fields) = &mut item.fields else { continue };
        let mut required = Vec::new();
        for field in &mut fields.named {
            let Some(index) = field.attrs.iter().position(|a| a.path().is_ident("serde")) else {
                required.extend(field.ident.clone());
                continue;
            };
            let Some(mut args) = SerdeArgs::parse(&field.attrs[index]) else { continue };
            let skip = args.path("skip_serializing_if");
            if !args.flag("default") && skip.is_none() {
                required.extend(field.ident.clone());
            }
            let property = property_name(field);
            let changed = if args.path("deserialize_with").as_ref() == Some(&option_deserialize) {
                // A required nullable field: typify insists the key be present
                // (`deserialize_with`); a reader cannot tell a missing key from
                // `null`, so absence decodes as `None`. It is still always sent.
                args.remove("deserialize_with");
                args.set_flag("default");
                true
            } else if skip.as_ref() == Some(&option_is_none)
                && property.is_some_and(|p| nullable.is_some_and(|n| n.contains(&p)))
            {
                match option_inner(&field.ty) {
                    Some(inner) => {
                        field.ty = syn::parse_quote!(#RUNTIME::Nullable<#inner>);
                        // `default` makes a missing field `Absent`; without it serde reads a missing field as `null`.
                        args.set_flag("default");
                        args.set_path("skip_serializing_if", &nullable_is_absent);
                        true
                    }
                    None => false,
                }
            } else if skip.as_ref().and_then(|(_, segments)| segments.last()).is_some_and(|last| last == "is_empty") {
                // An optional array or map: `None` is not sent, an empty one is.
                let ty = &field.ty;
                field.ty = syn::parse_quote!(::std::option::Option<#ty>);
                args.set_path("skip_serializing_if", &option_is_none_path);
                true
            } else {
                false
            };
            // An attribute left as it was keeps its tokens (no need to print it again).
            if changed {
                field.attrs[index] = args.to_attribute();
            }
        }
        if required.is_empty() {
            add_derive(&mut item.attrs, "Default");
        } else {
            constructors.push(constructor(&item.ident, fields, &required));
        }
        constructors.extend(setters(&item.ident, fields));
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
        // `Unknown(String)` is not `Copy`.
        for attr in item.attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
            let kept: Punctuated<syn::Path, Token![,]> =
                derives(attr).into_iter().filter(|p| !p.is_ident("Copy")).collect();
            *attr = syn::parse_quote!(#[derive(#kept)]);
        }
        // Serialised through `Display`/`FromStr` (see `string_enums_via_str`), so it needs no serde attribute.
        item.variants.push(syn::parse_quote! {
            /// A value this version of the spec does not list (sent and received as is).
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

fn option_inner(ty: &Type) -> Option<Type> {
    wrapper_type(ty, "Option").cloned()
}

/// Adds `name` to the item's `#[derive(…)]` unless it is there.
fn add_derive(attrs: &mut [Attribute], name: &str) {
    let Some(attr) = attrs.iter_mut().find(|a| a.path().is_ident("derive")) else { return };
    let mut list = derives(attr);
    if !list.iter().any(|p| p.is_ident(name)) {
        let ident = syn::Ident::new(name, proc_macro2::Span::call_site());
        list.push(syn::parse_quote!(#ident));
        *attr = syn::parse_quote!(#[derive(#list)]);
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
            let lenient = LENIENT_DESERIALIZE;
            field.attrs.push(if optional {
                syn::parse_quote!(#[serde(default, deserialize_with = #lenient)])
            } else {
                syn::parse_quote!(#[serde(deserialize_with = #lenient)])
            });
        }
    }
}

/// Gives every field of a struct a distinct identifier: properties whose Rust names collide
/// after case conversion (`_links` and `links`, `fooBar` and `foo_bar`, `type` and `type_`)
/// keep the first identifier, and each later one gets `_2`, `_3`, … with its wire name kept
/// by `#[serde(rename)]`. Struct expressions of the type in its impls (typify's `Default`)
/// name the fields in declaration order and are renamed alike.
pub fn unique_fields(file: &mut syn::File) {
    let mut renamed: BTreeMap<String, Vec<Option<syn::Ident>>> = BTreeMap::new();
    for item in &mut file.items {
        let Item::Struct(item) = item else { continue };
        let Fields::Named(fields) = &mut item.fields else { continue };
        let mut taken: BTreeSet<String> =
            fields.named.iter().filter_map(|f| f.ident.as_ref()).map(ToString::to_string).collect();
        let mut seen = BTreeSet::new();
        let mut plan = Vec::new();
        let mut any = false;
        for field in &mut fields.named {
            let Some(ident) = field.ident.clone() else { continue };
            if seen.insert(ident.to_string()) {
                plan.push(None);
                continue;
            }
            let wire = property_name(field).unwrap_or_default();
            let base = syn::ext::IdentExt::unraw(&ident).to_string().trim_end_matches('_').to_owned();
            let mut n = 2;
            let mut candidate = format!("{base}_{n}");
            while taken.contains(&candidate) {
                n += 1;
                candidate = format!("{base}_{n}");
            }
            taken.insert(candidate.clone());
            let new_ident = syn::Ident::new(&candidate, ident.span());
            // The wire name stays: `rename` on the existing `#[serde]`, or a new one.
            match field.attrs.iter().position(|a| a.path().is_ident("serde")) {
                Some(index) => {
                    if let Some(mut args) = SerdeArgs::parse(&field.attrs[index]) {
                        args.set_value("rename", &wire);
                        field.attrs[index] = args.to_attribute();
                    }
                }
                None => field.attrs.push(syn::parse_quote!(#[serde(rename = #wire)])),
            }
            field.ident = Some(new_ident.clone());
            plan.push(Some(new_ident));
            any = true;
        }
        if any {
            renamed.insert(item.ident.to_string(), plan);
        }
    }
    if renamed.is_empty() {
        return;
    }
    struct Rename<'a>(&'a [Option<syn::Ident>]);
    impl syn::visit_mut::VisitMut for Rename<'_> {
        fn visit_expr_struct_mut(&mut self, expr: &mut syn::ExprStruct) {
            // The n-th named field initialiser is the n-th field (typify writes them in order).
            if expr.fields.len() == self.0.len() {
                for (init, rename) in expr.fields.iter_mut().zip(self.0) {
                    if let (Some(ident), syn::Member::Named(member)) = (rename, &mut init.member) {
                        *member = ident.clone();
                        init.colon_token.get_or_insert_with(Default::default);
                    }
                }
            }
            syn::visit_mut::visit_expr_struct_mut(self, expr);
        }
    }
    for item in &mut file.items {
        let Item::Impl(item) = item else { continue };
        let syn::Type::Path(ty) = item.self_ty.as_ref() else { continue };
        let Some(name) = ty.path.segments.last().map(|s| s.ident.to_string()) else { continue };
        if let Some(plan) = renamed.get(&name) {
            syn::visit_mut::VisitMut::visit_item_impl_mut(&mut Rename(plan), item);
        }
    }
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

/// Open string enums (see [`post_process`]) serialise through their `Display` and
/// deserialise through their `FromStr` (which never fails), instead of serde's derives:
/// the same wire format, with a fraction of the code to compile (serde's derive of an
/// enum with an `untagged` variant is large). Run after every pass that reads the
/// variants' `#[serde(rename)]`.
pub fn string_enums_via_str(file: &mut syn::File) {
    let mut impls = Vec::new();
    for item in &mut file.items {
        let Item::Enum(item) = item else { continue };
        let open = item.variants.last().is_some_and(|v| v.ident == "Unknown" && matches!(v.fields, Fields::Unnamed(_)))
            && item.variants.iter().rev().skip(1).all(|v| matches!(v.fields, Fields::Unit));
        if !open {
            continue;
        }
        for attr in item.attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
            let kept: Punctuated<syn::Path, Token![,]> = derives(attr)
                .into_iter()
                .filter(|p| !p.segments.last().is_some_and(|s| s.ident == "Serialize" || s.ident == "Deserialize"))
                .collect();
            *attr = syn::parse_quote!(#[derive(#kept)]);
        }
        item.attrs.retain(|a| !a.path().is_ident("serde"));
        for variant in &mut item.variants {
            variant.attrs.retain(|a| !a.path().is_ident("serde"));
        }
        let ident = &item.ident;
        impls.push(syn::parse_quote! {
            impl ::serde::Serialize for #ident {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.collect_str(self)
                }
            }
        });
        impls.push(syn::parse_quote! {
            impl<'de> ::serde::Deserialize<'de> for #ident {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                    value.parse().map_err(<D::Error as ::serde::de::Error>::custom)
                }
            }
        });
    }
    file.items.extend(impls);
}

/// The Rust enums of integer enum definitions (see [`crate::schema::IntegerEnum`]), which
/// typify does not generate (they are its replacements, named `crate::types::<Name>`).
///
/// An integer enum has one unit variant per listed value (named by `x-enum-varnames`, else
/// `Value<n>` / `ValueMinus<n>`) and `Unknown(i64)`: a number the spec does not list decodes
/// into `Unknown` instead of failing the response, and is sent back as is. Values serialise
/// as JSON numbers; `From<i64>` picks the listed variant, `value()` and `From<Enum> for i64`
/// give the number back, and `Display` writes it (path and query parameters). Run after
/// [`string_enums_via_str`], which must not take these enums for string enums.
pub fn integer_enums(file: &mut syn::File, enums: &BTreeMap<String, crate::schema::IntegerEnum>) {
    for (def, record) in enums {
        let ident = syn::Ident::new(&helpdesk_spec::naming::type_name(def), proc_macro2::Span::call_site());
        let default_name = |value: i64| match value {
            v if v < 0 => format!("ValueMinus{}", v.unsigned_abs()),
            v => format!("Value{v}"),
        };
        let mut names: Vec<String> = record
            .values
            .iter()
            .map(|value| record.names.get(value).cloned().unwrap_or_else(|| default_name(*value)))
            .collect();
        if names.iter().collect::<BTreeSet<_>>().len() != names.len() {
            names = record.values.iter().map(|value| default_name(*value)).collect();
        }
        let variants: Vec<syn::Ident> =
            names.iter().map(|name| syn::Ident::new(name, proc_macro2::Span::call_site())).collect();
        let values: Vec<proc_macro2::Literal> =
            record.values.iter().map(|value| proc_macro2::Literal::i64_unsuffixed(*value)).collect();
        let variant_docs: Vec<String> = record.values.iter().map(|value| format!(" The value `{value}`.")).collect();
        let doc = &record.description;
        let note = " An integer enum: sent and received as the JSON number. A number the spec does not \
                    list decodes into `Unknown` (and is sent back as is); build values from numbers \
                    with `From<i64>`, which picks the listed variant.";
        file.items.push(syn::parse_quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = #note]
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
            pub enum #ident {
                #(#[doc = #variant_docs] #variants,)*
                /// A value this version of the spec does not list (sent and received as is).
                Unknown(i64),
            }
        });
        file.items.push(syn::parse_quote! {
            impl #ident {
                /// The number this value stands for on the wire.
                pub fn value(self) -> i64 {
                    match self {
                        #(Self::#variants => #values,)*
                        Self::Unknown(value) => value,
                    }
                }
            }
        });
        file.items.push(syn::parse_quote! {
            impl ::std::convert::From<i64> for #ident {
                fn from(value: i64) -> Self {
                    match value {
                        #(#values => Self::#variants,)*
                        other => Self::Unknown(other),
                    }
                }
            }
        });
        file.items.push(syn::parse_quote! {
            impl ::std::convert::From<#ident> for i64 {
                fn from(value: #ident) -> Self {
                    value.value()
                }
            }
        });
        file.items.push(syn::parse_quote! {
            impl ::std::fmt::Display for #ident {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    ::std::fmt::Display::fmt(&self.value(), f)
                }
            }
        });
        file.items.push(syn::parse_quote! {
            impl ::serde::Serialize for #ident {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_i64(self.value())
                }
            }
        });
        file.items.push(syn::parse_quote! {
            impl<'de> ::serde::Deserialize<'de> for #ident {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
                }
            }
        });
    }
}

/// The Rust enums of tagged unions (see [`crate::tagged::TaggedUnion`]), which typify does
/// not generate (they are its replacements, named `crate::types::<Name>`).
///
/// A tagged union has one newtype variant per alternative, named after its tag value when it
/// has one (`Email` for `EMAIL`), else after the alternative's type, and `Unknown`, which
/// keeps the JSON of a value whose tag the spec does not list (or that has none): a server
/// that adds an alternative breaks no response. Decoding reads the tag and decodes the
/// alternative it selects (nothing else is tried, so no alternative shadows another);
/// encoding writes the alternative's JSON, with the tag added when the alternative leaves it
/// out.
pub fn tagged_unions(file: &mut syn::File, unions: &BTreeMap<String, crate::tagged::TaggedUnion>) {
    let ident = |name: &str| syn::Ident::new(name, proc_macro2::Span::call_site());
    for (def, union) in unions {
        let enum_ident = ident(&helpdesk_spec::naming::type_name(def));
        let property = &union.property;
        // Variant names: the tag value when an alternative has one and it makes a fresh
        // identifier, else the alternative's type name.
        let payloads: Vec<String> =
            union.variants.iter().map(|v| helpdesk_spec::naming::type_name(&v.definition)).collect();
        let by_tag: Vec<Option<String>> = union
            .variants
            .iter()
            .map(|v| match v.tags.as_slice() {
                [tag] => {
                    Some(helpdesk_spec::naming::type_name(tag)).filter(|n| syn::parse_str::<syn::Ident>(n).is_ok())
                }
                _ => None,
            })
            .collect();
        let mut names: Vec<String> = Vec::new();
        for (index, tag_name) in by_tag.iter().enumerate() {
            let taken = |name: &str| {
                name == "Unknown"
                    || names.iter().any(|n| n == name)
                    || by_tag.iter().enumerate().any(|(i, other)| i != index && other.as_deref() == Some(name))
                    || payloads.iter().enumerate().any(|(i, other)| i != index && other == name)
            };
            let mut name = match tag_name {
                Some(name) if !taken(name) => name.clone(),
                _ => payloads[index].clone(),
            };
            let base = name.clone();
            let mut n = 2;
            while name == "Unknown" || names.contains(&name) {
                name = format!("{base}{n}");
                n += 1;
            }
            names.push(name);
        }
        let variants: Vec<syn::Ident> = names.iter().map(|n| ident(n)).collect();
        let payload_types: Vec<syn::Ident> = payloads.iter().map(|n| ident(n)).collect();
        let variant_docs: Vec<String> = union
            .variants
            .iter()
            .map(|v| {
                let listed = v.tags.iter().map(|t| format!("`{}`", crate::docs::sanitize(t))).collect::<Vec<_>>();
                format!(" `{property}` is {}.", listed.join(" or "))
            })
            .collect();
        let first_tags: Vec<&str> = union.variants.iter().map(|v| v.tags[0].as_str()).collect();
        let tag_patterns: Vec<TokenStream> = union
            .variants
            .iter()
            .map(|v| {
                let tags = v.tags.iter().map(String::as_str);
                match v.tags.len() {
                    1 => quote::quote!(#(#tags)*),
                    _ => quote::quote!((#(#tags)|*)),
                }
            })
            .collect();
        let doc = &union.description;
        let note = format!(
            " Tagged by `{property}`: a value decodes into the variant its `{property}` selects, and \
             any other value (or one without `{property}`) into `Unknown`, as received. A variant \
             is sent as its payload's JSON, with `{property}` set when the payload leaves it out."
        );
        file.items.push(syn::parse_quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = #note]
            #[derive(Clone, Debug, PartialEq)]
            pub enum #enum_ident {
                #(#[doc = #variant_docs] #variants(#payload_types),)*
                /// A value whose tag this version of the spec does not list (or that has none),
                /// as received; sent back as it is.
                Unknown(::serde_json::Value),
            }
        });
        // Each payload type is one variant's (a definition is one alternative once).
        for (variant, payload) in variants.iter().zip(&payload_types) {
            file.items.push(syn::parse_quote! {
                impl ::std::convert::From<#payload> for #enum_ident {
                    fn from(value: #payload) -> Self {
                        Self::#variant(value)
                    }
                }
            });
        }
        // A constant cannot be interpolated inside a `#(…)*` repetition (quote binds each name).
        let private = PRIVATE;
        file.items.push(syn::parse_quote! {
            impl ::serde::Serialize for #enum_ident {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    match self {
                        #(Self::#variants(payload) => #private::serialize_tagged(serializer, payload, #property, #first_tags),)*
                        Self::Unknown(value) => ::serde::Serialize::serialize(value, serializer),
                    }
                }
            }
        });
        file.items.push(syn::parse_quote! {
            impl<'de> ::serde::Deserialize<'de> for #enum_ident {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    match #PRIVATE::tag_of(&value, #property).as_deref() {
                        #(Some(tag @ #tag_patterns) => #private::tagged_variant(value, #property, tag).map(Self::#variants),)*
                        _ => ::std::result::Result::Ok(Self::Unknown(value)),
                    }
                }
            }
        });
    }
}

/// Enums without variants: typify's answer to a schema that no value satisfies as it reads
/// it (an `allOf` it cannot merge with `required`, a property it also holds to an object
/// `additionalProperties`, say). No caller could build or receive one, and a field of that
/// type fails every response that has it, so each becomes a free-form newtype over
/// `serde_json::Value` (the closest sound type); returns their names, for the warnings. An
/// empty enum that is the payload of an enum's variant (an alternative of a `oneOf`) stays:
/// there it means "never this alternative", and a free-form one would match every value first.
pub fn uninhabited_enums(file: &mut syn::File) -> Vec<String> {
    // The types that are the payload of a variant of some enum.
    let payloads: BTreeSet<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Enum(item_enum) => Some(item_enum),
            _ => None,
        })
        .flat_map(|item_enum| item_enum.variants.iter().flat_map(|v| v.fields.iter()))
        .filter_map(|field| match &field.ty {
            Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        })
        .collect();
    let mut names = Vec::new();
    for item in &mut file.items {
        let syn::Item::Enum(item_enum) = item else { continue };
        if !item_enum.variants.is_empty() || payloads.contains(&item_enum.ident.to_string()) {
            continue;
        }
        let ident = item_enum.ident.clone();
        let docs: Vec<Attribute> = item_enum.attrs.iter().filter(|a| a.path().is_ident("doc")).cloned().collect();
        let note = " Free-form: no value satisfies this schema as the generator reads it.";
        *item = syn::parse_quote! {
            #(#docs)*
            #[doc = ""]
            #[doc = #note]
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Eq, Hash, PartialEq)]
            pub struct #ident(pub ::serde_json::Value);
        };
        names.push(ident.to_string());
    }
    names
}
