//! Merging a provider's several vendored OpenAPI documents into one effective document.
//!
//! A vendor may publish its API as one document per module (Zoho Desk: `Ticket.json`,
//! `Thread.json`, `TicketComment.json`, …), each with its own paths and components and with
//! cross-document `$ref`s (`./Ticket.json#/components/schemas/ticketTags`). The manifest lists
//! them (`[spec] documents`); [`merge`] combines their paths, operations and components into
//! the main document, before bundling (components of files that are only referenced, such as
//! `Common.json`) and before the overlay's actions.
//!
//! The same component name defined differently in two documents is an error naming both
//! pointers, unless the overlay's [`EXTENSION`] section resolves it: `keep` one document's
//! definition for every document, or `rename` one document's definition (its `$ref`s follow).
//! The same section also renames a document's path template (`paths`), for vendor paths that
//! differ only in parameter names; [`join_templates`] joins any that remain in the effective document.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::bundle::Import;
use crate::error::{Error, Result};
use crate::{load, pointer, METHODS};

/// The overlay's top-level extension holding merge resolutions ([`Resolutions`]).
pub const EXTENSION: &str = "x-merge";

/// The overlay's `x-merge` section: how documents that disagree are merged.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolutions {
    /// Components defined differently in several documents.
    #[serde(default)]
    pub components: Vec<ComponentResolution>,
    /// Path templates of one document renamed before the merge.
    #[serde(default)]
    pub paths: Vec<PathRename>,
}

/// How one component name defined in several documents is merged.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentResolution {
    /// `<section>/<name>`, e.g. `schemas/data` or `parameters/limit`.
    pub component: String,
    /// The document (file name, e.g. `Ticket.json`) whose definition every document uses.
    pub keep: Option<String>,
    /// Document (file name) → the new name of its definition; its `$ref`s follow.
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
    /// Why (required).
    pub description: String,
}

/// A path template of one document renamed before the merge (its path item joins the one
/// already at the new template, if any).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathRename {
    /// The document (file name, e.g. `TicketTimeEntry.json`).
    pub document: String,
    /// The vendor's path template.
    pub path: String,
    /// The template it becomes.
    pub to: String,
    /// Why (required).
    pub description: String,
}

/// What [`merge`] did: the documents read and where each merged part comes from.
#[derive(Debug, Clone, Default)]
pub struct Merged {
    /// The further documents read (as shown), with their sha256, in manifest order.
    pub files: Vec<(PathBuf, String)>,
    /// Every component and operation taken from a further document.
    pub imports: Vec<Import>,
    /// The warnings of reading the further documents ([`load::Document::warnings`]).
    pub warnings: Vec<Error>,
}

/// One document being merged.
struct Doc {
    /// Its file name, which names it in `x-merge` (`Thread.json`).
    name: String,
    path: PathBuf,
    shown: PathBuf,
    value: Value,
}

