//! The effective view of a schema for comparison: `$ref`s followed, trivial wrappers
//! (`allOf: [X]`, `anyOf: [X, null]`) unwrapped, `allOf` members merged, nullability and
//! type sets normalized across OpenAPI 3.0 and 3.1.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use serde_json::Value;

use crate::spec::Spec;
use helpdesk_spec::resolve::{component_name, Node, Unresolved};

/// How deep `allOf` members are merged (a guard against cyclic compositions).
const MAX_DEPTH: usize = 16;

/// Keywords that only annotate a schema; a composition with nothing else is a wrapper.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "nullable",
    "example",
    "examples",
    "readOnly",
    "writeOnly",
    "deprecated",
    "default",
    "externalDocs",
    "xml",
    "$comment",
];

/// A numeric bound (`maximum`/`minimum` with exclusiveness).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Bound {
    /// The limit.
    pub value: f64,
    /// Whether the limit itself is excluded.
    pub exclusive: bool,
}

/// What `additionalProperties` says.
#[derive(Debug, Clone)]
pub(crate) enum Additional<'a> {
    /// Not stated (allowed by JSON Schema, not modelled by the generator).
    Absent,
    /// `true` or `false`.
    Allowed(bool),
    /// A schema for the values of extra properties.
    Schema(Node<'a>),
}

impl Additional<'_> {
    /// Whether extra properties are accepted.
    pub fn allows(&self) -> bool {
        !matches!(self, Additional::Allowed(false))
    }
}

/// The effective view of one schema.
#[derive(Debug, Clone)]
pub(crate) struct View<'a> {
    /// The schema node after following references and unwrapping wrappers.
    pub node: Node<'a>,
    /// The component schema name when the schema is a named component.
    pub component: Option<String>,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// The allowed JSON types (without `null`); `None` means any.
    pub types: Option<BTreeSet<String>>,
    /// The `format`.
    pub format: Option<&'a str>,
    /// The allowed values (without `null`), when the schema is an enum.
    pub enum_values: Option<Vec<&'a Value>>,
    /// `maxLength`.
    pub max_length: Option<f64>,
    /// `minLength`.
    pub min_length: Option<f64>,
    /// `maximum` / `exclusiveMaximum`.
    pub maximum: Option<Bound>,
    /// `minimum` / `exclusiveMinimum`.
    pub minimum: Option<Bound>,
    /// `maxItems`.
    pub max_items: Option<f64>,
    /// `minItems`.
    pub min_items: Option<f64>,
    /// `pattern`.
    pub pattern: Option<&'a str>,
    /// `default`.
    pub default: Option<&'a Value>,
    /// The properties (own and merged from `allOf`), not yet dereferenced.
    pub props: IndexMap<String, Node<'a>>,
    /// For properties merged from an `allOf` member that is a named component: that component.
    pub prop_owners: IndexMap<String, String>,
    /// The required property names.
    pub required: BTreeSet<String>,
    /// `additionalProperties`.
    pub additional: Additional<'a>,
    /// `items` of an array.
    pub items: Option<Node<'a>>,
    /// The `oneOf`/`anyOf` alternatives, without `null` alternatives.
    pub alternatives: Vec<Node<'a>>,
    /// Whether the alternatives come from `oneOf` (exactly one must match) rather than `anyOf`.
    pub one_of: bool,
    /// The `discriminator` object, if any.
    pub discriminator: Option<Node<'a>>,
    /// The alternative merged into this view by [`View::with_alternative`] (its pointer), if any.
    pub branch: Option<String>,
    /// References inside `allOf` that could not be followed.
    pub unresolved: Vec<Unresolved>,
}

impl<'a> View<'a> {
    /// Builds the effective view of the schema at `node`.
    pub fn build(spec: &'a Spec, node: &Node<'a>) -> Result<View<'a>, Unresolved> {
        build(spec, node, 0)
    }

    /// This view's own part (`properties`, `required`, `type`, … beside the `oneOf`/`anyOf`)
    /// merged with one of its alternatives: what a value matching that alternative must satisfy.
    pub fn with_alternative(&self, alternative: View<'a>) -> View<'a> {
        let mut branch = self.clone();
        branch.alternatives.clear();
        branch.one_of = false;
        branch.branch = Some(alternative.node.ptr.clone());
        let mut types = branch.types.take();
        merge(&mut branch, &mut types, alternative);
        branch.types = types.or_else(|| inferred_types(&branch));
        branch
    }

    /// Whether the schema constrains values beside its alternatives (sibling `properties`,
    /// `required`, `type`, `enum`, `additionalProperties` or `items`).
    pub fn has_own_part(&self) -> bool {
        self.types.is_some()
            || !self.props.is_empty()
            || !self.required.is_empty()
            || self.enum_values.is_some()
            || !matches!(self.additional, Additional::Absent)
            || self.items.is_some()
    }

    /// The types as a short text such as `string`, `integer|string` or `any`.
    pub fn type_text(&self) -> String {
        match &self.types {
            None => "any".to_owned(),
            Some(set) => set.iter().cloned().collect::<Vec<_>>().join("|"),
        }
    }
}

