//! Printing the `webhooks` module (feature `webhooks`) from its plan: `WebhookEvent` with one
//! variant per webhook and `Unknown`, its `parse`, and `parse_as` for any payload type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::runtime::RUNTIME;
use super::webhook_plan::{WebhookPlan, UNKNOWN_VARIANT};
use crate::docs::{doc_lines, one_line};
use crate::manifest::{DigestEncoding, HmacAlgorithm, WebhookSignature};

/// The module's items, after the list of webhooks and their payload types in its docs (`emit.rs`
/// adds the opening paragraphs). `file` is the spec as shown.
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
        let line = format!(
            " - webhook {} (`{file}` at `{}`): [`{}`]",
            code(&event.name),
            one_line(&event.pointer).replace('`', "'"),
            super::plan_text::shown(&event.ty)
        );
        quote!(#![doc = #line])
    });
    let list = quote! {
        #![doc = ""]
        #![doc = " The webhooks and their payload types:"]
        #![doc = ""]
        #(#list)*
    };
    let verifier = plan.signature.as_ref().map(|signature| verifier(signature, plan.discriminant.is_some(), file));
    let Some(discriminant) = &plan.discriminant else {
        return quote! {
            #list

            #[allow(unused_imports)]
            use crate::types;
            #[allow(unused_imports)]
            use #RUNTIME::reqwest::header::HeaderMap;
            use #RUNTIME::webhook::WebhookError;

            #parse_as
            #verifier
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
        #[allow(unused_imports)]
        use #RUNTIME::reqwest::header::HeaderMap;
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
        #verifier
    }
}

