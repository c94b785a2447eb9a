//! Conformance of the crate generated from `fixtures/unions.yaml` (copied into that crate's
//! `tests/` by `fixture_crates_compile_and_pass_their_tests`): unions decode into the
//! alternative the value is, against a real HTTP server on 127.0.0.1.

use fixture_unions::types::{Cat, Event, Pet, Shape};
use fixture_unions::Client;
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder("token").base_url(server.uri()).build().unwrap()
}

#[tokio::test]
async fn a_discriminator_selects_the_alternative_and_an_unlisted_tag_is_kept() {
    let server = MockServer::start().await;
    let bird = json!({"petType": "bird", "wings": 2});
    Mock::given(method("GET"))
        .and(path("/pets"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"petType": "cat", "lives": 9},
            {"petType": "kitten"},
            {"petType": "dog", "bark": "woof"},
            bird.clone()
        ])))
        .mount(&server)
        .await;
    let pets = client(&server).list_pets().await.expect("decodes").into_inner();
    assert!(matches!(&pets[0], Pet::Cat(cat) if cat.lives == Some(9)), "{:?}", pets[0]);
    assert!(matches!(&pets[1], Pet::Cat(cat) if cat.pet_type == "kitten"), "{:?}", pets[1]);
    assert!(matches!(&pets[2], Pet::Dog(dog) if dog.bark.as_deref() == Some("woof")), "{:?}", pets[2]);
    assert!(matches!(&pets[3], Pet::Unknown(value) if *value == bird), "{:?}", pets[3]);
}

#[tokio::test]
async fn a_known_tag_whose_body_does_not_fit_fails_instead_of_falling_through() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"petType": "cat", "lives": "nine"}])))
        .mount(&server)
        .await;
    let error = client(&server).list_pets().await.expect_err("`lives` is no integer");
    assert!(error.to_string().contains("`petType` is `cat`"), "{error}");
}

#[tokio::test]
async fn const_pinned_alternatives_and_specific_untagged_ones_decode_as_themselves() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "events": [{"type": "deleted", "id": "1", "reason": "spam"}, {"type": "created", "id": "2"}],
            "shapes": [{"a": "x", "b": "y"}, {"a": "x"}]
        })))
        .mount(&server)
        .await;
    let body = client(&server).list_events().await.expect("decodes").into_inner();
    let events = body.events.expect("events");
    assert!(matches!(&events[0], Event::Deleted(e) if e.reason.as_deref() == Some("spam")), "{:?}", events[0]);
    assert!(matches!(&events[1], Event::Created(e) if e.id == "2"), "{:?}", events[1]);
    // `Strict` requires more than `Loose`, so it is tried first although the spec lists it second.
    let shapes = body.shapes.expect("shapes");
    assert!(matches!(&shapes[0], Shape::Strict(_)), "{:?}", shapes[0]);
    assert!(matches!(&shapes[1], Shape::Loose(_)), "{:?}", shapes[1]);
}

#[tokio::test]
async fn a_variant_is_sent_as_its_payload_with_the_tag() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets"))
        .and(body_json(json!({"petType": "cat", "lives": 7})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"petType": "cat", "lives": 7})))
        .expect(1)
        .mount(&server)
        .await;
    // The payload names its own tag (`petType` is required in `Cat`); the variant sends it as is.
    let cat = Cat::new("cat".to_owned()).lives(7);
    let echoed = client(&server).add_pet(&Pet::Cat(cat)).await.expect("decodes").into_inner();
    assert!(matches!(echoed, Pet::Cat(_)));
}
