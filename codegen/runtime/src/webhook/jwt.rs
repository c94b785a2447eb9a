//! A JSON Web Token signed RS256 in one header ([`JwtScheme`]), checked by [`JwtVerifier`]
//! against the keys of a JWKS: how Zoho Desk signs its webhook deliveries.

use std::collections::HashSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::errors::ErrorKind;
use reqwest::header::{HeaderMap, HeaderName};

use crate::error::Escaped;
use crate::webhook::jwks::{shown, unpadded_base64url, JwksSource, KeySet};
use crate::webhook::{header_text, WebhookError};

/// The header Zoho Desk sends its token in.
const ZOHO_DESK_HEADER: &str = "x-zdesk-jwt";

/// The default clock skew allowed when checking `exp`, `iat` and `nbf`.
const DEFAULT_LEEWAY: Duration = Duration::from_secs(60);

/// A NumericDate above this is read as milliseconds since 1970, not seconds: 10^11 seconds is
/// the year 5138, while milliseconds passed 10^11 in 1973.
const MILLISECONDS_ABOVE: u64 = 100_000_000_000;

/// Why a token was refused: the `reason` of [`WebhookError::BadToken`]. Each variant is one
/// cause; none shows the token or its signature (the key id, algorithm, issuer and audience it
/// names are shown escaped and cut to 64 characters).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The token is not three dot-separated parts (`header.claims.signature`): not a JWT, or an
    /// encrypted one (five parts).
    #[error("it is not three dot-separated parts (`header.claims.signature`)")]
    NotThreeParts,
    /// A part cannot be read: the header or the claims are not unpadded base64url of a JSON
    /// object, a claim has the wrong type (a NumericDate that is not a non-negative number, an
    /// issuer that is not a string), or the signature is not base64url.
    #[error("its {part} cannot be read: {reason}")]
    Malformed {
        /// `header`, `claims` or `signature`.
        part: &'static str,
        /// What is wrong with it (never the part itself).
        reason: &'static str,
    },
    /// The header's `alg` is not `RS256`. The algorithm is pinned, never taken from the token:
    /// `none`, `HS256` (which would make the public key an HMAC secret), `RS512`, `PS256`, … are
    /// all refused before any key is looked up.
    #[error("its algorithm is `{}`; only RS256 is accepted", Escaped(alg))]
    Algorithm {
        /// The `alg` the header names (cut to 64 characters).
        alg: String,
    },
    /// No key of the key set has the header's `kid` (a [`JwksSource`] fetched the JWKS again
    /// first, when its refetch interval allowed).
    #[error("no key `{}` in the JWKS", Escaped(kid))]
    UnknownKey {
        /// The `kid` the header names (cut to 64 characters).
        kid: String,
    },
    /// The RS256 signature does not verify under the key the header names: a forged or altered
    /// token.
    #[error("its signature does not verify")]
    Signature,
    /// The `iss` claim is not the issuer the verifier expects (for Zoho Desk, `orgId:<orgId>`
    /// of another organisation).
    #[error("its issuer is `{}`, not `{}`", Escaped(found), Escaped(expected))]
    Issuer {
        /// The issuer the verifier expects.
        expected: String,
        /// The `iss` of the token (cut to 64 characters).
        found: String,
    },
    /// The `aud` claim does not name the audience the verifier expects (for Zoho Desk,
    /// `webhookId:<webhookId>` of another webhook).
    #[error("its audience is `{}`, not `{}`", Escaped(found), Escaped(expected))]
    Audience {
        /// The audience the verifier expects.
        expected: String,
        /// The `aud` of the token (cut to 64 characters; the values of an array, joined with
        /// `, `).
        found: String,
    },
    /// `exp` is further in the past than the leeway. `ago` is how long ago it was, in whole
    /// seconds.
    #[error("it expired {}s ago", ago.as_secs())]
    Expired {
        /// How long before the verification time `exp` is.
        ago: Duration,
    },
    /// `iat` or `nbf` is further in the future than the leeway (a sender's clock that is wrong,
    /// or a token minted for later). `ahead` is by how much, in whole seconds.
    #[error("it is valid only from {}s in the future", ahead.as_secs())]
    NotYetValid {
        /// How far after the verification time the token becomes valid.
        ahead: Duration,
    },
    /// A required member is absent: the claims `exp`, `iss` or `aud`, or the header's `kid`.
    #[error("it has no `{name}`")]
    MissingClaim {
        /// The member's name.
        name: &'static str,
    },
}

