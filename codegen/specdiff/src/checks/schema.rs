//! The direction-aware schema walker: compares two schemas (and, recursively, their
//! properties, items and alternatives) as seen by a request or a response.

use std::collections::BTreeSet;

use serde_json::Value;

use super::view::{accepts, tighter, Additional, Bound, View};
use super::{Comparer, RefChange};
use crate::catalogue::{Bump, Direction};
use crate::report::Side;
use helpdesk_spec::naming::{hoisted_name, property_name, type_name, variant_name};
use helpdesk_spec::resolve::Node;

/// Which family of check ids a schema belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Subject {
    /// The schema of a parameter (ids `request-parameter-*`).
    Parameter,
    /// A request or response body or one of its properties (ids `*-property-*`).
    Property,
}

/// The two sides of a schema comparison, with what the messages say about them.
#[derive(Clone, Copy)]
struct Pair<'a, 'v> {
    /// The old schema's view.
    old: &'a View<'v>,
    /// The new schema's view.
    new: &'a View<'v>,
    /// The Rust item the schema types.
    item: &'a str,
    /// How messages name the schema.
    what: &'a str,
    /// The Rust type of the new schema.
    new_type: &'a str,
}

/// Where a schema sits, for ids, messages and Rust item names.
#[derive(Debug, Clone)]
pub(crate) struct SchemaCtx {
    /// Request or response.
    pub dir: Direction,
    /// Parameter or body/property.
    pub subject: Subject,
    /// What the root is, for example "request body" or "parameter `limit` (query)".
    pub label: String,
    /// The dotted property path from the root (empty at the root).
    pub path: String,
    /// The nearest named component schema and the property path from it.
    pub owner: Option<(String, String)>,
    /// The Rust item whose type this schema is (a field, a method argument, a return type).
    pub field: String,
    /// The Rust type name this schema gets if it is an inline object or enum.
    pub type_name: String,
}

impl SchemaCtx {
    /// Describes the schema in a sentence, independent of the operation when inside a component.
    fn describe(&self) -> String {
        match &self.owner {
            Some((component, path)) if path.is_empty() => format!("schema `{component}`"),
            Some((component, path)) => format!("property `{path}` of schema `{component}`"),
            None if self.path.is_empty() => self.label.clone(),
            None => format!("property `{}` of the {}", self.path, self.label),
        }
    }

    /// The context of property `name` of this (object) schema of Rust type `owner_type`;
    /// `declared_in` names the `allOf` member component that declares the property, if any.
    fn property(&self, name: &str, owner_type: &str, declared_in: Option<&String>) -> SchemaCtx {
        if let Some(component) = declared_in {
            let mut inner = self.clone();
            inner.owner = Some((component.clone(), String::new()));
            return inner.property(name, &type_name(component), None);
        }
        SchemaCtx {
            dir: self.dir,
            subject: Subject::Property,
            label: self.label.clone(),
            path: join(&self.path, name),
            owner: self.owner.as_ref().map(|(c, p)| (c.clone(), join(p, name))),
            field: format!("types::{owner_type}::{}", property_name(name)),
            type_name: type_name(&hoisted_name(owner_type, name)),
        }
    }

