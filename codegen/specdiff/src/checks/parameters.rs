//! Parameters: removed, added (required or optional), required-ness, location (`in`) and,
//! through the schema walker, type, format, enum and limits of the parameter's schema.

use super::op_side::{template_params, OpSide};
use super::{Comparer, OpCtx, SchemaCtx, Subject};
use crate::catalogue::{Bump, Direction};
use crate::report::Side;
use crate::spec::Spec;
use helpdesk_spec::naming::{self, field_name, hoisted_name, type_name};
use helpdesk_spec::resolve::Node;

/// One effective parameter of an operation.
#[derive(Debug, Clone)]
struct Param<'a> {
    name: String,
    /// The name used for matching (a renamed path parameter takes its old name).
    match_name: String,
    location: String,
    node: Node<'a>,
    required: bool,
    /// The generated field identifier (of `{Op}Params`; the argument for a path parameter).
    field: String,
}

impl Param<'_> {
    /// The matching key: location plus name (case-insensitive for headers).
    fn key(&self) -> (String, String) {
        let name =
            if self.location == "header" { self.match_name.to_ascii_lowercase() } else { self.match_name.clone() };
        (self.location.clone(), name)
    }

    /// The parameter's schema (`schema`, or the schema of its single `content` entry).
    fn schema(&self) -> Option<Node<'_>> {
        self.node.get("schema").or_else(|| {
            let content = self.node.get("content")?;
            content.entries().into_iter().next()?.1.get("schema")
        })
    }

    fn label(&self) -> String {
        format!("parameter `{}` ({})", self.name, self.location)
    }

    /// The generated Rust item: a `{Stem}Params` field, or a positional method argument for path parameters.
    ///
    /// A shared component parameter names the pattern (`{Op}Params::org_id`), since it
    /// affects every operation that uses it.
    fn item(&self, op: &OpCtx) -> String {
        let shared = self.node.ptr.starts_with("#/components/");
        match (self.location == "path", shared) {
            (true, false) => format!("{}({})", op.method_item, self.field),
            (true, true) => format!("Client::{{op}}({})", self.field),
            (false, false) => format!("{}Params::{}", op.stem, self.field),
            (false, true) => format!("{{Op}}Params::{}", self.field),
        }
    }
}

/// The effective parameters of an operation: path-level ones overridden by operation-level ones.
fn effective<'a>(c: &mut Comparer<'_>, spec: &'a Spec, side: Side, op: &OpSide<'a>) -> Vec<Param<'a>> {
    let mut out: Vec<Param<'a>> = Vec::new();
    // The generator's order: an operation-level parameter that overrides a path-level one
    // (same name and `in`) moves to the end; its `{Op}Params` fields follow that order.
    let mut generated: Vec<(String, String)> = Vec::new();
    for list in [op.path_item.get("parameters"), op.node.get("parameters")].into_iter().flatten() {
        for entry in list.items() {
            let node = match spec.deref(&entry) {
                Ok(node) => node,
                Err(u) => {
                    c.note_unresolved(side, &u);
                    continue;
                }
            };
            let (Some(name), Some(location)) = (node.str("name"), node.str("in")) else { continue };
            generated.retain(|(n, l)| !(n == name && l == location));
            generated.push((name.to_owned(), location.to_owned()));
            let param = Param {
                name: name.to_owned(),
                match_name: name.to_owned(),
                location: location.to_owned(),
                required: location == "path" || node.flag("required"),
                field: field_name(name),
                node,
            };
            match out.iter().position(|p| p.key() == param.key()) {
                Some(i) => out[i] = param,
                None => out.push(param),
            }
        }
    }
    let others: Vec<&(String, String)> = generated.iter().filter(|(_, l)| l != "path").collect();
    let fields = naming::param_fields(others.iter().map(|(n, l)| (n.as_str(), l == "header")));
    for ((name, location), field) in others.into_iter().zip(fields) {
        if let Some(param) = out.iter_mut().find(|p| p.name == *name && p.location == *location) {
            param.field = field;
        }
    }
    out
}

