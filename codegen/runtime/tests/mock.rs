//! The mock machinery behind the generated crates' `mock` modules (feature `mock`): pages
//! selected by cursor or offset, the checks of ranges and `default` statuses, stubs without a
//! response, and decoding what was received.
#![cfg(feature = "mock")]

use helpdesk_runtime::mock::{MockServer, Paging, Stub};
use helpdesk_runtime::reqwest;
use serde_json::{json, Value};

async fn get(url: String) -> (u16, Value) {
    let response = reqwest::Client::new().get(url).send().await.unwrap();
    let status = response.status().as_u16();
    (status, serde_json::from_slice(&response.bytes().await.unwrap()).unwrap_or(Value::Null))
}

#[tokio::test]
async fn cursor_pages_are_served_for_the_previous_page_cursor() {
    let server = MockServer::start().await;
    let pages = [
        json!({"data": [1, 2], "next": "c2"}),
        json!({"data": [3, 4], "next": "c3"}),
        json!({"data": [5], "next": null}),
    ];
    let mut stub = Stub::new(&server, "list", "GET", "/items");
    stub.expect(1);
    stub.mount_pages(200, "application/json", &pages, Paging::CursorQuery { next: "/next", query: "after" }).await;
    let uri = server.uri();
    assert_eq!(get(format!("{uri}/items")).await, (200, pages[0].clone()));
    assert_eq!(get(format!("{uri}/items?after=c2")).await, (200, pages[1].clone()));
    assert_eq!(get(format!("{uri}/items?after=c3")).await, (200, pages[2].clone()));
    assert_eq!(get(format!("{uri}/items?after=zz")).await.0, 404);
}

#[tokio::test]
async fn offset_pages_start_at_the_start_and_count_the_items() {
    let server = MockServer::start().await;
    let pages = [json!({"data": [1, 2]}), json!({"data": [3, 4]}), json!({"data": []})];
    let stub = Stub::new(&server, "list", "GET", "/items");
    let paging = Paging::Offset { items: "/data", offset: "from", start: 1 };
    stub.mount_pages(200, "application/json", &pages, paging).await;
    let uri = server.uri();
    assert_eq!(get(format!("{uri}/items")).await.1, pages[0]);
    assert_eq!(get(format!("{uri}/items?from=1")).await.1, pages[0]);
    assert_eq!(get(format!("{uri}/items?from=3")).await.1, pages[1]);
    assert_eq!(get(format!("{uri}/items?from=5")).await.1, pages[2]);
    assert_eq!(get(format!("{uri}/items?from=2")).await.0, 404);
}

#[tokio::test]
#[should_panic(expected = "is not in the documented range 4XX")]
async fn a_range_response_refuses_a_status_outside_it() {
    let server = MockServer::start().await;
    Stub::new(&server, "op", "GET", "/x").check_range(500, 4);
}

#[tokio::test]
#[should_panic(expected = "is not one the `default` response stands for")]
async fn a_default_response_refuses_a_documented_status() {
    let server = MockServer::start().await;
    Stub::new(&server, "op", "GET", "/x").check_default(404, &[200, 404]);
}

#[tokio::test]
#[should_panic(expected = "the stub has no response")]
async fn a_stub_without_a_response_cannot_be_mounted() {
    let server = MockServer::start().await;
    Stub::new(&server, "op", "GET", "/x").mount().await;
}

#[tokio::test]
async fn received_bodies_decode_and_path_parameters_match_encoded() {
    let server = MockServer::start().await;
    let mut stub = Stub::new(&server, "update", "PUT", "/tickets/{id}");
    stub.path_param("id", "a/b c");
    stub.body_json(&json!({"state": "open"}), true);
    stub.respond_json(200, "application/json", &json!({"ok": true}));
    stub.mount().await;
    let client = reqwest::Client::new();
    let response = client
        .put(format!("{}/tickets/a%2Fb%20c", server.uri()))
        .body(r#"{"state":"open","extra":1}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.status(), 200);
    let wrong = client.put(format!("{}/tickets/a/b", server.uri())).body("{}").send().await.unwrap();
    assert_eq!(wrong.status(), 404);
    let received: Vec<Value> = server.received().await;
    assert_eq!(received, [json!({"state": "open", "extra": 1}), json!({})]);
}
