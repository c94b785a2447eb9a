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
pub fn detect(raw: &Value, components: &Map<String, Value>) -> Option<(String, Vec<(String, Vec<String>)>)> {
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
    Some((property, alternatives.into_iter().zip(tags).collect()))
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
        let (property, variants) = detect(&union(&["generic", "email", "facebook"], json!({})), &components()).unwrap();
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
        let (property, variants) = detect(&union(&["email", "free"], discriminator), &components()).unwrap();
        assert_eq!(property, "kind");
        assert_eq!(
            variants,
            [("email".to_owned(), vec!["e".to_owned(), "m".to_owned()]), ("free".to_owned(), vec!["free".to_owned()])]
        );
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
