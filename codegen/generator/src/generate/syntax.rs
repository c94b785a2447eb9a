//! Syntax shared by the printers and the finishing passes: `#[serde(…)]` arguments as data,
//! a field's wire name, the `new` constructor and the setters of a struct, and the `T` of
//! `Option<T>` / `Nullable<T>`. Builders and readers of syntax trees only: no decisions.

use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::{Attribute, GenericArgument, Item, PathArguments, Token, Type};

use super::runtime::RUNTIME;

/// The arguments of one `#[serde(…)]` attribute, parsed (`default`, `rename = "…"`, …).
pub(super) struct SerdeArgs(pub(super) Punctuated<syn::Meta, Token![,]>);

impl SerdeArgs {
    /// Parses the arguments of a `#[serde(…)]` attribute.
    pub(super) fn parse(attr: &Attribute) -> Option<Self> {
        attr.parse_args_with(Punctuated::parse_terminated).ok().map(SerdeArgs)
    }

    /// Whether the flag `name` (a key without a value, like `default`) is set.
    pub(super) fn flag(&self, name: &str) -> bool {
        self.0.iter().any(|meta| matches!(meta, syn::Meta::Path(path) if path.is_ident(name)))
    }

    /// The string value of `name = "…"`.
    pub(super) fn value(&self, name: &str) -> Option<String> {
        self.0.iter().find_map(|meta| match meta {
            syn::Meta::NameValue(pair) if pair.path.is_ident(name) => match &pair.value {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) => Some(text.value()),
                _ => None,
            },
            _ => None,
        })
    }

    /// The value of `name = "…"` read as a Rust path (`skip_serializing_if`,
    /// `deserialize_with`): its segments, and whether it has a leading `::`.
    pub(super) fn path(&self, name: &str) -> Option<(bool, Vec<String>)> {
        let text: String = self.value(name)?.chars().filter(|c| !c.is_whitespace()).collect();
        let (leading, rest) = match text.strip_prefix("::") {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        Some((leading, rest.split("::").map(str::to_owned).collect()))
    }

    /// Sets the flag `name` (first, as serde's own docs write `default`).
    pub(super) fn set_flag(&mut self, name: &str) {
        if !self.flag(name) {
            let ident = syn::Ident::new(name, proc_macro2::Span::call_site());
            let mut args: Punctuated<syn::Meta, Token![,]> = Punctuated::new();
            args.push(syn::parse_quote!(#ident));
            args.extend(std::mem::take(&mut self.0));
            self.0 = args;
        }
    }

    /// Sets `name = "<path>"`, replacing its previous value.
    pub(super) fn set_path(&mut self, name: &str, path: &syn::Path) {
        self.remove(name);
        let ident = syn::Ident::new(name, proc_macro2::Span::call_site());
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let leading = if path.leading_colon.is_some() { "::" } else { "" };
        let text = syn::LitStr::new(&format!("{leading}{}", segments.join("::")), proc_macro2::Span::call_site());
        self.0.push(syn::parse_quote!(#ident = #text));
    }

    /// Sets `name = "<text>"`, replacing its previous value.
    pub(super) fn set_value(&mut self, name: &str, text: &str) {
        self.remove(name);
        let ident = syn::Ident::new(name, proc_macro2::Span::call_site());
        let text = syn::LitStr::new(text, proc_macro2::Span::call_site());
        self.0.push(syn::parse_quote!(#ident = #text));
    }

    /// Removes every argument named `name`.
    pub(super) fn remove(&mut self, name: &str) {
        self.0 = std::mem::take(&mut self.0).into_iter().filter(|meta| !meta.path().is_ident(name)).collect();
    }

    /// The attribute `#[serde(…)]` with these arguments.
    pub(super) fn to_attribute(&self) -> Attribute {
        Attribute {
            pound_token: Default::default(),
            style: syn::AttrStyle::Outer,
            bracket_token: Default::default(),
            meta: syn::Meta::List(syn::MetaList {
                path: syn::Ident::new("serde", proc_macro2::Span::call_site()).into(),
                delimiter: syn::MacroDelimiter::Paren(Default::default()),
                tokens: self.0.to_token_stream(),
            }),
        }
    }
}

/// The wire name of a field or variant: its `#[serde(rename = "…")]`, if any.
pub(super) fn wire_name(attrs: &[Attribute]) -> Option<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .filter_map(SerdeArgs::parse)
        .find_map(|args| args.value("rename"))
}

/// The wire name of a field: its `#[serde(rename = "…")]`, else its identifier (without `r#`).
pub(super) fn property_name(field: &syn::Field) -> Option<String> {
    wire_name(&field.attrs).or_else(|| field.ident.as_ref().map(|ident| syn::ext::IdentExt::unraw(ident).to_string()))
}

/// `impl S { pub fn new(required…) -> Self }`: required fields are arguments
/// (`impl Into<T>`), optional ones start unset.
pub(super) fn constructor(ident: &syn::Ident, fields: &syn::FieldsNamed, required: &[syn::Ident]) -> Item {
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
    let doc = format!(" Creates a value from its required fields ({}); optional fields start unset.", docs.join(", "));
    syn::parse_quote! {
        impl #ident {
            #[doc = #doc]
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}

/// Method names a setter must not take: the constructor and methods of traits the
/// generated types implement or users call on them.
const SHADOWED: [&str; 16] = [
    "new",
    "default",
    "clone",
    "clone_from",
    "eq",
    "ne",
    "fmt",
    "from",
    "into",
    "try_from",
    "try_into",
    "serialize",
    "deserialize",
    "to_owned",
    "to_string",
    "hash",
];

/// Chainable setters for the optional fields (`Option<T>`, `Nullable<T>`) of a struct:
/// `Body::default().state(State::Resolved).assignee_id("7")`. A setter takes
/// `impl Into<T>` and sets the value; a field named like the constructor or a trait method
/// ([`SHADOWED`]) gets none.
pub(super) fn setters(ident: &syn::Ident, fields: &syn::FieldsNamed) -> Option<Item> {
    let mut methods: Vec<syn::ImplItem> = Vec::new();
    for field in &fields.named {
        let Some(name) = &field.ident else { continue };
        // A setter would shadow the constructor or a method of a derived or common trait
        // (`Type::default()`, `value.clone()`): such a field is set directly.
        if SHADOWED.iter().any(|shadowed| name == shadowed) {
            continue;
        }
        let shown = property_name(field).unwrap_or_default();
        let (inner, nullable) = match (wrapper_type(&field.ty, "Option"), wrapper_type(&field.ty, "Nullable")) {
            (Some(inner), _) => (inner, false),
            (None, Some(inner)) => (inner, true),
            (None, None) => continue,
        };
        let doc = format!(" Sets `{shown}` (see the field).");
        methods.push(syn::ImplItem::Fn(setter(name, inner, nullable, &doc)));
    }
    if methods.is_empty() {
        return None;
    }
    let mut item: syn::ItemImpl = syn::parse_quote!(impl #ident {});
    item.items = methods;
    Some(Item::Impl(item))
}

thread_local! {
    /// The setter of an `Option` field and of a `Nullable` one, parsed once per thread:
    /// [`setter`] fills in the field, its type and the doc.
    static SETTERS: [syn::ImplItemFn; 2] = [
        syn::parse_quote! {
            #[doc = ""]
            #[must_use]
            pub fn field(mut self, value: impl ::std::convert::Into<T>) -> Self {
                self.field = ::std::option::Option::Some(value.into());
                self
            }
        },
        syn::parse_quote! {
            #[doc = ""]
            #[must_use]
            pub fn field(mut self, value: impl ::std::convert::Into<T>) -> Self {
                self.field = #RUNTIME::Nullable::Value(value.into());
                self
            }
        },
    ];
}

/// The setter of the field `name` with value type `inner` (`Nullable` or `Option`):
/// `pub fn name(mut self, value: impl Into<inner>) -> Self`, with the doc `doc`.
fn setter(name: &syn::Ident, inner: &Type, nullable: bool, doc: &str) -> syn::ImplItemFn {
    let mut method = SETTERS.with(|templates| templates[usize::from(nullable)].clone());
    if let syn::Meta::NameValue(pair) = &mut method.attrs[0].meta {
        pair.value = syn::Expr::Lit(syn::ExprLit {
            attrs: Vec::new(),
            lit: syn::Lit::Str(syn::LitStr::new(doc, proc_macro2::Span::call_site())),
        });
    }
    method.sig.ident = name.clone();
    if let Some(syn::FnArg::Typed(value)) = method.sig.inputs.iter_mut().nth(1) {
        if let Type::ImplTrait(bound) = &mut *value.ty {
            if let Some(syn::TypeParamBound::Trait(into)) = bound.bounds.first_mut() {
                if let Some(PathArguments::AngleBracketed(args)) =
                    into.path.segments.last_mut().map(|last| &mut last.arguments)
                {
                    args.args[0] = GenericArgument::Type(inner.clone());
                }
            }
        }
    }
    if let Some(syn::Stmt::Expr(syn::Expr::Assign(assign), _)) = method.block.stmts.first_mut() {
        if let syn::Expr::Field(target) = &mut *assign.left {
            target.member = syn::Member::Named(name.clone());
        }
    }
    method
}

/// The `T` of a `wrapper<T>` type such as `Option<T>` or `Nullable<T>` (by the last path segment).
pub(super) fn wrapper_type<'t>(ty: &'t Type, wrapper: &str) -> Option<&'t Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match args.args.first()? {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}