    /// The context of the items (`suffix` `[]`) or map values (`*`) of this schema.
    fn nested(&self, suffix: &str, type_suffix: &str, own_type: &str) -> SchemaCtx {
        let append = |p: &str| format!("{p}{suffix}");
        SchemaCtx {
            dir: self.dir,
            subject: self.subject,
            label: self.label.clone(),
            path: append(&self.path),
            owner: self.owner.as_ref().map(|(c, p)| (c.clone(), append(p))),
            field: self.field.clone(),
            type_name: format!("{own_type}{type_suffix}"),
        }
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// The check id for a schema-level change `kind` in context `ctx`.
fn schema_id(ctx: &SchemaCtx, kind: &str) -> String {
    let prefix = match (ctx.dir, ctx.subject) {
        (Direction::Response, _) if kind == "optional-removed" => {
            return "response-optional-property-removed".to_owned()
        }
        (Direction::Response, _) => "response-property",
        (_, Subject::Parameter) => "request-parameter",
        _ => "request-property",
    };
    let id = format!("{prefix}-{kind}");
    if ctx.subject == Subject::Parameter && crate::catalogue::find(&id).is_none() {
        return format!("request-property-{kind}");
    }
    id
}

/// Renders a JSON value compactly for messages.
fn show(value: &Value) -> String {
    match value {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

fn show_list(values: &[&Value]) -> String {
    values.iter().map(|v| show(v)).collect::<Vec<_>>().join(", ")
}

fn show_bound(bound: Option<Bound>) -> String {
    match bound {
        None => "none".to_owned(),
        Some(b) if b.exclusive => format!("{} (exclusive)", b.value),
        Some(b) => b.value.to_string(),
    }
}

/// Formats whose Rust type is not `String`/`f64`/`i64`, so a change changes the field type.
const TYPED_FORMATS: &[&str] = &[
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float",
    "double",
    "date",
    "date-time",
    "uuid",
    "binary",
    "byte",
    "ip",
    "ipv4",
    "ipv6",
];

impl Comparer<'_> {
    /// Emits a schema-level finding of `kind` at `node` on `side`.
    #[allow(clippy::too_many_arguments)]
    fn emit_schema(
        &mut self,
        ctx: &SchemaCtx,
        kind: &str,
        side: Side,
        node: &Node<'_>,
        message: String,
        item: String,
        bump: Option<Bump>,
    ) {
        let id = schema_id(ctx, kind);
        self.emit(&id, side, node, message, item, bump);
    }

    /// Compares the schema at `old` with the schema at `new` in context `ctx`.
    pub(crate) fn compare_schema(&mut self, old: &Node<'_>, new: &Node<'_>, ctx: &SchemaCtx) {
        let (old_spec, new_spec) = (self.old, self.new);
        let (ov, nv) = match (View::build(old_spec, old), View::build(new_spec, new)) {
            (Ok(ov), Ok(nv)) => (ov, nv),
            (Err(a), Err(b)) if a.reference == b.reference && a.reason == b.reason => {
                return self.note_unresolved(Side::New, &b);
            }
            (Err(a), Err(b)) => {
                self.note_unresolved(Side::Old, &a);
                self.note_unresolved(Side::New, &b);
                return;
            }
            (Err(a), Ok(_)) => return self.note_unresolved(Side::Old, &a),
            (Ok(_), Err(b)) => return self.note_unresolved(Side::New, &b),
        };
        for u in &ov.unresolved {
            self.note_unresolved(Side::Old, u);
        }
        for u in &nv.unresolved {
            self.note_unresolved(Side::New, u);
        }
        if let Some(old_name) = &ov.component {
            if nv.component.as_ref() != Some(old_name) {
                let op = self.op.as_ref().map(|o| o.op_ref.clone());
                self.ref_changes.push(RefChange { old: old_name.clone(), new: nv.component.clone(), op });
            }
        }
        self.compare_nullable(ctx, &ov, &nv, new);
        let key = (ov.node.ptr.clone(), nv.node.ptr.clone(), ctx.dir, ctx.subject);
        if !self.visit(key) {
            return;
        }
        // Inside a named component, messages and items name the component, not the operation.
        let mut ctx = ctx.clone();
        let mut old_ctx = ctx.clone();
        if let Some(name) = &nv.component {
            ctx.owner = Some((name.clone(), String::new()));
        }
        if let Some(name) = &ov.component {
            old_ctx.owner = Some((name.clone(), String::new()));
        }
        let old_type = ov.component.as_deref().map_or_else(|| self.inline_type(Side::Old, &ctx.type_name), type_name);
        let new_type = nv.component.as_deref().map_or_else(|| self.inline_type(Side::New, &ctx.type_name), type_name);
        let item = match &nv.component {
            Some(name) => format!("types::{}", type_name(name)),
            None => ctx.field.clone(),
        };
        let what = ctx.describe();
        let node = nv.node.clone();

        if ov.alternatives.is_empty() != nv.alternatives.is_empty() {
            let pair = Pair { old: &ov, new: &nv, item: &item, what: &what, new_type: &new_type };
            self.compare_with_alternatives(&ctx, &pair);
            return;
        }
        if ov.types != nv.types {
            let compatible = match ctx.dir {
                Direction::Response => accepts(&ov.types, &nv.types),
                _ => accepts(&nv.types, &ov.types),
            };
            let kind = match (compatible, ctx.dir) {
                (false, _) => "type-changed",
                (true, Direction::Response) => "type-specialized",
                (true, _) => "type-generalized",
            };
            let message = format!("type of {what} changed from `{}` to `{}`", ov.type_text(), nv.type_text());
            self.emit_schema(&ctx, kind, Side::New, &node, message, item, None);
            return;
        }
        if ov.format != nv.format {
            let typed = [ov.format, nv.format].iter().flatten().any(|f| TYPED_FORMATS.contains(f));
            let bump = if typed { Bump::Major } else { Bump::Patch };
            let message = format!(
                "format of {what} changed from `{}` to `{}`",
                ov.format.unwrap_or("none"),
                nv.format.unwrap_or("none")
            );
            self.emit_schema(&ctx, "format-changed", Side::New, &node, message, item.clone(), Some(bump));
        }
        self.compare_enums(&ctx, &ov, &nv, (&old_type, &new_type), &item, (&old_ctx.describe(), &what));
        self.compare_limits(&ctx, &ov, &nv, &item, &what);
        if ov.pattern != nv.pattern {
            let relevant = match ctx.dir {
                Direction::Response => ov.pattern.is_some(),
                _ => nv.pattern.is_some(),
            };
            if relevant {
                let message = format!(
                    "pattern of {what} changed from `{}` to `{}`",
                    ov.pattern.unwrap_or("none"),
                    nv.pattern.unwrap_or("none")
                );
                self.emit_schema(&ctx, "pattern-changed", Side::New, &node, message, item.clone(), None);
            }
        }
        if ov.default != nv.default {
            let shown = |v: Option<&Value>| v.map_or_else(|| "none".to_owned(), show);
            let message = format!("default of {what} changed from {} to {}", shown(ov.default), shown(nv.default));
            self.emit_schema(&ctx, "default-changed", Side::New, &node, message, item.clone(), None);
        }
        let pair = Pair { old: &ov, new: &nv, item: &item, what: &what, new_type: &new_type };
        self.compare_alternatives(&ctx, &pair);
        self.compare_properties((&old_ctx, &ctx), &ov, &nv, (&old_type, &new_type));
        self.compare_additional(&ctx, &pair);
        if let (Some(old_items), Some(new_items)) = (&ov.items, &nv.items) {
            let child = ctx.nested("[]", "Item", &new_type);
            self.compare_schema(old_items, new_items, &child);
        }
    }

    /// Reports a change of nullability. At the root of a body or parameter it is not reported
    /// (a `null` body is not something clients send or handle); the finding sits on the
    /// schema when the schema itself changed, else on the place that wraps it.
    fn compare_nullable(&mut self, ctx: &SchemaCtx, ov: &View<'_>, nv: &View<'_>, place: &Node<'_>) {
        if ctx.path.is_empty() || ov.nullable == nv.nullable {
            return;
        }
        let own = |v: &Value| {
            v.get("nullable").and_then(Value::as_bool).unwrap_or(false)
                || v.get("type").and_then(Value::as_array).is_some_and(|t| t.iter().any(|t| t == "null"))
        };
        let on_schema = own(ov.node.value) != own(nv.node.value);
        let (at, what, item) = match (&nv.component, on_schema) {
            (Some(name), true) => (nv.node.clone(), format!("schema `{name}`"), format!("types::{}", type_name(name))),
            (None, true) => (nv.node.clone(), ctx.describe(), ctx.field.clone()),
            (_, false) => (place.clone(), ctx.describe(), ctx.field.clone()),
        };
        let kind = if nv.nullable { "became-nullable" } else { "became-not-nullable" };
        let verb = if nv.nullable { "now allows" } else { "no longer allows" };
        self.emit_schema(ctx, kind, Side::New, &at, format!("{what} {verb} `null`"), item, None);
    }

    fn compare_enums(
        &mut self,
        ctx: &SchemaCtx,
        ov: &View<'_>,
        nv: &View<'_>,
        types: (&str, &str),
        item: &str,
        whats: (&str, &str),
    ) {
        let (old_what, what) = whats;
        let node = &nv.node;
        match (&ov.enum_values, &nv.enum_values) {
            (Some(old), Some(new)) => {
                let removed: Vec<&Value> = old.iter().copied().filter(|v| !new.contains(v)).collect();
                let added: Vec<&Value> = new.iter().copied().filter(|v| !old.contains(v)).collect();
                for (values, kind, verb, side, ty, what) in [
                    (removed, "enum-value-removed", "no longer has", Side::Old, types.0, old_what),
                    (added, "enum-value-added", "has new", Side::New, types.1, what),
                ] {
                    if values.is_empty() {
                        continue;
                    }
                    let plural = if values.len() == 1 { "value" } else { "values" };
                    let variants: Vec<String> = values.iter().map(|v| variant_name(v)).collect();
                    let variant_item = if variants.len() == 1 {
                        format!("types::{ty}::{}", variants[0])
                    } else {
                        format!("types::{ty}::{{{}}}", variants.join(", "))
                    };
                    let message = format!("{what} {verb} enum {plural} {}", show_list(&values));
                    let at = if side == Side::Old { &ov.node } else { node };
                    self.emit_schema(ctx, kind, side, at, message, variant_item, None);
                }
            }
            (None, Some(new)) => {
                let message = format!("{what} became an enum of {}", show_list(new));
                self.emit_schema(ctx, "became-enum", Side::New, node, message, item.to_owned(), None);
            }
            (Some(_), None) => {
                let message = format!("{what} is no longer an enum");
                self.emit_schema(ctx, "no-longer-enum", Side::New, node, message, item.to_owned(), None);
            }
            (None, None) => {}
        }
    }

    fn compare_limits(&mut self, ctx: &SchemaCtx, ov: &View<'_>, nv: &View<'_>, item: &str, what: &str) {
        let node = &nv.node;
        let as_upper = |v: Option<f64>| v.map(|value| Bound { value, exclusive: false });
        // (keyword, old, new, upper bound?, id when tighter, id when looser)
        let limits = [
            (
                "maxLength",
                as_upper(ov.max_length),
                as_upper(nv.max_length),
                true,
                "max-length-decreased",
                "max-length-increased",
            ),
            (
                "minLength",
                as_upper(ov.min_length),
                as_upper(nv.min_length),
                false,
                "min-length-increased",
                "min-length-decreased",
            ),
            (
                "maxItems",
                as_upper(ov.max_items),
                as_upper(nv.max_items),
                true,
                "max-items-decreased",
                "max-items-increased",
            ),
            (
                "minItems",
                as_upper(ov.min_items),
                as_upper(nv.min_items),
                false,
                "min-items-increased",
                "min-items-decreased",
            ),
            ("maximum", ov.maximum, nv.maximum, true, "max-decreased", "max-increased"),
            ("minimum", ov.minimum, nv.minimum, false, "min-increased", "min-decreased"),
        ];
        for (keyword, old, new, upper, tighter_kind, looser_kind) in limits {
            if old == new {
                continue;
            }
            let kind = if tighter(new, old, upper) { tighter_kind } else { looser_kind };
            let (old_text, new_text) = (show_bound(old), show_bound(new));
            let message = format!("{keyword} of {what} changed from {old_text} to {new_text}");
            self.emit_schema(ctx, kind, Side::New, node, message, item.to_owned(), None);
        }
    }

    fn compare_alternatives(&mut self, ctx: &SchemaCtx, pair: &Pair<'_, '_>) {
        let Pair { old: ov, new: nv, item, what, new_type } = *pair;
        if ov.alternatives.is_empty() && nv.alternatives.is_empty() {
            return;
        }
        let name_of = |spec: &crate::spec::Spec, node: &Node<'_>| -> Option<String> {
            let resolved = spec.follow(node.reference()?).ok()?;
            helpdesk_spec::resolve::component_name(&resolved.ptr, "schemas")
        };
        let old_named: Vec<Option<String>> = ov.alternatives.iter().map(|n| name_of(self.old, n)).collect();
        let new_named: Vec<Option<String>> = nv.alternatives.iter().map(|n| name_of(self.new, n)).collect();
        let mut new_used = vec![false; nv.alternatives.len()];
        let mut pairs = Vec::new();
        let mut removed = Vec::new();
        // Named alternatives match by component name, inline ones by their order among inline ones.
        let mut inline_new = (0..nv.alternatives.len()).filter(|i| new_named[*i].is_none());
        for (i, old_name) in old_named.iter().enumerate() {
            let found = match old_name {
                Some(name) => {
                    (0..nv.alternatives.len()).find(|j| !new_used[*j] && new_named[*j].as_ref() == Some(name))
                }
                None => inline_new.next(),
            };
            match found {
                Some(j) => {
                    new_used[j] = true;
                    pairs.push((i, j));
                }
                None => removed.push(i),
            }
        }
        let describe = |named: &Option<String>, index: usize| match named {
            Some(name) => format!("`{name}`"),
            None => format!("#{}", index + 1),
        };
        for i in removed {
            let message = format!("{what} no longer has the alternative {}", describe(&old_named[i], i));
            self.emit_schema(ctx, "one-of-removed", Side::Old, &ov.alternatives[i], message, item.to_owned(), None);
        }
        for (j, used) in new_used.iter().enumerate() {
            if !used {
                let message = format!("{what} has a new alternative {}", describe(&new_named[j], j));
                self.emit_schema(ctx, "one-of-added", Side::New, &nv.alternatives[j], message, item.to_owned(), None);
            }
        }
        for (i, j) in pairs {
            let child = ctx.nested("", &format!("Variant{}", j + 1), new_type);
            self.compare_schema(&ov.alternatives[i], &nv.alternatives[j], &child);
        }
    }

    /// Compares a plain schema with a `oneOf`/`anyOf` (one side each): the plain schema is
    /// compared with its closest alternative, the other alternatives are added or removed.
    fn compare_with_alternatives(&mut self, ctx: &SchemaCtx, pair: &Pair<'_, '_>) {
        let Pair { old: ov, new: nv, item, what, new_type } = *pair;
        let old_is_plain = ov.alternatives.is_empty();
        let (plain, alternatives, spec) =
            if old_is_plain { (ov, &nv.alternatives, self.new) } else { (nv, &ov.alternatives, self.old) };
        let score = |node: &Node<'_>| -> usize {
            let Ok(view) = View::build(spec, node) else { return 0 };
            let same_name = plain.component.is_some() && view.component == plain.component;
            let overlap = plain.props.keys().filter(|k| view.props.contains_key(*k)).count();
            usize::from(same_name) * 10_000 + overlap * 10 + usize::from(view.types == plain.types)
        };
        let best = (0..alternatives.len()).max_by_key(|i| (score(&alternatives[*i]), usize::MAX - i)).unwrap_or(0);
        let name = |node: &Node<'_>, index: usize| {
            View::build(spec, node)
                .ok()
                .and_then(|v| v.component)
                .map_or_else(|| format!("#{}", index + 1), |c| format!("`{c}`"))
        };
        for (i, alternative) in alternatives.iter().enumerate().filter(|(i, _)| *i != best) {
            if old_is_plain {
                let message =
                    format!("{what} became a `oneOf`/`anyOf` with the new alternative {}", name(alternative, i));
                self.emit_schema(ctx, "one-of-added", Side::New, alternative, message, item.to_owned(), None);
            } else {
                let message = format!(
                    "{what} is no longer a `oneOf`/`anyOf`; the alternative {} was removed",
                    name(alternative, i)
                );
                self.emit_schema(ctx, "one-of-removed", Side::Old, alternative, message, item.to_owned(), None);
            }
        }
        let Some(chosen) = alternatives.get(best) else { return };
        let child = ctx.nested("", "", new_type);
        if old_is_plain {
            self.compare_schema(&ov.node, chosen, &child);
        } else {
            self.compare_schema(chosen, &nv.node, &child);
        }
    }