fn build<'a>(spec: &'a Spec, node: &Node<'a>, depth: usize) -> Result<View<'a>, Unresolved> {
    let mut node = spec.deref(node)?;
    let mut component = schema_component(&node);
    let mut nullable = false;
    // Unwrap wrappers such as `allOf: [$ref]` + `nullable`, or `anyOf: [$ref, {type: null}]`.
    for _ in 0..MAX_DEPTH {
        let Some(inner) = wrapped(&node) else { break };
        nullable |= node.flag("nullable") || inner.1;
        node = spec.deref(&inner.0)?;
        if component.is_none() {
            component = schema_component(&node);
        }
    }
    let value = node.value;
    let mut view = View {
        node: node.clone(),
        component,
        nullable: nullable || node.flag("nullable"),
        types: None,
        format: value.get("format").and_then(Value::as_str),
        enum_values: None,
        max_length: number(value, "maxLength"),
        min_length: number(value, "minLength"),
        maximum: bound(value, "maximum", "exclusiveMaximum", true),
        minimum: bound(value, "minimum", "exclusiveMinimum", false),
        max_items: number(value, "maxItems"),
        min_items: number(value, "minItems"),
        pattern: value.get("pattern").and_then(Value::as_str),
        default: value.get("default"),
        props: IndexMap::new(),
        prop_owners: IndexMap::new(),
        required: BTreeSet::new(),
        additional: Additional::Absent,
        items: node.get("items"),
        alternatives: Vec::new(),
        one_of: false,
        discriminator: node.get("discriminator"),
        branch: None,
        unresolved: Vec::new(),
    };
    let mut declared_types = declared_types(value, &mut view.nullable);
    if let Some(values) = value.get("enum").and_then(Value::as_array) {
        view.nullable |= values.iter().any(Value::is_null);
        view.enum_values = Some(values.iter().filter(|v| !v.is_null()).collect());
    }
    // 3.1 `const: x` is `enum: [x]`.
    if let Some(constant) = value.get("const") {
        view.nullable |= constant.is_null();
        if !constant.is_null() {
            view.enum_values = Some(vec![constant]);
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(list) = node.get(key) {
            view.one_of |= key == "oneOf";
            for alternative in list.items() {
                if is_null_schema(spec, &alternative) {
                    view.nullable = true;
                } else {
                    view.alternatives.push(alternative);
                }
            }
        }
    }
    // `oneOf`/`anyOf` of single values (`const: x` or `enum: [x]`) is the enum of those values.
    if view.enum_values.is_none() && !view.alternatives.is_empty() {
        if let Some((values, types)) = single_values(spec, &view.alternatives) {
            view.enum_values = Some(values);
            if declared_types.is_none() {
                declared_types = types;
            }
            view.alternatives.clear();
        }
    }
    // Merge allOf members first, so that the schema's own keywords win.
    if let Some(members) = node.get("allOf") {
        for member in members.items() {
            if depth >= MAX_DEPTH {
                break;
            }
            match build(spec, &member, depth + 1) {
                Ok(m) => merge(&mut view, &mut declared_types, m),
                Err(u) => view.unresolved.push(u),
            }
        }
    }
    if let Some(props) = node.get("properties") {
        for (name, prop) in props.entries() {
            view.prop_owners.shift_remove(name);
            view.props.insert(name.to_owned(), prop);
        }
    }
    if let Some(required) = value.get("required").and_then(Value::as_array) {
        view.required.extend(required.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    match node.get("additionalProperties") {
        Some(n) if n.value.is_boolean() => view.additional = Additional::Allowed(n.flag_value()),
        Some(n) if n.value.is_object() => view.additional = Additional::Schema(n),
        // 3.1 `patternProperties` with one pattern types the extra properties like `additionalProperties`.
        _ => match node.get("patternProperties").map(|p| p.entries()) {
            Some(patterns) if patterns.len() == 1 => view.additional = Additional::Schema(patterns[0].1.clone()),
            Some(patterns) if !patterns.is_empty() => view.additional = Additional::Allowed(true),
            _ => {}
        },
    }
    view.types = declared_types.or_else(|| inferred_types(&view));
    drop_vacuous(&mut view);
    Ok(view)
}

/// The most memory a `pattern` may take when compiled to test the values of an `enum`.
const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// Drops the constraints that allow every value anyway, so that adding, changing or removing
/// them is no change: `pattern: ''`, `minLength: 0` and `minItems: 0`, and on an `enum` (or
/// `const`) the length bounds and the `pattern` that every value satisfies (a value that is
/// not a string satisfies them by definition). A pattern the `regex` crate cannot compile
/// (lookaround, Java classes such as `\P{InBasicLatin}`) is kept.
fn drop_vacuous(view: &mut View<'_>) {
    if view.pattern == Some("") {
        view.pattern = None;
    }
    if view.min_length == Some(0.0) {
        view.min_length = None;
    }
    if view.min_items == Some(0.0) {
        view.min_items = None;
    }
    let Some(values) = &view.enum_values else { return };
    let strings: Vec<&str> = values.iter().filter_map(|v| v.as_str()).collect();
    let length = |s: &&str| s.chars().count() as f64;
    if view.max_length.is_some_and(|max| strings.iter().all(|s| length(s) <= max)) {
        view.max_length = None;
    }
    if view.min_length.is_some_and(|min| strings.iter().all(|s| length(s) >= min)) {
        view.min_length = None;
    }
    if let Some(pattern) = view.pattern {
        let compiled = regex::RegexBuilder::new(pattern).size_limit(PATTERN_SIZE_LIMIT).build();
        if compiled.is_ok_and(|re| strings.iter().all(|s| re.is_match(s))) {
            view.pattern = None;
        }
    }
}

/// Merges an `allOf` member into the view: keywords the view lacks, properties and `required`.
fn merge<'a>(view: &mut View<'a>, types: &mut Option<BTreeSet<String>>, member: View<'a>) {
    if types.is_none() {
        *types = member.types;
    }
    view.format = view.format.or(member.format);
    if view.enum_values.is_none() {
        view.enum_values = member.enum_values;
    }
    view.max_length = view.max_length.or(member.max_length);
    view.min_length = view.min_length.or(member.min_length);
    view.maximum = view.maximum.or(member.maximum);
    view.minimum = view.minimum.or(member.minimum);
    view.max_items = view.max_items.or(member.max_items);
    view.min_items = view.min_items.or(member.min_items);
    view.pattern = view.pattern.or(member.pattern);
    view.default = view.default.or(member.default);
    view.nullable |= member.nullable;
    if let Some(component) = &member.component {
        for name in member.props.keys() {
            view.prop_owners.insert(name.clone(), component.clone());
        }
    }
    view.prop_owners.extend(member.prop_owners);
    view.props.extend(member.props);
    view.required.extend(member.required);
    if matches!(view.additional, Additional::Absent) {
        view.additional = member.additional;
    }
    if view.items.is_none() {
        view.items = member.items;
    }
    view.one_of |= member.one_of;
    view.alternatives.extend(member.alternatives);
    if view.discriminator.is_none() {
        view.discriminator = member.discriminator;
    }
    view.unresolved.extend(member.unresolved);
}

/// The values of alternatives that each allow a single value (`const: x`, or `enum: [x]`),
/// with their declared types; `None` when an alternative is anything else.
fn single_values<'a>(spec: &'a Spec, alternatives: &[Node<'a>]) -> Option<(Vec<&'a Value>, Option<BTreeSet<String>>)> {
    let mut values = Vec::new();
    let mut types: Option<BTreeSet<String>> = Some(BTreeSet::new());
    for alternative in alternatives {
        let node = spec.deref(alternative).ok()?;
        let map = node.object()?;
        let allowed = |k: &String| {
            k == "const" || k == "enum" || k == "type" || k.starts_with("x-") || ANNOTATIONS.contains(&k.as_str())
        };
        if !map.keys().all(allowed) {
            return None;
        }
        let value = match (map.get("const"), map.get("enum").and_then(Value::as_array)) {
            (Some(v), None) => v,
            (None, Some(list)) if list.len() == 1 => &list[0],
            _ => return None,
        };
        if !value.is_null() && !values.contains(&value) {
            values.push(value);
        }
        let mut ignored = false;
        match (declared_types(node.value, &mut ignored), types.as_mut()) {
            (Some(declared), Some(all)) => all.extend(declared),
            _ => types = None,
        }
    }
    Some((values, types.filter(|t| !t.is_empty())))
}

/// The component schema name when `node` is `#/components/schemas/<name>`.
fn schema_component(node: &Node<'_>) -> Option<String> {
    component_name(&node.ptr, "schemas")
}

/// If `node` only wraps one schema (`allOf: [X]`, `oneOf: [X]`, `anyOf: [X, null]`),
/// returns that schema and whether the wrapper adds `null`.
fn wrapped<'a>(node: &Node<'a>) -> Option<(Node<'a>, bool)> {
    let map = node.object()?;
    if map.keys().any(|k| {
        !k.starts_with("x-") && !ANNOTATIONS.contains(&k.as_str()) && !["allOf", "oneOf", "anyOf"].contains(&k.as_str())
    }) {
        return None;
    }
    let compositions: Vec<_> = ["allOf", "oneOf", "anyOf"].iter().filter(|k| map.contains_key(**k)).collect();
    let [key] = compositions.as_slice() else { return None };
    let list = node.get(key)?;
    let items = list.items();
    let non_null: Vec<_> = items.iter().filter(|n| !is_plain_null(n.value)).cloned().collect();
    match non_null.as_slice() {
        [only] => Some((only.clone(), non_null.len() != items.len())),
        _ => None,
    }
}

/// Whether a schema only allows `null` (without following references).
fn is_plain_null(value: &Value) -> bool {
    match value.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.len() == 1 && ts[0] == "null",
        _ => {
            value.get("enum").and_then(Value::as_array).is_some_and(|v| v.len() == 1 && v[0].is_null())
                || value.get("const").is_some_and(Value::is_null)
        }
    }
}

