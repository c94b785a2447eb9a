//! Paths and operations: matching by path shape and method, removed and added paths and
//! operations, deprecation and sunset, operationId (generated method name) changes and
//! renamed path parameters.

use indexmap::IndexMap;

use super::op_side::{template_params, OpSide};
use super::{media, parameters, request_body, responses, security, Comparer, OpCtx};
use helpdesk_spec::naming;

use crate::report::{OperationRef, Side};
use crate::spec::Spec;
use helpdesk_spec::resolve::Node;

/// The HTTP methods of a path item, in report order.
use helpdesk_spec::METHODS;

/// A path of one spec: its template, the (undereferenced) node under `paths` and its operations.
struct PathEntry<'a> {
    path: String,
    entry: Node<'a>,
    ops: Vec<OpSide<'a>>,
}

/// The path template with parameter names erased: `/tickets/{id}` → `/tickets/{}`.
fn shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    out.push_str("{}");
                }
            }
            '}' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim_end_matches('/').to_owned()
}

/// The generated names of every operation under `paths`, in the generator's order (paths in
/// document order, methods in [`METHODS`] order; an operation or path item that does not
/// resolve is left out here as in [`collect`]).
fn generated_names(spec: &Spec, paths: &Node<'_>) -> Vec<naming::OperationNames> {
    let mut ids = Vec::new();
    for (path, entry) in paths.entries() {
        let Ok(item) = spec.deref(&entry) else { continue };
        for method in METHODS {
            let Some(node) = item.get(method).and_then(|n| spec.deref(&n).ok()) else { continue };
            ids.push(naming::operation_id(node.str("operationId"), method, path));
        }
    }
    naming::operation_names(ids.iter().map(String::as_str))
}

fn collect<'a>(comparer: &mut Comparer<'_>, spec: &'a Spec, side: Side) -> IndexMap<String, PathEntry<'a>> {
    let mut out: IndexMap<String, PathEntry<'a>> = IndexMap::new();
    let Some(paths) = spec.root_node().get("paths") else {
        return out;
    };
    let mut names = generated_names(spec, &paths).into_iter();
    for (path, entry) in paths.entries() {
        let item = match spec.deref(&entry) {
            Ok(item) => item,
            Err(u) => {
                comparer.note_unresolved(side, &u);
                continue;
            }
        };
        let ops = METHODS
            .iter()
            .filter_map(|m| {
                let node = item.get(m)?;
                let node = spec.deref(&node).ok()?;
                let names = names.next()?;
                Some(OpSide { method: m, path: path.to_owned(), path_item: item.clone(), node, names })
            })
            .collect();
        let key = shape(path);
        if out.contains_key(&key) {
            comparer.note(
                format!(
                    "{side:?} spec: paths with the same shape as `{path}` are compared as one; `{path}` is ignored"
                )
                .to_lowercase(),
            );
            continue;
        }
        out.insert(key, PathEntry { path: path.to_owned(), entry, ops });
    }
    out
}

/// The report entry for one operation.
fn op_ref(old: Option<&OpSide<'_>>, new: Option<&OpSide<'_>>) -> OpCtx {
    let main = new.or(old).expect("an operation exists on one side");
    let mut op_ref = OperationRef {
        key: main.key(),
        pointer: main.node.ptr.clone(),
        old_key: None,
        old_pointer: None,
        method: format!("Client::{}", main.method_name()),
    };
    if let (Some(old), Some(_)) = (old, new) {
        if old.key() != op_ref.key {
            op_ref.old_key = Some(old.key());
        }
        if old.node.ptr != op_ref.pointer {
            op_ref.old_pointer = Some(old.node.ptr.clone());
        }
    }
    OpCtx { method_item: op_ref.method.clone(), op_ref, stem: main.stem() }
}

