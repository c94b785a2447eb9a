//! The RSA public keys of a JSON Web Key Set ([`KeySet`]), and a JWKS endpoint that fetches and
//! caches them ([`JwksSource`]).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use jsonwebtoken::DecodingKey;
use reqwest::header::ACCEPT;
use serde::Deserialize;

use crate::webhook::WebhookError;

/// Zoho Desk's JWKS on its US data centre; each data centre serves the same path on its own
/// host (see [`JwksSource::zoho_desk`]).
const ZOHO_DESK_JWKS_PATH: &str = "/.well-known/jwks.json";

/// The default timeout of one JWKS request: below the 5 seconds within which Zoho Desk expects
/// a delivery to be answered, so that a slow key server still leaves time to answer.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3);

/// The default shortest interval between two fetches triggered by an unknown `kid`.
const DEFAULT_REFETCH_INTERVAL: Duration = Duration::from_secs(60);

/// The longest JWKS body read; a key set is a few kilobytes.
const MAX_JWKS_BYTES: usize = 256 * 1024;

/// The RSA public keys of a JSON Web Key Set ([RFC 7517]), by key id (`kid`).
///
/// Only keys with `kty` `RSA` and a `kid` are kept; keys of other types (EC, OKP, symmetric
/// `oct` keys), keys whose `use` is not `sig` and keys whose `alg` is given and is not `RS256`
/// are skipped, so that a JWKS that also publishes other keys still loads. `Debug` shows the key
/// ids only.
///
/// [RFC 7517]: https://www.rfc-editor.org/rfc/rfc7517
#[derive(Clone)]
pub struct KeySet {
    keys: BTreeMap<String, DecodingKey>,
}

/// A JWKS document as far as this module reads it.
#[derive(Deserialize)]
struct JwksDocument {
    keys: Vec<Jwk>,
}

/// One key of a JWKS: the members read (others are ignored).
#[derive(Deserialize)]
struct Jwk {
    kty: String,
    kid: Option<String>,
    #[serde(rename = "use")]
    usage: Option<String>,
    alg: Option<String>,
    n: Option<String>,
    e: Option<String>,
}

impl KeySet {
    /// Reads the RSA keys of a JWKS document (`{"keys": [{"kty": "RSA", "kid": …, "n": …,
    /// "e": …}, …]}`, with `n` and `e` the big-endian modulus and exponent in unpadded
    /// base64url), without any network access.
    ///
    /// # Errors
    ///
    /// [`WebhookError::KeySource`] when the bytes are not a JSON object with a `keys` array, when
    /// an RSA key lacks `n` or `e` or they are not base64url, or when no RSA signing key with a
    /// `kid` is left (a key set that can verify nothing is a broken key source, not a set of
    /// keys that refuses every delivery).
    pub fn from_json(json: &[u8]) -> Result<KeySet, WebhookError> {
        let document: JwksDocument = serde_json::from_slice(json)
            .map_err(|_| key_source("the JWKS is not a JSON object with a `keys` array of JSON Web Keys"))?;
        let mut keys = BTreeMap::new();
        for jwk in document.keys {
            let rsa = matches!(jwk.kty.as_str(), "RSA");
            let signing = matches!(jwk.usage.as_deref(), None | Some("sig"));
            let rs256 = matches!(jwk.alg.as_deref(), None | Some("RS256"));
            let Some(kid) = jwk.kid.filter(|_| rsa && signing && rs256) else { continue };
            let (Some(n), Some(e)) = (jwk.n.as_deref(), jwk.e.as_deref()) else {
                return Err(key_source(format!("the RSA key `{}` lacks `n` or `e`", shown(&kid))));
            };
            let (Some(n), Some(e)) = (unpadded_base64url(n), unpadded_base64url(e)) else {
                return Err(key_source(format!(
                    "the RSA key `{}` has an `n` or `e` that is not base64url",
                    shown(&kid)
                )));
            };
            // The first key with a given id wins, as a verifier could not tell duplicates apart.
            keys.entry(kid).or_insert_with(|| DecodingKey::from_rsa_raw_components(&n, &e));
        }
        if keys.is_empty() {
            return Err(key_source("the JWKS holds no RSA signing key with a `kid`"));
        }
        Ok(KeySet { keys })
    }

