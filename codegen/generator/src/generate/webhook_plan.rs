//! Planning the `webhooks` module: how a delivery's payload is told apart (the discriminant)
//! and the `WebhookEvent` variant of each webhook, decided on the typed model before printing.

use std::collections::BTreeSet;

use super::ir::Webhook;

/// Properties that name an event, in the order they are preferred when several tell the
/// payloads apart.
const NAMING_PROPERTIES: [&str; 5] = ["type", "event", "topic", "event_type", "eventType"];

/// The variant every `WebhookEvent` ends with: a verified event it does not know.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The planned `webhooks` module of a crate.
pub struct WebhookPlan {
    /// How deliveries are signed (`provider.toml` `[webhooks.signature]`): the module then has
    /// a `Verifier`.
    pub signature: Option<crate::manifest::WebhookSignature>,
    /// How `WebhookEvent::parse` tells the payloads apart; `None` when nothing does (then
    /// only the payload types and `parse_as` are generated).
    pub discriminant: Option<Discriminant>,
    /// One per webhook, in the spec's order.
    pub events: Vec<EventPlan>,
}

/// The payload property whose value names the event.
pub struct Discriminant {
    /// The property's name in the JSON payload.
    pub property: String,
    /// Whether each payload's schema pins the value (`const` or a one-value `enum`); when not,
    /// the values are the webhooks' names.
    pub pinned: bool,
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
    signature: Option<&crate::manifest::WebhookSignature>,
) -> Option<WebhookPlan> {
    if webhooks.is_empty() {
        return None;
    }
    let discriminant = pinned_discriminant(webhooks).or_else(|| named_discriminant(webhooks));
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
            EventPlan {
                name: hook.name.clone(),
                pointer: hook.pointer.clone(),
                doc: hook.doc.clone(),
                variant,
                value,
                ty: ty.clone(),
            }
        })
        .collect();
    Some(WebhookPlan { signature: signature.cloned(), discriminant, events })
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
    candidates.first().map(|property| Discriminant { property: (*property).clone(), pinned: true })
}

/// A naming property every payload has (unpinned): its values are the webhooks' names.
fn named_discriminant(webhooks: &[Webhook]) -> Option<Discriminant> {
    NAMING_PROPERTIES
        .iter()
        .find(|property| webhooks.iter().all(|hook| hook.properties.contains_key(**property)))
        .map(|property| Discriminant { property: (*property).to_owned(), pinned: false })
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
        }
    }

    fn planned(hooks: &[Webhook]) -> WebhookPlan {
        let types: Vec<syn::Type> = hooks.iter().map(|_| syn::parse_quote!(types::Payload)).collect();
        plan(hooks, &types, None).unwrap()
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
    fn variants_are_unique_and_never_unknown() {
        let hooks = [hook("unknown", &[]), hook("thing.done", &[]), hook("thing_done", &[])];
        let variants: Vec<_> = planned(&hooks).events.into_iter().map(|e| e.variant).collect();
        assert_eq!(variants, ["Unknown2", "ThingDone", "ThingDone2"]);
    }
}
