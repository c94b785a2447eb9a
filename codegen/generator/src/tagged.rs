//! Unions whose alternatives one property tells apart: a `oneOf`/`anyOf` of component
//! `$ref`s with a `discriminator`, or one whose alternatives all require one property and
//! pin it to values of their own (`enum`/`const`). Such a union is generated as an enum that
//! decodes by that property's value (see `generate::types::tagged_unions`), not as typify's
//! untagged enum, where the first alternative that accepts an object takes every object.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

/// How deep `$ref`s and `allOf` members are followed to find a property's values.
const MAX_DEPTH: usize = 8;

/// A union that decodes by the value of one property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaggedUnion {
    /// The property whose value names the alternative (`discriminator.propertyName`).
    pub property: String,
    /// The alternatives, in the order of the union, each once.
    pub variants: Vec<TaggedVariant>,
    /// The converted description of the union (sanitized, with the source pointer).
    pub description: String,
}

/// One alternative of a [`TaggedUnion`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaggedVariant {
    /// The definition (and so the type) of the alternative.
    pub definition: String,
    /// The values of the property that select it (at least one), in the order found.
    pub tags: Vec<String>,
}

/// What [`detect`] finds in a union as written: the tag property and its alternatives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    /// The property whose value names the alternative.
    pub property: String,
    /// Each alternative, in the order of the union: (component name, tag values).
    pub alternatives: Vec<(String, Vec<String>)>,
}

/// The order in which an untagged union's alternatives are tried ([`specificity_order`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Specificity {
    /// Indexes into the union's alternatives, most specific first.
    pub order: Vec<usize>,
    /// Pairs of components (in `order`) that no value tells apart.
    pub ties: Vec<(String, String)>,
}

/// The tag property of the union `raw` (a schema as written, not null) and, for each of its
/// alternatives, the component it refers to and the tag values that select it; `None` when
/// `raw` is not a union of component `$ref`s that one property tells apart.
///
/// The values of an alternative are, in this order: the `discriminator.mapping` entries that
/// name it; else the values its schema pins the property to (`enum`, `const`, through `$ref`s
/// and `allOf` members); else, with a `discriminator`, the component's name (the implicit
/// mapping of the OpenAPI specification). A value several alternatives pin goes to the one
/// that pins the fewest values (Zoho's generic `threadKeys` lists every channel, each
/// channel's own schema one): a value two such alternatives share, or an alternative left
/// without a value, makes the union untagged.
pub fn detect(raw: &Value, components: &Map<String, Value>) -> Option<Detected> {
    let object = raw.as_object()?;
    if object.contains_key("properties") || object.contains_key("allOf") {
        return None;
    }
    let members = ["oneOf", "anyOf"].iter().find_map(|key| object.get(*key)?.as_array())?;
    let alternatives: Vec<String> = members.iter().map(component_ref).collect::<Option<_>>()?;
    if alternatives.is_empty() {
        return None;
    }
    let discriminator = object.get("discriminator").and_then(Value::as_object);
    let property = match discriminator.and_then(|d| d.get("propertyName")).and_then(Value::as_str) {
        Some(property) => property.to_owned(),
        None => common_pinned_property(&alternatives, components)?,
    };
    // Explicit mapping first: value → component.
    let mut tags: Vec<Vec<String>> = vec![Vec::new(); alternatives.len()];
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mapping = discriminator.and_then(|d| d.get("mapping")).and_then(Value::as_object);
    for (value, target) in mapping.into_iter().flatten() {
        let Some(target) = target.as_str() else { continue };
        let name = target.rsplit_once("#/components/schemas/").map_or(target, |(_, name)| name);
        if let Some(index) = alternatives.iter().position(|a| a == name) {
            tags[index].push(value.clone());
            taken.insert(value.clone());
        }
    }
    // The other alternatives: the values they pin (or, with a discriminator, their name).
    let candidates: Vec<Option<Vec<String>>> = alternatives
        .iter()
        .enumerate()
        .map(|(index, name)| {
            if !tags[index].is_empty() {
                return None;
            }
            let pinned = components.get(name).and_then(|schema| pinned_values(schema, &property, components, 0));
            match (pinned, discriminator) {
                (Some(values), _) if !values.is_empty() => Some(values),
                (_, Some(_)) => Some(vec![name.clone()]),
                (_, None) => Some(Vec::new()),
            }
        })
        .collect();
    for (index, values) in candidates.iter().enumerate() {
        let Some(values) = values else { continue };
        for value in values {
            if taken.contains(value) {
                continue;
            }
            // The alternatives that pin `value`, and the fewest values one of them pins.
            let pinning: Vec<(usize, usize)> = candidates
                .iter()
                .enumerate()
                .filter_map(|(i, c)| c.as_ref().filter(|c| c.contains(value)).map(|c| (i, c.len())))
                .collect();
            let fewest = pinning.iter().map(|(_, n)| *n).min().unwrap_or(0);
            let narrowest: Vec<usize> = pinning.iter().filter(|(_, n)| *n == fewest).map(|(i, _)| *i).collect();
            match narrowest.as_slice() {
                [only] if *only == index => tags[index].push(value.clone()),
                [_] => {}
                _ => return None,
            }
        }
        for value in &tags[index] {
            taken.insert(value.clone());
        }
    }
    if tags.iter().any(Vec::is_empty) {
        return None;
    }
    Some(Detected { property, alternatives: alternatives.into_iter().zip(tags).collect() })
}

