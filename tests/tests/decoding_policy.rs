//! The response-decoding policy (docs/using.md: "Response decoding"), one test per rule, each
//! through a generated client on 127.0.0.1.

use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server that answers every request with `status` and `body`.
async fn answering(status: u16, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(status).set_body_json(body)).mount(&server).await;
    server
}

fn inboxops_ticket() -> Value {
    json!({"data": {
        "id": "123e4567-e89b-12d3-a456-426614174000",
        "ticket_number": 42,
        "status": "open",
        "created_at": "2024-12-25T10:00:00Z",
        "updated_at": "2024-12-25T10:00:00Z"
    }})
}

async fn inboxops_update(
    body: Value,
) -> Result<inboxops::types::TicketResponse, inboxops::Error<inboxops::UpdateTicketError>> {
    let server = answering(200, body).await;
    let client = inboxops::Client::builder("ixk_t").base_url(server.uri()).build().unwrap();
    client.update_ticket("42", &inboxops::types::UpdateTicketRequest::default()).await.map(|r| r.into_inner())
}

/// Rule 1: fields the spec does not list are ignored.
#[tokio::test]
async fn unknown_fields_are_ignored() {
    let mut ticket = inboxops_ticket();
    ticket["data"]["added_next_year"] = json!({"nested": [1, 2]});
    ticket["meta"] = json!("new");
    let decoded = inboxops_update(ticket).await.expect("extra fields do not fail");
    assert_eq!(decoded.data.ticket_number, 42);
}

/// Rule 2: a string enum value the spec does not list decodes as `Unknown` and is kept as is.
#[tokio::test]
async fn unknown_enum_values_decode_as_unknown() {
    let mut ticket = inboxops_ticket();
    ticket["data"]["status"] = json!("escalated");
    let decoded = inboxops_update(ticket).await.expect("a new status does not fail");
    assert_eq!(decoded.data.status, inboxops::types::TicketStatus::Unknown("escalated".into()));
    assert_eq!(serde_json::to_value(&decoded.data.status).unwrap(), "escalated");
}

/// Rule 3: `format` never fails a decode (`formats = "text"`, the default): Intercom's
/// `request_id` is `format: uuid`, InboxOps ids are `format: uuid` and its timestamps
/// `format: date-time`.
#[tokio::test]
async fn a_value_that_breaks_its_format_still_decodes() {
    let error = json!({"type": "error.list", "request_id": "req_0042-not-a-uuid", "errors": [{"code": "unauthorized", "message": "Access Token Invalid"}]});
    let server = answering(401, error).await;
    let client = intercom::Client::builder("t").base_url(server.uri()).build().unwrap();
    match client.update_ticket("1", &intercom::types::UpdateTicketRequest::default()).await.unwrap_err() {
        intercom::Error::Api { body: intercom::UpdateTicketError::Status401(list), .. } => {
            assert_eq!(list.request_id.as_deref(), Some("req_0042-not-a-uuid"));
        }
        other => panic!("the documented 401 must stay typed, got {other:?}"),
    }

    let mut ticket = inboxops_ticket();
    ticket["data"]["id"] = json!("T-42");
    ticket["data"]["created_at"] = json!("yesterday");
    let decoded = inboxops_update(ticket).await.expect("ids and dates are text");
    assert_eq!((decoded.data.id.as_str(), decoded.data.created_at.as_str()), ("T-42", "yesterday"));
}

