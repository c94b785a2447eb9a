//! A stub: one operation's expected request and the response it serves, built by the typed
//! stub builders of generated crates and mounted on a [`MockServer`].

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;
use wiremock::{Mock, ResponseTemplate, Times};

use super::check::{self, AllOf, Check, Paging, Segment};
use super::MockServer;

/// One operation's stub: the checks a request must pass and the response served.
///
/// Generated crates wrap it in one builder per operation; its public methods are those the
/// builders forward (`respond_raw`, `respond_header`, `delay`, `expect`, `and`, `mount`). The untyped ones are
/// hidden.
#[must_use = "a stub serves nothing until it is mounted"]
#[derive(Debug)]
pub struct Stub<'a> {
    server: &'a MockServer,
    /// `operationId (METHOD /path)`.
    name: String,
    checks: Vec<Check>,
    /// Index of the path check in `checks`.
    path: usize,
    response: Option<ResponseTemplate>,
    /// Headers added to the response, in order.
    headers: Vec<(String, String)>,
    delay: Option<Duration>,
    expect: Option<Times>,
}

impl<'a> Stub<'a> {
    /// A stub of the operation `operation_id` (`method` and `path` as in the spec).
    #[doc(hidden)]
    pub fn new(server: &'a MockServer, operation_id: &str, method: &str, path: &str) -> Self {
        Self {
            server,
            name: format!("{operation_id} ({method} {path})"),
            checks: vec![Check::Method(method.to_owned()), Check::Path(check::segments(path))],
            path: 1,
            response: None,
            headers: Vec::new(),
            delay: None,
            expect: None,
        }
    }

    /// Matches only requests whose path parameter `name` is `value` (percent-encoded as the
    /// client encodes it).
    ///
    /// # Panics
    /// When the client would refuse the value (empty, `.` or `..`).
    #[doc(hidden)]
    pub fn path_param(&mut self, name: &str, value: &str) {
        let encoded = crate::path::path_segment(name, value).unwrap_or_else(|err| panic!("{err}"));
        if let Check::Path(segments) = &mut self.checks[self.path] {
            for segment in segments.iter_mut() {
                if let Segment::Param { name: param, encoded: slot } = segment {
                    if param == name {
                        *slot = Some(encoded.clone());
                    }
                }
            }
        }
    }

    /// Matches only requests with the query parameter `name=value`.
    #[doc(hidden)]
    pub fn query(&mut self, name: &str, value: String) {
        self.checks.push(Check::Query { name: name.to_owned(), value });
    }

    /// Matches only requests with every query parameter that `params` serialises to (as the
    /// client writes the query string).
    ///
    /// # Panics
    /// When `params` cannot be written as a query string (the client would refuse it too).
    #[doc(hidden)]
    pub fn query_struct<T: Serialize + ?Sized>(&mut self, params: &T) {
        let query = serde_html_form::to_string(params).unwrap_or_else(|err| panic!("cannot encode the query: {err}"));
        for (name, value) in serde_html_form::from_str::<Vec<(String, String)>>(&query).unwrap_or_default() {
            self.checks.push(Check::Query { name, value });
        }
    }

    /// Matches only requests with the header `name: value`.
    #[doc(hidden)]
    pub fn header(&mut self, name: &str, value: String) {
        self.checks.push(Check::Header { name: name.to_owned(), value });
    }

    /// Matches only requests whose JSON body is `body` (`partial`: has every member of it).
    #[doc(hidden)]
    pub fn body_json<T: Serialize + ?Sized>(&mut self, body: &T, partial: bool) {
        let value = serde_json::to_value(body).unwrap_or_else(|err| panic!("cannot encode the body: {err}"));
        self.checks.push(if partial { Check::BodyJsonPartial(value) } else { Check::BodyJson(value) });
    }

