//! The few git queries spec-diff needs: resolving a revision to a commit, asking whether a
//! path exists at a commit, and writing a folder as it was at a commit into a directory
//! (so that the spec can be read there exactly as from the working tree).

use std::path::Path;
use std::process::Command;

use crate::error::{Error, Result};

fn git(repo: &Path, args: &[&str]) -> Result<std::process::Output> {
    Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .map_err(|e| Error::Git { dir: repo.to_owned(), message: format!("cannot run git: {e}") })
}

/// Resolves `rev` to a full commit id, or fails with [`Error::BadRevision`].
pub fn verify_commit(repo: &Path, rev: &str) -> Result<String> {
    if rev.starts_with('-') {
        return Err(Error::BadRevision { rev: rev.to_owned(), message: "a revision cannot start with `-`".to_owned() });
    }
    let output = git(repo, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        let message = if stderr.is_empty() { format!("not a commit in {}", repo.display()) } else { stderr };
        return Err(Error::BadRevision { rev: rev.to_owned(), message });
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Writes the files of the repository folder `folder` as they are at `commit` into `into`
/// (at the same relative paths).
pub fn extract(repo: &Path, commit: &str, folder: &str, into: &Path) -> Result<()> {
    let listing = git(repo, &["ls-tree", "-r", "-z", "--name-only", commit, "--", folder])?;
    if !listing.status.success() {
        let message = String::from_utf8_lossy(&listing.stderr).trim().to_owned();
        return Err(Error::Git { dir: repo.to_owned(), message });
    }
    for path in listing.stdout.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let path = String::from_utf8_lossy(path);
        let blob = git(repo, &["cat-file", "blob", &format!("{commit}:{path}")])?;
        let target = into.join(path.as_ref());
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, &blob.stdout));
        written.map_err(|e| Error::Git { dir: into.to_owned(), message: format!("cannot write {path}: {e}") })?;
    }
    Ok(())
}

/// Whether `path` (repository-relative) exists at `commit`.
pub fn exists_at(repo: &Path, commit: &str, path: &str) -> Result<bool> {
    let output = git(repo, &["cat-file", "-e", &format!("{commit}:{path}")])?;
    Ok(output.status.success())
}
