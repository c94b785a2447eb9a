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
    CreateTicketRequest::new(vec![CreateTicketRequestContactsItem::Id("6657abe46abd0164c24b0df2".into())], "1234")
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
    let client =
        client_for(&format!("http://{addr}")).with_timeout(Duration::from_secs(5)).with_retry(Some(quick_retry(3)));
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
    let client =
        Client::builder("t").base_url(format!("http://{addr}")).timeout(Duration::from_millis(200)).build().unwrap();
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

// A server's delay that does not fit a `Duration` (`1e30` seconds) or is not a delay at all
// never panics: a huge one waits `max_backoff`, a negative or non-numeric one is ignored.
#[tokio::test]
async fn absurd_retry_after_values_are_capped_or_ignored_never_a_panic() {
    async fn case(answer: ResponseTemplate) -> (Duration, usize) {
        let server = MockServer::start().await;
        first_then(&server, "GET", "/tickets/4", answer, 1, ResponseTemplate::new(200).set_body_json(ticket("4")))
            .await;
        let policy = RetryPolicy { max_backoff: Duration::from_millis(300), ..quick_retry(2) };
        let client = client_for(&server.uri()).with_retry(Some(policy));
        let started = Instant::now();
        let response = client.get_ticket("4").await.expect("200 after one retry");
        assert_eq!(response.body.id.as_deref(), Some("4"));
        (started.elapsed(), received(&server).await)
    }
    let huge = [
        ResponseTemplate::new(429).set_body_json(json!({"type": "error.list", "retryAfter": 1e30})),
        ResponseTemplate::new(429).set_body_json(json!({"type": "error.list", "retry_after": "1e30"})),
        ResponseTemplate::new(429).insert_header("Retry-After", "1e30"),
        ResponseTemplate::new(503).insert_header("Retry-After", "99999999999999999999999999"),
    ];
    for answer in huge {
        let (elapsed, requests) = case(answer).await;
        assert_eq!(requests, 2);
        // Capped at `max_backoff` (300 ms), which the own backoff (≤ 10 ms… 300 ms) could not reach reliably:
        // at least most of it was waited, and far less than the server asked.
        assert!(elapsed >= Duration::from_millis(290) && elapsed < Duration::from_secs(5), "{elapsed:?}");
    }
    let ignored = [
        ResponseTemplate::new(429).set_body_json(json!({"retryAfter": -5})),
        ResponseTemplate::new(429).set_body_json(json!({"retryAfter": "NaN"})),
        ResponseTemplate::new(429).set_body_json(json!({"retryAfter": "inf"})),
        ResponseTemplate::new(429).set_body_json(json!({"retryAfter": "later"})),
        ResponseTemplate::new(429).insert_header("Retry-After", "-1"),
        ResponseTemplate::new(429).insert_header("Retry-After", "NaN"),
        ResponseTemplate::new(429).insert_header("Retry-After", "inf"),
        ResponseTemplate::new(429).insert_header("Retry-After", "soon"),
    ];
    for answer in ignored {
        let (elapsed, requests) = case(answer).await;
        assert_eq!(requests, 2);
        assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    }
}

const TOKEN: &str = "dG9rOmludGVyY29t";

/// Asserts that no request `server` received carries the credential `secret` in any
/// header or any of the header `names`.
async fn assert_never_saw(server: &MockServer, names: &[&str], secret: &str) {
    for request in server.received_requests().await.expect("request recording is on") {
        for (name, value) in request.headers.iter() {
            assert!(!names.iter().any(|n| n.eq_ignore_ascii_case(name.as_str())), "`{name}` reached {}", request.url);
            assert!(
                !String::from_utf8_lossy(value.as_bytes()).contains(secret),
                "the credential reached {} in `{name}`",
                request.url
            );
        }
    }
}

/// Two loopback servers: `origin` answers `verb route` with a `status` redirect to the
/// same path on `other` (another port, so another origin), which answers 200 with `body`.
async fn cross_origin_pair(verb: &str, route: &str, status: u16, body: serde_json::Value) -> (MockServer, MockServer) {
    let (origin, other) = (MockServer::start().await, MockServer::start().await);
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(ResponseTemplate::new(status).insert_header("Location", format!("{}{route}", other.uri())))
        .mount(&origin)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&other)
        .await;
    (origin, other)
}

