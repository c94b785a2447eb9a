//! The vendored providers of a workspace: folders `specs/<provider>/` with a `provider.toml`.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::manifest::Manifest;

/// One vendored provider.
#[derive(Debug, Clone)]
pub struct Provider {
    /// Folder name under `specs/` and `generated/`.
    pub name: String,
    /// The provider's folder, `specs/<name>` under the workspace root.
    pub dir: PathBuf,
    /// Its manifest.
    pub manifest: Manifest,
}

impl Provider {
    /// The spec file as shown in errors, docs and headers (`specs/<name>/<file>`).
    pub fn spec_display(&self) -> PathBuf {
        Path::new("specs").join(&self.name).join(&self.manifest.spec.file)
    }

    /// The overlay as shown in errors (`specs/<name>/<file>`), if any.
    pub fn overlay_display(&self) -> Option<PathBuf> {
        self.overlay_inputs().map(|(_, shown)| shown)
    }

    /// The provider's effective spec: vendored files bundled, overlay applied, in OpenAPI 3.0
    /// (see [`crate::effective`]).
    ///
    /// # Errors
    /// As [`crate::effective`].
    pub fn effective_spec(&self) -> Result<crate::Patched> {
        let spec = self.dir.join(&self.manifest.spec.file);
        let (shown, overlay, documents) = (self.spec_display(), self.overlay_inputs(), self.documents());
        let documents: Vec<(&Path, &Path)> = documents.iter().map(|(p, s)| (p.as_path(), s.as_path())).collect();
        let overlay = overlay.as_ref().map(|(p, s)| (p.as_path(), s.as_path()));
        crate::effective_inputs(crate::Inputs { spec: (&spec, &shown), documents: &documents, overlay })
    }

    /// [`Provider::effective_spec`] with its provenance (see [`crate::traced`]).
    ///
    /// # Errors
    /// As [`crate::traced`].
    pub fn traced_spec(&self) -> Result<crate::Traced> {
        let spec = self.dir.join(&self.manifest.spec.file);
        let (shown, overlay, documents) = (self.spec_display(), self.overlay_inputs(), self.documents());
        let documents: Vec<(&Path, &Path)> = documents.iter().map(|(p, s)| (p.as_path(), s.as_path())).collect();
        let overlay = overlay.as_ref().map(|(p, s)| (p.as_path(), s.as_path()));
        crate::traced_inputs(crate::Inputs { spec: (&spec, &shown), documents: &documents, overlay })
    }

    /// The further documents merged into the spec: (file to read, name shown).
    pub fn documents(&self) -> Vec<(PathBuf, PathBuf)> {
        let shown = Path::new("specs").join(&self.name);
        self.manifest.spec.documents.iter().map(|d| (self.dir.join(&d.file), shown.join(&d.file))).collect()
    }

    /// The overlay: (file to read, name shown), if any.
    fn overlay_inputs(&self) -> Option<(PathBuf, PathBuf)> {
        let overlay = self.manifest.spec.overlay.as_ref()?;
        Some((self.dir.join(overlay), Path::new("specs").join(&self.name).join(overlay)))
    }
}

/// The root of this workspace (the folder holding `specs/`, `codegen/` and `generated/`),
/// as located when the workspace's crates are built.
pub fn workspace_root() -> PathBuf {
    let spec_crate = Path::new(env!("CARGO_MANIFEST_DIR"));
    spec_crate.ancestors().nth(2).unwrap_or(spec_crate).to_path_buf()
}

/// The names of the providers under `<root>/specs`, sorted.
///
/// # Errors
/// `specs/` cannot be listed.
pub fn names(root: &Path) -> Result<Vec<String>> {
    let specs = root.join("specs");
    let entries = std::fs::read_dir(&specs).map_err(|err| {
        Error::new(&specs, "", format!("cannot list the providers: {err}"), "run from the workspace root")
    })?;
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().join("provider.toml").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(names)
}

/// Loads the named providers of `<root>/specs`, or all of them (sorted) when `names` is empty.
///
/// # Errors
/// A name that is not a provider (the error lists the known ones), or a manifest that
/// cannot be read.
pub fn load(root: &Path, wanted: &[String]) -> Result<Vec<Provider>> {
    let all = names(root)?;
    if let Some(unknown) = wanted.iter().find(|name| !all.contains(name)) {
        return Err(Error::new(
            Path::new("specs").join(unknown),
            "",
            format!("no provider `{unknown}` (known: {})", all.join(", ")),
            format!("create specs/{unknown}/provider.toml (docs/generator.md: \"Adding a provider\")"),
        ));
    }
    all.into_iter()
        .filter(|name| wanted.is_empty() || wanted.contains(name))
        .map(|name| {
            let dir = root.join("specs").join(&name);
            let manifest = Manifest::load(&dir.join("provider.toml"))?;
            Ok(Provider { name, dir, manifest })
        })
        .collect()
}
