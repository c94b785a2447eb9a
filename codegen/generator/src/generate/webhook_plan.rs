//! Planning the `webhooks` module: how a delivery's payload is told apart (the discriminant)
//! and the `WebhookEvent` variant of each webhook, decided on the typed model before printing.

use std::collections::BTreeSet;

use super::ir::Webhook;
use crate::error::{Error, Result};

/// Properties that name an event, in the order they are preferred when several tell the
/// payloads apart.
const NAMING_PROPERTIES: [&str; 5] = ["type", "event", "topic", "event_type", "eventType"];

/// The variant every `WebhookEvent` ends with: a verified event it does not know.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The variant every `EventName` ends with: a name the provider's list does not have.
pub const OTHER_NAME: &str = "Other";

/// The planned `webhooks` module of a crate.
pub struct WebhookPlan {
    /// How deliveries are signed (`provider.toml` `[webhooks.signature]`): the module then has
    /// a `Verifier`.
    pub signature: Option<SignaturePlan>,
    /// How `WebhookEvent::parse` tells the payloads apart; `None` when nothing does (then
    /// only the payload types and `parse_as` are generated).
    pub discriminant: Option<Discriminant>,
    /// One per webhook, in the spec's order.
    pub events: Vec<EventPlan>,
    /// Whether a delivery is a JSON array of events (some webhook's request body is an array
    /// of its payload): parsing and receiving then give every element.
    pub batched: bool,
    /// The provider's list of all its event names (`[webhooks.names]`): the `EventName` enum.
    pub names: Option<NamesPlan>,
    /// The identifying and dating properties (`[webhooks.event]`): `id()` and `occurred_at()`.
    pub fields: Option<FieldsPlan>,
}

/// `WebhookEvent::id` and `WebhookEvent::occurred_at`: the properties they read, and in each
/// event's payload type the field that holds them ([`EventPlan::id`], [`EventPlan::occurred_at`]).
pub struct FieldsPlan {
    /// The property that identifies a delivery.
    pub id: Option<String>,
    /// The property that dates the event, and its unit.
    pub occurred_at: Option<(String, crate::manifest::TimeUnit)>,
    /// Where these facts come from.
    pub source: String,
}

/// The payload property whose value names the event.
pub struct Discriminant {
    /// The property's name in the JSON payload.
    pub property: String,
    /// Whether each payload's schema pins the value (`const` or a one-value `enum`); when not,
    /// the values are the webhooks' names.
    pub pinned: bool,
    /// Other naming properties every payload declares and none pins, read in this order when
    /// a delivery lacks `property` (a name the provider may send instead, kept until confirmed).
    pub fallbacks: Vec<String>,
}

/// The `EventName` enum: every event name the provider lists.
pub struct NamesPlan {
    /// The document that lists them, as shown.
    pub file: String,
    /// The JSON pointer of the object whose property names they are.
    pub pointer: String,
    /// Each name and its variant (unique, never [`OTHER_NAME`]), in the document's order.
    pub names: Vec<(String, String)>,
}

/// How the generated `Verifier` checks a delivery.
pub enum SignaturePlan {
    /// An HMAC of the raw body (the manifest's settings as they are).
    Hmac(crate::manifest::HmacSignature),
    /// An RS256 JWT with keys from the JWKS of the crate's servers.
    Jwt(Box<JwtPlan>),
}

/// A JWT verifier: its constructor's parameters and how the expected claims are built.
pub struct JwtPlan {
    /// The constructor's parameters, in order of first use (snake-case identifiers).
    pub params: Vec<String>,
    /// The expected `iss`: a format string and the parameters it takes, in order.
    pub issuer: (String, Vec<String>),
    /// The expected `aud`, as `issuer`.
    pub audience: (String, Vec<String>),
    /// The manifest's settings: the header that carries the token, the JWKS's path on each
    /// server, the claims as templates, what the ids are, the source, and whether the vendor
    /// confirms them.
    pub settings: crate::manifest::JwtSignature,
}