/// For a union of component `$ref`s that no property tells apart: the order in which its
/// alternatives are tried when decoding (the ones that require more properties, `null`-able
/// ones aside, first; otherwise as written), and the pairs of alternatives that require the
/// same properties, which no decoder can tell apart by what is present (the first of the
/// pair wins). `None` when some alternative is not an object component.
///
/// An alternative whose required properties are a subset of another's accepts every value
/// of the other (generated structs ignore unknown fields), so it must come after it.
pub fn specificity_order(raw: &Value, components: &Map<String, Value>) -> Option<Specificity> {
    let object = raw.as_object()?;
    let members = ["oneOf", "anyOf"].iter().find_map(|key| object.get(*key)?.as_array())?;
    let alternatives: Vec<String> = members.iter().map(component_ref).collect::<Option<_>>()?;
    let required: Vec<BTreeSet<String>> = alternatives
        .iter()
        .map(|name| {
            let schema = components.get(name)?;
            let is_object = schema.get("properties").is_some() || schema.get("allOf").is_some();
            is_object.then(|| required_not_null(schema, components))
        })
        .collect::<Option<_>>()?;
    let mut order: Vec<usize> = (0..alternatives.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(required[*i].len()));
    let mut ties = Vec::new();
    for (a, i) in order.iter().enumerate() {
        for j in &order[a + 1..] {
            if required[*i] == required[*j]
                && alternatives[*i] != alternatives[*j]
                && !enums_differ(&alternatives[*i], &alternatives[*j], components)
            {
                ties.push((alternatives[*i].clone(), alternatives[*j].clone()));
            }
        }
    }
    Some(Specificity { order, ties })
}

/// Whether two components give a common property disjoint sets of values (Intercom's search
/// filters: `operator` is `AND`/`OR` in one and `=`, `!=`, … in the other), which the enums
/// of their generated types tell apart.
fn enums_differ(a: &str, b: &str, components: &Map<String, Value>) -> bool {
    let (Some(a), Some(b)) = (components.get(a), components.get(b)) else { return false };
    property_names(a, components, 0).intersection(&property_names(b, components, 0)).any(|property| {
        match (pinned_values(a, property, components, 0), pinned_values(b, property, components, 0)) {
            (Some(x), Some(y)) => !x.is_empty() && !y.is_empty() && x.iter().all(|v| !y.contains(v)),
            _ => false,
        }
    })
}

/// The properties a schema requires whose schema does not allow `null` (a required property
/// that allows it is an `Option`, which decodes a missing property as `None`).
fn required_not_null(schema: &Value, components: &Map<String, Value>) -> BTreeSet<String> {
    property_names(schema, components, 0)
        .into_iter()
        .filter(|property| requires(schema, property, components, 0))
        .filter(|property| !property_allows_null(schema, property, components, 0))
        .collect()
}

