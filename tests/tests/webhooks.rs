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

/// `id()` is the notification's `notif_…` (the idempotency key) and `occurred_at()` its signed
/// `created_at`; the opt-in `max_age` refuses old (or future) notifications, at exactly the
/// limit accepted and one second past it refused, and is off by default.
#[test]
fn intercom_ids_times_and_the_opt_in_max_age() {
    use std::time::{Duration, UNIX_EPOCH};
    let (headers, body) = delivery(&conformance::intercom_notification("ticket.created"));
    let created = UNIX_EPOCH + Duration::from_secs(1_392_731_331);
    let event = Verifier::new(SECRET).unwrap().receive(&headers, &body).unwrap();
    assert_eq!(event.id(), Some("notif_ccd8a4d0-f965-11e3-a367-c779cae3e1b3"));
    assert_eq!(event.occurred_at(), Some(created));
    // Unknown topics answer from their JSON.
    let mut unknown = conformance::intercom_notification("ticket.created");
    unknown["topic"] = json!("company.created");
    let unknown = WebhookEvent::from_json(unknown);
    assert!(matches!(unknown, WebhookEvent::Unknown(_)));
    assert_eq!((unknown.id(), unknown.occurred_at()), (event.id(), Some(created)));

    let limit = Duration::from_secs(300);
    let verifier = Verifier::new(SECRET).unwrap().max_age(limit);
    assert!(verifier.receive_at(&headers, &body, created + limit).is_ok());
    assert!(verifier.receive_at(&headers, &body, created - limit).is_ok());
    match verifier.receive_at(&headers, &body, created + limit + Duration::from_secs(1)) {
        Err(WebhookError::Stale { age }) => assert_eq!(age.as_secs(), 301),
        other => panic!("{other:?}"),
    }
    match verifier.receive_at(&headers, &body, created - limit - Duration::from_secs(1)) {
        Err(err @ WebhookError::FromFuture { .. }) => assert_eq!(err.status().as_u16(), 401),
        other => panic!("{other:?}"),
    }
    // Off by default: a notification of 2014 is accepted today.
    assert!(Verifier::new(SECRET).unwrap().receive(&headers, &body).is_ok());
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

    /// One public receiver reads the name from `event_type` when `event` is absent: such a
    /// delivery gets its variant too, while `event` wins when both are present.
    #[test]
    fn a_delivery_named_by_event_type_gets_its_variant() {
        let mut value = delivery("ticket.updated");
        let object = value.as_object_mut().unwrap();
        object.remove("event");
        object.insert("event_type".into(), json!("ticket.updated"));
        let (headers, body) = signed_request(value.to_string(), KEY);
        match Verifier::new(KEY).unwrap().receive(&headers, &body).unwrap() {
            WebhookEvent::TicketUpdated(event) => {
                assert_eq!(event.event_type.as_deref(), Some("ticket.updated"));
                assert_eq!(event.data.ticket.and_then(|t| t.ticket_id).as_deref(), Some("TICKET-12345"));
            }
            other => panic!("{other:?}"),
        }
        let mut both = delivery("ticket.created");
        both["event_type"] = json!("ticket.deleted");
        assert_eq!(WebhookEvent::from_json(both).name(), Some("ticket.created"));
        // Named by `event_type` but not a known event: kept exactly as received.
        let mut other = delivery("ticket.created");
        other.as_object_mut().unwrap().remove("event");
        other["event_type"] = json!("chat.created");
        match WebhookEvent::from_json(other.clone()) {
            WebhookEvent::Unknown(raw) => assert_eq!((raw.name.as_deref(), raw.body), (Some("chat.created"), other)),
            other => panic!("{other:?}"),
        }
        // Neither: kept whole, unnamed.
        let mut neither = delivery("ticket.created");
        neither.as_object_mut().unwrap().remove("event");
        match WebhookEvent::from_json(neither.clone()) {
            WebhookEvent::Unknown(raw) => assert_eq!((raw.name, raw.body), (None, neither)),
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

/// Zoho Desk: deliveries are JSON arrays of events carrying an RS256 JWT (`X-ZDesk-JWT`),
/// minted here by the runtime's test-only key (`zoho_desk::webhooks::testing`), verified with
/// its keys held or served as a JWKS on 127.0.0.1; every element is returned.
mod zoho_desk_webhooks {
    use helpdesk_runtime::reqwest::header::HeaderValue;
    use helpdesk_runtime::webhook::{TokenError, WebhookError};
    use serde_json::{json, Value};
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    use zoho_desk::webhooks::testing::{signed_request, TestKeys};
    use zoho_desk::webhooks::{EventName, Verifier, WebhookEvent};

    const ORG: &str = "60001234567";
    const HOOK: &str = "1892000000123456";

    /// The ticket of updateTicket's documented 200 example.
    fn ticket() -> Value {
        conformance::response_example(
            "zoho-desk",
            "/paths/~1api~1v1~1tickets~1{ticketId}/patch",
            "200",
            "application/json",
            "Valid responses Definitions",
        )
    }

    fn delivery() -> Value {
        let mut closed = ticket();
        closed["status"] = json!("Closed");
        json!([
            {"eventType": "Ticket_Add", "orgId": ORG, "eventTime": "1767225600000", "payload": ticket()},
            {"eventType": "Ticket_Update", "orgId": ORG, "eventTime": "1767225660000", "payload": closed, "prevState": {"status": "Open"}},
            {"eventType": "Ticket_Comment_Add", "payload": {"id": "1", "ticketId": "1892000000042", "isPublic": false, "content": "note"}},
            {"eventType": "Contact_Add", "payload": {"id": "9"}},
        ])
    }

    #[test]
    fn every_event_of_a_signed_delivery_is_verified_and_typed() {
        let keys = TestKeys::new();
        let (headers, body) = signed_request(delivery().to_string(), &keys, ORG, HOOK);
        let verifier = Verifier::new(ORG, HOOK).unwrap();
        let events = verifier.receive_with(&keys.key_set(), &headers, &body).unwrap();
        assert_eq!(events.len(), 4);
        match &events[0] {
            WebhookEvent::TicketAdd(event) => {
                assert_eq!(event.payload.id, ticket()["id"].as_str().map(str::to_owned));
                // `eventTime` is epoch milliseconds, as a string.
                let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_767_225_600);
                assert_eq!(events[0].occurred_at(), Some(at));
                assert_eq!(event.event_time.as_deref(), Some("1767225600000"));
                assert_eq!(event.org_id.as_deref(), Some(ORG));
            }
            other => panic!("{other:?}"),
        }
        match &events[1] {
            WebhookEvent::TicketUpdate(event) => {
                assert_eq!(event.payload.status.as_deref(), Some("Closed"));
                assert_eq!(event.prev_state, Some(json!({"status": "Open"})));
            }
            other => panic!("{other:?}"),
        }
        match &events[2] {
            WebhookEvent::TicketCommentAdd(event) => {
                assert_eq!(event.payload.ticket_id.as_deref(), Some("1892000000042"));
                assert_eq!(event.payload.is_public, Some(false));
            }
            other => panic!("{other:?}"),
        }
        // A listed event this crate does not type is kept whole, with its listed name.
        match &events[3] {
            WebhookEvent::Unknown(raw) => {
                assert_eq!(raw.body, delivery()[3]);
                assert!(raw.decode_error.is_none());
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(events[3].event_name(), Some(EventName::ContactAdd));
        assert_eq!(events[0].event_name(), Some(EventName::TicketAdd));
        assert_eq!(EventName::from_name("Ticket_Update").as_str(), "Ticket_Update");
        assert_eq!(EventName::from_name("Brand_New"), EventName::Other("Brand_New".into()));
        assert!(EventName::ALL.contains(&EventName::TicketThreadAdd));
        // A body that is one event, not an array, gives that event.
        let (headers, body) = signed_request(delivery()[0].to_string(), &keys, ORG, HOOK);
        assert_eq!(verifier.receive_with(&keys.key_set(), &headers, &body).unwrap().len(), 1);
    }

    #[test]
    fn tokens_for_another_org_or_webhook_and_bad_bodies_are_refused() {
        let keys = TestKeys::new();
        let verifier = Verifier::new(ORG, HOOK).unwrap();
        let body = delivery().to_string();
        for (org, hook, expected) in [("600", HOOK, "issuer"), (ORG, "1892", "audience")] {
            let (headers, body) = signed_request(body.clone(), &keys, org, hook);
            let err = verifier.receive_with(&keys.key_set(), &headers, &body).unwrap_err();
            let reason = match &err {
                WebhookError::BadToken { reason: TokenError::Issuer { .. } } => "issuer",
                WebhookError::BadToken { reason: TokenError::Audience { .. } } => "audience",
                other => panic!("{other:?}"),
            };
            assert_eq!((reason, err.status().as_u16()), (expected, 401));
        }
        let (mut headers, _) = signed_request(body.clone(), &keys, ORG, HOOK);
        // Verified, but not JSON.
        let err = verifier.receive_with(&keys.key_set(), &headers, b"not json").unwrap_err();
        assert!(matches!(err, WebhookError::Payload { .. }), "{err:?}");
        // A token that is not a JWT.
        headers.insert("x-zdesk-jwt", HeaderValue::from_static("abc"));
        let err = verifier.receive_with(&keys.key_set(), &headers, body.as_bytes()).unwrap_err();
        assert!(matches!(err, WebhookError::BadToken { .. }), "{err:?}");
        // No token: the error names the header and lists similar names only.
        headers.remove("x-zdesk-jwt");
        headers.insert("x-zdesk-signature", HeaderValue::from_static("secret-value"));
        match verifier.receive_with(&keys.key_set(), &headers, body.as_bytes()).unwrap_err() {
            WebhookError::MissingHeader { name, similar } => {
                assert_eq!((name.as_str(), similar), ("x-zdesk-jwt", vec!["x-zdesk-signature".to_owned()]));
            }
            other => panic!("{other:?}"),
        }
        // Empty ids are configuration errors, before any delivery.
        assert!(matches!(Verifier::new("", HOOK), Err(WebhookError::Config { .. })));
        assert!(matches!(Verifier::new(ORG, " "), Err(WebhookError::Config { .. })));
    }

    #[tokio::test]
    async fn the_jwks_is_fetched_once_and_an_unreachable_one_is_a_key_source_error() {
        let server = MockServer::start().await;
        let keys = TestKeys::new();
        Mock::given(method("GET"))
            .and(path("/.well-known/jwks.json"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(keys.jwks_json(), "application/json"))
            .expect(1)
            .mount(&server)
            .await;
        let verifier =
            Verifier::new(ORG, HOOK).unwrap().jwks_url(&format!("{}/.well-known/jwks.json", server.uri())).unwrap();
        assert_eq!(verifier.prefetch().await.unwrap(), 1);
        for _ in 0..2 {
            let (headers, body) = signed_request(delivery().to_string(), &keys, ORG, HOOK);
            let claims = verifier.verify(&headers).await.unwrap();
            assert_eq!((claims.org_id(), claims.webhook_id()), (Some(ORG), Some(HOOK)));
            assert_eq!(verifier.receive(&headers, &body).await.unwrap().len(), 4);
        }
        // A data centre's JWKS is `{server}/.well-known/jwks.json`; plain http elsewhere than on
        // loopback is refused.
        assert!(Verifier::new(ORG, HOOK).unwrap().server(zoho_desk::Server::Eu).is_ok());
        assert!(Verifier::new(ORG, HOOK).unwrap().jwks_url("http://example.com/jwks.json").is_err());

        let down = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(500)).mount(&down).await;
        let verifier = Verifier::new(ORG, HOOK).unwrap().jwks_url(&format!("{}/jwks.json", down.uri())).unwrap();
        let (headers, body) = signed_request(delivery().to_string(), &keys, ORG, HOOK);
        let err = verifier.receive(&headers, &body).await.unwrap_err();
        assert_eq!(err.status().as_u16(), 503, "{err:?}");
    }
}