/// Merges `documents` (file to read, name shown) into `main` (read from `main_path`, shown as
/// `main_shown`), resolving disagreements as the overlay's `x-merge` section says (`overlay`:
/// the overlay document and how it is shown). Without documents and without `x-merge` the
/// main document is left as it is.
///
/// # Errors
/// A document that cannot be read, lies outside the main document's folder or repeats a file
/// name; a component name defined differently in two documents and not resolved (naming both
/// pointers); the same operation (path and method) in two documents; a `x-merge` entry that is
/// malformed, has no description or matches nothing.
pub fn merge(
    main: &mut Value,
    main_path: &Path,
    main_shown: &Path,
    documents: &[(&Path, &Path)],
    overlay: Option<(&Value, &Path)>,
) -> Result<Merged> {
    let resolutions = match overlay.and_then(|(value, shown)| value.get(EXTENSION).map(|v| (v, shown))) {
        Some((value, shown)) => Some((parse_resolutions(value, shown)?, shown)),
        None => None,
    };
    if documents.is_empty() && resolutions.is_none() {
        return Ok(Merged::default());
    }
    let name_of = |path: &Path| path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut docs = vec![Doc {
        name: name_of(main_shown),
        path: main_path.to_path_buf(),
        shown: main_shown.to_path_buf(),
        value: std::mem::take(main),
    }];
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let folder = canonical_folder(main_path);
    for (path, shown) in documents {
        if canonical_folder(path) != folder {
            return Err(Error::new(
                *shown,
                "",
                "a merged document must lie in the same folder as the main spec file",
                "move it next to the spec file and list it by its file name in provider.toml",
            ));
        }
        let document = load::load(path, shown)?;
        let name = name_of(shown);
        if docs.iter().any(|d| d.name == name) {
            return Err(Error::new(*shown, "", format!("`{name}` is listed twice"), "list each document once"));
        }
        files.push((shown.to_path_buf(), document.sha256));
        warnings.extend(document.warnings);
        docs.push(Doc { name, path: path.to_path_buf(), shown: shown.to_path_buf(), value: document.value });
    }
    let (resolutions, overlay_shown) = match resolutions {
        Some((resolutions, shown)) => (resolutions, shown.to_path_buf()),
        None => (Resolutions::default(), PathBuf::new()),
    };
    let mut merger = Merger { docs, overlay: overlay_shown, renames: BTreeMap::new(), path_origins: BTreeMap::new() };
    merger.rename_paths(&resolutions.paths)?;
    merger.rename_components(&resolutions.components)?;
    for index in 0..merger.docs.len() {
        let mut value = std::mem::take(&mut merger.docs[index].value);
        merger.rewrite(&mut value, index, "");
        merger.docs[index].value = value;
    }
    let mut imports = Vec::new();
    let components = merger.components(&resolutions.components, &mut imports)?;
    let paths = merger.paths(&mut imports)?;
    let tags = merger.tags();
    let mut merged = std::mem::take(&mut merger.docs[0].value);
    if let Some(object) = merged.as_object_mut() {
        if !paths.is_empty() || object.contains_key("paths") {
            object.insert("paths".into(), Value::Object(paths));
        }
        if !components.is_empty() {
            object.insert("components".into(), Value::Object(components));
        }
        if !tags.is_empty() {
            object.insert("tags".into(), Value::Array(tags));
        }
    }
    *main = merged;
    Ok(Merged { files, imports, warnings })
}

fn parse_resolutions(value: &Value, shown: &Path) -> Result<Resolutions> {
    let resolutions: Resolutions = serde_json::from_value(value.clone()).map_err(|err| {
        Error::new(
            shown,
            format!("/{EXTENSION}"),
            format!("invalid `{EXTENSION}` section: {err}"),
            "give `components` entries (component, keep and/or rename, description) and `paths` entries (document, path, to, description)",
        )
    })?;
    let descriptions = resolutions
        .components
        .iter()
        .map(|c| &c.description)
        .enumerate()
        .map(|(i, d)| (format!("/{EXTENSION}/components/{i}"), d))
        .chain(resolutions.paths.iter().enumerate().map(|(i, p)| (format!("/{EXTENSION}/paths/{i}"), &p.description)));
    for (at, description) in descriptions {
        if description.trim().is_empty() {
            return Err(Error::new(shown, at, "the entry has no description", "say why the documents disagree"));
        }
    }
    Ok(resolutions)
}

fn canonical_folder(path: &Path) -> PathBuf {
    let folder = path.parent().unwrap_or(Path::new("."));
    folder.canonicalize().unwrap_or_else(|_| folder.to_path_buf())
}

struct Merger {
    docs: Vec<Doc>,
    /// The overlay as shown, for errors in `x-merge`.
    overlay: PathBuf,
    /// (document index, section, name) → the name its definition takes.
    renames: BTreeMap<(usize, String, String), String>,
    /// (document index, merged path) → the vendor's path in that document.
    path_origins: BTreeMap<(usize, String), String>,
}

impl Merger {
    fn doc_index(&self, name: &str, at: &str) -> Result<usize> {
        self.docs.iter().position(|d| d.name == name).ok_or_else(|| {
            let known: Vec<&str> = self.docs.iter().map(|d| d.name.as_str()).collect();
            Error::new(
                &self.overlay,
                at,
                format!("no document `{name}` (merged: {})", known.join(", ")),
                "name one of the documents listed in provider.toml",
            )
        })
    }

