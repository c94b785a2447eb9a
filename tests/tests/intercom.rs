//! Conformance of the generated Intercom client: createTicket (`POST /tickets`) and
//! updateTicket (`PUT /tickets/{id}`) on the crate's own typed mock server (`intercom::mock`).
//! What goes on the wire is still asserted literally: the exact JSON body, the encoded path and
//! every header.

use conformance::{assert_only_headers, spec_value};
use intercom::mock::MockServer;
use intercom::types::Error as ErrorBody;
use intercom::types::{
    CreateTicketRequest, CreateTicketRequestContactsItem, Ticket, UpdateTicketRequest, UpdateTicketRequestAssignment,
    UpdateTicketRequestState,
};
use intercom::{Client, CreateTicketError, Error, Server, UpdateTicketError};
use serde::de::DeserializeOwned;
use serde_json::json;
use wiremock::matchers::{body_json, header, path};

const SPEC: &str = "intercom";

fn client(server: &MockServer) -> Client {
    server.client_builder("dG9rOmludGVyY29t").build().expect("valid configuration")
}

/// A documented response example, decoded into its response type (what a typed stub serves).
fn example<T: DeserializeOwned>(operation: &str, status: &str, name: &str) -> T {
    conformance::typed(spec_value(
        SPEC,
        &format!("{operation}/responses/{status}/content/application~1json/examples/{name}/value"),
    ))
}

const CREATE: &str = "/paths/~1tickets/post";
const UPDATE: &str = "/paths/~1tickets~1{id}/put";

#[tokio::test]
async fn create_ticket_sends_bearer_auth_version_header_and_exact_body() {
    let server = MockServer::start().await;
    let documented: Ticket = example(CREATE, "200", "Successful response");
    server
        .create_ticket()
        .and(header("authorization", "Bearer dG9rOmludGVyY29t"))
        .and(header("intercom-version", "2.9"))
        .and(body_json(json!({
            "ticket_type_id": "1234",
            "contacts": [{"id": "6657abe46abd0164c24b0df2"}, {"email": "a@example.com"}]
        })))
        .respond_200(&documented)
        .expect(1)
        .mount()
        .await;

    let body = CreateTicketRequest::new(
        vec![
            CreateTicketRequestContactsItem::Id("6657abe46abd0164c24b0df2".into()),
            CreateTicketRequestContactsItem::Email("a@example.com".into()),
        ],
        "1234",
    );
    let ticket: Ticket = client(&server).create_ticket(&body).await.expect("documented 200").into_inner();
    assert_eq!(ticket.id.as_deref(), Some("446"));
    assert_eq!(ticket.ticket_state.map(|s| s.to_string()).as_deref(), Some("submitted"));
    let ticket_type = ticket.ticket_type.as_option().expect("the example has a ticket type");
    assert_eq!(ticket_type.name.as_deref(), Some("my-ticket-type-6"));

    let requests = server.requests().await;
    // progenitor would add `api-version: 2.9` from info.version: only spec-defined headers are sent.
    assert_only_headers(&requests[0], &["authorization", "intercom-version"]);
}

#[tokio::test]
async fn create_ticket_401_is_a_typed_error_with_the_decoded_body() {
    let server = MockServer::start().await;
    let documented: ErrorBody = example(CREATE, "401", "Unauthorized");
    server.create_ticket().respond_401(&documented).mount().await;
    let body = CreateTicketRequest::new(vec![CreateTicketRequestContactsItem::Id("1".into())], "1");
    let err = client(&server).create_ticket(&body).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    match err {
        Error::Api { body: CreateTicketError::Status401(error), .. } => {
            assert_eq!(error.type_, "error.list");
            assert_eq!(error.errors[0].code, "unauthorized");
            assert_eq!(error.errors[0].message.as_option().map(String::as_str), Some("Access Token Invalid"));
        }
        other => panic!("expected the documented 401, got {other:?}"),
    }
}