/// A client on the shared runtime with an API-key header and a provider header, as a
/// generated client for an `apiKey`-in-header scheme builds it.
fn api_key_core(base_url: &str, redirect: helpdesk_runtime::RedirectPolicy) -> helpdesk_runtime::__private::ClientCore {
    helpdesk_runtime::__private::ClientCore::new(helpdesk_runtime::__private::ClientOptions {
        base_url: base_url.to_owned(),
        auth: Some(("X-Api-Key".to_owned(), helpdesk_runtime::Secret::new("key-5ecret"))),
        headers: vec![("X-Org-Id".to_owned(), "org-42".to_owned())],
        redirect,
        ..Default::default()
    })
    .expect("valid configuration")
}

/// PUT `/tickets/7` with a JSON body through `core`, decoding a 200 as JSON.
async fn api_key_put(
    core: &helpdesk_runtime::__private::ClientCore,
) -> Result<helpdesk_runtime::Response<serde_json::Value>, helpdesk_runtime::Error<()>> {
    use helpdesk_runtime::__private::{Decoded, Operation};
    use helpdesk_runtime::reqwest::Method;
    let request = core.json(core.request(Method::PUT, "/tickets/7"), &json!({"state": "resolved"}))?;
    let operation = Operation { id: "updateTicket", path: "/tickets/{id}" };
    core.execute(
        operation,
        request,
        |status, bytes| {
            if status == 200 {
                Decoded::json(bytes)
            } else {
                Decoded::Unexpected
            }
        },
    )
    .await
}

// By default a redirect to another origin is not followed: the call ends with
// `Error::Redirect` carrying the `Location`, and the other server sees nothing (no
// `Authorization`, no API key, no provider header, no PATCH body). Not retried either.
#[tokio::test]
async fn cross_origin_redirects_are_not_followed_by_default() {
    for status in [301, 302, 307, 308] {
        // Authorization (Bearer) and a provider header: Intercom's PUT.
        let (origin, other) = cross_origin_pair("PUT", "/tickets/7", status, ticket("7")).await;
        let client = Client::builder(TOKEN).base_url(origin.uri()).retry(quick_retry(3)).build().unwrap();
        let body = UpdateTicketRequest::default().is_shared(true);
        match client.update_ticket("7", &body).await {
            Err(Error::Redirect { status: got, location, headers }) => {
                assert_eq!(got.as_u16(), status);
                assert_eq!(location, format!("{}/tickets/7", other.uri()));
                assert!(headers.contains_key("location"));
            }
            other => panic!("{status}: expected Error::Redirect, got {other:?}"),
        }
        assert_eq!(received(&origin).await, 1, "{status}: a redirect is not retried");
        assert_eq!(received(&other).await, 0, "{status}: the other origin was contacted");

        // A PATCH with a body and a provider header: Periskope's updateTicket.
        let (origin, other) =
            cross_origin_pair("PATCH", "/tickets/BKT-1", status, json!({"ticket": {"ticket_id": "BKT-1"}})).await;
        let periskope =
            periskope::Client::builder("psk-5ecret").base_url(origin.uri()).phone("919876543210").build().unwrap();
        let body = periskope::types::UpdateTicketBody::default().assignee("a@example.com");
        let err = periskope.update_ticket("BKT-1", &body).await.unwrap_err();
        assert!(matches!(err, Error::Redirect { .. }), "{status}: {err:?}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(received(&other).await, 0, "{status}: the other origin was contacted");

        // An API-key header.
        let (origin, other) = cross_origin_pair("PUT", "/tickets/7", status, json!({"id": "7"})).await;
        let core = api_key_core(&origin.uri(), helpdesk_runtime::RedirectPolicy::default());
        match api_key_put(&core).await {
            Err(helpdesk_runtime::Error::Redirect { status: got, location, .. }) => {
                assert_eq!(got.as_u16(), status);
                assert_eq!(location, format!("{}/tickets/7", other.uri()));
            }
            other => panic!("{status}: expected Error::Redirect, got {other:?}"),
        }
        assert_eq!(received(&other).await, 0, "{status}: the other origin was contacted");
    }
}

// `RedirectPolicy::None` follows nothing, not even a redirect within the origin.
#[tokio::test]
async fn redirect_policy_none_follows_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tickets/1"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/tickets/2"))
        .mount(&server)
        .await;
    let client =
        Client::builder(TOKEN).base_url(server.uri()).redirect(intercom::RedirectPolicy::None).build().unwrap();
    match client.get_ticket("1").await {
        Err(Error::Redirect { status, location, .. }) => {
            assert_eq!((status.as_u16(), location.as_str()), (302, "/tickets/2"))
        }
        other => panic!("expected Error::Redirect, got {other:?}"),
    }
    assert_eq!(received(&server).await, 1);
}