    fn rename_paths(&mut self, renames: &[PathRename]) -> Result<()> {
        for (index, rename) in renames.iter().enumerate() {
            let at = format!("/{EXTENSION}/paths/{index}");
            let doc = self.doc_index(&rename.document, &format!("{at}/document"))?;
            let stale = || {
                Error::new(
                    &self.overlay,
                    format!("{at}/path"),
                    format!("`{}` has no path {}", rename.document, rename.path),
                    "the document changed: update or delete this entry",
                )
            };
            let paths = self.docs[doc].value.get_mut("paths").and_then(Value::as_object_mut).ok_or_else(stale)?;
            let item = paths.shift_remove(&rename.path).ok_or_else(stale)?;
            let Value::Object(item) = item else { return Err(stale()) };
            let target = paths.entry(rename.to.clone()).or_insert_with(|| Value::Object(Map::new()));
            let Some(target) = target.as_object_mut() else { return Err(stale()) };
            for (key, value) in item {
                if target.get(&key).is_some_and(|existing| *existing != value) {
                    return Err(Error::new(
                        &self.overlay,
                        format!("{at}/to"),
                        format!("`{}` already has `{key}` at {}", rename.document, rename.to),
                        "rename the path to a template that does not hold the same method",
                    ));
                }
                target.insert(key, value);
            }
            self.path_origins.insert((doc, rename.to.clone()), rename.path.clone());
        }
        Ok(())
    }

    fn rename_components(&mut self, resolutions: &[ComponentResolution]) -> Result<()> {
        for (index, resolution) in resolutions.iter().enumerate() {
            let at = format!("/{EXTENSION}/components/{index}");
            let Some((section, name)) = resolution.component.split_once('/') else {
                return Err(Error::new(
                    &self.overlay,
                    format!("{at}/component"),
                    format!("`{}` is not `<section>/<name>`", resolution.component),
                    "write e.g. `schemas/data` or `parameters/limit`",
                ));
            };
            if resolution.keep.is_none() && resolution.rename.is_empty() {
                return Err(Error::new(
                    &self.overlay,
                    &at,
                    "the entry neither keeps nor renames",
                    "add `keep` or `rename`",
                ));
            }
            for (document, new_name) in &resolution.rename {
                let doc = self.doc_index(document, &format!("{at}/rename"))?;
                let components = self.docs[doc]
                    .value
                    .get_mut("components")
                    .and_then(|c| c.get_mut(section))
                    .and_then(Value::as_object_mut);
                let Some(components) = components else {
                    return Err(self.undefined(&at, document, &resolution.component));
                };
                if components.contains_key(new_name) {
                    return Err(Error::new(
                        &self.overlay,
                        format!("{at}/rename"),
                        format!("`{document}` already defines {section}/{new_name}"),
                        "choose a name the document does not use",
                    ));
                }
                let Some(value) = components.shift_remove(name) else {
                    return Err(self.undefined(&at, document, &resolution.component));
                };
                components.insert(new_name.clone(), value);
                self.renames.insert((doc, section.to_owned(), name.to_owned()), new_name.clone());
            }
        }
        Ok(())
    }

    fn undefined(&self, at: &str, document: &str, component: &str) -> Error {
        Error::new(
            &self.overlay,
            at,
            format!("`{document}` defines no {component}"),
            "the document changed: update or delete this entry",
        )
    }