#[tokio::test]
async fn update_ticket_encodes_the_id_and_sends_only_set_fields() {
    let server = MockServer::start().await;
    let documented: Ticket = example(UPDATE, "200", "Successful response");
    server
        .update_ticket()
        .id("a/b?c#d e")
        .and(path("/tickets/a%2Fb%3Fc%23d%20e"))
        .and(header("authorization", "Bearer dG9rOmludGVyY29t"))
        .and(header("intercom-version", "2.9"))
        .and(body_json(json!({
            "state": "in_progress",
            "assignment": {"admin_id": "991267719", "assignee_id": "0"}
        })))
        .respond_200(&documented)
        .expect(1)
        .mount()
        .await;

    let body = UpdateTicketRequest::default()
        .state(UpdateTicketRequestState::InProgress)
        .assignment(UpdateTicketRequestAssignment::default().admin_id("991267719").assignee_id("0"));
    let ticket = client(&server).update_ticket("a/b?c#d e", &body).await.expect("documented 200").into_inner();
    assert_eq!(ticket.id.as_deref(), Some("447"));
    assert_eq!(ticket.admin_assignee_id.as_deref(), Some("991267721"));
    let requests = server.requests().await;
    assert_only_headers(&requests[0], &["authorization", "intercom-version"]);
    assert_eq!(server.received::<UpdateTicketRequest>().await, [body]);
}

#[tokio::test]
async fn update_ticket_documented_errors_are_typed() {
    let server = MockServer::start().await;
    let not_found: ErrorBody = example(UPDATE, "404", "Assignee not found");
    let unauthorized: ErrorBody = example(UPDATE, "401", "Unauthorized");
    server.update_ticket().id("404").respond_404(&not_found).mount().await;
    server.update_ticket().id("401").respond_401(&unauthorized).mount().await;
    let client = client(&server);
    let body = UpdateTicketRequest::default();
    match client.update_ticket("404", &body).await.unwrap_err() {
        Error::Api { status, body: UpdateTicketError::Status404(error), .. } => {
            assert_eq!(status, 404);
            assert_eq!(error.errors[0].code, "assignee_not_found");
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
    match client.update_ticket("401", &body).await.unwrap_err() {
        Error::Api { body: UpdateTicketError::Status401(error), .. } => {
            assert_eq!(error.errors[0].code, "unauthorized")
        }
        other => panic!("expected the documented 401, got {other:?}"),
    }
}

#[tokio::test]
async fn the_version_header_is_configurable_once_on_the_client() {
    let server = MockServer::start().await;
    server
        .update_ticket()
        .and(header("intercom-version", "2.10"))
        .respond_200(&Ticket::default().id("1"))
        .expect(1)
        .mount()
        .await;
    let client = server.client_builder("t").intercom_version("2.10").build().unwrap();
    let ticket = client.update_ticket("1", &UpdateTicketRequest::default()).await.unwrap();
    assert_eq!(ticket.id.as_deref(), Some("1"));
}

#[test]
fn regional_servers_are_selectable() {
    assert_eq!(Client::new("t").unwrap().base_url(), "https://api.intercom.io");
    let eu = Client::builder("t").server(Server::Eu).build().unwrap();
    assert_eq!(eu.base_url(), "https://api.eu.intercom.io");
    let au = Client::builder("t").server(Server::Au).build().unwrap();
    assert_eq!(au.base_url(), "https://api.au.intercom.io");
}

#[test]
fn debug_output_never_shows_the_token() {
    let client = Client::builder("intercom_secret").build().unwrap();
    assert!(!format!("{client:?}").contains("intercom_secret"));
}

#[tokio::test]
async fn unknown_enum_values_and_unknown_fields_decode() {
    use intercom::types::TicketTicketState;
    let server = MockServer::start().await;
    // What a later API version may send (an unknown value, an unknown field), as raw bytes:
    // the typed responses of this spec version cannot carry them.
    let later = json!({
        "type": "ticket",
        "id": "9",
        "ticket_state": "snoozed_by_bot",
        "field_added_in_2030": {"nested": true}
    });
    server.update_ticket().respond_raw(200, serde_json::to_vec(&later).unwrap()).mount().await;
    let ticket = client(&server).update_ticket("9", &UpdateTicketRequest::default()).await.unwrap().into_inner();
    assert_eq!(ticket.ticket_state, Some(TicketTicketState::Unknown("snoozed_by_bot".into())));
    assert_eq!(ticket.ticket_state.as_ref().map(ToString::to_string).as_deref(), Some("snoozed_by_bot"));
    // Known values still decode into their variants, and parse from strings.
    assert_eq!("resolved".parse::<TicketTicketState>().unwrap(), TicketTicketState::Resolved);
    assert_eq!("later".parse::<TicketTicketState>().unwrap(), TicketTicketState::Unknown("later".into()));
}
