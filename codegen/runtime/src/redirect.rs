//! Which redirects a client follows, and what a request may carry to another origin.

use reqwest::header::{HeaderMap, HeaderName, AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION};
use reqwest::{Method, StatusCode, Url};

/// Redirects a request follows in one call: more hops fail the call with
/// [`Error::Transport`](crate::Error::Transport) (reqwest's "too many redirects").
pub(crate) const MAX_HOPS: usize = 10;

/// Which redirects (`301`, `302`, `303`, `307`, `308` with a `Location`) a client
/// follows. Set with `ClientBuilder::redirect`; the default is
/// [`RedirectPolicy::SameOrigin`].
///
/// An *origin* is a URL's scheme, host and port: `https://api.example.com` and
/// `https://eu.example.com`, `http://api.example.com` or
/// `https://api.example.com:8443` are four different origins.
///
/// A redirect that is not followed ends the call with
/// [`Error::Redirect`](crate::Error::Redirect), which carries the status, the
/// headers and the `Location`; it is not retried. When a redirect is followed,
/// `301`/`302` turn a POST into a GET without a body, `303` turns any method but
/// HEAD into a GET without a body, and `307`/`308` repeat the method and body;
/// at most 10 redirects are followed per call.
///
/// With your own HTTP client (`ClientBuilder::http_client`), the redirects that
/// client follows by itself are decided by the `reqwest::redirect::Policy` it was
/// built with, not by this setting: reqwest's default follows every redirect and
/// drops only `Authorization` and cookies when the host changes, so API-key and
/// provider headers would go to the other host. Build your client with
/// [`RedirectPolicy::reqwest_policy`] (or `reqwest::redirect::Policy::none()`)
/// to keep the behaviour described here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RedirectPolicy {
    /// Follows no redirect: every redirect is an [`Error::Redirect`](crate::Error::Redirect).
    None,
    /// Follows redirects within the origin of the request, with all its headers
    /// and body; a redirect to another origin is an
    /// [`Error::Redirect`](crate::Error::Redirect) and nothing is sent there.
    #[default]
    SameOrigin,
    /// Follows redirects within the origin as [`SameOrigin`](Self::SameOrigin)
    /// does, and also redirects to other origins, to which the request is sent
    /// *without* its credentials: the client's auth header (`Authorization` or the
    /// spec's API-key header), `Proxy-Authorization`, `Cookie` and every
    /// provider-wide header set on the client are removed, from that hop on
    /// (also when a later redirect leads back). Operation headers (such as
    /// `Idempotency-Key`) and, for `307`/`308`, the body are sent.
    CrossOriginWithoutCredentials,
}

impl RedirectPolicy {
    /// The `reqwest` policy that implements this setting inside a `reqwest::Client`:
    /// follow redirects to the origin of the first request (up to 10), stop at any
    /// other, so that the response reaches the client core (which then fails with
    /// [`Error::Redirect`](crate::Error::Redirect), or, for
    /// [`CrossOriginWithoutCredentials`](Self::CrossOriginWithoutCredentials),
    /// sends the request on without credentials). Use it when you build the
    /// `reqwest::Client` you pass to `ClientBuilder::http_client`.
    pub fn reqwest_policy(self) -> reqwest::redirect::Policy {
        match self {
            RedirectPolicy::None => reqwest::redirect::Policy::none(),
            RedirectPolicy::SameOrigin | RedirectPolicy::CrossOriginWithoutCredentials => {
                reqwest::redirect::Policy::custom(|attempt| {
                    // `previous` holds every URL of the chain so far, the first request's first.
                    let same = attempt.previous().first().is_none_or(|first| same_origin(first, attempt.url()));
                    if attempt.previous().len() > MAX_HOPS {
                        attempt.error("too many redirects")
                    } else if same {
                        attempt.follow()
                    } else {
                        attempt.stop()
                    }
                })
            }
        }
    }
}

/// Whether two URLs have the same origin: scheme, host and port (the scheme's
/// default port when none is written).
pub(crate) fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme() && a.host() == b.host() && a.port_or_known_default() == b.port_or_known_default()
}

