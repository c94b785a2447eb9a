//! Inbound webhooks of the generated crates (feature `webhooks`): deliveries signed in the test
//! with a known secret, built from the vendor's documented examples, verified and parsed by the
//! generated `Verifier`; every refusal of the error table.

use helpdesk_runtime::reqwest::header::{HeaderMap, HeaderValue};
use helpdesk_runtime::webhook::WebhookError;
use intercom::webhooks::{testing::signed_request, Verifier, WebhookEvent};
use serde_json::{json, Value};

const SECRET: &str = "intercom-client-secret";

fn delivery(value: &Value) -> (HeaderMap, Vec<u8>) {
    let (headers, body) = signed_request(value.to_string(), SECRET);
    (headers, body.to_vec())
}

#[test]
fn intercom_signed_ticket_notification_is_verified_and_typed() {
    let value = conformance::intercom_notification("ticket.created");
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
        let (headers, body) = delivery(&conformance::intercom_notification(topic));
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
    let (headers, body) = delivery(&conformance::intercom_notification("ticket.created"));
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

mod periskope_webhooks {
    use helpdesk_runtime::reqwest::header::{HeaderMap, HeaderValue};
    use helpdesk_runtime::webhook::{Algorithm, Encoding, WebhookError};
    use periskope::types::TicketInfo;
    use periskope::webhooks::{signature_scheme, testing::signed_request, Verifier, WebhookEvent};
    use serde_json::{json, Value};

    const KEY: &str = "periskope-signing-key";

    /// The repaired example of the ticket.deleted page (tests/fixtures/webhooks/README.md).
    fn ticket_info() -> Value {
        let text = include_str!("../fixtures/webhooks/periskope-ticket.deleted.json");
        serde_json::from_str(text).unwrap()
    }

    fn delivery(event: &str) -> Value {
        json!({"event": event, "data": ticket_info(), "org_id": "2997xx64-89bf-48d3-9a22-b314fxx017e5", "timestamp": "2025-01-26T02:30:50+00:00"})
    }

    #[test]
    fn the_page_example_is_a_ticket_info_and_each_event_its_variant() {
        let info: TicketInfo = serde_json::from_value(ticket_info()).unwrap();
        let ticket = info.ticket.unwrap();
        assert_eq!(ticket.ticket_id.as_deref(), Some("TICKET-12345"));
        assert_eq!(info.attached_messages.unwrap().len(), 1);

        let verifier = Verifier::new(KEY).unwrap();
        for (event, variant) in [
            ("ticket.created", "TicketCreated"),
            ("ticket.updated", "TicketUpdated"),
            ("ticket.deleted", "TicketDeleted"),
        ] {
            let (headers, body) = signed_request(delivery(event).to_string(), KEY);
            let received = verifier.receive(&headers, &body).unwrap();
            assert_eq!(received.name(), Some(event));
            assert!(format!("{received:?}").starts_with(variant), "{received:?}");
        }
        let (headers, body) = signed_request(delivery("ticket.deleted").to_string(), KEY);
        match verifier.receive(&headers, &body).unwrap() {
            WebhookEvent::TicketDeleted(event) => {
                assert_eq!(event.data.ticket.and_then(|t| t.ticket_id).as_deref(), Some("TICKET-12345"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_default_is_a_lowercase_hex_hmac_sha256_without_prefix() {
        let (headers, _) = signed_request("{}", KEY);
        let value = headers["x-periskope-signature"].to_str().unwrap();
        assert_eq!(value.len(), 64);
        assert!(value.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)), "{value}");
        assert_eq!(signature_scheme().hash(), Algorithm::Sha256);
        assert_eq!(signature_scheme().digest_prefix(), None);
    }

    #[test]
    fn every_override_combination_verifies_what_it_signs() {
        let body = delivery("ticket.updated").to_string();
        for algorithm in [Algorithm::Sha1, Algorithm::Sha256] {
            for encoding in [Encoding::Hex, Encoding::Base64] {
                for prefix in [None, Some("sha256=")] {
                    for header in ["x-periskope-signature", "x-signature"] {
                        let mut scheme = signature_scheme().header(header).algorithm(algorithm).encoding(encoding);
                        if let Some(prefix) = prefix {
                            scheme = scheme.prefix(prefix);
                        }
                        let verifier = Verifier::with_scheme(scheme, KEY).unwrap();
                        let mut headers = HeaderMap::new();
                        headers.insert(header, HeaderValue::from_str(&verifier.sign(body.as_bytes())).unwrap());
                        let case = format!("{algorithm:?} {encoding:?} {prefix:?} {header}");
                        let event =
                            verifier.receive(&headers, body.as_bytes()).unwrap_or_else(|e| panic!("{case}: {e}"));
                        assert!(matches!(event, WebhookEvent::TicketUpdated(_)), "{case}");
                        // The default verifier refuses what another scheme signed.
                        assert!(
                            Verifier::new(KEY).unwrap().verify(&headers, body.as_bytes()).is_err()
                                || (algorithm == Algorithm::Sha256
                                    && encoding == Encoding::Hex
                                    && prefix.is_none()
                                    && header == "x-periskope-signature"),
                            "{case}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_missing_header_lists_similar_names_only() {
        let mut headers = HeaderMap::new();
        headers.insert("x-webhook-signature", HeaderValue::from_static("deadbeef-secret-looking"));
        headers.insert("x-hmac", HeaderValue::from_static("another-value"));
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        let err = Verifier::new(KEY).unwrap().verify(&headers, b"{}").unwrap_err();
        match &err {
            WebhookError::MissingHeader { name, similar } => {
                assert_eq!(name, "x-periskope-signature");
                assert_eq!(similar, &["x-hmac", "x-webhook-signature"]);
            }
            other => panic!("{other:?}"),
        }
        let text = format!("{err} {err:?}");
        assert!(!text.contains("deadbeef") && !text.contains("another-value"), "{text}");
    }
}
