//! `cargo xtask spec-diff`: breaking-change report between two spec versions.
//!
//! A thin front end over the `specdiff` library: it parses arguments, picks the mode (two
//! files with optional overlays, `--base REV`, or `--gate`), prints the rendered report and
//! returns the exit status (0 no breaking change, 1 breaking changes found, 2 could not run).
//! `--semver-check` also generates the old and new crates (of the two files, or of each
//! provider at the compared commit and in the working tree) and measures their semver bump with
//! `cargo-semver-checks` (`semver.rs`), to prove the report's predicted bump.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, ValueEnum};
use specdiff::{FailOn, Format, ProviderRun, Run, Status};

use crate::semver::{ensure_semver_checks, measure, measure_provider, semver_target, Prediction, Verdict};

/// Arguments of `cargo xtask spec-diff`.
#[derive(Debug, Args)]
#[command(
    about = "Report breaking changes between two versions of an OpenAPI spec",
    after_help = "Exit status: 0 no breaking change, 1 breaking changes found, 2 could not run.\n\
                  Check ids, levels and directions: codegen/specdiff/README.md."
)]
pub struct SpecDiffArgs {
    /// The old spec file (with NEW; not with --base or --gate).
    #[arg(value_name = "OLD", requires = "new", conflicts_with_all = ["base", "gate"])]
    pub old: Option<PathBuf>,
    /// The new spec file.
    #[arg(value_name = "NEW")]
    pub new: Option<PathBuf>,
    /// The overlay applied to OLD before comparing (with OLD and NEW).
    #[arg(long, value_name = "FILE", requires = "old")]
    pub old_overlay: Option<PathBuf>,
    /// The overlay applied to NEW before comparing (with OLD and NEW).
    #[arg(long, value_name = "FILE", requires = "new")]
    pub new_overlay: Option<PathBuf>,
    /// Compare every vendored spec (`specs/*/provider.toml`) at this git revision with the working tree.
    #[arg(long, value_name = "GITREF", conflicts_with = "gate")]
    pub base: Option<String>,
    /// Compare every provider's spec at its `spec_diff.reviewed_at` commit with the working tree,
    /// dropping acknowledged findings.
    #[arg(long)]
    pub gate: bool,
    /// Only these providers (with --base or --gate; repeatable).
    #[arg(long = "provider", value_name = "NAME")]
    pub providers: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// The lowest level that makes the command exit with 1.
    #[arg(long, value_enum, default_value_t = FailLevel::Breaking)]
    pub fail_on: FailLevel,
    /// When to colour text output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// The repository root holding `specs/` (default: this workspace).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// With --base: also drop findings acknowledged in provider.toml (--gate always does).
    #[arg(long)]
    pub acknowledged: bool,
    /// Also generate the old and new crates (of OLD and NEW, or of each provider at the compared
    /// commit and in the working tree), measure their semver bump with cargo-semver-checks
    /// (installed if missing) and print it beside the predicted one; exit 1 when they disagree.
    #[arg(long)]
    pub semver_check: bool,
}

/// Output formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Human-readable text, coloured on a terminal.
    Text,
    /// Markdown for PR comments and CI job summaries.
    Markdown,
    /// Stable JSON for tools.
    Json,
    /// GitHub Actions annotations on the spec lines.
    Github,
}

/// Levels of `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    /// Exit 1 on ERR findings.
    Breaking,
    /// Exit 1 on ERR or WARN findings.
    Warning,
    /// Always exit 0 when the comparison ran.
    None,
}

