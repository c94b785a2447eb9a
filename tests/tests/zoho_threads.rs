//! Zoho Desk thread bodies decode into the alternative their `channel` names: `getThreads`
//! items, and the `sendReply` / `draftsReply` responses (a `oneOf` with a `discriminator`), one
//! fixture per channel (`tests/fixtures/zoho-threads/`), plus a channel the spec does not list.
//! Requests send the channel of the alternative the caller built.

use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoho_desk::types::{
    DraftsReplyBody, DraftsReplyResponse200, FacebookSendReply, GetThreadsdataItem, SendReplyBody, SendReplyResponse200,
};
use zoho_desk::{Client, DraftsReplyParams, GetThreadsParams, SendReplyParams};

const CHANNELS: [&str; 6] = ["email", "facebook", "twitter", "forums", "phone", "sms"];

fn thread(name: &str) -> Value {
    let file = format!("{}/fixtures/zoho-threads/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&file).expect("fixture exists")).expect("fixture is JSON")
}

fn client(server: &MockServer) -> Client {
    Client::builder("1000.abc.def").base_url(server.uri()).org_id("2389290").build().expect("valid configuration")
}

/// The alternative a thread item decoded into, and the id it carries.
fn item_alternative(item: &GetThreadsdataItem) -> (&'static str, Option<String>) {
    match item {
        GetThreadsdataItem::Email(t) => ("email", t.id.clone()),
        GetThreadsdataItem::Facebook(t) => ("facebook", t.id.clone()),
        GetThreadsdataItem::Twitter(t) => ("twitter", t.id.clone()),
        GetThreadsdataItem::Forums(t) => ("forums", t.id.clone()),
        GetThreadsdataItem::ThreadKeys(t) => ("generic", t.id.clone()),
        GetThreadsdataItem::Unknown(v) => ("unknown", v["id"].as_str().map(str::to_owned)),
        _ => ("other", None),
    }
}

#[tokio::test]
async fn get_threads_types_each_thread_by_its_channel() {
    let server = MockServer::start().await;
    let threads: Vec<Value> = CHANNELS.iter().map(|c| thread(c)).collect();
    Mock::given(method("GET"))
        .and(path("/api/v1/tickets/42/threads"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": threads })))
        .mount(&server)
        .await;
    let body = client(&server).get_threads("42", &GetThreadsParams::default()).await.expect("200").into_inner();
    let items = body.data.expect("data").0;
    let decoded: Vec<(&str, Option<String>)> = items.iter().map(item_alternative).collect();
    let expected: Vec<(&str, Option<String>)> = ["email", "facebook", "twitter", "forums", "generic", "unknown"]
        .into_iter()
        .zip(&threads)
        .map(|(alternative, thread)| (alternative, thread["id"].as_str().map(str::to_owned)))
        .collect();
    assert_eq!(decoded, expected);
    // The channel's own fields are there, not dropped by another alternative.
    match &items[1] {
        GetThreadsdataItem::Facebook(t) => {
            assert_eq!(t.facebook_profile.as_deref(), Some("https://facebook.com/zylker.jade"));
        }
        other => panic!("FACEBOOK decoded as {other:?}"),
    }
    // A channel the spec does not list keeps its JSON, unchanged.
    assert!(matches!(&items[5], GetThreadsdataItem::Unknown(v) if *v == threads[5]));
}

#[tokio::test]
async fn send_reply_and_draft_responses_decode_the_channel_the_server_names() {
    for channel in CHANNELS {
        let server = MockServer::start().await;
        let body = thread(channel);
        for endpoint in ["sendReply", "draftReply"] {
            Mock::given(method("POST"))
                .and(path(format!("/api/v1/tickets/42/{endpoint}")))
                .respond_with(ResponseTemplate::new(200).set_body_json(&body))
                .mount(&server)
                .await;
        }
        let client = client(&server);
        let reply = SendReplyBody::Facebook(FacebookSendReply::new(None, Some("hi".to_owned())));
        let sent = client.send_reply("42", &SendReplyParams::default(), &reply).await.expect("200").into_inner();
        let sent = match sent {
            SendReplyResponse200::Email(_) => "email",
            SendReplyResponse200::Facebook(_) => "facebook",
            SendReplyResponse200::Twitter(_) => "twitter",
            SendReplyResponse200::Forums(_) => "forums",
            SendReplyResponse200::Unknown(ref v) if *v == body => "unknown",
            _ => "other",
        };
        let drafted = match client
            .drafts_reply(
                "42",
                &DraftsReplyParams::default(),
                &DraftsReplyBody::Facebook(FacebookSendReply::new(None, Some("hi".to_owned()))),
            )
            .await
        {
            Ok(response) => match response.into_inner() {
                DraftsReplyResponse200::Email(_) => "email",
                DraftsReplyResponse200::Facebook(_) => "facebook",
                DraftsReplyResponse200::Forums(_) => "forums",
                DraftsReplyResponse200::Unknown(ref v) if *v == body => "unknown",
                _ => "other",
            },
            Err(err) => panic!("{channel}: {err}"),
        };
        // sendReply documents EMAIL, FACEBOOK, TWITTER and FORUMS; draftsReply has no TWITTER.
        let (expected_sent, expected_drafted) = match channel {
            "phone" | "sms" => ("unknown", "unknown"),
            "twitter" => ("twitter", "unknown"),
            other => (other, other),
        };
        assert_eq!((channel, sent, drafted), (channel, expected_sent, expected_drafted));
    }
}

#[tokio::test]
async fn a_reply_is_sent_with_the_channel_of_its_alternative() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/tickets/42/sendReply"))
        .and(body_json(json!({ "channel": "FACEBOOK", "content": "hi" })))
        .respond_with(ResponseTemplate::new(200).set_body_json(thread("facebook")))
        .expect(1)
        .mount(&server)
        .await;
    // The caller leaves `channel` unset: the variant says which it is.
    let reply = SendReplyBody::Facebook(FacebookSendReply::new(None, Some("hi".to_owned())));
    let response = client(&server).send_reply("42", &SendReplyParams::default(), &reply).await.expect("200");
    assert!(matches!(response.into_inner(), SendReplyResponse200::Facebook(_)));
}
