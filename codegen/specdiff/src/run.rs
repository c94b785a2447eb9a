//! Runs of the tool: two files, every provider against a git revision (`--base`), or every
//! reviewed provider against its `reviewed_at` commit (`--gate`); the result is a [`Run`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use helpdesk_spec::providers::{self, Provider};
use helpdesk_spec::Manifest;
use serde::Serialize;

use crate::catalogue::Bump;
use crate::error::{Error, Result};
use crate::git;
use crate::report::{Counts, FailOn, Finding, Location, Report, Side};
use crate::spec::Spec;

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
    /// The provider has no `spec_diff.reviewed_at` (gate mode).
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

/// Compares two loaded specs: findings, then where each comes from (the vendored file, or
/// the overlay when the overlay caused it), then line numbers.
pub fn diff_specs(old: &Spec, new: &Spec) -> Report {
    let mut report = crate::checks::compare(old, new);
    // A finding that the comparison without one side's overlay lacks was caused by that overlay.
    let key = |f: &Finding| (f.id, f.location.side, f.location.pointer.clone());
    let known = |report: Report| report.findings.iter().map(key).collect::<HashSet<_>>();
    let new_known = new.without_overlay().map(|vendored| known(crate::checks::compare(old, &vendored)));
    let old_known = old.without_overlay().map(|vendored| known(crate::checks::compare(&vendored, new)));
    for finding in &mut report.findings {
        let caused_by = |known: &Option<HashSet<_>>| known.as_ref().is_some_and(|k| !k.contains(&key(finding)));
        let (spec, side) = if caused_by(&new_known) {
            (new, Side::New)
        } else if caused_by(&old_known) {
            (old, Side::Old)
        } else {
            continue;
        };
        if let Some((doc, pointer)) = spec.overlay_source_of(&finding.location.node) {
            let file = spec.files[doc].path.clone();
            finding.location = Location { side, file, pointer, line: None, doc, node: finding.location.node.clone() };
        }
    }
    report.sort();
    crate::locate::locate(&mut report, old, new);
    report
}

/// Compares two spec files from the file system, each with an optional overlay applied.
pub fn diff_files(old: &Path, new: &Path, old_overlay: Option<&Path>, new_overlay: Option<&Path>) -> Result<Run> {
    let load = |spec: &Path, overlay: Option<&Path>| {
        let overlay_shown = overlay.map(|o| o.to_string_lossy().into_owned());
        Spec::load(spec, &spec.to_string_lossy(), overlay.zip(overlay_shown.as_deref()))
    };
    let report = diff_specs(&load(old, old_overlay)?, &load(new, new_overlay)?);
    Ok(Run {
        entries: vec![Entry {
            provider: None,
            file: new.to_string_lossy().into_owned(),
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

/// Compares every provider's effective spec at `rev` with the working tree (`--base REV`).
pub fn diff_base(options: &ProviderRun, rev: &str) -> Result<Run> {
    let commit = git::verify_commit(&options.root, rev)?;
    let mut run = Run::default();
    for provider in providers::load(&options.root, &options.only)? {
        let entry = diff_provider(options, &provider, rev, &commit)?;
        run.entries.push(entry);
    }
    Ok(run)
}

/// Compares every reviewed provider's effective spec at its `spec_diff.reviewed_at` commit
/// with the working tree (`--gate`).
pub fn gate(options: &ProviderRun) -> Result<Run> {
    let mut run = Run::default();
    for provider in providers::load(&options.root, &options.only)? {
        let Some(rev) = provider.manifest.spec_diff.reviewed_at.clone() else {
            run.entries.push(Entry {
                provider: Some(provider.name.clone()),
                file: display(&provider),
                status: Status::Skipped,
                detail: Some("no spec_diff.reviewed_at in provider.toml".to_owned()),
                report: None,
            });
            continue;
        };
        let commit = git::verify_commit(&options.root, &rev)?;
        run.entries.push(diff_provider(options, &provider, &rev, &commit)?);
    }
    Ok(run)
}

fn display(provider: &Provider) -> String {
    provider.spec_display().to_string_lossy().replace('\\', "/")
}

/// Compares the provider's effective spec at `commit` (spec, bundled files and overlay as
/// they were there, named by the manifest of that commit) with the working tree.
fn diff_provider(options: &ProviderRun, provider: &Provider, rev: &str, commit: &str) -> Result<Entry> {
    let path = display(provider);
    let new_spec = Spec::from_provider(provider, format!("{path} (working tree)"))?;
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
    let checkout = Checkout::new(&options.root, provider, commit)?;
    let old_spec = Spec::from_provider(&checkout.provider, format!("{path}@{rev}"))?;
    let unchanged = old_spec.files == new_spec.files;
    // The same files give the same effective spec: nothing to compare.
    let mut report = if unchanged {
        Report { old: old_spec.label, new: new_spec.label, ..Report::default() }
    } else {
        diff_specs(&old_spec, &new_spec)
    };
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

/// A provider's folder `specs/<name>/` as it was at a commit, written into a temporary folder
/// (removed on drop) that has the layout of a repository root: spec, merged documents, bundled
/// files, overlay and the `provider.toml` that names them, read from git exactly as they were
/// committed.
#[derive(Debug)]
pub struct Checkout {
    /// The temporary repository root; the provider's files are under `specs/<name>/`.
    root: tempfile::TempDir,
    /// The provider as it was at the commit (its `dir` is inside the temporary root).
    pub provider: Provider,
    /// Whether `provider.manifest` is the manifest of that commit; `false` when that one is
    /// older than today's strict format and today's manifest stands in (its file names and
    /// sha256 values then describe the working tree, not the commit).
    pub manifest_at_commit: bool,
}

impl Checkout {
    /// Writes the folder of `provider` as it is at `commit` (a full commit id, see
    /// [`git::verify_commit`]) of the repository at `repo` into a new temporary folder.
    ///
    /// # Errors
    /// [`Error::Git`] when the temporary folder cannot be created or git cannot read the commit.
    pub fn new(repo: &Path, provider: &Provider, commit: &str) -> Result<Checkout> {
        let root = tempfile::tempdir()
            .map_err(|e| Error::Git { dir: std::env::temp_dir(), message: format!("cannot create a folder: {e}") })?;
        let folder = format!("specs/{}", provider.name);
        git::extract(repo, commit, &folder, root.path())?;
        let dir = root.path().join(&folder);
        // The manifest of that commit names its files; one older than today's manifest format
        // cannot be read strictly, and then today's names are used.
        let (manifest, manifest_at_commit) = match Manifest::load(&dir.join("provider.toml")) {
            Ok(manifest) => (manifest, true),
            Err(_) => (provider.manifest.clone(), false),
        };
        Ok(Checkout { root, provider: Provider { name: provider.name.clone(), dir, manifest }, manifest_at_commit })
    }

    /// The temporary repository root (the folder holding `specs/<name>/`).
    pub fn root(&self) -> &Path {
        self.root.path()
    }
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
