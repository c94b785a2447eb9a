//! Conformance of the generated Periskope client: createTicket and updateTicket on the crate's
//! own typed mock server (`periskope::mock`). What goes on the wire is still asserted literally:
//! the exact JSON body, the encoded path and every header.

use conformance::{assert_only_headers, spec_value};
use periskope::mock::MockServer;
use periskope::types::{CreateTicketBody, TicketInfo, TicketPriority, TicketStatus, UpdateTicketBody};
use periskope::{Client, Error, Nullable};
use serde_json::json;
use wiremock::matchers::{body_json, header, path};

const SPEC: &str = "periskope";

fn client(server: &MockServer) -> Client {
    server.client_builder("psk_test_token").phone("919876543210").build().expect("valid configuration")
}

fn documented_ticket_info(operation: &str) -> serde_json::Value {
    spec_value(SPEC, &format!("{operation}/responses/200/content/application~1json/examples/200 OK/value"))
}

#[tokio::test]
async fn create_ticket_sends_only_the_set_fields_with_auth_and_phone() {
    let server = MockServer::start().await;
    let example = documented_ticket_info("/paths/~1tickets~1create/post");
    // The vendor's example as sent (priority as the integer 2), not re-encoded from the type.
    server
        .create_ticket()
        .and(header("authorization", "Bearer psk_test_token"))
        .and(header("x-phone", "919876543210"))
        .and(header("content-type", "application/json"))
        // `priority` and `status` have spec defaults ('1', open): they must not be sent.
        .and(body_json(json!({"chat_id": "919537851844@c.us", "subject": "A simple subject"})))
        .respond_raw(200, serde_json::to_vec(&example).unwrap())
        .expect(1)
        .mount()
        .await;

    let body = CreateTicketBody::new("919537851844@c.us", "A simple subject");
    let response = client(&server).create_ticket(&body).await.expect("documented 200");
    assert_eq!(response.status, 200);
    let info: TicketInfo = response.into_inner();
    let ticket = info.ticket.clone().expect("the example has a ticket");
    assert_eq!(ticket.ticket_id.as_deref(), Some("BKT-001"));
    assert_eq!(
        ticket.priority,
        Some(TicketPriority::Medium),
        "responses carry priority as an integer (2), decoded leniently"
    );
    assert_eq!(ticket.raised_by, Nullable::Null);
    // The whole documented example decodes and re-encodes without loss, except that the
    // priority is written in its request form (the string "2").
    let reencoded = serde_json::to_value(&info).unwrap();
    let mut expected = example["ticket"].clone();
    expected["priority"] = json!("2");
    assert_eq!(reencoded["ticket"], expected);

    let requests = server.requests().await;
    assert_only_headers(&requests[0], &["authorization", "x-phone"]);
    // The same body, decoded into the request type.
    assert_eq!(server.received::<CreateTicketBody>().await, [body]);
}

#[tokio::test]
async fn update_ticket_encodes_the_id_and_sends_explicit_null() {
    let server = MockServer::start().await;
    let documented: TicketInfo = conformance::typed(documented_ticket_info("/paths/~1tickets~1{ticket_id}/patch"));
    server
        .update_ticket()
        .ticket_id("BKT/001?a=1#frag x")
        .and(path("/tickets/BKT%2F001%3Fa%3D1%23frag%20x"))
        .and(header("authorization", "Bearer psk_test_token"))
        .and(header("x-phone", "919876543210"))
        .and(body_json(json!({
            "status": "closed",
            "due_date": null,
            "custom_properties": {"Custom Property 1": "hello", "prop-2": 3}
        })))
        .respond_200(&documented)
        .expect(1)
        .mount()
        .await;

    let mut body = UpdateTicketBody::default().status(TicketStatus::Closed).custom_properties(
        [("Custom Property 1".to_owned(), json!("hello")), ("prop-2".to_owned(), json!(3))]
            .into_iter()
            .collect::<serde_json::Map<_, _>>(),
    );
    body.due_date = Nullable::Null;
    let info = client(&server).update_ticket("BKT/001?a=1#frag x", &body).await.expect("documented 200").into_inner();
    let ticket = info.ticket.expect("the example has a ticket");
    assert_eq!(ticket.status, Some(TicketStatus::Closed));
    assert_eq!(ticket.closed_message, Nullable::Null);
    assert_eq!(ticket.due_date.as_option().map(String::as_str), Some("2026-05-25T03:58:31+00:00"));
    let requests = server.requests().await;
    assert_only_headers(&requests[0], &["authorization", "x-phone"]);
}

#[tokio::test]
async fn an_empty_update_sends_an_empty_object() {
    let server = MockServer::start().await;
    let ticket: TicketInfo = serde_json::from_value(json!({"ticket": {"ticket_id": "BKT-001"}})).unwrap();
    server.update_ticket().ticket_id("BKT-001").and(body_json(json!({}))).respond_200(&ticket).expect(1).mount().await;
    let info = client(&server).update_ticket("BKT-001", &UpdateTicketBody::default()).await.unwrap();
    assert_eq!(info.ticket.as_ref().and_then(|t| t.ticket_id.as_deref()), Some("BKT-001"));
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let server = MockServer::start().await;
    for id in ["..", ".", ""] {
        let err = client(&server).update_ticket(id, &UpdateTicketBody::default()).await.unwrap_err();
        assert!(matches!(&err, Error::InvalidRequest(message) if message.contains("ticket_id")), "{err:?}");
    }
    assert!(server.requests().await.is_empty());
}

#[tokio::test]
async fn an_undocumented_status_keeps_status_headers_and_body() {
    let server = MockServer::start().await;
    // A response the spec does not describe, with a header.
    server.update_ticket().respond_raw(500, "boom").respond_header("x-periskope-trace-id", "t-1").mount().await;
    let err = client(&server).update_ticket("BKT-001", &UpdateTicketBody::default()).await.unwrap_err();
    match err {
        Error::UnexpectedStatus { status, headers, body } => {
            assert_eq!(status, 500);
            assert_eq!(headers["x-periskope-trace-id"], "t-1");
            assert_eq!(body, "boom");
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_that_does_not_match_the_schema_is_a_decode_error() {
    let server = MockServer::start().await;
    server.update_ticket().respond_raw(200, "{\"ticket\": {\"is_deleted\": \"maybe\"}}").mount().await;
    let err = client(&server).update_ticket("BKT-001", &UpdateTicketBody::default()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { status, excerpt, .. } if *status == 200 && excerpt.contains("is_deleted")),
        "{err:?}"
    );
}

#[test]
fn debug_output_never_shows_the_token() {
    let builder = Client::builder("psk_secret_value").phone("91");
    assert!(!format!("{builder:?}").contains("psk_secret_value"));
    let client = builder.build().unwrap();
    assert!(!format!("{client:?}").contains("psk_secret_value"));
}

#[test]
fn the_default_server_is_the_spec_server() {
    let client = Client::new("t").unwrap();
    assert_eq!(client.base_url(), "https://api.periskope.app/v1");
}