/// Whether the schema of `property` (in a schema or its `allOf` members) allows `null`.
fn property_allows_null(schema: &Value, property: &str, components: &Map<String, Value>, depth: usize) -> bool {
    let schema = resolved(schema, components);
    if let Some(own) = schema.get("properties").and_then(|p| p.get(property)) {
        let own = resolved(own, components);
        let null = |s: &Value| match s.get("type") {
            Some(Value::String(t)) => t == "null",
            Some(Value::Array(types)) => types.iter().any(|t| t == "null"),
            _ => false,
        };
        return null(own)
            || own.get("nullable") == Some(&Value::Bool(true))
            || ["anyOf", "oneOf"]
                .iter()
                .any(|k| own.get(*k).and_then(Value::as_array).is_some_and(|m| m.iter().any(null)));
    }
    depth < MAX_DEPTH && members(schema, components).any(|m| property_allows_null(m, property, components, depth + 1))
}

/// The component a union member refers to (`$ref: #/components/schemas/X`, possibly with
/// annotations beside it).
fn component_ref(member: &Value) -> Option<String> {
    let reference = member.get("$ref")?.as_str()?;
    Some(reference.strip_prefix("#/components/schemas/")?.to_owned())
}

/// The one property every alternative requires and pins to string values (the first by
/// name when several do).
fn common_pinned_property(alternatives: &[String], components: &Map<String, Value>) -> Option<String> {
    let first = components.get(alternatives.first()?)?;
    let mut names: Vec<String> = property_names(first, components, 0).into_iter().collect();
    names.sort();
    names.into_iter().find(|property| {
        alternatives.iter().all(|name| {
            components.get(name).is_some_and(|schema| {
                requires(schema, property, components, 0)
                    && pinned_values(schema, property, components, 0).is_some_and(|v| !v.is_empty())
            })
        })
    })
}

/// The component a schema `$ref` names, as written.
fn resolved<'a>(schema: &'a Value, components: &'a Map<String, Value>) -> &'a Value {
    let mut schema = schema;
    for _ in 0..MAX_DEPTH {
        match component_ref(schema).and_then(|name| components.get(&name)) {
            Some(target) => schema = target,
            None => break,
        }
    }
    schema
}

/// The `allOf` members of a schema, resolved.
fn members<'a>(schema: &'a Value, components: &'a Map<String, Value>) -> impl Iterator<Item = &'a Value> {
    schema.get("allOf").and_then(Value::as_array).into_iter().flatten().map(|m| resolved(m, components))
}

/// The properties a schema declares (with those of its `allOf` members).
fn property_names(schema: &Value, components: &Map<String, Value>, depth: usize) -> BTreeSet<String> {
    let schema = resolved(schema, components);
    let mut names: BTreeSet<String> =
        schema.get("properties").and_then(Value::as_object).into_iter().flatten().map(|(k, _)| k.clone()).collect();
    if depth < MAX_DEPTH {
        for member in members(schema, components) {
            names.extend(property_names(member, components, depth + 1));
        }
    }
    names
}

/// Whether a schema (or one of its `allOf` members) requires `property`.
fn requires(schema: &Value, property: &str, components: &Map<String, Value>, depth: usize) -> bool {
    let schema = resolved(schema, components);
    let own = schema.get("required").and_then(Value::as_array).is_some_and(|r| r.iter().any(|p| p == property));
    own || (depth < MAX_DEPTH && members(schema, components).any(|m| requires(m, property, components, depth + 1)))
}

/// The string values a schema pins `property` to (`enum` without `null`, or `const`), from
/// its own `properties` or else its `allOf` members; `None` when it does not pin it.
fn pinned_values(schema: &Value, property: &str, components: &Map<String, Value>, depth: usize) -> Option<Vec<String>> {
    let schema = resolved(schema, components);
    if let Some(own) = schema.get("properties").and_then(|p| p.get(property)) {
        if let Some(values) = values_of(resolved(own, components), components) {
            return Some(values);
        }
    }
    if depth >= MAX_DEPTH {
        return None;
    }
    members(schema, components).find_map(|m| pinned_values(m, property, components, depth + 1))
}

