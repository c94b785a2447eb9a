//! Signed test deliveries for JWT-signed webhooks (features `mock` and `webhooks-jwt`): a
//! test-only RSA key that mints tokens, and its JWKS, so that users test their receivers
//! without the vendor.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::webhook::{KeySet, WebhookError};

/// The test-only private key, PKCS#1 PEM (`tests/fixtures/README.md` says how it was made).
/// It is public: nothing it signs proves anything outside a test.
const PRIVATE_KEY_PEM: &str = include_str!("../../tests/fixtures/test_only_rsa_2048.pkcs1.pem");
/// The JWKS of its public half, under [`KID`] (and an EC key a verifier skips).
const JWKS: &str = include_str!("../../tests/fixtures/test_only_jwks.json");
/// The key id the tokens carry and the JWKS lists.
const KID: &str = "test-only-2048";

/// A **test-only** RSA key pair and its JWKS: [`TestKeys::mint`] signs RS256 tokens that a
/// verifier given [`TestKeys::key_set`] (or a server answering [`TestKeys::jwks_json`])
/// accepts.
///
/// The private key is published in this repository: never configure a production receiver
/// with these keys. `Debug` shows no key material.
#[derive(Debug, Clone, Copy, Default)]
pub struct TestKeys {
    _private: (),
}

impl TestKeys {
    /// The test-only keys.
    pub fn new() -> Self {
        Self { _private: () }
    }

    /// The key id (`kid`) the tokens carry: `test-only-2048`.
    pub fn kid(&self) -> &'static str {
        KID
    }

    /// The JWKS of the public key, as JSON: what a test server answers in place of the
    /// provider's `/.well-known/jwks.json`.
    pub fn jwks_json(&self) -> &'static str {
        JWKS
    }

    /// The public keys, parsed: for a verifier that takes the keys it checks with.
    pub fn key_set(&self) -> KeySet {
        // The committed JWKS is valid (the runtime's tests read it the same way).
        KeySet::from_json(JWKS.as_bytes()).unwrap_or_else(|err| unreachable!("the test-only JWKS is valid: {err}"))
    }

    /// A token signed RS256 by the test-only key, with header `kid` [`TestKeys::kid`] and the
    /// claims `iss` = `issuer`, `aud` = `audience`, `iat` = `issued_at` and `exp` =
    /// `issued_at + lifetime` (both in seconds since the Unix epoch).
    ///
    /// # Errors
    ///
    /// [`WebhookError::Config`] when `issued_at` is before the Unix epoch.
    pub fn mint(
        &self,
        issuer: &str,
        audience: &str,
        issued_at: SystemTime,
        lifetime: Duration,
    ) -> Result<String, WebhookError> {
        let iat = issued_at
            .duration_since(UNIX_EPOCH)
            .map_err(|_| WebhookError::Config { reason: "the token's issue time is before 1970".into() })?
            .as_secs();
        let claims = serde_json::json!({
            "iss": issuer,
            "aud": audience,
            "iat": iat,
            "exp": iat.saturating_add(lifetime.as_secs()),
        });
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        header.kid = Some(KID.to_owned());
        jsonwebtoken::encode(&header, &claims, &jsonwebtoken::EncodingKey::from_rsa_der(&private_key_der()))
            .map_err(|err| WebhookError::Config { reason: format!("the test token cannot be signed: {err}") })
    }
}

/// The DER bytes of the PEM's body.
fn private_key_der() -> Vec<u8> {
    use base64::Engine as _;
    let body: String = PRIVATE_KEY_PEM.lines().filter(|line| !line.starts_with("-----")).collect();
    // The committed PEM is valid base64.
    base64::engine::general_purpose::STANDARD.decode(body).unwrap_or_default()
}