    /// Rewrites the `$ref`s of document `doc`: references to any merged document become local
    /// (`#/components/<section>/<name>`, following renames); others are left to bundling.
    /// `at` is the pointer of `node`; data ([`crate::resolve::is_data`]) is left alone.
    fn rewrite(&self, node: &mut Value, doc: usize, at: &str) {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get_mut("$ref") {
                    if let Some(local) = self.local_reference(reference, doc) {
                        *reference = local;
                    }
                    return;
                }
                for (key, value) in map.iter_mut() {
                    if !crate::resolve::is_data(at, key, value) {
                        self.rewrite(value, doc, &pointer::push(at, key));
                    }
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.rewrite(item, doc, &pointer::push(at, &index.to_string()));
                }
            }
            _ => {}
        }
    }

    fn local_reference(&self, reference: &str, doc: usize) -> Option<String> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target = if file.is_empty() {
            doc
        } else {
            let file = file.strip_prefix("./").unwrap_or(file);
            self.docs.iter().position(|d| d.name == file)?
        };
        let tokens: Vec<String> = fragment.split('/').skip(1).map(pointer::unescape).collect();
        match tokens.as_slice() {
            [components, section, name, rest @ ..] if components == "components" => {
                let name = self.renames.get(&(target, section.clone(), name.clone())).unwrap_or(name);
                let mut local = pointer::join(["components", section.as_str(), name.as_str()]);
                for token in rest {
                    local = pointer::push(&local, token);
                }
                Some(format!("#{local}"))
            }
            // A reference into another part of a document stays as it is (it resolves in the
            // merged document when that part was merged under the same pointer).
            _ => (!file.is_empty()).then(|| format!("#{fragment}")),
        }
    }

    /// The merged components, section by section, in document order.
    fn components(&self, resolutions: &[ComponentResolution], imports: &mut Vec<Import>) -> Result<Map<String, Value>> {
        // (section, name) → each document's definition, in document order.
        let mut definitions: BTreeMap<(String, String), Vec<(usize, &Value)>> = BTreeMap::new();
        let mut order: Vec<(String, String)> = Vec::new();
        for (index, doc) in self.docs.iter().enumerate() {
            for (section, items) in doc.value.get("components").and_then(Value::as_object).into_iter().flatten() {
                for (name, value) in items.as_object().into_iter().flatten() {
                    let key = (section.clone(), name.clone());
                    let entry = definitions.entry(key.clone()).or_default();
                    if entry.is_empty() {
                        order.push(key);
                    }
                    entry.push((index, value));
                }
            }
        }
        let mut used = BTreeSet::new();
        let mut merged = Map::new();
        for (section, name) in order {
            let defs = &definitions[&(section.clone(), name.clone())];
            let (first, value) = defs[0];
            let mut chosen = (first, value);
            if let Some(&(other, _)) = defs.iter().find(|(_, v)| *v != value) {
                let key = format!("{section}/{name}");
                let keep = resolutions.iter().enumerate().find(|(_, r)| r.component == key && r.keep.is_some());
                let Some((index, resolution)) = keep else {
                    return Err(Error::new(
                        &self.docs[other].shown,
                        self.pointer_in(other, &section, &name),
                        format!(
                            "component {key} is defined differently here and in {}#{}",
                            self.docs[first].shown.display(),
                            self.pointer_in(first, &section, &name)
                        ),
                        format!("resolve it in the overlay's `{EXTENSION}` section: `keep` one document's definition, or `rename` one of them"),
                    ));
                };
                used.insert(index);
                let kept = resolution.keep.as_deref().unwrap_or_default();
                let at = format!("/{EXTENSION}/components/{index}/keep");
                let kept = self.doc_index(kept, &at)?;
                chosen = *defs.iter().find(|(d, _)| *d == kept).ok_or_else(|| {
                    Error::new(
                        &self.overlay,
                        &at,
                        format!("`{}` defines no {key}", self.docs[kept].name),
                        "keep a document that defines the component",
                    )
                })?;
            }
            let (origin, value) = chosen;
            if origin != 0 {
                imports.push(self.import(origin, pointer::join(["components", &section, &name]), &section, &name));
            }
            let items = merged.entry(section.clone()).or_insert_with(|| Value::Object(Map::new()));
            if let Some(items) = items.as_object_mut() {
                items.insert(name, value.clone());
            }
        }
        if let Some((index, resolution)) =
            resolutions.iter().enumerate().find(|(i, r)| r.keep.is_some() && !used.contains(i))
        {
            return Err(Error::new(
                &self.overlay,
                format!("/{EXTENSION}/components/{index}/keep"),
                format!("{} is not defined differently by several documents (any more)", resolution.component),
                "delete `keep` from this entry",
            ));
        }
        Ok(merged)
    }

    /// The pointer of a component in a document as vendored (before any rename).
    fn pointer_in(&self, doc: usize, section: &str, name: &str) -> String {
        let original = self
            .renames
            .iter()
            .find(|((d, s, _), new)| *d == doc && s == section && new.as_str() == name)
            .map_or(name, |((_, _, old), _)| old.as_str());
        pointer::join(["components", section, original])
    }

    fn import(&self, doc: usize, local: String, section: &str, name: &str) -> Import {
        Import {
            local,
            file: self.docs[doc].path.clone(),
            shown: self.docs[doc].shown.clone(),
            pointer: self.pointer_in(doc, section, name),
        }
    }

    /// The merged paths: path items of the same template are joined; an operation (path and
    /// method) defined by two documents is an error.
    fn paths(&self, imports: &mut Vec<Import>) -> Result<Map<String, Value>> {
        let mut merged = Map::new();
        // (path, key) → the document that gave it.
        let mut origins: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (index, doc) in self.docs.iter().enumerate() {
            for (path, item) in doc.value.get("paths").and_then(Value::as_object).into_iter().flatten() {
                let Some(item) = item.as_object() else { continue };
                let vendored = self.path_origins.get(&(index, path.clone())).unwrap_or(path);
                let target = merged.entry(path.clone()).or_insert_with(|| Value::Object(Map::new()));
                let Some(target) = target.as_object_mut() else { continue };
                for (key, value) in item {
                    let at = pointer::join(["paths", vendored.as_str(), key.as_str()]);
                    if let Some(existing) = target.get(key) {
                        let is_method = METHODS.contains(&key.as_str());
                        if is_method || existing != value {
                            let other = origins.get(&(path.clone(), key.clone())).copied().unwrap_or(0);
                            return Err(Error::new(
                                &doc.shown,
                                at,
                                format!(
                                    "`{key}` of path {path} is also defined in {}",
                                    self.docs[other].shown.display()
                                ),
                                format!("remove one of them in the overlay, or rename one path in its `{EXTENSION}` section"),
                            ));
                        }
                        continue;
                    }
                    origins.insert((path.clone(), key.clone()), index);
                    target.insert(key.clone(), value.clone());
                    if index != 0 && METHODS.contains(&key.as_str()) {
                        imports.push(Import {
                            local: pointer::join(["paths", path.as_str(), key.as_str()]),
                            file: doc.path.clone(),
                            shown: doc.shown.clone(),
                            pointer: at,
                        });
                    }
                }
            }
        }
        Ok(merged)
    }

    /// The tags of every document, each name once (the first definition wins).
    fn tags(&self) -> Vec<Value> {
        let mut seen = BTreeSet::new();
        let mut tags = Vec::new();
        for doc in &self.docs {
            for tag in doc.value.get("tags").and_then(Value::as_array).into_iter().flatten() {
                let name = tag.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
                if seen.insert(name) {
                    tags.push(tag.clone());
                }
            }
        }
        tags
    }
}

