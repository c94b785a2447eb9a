//! Bundling: cross-file `$ref`s (`./Common.json#/components/parameters/orgId`) become local ones.
//!
//! Each referenced component is copied once into the main document's
//! `components` (same section, same name; `<name>_<file stem>` when the name
//! is taken), and the `$ref`s inside it are rewritten relative to the file it
//! came from. A `$ref` to a file that does not exist is left as it is, so that
//! an overlay can still remove the operation using it; normalization reports
//! any that remain.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::{load, resolve};

/// Bundles `spec` (read from `path`, shown as `display`). Returns the extra
/// files read (as shown beside `display`) with their sha256.
///
/// # Errors
/// A referenced file that exists but does not parse, or a cross-file `$ref`
/// to something that is not a component.
pub fn bundle(spec: &mut Value, path: &Path, display: &Path) -> Result<Vec<(PathBuf, String)>> {
    bundle_traced(spec, path, display).map(|bundled| bundled.files)
}

/// One component copied into the main document from another file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// Its pointer in the bundled document, `/components/<section>/<name>`.
    pub local: String,
    /// The file it was read from.
    pub file: PathBuf,
    /// That file as shown beside the spec (`specs/zoho-desk/Common.json`).
    pub shown: PathBuf,
    /// Its pointer in that file.
    pub pointer: String,
}

/// What [`bundle_traced`] did: the files read and the components imported from them.
#[derive(Debug, Clone, Default)]
pub struct Bundled {
    /// The extra files read (as shown beside the spec) with their sha256.
    pub files: Vec<(PathBuf, String)>,
    /// Every imported component, so that a location in the bundled document can be traced
    /// back to the vendored file it came from.
    pub imports: Vec<Import>,
    /// The warnings of reading those files ([`load::Document::warnings`]).
    pub warnings: Vec<Error>,
}

/// [`bundle`], also returning where each imported component came from.
///
/// # Errors
/// As [`bundle`].
pub fn bundle_traced(spec: &mut Value, path: &Path, display: &Path) -> Result<Bundled> {
    let taken = spec
        .get("components")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .flat_map(|(section, names)| {
            names.as_object().into_iter().flatten().map(move |(name, _)| (section.clone(), name.clone()))
        })
        .collect();
    let mut bundler = Bundler {
        main: path.to_path_buf(),
        display: display.to_path_buf(),
        root: path.parent().unwrap_or(Path::new(".")).canonicalize(),
        files: HashMap::new(),
        imported: BTreeMap::new(),
        taken,
        additions: Vec::new(),
        inlined: HashMap::new(),
        inlining: Vec::new(),
        budget: INLINE_ALLOWANCE,
        inlines: Vec::new(),
        pending: Vec::new(),
    };
    bundler.rewrite(spec, path, "")?;
    while let Some(Pending { file, pointer, section, name, mut value }) = bundler.pending.pop() {
        bundler.rewrite(&mut value, &file, &pointer)?;
        bundler.additions.push((section, name, value));
    }
    let components = spec
        .as_object_mut()
        .ok_or_else(|| Error::new(display, "", "the document is not an object", "check the file"))?
        .entry("components")
        .or_insert_with(|| Value::Object(Default::default()));
    for (section, name, value) in std::mem::take(&mut bundler.additions) {
        if let Some(components) = components.as_object_mut() {
            let section = components.entry(section).or_insert_with(|| Value::Object(Default::default()));
            if let Some(section) = section.as_object_mut() {
                section.insert(name, value);
            }
        }
    }
    let mut used: Vec<(PathBuf, String)> = bundler
        .files
        .iter()
        .filter_map(|(file, document)| document.as_ref().map(|d| (bundler.shown(file), d.sha256.clone())))
        .collect();
    used.sort();
    let mut warnings: Vec<Error> =
        bundler.files.values().flatten().flat_map(|document| document.warnings.iter().cloned()).collect();
    warnings.sort_by(|a, b| (&a.file, &a.pointer).cmp(&(&b.file, &b.pointer)));
    let mut imports: Vec<Import> = bundler
        .imported
        .iter()
        .map(|((file, pointer), local)| Import {
            local: local.clone(),
            shown: bundler.shown(file),
            file: file.clone(),
            pointer: pointer.clone(),
        })
        .collect();
    imports.extend(bundler.inlines.iter().map(|(local, file, pointer)| Import {
        local: local.clone(),
        shown: bundler.shown(file),
        file: file.clone(),
        pointer: pointer.clone(),
    }));
    Ok(Bundled { files: used, imports, warnings })
}

