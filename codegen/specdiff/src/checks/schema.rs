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

/// The 2020-12 keywords that only validate values and that the generator ignores, compared
/// as present, absent or changed (`dependentSchemas` is also walked where both sides have it).
const VALIDATION_KEYWORDS: [&str; 8] = [
    "propertyNames",
    "patternProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentSchemas",
    "contentSchema",
    "contentMediaType",
    "contentEncoding",
];

/// The keywords that say how a string's content is encoded: a change changes the wire value.
const ENCODING_KEYWORDS: [&str; 2] = ["contentMediaType", "contentEncoding"];

/// How many alternatives are tried one by one to find the closest (more: structural score only).
const MAX_TRIALS: usize = 8;

/// How deeply trials nest (a `oneOf` inside an alternative being tried).
const MAX_NESTED_TRIALS: usize = 2;

/// How deeply schemas are walked (a guard; valid specs are far shallower).
pub(crate) const MAX_SCHEMA_DEPTH: usize = 512;

/// The indexes of two alternatives (in `views` order) that a value can match at once, if any.
fn overlapping(spec: &crate::spec::Spec, views: &[&View<'_>]) -> Option<(usize, usize)> {
    for (i, a) in views.iter().enumerate() {
        for (j, b) in views.iter().enumerate().skip(i + 1) {
            if !disjoint(spec, a, b, 0) {
                return Some((i, j));
            }
        }
    }
    None
}

/// Whether no value can match both `a` and `b`: disjoint types or enum values, a required
/// property whose values are disjoint, or a required property the other (closed) object forbids.
fn disjoint(spec: &crate::spec::Spec, a: &View<'_>, b: &View<'_>, depth: usize) -> bool {
    // A schema with alternatives is disjoint from another when each of its branches is.
    for (x, y) in [(a, b), (b, a)] {
        if !x.alternatives.is_empty() && depth < 4 {
            return x.alternatives.iter().all(|alternative| {
                View::build(spec, alternative).is_ok_and(|v| disjoint(spec, &x.with_alternative(v), y, depth + 1))
            });
        }
    }
    if let (Some(x), Some(y)) = (&a.types, &b.types) {
        let numeric = |t: &String| t == "integer" || t == "number";
        if !x.iter().any(|t| y.contains(t) || (numeric(t) && y.iter().any(numeric))) {
            return true;
        }
    }
    if let (Some(x), Some(y)) = (&a.enum_values, &b.enum_values) {
        if !x.iter().any(|v| y.contains(v)) {
            return true;
        }
    }
    let closed_against =
        |x: &View<'_>, y: &View<'_>| !x.additional.allows() && y.required.iter().any(|r| !x.props.contains_key(r));
    if closed_against(a, b) || closed_against(b, a) {
        return true;
    }
    if depth >= 4 {
        return false;
    }
    a.props.iter().any(|(name, pa)| {
        let Some(pb) = b.props.get(name) else { return false };
        if !a.required.contains(name) && !b.required.contains(name) {
            return false;
        }
        match (View::build(spec, pa), View::build(spec, pb)) {
            (Ok(x), Ok(y)) => disjoint(spec, &x, &y, depth + 1),
            _ => false,
        }
    })
}

/// Whether the generator makes the union `view` a tagged enum, as `codegen::tagged::detect`
/// decides: a `oneOf`/`anyOf` of component `$ref`s (without `properties` or `allOf` beside
/// it) with a `discriminator`, or whose alternatives all require one property and pin it to
/// string values of their own (`const`, `enum`). Checked against the generator by
/// `tests/generated.rs`.
fn tagged(spec: &crate::spec::Spec, view: &View<'_>) -> bool {
    let object = view.node.value.as_object();
    if view.alternatives.is_empty() || object.is_some_and(|o| o.contains_key("properties") || o.contains_key("allOf")) {
        return false;
    }
    let components = view.alternatives.iter().all(|a| {
        a.reference().is_some_and(|r| {
            spec.follow(r).is_ok_and(|n| helpdesk_spec::resolve::component_name(&n.ptr, "schemas").is_some())
        })
    });
    if !components {
        return false;
    }
    if view.discriminator.as_ref().is_some_and(|d| d.str("propertyName").is_some()) {
        return true;
    }
    let Ok(alternatives) = view.alternatives.iter().map(|a| View::build(spec, a)).collect::<Result<Vec<_>, _>>() else {
        return false;
    };
    let pinned = |alternative: &View<'_>, property: &str| -> Option<Vec<String>> {
        if !alternative.required.contains(property) {
            return None;
        }
        let values = View::build(spec, alternative.props.get(property)?).ok()?.enum_values?;
        let strings: Vec<String> = values.iter().filter_map(|v| v.as_str()).map(str::to_owned).collect();
        (!strings.is_empty() && strings.len() == values.len()).then_some(strings)
    };
    alternatives[0].props.keys().any(|property| {
        let sets: Option<Vec<Vec<String>>> = alternatives.iter().map(|a| pinned(a, property)).collect();
        sets.is_some_and(|sets| sets.iter().enumerate().all(|(i, a)| sets[i + 1..].iter().all(|b| a != b)))
    })
}

