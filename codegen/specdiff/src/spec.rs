//! A spec as spec-diff compares it: the effective document that generation reads
//! (`helpdesk_spec::traced`: vendored files bundled, overlay applied), with the files it was
//! read from, so that each finding is reported in the file that caused it. A 3.1 document is
//! compared as written (not downgraded), so that its 3.1 keywords and `webhooks` are compared too.
//! The shape of the parts spec-diff walks is checked first ([`Error::Malformed`]).

use std::path::Path;

use helpdesk_spec::providers::Provider;
use helpdesk_spec::resolve::{self, Node, Unresolved};
use helpdesk_spec::{openapi31, pointer, Traced};
use serde_json::Value;

use crate::error::{Error, Result};

/// One file a spec was read from: the vendored spec, a file bundled from it, or the overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The file as shown in reports and annotations (`specs/intercom/api.intercom.io.yaml`).
    pub path: String,
    /// What location pointers into it start with: empty for the spec file, the file name
    /// (`Common.json`, `overlay.yaml`) for the others.
    pub rel: String,
    /// Its text, for line numbers.
    pub text: String,
}

/// The overlay of a spec and what each of its actions changed.
#[derive(Debug, Clone)]
struct OverlaySource {
    /// Index of the overlay in [`Spec::files`].
    file: usize,
    /// For each action, the pointers (`#/…`) it wrote, replaced or removed.
    actions: Vec<Vec<String>>,
    /// The effective document without the overlay.
    vendored: Value,
}

/// A loaded spec: its effective document and the files it comes from.
#[derive(Debug, Clone)]
pub struct Spec {
    /// A label for reports (the file path, or `path@REV`).
    pub label: String,
    /// The effective document.
    pub root: Value,
    /// The files read: index 0 is the spec file, then bundled files, then the overlay.
    pub files: Vec<SourceFile>,
    /// Bundled components: (pointer in [`Spec::root`], file index, pointer in that file).
    imports: Vec<(String, usize, String)>,
    overlay: Option<OverlaySource>,
}

impl Spec {
    /// Parses a single spec file's text (no bundled files, no overlay). Handy for tests.
    ///
    /// # Errors
    /// The text does not parse or is not an OpenAPI 3.x description.
    pub fn parse(name: &str, text: &str) -> Result<Spec> {
        let root = helpdesk_spec::load::parse(text, Path::new(name))?;
        check_openapi(name, &root)?;
        let file = SourceFile { path: name.to_owned(), rel: String::new(), text: text.to_owned() };
        Ok(Spec { label: name.to_owned(), root, files: vec![file], imports: Vec::new(), overlay: None })
    }

    /// Loads the effective spec of the file `spec` (shown as `shown`) with an optional
    /// overlay (file, shown).
    ///
    /// # Errors
    /// A file that cannot be read or parsed, an overlay that does not apply, or a document
    /// that is not an OpenAPI 3.x description.
    pub fn load(spec: &Path, shown: &str, overlay: Option<(&Path, &str)>) -> Result<Spec> {
        let traced = helpdesk_spec::traced(spec, Path::new(shown), overlay.map(|(p, s)| (p, Path::new(s))))?;
        Spec::from_traced(shown.to_owned(), traced, spec, shown, &[], overlay)
    }

    /// Loads a provider's effective spec (`label` names it in reports).
    ///
    /// # Errors
    /// As [`Spec::load`].
    pub fn from_provider(provider: &Provider, label: String) -> Result<Spec> {
        let shown = provider.spec_display().to_string_lossy().replace('\\', "/");
        let spec = provider.dir.join(&provider.manifest.spec.file);
        let overlay = provider.manifest.spec.overlay.as_ref().map(|o| provider.dir.join(o));
        let overlay_shown = provider.overlay_display().map(|o| o.to_string_lossy().replace('\\', "/"));
        let overlay = overlay.as_deref().zip(overlay_shown.as_deref());
        let documents = provider.documents();
        let documents: Vec<(&Path, &Path)> = documents.iter().map(|(p, s)| (p.as_path(), s.as_path())).collect();
        Spec::from_traced(label, provider.traced_spec()?, &spec, &shown, &documents, overlay)
    }

