//! The vendored providers (found by `helpdesk_spec::providers`), their provenance check, and
//! writing generated crates.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
pub use codegen::providers::{load, workspace_root as root, Provider};
use codegen::Crate;

/// Checks that the vendored spec (and its merged documents and extra files) match the manifest's sha256.
pub fn verify_provenance(root: &Path, provider: &Provider) -> Result<()> {
    let dir = root.join("specs").join(&provider.name);
    let spec = &provider.manifest.spec;
    let files = std::iter::once((&spec.file, &spec.sha256)).chain(spec.other_files().map(|f| (&f.file, &f.sha256)));
    for (file, expected) in files {
        let path = dir.join(file);
        let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let actual = codegen::load::sha256_hex(&bytes);
        if &actual != expected {
            bail!(
                "specs/{}/{file} has sha256 {actual}, but specs/{}/provider.toml records {expected}\n  fix: if the new spec is intended, review it (`cargo xtask spec-diff`), then set sha256 = \"{actual}\" in the manifest",
                provider.name,
                provider.name
            );
        }
    }
    Ok(())
}

/// Writes a crate into `dir`: only files whose contents changed are written
/// (each through a temporary file and a rename), and files the generator no
/// longer produces are removed when `prune` is set. Returns the number of files
/// written or removed.
pub fn write_crate(dir: &Path, generated: &Crate, prune: bool) -> Result<usize> {
    let mut changed = 0;
    for file in &generated.files {
        let path = dir.join(&file.path);
        if std::fs::read(&path).ok().as_deref() == Some(file.contents.as_bytes()) {
            continue;
        }
        let parent = path.parent().expect("files live in a folder");
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let temporary = path.with_extension("tmp~");
        std::fs::write(&temporary, &file.contents).with_context(|| format!("cannot write {}", temporary.display()))?;
        std::fs::rename(&temporary, &path).with_context(|| format!("cannot replace {}", path.display()))?;
        changed += 1;
    }
    let stale = if prune { stale_files(dir, generated)? } else { Vec::new() };
    for stale in stale {
        std::fs::remove_file(&stale).with_context(|| format!("cannot remove {}", stale.display()))?;
        changed += 1;
    }
    Ok(changed)
}

/// Files under `dir` (other than build output) that the generator did not produce.
pub fn stale_files(dir: &Path, generated: &Crate) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "target") {
                    pending.push(path);
                }
            } else {
                let relative = path.strip_prefix(dir).expect("under dir");
                if !generated.files.iter().any(|f| f.path == relative) {
                    found.push(path);
                }
            }
        }
    }
    found.sort();
    Ok(found)
}