/// Compares the parameters of one operation.
pub(crate) fn compare(c: &mut Comparer<'_>, old: &OpSide<'_>, new: &OpSide<'_>, op: &OpCtx) {
    let (old_spec, new_spec) = (c.old, c.new);
    let old_params = effective(c, old_spec, Side::Old, old);
    let mut new_params = effective(c, new_spec, Side::New, new);
    // Path parameters match by position in the template, so renames are not removals.
    let (old_names, new_names) = (template_params(&old.path), template_params(&new.path));
    for p in new_params.iter_mut().filter(|p| p.location == "path") {
        if let Some(i) = new_names.iter().position(|n| *n == p.name) {
            if let Some(old_name) = old_names.get(i) {
                p.match_name.clone_from(old_name);
            }
        }
    }
    let mut new_used = vec![false; new_params.len()];
    for o in &old_params {
        if let Some(j) = new_params.iter().position(|n| n.key() == o.key()) {
            new_used[j] = true;
            compare_param(c, o, &new_params[j], op);
            continue;
        }
        let moved = (0..new_params.len()).find(|j| !new_used[*j] && new_params[*j].name.eq_ignore_ascii_case(&o.name));
        if let Some(j) = moved {
            new_used[j] = true;
            let n = &new_params[j];
            let bump = if o.location == "path" || n.location == "path" { Bump::Major } else { Bump::Patch };
            let message = format!("parameter `{}` moved from {} to {}", o.name, o.location, n.location);
            c.emit("request-parameter-location-changed", Side::New, &n.node, message, n.item(op), Some(bump));
            continue;
        }
        c.emit("request-parameter-removed", Side::Old, &o.node, format!("{} was removed", o.label()), o.item(op), None);
    }
    for (j, n) in new_params.iter().enumerate() {
        if new_used[j] {
            continue;
        }
        let (id, qualifier) = if n.required {
            ("request-parameter-added-required", "required")
        } else {
            ("request-parameter-added", "optional")
        };
        let message = format!("{} was added ({qualifier})", n.label());
        // Optional query and header parameters are fields of `{Op}Params`; an operation that
        // had none gains the `params` argument itself.
        let had_params = old_params.iter().any(|p| p.location == "query" || p.location == "header");
        let bump = (!n.required && n.location != "path" && !had_params).then_some(Bump::Major);
        c.emit(id, Side::New, &n.node, message, n.item(op), bump);
    }
}

fn compare_param(c: &mut Comparer<'_>, old: &Param<'_>, new: &Param<'_>, op: &OpCtx) {
    if old.field != new.field && old.location != "path" {
        // `user_id` was `user_id_2` while `userId` took `user_id`: a collision came or went.
        let message = format!(
            "{}: its `{}Params` field is renamed from `{}` to `{}` (another parameter's field collides with it, or no longer does)",
            new.label(),
            op.stem,
            old.field,
            new.field
        );
        let item = format!("{} → {}", old.item(op), new.item(op));
        c.emit("request-parameter-field-renamed", Side::New, &new.node, message, item, None);
    }
    if old.required != new.required {
        let (id, text) = if new.required {
            ("request-parameter-became-required", "required")
        } else {
            ("request-parameter-became-optional", "optional")
        };
        c.emit(id, Side::New, &new.node, format!("{} became {text}", new.label()), new.item(op), None);
    }
    if old.node.get("schema").is_some() != new.node.get("schema").is_some() {
        let (from, to) =
            if new.node.get("content").is_some() { ("`schema`", "`content`") } else { ("`content`", "`schema`") };
        let message = format!("{} moved from {from} to {to}: its value is serialized differently", new.label());
        c.emit("request-parameter-serialization-changed", Side::New, &new.node, message, new.item(op), None);
    }
    let (Some(old_schema), Some(new_schema)) = (old.schema(), new.schema()) else { return };
    let ctx = SchemaCtx {
        dir: Direction::Request,
        subject: Subject::Parameter,
        label: new.label(),
        path: String::new(),
        owner: None,
        field: new.item(op),
        type_name: type_name(&hoisted_name(&op.stem, &new.name)),
    };
    c.compare_schema(&old_schema, &new_schema, &ctx);
}