    /// `documents`: further documents merged into `spec` (a provider of several files).
    fn from_traced(
        label: String,
        traced: Traced,
        spec: &Path,
        shown: &str,
        documents: &[(&Path, &Path)],
        overlay: Option<(&Path, &str)>,
    ) -> Result<Spec> {
        let mut traced = traced;
        // `traced` downgrades 3.1 to 3.0.3; a 3.1 document is compared as written instead
        // (the same documents and overlay, not downgraded).
        if traced.patched.spec.get("openapi").and_then(Value::as_str) == Some("3.0.3") {
            let main = (spec, Path::new(shown));
            let overlay = overlay.map(|(p, s)| (p, Path::new(s)));
            let written = helpdesk_spec::patched_inputs(helpdesk_spec::Inputs { spec: main, documents, overlay })?;
            if openapi31::is_31(&written.spec) {
                if traced.vendored.is_some() {
                    // Documents that disagree need the overlay's `x-merge` to be merged at
                    // all: then the downgraded copy `traced` kept stands in.
                    let inputs = helpdesk_spec::Inputs { spec: main, documents, overlay: None };
                    if let Ok(vendored) = helpdesk_spec::patched_inputs(inputs) {
                        traced.vendored = Some(vendored.spec);
                    }
                }
                traced.patched.spec = written.spec;
            }
        }
        check_openapi(shown, &traced.patched.spec)?;
        let mut files = vec![SourceFile { path: shown.to_owned(), rel: String::new(), text: read(spec, shown)? }];
        let mut imports = Vec::new();
        for import in &traced.imports {
            let path = import.shown.to_string_lossy().replace('\\', "/");
            let index = match files.iter().position(|f| f.path == path) {
                Some(index) => index,
                None => {
                    let rel = file_name(&path);
                    files.push(SourceFile { text: read(&import.file, &path)?, path, rel });
                    files.len() - 1
                }
            };
            imports.push((pointer::fragment(&import.local), index, pointer::fragment(&import.pointer)));
        }
        let overlay = match (overlay, traced.vendored) {
            (Some((path, shown)), Some(vendored)) => {
                files.push(SourceFile { path: shown.to_owned(), rel: file_name(shown), text: read(path, shown)? });
                let actions = traced
                    .actions
                    .iter()
                    .map(|touched| touched.iter().map(|t| pointer::fragment(t)).collect())
                    .collect();
                Some(OverlaySource { file: files.len() - 1, actions, vendored })
            }
            _ => None,
        };
        Ok(Spec { label, root: traced.patched.spec, files, imports, overlay })
    }

    /// The same spec without its overlay (the vendored files alone), if it has one.
    pub fn without_overlay(&self) -> Option<Spec> {
        let overlay = self.overlay.as_ref()?;
        let mut files = self.files.clone();
        files.truncate(overlay.file);
        let imports = self.imports.clone();
        Some(Spec { label: self.label.clone(), root: overlay.vendored.clone(), files, imports, overlay: None })
    }

    /// The root node of the effective document.
    pub fn root_node(&self) -> Node<'_> {
        Node::root(&self.root)
    }

    /// The node at `ptr` of the effective document.
    pub fn at(&self, ptr: &str) -> Option<Node<'_>> {
        resolve::at(&self.root, ptr)
    }

    /// Follows `$ref`s from `node` (see [`resolve::deref`]).
    ///
    /// # Errors
    /// Why the reference chain broke.
    pub fn deref<'a>(&'a self, node: &Node<'a>) -> std::result::Result<Node<'a>, Unresolved> {
        resolve::deref(&self.root, node)
    }

    /// Resolves one `$ref` without following further references.
    ///
    /// # Errors
    /// Why it cannot be followed.
    pub fn follow(&self, reference: &str) -> std::result::Result<Node<'_>, Unresolved> {
        resolve::follow(&self.root, reference)
    }

    /// The vendored file (index in [`Spec::files`]) and the location label (`#/…`, or
    /// `Common.json#/…` for a bundled component) of pointer `ptr` of the effective document.
    pub fn source_of(&self, ptr: &str) -> (usize, String) {
        for (local, file, original) in &self.imports {
            if pointer::is_within(ptr, local) {
                let rest = &ptr[local.len()..];
                return (*file, format!("{}{original}{rest}", self.files[*file].rel));
            }
        }
        (0, ptr.to_owned())
    }

    /// The overlay file (index in [`Spec::files`]) and the location label
    /// (`overlay.yaml#/actions/3`) of the overlay action that most closely changed `ptr`:
    /// one that wrote `ptr` or an ancestor of it, else one that changed something inside it,
    /// else the one whose change is nearest.
    pub fn overlay_source_of(&self, ptr: &str) -> Option<(usize, String)> {
        let overlay = self.overlay.as_ref()?;
        let depth = |p: &str| p.matches('/').count();
        let mut best: Option<(usize, usize)> = None;
        for (index, touched) in overlay.actions.iter().enumerate() {
            for written in touched {
                let score = if pointer::is_within(ptr, written) {
                    3000 + depth(written)
                } else if pointer::is_within(written, ptr) {
                    2000 + depth(ptr)
                } else {
                    let (a, b) = (pointer::tokens(ptr), pointer::tokens(written));
                    a.iter().zip(&b).take_while(|(x, y)| x == y).count()
                };
                if best.is_none_or(|(s, _)| score >= s) {
                    best = Some((score, index));
                }
            }
        }
        let (_, index) = best?;
        let file = &self.files[overlay.file];
        Some((overlay.file, format!("{}#/actions/{index}", file.rel)))
    }
}

