//! Conformance of the crate generated from `fixtures/integer_enums.yaml` (copied into that
//! crate's `tests/` by `fixture_crates_compile_and_pass_their_tests`): integer enums on the
//! wire, against a real HTTP server on 127.0.0.1.

use fixture_integer_enums::types::{Highest, Holder, HolderEither, HolderInline, Level, Offset, PutLevelStep};
use fixture_integer_enums::{Client, Nullable, PutLevelParams};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn listed_and_unlisted_numbers_decode_and_serialise_back_exactly() {
    let server = MockServer::start().await;
    // `inline: 99` and the `42` in `levels` are numbers the spec does not list.
    let answer = json!({
        "level": 2, "offset": -1, "highest": 3, "inline": 99, "nullable_inline": null,
        "levels": [1, 42], "either": 7
    });
    Mock::given(method("PUT"))
        .and(path("/levels/3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .mount(&server)
        .await;
    let client = Client::builder("token").base_url(server.uri()).build().unwrap();
    let body = Holder::new(Level::High).offset(0).inline(HolderInline::Unknown(5)).levels(vec![Level::Low]);
    let params = PutLevelParams::default().step(PutLevelStep::Value10);
    let response = client.put_level(Level::High, &params, &body).await.expect("the response decodes");

    // The request: the path and query carry the numbers, the body the JSON numbers.
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.query(), Some("step=10"));
    let sent: serde_json::Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(sent, json!({"level": 3, "offset": 0, "inline": 5, "levels": [1]}));

    let decoded = response.body;
    assert_eq!(decoded.level, Level::Medium);
    assert_eq!(decoded.offset, Some(Offset::ValueMinus1));
    assert_eq!(decoded.highest, Some(Highest::High));
    assert_eq!(decoded.inline, Some(HolderInline::Unknown(99)));
    assert_eq!(decoded.nullable_inline, Nullable::Null);
    assert_eq!(decoded.levels, Some(vec![Level::Low, Level::Unknown(42)]));
    assert_eq!(decoded.either, Some(HolderEither::Integer(7)));
    // Serialised back, byte for byte the same JSON values.
    assert_eq!(serde_json::to_value(&decoded).unwrap(), answer);
}

#[test]
fn numbers_convert_to_listed_variants_and_back() {
    assert_eq!(Level::from(1), Level::Low);
    assert_eq!(Level::from(9), Level::Unknown(9));
    assert_eq!(i64::from(Level::High), 3);
    assert_eq!(Level::Unknown(-4).value(), -4);
    assert_eq!(Offset::ValueMinus1.to_string(), "-1");
    assert_eq!(serde_json::to_string(&Level::Unknown(12)).unwrap(), "12");
    assert!(serde_json::from_str::<Level>("\"2\"").is_err(), "a string is not an integer enum value");
}