    /// Matches only requests whose form body is `body`, encoded as the client encodes it.
    #[doc(hidden)]
    pub fn body_form<T: Serialize + ?Sized>(&mut self, body: &T) {
        let text = serde_html_form::to_string(body).unwrap_or_else(|err| panic!("cannot encode the body: {err}"));
        self.checks.push(Check::BodyBytes { media: "application/x-www-form-urlencoded", bytes: text.into_bytes() });
    }

    /// Serves `status` with `body` as JSON, with the `Content-Type` `media`.
    #[doc(hidden)]
    pub fn respond_json<T: Serialize + ?Sized>(&mut self, status: u16, media: &str, body: &T) {
        let bytes = serde_json::to_vec(body).unwrap_or_else(|err| panic!("cannot encode the response: {err}"));
        self.response = Some(ResponseTemplate::new(status).set_body_raw(bytes, media));
    }

    /// Serves `status` with `body` as it is, with the `Content-Type` `media`.
    #[doc(hidden)]
    pub fn respond_bytes(&mut self, status: u16, media: &str, body: Vec<u8>) {
        self.response = Some(ResponseTemplate::new(status).set_body_raw(body, media));
    }

    /// Serves `status` without a body.
    #[doc(hidden)]
    pub fn respond_empty(&mut self, status: u16) {
        self.response = Some(ResponseTemplate::new(status));
    }

    /// Checks that `status` is in the range `digit`XX of the spec.
    ///
    /// # Panics
    /// When it is not.
    #[doc(hidden)]
    pub fn check_range(&self, status: u16, digit: u16) {
        assert!(status / 100 == digit, "{}: status {status} is not in the documented range {digit}XX", self.name);
    }

    /// Checks that `status` is one a `default` response may have (100 to 599, none the
    /// operation documents on its own).
    ///
    /// # Panics
    /// When it is not.
    #[doc(hidden)]
    pub fn check_default(&self, status: u16, documented: &[u16]) {
        assert!(
            (100..600).contains(&status) && !documented.contains(&status),
            "{}: status {status} is not one the `default` response stands for (documented: {documented:?})",
            self.name
        );
    }

    /// Serves `status` with `body` as it is, without a `Content-Type`: for error paths the
    /// spec does not describe (an HTML error page, a truncated body).
    pub fn respond_raw(&mut self, status: u16, body: impl Into<Vec<u8>>) {
        self.response = Some(ResponseTemplate::new(status).set_body_bytes(body.into()));
    }

    /// Adds the header `name: value` to the response (a documented response header such as
    /// `Retry-After` or `X-Request-Id`, or any other).
    pub fn respond_header(&mut self, name: &str, value: &str) {
        self.headers.push((name.to_owned(), value.to_owned()));
    }

    /// Serves the response after `delay` (to test timeouts).
    pub fn delay(&mut self, delay: Duration) {
        self.delay = Some(delay);
    }

    /// Expects the stub to be called `times` (a number or a range) before the server is
    /// dropped (or [`MockServer::verify`]).
    pub fn expect(&mut self, times: impl Into<Times>) {
        self.expect = Some(times.into());
    }

    /// Matches only requests `matcher` also matches (any `wiremock` matcher).
    pub fn and(&mut self, matcher: impl wiremock::Match + 'static) {
        self.checks.push(Check::Custom(Arc::new(matcher)));
    }

    /// The response, with its headers and delay.
    ///
    /// # Panics
    /// When no response was chosen.
    fn response(&self) -> ResponseTemplate {
        let response = self.response.clone().unwrap_or_else(|| {
            panic!("{}: the stub has no response; choose one with a `respond_*` method before mounting it", self.name)
        });
        self.finish(response)
    }

    /// `response` with the stub's headers and delay.
    fn finish(&self, mut response: ResponseTemplate) -> ResponseTemplate {
        for (name, value) in &self.headers {
            response = response.append_header(name.as_str(), value.as_str());
        }
        match self.delay {
            Some(delay) => response.set_delay(delay),
            None => response,
        }
    }