/// Whether a schema (following references) only allows `null`.
fn is_null_schema(spec: &Spec, node: &Node<'_>) -> bool {
    spec.deref(node).is_ok_and(|n| is_plain_null(n.value))
}

/// The types stated by `type` (string or array), without `null`; `null` sets `nullable`.
fn declared_types(value: &Value, nullable: &mut bool) -> Option<BTreeSet<String>> {
    match value.get("type")? {
        Value::String(t) if t == "null" => {
            *nullable = true;
            None
        }
        Value::String(t) => Some(BTreeSet::from([t.clone()])),
        Value::Array(ts) => {
            let mut set = BTreeSet::new();
            for t in ts.iter().filter_map(Value::as_str) {
                if t == "null" {
                    *nullable = true;
                } else {
                    set.insert(t.to_owned());
                }
            }
            (!set.is_empty()).then_some(set)
        }
        _ => None,
    }
}

/// The types implied by other keywords when `type` is absent.
fn inferred_types(view: &View<'_>) -> Option<BTreeSet<String>> {
    if !view.alternatives.is_empty() {
        return None;
    }
    if !view.props.is_empty() || !matches!(view.additional, Additional::Absent) {
        return Some(BTreeSet::from(["object".to_owned()]));
    }
    if view.items.is_some() {
        return Some(BTreeSet::from(["array".to_owned()]));
    }
    let values = view.enum_values.as_ref()?;
    let set: BTreeSet<String> = values
        .iter()
        .map(|v| match v {
            Value::String(_) => "string",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_f64() => "number",
            Value::Number(_) => "integer",
            Value::Array(_) => "array",
            _ => "object",
        })
        .map(str::to_owned)
        .collect();
    (!set.is_empty()).then_some(set)
}