/// Compares the `paths` of both specs and every matched operation.
pub(crate) fn compare_paths(c: &mut Comparer<'_>) {
    let (old_spec, new_spec) = (c.old, c.new);
    let old_paths = collect(c, old_spec, Side::Old);
    let new_paths = collect(c, new_spec, Side::New);
    for (shape, old) in &old_paths {
        let Some(new) = new_paths.get(shape) else {
            let deprecated = !old.ops.is_empty() && old.ops.iter().all(|o| o.node.flag("deprecated"));
            let id = if deprecated { "api-deprecated-operation-removed" } else { "api-path-removed" };
            let methods: Vec<String> = old.ops.iter().map(|o| format!("Client::{}", o.method_name())).collect();
            for op in &old.ops {
                c.enter_operation(op_ref(Some(op), None));
                match sunset_removal(op) {
                    Some((id, message)) => {
                        c.emit(id, Side::Old, &op.node, message, format!("Client::{}", op.method_name()), None);
                    }
                    None => {
                        let message = format!("path `{}` was removed", old.path);
                        c.emit(id, Side::Old, &old.entry, message, methods.join(", "), None);
                    }
                }
            }
            c.leave_operation();
            continue;
        };
        for op in &old.ops {
            match new.ops.iter().find(|n| n.method == op.method) {
                Some(new_op) => compare_operation(c, op, new_op),
                None => {
                    let id = if op.node.flag("deprecated") {
                        "api-deprecated-operation-removed"
                    } else {
                        "api-operation-removed"
                    };
                    c.enter_operation(op_ref(Some(op), None));
                    let (id, message) =
                        sunset_removal(op).unwrap_or_else(|| (id, format!("operation `{}` was removed", op.key())));
                    c.emit(id, Side::Old, &op.node, message, format!("Client::{}", op.method_name()), None);
                    c.leave_operation();
                }
            }
        }
        for op in new.ops.iter().filter(|n| !old.ops.iter().any(|o| o.method == n.method)) {
            c.enter_operation(op_ref(None, Some(op)));
            let message = format!("operation `{}` was added", op.key());
            c.emit("api-operation-added", Side::New, &op.node, message, format!("Client::{}", op.method_name()), None);
            c.leave_operation();
        }
    }
    for (shape, new) in &new_paths {
        if old_paths.contains_key(shape) {
            continue;
        }
        let methods: Vec<String> = new.ops.iter().map(|o| format!("Client::{}", o.method_name())).collect();
        for op in &new.ops {
            c.enter_operation(op_ref(None, Some(op)));
            c.emit(
                "api-path-added",
                Side::New,
                &new.entry,
                format!("path `{}` was added", new.path),
                methods.join(", "),
                None,
            );
        }
        c.leave_operation();
    }
}

/// The check and message for removing `op` when it has an `x-sunset` date: before that date
/// callers were promised it still works (ERR), after it they were told it is gone (INFO).
fn sunset_removal(op: &OpSide<'_>) -> Option<(&'static str, String)> {
    let sunset = op.node.str("x-sunset")?;
    let day = sunset.get(..10).filter(|d| is_iso_date(d))?;
    let today = today();
    let key = op.key();
    Some(if day > today.as_str() {
        ("api-operation-removed-before-sunset", format!("operation `{key}` was removed before its sunset date {day}"))
    } else {
        ("api-operation-removed-after-sunset", format!("operation `{key}` was removed after its sunset date {day}"))
    })
}

