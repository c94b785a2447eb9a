//! Media type objects: `content` maps keyed by normalized media type, and their schemas.

use std::sync::LazyLock;

use serde_json::Value;

use helpdesk_spec::resolve::Node;

/// The schema `{}` (anything), standing in for a media type without a schema.
static ANY: LazyLock<Value> = LazyLock::new(|| Value::Object(serde_json::Map::new()));

/// A media type without parameters, lower-cased: `application/json; charset=utf-8` → `application/json`.
fn media_type_key(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// The media types of a `content` map, keyed by normalized media type.
pub(crate) fn media_types<'a>(content: Option<Node<'a>>) -> Vec<(String, Node<'a>)> {
    let Some(content) = content else { return Vec::new() };
    let mut out: Vec<(String, Node<'a>)> = Vec::new();
    for (media_type, node) in content.entries() {
        let key = media_type_key(media_type);
        if !out.iter().any(|(k, _)| *k == key) {
            out.push((key, node));
        }
    }
    out
}

/// The schema of a media type object, or `{}` when it has none.
pub(crate) fn schema_of<'a>(media: &Node<'a>) -> Node<'a> {
    media.get("schema").unwrap_or_else(|| Node { ptr: media.ptr.clone(), value: &ANY })
}