struct Bundler {
    main: PathBuf,
    display: PathBuf,
    /// The spec's folder after resolving links, which every file read must be inside.
    root: std::io::Result<PathBuf>,
    files: HashMap<PathBuf, Option<load::Document>>,
    /// (file, pointer) → local `/components/<section>/<name>` pointer.
    imported: BTreeMap<(PathBuf, String), String>,
    /// Component names in use in the main document: (section, name).
    taken: HashSet<(String, String)>,
    additions: Vec<(String, String, Value)>,
    /// Values inlined where they are referenced (path items, responses, parameters, plain
    /// values…), each rewritten once: (file, pointer) → the value.
    inlined: HashMap<(PathBuf, String), Value>,
    /// The values being inlined, outermost first, for telling a cycle.
    inlining: Vec<(PathBuf, String)>,
    /// Values that may still be copied by inlining (a guard against references that fan out).
    budget: usize,
    /// Values inlined into the main document: (local pointer, file, pointer in that file).
    inlines: Vec<(String, PathBuf, String)>,
    /// Components named but whose own `$ref`s are not rewritten yet: a worklist, so that a
    /// long chain of files (`m0.yml → m1.yml → …`) does not nest calls.
    pending: Vec<Pending>,
}

/// A component copied from `pointer` of `file`, to be rewritten and added as `section`/`name`.
struct Pending {
    file: PathBuf,
    pointer: String,
    section: String,
    name: String,
    value: Value,
}

/// How many values may be inlined one inside another (`a.yml` inlines `b.yml`, which …).
const MAX_INLINE_DEPTH: usize = 64;

/// How many values inlining may copy, beyond four times the values of the files read.
const INLINE_ALLOWANCE: usize = 1_000_000;

