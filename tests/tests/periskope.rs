//! Conformance of the generated Periskope client: createTicket, updateTicket, getTickets (and its
//! `get_tickets_items` stream) and getTicketById on the crate's own typed mock server
//! (`periskope::mock`). What goes on the wire is still asserted literally: the method, the exact
//! JSON body, the encoded path, the query and every header.

use conformance::{assert_only_headers, spec_value};
use futures::StreamExt;
use helpdesk_runtime::futures;
use periskope::mock::MockServer;
use periskope::types::{
    CreateTicketBody, Ticket, TicketInfo, TicketList, TicketPriority, TicketStatus, UpdateTicketBody,
};
use periskope::{Client, Error, GetTicketsParams, Nullable};
use serde_json::json;
use wiremock::matchers::{body_json, header, path, query_param};

const SPEC: &str = "periskope";

fn client(server: &MockServer) -> Client {
    server.client_builder("psk_test_token").phone("919876543210").build().expect("valid configuration")
}

fn documented_200(operation: &str) -> serde_json::Value {
    spec_value(SPEC, &format!("{operation}/responses/200/content/application~1json/examples/200 OK/value"))
}

#[tokio::test]
async fn create_ticket_sends_only_the_set_fields_with_auth_and_phone() {
    let server = MockServer::start().await;
    let example = documented_200("/paths/~1tickets~1create/post");
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
    let documented: TicketInfo = conformance::typed(documented_200("/paths/~1tickets~1{ticket_id}/patch"));
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
async fn get_tickets_sends_offset_and_limit_and_decodes_the_documented_page() {
    let server = MockServer::start().await;
    let documented: TicketList = conformance::typed(documented_200("/paths/~1tickets/get"));
    let params = GetTicketsParams::default().offset(4).limit(2);
    server
        .get_tickets()
        .params(&params)
        .and(path("/tickets"))
        .and(query_param("offset", "4"))
        .and(query_param("limit", "2"))
        .and(header("authorization", "Bearer psk_test_token"))
        .and(header("x-phone", "919876543210"))
        .respond_200(&documented)
        .expect(1)
        .mount()
        .await;

    let response = client(&server).get_tickets(&params).await.expect("documented 200");
    assert_eq!(response.status, 200);
    let page = response.into_inner();
    assert_eq!((page.count, page.from, page.to), (Some(2), Some(1), Some(2)));
    let tickets = page.tickets.expect("the example lists tickets");
    let ids: Vec<_> = tickets.iter().map(|t| t.ticket_id.as_deref()).collect();
    assert_eq!(ids, [Some("BKT-002"), Some("BKT-001")]);
    assert_eq!(tickets[0].status, Some(TicketStatus::Inprogress));
    assert_eq!(tickets[1].assignee.as_option().map(String::as_str), Some("bharat@periskope.app"));
    assert_eq!(tickets[0].assigned_by, Nullable::Null);
    // The page lists priority 0, which the create/update pages do not name (1–4): kept as is.
    assert_eq!(tickets[0].priority, Some(TicketPriority::Unknown("0".to_owned())));

    let requests = server.requests().await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method.as_str(), "GET");
    assert_eq!(requests[0].url.path(), "/tickets");
    assert_eq!(requests[0].url.query(), Some("offset=4&limit=2"));
    assert!(requests[0].body.is_empty(), "a GET sends no body");
    assert_only_headers(&requests[0], &["authorization", "x-phone"]);
}

#[tokio::test]
async fn get_tickets_without_params_sends_no_query() {
    let server = MockServer::start().await;
    server.get_tickets().respond_200(&TicketList::default().tickets(vec![])).expect(1).mount().await;
    let page = client(&server).get_tickets(&GetTicketsParams::default()).await.unwrap().into_inner();
    assert_eq!(page.tickets, Some(vec![]));
    let requests = server.requests().await;
    assert_eq!(requests[0].url.query(), None, "offset and limit are sent only when set");
}