    fn compare_properties(
        &mut self,
        ctxs: (&SchemaCtx, &SchemaCtx),
        ov: &View<'_>,
        nv: &View<'_>,
        types: (&str, &str),
    ) {
        let (old_ctx, ctx) = ctxs;
        if ov.props.is_empty() && nv.props.is_empty() {
            return;
        }
        let old_props = self.visible_props(Side::Old, ov, ctx.dir);
        let new_props = self.visible_props(Side::New, nv, ctx.dir);
        for name in &old_props {
            if new_props.contains(name) {
                continue;
            }
            let child = old_ctx.property(name, types.0, ov.prop_owners.get(name));
            let was_required = ov.required.contains(name);
            let kind = match ctx.dir {
                Direction::Response if !was_required => "optional-removed",
                _ => "removed",
            };
            let message = format!("{} was removed", child.describe());
            self.emit_schema(&child, kind, Side::Old, &ov.props[name], message, child.field.clone(), None);
        }
        for name in &new_props {
            let child = ctx.property(name, types.1, nv.prop_owners.get(name));
            let required = nv.required.contains(name);
            if !old_props.contains(name) {
                let kind = if required && ctx.dir == Direction::Request { "added-required" } else { "added" };
                let qualifier = if required { "required" } else { "optional" };
                let message = format!("{} was added ({qualifier})", child.describe());
                self.emit_schema(&child, kind, Side::New, &nv.props[name], message, child.field.clone(), None);
                continue;
            }
            let was_required = ov.required.contains(name);
            if was_required != required {
                let (kind, text) =
                    if required { ("became-required", "required") } else { ("became-optional", "optional") };
                let message = format!("{} became {text}", child.describe());
                self.emit_schema(&child, kind, Side::New, &nv.props[name], message, child.field.clone(), None);
            }
            self.compare_schema(&ov.props[name], &nv.props[name], &child);
        }
    }

