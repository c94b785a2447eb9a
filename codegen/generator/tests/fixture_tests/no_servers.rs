//! Conformance of the crate generated from `fixtures/no_servers.yaml`: the spec names no
//! server, so building a client needs a base URL, and requests go to it.

use fixture_no_servers::Client;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn building_without_a_base_url_fails() {
    let err = Client::builder("token").build().unwrap_err();
    assert!(err.to_string().contains("ClientBuilder::base_url"), "{err}");
}

#[tokio::test]
async fn requests_go_to_the_base_url() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/prefix/things/7"))
        .and(header("authorization", "Bearer token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "7"})))
        .mount(&server)
        .await;
    let client = Client::builder("token").base_url(format!("{}/prefix/", server.uri())).build().unwrap();
    assert_eq!(client.base_url(), format!("{}/prefix", server.uri()));
    let thing = client.get_thing("7").await.unwrap();
    assert_eq!(thing.body.id.as_deref(), Some("7"));
}
