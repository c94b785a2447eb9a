//! What a user of one generated crate writes: their own code that calls `intercom::Client`,
//! tested with the crate's typed mock server and nothing else (no wiremock, no helpers of this
//! workspace, no vendor account).

use intercom::mock::MockServer;
use intercom::types::{Error as ErrorBody, ErrorErrorsItem, Ticket, UpdateTicketRequest, UpdateTicketRequestState};
use intercom::{Client, Error, UpdateTicketError};

/// The user's code under test: resolves every ticket, and reports those Intercom did not find.
async fn resolve_all(client: &Client, ids: &[&str]) -> Result<Vec<String>, Error<UpdateTicketError>> {
    let resolve = UpdateTicketRequest::default().state(UpdateTicketRequestState::Resolved);
    let mut missing = Vec::new();
    for id in ids {
        match client.update_ticket(id, &resolve).await {
            Ok(_) => {}
            Err(Error::Api { body: UpdateTicketError::Status404(_), .. }) => missing.push((*id).to_owned()),
            Err(other) => return Err(other),
        }
    }
    Ok(missing)
}

#[tokio::test]
async fn resolves_each_ticket_and_reports_the_missing_ones() {
    let server = MockServer::start().await;
    server.update_ticket().id("447").respond_200(&Ticket::default().id("447")).expect(1).mount().await;
    let not_found = ErrorBody::new(vec![ErrorErrorsItem::new("ticket_not_found")], "error.list");
    server.update_ticket().id("999").respond_404(&not_found).expect(1).mount().await;
    let client = server.client_builder("test-token").build().unwrap();

    let missing = resolve_all(&client, &["447", "999"]).await.unwrap();

    assert_eq!(missing, ["999"]);
    let resolved = UpdateTicketRequest::default().state(UpdateTicketRequestState::Resolved);
    assert_eq!(server.received::<UpdateTicketRequest>().await, [resolved.clone(), resolved]);
}

#[tokio::test]
async fn an_unexpected_failure_is_passed_on() {
    let server = MockServer::start().await;
    server.update_ticket().respond_raw(502, "<html>Bad gateway</html>").mount().await;
    let client = server.client_builder("test-token").build().unwrap();
    let err = resolve_all(&client, &["447"]).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
}
