//! The typed mock of the crate generated from `fixtures/collisions.yaml`: stub methods and path
//! setters renamed away from the mock's own methods still match what the client sends, and a
//! range (`4XX`) or `default` response serves only the statuses it stands for.

use fixture_collisions::mock::MockServer;
use fixture_collisions::{types, Error, VerifyStubError};

#[tokio::test]
async fn renamed_stub_methods_and_path_setters_match_the_client() {
    let server = MockServer::start().await;
    server.verify_stub_2().delay_param("a/b").respond_200_param("2").respond_204().expect(1).mount().await;
    let client = server.client_builder("token").build().unwrap();
    client.verify("a/b", "2").await.expect("the stub answers 204");
    assert_eq!(server.requests().await[0].url.path(), "/verify/a%2Fb/2");
}

#[tokio::test]
async fn a_range_response_is_served_with_the_chosen_status_and_decodes_as_its_variant() {
    let server = MockServer::start().await;
    let body: types::VerifyStubError4xx = serde_json::from_value(serde_json::json!({"message": "slow down"})).unwrap();
    server.verify_stub().respond_4xx(429, &body).mount().await;
    let client = server.client_builder("token").build().unwrap();
    match client.verify_stub().await.unwrap_err() {
        Error::Api { status, body: VerifyStubError::Status4XX(decoded), .. } => {
            assert_eq!(status, 429);
            assert_eq!(decoded, body);
        }
        other => panic!("expected the 4XX variant, got {other:?}"),
    }
}

#[tokio::test]
async fn a_default_response_is_served_as_its_media_type() {
    let server = MockServer::start().await;
    server.verify_stub().respond_default(503, "maintenance").mount().await;
    let client = server.client_builder("token").build().unwrap();
    match client.verify_stub().await.unwrap_err() {
        Error::Api { body: VerifyStubError::Default(text), .. } => assert_eq!(text, "maintenance"),
        other => panic!("expected the default variant, got {other:?}"),
    }
}

#[tokio::test]
#[should_panic(expected = "is not in the documented range 4XX")]
async fn a_range_response_refuses_another_status() {
    let server = MockServer::start().await;
    let body: types::VerifyStubError4xx = serde_json::from_value(serde_json::json!({})).unwrap();
    let _ = server.verify_stub().respond_4xx(500, &body);
}
