//! Loading a spec: reading the root file and every file it refers to through cross-file `$ref`s,
//! from the file system or from a git revision, and parsing YAML or JSON into `serde_json::Value`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::error::{Error, Result};

/// Where spec files come from: the working tree or a git revision.
pub trait SpecSource {
    /// Reads the file at `path`, a `/`-separated path in the source's own terms.
    fn read(&self, path: &str) -> std::result::Result<String, String>;
    /// A name for the file at `path` in messages (for example `REV:path` for git).
    fn describe(&self, path: &str) -> String;
}

/// Reads spec files from the file system, relative to a root folder (the current one by default).
#[derive(Debug, Default, Clone)]
pub struct FsSource {
    root: Option<PathBuf>,
}

impl FsSource {
    /// A source reading paths relative to `root` (paths in reports stay relative).
    pub fn rooted(root: &Path) -> FsSource {
        FsSource { root: Some(root.to_owned()) }
    }
}

impl SpecSource for FsSource {
    fn read(&self, path: &str) -> std::result::Result<String, String> {
        let full = match &self.root {
            Some(root) => root.join(path),
            None => PathBuf::from(path),
        };
        std::fs::read_to_string(full).map_err(|e| e.to_string())
    }

    fn describe(&self, path: &str) -> String {
        path.to_owned()
    }
}

/// Reads spec files from a git revision with `git show REV:path`.
#[derive(Debug, Clone)]
pub struct GitSource {
    /// The repository's top-level directory.
    pub repo: PathBuf,
    /// The revision (commit, tag, branch) to read from.
    pub rev: String,
}

impl SpecSource for GitSource {
    fn read(&self, path: &str) -> std::result::Result<String, String> {
        let output = Command::new("git")
            .arg("-C")
            .arg(&self.repo)
            .arg("show")
            .arg(format!("{}:{}", self.rev, path))
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if output.status.success() {
            String::from_utf8(output.stdout).map_err(|e| e.to_string())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
        }
    }

    fn describe(&self, path: &str) -> String {
        format!("{}:{}", self.rev, path)
    }
}

/// The text format of a spec file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// YAML (the default for anything that does not look like JSON).
    Yaml,
    /// JSON.
    Json,
}

/// One parsed file of a spec: the root file or a file reached through a cross-file `$ref`.
#[derive(Debug)]
pub struct Document {
    /// The path the source read it from.
    pub source_path: String,
    /// The path relative to the root file's directory (empty for the root file itself).
    pub rel: String,
    /// The text format.
    pub format: Format,
    /// The file's text, kept for locating pointers on lines.
    pub text: String,
    /// The parsed content.
    pub value: Value,
}

/// A loaded spec: its root document plus every document reachable through cross-file `$ref`s.
#[derive(Debug)]
pub struct Spec {
    /// A label for reports (the file path, or `REV:path`).
    pub label: String,
    /// The documents; index 0 is the root.
    pub docs: Vec<Document>,
    /// Files referred to but not loadable, by source path, with the reason.
    pub missing: BTreeMap<String, String>,
}

impl Spec {
    /// Loads the spec whose root file is `path` from `source`, following cross-file `$ref`s.
    ///
    /// Only the root file must exist: files it refers to that cannot be read or parsed
    /// are listed in [`Spec::missing`] and their references stay unresolved.
    pub fn load(source: &dyn SpecSource, path: &str) -> Result<Spec> {
        let label = source.describe(path);
        let text = source.read(path).map_err(|message| Error::Read { path: label.clone(), message })?;
        Spec::from_text(source, path, text)
    }

    /// Builds a spec from the root file's text already in hand (`path` names it in `source`).
    pub fn from_text(source: &dyn SpecSource, path: &str, text: String) -> Result<Spec> {
        let label = source.describe(path);
        let (format, value) = parse(&label, path, &text)?;
        check_openapi(&label, &value)?;
        let mut spec = Spec {
            label,
            docs: vec![Document { source_path: path.to_owned(), rel: String::new(), format, text, value }],
            missing: BTreeMap::new(),
        };
        spec.load_references(source);
        Ok(spec)
    }

    /// Parses a spec from text alone; cross-file references stay unresolved. Handy for tests.
    pub fn parse(name: &str, text: &str) -> Result<Spec> {
        struct NoFiles;
        impl SpecSource for NoFiles {
            fn read(&self, _: &str) -> std::result::Result<String, String> {
                Err("no other files are available".to_owned())
            }
            fn describe(&self, path: &str) -> String {
                path.to_owned()
            }
        }
        Spec::from_text(&NoFiles, name, text.to_owned())
    }

