//! The few git queries spec-diff needs: resolving a revision to a commit and asking whether
//! a path exists at a commit (reading files is [`crate::load::GitSource`]).

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

/// Whether `path` (repository-relative) exists at `commit`.
pub fn exists_at(repo: &Path, commit: &str, path: &str) -> Result<bool> {
    let output = git(repo, &["cat-file", "-e", &format!("{commit}:{path}")])?;
    Ok(output.status.success())
}
