//! Every call is a `tracing` span with the operationId, method, path template, attempt and
//! status, and nothing secret (no token, no concrete ids, no bodies).

use std::io::Write;
use std::sync::{Arc, Mutex};

use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Collects what the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn each_call_is_a_span_with_operation_status_and_no_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_span_events(FmtSpan::CLOSE)
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"type": "ticket", "id": "secret-ticket-77"})),
        )
        .mount(&server)
        .await;
    let client = intercom::Client::builder("tok_very_secret").base_url(server.uri()).build().unwrap();
    client.update_ticket("secret-ticket-77", &intercom::types::UpdateTicketRequest::default()).await.unwrap();

    let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(output.contains("helpdesk.request"), "{output}");
    assert!(output.contains("operation_id=\"updateTicket\""), "{output}");
    assert!(output.contains("path=\"/tickets/{id}\""), "{output}");
    assert!(output.contains("method=PUT"), "{output}");
    assert!(output.contains("status=200"), "{output}");
    assert!(output.contains("attempt=1"), "{output}");
    assert!(!output.contains("tok_very_secret"), "the token leaked: {output}");
    assert!(!output.contains("secret-ticket-77"), "ids and bodies stay out of spans: {output}");
}