/// Where and how a provider sends a JWT that signs a delivery: the header's name, the issuer
/// (`iss`) and audience (`aud`) the token must carry, and the clock skew allowed.
///
/// The algorithm is always RS256 and is not configurable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtScheme {
    header: String,
    issuer: String,
    audience: String,
    leeway: Duration,
}

impl JwtScheme {
    /// A scheme reading the token from `header` (any case), expecting `iss` to be `issuer` and
    /// `aud` to be (or, for an array, to contain) `audience`, with a leeway of 60 seconds.
    pub fn new(header: impl Into<String>, issuer: impl Into<String>, audience: impl Into<String>) -> Self {
        Self {
            header: header.into().to_ascii_lowercase(),
            issuer: issuer.into(),
            audience: audience.into(),
            leeway: DEFAULT_LEEWAY,
        }
    }

    /// Zoho Desk's scheme for one webhook: header `X-ZDesk-JWT`, issuer `orgId:{org_id}`,
    /// audience `webhookId:{webhook_id}` (the ids as Zoho Desk shows them, digits).
    ///
    /// As read from independent public receivers, not yet confirmed by Zoho: check a first
    /// delivery's [`Claims`] against it.
    pub fn zoho_desk(org_id: impl AsRef<str>, webhook_id: impl AsRef<str>) -> Self {
        let org_id = org_id.as_ref();
        let webhook_id = webhook_id.as_ref();
        // An empty id must stay empty, so that the verifier refuses the scheme.
        let issuer = if org_id.is_empty() { String::new() } else { format!("orgId:{org_id}") };
        let audience = if webhook_id.is_empty() { String::new() } else { format!("webhookId:{webhook_id}") };
        Self::new(ZOHO_DESK_HEADER, issuer, audience)
    }

    /// The same scheme reading another header.
    #[must_use]
    pub fn header(mut self, header: impl Into<String>) -> Self {
        self.header = header.into().to_ascii_lowercase();
        self
    }

    /// The same scheme allowing `leeway` of clock skew between the sender and the receiver
    /// (60 seconds by default): a token is accepted until `exp + leeway`, and from
    /// `iat - leeway` and `nbf - leeway`.
    #[must_use]
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    /// The header's name, lowercase.
    pub fn header_name(&self) -> &str {
        &self.header
    }

    /// The issuer (`iss`) a token must carry.
    pub fn expected_issuer(&self) -> &str {
        &self.issuer
    }

    /// The audience (`aud`) a token must carry.
    pub fn expected_audience(&self) -> &str {
        &self.audience
    }

    /// The clock skew allowed.
    pub fn clock_leeway(&self) -> Duration {
        self.leeway
    }
}

/// The verified claims of a token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Claims {
    /// `iss`, the issuer (Zoho Desk: `orgId:<orgId>`); the one the scheme expects.
    pub issuer: String,
    /// The audience the scheme expects, which `aud` names (Zoho Desk: `webhookId:<webhookId>`).
    pub audience: String,
    /// `exp`, when the token expires, read as seconds since 1970, or as milliseconds when the
    /// number is above 10^11.
    pub expires_at: SystemTime,
    /// `iat`, when the token was issued (same units as `expires_at`), if it says.
    pub issued_at: Option<SystemTime>,
    /// The `kid` of the key that signed it.
    pub key_id: String,
}

impl Claims {
    /// The organisation id of a Zoho Desk issuer (`orgId:<orgId>` → `<orgId>`).
    pub fn org_id(&self) -> Option<&str> {
        self.issuer.strip_prefix("orgId:")
    }

    /// The webhook id of a Zoho Desk audience (`webhookId:<webhookId>` → `<webhookId>`).
    pub fn webhook_id(&self) -> Option<&str> {
        self.audience.strip_prefix("webhookId:")
    }
}

