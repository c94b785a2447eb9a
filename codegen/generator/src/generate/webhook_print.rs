//! Printing the `webhooks` module (feature `webhooks`) from its plan: `WebhookEvent` with one
//! variant per webhook and `Unknown`, its `parse`, and `parse_as` for any payload type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::runtime::RUNTIME;
use super::webhook_plan::{WebhookPlan, UNKNOWN_VARIANT};
use crate::docs::{doc_lines, one_line};

/// The module's items (its `//!` docs are added by `emit.rs`). `file` is the spec as shown.
pub fn emit(plan: &WebhookPlan, file: &str) -> TokenStream {
    let parse_as = quote! {
        /// Parses a verified delivery's raw body as the payload type `T` (one webhook's payload
        /// type, as the module docs list them), for a receiver that knows which webhook it got.
        ///
        /// # Errors
        ///
        /// `WebhookError::Payload` when the body is not JSON or does not fit `T`.
        pub fn parse_as<T: ::serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, WebhookError> {
            #RUNTIME::webhook::parse_json_as(body)
        }
    };
    // The module docs' list: each webhook and its payload type.
    let list = plan.events.iter().map(|event| {
        let ty = &event.ty;
        let line = format!(
            " - webhook {} (`{file}` at `{}`): [`{}`]",
            code(&event.name),
            one_line(&event.pointer).replace('`', "'"),
            quote!(#ty).to_string().replace(' ', "")
        );
        quote!(#![doc = #line])
    });
    let list = quote! {
        #![doc = ""]
        #![doc = " The webhooks and their payload types:"]
        #![doc = ""]
        #(#list)*
    };
    let Some(discriminant) = &plan.discriminant else {
        return quote! {
            #list

            #[allow(unused_imports)]
            use crate::types;
            use #RUNTIME::webhook::WebhookError;

            #parse_as
        };
    };
    let property = &discriminant.property;
    let shown_property = code(property);
    let unknown = format_ident!("{}", UNKNOWN_VARIANT);
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut names = Vec::new();
    for event in &plan.events {
        let variant = format_ident!("{}", event.variant);
        let ty = &event.ty;
        let value = event.value.clone().unwrap_or_default();
        let doc = doc_lines(&format!(
            "{} {}: webhook {} (`{file}` at `{}`).\n\n{}",
            shown_property,
            code(&format!("{value:?}")),
            code(&event.name),
            one_line(&event.pointer).replace('`', "'"),
            event.doc
        ));
        variants.push(quote!(#doc #variant(#ty),));
        arms.push(quote!(Some(#value) => decode(name, body, Self::#variant),));
        names.push(quote!(Self::#variant(_) => Some(#value),));
    }
    let enum_doc = format!(
        " A verified webhook delivery of this API, told apart by its {shown_property} property; `{UNKNOWN_VARIANT}` keeps any other whole (new events may be added in a minor release)."
    );
    let from_json_doc = format!(
        " The event a JSON payload is: the variant its {shown_property} names, decoded into that webhook's payload type, or `{UNKNOWN_VARIANT}` (with `decode_error` when the name is known but the payload does not fit its type). Never fails: nothing verified is dropped."
    );
    let name_doc = format!(" The event's name: the value of its {shown_property} property, if it has one.");
    quote! {
        #list

        #[allow(unused_imports)]
        use crate::types;
        use #RUNTIME::serde_json::Value;
        use #RUNTIME::webhook::{RawEvent, WebhookError};

        #[doc = #enum_doc]
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum WebhookEvent {
            #(#variants)*
            /// A verified event this crate does not know, or a known one whose payload does not
            /// fit its type, kept as the JSON received.
            #unknown(RawEvent),
        }

        impl WebhookEvent {
            /// Parses a verified delivery's raw body (see [`WebhookEvent::from_json`]).
            ///
            /// # Errors
            ///
            /// `WebhookError::Payload` when the body is not JSON.
            pub fn parse(body: &[u8]) -> Result<Self, WebhookError> {
                Ok(Self::from_json(#RUNTIME::webhook::parse_json(body)?))
            }

            #[doc = #from_json_doc]
            pub fn from_json(body: Value) -> Self {
                let name = body.get(#property).and_then(Value::as_str).map(str::to_owned);
                match name.as_deref() {
                    #(#arms)*
                    _ => Self::#unknown(RawEvent { name, body, decode_error: None }),
                }
            }

            #[doc = #name_doc]
            pub fn name(&self) -> Option<&str> {
                match self {
                    #(#names)*
                    Self::#unknown(raw) => raw.name.as_deref(),
                }
            }
        }

        /// `body` decoded into a variant's payload type, or kept whole with the reason.
        fn decode<T: ::serde::de::DeserializeOwned>(
            name: Option<String>,
            body: Value,
            variant: fn(T) -> WebhookEvent,
        ) -> WebhookEvent {
            match T::deserialize(&body) {
                Ok(payload) => variant(payload),
                Err(err) => WebhookEvent::#unknown(RawEvent { name, body, decode_error: Some(err.to_string()) }),
            }
        }

        #parse_as
    }
}

/// Vendor text in a code span (one line, no backticks).
fn code(text: &str) -> String {
    format!("`{}`", one_line(text).replace('`', "'"))
}