impl Bundler {
    /// Rewrites every `$ref` inside `node`, which comes from `file`.
    /// `at` is the JSON pointer of `node` in `file`, for errors.
    fn rewrite(&mut self, node: &mut Value, file: &Path, at: &str) -> Result<()> {
        match node {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Value::as_str).map(str::to_owned) {
                    let folder = file.parent().unwrap_or(Path::new("."));
                    let (target, pointer) = match reference.split_once('#') {
                        Some(("", pointer)) => (file.to_path_buf(), pointer.to_owned()),
                        Some((relative, pointer)) => (normalized(&folder.join(relative)), pointer.to_owned()),
                        None => (normalized(&folder.join(&reference)), String::new()),
                    };
                    let at_ref = format!("{at}/$ref");
                    if target != file {
                        self.check_inside(&reference, &target, file, &at_ref)?;
                    }
                    if same_file(&target, &self.main) {
                        // A file's reference back into the spec itself is a local one, and so
                        // is the spec's own reference to itself by file name (`./Same.json#/…`).
                        if file != self.main || !reference.starts_with('#') {
                            map.insert("$ref".into(), Value::String(format!("#{pointer}")));
                        }
                        return Ok(());
                    }
                    match self.import(&target, &pointer, &reference, (file, at))? {
                        Some(Resolved::Component(local)) => {
                            map.insert("$ref".into(), Value::String(format!("#{local}")));
                        }
                        Some(Resolved::Inlined(value)) => {
                            if file == self.main {
                                self.inlines.push((at.to_owned(), target.clone(), pointer.clone()));
                            }
                            *node = value;
                        }
                        None => {}
                    }
                    return Ok(());
                }
                for (key, value) in map.iter_mut() {
                    if resolve::is_data(at, key, value) {
                        continue;
                    }
                    self.rewrite(value, file, &format!("{at}/{}", crate::error::escape_token(key)))?;
                }
            }
            Value::Array(items) => {
                for (index, value) in items.iter_mut().enumerate() {
                    self.rewrite(value, file, &format!("{at}/{index}"))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A cross-file reference may only reach files inside the spec's own folder (after
    /// resolving `..` and symbolic links): never `/etc/passwd`, `../elsewhere/…` or a URL.
    fn check_inside(&self, reference: &str, target: &Path, file: &Path, at: &str) -> Result<()> {
        let shown = self.shown(file);
        let refuse = |why: &str| {
            Err(Error::new(
                &shown,
                at,
                format!("$ref {reference:?} {why}"),
                "vendor the referenced file into the provider's folder, or replace the $ref in the overlay",
            ))
        };
        if reference.contains("://") {
            return refuse("is a remote reference; only files in the spec's folder are read");
        }
        match (&self.root, target.canonicalize()) {
            (Ok(root), Ok(target)) if target.starts_with(root) => Ok(()),
            (Ok(_), Ok(_)) => refuse("reaches outside the spec's folder"),
            // A file that does not exist is reported where it is used (a dangling reference).
            (_, Err(_))
                if !Path::new(reference.split('#').next().unwrap_or("")).is_absolute() && !reference.contains("..") =>
            {
                Ok(())
            }
            _ => refuse("reaches outside the spec's folder"),
        }
    }

    /// How `file` is shown: beside the spec, in its folder relative to the spec's.
    fn shown(&self, file: &Path) -> PathBuf {
        let folder = self.main.parent().unwrap_or(Path::new(""));
        match file.strip_prefix(folder) {
            Ok(relative) => self.display.parent().unwrap_or(Path::new("")).join(relative),
            Err(_) => shown_beside(&self.display, file),
        }
    }

    /// What the `$ref` at `from` (the file and the pointer of the object holding it) to
    /// `pointer` of `file` becomes: a component of the main document (a component of that
    /// file, or a schema reached from a schema's place), or the value itself, inlined;
    /// `None` when the file does not exist.
    fn import(&mut self, file: &Path, pointer: &str, reference: &str, from: (&Path, &str)) -> Result<Option<Resolved>> {
        let (from_shown, at) = (self.shown(from.0), format!("{}/$ref", from.1));
        let key = (file.to_path_buf(), pointer.to_owned());
        if let Some(local) = self.imported.get(&key) {
            return Ok(Some(Resolved::Component(local.clone())));
        }
        if !self.files.contains_key(file) {
            let document = if file.is_file() {
                let document = load::load(file, &self.shown(file)).map_err(|err| {
                    Error::new(
                        &from_shown,
                        &at,
                        format!(
                            "$ref {reference:?} reaches a file that cannot be read: {}",
                            err.to_string().replace('\n', " ")
                        ),
                        err.fix,
                    )
                })?;
                self.budget = self.budget.saturating_add(size(&document.value).saturating_mul(4));
                Some(document)
            } else {
                None
            };
            self.files.insert(file.to_path_buf(), document);
        }
        let Some(document) = self.files.get(file).and_then(Option::as_ref) else { return Ok(None) };
        let Some(value) = crate::pointer::get(&document.value, pointer) else {
            return Err(Error::new(
                &from_shown,
                &at,
                format!("cross-file $ref {reference:?} points at nothing"),
                "fix the $ref, or vendor the right version of that file",
            ));
        };
        let tokens = crate::pointer::tokens(pointer);
        let (section, name) = match tokens.as_slice() {
            [components, section, name] if components == "components" => (section.clone(), name.clone()),
            _ if is_schema_place(from.1) => {
                let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("external");
                ("schemas".to_owned(), tokens.last().cloned().unwrap_or_else(|| stem.to_owned()))
            }
            _ => return self.inline(key, reference, (&from_shown, &at)).map(|value| Some(Resolved::Inlined(value))),
        };
        let value = value.clone();
        let mut name = name;
        if self.taken.contains(&(section.clone(), name.clone())) {
            let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("external");
            let base = format!("{name}_{stem}");
            name = base.clone();
            let mut counter = 2;
            while self.taken.contains(&(section.clone(), name.clone())) {
                name = format!("{base}_{counter}");
                counter += 1;
            }
        }
        self.taken.insert((section.clone(), name.clone()));
        let local =
            format!("/components/{}/{}", crate::error::escape_token(&section), crate::error::escape_token(&name));
        self.imported.insert(key, local.clone());
        self.pending.push(Pending { file: file.to_path_buf(), pointer: pointer.to_owned(), section, name, value });
        Ok(Some(Resolved::Component(local)))
    }

    /// The value at `key` (file, pointer) with its own `$ref`s rewritten relative to its
    /// file, to be copied where it is referenced. `from` is the shown file and pointer of the
    /// `$ref`, which errors name.
    fn inline(&mut self, key: (PathBuf, String), reference: &str, from: (&Path, &str)) -> Result<Value> {
        if self.inlining.len() >= MAX_INLINE_DEPTH {
            return Err(Error::new(
                from.0,
                from.1,
                format!("cross-file $ref {reference:?} inlines values more than {MAX_INLINE_DEPTH} deep"),
                "point the $ref at its final target in the overlay",
            ));
        }
        if self.inlining.contains(&key) {
            return Err(Error::new(
                from.0,
                from.1,
                format!("cross-file $ref {reference:?} is part of a cycle of $refs to values that are not schemas"),
                "break the cycle in the overlay",
            ));
        }
        let value = match self.inlined.get(&key) {
            Some(value) => value.clone(),
            None => {
                let (file, pointer) = &key;
                let document = self.files.get(file).and_then(Option::as_ref);
                let mut value =
                    document.and_then(|d| crate::pointer::get(&d.value, pointer)).cloned().unwrap_or_default();
                self.inlining.push(key.clone());
                let rewritten = self.rewrite(&mut value, file, pointer);
                self.inlining.pop();
                rewritten?;
                self.inlined.insert(key, value.clone());
                value
            }
        };
        let copied = size(&value);
        if copied > self.budget {
            return Err(Error::new(
                from.0,
                from.1,
                format!(
                    "inlining the cross-file $refs used here copies more than {} values (references that fan out)",
                    self.budget
                ),
                "make the shared part a component of the spec, in the overlay",
            ));
        }
        self.budget -= copied;
        Ok(value)
    }
}

/// What a cross-file `$ref` becomes.
enum Resolved {
    /// A local reference to this component of the main document.
    Component(String),
    /// The referenced value, to replace the reference.
    Inlined(Value),
}

/// Whether the object at `at` (a pointer in its file) is in a schema's place: the schema of
/// a parameter, header or media type, a named schema, a property, an item, a member of
/// `allOf`/`anyOf`/`oneOf`, … Schemas reached by a cross-file `$ref` stay named components
/// (they may be recursive); any other value is inlined.
fn is_schema_place(at: &str) -> bool {
    let tokens = crate::pointer::tokens(at);
    let last = tokens.last().map(String::as_str);
    let before = tokens.len().checked_sub(2).and_then(|i| tokens.get(i)).map(String::as_str);
    matches!(
        last,
        Some(
            "schema"
                | "items"
                | "additionalProperties"
                | "not"
                | "contains"
                | "propertyNames"
                | "additionalItems"
                | "unevaluatedItems"
                | "unevaluatedProperties"
                | "if"
                | "then"
                | "else"
        )
    ) || matches!(
        before,
        Some(
            "properties"
                | "patternProperties"
                | "definitions"
                | "$defs"
                | "dependentSchemas"
                | "allOf"
                | "anyOf"
                | "oneOf"
                | "prefixItems"
        )
    ) || (before == Some("schemas") && tokens.len() >= 3 && tokens[tokens.len() - 3] == "components")
}

/// `path` with its `.` and `..` components resolved without reading the file system, so that
/// each file is read once however it is reached (`a/../b.yml` and `b.yml`).
fn normalized(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir
                if out.components().next_back().is_some_and(|c| matches!(c, std::path::Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The number of values in `value` (objects, arrays and scalars).
fn size(value: &Value) -> usize {
    let mut count = 0usize;
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        count += 1;
        match value {
            Value::Object(map) => pending.extend(map.values()),
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    count
}

/// How `file`, read beside the spec shown as `display`, is shown: `display`'s folder and its name.
fn shown_beside(display: &Path, file: &Path) -> PathBuf {
    display.parent().unwrap_or(Path::new("")).join(file.file_name().unwrap_or_default())
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::bundle;
    use serde_json::json;

    #[test]
    fn cross_file_refs_become_local_components() {
        let dir = std::env::temp_dir().join(format!("bundle-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("Common.json"),
            r##"{"components": {"parameters": {"orgId": {"name": "orgId", "in": "query", "schema": {"$ref": "#/components/schemas/id"}}},
                 "schemas": {"id": {"type": "string"}}}}"##,
        )
        .unwrap();
        let main = dir.join("Ticket.json");
        let mut spec = json!({"paths": {"/t": {"get": {"parameters": [
            {"$ref": "./Common.json#/components/parameters/orgId"},
            {"$ref": "./Missing.json#/components/parameters/x"}
        ]}}}, "components": {"schemas": {"id": {"type": "integer"}}}});
        let used = bundle(&mut spec, &main, std::path::Path::new("specs/z/Ticket.json")).unwrap();
        assert_eq!(spec.pointer("/paths/~1t/get/parameters/0/$ref").unwrap(), "#/components/parameters/orgId");
        // The imported parameter's own $ref is rewritten; `id` was taken by the main document.
        assert_eq!(spec.pointer("/components/parameters/orgId/schema/$ref").unwrap(), "#/components/schemas/id_Common");
        assert_eq!(spec.pointer("/components/schemas/id_Common/type").unwrap(), "string");
        // A missing file is left for the overlay (or normalization) to deal with.
        assert_eq!(
            spec.pointer("/paths/~1t/get/parameters/1/$ref").unwrap(),
            "./Missing.json#/components/parameters/x"
        );
        assert_eq!(used.len(), 1);
        assert_eq!(used[0].0, std::path::Path::new("specs/z/Common.json"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn the_specs_own_file_name_is_a_local_reference() {
        // Zoho Desk's TicketFollowers.json refers to its own components as
        // `./TicketFollowers.json#/…`; read as the main spec, that is `#/…`.
        let dir = std::env::temp_dir().join(format!("bundle-self-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let main = dir.join("Same.json");
        let mut spec = json!({"paths": {"/a": {"get": {"responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": "./Same.json#/components/schemas/item"}}}}}}}},
            "components": {"schemas": {"item": {"type": "object", "properties": {
                "next": {"$ref": "Same.json#/components/schemas/item"},
                "same": {"$ref": "#/components/schemas/item"}}}}}});
        let used = bundle(&mut spec, &main, std::path::Path::new("specs/z/Same.json")).unwrap();
        let schema = "/paths/~1a/get/responses/200/content/application~1json/schema/$ref";
        assert_eq!(spec.pointer(schema).unwrap(), "#/components/schemas/item");
        assert_eq!(spec.pointer("/components/schemas/item/properties/next/$ref").unwrap(), "#/components/schemas/item");
        assert_eq!(spec.pointer("/components/schemas/item/properties/same/$ref").unwrap(), "#/components/schemas/item");
        // No other file was read, and no component was imported under a second name.
        assert!(used.is_empty());
        assert_eq!(spec.pointer("/components/schemas").unwrap().as_object().unwrap().len(), 1);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn any_object_of_a_file_in_the_folder_is_bundled() {
        let dir = std::env::temp_dir().join(format!("bundle-any-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("paths")).unwrap();
        std::fs::create_dir_all(dir.join("models")).unwrap();
        std::fs::write(dir.join("text.yml"), "intro: Hello.\n").unwrap();
        std::fs::write(
            dir.join("paths/item.yml"),
            "get:\n  parameters: [{$ref: '../common.yml#/limit'}]\n  responses:\n    '200':\n      description: ok\n      \
             content: {application/json: {schema: {$ref: '../models/node.yml'}}}\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("common.yml"),
            "limit: {name: limit, in: query, schema: {$ref: 'models/node.yml#/properties/id'}}\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("models/node.yml"),
            "type: object\nproperties:\n  id: {type: integer}\n  next: {$ref: '#'}\n  same: {$ref: '../models/./node.yml'}\n  \
             example: {default: {$ref: 'nowhere.yml'}}\n",
        )
        .unwrap();
        let main = dir.join("openapi.yaml");
        let mut spec = json!({"info": {"description": {"$ref": "text.yml#/intro"}},
            "paths": {"/a": {"$ref": "paths/item.yml"}}, "components": {"schemas": {"node": {"type": "string"}}}});
        let bundled = super::bundle_traced(&mut spec, &main, std::path::Path::new("specs/z/openapi.yaml")).unwrap();
        // A plain value, a path item and a parameter are inlined where they are referenced.
        assert_eq!(spec.pointer("/info/description").unwrap(), "Hello.");
        assert_eq!(spec.pointer("/paths/~1a/get/parameters/0/name").unwrap(), "limit");
        // A schema reached from a schema's place is a component named after its file (here
        // `node` is taken) or its last token; its own `$ref`s, relative to its file, follow.
        let schema = "/paths/~1a/get/responses/200/content/application~1json/schema/$ref";
        assert_eq!(spec.pointer(schema).unwrap(), "#/components/schemas/node_node");
        assert_eq!(spec.pointer("/paths/~1a/get/parameters/0/schema/$ref").unwrap(), "#/components/schemas/id");
        let node = spec.pointer("/components/schemas/node_node").unwrap();
        assert_eq!(node.pointer("/properties/next/$ref").unwrap(), "#/components/schemas/node_node");
        assert_eq!(node.pointer("/properties/same/$ref").unwrap(), "#/components/schemas/node_node");
        // Data is not a reference: the example keeps its `$ref` and `nowhere.yml` is not read.
        assert_eq!(node.pointer("/properties/example/default/$ref").unwrap(), "nowhere.yml");
        let files: Vec<String> = bundled.files.iter().map(|(f, _)| f.display().to_string()).collect();
        assert_eq!(
            files,
            ["specs/z/common.yml", "specs/z/models/node.yml", "specs/z/paths/item.yml", "specs/z/text.yml"]
        );
        assert!(bundled.imports.iter().any(|i| i.local == "/paths/~1a" && i.shown.ends_with("paths/item.yml")));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_long_chain_of_files_is_read_once_each_without_nesting_calls() {
        let dir = std::env::temp_dir().join(format!("bundle-chain-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let n = 3_000;
        for i in 0..n {
            let next = (i + 1) % n;
            std::fs::write(dir.join(format!("m{i}.yml")), format!("properties: {{next: {{$ref: 'm{next}.yml'}}}}\n"))
                .unwrap();
        }
        let mut spec = json!({"components": {"schemas": {"root": {"$ref": "m0.yml"}}}});
        let bundled =
            super::bundle_traced(&mut spec, &dir.join("openapi.yaml"), std::path::Path::new("o.yaml")).unwrap();
        assert_eq!(bundled.files.len(), n);
        assert_eq!(spec.pointer("/components/schemas/m2999/properties/next/$ref").unwrap(), "#/components/schemas/m0");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_cycle_of_inlined_values_is_an_error() {
        let dir = std::env::temp_dir().join(format!("bundle-cycle-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.yml"), "get: {$ref: 'b.yml'}\n").unwrap();
        std::fs::write(dir.join("b.yml"), "responses: {$ref: 'a.yml'}\n").unwrap();
        let mut spec = json!({"paths": {"/a": {"$ref": "a.yml"}}});
        let err =
            bundle(&mut spec, &dir.join("openapi.yaml"), std::path::Path::new("specs/z/openapi.yaml")).unwrap_err();
        assert!(err.message.contains("cycle"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn references_may_not_leave_the_spec_folder() {
        let base = std::env::temp_dir().join(format!("bundle-escape-{}", std::process::id()));
        let dir = base.join("specs/acme");
        std::fs::create_dir_all(&dir).unwrap();
        let secret = r##"{"components": {"schemas": {"secret": {"description": "TOP SECRET"}}}}"##;
        std::fs::write(base.join("secret.json"), secret).unwrap();
        let main = dir.join("openapi.json");
        let shown = std::path::Path::new("specs/acme/openapi.json");
        let cases = [
            ("../../secret.json#/components/schemas/secret", "outside the spec's folder"),
            ("/etc/passwd#/components/schemas/x", "outside the spec's folder"),
            ("https://example.invalid/x.json#/components/schemas/x", "remote reference"),
        ];
        #[cfg(unix)]
        std::os::unix::fs::symlink(base.join("secret.json"), dir.join("link.json")).unwrap();
        #[cfg(unix)]
        let cases =
            [cases.as_slice(), &[("./link.json#/components/schemas/secret", "outside the spec's folder")]].concat();
        for (reference, why) in cases {
            let mut spec = json!({"components": {"schemas": {"t": {"properties": {"x": {"$ref": reference}}}}}});
            let err = bundle(&mut spec, &main, shown).expect_err(reference);
            assert_eq!(err.pointer, "/components/schemas/t/properties/x/$ref", "{reference}");
            assert!(err.message.contains(why), "{reference}: {err}");
            assert!(!serde_json::to_string(&spec).unwrap().contains("TOP SECRET"));
        }
        std::fs::remove_dir_all(&base).ok();
    }
}
