//! Conformance of the crate generated from `fixtures/content_parameters.yaml`: parameters
//! described by `content` with a JSON media type go on the wire as JSON text.

use fixture_content_parameters::types::SearchFilter;
use fixture_content_parameters::{Client, SearchParams};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn json_content_parameters_are_sent_as_json_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/search")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder("token").base_url(server.uri()).build().unwrap();
    let filter = SearchFilter::default().status("open".to_owned()).tags(vec!["a b".to_owned()]);
    let params = SearchParams::new(filter).x_trace("t-1".to_owned()).page(2);
    client.search(&params).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let query: Vec<(String, String)> =
        requests[0].url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    assert!(query.contains(&("filter".to_owned(), r#"{"status":"open","tags":["a b"]}"#.to_owned())), "{query:?}");
    assert!(query.contains(&("page".to_owned(), "2".to_owned())), "{query:?}");
    // A JSON string keeps its quotes.
    assert_eq!(requests[0].headers.get("X-Trace").unwrap().to_str().unwrap(), r#""t-1""#);
}
