//! Printing the `webhooks` module (feature `webhooks`) from its plan: `WebhookEvent` with one
//! variant per webhook and `Unknown`, its `parse`, and `parse_as` for any payload type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::runtime::RUNTIME;
use super::webhook_plan::{JwtPlan, NamesPlan, SignaturePlan, WebhookPlan, OTHER_NAME, UNKNOWN_VARIANT};
use crate::docs::{doc_lines, one_line};
use crate::manifest::{DigestEncoding, HmacAlgorithm, HmacSignature};

/// What the `Verifier` gives after checking a delivery.
#[derive(Clone, Copy)]
enum Receive {
    /// Nothing: the payloads are not told apart (no `WebhookEvent`).
    Nothing,
    /// One `WebhookEvent`.
    One,
    /// Every event of a delivery that is a JSON array (`Vec<WebhookEvent>`).
    All,
}

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
    let receive = match (&plan.discriminant, plan.batched) {
        (None, _) => Receive::Nothing,
        (Some(_), false) => Receive::One,
        (Some(_), true) => Receive::All,
    };
    // A verifier can refuse old events when `WebhookEvent::occurred_at` exists.
    let dated = plan.discriminant.is_some() && plan.fields.as_ref().is_some_and(|f| f.occurred_at.is_some());
    let verifier = plan.signature.as_ref().map(|signature| match signature {
        SignaturePlan::Hmac(hmac) => hmac_verifier(hmac, receive, dated, file),
        SignaturePlan::Jwt(jwt) => jwt_verifier(jwt, receive, file),
    });
    let name_list = plan.names.as_ref().map(names_enum);
    let Some(discriminant) = &plan.discriminant else {
        return quote! {
            #list

            #[allow(unused_imports)]
            use crate::types;
            #[allow(unused_imports)]
            use #RUNTIME::reqwest::header::HeaderMap;
            use #RUNTIME::webhook::WebhookError;

            #name_list
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
    let read_name = if discriminant.fallbacks.is_empty() {
        quote!(let name = body.get(#property).and_then(Value::as_str).map(str::to_owned);)
    } else {
        let fallbacks = &discriminant.fallbacks;
        quote! {
            // A delivery may name its event by another property (the provider's form is not
            // confirmed); `decode` then reads it as if it named it by the discriminant.
            let name = match body.get(#property) {
                Some(value) => value.as_str().map(str::to_owned),
                None => [#(#fallbacks),*].into_iter().find_map(|key| body.get(key)).and_then(Value::as_str).map(str::to_owned),
            };
        }
    };
    let from_json_doc = if discriminant.fallbacks.is_empty() {
        from_json_doc
    } else {
        format!(
            "{from_json_doc} A payload without {shown_property} is named by {} instead, and decoded as if {shown_property} had that value.",
            discriminant.fallbacks.iter().map(|f| code(f)).collect::<Vec<_>>().join(", then ")
        )
    };
    // With fallbacks, a payload named by one is decoded from a copy that has the discriminant
    // too; `Unknown` keeps the body as received either way.
    let (named, decoded) = if discriminant.fallbacks.is_empty() {
        (quote!(), quote!(&body))
    } else {
        (
            quote! {
                let named = match (&name, body.get(#property)) {
                    (Some(name), None) => {
                        let mut copy = body.clone();
                        if let Some(object) = copy.as_object_mut() {
                            object.insert(#property.to_owned(), Value::String(name.clone()));
                        }
                        Some(copy)
                    }
                    _ => None,
                };
            },
            quote!(named.as_ref().unwrap_or(&body)),
        )
    };
    let parse_all = plan.batched.then(|| {
        quote! {
            /// Parses a verified delivery's raw body that is a JSON array of events: every
            /// element, in order (see [`WebhookEvent::from_json`]); a body that is one event gives
            /// one.
            ///
            /// # Errors
            ///
            /// `WebhookError::Payload` when the body is not JSON.
            pub fn parse_all(body: &[u8]) -> Result<Vec<Self>, WebhookError> {
                Ok(match #RUNTIME::webhook::parse_json(body)? {
                    Value::Array(events) => events.into_iter().map(Self::from_json).collect(),
                    event => vec![Self::from_json(event)],
                })
            }
        }
    });
    let accessors = plan.fields.as_ref().map(|fields| accessors(plan, fields));
    let event_name = plan.names.as_ref().map(|_| {
        quote! {
            /// The event's name in the provider's list ([`EventName`]), if it has one.
            pub fn event_name(&self) -> Option<EventName> {
                self.name().map(EventName::from_name)
            }
        }
    });
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

            #parse_all

            #[doc = #from_json_doc]
            pub fn from_json(body: Value) -> Self {
                #read_name
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

            #event_name
            #accessors
        }

        /// `body` decoded into a variant's payload type, or kept whole with the reason.
        fn decode<T: ::serde::de::DeserializeOwned>(
            name: Option<String>,
            body: Value,
            variant: fn(T) -> WebhookEvent,
        ) -> WebhookEvent {
            #named
            match T::deserialize(#decoded) {
                Ok(payload) => variant(payload),
                Err(err) => WebhookEvent::#unknown(RawEvent { name, body, decode_error: Some(err.to_string()) }),
            }
        }

        #name_list
        #parse_as
        #verifier
    }
}

/// The `Verifier` of the provider's signature scheme (`provider.toml` `[webhooks.signature]`),
/// its default `signature_scheme()`, and `testing::signed_request` (feature `mock`).
/// `receive` (verify, then `WebhookEvent::parse`) exists when the payloads are told apart.
fn hmac_verifier(signature: &HmacSignature, receive: Receive, dated: bool, file: &str) -> TokenStream {
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
    // With `occurred_at`, `receive` can refuse events older than an opt-in `max_age`.
    let (max_age_field, max_age_init, max_age_setter, age_check) = if dated {
        (
            quote!(max_age: Option<::std::time::Duration>,),
            quote!(max_age: None,),
            Some(quote! {
                /// The same verifier refusing, in [`Verifier::receive`], events whose
                /// `occurred_at` (a signed field of the body) is more than `max_age` before now
                /// (`WebhookError::Stale`) or after it (`WebhookError::FromFuture`). Off by
                /// default: retries arrive late, and an event without a time passes.
                #[must_use]
                pub fn max_age(self, max_age: ::std::time::Duration) -> Self {
                    Self { max_age: Some(max_age), ..self }
                }

                /// The age check of [`Verifier::max_age`] at `now`.
                fn check_age(&self, event: &WebhookEvent, now: ::std::time::SystemTime) -> Result<(), WebhookError> {
                    let (Some(max_age), Some(at)) = (self.max_age, event.occurred_at()) else { return Ok(()) };
                    match now.duration_since(at) {
                        Ok(age) if age > max_age => Err(WebhookError::Stale { age }),
                        Ok(_) => Ok(()),
                        Err(ahead) if ahead.duration() > max_age => {
                            Err(WebhookError::FromFuture { ahead: ahead.duration() })
                        }
                        Err(_) => Ok(()),
                    }
                }
            }),
            true,
        )
    } else {
        (quote!(), quote!(), None, false)
    };
    // `receive`: verify, then parse one event or every event; with `max_age`, through
    // `receive_at`, which also checks each event's age. Its docs, line by line.
    let receive = match receive {
        Receive::Nothing => None,
        Receive::One | Receive::All => {
            let all = matches!(receive, Receive::All);
            let (ty, parse, first, second, refused) = if all {
                (
                    quote!(Vec<WebhookEvent>),
                    quote!(WebhookEvent::parse_all(body)),
                    " Verifies a delivery's signature against its raw body, then parses every event of",
                    " it (see [`WebhookEvent::parse_all`])",
                    "a\n delivery with an old event.",
                )
            } else {
                (
                    quote!(WebhookEvent),
                    quote!(WebhookEvent::parse(body)),
                    " Verifies a delivery's signature against its raw body, then parses the event it",
                    " names (see [`WebhookEvent::parse`])",
                    "an old\n event.",
                )
            };
            let mut doc: Vec<String> = vec![first.to_owned()];
            match age_check {
                true => doc.extend(
                    format!("{second}; with [`Verifier::max_age`], refuses {refused}").lines().map(str::to_owned),
                ),
                false => doc.push(format!("{second}.")),
            }
            doc.extend(
                [
                    "",
                    " # Errors",
                    "",
                    " As [`Verifier::verify`], then `WebhookError::Payload` when the verified body is",
                ]
                .map(str::to_owned),
            );
            match age_check {
                true => doc.extend(
                    [" not JSON, then `WebhookError::Stale` / `WebhookError::FromFuture` (with", " `max_age` only)."]
                        .map(str::to_owned),
                ),
                false => doc.push(" not JSON.".to_owned()),
            }
            let checked = if all {
                quote! {
                    let events = #parse?;
                    for event in &events {
                        self.check_age(event, now)?;
                    }
                    Ok(events)
                }
            } else {
                quote! {
                    let event = #parse?;
                    self.check_age(&event, now)?;
                    Ok(event)
                }
            };
            Some(match age_check {
                true => quote! {
                    #(#[doc = #doc])*
                    pub fn receive(&self, headers: &HeaderMap, body: &[u8]) -> Result<#ty, WebhookError> {
                        self.receive_at(headers, body, ::std::time::SystemTime::now())
                    }

                    /// [`Verifier::receive`] with the age checked at `now` (for tests).
                    ///
                    /// # Errors
                    ///
                    /// As [`Verifier::receive`].
                    pub fn receive_at(
                        &self,
                        headers: &HeaderMap,
                        body: &[u8],
                        now: ::std::time::SystemTime,
                    ) -> Result<#ty, WebhookError> {
                        self.verify(headers, body)?;
                        #checked
                    }
                },
                false => quote! {
                    #(#[doc = #doc])*
                    pub fn receive(&self, headers: &HeaderMap, body: &[u8]) -> Result<#ty, WebhookError> {
                        self.verify(headers, body)?;
                        #parse
                    }
                },
            })
        }
    };
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
            #max_age_field
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
                Ok(Self { inner: #RUNTIME::webhook::HmacVerifier::new(scheme, secret)?, #max_age_init })
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

            #max_age_setter
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

/// The `Verifier` of a JWT scheme: the ids it is built with, the JWKS of the crate's servers
/// (or another URL), the async `verify`/`receive` that fetch keys as needed, the sync
/// `verify_with` for keys the caller holds, and `testing::signed_request` (feature `mock`).
fn jwt_verifier(jwt: &JwtPlan, receive: Receive, file: &str) -> TokenStream {
    let settings = &jwt.settings;
    let header = settings.header.to_ascii_lowercase();
    let jwks_path = &settings.jwks_path;
    let params: Vec<syn::Ident> = jwt.params.iter().map(|p| format_ident!("{}", p)).collect();
    let claim = |(format, args): &(String, Vec<String>)| {
        let args = args.iter().map(|a| format_ident!("{}", a));
        quote!(format!(#format, #(#args.as_ref()),*))
    };
    let issuer = claim(&jwt.issuer);
    let audience = claim(&jwt.audience);
    let shown_params = jwt.params.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(" and ");
    let confirmed = if settings.confirmed {
        "Confirmed by the vendor's documentation."
    } else {
        "Not yet confirmed by the vendor's documentation: taken from independent public receivers. Check a first delivery's claims (`Verifier::verify` returns them) against it."
    };
    let described = format!(
        "header {}, an RS256 JWT whose issuer (`iss`) is {} and audience (`aud`) is {}, with the keys of the JWKS at {} on the crate's [`crate::Server`]",
        code(&settings.header),
        code(&settings.issuer),
        code(&settings.audience),
        code(jwks_path)
    );
    let verifier_doc = doc_lines(&format!(
        "Verifies this provider's webhook deliveries: {described}. The ids: {}.\n\nThe token does not sign the body: a captured token replays with any body until it expires (its `exp`, plus a 60-second leeway). Treat a delivery's payload as a hint, and re-read the resource through the client where it matters. The algorithm is pinned to RS256 (`none`, HS256 and any other are refused), and the keys are cached by `kid`, with one rate-limited refetch for a key not cached.\n\n{confirmed}\n\nSource: {}; the provider's `provider.toml` beside `{file}`, `[webhooks.signature]`.",
        one_line(&settings.key),
        one_line(&settings.source)
    ));
    let new_doc = doc_lines(&format!(
        "A verifier of tokens for {shown_params}, with the JWKS of the default server.\n\n# Errors\n\n`WebhookError::Config` when an id is empty (a verifier that accepted any id would accept every other account's tokens)."
    ));
    let scheme_doc = doc_lines(&format!(
        "The scheme this provider signs deliveries with for {shown_params}: {described}.\n\n{confirmed}"
    ));
    let empty_checks = jwt.params.iter().map(|param| {
        let ident = format_ident!("{}", param);
        let reason = format!("`{param}` is empty");
        quote! {
            if #ident.as_ref().trim().is_empty() {
                return Err(WebhookError::Config { reason: #reason.into() });
            }
        }
    });
    let ids = quote!(#(#params: impl AsRef<str>),*);
    let (receive, receive_with) = match receive {
        Receive::Nothing => (None, None),
        Receive::One | Receive::All => {
            let (ty, parse, what) = match receive {
                Receive::All => (
                    quote!(Vec<WebhookEvent>),
                    quote!(WebhookEvent::parse_all(body)),
                    " every event of it (see [`WebhookEvent::parse_all`]).",
                ),
                _ => (
                    quote!(WebhookEvent),
                    quote!(WebhookEvent::parse(body)),
                    " the event it names (see [`WebhookEvent::parse`]).",
                ),
            };
            let receive_doc =
                format!(" Verifies a delivery's token (see [`Verifier::verify`]), then parses its body:{what}");
            (
                Some(quote! {
                    #[doc = #receive_doc]
                    ///
                    /// # Errors
                    ///
                    /// As [`Verifier::verify`], then `WebhookError::Payload` when the verified
                    /// body is not JSON.
                    pub async fn receive(&self, headers: &HeaderMap, body: &[u8]) -> Result<#ty, WebhookError> {
                        self.verify(headers).await?;
                        #parse
                    }
                }),
                Some(quote! {
                    /// [`Verifier::receive`] with keys the caller holds (a JWKS read once, a
                    /// test's keys), without any fetch, against the system clock.
                    ///
                    /// # Errors
                    ///
                    /// As [`Verifier::verify_with`], then `WebhookError::Payload` when the
                    /// verified body is not JSON.
                    pub fn receive_with(
                        &self,
                        keys: &#RUNTIME::webhook::KeySet,
                        headers: &HeaderMap,
                        body: &[u8],
                    ) -> Result<#ty, WebhookError> {
                        self.verify_with(keys, headers)?;
                        #parse
                    }
                }),
            )
        }
    };
    quote! {
        #scheme_doc
        pub fn signature_scheme(#ids) -> #RUNTIME::webhook::JwtScheme {
            #RUNTIME::webhook::JwtScheme::new(#header, #issuer, #audience)
        }

        #verifier_doc
        #[derive(Debug, Clone)]
        pub struct Verifier {
            inner: #RUNTIME::webhook::JwtVerifier,
            keys: ::std::sync::Arc<#RUNTIME::webhook::JwksSource>,
        }

        impl Verifier {
            #new_doc
            pub fn new(#ids) -> Result<Self, WebhookError> {
                #(#empty_checks)*
                let inner = #RUNTIME::webhook::JwtVerifier::new(signature_scheme(#(#params),*))?;
                Ok(Self { inner, keys: jwks(crate::Server::default())? })
            }

            /// The same verifier reading the keys of `server` (a data centre).
            ///
            /// # Errors
            ///
            /// `WebhookError::Config` when the server's JWKS URL cannot be used.
            pub fn server(self, server: crate::Server) -> Result<Self, WebhookError> {
                Ok(Self { keys: jwks(server)?, ..self })
            }

            /// The same verifier reading the keys of the JWKS at `url` (https, or http on a
            /// loopback host, as in tests).
            ///
            /// # Errors
            ///
            /// `WebhookError::Config` when `url` is not such a URL.
            pub fn jwks_url(self, url: &str) -> Result<Self, WebhookError> {
                let keys = ::std::sync::Arc::new(#RUNTIME::webhook::JwksSource::new(url)?);
                Ok(Self { keys, ..self })
            }

            /// Fetches the keys before the first delivery (at start-up), so that the first
            /// delivery is not held up by a fetch; returns how many keys were read.
            ///
            /// # Errors
            ///
            /// `WebhookError::KeySource` when the JWKS cannot be fetched or read.
            pub async fn prefetch(&self) -> Result<usize, WebhookError> {
                self.keys.prefetch().await
            }

            /// Checks a delivery's token against the system clock, fetching the keys when
            /// none is cached or the token names one not cached; returns its claims. The body
            /// is not an input: the token does not sign it.
            ///
            /// # Errors
            ///
            /// `WebhookError::MissingHeader` (with the names of present headers that look like
            /// signatures), `WebhookError::MalformedSignature`, `WebhookError::BadToken` (with
            /// the reason) or `WebhookError::KeySource` (answer 503, so that the provider
            /// retries); `WebhookError::status` gives the status to answer.
            pub async fn verify(&self, headers: &HeaderMap) -> Result<#RUNTIME::webhook::Claims, WebhookError> {
                self.inner.verify(headers, &self.keys).await
            }

            /// [`Verifier::verify`] with keys the caller holds, without any fetch.
            ///
            /// # Errors
            ///
            /// As [`Verifier::verify`], without `WebhookError::KeySource`.
            pub fn verify_with(
                &self,
                keys: &#RUNTIME::webhook::KeySet,
                headers: &HeaderMap,
            ) -> Result<#RUNTIME::webhook::Claims, WebhookError> {
                self.inner.verify_with(headers, keys)
            }

            #receive
            #receive_with
        }

        /// The JWKS source of `server`.
        fn jwks(server: crate::Server) -> Result<::std::sync::Arc<#RUNTIME::webhook::JwksSource>, WebhookError> {
            let url = format!("{}{}", server.url(), #jwks_path);
            Ok(::std::sync::Arc::new(#RUNTIME::webhook::JwksSource::new(&url)?))
        }

        /// Signed test deliveries (feature `mock`), for testing a receiver without the vendor:
        /// tokens minted by the runtime's test-only key.
        #[cfg(feature = "mock")]
        pub mod testing {
            use #RUNTIME::reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
            pub use #RUNTIME::webhook::testing::TestKeys;

            /// A delivery of `body` carrying a token minted by `keys` for these ids, issued now
            /// and valid for five minutes: the headers (the token and
            /// `Content-Type: application/json`) and the body. A verifier accepts it with
            /// `keys.key_set()` (`Verifier::verify_with`) or with a JWKS URL that answers
            /// `keys.jwks_json()`.
            ///
            /// # Panics
            ///
            /// When the clock is before 1970 (a test machine's mistake).
            pub fn signed_request(
                body: impl Into<Vec<u8>>,
                keys: &TestKeys,
                #(#params: &str),*
            ) -> (HeaderMap, #RUNTIME::bytes::Bytes) {
                let scheme = super::signature_scheme(#(#params),*);
                let token = keys
                    .mint(
                        scheme.expected_issuer(),
                        scheme.expected_audience(),
                        ::std::time::SystemTime::now(),
                        ::std::time::Duration::from_secs(300),
                    )
                    .expect("the clock is after 1970");
                let mut headers = HeaderMap::new();
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                let token = HeaderValue::from_str(&token).expect("a token is visible ASCII");
                headers.insert(HeaderName::from_static(#header), token);
                (headers, #RUNTIME::bytes::Bytes::from(body.into()))
            }
        }
    }
}

/// `WebhookEvent::id` and `WebhookEvent::occurred_at`: each variant's field, and the JSON of
/// `Unknown`.
fn accessors(plan: &WebhookPlan, fields: &super::webhook_plan::FieldsPlan) -> TokenStream {
    let unknown = format_ident!("{}", UNKNOWN_VARIANT);
    let id = fields.id.as_ref().map(|property| {
        let arms = plan.events.iter().map(|event| {
            let variant = format_ident!("{}", event.variant);
            match &event.id {
                Some(field) => quote!(Self::#variant(event) => #RUNTIME::webhook::fields::text(&event.#field),),
                None => quote!(Self::#variant(_) => None,),
            }
        });
        let doc = format!(
            " The delivery's id: the payload's {} property (an idempotency key: a retried delivery has the same), if it has one. Source: {}.",
            code(property),
            one_line(&fields.source)
        );
        quote! {
            #[doc = #doc]
            pub fn id(&self) -> Option<&str> {
                match self {
                    #(#arms)*
                    Self::#unknown(raw) => raw.body.get(#property).and_then(Value::as_str),
                }
            }
        }
    });
    let occurred_at = fields.occurred_at.as_ref().map(|(property, unit)| {
        let (unit_tokens, unit_text) = match unit {
            crate::manifest::TimeUnit::Seconds => (quote!(Seconds), "seconds"),
            crate::manifest::TimeUnit::Milliseconds => (quote!(Milliseconds), "milliseconds"),
        };
        let arms = plan.events.iter().map(|event| {
            let variant = format_ident!("{}", event.variant);
            match &event.occurred_at {
                Some(field) => quote! {
                    Self::#variant(event) => #RUNTIME::webhook::fields::instant(&event.#field, #RUNTIME::webhook::fields::Unit::#unit_tokens),
                },
                None => quote!(Self::#variant(_) => None,),
            }
        });
        let doc = format!(
            " When the event happened: the payload's {} property, {unit_text} since the Unix epoch (a number or a string of digits), if it has one. Source: {}.",
            code(property),
            one_line(&fields.source)
        );
        quote! {
            #[doc = #doc]
            pub fn occurred_at(&self) -> Option<::std::time::SystemTime> {
                match self {
                    #(#arms)*
                    Self::#unknown(raw) => raw
                        .body
                        .get(#property)
                        .and_then(|value| #RUNTIME::webhook::fields::instant(value, #RUNTIME::webhook::fields::Unit::#unit_tokens)),
                }
            }
        }
    });
    quote!(#id #occurred_at)
}

/// `EventName`: every name of the provider's list, and `Other` for any it does not have.
fn names_enum(names: &NamesPlan) -> TokenStream {
    let other = format_ident!("{}", OTHER_NAME);
    let source = format!(
        " The names of all the events this provider lists (`{}` at `{}`), whether or not this crate types their payloads; `{OTHER_NAME}` holds any other.",
        one_line(&names.file).replace('`', "'"),
        one_line(&names.pointer).replace('`', "'")
    );
    let variants = names.names.iter().map(|(name, variant)| {
        let ident = format_ident!("{}", variant);
        let doc = format!(" {}", code(name));
        quote!(#[doc = #doc] #ident,)
    });
    let to_str = names.names.iter().map(|(name, variant)| {
        let ident = format_ident!("{}", variant);
        quote!(Self::#ident => #name,)
    });
    let from_str = names.names.iter().map(|(name, variant)| {
        let ident = format_ident!("{}", variant);
        quote!(#name => Self::#ident,)
    });
    let all = names.names.iter().map(|(_, variant)| {
        let ident = format_ident!("{}", variant);
        quote!(Self::#ident)
    });
    quote! {
        #[doc = #source]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum EventName {
            #(#variants)*
            /// A name the list does not have (sent as is).
            #other(String),
        }

        impl EventName {
            /// Every listed name, in the list's order (what a subscription can name).
            pub const ALL: &'static [EventName] = &[#(#all),*];

            /// The name as the provider writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#other(name) => name,
                }
            }

            /// The listed name `name` is, or `Other`.
            pub fn from_name(name: &str) -> Self {
                match name {
                    #(#from_str)*
                    other => Self::#other(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for EventName {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// Vendor text in a code span (one line, no backticks).
fn code(text: &str) -> String {
    format!("`{}`", one_line(text).replace('`', "'"))
}
