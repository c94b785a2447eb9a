//! `helpdesk::webhooks::Receiver`: each row of the mapping table (provider event → common kind),
//! on deliveries signed in the test (Intercom and Periskope with their secrets, Zoho Desk with a
//! token minted from the runtime's test-only RSA key whose JWKS a loopback server serves).

use helpdesk::webhooks::{EventKind, ProviderEvent, Receiver};
use helpdesk::{Config, Provider, TicketStatus};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoho_desk::webhooks::testing::{signed_request, TestKeys};
use zoho_desk::webhooks::EventName;

fn config(text: &str) -> Config {
    Config::from_toml(text).unwrap()
}

#[tokio::test]
async fn intercom_topics_map_to_their_kinds() {
    let receiver =
        Receiver::from_config(&config("provider = \"intercom\"\ntoken = \"t\"\nwebhook-secret = \"client-secret\""))
            .unwrap();
    let rows = [
        ("ticket.created", EventKind::TicketCreated),
        ("ticket.note.created", EventKind::CommentAdded { public: false }),
        ("ticket.admin.replied", EventKind::CommentAdded { public: true }),
        ("ticket.contact.replied", EventKind::CommentAdded { public: true }),
        ("ticket.admin.assigned", EventKind::Assigned),
        ("ticket.team.assigned", EventKind::Assigned),
        ("ticket.contact.attached", EventKind::TicketUpdated),
        ("ticket.contact.detached", EventKind::TicketUpdated),
        ("ticket.attribute.updated", EventKind::TicketUpdated),
    ];
    for (topic, kind) in rows {
        let (headers, body) = intercom::webhooks::testing::signed_request(
            conformance::intercom_notification(topic).to_string(),
            "client-secret",
        );
        let events = receiver.receive(&headers, &body).await.unwrap();
        assert_eq!(events.len(), 1);
        let event = &events[0];
        assert_eq!((event.provider, &event.kind, event.name.as_deref()), (Provider::Intercom, &kind, Some(topic)));
        assert!(event.ticket_id.is_some() && event.ticket.is_some(), "{topic}");
        assert_eq!(event.id.as_deref(), Some("notif_ccd8a4d0-f965-11e3-a367-c779cae3e1b3"));
        assert_eq!(event.occurred_at, Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_392_731_331)));
        assert!(matches!(event.raw, ProviderEvent::Intercom(_)));
    }
    // The state: `to` from the ticket the event carries, `from` unknown (lossy).
    let (headers, body) = intercom::webhooks::testing::signed_request(
        conformance::intercom_notification("ticket.state.updated").to_string(),
        "client-secret",
    );
    let event = receiver.receive(&headers, &body).await.unwrap().remove(0);
    match event.kind {
        EventKind::StatusChanged { from: None, to: Some(_) } => {}
        other => panic!("{other:?}"),
    }
    // ping and unknown topics are Other, kept whole.
    let ping = json!({"type": "notification_event", "topic": "ping", "data": {"item": {"type": "ping"}}});
    let (headers, body) = intercom::webhooks::testing::signed_request(ping.to_string(), "client-secret");
    assert_eq!(receiver.receive(&headers, &body).await.unwrap()[0].kind, EventKind::Other);
    // A refusal keeps its status.
    let err = receiver.receive(&headers, b"{}").await.unwrap_err();
    assert_eq!(err.status().as_u16(), 401);
}

#[tokio::test]
async fn periskope_events_map_to_their_kinds() {
    let receiver = Receiver::from_config(&config(
        "provider = \"periskope\"\ntoken = \"t\"\nphone = \"1\"\nwebhook-secret = \"signing-key\"",
    ))
    .unwrap();
    let info: Value = serde_json::from_str(include_str!("../fixtures/webhooks/periskope-ticket.deleted.json")).unwrap();
    for (name, kind) in [
        ("ticket.created", EventKind::TicketCreated),
        ("ticket.updated", EventKind::TicketUpdated),
        ("ticket.deleted", EventKind::TicketDeleted),
    ] {
        let delivery = json!({"event": name, "data": info});
        let (headers, body) = periskope::webhooks::testing::signed_request(delivery.to_string(), "signing-key");
        let event = receiver.receive(&headers, &body).await.unwrap().remove(0);
        assert_eq!(event.kind, kind);
        assert_eq!(event.ticket_id.as_deref(), Some("TICKET-12345"));
        assert_eq!(event.ticket.unwrap().status, Some(TicketStatus::Open));
    }
}

