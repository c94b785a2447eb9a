//! Resilience of the shared runtime as the generated clients use it, on loopback servers:
//! retries (`Retry-After` header and body field, 5xx, attempt limits, non-idempotent
//! methods), broken connections, timeouts, bodies that are not what the spec says,
//! concurrency through one cloned client, and response headers.
//!
//! Every wait is bounded: the slowest test waits on a one-second `Retry-After`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use intercom::types::{CreateTicketRequest, CreateTicketRequestContactsItem, UpdateTicketRequest};
use intercom::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Retries with waits short enough not to matter when the server gives no delay.
fn quick_retry(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(20),
        retry_non_idempotent: false,
    }
}

fn client_for(base_url: &str) -> Client {
    Client::builder("dG9rOmludGVyY29t").base_url(base_url).build().expect("valid configuration")
}

fn ticket(id: &str) -> serde_json::Value {
    json!({"type": "ticket", "id": id, "ticket_id": "1", "ticket_state": "submitted"})
}

fn create_body() -> CreateTicketRequest {
    CreateTicketRequest {
        ticket_type_id: "1234".into(),
        contacts: vec![CreateTicketRequestContactsItem::Id("6657abe46abd0164c24b0df2".into())],
        company_id: None,
        ticket_attributes: None,
    }
}

/// Mounts `first` for the first `times` matching requests, then `then` (a lower priority).
async fn first_then(
    server: &MockServer,
    verb: &str,
    route: &str,
    first: ResponseTemplate,
    times: u64,
    then: ResponseTemplate,
) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method(verb)).and(path(route)).respond_with(then).with_priority(2).mount(server).await;
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.expect("request recording is on").len()
}

// 429 + `Retry-After: 1`, then 200: one retry, after the server's delay.
#[tokio::test]
async fn a_429_with_retry_after_is_retried_once_after_the_given_delay() {
    let server = MockServer::start().await;
    first_then(
        &server,
        "PUT",
        "/tickets/7",
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
        1,
        ResponseTemplate::new(200).set_body_json(ticket("7")),
    )
    .await;
    // The default policy: its own backoff before a second attempt is at most 200 ms,
    // so a wait of a second can only come from the header.
    let client = Client::builder("t").base_url(server.uri()).retry(RetryPolicy::default()).build().unwrap();
    let started = Instant::now();
    let response = client.update_ticket("7", &UpdateTicketRequest::default()).await.expect("200 after one retry");
    let elapsed = started.elapsed();
    assert_eq!(response.status, 200);
    assert_eq!(response.body.id.as_deref(), Some("7"));
    assert_eq!(received(&server).await, 2, "exactly one retry");
    assert!(elapsed >= Duration::from_millis(950), "Retry-After: 1 was not waited for ({elapsed:?})");
    assert!(elapsed < Duration::from_secs(5), "waited far longer than asked ({elapsed:?})");
}

// A server's delay is capped at `max_backoff`: a `Retry-After: 30` does not stall the caller.
#[tokio::test]
async fn retry_after_is_capped_at_max_backoff() {
    let server = MockServer::start().await;
    first_then(
        &server,
        "GET",
        "/tickets/8",
        ResponseTemplate::new(503).insert_header("Retry-After", "30"),
        1,
        ResponseTemplate::new(200).set_body_json(ticket("8")),
    )
    .await;
    let policy = RetryPolicy { max_backoff: Duration::from_millis(100), ..quick_retry(2) };
    let client = client_for(&server.uri()).with_retry(Some(policy));
    let started = Instant::now();
    client.get_ticket("8").await.expect("200 after one retry");
    let elapsed = started.elapsed();
    assert_eq!(received(&server).await, 2);
    assert!(elapsed >= Duration::from_millis(95) && elapsed < Duration::from_secs(5), "{elapsed:?}");
}

// 429 whose JSON body says how long to wait (no header): both spellings are honoured.
#[tokio::test]
async fn a_429_with_retry_after_in_the_json_body_waits_that_long() {
    async fn case(field: &str) -> (Duration, usize) {
        let server = MockServer::start().await;
        first_then(
            &server,
            "GET",
            "/tickets/9",
            ResponseTemplate::new(429).set_body_json(json!({"type": "error.list", field: 1})),
            1,
            ResponseTemplate::new(200).set_body_json(ticket("9")),
        )
        .await;
        // Backoff of its own is at most 10 ms before the second attempt, and a server's
        // delay is capped at `max_backoff` (2 s): a second's wait comes from the body.
        let policy = RetryPolicy { max_backoff: Duration::from_secs(2), ..quick_retry(3) };
        let client = client_for(&server.uri()).with_retry(Some(policy));
        let started = Instant::now();
        let response = client.get_ticket("9").await.expect("200 after one retry");
        assert_eq!(response.body.id.as_deref(), Some("9"));
        (started.elapsed(), received(&server).await)
    }
    let ((camel, camel_requests), (snake, snake_requests)) = tokio::join!(case("retryAfter"), case("retry_after"));
    assert_eq!((camel_requests, snake_requests), (2, 2), "exactly one retry each");
    assert!(camel >= Duration::from_millis(950), "`retryAfter: 1` was not waited for ({camel:?})");
    assert!(snake >= Duration::from_millis(950), "`retry_after: 1` was not waited for ({snake:?})");
}

