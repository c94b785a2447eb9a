//! JSON pointer helpers (RFC 6901) for building, splitting and escaping `#/...` locations.

use percent_encoding::percent_decode_str;

/// Escapes one reference token: `~` becomes `~0` and `/` becomes `~1`.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one reference token: `~1` becomes `/` and `~0` becomes `~`.
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Appends one (unescaped) token to a pointer such as `#/paths`.
pub fn push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    out.push_str(&escape(token));
    out
}

/// Splits a fragment pointer (`#/a/b~1c`, `/a/b`, or the URI-encoded form) into unescaped tokens.
///
/// The root pointer (`#` or the empty string) yields no tokens.
pub fn tokens(pointer: &str) -> Vec<String> {
    let raw = pointer.strip_prefix('#').unwrap_or(pointer);
    let decoded = percent_decode_str(raw).decode_utf8_lossy();
    let trimmed = decoded.strip_prefix('/').unwrap_or(&decoded);
    if decoded.is_empty() {
        return Vec::new();
    }
    trimmed.split('/').map(unescape).collect()
}

/// Looks a pointer up in a JSON value.
pub fn get<'a>(root: &'a serde_json::Value, pointer: &str) -> Option<&'a serde_json::Value> {
    let mut cur = root;
    for token in tokens(pointer) {
        cur = match cur {
            serde_json::Value::Object(map) => map.get(&token)?,
            serde_json::Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_paths() {
        let p = push("#/paths", "/tickets/{id}");
        assert_eq!(p, "#/paths/~1tickets~1{id}");
        assert_eq!(tokens(&p), vec!["paths", "/tickets/{id}"]);
        assert_eq!(tokens("#"), Vec::<String>::new());
        assert_eq!(tokens("#/paths/~1a%7Bb%7D"), vec!["paths", "/a{b}"]);
    }
}