/// Checks that a delivery carries a JWT signed RS256 by a key of the provider's JWKS, for the
/// expected issuer and audience, and not expired.
///
/// **The token does not sign the body.** Zoho Desk's token has no claim binding it to the
/// request body (no hash of it), so anyone who captures one delivery's token (a log, a proxy)
/// can send it with any body of their own until it expires (`exp`, plus the leeway). What a
/// verified token proves is that Zoho Desk sent *a* delivery for this organisation and webhook
/// recently; treat the body's content as a hint (re-read the ticket through the API before
/// acting on it) where that matters, keep the leeway short and never log the header.
///
/// `Debug` shows the scheme; a verifier holds no secret.
#[derive(Debug, Clone)]
pub struct JwtVerifier {
    scheme: JwtScheme,
}

/// A JWT header or claims set: a JSON object.
type JsonObject = serde_json::Map<String, serde_json::Value>;

impl JwtVerifier {
    /// A verifier of `scheme`.
    ///
    /// # Errors
    ///
    /// [`WebhookError::Config`] when the expected issuer or audience is empty (a verifier that
    /// accepted any issuer or audience would accept every other organisation's tokens, so it
    /// is refused) or the header name is not a valid HTTP header name.
    pub fn new(scheme: JwtScheme) -> Result<Self, WebhookError> {
        if scheme.issuer.trim().is_empty() {
            return Err(WebhookError::Config { reason: "the expected JWT issuer (`iss`) is empty".into() });
        }
        if scheme.audience.trim().is_empty() {
            return Err(WebhookError::Config { reason: "the expected JWT audience (`aud`) is empty".into() });
        }
        if HeaderName::from_bytes(scheme.header.as_bytes()).is_err() {
            return Err(WebhookError::Config {
                reason: format!("`{}` is not a valid HTTP header name", scheme.header),
            });
        }
        Ok(Self { scheme })
    }

    /// The scheme this verifier checks.
    pub fn scheme(&self) -> &JwtScheme {
        &self.scheme
    }

    /// Checks a delivery's token against the system clock; see [`JwtVerifier::verify_at`].
    ///
    /// # Errors
    ///
    /// As [`JwtVerifier::verify_at`].
    pub async fn verify(&self, headers: &HeaderMap, keys: &JwksSource) -> Result<Claims, WebhookError> {
        self.verify_at(headers, keys, SystemTime::now()).await
    }

    /// Checks the token in a delivery's header at `now`, with the keys of `keys` (fetched when
    /// none is cached, and again when the token names a key not cached, as [`JwksSource`] says).
    /// The body is not an input: the token does not sign it (see [`JwtVerifier`]).
    ///
    /// # Errors
    ///
    /// - [`WebhookError::MissingHeader`] when the header is absent;
    /// - [`WebhookError::MalformedSignature`] when its value is not visible ASCII;
    /// - [`WebhookError::BadToken`] when the token is refused, with the [`TokenError`] saying
    ///   why (a token that is malformed or names another algorithm is refused before any fetch);
    /// - [`WebhookError::KeySource`] when the JWKS cannot be fetched or read.
    pub async fn verify_at(
        &self,
        headers: &HeaderMap,
        keys: &JwksSource,
        now: SystemTime,
    ) -> Result<Claims, WebhookError> {
        let token = header_text(headers, &self.scheme.header)?;
        let kid = key_id(token)?;
        let set = keys.keys_for(&kid, now).await?;
        self.verify_token_at(token, &set, now)
    }

    /// Checks the token in a delivery's header with the keys of `keys` (held by the caller: a
    /// JWKS read once, a test's keys) against the system clock; see
    /// [`JwtVerifier::verify_with_at`].
    ///
    /// # Errors
    ///
    /// As [`JwtVerifier::verify_with_at`].
    pub fn verify_with(&self, headers: &HeaderMap, keys: &KeySet) -> Result<Claims, WebhookError> {
        self.verify_with_at(headers, keys, SystemTime::now())
    }

    /// Checks the token in a delivery's header with the keys of `keys` at `now`, without any
    /// fetch: [`JwtVerifier::verify_at`] for keys the caller holds.
    ///
    /// # Errors
    ///
    /// - [`WebhookError::MissingHeader`] when the header is absent;
    /// - [`WebhookError::MalformedSignature`] when its value is not visible ASCII;
    /// - [`WebhookError::BadToken`] as [`JwtVerifier::verify_token_at`].
    pub fn verify_with_at(&self, headers: &HeaderMap, keys: &KeySet, now: SystemTime) -> Result<Claims, WebhookError> {
        let token = header_text(headers, &self.scheme.header)?;
        self.verify_token_at(token, keys, now)
    }

