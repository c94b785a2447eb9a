//! Paginated operations: the `x-pagination` extension and the `*_pages` / `*_items` methods.
//!
//! An overlay marks a list or search operation with [`EXTENSION`] (docs/using.md: "Pagination"),
//! saying where a page's items are and how the next page is asked for: a cursor (the next
//! page's cursor read from the response, written into a query parameter or the request body)
//! or an offset (`from` + `limit`). For such an operation the client gets two more methods,
//! which call the operation's own method once per page: `<method>_pages`, a stream of the
//! decoded responses, and `<method>_items`, a stream of the items. Their machinery is in the
//! runtime (`__private::pagination`); this module reads the extension and finds the fields
//! the pointers name in the generated types.

use std::path::Path;

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};
use serde_json::Value;

use super::ir::{Location, Operation};
use super::names;
use super::paging::{Pagination, EXTENSION};
use super::plan::{Signature, Success};
use super::runtime::{PRIVATE, RUNTIME};
use super::table::TypeTable;
use crate::error::{Error, Result};

/// A paginated operation: what its `*_pages` and `*_items` methods wrap.
pub struct Paged<'a> {
    /// The operation.
    pub op: &'a Operation,
    /// The signature of its own method (the one named after the operation, not one of its
    /// further media types' methods).
    pub method: &'a Signature,
    /// Its feature gate.
    pub cfg: TokenStream,
}

/// One field on the way from a page to its items or cursor.
struct Hop {
    field: syn::Member,
    /// `Option` or `Nullable`: read through the runtime's `Maybe`.
    optional: bool,
}

/// A variant of an operation's success enum: (the enum, the variant).
type Variant = (syn::Ident, syn::Ident);

/// How one page-carrying shape of the success body is read.
struct PageRead {
    /// The success enum's variant that carries the page (`None`: the body is the page).
    variant: Option<Variant>,
    /// The fields from the page to its items.
    items: Vec<Hop>,
    /// Cursor pagination: the fields from the page to the next cursor, and whether the cursor
    /// is `Option`/`Nullable`.
    cursor: Option<(Vec<Hop>, bool)>,
}

/// A query parameter of the params struct that pagination writes or reads.
struct QueryField {
    /// The parameter's name in the spec.
    name: String,
    /// Its field in the params struct.
    field: syn::Ident,
    /// Whether the spec requires it (the field is not an `Option`).
    required: bool,
}

/// How the next page is asked for.
enum Next {
    /// Offset pagination: the offset and limit fields of the params struct.
    Offset { slot: syn::Index, offset: QueryField, limit: QueryField, start: u64 },
    /// Cursor pagination: the cursor at `next` (a JSON pointer into the page) is written into
    /// the argument at `slot`.
    Cursor { slot: syn::Index, write: CursorWrite, next: String },
}

/// Where the next page's cursor goes.
enum CursorWrite {
    /// A query parameter of the params struct.
    Query(QueryField),
    /// A field of the request body (a JSON pointer).
    Body(String),
}

/// Every decision about a paginated operation's streams, made before printing: the
/// printer ([`emit`]) cannot fail.
pub struct PagePlan<'a> {
    paged: &'a Paged<'a>,
    /// The item type, as named from the operations file.
    item_ty: syn::Type,
    /// One per page-carrying shape of the success body.
    pages: Vec<PageRead>,
    /// Whether some success status has no body (an empty last page).
    bodiless: bool,
    next: Next,
}

impl PagePlan<'_> {
    /// The plan in one line (see `plan_text`), types shown by `shown`.
    pub fn describe(&self, shown: &dyn Fn(&syn::Type) -> String) -> String {
        let next = match &self.next {
            Next::Offset { offset, limit, start, .. } => {
                format!("offset `{}` from {start}, limit `{}`", offset.name, limit.name)
            }
            Next::Cursor { write: CursorWrite::Query(param), next, .. } => {
                format!("cursor {next} into query `{}`", param.name)
            }
            Next::Cursor { write: CursorWrite::Body(pointer), next, .. } => {
                format!("cursor {next} into body {pointer}")
            }
        };
        format!(
            "{} paging: {}_pages and {}_items of {}; {next}; {} page shape(s){}",
            self.paged.op.pointer,
            self.paged.method.ident,
            self.paged.method.ident,
            shown(&self.item_ty),
            self.pages.len(),
            if self.bodiless { ", a bodiless status is an empty page" } else { "" },
        )
    }
}

