//! JSON pointers (RFC 6901): escaping tokens, building and splitting pointers, looking them up.
//!
//! The one implementation every tool of the workspace uses. Pointers are accepted in the
//! plain form (`/paths/~1tickets/post`) and in the URI-fragment form used by `$ref`s and
//! reports (`#/paths/~1tickets/post`, percent-encoded or not).

use percent_encoding::percent_decode_str;
use serde_json::Value;

/// Escapes one reference token: `~` becomes `~0` and `/` becomes `~1`.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one reference token: `~1` becomes `/` and `~0` becomes `~`.
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Joins (unescaped) tokens into a pointer such as `/paths/~1tickets/post`.
pub fn join<I, S>(tokens: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    tokens.into_iter().map(|t| format!("/{}", escape(t.as_ref()))).collect()
}

/// Appends one (unescaped) token to a pointer such as `#/paths` or `/paths`.
pub fn push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    out.push_str(&escape(token));
    out
}

/// Splits a pointer (`#/a/b~1c`, `/a/b`, or the percent-encoded fragment form) into
/// unescaped tokens. The root pointer (`#` or the empty string) yields no tokens.
pub fn tokens(pointer: &str) -> Vec<String> {
    let raw = pointer.strip_prefix('#').unwrap_or(pointer);
    let decoded = percent_decode_str(raw).decode_utf8_lossy();
    if decoded.is_empty() {
        return Vec::new();
    }
    let trimmed = decoded.strip_prefix('/').unwrap_or(&decoded);
    trimmed.split('/').map(unescape).collect()
}

/// The canonical fragment form `#/a/b~1c` of a pointer given in any accepted form.
pub fn fragment(pointer: &str) -> String {
    tokens(pointer).iter().fold("#".to_owned(), |out, token| push(&out, token))
}

/// Looks a pointer up in a JSON value.
pub fn get<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut current = root;
    for token in tokens(pointer) {
        current = match current {
            Value::Object(map) => map.get(&token)?,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

/// Whether `pointer` is `ancestor` or lies inside it (both in the same form).
pub fn is_within(pointer: &str, ancestor: &str) -> bool {
    pointer == ancestor
        || pointer.strip_prefix(ancestor).is_some_and(|rest| rest.starts_with('/'))
        || ancestor == "#"
        || ancestor.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_lookups() {
        let p = push("#/paths", "/tickets/{id}");
        assert_eq!(p, "#/paths/~1tickets~1{id}");
        assert_eq!(tokens(&p), vec!["paths", "/tickets/{id}"]);
        assert_eq!(tokens("#"), Vec::<String>::new());
        assert_eq!(tokens("#/paths/~1a%7Bb%7D"), vec!["paths", "/a{b}"]);
        assert_eq!(join(["paths", "/t", "get"]), "/paths/~1t/get");
        assert_eq!(fragment("/paths/~1t"), "#/paths/~1t");
        assert_eq!(escape("a~/b"), "a~0~1b");
        assert_eq!(unescape("a~0~1b"), "a~/b");
        let value = serde_json::json!({"a": [{"b/c": 1}]});
        assert_eq!(get(&value, "#/a/0/b~1c"), Some(&serde_json::json!(1)));
        assert!(is_within("#/a/b", "#/a") && !is_within("#/ab", "#/a"));
    }
}