    /// The number of RSA keys (at least 1).
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the set holds no key (never, for a set built by [`KeySet::from_json`]).
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Whether the set holds a key with this `kid`.
    pub fn contains(&self, kid: &str) -> bool {
        self.keys.contains_key(kid)
    }

    /// The key ids, sorted.
    pub fn key_ids(&self) -> impl Iterator<Item = &str> + '_ {
        self.keys.keys().map(String::as_str)
    }

    /// The key with this `kid`, if any.
    pub(super) fn get(&self, kid: &str) -> Option<&DecodingKey> {
        self.keys.get(kid)
    }
}

impl fmt::Debug for KeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeySet").field("key_ids", &self.keys.keys().collect::<Vec<_>>()).finish()
    }
}

/// A JWKS endpoint, such as Zoho Desk's `https://desk.zoho.com/.well-known/jwks.json`: its keys
/// are fetched on first use (or by [`JwksSource::prefetch`]) and cached by `kid`.
///
/// A token whose `kid` is not cached makes the source fetch the JWKS again, at most once per
/// refetch interval (60 seconds by default), so that a key rotated in by the provider is picked
/// up at once while tokens with made-up key ids cannot make the receiver hammer the key server.
/// A refetch replaces the whole set, so a key the provider withdrew is dropped then; call
/// [`JwksSource::prefetch`] to replace it at other times. Each request has a timeout (3 seconds
/// by default, below Zoho Desk's 5-second delivery deadline), follows no redirect and reads at
/// most 256 KiB.
///
/// The cache sits behind a `std::sync::Mutex` that is never held across an `.await`, so one
/// source is shared by every request handler (put it in an `Arc` or the handlers' state). While
/// a refetch is under way, a concurrent delivery whose key is not cached is answered
/// [`WebhookError::KeySource`] (`503`, so the provider retries) rather than starting another.
pub struct JwksSource {
    url: reqwest::Url,
    client: reqwest::Client,
    timeout: Duration,
    refetch_interval: Duration,
    state: Mutex<State>,
}

/// What a [`JwksSource`] remembers between deliveries.
#[derive(Default)]
struct State {
    /// The keys of the last successful fetch.
    keys: Option<Arc<KeySet>>,
    /// When the last fetch triggered by a delivery started (by the clock the delivery was
    /// verified against).
    last_attempt: Option<SystemTime>,
    /// Why the last fetch failed, while no later fetch has succeeded.
    last_error: Option<String>,
    /// Whether a fetch triggered by a delivery is under way.
    fetching: bool,
}

/// What a delivery whose key is not cached leads to.
enum Next {
    /// Fetch the JWKS now.
    Fetch,
    /// Verify against the keys held (the token's key is not among them, or no keys are held).
    Hold(Option<Arc<KeySet>>),
    /// Answer that the keys are unavailable for now.
    Unavailable(String),
}