/// Plans the streams of a paginated operation on the finished types.
///
/// # Errors
/// A pointer that names no field of the generated types, a parameter the operation lacks,
/// or a cursor parameter that is not a string: each names the operation's `x-pagination`.
pub fn plan<'a>(paged: &'a Paged<'a>, types: &TypeTable, schemas: &[Value], file: &Path) -> Result<PagePlan<'a>> {
    let Paged { op, method, .. } = paged;
    let spec = op.pagination.as_ref().ok_or_else(|| bug(file, op, "not paginated"))?;
    let at = format!("{}/{EXTENSION}", op.pointer);
    let fail = |message: String, fix: &str| Error::new(file, &at, message, fix);
    let (shapes, bodiless) = page_variants(method);
    let items_pointer = match spec {
        Pagination::Cursor(c) => &c.items,
        Pagination::Offset(o) => &o.items,
    };

    // The items: one walk per page-carrying variant; their item types must agree.
    let mut item_ty: Option<syn::Type> = None;
    let mut pages = Vec::new();
    for (variant, ty) in shapes {
        let (items, last_ty) = walk(&ty, items_pointer, types).map_err(|m| {
            fail(format!("`items` {items_pointer}: {m}"), "point `items` at an array of the success body")
        })?;
        let element = element_type(&last_ty).ok_or_else(|| {
            fail(
                format!("`items` {items_pointer} is not an array of the success body"),
                "point `items` at an array of the success body",
            )
        })?;
        match &item_ty {
            Some(existing) if *existing != element => {
                return Err(fail(
                    "the success responses have different item types".to_owned(),
                    "paginate an operation whose success bodies agree",
                ))
            }
            _ => item_ty = Some(element),
        }
        let cursor = match spec {
            Pagination::Cursor(c) => {
                let (hops, last_ty) = walk(&ty, &c.next, types).map_err(|m| {
                    fail(format!("`next` {}: {m}", c.next), "point `next` at the cursor in the success body")
                })?;
                Some((hops, is_maybe(&last_ty)))
            }
            Pagination::Offset(_) => None,
        };
        pages.push(PageRead { variant, items, cursor });
    }
    let item_ty = item_ty.ok_or_else(|| {
        fail("no success response has a body".to_owned(), "paginate an operation whose success response has a body")
    })?;
    let item_ty = qualify(item_ty, types);

    // The arguments the next page is written into.
    let slot = |name: &str| method.args.iter().position(|arg| arg.ident == name).map(syn::Index::from);
    let query = |name: &str| {
        let param = op.params.iter().find(|p| p.name == name && p.location == Location::Query);
        match (param, slot("params")) {
            (Some(param), Some(slot)) => Ok((
                QueryField { name: param.name.clone(), field: names::field(&param.name), required: param.required },
                slot,
                param,
            )),
            _ => Err(fail(
                format!("the operation has no query parameter `{name}`"),
                "name one of the operation's query parameters (add it in the overlay if the vendor's spec lacks it)",
            )),
        }
    };
    let next = match spec {
        Pagination::Offset(o) => {
            let (offset, slot, _) = query(&o.offset)?;
            let (limit, _, _) = query(&o.limit)?;
            Next::Offset { slot, offset, limit, start: o.start }
        }
        Pagination::Cursor(c) => match (&c.cursor.query, &c.cursor.body) {
            (Some(name), _) => {
                let (param, slot, spec_param) = query(name)?;
                if !schemas.get(spec_param.schema.0).is_some_and(is_string_schema) {
                    return Err(fail(
                        format!("the cursor parameter `{name}` is not a string"),
                        "give the cursor parameter a string schema in the overlay",
                    ));
                }
                Next::Cursor { slot, write: CursorWrite::Query(param), next: c.next.clone() }
            }
            (None, Some(pointer)) => {
                // Only a JSON or form body (passed as `&T`) has fields a cursor can be written into.
                let typed =
                    method.args.iter().any(|arg| arg.ident == "body" && matches!(arg.ty, syn::Type::Reference(_)));
                let slot = slot("body").filter(|_| typed).ok_or_else(|| {
                    fail("the operation has no request body for the cursor".to_owned(), "use `cursor: {query: …}`")
                })?;
                Next::Cursor { slot, write: CursorWrite::Body(pointer.clone()), next: c.next.clone() }
            }
            (None, None) => return Err(bug(file, op, "cursor target")),
        },
    };
    Ok(PagePlan { paged, item_ty, pages, bodiless, next })
}

