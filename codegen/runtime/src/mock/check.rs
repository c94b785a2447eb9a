//! What a stub checks of a request, each check able to say how a request differs from it,
//! and the fallback that answers a request no stub matched with the closest stub's differences.

use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value;
use wiremock::{Match, Request, ResponseTemplate};

/// A stub's checks, shared by its mock and the fallback's registry.
pub(crate) type Checks = Arc<Vec<Check>>;

/// A mounted stub, as the fallback sees it.
#[derive(Debug)]
pub(crate) struct Registered {
    /// `operationId (METHOD /path/{template})`.
    pub name: String,
    pub checks: Checks,
}

/// One segment of a path template.
#[derive(Debug, Clone)]
pub(crate) enum Segment {
    /// Text of the template, compared as written.
    Literal(String),
    /// A path parameter: any non-empty segment, or exactly this percent-encoded value.
    Param { name: String, encoded: Option<String> },
}

/// How a paginated operation's pages are told apart (from its `x-pagination`).
#[derive(Debug, Clone, Copy)]
pub enum Paging {
    /// The next page's cursor is read from a page at the JSON pointer `next` and sent in the
    /// query parameter `query`.
    CursorQuery {
        /// The cursor's JSON pointer in a page.
        next: &'static str,
        /// The query parameter the client sends it in.
        query: &'static str,
    },
    /// As `CursorQuery`, the cursor sent at the JSON pointer `body` of the request body.
    CursorBody {
        /// The cursor's JSON pointer in a page.
        next: &'static str,
        /// Its JSON pointer in the request body.
        body: &'static str,
    },
    /// The request says the index of its first item in the query parameter `offset`; a page's
    /// items are at the JSON pointer `items`; the first index is `start`.
    Offset {
        /// The items' JSON pointer in a page.
        items: &'static str,
        /// The query parameter of the first item's index.
        offset: &'static str,
        /// The index of the first item (what the client sends first, or omits).
        start: u64,
    },
}

/// What a request must have.
#[derive(Clone)]
pub(crate) enum Check {
    Method(String),
    Path(Vec<Segment>),
    Query {
        name: String,
        value: String,
    },
    Header {
        name: String,
        value: String,
    },
    BodyJson(Value),
    BodyJsonPartial(Value),
    BodyBytes {
        media: &'static str,
        bytes: Vec<u8>,
    },
    /// The query parameter is absent, or has one of `values`.
    QueryAbsentOr {
        name: String,
        values: Vec<String>,
    },
    /// The request body has nothing (or `null`) at `pointer`, or `value`.
    BodyAt {
        pointer: String,
        value: Option<Value>,
    },
    Custom(Arc<dyn Match>),
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Check::Custom(_) => f.write_str("Custom(..)"),
            Check::Method(m) => write!(f, "Method({m})"),
            other => f.write_str(&other.describe()),
        }
    }
}

impl Check {
    /// What the check expects, in a few words.
    fn describe(&self) -> String {
        match self {
            Check::Method(method) => format!("method {method}"),
            Check::Path(segments) => format!("path {}", template(segments)),
            Check::Query { name, value } => format!("query parameter {name}={value}"),
            Check::Header { name, value } => format!("header {name}: {value}"),
            Check::BodyJson(value) => format!("JSON body {value}"),
            Check::BodyJsonPartial(value) => format!("JSON body containing {value}"),
            Check::BodyBytes { media, bytes } => format!("{media} body {}", String::from_utf8_lossy(bytes)),
            Check::QueryAbsentOr { name, values } => {
                format!("query parameter {name} absent or one of {values:?}")
            }
            Check::BodyAt { pointer, value: None } => format!("no value at {pointer} of the body"),
            Check::BodyAt { pointer, value: Some(value) } => format!("{value} at {pointer} of the body"),
            Check::Custom(_) => "a custom matcher".to_owned(),
        }
    }

    /// `None` when `request` passes; else what differed.
    pub(crate) fn failure(&self, request: &Request) -> Option<String> {
        let passes = match self {
            Check::Method(method) => request.method.as_str() == method,
            Check::Path(segments) => path_matches(segments, request.url.path()),
            Check::Query { name, value } => {
                request.url.query_pairs().any(|(n, v)| n == name.as_str() && v == value.as_str())
            }
            Check::Header { name, value } => request.headers.get_all(name.as_str()).iter().any(|v| v == value.as_str()),
            Check::BodyJson(expected) => serde_json::from_slice::<Value>(&request.body).ok().as_ref() == Some(expected),
            Check::BodyJsonPartial(expected) => {
                serde_json::from_slice::<Value>(&request.body).is_ok_and(|body| contains(&body, expected))
            }
            Check::BodyBytes { bytes, .. } => &request.body == bytes,
            Check::QueryAbsentOr { name, values } => {
                let mut sent = request.url.query_pairs().filter(|(n, _)| n == name.as_str()).peekable();
                sent.peek().is_none() || sent.any(|(_, v)| values.iter().any(|value| v == value.as_str()))
            }
            Check::BodyAt { pointer, value } => {
                let body = serde_json::from_slice::<Value>(&request.body).unwrap_or(Value::Null);
                let at = body.pointer(pointer).filter(|v| !v.is_null());
                at == value.as_ref()
            }
            Check::Custom(matcher) => matcher.matches(request),
        };
        if passes {
            return None;
        }
        let got = match self {
            Check::Method(_) => request.method.to_string(),
            Check::Path(_) => request.url.path().to_owned(),
            Check::Query { .. } | Check::QueryAbsentOr { .. } => {
                format!("query {:?}", request.url.query().unwrap_or(""))
            }
            Check::Header { name, .. } => {
                let values: Vec<_> = request.headers.get_all(name.as_str()).iter().map(|v| format!("{v:?}")).collect();
                if values.is_empty() {
                    "no such header".to_owned()
                } else {
                    values.join(", ")
                }
            }
            Check::Custom(_) => "no match".to_owned(),
            _ => format!("body {}", String::from_utf8_lossy(&request.body)),
        };
        Some(format!("expected {}, got {got}", self.describe()))
    }
}

