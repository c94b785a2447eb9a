//! Conformance of the crate generated from `fixtures/pagination.yaml`: each `*_items` stream
//! asks for the next page the way its `x-pagination` says (a cursor into a query parameter or
//! the request body, an offset), stops where it should, and never asks for a page twice.

use fixture_pagination::{types, Client, ListThreadsParams, ListTicketsParams};
use futures_util::TryStreamExt;
use serde_json::json;
use wiremock::matchers::{body_json, body_partial_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder("token").base_url(server.uri()).build().expect("a client")
}

#[tokio::test]
async fn a_cursor_goes_into_the_query_parameter_until_a_page_has_none() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tickets"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "1"}, {"id": "2"}],
            "pages": {"next": {"starting_after": "c2"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/tickets"))
        .and(query_param("starting_after", "c2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [{"id": "3"}], "pages": {"next": null}})))
        .expect(1)
        .mount(&server)
        .await;
    let tickets: Vec<types::Ticket> =
        client(&server).list_tickets_items(&ListTicketsParams::default()).try_collect().await.expect("every page");
    let ids: Vec<&str> = tickets.iter().map(|ticket| ticket.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3"]);
}

#[tokio::test]
async fn a_cursor_goes_into_the_request_body_and_the_rest_of_the_body_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/tickets/search"))
        .and(body_json(json!({"query": "open"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"tickets": [{"id": "1"}], "next": "n1"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/tickets/search"))
        .and(body_partial_json(json!({"query": "open", "pagination": {"starting_after": "n1"}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"tickets": [{"id": "2"}], "next": null})))
        .expect(1)
        .mount(&server)
        .await;
    let body = types::SearchTicketsBody::default().query("open");
    let tickets: Vec<types::Ticket> =
        client(&server).search_tickets_items(&body).try_collect().await.expect("every page");
    let ids: Vec<&str> = tickets.iter().map(|ticket| ticket.id.as_str()).collect();
    assert_eq!(ids, ["1", "2"]);
}

#[tokio::test]
async fn an_offset_advances_by_the_items_received_and_a_bodiless_status_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/threads"))
        .and(query_param("from", "1"))
        .and(query_param("limit", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [{"id": "a"}, {"id": "b"}]})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/threads"))
        .and(query_param("from", "3"))
        .and(query_param("limit", "2"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    // `from` has no setter (it would shadow `From::from`): the field is set directly.
    let mut params = ListThreadsParams::new(2);
    params.from = Some(1);
    let threads: Vec<types::Thread> =
        client(&server).list_threads_items(&params).try_collect().await.expect("every page");
    let ids: Vec<Option<&str>> = threads.iter().map(|thread| thread.id.as_deref()).collect();
    assert_eq!(ids, [Some("a"), Some("b")]);
}

/// The crate's typed mock serves pages the way each `x-pagination` says: the stream asks for
/// each page once, by the previous page's cursor or the offset after the items served.
#[tokio::test]
async fn the_typed_mock_serves_pages_by_cursor_and_by_offset() {
    use fixture_pagination::mock::MockServer;
    let server = MockServer::start().await;
    let page = |ids: &[&str], next: Option<&str>| -> types::TicketPage {
        let data: Vec<_> = ids.iter().map(|id| json!({"id": id})).collect();
        let pages = next.map(|next| json!({"next": {"starting_after": next}})).unwrap_or(json!({}));
        serde_json::from_value(json!({"data": data, "pages": pages})).expect("a page")
    };
    let pages = [page(&["1", "2"], Some("c2")), page(&["3"], Some("c3")), page(&[], None)];
    server.list_tickets().expect(1).respond_pages(&pages).await;
    let client = server.client_builder("token").build().unwrap();
    let tickets: Vec<types::Ticket> =
        client.list_tickets_items(&ListTicketsParams::default()).try_collect().await.expect("every page");
    assert_eq!(tickets.len(), 3);

    let threads = |ids: &[&str]| -> types::ListThreadsResponse200 {
        let data: Vec<_> = ids.iter().map(|id| json!({"id": id})).collect();
        serde_json::from_value(json!({"data": data})).expect("a page")
    };
    server.list_threads().expect(1).respond_pages(&[threads(&["a", "b"]), threads(&["c", "d"]), threads(&[])]).await;
    let threads: Vec<types::Thread> =
        client.list_threads_items(&ListThreadsParams::new(2)).try_collect().await.expect("every page");
    assert_eq!(threads.len(), 4);
    let offsets: Vec<String> = server
        .requests()
        .await
        .iter()
        .filter(|request| request.url.path() == "/threads")
        .map(|request| request.url.query().unwrap_or("").to_owned())
        .collect();
    assert_eq!(offsets.len(), 3, "{offsets:?}");
}