// Redirects within the origin keep working, with credentials, provider headers and body.
#[tokio::test]
async fn same_origin_redirects_are_followed_with_credentials() {
    for status in [301, 302, 307, 308] {
        for absolute in [false, true] {
            let server = MockServer::start().await;
            let location = if absolute { format!("{}/tickets/8", server.uri()) } else { "/tickets/8".to_owned() };
            Mock::given(method("PUT"))
                .and(path("/tickets/7"))
                .respond_with(ResponseTemplate::new(status).insert_header("Location", location))
                .mount(&server)
                .await;
            Mock::given(method("PUT"))
                .and(path("/tickets/8"))
                .respond_with(ResponseTemplate::new(200).set_body_json(ticket("8")))
                .mount(&server)
                .await;
            let client = Client::builder(TOKEN).base_url(server.uri()).build().unwrap();
            let body = UpdateTicketRequest::default().is_shared(true);
            let response = client.update_ticket("7", &body).await.unwrap_or_else(|err| panic!("{status}: {err}"));
            assert_eq!(response.body.id.as_deref(), Some("8"));
            let requests = server.received_requests().await.unwrap();
            assert_eq!(requests.len(), 2, "{status}");
            let followed = &requests[1];
            assert_eq!(followed.url.path(), "/tickets/8");
            assert_eq!(followed.headers.get("authorization").unwrap(), &format!("Bearer {TOKEN}"));
            assert_eq!(followed.headers.get("intercom-version").unwrap(), "2.9");
            assert_eq!(followed.body, requests[0].body, "{status}: the body was not repeated");
            assert_eq!(
                serde_json::from_slice::<serde_json::Value>(&followed.body).unwrap(),
                json!({"is_shared": true})
            );
        }
    }
    // The same with an API-key header.
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/tickets/7"))
        .respond_with(ResponseTemplate::new(308).insert_header("Location", "/v2/tickets/7"))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/v2/tickets/7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "7"})))
        .mount(&server)
        .await;
    let response = api_key_put(&api_key_core(&server.uri(), helpdesk_runtime::RedirectPolicy::SameOrigin))
        .await
        .expect("200 after the redirect");
    assert_eq!(response.body, json!({"id": "7"}));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[1].headers.get("x-api-key").unwrap(), "key-5ecret");
    assert_eq!(requests[1].headers.get("x-org-id").unwrap(), "org-42");
}

