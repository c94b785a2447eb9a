//! The Standard Webhooks scheme ([`StandardWebhooks`]): HMAC-SHA256 of `{id}.{timestamp}.{body}`
//! with a timestamp tolerance.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use reqwest::header::HeaderMap;

use crate::webhook::hmac_scheme::{mac_bytes, verify_tag, Algorithm};
use crate::webhook::{header_text, malformed, missing, KeyBytes, WebhookError};

/// The header names of the scheme: the standard's and svix's spelling of the same headers.
const ID: [&str; 2] = ["webhook-id", "svix-id"];
const TIMESTAMP: [&str; 2] = ["webhook-timestamp", "svix-timestamp"];
const SIGNATURE: [&str; 2] = ["webhook-signature", "svix-signature"];

/// The default tolerance between the signed timestamp and the receiver's clock, either way.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// A verifier of the [Standard Webhooks] signature scheme.
///
/// A delivery carries `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`
/// (a space-separated list of `v1,<base64>` signatures; other versions are skipped), or the same
/// headers named `svix-id`, `svix-timestamp` and `svix-signature`. A `v1` signature is the
/// base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` keyed by the secret's base64-decoded bytes
/// (the secret is written `whsec_<base64>`). The delivery is accepted when any `v1` signature
/// matches and the timestamp is within the tolerance of the receiver's clock (5 minutes either
/// way by default), which bounds replays of a captured delivery.
///
/// [Standard Webhooks]: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
#[derive(Debug, Clone)]
pub struct StandardWebhooks {
    key: KeyBytes,
    tolerance: Duration,
}

impl StandardWebhooks {
    /// A verifier keyed by `secret`, written `whsec_<base64>` (the bare base64 is accepted too).
    ///
    /// # Errors
    ///
    /// [`WebhookError::Config`] when the secret is empty or its key part is not base64.
    pub fn new(secret: &str) -> Result<Self, WebhookError> {
        let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
        let key = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|_| WebhookError::Config { reason: "the signing secret is not `whsec_` and base64".into() })?;
        if key.is_empty() {
            return Err(WebhookError::Config { reason: "the signing secret is empty".into() });
        }
        Ok(Self { key: KeyBytes(key), tolerance: DEFAULT_TOLERANCE })
    }

    /// The same verifier accepting timestamps up to `tolerance` away from the clock, either way.
    #[must_use]
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Checks a delivery against the system clock; see [`StandardWebhooks::verify_at`].
    ///
    /// # Errors
    ///
    /// As [`StandardWebhooks::verify_at`].
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// Checks a delivery's signatures against its raw body, and its timestamp against `now`.
    ///
    /// # Errors
    ///
    /// - [`WebhookError::MissingHeader`] when the id, timestamp or signature header is absent;
    /// - [`WebhookError::MalformedSignature`] when the timestamp is not whole Unix seconds, or no
    ///   `v1` signature is well-formed base64 of 32 bytes;
    /// - [`WebhookError::Stale`] / [`WebhookError::FromFuture`] when the timestamp is more than
    ///   the tolerance before / after `now` (checked before the signatures);
    /// - [`WebhookError::BadSignature`] when no well-formed `v1` signature matches.
    pub fn verify_at(&self, headers: &HeaderMap, body: &[u8], now: SystemTime) -> Result<(), WebhookError> {
        let id = either(headers, ID)?;
        let timestamp_header = present(headers, TIMESTAMP);
        let timestamp_text = either(headers, TIMESTAMP)?;
        let signatures = either(headers, SIGNATURE)?;
        let signature_header = present(headers, SIGNATURE);
        let timestamp: u64 = timestamp_text
            .parse()
            .map_err(|_| malformed(timestamp_header, "the timestamp is not whole Unix seconds"))?;
        self.check_time(timestamp, now)?;

        let mut malformed_reason = None;
        let mut well_formed = false;
        for entry in signatures.split_ascii_whitespace() {
            let Some(encoded) = entry.strip_prefix("v1,") else { continue };
            let tag = match base64::engine::general_purpose::STANDARD.decode(encoded) {
                Ok(tag) => tag,
                Err(_) => {
                    malformed_reason = Some("a v1 signature is not base64");
                    continue;
                }
            };
            if tag.len() != Algorithm::Sha256.digest_len() {
                malformed_reason = Some("a v1 signature is not 32 bytes");
                continue;
            }
            well_formed = true;
            let parts: [&[u8]; 5] = [id.as_bytes(), b".", timestamp_text.as_bytes(), b".", body];
            if verify_tag(Algorithm::Sha256, &self.key.0, &parts, &tag) {
                return Ok(());
            }
        }
        if well_formed {
            Err(WebhookError::BadSignature)
        } else {
            Err(malformed(signature_header, malformed_reason.unwrap_or("it holds no v1 signature")))
        }
    }

    /// The `webhook-signature` value (`v1,<base64>`) that signs a delivery with this `id`,
    /// `timestamp` (Unix seconds) and `body`: what a test sends to a receiver using this verifier.
    pub fn sign(&self, id: &str, timestamp: u64, body: &[u8]) -> String {
        let timestamp = timestamp.to_string();
        let parts: [&[u8]; 5] = [id.as_bytes(), b".", timestamp.as_bytes(), b".", body];
        let digest = mac_bytes(Algorithm::Sha256, &self.key.0, &parts);
        format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(digest))
    }

    fn check_time(&self, timestamp: u64, now: SystemTime) -> Result<(), WebhookError> {
        let signed = UNIX_EPOCH.checked_add(Duration::from_secs(timestamp));
        let Some(signed) = signed else {
            return Err(WebhookError::FromFuture { ahead: Duration::MAX });
        };
        match now.duration_since(signed) {
            Ok(age) if age > self.tolerance => Err(WebhookError::Stale { age }),
            Ok(_) => Ok(()),
            Err(ahead) if ahead.duration() > self.tolerance => {
                Err(WebhookError::FromFuture { ahead: ahead.duration() })
            }
            Err(_) => Ok(()),
        }
    }
}

/// The first of the header's spellings that is present, as text.
fn either<'h>(headers: &'h HeaderMap, names: [&'static str; 2]) -> Result<&'h str, WebhookError> {
    let name = present(headers, names);
    header_text(headers, name).map_err(|err| match err {
        WebhookError::MissingHeader { .. } => missing(headers, names[0]),
        other => other,
    })
}

/// The spelling of a header that the request uses (the standard one when neither is present).
fn present(headers: &HeaderMap, names: [&'static str; 2]) -> &'static str {
    names.into_iter().find(|name| headers.contains_key(*name)).unwrap_or(names[0])
}
