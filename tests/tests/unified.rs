//! The `helpdesk` crate's one scenario, per provider, on the provider crate's typed mock server
//! (127.0.0.1): create → get → update status and priority → comment (public reply and internal
//! note) → list (three pages) → close. Each `Helpdesk` is built from a TOML `Config` pointing at
//! the mock; responses are the vendors' documented examples; every request the provider receives
//! is asserted exactly (method, path and query, body, headers), and the common values decoded
//! from the examples are checked. A step the provider does not support returns
//! `Error::Unsupported` and sends nothing.

use conformance::{assert_only_headers, patched_spec, typed};
use helpdesk::{
    Config, Error, Helpdesk, ListTickets, NewComment, NewTicket, Operation, Priority, Provider, TicketStatus,
    TicketUpdate, Visibility,
};
use helpdesk_runtime::futures::{StreamExt, TryStreamExt};
use serde_json::{json, Value};

/// The first documented example of a response (`#/components/responses/<name>`, or an
/// operation's response), `$ref`s followed.
fn example(provider: &str, response: &str) -> Value {
    fn follow(spec: &Value, mut node: Value) -> Value {
        while let Some(target) = node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            node = spec.pointer(target).unwrap_or_else(|| panic!("dangling $ref {target}")).clone();
        }
        node
    }
    let spec = patched_spec(provider);
    let at = spec.pointer(response).unwrap_or_else(|| panic!("nothing at {provider}#{response}")).clone();
    let resolved = follow(&spec, at);
    let content = resolved.pointer("/content/application~1json").unwrap_or_else(|| panic!("no JSON at {response}"));
    if let Some(examples) = content.get("examples").and_then(Value::as_object) {
        return follow(&spec, examples.values().next().expect("one example").clone())["value"].clone();
    }
    content.get("example").cloned().unwrap_or_else(|| panic!("no example at {provider}#{response}"))
}

/// Every request the server received, as `METHOD /path?query body`, the body as JSON; each
/// request carries exactly `headers` (name, value) besides the transport ones.
async fn wire(requests: Vec<wiremock::Request>, headers: &[(&str, &str)]) -> Vec<String> {
    let names: Vec<&str> = headers.iter().map(|(name, _)| *name).collect();
    requests
        .iter()
        .map(|request| {
            assert_only_headers(request, &names);
            for (name, value) in headers {
                assert_eq!(request.headers.get(*name).map(|v| v.to_str().unwrap()), Some(*value), "{name}");
            }
            let target = match request.url.query() {
                Some(query) => format!("{}?{query}", request.url.path()),
                None => request.url.path().to_owned(),
            };
            let body = if request.body.is_empty() {
                String::new()
            } else {
                serde_json::from_slice::<Value>(&request.body).expect("JSON body").to_string()
            };
            format!("{} {target} {body}", request.method).trim_end().to_owned()
        })
        .collect()
}

/// A step the provider does not support: `Unsupported` for that operation, and no request.
async fn assert_unsupported<T: std::fmt::Debug>(
    result: Result<T, Error>,
    expected: Operation,
    received_before: usize,
    now: usize,
) {
    match result {
        Err(Error::Unsupported { operation, reason, .. }) => {
            assert_eq!(operation, expected);
            assert!(!reason.is_empty());
        }
        other => panic!("expected Unsupported({expected}), got {other:?}"),
    }
    assert_eq!(received_before, now, "an unsupported step sent a request");
}

mod zoho_desk_scenario {
    use super::*;
    use zoho_desk::mock::MockServer;
    use zoho_desk::types::{
        CommentResponse, CommonTagResponseBody, GetTicketResponseBody, TicketListViewArrayBody, TicketResponseBody,
    };

    const PROVIDER: &str = "zoho-desk";

    fn page(first: u64, count: u64) -> TicketListViewArrayBody {
        let documented = example(PROVIDER, "/components/responses/ticketListViewArray");
        let item = documented["data"][0].clone();
        let data: Vec<Value> = (first..first + count)
            .map(|n| {
                let mut item = item.clone();
                item["id"] = json!(format!("100{n}"));
                item
            })
            .collect();
        typed(json!({ "data": data }))
    }