/// The variant names of the tagged enum the generator makes of the union `view` with
/// `discriminator`, by alternative component: the tag's name when the alternative has one tag
/// (its `mapping` keys, else its component name), else the component's type name (as
/// `codegen`'s `tagged_unions`, without its collision renaming and pinned values).
fn variant_names(spec: &crate::spec::Spec, view: &View<'_>, discriminator: &Node<'_>) -> Vec<(String, String)> {
    let mapping = discriminator.value.get("mapping").and_then(Value::as_object);
    let components: Vec<String> = view
        .alternatives
        .iter()
        .filter_map(|a| {
            let resolved = spec.follow(a.reference()?).ok()?;
            helpdesk_spec::resolve::component_name(&resolved.ptr, "schemas")
        })
        .collect();
    components
        .iter()
        .map(|component| {
            let tags: Vec<&String> = mapping
                .into_iter()
                .flatten()
                .filter(|(_, target)| target.as_str().is_some_and(|t| t.rsplit('/').next() == Some(component.as_str())))
                .map(|(tag, _)| tag)
                .collect();
            // A tag's name that another alternative's type has is not taken.
            let taken = |name: &String| components.iter().any(|c| c != component && type_name(c) == *name);
            let name = match tags.as_slice() {
                [tag] if !taken(&type_name(tag)) => type_name(tag),
                _ => type_name(component),
            };
            (component.clone(), name)
        })
        .collect()
}

