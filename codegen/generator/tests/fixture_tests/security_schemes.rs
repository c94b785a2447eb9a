//! Conformance of the crate generated from `fixtures/security_schemes.yaml` (copied into that
//! crate's `tests/` by `fixture_crates_compile_and_pass_their_tests`): the token goes to the
//! query key, the credentials set through the builder's hooks go to their cookie and header, and
//! none of them appears in `Debug` output, errors or a request redirected to another origin.

use fixture_security_schemes::{Client, Error, ListItemsParams, RedirectPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "k3y-query-secret";
const SESSION: &str = "s3ssion-cookie-secret";
const BEARER: &str = "Bearer 0auth-secret";

fn client(base_url: &str) -> Client {
    Client::builder(KEY)
        .base_url(base_url)
        .cookie_credential("session", SESSION)
        .header_credential("Authorization", BEARER)
        .build()
        .unwrap()
}

/// Every text a caller could log of an error: `Display`, `Debug` and the source chain.
fn shown(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = format!("{err} {err:?}");
    let mut source = err.source();
    while let Some(inner) = source {
        text.push_str(&format!(" {inner} {inner:?}"));
        source = inner.source();
    }
    text
}

fn assert_no_secret(text: &str) {
    for secret in [KEY, SESSION, "0auth-secret"] {
        assert!(!text.contains(secret), "`{secret}` appears in: {text}");
    }
}

#[tokio::test]
async fn the_query_key_cookie_and_bearer_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .respond_with(ResponseTemplate::new(200).set_body_json(["a"]))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let items = client.list_items(&ListItemsParams::default().page(2)).await.unwrap();
    assert_eq!(items.body, ["a"]);
    let requests = server.received_requests().await.unwrap();
    let request = &requests[0];
    let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert!(query.contains(&("api_key".to_owned(), KEY.to_owned())), "{query:?}");
    assert!(query.contains(&("page".to_owned(), "2".to_owned())), "{query:?}");
    assert_eq!(request.headers.get("cookie").unwrap(), &format!("session={SESSION}"));
    assert_eq!(request.headers.get("authorization").unwrap(), BEARER);
    assert_no_secret(&format!("{client:?}"));
}

#[tokio::test]
async fn the_query_key_is_absent_from_errors() {
    // An error status: the typed error and its Display / Debug.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({"message": "bad page"})))
        .mount(&server)
        .await;
    let err = client(&server.uri()).list_items(&ListItemsParams::default()).await.unwrap_err();
    assert!(matches!(err, Error::Api { .. }), "{err:?}");
    assert_no_secret(&shown(&err));

    // A transport error: reqwest's error carries the URL, which must not show the key.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = closed.local_addr().unwrap();
    drop(closed);
    let err = client(&format!("http://{address}")).list_items(&ListItemsParams::default()).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let text = shown(&err);
    assert!(text.contains("api_key"), "the URL is still there, redacted: {text}");
    assert_no_secret(&text);

    // A timeout.
    let slow = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(5)))
        .mount(&slow)
        .await;
    let impatient =
        Client::builder(KEY).base_url(slow.uri()).timeout(std::time::Duration::from_millis(100)).build().unwrap();
    let err = impatient.list_items(&ListItemsParams::default()).await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert_no_secret(&shown(&err));
}

#[tokio::test]
async fn no_credential_follows_a_redirect_to_another_origin() {
    let (first, other) = (MockServer::start().await, MockServer::start().await);
    Mock::given(method("GET"))
        .and(path("/items"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", format!("{}/moved", other.uri())))
        .mount(&first)
        .await;
    Mock::given(method("GET"))
        .and(path("/moved"))
        .respond_with(ResponseTemplate::new(200).set_body_json(["moved"]))
        .mount(&other)
        .await;
    let following = Client::builder(KEY)
        .base_url(first.uri())
        .cookie_credential("session", SESSION)
        .header_credential("Authorization", BEARER)
        .redirect(RedirectPolicy::CrossOriginWithoutCredentials)
        .build()
        .unwrap();
    let items = following.list_items(&ListItemsParams::default()).await.unwrap();
    assert_eq!(items.body, ["moved"]);
    let requests = other.received_requests().await.unwrap();
    let request = &requests[0];
    assert_eq!(request.url.query(), None, "{}", request.url);
    assert!(request.headers.get("cookie").is_none() && request.headers.get("authorization").is_none());

    // The default policy stops there: the error names the other origin, not the key.
    let err = client(&first.uri()).list_items(&ListItemsParams::default()).await.unwrap_err();
    assert!(matches!(err, Error::Redirect { .. }), "{err:?}");
    assert_no_secret(&shown(&err));
}

#[tokio::test]
async fn a_public_operation_and_an_invalid_cookie_name() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/health")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    client(&server.uri()).get_health().await.unwrap();
    let err = Client::builder(KEY).cookie_credential("a=b", "x").build().unwrap_err();
    assert!(err.to_string().contains("cookie name"), "{err}");
}