// Opt-in: a redirect to another origin is followed, without any credential or provider header.
#[tokio::test]
async fn cross_origin_redirects_are_followed_without_credentials_when_asked() {
    use intercom::RedirectPolicy;
    for status in [301, 302, 307, 308] {
        let (origin, other) = cross_origin_pair("PUT", "/tickets/7", status, ticket("7")).await;
        let client = Client::builder(TOKEN)
            .base_url(origin.uri())
            .redirect(RedirectPolicy::CrossOriginWithoutCredentials)
            .build()
            .unwrap();
        let body = UpdateTicketRequest::default().is_shared(true);
        let response = client.update_ticket("7", &body).await.unwrap_or_else(|err| panic!("{status}: {err}"));
        assert_eq!(response.body.id.as_deref(), Some("7"));
        let requests = other.received_requests().await.unwrap();
        assert_eq!(requests.len(), 1, "{status}");
        // 301/302 change only a POST into a GET; a PUT stays a PUT with its body.
        assert_eq!(requests[0].method.as_str(), "PUT", "{status}");
        assert_eq!(serde_json::from_slice::<serde_json::Value>(&requests[0].body).unwrap(), json!({"is_shared": true}));
        conformance::assert_only_headers(&requests[0], &[]);
        assert_never_saw(&other, &["authorization", "intercom-version"], TOKEN).await;

        let (origin, other) =
            cross_origin_pair("PATCH", "/tickets/BKT-1", status, json!({"ticket": {"ticket_id": "BKT-1"}})).await;
        let periskope = periskope::Client::builder("psk-5ecret")
            .base_url(origin.uri())
            .phone("919876543210")
            .redirect(periskope::RedirectPolicy::CrossOriginWithoutCredentials)
            .build()
            .unwrap();
        let body = periskope::types::UpdateTicketBody::default().assignee("a@example.com");
        periskope.update_ticket("BKT-1", &body).await.unwrap_or_else(|err| panic!("{status}: {err}"));
        let requests = other.received_requests().await.unwrap();
        assert_eq!((requests.len(), requests[0].method.as_str()), (1, "PATCH"), "{status}");
        conformance::assert_only_headers(&requests[0], &[]);
        assert_never_saw(&other, &["authorization", "x-phone"], "psk-5ecret").await;

        let (origin, other) = cross_origin_pair("PUT", "/tickets/7", status, json!({"id": "7"})).await;
        let core = api_key_core(&origin.uri(), RedirectPolicy::CrossOriginWithoutCredentials);
        api_key_put(&core).await.unwrap_or_else(|err| panic!("{status}: {err}"));
        assert_eq!(received(&other).await, 1);
        conformance::assert_only_headers(&other.received_requests().await.unwrap()[0], &[]);
        assert_never_saw(&other, &["x-api-key", "x-org-id"], "key-5ecret").await;
        // The origin itself saw the credential, once.
        let first = &origin.received_requests().await.unwrap()[0];
        assert_eq!(first.headers.get("x-api-key").unwrap(), "key-5ecret");
    }
}

