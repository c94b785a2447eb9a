//! `$ref` resolution: nodes that remember which document and JSON pointer they come from,
//! following internal (`#/...`) and cross-file (`./Common.json#/...`) references with a cycle guard.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::load::{join, Spec};
use crate::pointer;

/// How many `$ref` hops are followed before giving up (a guard against very long chains).
const MAX_HOPS: usize = 64;

/// A value inside a spec together with where it lives: document index and JSON pointer.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    /// The index of the document in [`Spec::docs`].
    pub doc: usize,
    /// The JSON pointer of the value in its document (`#/paths/...`).
    pub ptr: String,
    /// The value.
    pub value: &'a Value,
}

impl<'a> Node<'a> {
    /// The member `key` of an object node.
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        let value = self.value.as_object()?.get(key)?;
        Some(Node { doc: self.doc, ptr: pointer::push(&self.ptr, key), value })
    }

    /// The element `index` of an array node.
    pub fn index(&self, index: usize) -> Option<Node<'a>> {
        let value = self.value.as_array()?.get(index)?;
        Some(Node { doc: self.doc, ptr: pointer::push(&self.ptr, &index.to_string()), value })
    }

    /// The members of an object node, in document order.
    pub fn entries(&self) -> Vec<(&'a str, Node<'a>)> {
        let Some(map) = self.value.as_object() else {
            return Vec::new();
        };
        map.iter()
            .map(|(k, v)| {
                let node = Node { doc: self.doc, ptr: pointer::push(&self.ptr, k), value: v };
                (k.as_str(), node)
            })
            .collect()
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
    /// Why it could not be followed (missing file, dangling pointer, cycle).
    pub reason: String,
}

impl Spec {
    /// The root node of document `doc`.
    pub fn doc_root(&self, doc: usize) -> Node<'_> {
        Node { doc, ptr: "#".to_owned(), value: &self.docs[doc].value }
    }

    /// The node at `ptr` in the root document.
    pub fn at(&self, ptr: &str) -> Option<Node<'_>> {
        let value = pointer::get(self.root(), ptr)?;
        Some(Node { doc: 0, ptr: canonical(ptr), value })
    }

    /// Follows `$ref`s from `node` until a non-reference value is reached.
    ///
    /// Returns the final node (in whichever document it lives) or why the chain broke.
    pub fn deref<'a>(&'a self, node: &Node<'a>) -> Result<Node<'a>, Unresolved> {
        let mut current = node.clone();
        let mut seen = HashSet::new();
        for _ in 0..MAX_HOPS {
            let Some(reference) = current.reference() else {
                return Ok(current);
            };
            let next = self.follow(current.doc, reference)?;
            if !seen.insert((next.doc, next.ptr.clone())) {
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

    /// Resolves one `$ref` string written in document `doc`, without following further refs.
    pub fn follow(&self, doc: usize, reference: &str) -> Result<Node<'_>, Unresolved> {
        let unresolved = |reason: String| Unresolved { reference: reference.to_owned(), reason };
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target_doc = if file.is_empty() {
            doc
        } else if file.contains("://") {
            return Err(unresolved("remote references are not followed".to_owned()));
        } else {
            let path = join(&self.docs[doc].source_path, file);
            match self.doc_index(&path) {
                Some(index) => index,
                None => {
                    let why = self.missing.get(&path).cloned().unwrap_or_default();
                    return Err(unresolved(format!("file {path} is not available ({why})")));
                }
            }
        };
        let value = pointer::get(&self.docs[target_doc].value, fragment)
            .ok_or_else(|| unresolved("the target does not exist".to_owned()))?;
        Ok(Node { doc: target_doc, ptr: canonical(fragment), value })
    }

    /// The location label of a node: `#/ptr` in the root document, `file#/ptr` elsewhere.
    pub fn location_label(&self, node: &Node<'_>) -> String {
        self.label_for(node.doc, &node.ptr)
    }

    /// The location label of pointer `ptr` in document `doc`.
    pub fn label_for(&self, doc: usize, ptr: &str) -> String {
        let rel = &self.docs[doc].rel;
        if rel.is_empty() {
            ptr.to_owned()
        } else {
            format!("{rel}{ptr}")
        }
    }
}

/// Rewrites a fragment into the canonical `#/a/b` form used for locations.
fn canonical(fragment: &str) -> String {
    let mut out = "#".to_owned();
    for token in pointer::tokens(fragment) {
        out = pointer::push(&out, &token);
    }
    out
}

/// The component name if `ptr` is `#/components/<kind>/<name>`.
pub fn component_name<'p>(ptr: &'p str, kind: &str) -> Option<&'p str> {
    let rest = ptr.strip_prefix("#/components/")?;
    let rest = rest.strip_prefix(kind)?.strip_prefix('/')?;
    (!rest.contains('/')).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_chains_and_detects_cycles() {
        let spec = Spec::parse(
            "a.yaml",
            "openapi: 3.0.0\npaths: {}\ncomponents:\n  schemas:\n    a: {$ref: '#/components/schemas/b'}\n    b: {type: string}\n    c: {$ref: '#/components/schemas/d'}\n    d: {$ref: '#/components/schemas/c'}\n",
        )
        .unwrap();
        let a = spec.at("#/components/schemas/a").unwrap();
        let b = spec.deref(&a).unwrap();
        assert_eq!(b.ptr, "#/components/schemas/b");
        assert_eq!(component_name(&b.ptr, "schemas"), Some("b"));
        let c = spec.at("#/components/schemas/c").unwrap();
        assert!(spec.deref(&c).unwrap_err().reason.contains("cycle"));
    }
}