    /// Checks a token (the header's value) with `keys` against the system clock; see
    /// [`JwtVerifier::verify_token_at`].
    ///
    /// # Errors
    ///
    /// As [`JwtVerifier::verify_token_at`].
    pub fn verify_token(&self, token: &str, keys: &KeySet) -> Result<Claims, WebhookError> {
        self.verify_token_at(token, keys, SystemTime::now())
    }

    /// Checks a token (the header's value, `header.claims.signature`) with the keys of `keys`
    /// at `now`: the structure, the algorithm (RS256 only), the key id, the signature, then the
    /// claims: `iss` and `aud` must be present and expected, `exp` present and not before
    /// `now - leeway`, `iat` and `nbf` (when present) not after `now + leeway`. NumericDates
    /// above 10^11 are read as milliseconds, others as seconds (fractions allowed).
    ///
    /// # Errors
    ///
    /// [`WebhookError::BadToken`] with the first [`TokenError`] found, in that order.
    pub fn verify_token_at(&self, token: &str, keys: &KeySet, now: SystemTime) -> Result<Claims, WebhookError> {
        let kid = key_id(token)?;
        let parts: Vec<&str> = token.split('.').collect();
        let [_, claims_part, signature_part] = parts[..] else { return Err(bad(TokenError::NotThreeParts)) };
        if unpadded_base64url(signature_part).is_none() {
            return Err(bad(TokenError::Malformed { part: "signature", reason: "it is not unpadded base64url" }));
        }
        let claims_json = unpadded_base64url(claims_part)
            .ok_or_else(|| bad(TokenError::Malformed { part: "claims", reason: "they are not unpadded base64url" }))?;
        let claims: JsonObject = serde_json::from_slice(&claims_json)
            .map_err(|_| bad(TokenError::Malformed { part: "claims", reason: "they are not a JSON object" }))?;
        let key = keys.get(&kid).ok_or_else(|| bad(TokenError::UnknownKey { kid: shown(&kid) }))?;

        // jsonwebtoken checks the signature first, then the presence and values of `iss` and
        // `aud`; the times are checked below, as it reads them as seconds only.
        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
        validation.required_spec_claims = HashSet::from(["iss".to_owned(), "aud".to_owned()]);
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.set_issuer(&[self.scheme.issuer.as_str()]);
        validation.set_audience(&[self.scheme.audience.as_str()]);
        if let Err(err) = jsonwebtoken::decode::<serde::de::IgnoredAny>(token, key, &validation) {
            let reason = match err.into_kind() {
                ErrorKind::InvalidIssuer => {
                    TokenError::Issuer { expected: self.scheme.issuer.clone(), found: claim_text(claims.get("iss")) }
                }
                ErrorKind::InvalidAudience => TokenError::Audience {
                    expected: self.scheme.audience.clone(),
                    found: claim_text(claims.get("aud")),
                },
                ErrorKind::MissingRequiredClaim(name) => {
                    TokenError::MissingClaim { name: if matches!(name.as_str(), "iss") { "iss" } else { "aud" } }
                }
                // The parts were decoded above, so this is the crate's stricter reading of the
                // header (a registered member such as `typ` or `x5c` of the wrong type).
                ErrorKind::Json(_) | ErrorKind::Utf8(_) | ErrorKind::Base64(_) => {
                    TokenError::Malformed { part: "header", reason: "a registered member has the wrong type" }
                }
                // `InvalidSignature`, and anything else the crate may report about the key or
                // the signature: the token is not verified.
                _ => TokenError::Signature,
            };
            return Err(bad(reason));
        }

        let leeway = self.scheme.leeway;
        let expires_at =
            numeric_date(claims.get("exp"))?.ok_or_else(|| bad(TokenError::MissingClaim { name: "exp" }))?;
        if let Ok(ago) = now.duration_since(expires_at) {
            if ago > leeway {
                return Err(bad(TokenError::Expired { ago }));
            }
        }
        let issued_at = numeric_date(claims.get("iat"))?;
        let not_before = numeric_date(claims.get("nbf"))?;
        for start in [issued_at, not_before].into_iter().flatten() {
            if let Ok(ahead) = start.duration_since(now) {
                if ahead > leeway {
                    return Err(bad(TokenError::NotYetValid { ahead }));
                }
            }
        }
        let issuer = match claims.get("iss") {
            Some(serde_json::Value::String(issuer)) => issuer.clone(),
            // jsonwebtoken accepted an issuer given as an array: it holds the expected one.
            _ => self.scheme.issuer.clone(),
        };
        Ok(Claims { issuer, audience: self.scheme.audience.clone(), expires_at, issued_at, key_id: kid })
    }
}