#[tokio::test]
async fn get_tickets_items_walks_three_pages_by_offset() {
    let server = MockServer::start().await;
    let ticket = |n: u32| Ticket::default().ticket_id(format!("BKT-{n:03}"));
    // Three pages of two (the last one short): `offset` moves by the tickets received.
    let pages: Vec<TicketList> = [vec![ticket(1), ticket(2)], vec![ticket(3), ticket(4)], vec![ticket(5)]]
        .into_iter()
        .map(|tickets| TicketList::default().count(tickets.len() as i64).tickets(tickets))
        .collect();
    let params = GetTicketsParams::default().limit(2);
    server
        .get_tickets()
        .params(&params)
        .and(path("/tickets"))
        .and(query_param("limit", "2"))
        .and(header("authorization", "Bearer psk_test_token"))
        .and(header("x-phone", "919876543210"))
        .expect(1)
        .respond_pages(&pages)
        .await;

    let client = client(&server);
    let mut stream = Box::pin(client.get_tickets_items(&params));
    let mut ids = Vec::new();
    while let Some(ticket) = stream.next().await {
        ids.push(ticket.expect("each page decodes").ticket_id.expect("listed tickets have ids"));
    }
    assert_eq!(ids, ["BKT-001", "BKT-002", "BKT-003", "BKT-004", "BKT-005"]);

    let requests = server.requests().await;
    let offsets: Vec<Option<String>> = requests
        .iter()
        .map(|request| request.url.query_pairs().find(|(name, _)| name == "offset").map(|(_, v)| v.into_owned()))
        .collect();
    assert_eq!(offsets, [None, Some("2".to_owned()), Some("4".to_owned())], "three pages, each requested once");
    for request in &requests {
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(request.url.path(), "/tickets");
        assert_only_headers(request, &["authorization", "x-phone"]);
    }
}

#[tokio::test]
async fn get_ticket_by_id_encodes_the_id_and_decodes_a_ticket_info() {
    let server = MockServer::start().await;
    // The get-ticket-by-id page's example as far as the retrieved copy of the page goes: it
    // breaks off inside `message`, so the example is not in the spec; its `attached_messages`
    // and `chat` are these, verbatim.
    let mut info: TicketInfo = conformance::typed(json!({
        "attached_messages": [],
        "chat": {
            "chat_id": "919537851844@c.us",
            "chat_image": "https://storage.googleapis.com/periskope-images/2997dd64-89bf-48d3-9a22-b314fca017e5%2F919537851844%40c.us.jpg?timestamp=1737689973340",
            "chat_labels": "chatlabel1, chatlabel2",
            "chat_name": "BK Local1",
            "chat_type": "user",
            "created_at": "2025-01-18T14:51:03+00:00",
            "custom_properties": {
                "Custom Property 1": "hello"
            },
            "group_description": null,
            "invite_link": null,
            "is_muted": false,
            "members": {
                "918527184400@c.us": {
                    "chat_id": "919537851844@c.us",
                    "contact_color": "#FA6533",
                    "contact_id": "918527184400@c.us",
                    "contact_image": "https://storage.googleapis.com/periskope-images/2997dd64-89bf-48d3-9a22-b314fca017e5%2F918527184400%40c.us.jpg?timestamp=1737690126280",
                    "contact_labels": "",
                    "contact_name": "Support",
                    "is_admin": true,
                    "is_internal": true,
                    "is_super_admin": true,
                    "org_id": "2997dd64-89bf-48d3-9a22-b314fca017e5",
                    "org_phone": "918527184400@c.us"
                },
                "919537851844@c.us": {
                    "chat_id": "919537851844@c.us",
                    "contact_color": "#B4876E",
                    "contact_id": "919537851844@c.us",
                    "contact_image": "https://storage.googleapis.com/periskope-images/2997dd64-89bf-48d3-9a22-b314fca017e5%2F919537851844%40c.us.jpg?timestamp=1737689973340",
                    "contact_labels": "label1, label2",
                    "contact_name": "BK Local1",
                    "is_admin": true,
                    "is_internal": false,
                    "is_super_admin": true,
                    "org_id": "2997dd64-89bf-48d3-9a22-b314fca017e5",
                    "org_phone": "918527184400@c.us"
                }
            },
            "org_id": "2997dd64-89bf-48d3-9a22-b314fca017e5",
            "org_phone": "918527184400@c.us"
        }
    }));
    // Its ticket: the documented update-ticket response's (the same ticket info object).
    let documented: TicketInfo = conformance::typed(documented_200("/paths/~1tickets~1{ticket_id}/patch"));
    info.ticket = documented.ticket;
    server
        .get_ticket_by_id()
        .ticket_id("BKT/001 x")
        .and(path("/tickets/BKT%2F001%20x"))
        .and(header("authorization", "Bearer psk_test_token"))
        .and(header("x-phone", "919876543210"))
        .respond_200(&info)
        .expect(1)
        .mount()
        .await;

    let response = client(&server).get_ticket_by_id("BKT/001 x").await.expect("documented 200");
    assert_eq!(response.status, 200);
    let got = response.into_inner();
    assert_eq!(got, info);
    assert_eq!(got.attached_messages, Some(vec![]));
    let chat = got.chat.expect("the example has a chat");
    assert_eq!(chat["chat_labels"], "chatlabel1, chatlabel2");
    assert_eq!(got.ticket.and_then(|t| t.status), Some(TicketStatus::Closed));

    let requests = server.requests().await;
    assert_eq!(requests[0].method.as_str(), "GET");
    assert_eq!(requests[0].url.query(), None);
    assert!(requests[0].body.is_empty(), "a GET sends no body");
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
