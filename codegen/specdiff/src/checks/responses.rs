//! Responses: success and error statuses, media types and (through the schema walker) the
//! response schemas in the response direction.

use super::operations::OpSide;
use super::request_body::{media_types, schema_of};
use super::{Comparer, OpCtx, SchemaCtx, Subject};
use crate::catalogue::Direction;
use crate::report::Side;
use crate::spec::Spec;
use helpdesk_spec::resolve::Node;

/// Whether a status key (`200`, `2XX`, `default`, ...) is a success status.
fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

/// The status as used in generated names: `404`, `4XX` or `Default`.
fn status_suffix(status: &str) -> String {
    if status == "default" {
        "Default".to_owned()
    } else {
        status.to_ascii_uppercase()
    }
}

/// The variant of the operation's error enum for an error status.
fn error_variant(op: &OpCtx, status: &str) -> String {
    if status == "default" {
        format!("{}Error::Default", op.stem)
    } else {
        format!("{}Error::Status{}", op.stem, status_suffix(status))
    }
}

fn responses<'a>(c: &mut Comparer<'_>, spec: &'a Spec, side: Side, op: &OpSide<'a>) -> Vec<(String, Node<'a>)> {
    let Some(responses) = op.node.get("responses") else { return Vec::new() };
    let mut out = Vec::new();
    for (status, node) in responses.entries() {
        if status.starts_with("x-") {
            continue;
        }
        match spec.deref(&node) {
            Ok(resolved) => out.push((status.to_ascii_uppercase().replace("DEFAULT", "default"), resolved)),
            Err(u) => c.note_unresolved(side, &u),
        }
    }
    out
}

/// Compares the responses of one operation.
pub(crate) fn compare(c: &mut Comparer<'_>, old: &OpSide<'_>, new: &OpSide<'_>, op: &OpCtx) {
    let (old_spec, new_spec) = (c.old, c.new);
    let old_responses = responses(c, old_spec, Side::Old, old);
    let new_responses = responses(c, new_spec, Side::New, new);
    let returns = format!("{} (return type)", op.method_item);
    for (status, node) in &old_responses {
        if new_responses.iter().any(|(s, _)| s == status) {
            continue;
        }
        if is_success(status) {
            let message = format!("success status {status} was removed");
            c.emit("response-success-status-removed", Side::Old, node, message, returns.clone(), None);
        } else {
            let message = format!("error status {status} is no longer documented");
            c.emit("response-error-status-removed", Side::Old, node, message, error_variant(op, status), None);
        }
    }
    for (status, node) in &new_responses {
        let Some((_, old_node)) = old_responses.iter().find(|(s, _)| s == status) else {
            if is_success(status) {
                let message = format!("success status {status} was added");
                c.emit("response-success-status-added", Side::New, node, message, returns.clone(), None);
            } else {
                let message = format!("error status {status} is now documented");
                c.emit("response-error-status-added", Side::New, node, message, error_variant(op, status), None);
            }
            continue;
        };
        let (field, type_stem) = if is_success(status) {
            (returns.clone(), format!("{}Response{}", op.stem, status_suffix(status)))
        } else {
            (error_variant(op, status), format!("{}Error{}", op.stem, status_suffix(status)))
        };
        let old_types = media_types(old_node.get("content"));
        let new_types = media_types(node.get("content"));
        for (key, media) in &old_types {
            if !new_types.iter().any(|(k, _)| k == key) {
                let message = format!("response {status} media type `{key}` was removed");
                c.emit("response-media-type-removed", Side::Old, media, message, field.clone(), None);
            }
        }
        for (key, media) in &new_types {
            let Some((_, old_media)) = old_types.iter().find(|(k, _)| k == key) else {
                let message = format!("response {status} media type `{key}` was added");
                c.emit("response-media-type-added", Side::New, media, message, field.clone(), None);
                continue;
            };
            let label = if new_types.len() > 1 {
                format!("response {status} body ({key})")
            } else {
                format!("response {status} body")
            };
            let ctx = SchemaCtx {
                dir: Direction::Response,
                subject: Subject::Property,
                label,
                path: String::new(),
                owner: None,
                field: field.clone(),
                type_name: type_stem.clone(),
            };
            c.compare_schema(&schema_of(old_media), &schema_of(media), &ctx);
        }
    }
}
