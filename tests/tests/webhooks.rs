//! Inbound webhooks of the generated crates (feature `webhooks`): deliveries signed in the test
//! with a known secret, built from the vendor's documented examples, verified and parsed by the
//! generated `Verifier`; every refusal of the error table.

use helpdesk_runtime::reqwest::header::{HeaderMap, HeaderValue};
use helpdesk_runtime::webhook::WebhookError;
use intercom::webhooks::{testing::signed_request, Verifier, WebhookEvent};
use serde_json::{json, Value};

const SECRET: &str = "intercom-client-secret";

/// Intercom's documented ticket (createTicket's 200 example of the 2.9 spec) in the
/// notification envelope of https://developers.intercom.com/docs/references/2.9/webhooks/webhook-models.
fn notification(topic: &str) -> Value {
    let ticket = conformance::response_example(
        "intercom",
        "/paths/~1tickets/post",
        "200",
        "application/json",
        "Successful response",
    );
    json!({
        "type": "notification_event",
        "app_id": "a86dr8yl",
        "id": "notif_ccd8a4d0-f965-11e3-a367-c779cae3e1b3",
        "topic": topic,
        "created_at": 1_392_731_331,
        "delivery_attempts": 1,
        "first_sent_at": 1_392_731_392,
        "data": {"type": "notification_event_data", "item": ticket},
    })
}

fn delivery(value: &Value) -> (HeaderMap, Vec<u8>) {
    let (headers, body) = signed_request(value.to_string(), SECRET);
    (headers, body.to_vec())
}

#[test]
fn intercom_signed_ticket_notification_is_verified_and_typed() {
    let value = notification("ticket.created");
    let (headers, body) = delivery(&value);
    assert!(headers["x-hub-signature"].to_str().unwrap().starts_with("sha1="));
    let verifier = Verifier::new(SECRET).unwrap();
    match verifier.receive(&headers, &body).unwrap() {
        WebhookEvent::TicketCreated(event) => {
            assert_eq!(event.id.as_deref(), Some("notif_ccd8a4d0-f965-11e3-a367-c779cae3e1b3"));
            assert_eq!(
                event.data.item.as_ref().and_then(|ticket| ticket.id.clone()),
                value["data"]["item"]["id"].as_str().map(str::to_owned)
            );
            assert_eq!(event.created_at, Some(1_392_731_331));
        }
        other => panic!("{other:?}"),
    }
    // Every ticket topic of 2.9 has its variant, and `ping` too.
    for (topic, expected) in
        [("ticket.state.updated", "TicketStateUpdated"), ("ticket.note.created", "TicketNoteCreated")]
    {
        let (headers, body) = delivery(&notification(topic));
        let event = verifier.receive(&headers, &body).unwrap();
        assert_eq!(event.name(), Some(topic));
        assert!(format!("{event:?}").starts_with(expected), "{event:?}");
    }
    let ping = json!({"type": "notification_event", "topic": "ping", "id": "notif_1", "data": {"item": {"type": "ping", "message": "something"}}});
    let (headers, body) = delivery(&ping);
    assert!(matches!(verifier.receive(&headers, &body).unwrap(), WebhookEvent::Ping(_)));
}

#[test]
fn intercom_unknown_topic_is_kept_whole() {
    let value = json!({"type": "notification_event", "topic": "conversation.admin.closed", "data": {"item": {"type": "conversation", "id": "7"}}});
    let (headers, body) = delivery(&value);
    match Verifier::new(SECRET).unwrap().receive(&headers, &body).unwrap() {
        WebhookEvent::Unknown(raw) => {
            assert_eq!(raw.name.as_deref(), Some("conversation.admin.closed"));
            assert_eq!(raw.body, value);
            assert!(raw.decode_error.is_none());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn intercom_refusals() {
    let verifier = Verifier::new(SECRET).unwrap();
    let (headers, body) = delivery(&notification("ticket.created"));
    let good = headers["x-hub-signature"].to_str().unwrap().to_owned();

    // One flipped byte of the body.
    let mut changed = body.clone();
    changed[20] ^= 0x01;
    let err = verifier.receive(&headers, &changed).unwrap_err();
    assert!(matches!(err, WebhookError::BadSignature), "{err:?}");
    assert_eq!(err.status().as_u16(), 401);
    // The wrong secret.
    assert!(matches!(Verifier::new("another").unwrap().verify(&headers, &body), Err(WebhookError::BadSignature)));

    // No signature header: the error names the signature-like headers present, never values.
    let mut missing = HeaderMap::new();
    missing.insert("x-signature", HeaderValue::from_static("sha1=abc"));
    match verifier.verify(&missing, &body).unwrap_err() {
        WebhookError::MissingHeader { name, similar } => {
            assert_eq!(name, "x-hub-signature");
            assert_eq!(similar, ["x-signature"]);
        }
        other => panic!("{other:?}"),
    }

    // sha256=, an empty sha1= (svix PR #1190's regression) and 39 hex digits.
    for value in [format!("sha256={}", &good[5..]), "sha1=".to_owned(), good[..44].to_owned()] {
        let mut headers = headers.clone();
        headers.insert("x-hub-signature", HeaderValue::from_str(&value).unwrap());
        let err = verifier.verify(&headers, &body).unwrap_err();
        assert!(matches!(err, WebhookError::MalformedSignature { .. }), "{value}: {err:?}");
        assert!(!err.to_string().contains(&good[5..]), "{err}");
    }
    assert!(matches!(Verifier::new(""), Err(WebhookError::Config { .. })));
    // A verified body that is not JSON.
    let (headers, body) = signed_request("<html>", SECRET);
    assert_eq!(verifier.receive(&headers, &body).unwrap_err().status().as_u16(), 400);
}