/// The `*_pages` and `*_items` methods (for `impl Client`) and their helper functions.
pub fn emit(plan: &PagePlan<'_>) -> (TokenStream, TokenStream) {
    let PagePlan { paged, item_ty, pages, bodiless, next } = plan;
    let Paged { method, cfg, .. } = paged;
    let (ok_ty, error_ty) = (&method.ok, &method.error);

    let pattern = |page: &PageRead| page.variant.as_ref().map(|(name, variant)| quote!(#name::#variant(page)));
    let mut count_arms = Vec::new();
    let mut into_arms = Vec::new();
    let mut cursor_arms = Vec::new();
    for page in pages {
        let (by_ref, by_value) = chains(&page.items);
        count_arms.push((pattern(page), quote!(#by_ref.map_or(0, ItemList::count))));
        into_arms.push((pattern(page), quote!(#by_value.map(ItemList::into_list).unwrap_or_default())));
        if let Some((hops, maybe)) = &page.cursor {
            let (by_ref, _) = chains(hops);
            let text = if *maybe {
                quote!(.and_then(Maybe::value).map(|cursor| cursor.to_string()))
            } else {
                quote!(.map(|cursor| cursor.to_string()))
            };
            cursor_arms.push((pattern(page), quote!(#by_ref #text)));
        }
    }
    // Success statuses without a body (Zoho's 204 for an empty list) are empty last pages.
    let catch_all = if *bodiless { quote!(_ => Default::default(),) } else { quote!() };
    // One expression when the body is the page itself, else a match over the success enum.
    let dispatch = |arms: &[(Option<TokenStream>, TokenStream)]| match arms {
        [(None, body)] => quote!(#body),
        arms => {
            let arms = arms.iter().map(|(pattern, body)| quote!(#pattern => #body,));
            quote!(match page { #(#arms)* #catch_all })
        }
    };
    let (count_body, into_body, cursor_body) = (dispatch(&count_arms), dispatch(&into_arms), dispatch(&cursor_arms));

    // The method's arguments, kept (owned) in the state of the stream.
    let mut params = Vec::new();
    let mut state_types = Vec::new();
    let mut state_values = Vec::new();
    let mut call_args = Vec::new();
    let mut arg_idents = Vec::new();
    for (index, arg) in method.args.iter().enumerate() {
        let (ident, ty) = (&arg.ident, &arg.ty);
        arg_idents.push(ident.clone());
        let slot = syn::Index::from(index);
        match &ty {
            syn::Type::Reference(reference) if is_str(&reference.elem) => {
                params.push(quote!(#ident: &'a str));
                state_types.push(quote!(&'a str));
                state_values.push(quote!(#ident));
                call_args.push(quote!(state.#slot));
            }
            syn::Type::Reference(reference) => {
                let inner = &reference.elem;
                params.push(quote!(#ident: &#inner));
                state_types.push(quote!(#inner));
                state_values.push(quote!(::std::clone::Clone::clone(#ident)));
                call_args.push(quote!(&state.#slot));
            }
            other => {
                params.push(quote!(#ident: #other));
                state_types.push(quote!(#other));
                state_values.push(quote!(#ident));
                call_args.push(quote!(::std::clone::Clone::clone(&state.#slot)));
            }
        }
    }

    let method_ident = &method.ident;
    let method_name = method_ident.to_string();
    let pages_ident = format_ident!("{method_name}_pages");
    let items_ident = format_ident!("{method_name}_items");
    let count_fn = format_ident!("{method_name}_page_count");
    let items_fn = format_ident!("{method_name}_page_items");
    let cursor_fn = format_ident!("{method_name}_page_cursor");
    let state_ty = quote!((#(#state_types,)*));
    let fetch = quote! {
        move |state: #state_ty| async move { self.#method_ident(#(#call_args),*).await }
    };
    let (pages_body, how, helpers) = match next {
        Next::Offset { slot, offset, limit, start } => {
            let (offset_field, limit_field) = (&offset.field, &limit.field);
            let read = |field: &syn::Ident, required: bool| {
                if required {
                    quote!(OffsetValue::offset(&state.#slot.#field))
                } else {
                    quote!(state.#slot.#field.as_ref().and_then(OffsetValue::offset))
                }
            };
            let (read_offset, read_limit) = (read(offset_field, offset.required), read(limit_field, limit.required));
            let write = if offset.required {
                quote!(state.#slot.#offset_field = OffsetValue::from_offset(offset))
            } else {
                quote!(state.#slot.#offset_field = Some(OffsetValue::from_offset(offset)))
            };
            let body = quote! {
                #PRIVATE::pagination::offset_pages(
                    (#(#state_values,)*),
                    #fetch,
                    #PRIVATE::pagination::Offsets {
                        start: #start,
                        offset: |state: &#state_ty| #read_offset,
                        limit: |state: &#state_ty| #read_limit,
                        set_offset: |state: &mut #state_ty, offset| #write,
                        count: #count_fn,
                    },
                )
            };
            let how = format!(
                "offset pagination: each request asks for the items after those received so far (`{}`, first index {start}); the stream ends on an empty page, or on a page shorter than `{}` when you set it",
                offset.name, limit.name
            );
            (body, how, quote!())
        }
        Next::Cursor { slot, write, next } => {
            let (write, target) = match write {
                CursorWrite::Query(param) => {
                    let field = &param.field;
                    let write = if param.required {
                        quote!({ state.#slot.#field = cursor; Ok(()) })
                    } else {
                        quote!({ state.#slot.#field = Some(cursor); Ok(()) })
                    };
                    (write, format!("query parameter `{}`", param.name))
                }
                CursorWrite::Body(pointer) => (
                    quote!(#PRIVATE::pagination::set_body_cursor(&mut state.#slot, #pointer, cursor)),
                    format!("request body field `{pointer}`"),
                ),
            };
            let body = quote! {
                #PRIVATE::pagination::cursor_pages(
                    (#(#state_values,)*),
                    #fetch,
                    #cursor_fn,
                    |state: &mut #state_ty, cursor: ::std::string::String| #write,
                )
            };
            let how = format!(
                "cursor pagination: each next request sends the cursor the previous page gave (`{next}` of the response) as the {target}; the stream ends on a page without a cursor"
            );
            let helpers = quote! {
                #cfg
                /// The cursor of the page after this one, if any.
                fn #cursor_fn(page: &#ok_ty) -> ::std::option::Option<::std::string::String> {
                    #[allow(unused_imports)]
                    use #PRIVATE::pagination::Maybe;
                    #cursor_body
                }
            };
            (body, how, helpers)
        }
    };
    let pages_doc = format!(
        " Every page of [`Client::{method_name}`], fetched lazily: a page is requested when the stream is polled after the previous one ({how}). The first request is sent with the arguments given. Each page goes through [`Client::{method_name}`], so its retries, timeout and errors apply per page; an error is yielded and ends the stream, and no page is requested twice."
    );
    let items_doc = format!(
        " Every item of [`Client::{method_name}`], page after page ([`Client::{pages_ident}`]): the next page is requested only when this page's items have been consumed. An error is yielded as an item and ends the stream."
    );
    let methods = quote! {
        #cfg
        #[doc = #pages_doc]
        pub fn #pages_ident<'a>(&'a self, #(#params),*) -> impl #RUNTIME::futures::Stream<Item = Result<Response<#ok_ty>, Error<#error_ty>>> + 'a {
            #[allow(unused_imports)]
            use #PRIVATE::pagination::OffsetValue;
            #pages_body
        }
        #cfg
        #[doc = #items_doc]
        pub fn #items_ident<'a>(&'a self, #(#params),*) -> impl #RUNTIME::futures::Stream<Item = Result<#item_ty, Error<#error_ty>>> + 'a {
            #PRIVATE::pagination::items(self.#pages_ident(#(#arg_idents),*), #items_fn)
        }
    };
    let count = matches!(next, Next::Offset { .. }).then(|| {
        quote! {
            #cfg
            /// The number of items of a page.
            fn #count_fn(page: &#ok_ty) -> usize {
                #[allow(unused_imports)]
                use #PRIVATE::pagination::{ItemList, Maybe};
                #count_body
            }
        }
    });
    let helpers = quote! {
        #helpers
        #count
        #cfg
        /// The items of a page.
        fn #items_fn(page: #ok_ty) -> ::std::vec::Vec<#item_ty> {
            #[allow(unused_imports)]
            use #PRIVATE::pagination::{ItemList, Maybe};
            #into_body
        }
    };
    (methods, helpers)
}

fn bug(file: &Path, op: &Operation, what: &str) -> Error {
    Error::new(file, &op.pointer, format!("pagination: {what}"), "report this generator bug")
}

fn generic_args(ty: &syn::Type) -> Option<Vec<syn::Type>> {
    let syn::Type::Path(path) = ty else { return None };
    let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else { return None };
    Some(
        args.args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t.clone()),
                _ => None,
            })
            .collect(),
    )
}

/// The success body's page-carrying shapes: (the success enum and its variant, or `None` when
/// the body is the page itself; type), and whether some success status has no body. For a
/// success enum (statuses that differ in body) one per variant with a body.
fn page_variants(method: &Signature) -> (Vec<(Option<Variant>, syn::Type)>, bool) {
    let Success::Enum { ident: name, variants } = &method.success else {
        return (vec![(None, method.ok.clone())], false);
    };
    let mut bodiless = false;
    let pages = variants
        .iter()
        .filter_map(|(variant, ty)| match ty {
            Some(ty) => Some((Some((name.clone(), variant.clone())), ty.clone())),
            None => {
                bodiless = true;
                None
            }
        })
        .collect();
    (pages, bodiless)
}

/// Follows the JSON pointer `pointer` through the generated struct `ty` (in `types`): the
/// fields on the way and the type of the last one.
fn walk(ty: &syn::Type, pointer: &str, types: &TypeTable) -> std::result::Result<(Vec<Hop>, syn::Type), String> {
    let mut current = peel(ty).0;
    let mut hops = Vec::new();
    let tokens: Vec<String> = pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")).collect();
    for (index, token) in tokens.iter().enumerate() {
        let name = type_ident(&current).ok_or_else(|| format!("`{}` is not a struct", current.to_token_stream()))?;
        let fields = types
            .fields(&name.to_string())
            .ok_or_else(|| format!("`{name}` is not a struct of the generated types"))?;
        let field =
            fields.iter().find(|f| f.wire == *token).ok_or_else(|| format!("`{name}` has no field `{token}`"))?;
        let (inner, optional) = peel(&field.ty);
        hops.push(Hop { field: syn::Member::Named(field.ident.clone()), optional });
        current = if index + 1 == tokens.len() { field.ty.clone() } else { inner };
    }
    if hops.is_empty() {
        return Err("the pointer names no field".to_owned());
    }
    // A newtype of the generated types (`struct Threads(pub Vec<Thread>)`) is read through `.0`.
    for _ in 0..4 {
        if element_type(&current).is_some() {
            break;
        }
        let Some(inner) = type_ident(&peel(&current).0).and_then(|name| types.newtype(&name.to_string()).cloned())
        else {
            break;
        };
        hops.push(Hop { field: syn::Member::Unnamed(0.into()), optional: false });
        current = inner;
    }
    Ok((hops, current))
}

/// The expressions that reach the last hop's field from `page`: by reference (an
/// `Option<&field type>`) and by value (an `Option<field type>`).
fn chains(hops: &[Hop]) -> (TokenStream, TokenStream) {
    let mut by_ref = quote!(Some(page));
    let mut by_value = quote!(Some(page));
    for (index, hop) in hops.iter().enumerate() {
        let field = &hop.field;
        let last = index + 1 == hops.len();
        if hop.optional && !last {
            by_ref = quote!(#by_ref.and_then(|v| Maybe::value(&v.#field)));
            by_value = quote!(#by_value.and_then(|v| Maybe::into_value(v.#field)));
        } else {
            by_ref = quote!(#by_ref.map(|v| &v.#field));
            by_value = quote!(#by_value.map(|v| v.#field));
        }
    }
    (by_ref, by_value)
}

/// A field type without `Option`/`Nullable`/`Box`, and whether it had `Option` or `Nullable`.
fn peel(ty: &syn::Type) -> (syn::Type, bool) {
    let mut current = ty.clone();
    let mut optional = false;
    loop {
        let Some(last) = last_segment(&current) else { return (current, optional) };
        let name = last.ident.to_string();
        let wrapper = matches!(name.as_str(), "Option" | "Nullable" | "Box");
        match (wrapper, generic_args(&current)) {
            (true, Some(args)) if args.len() == 1 => {
                optional |= name != "Box";
                current = args[0].clone();
            }
            _ => return (current, optional),
        }
    }
}

fn is_maybe(ty: &syn::Type) -> bool {
    last_segment(ty).is_some_and(|s| s.ident == "Option" || s.ident == "Nullable")
}

fn last_segment(ty: &syn::Type) -> Option<&syn::PathSegment> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last(),
        _ => None,
    }
}

/// The element type of a `Vec` (inside `Option`/`Nullable`).
fn element_type(ty: &syn::Type) -> Option<syn::Type> {
    let (inner, _) = peel(ty);
    (last_segment(&inner)?.ident == "Vec").then(|| generic_args(&inner))??.into_iter().next()
}

fn type_ident(ty: &syn::Type) -> Option<syn::Ident> {
    last_segment(ty).filter(|s| s.arguments.is_empty()).map(|s| s.ident.clone())
}

/// A type as seen from operations.rs: every bare identifier that names an item of the
/// generated types (`Thread`, `Option<Thread>`) becomes `types::Thread`.
fn qualify(mut ty: syn::Type, types: &TypeTable) -> syn::Type {
    struct Qualify<'t>(&'t TypeTable);
    impl syn::visit_mut::VisitMut for Qualify<'_> {
        fn visit_type_path_mut(&mut self, path: &mut syn::TypePath) {
            syn::visit_mut::visit_type_path_mut(self, path);
            if path.qself.is_some() || path.path.leading_colon.is_some() || path.path.segments.len() != 1 {
                return;
            }
            if self.0.defines(&path.path.segments[0].ident.to_string()) {
                path.path.segments.insert(0, syn::PathSegment::from(format_ident!("types")));
            }
        }
    }
    syn::visit_mut::VisitMut::visit_type_mut(&mut Qualify(types), &mut ty);
    ty
}

fn is_str(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.is_ident("str"))
}

fn is_string_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
        _ => false,
    }
}