// 503, 503, 200: three attempts succeed; two attempts end with the 503.
#[tokio::test]
async fn a_503_is_retried_up_to_max_attempts() {
    let server = MockServer::start().await;
    first_then(
        &server,
        "PUT",
        "/tickets/5",
        ResponseTemplate::new(503).set_body_string("busy"),
        2,
        ResponseTemplate::new(200).set_body_json(ticket("5")),
    )
    .await;
    let client = client_for(&server.uri()).with_retry(Some(quick_retry(3)));
    let response = client.update_ticket("5", &UpdateTicketRequest::default()).await.expect("200 on the third attempt");
    assert_eq!(response.body.id.as_deref(), Some("5"));
    assert_eq!(received(&server).await, 3);

    let server = MockServer::start().await;
    first_then(
        &server,
        "PUT",
        "/tickets/5",
        ResponseTemplate::new(503).set_body_string("busy").insert_header("X-RateLimit-Remaining", "0"),
        2,
        ResponseTemplate::new(200).set_body_json(ticket("5")),
    )
    .await;
    let client = Client::builder("t").base_url(server.uri()).retry(quick_retry(2)).build().unwrap();
    match client.update_ticket("5", &UpdateTicketRequest::default()).await {
        Err(Error::UnexpectedStatus { status, headers, body }) => {
            assert_eq!(status, 503);
            assert_eq!(body, "busy");
            // The headers of the last answer come with the error.
            assert_eq!(headers.get("x-ratelimit-remaining").and_then(|v| v.to_str().ok()), Some("0"));
        }
        other => panic!("expected the 503 as UnexpectedStatus after 2 attempts, got {other:?}"),
    }
    assert_eq!(received(&server).await, 2, "max_attempts 2 means one retry");
}

// POST and PATCH are not retried unless the policy allows it.
#[tokio::test]
async fn non_idempotent_requests_are_retried_only_when_allowed() {
    let server = MockServer::start().await;
    first_then(
        &server,
        "POST",
        "/tickets",
        ResponseTemplate::new(503),
        1,
        ResponseTemplate::new(200).set_body_json(ticket("11")),
    )
    .await;
    let client = client_for(&server.uri()).with_retry(Some(quick_retry(3)));
    match client.create_ticket(&create_body()).await {
        Err(Error::UnexpectedStatus { status, .. }) => assert_eq!(status, 503),
        other => panic!("expected the first 503, got {other:?}"),
    }
    assert_eq!(received(&server).await, 1, "a POST was retried although the policy does not allow it");

    server.reset().await;
    first_then(
        &server,
        "POST",
        "/tickets",
        ResponseTemplate::new(503),
        1,
        ResponseTemplate::new(200).set_body_json(ticket("11")),
    )
    .await;
    let client = client.with_retry(Some(quick_retry(3).retry_non_idempotent(true)));
    let response = client.create_ticket(&create_body()).await.expect("200 after one retry");
    assert_eq!(response.body.id.as_deref(), Some("11"));
    assert_eq!(received(&server).await, 2);

    // Periskope's updateTicket is a PATCH: not retried by default either.
    let server = MockServer::start().await;
    first_then(
        &server,
        "PATCH",
        "/tickets/BKT-1",
        ResponseTemplate::new(503),
        1,
        ResponseTemplate::new(200).set_body_json(json!({"ticket": {"ticket_id": "BKT-1"}})),
    )
    .await;
    let periskope = periskope::Client::builder("psk")
        .base_url(server.uri())
        .phone("919876543210")
        .retry(quick_retry(3))
        .build()
        .unwrap();
    let err = periskope.update_ticket("BKT-1", &periskope::types::UpdateTicketBody::default()).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(received(&server).await, 1, "a PATCH was retried although the policy does not allow it");
}

/// A raw HTTP/1.1 server on 127.0.0.1 that answers every connection with `answer`
/// (after reading the request head) and closes it; counts connections.
fn raw_server(answer: &'static [u8]) -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            counter.fetch_add(1, Ordering::SeqCst);
            read_head(&mut stream);
            let _ = stream.write_all(answer);
            let _ = stream.flush();
            // Dropping the stream closes the connection, 90 bytes short.
        }
    });
    (addr, connections)
}

fn read_head(stream: &mut TcpStream) {
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
}

const SHORT_BODY: &[u8] =
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"type\":\"t";

