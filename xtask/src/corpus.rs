//! `cargo xtask corpus`: generates every corpus spec (and the vendored providers) with no
//! overlay into one temporary workspace and `cargo check`s each crate, printing a table. A crate
//! whose webhooks are told apart also gets a test (`samples.rs`) that parses a sample payload of
//! each webhook, run with only its `webhooks` feature.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Args;

use crate::providers;

/// Arguments of `cargo xtask corpus`.
#[derive(Debug, Args)]
pub struct CorpusArgs {
    /// A folder of corpus specs (YAML or JSON), read in place; may be given several times.
    /// Default: `../shared/corpus` and `../shared/corpus-next` beside the workspace.
    #[arg(long)]
    pub dir: Vec<PathBuf>,
    /// The degradations allowed per spec. Default: `xtask/corpus-limits.toml`.
    #[arg(long)]
    pub limits: Option<PathBuf>,
    /// Where the temporary workspace is written. Default: `target/corpus`.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Only generate; do not run `cargo check`.
    #[arg(long)]
    pub no_check: bool,
}

/// One row of the table.
struct Row {
    name: String,
    operations: usize,
    types: usize,
    lines: usize,
    warnings: usize,
    /// Degradations by kind (schemas, operations, security schemes).
    degraded: Degraded,
    /// Limits the degradations exceed, as `kind: count > limit`.
    above_limit: Vec<String>,
    /// The `webhooks` module: webhooks and the property that tells them apart.
    webhooks: Option<codegen::WebhookSummary>,
    /// Webhook samples: (written, not synthesizable, passed when run).
    samples: Option<(usize, usize, Option<bool>)>,
    generate_s: f64,
    check: Option<(bool, usize, f64)>,
    error: Option<String>,
}

/// Counts of degradations of one crate by kind; also a spec's limits in `corpus-limits.toml`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Degraded {
    /// Schemas generated as `serde_json::Value`.
    schemas: usize,
    /// Operations not generated.
    operations: usize,
    /// Security schemes the client does not apply.
    security: usize,
}

impl Degraded {
    fn count(degraded: &[codegen::Degradation]) -> Self {
        let of = |kind| degraded.iter().filter(|d| d.kind == kind).count();
        Self {
            schemas: of(codegen::DegradationKind::Schema),
            operations: of(codegen::DegradationKind::Operation),
            security: of(codegen::DegradationKind::Security),
        }
    }

    /// The kinds whose count is above `limit`, each as `kind: count > limit`.
    fn above(self, limit: Self) -> Vec<String> {
        [
            ("schemas degraded", self.schemas, limit.schemas),
            ("operations skipped", self.operations, limit.operations),
            ("security schemes not applied", self.security, limit.security),
        ]
        .into_iter()
        .filter(|(_, count, limit)| count > limit)
        .map(|(kind, count, limit)| format!("{kind}: {count} > {limit}"))
        .collect()
    }
}

/// The degradations allowed per spec, by row name (`corpus-openai`); a spec not listed
/// allows none.
fn read_limits(path: &Path) -> Result<std::collections::BTreeMap<String, Degraded>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("invalid limits in {}", path.display()))
}

/// The specs (YAML or JSON) of a corpus folder, in name order, as rows named `corpus-<stem>`.
fn read_folder(dir: &Path, specs: &mut Vec<(String, PathBuf, Option<codegen::Job>)>) {
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let mut files: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json"))
                .collect();
            files.sort();
            for file in files {
                let stem = file.file_stem().unwrap_or_default().to_string_lossy().to_lowercase();
                let name: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
                specs.push((format!("corpus-{name}"), file, None));
            }
        }
        Err(err) => {
            eprintln!("warning: no corpus at {} ({err}); its specs are not generated and checked", dir.display())
        }
    }
}

