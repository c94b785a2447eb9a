//! Request bodies: added, removed, required-ness, media types and (through the schema
//! walker) the body schema in the request direction.

use super::media::{media_types, schema_of};
use super::op_side::OpSide;
use super::{Comparer, OpCtx, SchemaCtx, Subject};
use crate::catalogue::Direction;
use crate::report::Side;
use crate::spec::Spec;
use helpdesk_spec::resolve::Node;

fn body<'a>(c: &mut Comparer<'_>, spec: &'a Spec, side: Side, op: &OpSide<'a>) -> Option<Node<'a>> {
    let node = op.node.get("requestBody")?;
    match spec.deref(&node) {
        Ok(body) => Some(body),
        Err(u) => {
            c.note_unresolved(side, &u);
            None
        }
    }
}

/// Compares the request bodies of one operation.
pub(crate) fn compare(c: &mut Comparer<'_>, old: &OpSide<'_>, new: &OpSide<'_>, op: &OpCtx) {
    let (old_spec, new_spec) = (c.old, c.new);
    let old_body = body(c, old_spec, Side::Old, old);
    let new_body = body(c, new_spec, Side::New, new);
    let item = format!("{}(body)", op.method_item);
    let (old_body, new_body) = match (old_body, new_body) {
        (None, None) => return,
        (None, Some(n)) => {
            let required = n.flag("required");
            let id = if required { "request-body-added-required" } else { "request-body-added" };
            let qualifier = if required { "required" } else { "optional" };
            c.emit(id, Side::New, &n, format!("a {qualifier} request body was added"), item, None);
            return;
        }
        (Some(o), None) => {
            c.emit("request-body-removed", Side::Old, &o, "the request body was removed".to_owned(), item, None);
            return;
        }
        (Some(o), Some(n)) => (o, n),
    };
    match (old_body.flag("required"), new_body.flag("required")) {
        (false, true) => c.emit(
            "request-body-became-required",
            Side::New,
            &new_body,
            "the request body became required".to_owned(),
            item.clone(),
            None,
        ),
        (true, false) => c.emit(
            "request-body-became-optional",
            Side::New,
            &new_body,
            "the request body became optional".to_owned(),
            item.clone(),
            None,
        ),
        _ => {}
    }
    let old_types = media_types(old_body.get("content"));
    let new_types = media_types(new_body.get("content"));
    for (key, node) in &old_types {
        if !new_types.iter().any(|(k, _)| k == key) {
            c.emit(
                "request-body-media-type-removed",
                Side::Old,
                node,
                format!("request media type `{key}` was removed"),
                item.clone(),
                None,
            );
        }
    }
    for (key, node) in &new_types {
        match old_types.iter().find(|(k, _)| k == key) {
            None => c.emit(
                "request-body-media-type-added",
                Side::New,
                node,
                format!("request media type `{key}` was added"),
                item.clone(),
                None,
            ),
            Some((_, old_node)) => {
                let label =
                    if new_types.len() > 1 { format!("request body ({key})") } else { "request body".to_owned() };
                let ctx = SchemaCtx {
                    dir: Direction::Request,
                    subject: Subject::Property,
                    label,
                    path: String::new(),
                    owner: None,
                    field: item.clone(),
                    type_name: format!("{}Body", op.stem),
                };
                c.compare_schema(&schema_of(old_node), &schema_of(node), &ctx);
            }
        }
    }
}
