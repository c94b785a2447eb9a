//! The parts of `specs/<provider>/provider.toml` that spec-diff reads (parsed leniently:
//! unknown keys and sections belong to other tools and are ignored).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// A provider manifest, reduced to what spec-diff needs.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProviderManifest {
    /// The `[spec]` section.
    #[serde(default)]
    pub spec: SpecSection,
    /// The `[spec_diff]` section.
    #[serde(default)]
    pub spec_diff: SpecDiffSection,
}

/// The `[spec]` section: which file is the vendored spec.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SpecSection {
    /// The vendored spec file, relative to the provider folder.
    pub file: Option<String>,
}

/// The `[spec_diff]` section: review state of the vendored spec.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SpecDiffSection {
    /// The commit the spec was last reviewed at.
    pub reviewed_at: Option<String>,
    /// Reviewed acknowledgements of findings that are fine.
    #[serde(default)]
    pub acknowledged: Vec<Acknowledgement>,
}

/// A reviewed acknowledgement of one finding.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct Acknowledgement {
    /// The check id.
    pub id: String,
    /// The finding's location pointer, or an operation (`METHOD /path` or `#/paths/~1x/get`).
    pub pointer: String,
    /// Why the change is fine.
    #[serde(default)]
    pub reason: Option<String>,
}

/// One provider folder under `specs/`.
#[derive(Debug, Clone)]
pub struct Provider {
    /// The folder name, for example `intercom`.
    pub name: String,
    /// The folder, relative to the repository root (`specs/intercom`).
    pub dir: PathBuf,
    /// The parsed manifest.
    pub manifest: ProviderManifest,
}

impl Provider {
    /// The spec file's path relative to the repository root, `/`-separated, if the manifest names one.
    pub fn spec_path(&self) -> Option<String> {
        let file = self.manifest.spec.file.as_deref()?;
        Some(crate::load::normalize(&self.dir.join(file)))
    }
}

/// Parses a manifest's text.
pub fn parse_manifest(path: &Path, text: &str) -> Result<ProviderManifest> {
    toml::from_str(text).map_err(|e| Error::Manifest { path: path.to_owned(), message: e.to_string() })
}

/// Finds every `specs/*/provider.toml` under `root`, sorted by provider name.
pub fn discover(root: &Path) -> Result<Vec<Provider>> {
    let specs = root.join("specs");
    let Ok(entries) = std::fs::read_dir(&specs) else {
        return Ok(Vec::new());
    };
    let mut providers = Vec::new();
    for entry in entries.flatten() {
        let manifest_path = entry.path().join("provider.toml");
        if !manifest_path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&manifest_path)
            .map_err(|e| Error::Manifest { path: manifest_path.clone(), message: e.to_string() })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        providers.push(Provider {
            dir: Path::new("specs").join(&name),
            name,
            manifest: parse_manifest(&manifest_path, &text)?,
        });
    }
    providers.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(providers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_leniently() {
        let text = r##"
[provider]
name = "Intercom"
[spec]
file = "api.intercom.io.yaml"
upstream = "x"
[spec_diff]
reviewed_at = "abc"
[[spec_diff.acknowledged]]
id = "request-property-removed"
pointer = "#/paths/~1tickets/post"
reason = "fine"
[[spec_diff.acknowledged]]
id = "api-path-removed"
pointer = "GET /x"
"##;
        let m = parse_manifest(Path::new("p.toml"), text).unwrap();
        assert_eq!(m.spec.file.as_deref(), Some("api.intercom.io.yaml"));
        assert_eq!(m.spec_diff.reviewed_at.as_deref(), Some("abc"));
        assert_eq!(m.spec_diff.acknowledged.len(), 2);
        let empty = parse_manifest(Path::new("p.toml"), "[spec]\nfile = \"a.yaml\"\n").unwrap();
        assert!(empty.spec_diff.reviewed_at.is_none());
    }
}