/// One webhook's place in `WebhookEvent`.
pub struct EventPlan {
    /// The webhook's name in the spec.
    pub name: String,
    /// JSON pointer of its operation in the effective spec.
    pub pointer: String,
    /// Summary and description (vendor text).
    pub doc: String,
    /// The `WebhookEvent` variant (unique, never [`UNKNOWN_VARIANT`]).
    pub variant: String,
    /// The discriminant's value that selects it (`None` without a discriminant).
    pub value: Option<String>,
    /// The payload's Rust type.
    pub ty: syn::Type,
    /// The payload type's field holding [`FieldsPlan::id`], if it has one.
    pub id: Option<syn::Ident>,
    /// The payload type's field holding [`FieldsPlan::occurred_at`], if it has one.
    pub occurred_at: Option<syn::Ident>,
}

/// Plans the module for `webhooks` and their resolved payload types; `None` without webhooks.
///
/// The discriminant is a string property that every payload pins to a value of its own
/// (`type: {const: batch.completed}`), preferring [`NAMING_PROPERTIES`] in order, then the
/// first by name; failing that, a [`NAMING_PROPERTIES`] property every payload has, whose
/// values are taken to be the webhooks' names (Resend's `email.sent` carries
/// `type: email.sent`); failing that, none.
pub fn plan(
    webhooks: &[Webhook],
    types: &[syn::Type],
    signature: Option<SignaturePlan>,
    names: Option<NamesPlan>,
    fields: Option<(FieldsPlan, &super::table::TypeTable)>,
) -> Option<WebhookPlan> {
    if webhooks.is_empty() {
        return None;
    }
    let discriminant = pinned_discriminant(webhooks).or_else(|| named_discriminant(webhooks)).map(|mut d| {
        d.fallbacks = NAMING_PROPERTIES
            .iter()
            .filter(|property| **property != d.property)
            .filter(|property| webhooks.iter().all(|hook| matches!(hook.properties.get(**property), Some(None))))
            .map(|property| (*property).to_owned())
            .collect();
        d
    });
    let mut taken = BTreeSet::from([UNKNOWN_VARIANT.to_owned()]);
    let events = webhooks
        .iter()
        .zip(types)
        .map(|(hook, ty)| {
            let base = helpdesk_spec::naming::variant_name(&serde_json::Value::String(hook.name.clone()));
            let variant =
                helpdesk_spec::naming::unique(&base, |n| format!("{base}{n}"), |name| taken.insert(name.to_owned()));
            let value = discriminant.as_ref().map(|d| match d.pinned {
                true => hook.properties.get(&d.property).cloned().flatten().unwrap_or_default(),
                false => hook.name.clone(),
            });
            let field = |property: Option<&String>| field_of(fields.as_ref()?.1, ty, property?);
            EventPlan {
                name: hook.name.clone(),
                pointer: hook.pointer.clone(),
                doc: hook.doc.clone(),
                variant,
                value,
                ty: ty.clone(),
                id: field(fields.as_ref().and_then(|(plan, _)| plan.id.as_ref())),
                occurred_at: field(fields.as_ref().and_then(|(plan, _)| plan.occurred_at.as_ref().map(|(p, _)| p))),
            }
        })
        .collect();
    let batched = webhooks.iter().any(|hook| hook.batched);
    let fields = fields.map(|(plan, _)| plan);
    Some(WebhookPlan { signature, discriminant, events, batched, names, fields })
}

/// The field of the payload type `ty` whose wire name is `property`.
fn field_of(table: &super::table::TypeTable, ty: &syn::Type, property: &str) -> Option<syn::Ident> {
    let syn::Type::Path(path) = ty else { return None };
    let name = path.path.segments.last()?.ident.to_string();
    table.fields(&name)?.iter().find(|field| field.wire == property).map(|field| field.ident.clone())
}