/// Joins path templates of `spec` that differ only in their parameter names
/// (`/tickets/{ticketId}/x` and `/tickets/{caseId}/x`): OpenAPI says they MUST NOT coexist,
/// and a router cannot tell them apart. The first template (in document order) wins: the
/// operations of the others move under it, their path parameters (at the path item and the
/// operation, `$ref`'d ones included) renamed to its names by position. An operation whose
/// method the first template already has stays under its own template, with a warning.
/// `shown` names the document in the warnings; `imports` trace a merged path back to its
/// document and follow the operations that move.
///
/// Returns one warning per joined template, naming its pointer.
pub fn join_templates(spec: &mut Value, shown: &Path, imports: &mut [Import]) -> Vec<Error> {
    let mut warnings = Vec::new();
    let Some(paths) = spec.get("paths").and_then(Value::as_object) else { return warnings };
    let mut first: BTreeMap<String, &str> = BTreeMap::new();
    let mut joins: Vec<(String, String)> = Vec::new();
    for path in paths.keys().filter(|path| path.starts_with('/')) {
        match first.get(&template_shape(path)) {
            Some(into) => joins.push((path.clone(), (*into).to_owned())),
            None => {
                first.insert(template_shape(path), path);
            }
        }
    }
    if joins.is_empty() {
        return warnings;
    }
    let root = spec.clone();
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else { return warnings };
    for (from, into) in joins {
        let local = pointer::join(["paths", from.as_str()]);
        let (file, at) = imports
            .iter()
            .find(|i| i.local.starts_with(&format!("{local}/")))
            .and_then(|i| Some((i.shown.clone(), i.pointer.rsplit_once('/')?.0.to_owned())))
            .unwrap_or_else(|| (shown.to_path_buf(), local.clone()));
        let renames: Vec<(String, String)> =
            template_names(&from).into_iter().zip(template_names(&into)).filter(|(old, new)| old != new).collect();
        let Some(Value::Object(mut item)) = paths.shift_remove(&from) else { continue };
        let Some(target) = paths.get_mut(&into).and_then(Value::as_object_mut) else { continue };
        let shared = item.get("parameters").cloned();
        let (kept, moved): (Vec<&str>, Vec<&str>) =
            METHODS.into_iter().filter(|m| item.contains_key(*m)).partition(|m| target.contains_key(*m));
        if !moved.is_empty() {
            // The first template's shared parameters apply to its own operations only.
            if let Some(own) = target.shift_remove("parameters") {
                for method in METHODS {
                    if let Some(operation) = target.get_mut(method) {
                        inherit(operation, &own, &root);
                    }
                }
            }
        }
        for method in &moved {
            let Some(mut operation) = item.shift_remove(*method) else { continue };
            if let Some(shared) = &shared {
                inherit(&mut operation, shared, &root);
            }
            rename_path_parameters(&mut operation, &renames, &root);
            target.insert((*method).to_owned(), operation);
            let (old, new) = (pointer::push(&local, method), pointer::join(["paths", into.as_str(), method]));
            for import in imports.iter_mut().filter(|i| i.local == old || i.local.starts_with(&format!("{old}/"))) {
                import.local = format!("{new}{}", &import.local[old.len()..]);
            }
        }
        let renamed: Vec<String> = renames.iter().map(|(old, new)| format!("{old} → {new}")).collect();
        if !moved.is_empty() {
            warnings.push(Error::new(
                &file,
                &at,
                format!(
                    "the path templates {into} and {from} differ only in parameter names; the operations of {from} ({}) are joined under {into}{}",
                    moved.join(", "),
                    if renamed.is_empty() { String::new() } else { format!(" (path parameters renamed: {})", renamed.join(", ")) }
                ),
                format!("rename the template in the overlay (`{EXTENSION}` `paths` for a merged document) to make the join explicit"),
            ));
        }
        for method in &kept {
            warnings.push(Error::new(
                &file,
                pointer::push(&at, method),
                format!("the path templates {into} and {from} differ only in parameter names and both have `{method}`; this operation stays under {from}"),
                "rename the path template or remove one of the operations in the overlay",
            ));
        }
        if !kept.is_empty() {
            for key in moved {
                item.shift_remove(key);
            }
            paths.insert(from, Value::Object(item));
        } else {
            // What else the path item says (summary, servers, extensions) joins too, unless the
            // first template says it.
            for (key, value) in item {
                if key != "parameters" && !target.contains_key(&key) {
                    target.insert(key, value);
                }
            }
        }
    }
    warnings
}