#[test]
fn missing_webhook_settings_are_configuration_errors() {
    let err = Receiver::from_config(&config("provider = \"intercom\"\ntoken = \"t\"")).unwrap_err();
    assert!(err.to_string().contains("webhook-secret"), "{err}");
    let err = Receiver::from_config(&config("provider = \"zoho-desk\"\ntoken = \"t\"\norg-id = \"1\"")).unwrap_err();
    assert!(err.to_string().contains("webhook-id"), "{err}");
    assert!(Receiver::from_config(&config("provider = \"inboxops\"\ntoken = \"t\"")).is_err());
}

#[tokio::test]
async fn zoho_desk_events_of_one_delivery_all_map() {
    let jwks = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/.well-known/jwks.json"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(
                include_str!("../../codegen/runtime/tests/fixtures/test_only_jwks.json"),
                "application/json",
            ),
        )
        .expect(1)
        .mount(&jwks)
        .await;
    let verifier = zoho_desk::webhooks::Verifier::new("600", "1892").unwrap();
    let receiver = Receiver::zoho_desk(verifier.jwks_url(&format!("{}/.well-known/jwks.json", jwks.uri())).unwrap());
    receiver.prefetch().await.unwrap();

    let ticket = |status: &str| json!({"id": "1892000000042", "subject": "Printer", "status": status});
    let delivery = json!([
        {"eventType": "Ticket_Add", "orgId": "600", "eventTime": "1767225600000", "payload": ticket("Open")},
        {"eventType": "Ticket_Update", "payload": ticket("Closed"), "prevState": {"status": "Open"}},
        {"eventType": "Ticket_Update", "payload": ticket("Closed")},
        {"eventType": "Ticket_Comment_Add", "payload": {"ticketId": "1892000000042", "isPublic": false}},
        {"eventType": "Ticket_Thread_Add", "payload": {"ticketId": "1892000000042"}},
        {"eventType": "Ticket_Delete", "payload": ticket("Closed")},
        {"eventType": "Contact_Add", "payload": {"id": "9"}},
    ]);
    let keys = TestKeys::new();
    let (mut headers, body) = signed_request(delivery.to_string(), &keys, "600", "1892");
    let events = receiver.receive(&headers, &body).await.unwrap();
    let kinds: Vec<EventKind> = events.iter().map(|e| e.kind.clone()).collect();
    assert_eq!(
        kinds,
        [
            EventKind::TicketCreated,
            EventKind::StatusChanged { from: Some(TicketStatus::Open), to: Some(TicketStatus::Closed) },
            EventKind::TicketUpdated,
            EventKind::CommentAdded { public: false },
            EventKind::CommentAdded { public: true },
            EventKind::TicketDeleted,
            EventKind::Other,
        ]
    );
    assert!(events[..6].iter().all(|e| e.ticket_id.as_deref() == Some("1892000000042")), "{events:?}");
    // `eventTime` (epoch milliseconds) where the event has one; Zoho sends no delivery id.
    assert_eq!(events[0].occurred_at, Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_767_225_600)));
    assert!(events.iter().all(|e| e.id.is_none()));
    assert_eq!(events[6].name.as_deref(), Some("Contact_Add"));
    assert!(
        matches!(&events[6].raw, ProviderEvent::ZohoDesk(event) if event.event_name() == Some(EventName::ContactAdd))
    );

    // A token for another webhook is refused before the body is read.
    let (other, _) = signed_request("[]", &keys, "600", "other");
    headers.insert("x-zdesk-jwt", other["x-zdesk-jwt"].clone());
    let err = receiver.receive(&headers, b"[]").await.unwrap_err();
    assert_eq!(err.status().as_u16(), 401);
}
