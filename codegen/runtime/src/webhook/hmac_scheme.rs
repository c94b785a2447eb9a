//! An HMAC of the raw body carried in one header ([`HmacScheme`]), checked by [`HmacVerifier`].

use base64::Engine as _;
use hmac::{Hmac, Mac};
use reqwest::header::{HeaderMap, HeaderName};

use crate::webhook::{header_text, malformed, KeyBytes, WebhookError};
use crate::Secret;

/// The hash function of an HMAC ([RFC 2104]).
///
/// [RFC 2104]: https://www.rfc-editor.org/rfc/rfc2104
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// HMAC-SHA1: a 20-byte digest (40 hex digits). Intercom's `X-Hub-Signature`.
    Sha1,
    /// HMAC-SHA256: a 32-byte digest (64 hex digits, 44 base64 characters).
    Sha256,
}

impl Algorithm {
    /// The digest's length in bytes (20 or 32).
    pub fn digest_len(self) -> usize {
        match self {
            Algorithm::Sha1 => 20,
            Algorithm::Sha256 => 32,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "HMAC-SHA1",
            Algorithm::Sha256 => "HMAC-SHA256",
        }
    }
}

/// How the digest is written in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Encoding {
    /// Hexadecimal digits (either case is read; [`HmacVerifier::sign`] writes lowercase).
    Hex,
    /// Standard base64 with padding (RFC 4648 section 4).
    Base64,
}

/// Where and how a provider sends the HMAC of a delivery's raw body: the header's name, the
/// hash, the digest's encoding and an optional prefix before it (`sha1=` in
/// `X-Hub-Signature: sha1=<40 hex digits>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HmacScheme {
    header: String,
    algorithm: Algorithm,
    encoding: Encoding,
    prefix: Option<String>,
}

impl HmacScheme {
    /// A scheme reading `header` (any case; header names are case-insensitive), with no prefix.
    pub fn new(header: impl Into<String>, algorithm: Algorithm, encoding: Encoding) -> Self {
        Self { header: header.into().to_ascii_lowercase(), algorithm, encoding, prefix: None }
    }

    /// The same scheme with the digest preceded by `prefix` (matched exactly, e.g. `sha1=`).
    #[must_use]
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// The same scheme reading another header.
    #[must_use]
    pub fn header(mut self, header: impl Into<String>) -> Self {
        self.header = header.into().to_ascii_lowercase();
        self
    }

    /// The same scheme with another hash.
    #[must_use]
    pub fn algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// The same scheme with another encoding of the digest.
    #[must_use]
    pub fn encoding(mut self, encoding: Encoding) -> Self {
        self.encoding = encoding;
        self
    }

    /// The same scheme without a prefix.
    #[must_use]
    pub fn no_prefix(mut self) -> Self {
        self.prefix = None;
        self
    }

    /// The header's name, lowercase.
    pub fn header_name(&self) -> &str {
        &self.header
    }

    /// The hash.
    pub fn hash(&self) -> Algorithm {
        self.algorithm
    }

    /// The digest's encoding.
    pub fn digest_encoding(&self) -> Encoding {
        self.encoding
    }

    /// The prefix before the digest, if any.
    pub fn digest_prefix(&self) -> Option<&str> {
        self.prefix.as_deref()
    }
}

/// Checks that a delivery's header carries the HMAC of its raw body under a signing secret.
///
/// The secret's UTF-8 bytes are the HMAC key (as Intercom and the public Periskope receivers
/// use them). `Debug` shows the scheme, never the secret.
#[derive(Debug, Clone)]
pub struct HmacVerifier {
    scheme: HmacScheme,
    key: KeyBytes,
}

impl HmacVerifier {
    /// A verifier of `scheme` keyed by `secret`.
    ///
    /// # Errors
    ///
    /// [`WebhookError::Config`] when the secret is empty or the scheme's header name is not a
    /// valid HTTP header name.
    pub fn new(scheme: HmacScheme, secret: impl Into<Secret>) -> Result<Self, WebhookError> {
        let secret = secret.into();
        if secret.expose().is_empty() {
            return Err(WebhookError::Config { reason: "the signing secret is empty".into() });
        }
        if HeaderName::from_bytes(scheme.header.as_bytes()).is_err() {
            return Err(WebhookError::Config {
                reason: format!("`{}` is not a valid HTTP header name", scheme.header),
            });
        }
        Ok(Self { scheme, key: KeyBytes(secret.expose().as_bytes().to_vec()) })
    }

