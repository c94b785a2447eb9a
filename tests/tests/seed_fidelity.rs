//! Seed fidelity: the five documented ticket operations (the vendor pages in
//! `shared/seeds/`, kept as fixtures in `tests/fixtures/seeds/`, each naming its page and
//! sha256) against the generated clients, field for field:
//! - every documented request example serialises from the generated types to exactly the
//!   documented JSON, and the client sends exactly that body on 127.0.0.1;
//! - every documented response example (success and errors) decodes through the client;
//! - every documented request/response field, header and enum value exists in the
//!   generated types (a field exists when it survives a decode/encode round trip, since
//!   unknown fields are dropped; an enum value is known when it is not `Unknown`).
//!
//! Where a page is wrong, its fixture lists the part under `skipped` with the reason, and
//! the test checks that exactly those parts are skipped.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A seed page as a fixture (see `tests/fixtures/seeds/`).
fn seed(name: &str) -> Value {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|err| panic!("{}: {err}", file.display()));
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", file.display()))
}

fn strings(value: &Value) -> Vec<String> {
    value.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
}

/// The documented response example for `status`.
fn response(seed: &Value, status: u16) -> Value {
    seed["responses"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["status"] == status)
        .map(|r| r["body"].clone())
        .unwrap_or_else(|| panic!("no documented {status} example"))
}

/// What the fixture says is skipped (and why); the test pins the list.
fn skipped(seed: &Value) -> Vec<String> {
    seed["skipped"].as_array().into_iter().flatten().map(|s| format!("{}: {}", s["what"], s["why"])).collect()
}

/// Decodes `doc` as `T` and encodes it again.
fn round_trip<T: DeserializeOwned + Serialize>(doc: &Value) -> Value {
    let typed: T = serde_json::from_value(doc.clone()).unwrap_or_else(|err| panic!("does not decode: {err}\n{doc:#}"));
    serde_json::to_value(&typed).expect("encodes")
}

/// The documented field paths (`a.b[].c`: `b` is an array) missing from `value`.
fn missing(value: &Value, paths: &[String]) -> Vec<String> {
    fn present(value: &Value, segments: &[&str]) -> bool {
        let Some((first, rest)) = segments.split_first() else { return true };
        match first.strip_suffix("[]") {
            Some(name) => value
                .get(name)
                .and_then(Value::as_array)
                .is_some_and(|items| items.iter().any(|item| present(item, rest))),
            None => value.get(*first).is_some_and(|child| present(child, rest)),
        }
    }
    paths.iter().filter(|p| !present(value, &p.split('.').collect::<Vec<_>>())).cloned().collect()
}

/// Asserts that every documented field in `paths` survives a round trip of `doc` through `T`.
fn assert_fields<T: DeserializeOwned + Serialize>(what: &str, doc: &Value, paths: &[String]) {
    assert!(!paths.is_empty(), "{what}: no documented fields");
    let missing = missing(&round_trip::<T>(doc), paths);
    assert!(missing.is_empty(), "{what}: documented fields missing from the generated type: {missing:?}");
}

/// Asserts that every documented request example of `seed` round-trips through `T` exactly.
fn assert_request_examples<T: DeserializeOwned + Serialize>(seed: &Value) {
    for example in seed["request_examples"].as_array().into_iter().flatten() {
        let body = &example["body"];
        assert_eq!(&round_trip::<T>(body), body, "request example {}", example["name"]);
    }
}

/// Asserts that each documented value decodes into a known variant of the enum and encodes back.
macro_rules! assert_enum {
    ($ty:ident, $values:expr) => {
        let values: Vec<String> = $values;
        assert!(!values.is_empty(), "no documented values for {}", stringify!($ty));
        for value in values {
            let decoded: $ty = serde_json::from_value(json!(value)).expect("a string enum");
            assert!(!matches!(decoded, $ty::Unknown(_)), "`{value}` is not a variant of {}", stringify!($ty));
            assert_eq!(serde_json::to_value(&decoded).unwrap(), json!(value));
        }
    };
}

mod periskope_pages {
    use super::*;
    use periskope::types::{CreateTicketBody, TicketInfo, TicketPriority, TicketStatus, UpdateTicketBody};
    use periskope::{Client, Nullable};

    fn client(server: &MockServer) -> Client {
        Client::builder("psk_test").base_url(server.uri()).phone("919537851844").build().unwrap()
    }

