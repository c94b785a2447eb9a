//! Conformance of the generated Zoho Desk client: createTicket (`POST /api/v1/tickets`) and
//! updateTicket (`PATCH /api/v1/tickets/{ticketId}`) on the crate's own typed mock server
//! (`zoho_desk::mock`), the wire asserted literally (exact bodies, encoded paths, headers).

use conformance::{assert_only_headers, spec_value, typed};
use serde::de::DeserializeOwned;
use serde_json::json;
use wiremock::matchers::{body_json, header, path};
use zoho_desk::mock::MockServer;
use zoho_desk::types::{
    CreateTicketBody, ErrorJson, ErrorJsonErrorCode, InvalidDataErrorResponseBody, TicketContact, TicketResponseBody,
    UpdateTicketBody,
};
use zoho_desk::{Client, CreateTicketError, Error, Nullable, Server, UpdateTicketError};

const TICKET: &str = "zoho-desk";

fn client(server: &MockServer) -> Client {
    server.client_builder("1000.abc.def").org_id("2389290").build().expect("valid configuration")
}

fn ticket_example() -> TicketResponseBody {
    typed(spec_value(
        TICKET,
        "/components/responses/ticketResponse/content/application~1json/examples/Valid responses Definitions/value",
    ))
}

fn common_example<T: DeserializeOwned>(response: &str, name: &str) -> T {
    typed(spec_value(
        TICKET,
        &format!("/components/responses/{response}/content/application~1json/examples/{name}/value"),
    ))
}

#[tokio::test]
async fn create_ticket_sends_zoho_oauthtoken_org_id_header_and_exact_body() {
    let server = MockServer::start().await;
    let documented = ticket_example();
    server
        .create_ticket()
        .and(path("/api/v1/tickets"))
        .and(header("authorization", "Zoho-oauthtoken 1000.abc.def"))
        .and(header("orgid", "2389290"))
        .and(body_json(json!({
            "subject": "Real Time analysis Requirement",
            "departmentId": "1892000000006907",
            "contactId": "1892000000042032"
        })))
        .respond_200(&documented)
        .expect(1)
        .mount()
        .await;
    let mut body =
        CreateTicketBody::new(Some("1892000000006907".to_owned()), Some("Real Time analysis Requirement".to_owned()));
    body.contact_id = Nullable::Value("1892000000042032".to_owned());
    let ticket = client(&server).create_ticket(&body).await.expect("documented 200").into_inner();
    assert_eq!(ticket.id.as_deref(), Some("1892000000042034"));
    assert_eq!(ticket.ticket_number.as_deref(), Some("101"));
    let requests = server.requests().await;
    // orgId is a header (the overlay moves it out of the query): no query string is sent.
    assert_eq!(requests[0].url.query(), None);
    assert_only_headers(&requests[0], &["authorization", "orgid"]);
}

#[tokio::test]
async fn create_ticket_documented_errors_are_typed() {
    let server = MockServer::start().await;
    let invalid: InvalidDataErrorResponseBody =
        common_example("invalidDataErrorResponse", "Invalid Data Error Response");
    server.create_ticket().respond_422(&invalid).mount().await;
    let body = CreateTicketBody::new(Some("1".to_owned()), Some("s".to_owned()));
    match client(&server).create_ticket(&body).await.unwrap_err() {
        Error::Api { status, body: CreateTicketError::Status422(error), .. } => {
            assert_eq!(status, 422);
            assert_eq!(error.error_code, ErrorJsonErrorCode::InvalidData);
            assert_eq!(error.errors[0].field_name, "/contactId");
        }
        other => panic!("expected the documented 422, got {other:?}"),
    }
    let server = MockServer::start().await;
    let bad: ErrorJson = common_example("badRequestErrorResponse", "UnAuthenticatedErrorResponse");
    server.create_ticket().respond_400(&bad).mount().await;
    match client(&server).create_ticket(&body).await.unwrap_err() {
        Error::Api { body: CreateTicketError::Status400(error), .. } => {
            assert_eq!(error.error_code, ErrorJsonErrorCode::BadRequest)
        }
        other => panic!("expected the documented 400, got {other:?}"),
    }
}