/// Plans `[webhooks.event]`.
///
/// # Errors
/// Neither property set, `occurred-at` without its `time-unit`, or a property that no
/// webhook's payload declares.
pub fn fields(
    settings: &crate::manifest::EventFields,
    webhooks: &[Webhook],
    file: &std::path::Path,
) -> Result<FieldsPlan> {
    let occurred_at = match (&settings.occurred_at, settings.time_unit) {
        (Some(property), Some(unit)) => Some((property.clone(), unit)),
        (None, None) => None,
        (Some(_), None) => {
            return Err(config_error(
                file,
                "provider.toml [webhooks.event] sets occurred-at without its time-unit".to_owned(),
                "add `time-unit = \"seconds\"` or `\"milliseconds\"`",
            ))
        }
        (None, Some(_)) => {
            return Err(config_error(
                file,
                "provider.toml [webhooks.event] sets time-unit without occurred-at".to_owned(),
                "name the property that dates the event in `occurred-at`, or remove `time-unit`",
            ))
        }
    };
    if settings.id.is_none() && occurred_at.is_none() {
        return Err(config_error(
            file,
            "provider.toml [webhooks.event] names no property".to_owned(),
            "set `id`, `occurred-at` (with `time-unit`), or both; or remove the section",
        ));
    }
    for property in settings.id.iter().chain(occurred_at.as_ref().map(|(p, _)| p)) {
        if !webhooks.iter().any(|hook| hook.declared.contains(property)) {
            return Err(config_error(
                file,
                format!("provider.toml [webhooks.event] names `{property}`, which no webhook's payload declares"),
                "name a property of the payloads (as written in the spec), or remove it",
            ));
        }
    }
    Ok(FieldsPlan { id: settings.id.clone(), occurred_at, source: settings.source.clone() })
}

/// Plans `[webhooks.names]`: each listed name's `EventName` variant.
///
/// # Errors
/// A webhook of the spec whose name the list does not have (the list is the vendor's, so an
/// authored webhook must be one of its events).
pub fn names(list: &crate::EventNameList, webhooks: &[Webhook], file: &std::path::Path) -> Result<NamesPlan> {
    let shown_list = format!("{}#{}", list.file.display(), list.pointer);
    if let Some(hook) = webhooks.iter().find(|hook| !list.names.contains(&hook.name)) {
        return Err(Error::new(
            file,
            &hook.pointer,
            format!("webhook `{}` is not one of the event names of {shown_list}", hook.name),
            "name the webhook exactly as the provider's list does, or point [webhooks.names] at the right list",
        ));
    }
    let mut taken = BTreeSet::from([OTHER_NAME.to_owned()]);
    let names = list
        .names
        .iter()
        .map(|name| {
            let base = helpdesk_spec::naming::variant_name(&serde_json::Value::String(name.clone()));
            let variant =
                helpdesk_spec::naming::unique(&base, |n| format!("{base}{n}"), |name| taken.insert(name.to_owned()));
            (name.clone(), variant)
        })
        .collect();
    Ok(NamesPlan { file: list.file.display().to_string(), pointer: list.pointer.clone(), names })
}

/// Plans `[webhooks.signature]`.
///
/// # Errors
/// A header that is not an HTTP header name; for a JWT, a claim template whose placeholder is
/// not a snake-case name, or a crate without absolute server URLs to fetch the JWKS from.
pub fn signature(
    signature: &crate::manifest::WebhookSignature,
    servers: &[super::ir::Server],
    file: &std::path::Path,
) -> Result<SignaturePlan> {
    // An HTTP header name is a non-empty token (RFC 9110, section 5.1).
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    let header = signature.header();
    if header.is_empty() || !header.chars().all(token) {
        return Err(config_error(
            file,
            format!("provider.toml [webhooks.signature] header `{header}` is not an HTTP header name"),
            "give the header's name as the provider sends it (letters, digits and `-`)",
        ));
    }
    let jwt = match signature {
        crate::manifest::WebhookSignature::Hmac(hmac) => return Ok(SignaturePlan::Hmac(hmac.clone())),
        crate::manifest::WebhookSignature::Jwt(jwt) => jwt,
    };
    if servers.is_empty() || servers.iter().any(|server| !server.url.starts_with("https://")) {
        return Err(config_error(
            file,
            "provider.toml [webhooks.signature] is a JWT, whose keys come from each server's JWKS, but the crate has no https server URLs".to_owned(),
            "list the provider's servers under [[client.servers]] with absolute https URLs",
        ));
    }
    if !jwt.jwks_path.starts_with('/') || jwt.jwks_path.contains(['?', '#', ' ']) {
        return Err(config_error(
            file,
            format!("provider.toml [webhooks.signature] jwks-path `{}` is not an absolute path", jwt.jwks_path),
            "give the JWKS's path on each server, starting with `/` (`/.well-known/jwks.json`)",
        ));
    }
    let issuer = template(&jwt.issuer, "issuer", file)?;
    let audience = template(&jwt.audience, "audience", file)?;
    let mut params: Vec<String> = Vec::new();
    for param in issuer.1.iter().chain(&audience.1) {
        if !params.contains(param) {
            params.push(param.clone());
        }
    }
    Ok(SignaturePlan::Jwt(Box::new(JwtPlan { params, issuer, audience, settings: jwt.clone() })))
}