    #[tokio::test]
    async fn update_ticket_page() {
        let seed = seed("periskope-update-ticket");
        assert_eq!(skipped(&seed), Vec::<String>::new());
        assert_eq!(seed["request_examples"].as_array().map(Vec::len), Some(2), "the example and the cURL sample");
        assert_request_examples::<UpdateTicketBody>(&seed);
        let example = seed["request_examples"][0]["body"].clone();
        assert_fields::<UpdateTicketBody>("request", &example, &strings(&seed["request_fields"]));

        // The client sends exactly the documented body, with `x-phone` given for this call.
        let documented = response(&seed, 200);
        let server = MockServer::start().await;
        Mock::given(method("PATCH"))
            .and(path("/tickets/BKT-001"))
            .and(header("authorization", "Bearer psk_test"))
            .and(header("x-phone", "phone-bqzvyibhmwkaergr"))
            .and(body_json(&example))
            .respond_with(ResponseTemplate::new(200).set_body_json(&documented))
            .expect(1)
            .mount(&server)
            .await;
        let body: UpdateTicketBody = serde_json::from_value(example).unwrap();
        assert_eq!(body.due_date, Nullable::Null, "the example clears the due date");
        let per_call = client(&server).with_phone("phone-bqzvyibhmwkaergr").unwrap();
        let info = per_call.update_ticket("BKT-001", &body).await.expect("the documented 200").into_inner();
        let ticket = info.ticket.clone().expect("a ticket");
        assert_eq!((ticket.status, ticket.priority), (Some(TicketStatus::Closed), Some(TicketPriority::Medium)));
        assert_fields::<TicketInfo>("response", &documented, &strings(&seed["response_fields"]));

        assert_enum!(TicketStatus, strings(&seed["enums"]["status"]));
        assert_enum!(TicketPriority, strings(&seed["enums"]["priority"]));
    }

    #[tokio::test]
    async fn create_ticket_page() {
        let seed = seed("periskope-create-ticket");
        // The page's own examples are wrong; the fixture says why, and nothing else is skipped.
        let skipped = skipped(&seed);
        assert_eq!(skipped.len(), 2, "{skipped:#?}");
        assert!(skipped[0].contains("belongs to another endpoint"), "{skipped:#?}");
        assert!(skipped[1].contains("not valid JSON"), "{skipped:#?}");
        assert!(seed["request_examples"].as_array().is_some_and(Vec::is_empty));

        // The per-field examples of the page's schema, as one body.
        let example = seed["field_examples"].clone();
        assert_eq!(round_trip::<CreateTicketBody>(&example), example);
        assert_fields::<CreateTicketBody>("request", &example, &strings(&seed["request_fields"]));
        assert_eq!(strings(&seed["headers"]), ["x-phone"]);

        let documented = response(&seed, 200);
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/tickets/create"))
            .and(header("x-phone", "919537851844"))
            .and(body_json(&example))
            .respond_with(ResponseTemplate::new(200).set_body_json(&documented))
            .expect(1)
            .mount(&server)
            .await;
        let body: CreateTicketBody = serde_json::from_value(example).unwrap();
        let info = client(&server).create_ticket(&body).await.expect("the documented 200").into_inner();
        assert_eq!(info.ticket.and_then(|t| t.status), Some(TicketStatus::Open));
        assert_fields::<TicketInfo>("response", &documented, &strings(&seed["response_fields"]));
        assert_enum!(TicketStatus, strings(&seed["enums"]["status"]));
        assert_enum!(TicketPriority, strings(&seed["enums"]["priority"]));
    }
}

mod intercom_page {
    use super::*;
    use intercom::types::{
        ContactReferenceType, Error as ErrorList, IntercomVersion, Ticket, TicketContactsType, TicketPartAuthorType,
        TicketPartPreviousTicketState, TicketPartTicketState, TicketPartsType, TicketTicketState, TicketType2,
        UpdateTicketRequest, UpdateTicketRequestState,
    };
    use intercom::{Client, Error, UpdateTicketError};

