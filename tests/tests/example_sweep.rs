//! The example sweep: every documented response example of every operation of every
//! vendored spec is served from a loopback server and decoded by the generated client's
//! own decode function for that operation and status. 100% must decode; an example
//! that is wrong in the vendor's spec is corrected by an overlay entry that says so.

use std::sync::Arc;

use conformance::response_examples as examples;
use serde_json::Value;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

type Decode = fn(&str, u16, &[u8]) -> Option<Result<String, String>>;

/// Every vendored provider with the decode entry point of its generated crate.
const PROVIDERS: &[(&str, Decode)] = &[
    ("intercom", intercom::__private::decode_response),
    ("periskope", periskope::__private::decode_response),
    ("zoho-desk", zoho_desk::__private::decode_response),
    ("inboxops", inboxops::__private::decode_response),
];

#[tokio::test]
async fn every_documented_response_example_decodes() {
    let mut failures = Vec::new();
    let mut total = 0;
    for (provider, decode) in PROVIDERS {
        let spec = conformance::patched_spec(provider);
        let (operations, examples) = examples(&spec);
        // The server answers /example/<n> with example n, with its documented status.
        let bodies: Arc<Vec<(u16, Value)>> = Arc::new(examples.iter().map(|e| (e.status, e.body.clone())).collect());
        let server = MockServer::start().await;
        let served = Arc::clone(&bodies);
        Mock::given(wiremock::matchers::method("GET"))
            .respond_with(move |request: &Request| {
                let index: usize = request.url.path().trim_start_matches("/example/").parse().unwrap_or(usize::MAX);
                match served.get(index) {
                    Some((status, body)) => ResponseTemplate::new(*status).set_body_json(body),
                    None => ResponseTemplate::new(404),
                }
            })
            .mount(&server)
            .await;
        let http = helpdesk_runtime::reqwest::Client::new();
        let mut decoded = 0;
        for (index, example) in examples.iter().enumerate() {
            let response = http.get(format!("{}/example/{index}", server.uri())).send().await.unwrap();
            let status = response.status().as_u16();
            let bytes = response.bytes().await.unwrap();
            match decode(&example.operation_id, status, &bytes) {
                Some(Ok(_)) => decoded += 1,
                Some(Err(reason)) => failures.push(format!(
                    "{provider} {} ({}, {}): {reason}",
                    example.at, example.operation_id, example.status
                )),
                None => failures
                    .push(format!("{provider} {}: no generated operation `{}`", example.at, example.operation_id)),
            }
        }
        total += examples.len();
        println!("{provider}: {operations} operations, {} response examples, {decoded} decoded", examples.len());
    }
    assert!(total > 0, "the sweep found no examples");
    assert!(failures.is_empty(), "{} of {total} examples do not decode:\n{}", failures.len(), failures.join("\n"));
}