#[tokio::test]
async fn update_ticket_encodes_the_id_and_sends_only_set_fields_and_nulls() {
    let server = MockServer::start().await;
    server
        .update_ticket()
        .ticket_id("18920/00?0#")
        .and(path("/api/v1/tickets/18920%2F00%3F0%23"))
        .and(header("authorization", "Zoho-oauthtoken 1000.abc.def"))
        .and(header("orgid", "2389290"))
        .and(body_json(json!({"priority": "High", "assigneeId": null})))
        .respond_200(&ticket_example())
        .expect(1)
        .mount()
        .await;
    let mut body = UpdateTicketBody::default().priority("High");
    body.assignee_id = Nullable::Null;
    let ticket = client(&server).update_ticket("18920/00?0#", &body).await.expect("documented 200").into_inner();
    assert_eq!(ticket.priority.as_deref(), Some("High"));
    let requests = server.requests().await;
    assert_only_headers(&requests[0], &["authorization", "orgid"]);
}

#[tokio::test]
async fn update_ticket_422_is_typed() {
    let server = MockServer::start().await;
    let invalid: InvalidDataErrorResponseBody =
        common_example("invalidDataErrorResponse", "Invalid Data Error Response");
    server.update_ticket().respond_422(&invalid).mount().await;
    match client(&server).update_ticket("1", &UpdateTicketBody::default()).await.unwrap_err() {
        Error::Api { body: UpdateTicketError::Status422(error), .. } => assert_eq!(error.errors.len(), 2),
        other => panic!("expected the documented 422, got {other:?}"),
    }
}

#[test]
fn org_id_is_required_and_data_centres_are_selectable() {
    let err = Client::builder("t").build().unwrap_err();
    assert!(err.to_string().contains("orgId"), "{err}");
    let client = Client::builder("t").org_id("1").server(Server::Eu).build().unwrap();
    assert_eq!(client.base_url(), "https://desk.zoho.eu");
    let client = Client::builder("t").org_id("1").server(Server::Japan).build().unwrap();
    assert_eq!(client.base_url(), "https://desk.zoho.jp");
    assert!(!format!("{client:?}").contains("Zoho-oauthtoken"));
}

/// The eight request fields the update page documents beyond the vendor's schema (see the
/// overlay): each is sent, typed, exactly as set.
#[tokio::test]
async fn update_ticket_sends_the_documented_fields_the_vendor_schema_lacks() {
    let server = MockServer::start().await;
    let expected = json!({
        "departmentId": "1892000000006907",
        "teamId": "8920000000069071",
        "contact": {"lastName": "Carol", "email": "carol@zylker.com"},
        "secondaryContacts": ["1892000000042038", "1892000000042042"],
        "entitySkills": ["18921000000379001", "18921000000364001"],
        "responseDueDate": "2016-06-22T12:58:09.000Z",
        "disableClosureNotification": true
    });
    server
        .update_ticket()
        .ticket_id("1892000001054003")
        .and(path("/api/v1/tickets/1892000001054003"))
        .and(body_json(&expected))
        .respond_200(&ticket_example())
        .expect(1)
        .mount()
        .await;
    let body = UpdateTicketBody::default()
        .department_id("1892000000006907")
        .team_id("8920000000069071")
        .contact(TicketContact::default().last_name("Carol").email("carol@zylker.com"))
        .secondary_contacts(vec!["1892000000042038".to_owned(), "1892000000042042".to_owned()])
        .entity_skills(vec!["18921000000379001".to_owned(), "18921000000364001".to_owned()])
        .response_due_date("2016-06-22T12:58:09.000Z")
        .disable_closure_notification(true);
    client(&server).update_ticket("1892000001054003", &body).await.expect("documented 200");
    // `teamId: null` unassigns the team (a nullable field is sent as null when asked).
    let mut cleared = UpdateTicketBody::default();
    cleared.team_id = Nullable::Null;
    assert_eq!(serde_json::to_value(&cleared).unwrap(), json!({"teamId": null}));
}