/// Rule 4: scalars given as another JSON scalar decode where the provider (Zoho Desk:
/// `[decode] lenient_scalars`) or the property (`x-helpdesk-lenient`) opts in, and only there.
#[tokio::test]
async fn lenient_scalars_only_where_opted_in() {
    // Zoho Desk, provider-wide: booleans as strings, counts and ids as numbers.
    let server =
        answering(200, json!({"id": 1892000001054003_u64, "isDeleted": "false", "isSpam": "true", "threadCount": 3}))
            .await;
    let client = zoho_desk::Client::builder("t").base_url(server.uri()).org_id("1").build().unwrap();
    let ticket =
        client.update_ticket("1", &zoho_desk::types::UpdateTicketBody::default()).await.expect("lenient").into_inner();
    assert_eq!((ticket.is_deleted, ticket.is_spam), (Some(false), Some(true)));
    assert_eq!((ticket.id.as_deref(), ticket.thread_count.as_deref()), (Some("1892000001054003"), Some("3")));

    // InboxOps, one property: `ticket_number` as "42".
    let mut ticket = inboxops_ticket();
    ticket["data"]["ticket_number"] = json!("42");
    assert_eq!(inboxops_update(ticket).await.expect("ticket_number is lenient").data.ticket_number, 42);

    // Periskope, one property: `priority` is 2 in responses and "2" in requests.
    let server = answering(200, json!({"ticket": {"priority": 4}})).await;
    let client = periskope::Client::builder("t").base_url(server.uri()).build().unwrap();
    let info =
        client.update_ticket("T", &periskope::types::UpdateTicketBody::default()).await.expect("lenient").into_inner();
    assert_eq!(info.ticket.and_then(|t| t.priority), Some(periskope::types::TicketPriority::Urgent));

    // Without an opt-in the type is strict: InboxOps' `status` given as a number fails.
    let mut ticket = inboxops_ticket();
    ticket["data"]["status"] = json!(1);
    assert!(matches!(inboxops_update(ticket).await, Err(inboxops::Error::Decode { .. })));
    // A value that spells no other scalar fails even where lenient.
    let server = answering(200, json!({"isDeleted": "no"})).await;
    let client = zoho_desk::Client::builder("t").base_url(server.uri()).org_id("1").build().unwrap();
    let err = client.update_ticket("1", &zoho_desk::types::UpdateTicketBody::default()).await.unwrap_err();
    assert!(matches!(err, zoho_desk::Error::Decode { .. }), "{err:?}");
}

/// Rule 5: a missing required field fails the decode (the type promises it; a vendor that
/// omits one gets an overlay entry), while a required *nullable* field may be missing.
#[tokio::test]
async fn a_missing_required_field_is_a_decode_error() {
    let mut ticket = inboxops_ticket();
    ticket["data"].as_object_mut().unwrap().remove("ticket_number");
    match inboxops_update(ticket).await {
        Err(inboxops::Error::Decode { source, .. }) => {
            assert!(source.to_string().contains("ticket_number"), "{source}")
        }
        other => panic!("expected a decode error naming the field, got {other:?}"),
    }
    // Zoho's ticket marks `id` required and nullable: missing, it decodes as `None`.
    let server = answering(200, json!({"subject": "s"})).await;
    let client = zoho_desk::Client::builder("t").base_url(server.uri()).org_id("1").build().unwrap();
    let ticket =
        client.update_ticket("1", &zoho_desk::types::UpdateTicketBody::default()).await.expect("nullable").into_inner();
    assert_eq!(ticket.id, None);
}

/// Rule 6: free-form values keep exact numbers: integers up to 64 bits are not rounded,
/// in free-form maps and in free-form attribute values (unions with a number member).
#[tokio::test]
async fn free_form_values_keep_exact_numbers() {
    let big = 12_345_678_901_234_567_u64;
    let server = answering(200, json!({"ticket": {"ticket_custom_properties": {"order": big}}})).await;
    let client = periskope::Client::builder("t").base_url(server.uri()).build().unwrap();
    let info = client.update_ticket("T", &periskope::types::UpdateTicketBody::default()).await.unwrap().into_inner();
    let encoded = serde_json::to_string(&info).unwrap();
    assert!(encoded.contains("12345678901234567"), "{encoded}");

    let ticket = json!({"type": "ticket", "ticket_attributes": {"order": big, "ratio": 0.5, "name": "x"}});
    let server = answering(200, ticket).await;
    let client = intercom::Client::builder("t").base_url(server.uri()).build().unwrap();
    let ticket =
        client.update_ticket("1", &intercom::types::UpdateTicketRequest::default()).await.unwrap().into_inner();
    let attributes = serde_json::to_value(ticket.ticket_attributes).unwrap();
    assert_eq!(attributes, json!({"name": "x", "order": big, "ratio": 0.5}));
}

/// Rule 7: requests stay strict: a lenient field is sent as its own type.
#[test]
fn requests_are_sent_as_typed() {
    let body = zoho_desk::types::UpdateTicketBody::default().disable_closure_notification(true);
    assert_eq!(serde_json::to_value(&body).unwrap(), json!({"disableClosureNotification": true}));
    let body = periskope::types::UpdateTicketBody::default().priority(periskope::types::TicketPriority::High);
    assert_eq!(serde_json::to_value(&body).unwrap(), json!({"priority": "3"}));
}