    /// The root document's content.
    pub fn root(&self) -> &Value {
        &self.docs[0].value
    }

    /// The index of the document read from `source_path`, if it was loaded.
    pub fn doc_index(&self, source_path: &str) -> Option<usize> {
        self.docs.iter().position(|d| d.source_path == source_path)
    }

    /// Loads, breadth first, every file that a loaded document refers to.
    fn load_references(&mut self, source: &dyn SpecSource) {
        let mut next = 0;
        while next < self.docs.len() {
            let mut files = Vec::new();
            collect_file_refs(&self.docs[next].value, &mut files);
            let base = self.docs[next].source_path.clone();
            for file in files {
                let target = join(&base, &file);
                if self.doc_index(&target).is_some() || self.missing.contains_key(&target) {
                    continue;
                }
                let label = source.describe(&target);
                let loaded = source.read(&target).and_then(|text| {
                    parse(&label, &target, &text)
                        .map(|(format, value)| (format, value, text))
                        .map_err(|e| e.to_string())
                });
                match loaded {
                    Ok((format, value, text)) => {
                        let rel = relative_to_root(&self.docs[0].source_path, &target);
                        self.docs.push(Document { source_path: target, rel, format, text, value });
                    }
                    Err(reason) => {
                        self.missing.insert(target, reason);
                    }
                }
            }
            next += 1;
        }
    }
}

/// Parses text as JSON (when the name or the first character says so) or YAML.
fn parse(label: &str, path: &str, text: &str) -> Result<(Format, Value)> {
    let looks_json = path.ends_with(".json") || text.trim_start().starts_with('{');
    if looks_json {
        if let Ok(value) = serde_json::from_str::<Value>(text) {
            return Ok((Format::Json, value));
        }
    }
    serde_yaml_ng::from_str::<Value>(text)
        .map(|value| (Format::Yaml, value))
        .map_err(|e| Error::Parse { path: label.to_owned(), message: e.to_string() })
}

/// Rejects documents that are not OpenAPI 3.x descriptions.
fn check_openapi(label: &str, value: &Value) -> Result<()> {
    let not = |message: &str| Error::NotOpenApi { path: label.to_owned(), message: message.to_owned() };
    let map = value.as_object().ok_or_else(|| not("the top level is not a mapping"))?;
    if map.contains_key("swagger") {
        return Err(not("Swagger 2.0 is not supported, only OpenAPI 3.x"));
    }
    if !map.contains_key("openapi") {
        return Err(not("there is no `openapi` version key"));
    }
    Ok(())
}

/// Collects the file parts of every cross-file `$ref` in a value (remote URLs excluded).
fn collect_file_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                let file = reference.split('#').next().unwrap_or_default();
                if !file.is_empty() && !file.contains("://") && !out.iter().any(|f| f == file) {
                    out.push(file.to_owned());
                }
            }
            map.values().for_each(|v| collect_file_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_file_refs(v, out)),
        _ => {}
    }
}

/// Resolves `reference` (a relative file path) against the directory of the file `base`.
pub fn join(base: &str, reference: &str) -> String {
    let dir = Path::new(base).parent().unwrap_or(Path::new(""));
    normalize(&dir.join(reference))
}

/// Normalizes a path lexically (`.` and `a/..` removed) and writes it with `/` separators.
pub fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    let absolute = path.has_root();
    for component in path.components() {
        match component {
            std::path::Component::CurDir | std::path::Component::RootDir => {}
            std::path::Component::ParentDir => {
                if parts.last().is_some_and(|p| p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..".to_owned());
                }
            }
            std::path::Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            std::path::Component::Prefix(prefix) => parts.push(prefix.as_os_str().to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// The path of `target` relative to the directory of the root file `root`.
fn relative_to_root(root: &str, target: &str) -> String {
    let dir = normalize(Path::new(root).parent().unwrap_or(Path::new("")));
    if dir.is_empty() {
        return target.to_owned();
    }
    match target.strip_prefix(&format!("{dir}/")) {
        Some(rest) => rest.to_owned(),
        None => target.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_paths() {
        assert_eq!(join("specs/zoho/Ticket.json", "./Common.json"), "specs/zoho/Common.json");
        assert_eq!(join("specs/zoho/Ticket.json", "../x/C.json"), "specs/x/C.json");
        assert_eq!(join("Ticket.json", "./Common.json"), "Common.json");
        assert_eq!(relative_to_root("specs/zoho/Ticket.json", "specs/zoho/Common.json"), "Common.json");
    }
}
