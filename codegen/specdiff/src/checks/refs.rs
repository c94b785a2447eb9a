//! References of the new spec that cannot be followed (dangling, cyclic, remote, to a file
//! that is not there, or refused: an absolute path or one that leaves the spec's folder) are
//! ERR findings: a crate generated from that spec cannot be what its author meant.

use helpdesk_spec::pointer;
use helpdesk_spec::resolve::{self, Node};
use serde_json::Value;

use super::Comparer;
use crate::report::Side;

/// Why a `$ref` is refused before it is looked up, if it is.
fn refused(reference: &str) -> Option<&'static str> {
    let file = reference.split('#').next().unwrap_or_default();
    if file.starts_with('/') || file.starts_with('\\') || file.get(1..3) == Some(":\\") {
        Some("refused: an absolute path; only files in the spec's folder are read")
    } else if file.split(['/', '\\']).any(|segment| segment == "..") {
        Some("refused: it leaves the spec's folder")
    } else {
        None
    }
}

/// Reports every `$ref` of the new spec that cannot be followed, once, at the reference.
pub(crate) fn check_new(c: &mut Comparer<'_>) {
    let spec = c.new;
    // An explicit stack: the walk is linear in the size of the document and never recurses.
    let mut stack: Vec<(String, &Value)> = vec![("#".to_owned(), &spec.root)];
    while let Some((ptr, value)) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                    let node = Node { ptr: ptr.clone(), value };
                    let reason = match refused(reference) {
                        Some(reason) => Some(reason.to_owned()),
                        None => resolve::deref(&spec.root, &node).err().map(|u| u.reason),
                    };
                    if let Some(reason) = reason {
                        let at = Node { ptr: pointer::push(&ptr, "$ref"), value };
                        let message = format!("`$ref` `{reference}` cannot be resolved: {reason}");
                        c.emit("api-ref-unresolved", Side::New, &at, message, "(the whole crate)".to_owned(), None);
                    }
                }
                for (key, child) in map.iter().rev() {
                    // A `$ref` inside data (an example value, a default, an extension) is a value.
                    if (child.is_object() || child.is_array()) && !resolve::is_data(&ptr, key, child) {
                        stack.push((pointer::push(&ptr, key), child));
                    }
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate().rev() {
                    if child.is_object() || child.is_array() {
                        stack.push((pointer::push(&ptr, &index.to_string()), child));
                    }
                }
            }
            _ => {}
        }
    }
}
