//! Emits the parts struct of a `multipart/form-data` request body and the steps that send it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

use super::ir::{Operation, Part, PartKind};
use super::names;
use super::runtime::{PRIVATE, RUNTIME};
use crate::docs::doc_lines;

/// Emits `<Prefix>Multipart` into `items`: one field per part (a file part is a
/// `helpdesk_runtime::FilePart`, an array of files a `Vec` of them, a value part its
/// schema's type), with `new` taking the required parts and a setter per part. Returns
/// the struct's name.
pub fn emit(
    op: &Operation,
    parts: &[Part],
    types: &[Option<syn::Type>],
    prefix: &str,
    method: &str,
    pointer: &str,
    items: &mut Vec<TokenStream>,
) -> syn::Ident {
    let ident = format_ident!("{}Multipart", prefix);
    let mut fields = Vec::new();
    let mut required = Vec::new();
    for (part, ty) in parts.iter().zip(types) {
        let field = names::field(&part.name);
        let ty = match (part.kind, ty) {
            (PartKind::File, _) => quote!(#RUNTIME::FilePart),
            (PartKind::Files, _) => quote!(::std::vec::Vec<#RUNTIME::FilePart>),
            (PartKind::Value, Some(ty)) => ty.to_token_stream(),
            (PartKind::Value, None) => quote!(#RUNTIME::serde_json::Value),
        };
        let field_ty = if part.required { ty } else { quote!(::std::option::Option<#ty>) };
        if part.required {
            required.push(field.clone());
        }
        let kind = match part.kind {
            PartKind::File => "File part",
            PartKind::Files => "File parts (one per file)",
            PartKind::Value => "Part",
        };
        let media = part.content_type.as_deref().map(|m| format!(", sent as `{m}`")).unwrap_or_default();
        let required_doc = if part.required { " (required)" } else { "" };
        let head = format!(" {kind} `{}`{required_doc}{media}.", part.name);
        let doc = doc_lines(part.doc.as_deref().unwrap_or(""));
        fields.push(quote! { #[doc = #head] #doc pub #field: #field_ty, });
    }
    let doc = format!(
        " The `multipart/form-data` request body of [`Client::{method}`] (operationId `{}`): one field per part, \
         sent in this order. Source: `{pointer}`.",
        op.id
    );
    // Without required parts every field is an `Option`: `Default` is the empty body (and
    // `new()` stays, the same value).
    let derives = if required.is_empty() { quote!(Debug, Default) } else { quote!(Debug) };
    let item: syn::ItemStruct = syn::parse_quote! {
        #[doc = #doc]
        #[derive(#derives)]
        #[non_exhaustive]
        pub struct #ident { #(#fields)* }
    };
    if let syn::Fields::Named(named) = &item.fields {
        items.push(super::syntax::constructor(&ident, named, &required).into_token_stream());
        items.extend(super::syntax::setters(&ident, named).map(|s| s.into_token_stream()));
    }
    items.push(item.into_token_stream());
    ident
}

/// The request steps that build the multipart body from `body` (the parts struct, by
/// value) and add it to `request`.
pub fn steps(parts: &[Part]) -> TokenStream {
    let mut steps = Vec::new();
    for part in parts {
        let field = names::field(&part.name);
        let name = &part.name;
        let media = match &part.content_type {
            Some(media) => quote!(::std::option::Option::Some(#media)),
            None => quote!(::std::option::Option::None),
        };
        // A file's default media type: the encoding's, when it names exactly one type.
        let file_type = part
            .content_type
            .as_deref()
            .filter(|m| !m.contains(',') && !m.contains('*'))
            .unwrap_or("application/octet-stream");
        steps.push(match (part.kind, part.required) {
            (PartKind::File, true) => quote! { form.file(#name, body.#field, #file_type)?; },
            (PartKind::File, false) => quote! {
                if let ::std::option::Option::Some(file) = body.#field {
                    form.file(#name, file, #file_type)?;
                }
            },
            (PartKind::Files, true) => quote! {
                for file in body.#field {
                    form.file(#name, file, #file_type)?;
                }
            },
            (PartKind::Files, false) => quote! {
                for file in body.#field.into_iter().flatten() {
                    form.file(#name, file, #file_type)?;
                }
            },
            (PartKind::Value, true) => quote! { form.value(#name, &body.#field, #media)?; },
            (PartKind::Value, false) => quote! {
                if let ::std::option::Option::Some(value) = &body.#field {
                    form.value(#name, value, #media)?;
                }
            },
        });
    }
    let mutable = if steps.is_empty() { quote!() } else { quote!(mut) };
    let unused = if steps.is_empty() { quote!(let _ = body;) } else { quote!() };
    quote! {
        let #mutable form = #PRIVATE::Multipart::new();
        #unused
        #(#steps)*
        request = self.core.multipart(request, form);
    }
}