    #[tokio::test]
    async fn update_ticket_page() {
        let seed = seed("intercom-update-ticket");
        assert_eq!(skipped(&seed).len(), 1, "only the empty 404 section");
        assert_request_examples::<UpdateTicketRequest>(&seed);
        let example = seed["request_examples"][0]["body"].clone();
        assert_fields::<UpdateTicketRequest>("request", &example, &strings(&seed["request_fields"]));

        let documented = response(&seed, 200);
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .and(path("/tickets/1295"))
            .and(header("authorization", "Bearer tok"))
            .and(header("intercom-version", "2.9"))
            .and(body_json(&example))
            .respond_with(ResponseTemplate::new(200).set_body_json(&documented))
            .expect(1)
            .mount(&server)
            .await;
        let client = Client::builder("tok").base_url(server.uri()).build().unwrap();
        let body: UpdateTicketRequest = serde_json::from_value(example.clone()).unwrap();
        let ticket = client.update_ticket("1295", &body).await.expect("the documented 200").into_inner();
        assert_eq!(ticket.ticket_state, Some(TicketTicketState::Resolved));
        assert_fields::<Ticket>("response 200", &documented, &strings(&seed["response_fields"]));

        let error = response(&seed, 401);
        assert_fields::<ErrorList>("response 401", &error, &strings(&seed["error_fields"]));
        let server = MockServer::start().await;
        Mock::given(method("PUT")).respond_with(ResponseTemplate::new(401).set_body_json(&error)).mount(&server).await;
        let client = Client::builder("tok").base_url(server.uri()).build().unwrap();
        match client.update_ticket("1295", &body).await.unwrap_err() {
            Error::Api { body: UpdateTicketError::Status401(list), .. } => {
                assert_eq!(list.errors[0].code, "unauthorized")
            }
            other => panic!("expected the documented 401, got {other:?}"),
        }

        let enums = &seed["enums"];
        assert_enum!(UpdateTicketRequestState, strings(&enums["state"]));
        assert_enum!(TicketType2, strings(&enums["type"]));
        assert_enum!(TicketTicketState, strings(&enums["ticket_state"]));
        assert_enum!(TicketContactsType, strings(&enums["contacts.type"]));
        assert_enum!(ContactReferenceType, strings(&enums["contacts.contacts.type"]));
        assert_enum!(TicketPartsType, strings(&enums["ticket_parts.type"]));
        assert_enum!(TicketPartPreviousTicketState, strings(&enums["ticket_parts.ticket_parts.previous_ticket_state"]));
        assert_enum!(TicketPartTicketState, strings(&enums["ticket_parts.ticket_parts.ticket_state"]));
        assert_enum!(TicketPartAuthorType, strings(&enums["ticket_parts.ticket_parts.author.type"]));
        assert_eq!(enums.as_object().map(|o| o.len()), Some(9), "every documented enum is checked above");
        assert_enum!(IntercomVersion, strings(&seed["header_values"]["Intercom-Version"]));
    }

    /// `Intercom-Version` takes every documented value (`Preview` included) and can be left out.
    #[tokio::test]
    async fn intercom_version_header_values_and_omission() {
        let seed = seed("intercom-update-ticket");
        let documented = response(&seed, 200);
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .respond_with(ResponseTemplate::new(200).set_body_json(&documented))
            .mount(&server)
            .await;
        let body = UpdateTicketRequest::default();
        for value in strings(&seed["header_values"]["Intercom-Version"]) {
            let client = Client::builder("tok").base_url(server.uri()).intercom_version(value.clone()).build().unwrap();
            client.update_ticket("1", &body).await.expect("documented 200");
        }
        let omitted = Client::builder("tok").base_url(server.uri()).without_intercom_version().build().unwrap();
        omitted.update_ticket("1", &body).await.expect("documented 200");
        let per_call =
            Client::builder("tok").base_url(server.uri()).build().unwrap().with_intercom_version("Preview").unwrap();
        per_call.update_ticket("1", &body).await.expect("documented 200");

        let sent: Vec<Option<String>> = server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .map(|r| r.headers.get("intercom-version").map(|v| v.to_str().unwrap().to_owned()))
            .collect();
        let mut expected: Vec<Option<String>> =
            strings(&seed["header_values"]["Intercom-Version"]).into_iter().map(Some).collect();
        expected.push(None);
        expected.push(Some("Preview".to_owned()));
        assert_eq!(sent, expected);
    }
}

mod zoho_desk_page {
    use super::*;
    use zoho_desk::types::{TicketResponseBody, UpdateTicketBody};
    use zoho_desk::Client;

    /// A request body with every field of the page's table, valued as the page's response
    /// example shows them (the table types everything as `string`).
    fn every_request_field() -> Value {
        json!({
            "disableClosureNotification": true,
            "subject": "Real Time analysis Requirement",
            "departmentId": "1892000000006907",
            "contactId": "1892000000042032",
            "contact": {"lastName": "Carol", "email": "carol@zylker.com"},
            "productId": "1892000000051001",
            "uploads": ["1892000001004099"],
            "email": "carol@zylker.com",
            "phone": "1 888 900 9646",
            "description": "Sample Ticket",
            "status": "Open",
            "assigneeId": "1892000000056007",
            "category": "general",
            "subCategory": "Sub General",
            "resolution": "Restarted the service",
            "dueDate": "2016-06-23T12:58:09.000Z",
            "priority": "Low",
            "language": "English",
            "responseDueDate": "2016-06-22T12:58:09.000Z",
            "channel": "FORUMS",
            "classification": "Problem",
            "customFields": {"Model": "F3 2017"},
            "cf": {"cf_modelname": "F3 2017"},
            "teamId": "8920000000069071",
            "secondaryContacts": ["1892000000042038", "1892000000042042"],
            "entitySkills": ["18921000000379001", "18921000000364001"]
        })
    }