fn file_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_owned()
}

fn read(path: &Path, shown: &str) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::Read { path: shown.to_owned(), message: e.to_string() })
}

/// Rejects documents that are not OpenAPI 3.x descriptions, and documents whose parts that
/// spec-diff walks have the wrong shape (with the JSON pointer of the first such part).
fn check_openapi(label: &str, value: &Value) -> Result<()> {
    let not = |message: &str| Error::NotOpenApi { path: label.to_owned(), message: message.to_owned() };
    let malformed = |pointer: &str, message: String, fix: &str| Error::Malformed {
        path: label.to_owned(),
        pointer: pointer.to_owned(),
        message,
        fix: fix.to_owned(),
    };
    let map = value.as_object().ok_or_else(|| not("the top level is not a mapping"))?;
    if map.contains_key("swagger") {
        return Err(not("Swagger 2.0 is not supported, only OpenAPI 3.x"));
    }
    let Some(version) = map.get("openapi") else {
        return Err(not("there is no `openapi` version key"));
    };
    let Some(version) = version.as_str() else {
        return Err(malformed(
            "#/openapi",
            format!("`openapi` is {}, not a string", kind(version)),
            "write it as a string such as \"3.0.3\"",
        ));
    };
    if version.split('.').next() != Some("3") {
        return Err(malformed(
            "#/openapi",
            format!("OpenAPI version {version:?} has an unknown major version"),
            "spec-diff reads OpenAPI 3.x (3.0 and 3.1) descriptions only",
        ));
    }
    let object = |pointer: &str, value: &Value, what: &str| -> Result<()> {
        if value.is_object() {
            Ok(())
        } else {
            Err(malformed(
                pointer,
                format!("{what} is {}, not a mapping", kind(value)),
                "make it a mapping (or remove it)",
            ))
        }
    };
    for section in ["paths", "webhooks", "components"] {
        if let Some(items) = map.get(section) {
            object(&pointer::push("#", section), items, &format!("`{section}`"))?;
        }
    }
    for section in ["paths", "webhooks"] {
        let Some(items) = map.get(section).and_then(Value::as_object) else { continue };
        for (path, item) in items {
            let at = pointer::push(&pointer::push("#", section), path);
            object(&at, item, &format!("path item `{path}`"))?;
            for (key, operation) in item.as_object().into_iter().flatten() {
                let at = pointer::push(&at, key);
                if helpdesk_spec::METHODS.contains(&key.as_str()) {
                    object(&at, operation, &format!("operation `{} {path}`", key.to_uppercase()))?;
                    check_operation(&at, operation, &malformed)?;
                } else if key == "parameters" && !operation.is_array() {
                    return Err(malformed(
                        &at,
                        format!("`parameters` is {}, not a list", kind(operation)),
                        "make it a list",
                    ));
                }
            }
        }
    }
    if let Some(components) = map.get("components").and_then(Value::as_object) {
        for (section, entries) in components {
            if !section.starts_with("x-") {
                object(&pointer::push("#/components", section), entries, &format!("`components.{section}`"))?;
            }
        }
    }
    Ok(())
}

/// Checks the parts of an operation that spec-diff walks: `parameters` is a list,
/// `requestBody` and `responses` are mappings.
fn check_operation(at: &str, operation: &Value, malformed: &impl Fn(&str, String, &str) -> Error) -> Result<()> {
    if let Some(parameters) = operation.get("parameters") {
        if !parameters.is_array() {
            let at = pointer::push(at, "parameters");
            return Err(malformed(&at, format!("`parameters` is {}, not a list", kind(parameters)), "make it a list"));
        }
    }
    for key in ["requestBody", "responses"] {
        if let Some(part) = operation.get(key) {
            if !part.is_object() {
                let at = pointer::push(at, key);
                return Err(malformed(&at, format!("`{key}` is {}, not a mapping", kind(part)), "make it a mapping"));
            }
        }
    }
    Ok(())
}

/// The JSON kind of a value, for messages: `a number`, `a string`, ...
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}
