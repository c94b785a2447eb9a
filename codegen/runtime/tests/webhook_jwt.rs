//! The JWT verifier (feature `webhooks-jwt`), all offline: tokens are minted here with the
//! test-only RSA key of `tests/fixtures` (see its README), and its JWKS is served from a loopback
//! mock server. Covers every refusal of `TokenError`, the pinned algorithm (`none` and HS256
//! keyed with the public key are refused), times in seconds and in milliseconds, the JWKS cache
//! and its one refetch for an unknown key, an unreachable JWKS, and a seeded loop of random
//! tokens that must never panic.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use helpdesk_runtime::reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use helpdesk_runtime::webhook::{JwksSource, JwtScheme, JwtVerifier, KeySet, TokenError, WebhookError};
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PRIVATE_KEY_PEM: &str = include_str!("fixtures/test_only_rsa_2048.pem");
const JWKS: &str = include_str!("fixtures/test_only_jwks.json");
const KID: &str = "test-only-2048";
const ORG: &str = "60001234567";
const WEBHOOK: &str = "1892000000123456";
/// 2026-01-01T00:00:00Z, the verification time of most cases.
const T: u64 = 1_767_225_600;

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn key_pair() -> RsaKeyPair {
    let der: String = PRIVATE_KEY_PEM.lines().filter(|line| !line.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD.decode(der).unwrap();
    RsaKeyPair::from_pkcs8(&der).unwrap()
}

/// `header.claims` of a token, from JSON values.
fn signing_input(header: &Value, claims: &Value) -> String {
    format!("{}.{}", b64(header.to_string().as_bytes()), b64(claims.to_string().as_bytes()))
}

/// A token with this header and these claims, signed RS256 with the test-only key.
fn mint(header: &Value, claims: &Value) -> String {
    let input = signing_input(header, claims);
    let pair = key_pair();
    let mut signature = vec![0; pair.public().modulus_len()];
    pair.sign(&RSA_PKCS1_SHA256, &ring::rand::SystemRandom::new(), input.as_bytes(), &mut signature).unwrap();
    format!("{input}.{}", b64(&signature))
}

fn rs256(kid: &str) -> Value {
    json!({"alg": "RS256", "typ": "JWT", "kid": kid})
}

/// Zoho Desk's claims, issued at `iat` and expiring five minutes later (seconds).
fn zoho_claims(iat: u64) -> Value {
    json!({"iss": format!("orgId:{ORG}"), "aud": format!("webhookId:{WEBHOOK}"), "iat": iat, "exp": iat + 300})
}

fn valid_token() -> String {
    mint(&rs256(KID), &zoho_claims(T))
}

fn verifier() -> JwtVerifier {
    JwtVerifier::new(JwtScheme::zoho_desk(ORG, WEBHOOK)).unwrap()
}

fn keys() -> KeySet {
    KeySet::from_json(JWKS.as_bytes()).unwrap()
}

fn delivery(token: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("x-zdesk-jwt", HeaderValue::from_str(token).unwrap());
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    headers
}

/// The `TokenError` of a refusal, or a panic naming what came instead.
fn refusal(result: Result<helpdesk_runtime::webhook::Claims, WebhookError>) -> TokenError {
    match result {
        Err(WebhookError::BadToken { reason }) => reason,
        other => panic!("expected BadToken, got {other:?}"),
    }
}

async fn jwks_server(body: &str, expected_requests: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/.well-known/jwks.json"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_owned(), "application/json"))
        .expect(expected_requests)
        .mount(&server)
        .await;
    server
}

fn source_of(server: &MockServer) -> JwksSource {
    JwksSource::new(&format!("{}/.well-known/jwks.json", server.uri())).unwrap()
}

#[test]
fn a_valid_token_verifies_and_gives_its_claims() {
    let claims = verifier().verify_token_at(&valid_token(), &keys(), at(T + 10)).unwrap();
    assert_eq!(claims.issuer, format!("orgId:{ORG}"));
    assert_eq!(claims.audience, format!("webhookId:{WEBHOOK}"));
    assert_eq!(claims.org_id(), Some(ORG));
    assert_eq!(claims.webhook_id(), Some(WEBHOOK));
    assert_eq!(claims.expires_at, at(T + 300));
    assert_eq!(claims.issued_at, Some(at(T)));
    assert_eq!(claims.key_id, KID);
    // An audience given as an array that holds the expected one is accepted.
    let mut listed = zoho_claims(T);
    listed["aud"] = json!(["webhookId:other", format!("webhookId:{WEBHOOK}")]);
    verifier().verify_token_at(&mint(&rs256(KID), &listed), &keys(), at(T)).unwrap();
}

#[test]
fn wrong_audience_and_wrong_issuer_are_refused_with_their_own_errors() {
    let mut claims = zoho_claims(T);
    claims["aud"] = json!("webhookId:999");
    let reason = refusal(verifier().verify_token_at(&mint(&rs256(KID), &claims), &keys(), at(T)));
    assert_eq!(
        reason,
        TokenError::Audience { expected: format!("webhookId:{WEBHOOK}"), found: "webhookId:999".to_owned() }
    );

    let mut claims = zoho_claims(T);
    claims["iss"] = json!("orgId:42");
    let err = verifier().verify_token_at(&mint(&rs256(KID), &claims), &keys(), at(T)).unwrap_err();
    assert_eq!(err.status().as_u16(), 401);
    assert_eq!(
        refusal(Err(err)),
        TokenError::Issuer { expected: format!("orgId:{ORG}"), found: "orgId:42".to_owned() }
    );

    // The verifier of another webhook of the same organisation refuses the token.
    let other = JwtVerifier::new(JwtScheme::zoho_desk(ORG, "777")).unwrap();
    assert!(matches!(refusal(other.verify_token_at(&valid_token(), &keys(), at(T))), TokenError::Audience { .. }));
}

#[test]
fn expiry_in_seconds_and_in_milliseconds_with_the_leeway_inclusive() {
    let token = valid_token();
    let verifier = verifier();
    // exp = T + 300; the default leeway is 60 seconds.
    verifier.verify_token_at(&token, &keys(), at(T + 360)).unwrap();
    let reason = refusal(verifier.verify_token_at(&token, &keys(), at(T + 361)));
    assert_eq!(reason, TokenError::Expired { ago: Duration::from_secs(61) });
    let reason = refusal(verifier.verify_token_at(&token, &keys(), at(T + 86_400)));
    assert!(matches!(reason, TokenError::Expired { .. }), "{reason:?}");

    // The same times in milliseconds.
    let millis = json!({
        "iss": format!("orgId:{ORG}"), "aud": format!("webhookId:{WEBHOOK}"),
        "iat": T * 1000, "exp": (T + 300) * 1000,
    });
    let token = mint(&rs256(KID), &millis);
    let claims = verifier.verify_token_at(&token, &keys(), at(T + 10)).unwrap();
    assert_eq!(claims.expires_at, at(T + 300));
    assert_eq!(claims.issued_at, Some(at(T)));
    let reason = refusal(verifier.verify_token_at(&token, &keys(), at(T + 361)));
    assert_eq!(reason, TokenError::Expired { ago: Duration::from_secs(61) });
    // A millisecond `exp` in the past (an hour ago) would pass as seconds (the year 57970).
    let mut past = millis.clone();
    past["exp"] = json!((T - 3600) * 1000);
    let reason = refusal(verifier.verify_token_at(&mint(&rs256(KID), &past), &keys(), at(T)));
    assert_eq!(reason, TokenError::Expired { ago: Duration::from_secs(3600) });

    // Fractional seconds are NumericDates too.
    let mut fraction = zoho_claims(T);
    fraction["exp"] = json!(T as f64 + 300.5);
    let claims = verifier.verify_token_at(&mint(&rs256(KID), &fraction), &keys(), at(T)).unwrap();
    assert_eq!(claims.expires_at, at(T + 300) + Duration::from_millis(500));

    // A narrower leeway.
    let strict = JwtVerifier::new(JwtScheme::zoho_desk(ORG, WEBHOOK).leeway(Duration::ZERO)).unwrap();
    strict.verify_token_at(&valid_token(), &keys(), at(T + 300)).unwrap();
    assert!(matches!(
        refusal(strict.verify_token_at(&valid_token(), &keys(), at(T + 301))),
        TokenError::Expired { .. }
    ));
}

#[test]
fn tokens_issued_or_valid_in_the_future_beyond_the_leeway_are_refused() {
    let token = valid_token();
    verifier().verify_token_at(&token, &keys(), at(T - 60)).unwrap();
    let reason = refusal(verifier().verify_token_at(&token, &keys(), at(T - 61)));
    assert_eq!(reason, TokenError::NotYetValid { ahead: Duration::from_secs(61) });

    let mut claims = zoho_claims(T);
    claims["nbf"] = json!((T + 120) * 1000);
    let reason = refusal(verifier().verify_token_at(&mint(&rs256(KID), &claims), &keys(), at(T)));
    assert_eq!(reason, TokenError::NotYetValid { ahead: Duration::from_secs(120) });
}

#[test]
fn the_algorithm_is_pinned_to_rs256() {
    let claims = zoho_claims(T);
    // `alg: none` with an empty signature, in the spellings libraries have accepted.
    for alg in ["none", "None", "NONE", "nOnE"] {
        let token = format!("{}.", signing_input(&json!({"alg": alg, "typ": "JWT", "kid": KID}), &claims));
        let reason = refusal(verifier().verify_token_at(&token, &keys(), at(T)));
        assert_eq!(reason, TokenError::Algorithm { alg: alg.to_owned() }, "{alg}");
    }
    // HS256 keyed with the public key, as the key confusion attack signs: the modulus, the DER
    // public key and the JWKS document itself.
    let jwks: Value = serde_json::from_str(JWKS).unwrap();
    let modulus = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(jwks["keys"][0]["n"].as_str().unwrap());
    let public_der = key_pair().public().as_ref().to_vec();
    for hmac_key in [modulus.unwrap(), public_der, JWKS.as_bytes().to_vec()] {
        let input = signing_input(&json!({"alg": "HS256", "typ": "JWT", "kid": KID}), &claims);
        let tag = ring::hmac::sign(&ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &hmac_key), input.as_bytes());
        let token = format!("{input}.{}", b64(tag.as_ref()));
        let reason = refusal(verifier().verify_token_at(&token, &keys(), at(T)));
        assert_eq!(reason, TokenError::Algorithm { alg: "HS256".to_owned() });
    }
    // A token correctly signed but labelled with another RSA algorithm is refused too.
    for alg in ["RS512", "PS256", "rs256", "RS256 "] {
        let reason =
            refusal(verifier().verify_token_at(&mint(&json!({"alg": alg, "kid": KID}), &claims), &keys(), at(T)));
        assert_eq!(reason, TokenError::Algorithm { alg: alg.to_owned() }, "{alg}");
    }
}