/// Adds the path item's `shared` parameters to `operation`, unless it defines a parameter of
/// the same name and location itself (OpenAPI's rule). `root` resolves `$ref`'d parameters.
fn inherit(operation: &mut Value, shared: &Value, root: &Value) {
    let Some(operation) = operation.as_object_mut() else { return };
    let own: Vec<(String, String)> = operation
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| identity(p, root))
        .collect();
    let added: Vec<Value> = shared
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| identity(p, root).is_none_or(|id| !own.contains(&id)))
        .cloned()
        .collect();
    if added.is_empty() {
        return;
    }
    let list = operation.entry("parameters").or_insert_with(|| Value::Array(Vec::new()));
    if let Some(list) = list.as_array_mut() {
        list.extend(added);
    }
}

/// The (name, location) of a parameter, following a local `$ref`.
fn identity(parameter: &Value, root: &Value) -> Option<(String, String)> {
    let node = crate::resolve::Node { ptr: String::new(), value: parameter };
    let parameter = crate::resolve::deref(root, &node).ok()?.value;
    Some((parameter.get("name")?.as_str()?.to_owned(), parameter.get("in")?.as_str()?.to_owned()))
}

/// Renames the path parameters of `operation` as `renames` (old → new) says; a `$ref`'d
/// one becomes a renamed copy of its target (the component stays as it is for the others).
fn rename_path_parameters(operation: &mut Value, renames: &[(String, String)], root: &Value) {
    if renames.is_empty() {
        return;
    }
    let Some(list) = operation.get_mut("parameters").and_then(Value::as_array_mut) else { return };
    for parameter in list {
        let node = crate::resolve::Node { ptr: String::new(), value: parameter };
        let Ok(resolved) = crate::resolve::deref(root, &node) else { continue };
        if resolved.value.get("in").and_then(Value::as_str) != Some("path") {
            continue;
        }
        let name = resolved.value.get("name").and_then(Value::as_str).unwrap_or_default();
        let Some((_, new)) = renames.iter().find(|(old, _)| old == name) else { continue };
        let mut copy = resolved.value.clone();
        copy["name"] = Value::String(new.clone());
        *parameter = copy;
    }
}