/// Whether a status is one a client may follow (with a `Location`).
pub(crate) fn is_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// Turns `request` (a copy of the request that was redirected) into the request
/// to `next` for a redirect with `status`, without the headers in `private` nor
/// any other credential. `None` when the redirect cannot be followed: a scheme
/// other than `http`/`https`.
pub(crate) fn stripped_hop(
    mut request: reqwest::Request,
    status: StatusCode,
    next: Url,
    private: &[HeaderName],
) -> Option<reqwest::Request> {
    if !matches!(next.scheme(), "http" | "https") {
        return None;
    }
    let drop_body = match status.as_u16() {
        301 | 302 => request.method() == Method::POST,
        303 => true,
        _ => false,
    };
    if drop_body {
        if request.method() != Method::HEAD {
            *request.method_mut() = Method::GET;
        }
        *request.body_mut() = None;
        drop_payload_headers(request.headers_mut());
    }
    let headers = request.headers_mut();
    for name in private.iter().chain(&[AUTHORIZATION, PROXY_AUTHORIZATION, COOKIE]) {
        headers.remove(name);
    }
    *request.url_mut() = next;
    Some(request)
}

fn drop_payload_headers(headers: &mut HeaderMap) {
    use reqwest::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, TRANSFER_ENCODING};
    for name in [CONTENT_TYPE, CONTENT_LENGTH, CONTENT_ENCODING, TRANSFER_ENCODING] {
        headers.remove(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn origins_are_scheme_host_and_port() {
        assert!(same_origin(&url("https://a.example/x"), &url("https://a.example:443/y?z")));
        assert!(same_origin(&url("http://127.0.0.1:8080/"), &url("http://127.0.0.1:8080/tickets")));
        assert!(!same_origin(&url("http://127.0.0.1:8080/"), &url("http://127.0.0.1:8081/")));
        assert!(!same_origin(&url("https://a.example/"), &url("http://a.example/")));
        assert!(!same_origin(&url("https://a.example/"), &url("https://b.a.example/")));
        assert!(!same_origin(&url("https://a.example/"), &url("https://a.example:8443/")));
    }

    fn patch() -> reqwest::Request {
        let client = reqwest::Client::new();
        client
            .patch("https://api.example/tickets/1")
            .header(AUTHORIZATION, "Bearer t")
            .header("x-api-key", "k")
            .header("x-phone", "123")
            .header(COOKIE, "a=b")
            .header("idempotency-key", "i-1")
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body("{}")
            .build()
            .unwrap()
    }

    #[test]
    fn a_stripped_hop_has_no_credential_or_provider_header() {
        let private = [HeaderName::from_static("x-api-key"), HeaderName::from_static("x-phone")];
        for status in [301, 302, 307, 308] {
            let hop = stripped_hop(
                patch(),
                StatusCode::from_u16(status).unwrap(),
                url("https://other.example/t/1"),
                &private,
            )
            .unwrap();
            assert_eq!(hop.url().as_str(), "https://other.example/t/1");
            assert_eq!(hop.method(), Method::PATCH, "{status}");
            let names: Vec<_> = hop.headers().keys().map(HeaderName::as_str).collect();
            assert_eq!(names, ["idempotency-key", "content-type"], "{status}");
            assert_eq!(hop.body().and_then(reqwest::Body::as_bytes), Some(&b"{}"[..]));
        }
        let hop = stripped_hop(patch(), StatusCode::SEE_OTHER, url("https://other.example/t/1"), &private).unwrap();
        assert_eq!(hop.method(), Method::GET);
        assert!(hop.body().is_none());
        assert_eq!(hop.headers().get("idempotency-key"), Some(&HeaderValue::from_static("i-1")));
        assert!(hop.headers().get(reqwest::header::CONTENT_TYPE).is_none());
        assert!(stripped_hop(patch(), StatusCode::FOUND, url("file:///etc/passwd"), &private).is_none());
    }
}