/// `view` without the constraints that apply to no JSON type it shares with `other` (types
/// `None` means any): length bounds and `pattern` apply to strings, `minimum`/`maximum` to
/// numbers, `minItems`/`maxItems` to arrays.
fn shared_constraints<'a>(view: &View<'a>, other: &Option<BTreeSet<String>>) -> View<'a> {
    let shares = |types: &[&str]| {
        let has = |set: &Option<BTreeSet<String>>| set.as_ref().is_none_or(|s| types.iter().any(|t| s.contains(*t)));
        has(&view.types) && has(other)
    };
    let mut view = view.clone();
    if !shares(&["string"]) {
        (view.max_length, view.min_length, view.pattern) = (None, None, None);
    }
    if !shares(&["integer", "number"]) {
        (view.maximum, view.minimum) = (None, None);
    }
    if !shares(&["array"]) {
        (view.max_items, view.min_items) = (None, None);
    }
    view
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
        self.compare_views(&ov, &nv, ctx, new);
    }

    /// Compares two schema views in context `ctx`; `place` is where the new schema is used.
    fn compare_views(&mut self, ov: &View<'_>, nv: &View<'_>, ctx: &SchemaCtx, place: &Node<'_>) {
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
        self.compare_nullable(ctx, ov, nv, place);
        let ptr = |v: &View<'_>| format!("{}|{}", v.node.ptr, v.branch.as_deref().unwrap_or_default());
        let key = (ptr(ov), ptr(nv), ctx.dir, ctx.subject);
        if !self.visit(key) {
            return;
        }
        if self.depth >= MAX_SCHEMA_DEPTH {
            self.note(format!(
                "{}: schemas nested deeper than {MAX_SCHEMA_DEPTH} levels are not compared",
                ctx.describe()
            ));
            return;
        }
        self.depth += 1;
        self.compare_visited(ov, nv, ctx);
        self.depth -= 1;
    }

    /// The body of [`Comparer::compare_views`] for a pair not compared before.
    fn compare_visited(&mut self, ov: &View<'_>, nv: &View<'_>, ctx: &SchemaCtx) {
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
        let (ov, nv) = (ov.clone(), nv.clone());

        self.compare_discriminators(&ctx, &ov, &nv, &item, &what);
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
            self.emit_schema(&ctx, kind, Side::New, &node, message, item.clone(), None);
            // Bounds and patterns still apply to the values both types share (a `limit` that
            // goes from `string|integer` to `integer` and gains a `maximum` is two changes);
            // those of a type only one side has constrain nothing the other side allowed.
            let (ov, nv) = (shared_constraints(&ov, &nv.types), shared_constraints(&nv, &ov.types));
            self.compare_limits(&ctx, &ov, &nv, &item, &what);
            self.compare_pattern(&ctx, &ov, &nv, &item, &what);
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
        self.compare_pattern(&ctx, &ov, &nv, &item, &what);
        if ov.default != nv.default {
            let shown = |v: Option<&Value>| v.map_or_else(|| "none".to_owned(), show);
            let message = format!("default of {what} changed from {} to {}", shown(ov.default), shown(nv.default));
            self.emit_schema(&ctx, "default-changed", Side::New, &node, message, item.clone(), None);
        }
        let pair = Pair { old: &ov, new: &nv, item: &item, what: &what, new_type: &new_type };
        self.compare_alternatives(&ctx, &pair);
        self.compare_properties((&old_ctx, &ctx), &ov, &nv, (&old_type, &new_type));
        self.compare_additional(&ctx, &pair);
        match (&ov.items, &nv.items) {
            (Some(old_items), Some(new_items)) => {
                let child = ctx.nested("[]", "Item", &new_type);
                self.compare_schema(old_items, new_items, &child);
            }
            (Some(_), None) if ctx.dir == Direction::Response => {
                let message = format!("{what} no longer types its array items (`items` removed)");
                self.emit_schema(&ctx, "items-removed", Side::New, &node, message, item.clone(), None);
            }
            _ => {}
        }
        self.compare_json_schema_2020(&ctx, &ov, &nv, &new_type, (&item, &what));
    }

    /// The 2020-12 (OpenAPI 3.1) keywords: `prefixItems`, `contains`, `dependentSchemas`,
    /// `then`/`else` are walked into; `if` and `dependentRequired` are compared.
    fn compare_json_schema_2020(
        &mut self,
        ctx: &SchemaCtx,
        ov: &View<'_>,
        nv: &View<'_>,
        new_type: &str,
        (item, what): (&str, &str),
    ) {
        let (old, new) = (&ov.node, &nv.node);
        if let (Some(a), Some(b)) = (old.get("prefixItems"), new.get("prefixItems")) {
            for (i, (a, b)) in a.items().iter().zip(b.items().iter()).enumerate() {
                let child = ctx.nested(&format!("[{i}]"), &format!("Item{i}"), new_type);
                self.compare_schema(a, b, &child);
            }
        }
        if let (Some(a), Some(b)) = (old.get("contains"), new.get("contains")) {
            self.compare_schema(&a, &b, &ctx.nested("[]", "Item", new_type));
        }
        // Appearing or disappearing: `contains` narrows or widens what is valid (the generator
        // ignores it); `prefixItems` too, and it changes the generated item type.
        for (keyword, kind) in [("contains", "contains"), ("prefixItems", "prefix-items")] {
            let (was, is) = (old.get(keyword).is_some(), new.get(keyword).is_some());
            if was != is {
                let verb = if is { "added" } else { "removed" };
                let message = format!("`{keyword}` of {what} was {verb}");
                self.emit_schema(ctx, &format!("{kind}-{verb}"), Side::New, new, message, item.to_owned(), None);
            }
        }
        for key in ["then", "else"] {
            if let (Some(a), Some(b)) = (old.get(key), new.get(key)) {
                self.compare_schema(&a, &b, ctx);
            }
        }
        if let (Some(a), Some(b)) = (old.get("dependentSchemas"), new.get("dependentSchemas")) {
            for (name, b) in b.entries() {
                if let Some(a) = a.get(name) {
                    self.compare_schema(&a, &b, ctx);
                }
            }
        }
        self.compare_validation_keywords(ctx, ov, nv, (item, what));
        let condition = |n: &Node<'_>| ["if", "then", "else"].map(|k| n.value.get(k).cloned());
        let (old_condition, new_condition) = (condition(old), condition(new));
        if old_condition != new_condition {
            // A condition where there was none rejects bodies valid before: ERR on the request side.
            let added = old_condition.iter().all(Option::is_none);
            let (kind, verb) = match ctx.dir {
                Direction::Request if added => ("conditional-added", "was added"),
                _ => ("conditional-changed", "changed"),
            };
            let message = format!("the `if`/`then`/`else` condition of {what} {verb}");
            self.emit_schema(ctx, kind, Side::New, new, message, item.to_owned(), None);
        }
        let dependencies = |n: &Node<'_>| -> BTreeSet<(String, String)> {
            let map = n.value.get("dependentRequired").and_then(Value::as_object);
            map.into_iter()
                .flatten()
                .flat_map(|(k, list)| {
                    list.as_array().into_iter().flatten().filter_map(Value::as_str).map(|v| (k.clone(), v.to_owned()))
                })
                .collect()
        };
        let (a, b) = (dependencies(old), dependencies(new));
        let (kind, changed) = match ctx.dir {
            Direction::Response => ("dependent-required-removed", a.difference(&b).cloned().collect::<Vec<_>>()),
            _ => ("dependent-required-added", b.difference(&a).cloned().collect::<Vec<_>>()),
        };
        if !changed.is_empty() {
            let list: Vec<String> = changed.iter().map(|(k, v)| format!("`{k}` → `{v}`")).collect();
            let message = format!("`dependentRequired` of {what} changed: {}", list.join(", "));
            self.emit_schema(ctx, kind, Side::New, new, message, item.to_owned(), None);
        }
    }

    /// The 2020-12 keywords that only validate (the generator ignores them, so no Rust type
    /// changes): one that appears narrows what is valid (ERR in a request, where the server
    /// now rejects bodies it took), one that disappears widens it (WARN in a response, where
    /// the generated type never checked it); `contentEncoding`/`contentMediaType` that change
    /// change the meaning of the string on the wire in both directions; `minContains` and
    /// `maxContains` are bounds.
    fn compare_validation_keywords(
        &mut self,
        ctx: &SchemaCtx,
        ov: &View<'_>,
        nv: &View<'_>,
        (item, what): (&str, &str),
    ) {
        let (old, new) = (ov.node.value, nv.node.value);
        // `dependentSchemas` is walked entry by entry where both sides have one: only its
        // set of entries counts here.
        let keys = |v: Option<&Value>| v.and_then(Value::as_object).map(|m| m.keys().cloned().collect::<BTreeSet<_>>());
        for keyword in VALIDATION_KEYWORDS {
            let (a, b) = (old.get(keyword), new.get(keyword));
            let differ = match keyword {
                "dependentSchemas" => keys(a) != keys(b),
                _ => a != b,
            };
            if !differ {
                continue;
            }
            let (kind, verb) = match (a, b) {
                (None, _) => ("validation-added", "was added"),
                (_, None) => ("validation-removed", "was removed"),
                _ if ENCODING_KEYWORDS.contains(&keyword) => ("content-encoding-changed", "changed"),
                _ => ("validation-changed", "changed"),
            };
            let message = format!("`{keyword}` of {what} {verb}");
            self.emit_schema(ctx, kind, Side::New, &nv.node, message, item.to_owned(), None);
        }
        let count = |v: &Value, keyword: &str| v.get(keyword).and_then(Value::as_f64);
        // (keyword, the bound is an upper one)
        for (keyword, upper) in [("maxContains", true), ("minContains", false)] {
            let (a, b) = (count(old, keyword), count(new, keyword));
            if a == b {
                continue;
            }
            let as_bound = |v: Option<f64>| v.map(|value| Bound { value, exclusive: false });
            let narrowed = tighter(as_bound(b), as_bound(a), upper);
            let kind = if narrowed { "contains-count-narrowed" } else { "contains-count-widened" };
            let shown = |v: Option<f64>| v.map_or_else(|| "none".to_owned(), |v| v.to_string());
            let message = format!("`{keyword}` of {what} changed from {} to {}", shown(a), shown(b));
            self.emit_schema(ctx, kind, Side::New, &nv.node, message, item.to_owned(), None);
        }
    }

    /// Compares `discriminator.propertyName` and `discriminator.mapping`, which decide the
    /// serde tagging of the generated enum.
    fn compare_discriminators(&mut self, ctx: &SchemaCtx, ov: &View<'_>, nv: &View<'_>, item: &str, what: &str) {
        let (Some(od), Some(nd)) = (&ov.discriminator, &nv.discriminator) else {
            if ov.discriminator.is_some() != nv.discriminator.is_some() && !ov.alternatives.is_empty() {
                let verb = if nv.discriminator.is_some() { "gained" } else { "lost" };
                let message = format!("{what} {verb} its `discriminator`");
                let at = nv.discriminator.clone().unwrap_or_else(|| nv.node.clone());
                // A response's bodies are the same, and the old crate decodes them as before; the
                // generated enum changes between untagged and tagged. Without a `mapping` the
                // variants keep their type names and gaining one only adds `Unknown`.
                let (kind, bump) = match (ctx.dir, &nv.discriminator) {
                    (Direction::Response, Some(d)) if d.get("mapping").is_none() => {
                        ("tagging-changed", Some(Bump::Minor))
                    }
                    (Direction::Response, _) => ("tagging-changed", None),
                    _ => ("discriminator-changed", None),
                };
                self.emit_schema(ctx, kind, Side::New, &at, message, item.to_owned(), bump);
            }
            return;
        };
        let (old_name, new_name) = (od.str("propertyName"), nd.str("propertyName"));
        if old_name != new_name {
            let message = format!(
                "`discriminator.propertyName` of {what} changed from `{}` to `{}`",
                old_name.unwrap_or("none"),
                new_name.unwrap_or("none")
            );
            self.emit_schema(ctx, "discriminator-changed", Side::New, nd, message, item.to_owned(), None);
        }
        let mapping = |d: &Node<'_>| -> Vec<(String, String)> {
            let map = d.value.get("mapping").and_then(Value::as_object);
            map.into_iter().flatten().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())).collect()
        };
        let (old_map, new_map) = (mapping(od), mapping(nd));
        // In a response, a tag the server no longer sends only leaves a variant unused; in a
        // request, the variant callers build is gone. A retargeted tag breaks both.
        let (mut retargeted, mut removed) = (Vec::new(), Vec::new());
        for (k, v) in &old_map {
            match new_map.iter().find(|(nk, _)| nk == k) {
                Some((_, nv)) if nv == v => {}
                Some(_) => retargeted.push(format!("`{k}`")),
                None if ctx.dir == Direction::Response => removed.push(format!("`{k}`")),
                None => retargeted.push(format!("`{k}`")),
            }
        }
        if !retargeted.is_empty() {
            let message = format!("`discriminator.mapping` of {what} removed or retargeted {}", retargeted.join(", "));
            self.emit_schema(ctx, "discriminator-changed", Side::New, nd, message, item.to_owned(), None);
        }
        if !removed.is_empty() {
            let message =
                format!("`discriminator.mapping` of {what} no longer has the tag values {}", removed.join(", "));
            self.emit_schema(ctx, "discriminator-mapping-removed", Side::New, nd, message, item.to_owned(), None);
        }
        let added: Vec<String> = new_map
            .iter()
            .filter(|(k, _)| !old_map.iter().any(|(ok, _)| ok == k))
            .map(|(k, _)| format!("`{k}`"))
            .collect();
        if !added.is_empty() {
            let message = format!("`discriminator.mapping` of {what} has new tag values {}", added.join(", "));
            self.emit_schema(ctx, "discriminator-mapping-added", Side::New, nd, message, item.to_owned(), None);
        }
        // A variant is named after its tag when it has one, else after its type: an alternative
        // that gains a second tag, or loses one of two, renames its variant.
        let (old_names, new_names) = (variant_names(self.old, ov, od), variant_names(self.new, nv, nd));
        let renamed: Vec<String> = old_names
            .iter()
            .filter_map(|(component, old)| {
                let new = &new_names.iter().find(|(c, _)| c == component)?.1;
                (new != old).then(|| format!("`{old}` → `{new}`"))
            })
            .collect();
        if !renamed.is_empty() {
            let message = format!("the tagged enum of {what} renames its variants {}", renamed.join(", "));
            let kind = if ctx.dir == Direction::Response { "tagging-changed" } else { "discriminator-changed" };
            self.emit_schema(ctx, kind, Side::New, nd, message, item.to_owned(), None);
        }
    }

    /// Reports a change of nullability: of a whole request body, response body or parameter
    /// at the root, of a property below it. The finding sits on the schema when the schema
    /// itself changed, else on the place that wraps it.
    fn compare_nullable(&mut self, ctx: &SchemaCtx, ov: &View<'_>, nv: &View<'_>, place: &Node<'_>) {
        if ov.nullable == nv.nullable {
            return;
        }
        if ctx.path.is_empty() {
            let id = match (ctx.dir, ctx.subject, nv.nullable) {
                (_, Subject::Parameter, true) => "request-parameter-became-nullable",
                (_, Subject::Parameter, false) => "request-parameter-became-not-nullable",
                (Direction::Response, _, true) => "response-body-became-nullable",
                (Direction::Response, _, false) => "response-body-became-not-nullable",
                (_, _, true) => "request-body-became-nullable",
                (_, _, false) => "request-body-became-not-nullable",
            };
            let verb = if nv.nullable { "now allows" } else { "no longer allows" };
            let message = format!("{} {verb} `null`", ctx.label);
            return self.emit(id, Side::New, place, message, ctx.field.clone(), None);
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
                if !old.is_empty() && !new.is_empty() && removed.len() == old.len() {
                    // No value survives (a 3.1 `const` changed): the open enum of the old crate
                    // has no variant for any value, and the new crate none of the old variants.
                    let message = format!("{what} allowed {} and now allows only {}", show_list(old), show_list(new));
                    self.emit_schema(ctx, "enum-values-replaced", Side::New, node, message, item.to_owned(), None);
                    return;
                }
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

    /// Reports a `pattern` added (ERR on the request side: it rejects values sent before) or changed.
    fn compare_pattern(&mut self, ctx: &SchemaCtx, ov: &View<'_>, nv: &View<'_>, item: &str, what: &str) {
        if ov.pattern == nv.pattern {
            return;
        }
        let kind = match (ctx.dir, ov.pattern, nv.pattern) {
            (Direction::Response, None, _) | (Direction::Request | Direction::Api, _, None) => return,
            (Direction::Request | Direction::Api, None, Some(_)) => "pattern-added",
            _ => "pattern-changed",
        };
        let message = format!(
            "pattern of {what} changed from `{}` to `{}`",
            ov.pattern.unwrap_or("none"),
            nv.pattern.unwrap_or("none")
        );
        self.emit_schema(ctx, kind, Side::New, &nv.node, message, item.to_owned(), None);
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
                let kind = match ctx.dir {
                    Direction::Response => self.added_response_alternative(ov, nv, &nv.alternatives[j]),
                    _ => "one-of-added",
                };
                let message = format!("{what} has a new alternative {}", describe(&new_named[j], j));
                self.emit_schema(ctx, kind, Side::New, &nv.alternatives[j], message, item.to_owned(), None);
            }
        }
        for (i, j) in pairs {
            let child = ctx.nested("", &format!("Variant{}", j + 1), new_type);
            self.compare_schema(&ov.alternatives[i], &nv.alternatives[j], &child);
        }
    }

    /// The kind of finding for `added`, an alternative the response union `nv` has and `ov`
    /// had not, after what the generated type of `ov` does with a body of its shape: a tagged
    /// enum (on both sides) decodes its tag into `Unknown`; typify's struct of flattened
    /// `Option`s for an `anyOf` whose alternatives can overlap decodes any object; an untagged
    /// enum fails, or picks another alternative.
    fn added_response_alternative(&self, ov: &View<'_>, nv: &View<'_>, added: &Node<'_>) -> &'static str {
        if tagged(self.old, ov) && tagged(self.new, nv) {
            return "tagged-alternative-added";
        }
        let views: Vec<View<'_>> = ov.alternatives.iter().filter_map(|a| View::build(self.old, a).ok()).collect();
        let flattened = !ov.one_of
            && views.len() == ov.alternatives.len()
            && overlapping(self.old, &views.iter().collect::<Vec<_>>()).is_some();
        let object = View::build(self.new, added).is_ok_and(|v| {
            v.alternatives.is_empty() && v.types.as_ref().is_some_and(|t| t.len() == 1 && t.contains("object"))
        });
        if flattened && object {
            "any-of-added"
        } else {
            "one-of-added"
        }
    }

    /// Compares a plain schema with a `oneOf`/`anyOf` (one side each). The side with
    /// alternatives is its own part (sibling `properties`, `required`, `type`, …) AND one
    /// alternative: each alternative merged with the own part is a branch. The plain schema is
    /// compared with the branch that breaks least (then: same component name, most shared
    /// property names), and the other alternatives are reported as added or removed.
    fn compare_with_alternatives(&mut self, ctx: &SchemaCtx, pair: &Pair<'_, '_>) {
        let Pair { old: ov, new: nv, item, what, new_type } = *pair;
        let old_is_plain = ov.alternatives.is_empty();
        let (plain, with, spec) = if old_is_plain { (ov, nv, self.new) } else { (nv, ov, self.old) };
        let branches: Vec<Option<View<'_>>> = with
            .alternatives
            .iter()
            .map(|a| {
                let alternative = View::build(spec, a).ok()?;
                if !with.has_own_part() {
                    return Some(alternative);
                }
                let component = with.component.clone().or_else(|| alternative.component.clone());
                let mut branch = with.with_alternative(alternative);
                branch.component = component;
                Some(branch)
            })
            .collect();
        let score = |view: &View<'_>| -> usize {
            let same_name = plain.component.is_some() && view.component == plain.component;
            let overlap = plain.props.keys().filter(|k| view.props.contains_key(*k)).count();
            usize::from(same_name) * 10_000 + overlap * 10 + usize::from(view.types == plain.types)
        };
        let child = ctx.nested("", "", new_type);
        let compare = |c: &mut Self, branch: &View<'_>| {
            if old_is_plain {
                c.compare_views(ov, branch, &child, &branch.node);
            } else {
                c.compare_views(branch, nv, &child, &nv.node);
            }
        };
        // Fewest ERR, then WARN, then findings; then the structural score; then document order.
        let mut ranked: Vec<(usize, (usize, usize, usize), usize)> = Vec::new();
        for (i, branch) in branches.iter().enumerate() {
            let Some(branch) = branch else { continue };
            let cost = if branches.len() <= MAX_TRIALS && self.trials < MAX_NESTED_TRIALS {
                self.trial(|c| compare(c, branch))
            } else {
                (0, 0, 0)
            };
            ranked.push((i, cost, score(branch)));
        }
        let best = ranked.iter().min_by_key(|(i, cost, score)| (*cost, usize::MAX - score, *i)).map(|(i, ..)| *i);
        let name = |index: usize| {
            let component = View::build(spec, &with.alternatives[index]).ok().and_then(|v| v.component);
            component.map_or_else(|| format!("#{}", index + 1), |c| format!("`{c}`"))
        };
        for (i, alternative) in with.alternatives.iter().enumerate().filter(|(i, _)| Some(*i) != best) {
            if old_is_plain {
                let message = format!("{what} became a `oneOf`/`anyOf` with the new alternative {}", name(i));
                // The generated type itself changes (a struct becomes an enum of alternatives).
                let bump = Some(Bump::Major);
                self.emit_schema(ctx, "one-of-added", Side::New, alternative, message, item.to_owned(), bump);
            } else {
                let message = format!("{what} is no longer a `oneOf`/`anyOf`; the alternative {} was removed", name(i));
                self.emit_schema(ctx, "one-of-removed", Side::Old, alternative, message, item.to_owned(), None);
            }
        }
        let body_root = ctx.dir == Direction::Request && ctx.subject == Subject::Property && ctx.path.is_empty();
        if old_is_plain && body_root && nv.one_of && nv.discriminator.is_none() {
            let views: Vec<&View<'_>> = branches.iter().flatten().collect();
            if let Some((a, b)) = overlapping(self.new, &views) {
                let message = format!(
                    "{what} is now a `oneOf` whose alternatives {} and {} overlap: a body valid before can match both and is then rejected",
                    name(a),
                    name(b)
                );
                self.emit("request-body-one-of-overlapping", Side::New, &nv.node, message, item.to_owned(), None);
            }
        }
        if let Some(branch) = best.and_then(|i| branches[i].as_ref()) {
            compare(self, branch);
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
        // The generator ignores `readOnly`/`writeOnly`: every property is a field in both
        // directions, so all are compared, and a change of the flags is a finding of its own.
        let old_props: Vec<String> = ov.props.keys().cloned().collect::<BTreeSet<_>>().into_iter().collect();
        let new_props: Vec<String> = nv.props.keys().cloned().collect::<BTreeSet<_>>().into_iter().collect();
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
                // A required response field is an argument of the struct's `new` (and the
                // struct loses `Default`), so adding one changes a public signature.
                let bump = (required && ctx.dir == Direction::Response).then_some(Bump::Major);
                self.emit_schema(&child, kind, Side::New, &nv.props[name], message, child.field.clone(), bump);
                continue;
            }
            let was_required = ov.required.contains(name);
            if was_required != required {
                let (kind, text) =
                    if required { ("became-required", "required") } else { ("became-optional", "optional") };
                let message = format!("{} became {text}", child.describe());
                self.emit_schema(&child, kind, Side::New, &nv.props[name], message, child.field.clone(), None);
            }
            self.compare_access(&child, (&ov.props[name], &nv.props[name]), required);
            self.compare_schema(&ov.props[name], &nv.props[name], &child);
        }
    }

    /// Reports a property that became, or is no longer, `readOnly` in a request or
    /// `writeOnly` in a response; `required` is whether the new schema requires it.
    fn compare_access(&mut self, child: &SchemaCtx, (old, new): (&Node<'_>, &Node<'_>), required: bool) {
        let keyword = match child.dir {
            Direction::Request => "readOnly",
            Direction::Response => "writeOnly",
            Direction::Api => return,
        };
        let flag = |side: Side, node: &Node<'_>| self.spec(side).deref(node).is_ok_and(|n| n.flag(keyword));
        let (was, is) = (flag(Side::Old, old), flag(Side::New, new));
        if was == is {
            return;
        }
        let id = match (child.dir, is, required) {
            (Direction::Request, true, _) => "request-property-became-read-only",
            (Direction::Request, false, _) => "request-property-no-longer-read-only",
            (_, true, true) => "response-property-became-write-only",
            (_, true, false) => "response-optional-property-became-write-only",
            (_, false, _) => "response-property-no-longer-write-only",
        };
        let verb = if is { "became" } else { "is no longer" };
        let message = format!("{} {verb} `{keyword}` (the generated field stays)", child.describe());
        self.emit(id, Side::New, new, message, child.field.clone(), None);
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
        let free_form = |a: &Additional<'_>| match a {
            Additional::Schema(n) => {
                n.value.as_object().is_some_and(|m| m.keys().all(|k| k.starts_with("x-") || k == "description"))
            }
            Additional::Allowed(allowed) => *allowed,
            Additional::Absent => true,
        };
        match (&ov.additional, &nv.additional) {
            (Additional::Schema(old), new)
                if ctx.dir == Direction::Response && !free_form(&ov.additional) && free_form(new) =>
            {
                let message = format!("{what} now allows additional properties of any type (was typed)");
                let _ = old;
                self.emit_schema(
                    ctx,
                    "additional-properties-widened",
                    Side::New,
                    &nv.node,
                    message,
                    item.to_owned(),
                    None,
                );
            }
            (Additional::Schema(old), Additional::Schema(new)) => {
                let child = ctx.nested(".*", "Value", new_type);
                self.compare_schema(old, new, &child);
            }
            _ => {}
        }
    }
}
