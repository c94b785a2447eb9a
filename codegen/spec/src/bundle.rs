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
use crate::load;

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
        files: HashMap::new(),
        imported: BTreeMap::new(),
        taken,
        additions: Vec::new(),
    };
    bundler.rewrite(spec, path, "")?;
    let components = spec
        .as_object_mut()
        .ok_or_else(|| Error::new(display, "", "the document is not an object", "check the file"))?
        .entry("components")
        .or_insert_with(|| Value::Object(Default::default()));
    for (section, name, value) in bundler.additions {
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
        .filter_map(|(file, document)| document.as_ref().map(|d| (shown_beside(display, file), d.sha256.clone())))
        .collect();
    used.sort();
    let mut warnings: Vec<Error> =
        bundler.files.values().flatten().flat_map(|document| document.warnings.iter().cloned()).collect();
    warnings.sort_by(|a, b| (&a.file, &a.pointer).cmp(&(&b.file, &b.pointer)));
    let imports = bundler
        .imported
        .into_iter()
        .map(|((file, pointer), local)| Import { local, shown: shown_beside(display, &file), file, pointer })
        .collect();
    Ok(Bundled { files: used, imports, warnings })
}

struct Bundler {
    main: PathBuf,
    display: PathBuf,
    files: HashMap<PathBuf, Option<load::Document>>,
    /// (file, pointer) → local `/components/<section>/<name>` pointer.
    imported: BTreeMap<(PathBuf, String), String>,
    /// Component names in use in the main document: (section, name).
    taken: HashSet<(String, String)>,
    additions: Vec<(String, String, Value)>,
}

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
                        Some((relative, pointer)) => (folder.join(relative), pointer.to_owned()),
                        None => (folder.join(&reference), String::new()),
                    };
                    let at_ref = format!("{at}/$ref");
                    if target != file {
                        self.check_inside(&reference, &target, file, &at_ref)?;
                    }
                    if !same_file(&target, &self.main) {
                        if let Some(local) = self.import(&target, &pointer, &reference, (file, &at_ref))? {
                            map.insert("$ref".into(), Value::String(format!("#{local}")));
                        }
                    }
                    return Ok(());
                }
                for (key, value) in map.iter_mut() {
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
        let shown = shown_beside(&self.display, file);
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
        let root = self.main.parent().unwrap_or(Path::new(".")).canonicalize();
        match (root, target.canonicalize()) {
            (Ok(root), Ok(target)) if target.starts_with(&root) => Ok(()),
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

    /// Copies the component at `pointer` of `file` into the main document;
    /// `None` when the file does not exist. `from` is the file and pointer of the `$ref`,
    /// which errors name.
    fn import(&mut self, file: &Path, pointer: &str, reference: &str, from: (&Path, &str)) -> Result<Option<String>> {
        let (from_shown, at) = (shown_beside(&self.display, from.0), from.1);
        let key = (file.to_path_buf(), pointer.to_owned());
        if let Some(local) = self.imported.get(&key) {
            return Ok(Some(local.clone()));
        }
        if !self.files.contains_key(file) {
            let document = if file.is_file() {
                let document = load::load(file, &shown_beside(&self.display, file)).map_err(|err| {
                    Error::new(
                        &from_shown,
                        at,
                        format!(
                            "$ref {reference:?} reaches a file that cannot be read: {}",
                            err.to_string().replace('\n', " ")
                        ),
                        err.fix,
                    )
                })?;
                Some(document)
            } else {
                None
            };
            self.files.insert(file.to_path_buf(), document);
        }
        let Some(document) = self.files.get(file).and_then(Option::as_ref) else { return Ok(None) };
        let tokens: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
        let ["components", section, name] = tokens.as_slice() else {
            return Err(Error::new(
                &from_shown,
                at,
                format!("cross-file $ref {reference:?} does not point at a component"),
                "point it at #/components/<section>/<name> of that file",
            ));
        };
        let Some(mut value) = document.value.pointer(pointer).cloned() else {
            return Err(Error::new(
                &from_shown,
                at,
                format!("cross-file $ref {reference:?} points at nothing"),
                "fix the $ref, or vendor the right version of that file",
            ));
        };
        let (section, mut name) = ((*section).to_owned(), (*name).to_owned());
        if self.taken.contains(&(section.clone(), name.clone())) {
            let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("external");
            name = format!("{name}_{stem}");
        }
        self.taken.insert((section.clone(), name.clone()));
        let local = format!("/components/{section}/{name}");
        self.imported.insert(key, local.clone());
        self.rewrite(&mut value, file, pointer)?;
        self.additions.push((section, name, value));
        Ok(Some(local))
    }
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