// The connection closes mid-body: a transport error, not a decode error or a hang.
#[tokio::test]
async fn a_connection_closed_mid_body_is_a_transport_error() {
    let (addr, connections) = raw_server(SHORT_BODY);
    let client = client_for(&format!("http://{addr}")).with_timeout(Duration::from_secs(5));
    match client.get_ticket("1").await {
        Err(Error::Transport(err)) => assert!(!err.is_timeout(), "{err}"),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    assert_eq!(connections.load(Ordering::SeqCst), 1);

    // With a policy, a failed body read is retried (GET is idempotent), and the last
    // failure is reported as it is.
    let (addr, connections) = raw_server(SHORT_BODY);
    let client = client_for(&format!("http://{addr}")).with_timeout(Duration::from_secs(5)).with_retry(Some(quick_retry(3)));
    match client.get_ticket("1").await {
        Err(Error::Transport(_)) => {}
        other => panic!("expected Error::Transport after 3 attempts, got {other:?}"),
    }
    assert_eq!(connections.load(Ordering::SeqCst), 3);
}

// A server that accepts but never answers: the timeout fires.
#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut open = Vec::new();
        for stream in listener.incoming() {
            // Held open, never answered, until the test process ends.
            open.push(stream);
        }
    });
    let client = Client::builder("t")
        .base_url(format!("http://{addr}"))
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    match client.get_ticket("1").await {
        Err(Error::Timeout(err)) => assert!(err.is_timeout()),
        other => panic!("expected Error::Timeout, got {other:?}"),
    }
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(190) && elapsed < Duration::from_secs(3), "{elapsed:?}");
}

// Bodies that are not what the spec says.
#[tokio::test]
async fn html_truncated_json_and_empty_bodies_are_errors_not_panics() {
    let server = MockServer::start().await;
    let html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
    Mock::given(method("GET"))
        .and(path("/tickets/html"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(html, "text/html"))
        .mount(&server)
        .await;
    let truncated = r#"{"type":"ticket","id":"1","ticket_attributes":{"_default_title_":"Print"#;
    Mock::given(method("GET"))
        .and(path("/tickets/truncated"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(truncated, "application/json"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/tickets/empty"))
        .respond_with(ResponseTemplate::new(200).insert_header("content-type", "application/json"))
        .mount(&server)
        .await;
    let client = client_for(&server.uri());

    match client.get_ticket("html").await {
        Err(Error::UnexpectedStatus { status, body, .. }) => {
            assert_eq!(status, 502);
            assert_eq!(body, html);
        }
        other => panic!("expected the 502 as UnexpectedStatus with its HTML, got {other:?}"),
    }
    match client.get_ticket("truncated").await {
        Err(Error::Decode { status, excerpt, source, .. }) => {
            assert_eq!(status, 200);
            assert_eq!(excerpt, truncated, "the excerpt is the body (shorter than 200 characters)");
            assert!(source.is_eof(), "{source}");
        }
        other => panic!("expected Error::Decode for truncated JSON, got {other:?}"),
    }
    match client.get_ticket("empty").await {
        Err(Error::Decode { status, excerpt, .. }) => {
            assert_eq!(status, 200);
            assert_eq!(excerpt, "");
        }
        other => panic!("expected Error::Decode for an empty 200, got {other:?}"),
    }
    assert_eq!(received(&server).await, 3, "nothing was retried without a policy");
}

// One client, cloned into 500 concurrent tasks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_concurrent_calls_through_one_cloned_client() {
    const CALLS: usize = 500;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::path_regex(r"^/tickets/\d+$"))
        .respond_with(|request: &wiremock::Request| {
            let id = request.url.path().rsplit('/').next().unwrap().to_owned();
            ResponseTemplate::new(200).set_body_json(ticket(&id))
        })
        .expect(CALLS as u64)
        .mount(&server)
        .await;
    let client = client_for(&server.uri()).with_timeout(Duration::from_secs(20));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..CALLS {
        let client = client.clone();
        tasks.spawn(async move { (i, client.get_ticket(&i.to_string()).await) });
    }
    let mut ok = 0;
    while let Some(joined) = tasks.join_next().await {
        let (i, result) = joined.expect("no task panicked");
        let response = result.unwrap_or_else(|err| panic!("call {i} failed: {err}"));
        // Each answer is the one for its own request.
        assert_eq!(response.body.id, Some(i.to_string()));
        ok += 1;
    }
    assert_eq!(ok, CALLS);
    assert_eq!(received(&server).await, CALLS);
}

// Headers the spec does not model are readable on a successful response.
#[tokio::test]
async fn response_headers_are_available() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tickets/3"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(ticket("3"))
                .insert_header("X-RateLimit-Limit", "1000")
                .insert_header("X-RateLimit-Remaining", "998"),
        )
        .mount(&server)
        .await;
    let response = client_for(&server.uri()).get_ticket("3").await.expect("200");
    let remaining = response.headers.get("X-RateLimit-Remaining").and_then(|v| v.to_str().ok()).map(str::parse::<u32>);
    assert_eq!(remaining, Some(Ok(998)));
    assert_eq!(response.headers.get("x-ratelimit-limit").map(|v| v.as_bytes()), Some(&b"1000"[..]));
    assert_eq!(response.body.id.as_deref(), Some("3"));
}