/// A claim template (`orgId:{org_id}`) as a format string (`orgId:{}`) and its placeholders in
/// order; the text outside placeholders has no braces.
fn template(text: &str, what: &str, file: &std::path::Path) -> Result<(String, Vec<String>)> {
    let fix =
        "write the claim with `{snake_case}` placeholders for the ids the verifier is built with (`orgId:{org_id}`)";
    let mut format = String::new();
    let mut params = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        let literal = &rest[..open];
        if rest[open..].starts_with('}') {
            return Err(config_error(
                file,
                format!("provider.toml [webhooks.signature] {what} `{text}` has an unmatched `}}`"),
                fix,
            ));
        }
        let Some(close) = rest[open..].find('}') else {
            return Err(config_error(
                file,
                format!("provider.toml [webhooks.signature] {what} `{text}` has an unmatched `{{`"),
                fix,
            ));
        };
        let name = &rest[open + 1..open + close];
        let snake = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && helpdesk_spec::naming::is_identifier(name);
        if !snake {
            return Err(config_error(
                file,
                format!("provider.toml [webhooks.signature] {what} `{text}`: placeholder `{{{name}}}` is not a snake-case name"),
                fix,
            ));
        }
        format.push_str(literal);
        format.push_str("{}");
        params.push(name.to_owned());
        rest = &rest[open + close + 1..];
    }
    format.push_str(rest);
    if params.is_empty() {
        return Err(config_error(
            file,
            format!("provider.toml [webhooks.signature] {what} `{text}` has no placeholder: every receiver would expect the same claim"),
            fix,
        ));
    }
    Ok((format, params))
}

fn config_error(file: &std::path::Path, message: String, fix: &str) -> Error {
    Error::new(file, "", message, fix)
}

/// A property every payload pins, to values that differ from payload to payload.
fn pinned_discriminant(webhooks: &[Webhook]) -> Option<Discriminant> {
    let first = webhooks.first()?;
    let mut candidates: Vec<&String> = first
        .properties
        .keys()
        .filter(|property| {
            let mut values = BTreeSet::new();
            webhooks.iter().all(|hook| match hook.properties.get(*property) {
                Some(Some(value)) => values.insert(value.as_str()),
                _ => false,
            })
        })
        .collect();
    candidates.sort_by_key(|property| {
        (NAMING_PROPERTIES.iter().position(|p| p == property).unwrap_or(NAMING_PROPERTIES.len()), property.as_str())
    });
    candidates.first().map(|property| Discriminant {
        property: (*property).clone(),
        pinned: true,
        fallbacks: Vec::new(),
    })
}

