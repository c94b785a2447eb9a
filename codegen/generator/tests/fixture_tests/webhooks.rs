//! The `webhooks` module of the crate generated from `fixtures/webhooks.yaml` (copied into that
//! crate's `tests/` by `fixture_crates_compile_and_pass_their_tests`): each payload decodes into
//! its `WebhookEvent` variant, an unknown or misfit one is kept whole, and a body that is not
//! JSON is a `Payload` error.

use fixture_webhooks::types::{Ticket, TicketClosedEvent};
use fixture_webhooks::webhooks::{parse_as, WebhookEvent};
use serde_json::json;

fn parse(value: &serde_json::Value) -> WebhookEvent {
    WebhookEvent::parse(value.to_string().as_bytes()).unwrap()
}

#[test]
fn each_payload_decodes_into_the_variant_its_type_names() {
    let created = json!({"type": "ticket.created", "object": "event", "data": {"id": "t1", "subject": null}});
    match parse(&created) {
        WebhookEvent::TicketCreated(event) => assert_eq!(event.data.id, "t1"),
        other => panic!("{other:?}"),
    }
    assert_eq!(parse(&created).name(), Some("ticket.created"));

    // The `allOf` payload: the webhook is named `ticket_closed`, its `type` is `ticket.closed`.
    let closed = json!({"type": "ticket.closed", "id": "evt_1", "created_at": 1_700_000_000, "data": {"id": "t2"}});
    match parse(&closed) {
        WebhookEvent::TicketClosed(event) => {
            let event: TicketClosedEvent = event;
            assert_eq!((event.id.as_str(), event.created_at, event.data.id.as_str()), ("evt_1", 1_700_000_000, "t2"));
        }
        other => panic!("{other:?}"),
    }

    // The inline payload.
    match parse(&json!({"type": "note.added", "note": "called back"})) {
        WebhookEvent::NoteAdded(event) => assert_eq!(event.note, "called back"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unknown_event_is_kept_whole_and_a_misfit_one_says_why() {
    let unknown = json!({"type": "ticket.merged", "data": {"into": "t9"}});
    match parse(&unknown) {
        WebhookEvent::Unknown(raw) => {
            assert_eq!(raw.name.as_deref(), Some("ticket.merged"));
            assert_eq!(raw.body, unknown);
            assert!(raw.decode_error.is_none());
        }
        other => panic!("{other:?}"),
    }
    // Known name, but `data` lacks its required `id`.
    let misfit = json!({"type": "ticket.created", "data": {}});
    match parse(&misfit) {
        WebhookEvent::Unknown(raw) => {
            assert_eq!(raw.body, misfit);
            assert!(raw.decode_error.as_deref().is_some_and(|e| e.contains("id")), "{raw:?}");
        }
        other => panic!("{other:?}"),
    }
    // No `type` at all.
    assert!(matches!(parse(&json!({"data": 1})), WebhookEvent::Unknown(raw) if raw.name.is_none()));
}

#[test]
fn a_body_that_is_not_json_is_a_payload_error_and_parse_as_reads_one_type() {
    let err = WebhookEvent::parse(b"<html>").unwrap_err();
    assert_eq!(err.status().as_u16(), 400);
    let ticket: Ticket = parse_as(br#"{"id": "t3"}"#).unwrap();
    assert_eq!(ticket.id, "t3");
    assert!(parse_as::<Ticket>(br#"{"subject": "no id"}"#).is_err());
}