    #[tokio::test]
    async fn update_ticket_page() {
        let seed = seed("zoho-desk-update-ticket");
        let skipped = skipped(&seed);
        assert_eq!(skipped.len(), 2, "{skipped:#?}");
        assert!(skipped[1].contains("webUrl"), "webUrl is read-only: {skipped:#?}");
        let fields: Vec<String> = strings(&seed["request_fields"]).into_iter().filter(|f| f != "webUrl").collect();
        assert_eq!(fields.len(), 26, "the page's 27 fields less webUrl");
        let body = every_request_field();
        assert_eq!(round_trip::<UpdateTicketBody>(&body), body);
        assert_fields::<UpdateTicketBody>("request", &body, &fields);

        // The page's 200 example (`"isDeleted": "false"`, a string) decodes through the client.
        let documented = response(&seed, 200);
        assert_eq!(documented["isDeleted"], "false");
        let server = MockServer::start().await;
        Mock::given(method("PATCH"))
            .and(path("/api/v1/tickets/1892000001054003"))
            .and(header("authorization", "Zoho-oauthtoken 1000.abc"))
            .and(header("orgid", "2389290"))
            .and(body_json(&body))
            .respond_with(ResponseTemplate::new(200).set_body_json(&documented))
            .expect(1)
            .mount(&server)
            .await;
        let client = Client::builder("1000.abc").base_url(server.uri()).org_id("2389290").build().unwrap();
        let typed: UpdateTicketBody = serde_json::from_value(body).unwrap();
        let ticket =
            client.update_ticket("1892000001054003", &typed).await.expect("the page's 200 example").into_inner();
        assert_eq!(ticket.is_deleted, Some(false));
        assert_eq!(ticket.entity_skills.as_ref().map(Vec::len), Some(4));
        let response_fields = strings(&seed["response_fields"]);
        assert_fields::<TicketResponseBody>("response", &documented, &response_fields);
    }
}

mod inboxops_page {
    use super::*;
    use inboxops::types::{TicketPriority, TicketResponse, TicketStatus, UpdateTicketRequest};
    use inboxops::{Client, Error, UpdateTicketError};

    #[tokio::test]
    async fn update_ticket_page() {
        let seed = seed("inboxops-update-ticket");
        assert_eq!(skipped(&seed), Vec::<String>::new());
        assert_request_examples::<UpdateTicketRequest>(&seed);
        let example = seed["request_examples"][0]["body"].clone();
        assert_fields::<UpdateTicketRequest>("request", &example, &strings(&seed["request_fields"]));
        let documented = response(&seed, 200);
        assert_fields::<TicketResponse>("response", &documented, &strings(&seed["response_fields"]));

        let server = MockServer::start().await;
        Mock::given(method("PATCH"))
            .and(path("/api/v1/tickets/example_string"))
            .and(header("authorization", "Bearer ixk_test"))
            .and(body_json(&example))
            .respond_with(ResponseTemplate::new(200).set_body_json(&documented))
            .expect(1)
            .mount(&server)
            .await;
        let client = Client::builder("ixk_test").base_url(server.uri()).build().unwrap();
        let body: UpdateTicketRequest = serde_json::from_value(example).unwrap();
        let ticket = client.update_ticket("example_string", &body).await.expect("the documented 200").into_inner();
        assert_eq!(ticket.data.ticket_number, 42);

        // Every documented error example decodes into its status's variant.
        for status in [400_u16, 401, 403, 404, 429] {
            let server = MockServer::start().await;
            Mock::given(method("PATCH"))
                .respond_with(ResponseTemplate::new(status).set_body_json(response(&seed, status)))
                .mount(&server)
                .await;
            let client = Client::builder("ixk_test").base_url(server.uri()).build().unwrap();
            let err = client.update_ticket("example_string", &body).await.unwrap_err();
            let problem = match (status, err) {
                (400, Error::Api { body: UpdateTicketError::Status400(p), .. })
                | (401, Error::Api { body: UpdateTicketError::Status401(p), .. })
                | (403, Error::Api { body: UpdateTicketError::Status403(p), .. })
                | (404, Error::Api { body: UpdateTicketError::Status404(p), .. })
                | (429, Error::Api { body: UpdateTicketError::Status429(p), .. }) => p,
                (status, other) => panic!("expected the documented {status}, got {other:?}"),
            };
            assert_eq!(serde_json::to_value(&problem).unwrap()["code"], status);
        }

        assert_enum!(TicketStatus, strings(&seed["enums"]["status"]));
        assert_enum!(TicketPriority, strings(&seed["enums"]["priority"]));
    }
}