    #[tokio::test]
    async fn create_get_update_comment_list_and_close() {
        let server = MockServer::start().await;
        let config = Config::from_toml(&format!(
            "provider = \"zoho-desk\"\ntoken = \"1000.abc\"\norg-id = \"2389290\"\ndepartment-id = \"7\"\nbase-url = \"{}\"",
            server.uri()
        ))
        .expect("valid TOML");
        let desk = Helpdesk::from_config(&config).expect("a client");
        assert_eq!(desk.provider(), Provider::ZohoDesk);
        assert!(desk.capabilities().supported().eq(Operation::ALL));

        let ticket: TicketResponseBody = typed(example(PROVIDER, "/components/responses/ticketResponse"));
        let id = ticket.id.clone().expect("the example has an id");
        server.create_ticket().respond_200(&ticket).expect(1).mount().await;
        let new = NewTicket::new("Printer on fire")
            .description("Smoke since 9am")
            .contact("ada@example.com")
            .priority(Priority::High);
        let created = desk.create_ticket(&new).await.expect("created");
        assert_eq!(created.id, id);
        // The documented ticket: Open, High, its web URL, times in Unix milliseconds.
        assert_eq!((created.status, created.priority), (Some(TicketStatus::Open), Some(Priority::High)));
        assert_eq!(created.web_url, ticket.web_url);
        assert_eq!(created.updated_at.map(|at| at.unix_timestamp()), Some(1_466_504_175));

        let detail: GetTicketResponseBody = typed(example(PROVIDER, "/components/responses/getTicketResponse"));
        server.get_ticket().ticket_id(&id).respond_200(&detail).expect(1).mount().await;
        let fetched = desk.get_ticket(&id).await.expect("fetched");
        assert_eq!(fetched.subject, detail.subject);
        assert_eq!(fetched.assignee.as_deref(), Some("1892000000056007"));

        server.update_ticket().ticket_id(&id).respond_200(&ticket).expect(1).mount().await;
        let tagged: CommonTagResponseBody = typed(example(PROVIDER, "/components/responses/commonTagResponse"));
        server.associate_ticket_tags().ticket_id(&id).respond_200(&tagged).expect(1).mount().await;
        let update = TicketUpdate::default().status(TicketStatus::OnHold).priority(Priority::Normal).tags(["printer"]);
        desk.update_ticket(&id, &update).await.expect("updated");

        let comment: CommentResponse = typed(example(PROVIDER, "/components/responses/commentResponse"));
        server.create_ticket_comment().ticket_id(&id).respond_200(&comment).expect(2).mount().await;
        let reply = desk.add_comment(&id, &NewComment::public("On our way")).await.expect("reply");
        assert_eq!(reply.body, comment.content);
        desk.add_comment(&id, &NewComment::internal("Check the fuser")).await.expect("note");

        server.get_tickets().respond_pages(&[page(1, 2), page(3, 2), page(5, 1)]).await;
        let listed: Vec<String> = desk
            .list_tickets(&ListTickets::default().page_size(2))
            .map_ok(|ticket| ticket.id)
            .try_collect()
            .await
            .expect("three pages");
        assert_eq!(listed, ["1001", "1002", "1003", "1004", "1005"]);

        server.close_tickets().respond_200().expect(1).mount().await;
        desk.close_ticket(&id).await.expect("closed");

        let comments = format!("POST /api/v1/tickets/{id}/comments");
        assert_eq!(
            wire(server.requests().await, &[("authorization", "Zoho-oauthtoken 1000.abc"), ("orgid", "2389290")]).await,
            [
                r#"POST /api/v1/tickets {"contact":{"email":"ada@example.com","lastName":null},"departmentId":"7","description":"Smoke since 9am","priority":"High","subject":"Printer on fire"}"#.to_owned(),
                format!("GET /api/v1/tickets/{id}"),
                format!(r#"POST /api/v1/tickets/{id}/associateTag {{"tags":["printer"]}}"#),
                format!(r#"PATCH /api/v1/tickets/{id} {{"priority":"Medium","status":"On Hold"}}"#),
                format!(r#"{comments} {{"attachmentIds":null,"content":"On our way","contentType":"plainText","isPublic":true}}"#),
                format!(r#"{comments} {{"attachmentIds":null,"content":"Check the fuser","contentType":"plainText","isPublic":false}}"#),
                "GET /api/v1/tickets?departmentId=7&limit=2".to_owned(),
                "GET /api/v1/tickets?departmentId=7&limit=2&from=2".to_owned(),
                "GET /api/v1/tickets?departmentId=7&limit=2&from=4".to_owned(),
                format!(r#"POST /api/v1/closeTickets {{"ids":["{id}"]}}"#),
            ]
        );
    }

    #[tokio::test]
    async fn a_status_zoho_desk_has_no_state_for_is_refused_before_any_request() {
        let server = MockServer::start().await;
        let config = Config::from_toml(&format!(
            "provider = \"zoho-desk\"\ntoken = \"t\"\norg-id = \"1\"\nbase-url = \"{}\"",
            server.uri()
        ))
        .expect("valid TOML");
        let desk = Helpdesk::from_config(&config).expect("a client");
        let err = desk.update_ticket("1", &TicketUpdate::default().status(TicketStatus::Waiting)).await.unwrap_err();
        assert!(matches!(err, Error::InvalidInput { field: "status", .. }), "{err:?}");
        let err = desk.update_ticket("1", &TicketUpdate::default().priority(Priority::Urgent)).await.unwrap_err();
        assert!(matches!(err, Error::InvalidInput { field: "priority", .. }), "{err:?}");
        // No department configured: listing is refused before any request.
        let err = desk.list_tickets(&ListTickets::default()).next().await.expect("one item").unwrap_err();
        assert!(matches!(err, Error::InvalidInput { field: "department", .. }), "{err:?}");
        assert!(server.requests().await.is_empty());
    }
}

mod periskope_scenario {
    use super::*;
    use periskope::mock::MockServer;
    use periskope::types::{TicketInfo, TicketList};

    const PROVIDER: &str = "periskope";

    /// A page of Get Tickets: its documented first ticket, `count` times with ids from `first`.
    fn page(first: u64, count: u64) -> TicketList {
        let documented = example(PROVIDER, "/paths/~1tickets/get/responses/200");
        let item = documented["tickets"][0].clone();
        let tickets: Vec<Value> = (first..first + count)
            .map(|n| {
                let mut item = item.clone();
                item["ticket_id"] = json!(format!("BKT-{n:03}"));
                item
            })
            .collect();
        typed(json!({ "count": count, "from": first, "to": first + count - 1, "tickets": tickets }))
    }

    #[tokio::test]
    async fn create_get_update_list_and_close_comments_are_unsupported() {
        let server = MockServer::start().await;
        let config = Config::from_toml(&format!(
            "provider = \"periskope\"\ntoken = \"psk_test\"\nphone = \"919876543210\"\nbase-url = \"{}\"",
            server.uri()
        ))
        .expect("valid TOML");
        let desk = Helpdesk::from_config(&config).expect("a client");
        assert!(desk.periskope().is_some());

        let info: TicketInfo = typed(example(PROVIDER, "/paths/~1tickets~1{ticket_id}/patch/responses/200"));
        // The documented ticket's `ticket_id` is empty; the other steps use BKT-001.
        let id = "BKT-001";
        server.create_ticket().respond_200(&info).expect(1).mount().await;
        let new = NewTicket::new("Printer on fire").contact("919537851844@c.us").priority(Priority::Urgent);
        let created = desk.create_ticket(&new).await.expect("created");
        // The documented ticket: closed, priority 2 (Medium: Normal), subject, no assignee ("").
        assert_eq!((created.status, created.priority), (Some(TicketStatus::Closed), Some(Priority::Normal)));
        assert_eq!((created.subject.as_deref(), created.assignee), (Some("New subject 1"), None));
        assert_eq!(created.created_at.map(|at| at.unix_timestamp()), Some(1_779_177_509));
        // A description has no field in Periskope: refused before any request.
        let err = desk.create_ticket(&new.clone().description("Smoke")).await.unwrap_err();
        assert!(matches!(err, Error::InvalidInput { field: "description", .. }), "{err:?}");

        server.get_ticket_by_id().ticket_id(id).respond_200(&info).expect(1).mount().await;
        let fetched = desk.get_ticket(id).await.expect("fetched");
        assert_eq!(fetched.subject, info.ticket.as_ref().and_then(|t| t.subject.clone()));

        server.update_ticket().ticket_id(id).respond_200(&info).expect(2).mount().await;
        let update = TicketUpdate::default()
            .status(TicketStatus::InProgress)
            .priority(Priority::High)
            .assignee("ada@example.com");
        desk.update_ticket(id, &update).await.expect("updated");
        let before = server.requests().await.len();
        let err = desk.update_ticket(id, &TicketUpdate::default().status(TicketStatus::Waiting)).await.unwrap_err();
        assert!(matches!(err, Error::InvalidInput { field: "status", .. }), "{err:?}");
        assert_eq!(server.requests().await.len(), before);

        for comment in [NewComment::public("On our way"), NewComment::internal("Check the fuser")] {
            let before = server.requests().await.len();
            let operation = if comment.visibility == Visibility::Public {
                Operation::AddPublicReply
            } else {
                Operation::AddInternalNote
            };
            let result = desk.add_comment(id, &comment).await;
            assert_unsupported(result, operation, before, server.requests().await.len()).await;
        }

        server.get_tickets().respond_pages(&[page(1, 2), page(3, 2), page(5, 1)]).await;
        let listed: Vec<helpdesk::Ticket> =
            desk.list_tickets(&ListTickets::default().page_size(2)).try_collect().await.expect("three pages");
        let ids: Vec<&str> = listed.iter().map(|ticket| ticket.id.as_str()).collect();
        assert_eq!(ids, ["BKT-001", "BKT-002", "BKT-003", "BKT-004", "BKT-005"]);
        // The documented list item: inprogress, priority 0 (no row: Other), its chat and update time.
        let first = &listed[0];
        assert_eq!(
            (first.status.clone(), first.priority.clone()),
            (Some(TicketStatus::InProgress), Some(Priority::Other("0".into())))
        );
        assert_eq!(first.contact.as_deref(), Some("918527184400@c.us"));
        assert_eq!(first.assignee.as_deref(), Some("test@periskope.app"));
        assert_eq!(first.updated_at.map(|at| at.unix_timestamp()), Some(1_737_899_215));

        desk.close_ticket(id).await.expect("closed");

        let path = format!("/tickets/{id}");
        assert_eq!(
            wire(server.requests().await, &[("authorization", "Bearer psk_test"), ("x-phone", "919876543210")]).await,
            [
                r#"POST /tickets/create {"chat_id":"919537851844@c.us","priority":"4","subject":"Printer on fire"}"#
                    .to_owned(),
                format!("GET {path}"),
                format!(r#"PATCH {path} {{"assignee":"ada@example.com","priority":"3","status":"inprogress"}}"#),
                "GET /tickets?limit=2".to_owned(),
                "GET /tickets?offset=2&limit=2".to_owned(),
                "GET /tickets?offset=4&limit=2".to_owned(),
                format!(r#"PATCH {path} {{"status":"closed"}}"#),
            ]
        );
    }
}

mod list_filters {
    use super::*;
    use periskope::mock::MockServer;
    use periskope::types::TicketList;

    /// `updated_since` and `status` are applied client-side to every page, all pages still read.
    #[tokio::test]
    async fn updated_since_and_status_filter_every_page() {
        let server = MockServer::start().await;
        let config = Config::from_toml(&format!(
            "provider = \"periskope\"\ntoken = \"k\"\nphone = \"919876543210\"\nbase-url = \"{}\"",
            server.uri()
        ))
        .expect("valid TOML");
        let desk = Helpdesk::from_config(&config).expect("a client");
        let documented = example("periskope", "/paths/~1tickets/get/responses/200");
        let ticket = |id: &str, status: &str, updated: &str| {
            let mut item = documented["tickets"][0].clone();
            item["ticket_id"] = json!(id);
            item["status"] = json!(status);
            item["last_updated_at"] = json!(updated);
            item
        };
        let page = |tickets: Vec<Value>| -> TicketList { typed(json!({ "count": tickets.len(), "tickets": tickets })) };
        server
            .get_tickets()
            .respond_pages(&[
                page(vec![
                    ticket("BKT-001", "open", "2025-01-20T10:00:00+00:00"),
                    ticket("BKT-002", "open", "2025-01-27T10:00:00+00:00"),
                ]),
                page(vec![
                    ticket("BKT-003", "closed", "2025-01-28T10:00:00+00:00"),
                    ticket("BKT-004", "open", "2025-01-29T09:30:00.5+00:00"),
                ]),
                page(vec![]),
            ])
            .await;
        let since = time::OffsetDateTime::from_unix_timestamp(1_737_900_000).expect("2025-01-26T14:00Z");
        let filter = ListTickets::default().updated_since(since).status(TicketStatus::Open).page_size(2);
        let ids: Vec<String> = desk.list_tickets(&filter).map_ok(|t| t.id).try_collect().await.expect("pages");
        assert_eq!(ids, ["BKT-002", "BKT-004"]);
        assert_eq!(server.requests().await.len(), 3, "two full pages and the empty one that ends the list");
    }
}

mod intercom_scenario {
    use super::*;
    use intercom::mock::MockServer;
    use intercom::types::{Ticket, TicketNote};

    const PROVIDER: &str = "intercom";

    fn ticket() -> Ticket {
        typed(example(PROVIDER, "/paths/~1tickets~1{id}/get/responses/200"))
    }

    #[tokio::test]
    async fn create_get_update_note_and_close_list_and_public_replies_are_unsupported() {
        let server = MockServer::start().await;
        let config = Config::from_toml(&format!(
            "provider = \"intercom\"\ntoken = \"tok\"\nadmin-id = \"991267\"\nticket-type-id = \"1234\"\nbase-url = \"{}\"",
            server.uri()
        ))
        .expect("valid TOML");
        let desk = Helpdesk::from_config(&config).expect("a client");
        let ticket = ticket();
        let id = ticket.id.clone().expect("the example has an id");

        server.create_ticket().respond_200(&ticket).expect(1).mount().await;
        let created = desk
            .create_ticket(&NewTicket::new("Printer on fire").description("Smoke").contact("ada@example.com"))
            .await
            .expect("created");
        assert_eq!(created.id, id);
        assert_eq!(created.priority, None, "Intercom 2.9 tickets have no priority");

        server.get_ticket().id(&id).respond_200(&ticket).expect(2).mount().await;
        let fetched = desk.get_ticket(&id).await.expect("fetched");
        // The documented ticket: `submitted` reads as Open, its title attribute as the subject.
        assert_eq!(fetched.status, Some(TicketStatus::Open));
        assert_eq!(fetched.subject.as_deref(), Some("attribute_value"));
        assert_eq!(fetched.description, None);

        // A priority is refused before any request; the status goes through.
        let before = server.requests().await.len();
        let err = desk.update_ticket(&id, &TicketUpdate::default().priority(Priority::High)).await.unwrap_err();
        assert!(matches!(err, Error::InvalidInput { field: "priority", .. }), "{err:?}");
        assert_eq!(server.requests().await.len(), before);
        server.update_ticket().id(&id).respond_200(&ticket).expect(2).mount().await;
        desk.update_ticket(&id, &TicketUpdate::default().status(TicketStatus::Waiting).assignee("814860"))
            .await
            .expect("updated");

        let before = server.requests().await.len();
        let public = desk.add_comment(&id, &NewComment::public("On our way")).await;
        assert_unsupported(public, Operation::AddPublicReply, before, server.requests().await.len()).await;
        let note: TicketNote = typed(example(PROVIDER, "/paths/~1tickets~1{id}~1reply/post/responses/200"));
        server.reply_ticket().id(&id).respond_200(&note).expect(1).mount().await;
        let written = desk.add_comment(&id, &NewComment::internal("Check the fuser")).await.expect("note");
        assert_eq!(written.visibility, Visibility::Internal);
        let comments: Vec<_> = desk.list_comments(&id).try_collect().await.expect("comments");
        // The documented ticket's only part is a state change by an admin, which is no comment.
        assert_eq!(comments, []);

        let before = server.requests().await.len();
        let listed = desk.list_tickets(&ListTickets::default()).next().await.expect("one item");
        assert_unsupported(listed, Operation::ListTickets, before, server.requests().await.len()).await;

        desk.close_ticket(&id).await.expect("resolved");

        let path = format!("/tickets/{id}");
        assert_eq!(
            wire(server.requests().await, &[("authorization", "Bearer tok"), ("intercom-version", "2.9")]).await,
            [
                r#"POST /tickets {"contacts":[{"email":"ada@example.com"}],"ticket_attributes":{"_default_description_":"Smoke","_default_title_":"Printer on fire"},"ticket_type_id":"1234"}"#.to_owned(),
                format!("GET {path}"),
                format!(r#"PUT {path} {{"assignment":{{"admin_id":"991267","assignee_id":"814860"}},"state":"waiting_on_customer"}}"#),
                format!(r#"POST {path}/reply {{"admin_id":"991267","body":"Check the fuser","message_type":"note"}}"#),
                format!("GET {path}"),
                format!(r#"PUT {path} {{"state":"resolved"}}"#),
            ]
        );
    }
}

mod intercom_comments {
    use super::*;
    use intercom::mock::MockServer;
    use intercom::types::Ticket;

    /// The ticket's comments are its `comment` (public) and `note` (internal) parts; state
    /// changes and assignments are left out.
    #[tokio::test]
    async fn comments_are_the_comment_and_note_parts_of_the_ticket() {
        let server = MockServer::start().await;
        let config =
            Config::from_toml(&format!("provider = \"intercom\"\ntoken = \"tok\"\nbase-url = \"{}\"", server.uri()))
                .expect("valid TOML");
        let desk = Helpdesk::from_config(&config).expect("a client");
        let mut ticket = example("intercom", "/paths/~1tickets~1{id}/get/responses/200");
        let part = |id: &str, part_type: &str, body: Value| {
            json!({"type": "ticket_part", "id": id, "part_type": part_type, "body": body, "created_at": 1717021700,
                   "author": {"id": "991267748", "type": "admin", "name": "Ciaran438 Lee", "email": "admin438@email.com"}})
        };
        let state_change = ticket["ticket_parts"]["ticket_parts"][0].clone();
        ticket["ticket_parts"]["ticket_parts"] = json!([
            state_change,
            part("108", "comment", json!("<p>On our way</p>")),
            part("109", "note", json!("<p>Check the fuser</p>")),
            part("110", "assignment", Value::Null),
        ]);
        let ticket: Ticket = typed(ticket);
        server.get_ticket().id("494").respond_200(&ticket).expect(1).mount().await;
        let comments: Vec<helpdesk::Comment> = desk.list_comments("494").try_collect().await.expect("comments");
        let seen: Vec<(Option<&str>, Visibility, Option<&str>)> =
            comments.iter().map(|c| (c.id.as_deref(), c.visibility, c.body.as_deref())).collect();
        assert_eq!(
            seen,
            [
                (Some("108"), Visibility::Public, Some("<p>On our way</p>")),
                (Some("109"), Visibility::Internal, Some("<p>Check the fuser</p>")),
            ]
        );
        assert_eq!(comments[0].author.as_deref(), Some("991267748"));
        assert_eq!(comments[0].created_at.map(|at| at.unix_timestamp()), Some(1_717_021_700));
    }
}

mod inboxops_scenario {
    use super::*;
    use inboxops::mock::MockServer;
    use inboxops::types::TicketResponse;

    const PROVIDER: &str = "inboxops";

    #[tokio::test]
    async fn create_get_update_and_close_comments_and_list_are_unsupported() {
        let server = MockServer::start().await;
        let config = Config::from_toml(&format!(
            "provider = \"inboxops\"\ntoken = \"ixk_test\"\nbase-url = \"{}\"",
            server.uri()
        ))
        .expect("valid TOML");
        let desk = Helpdesk::from_config(&config).expect("a client");

        let created: TicketResponse = typed(example(PROVIDER, "/paths/~1api~1v1~1tickets/post/responses/201"));
        let id = created.data.id.clone();
        server.create_ticket().respond_201(&created).expect(1).mount().await;
        let ticket = desk
            .create_ticket(&NewTicket::new("Printer on fire").contact("ada@example.com").priority(Priority::Urgent))
            .await
            .expect("created");
        assert_eq!(ticket.id, id);
        assert!(ticket.created_at.is_some());

        let found: TicketResponse = typed(example(PROVIDER, "/paths/~1api~1v1~1tickets~1{id}/get/responses/200"));
        server.get_ticket().id(&id).respond_200(&found).expect(1).mount().await;
        let fetched = desk.get_ticket(&id).await.expect("fetched");
        // The documented ticket: open, low, assigned, created on Christmas 2024 at 10:00 UTC.
        assert_eq!((fetched.status, fetched.priority), (Some(TicketStatus::Open), Some(Priority::Low)));
        assert_eq!(fetched.assignee.as_deref(), Some("123e4567-e89b-12d3-a456-426614174000"));
        assert_eq!(fetched.updated_at.map(|at| at.unix_timestamp()), Some(1_735_120_800));

        let updated: TicketResponse = typed(example(PROVIDER, "/paths/~1api~1v1~1tickets~1{id}/patch/responses/200"));
        server.update_ticket().id(&id).respond_200(&updated).expect(2).mount().await;
        desk.update_ticket(
            &id,
            &TicketUpdate::default().status(TicketStatus::Waiting).priority(Priority::High).unassign(),
        )
        .await
        .expect("updated");

        for comment in [NewComment::public("On our way"), NewComment::internal("Check the fuser")] {
            let before = server.requests().await.len();
            let operation = if comment.visibility == Visibility::Public {
                Operation::AddPublicReply
            } else {
                Operation::AddInternalNote
            };
            let result = desk.add_comment(&id, &comment).await;
            assert_unsupported(result, operation, before, server.requests().await.len()).await;
        }
        let before = server.requests().await.len();
        let listed = desk.list_tickets(&ListTickets::default()).next().await.expect("one item");
        assert_unsupported(listed, Operation::ListTickets, before, server.requests().await.len()).await;

        desk.close_ticket(&id).await.expect("closed");

        let path = format!("/api/v1/tickets/{id}");
        assert_eq!(
            wire(server.requests().await, &[("authorization", "Bearer ixk_test")]).await,
            [
                r#"POST /api/v1/tickets {"priority":"urgent","reporter_email":"ada@example.com","subject":"Printer on fire"}"#.to_owned(),
                format!("GET {path}"),
                format!(r#"PATCH {path} {{"assignee_id":null,"priority":"high","status":"waiting"}}"#),
                format!(r#"PATCH {path} {{"status":"closed"}}"#),
            ]
        );
    }
}

/// The mapping tables, against every status and priority value the providers' specs list.
mod mapping {
    use super::*;
    use helpdesk::mapping::{
        priority_table, read_priority, read_status, status_table, write_priority, write_status, Row,
    };
    use proptest::prelude::*;

    /// The values a provider's (patched) spec enumerates at `pointer`.
    fn listed(provider: &str, pointer: &str) -> Vec<String> {
        let values = conformance::spec_value(provider, pointer);
        let values = values.as_array().unwrap_or_else(|| panic!("no enum at {provider}#{pointer}"));
        values.iter().map(|value| value.as_str().expect("string values").to_owned()).collect()
    }

    /// Every status value of every provider: the spec's enum where it has one; Zoho Desk's
    /// status is a free string whose defaults its docs list (Open, On Hold, Escalated, Closed).
    fn statuses() -> Vec<(Provider, Vec<String>)> {
        vec![
            (Provider::Periskope, listed("periskope", "/components/schemas/ticket_status/enum")),
            (Provider::Intercom, listed("intercom", "/components/schemas/ticket/properties/ticket_state/enum")),
            (Provider::ZohoDesk, ["Open", "On Hold", "Escalated", "Closed"].map(String::from).to_vec()),
            (Provider::InboxOps, listed("inboxops", "/components/schemas/ticket_status/enum")),
        ]
    }

    fn priorities() -> Vec<(Provider, Vec<String>)> {
        vec![
            (Provider::Periskope, listed("periskope", "/components/schemas/ticket_priority/enum")),
            (Provider::Intercom, Vec::new()),
            (Provider::ZohoDesk, ["Low", "Medium", "High"].map(String::from).to_vec()),
            (Provider::InboxOps, listed("inboxops", "/components/schemas/ticket_priority/enum")),
        ]
    }

    /// A value reads as its row's common value and writes back to itself, or its row is marked
    /// lossy and the common value writes to another row's value (that reads the same) or is
    /// refused; a value no row names reads as `Other` and writes back unchanged.
    fn round_trip<C: Clone + PartialEq + std::fmt::Debug>(
        provider: Provider,
        value: &str,
        table: &[Row<C>],
        read: impl Fn(Provider, &str) -> C,
        write: impl Fn(Provider, &C) -> Result<String, Error>,
    ) {
        let common = read(provider, value);
        match table.iter().find(|row| row.provider_value == value) {
            Some(row) => {
                assert_eq!(common, row.common, "{provider} {value}");
                match (row.lossy, write(provider, &common)) {
                    (None, written) => assert_eq!(written.expect("writable").as_str(), value, "{provider}"),
                    (Some(_), Ok(other)) => {
                        assert_ne!(other, value, "{provider}: a lossy row writes another value");
                        assert_eq!(read(provider, &other), common, "{provider}: which reads the same");
                    }
                    (Some(_), Err(err)) => assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}"),
                }
            }
            None => assert_eq!(write(provider, &common).expect("Other writes back").as_str(), value, "{provider}"),
        }
    }

    #[test]
    fn every_listed_status_and_priority_maps_to_the_common_model_and_back() {
        for (provider, values) in statuses() {
            let table = status_table(provider);
            for row in table {
                assert!(
                    values.contains(&row.provider_value.to_owned()),
                    "{provider}: {} is not a listed value",
                    row.provider_value
                );
            }
            for value in &values {
                round_trip(provider, value, table, read_status, write_status);
            }
        }
        for (provider, values) in priorities() {
            let table = priority_table(provider);
            for value in &values {
                round_trip(provider, value, table, read_priority, write_priority);
            }
            assert_eq!(values.len(), table.len(), "{provider}: every listed priority has a row");
        }
        // Every listed value of a provider with an enum is in its table (only Zoho Desk's
        // Escalated is left to `Other`).
        for (provider, values) in statuses() {
            let unmapped: Vec<_> = values
                .iter()
                .filter(|value| !status_table(provider).iter().any(|row| row.provider_value == **value))
                .collect();
            let expected: Vec<&str> = if provider == Provider::ZohoDesk { vec!["Escalated"] } else { vec![] };
            assert_eq!(unmapped, expected, "{provider}");
        }
    }

    #[test]
    fn common_values_a_provider_cannot_write_are_refused_not_substituted() {
        use TicketStatus::*;
        let refused = |provider, status: TicketStatus| {
            matches!(write_status(provider, &status), Err(Error::InvalidInput { field: "status", .. }))
        };
        assert!(refused(Provider::Periskope, Waiting) && refused(Provider::Periskope, OnHold));
        assert!(refused(Provider::Periskope, Resolved));
        assert!(refused(Provider::Intercom, Open) && refused(Provider::Intercom, Closed));
        assert!(refused(Provider::ZohoDesk, InProgress) && refused(Provider::ZohoDesk, Waiting));
        assert!(refused(Provider::InboxOps, OnHold));
        assert!(matches!(write_priority(Provider::Intercom, &Priority::Low), Err(Error::InvalidInput { .. })));
        assert!(matches!(write_priority(Provider::ZohoDesk, &Priority::Urgent), Err(Error::InvalidInput { .. })));
    }

    fn common_status() -> impl Strategy<Value = TicketStatus> {
        prop_oneof![
            Just(TicketStatus::Open),
            Just(TicketStatus::InProgress),
            Just(TicketStatus::Waiting),
            Just(TicketStatus::OnHold),
            Just(TicketStatus::Resolved),
            Just(TicketStatus::Closed),
            "[A-Za-z _-]{0,12}".prop_map(TicketStatus::Other),
        ]
    }

    fn provider() -> impl Strategy<Value = Provider> {
        prop::sample::select(Provider::ALL.to_vec())
    }

    proptest! {
        /// Any text a provider might send reads as a common value that writes back to a value
        /// reading the same (the text itself unless a lossy row names it).
        #[test]
        fn any_provider_text_reads_and_writes_back(provider in provider(), text in "\\PC{0,16}") {
            let status = read_status(provider, &text);
            if let Ok(written) = write_status(provider, &status) {
                prop_assert_eq!(read_status(provider, &written), status.clone());
            }
            let lossy = status_table(provider).iter().any(|row| row.provider_value == text && row.lossy.is_some());
            if !lossy {
                prop_assert_eq!(write_status(provider, &status).ok(), Some(text.clone()));
            }
            if !priority_table(provider).is_empty() {
                let priority = read_priority(provider, &text);
                prop_assert_eq!(write_priority(provider, &priority).ok(), Some(text));
            }
        }

        /// Any common status either writes to a value that reads back as itself, or is refused
        /// (`Other(text)` reads back as what `text` reads as: `Other("Open")` is Zoho's Open).
        #[test]
        fn any_common_status_writes_to_a_value_reading_the_same_or_is_refused(provider in provider(), status in common_status()) {
            let expected = match &status {
                TicketStatus::Other(text) => read_status(provider, text),
                known => known.clone(),
            };
            match write_status(provider, &status) {
                Ok(written) => prop_assert_eq!(read_status(provider, &written), expected),
                Err(err) => {
                    let refused = matches!(err, Error::InvalidInput { field: "status", .. });
                    prop_assert!(refused, "{:?}", err);
                }
            }
        }
    }
}
