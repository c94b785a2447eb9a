//! Responses: success and error statuses, media types and (through the schema walker) the
//! response schemas in the response direction.

use super::media::{media_types, schema_of};
use super::op_side::OpSide;
use super::{Comparer, OpCtx, SchemaCtx, Subject};
use crate::catalogue::{Bump, Direction};
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

/// What the generated method returns for a response, as far as the spec tells: the same key
/// means the same Rust type. `None` for an inline JSON schema (a type of its own per status).
fn body_key(response: &Node<'_>) -> Option<String> {
    let Some((media_type, media)) = media_types(response.get("content")).into_iter().next() else {
        return Some("no body".to_owned());
    };
    if media_type.contains("json") {
        schema_of(&media).reference().map(str::to_owned)
    } else if media_type.starts_with("text/") && media_type != "text/csv" {
        Some("text".to_owned())
    } else {
        Some("bytes".to_owned())
    }
}

/// How many distinct Rust types the success responses of `responses` decode into.
fn distinct_success_types(responses: &[(String, Node<'_>)]) -> usize {
    let mut keys: Vec<String> = Vec::new();
    let mut inline = 0;
    for (_, node) in responses.iter().filter(|(status, _)| is_success(status)) {
        match body_key(node) {
            Some(key) if !keys.contains(&key) => keys.push(key),
            Some(_) => {}
            None => inline += 1,
        }
    }
    keys.len() + inline
}

/// The bump of a new success status: patch when every success response still decodes into
/// one type, major when the method's single success type becomes an enum of statuses, minor
/// when that enum (non-exhaustive) gains a variant.
fn success_added_bump(old: &[(String, Node<'_>)], new: &[(String, Node<'_>)]) -> Bump {
    match (distinct_success_types(old), distinct_success_types(new)) {
        (_, 0 | 1) => Bump::Patch,
        (0 | 1, _) => Bump::Major,
        _ => Bump::Minor,
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
                let bump = success_added_bump(&old_responses, &new_responses);
                c.emit("response-success-status-added", Side::New, node, message, returns.clone(), Some(bump));
            } else {
                let message = format!("error status {status} is now documented");
                // Without a documented error status the method's error type is `Undocumented`;
                // the first one makes it `{Op}Error`.
                let had_errors = old_responses.iter().any(|(s, _)| !is_success(s));
                let bump = (!had_errors).then_some(Bump::Major);
                c.emit("response-error-status-added", Side::New, node, message, error_variant(op, status), bump);
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
