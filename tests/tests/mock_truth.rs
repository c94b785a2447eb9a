//! The typed mocks tell the truth: every documented JSON response example of every vendored
//! operation, served by the operation's typed stub (`respond_<status>` with the example decoded
//! into the response type), decodes through the real client's decode function into the same
//! value as the example itself; and a request that no stub matches gets a 404 that names the
//! closest stub and what differed.

use conformance::response_examples as examples;
use helpdesk_runtime::reqwest;

/// Serves each documented example of `$provider` from a fresh mock server of the crate `$krate`
/// through its typed stub, requests it, and decodes it with the client's decode function.
/// Evaluates to (examples, failures).
macro_rules! check_provider {
    ($provider:literal, $krate:ident) => {{
        let spec = conformance::patched_spec($provider);
        let (_, examples) = examples(&spec);
        let http = reqwest::Client::new();
        let mut failures = Vec::new();
        for example in &examples {
            let documented = serde_json::to_vec(&example.body).unwrap();
            let fail = |why: String| format!("{} {} ({}): {why}", $provider, example.at, example.operation_id);
            // A fresh server per example, so that no earlier stub can answer.
            let server = $krate::mock::MockServer::start().await;
            let served =
                $krate::mock::__private::serve_documented(&server, &example.operation_id, example.status, &documented)
                    .await;
            let (method, template) = match served {
                Some(Ok(route)) => route,
                Some(Err(err)) => {
                    failures.push(fail(format!("the example is not the response type: {err}")));
                    continue;
                }
                None => {
                    failures.push(fail("the mock has no typed response for this status".to_owned()));
                    continue;
                }
            };
            let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
            let response =
                http.request(method, format!("{}{}", server.uri(), any_path(template))).send().await.unwrap();
            let status = response.status().as_u16();
            let bytes = response.bytes().await.unwrap();
            if status != example.status {
                failures.push(fail(format!("served {status}: {}", String::from_utf8_lossy(&bytes))));
                continue;
            }
            let through_mock = $krate::__private::decode_response(&example.operation_id, status, &bytes);
            let direct = $krate::__private::decode_response(&example.operation_id, status, &documented);
            match (through_mock, direct) {
                (Some(Ok(mock)), Some(Ok(direct))) if mock == direct => {}
                (mock, direct) => {
                    failures.push(fail(format!("decodes differently:\n  mock:   {mock:?}\n  direct: {direct:?}")))
                }
            }
        }
        println!(
            "{}: {} documented JSON response examples served by typed stubs, {} failed",
            $provider,
            examples.len(),
            failures.len()
        );
        (examples.len(), failures)
    }};
}

/// A path of the template (`/tickets/{id}`) that a stub without setters matches.
fn any_path(template: &str) -> String {
    template
        .split('/')
        .map(|segment| if segment.starts_with('{') { "x" } else { segment })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_documented_example_served_by_a_typed_stub_decodes_through_the_client() {
    let mut total = 0;
    let mut failures = Vec::new();
    for (count, mut failed) in [
        check_provider!("intercom", intercom),
        check_provider!("periskope", periskope),
        check_provider!("zoho-desk", zoho_desk),
        check_provider!("inboxops", inboxops),
    ] {
        total += count;
        failures.append(&mut failed);
    }
    assert!(total > 0, "no examples found");
    assert!(failures.is_empty(), "{} of {total} examples:\n{}", failures.len(), failures.join("\n"));
}

/// A request that matches no stub: 404, and the body names the closest stub and each check it
/// failed (here the path parameter and the body).
#[tokio::test]
async fn an_unmatched_request_is_told_the_closest_stub_and_what_differed() {
    use intercom::types::{Ticket, UpdateTicketRequest, UpdateTicketRequestState};
    let server = intercom::mock::MockServer::start().await;
    let resolved = UpdateTicketRequest::default().state(UpdateTicketRequestState::Resolved);
    server.update_ticket().id("447").body(&resolved).respond_200(&Ticket::default()).mount().await;
    server.get_ticket().id("447").respond_200(&Ticket::default()).mount().await;
    let client = server.client_builder("t").build().unwrap();
    let reopened = UpdateTicketRequest::default().state(UpdateTicketRequestState::InProgress);
    let err = client.update_ticket("448", &reopened).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let requests = server.requests().await;
    assert_eq!(requests.len(), 1);
    // The fallback's explanation, as any HTTP client sees it.
    let text = reqwest::Client::new()
        .put(format!("{}/tickets/448", server.uri()))
        .body(serde_json::to_vec(&reopened).unwrap())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.starts_with("no stub matched PUT /tickets/448\n"), "{text}");
    assert!(text.contains("closest stub: updateTicket (PUT /tickets/{id}); what differed:"), "{text}");
    assert!(text.contains("- expected path /tickets/447, got /tickets/448"), "{text}");
    assert!(text.contains(r#"- expected JSON body {"state":"resolved"}, got body {"state":"in_progress"}"#), "{text}");
    assert!(!text.contains("method"), "the method matched: {text}");
}
