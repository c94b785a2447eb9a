//! `$ref` resolution inside one (bundled) document: nodes that remember their JSON pointer,
//! and references followed with a cycle guard.
//!
//! After [`crate::bundle`], every reference that can be followed is local (`#/...`); a
//! reference to a file that is not vendored stays as written and is reported as
//! [`Unresolved`] here.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::pointer;

/// How many `$ref` hops are followed before giving up (a guard against very long chains).
const MAX_HOPS: usize = 64;

/// A value inside a document together with its JSON pointer (canonical `#/...` form).
#[derive(Debug, Clone)]
pub struct Node<'a> {
    /// The JSON pointer of the value (`#/paths/...`).
    pub ptr: String,
    /// The value.
    pub value: &'a Value,
}

impl<'a> Node<'a> {
    /// The root node of a document.
    pub fn root(document: &'a Value) -> Node<'a> {
        Node { ptr: "#".to_owned(), value: document }
    }

    /// The member `key` of an object node.
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        let value = self.value.as_object()?.get(key)?;
        Some(Node { ptr: pointer::push(&self.ptr, key), value })
    }

    /// The element `index` of an array node.
    pub fn index(&self, index: usize) -> Option<Node<'a>> {
        let value = self.value.as_array()?.get(index)?;
        Some(Node { ptr: pointer::push(&self.ptr, &index.to_string()), value })
    }

    /// The members of an object node, in document order.
    pub fn entries(&self) -> Vec<(&'a str, Node<'a>)> {
        let Some(map) = self.value.as_object() else {
            return Vec::new();
        };
        map.iter().map(|(k, v)| (k.as_str(), Node { ptr: pointer::push(&self.ptr, k), value: v })).collect()
    }

    /// The elements of an array node.
    pub fn items(&self) -> Vec<Node<'a>> {
        let len = self.value.as_array().map_or(0, Vec::len);
        (0..len).filter_map(|i| self.index(i)).collect()
    }

    /// The object map of the node, if it is an object.
    pub fn object(&self) -> Option<&'a Map<String, Value>> {
        self.value.as_object()
    }

    /// A string member of an object node.
    pub fn str(&self, key: &str) -> Option<&'a str> {
        self.value.get(key)?.as_str()
    }

    /// A boolean member of an object node (absent counts as `false`).
    pub fn flag(&self, key: &str) -> bool {
        self.value.get(key).and_then(Value::as_bool).unwrap_or(false)
    }

    /// The `$ref` string of the node, if it is a reference object.
    pub fn reference(&self) -> Option<&'a str> {
        self.str("$ref")
    }
}

/// A reference that could not be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// The `$ref` string as written.
    pub reference: String,
    /// Why it could not be followed (file not vendored, dangling pointer, cycle).
    pub reason: String,
}

/// The node at `ptr` (any pointer form) of `document`.
pub fn at<'a>(document: &'a Value, ptr: &str) -> Option<Node<'a>> {
    Some(Node { ptr: pointer::fragment(ptr), value: pointer::get(document, ptr)? })
}

/// Resolves one `$ref` string of `document`, without following further references.
///
/// # Errors
/// A reference into another file (bundling imports every vendored one), a remote
/// reference, or a pointer at nothing.
pub fn follow<'a>(document: &'a Value, reference: &str) -> Result<Node<'a>, Unresolved> {
    let unresolved = |reason: String| Unresolved { reference: reference.to_owned(), reason };
    let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    if file.contains("://") {
        return Err(unresolved("remote references are not followed".to_owned()));
    }
    if !file.is_empty() {
        return Err(unresolved(format!("file {file} is not available (not vendored beside the spec)")));
    }
    at(document, fragment).ok_or_else(|| unresolved("the target does not exist".to_owned()))
}

/// Follows `$ref`s from `node` until a non-reference value is reached.
///
/// # Errors
/// Why the chain broke: [`follow`]'s errors, a cycle, or too many hops.
pub fn deref<'a>(document: &'a Value, node: &Node<'a>) -> Result<Node<'a>, Unresolved> {
    let mut current = node.clone();
    let mut seen = HashSet::new();
    for _ in 0..MAX_HOPS {
        let Some(reference) = current.reference() else {
            return Ok(current);
        };
        let next = follow(document, reference)?;
        if !seen.insert(next.ptr.clone()) {
            return Err(Unresolved {
                reference: reference.to_owned(),
                reason: "the reference chain is a cycle".to_owned(),
            });
        }
        current = next;
    }
    Err(Unresolved {
        reference: node.reference().unwrap_or_default().to_owned(),
        reason: format!("more than {MAX_HOPS} chained references"),
    })
}

/// Keywords whose value is a map of names chosen by the spec's author (`properties`,
/// `responses`, `content`, …): its keys are names, never keywords, so a property called
/// `default` or a response called `default` is not data.
const NAME_MAPS: [&str; 25] = [
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "dependentSchemas",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
    "paths",
    "webhooks",
    "content",
    "encoding",
    "variables",
    "mapping",
    "scopes",
    "allOf",
    "anyOf",
    "oneOf",
    "prefixItems",
];

