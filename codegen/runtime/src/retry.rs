//! Opt-in retries: which failures are retried, and how long to wait before the next attempt.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// When and how often a failed request is sent again. Off unless a client is
/// built with one ([`RetryPolicy::default`] is 3 attempts, 200 ms → 10 s backoff).
///
/// Retried: connection errors and timeouts, `429 Too Many Requests`, and
/// `500`, `502`, `503`, `504` — on idempotent methods (GET, HEAD, OPTIONS, PUT,
/// DELETE, TRACE) and on requests that carry an `Idempotency-Key` header.
/// POST and PATCH without one are retried only with
/// [`RetryPolicy::retry_non_idempotent`].
///
/// The wait before attempt *n + 1* is the server's `Retry-After` (seconds or an
/// HTTP date) or a top-level `retryAfter` / `retry_after` number (seconds) in a
/// JSON error body, when present; otherwise exponential backoff with full
/// jitter: a random duration up to `initial_backoff × 2ⁿ⁻¹`, capped at `max_backoff`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, the first one included (1 = no retry).
    pub max_attempts: u32,
    /// Backoff ceiling before the second attempt.
    pub initial_backoff: Duration,
    /// Longest wait between attempts, also for a server-given `Retry-After`.
    pub max_backoff: Duration,
    /// Whether POST and PATCH without an `Idempotency-Key` are retried too
    /// (they may then take effect twice).
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy of `max_attempts` attempts with the default backoff.
    pub fn new(max_attempts: u32) -> Self {
        Self { max_attempts, ..Self::default() }
    }

    /// Also retries POST and PATCH requests without an `Idempotency-Key`.
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// Whether a request with this method and headers may be sent again.
    pub(crate) fn may_retry(&self, method: &Method, headers: &HeaderMap) -> bool {
        let idempotent = matches!(
            *method,
            Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::TRACE
        );
        idempotent || headers.contains_key("idempotency-key") || self.retry_non_idempotent
    }

    /// The backoff before attempt `attempt + 1` (attempts count from 1).
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
            .min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }
}

/// Whether a response status is worth another attempt.
pub(crate) fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// The wait the server asked for: `Retry-After` (seconds or HTTP date), or a
/// top-level `retryAfter` / `retry_after` number of seconds in a JSON body.
pub(crate) fn server_delay(headers: &HeaderMap, body: &[u8]) -> Option<Duration> {
    if let Some(value) = headers.get(RETRY_AFTER).and_then(|v| v.to_str().ok()) {
        let value = value.trim();
        if let Ok(seconds) = value.parse::<u64>() {
            return Some(Duration::from_secs(seconds));
        }
        if let Ok(when) = httpdate::parse_http_date(value) {
            return Some(when.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO));
        }
    }
    let body: serde_json::Value = serde_json::from_slice(body).ok()?;
    let seconds = body.get("retryAfter").or_else(|| body.get("retry_after"))?.as_f64()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_seconds_date_and_body_field() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(server_delay(&headers, b""), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        let delay = server_delay(&headers, b"").unwrap();
        assert!(delay > Duration::from_secs(27) && delay <= Duration::from_secs(30), "{delay:?}");
        assert_eq!(server_delay(&HeaderMap::new(), br#"{"error":"rate_limited","retryAfter":2}"#), Some(Duration::from_secs(2)));
        assert_eq!(server_delay(&HeaderMap::new(), b"<html>"), None);
    }

    #[test]
    fn only_idempotent_requests_are_retried_by_default() {
        let policy = RetryPolicy::default();
        let none = HeaderMap::new();
        assert!(policy.may_retry(&Method::GET, &none));
        assert!(policy.may_retry(&Method::PUT, &none));
        assert!(!policy.may_retry(&Method::POST, &none));
        assert!(!policy.may_retry(&Method::PATCH, &none));
        let mut keyed = HeaderMap::new();
        keyed.insert("idempotency-key", HeaderValue::from_static("k-1"));
        assert!(policy.may_retry(&Method::POST, &keyed));
        assert!(policy.clone().retry_non_idempotent(true).may_retry(&Method::POST, &none));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy { initial_backoff: Duration::from_millis(100), max_backoff: Duration::from_millis(250), ..RetryPolicy::default() };
        for _ in 0..100 {
            assert!(policy.backoff(1) <= Duration::from_millis(100));
            assert!(policy.backoff(5) <= Duration::from_millis(250));
        }
    }
}