#[test]
fn malformed_tokens_are_refused_by_cause() {
    let verifier = verifier();
    let good = valid_token();
    let [header, claims, signature]: [&str; 3] = good.split('.').collect::<Vec<_>>().try_into().unwrap();
    for token in ["", "abc", "a.b", &format!("{header}.{claims}"), &format!("{good}.x"), &format!("{good}.x.y")] {
        assert_eq!(refusal(verifier.verify_token_at(token, &keys(), at(T))), TokenError::NotThreeParts, "{token:?}");
    }
    let not_json = b64(b"{not json");
    let not_object = b64(br#"["RS256"]"#);
    let cases = [
        (format!("!!.{claims}.{signature}"), "header"),
        (format!("{header}=.{claims}.{signature}"), "header"),
        (format!("{not_json}.{claims}.{signature}"), "header"),
        (format!("{not_object}.{claims}.{signature}"), "header"),
        (format!("{}.{claims}.{signature}", b64(br#"{"kid":"test-only-2048"}"#)), "header"),
        (format!("{}.{claims}.{signature}", b64(br#"{"alg":"RS256","kid":7}"#)), "header"),
        (format!("{}.{claims}.{signature}", b64(br#"{"alg":"RS256","kid":"x","crit":["exp"]}"#)), "header"),
        (format!("{}.{claims}.{signature}", b64(br#"{"alg":"RS256","kid":"test-only-2048","typ":5}"#)), "header"),
        (format!("{header}.{not_json}.{signature}"), "claims"),
        (format!("{header}.{}.{signature}", b64(b"[1,2]")), "claims"),
        (format!("{header}.{claims}.{signature}!"), "signature"),
        (format!("{header}.{claims}.{signature}=="), "signature"),
    ];
    for (token, part) in cases {
        match refusal(verifier.verify_token_at(&token, &keys(), at(T))) {
            TokenError::Malformed { part: found, .. } => assert_eq!(found, part, "{token}"),
            other => panic!("{token}: {other:?}"),
        }
    }
    // A claim of the wrong type, in a correctly signed token.
    for (claim, value) in [("exp", json!("tomorrow")), ("iat", json!(-5)), ("exp", json!(1e300))] {
        let mut claims = zoho_claims(T);
        claims[claim] = value;
        let reason = refusal(verifier.verify_token_at(&mint(&rs256(KID), &claims), &keys(), at(T)));
        assert!(matches!(reason, TokenError::Malformed { part: "claims", .. }), "{claim}: {reason:?}");
    }
}

#[test]
fn altered_tokens_fail_the_signature_and_missing_claims_are_named() {
    let verifier = verifier();
    let good = valid_token();
    let [header, _, signature]: [&str; 3] = good.split('.').collect::<Vec<_>>().try_into().unwrap();
    // Claims of another webhook under the original signature.
    let mut forged = zoho_claims(T);
    forged["exp"] = json!(T + 86_400);
    let token = format!("{header}.{}.{signature}", b64(forged.to_string().as_bytes()));
    let err = verifier.verify_token_at(&token, &keys(), at(T)).unwrap_err();
    // Neither message shows the token or its signature.
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(signature) && !text.contains(&signature[..20]) && !text.contains(header), "{text}");
    }
    assert_eq!(refusal(Err(err)), TokenError::Signature);
    // One flipped bit of the signature.
    let mut bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(signature).unwrap();
    bytes[100] ^= 1;
    let token = format!("{}.{}", good.rsplit_once('.').unwrap().0, b64(&bytes));
    assert_eq!(refusal(verifier.verify_token_at(&token, &keys(), at(T))), TokenError::Signature);

    for claim in ["iss", "aud", "exp"] {
        let mut claims = zoho_claims(T);
        claims.as_object_mut().unwrap().remove(claim);
        let reason = refusal(verifier.verify_token_at(&mint(&rs256(KID), &claims), &keys(), at(T)));
        assert_eq!(reason, TokenError::MissingClaim { name: claim }, "{claim}");
    }
    let no_kid = mint(&json!({"alg": "RS256"}), &zoho_claims(T));
    assert_eq!(refusal(verifier.verify_token_at(&no_kid, &keys(), at(T))), TokenError::MissingClaim { name: "kid" });
    // `iat` is optional.
    let mut claims = zoho_claims(T);
    claims.as_object_mut().unwrap().remove("iat");
    let verified = verifier.verify_token_at(&mint(&rs256(KID), &claims), &keys(), at(T)).unwrap();
    assert_eq!(verified.issued_at, None);

    let unknown = mint(&rs256("rotated-2027"), &zoho_claims(T));
    assert_eq!(
        refusal(verifier.verify_token_at(&unknown, &keys(), at(T))),
        TokenError::UnknownKey { kid: "rotated-2027".to_owned() }
    );
}

#[test]
fn key_sets_keep_rsa_signing_keys_only() {
    let set = keys();
    assert_eq!(set.len(), 1);
    assert!(!set.is_empty() && set.contains(KID) && !set.contains("test-only-ec"));
    assert_eq!(set.key_ids().collect::<Vec<_>>(), [KID]);
    assert_eq!(format!("{set:?}"), r#"KeySet { key_ids: ["test-only-2048"] }"#);

    let jwks: Value = serde_json::from_str(JWKS).unwrap();
    let rsa = jwks["keys"][0].clone();
    let mut encryption = rsa.clone();
    encryption["use"] = json!("enc");
    encryption["kid"] = json!("enc");
    let mut other_alg = rsa.clone();
    other_alg["alg"] = json!("RS512");
    other_alg["kid"] = json!("rs512");
    let oct = json!({"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"});
    let mixed = json!({"keys": [oct, encryption, other_alg, rsa]});
    let set = KeySet::from_json(mixed.to_string().as_bytes()).unwrap();
    assert_eq!(set.key_ids().collect::<Vec<_>>(), [KID]);

    for broken in [
        "",
        "[]",
        r#"{"keys": {}}"#,
        r#"{"keys": []}"#,
        r#"{"keys": [{"kty": "oct", "kid": "a", "k": "AAAA"}]}"#,
        r#"{"keys": [{"kty": "RSA", "kid": "a", "e": "AQAB"}]}"#,
        r#"{"keys": [{"kty": "RSA", "kid": "a", "n": "not base64!", "e": "AQAB"}]}"#,
    ] {
        let err = KeySet::from_json(broken.as_bytes()).unwrap_err();
        assert!(matches!(err, WebhookError::KeySource { .. }), "{broken}: {err:?}");
        assert_eq!(err.status().as_u16(), 503);
    }
}

#[test]
fn configuration_errors_come_from_the_constructors() {
    for scheme in [
        JwtScheme::zoho_desk("", WEBHOOK),
        JwtScheme::zoho_desk(ORG, ""),
        JwtScheme::new("x-zdesk-jwt", " ", "aud"),
        JwtScheme::new("x-zdesk-jwt", "iss", ""),
        JwtScheme::zoho_desk(ORG, WEBHOOK).header("bad header"),
    ] {
        let err = JwtVerifier::new(scheme.clone()).unwrap_err();
        assert!(matches!(err, WebhookError::Config { .. }), "{scheme:?}: {err:?}");
        assert_eq!(err.status().as_u16(), 500);
    }
    let scheme = JwtScheme::zoho_desk(ORG, WEBHOOK);
    assert_eq!(scheme.header_name(), "x-zdesk-jwt");
    assert_eq!(scheme.expected_issuer(), "orgId:60001234567");
    assert_eq!(scheme.expected_audience(), "webhookId:1892000000123456");
    assert_eq!(scheme.clock_leeway(), Duration::from_secs(60));
    assert_eq!(JwtScheme::new("X-Token", "i", "a").header_name(), "x-token");

    assert_eq!(JwksSource::zoho_desk("desk.zoho.eu").unwrap().url(), "https://desk.zoho.eu/.well-known/jwks.json");
    for host in ["", "desk.zoho.eu/x", "evil.example?", "user@desk.zoho.com"] {
        assert!(matches!(JwksSource::zoho_desk(host), Err(WebhookError::Config { .. })), "{host}");
    }
    for url in ["not a url", "/relative", "http://desk.zoho.com/.well-known/jwks.json", "ftp://127.0.0.1/jwks"] {
        assert!(matches!(JwksSource::new(url), Err(WebhookError::Config { .. })), "{url}");
    }
    for url in
        ["https://desk.zoho.com/.well-known/jwks.json", "http://127.0.0.1:1/j", "http://[::1]/j", "http://localhost/j"]
    {
        JwksSource::new(url).unwrap_or_else(|err| panic!("{url}: {err}"));
    }
}

#[tokio::test]
async fn deliveries_verify_with_the_fetched_keys_and_a_second_one_makes_no_request() {
    let server = jwks_server(JWKS, 1).await;
    let source = source_of(&server);
    let verifier = verifier();
    let claims = verifier.verify_at(&delivery(&valid_token()), &source, at(T)).await.unwrap();
    assert_eq!(claims.org_id(), Some(ORG));
    verifier.verify_at(&delivery(&valid_token()), &source, at(T + 1)).await.unwrap();
    assert_eq!(source.cached().unwrap().key_ids().collect::<Vec<_>>(), [KID]);
    // Refusals that need no key make no request either.
    let none = format!("{}.", signing_input(&json!({"alg": "none", "kid": KID}), &zoho_claims(T)));
    let err = verifier.verify_at(&delivery(&none), &source, at(T)).await.unwrap_err();
    assert!(matches!(err, WebhookError::BadToken { reason: TokenError::Algorithm { .. } }), "{err:?}");
    let err = verifier.verify_at(&delivery("a.b"), &source, at(T)).await.unwrap_err();
    assert!(matches!(err, WebhookError::BadToken { reason: TokenError::NotThreeParts }), "{err:?}");
    server.verify().await;
}

#[tokio::test]
async fn an_unknown_key_id_makes_exactly_one_refetch_per_interval() {
    // The first fetch, then one refetch for the unknown `kid`.
    let server = jwks_server(JWKS, 2).await;
    let source = source_of(&server);
    let verifier = verifier();
    verifier.verify_at(&delivery(&valid_token()), &source, at(T)).await.unwrap();
    let unknown = mint(&rs256("rotated-2027"), &zoho_claims(T));
    // Within the interval of the first fetch: no refetch.
    let err = verifier.verify_at(&delivery(&unknown), &source, at(T + 30)).await.unwrap_err();
    assert!(matches!(&err, WebhookError::BadToken { reason: TokenError::UnknownKey { kid } } if kid == "rotated-2027"));
    assert_eq!(err.status().as_u16(), 401);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    // After it: one refetch, then the same refusal, and no more requests until the next interval.
    for second in [61, 62, 90, 120] {
        let err = verifier.verify_at(&delivery(&unknown), &source, at(T + second)).await.unwrap_err();
        assert!(matches!(err, WebhookError::BadToken { reason: TokenError::UnknownKey { .. } }), "{err:?}");
    }
    // Known keys keep verifying from the cache.
    verifier.verify_at(&delivery(&valid_token()), &source, at(T + 100)).await.unwrap();
    server.verify().await;
}

#[tokio::test]
async fn a_rotated_key_is_picked_up_by_the_refetch() {
    let jwks: Value = serde_json::from_str(JWKS).unwrap();
    let mut old = jwks["keys"][0].clone();
    old["kid"] = json!("retired-2025");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"keys": [old]})))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(JWKS, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let source = source_of(&server).refetch_interval(Duration::from_secs(10));
    let err = verifier().verify_at(&delivery(&valid_token()), &source, at(T)).await.unwrap_err();
    assert!(matches!(err, WebhookError::BadToken { reason: TokenError::UnknownKey { .. } }), "{err:?}");
    verifier().verify_at(&delivery(&valid_token()), &source, at(T + 10)).await.unwrap();
    assert_eq!(source.cached().unwrap().key_ids().collect::<Vec<_>>(), [KID]);
    server.verify().await;
}

#[tokio::test]
async fn an_unreachable_or_failing_jwks_is_a_key_source_error_answered_503() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_string("down"))
        .expect(2)
        .mount(&server)
        .await;
    let source = source_of(&server);
    let token = valid_token();
    let err = verifier().verify_at(&delivery(&token), &source, at(T)).await.unwrap_err();
    assert!(matches!(err, WebhookError::KeySource { .. }), "{err:?}");
    assert_eq!(err.status().as_u16(), 503);
    let text = err.to_string();
    assert!(text.contains("500") && text.contains("/.well-known/jwks.json") && !text.contains(&token[..40]), "{text}");
    // Within the interval the failure is repeated without a request; after it, one more try.
    let err = verifier().verify_at(&delivery(&token), &source, at(T + 30)).await.unwrap_err();
    assert!(matches!(err, WebhookError::KeySource { .. }), "{err:?}");
    let err = verifier().verify_at(&delivery(&token), &source, at(T + 60)).await.unwrap_err();
    assert_eq!(err.status().as_u16(), 503);
    server.verify().await;

    // Not a JWKS, too slow, too large, or nothing listening.
    for response in [
        ResponseTemplate::new(200).set_body_string("<html>maintenance</html>"),
        ResponseTemplate::new(200).set_body_raw(JWKS, "application/json").set_delay(Duration::from_millis(500)),
        ResponseTemplate::new(200).set_body_string(" ".repeat(300 * 1024)),
        ResponseTemplate::new(302).insert_header("location", "https://elsewhere.example/jwks.json"),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET")).respond_with(response).mount(&server).await;
        let source = source_of(&server).timeout(Duration::from_millis(100));
        let err = verifier().verify_at(&delivery(&token), &source, at(T)).await.unwrap_err();
        assert!(matches!(err, WebhookError::KeySource { .. }), "{err:?}");
        assert!(matches!(source.prefetch().await, Err(WebhookError::KeySource { .. })));
    }
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let source = JwksSource::new(&format!("http://127.0.0.1:{port}/.well-known/jwks.json")).unwrap();
    let err = verifier().verify_at(&delivery(&token), &source, at(T)).await.unwrap_err();
    assert!(matches!(err, WebhookError::KeySource { .. }), "{err:?}");
}

#[tokio::test]
async fn prefetch_warms_the_cache() {
    let server = jwks_server(JWKS, 1).await;
    let source = source_of(&server);
    assert!(source.cached().is_none());
    assert_eq!(source.prefetch().await.unwrap(), 1);
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    let token = mint(&rs256(KID), &zoho_claims(now));
    let claims = verifier().verify(&delivery(&token), &source).await.unwrap();
    assert_eq!(claims.key_id, KID);
    assert!(format!("{source:?}").contains(KID));
    server.verify().await;
}

#[tokio::test]
async fn the_header_is_required_and_its_name_configurable() {
    let server = jwks_server(JWKS, 1).await;
    let source = source_of(&server);
    let mut headers = HeaderMap::new();
    headers.insert("x-zoho-jwt", HeaderValue::from_str(&valid_token()).unwrap());
    let err = verifier().verify_at(&headers, &source, at(T)).await.unwrap_err();
    match &err {
        WebhookError::MissingHeader { name, similar } => {
            assert_eq!(name, "x-zdesk-jwt");
            assert_eq!(similar, &["x-zoho-jwt"]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.status().as_u16(), 401);
    let renamed = JwtVerifier::new(JwtScheme::zoho_desk(ORG, WEBHOOK).header("X-Zoho-JWT")).unwrap();
    renamed.verify_at(&headers, &source, at(T)).await.unwrap();

    let mut opaque = HeaderMap::new();
    opaque.insert(HeaderName::from_static("x-zdesk-jwt"), HeaderValue::from_bytes(b"ey\xff.a.b").unwrap());
    let err = verifier().verify_at(&opaque, &source, at(T)).await.unwrap_err();
    assert!(matches!(err, WebhookError::MalformedSignature { .. }), "{err:?}");
    server.verify().await;
}

#[test]
fn random_tokens_and_key_sets_never_panic() {
    let mut rng = fastrand::Rng::with_seed(0x5eed_0a77);
    let verifier = verifier();
    let keys = keys();
    let good = valid_token();
    let alphabet: Vec<char> =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ !{}\"".chars().collect();
    let random_text = |rng: &mut fastrand::Rng, max: usize| -> String {
        (0..rng.usize(0..max)).map(|_| alphabet[rng.usize(..alphabet.len())]).collect()
    };
    let random_json = |rng: &mut fastrand::Rng| -> Value {
        match rng.u8(..6) {
            0 => json!(null),
            1 => json!(rng.i64(..)),
            2 => json!(rng.f64() * 1e20 - 1e10),
            3 => json!(["webhookId:1", rng.u32(..)]),
            4 => json!({"nested": rng.bool()}),
            _ => json!(format!("orgId:{}", rng.u16(..))),
        }
    };
    for round in 0..3_000 {
        let token = match round % 4 {
            // Random text with dots.
            0 => random_text(&mut rng, 120),
            // Random base64url parts.
            1 => (0..rng.usize(1..5))
                .map(|_| b64(&(0..rng.usize(0..40)).map(|_| rng.u8(..)).collect::<Vec<_>>()))
                .collect::<Vec<_>>()
                .join("."),
            // Well-formed JSON with random members, the real signature.
            2 => {
                let alg = ["RS256", "none", "HS256"][rng.usize(..3)];
                let mut header = json!({"alg": alg, "kid": KID});
                let mut claims = zoho_claims(rng.u64(..u64::MAX / 2));
                for name in ["iss", "aud", "exp", "iat", "nbf", "kid", "alg"] {
                    if rng.bool() {
                        claims[name] = random_json(&mut rng);
                    }
                    if rng.u8(..8) == 0 {
                        header[name] = random_json(&mut rng);
                    }
                }
                format!("{}.{}", signing_input(&header, &claims), good.rsplit('.').next().unwrap())
            }
            // The good token with one character changed.
            _ => {
                let mut chars: Vec<char> = good.chars().collect();
                let at = rng.usize(..chars.len());
                chars[at] = alphabet[rng.usize(..alphabet.len())];
                chars.into_iter().collect()
            }
        };
        let now = UNIX_EPOCH + Duration::from_secs(rng.u64(..u64::from(u32::MAX) * 4));
        if let Ok(claims) = verifier.verify_token_at(&token, &keys, now) {
            // Only the good token itself (a changed character may fall in the base64 padding bits
            // of its signature) can verify.
            assert_eq!(claims.key_id, KID, "{token}");
        }
        let jwks = match round % 3 {
            0 => random_text(&mut rng, 200),
            1 => json!({"keys": [{"kty": "RSA", "kid": random_text(&mut rng, 8), "n": random_text(&mut rng, 40), "e": "AQAB"}]})
                .to_string(),
            _ => json!({"keys": [random_json(&mut rng), {"kty": random_json(&mut rng), "n": random_json(&mut rng)}]})
                .to_string(),
        };
        if let Ok(set) = KeySet::from_json(jwks.as_bytes()) {
            let _ = verifier.verify_token_at(&good, &set, at(T));
        }
    }
}

#[test]
fn verification_is_send_and_a_source_is_shared_between_handlers() {
    fn send<T: Send>(_: &T) {}
    fn send_and_sync<T: Send + Sync>() {}
    send_and_sync::<JwksSource>();
    send_and_sync::<JwtVerifier>();
    send_and_sync::<KeySet>();
    let source = JwksSource::zoho_desk("desk.zoho.com").unwrap();
    let headers = HeaderMap::new();
    let verifier = verifier();
    // The future a handler awaits (for axum, it must be `Send`); it is not polled.
    send(&verifier.verify(&headers, &source));
}

/// The users' test keys (features `mock` and `webhooks-jwt`) mint tokens the verifier accepts,
/// by the keys they publish, and `verify_with` reads the header without any fetch.
#[cfg(feature = "mock")]
#[test]
fn test_keys_mint_tokens_their_key_set_verifies() {
    use helpdesk_runtime::webhook::testing::TestKeys;
    let test_keys = TestKeys::new();
    let token = test_keys
        .mint(&format!("orgId:{ORG}"), &format!("webhookId:{WEBHOOK}"), at(T), Duration::from_secs(300))
        .unwrap();
    let claims = verifier().verify_with_at(&delivery(&token), &test_keys.key_set(), at(T + 10)).unwrap();
    assert_eq!((claims.org_id(), claims.webhook_id()), (Some(ORG), Some(WEBHOOK)));
    assert_eq!(KeySet::from_json(test_keys.jwks_json().as_bytes()).unwrap().len(), keys().len());
    // Past `exp` (and the leeway) the same token is refused.
    let late = verifier().verify_with_at(&delivery(&token), &test_keys.key_set(), at(T + 301 + 60)).unwrap_err();
    assert!(matches!(late, WebhookError::BadToken { reason: TokenError::Expired { .. } }), "{late:?}");
    assert!(!format!("{test_keys:?}").contains("MII"));
}
