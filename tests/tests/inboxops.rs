//! Conformance of the generated InboxOps client (`ixk_` keys): createTicket
//! (`POST /api/v1/tickets`) and updateTicket (`PATCH /api/v1/tickets/{id}`) on the crate's own
//! typed mock server (`inboxops::mock`), the wire asserted literally (exact bodies, encoded paths,
//! headers, the error media type).

use conformance::{assert_only_headers, response_example};
use inboxops::mock::MockServer;
use inboxops::types::{
    CreateTicketRequest, Problem, TicketPriority, TicketResponse, TicketStatus, UpdateTicketRequest,
};
use inboxops::{Client, CreateTicketError, CreateTicketParams, Error, Nullable, RetryPolicy, UpdateTicketError};
use serde::de::DeserializeOwned;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, ResponseTemplate};

const PROVIDER: &str = "inboxops";
const CREATE: &str = "/paths/~1api~1v1~1tickets/post";
const UPDATE: &str = "/paths/~1api~1v1~1tickets~1{id}/patch";

fn client(server: &MockServer) -> Client {
    server.client_builder("ixk_live_0123456789abcdef").build().expect("valid configuration")
}

fn example(operation: &str, status: &str, media: &str, name: &str) -> serde_json::Value {
    response_example(PROVIDER, operation, status, media, name)
}

/// A documented response example, decoded into its response type (what a typed stub serves).
fn typed<T: DeserializeOwned>(operation: &str, status: &str, media: &str, name: &str) -> T {
    conformance::typed(example(operation, status, media, name))
}

#[tokio::test]
async fn create_ticket_sends_bearer_key_idempotency_key_and_exact_body() {
    let server = MockServer::start().await;
    let params = CreateTicketParams::default().idempotency_key("create-42");
    let created: TicketResponse = typed(CREATE, "201", "application/json", "documented");
    server
        .create_ticket()
        .params(&params)
        .and(path("/api/v1/tickets"))
        .and(header("authorization", "Bearer ixk_live_0123456789abcdef"))
        .and(header("idempotency-key", "create-42"))
        .and(body_json(json!({
            "subject": "Printer on fire",
            "priority": "urgent",
            "inbox_id": "7d4f2c1e-0b5a-4c3e-9f1d-2a6b8c0e4f11",
            "custom_fields": {"order_number": "A-17"}
        })))
        .respond_201(&created)
        .expect(1)
        .mount()
        .await;
    let mut body = CreateTicketRequest::new("Printer on fire");
    body.priority = Some(TicketPriority::Urgent);
    body.inbox_id = Some("7d4f2c1e-0b5a-4c3e-9f1d-2a6b8c0e4f11".parse().unwrap());
    body.custom_fields = Some(serde_json::from_value(json!({"order_number": "A-17"})).unwrap());
    let response = client(&server).create_ticket(&params, &body).await.expect("documented 201");
    assert_eq!(response.status, 201);
    assert!(response.body.data.ticket_number > 0);
    let requests = server.requests().await;
    assert_only_headers(&requests[0], &["authorization", "idempotency-key"]);
}

#[tokio::test]
async fn update_ticket_encodes_the_id_and_sends_set_fields_and_explicit_nulls() {
    let server = MockServer::start().await;
    let updated: TicketResponse = typed(UPDATE, "200", "application/json", "documented");
    server
        .update_ticket()
        .id("TCK/1?x#y z")
        .and(path("/api/v1/tickets/TCK%2F1%3Fx%23y%20z"))
        .and(header("authorization", "Bearer ixk_live_0123456789abcdef"))
        .and(body_json(json!({"status": "in_progress", "assignee_id": null, "remind_at": "2026-12-01T09:00:00Z"})))
        .respond_200(&updated)
        .expect(1)
        .mount()
        .await;
    let mut body = UpdateTicketRequest::default().status(TicketStatus::InProgress).remind_at("2026-12-01T09:00:00Z");
    body.assignee_id = Nullable::Null;
    let ticket = client(&server).update_ticket("TCK/1?x#y z", &body).await.expect("documented 200").into_inner().data;
    assert!(!matches!(ticket.status, TicketStatus::Unknown(_)), "the documented status is a listed value");
    let requests = server.requests().await;
    assert_only_headers(&requests[0], &["authorization"]);
}

#[tokio::test]
async fn problem_json_and_placeholder_error_bodies_both_decode() {
    let server = MockServer::start().await;
    let problem: Problem = typed(UPDATE, "404", "application/problem+json", "problem");
    let placeholder: Problem = typed(UPDATE, "400", "application/json", "placeholder");
    server.update_ticket().id("missing").respond_404(&problem).mount().await;
    server.update_ticket().id("bad").respond_400(&placeholder).mount().await;
    let client = client(&server);
    match client.update_ticket("missing", &UpdateTicketRequest::default()).await.unwrap_err() {
        Error::Api { status, body: UpdateTicketError::Status404(problem), .. } => {
            assert_eq!(status, 404);
            assert!(problem.title.is_some() || problem.type_.is_some(), "{problem:?}");
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
    match client.update_ticket("bad", &UpdateTicketRequest::default()).await.unwrap_err() {
        Error::Api { body: UpdateTicketError::Status400(problem), .. } => {
            let details = problem.details.expect("the page's 400 body lists details");
            assert!(!details.is_empty());
        }
        other => panic!("expected the documented 400, got {other:?}"),
    }
    // Error bodies are served as the spec's media type.
    let response = helpdesk_runtime::reqwest::Client::new()
        .patch(format!("{}/api/v1/tickets/missing", server.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn a_429_is_typed_with_retry_after_and_retried_when_asked() {
    // A sequence (429 once, then 201) needs wiremock's `up_to_n_times` and priorities: the
    // underlying wiremock server of the typed mock.
    let mock = MockServer::start().await;
    let server = mock.wiremock();
    let limited = example(CREATE, "429", "application/json", "placeholder");
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0").set_body_json(&limited))
        .up_to_n_times(1)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(example(
            CREATE,
            "201",
            "application/json",
            "documented",
        )))
        .mount(server)
        .await;
    let body = CreateTicketRequest::new("s");
    // Without a retry policy the 429 surfaces as a typed error carrying `retryAfter`.
    match client(&mock).create_ticket(&CreateTicketParams::default(), &body).await.unwrap_err() {
        Error::Api { status, body: CreateTicketError::Status429(problem), .. } => {
            assert_eq!(status, 429);
            assert!(problem.retry_after.is_some(), "{problem:?}");
        }
        other => panic!("expected the documented 429, got {other:?}"),
    }
    // With a policy, a POST carrying an Idempotency-Key is retried after the server's delay.
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0").set_body_json(&limited))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    let retrying = client(&mock).with_retry(Some(RetryPolicy::new(2)));
    let params = CreateTicketParams::default().idempotency_key("k-1");
    let created = retrying.create_ticket(&params, &body).await.expect("retried after the 429");
    assert_eq!(created.status, 201);
}

#[test]
fn the_key_never_shows_in_debug_output() {
    let client = Client::builder("ixk_secret_key").build().unwrap();
    assert!(!format!("{client:?}").contains("ixk_secret_key"));
}
