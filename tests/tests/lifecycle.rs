//! The whole ticket lifecycle of each provider, as far as its spec goes, on its crate's typed
//! mock server (127.0.0.1): create → get → update → reply and/or comment → attach a file → list
//! everything through the pagination stream (at least three pages served by `respond_pages`,
//! each request's cursor or offset checked) → close or resolve. Every request is matched exactly
//! (method, path, query, body) with literal wiremock matchers on top of the typed stubs, as in
//! the providers' create/update tests; responses are the vendors' documented examples, decoded
//! into their response types.
//!
//! What a spec does not offer is not walked: Intercom 2.9 has no ticket attachment upload (a
//! ticket reply is an admin note without attachments); InboxOps and Periskope describe no
//! reply, comment or attachment operation, and InboxOps no list (Periskope's list is walked by
//! tests/tests/periskope.rs and unified.rs).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use conformance::{patched_spec, typed};
use futures::StreamExt;
use helpdesk_runtime::futures;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Request, ResponseTemplate};

/// The first documented example of a response (`#/components/responses/<name>`, or the
/// response of the operation at `pointer` with `status`), `$ref`s followed.
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
    let examples = resolved
        .pointer("/content/application~1json/examples")
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("no examples at {provider}#{response}"));
    follow(&spec, examples.values().next().expect("one example").clone())["value"].clone()
}

/// Answers each request with the next of `pages` (in order) and counts the requests.
fn pager(pages: Vec<ResponseTemplate>) -> (impl Fn(&Request) -> ResponseTemplate, Arc<AtomicUsize>) {
    let served = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&served);
    let respond = move |_: &Request| {
        let index = count.fetch_add(1, Ordering::SeqCst);
        pages.get(index).cloned().unwrap_or_else(|| ResponseTemplate::new(500).set_body_string("requested twice"))
    };
    (respond, served)
}

/// The parts of a `multipart/form-data` request: (the part's header lines, its bytes).
fn multipart_parts(request: &Request) -> Vec<(String, Vec<u8>)> {
    let content_type = request.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let Some(boundary) = content_type.split("boundary=").nth(1) else { return Vec::new() };
    let delimiter = format!("--{}", boundary.trim_matches('"'));
    let body = &request.body;
    let mut parts = Vec::new();
    let find = |haystack: &[u8], needle: &[u8], from: usize| {
        haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| i + from)
    };
    let mut at = find(body, delimiter.as_bytes(), 0);
    while let Some(start) = at {
        let headers_start = start + delimiter.len() + 2;
        let Some(next) = find(body, delimiter.as_bytes(), headers_start) else { break };
        let Some(blank) = find(body, b"\r\n\r\n", headers_start) else { break };
        let headers = String::from_utf8_lossy(&body[headers_start..blank]).into_owned();
        parts.push((headers, body[blank + 4..next - 2].to_vec()));
        at = Some(next);
    }
    parts
}

/// On the crate's own typed mock server (`zoho_desk::mock`): each stub is the operation's, its
/// response typed (the ticket list served by `respond_pages`, by offset); the wire (method, path,
/// headers, exact bodies, query parameters, multipart parts) is still asserted literally.
mod zoho {
    use super::*;
    use helpdesk_runtime::FilePart;
    use zoho_desk::mock::MockServer;
    use zoho_desk::types::{
        AttachmentResponseBody, CloseTicketsBody, CommentResponse, CommonSendReplyJsonChannel, CreateTicketBody,
        CreateTicketCommentBody, CreateTicketCommentBodyContentType, EmailThreadSendReply, GetTicketResponseBody,
        SendReplyBody, SendReplyResponse200, TicketListViewArrayBody, TicketResponseBody, UpdateTicketBody,
    };
    use zoho_desk::{
        Client, CreateTicketAttachmentMultipart, CreateTicketAttachmentParams, CreateTicketCommentParams,
        GetTicketParams, GetTicketsParams, Nullable, SendReplyParams,
    };