/// Choices of `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour when stdout is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Runs the command and returns the process exit status.
pub fn run(args: SpecDiffArgs) -> anyhow::Result<i32> {
    let fail_on = match args.fail_on {
        FailLevel::Breaking => FailOn::Breaking,
        FailLevel::Warning => FailOn::Warning,
        FailLevel::None => FailOn::None,
    };
    let format = match args.format {
        OutputFormat::Text => Format::Text,
        OutputFormat::Markdown => Format::Markdown,
        OutputFormat::Json => Format::Json,
        OutputFormat::Github => Format::Github,
    };
    let color = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => format == Format::Text && specdiff::stdout_supports_color(),
    };
    let root = args.root.clone().unwrap_or_else(crate::providers::root);
    let options =
        ProviderRun { root, only: args.providers.clone(), apply_acknowledgements: args.gate || args.acknowledged };
    let result = match (&args.old, &args.new, &args.base, args.gate) {
        (Some(old), Some(new), None, false) => {
            specdiff::diff_files(old, new, args.old_overlay.as_deref(), args.new_overlay.as_deref())
        }
        (None, None, Some(rev), false) => {
            specdiff::run::check_root(&options.root).and_then(|()| specdiff::diff_base(&options, rev))
        }
        (None, None, None, true) => specdiff::run::check_root(&options.root).and_then(|()| specdiff::gate(&options)),
        _ => {
            eprintln!("error: give OLD and NEW files, or --base GITREF, or --gate (see --help)");
            return Ok(2);
        }
    };
    let run = match result {
        Ok(run) => run,
        Err(error) => {
            eprintln!("error: {error}");
            return Ok(2);
        }
    };
    let rendered = specdiff::render::render(&run, format, color);
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(rendered.as_bytes())?;
    stdout.flush()?;
    drop(stdout);
    let code = run.exit_code(fail_on);
    if !args.semver_check {
        return Ok(code);
    }
    // The semver lines go to stderr when stdout is JSON, so that it stays one document.
    let say = |line: &str| if format == Format::Json { eprintln!("{line}") } else { println!("{line}") };
    let semver_code = match (&args.old, &args.new) {
        (Some(old), Some(new)) => {
            let predicted = Prediction::of(&run);
            let measured = measure((old, args.old_overlay.as_deref()), (new, args.new_overlay.as_deref()))?;
            let verdict = Verdict::of(predicted, measured);
            say(&format!(
                "semver: predicted {}, measured {} by cargo-semver-checks: {}",
                predicted.bump.name(),
                measured.name(),
                verdict.describe()
            ));
            i32::from(verdict == Verdict::Disagree)
        }
        _ => check_providers(&options, args.base.as_deref(), &run, &say)?,
    };
    Ok(code.max(semver_code))
}

/// `--semver-check` with `--gate` or `--base REV`: for each compared provider, generates the
/// crate of its folder at the compared commit (its spec files, overlay and `provider.toml` as
/// committed there) and the crate of the working tree, both with this workspace's generator,
/// measures the bump between them with cargo-semver-checks and prints one line per provider:
/// the predicted bump (of the provider's report, acknowledged findings included), the measured
/// one and whether they agree. Providers whose spec files are identical at both ends are not
/// built (no finding, nothing to measure). Returns 1 when a provider disagrees, 2 when one
/// could not be measured (the others still are), else 0.
///
/// # Errors
/// cargo-semver-checks cannot be installed.
fn check_providers(options: &ProviderRun, base: Option<&str>, run: &Run, say: &dyn Fn(&str)) -> anyhow::Result<i32> {
    let started = Instant::now();
    let target = semver_target();
    let mut tool = None;
    let (mut measured_count, mut disagree, mut failed) = (0, 0, 0);
    for entry in &run.entries {
        let Some(name) = entry.provider.as_deref() else { continue };
        let detail = entry.detail.as_deref().unwrap_or_default();
        match entry.status {
            Status::Skipped | Status::NewSpec => {
                say(&format!("semver {name}: not measured ({detail})"));
                continue;
            }
            Status::Unchanged => {
                say(&format!("semver {name}: spec files identical ({detail}): no finding, nothing to build"));
                continue;
            }
            Status::Compared => {}
        }
        let Some(report) = &entry.report else { continue };
        let predicted = Prediction::of_reports([report]);
        let tool = match &mut tool {
            Some(tool) => tool,
            None => tool.insert(ensure_semver_checks(&target)?),
        };
        let provider_started = Instant::now();
        match measure_provider(tool, options, base, name, &target) {
            Ok(measured) => {
                measured_count += 1;
                let verdict = Verdict::of(predicted, measured);
                disagree += usize::from(verdict == Verdict::Disagree);
                say(&format!(
                    "semver {name}: predicted {}, measured {} by cargo-semver-checks: {} ({:.0} s)",
                    predicted.bump.name(),
                    measured.name(),
                    verdict.describe(),
                    provider_started.elapsed().as_secs_f64()
                ));
            }
            Err(error) => {
                failed += 1;
                say(&format!("semver {name}: could not measure: {error:#}"));
            }
        }
    }
    say(&format!(
        "semver: {measured_count} provider(s) measured in {:.0} s: {}",
        started.elapsed().as_secs_f64(),
        match (disagree, failed) {
            (0, 0) => "prediction and measurement agree".to_owned(),
            _ => format!("{disagree} disagree, {failed} could not be measured"),
        }
    ));
    Ok(if failed > 0 { 2 } else { i32::from(disagree > 0) })
}