    /// The mock of `checks`, named and with the expectation.
    fn mock(&self, name: String, checks: check::Checks, response: ResponseTemplate) -> Mock {
        self.server.register(name.clone(), Arc::clone(&checks));
        let mock = Mock::given(AllOf(checks)).respond_with(response).named(name);
        match &self.expect {
            Some(times) => mock.expect(times.clone()),
            None => mock,
        }
    }

    /// Mounts the stub: from now on the server answers matching requests with its response.
    ///
    /// # Panics
    /// When no `respond_*` method was called.
    pub async fn mount(mut self) {
        let response = self.response();
        let checks = Arc::new(std::mem::take(&mut self.checks));
        let mock = self.mock(self.name.clone(), checks, response);
        self.server.inner.register(mock).await;
    }

    /// Mounts the stub until the returned guard is dropped (which verifies its expectation);
    /// the guard also lists the requests it matched.
    ///
    /// # Panics
    /// When no `respond_*` method was called.
    pub async fn mount_as_scoped(mut self) -> wiremock::MockGuard {
        let response = self.response();
        let checks = Arc::new(std::mem::take(&mut self.checks));
        let mock = self.mock(self.name.clone(), checks, response);
        self.server.inner.register_as_scoped(mock).await
    }

    /// Mounts one stub per page: the first matches a request without a cursor (or with the
    /// first offset), each next one the cursor (or offset) the previous page leads to; each
    /// serves its page as JSON with `status` and `media`. The stub's expectation, if any,
    /// applies to every page.
    ///
    /// # Panics
    /// When a page but the last has no cursor (the client would stop there), or a page's items
    /// are not an array at the operation's items pointer.
    #[doc(hidden)]
    pub async fn mount_pages<T: Serialize>(self, status: u16, media: &str, pages: &[T], paging: Paging) {
        let pages: Vec<Value> = pages
            .iter()
            .map(|page| serde_json::to_value(page).unwrap_or_else(|err| panic!("cannot encode a page: {err}")))
            .collect();
        let mut offset = match paging {
            Paging::Offset { start, .. } => start,
            _ => 0,
        };
        for (index, page) in pages.iter().enumerate() {
            let selector = match paging {
                Paging::CursorQuery { next, query } => Check::QueryAbsentOr {
                    name: query.to_owned(),
                    values: match index {
                        0 => Vec::new(),
                        _ => vec![cursor_text(&self.name, &pages[index - 1], next, index)],
                    },
                },
                Paging::CursorBody { next, body } => Check::BodyAt {
                    pointer: body.to_owned(),
                    value: match index {
                        0 => None,
                        _ => Some(Value::String(cursor_text(&self.name, &pages[index - 1], next, index))),
                    },
                },
                Paging::Offset { items, offset: name, .. } => {
                    let first = offset;
                    let count = page.pointer(items).and_then(Value::as_array).map(Vec::len).unwrap_or_else(|| {
                        panic!("{}: page {} has no array of items at {items}", self.name, index + 1)
                    });
                    offset += count as u64;
                    // Only the first page may be asked for without an offset.
                    match index {
                        0 => Check::QueryAbsentOr { name: name.to_owned(), values: vec![first.to_string()] },
                        _ => Check::Query { name: name.to_owned(), value: first.to_string() },
                    }
                }
            };
            let mut checks = self.checks.clone();
            checks.push(selector);
            let response = self.finish(ResponseTemplate::new(status).set_body_raw(
                serde_json::to_vec(page).unwrap_or_else(|err| panic!("cannot encode a page: {err}")),
                media,
            ));
            let name = format!("{}, page {}", self.name, index + 1);
            let mock = self.mock(name, Arc::new(checks), response);
            self.server.inner.register(mock).await;
        }
    }
}

/// The cursor that page `index - 1` leads to, as the client sends it.
fn cursor_text(name: &str, page: &Value, next: &str, index: usize) -> String {
    match page.pointer(next) {
        Some(Value::String(text)) if !text.is_empty() => text.clone(),
        Some(Value::Number(number)) => number.to_string(),
        _ => panic!("{name}: page {index} has no cursor at {next}, so the client would stop before page {}", index + 1),
    }
}