/// The `Verifier` of the provider's signature scheme (`provider.toml` `[webhooks.signature]`),
/// its default `signature_scheme()`, and `testing::signed_request` (feature `mock`).
/// `receive` (verify, then `WebhookEvent::parse`) exists when the payloads are told apart.
fn verifier(signature: &WebhookSignature, discriminated: bool, file: &str) -> TokenStream {
    let header = signature.header.to_ascii_lowercase();
    let algorithm = match signature.algorithm {
        HmacAlgorithm::Sha1 => quote!(Algorithm::Sha1),
        HmacAlgorithm::Sha256 => quote!(Algorithm::Sha256),
    };
    let encoding = match signature.encoding {
        DigestEncoding::Hex => quote!(Encoding::Hex),
        DigestEncoding::Base64 => quote!(Encoding::Base64),
    };
    let prefix = signature.prefix.as_ref().map(|prefix| quote!(.prefix(#prefix)));
    let described = format!(
        "header {}, {}, {}{}",
        code(&signature.header),
        match signature.algorithm {
            HmacAlgorithm::Sha1 => "HMAC-SHA1",
            HmacAlgorithm::Sha256 => "HMAC-SHA256",
        },
        match signature.encoding {
            DigestEncoding::Hex => "hex",
            DigestEncoding::Base64 => "base64",
        },
        signature.prefix.as_deref().map(|p| format!(", prefix {}", code(p))).unwrap_or_default()
    );
    let provenance = format!(
        "Source: {}; the provider's `provider.toml` beside `{file}`, `[webhooks.signature]`.",
        one_line(&signature.source)
    );
    let confirmed = if signature.confirmed {
        "Confirmed by the vendor's documentation.".to_owned()
    } else {
        "Not yet confirmed by the vendor's documentation: the default is taken from public receivers. If your deliveries differ, build the verifier with `Verifier::with_scheme(signature_scheme().header(…).algorithm(…).encoding(…).prefix(…), secret)`; a missing header's error lists the present headers that look like signatures.".to_owned()
    };
    let scheme_doc = doc_lines(&format!(
        "The scheme this provider signs deliveries with: {described}, an HMAC of the raw body keyed by the signing secret. No timestamp is signed, so a captured delivery replays until the secret is rotated.\n\n{confirmed}\n\n{provenance}"
    ));
    let key = one_line(&signature.key);
    let verifier_doc = doc_lines(&format!(
        "Verifies this provider's webhook deliveries ({described}). The signing secret is {key}.\n\nGive it the raw request body (the exact bytes received, before any JSON parsing) and the request headers. `Debug` never shows the secret."
    ));
    let new_doc = doc_lines(
        "A verifier of [`signature_scheme`] keyed by the signing secret.\n\n# Errors\n\n`WebhookError::Config` when the secret is empty.",
    );
    let receive = discriminated.then(|| {
        quote! {
            /// Verifies a delivery's signature against its raw body, then parses the event it
            /// names (see [`WebhookEvent::parse`]).
            ///
            /// # Errors
            ///
            /// As [`Verifier::verify`], then `WebhookError::Payload` when the verified body is
            /// not JSON.
            pub fn receive(&self, headers: &HeaderMap, body: &[u8]) -> Result<WebhookEvent, WebhookError> {
                self.verify(headers, body)?;
                WebhookEvent::parse(body)
            }
        }
    });
    quote! {
        #scheme_doc
        pub fn signature_scheme() -> #RUNTIME::webhook::HmacScheme {
            use #RUNTIME::webhook::{Algorithm, Encoding, HmacScheme};
            HmacScheme::new(#header, #algorithm, #encoding) #prefix
        }

        #verifier_doc
        #[derive(Debug, Clone)]
        pub struct Verifier {
            inner: #RUNTIME::webhook::HmacVerifier,
        }

        impl Verifier {
            #new_doc
            pub fn new(secret: impl Into<#RUNTIME::Secret>) -> Result<Self, WebhookError> {
                Self::with_scheme(signature_scheme(), secret)
            }

            /// A verifier of another scheme (a different header, hash, encoding or prefix) keyed
            /// by the signing secret, for deliveries that differ from [`signature_scheme`].
            ///
            /// # Errors
            ///
            /// `WebhookError::Config` when the secret is empty or the header name is invalid.
            pub fn with_scheme(
                scheme: #RUNTIME::webhook::HmacScheme,
                secret: impl Into<#RUNTIME::Secret>,
            ) -> Result<Self, WebhookError> {
                Ok(Self { inner: #RUNTIME::webhook::HmacVerifier::new(scheme, secret)? })
            }

            /// Checks a delivery's signature header against its raw body.
            ///
            /// # Errors
            ///
            /// `WebhookError::MissingHeader` (with the names of present headers that look like
            /// signatures), `WebhookError::MalformedSignature` (wrong prefix, bad encoding,
            /// empty or wrong length) or `WebhookError::BadSignature` (wrong secret, or a
            /// changed body); `WebhookError::status` gives the status to answer.
            pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
                self.inner.verify(headers, body)
            }

            #receive

            /// The signature header's value for `body` under this verifier's secret and scheme:
            /// what a test sends to a receiver that uses this verifier.
            pub fn sign(&self, body: &[u8]) -> String {
                self.inner.sign(body)
            }
        }

        /// Signed test deliveries (feature `mock`), for testing a receiver without the vendor.
        #[cfg(feature = "mock")]
        pub mod testing {
            use #RUNTIME::reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};

            /// A delivery of `body` signed with `secret` the way the provider signs it
            /// ([`super::signature_scheme`]): the headers (the signature and
            /// `Content-Type: application/json`) and the body.
            ///
            /// # Panics
            ///
            /// When `secret` is empty (a test's mistake).
            pub fn signed_request(body: impl Into<Vec<u8>>, secret: &str) -> (HeaderMap, #RUNTIME::bytes::Bytes) {
                let body = body.into();
                let verifier = super::Verifier::new(secret).expect("a non-empty test secret");
                let mut headers = HeaderMap::new();
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                let signature = HeaderValue::from_str(&verifier.sign(&body)).expect("a signature is visible ASCII");
                headers.insert(HeaderName::from_static(#header), signature);
                (headers, #RUNTIME::bytes::Bytes::from(body))
            }
        }
    }
}

/// Vendor text in a code span (one line, no backticks).
fn code(text: &str) -> String {
    format!("`{}`", one_line(text).replace('`', "'"))
}
