//! Conformance of the crate generated from `fixtures/relative_server.yaml`: a relative server
//! URL is resolved against the document URL the caller gives; a server URL template uses the
//! defaults of its variables.

use fixture_relative_server::{Client, Server};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn a_relative_server_needs_the_document_url() {
    let err = Client::builder("token").build().unwrap_err();
    assert!(err.to_string().contains("ClientBuilder::document_url"), "{err}");
}

#[test]
fn a_server_template_uses_the_variables_defaults() {
    let client = Client::builder("token").server(Server::Server2).build().unwrap();
    assert_eq!(client.base_url(), "https://eu.example.invalid/v1");
}

#[tokio::test]
async fn requests_go_to_the_server_resolved_against_the_document_url() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/api/v3/ping")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let client =
        Client::builder("token").document_url(format!("{}/docs/openapi.json", server.uri())).build().unwrap();
    assert_eq!(client.base_url(), format!("{}/api/v3", server.uri()));
    client.ping().await.unwrap();
    // An explicit base URL wins over the server.
    let direct = Client::builder("token").base_url(format!("{}/api/v3", server.uri())).build().unwrap();
    direct.ping().await.unwrap();
}