// Once stripped, credentials stay off, also when the other origin redirects back.
#[tokio::test]
async fn credentials_stay_off_after_a_cross_origin_hop() {
    let (origin, other) = (MockServer::start().await, MockServer::start().await);
    Mock::given(method("GET"))
        .and(path("/tickets/1"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", format!("{}/hop", other.uri())))
        .mount(&origin)
        .await;
    Mock::given(method("GET"))
        .and(path("/hop"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", format!("{}/tickets/2", origin.uri())))
        .mount(&other)
        .await;
    Mock::given(method("GET"))
        .and(path("/tickets/2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(ticket("2")))
        .mount(&origin)
        .await;
    let client = Client::builder(TOKEN)
        .base_url(origin.uri())
        .redirect(intercom::RedirectPolicy::CrossOriginWithoutCredentials)
        .build()
        .unwrap();
    let response = client.get_ticket("1").await.expect("200 after two hops");
    assert_eq!(response.body.id.as_deref(), Some("2"));
    let requests = origin.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert!(requests[0].headers.contains_key("authorization"));
    assert!(
        !requests[1].headers.contains_key("authorization"),
        "the token came back after a hop through another origin"
    );
    assert_never_saw(&other, &["authorization", "intercom-version"], TOKEN).await;
}

// A body over the configured limit is an error, whether the server announces its length or not.
#[tokio::test]
async fn a_body_over_the_limit_is_body_too_large() {
    let server = MockServer::start().await;
    let big = json!({"type": "ticket", "id": "6", "ticket_attributes": {"_default_title_": "x".repeat(64 * 1024)}});
    Mock::given(method("GET"))
        .and(path("/tickets/6"))
        .respond_with(ResponseTemplate::new(200).set_body_json(big))
        .mount(&server)
        .await;
    let small = serde_json::to_vec(&ticket("5")).unwrap();
    Mock::given(method("GET"))
        .and(path("/tickets/5"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(small.clone(), "application/json"))
        .mount(&server)
        .await;
    let client =
        Client::builder(TOKEN).base_url(server.uri()).max_response_bytes(4096).retry(quick_retry(3)).build().unwrap();
    match client.get_ticket("6").await {
        Err(Error::BodyTooLarge { status, limit, .. }) => {
            assert_eq!((status.as_u16(), limit), (200, 4096))
        }
        other => panic!("expected Error::BodyTooLarge, got {other:?}"),
    }
    assert_eq!(received(&server).await, 1, "a body over the limit is not retried");
    // Exactly at the limit is fine; one byte less is not.
    let limit = small.len() as u64;
    let at = Client::builder(TOKEN).base_url(server.uri()).max_response_bytes(limit).build().unwrap();
    assert_eq!(at.get_ticket("5").await.expect("at the limit").body.id.as_deref(), Some("5"));
    let under = Client::builder(TOKEN).base_url(server.uri()).max_response_bytes(limit - 1).build().unwrap();
    assert!(matches!(under.get_ticket("5").await, Err(Error::BodyTooLarge { .. })));
}

// A chunked body without `Content-Length` is read only up to the limit: the client stops
// reading and drops the connection while the server is still sending.
#[tokio::test]
async fn an_endless_chunked_body_is_not_buffered_past_the_limit() {
    const SENT_AT_MOST: usize = 1 << 30;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (done, written) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        read_head(&mut stream);
        let head =
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n[\"x\"\r\n";
        let mut total = 0;
        if stream.write_all(head).is_ok() {
            let chunk = format!("4000\r\n{}\r\n", ",\"x\"".repeat(4096));
            while total < SENT_AT_MOST && stream.write_all(chunk.as_bytes()).is_ok() {
                total += 16 * 1024;
            }
        }
        let _ = done.send(total);
    });
    let client = Client::builder(TOKEN)
        .base_url(format!("http://{addr}"))
        .max_response_bytes(64 * 1024)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    match client.get_ticket("1").await {
        Err(Error::BodyTooLarge { status, limit, headers }) => {
            assert_eq!((status.as_u16(), limit), (200, 64 * 1024));
            assert!(!headers.contains_key("content-length"));
        }
        other => panic!("expected Error::BodyTooLarge, got {other:?}"),
    }
    drop(client);
    // Waited for off the runtime, which meanwhile closes the dropped connection.
    let total = tokio::task::spawn_blocking(move || written.recv_timeout(Duration::from_secs(20)))
        .await
        .unwrap()
        .expect("the server stopped sending");
    // What the server got out before it noticed is the limit plus socket buffers, far from 1 GiB.
    assert!(total < 64 << 20, "the server sent {total} bytes before the client stopped reading");
}

// Every request says what it accepts and which crate sends it.
#[tokio::test]
async fn requests_carry_accept_json_and_the_crate_as_user_agent() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(ticket("3"))).mount(&server).await;
    client_for(&server.uri()).get_ticket("3").await.expect("200");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers.get("accept").unwrap(), "application/json");
    // The crate's own name and version, as its manifest states them.
    let manifest: toml::Table = include_str!("../../generated/intercom/Cargo.toml").parse().unwrap();
    let version = manifest["package"]["version"].as_str().unwrap();
    assert_eq!(requests[0].headers.get("user-agent").unwrap(), format!("intercom/{version}").as_str());
    assert!(!requests[0].headers.contains_key("accept-encoding"), "compression is off");
}

// Control characters from a server do not reach a terminal through `Display`.
#[tokio::test]
async fn error_messages_escape_control_characters_from_the_server() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_raw("\u{1b}[2J\u{1b}]0;owned\u{7}oops", "text/plain"))
        .mount(&server)
        .await;
    let err = client_for(&server.uri()).get_ticket("1").await.unwrap_err();
    let message = err.to_string();
    assert!(!message.chars().any(char::is_control), "{message:?}");
    assert!(message.contains(r"\u{1b}[2J\u{1b}]0;owned\u{7}oops"), "{message}");
    match err {
        Error::UnexpectedStatus { body, .. } => {
            assert_eq!(body, "\u{1b}[2J\u{1b}]0;owned\u{7}oops", "the field keeps the body as sent")
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
}