/// The string values a property schema allows, when it lists them.
fn values_of(schema: &Value, components: &Map<String, Value>) -> Option<Vec<String>> {
    if let Some(value) = schema.get("const") {
        return value.as_str().map(|v| vec![v.to_owned()]);
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let strings: Vec<String> = values.iter().filter_map(Value::as_str).map(str::to_owned).collect();
        let others = values.iter().any(|v| !v.is_string() && !v.is_null());
        return (!others).then_some(strings);
    }
    // `allOf: [$ref: Enum]` around a named enum.
    members(schema, components).find_map(|m| values_of(m, components))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn components() -> Map<String, Value> {
        json!({
            "generic": {"type": "object", "required": ["channel"], "properties": {"channel": {"type": "string", "enum": ["EMAIL", "FACEBOOK", "PHONE", "WEB"]}}},
            "email": {"type": "object", "required": ["channel"], "properties": {"channel": {"type": ["string", "null"], "enum": ["EMAIL", null]}}},
            "facebook": {"allOf": [{"$ref": "#/components/schemas/base"}, {"properties": {"channel": {"const": "FACEBOOK"}}}]},
            "base": {"type": "object", "required": ["channel"], "properties": {"channel": {"type": "string"}}},
            "free": {"type": "object", "properties": {"channel": {"type": "string"}}}
        })
        .as_object()
        .cloned()
        .unwrap()
    }

    fn union(names: &[&str], extra: Value) -> Value {
        let mut union = json!({"oneOf": names.iter().map(|n| json!({"$ref": format!("#/components/schemas/{n}")})).collect::<Vec<_>>()});
        union.as_object_mut().unwrap().extend(extra.as_object().cloned().unwrap_or_default());
        union
    }

    #[test]
    fn pinned_values_select_the_narrowest_alternative() {
        let Detected { property, alternatives: variants } =
            detect(&union(&["generic", "email", "facebook"], json!({})), &components()).unwrap();
        assert_eq!(property, "channel");
        assert_eq!(
            variants,
            [
                ("generic".to_owned(), vec!["PHONE".to_owned(), "WEB".to_owned()]),
                ("email".to_owned(), vec!["EMAIL".to_owned()]),
                ("facebook".to_owned(), vec!["FACEBOOK".to_owned()]),
            ]
        );
    }

    #[test]
    fn an_explicit_mapping_wins_and_unmapped_alternatives_take_their_name() {
        let discriminator = json!({"discriminator": {"propertyName": "kind", "mapping": {"e": "#/components/schemas/email", "m": "email"}}});
        let Detected { property, alternatives: variants } =
            detect(&union(&["email", "free"], discriminator), &components()).unwrap();
        assert_eq!(property, "kind");
        assert_eq!(
            variants,
            [("email".to_owned(), vec!["e".to_owned(), "m".to_owned()]), ("free".to_owned(), vec!["free".to_owned()])]
        );
    }

    #[test]
    fn untagged_alternatives_that_require_more_come_first_and_equals_are_ties() {
        let components = json!({
            "loose": {"type": "object", "properties": {"a": {"type": "string"}}},
            "strict": {"type": "object", "required": ["a", "b"], "properties": {"a": {"type": "string"}, "b": {"type": "string"}}},
            "nullable": {"type": "object", "required": ["a"], "properties": {"a": {"type": ["string", "null"]}}}
        });
        let components = components.as_object().unwrap();
        let Specificity { order, ties } =
            specificity_order(&union(&["loose", "strict", "nullable"], json!({})), components).unwrap();
        assert_eq!(order, [1, 0, 2]);
        assert_eq!(ties, [("loose".to_owned(), "nullable".to_owned())]);
        // A common property with disjoint enums tells two alternatives apart.
        let distinct = json!({
            "many": {"type": "object", "properties": {"operator": {"type": "string", "enum": ["AND", "OR"]}}},
            "one": {"type": "object", "properties": {"operator": {"type": "string", "enum": ["=", "!="]}}}
        });
        let Specificity { ties, .. } =
            specificity_order(&union(&["many", "one"], json!({})), distinct.as_object().unwrap()).unwrap();
        assert!(ties.is_empty());
        assert_eq!(specificity_order(&json!({"oneOf": [{"type": "string"}]}), components), None);
    }

    #[test]
    fn unions_no_property_tells_apart_stay_untagged() {
        // `free` does not pin `channel`; two alternatives pinning the same single value tie.
        assert_eq!(detect(&union(&["email", "free"], json!({})), &components()), None);
        assert_eq!(detect(&union(&["email", "email"], json!({})), &components()), None);
        // Inline alternatives are typify's.
        assert_eq!(detect(&json!({"oneOf": [{"type": "string"}]}), &components()), None);
    }
}