/// The template of a path, parameters shown as `{name}` or their expected value.
fn template(segments: &[Segment]) -> String {
    let mut text = String::new();
    for segment in segments {
        text.push('/');
        match segment {
            Segment::Literal(literal) => text.push_str(literal),
            Segment::Param { encoded: Some(value), .. } => text.push_str(value),
            Segment::Param { name, encoded: None } => {
                text.push('{');
                text.push_str(name);
                text.push('}');
            }
        }
    }
    text
}

/// Whether `path` (percent-encoded, as sent) fits the template.
fn path_matches(segments: &[Segment], path: &str) -> bool {
    let sent: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
    sent.len() == segments.len()
        && segments.iter().zip(sent).all(|(segment, sent)| match segment {
            Segment::Literal(literal) => {
                sent == literal
                    || percent_encoding::percent_decode_str(sent).decode_utf8().is_ok_and(|d| d == literal.as_str())
            }
            Segment::Param { encoded: Some(value), .. } => sent == value,
            Segment::Param { encoded: None, .. } => !sent.is_empty(),
        })
}

/// Splits a path template (`/tickets/{id}`) into segments.
pub(crate) fn segments(path: &str) -> Vec<Segment> {
    path.strip_prefix('/')
        .unwrap_or(path)
        .split('/')
        .map(|segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => Segment::Param { name: name.to_owned(), encoded: None },
            None => Segment::Literal(segment.to_owned()),
        })
        .collect()
}

/// Whether `actual` has everything `expected` has: objects by key (recursively), anything else
/// equal.
fn contains(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(actual), Value::Object(expected)) => {
            expected.iter().all(|(key, value)| actual.get(key).is_some_and(|a| contains(a, value)))
        }
        _ => actual == expected,
    }
}

/// A stub's checks as one `wiremock` matcher.
pub(crate) struct AllOf(pub Checks);

impl Match for AllOf {
    fn matches(&self, request: &Request) -> bool {
        self.0.iter().all(|check| check.failure(request).is_none())
    }
}

/// The fallback mock: answers a request no stub matched.
pub(crate) fn fallback(stubs: &Arc<Mutex<Vec<Registered>>>) -> wiremock::Mock {
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(Diagnose { stubs: Arc::clone(stubs) })
        .with_priority(u8::MAX)
        .named("fallback: no stub matched")
}

/// Answers with 404 and the closest stub: the one that fails the fewest route checks (method
/// and path), then the fewest others (the latest mounted of equals), with each check it fails.
struct Diagnose {
    stubs: Arc<Mutex<Vec<Registered>>>,
}

impl wiremock::Respond for Diagnose {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let stubs = self.stubs.lock().unwrap_or_else(PoisonError::into_inner);
        let mut text = format!("no stub matched {} {}\n", request.method, request.url.path());
        // Closest: the fewest failed route checks (method, path), then the fewest others.
        let closest = stubs
            .iter()
            .map(|stub| {
                let failed: Vec<(&Check, String)> =
                    stub.checks.iter().filter_map(|check| Some((check, check.failure(request)?))).collect();
                let route =
                    failed.iter().filter(|(check, _)| matches!(check, Check::Method(_) | Check::Path(_))).count();
                let rank = (route, failed.len());
                (stub, failed.into_iter().map(|(_, failure)| failure).collect::<Vec<_>>(), rank)
            })
            .rev()
            .min_by_key(|(_, _, rank)| *rank)
            .map(|(stub, failures, _)| (stub, failures));
        match closest {
            None => text.push_str("no stub is mounted\n"),
            Some((stub, failures)) => {
                text.push_str(&format!("closest stub: {}; what differed:\n", stub.name));
                for failure in failures {
                    text.push_str(&format!("- {failure}\n"));
                }
            }
        }
        ResponseTemplate::new(404).set_body_raw(text, "text/plain")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_encoded_values_and_literals() {
        let mut template = segments("/tickets/{id}/reply");
        assert!(path_matches(&template, "/tickets/a%2Fb/reply"));
        assert!(!path_matches(&template, "/tickets/1"));
        template[1] = Segment::Param { name: "id".into(), encoded: Some("a%2Fb".into()) };
        assert!(path_matches(&template, "/tickets/a%2Fb/reply"));
        assert!(!path_matches(&template, "/tickets/a/b/reply"));
        assert!(!path_matches(&template, "/tickets/ab/reply"));
    }

    #[test]
    fn partial_bodies_match_by_key() {
        let actual = serde_json::json!({"a": {"b": 1, "c": 2}, "d": [1]});
        assert!(contains(&actual, &serde_json::json!({"a": {"b": 1}})));
        assert!(!contains(&actual, &serde_json::json!({"a": {"b": 2}})));
        assert!(!contains(&actual, &serde_json::json!({"d": []})));
    }
}