/// Generates every spec, checks every crate, prints the table; fails when a spec does not
/// generate, a crate does not compile, a crate compiles with warnings, or a spec degrades more
/// schemas, operations or security schemes than its limit (other generator warnings, printed
/// with their pointers, do not fail it).
pub fn run(args: CorpusArgs) -> Result<i32> {
    let root = providers::root();
    let dirs = match args.dir.is_empty() {
        true => vec![root.join("../shared/corpus"), root.join("../shared/corpus-next")],
        false => args.dir,
    };
    let limits = read_limits(&args.limits.unwrap_or_else(|| root.join("xtask/corpus-limits.toml")))?;
    let out = args.out.unwrap_or_else(|| root.join("target/corpus"));
    let runtime = root.join("codegen/runtime").canonicalize().context("cannot find codegen/runtime")?;
    let mut specs: Vec<(String, PathBuf, Option<codegen::Job>)> = Vec::new();
    for dir in &dirs {
        read_folder(dir, &mut specs);
    }
    for provider in providers::load(&root, &[])? {
        let mut job = codegen::Job::from_manifest(&root, &provider.name, &provider.manifest);
        job.output.crate_name = format!("vendored-{}", provider.name);
        job.output.runtime_path = runtime.display().to_string();
        specs.push((job.output.crate_name.clone(), job.spec.path.clone(), Some(job)));
    }

    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut rows = Vec::new();
    for (name, spec, job) in specs {
        let start = Instant::now();
        let mut job = job.unwrap_or_else(|| codegen::Job::standalone(&spec, &name, &runtime));
        job.output.standalone = false;
        let generated = codegen::generate_crate(&job);
        let row = match generated {
            Ok(generated) => {
                providers::write_crate(&out.join(&name), &generated, false)?;
                let samples = match generated.webhooks.as_ref().and_then(|w| w.discriminant.as_deref()) {
                    Some(property) => {
                        let spec = codegen::normalized_spec(&job)?.spec;
                        let (samples, skipped) = crate::samples::samples(&spec, property);
                        let tests = out.join(&name).join("tests");
                        std::fs::create_dir_all(&tests)?;
                        std::fs::write(
                            tests.join("webhook_samples.rs"),
                            crate::samples::test_file(&name, property, &samples),
                        )?;
                        Some((samples.len(), skipped, None))
                    }
                    None => None,
                };
                for warning in &generated.warnings {
                    eprintln!("warning: {name}: {warning}");
                }
                let degraded = Degraded::count(&generated.degraded);
                Row {
                    above_limit: degraded.above(limits.get(&name).copied().unwrap_or_default()),
                    name,
                    operations: generated.operations,
                    types: generated.types,
                    lines: generated.lines,
                    warnings: generated.warnings.len(),
                    degraded,
                    webhooks: generated.webhooks.clone(),
                    samples,
                    generate_s: start.elapsed().as_secs_f64(),
                    check: None,
                    error: None,
                }
            }
            Err(err) => Row {
                name,
                operations: 0,
                types: 0,
                lines: 0,
                warnings: 0,
                degraded: Degraded::default(),
                above_limit: Vec::new(),
                webhooks: None,
                samples: None,
                generate_s: start.elapsed().as_secs_f64(),
                check: None,
                error: Some(err.to_string()),
            },
        };
        rows.push(row);
    }
    let members: Vec<String> = rows.iter().filter(|r| r.error.is_none()).map(|r| format!("{:?}", r.name)).collect();
    std::fs::write(
        out.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")),
    )?;
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).context("cannot copy Cargo.lock")?;
    if !args.no_check {
        for row in rows.iter_mut().filter(|r| r.error.is_none()) {
            row.check = Some(check(&root, &out, &row.name)?);
            if let Some((_, _, passed)) = &mut row.samples {
                *passed = Some(run_samples(&root, &out, &row.name)?);
            }
        }
    }
    print_table(&rows);
    // Generator warnings (spec problems worked around) are reported, not failures; a spec
    // that does not generate or a crate that does not compile cleanly is.
    let failed = rows.iter().any(|r| {
        r.error.is_some()
            || !r.above_limit.is_empty()
            || r.check.is_some_and(|(ok, warnings, _)| !ok || warnings > 0)
            || r.samples.is_some_and(|(_, _, passed)| passed == Some(false))
    });
    Ok(if failed { 1 } else { 0 })
}

/// Runs a crate's webhook samples test with only its `webhooks` feature (the payload types
/// and nothing else are compiled): whether it passed.
fn run_samples(root: &Path, out: &Path, name: &str) -> Result<bool> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["test", "--offline", "-q", "-p", name, "--no-default-features", "--features", "webhooks"])
        .args(["--test", "webhook_samples"])
        .current_dir(out)
        .env("CARGO_TARGET_DIR", root.join("target/corpus-check"))
        .output()
        .context("cannot run cargo")?;
    if !output.status.success() {
        let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        for line in text.lines().filter(|l| l.contains("panicked") || l.contains("error") || l.contains(": ")).take(20)
        {
            eprintln!("{name}: {line}");
        }
    }
    Ok(output.status.success())
}