/// What a member key is, walking down a document from its root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    /// A keyword of an OpenAPI object or a schema.
    Keyword,
    /// A name in a map of names (or an array index); below it come keywords of `next`.
    Name { example: bool },
    /// A keyword of an Example Object (or of the Reference Object in its place).
    ExampleKeyword,
    /// Inside a value that is data.
    Data,
}

impl Position {
    /// The position of the member `key` of an object at this position; `value` is the
    /// member's value when it is known (a schema's `examples` is an array of data, a media
    /// type's `examples` a map of Example Objects).
    fn member(self, key: &str, value: Option<&Value>) -> Position {
        match self {
            Position::Data => Position::Data,
            Position::Name { example: true } => Position::ExampleKeyword,
            Position::Name { example: false } => Position::Keyword,
            Position::ExampleKeyword if key == "value" || key.starts_with("x-") => Position::Data,
            Position::ExampleKeyword => Position::Keyword,
            Position::Keyword => match key {
                _ if key.starts_with("x-") => Position::Data,
                "example" | "default" | "const" | "enum" => Position::Data,
                "examples" if value.is_some_and(Value::is_array) => Position::Data,
                "examples" => Position::Name { example: true },
                _ if NAME_MAPS.contains(&key) => Position::Name { example: false },
                _ => Position::Keyword,
            },
        }
    }
}

/// Whether the member `key` (with `value`) of the object at `at` (a JSON pointer into an
/// OpenAPI document, `/…` or `#/…`) is data rather than part of the description: example
/// values (`example`, a schema's `examples`, an Example Object's `value`), `default`, `const`,
/// `enum` and extensions (`x-*`), at any depth. A `$ref` inside data is a value, not a
/// Reference Object: every walker that resolves, rewrites or checks `$ref`s skips these
/// members, so that they all agree on what a reference is.
pub fn is_data(at: &str, key: &str, value: &Value) -> bool {
    let raw = at.strip_prefix('#').unwrap_or(at);
    let mut position = Position::Keyword;
    for token in raw.split('/').skip(1) {
        position = position.member(token, None);
        if position == Position::Data {
            return true;
        }
    }
    position.member(key, Some(value)) == Position::Data
}

/// The (unescaped) component name if `ptr` is `#/components/<kind>/<name>` (or `/components/…`).
pub fn component_name(ptr: &str, kind: &str) -> Option<String> {
    match pointer::tokens(ptr).as_slice() {
        [components, section, name] if components == "components" && section == kind => Some(name.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_chains_and_detects_cycles() {
        let document = serde_json::json!({"components": {"schemas": {
            "a": {"$ref": "#/components/schemas/b"}, "b": {"type": "string"},
            "c": {"$ref": "#/components/schemas/d"}, "d": {"$ref": "#/components/schemas/c"},
            "e": {"$ref": "./Other.json#/components/schemas/x"}
        }}});
        let a = at(&document, "#/components/schemas/a").unwrap();
        let b = deref(&document, &a).unwrap();
        assert_eq!(b.ptr, "#/components/schemas/b");
        assert_eq!(component_name(&b.ptr, "schemas").as_deref(), Some("b"));
        let c = at(&document, "/components/schemas/c").unwrap();
        assert!(deref(&document, &c).unwrap_err().reason.contains("cycle"));
        let e = at(&document, "#/components/schemas/e").unwrap();
        assert!(deref(&document, &e).unwrap_err().reason.contains("Other.json"));
    }

    #[test]
    fn examples_defaults_enums_and_extensions_are_data() {
        let any = Value::Null;
        let examples = serde_json::json!([{"$ref": "#/x"}]);
        // Data members of a schema, a media type and an Example Object.
        assert!(is_data("/components/schemas/T/properties/a", "default", &any));
        assert!(is_data("/components/schemas/T", "example", &any));
        assert!(is_data("/components/schemas/T", "enum", &any));
        assert!(is_data("/components/schemas/T", "const", &any));
        assert!(is_data("/components/schemas/T", "x-extra", &any));
        assert!(is_data("/components/schemas/T", "examples", &examples));
        assert!(is_data("/components/examples/Ex", "value", &any));
        assert!(is_data("#/paths/~1a/get/responses/200/content/application~1json/examples/one", "value", &any));
        // Anything below data is data.
        assert!(is_data("/components/schemas/T/default/schema", "$ref", &any));
        // Names that look like data keywords are names: a property, a response, a schema.
        assert!(!is_data("/components/schemas/T/properties", "default", &any));
        assert!(!is_data("/components/schemas/T/properties", "x-extra", &any));
        assert!(!is_data("/paths/~1a/get/responses", "default", &any));
        assert!(!is_data("/components/schemas", "example", &any));
        assert!(!is_data("/components/schemas/T/properties/default", "$ref", &any));
        assert!(!is_data("/components/schemas/T/properties/value", "type", &any));
        // A media type's examples are Example Objects or references to them.
        assert!(!is_data("/paths/~1a/get/responses/200/content/application~1json", "examples", &serde_json::json!({})));
        assert!(!is_data("/paths/~1a/get/responses/200/content/application~1json/examples", "one", &any));
        assert!(!is_data("/paths/~1a/get/responses/200/content/application~1json/examples/one", "$ref", &any));
    }
}
