//! Applying an OpenAPI Overlay 1.0 document: the recorded, reviewable spec fixes.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;
use serde_json_path::JsonPath;

use crate::error::{Error, Result};
use crate::pointer;

/// An OpenAPI Overlay 1.0 document (<https://spec.openapis.org/overlay/v1.0.0>).
#[derive(Debug, Deserialize)]
pub struct Overlay {
    /// The Overlay version, `1.0.0`.
    pub overlay: String,
    /// The ordered actions.
    pub actions: Vec<Action>,
}

/// One overlay action: an `update` merged into, or a `remove` of, every node
/// the JSONPath `target` selects.
#[derive(Debug, Deserialize)]
pub struct Action {
    /// RFC 9535 JSONPath selecting the nodes to change.
    pub target: String,
    /// Why the change is needed (required here: every fix must say why).
    pub description: Option<String>,
    /// Value merged into each target (objects merge recursively, arrays append).
    pub update: Option<Value>,
    /// Removes each target from its parent.
    #[serde(default)]
    pub remove: bool,
}

/// Applies `overlay` (read from `file`) to `spec`, in order.
///
/// # Errors
/// An action without a description, with an invalid JSONPath, with neither
/// or both of `update` and `remove`, or whose target selects nothing (a stale
/// fix, e.g. after a spec bump).
pub fn apply(spec: &mut Value, overlay: Value, file: &Path) -> Result<usize> {
    apply_traced(spec, overlay, file).map(|touched| touched.len())
}

/// [`apply`], returning for each action (in order) the JSON pointers of the nodes it
/// wrote, replaced or removed, so that a change can be traced back to the action that
/// made it.
///
/// # Errors
/// As [`apply`].
pub fn apply_traced(spec: &mut Value, overlay: Value, file: &Path) -> Result<Vec<Vec<String>>> {
    let overlay: Overlay = serde_json::from_value(overlay).map_err(|err| {
        Error::new(
            file,
            "",
            format!("not an Overlay 1.0 document: {err}"),
            "follow https://spec.openapis.org/overlay/v1.0.0",
        )
    })?;
    if !overlay.overlay.starts_with("1.") {
        return Err(Error::new(
            file,
            "/overlay",
            format!("unsupported overlay version {}", overlay.overlay),
            "use `overlay: 1.0.0`",
        ));
    }
    let mut touched = Vec::with_capacity(overlay.actions.len());
    for (index, action) in overlay.actions.iter().enumerate() {
        let at = format!("/actions/{index}");
        if action.description.as_deref().unwrap_or("").trim().is_empty() {
            return Err(Error::new(
                file,
                &at,
                "the action has no description",
                "say why the vendor's spec needs this change",
            ));
        }
        let path = JsonPath::parse(&action.target).map_err(|err| {
            Error::new(
                file,
                format!("{at}/target"),
                format!("invalid JSONPath {:?}: {err}", action.target),
                "write an RFC 9535 JSONPath such as $.paths['/tickets'].post",
            )
        })?;
        let pointers: Vec<String> =
            path.query_located(spec).locations().map(|location| location.to_json_pointer()).collect();
        if pointers.is_empty() {
            return Err(Error::new(
                file,
                format!("{at}/target"),
                format!("the target {:?} selects nothing in the spec", action.target),
                "the spec changed: update or delete this action",
            ));
        }
        match (&action.update, action.remove) {
            (Some(update), false) => {
                let mut written = Vec::new();
                for pointer in &pointers {
                    if let Some(node) = spec.pointer_mut(pointer) {
                        merge(node, update.clone(), pointer, &mut written);
                    }
                }
                touched.push(written);
            }
            (None, true) => {
                // Remove from the last match backwards so that array indices stay valid.
                for pointer in pointers.iter().rev() {
                    remove(spec, pointer);
                }
                touched.push(pointers);
            }
            _ => {
                return Err(Error::new(
                    file,
                    &at,
                    "an action needs exactly one of `update` and `remove: true`",
                    "split it into two actions",
                ));
            }
        }
    }
    Ok(touched)
}

/// Merges `update` into `node` (at `at`) as Overlay 1.0 specifies, recording the pointers
/// of the values it writes in `written`.
fn merge(node: &mut Value, update: Value, at: &str, written: &mut Vec<String>) {
    match (node, update) {
        (Value::Object(node), Value::Object(update)) => {
            for (key, value) in update {
                let child = pointer::push(at, &key);
                match node.get_mut(&key) {
                    Some(existing) if existing.is_object() && value.is_object() => {
                        merge(existing, value, &child, written);
                    }
                    _ => {
                        written.push(child);
                        node.insert(key, value);
                    }
                }
            }
        }
        (Value::Array(node), Value::Array(update)) => {
            written.extend((node.len()..node.len() + update.len()).map(|i| pointer::push(at, &i.to_string())));
            node.extend(update);
        }
        (Value::Array(node), update) => {
            written.push(pointer::push(at, &node.len().to_string()));
            node.push(update);
        }
        (node, update) => {
            written.push(at.to_owned());
            *node = update;
        }
    }
}

fn remove(spec: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else { return };
    let key = pointer::unescape(last);
    match spec.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = key.parse::<usize>() {
                if index < items.len() {
                    items.remove(index);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::apply;
    use serde_json::json;
    use std::path::Path;

    #[test]
    fn update_merges_and_remove_deletes() {
        let mut spec = json!({"components": {"schemas": {"a": {"type": "object", "example": 1}}}});
        let overlay = json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": [
            {"target": "$.components.schemas", "description": "add b", "update": {"b": {"type": "string"}}},
            {"target": "$.components.schemas.a.example", "description": "drop", "remove": true}
        ]});
        apply(&mut spec, overlay, Path::new("o.yaml")).unwrap();
        assert_eq!(spec, json!({"components": {"schemas": {"a": {"type": "object"}, "b": {"type": "string"}}}}));
    }

    #[test]
    fn a_target_that_selects_nothing_is_an_error() {
        let mut spec = json!({});
        let overlay = json!({"overlay": "1.0.0", "actions": [
            {"target": "$.paths['/x']", "description": "stale", "remove": true}
        ]});
        let err = apply(&mut spec, overlay, Path::new("o.yaml")).unwrap_err();
        assert_eq!(err.pointer, "/actions/0/target");
        assert!(err.to_string().contains("selects nothing"), "{err}");
    }
}