/// A naming property every payload has (unpinned): its values are the webhooks' names.
fn named_discriminant(webhooks: &[Webhook]) -> Option<Discriminant> {
    NAMING_PROPERTIES
        .iter()
        .find(|property| webhooks.iter().all(|hook| hook.properties.contains_key(**property)))
        .map(|property| Discriminant { property: (*property).to_owned(), pinned: false, fallbacks: Vec::new() })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::generate::ir::SchemaRef;

    fn hook(name: &str, properties: &[(&str, Option<&str>)]) -> Webhook {
        Webhook {
            name: name.to_owned(),
            pointer: format!("/x-webhooks/{name}/post"),
            doc: String::new(),
            schema: SchemaRef(0),
            properties: properties
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.map(str::to_owned)))
                .collect::<BTreeMap<_, _>>(),
            batched: false,
            declared: Default::default(),
        }
    }

    fn planned(hooks: &[Webhook]) -> WebhookPlan {
        let types: Vec<syn::Type> = hooks.iter().map(|_| syn::parse_quote!(types::Payload)).collect();
        plan(hooks, &types, None, None, None).unwrap()
    }

    #[test]
    fn a_pinned_property_with_distinct_values_is_the_discriminant() {
        // OpenAI's shape: `object` is pinned too, but to the same value in every payload.
        let hooks = [
            hook("batch_completed", &[("object", Some("event")), ("type", Some("batch.completed")), ("id", None)]),
            hook("batch_failed", &[("object", Some("event")), ("type", Some("batch.failed")), ("id", None)]),
        ];
        let plan = planned(&hooks);
        let discriminant = plan.discriminant.unwrap();
        assert_eq!((discriminant.property.as_str(), discriminant.pinned), ("type", true));
        let values: Vec<_> = plan.events.iter().map(|e| (e.variant.as_str(), e.value.as_deref())).collect();
        assert_eq!(values, [("BatchCompleted", Some("batch.completed")), ("BatchFailed", Some("batch.failed"))]);
    }

    #[test]
    fn naming_properties_are_preferred_then_names_in_order() {
        let hooks = [
            hook("a", &[("kind", Some("a")), ("topic", Some("t.a"))]),
            hook("b", &[("kind", Some("b")), ("topic", Some("t.b"))]),
        ];
        assert_eq!(planned(&hooks).discriminant.unwrap().property, "topic");
        let hooks = [
            hook("a", &[("kind", Some("a")), ("zone", Some("z1"))]),
            hook("b", &[("kind", Some("b")), ("zone", Some("z2"))]),
        ];
        assert_eq!(planned(&hooks).discriminant.unwrap().property, "kind");
    }

    #[test]
    fn an_unpinned_naming_property_takes_the_webhook_names() {
        let hooks = [hook("email.sent", &[("type", None)]), hook("email.bounced", &[("type", Some("email.bounced"))])];
        let plan = planned(&hooks);
        let discriminant = plan.discriminant.as_ref().unwrap();
        assert_eq!((discriminant.property.as_str(), discriminant.pinned), ("type", false));
        assert_eq!(plan.events[0].value.as_deref(), Some("email.sent"));
    }

    #[test]
    fn without_a_naming_property_there_is_no_discriminant() {
        let hooks = [hook("a", &[("id", None)]), hook("b", &[("id", None)])];
        assert!(planned(&hooks).discriminant.is_none());
        // Pinned values that repeat do not tell payloads apart.
        let hooks = [hook("a", &[("kind", Some("x"))]), hook("b", &[("kind", Some("x"))])];
        assert!(planned(&hooks).discriminant.is_none());
    }

    #[test]
    fn event_names_are_the_vendors_list_and_every_webhook_must_be_in_it() {
        let list = crate::EventNameList {
            file: "specs/p/Webhook.json".into(),
            sha256: String::new(),
            pointer: "/components/schemas/subscriptions/properties".into(),
            names: ["Ticket_Add", "Other", "Contact_Add"].map(str::to_owned).to_vec(),
        };
        let file = std::path::Path::new("specs/p/openapi.yaml");
        let plan = names(&list, &[hook("Ticket_Add", &[])], file).unwrap();
        let variants: Vec<_> = plan.names.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(variants, ["TicketAdd", "Other2", "ContactAdd"]);
        let Err(err) = names(&list, &[hook("Ticket_Add", &[]), hook("Ticket_Added", &[])], file) else {
            panic!("a webhook the list does not name is refused")
        };
        assert_eq!(err.pointer, "/x-webhooks/Ticket_Added/post");
        assert!(err.message.contains("Webhook.json#/components/schemas/subscriptions/properties"), "{err}");
    }

    #[test]
    fn unpinned_naming_properties_every_payload_declares_are_fallbacks() {
        // Periskope's shape: `event` pinned per payload, `event_type` declared and unpinned.
        let hooks = [
            hook("a.b", &[("event", Some("a.b")), ("event_type", None), ("type", Some("envelope"))]),
            hook("c.d", &[("event", Some("c.d")), ("event_type", None), ("type", Some("envelope"))]),
        ];
        let discriminant = planned(&hooks).discriminant.unwrap();
        // `type` is pinned (to one value everywhere): never a fallback.
        assert_eq!((discriminant.property.as_str(), discriminant.fallbacks), ("event", vec!["event_type".to_owned()]));
        let hooks = [hook("a.b", &[("event", Some("a.b"))]), hook("c.d", &[("event", Some("c.d")), ("topic", None)])];
        assert!(planned(&hooks).discriminant.unwrap().fallbacks.is_empty());
    }

    #[test]
    fn variants_are_unique_and_never_unknown() {
        let hooks = [hook("unknown", &[]), hook("thing.done", &[]), hook("thing_done", &[])];
        let variants: Vec<_> = planned(&hooks).events.into_iter().map(|e| e.variant).collect();
        assert_eq!(variants, ["Unknown2", "ThingDone", "ThingDone2"]);
    }
}