/// The `kid` of a token whose structure and header are sound and whose algorithm is RS256.
fn key_id(token: &str) -> Result<String, WebhookError> {
    let mut parts = token.split('.');
    let (Some(header_part), Some(_), Some(_), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(bad(TokenError::NotThreeParts));
    };
    let header_json = unpadded_base64url(header_part)
        .ok_or_else(|| bad(TokenError::Malformed { part: "header", reason: "it is not unpadded base64url" }))?;
    let header: JsonObject = serde_json::from_slice(&header_json)
        .map_err(|_| bad(TokenError::Malformed { part: "header", reason: "it is not a JSON object" }))?;
    let Some(alg) = header.get("alg").and_then(serde_json::Value::as_str) else {
        return Err(bad(TokenError::Malformed { part: "header", reason: "it has no string `alg`" }));
    };
    match alg {
        "RS256" => {}
        _ => return Err(bad(TokenError::Algorithm { alg: shown(alg) })),
    }
    if header.contains_key("crit") {
        // RFC 7515 section 4.1.11: a token that needs extensions the verifier does not know
        // must be refused.
        return Err(bad(TokenError::Malformed { part: "header", reason: "it names critical extensions (`crit`)" }));
    }
    match header.get("kid") {
        Some(serde_json::Value::String(kid)) => Ok(kid.clone()),
        None | Some(serde_json::Value::Null) => Err(bad(TokenError::MissingClaim { name: "kid" })),
        Some(_) => Err(bad(TokenError::Malformed { part: "header", reason: "its `kid` is not a string" })),
    }
}

/// A NumericDate claim as a time: seconds since 1970 (fractions allowed), or milliseconds when
/// above [`MILLISECONDS_ABOVE`]; `None` when absent or null.
fn numeric_date(value: Option<&serde_json::Value>) -> Result<Option<SystemTime>, WebhookError> {
    let malformed = || {
        bad(TokenError::Malformed {
            part: "claims",
            reason: "an `exp`, `iat` or `nbf` is not a non-negative number of seconds or milliseconds since 1970",
        })
    };
    let number = match value {
        None | Some(serde_json::Value::Null) => return Ok(None),
        Some(serde_json::Value::Number(number)) => number,
        Some(_) => return Err(malformed()),
    };
    let since_epoch = if let Some(whole) = number.as_u64() {
        if whole > MILLISECONDS_ABOVE {
            Duration::from_millis(whole)
        } else {
            Duration::from_secs(whole)
        }
    } else {
        let float = number.as_f64().filter(|float| float.is_finite() && *float >= 0.0).ok_or_else(malformed)?;
        let seconds = if float > MILLISECONDS_ABOVE as f64 { float / 1000.0 } else { float };
        Duration::try_from_secs_f64(seconds).map_err(|_| malformed())?
    };
    UNIX_EPOCH.checked_add(since_epoch).map(Some).ok_or_else(malformed)
}

/// A claim's value as shown in an error: a string, or the strings of an array joined.
fn claim_text(value: Option<&serde_json::Value>) -> String {
    match value {
        Some(serde_json::Value::String(text)) => shown(text),
        Some(serde_json::Value::Array(items)) => {
            shown(&items.iter().filter_map(serde_json::Value::as_str).collect::<Vec<_>>().join(", "))
        }
        Some(other) => shown(&other.to_string()),
        None => String::new(),
    }
}

fn bad(reason: TokenError) -> WebhookError {
    WebhookError::BadToken { reason }
}