    /// The property names that matter in `dir`: read-only ones are not sent, write-only ones not returned.
    fn visible_props(&self, side: Side, view: &View<'_>, dir: Direction) -> Vec<String> {
        let spec = self.spec(side);
        view.props
            .iter()
            .filter(|(_, node)| {
                let Ok(target) = spec.deref(node) else { return true };
                match dir {
                    Direction::Request => !target.flag("readOnly"),
                    Direction::Response => !target.flag("writeOnly"),
                    Direction::Api => true,
                }
            })
            .map(|(name, _)| name.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    fn compare_additional(&mut self, ctx: &SchemaCtx, pair: &Pair<'_, '_>) {
        let Pair { old: ov, new: nv, item, what, new_type } = *pair;
        if ctx.dir == Direction::Request && ov.additional.allows() && !nv.additional.allows() {
            let explicit = !matches!(ov.additional, Additional::Absent);
            let bump = if explicit { Bump::Major } else { Bump::Patch };
            let message = format!("{what} no longer accepts additional properties");
            self.emit_schema(
                ctx,
                "additional-properties-closed",
                Side::New,
                &nv.node,
                message,
                item.to_owned(),
                Some(bump),
            );
        }
        if let (Additional::Schema(old), Additional::Schema(new)) = (&ov.additional, &nv.additional) {
            let child = ctx.nested(".*", "Value", new_type);
            self.compare_schema(old, new, &child);
        }
    }
}
