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
/// A server's delay is capped at `max_backoff` too (`1e30` seconds waits
/// `max_backoff`); a delay that is negative, `NaN`, infinite or not a number is
/// ignored, and the client's own backoff applies.
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
        let ceiling =
            self.initial_backoff.saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1))).min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }
}

/// Whether a response status is worth another attempt.
pub(crate) fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// The wait the server asked for: `Retry-After` (seconds or HTTP date), or a
/// top-level `retryAfter` / `retry_after` number of seconds (or a string holding
/// one) in a JSON body, capped at `max`. Values that are negative, not finite or
/// not numbers give `None` (the caller's own backoff applies); never panics.
pub(crate) fn server_delay(headers: &HeaderMap, body: &[u8], max: Duration) -> Option<Duration> {
    if let Some(value) = headers.get(RETRY_AFTER).and_then(|v| v.to_str().ok()) {
        let value = value.trim();
        if let Some(delay) = seconds(value, max) {
            return Some(delay);
        }
        if let Ok(when) = httpdate::parse_http_date(value) {
            return Some(when.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO).min(max));
        }
    }
    let body: serde_json::Value = serde_json::from_slice(body).ok()?;
    match body.get("retryAfter").or_else(|| body.get("retry_after"))? {
        serde_json::Value::Number(number) => clamped(number.as_f64()?, max),
        serde_json::Value::String(text) => seconds(text.trim(), max),
        _ => None,
    }
}

/// A number of seconds written as text: digits (any length; too many for a `u64`
/// is "very long", so `max`), or a decimal number as [`f64`] parses it.
fn seconds(text: &str, max: Duration) -> Option<Duration> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return Some(text.parse::<u64>().map_or(max, Duration::from_secs).min(max));
    }
    clamped(text.parse::<f64>().ok()?, max)
}

/// `seconds` as a duration of at most `max`; `None` when negative or not finite.
fn clamped(seconds: f64, max: Duration) -> Option<Duration> {
    if !seconds.is_finite() || seconds < 0.0 {
        return None;
    }
    if seconds == 0.0 {
        return Some(Duration::ZERO);
    }
    if seconds >= max.as_secs_f64() {
        return Some(max);
    }
    Some(Duration::try_from_secs_f64(seconds).map_or(max, |delay| delay.min(max)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_seconds_date_and_body_field() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(server_delay(&headers, b"", MAX), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        let delay = server_delay(&headers, b"", MAX).unwrap();
        assert!(delay > Duration::from_secs(27) && delay <= Duration::from_secs(30), "{delay:?}");
        assert_eq!(
            server_delay(&HeaderMap::new(), br#"{"error":"rate_limited","retryAfter":2}"#, MAX),
            Some(Duration::from_secs(2))
        );
        assert_eq!(server_delay(&HeaderMap::new(), b"<html>", MAX), None);
    }

    const MAX: Duration = Duration::from_secs(60);

    fn header(value: &str) -> Option<Duration> {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
        server_delay(&headers, b"", MAX)
    }

    fn body(json: &str) -> Option<Duration> {
        server_delay(&HeaderMap::new(), json.as_bytes(), MAX)
    }

    #[test]
    fn huge_server_delays_are_capped_at_max_backoff() {
        for value in ["61", "1e30", "1E308", "18446744073709551616", "99999999999999999999999999999999", "9.9e300"] {
            assert_eq!(header(value), Some(MAX), "Retry-After: {value}");
        }
        for json in [
            r#"{"retryAfter": 1e30}"#,
            r#"{"retryAfter": 1.7976931348623157e308}"#,
            r#"{"retry_after": 18446744073709551616}"#,
            r#"{"retryAfter": 3600}"#,
            r#"{"retryAfter": "1e30"}"#,
            r#"{"retryAfter": "99999999999999999999999999"}"#,
        ] {
            assert_eq!(body(json), Some(MAX), "{json}");
        }
        // A far-future HTTP date is capped as well.
        assert_eq!(header("Fri, 31 Dec 9999 23:59:59 GMT"), Some(MAX));
        // The whole range of `max_backoff` works, `Duration::MAX` included.
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("1e30"));
        assert_eq!(server_delay(&headers, b"", Duration::MAX), Some(Duration::MAX));
        assert_eq!(server_delay(&headers, b"", Duration::ZERO), Some(Duration::ZERO));
        assert_eq!(server_delay(&HeaderMap::new(), br#"{"retryAfter": 1e300}"#, Duration::MAX), Some(Duration::MAX));
    }

    #[test]
    fn negative_not_finite_and_non_numeric_server_delays_are_ignored() {
        for value in ["-1", "-0.5", "-1e30", "NaN", "nan", "inf", "-inf", "infinity", "soon", "", "1 2", "0x10", "1s"] {
            assert_eq!(header(value), None, "Retry-After: {value:?}");
        }
        for json in [
            r#"{"retryAfter": -1}"#,
            r#"{"retryAfter": -1e30}"#,
            r#"{"retryAfter": "NaN"}"#,
            r#"{"retryAfter": "inf"}"#,
            r#"{"retryAfter": "-inf"}"#,
            r#"{"retryAfter": "soon"}"#,
            r#"{"retryAfter": null}"#,
            r#"{"retryAfter": true}"#,
            r#"{"retryAfter": [1]}"#,
            r#"{"retryAfter": {"seconds": 1}}"#,
            r#"[1]"#,
            r#"1e30"#,
        ] {
            assert_eq!(body(json), None, "{json}");
        }
        // An unusable header falls back to the body field.
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("NaN"));
        assert_eq!(server_delay(&headers, br#"{"retryAfter": 2}"#, MAX), Some(Duration::from_secs(2)));
    }

    #[test]
    fn fractional_and_zero_server_delays() {
        assert_eq!(header("0"), Some(Duration::ZERO));
        assert_eq!(header("1.5"), Some(Duration::from_millis(1500)));
        assert_eq!(body(r#"{"retryAfter": 0.25}"#), Some(Duration::from_millis(250)));
        assert_eq!(body(r#"{"retryAfter": "3"}"#), Some(Duration::from_secs(3)));
        assert_eq!(body(r#"{"retryAfter": -0.0}"#), Some(Duration::ZERO));
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
        let policy = RetryPolicy {
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(250),
            ..RetryPolicy::default()
        };
        for _ in 0..100 {
            assert!(policy.backoff(1) <= Duration::from_millis(100));
            assert!(policy.backoff(5) <= Duration::from_millis(250));
        }
    }
}