    /// The scheme this verifier checks.
    pub fn scheme(&self) -> &HmacScheme {
        &self.scheme
    }

    /// Checks the signature header of a delivery against its raw body.
    ///
    /// # Errors
    ///
    /// - [`WebhookError::MissingHeader`] when the header is absent (with the names of present
    ///   headers that look like signatures);
    /// - [`WebhookError::MalformedSignature`] when its value is not visible ASCII, lacks the
    ///   prefix, is not valid hex or base64, is empty or is not a digest of the algorithm's length;
    /// - [`WebhookError::BadSignature`] when the digest does not match the body.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        let header = self.scheme.header.as_str();
        let text = header_text(headers, header)?;
        let digest = match &self.scheme.prefix {
            Some(prefix) => text
                .strip_prefix(prefix.as_str())
                .ok_or_else(|| malformed(header, format!("it does not start with `{prefix}`")))?,
            None => text,
        };
        let tag = decode(self.scheme.encoding, digest).map_err(|reason| malformed(header, reason))?;
        if tag.is_empty() {
            return Err(malformed(header, "the signature is empty"));
        }
        if tag.len() != self.scheme.algorithm.digest_len() {
            return Err(malformed(
                header,
                format!(
                    "the signature has {} bytes, {} gives {}",
                    tag.len(),
                    self.scheme.algorithm.name(),
                    self.scheme.algorithm.digest_len()
                ),
            ));
        }
        if verify_tag(self.scheme.algorithm, &self.key.0, &[body], &tag) {
            Ok(())
        } else {
            Err(WebhookError::BadSignature)
        }
    }

    /// The header value that signs `body` under this verifier's secret and scheme (prefix and
    /// encoding included): what a test sends to a receiver that uses this verifier.
    pub fn sign(&self, body: &[u8]) -> String {
        let digest = mac_bytes(self.scheme.algorithm, &self.key.0, &[body]);
        let encoded = match self.scheme.encoding {
            Encoding::Hex => hex::encode(digest),
            Encoding::Base64 => base64::engine::general_purpose::STANDARD.encode(digest),
        };
        format!("{}{encoded}", self.scheme.prefix.as_deref().unwrap_or(""))
    }
}

/// Decodes a digest written in `encoding`, or says why it cannot be read (never echoing it).
fn decode(encoding: Encoding, text: &str) -> Result<Vec<u8>, &'static str> {
    match encoding {
        Encoding::Hex => hex::decode(text).map_err(|_| "the signature is not hexadecimal"),
        Encoding::Base64 => {
            base64::engine::general_purpose::STANDARD.decode(text).map_err(|_| "the signature is not base64")
        }
    }
}

/// The HMAC of the concatenated `parts` under `key`.
pub(super) fn mac_bytes(algorithm: Algorithm, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    match algorithm {
        Algorithm::Sha1 => keyed::<Hmac<sha1::Sha1>>(key, parts).finalize().into_bytes().to_vec(),
        Algorithm::Sha256 => keyed::<Hmac<sha2::Sha256>>(key, parts).finalize().into_bytes().to_vec(),
    }
}

/// Whether `tag` is the HMAC of the concatenated `parts` under `key`, compared in constant time
/// by `Mac::verify_slice` (which also refuses a tag of another length).
pub(super) fn verify_tag(algorithm: Algorithm, key: &[u8], parts: &[&[u8]], tag: &[u8]) -> bool {
    match algorithm {
        Algorithm::Sha1 => keyed::<Hmac<sha1::Sha1>>(key, parts).verify_slice(tag).is_ok(),
        Algorithm::Sha256 => keyed::<Hmac<sha2::Sha256>>(key, parts).verify_slice(tag).is_ok(),
    }
}

fn keyed<M: Mac + hmac::digest::KeyInit>(key: &[u8], parts: &[&[u8]]) -> M {
    // HMAC takes keys of any length (longer ones are hashed), so this cannot fail.
    let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    for part in parts {
        mac.update(part);
    }
    mac
}