/// Whether `text` is a `YYYY-MM-DD` date.
fn is_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Today's UTC date as `YYYY-MM-DD` (the civil-from-days algorithm of H. Hinnant).
fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0) + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The webhooks of a spec by name: 3.1 `webhooks`, then those authored as `x-webhooks` (a 3.0
/// spec's or an overlay's, which the generator reads too) under names `webhooks` does not use.
fn webhooks(spec: &Spec) -> Vec<(String, Node<'_>)> {
    let root = spec.root_node();
    let mut hooks: Vec<(String, Node<'_>)> = Vec::new();
    for key in ["webhooks", "x-webhooks"] {
        let Some(section) = root.get(key) else { continue };
        for (name, node) in section.entries() {
            if !hooks.iter().any(|(taken, _)| taken == name) {
                hooks.push((name.to_owned(), node));
            }
        }
    }
    hooks
}

/// The media types of the request body (the payload) of a webhook operation.
fn payload<'a>(spec: &'a Spec, op: &Node<'a>) -> Option<Vec<(String, Node<'a>)>> {
    let body = spec.deref(&op.get("requestBody")?).ok()?;
    Some(media::media_types(body.get("content")))
}

/// Compares the webhooks (3.1 `webhooks` and `x-webhooks`): added and removed webhooks, and the payload (request body)
/// of each webhook in both specs, in the response direction (the provider sends it).
pub(crate) fn compare_webhooks(c: &mut Comparer<'_>) {
    let (old_spec, new_spec) = (c.old, c.new);
    let (old_hooks, new_hooks) = (webhooks(old_spec), webhooks(new_spec));
    for (name, node) in &old_hooks {
        if !new_hooks.iter().any(|(n, _)| n == name) {
            c.emit(
                "api-webhook-removed",
                Side::Old,
                node,
                format!("webhook `{name}` was removed"),
                format!("webhook `{name}`"),
                None,
            );
        }
    }
    for (name, node) in &new_hooks {
        let Some((_, old_node)) = old_hooks.iter().find(|(n, _)| n == name) else {
            c.emit(
                "api-webhook-added",
                Side::New,
                node,
                format!("webhook `{name}` was added"),
                format!("webhook `{name}`"),
                None,
            );
            continue;
        };
        let (Ok(old_item), Ok(new_item)) = (old_spec.deref(old_node), new_spec.deref(node)) else { continue };
        for method in METHODS {
            let (Some(old_op), Some(new_op)) = (old_item.get(method), new_item.get(method)) else { continue };
            let (Some(old_types), Some(new_types)) = (payload(old_spec, &old_op), payload(new_spec, &new_op)) else {
                continue;
            };
            for (key, media) in &new_types {
                let Some((_, old_media)) = old_types.iter().find(|(k, _)| k == key) else { continue };
                let ctx = super::SchemaCtx {
                    dir: crate::catalogue::Direction::Response,
                    subject: super::Subject::Property,
                    label: format!("payload of webhook `{name}`"),
                    path: String::new(),
                    owner: None,
                    field: format!("webhook `{name}`"),
                    type_name: naming::type_name(&format!("{name}_webhook")),
                };
                c.compare_schema(&media::schema_of(old_media), &media::schema_of(media), &ctx);
            }
        }
    }
}

/// Compares one operation present in both specs.
fn compare_operation(c: &mut Comparer<'_>, old: &OpSide<'_>, new: &OpSide<'_>) {
    let ctx = op_ref(Some(old), Some(new));
    let method_item = ctx.method_item.clone();
    c.enter_operation(ctx.clone());
    let key = new.key();
    match (old.node.flag("deprecated"), new.node.flag("deprecated")) {
        (false, true) => c.emit(
            "api-operation-deprecated",
            Side::New,
            &new.node,
            format!("operation `{key}` is deprecated"),
            method_item.clone(),
            None,
        ),
        (true, false) => c.emit(
            "api-operation-reactivated",
            Side::New,
            &new.node,
            format!("operation `{key}` is no longer deprecated"),
            method_item.clone(),
            None,
        ),
        _ => {}
    }
    let sunset =
        |n: &Node<'_>| n.value.get("x-sunset").map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned));
    let (old_sunset, new_sunset) = (sunset(&old.node), sunset(&new.node));
    if old_sunset != new_sunset {
        let show = |s: &Option<String>| s.clone().unwrap_or_else(|| "none".to_owned());
        let message = format!("sunset of `{key}` changed from {} to {}", show(&old_sunset), show(&new_sunset));
        c.emit("api-sunset-changed", Side::New, &new.node, message, method_item.clone(), None);
    }
    let (old_method, new_method) = (old.method_name(), new.method_name());
    if old_method != new_method && old.operation_id().is_none() && new.operation_id().is_none() {
        let message = format!(
            "`{key}` has no operationId; the method name derived from its path changed from `{old_method}` to `{new_method}`"
        );
        let item = format!("Client::{old_method} → Client::{new_method}");
        c.emit("api-operation-method-renamed", Side::New, &new.node, message, item, None);
    } else if old_method != new_method && old.operation_id() == new.operation_id() {
        // The same operationId: another operation's name took this one's, or gave it back.
        let message = format!(
            "the method of `{key}` is renamed from `{old_method}` to `{new_method}` (another operation's method \
             collides with it: `_2`, `_3`, … go by operation order)"
        );
        let item = format!("Client::{old_method} → Client::{new_method}");
        c.emit("api-operation-method-renamed", Side::New, &new.node, message, item, None);
    } else if old_method != new_method {
        let at = new.node.get("operationId").unwrap_or_else(|| new.node.clone());
        let message = format!(
            "operationId of `{key}` changed from `{}` to `{}`",
            old.operation_id().unwrap_or("none"),
            new.operation_id().unwrap_or("none")
        );
        c.emit(
            "api-operation-id-changed",
            Side::New,
            &at,
            message,
            format!("Client::{old_method} → Client::{new_method}"),
            None,
        );
    }
    let (old_names, new_names) = (template_params(&old.path), template_params(&new.path));
    let renames: Vec<String> =
        old_names.iter().zip(&new_names).filter(|(a, b)| a != b).map(|(a, b)| format!("`{a}` → `{b}`")).collect();
    if !renames.is_empty() {
        let message = format!("path parameter renamed in `{}` → `{}`: {}", old.path, new.path, renames.join(", "));
        c.emit(
            "api-path-parameter-renamed",
            Side::New,
            &new.node,
            message,
            format!("{method_item} (argument name)"),
            None,
        );
    }
    parameters::compare(c, old, new, &ctx);
    request_body::compare(c, old, new, &ctx);
    responses::compare(c, old, new, &ctx);
    security::compare_operation(c, old, new);
    c.leave_operation();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_ignore_parameter_names() {
        assert_eq!(shape("/tickets/{id}"), "/tickets/{}");
        assert_eq!(shape("/tickets/{ticket_id}/"), "/tickets/{}");
        assert_eq!(template_params("/a/{x}/b/{y}"), vec!["x", "y"]);
    }
}