    const PROVIDER: &str = "zoho-desk";
    const TICKET: &str = "1892000000042034";

    fn client(server: &MockServer) -> Client {
        server.client_builder("1000.abc.def").org_id("2389290").build().expect("valid configuration")
    }

    fn auth() -> impl wiremock::Match {
        header("authorization", "Zoho-oauthtoken 1000.abc.def")
    }

    fn org() -> impl wiremock::Match {
        header("orgid", "2389290")
    }

    /// A page of the ticket list: the documented list item, `count` times with ids from `first`.
    fn ticket_page(first: u64, count: u64) -> Value {
        let documented = example(PROVIDER, "/components/responses/ticketListViewArray");
        let item = documented["data"][0].clone();
        let data: Vec<Value> = (first..first + count)
            .map(|n| {
                let mut item = item.clone();
                item["id"] = json!(format!("18920000000{n:05}"));
                item
            })
            .collect();
        json!({ "data": data })
    }

    #[tokio::test]
    async fn create_get_update_reply_comment_list_and_close_a_ticket() {
        let server = MockServer::start().await;
        let client = client(&server);
        let tickets = "/api/v1/tickets";
        let ticket_path = format!("{tickets}/{TICKET}");

        let ticket: TicketResponseBody = typed(example(PROVIDER, "/components/responses/ticketResponse"));

        // Create.
        server
            .create_ticket()
            .and(path(tickets))
            .and(auth())
            .and(org())
            .and(body_json(json!({
                "subject": "Printer on fire",
                "departmentId": "1892000000006907",
                "contactId": "1892000000042032"
            })))
            .respond_200(&ticket)
            .expect(1)
            .mount()
            .await;
        let mut create = CreateTicketBody::new(Some("1892000000006907".to_owned()), Some("Printer on fire".to_owned()));
        create.contact_id = Nullable::Value("1892000000042032".to_owned());
        let created = client.create_ticket(&create).await.expect("created").into_inner();
        let id = created.id.clone().expect("the ticket has an id");
        assert_eq!(id, TICKET);

        // Get.
        let fetched: GetTicketResponseBody = typed(example(PROVIDER, "/components/responses/getTicketResponse"));
        server
            .get_ticket()
            .ticket_id(TICKET)
            .and(path(ticket_path.as_str()))
            .and(auth())
            .and(org())
            .respond_200(&fetched)
            .expect(1)
            .mount()
            .await;
        let fetched = client.get_ticket(&id, &GetTicketParams::default()).await.expect("fetched").into_inner();
        assert_eq!(fetched.id.as_deref(), Some(TICKET));

        // Update.
        server
            .update_ticket()
            .ticket_id(TICKET)
            .and(path(ticket_path.as_str()))
            .and(auth())
            .and(org())
            .and(body_json(json!({"priority": "High", "assigneeId": null})))
            .respond_200(&ticket)
            .expect(1)
            .mount()
            .await;
        let mut update = UpdateTicketBody::default().priority("High");
        update.assignee_id = Nullable::Null;
        client.update_ticket(&id, &update).await.expect("updated");

        // Reply to the customer (an email thread). Thread.json documents no example: an email
        // thread with emailThreadResponseJson's required fields, as the API documents a sent reply.
        let sent: SendReplyResponse200 = typed(json!({
                "id": "1892000000094004", "channel": "EMAIL", "direction": "out", "status": "SUCCESS",
                "visibility": "public", "contentType": "text/html", "content": "We are on it.",
                "summary": "We are on it.", "fromEmailAddress": "support@zylker.com", "to": "carol@zylker.com",
                "cc": "", "bcc": "", "replyTo": "", "createdTime": "2026-11-30T10:00:00.000Z",
                "responderId": "1892000000042001", "canReply": true, "hasAttach": false, "attachmentCount": "0",
                "attachments": [], "actions": [], "readReceipts": [], "isForward": false,
                "isDescriptionThread": false, "isContentTruncated": false,
                "fullContentURL": "https://desk.zoho.com/api/v1/tickets/1892000000042034/threads/1892000000094004/originalContent",
                "author": {"id": "1892000000042001", "name": "Jade", "firstName": "Jade", "lastName": "Tywin",
                           "email": "jade@zylker.com", "photoURL": null, "type": "AGENT"},
                "impersonatedUser": {"id": "1892000000042001", "name": "Jade", "firstName": "Jade",
                                     "lastName": "Tywin", "email": "jade@zylker.com", "photoURL": null, "type": "AGENT"},
                "channelRelatedInfo": {"externalLink": null, "isBestSolution": false, "isDeleted": false},
                "source": {"appName": null, "appPhotoURL": null, "extId": null, "permalink": null, "type": "SYSTEM"}
        }));
        server
            .send_reply()
            .ticket_id(TICKET)
            .and(path(format!("{ticket_path}/sendReply")))
            .and(auth())
            .and(org())
            .and(body_json(json!({
                "channel": "EMAIL",
                "content": "We are on it.",
                "fromEmailAddress": "support@zylker.com",
                "to": "carol@zylker.com"
            })))
            .respond_200(&sent)
            .expect(1)
            .mount()
            .await;
        let mut reply = EmailThreadSendReply::new(
            Some(CommonSendReplyJsonChannel::Email),
            Some("We are on it.".to_owned()),
            Some("support@zylker.com".to_owned()),
        );
        reply.to = Nullable::Value("carol@zylker.com".to_owned());
        client.send_reply(&id, &SendReplyParams::default(), &SendReplyBody::Email(reply)).await.expect("replied");

        // An internal comment.
        let commented: CommentResponse = typed(example(PROVIDER, "/components/responses/commentResponse"));
        server
            .create_ticket_comment()
            .ticket_id(TICKET)
            .and(path(format!("{ticket_path}/comments")))
            .and(auth())
            .and(org())
            .and(body_json(json!({
                "attachmentIds": [],
                "content": "Toner cartridge ordered.",
                "contentType": "plainText",
                "isPublic": false
            })))
            .respond_200(&commented)
            .expect(1)
            .mount()
            .await;
        let mut comment = CreateTicketCommentBody::new(Some(vec![]), Some("Toner cartridge ordered.".to_owned()));
        comment.content_type = Nullable::Value(CreateTicketCommentBodyContentType::PlainText);
        comment.is_public = Nullable::Value(false);
        let comment = client
            .create_ticket_comment(&id, &CreateTicketCommentParams::default(), &comment)
            .await
            .expect("commented")
            .into_inner();
        assert!(comment.id.is_some());

        // Attach a file: one multipart part `file` with its file name, content type and bytes.
        let pdf = b"%PDF-1.4 invoice\n\x00\xff".to_vec();
        let expected = pdf.clone();
        // The vendor's example is `{}`: an attachment as attachmentResponse describes it.
        let attached: AttachmentResponseBody = typed(json!({
            "id": "1892000000098001", "name": "invoice.pdf", "size": "19", "isPublic": true,
            "creatorId": "1892000000042001", "createdTime": "2026-11-30T10:01:00.000Z",
            "href": "https://desk.zoho.com/api/v1/tickets/1892000000042034/attachments/1892000000098001/content"
        }));
        server
            .create_ticket_attachment()
            .ticket_id(TICKET)
            .params(&CreateTicketAttachmentParams::default().is_public(true))
            .and(path(format!("{ticket_path}/attachments")))
            .and(query_param("isPublic", "true"))
            .and(auth())
            .and(org())
            .and(move |request: &Request| {
                let parts = multipart_parts(request);
                parts.len() == 1
                    && parts[0].0.contains(r#"name="file""#)
                    && parts[0].0.contains(r#"filename="invoice.pdf""#)
                    && parts[0].0.to_ascii_lowercase().contains("content-type: application/pdf")
                    && parts[0].1 == expected
            })
            .respond_200(&attached)
            .expect(1)
            .mount()
            .await;
        let file = FilePart::bytes(pdf).file_name("invoice.pdf").content_type("application/pdf");
        let attachment = client
            .create_ticket_attachment(
                &id,
                &CreateTicketAttachmentParams::default().is_public(true),
                CreateTicketAttachmentMultipart::new(file),
            )
            .await
            .expect("attached")
            .into_inner();
        assert_eq!(attachment.name.as_deref(), Some("invoice.pdf"));

        // Every ticket, three pages of two (the last one short): `from` moves by the items received.
        let pages: Vec<TicketListViewArrayBody> =
            [ticket_page(1, 2), ticket_page(3, 2), ticket_page(5, 1)].into_iter().map(typed).collect();
        let mut params = GetTicketsParams::new("1892000000006907".to_owned());
        params.limit = Some("2".to_owned());
        server
            .get_tickets()
            .params(&params)
            .and(path(tickets))
            .and(query_param("departmentId", "1892000000006907"))
            .and(query_param("limit", "2"))
            .and(auth())
            .and(org())
            .expect(1)
            .respond_pages(&pages)
            .await;
        let mut stream = Box::pin(client.get_tickets_items(&params));
        let mut ids = Vec::new();
        while let Some(ticket) = stream.next().await {
            ids.push(ticket.expect("each page decodes").id.expect("listed tickets have ids"));
        }
        assert_eq!(
            ids,
            ["1892000000000001", "1892000000000002", "1892000000000003", "1892000000000004", "1892000000000005"]
        );
        let froms: Vec<Option<String>> = server
            .requests()
            .await
            .iter()
            .filter(|request| request.method.as_str() == "GET" && request.url.path() == tickets)
            .map(|request| request.url.query_pairs().find(|(name, _)| name == "from").map(|(_, v)| v.into_owned()))
            .collect();
        assert_eq!(froms, [None, Some("2".to_owned()), Some("4".to_owned())], "three pages, each requested once");

        // Close.
        server
            .close_tickets()
            .and(path("/api/v1/closeTickets"))
            .and(auth())
            .and(org())
            .and(body_json(json!({"ids": [TICKET]})))
            .respond_200()
            .expect(1)
            .mount()
            .await;
        client.close_tickets(&CloseTicketsBody::new(Some(vec![Some(id.clone())]))).await.expect("closed");

        for request in server.requests().await {
            conformance::assert_only_headers(&request, &["authorization", "orgid"]);
        }
    }

    #[tokio::test]
    async fn an_empty_list_is_a_204_and_ends_the_stream_after_one_request() {
        let server = MockServer::start().await;
        server.get_tickets().respond_204().expect(1).mount().await;
        let items: Vec<_> = client(&server).get_tickets_items(&GetTicketsParams::new("1".to_owned())).collect().await;
        assert!(items.is_empty(), "{items:?}");
    }

    #[tokio::test]
    async fn an_error_mid_stream_is_yielded_and_ends_it() {
        let server = MockServer::start().await;
        let (respond, served) = pager(vec![
            ResponseTemplate::new(200).set_body_json(ticket_page(1, 2)),
            ResponseTemplate::new(404).set_body_string("gone"),
        ]);
        server
            .wiremock()
            .register(wiremock::Mock::given(method("GET")).and(path("/api/v1/tickets")).respond_with(respond))
            .await;
        let mut params = GetTicketsParams::new("1".to_owned());
        params.limit = Some("2".to_owned());
        let results: Vec<_> = client(&server).get_tickets_items(&params).collect().await;
        assert_eq!(results.len(), 3);
        assert!(results[0].is_ok() && results[1].is_ok());
        assert!(matches!(&results[2], Err(zoho_desk::Error::UnexpectedStatus { status, .. }) if *status == 404));
        assert_eq!(served.load(Ordering::SeqCst), 2, "nothing is requested after the error");
    }
}

/// On the crate's own typed mock server (`intercom::mock`): each stub is the operation's, its
/// response typed; the wire (method, path, headers, exact bodies and queries) is still asserted
/// literally.
mod intercom_lifecycle {
    use super::*;
    use intercom::mock::MockServer;
    use intercom::types::{
        ConversationList, CreateTicketReplyRequest, CreateTicketRequest, CreateTicketRequestContactsItem,
        PaginatedResponse, SearchRequest, Ticket, TicketNote, UpdateTicketRequest, UpdateTicketRequestState,
    };
    use intercom::ListConversationsParams;

    const PROVIDER: &str = "intercom";

    fn auth() -> impl wiremock::Match {
        header("authorization", "Bearer dG9rOmludGVyY29t")
    }

    fn version() -> impl wiremock::Match {
        header("intercom-version", "2.9")
    }

    /// A page of conversations with ids `first..first + count`, pointing at `next` (if any).
    fn conversation_page(key: &str, first: u64, count: u64, next: Option<&str>) -> Value {
        let documented = example(PROVIDER, "/paths/~1conversations/get/responses/200");
        let mut page = documented.clone();
        let item = documented[key][0].clone();
        page[key] = (first..first + count)
            .map(|n| {
                let mut item = item.clone();
                item["id"] = json!(n.to_string());
                item
            })
            .collect();
        page["pages"] = match next {
            Some(cursor) => json!({"type": "pages", "next": {"per_page": 2, "starting_after": cursor}, "per_page": 2}),
            None => json!({"type": "pages", "per_page": 2}),
        };
        page
    }

    /// The requests the server received for `path`: their queries and bodies.
    async fn sent(server: &MockServer, path: &str) -> Vec<(String, Value)> {
        server
            .requests()
            .await
            .iter()
            .filter(|request| request.url.path() == path)
            .map(|request| {
                let body = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
                (request.url.query().unwrap_or("").to_owned(), body)
            })
            .collect()
    }

    #[tokio::test]
    async fn create_get_update_note_list_and_resolve_a_ticket() {
        let server = MockServer::start().await;
        let client = server.client_builder("dG9rOmludGVyY29t").build().expect("valid configuration");
        let ticket: Ticket = typed(example(PROVIDER, "/paths/~1tickets/post/responses/200"));
        let id = ticket.id.clone().expect("the example has an id");

        server
            .create_ticket()
            .and(path("/tickets"))
            .and(auth())
            .and(version())
            .and(body_json(json!({"ticket_type_id": "1234", "contacts": [{"email": "a@example.com"}]})))
            .respond_200(&ticket)
            .expect(1)
            .mount()
            .await;
        let create =
            CreateTicketRequest::new(vec![CreateTicketRequestContactsItem::Email("a@example.com".into())], "1234");
        assert_eq!(client.create_ticket(&create).await.expect("created").into_inner().id.as_deref(), Some(&*id));

        server
            .get_ticket()
            .id(&id)
            .and(path(format!("/tickets/{id}")))
            .and(auth())
            .and(version())
            .respond_200(&ticket)
            .expect(1)
            .mount()
            .await;
        client.get_ticket(&id).await.expect("fetched");

        server
            .update_ticket()
            .id(&id)
            .and(path(format!("/tickets/{id}")))
            .and(auth())
            .and(version())
            .and(body_json(json!({"state": "in_progress", "is_shared": true})))
            .respond_200(&ticket)
            .expect(1)
            .mount()
            .await;
        let update = UpdateTicketRequest::default().state(UpdateTicketRequestState::InProgress).is_shared(true);
        client.update_ticket(&id, &update).await.expect("updated");

        // An admin note (the only reply a 2.9 ticket takes).
        let reply: TicketNote = typed(example(PROVIDER, "/paths/~1tickets~1{id}~1reply/post/responses/200"));
        server
            .reply_ticket()
            .id(&id)
            .and(path(format!("/tickets/{id}/reply")))
            .and(auth())
            .and(version())
            .and(body_json(json!({"admin_id": "991267", "body": "Escalated to billing.", "message_type": "note"})))
            .respond_200(&reply)
            .expect(1)
            .mount()
            .await;
        let note = CreateTicketReplyRequest::new("991267", "Escalated to billing.").message_type("note");
        client.reply_ticket(&id, &note).await.expect("noted");

        // Every conversation, three pages: `starting_after` ← the previous page's `pages.next.starting_after`.
        let pages: Vec<PaginatedResponse> = [
            conversation_page("data", 1, 2, Some("cursor-2")),
            conversation_page("data", 3, 2, Some("cursor-4")),
            conversation_page("data", 5, 1, None),
        ]
        .into_iter()
        .map(typed)
        .collect();
        let params = ListConversationsParams::default().per_page(2);
        server.list_conversations().params(&params).and(auth()).and(version()).expect(1).respond_pages(&pages).await;
        let ids: Vec<String> = client
            .list_conversations_items(&params)
            .map(|item| {
                serde_json::to_value(item.expect("each page decodes")).unwrap()["id"].as_str().unwrap().to_owned()
            })
            .collect()
            .await;
        assert_eq!(ids, ["1", "2", "3", "4", "5"]);
        let queries: Vec<String> = sent(&server, "/conversations").await.into_iter().map(|(query, _)| query).collect();
        assert_eq!(queries, ["per_page=2", "per_page=2&starting_after=cursor-2", "per_page=2&starting_after=cursor-4"]);

        // Searches take the cursor in the body's `pagination` object.
        let query = json!({"field": "state", "operator": "=", "value": "open"});
        let pages: Vec<ConversationList> = [
            conversation_page("conversations", 1, 2, Some("s-2")),
            conversation_page("conversations", 3, 2, Some("s-4")),
            conversation_page("conversations", 5, 2, None),
        ]
        .into_iter()
        .map(typed)
        .collect();
        server.search_conversations().and(auth()).and(version()).expect(1).respond_pages(&pages).await;
        let search: SearchRequest =
            serde_json::from_value(json!({"query": query, "pagination": {"per_page": 2}})).expect("a search request");
        let found = client.search_conversations_items(&search).collect::<Vec<_>>().await;
        assert_eq!(found.len(), 6);
        assert!(found.iter().all(Result::is_ok));
        let bodies: Vec<Value> =
            sent(&server, "/conversations/search").await.into_iter().map(|(_, body)| body).collect();
        assert_eq!(
            bodies,
            [
                json!({"query": query, "pagination": {"per_page": 2}}),
                json!({"query": query, "pagination": {"per_page": 2, "starting_after": "s-2"}}),
                json!({"query": query, "pagination": {"per_page": 2, "starting_after": "s-4"}}),
            ]
        );

        // Resolve.
        server
            .update_ticket()
            .id(&id)
            .and(auth())
            .and(version())
            .and(body_json(json!({"state": "resolved"})))
            .respond_200(&ticket)
            .expect(1)
            .mount()
            .await;
        let resolve = UpdateTicketRequest::default().state(UpdateTicketRequestState::Resolved);
        client.update_ticket(&id, &resolve).await.expect("resolved");
    }
}

/// On the crate's own typed mock server (`inboxops::mock`), the wire asserted literally.
mod inboxops_lifecycle {
    use super::*;
    use inboxops::mock::MockServer;
    use inboxops::types::{CreateTicketRequest, TicketResponse, TicketStatus, UpdateTicketRequest};
    use inboxops::{CreateTicketParams, GetTicketParams};

    const PROVIDER: &str = "inboxops";

    #[tokio::test]
    async fn create_get_update_and_close_a_ticket() {
        let server = MockServer::start().await;
        let client = server.client_builder("ixk_live_0123456789abcdef").build().expect("valid configuration");
        let documented: TicketResponse = typed(example(PROVIDER, "/paths/~1api~1v1~1tickets/post/responses/201"));
        let id = documented.data.id.to_string();
        let auth = || header("authorization", "Bearer ixk_live_0123456789abcdef");
        server
            .create_ticket()
            .and(path("/api/v1/tickets"))
            .and(auth())
            .and(body_json(json!({"subject": "Printer on fire"})))
            .respond_201(&documented)
            .expect(1)
            .mount()
            .await;
        let created = client
            .create_ticket(&CreateTicketParams::default(), &CreateTicketRequest::new("Printer on fire"))
            .await
            .expect("created")
            .into_inner();
        assert_eq!(created.data.id.to_string(), id);

        let ticket = format!("/api/v1/tickets/{id}");
        server
            .get_ticket()
            .id(&id)
            .and(path(ticket.as_str()))
            .and(auth())
            .respond_200(&documented)
            .expect(1)
            .mount()
            .await;
        client.get_ticket(&id, &GetTicketParams::default()).await.expect("fetched");

        for (status, expected) in [(TicketStatus::InProgress, "in_progress"), (TicketStatus::Closed, "closed")] {
            server
                .update_ticket()
                .id(&id)
                .and(path(ticket.as_str()))
                .and(auth())
                .and(body_json(json!({"status": expected})))
                .respond_200(&documented)
                .expect(1)
                .mount()
                .await;
            let update = UpdateTicketRequest::default().status(status);
            client.update_ticket(&id, &update).await.expect("updated");
        }
    }
}

/// On the crate's own typed mock server (`periskope::mock`), the wire asserted literally.
mod periskope_lifecycle {
    use super::*;
    use periskope::mock::MockServer;
    use periskope::types::{CreateTicketBody, TicketInfo, TicketStatus, UpdateTicketBody};

    const PROVIDER: &str = "periskope";

    #[tokio::test]
    async fn create_update_and_close_a_ticket() {
        let server = MockServer::start().await;
        let client =
            server.client_builder("psk_test_token").phone("919876543210").build().expect("valid configuration");
        let documented: TicketInfo = typed(example(PROVIDER, "/paths/~1tickets~1create/post/responses/200"));
        let id = documented.ticket.as_ref().and_then(|t| t.ticket_id.clone()).expect("the example has an id");
        let auth = || header("authorization", "Bearer psk_test_token");
        server
            .create_ticket()
            .and(path("/tickets/create"))
            .and(auth())
            .and(header("x-phone", "919876543210"))
            .and(body_json(json!({"chat_id": "919537851844@c.us", "subject": "Printer on fire"})))
            .respond_200(&documented)
            .expect(1)
            .mount()
            .await;
        let create = CreateTicketBody::new("919537851844@c.us", "Printer on fire");
        let created = client.create_ticket(&create).await.expect("created").into_inner();
        assert_eq!(created.ticket.and_then(|t| t.ticket_id).as_deref(), Some(&*id));

        let updated: TicketInfo = typed(example(PROVIDER, "/paths/~1tickets~1{ticket_id}/patch/responses/200"));
        for (status, expected) in [(TicketStatus::Inprogress, "inprogress"), (TicketStatus::Closed, "closed")] {
            server
                .update_ticket()
                .ticket_id(&id)
                .and(path(format!("/tickets/{id}")))
                .and(auth())
                .and(body_json(json!({"status": expected})))
                .respond_200(&updated)
                .expect(1)
                .mount()
                .await;
            let update = UpdateTicketBody::default().status(status);
            client.update_ticket(&id, &update).await.expect("updated");
        }
    }
}