fn number(value: &Value, key: &str) -> Option<f64> {
    value.get(key)?.as_f64()
}

/// Reads `maximum`/`minimum` with 3.0 boolean or 3.1 numeric exclusiveness; keeps the tighter.
fn bound(value: &Value, key: &str, exclusive_key: &str, upper: bool) -> Option<Bound> {
    let inclusive = number(value, key);
    let exclusive = value.get(exclusive_key);
    let mut result =
        inclusive.map(|v| Bound { value: v, exclusive: exclusive.and_then(Value::as_bool).unwrap_or(false) });
    if let Some(limit) = exclusive.and_then(Value::as_f64) {
        let candidate = Bound { value: limit, exclusive: true };
        result = Some(match result {
            Some(r) if tighter(Some(r), Some(candidate), upper) => r,
            _ => candidate,
        });
    }
    result
}

/// Whether bound `a` is strictly tighter than bound `b` (an upper bound when `upper`).
pub(crate) fn tighter(a: Option<Bound>, b: Option<Bound>, upper: bool) -> bool {
    match (a, b) {
        (Some(_), None) => true,
        (None, _) => false,
        (Some(a), Some(b)) => {
            if a.value == b.value {
                a.exclusive && !b.exclusive
            } else if upper {
                a.value < b.value
            } else {
                a.value > b.value
            }
        }
    }
}

/// Whether a schema with types `outer` accepts every value of types `inner` (`None` = any).
pub(crate) fn accepts(outer: &Option<BTreeSet<String>>, inner: &Option<BTreeSet<String>>) -> bool {
    match (outer, inner) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(outer), Some(inner)) => {
            inner.iter().all(|t| outer.contains(t) || (t == "integer" && outer.contains("number")))
        }
    }
}

trait FlagValue {
    fn flag_value(&self) -> bool;
}

impl FlagValue for Node<'_> {
    fn flag_value(&self) -> bool {
        self.value.as_bool().unwrap_or(true)
    }
}
