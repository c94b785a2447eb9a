//! The webhook verifiers (feature `webhooks-hmac`): known-answer vectors, every refusal of the
//! error table, the Standard Webhooks tolerance at its edges, and a seeded loop of random input
//! that must never panic.

use std::time::{Duration, UNIX_EPOCH};

use helpdesk_runtime::reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use helpdesk_runtime::webhook::{
    parse_json, Algorithm, Encoding, HmacScheme, HmacVerifier, StandardWebhooks, WebhookError,
};

fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(HeaderName::from_bytes(name.as_bytes()).unwrap(), HeaderValue::from_str(value).unwrap());
    }
    map
}

fn intercom_like(secret: &str) -> HmacVerifier {
    let scheme = HmacScheme::new("X-Hub-Signature", Algorithm::Sha1, Encoding::Hex).prefix("sha1=");
    HmacVerifier::new(scheme, secret).unwrap()
}

const BODY: &[u8] = br#"{"type":"notification_event","topic":"ticket.created"}"#;

#[test]
fn rfc_2202_hmac_sha1_case_2() {
    let verifier = HmacVerifier::new(HmacScheme::new("x-sig", Algorithm::Sha1, Encoding::Hex), "Jefe").unwrap();
    let body = b"what do ya want for nothing?";
    assert_eq!(verifier.sign(body), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    verifier.verify(&headers(&[("x-sig", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")]), body).unwrap();
    // Uppercase hex is the same digest.
    verifier.verify(&headers(&[("x-sig", "EFFCDF6AE5EB2FA2D27416D5F184DF9C259A7C79")]), body).unwrap();
}

#[test]
fn rfc_4231_hmac_sha256_case_2() {
    let verifier = HmacVerifier::new(HmacScheme::new("x-sig", Algorithm::Sha256, Encoding::Hex), "Jefe").unwrap();
    let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    assert_eq!(verifier.sign(b"what do ya want for nothing?"), expected);
    verifier.verify(&headers(&[("x-sig", expected)]), b"what do ya want for nothing?").unwrap();
}

#[test]
fn standard_webhooks_known_answer() {
    let verifier = StandardWebhooks::new("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").unwrap();
    let body = br#"{"email":"test@example.com","username":"test_user"}"#;
    let signature = "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=";
    assert_eq!(verifier.sign("msg_27UH4WbU6Z5A5EzD8u03UvzRbpk", 1_649_367_553, body), signature);
    let now = UNIX_EPOCH + Duration::from_secs(1_649_367_553);
    let delivery = headers(&[
        ("webhook-id", "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk"),
        ("webhook-timestamp", "1649367553"),
        ("webhook-signature", signature),
    ]);
    verifier.verify_at(&delivery, body, now).unwrap();
    // svix's header names are the same scheme.
    let svix = headers(&[
        ("svix-id", "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk"),
        ("svix-timestamp", "1649367553"),
        ("svix-signature", signature),
    ]);
    verifier.verify_at(&svix, body, now).unwrap();
}

#[test]
fn hmac_signed_body_verifies_and_one_changed_byte_does_not() {
    let verifier = intercom_like("hub-secret");
    let signature = verifier.sign(BODY);
    assert!(signature.starts_with("sha1=") && signature.len() == 45, "{signature}");
    verifier.verify(&headers(&[("x-hub-signature", &signature)]), BODY).unwrap();

    let mut changed = BODY.to_vec();
    changed[10] ^= 1;
    let err = verifier.verify(&headers(&[("x-hub-signature", &signature)]), &changed).unwrap_err();
    assert!(matches!(err, WebhookError::BadSignature), "{err:?}");
    assert_eq!(err.status().as_u16(), 401);

    let wrong_secret = intercom_like("another-secret");
    let err = wrong_secret.verify(&headers(&[("x-hub-signature", &signature)]), BODY).unwrap_err();
    assert!(matches!(err, WebhookError::BadSignature), "{err:?}");
    // Neither message shows the signature that was expected or received.
    let expected_hex = &wrong_secret.sign(BODY)[5..];
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(expected_hex) && !text.contains(&signature[5..]), "{text}");
    }
}

#[test]
fn missing_header_names_the_headers_that_look_like_signatures() {
    let verifier = intercom_like("hub-secret");
    let delivery = headers(&[
        ("content-type", "application/json"),
        ("x-periskope-signature", "abc123-secret-looking-value"),
        ("x-hmac-sha256", "value-two"),
    ]);
    let err = verifier.verify(&delivery, BODY).unwrap_err();
    match &err {
        WebhookError::MissingHeader { name, similar } => {
            assert_eq!(name, "x-hub-signature");
            assert_eq!(similar, &["x-hmac-sha256", "x-periskope-signature"]);
        }
        other => panic!("{other:?}"),
    }
    let text = err.to_string();
    assert!(text.contains("x-periskope-signature") && !text.contains("abc123"), "{text}");
    assert_eq!(err.status().as_u16(), 401);
}

#[test]
fn malformed_signatures_are_refused_before_any_comparison() {
    let verifier = intercom_like("hub-secret");
    let good = verifier.sign(BODY);
    let cases = [
        ("sha256", format!("sha256={}", &good[5..])),
        ("empty after the prefix (svix PR #1190)", "sha1=".to_owned()),
        ("39 hex digits", good[..44].to_owned()),
        ("38 hex digits", good[..43].to_owned()),
        ("no prefix", good[5..].to_owned()),
        ("not hex", format!("sha1={}", "z".repeat(40))),
        ("too long", format!("{good}00")),
    ];
    for (case, value) in cases {
        let err = verifier.verify(&headers(&[("x-hub-signature", &value)]), BODY).unwrap_err();
        assert!(matches!(err, WebhookError::MalformedSignature { .. }), "{case}: {err:?}");
        assert!(!err.to_string().contains(&good[5..15]), "{case}: {err}");
    }
    let mut opaque = HeaderMap::new();
    opaque.insert("x-hub-signature", HeaderValue::from_bytes(b"sha1=\xff\xfe").unwrap());
    let err = verifier.verify(&opaque, BODY).unwrap_err();
    assert!(matches!(err, WebhookError::MalformedSignature { .. }), "{err:?}");
}

#[test]
fn every_scheme_override_combination_verifies_its_own_signature_only() {
    let body = br#"{"event":"ticket.created","data":{}}"#;
    for algorithm in [Algorithm::Sha1, Algorithm::Sha256] {
        for encoding in [Encoding::Hex, Encoding::Base64] {
            for prefix in [None, Some("sha256=")] {
                for header in ["x-periskope-signature", "X-Signature"] {
                    let mut scheme = HmacScheme::new(header, algorithm, encoding);
                    if let Some(prefix) = prefix {
                        scheme = scheme.prefix(prefix);
                    }
                    let verifier = HmacVerifier::new(scheme.clone(), "signing-key").unwrap();
                    let value = verifier.sign(body);
                    let case = format!("{algorithm:?} {encoding:?} {prefix:?} {header}");
                    verifier.verify(&headers(&[(header, &value)]), body).unwrap_or_else(|e| panic!("{case}: {e}"));
                    // The same value read under another algorithm or encoding is refused.
                    let other = scheme.clone().algorithm(match algorithm {
                        Algorithm::Sha1 => Algorithm::Sha256,
                        _ => Algorithm::Sha1,
                    });
                    let other = HmacVerifier::new(other, "signing-key").unwrap();
                    assert!(other.verify(&headers(&[(header, &value)]), body).is_err(), "{case}");
                }
            }
        }
    }
}

#[test]
fn configuration_errors_come_from_the_constructors() {
    let scheme = HmacScheme::new("x-hub-signature", Algorithm::Sha1, Encoding::Hex);
    let err = HmacVerifier::new(scheme.clone(), "").unwrap_err();
    assert!(matches!(err, WebhookError::Config { .. }), "{err:?}");
    assert_eq!(err.status().as_u16(), 500);
    assert!(HmacVerifier::new(scheme.header("bad header"), "s").is_err());
    assert!(matches!(StandardWebhooks::new("whsec_"), Err(WebhookError::Config { .. })));
    assert!(matches!(StandardWebhooks::new("whsec_not base64!"), Err(WebhookError::Config { .. })));
    // Debug never shows the key.
    let verifier = intercom_like("hub-secret");
    assert!(!format!("{verifier:?}").contains("hub-secret"));
    let standard = StandardWebhooks::new("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").unwrap();
    assert!(!format!("{standard:?}").contains("C2FVsBQ"));
}

fn standard_delivery(verifier: &StandardWebhooks, timestamp: u64, body: &[u8]) -> HeaderMap {
    let signature = verifier.sign("msg_1", timestamp, body);
    headers(&[
        ("webhook-id", "msg_1"),
        ("webhook-timestamp", &timestamp.to_string()),
        ("webhook-signature", &signature),
    ])
}

#[test]
fn standard_webhooks_tolerance_is_inclusive_on_both_sides() {
    let verifier = StandardWebhooks::new("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").unwrap();
    let signed = 1_700_000_000;
    let delivery = standard_delivery(&verifier, signed, BODY);
    let at = |offset: i64| UNIX_EPOCH + Duration::from_secs(signed.checked_add_signed(offset).unwrap());

    verifier.verify_at(&delivery, BODY, at(300)).unwrap();
    verifier.verify_at(&delivery, BODY, at(-300)).unwrap();
    let err = verifier.verify_at(&delivery, BODY, at(301)).unwrap_err();
    assert!(matches!(err, WebhookError::Stale { age } if age == Duration::from_secs(301)), "{err:?}");
    let err = verifier.verify_at(&delivery, BODY, at(-301)).unwrap_err();
    assert!(matches!(err, WebhookError::FromFuture { ahead } if ahead == Duration::from_secs(301)), "{err:?}");
    assert_eq!(err.status().as_u16(), 401);

    let narrow = verifier.clone().tolerance(Duration::from_secs(10));
    assert!(narrow.verify_at(&delivery, BODY, at(11)).is_err());
    narrow.verify_at(&delivery, BODY, at(10)).unwrap();
}

#[test]
fn standard_webhooks_accepts_any_matching_v1_signature_and_refuses_the_rest() {
    let verifier = StandardWebhooks::new("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").unwrap();
    let other = StandardWebhooks::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
    let ts = 1_700_000_000;
    let now = UNIX_EPOCH + Duration::from_secs(ts);
    let good = verifier.sign("msg_1", ts, BODY);
    let wrong = other.sign("msg_1", ts, BODY);
    let with = |signature: &str| {
        headers(&[("webhook-id", "msg_1"), ("webhook-timestamp", "1700000000"), ("webhook-signature", signature)])
    };

    // Rotation: the old and new secrets' signatures side by side, and other versions skipped.
    verifier.verify_at(&with(&format!("v1a,abc {wrong} {good}")), BODY, now).unwrap();
    let err = verifier.verify_at(&with(&wrong), BODY, now).unwrap_err();
    assert!(matches!(err, WebhookError::BadSignature), "{err:?}");
    // A changed body, id or timestamp breaks the signature.
    assert!(matches!(verifier.verify_at(&with(&good), b"{}", now), Err(WebhookError::BadSignature)));
    let moved = headers(&[("webhook-id", "msg_2"), ("webhook-timestamp", "1700000000"), ("webhook-signature", &good)]);
    assert!(matches!(verifier.verify_at(&moved, BODY, now), Err(WebhookError::BadSignature)));

    for malformed in ["v1,", "v1,=", "v1,AAAA", "v2,abc", "", &good[..20]] {
        let err = verifier.verify_at(&with(malformed), BODY, now).unwrap_err();
        assert!(matches!(err, WebhookError::MalformedSignature { .. }), "{malformed:?}: {err:?}");
    }
    let no_id = headers(&[("webhook-timestamp", "1700000000"), ("webhook-signature", &good)]);
    assert!(
        matches!(verifier.verify_at(&no_id, BODY, now), Err(WebhookError::MissingHeader { name, .. }) if name == "webhook-id")
    );
    let bad_ts =
        headers(&[("webhook-id", "msg_1"), ("webhook-timestamp", "1700000000.5"), ("webhook-signature", &good)]);
    assert!(
        matches!(verifier.verify_at(&bad_ts, BODY, now), Err(WebhookError::MalformedSignature { header, .. }) if header == "webhook-timestamp")
    );
    let far =
        headers(&[("webhook-id", "msg_1"), ("webhook-timestamp", &u64::MAX.to_string()), ("webhook-signature", &good)]);
    assert!(matches!(verifier.verify_at(&far, BODY, now), Err(WebhookError::FromFuture { .. })));
}

#[test]
fn verified_bodies_that_are_not_json_are_payload_errors_with_an_escaped_excerpt() {
    let err = parse_json(b"<html>\x1b[31m</html>").unwrap_err();
    assert_eq!(err.status().as_u16(), 400);
    assert!(err.to_string().contains("\\u{1b}[31m"), "{err}");
    let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(matches!(parse_json(nested.as_bytes()), Err(WebhookError::Payload { .. })));
    assert_eq!(parse_json(br#"{"a":[1,2]}"#).unwrap(), serde_json::json!({"a": [1, 2]}));
}

#[test]
fn random_bodies_and_header_values_never_panic() {
    let mut rng = fastrand::Rng::with_seed(0x5eed_2026);
    let hmac = intercom_like("hub-secret");
    let base64 = HmacVerifier::new(HmacScheme::new("x-sig", Algorithm::Sha256, Encoding::Base64), "k").unwrap();
    let standard = StandardWebhooks::new("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").unwrap();
    let alphabet: Vec<u8> = (0x20..0x7f).collect();
    for round in 0..2_000 {
        let body: Vec<u8> = (0..rng.usize(0..64)).map(|_| rng.u8(..)).collect();
        let mut value: String =
            (0..rng.usize(0..80)).map(|_| char::from(alphabet[rng.usize(..alphabet.len())])).collect();
        if round % 3 == 0 {
            value = format!("sha1={value}");
        }
        if round % 5 == 0 {
            value = format!("v1,{value} v1,{}", &value[..value.len() / 2]);
        }
        let delivery = headers(&[
            ("x-hub-signature", &value),
            ("x-sig", &value),
            ("webhook-id", &value),
            ("webhook-timestamp", &rng.u64(..).to_string()),
            ("webhook-signature", &value),
        ]);
        // Random input verifies only by chance, which 2,000 rounds of 160-bit MACs will not hit.
        assert!(hmac.verify(&delivery, &body).is_err());
        assert!(base64.verify(&delivery, &body).is_err());
        assert!(standard.verify(&delivery, &body).is_err());
        let _ = parse_json(&body);
    }
}

/// The generated `WebhookEvent::id` / `occurred_at` read their fields through
/// `webhook::fields` (hidden), whatever type the field was generated as.
#[test]
fn counts_in_any_generated_form_give_the_same_instant() {
    use helpdesk_runtime::webhook::fields::{instant, text, Unit};
    use serde_json::Value;
    use std::time::{Duration, UNIX_EPOCH};
    let at = UNIX_EPOCH + Duration::from_secs(1_767_225_600);
    assert_eq!(instant(&1_767_225_600_i64, Unit::Seconds), Some(at));
    assert_eq!(instant(&Some(1_767_225_600_u64), Unit::Seconds), Some(at));
    assert_eq!(instant(&Some("1767225600000".to_owned()), Unit::Milliseconds), Some(at));
    assert_eq!(instant(&Value::from("1767225600000"), Unit::Milliseconds), Some(at));
    assert_eq!(instant(&Some(&Value::from(1_767_225_600)), Unit::Seconds), Some(at));
    assert_eq!(instant(&None::<i64>, Unit::Seconds), None);
    assert_eq!(instant(&-1_i64, Unit::Seconds), None);
    assert_eq!(instant(&f64::NAN, Unit::Seconds), None);
    assert_eq!(instant(&f64::MAX, Unit::Seconds), None);
    assert_eq!(instant(&Value::from("soon"), Unit::Seconds), None);
    assert_eq!(text(&Some("notif_1".to_owned())), Some("notif_1"));
    assert_eq!(text(&Value::from(3)), None);
}