/// The names in `{…}` of a path template, in order (`/a/{x}/b/{y}` → `x`, `y`).
pub fn template_names(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        names.push(rest[open + 1..open + close].to_owned());
        rest = &rest[open + close + 1..];
    }
    names
}

/// A template with its parameter names left out: `/a/{x}/b` → `/a/{}/b`.
fn template_shape(path: &str) -> String {
    let mut shape = String::with_capacity(path.len());
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                shape.push('{');
            }
            '}' if inside => {
                inside = false;
                shape.push('}');
            }
            _ if inside => {}
            c => shape.push(c),
        }
    }
    shape
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::{join_templates, merge};

    fn folder(name: &str, files: &[(&str, serde_json::Value)]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("merge-test-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (file, value) in files {
            std::fs::write(dir.join(file), serde_json::to_string(value).unwrap()).unwrap();
        }
        dir
    }

    #[test]
    fn paths_and_components_merge_and_references_become_local() {
        let dir = folder(
            "ok",
            &[(
                "B.json",
                json!({"paths": {"/b": {"get": {"responses": {"200": {"$ref": "./B.json#/components/responses/ok"}}}},
                                  "/a": {"post": {"requestBody": {"$ref": "./A.json#/components/requestBodies/same"}}}},
                       "components": {"responses": {"ok": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/b"}}}}},
                                      "schemas": {"b": {"type": "string"}, "shared": {"type": "integer"}}}}),
            )],
        );
        let mut main = json!({"paths": {"/a": {"get": {}}},
            "components": {"schemas": {"shared": {"type": "integer"}}, "requestBodies": {"same": {"content": {}}}}});
        let (b, shown_b) = (dir.join("B.json"), Path::new("specs/x/B.json"));
        let merged =
            merge(&mut main, &dir.join("A.json"), Path::new("specs/x/A.json"), &[(&b, shown_b)], None).unwrap();
        assert_eq!(main.pointer("/paths/~1a/post/requestBody/$ref").unwrap(), "#/components/requestBodies/same");
        assert!(main.pointer("/paths/~1a/get").is_some());
        assert_eq!(main.pointer("/paths/~1b/get/responses/200/$ref").unwrap(), "#/components/responses/ok");
        assert_eq!(
            main.pointer("/components/responses/ok/content/application~1json/schema/$ref").unwrap(),
            "#/components/schemas/b"
        );
        assert_eq!(merged.files.len(), 1);
        assert!(merged.imports.iter().any(|i| i.local == "/paths/~1b/get" && i.shown == shown_b));
        assert!(merged.imports.iter().any(|i| i.local == "/components/schemas/b"));
        // `shared` is defined alike in both: it is the main document's.
        assert!(!merged.imports.iter().any(|i| i.local == "/components/schemas/shared"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_component_defined_differently_is_an_error_unless_the_overlay_resolves_it() {
        let other = json!({"paths": {"/t/{caseId}/x": {"get": {"parameters": [{"$ref": "#/components/parameters/limit"}]}}},
            "components": {"parameters": {"limit": {"name": "limit", "in": "query", "description": "tags"}},
                           "schemas": {"data": {"type": "array"}}}});
        let dir = folder("conflict", &[("B.json", other)]);
        let main = json!({"paths": {"/t/{id}/x": {"post": {}}}, "components": {
            "parameters": {"limit": {"name": "limit", "in": "query", "description": "tickets"}},
            "schemas": {"data": {"type": "object"}}}});
        let (b, shown_b) = (dir.join("B.json"), Path::new("specs/x/B.json"));
        let (a, shown_a) = (dir.join("A.json"), Path::new("specs/x/A.json"));
        let err = merge(&mut main.clone(), &a, shown_a, &[(&b, shown_b)], None).unwrap_err();
        assert_eq!(err.file, shown_b);
        assert_eq!(err.pointer, "/components/parameters/limit");
        assert!(err.message.contains("specs/x/A.json#/components/parameters/limit"), "{err}");

        let overlay = json!({"x-merge": {
            "components": [
                {"component": "parameters/limit", "keep": "A.json", "description": "the same parameter"},
                {"component": "schemas/data", "rename": {"B.json": "tagList"}, "description": "two types"}
            ],
            "paths": [{"document": "B.json", "path": "/t/{caseId}/x", "to": "/t/{id}/x", "description": "one template"}]
        }});
        let mut merged = main.clone();
        merge(&mut merged, &a, shown_a, &[(&b, shown_b)], Some((&overlay, Path::new("o.yaml")))).unwrap();
        assert_eq!(merged.pointer("/components/parameters/limit/description").unwrap(), "tickets");
        assert_eq!(merged.pointer("/components/schemas/tagList/type").unwrap(), "array");
        assert_eq!(merged.pointer("/components/schemas/data/type").unwrap(), "object");
        assert!(merged.pointer("/paths/~1t~1{id}~1x/get").is_some());
        assert!(merged.pointer("/paths/~1t~1{id}~1x/post").is_some());
        let joined = merged.clone();
        assert!(join_templates(&mut merged, shown_a, &mut []).is_empty());
        assert_eq!(merged, joined);

        // Without the path rename the two templates are joined, with a warning naming the
        // document and the pointer of the second one; its operation moves with its import.
        let mut clash = main.clone();
        let overlay = json!({"x-merge": {"components": [
            {"component": "parameters/limit", "keep": "A.json", "description": "d"},
            {"component": "schemas/data", "rename": {"B.json": "tagList"}, "description": "d"}]}});
        let mut imports =
            merge(&mut clash, &a, shown_a, &[(&b, shown_b)], Some((&overlay, Path::new("o.yaml")))).unwrap().imports;
        let warnings = join_templates(&mut clash, shown_a, &mut imports);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].file, shown_b);
        assert_eq!(warnings[0].pointer, "/paths/~1t~1{caseId}~1x");
        assert!(warnings[0].message.contains("differ only in parameter names"), "{}", warnings[0]);
        assert!(warnings[0].message.contains("caseId → id"), "{}", warnings[0]);
        assert!(clash.pointer("/paths/~1t~1{caseId}~1x").is_none());
        assert!(clash.pointer("/paths/~1t~1{id}~1x/get").is_some());
        assert!(imports.iter().any(|i| i.local == "/paths/~1t~1{id}~1x/get" && i.file == b));

        // A stale entry is an error.
        let stale = json!({"x-merge": {"components": [{"component": "schemas/nope", "rename": {"B.json": "x"}, "description": "d"}]}});
        let err =
            merge(&mut main.clone(), &a, shown_a, &[(&b, shown_b)], Some((&stale, Path::new("o.yaml")))).unwrap_err();
        assert_eq!(err.pointer, "/x-merge/components/0");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn the_same_operation_in_two_documents_is_an_error() {
        let dir = folder("dup", &[("B.json", json!({"paths": {"/a": {"get": {"operationId": "b"}}}}))]);
        let mut main = json!({"paths": {"/a": {"get": {"operationId": "a"}}}});
        let (b, shown_b) = (dir.join("B.json"), Path::new("specs/x/B.json"));
        let err =
            merge(&mut main, &dir.join("A.json"), Path::new("specs/x/A.json"), &[(&b, shown_b)], None).unwrap_err();
        assert_eq!(err.pointer, "/paths/~1a/get");
        assert!(err.message.contains("specs/x/A.json"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
