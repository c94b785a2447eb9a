//! Runs of the tool: two files, every provider against a git revision (`--base`), or every
//! reviewed provider against its `reviewed_at` commit (`--gate`); the result is a [`Run`].

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::catalogue::Bump;
use crate::error::{Error, Result};
use crate::git;
use crate::load::{FsSource, GitSource, Spec};
use crate::manifest::{discover, Provider};
use crate::report::{Counts, FailOn, Report};

/// What happened to one spec in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Both versions were compared; see the report.
    Compared,
    /// The spec is identical in both versions.
    Unchanged,
    /// The old revision does not contain the spec yet: nothing to compare.
    NewSpec,
    /// The provider has no `spec_diff.reviewed_at` (gate mode) or no `spec.file`.
    Skipped,
}

/// One compared (or skipped) spec.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The provider folder name, when the spec came from `specs/<provider>/`.
    pub provider: Option<String>,
    /// The spec file (repository-relative in `--base`/`--gate` mode).
    pub file: String,
    /// What happened.
    pub status: Status,
    /// Why it was skipped or why there is nothing to compare.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The comparison, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
}

/// The result of one invocation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Run {
    /// One entry per spec.
    pub entries: Vec<Entry>,
}

impl Run {
    /// Finding counts over all entries.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for report in self.reports() {
            counts.add(report.counts());
        }
        counts
    }

    /// The largest bump any generated crate needs.
    pub fn bump(&self) -> Bump {
        self.reports().map(Report::bump).max().unwrap_or_default()
    }

    /// The reports of the compared entries.
    pub fn reports(&self) -> impl Iterator<Item = &Report> {
        self.entries.iter().filter_map(|e| e.report.as_ref())
    }

    /// The exit status: 1 when a report has findings at the failing level, else 0.
    pub fn exit_code(&self, fail_on: FailOn) -> i32 {
        i32::from(self.reports().any(|r| r.fails(fail_on)))
    }
}

/// Compares two loaded specs: findings, then line numbers.
pub fn diff_specs(old: &Spec, new: &Spec) -> Report {
    let mut report = crate::checks::compare(old, new);
    crate::locate::locate(&mut report, old, new);
    report
}

/// Compares two spec files from the file system.
pub fn diff_files(old: &Path, new: &Path) -> Result<Run> {
    let old_path = old.to_string_lossy();
    let new_path = new.to_string_lossy();
    let source = FsSource::default();
    let old_spec = Spec::load(&source, &old_path)?;
    let new_spec = Spec::load(&source, &new_path)?;
    let report = diff_specs(&old_spec, &new_spec);
    Ok(Run {
        entries: vec![Entry {
            provider: None,
            file: new_path.into_owned(),
            status: Status::Compared,
            detail: None,
            report: Some(report),
        }],
    })
}

/// Options of a run over the providers of a repository.
#[derive(Debug, Clone, Default)]
pub struct ProviderRun {
    /// The repository root (the folder that holds `specs/`).
    pub root: PathBuf,
    /// Only these providers (all when empty).
    pub only: Vec<String>,
    /// Whether acknowledged findings from `provider.toml` are dropped.
    pub apply_acknowledgements: bool,
}

/// Compares every provider's spec at `rev` with the working tree (`--base REV`).
pub fn diff_base(options: &ProviderRun, rev: &str) -> Result<Run> {
    let commit = git::verify_commit(&options.root, rev)?;
    let mut run = Run::default();
    for provider in providers(options)? {
        let entry = diff_provider(options, &provider, rev, &commit)?;
        run.entries.push(entry);
    }
    Ok(run)
}

/// Compares every reviewed provider's spec at its `spec_diff.reviewed_at` commit with the working tree (`--gate`).
pub fn gate(options: &ProviderRun) -> Result<Run> {
    let mut run = Run::default();
    for provider in providers(options)? {
        let Some(rev) = provider.manifest.spec_diff.reviewed_at.clone() else {
            run.entries.push(skipped(&provider, "no spec_diff.reviewed_at in provider.toml"));
            continue;
        };
        let commit = git::verify_commit(&options.root, &rev)?;
        run.entries.push(diff_provider(options, &provider, &rev, &commit)?);
    }
    Ok(run)
}

fn providers(options: &ProviderRun) -> Result<Vec<Provider>> {
    let all = discover(&options.root)?;
    Ok(all.into_iter().filter(|p| options.only.is_empty() || options.only.contains(&p.name)).collect())
}

fn skipped(provider: &Provider, detail: &str) -> Entry {
    Entry {
        provider: Some(provider.name.clone()),
        file: provider.spec_path().unwrap_or_else(|| provider.dir.to_string_lossy().into_owned()),
        status: Status::Skipped,
        detail: Some(detail.to_owned()),
        report: None,
    }
}

fn diff_provider(options: &ProviderRun, provider: &Provider, rev: &str, commit: &str) -> Result<Entry> {
    let Some(path) = provider.spec_path() else {
        return Ok(skipped(provider, "no spec.file in provider.toml"));
    };
    let new_spec = Spec::load(&FsSource::rooted(&options.root), &path)?;
    let short = &commit[..commit.len().min(12)];
    if !git::exists_at(&options.root, commit, &path)? {
        return Ok(Entry {
            provider: Some(provider.name.clone()),
            file: path.clone(),
            status: Status::NewSpec,
            detail: Some(format!("{rev} ({short}) does not contain {path}: new spec, nothing to compare")),
            report: None,
        });
    }
    let source = GitSource { repo: options.root.clone(), rev: commit.to_owned() };
    let mut old_spec = Spec::load(&source, &path)?;
    old_spec.label = format!("{path}@{rev}");
    let unchanged = old_spec.docs.len() == new_spec.docs.len()
        && old_spec
            .docs
            .iter()
            .all(|o| new_spec.docs.iter().any(|n| n.source_path == o.source_path && n.text == o.text));
    let mut report = diff_specs(&old_spec, &new_spec);
    report.new = format!("{path} (working tree)");
    if options.apply_acknowledgements {
        report.acknowledge(&provider.manifest.spec_diff.acknowledged);
    }
    let status = if unchanged && report.findings.is_empty() { Status::Unchanged } else { Status::Compared };
    Ok(Entry {
        provider: Some(provider.name.clone()),
        file: path,
        status,
        detail: Some(format!("compared with {rev} ({short})")),
        report: Some(report),
    })
}

/// Checks that `root` looks like the repository root (it has a `specs` folder or is a git work tree).
pub fn check_root(root: &Path) -> Result<()> {
    if root.join("specs").is_dir() || root.join(".git").exists() {
        Ok(())
    } else {
        Err(Error::Git {
            dir: root.to_owned(),
            message: "not a repository root (no specs/ folder and no .git)".to_owned(),
        })
    }
}