impl JwksSource {
    /// A source fetching the JWKS at `url` with the runtime's own HTTP client (rustls, no
    /// redirects), a 3-second timeout and a 60-second refetch interval.
    ///
    /// # Errors
    ///
    /// [`WebhookError::Config`] when `url` is not an absolute URL, is not `https` (plain `http`
    /// is accepted for loopback hosts only: `localhost`, `127.0.0.0/8`, `::1`, as in tests), or
    /// when the HTTP client cannot be built.
    pub fn new(url: &str) -> Result<Self, WebhookError> {
        let url = reqwest::Url::parse(url)
            .map_err(|_| WebhookError::Config { reason: format!("`{url}` is not an absolute URL") })?;
        let loopback = match url.host_str() {
            Some("localhost") => true,
            Some(host) => host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback()),
            None => false,
        };
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            _ => {
                return Err(WebhookError::Config {
                    reason: format!("the JWKS URL `{url}` is not https (plain http is for loopback hosts only)"),
                })
            }
        }
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("helpdesk-runtime/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|err| WebhookError::Config { reason: format!("the HTTP client cannot be built: {err}") })?;
        Ok(Self {
            url,
            client,
            timeout: DEFAULT_TIMEOUT,
            refetch_interval: DEFAULT_REFETCH_INTERVAL,
            state: Mutex::new(State::default()),
        })
    }

    /// The source of Zoho Desk's keys on the data centre `host`: `desk.zoho.com` (US),
    /// `desk.zoho.eu`, `desk.zoho.in`, `desk.zoho.com.au`, `desk.zoho.jp`, `desk.zoho.com.cn`, …
    /// (`https://{host}/.well-known/jwks.json`), with the defaults of [`JwksSource::new`].
    ///
    /// # Errors
    ///
    /// [`WebhookError::Config`] when `host` is not a host name (letters, digits, `-` and `.`).
    pub fn zoho_desk(host: &str) -> Result<Self, WebhookError> {
        let valid = !host.is_empty() && host.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"-.".contains(&byte));
        if !valid {
            return Err(WebhookError::Config { reason: format!("`{host}` is not a host name such as desk.zoho.eu") });
        }
        Self::new(&format!("https://{host}{ZOHO_DESK_JWKS_PATH}"))
    }

    /// The same source fetching through `client` (proxies, custom roots). The source's own
    /// timeout still applies to each request; the client's redirect policy decides redirects.
    #[must_use]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.client = client;
        self
    }

    /// The same source with another timeout for one JWKS request (3 seconds by default; keep it
    /// below the provider's delivery deadline, 5 seconds for Zoho Desk).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The same source refetching for an unknown `kid` at most once per `interval` (60 seconds
    /// by default), measured by the clock the deliveries are verified against.
    #[must_use]
    pub fn refetch_interval(mut self, interval: Duration) -> Self {
        self.refetch_interval = interval;
        self
    }

    /// The JWKS URL.
    pub fn url(&self) -> &str {
        self.url.as_str()
    }

    /// The cached keys, if a fetch has succeeded.
    pub fn cached(&self) -> Option<KeySet> {
        self.lock().keys.as_deref().cloned()
    }

    /// Fetches the JWKS now and replaces the cached keys, whatever the refetch interval: call
    /// it at start-up, so that the first delivery does not wait for the key server (and a
    /// wrong URL shows at once), or periodically to drop withdrawn keys. Returns the number of
    /// RSA keys.
    ///
    /// # Errors
    ///
    /// [`WebhookError::KeySource`] when the JWKS cannot be fetched (connection, timeout, a
    /// status other than 2xx, a body over 256 KiB) or is not a JWKS with an RSA key; the cached
    /// keys, if any, are kept.
    pub async fn prefetch(&self) -> Result<usize, WebhookError> {
        let keys = self.fetch().await?;
        let count = keys.len();
        let mut state = self.lock();
        state.keys = Some(Arc::new(keys));
        state.last_error = None;
        Ok(count)
    }

    /// The keys to verify a token whose key id is `kid` with, at `now`: the cached keys when they
    /// hold `kid`, else those of a new fetch when the refetch interval allows one, else the
    /// cached keys (without `kid`, so that the token is refused as [`TokenError::UnknownKey`]).
    ///
    /// # Errors
    ///
    /// [`WebhookError::KeySource`] when a fetch fails, when no fetch has succeeded yet and the
    /// last one failed within the refetch interval, or when another fetch is under way.
    ///
    /// [`TokenError::UnknownKey`]: crate::webhook::TokenError::UnknownKey
    pub(super) async fn keys_for(&self, kid: &str, now: SystemTime) -> Result<Arc<KeySet>, WebhookError> {
        let next = {
            let mut state = self.lock();
            if let Some(keys) = state.keys.as_ref().filter(|keys| keys.contains(kid)) {
                return Ok(Arc::clone(keys));
            }
            let due = match state.last_attempt {
                None => true,
                // A clock that went back cannot tell how long ago the last fetch was.
                Some(last) => now.duration_since(last).map_or(true, |elapsed| elapsed >= self.refetch_interval),
            };
            if state.fetching {
                Next::Unavailable("the JWKS is being fetched for another delivery; retry".to_owned())
            } else if due {
                state.fetching = true;
                state.last_attempt = Some(now);
                Next::Fetch
            } else if let Some(reason) = state.last_error.clone() {
                Next::Unavailable(reason)
            } else {
                Next::Hold(state.keys.clone())
            }
        };
        match next {
            Next::Fetch => {}
            Next::Hold(Some(keys)) => return Ok(keys),
            // The fetch started within the interval was cancelled before it ended.
            Next::Hold(None) => return Err(key_source("no JWKS fetched yet (the last fetch was cancelled); retry")),
            Next::Unavailable(reason) => return Err(WebhookError::KeySource { reason }),
        }
        // Clears `fetching` even when the delivery's future is dropped during the fetch.
        let _fetching = Fetching(self);
        let fetched = self.fetch().await;
        let mut state = self.lock();
        match fetched {
            Ok(keys) => {
                let keys = Arc::new(keys);
                state.keys = Some(Arc::clone(&keys));
                state.last_error = None;
                Ok(keys)
            }
            Err(err) => {
                state.last_error = Some(err.to_string());
                Err(err)
            }
        }
    }

    /// One GET of the JWKS, read and parsed.
    async fn fetch(&self) -> Result<KeySet, WebhookError> {
        let url = &self.url;
        let mut response = self
            .client
            .get(url.clone())
            .header(ACCEPT, "application/json")
            .timeout(self.timeout)
            .send()
            .await
            .map_err(|err| key_source(format!("GET {url} failed: {}", transport(&err, self.timeout))))?;
        let status = response.status();
        if !status.is_success() {
            return Err(key_source(format!("GET {url} answered {status}")));
        }
        let mut body = Vec::new();
        loop {
            let chunk = response
                .chunk()
                .await
                .map_err(|err| key_source(format!("GET {url} failed: {}", transport(&err, self.timeout))))?;
            let Some(chunk) = chunk else { break };
            if body.len().saturating_add(chunk.len()) > MAX_JWKS_BYTES {
                return Err(key_source(format!("GET {url} answered more than {MAX_JWKS_BYTES} bytes")));
            }
            body.extend_from_slice(&chunk);
        }
        KeySet::from_json(&body).map_err(|err| match err {
            WebhookError::KeySource { reason } => key_source(format!("GET {url}: {reason}")),
            other => other,
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent whatever panicked while holding the lock: each field is
        // written in one assignment.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for JwksSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JwksSource")
            .field("url", &self.url.as_str())
            .field("timeout", &self.timeout)
            .field("refetch_interval", &self.refetch_interval)
            .field("cached", &self.lock().keys)
            .finish_non_exhaustive()
    }
}

/// Marks the end of a fetch triggered by a delivery when dropped.
struct Fetching<'a>(&'a JwksSource);

impl Drop for Fetching<'_> {
    fn drop(&mut self) {
        self.0.lock().fetching = false;
    }
}

/// A transport failure in a few words: reqwest's own message, or that the timeout passed.
fn transport(err: &reqwest::Error, timeout: Duration) -> String {
    if err.is_timeout() {
        format!("no answer within {} ms", timeout.as_millis())
    } else {
        let mut text = err.to_string();
        let mut source = std::error::Error::source(err);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        text
    }
}

fn key_source(reason: impl Into<String>) -> WebhookError {
    WebhookError::KeySource { reason: reason.into() }
}

/// Decodes unpadded base64url (RFC 7515's `BASE64URL`), or `None`.
pub(super) fn unpadded_base64url(text: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text).ok()
}

/// Text from a token or a key set as shown in an error: its first 64 characters.
pub(super) fn shown(text: &str) -> String {
    match text.char_indices().nth(64) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