/// `cargo check` of one crate (all features, all targets) in the temporary workspace, with
/// the workspace's target directory shared by every crate: (compiled, warnings, seconds).
fn check(root: &Path, out: &Path, name: &str) -> Result<(bool, usize, f64)> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let start = Instant::now();
    let output = Command::new(cargo)
        .args(["check", "--offline", "--all-features", "--all-targets", "--message-format", "short", "-p", name])
        .current_dir(out)
        .env("CARGO_TARGET_DIR", root.join("target/corpus-check"))
        .output()
        .context("cannot run cargo")?;
    let seconds = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Diagnostics of the checked crate only (its path is under its own folder).
    let ours = |line: &&str| line.starts_with(&format!("{name}/")) || line.contains(&format!("/{name}/src/"));
    let warnings = stderr.lines().filter(ours).filter(|l| l.contains(": warning:")).count();
    if !output.status.success() {
        for line in stderr.lines().filter(|l| l.contains("error")).take(20) {
            eprintln!("{name}: {line}");
        }
    }
    for line in stderr.lines().filter(ours).filter(|l| l.contains(": warning:")).take(20) {
        eprintln!("{line}");
    }
    if !output.status.success() && stderr.contains("--offline") && stderr.contains("failed to") {
        bail!("cargo could not resolve dependencies offline:\n{stderr}");
    }
    Ok((output.status.success(), warnings, seconds))
}

fn print_table(rows: &[Row]) {
    println!(
        "| {:<34} | {:>4} | {:>5} | {:>7} | {:>8} | {:>8} | {:>7} | {:>7} | {:>26} | {:>10} | {:>14} |",
        "spec",
        "ops",
        "types",
        "lines",
        "warnings",
        "degraded",
        "skipped",
        "no auth",
        "webhooks",
        "generate s",
        "check"
    );
    println!("|{}|", ["-"; 11].map(|_| "---").join("|"));
    for row in rows {
        let check = match (&row.error, row.check) {
            (Some(_), _) => "not generated".to_owned(),
            (None, None) => "not run".to_owned(),
            (None, Some((true, 0, s))) => format!("ok {s:.1} s"),
            (None, Some((true, n, s))) => format!("{n} warnings {s:.1} s"),
            (None, Some((false, _, s))) => format!("FAILED {s:.1} s"),
        };
        // `16 by type`: a `WebhookEvent` of 16 variants told apart by `type`; `3, parse_as`:
        // three payload types and no discriminant.
        // Then the samples: `16 ok` parsed into their variants (`FAILED` otherwise); `2 skip`:
        // webhooks no sample could be synthesized for (a required string with a `pattern`).
        let webhooks = match &row.webhooks {
            None => "-".to_owned(),
            Some(summary) => match &summary.discriminant {
                Some(property) => format!("{} by {property}", summary.webhooks),
                None => format!("{}, parse_as", summary.webhooks),
            },
        };
        let webhooks = match row.samples {
            Some((written, 0, Some(true))) => format!("{webhooks}; {written} ok"),
            Some((written, skipped, Some(true))) => format!("{webhooks}; {written} ok, {skipped} skip"),
            Some((written, _, Some(false))) => format!("{webhooks}; {written} FAILED"),
            Some((written, _, None)) => format!("{webhooks}; {written} samples"),
            None => webhooks,
        };
        println!(
            "| {:<34} | {:>4} | {:>5} | {:>7} | {:>8} | {:>8} | {:>7} | {:>7} | {:>26} | {:>10.2} | {:>14} |",
            row.name,
            row.operations,
            row.types,
            row.lines,
            row.warnings,
            row.degraded.schemas,
            row.degraded.operations,
            row.degraded.security,
            webhooks,
            row.generate_s,
            check
        );
    }
    for row in rows.iter().filter(|r| !r.above_limit.is_empty()) {
        println!("{}: above its limit in xtask/corpus-limits.toml: {}", row.name, row.above_limit.join(", "));
    }
    for row in rows {
        if let Some(error) = &row.error {
            println!("{}: {error}", row.name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The recorded limits read, and a count above a limit is reported by kind.
    #[test]
    fn limits_read_and_counts_above_them_are_named() {
        let limits = read_limits(&providers::root().join("xtask/corpus-limits.toml")).unwrap();
        assert!(limits.contains_key("corpus-openai"), "{limits:?}");
        let limit = Degraded { schemas: 1, operations: 0, security: 0 };
        assert!(Degraded { schemas: 1, ..Default::default() }.above(limit).is_empty());
        assert_eq!(
            Degraded { schemas: 2, operations: 1, security: 0 }.above(limit),
            ["schemas degraded: 2 > 1", "operations skipped: 1 > 0"]
        );
    }
}
