//! `cargo xtask spec-diff`: breaking-change report between two spec versions.
//!
//! A thin front end over the `specdiff` library: it parses arguments, picks the mode (two
//! files with optional overlays, `--base REV`, or `--gate`), prints the rendered report and
//! returns the exit status (0 no breaking change, 1 breaking changes found, 2 could not run).
//! `--semver-check` also generates the old and new crates (of the two files, or of each
//! provider at the compared commit and in the working tree) and measures their semver bump with
//! `cargo-semver-checks`, to prove the report's predicted bump.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use specdiff::{Bump, Checkout, FailOn, Format, ProviderRun, Run, Status};

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

/// Generates provider `name` at the compared commit (`base`, or its `reviewed_at`) and in the
/// working tree, and measures the bump between the two crates.
fn measure_provider(
    tool: &SemverChecks,
    options: &ProviderRun,
    base: Option<&str>,
    name: &str,
    target: &Path,
) -> anyhow::Result<Measured> {
    let provider = crate::providers::load(&options.root, &[name.to_owned()])?
        .pop()
        .with_context(|| format!("no provider {name}"))?;
    let rev = base
        .or(provider.manifest.spec_diff.reviewed_at.as_deref())
        .with_context(|| format!("specs/{name}/provider.toml has no [spec_diff] reviewed_at"))?;
    let commit = specdiff::git::verify_commit(&options.root, rev)?;
    let checkout = Checkout::new(&options.root, &provider, &commit)?;
    let mut old = codegen::Job::from_manifest(checkout.root(), name, &checkout.provider.manifest);
    if !checkout.manifest_at_commit {
        // Today's manifest stands in for one older than its format: its sha256 values describe
        // the working tree's files, so the provenance check is left out (as for a local spec).
        old.provenance.origin = codegen::Origin::Local;
    }
    // The old crate is generated by today's generator, whose warnings the old manifest could
    // not acknowledge: it is generated leniently (the measure compares spec changes, and the
    // new crate, generated strictly, keeps the gate on warnings).
    old.strict = None;
    let new = codegen::Job::from_manifest(&options.root, name, &provider.manifest);
    measure_jobs(tool, old, new, target).with_context(|| format!("{name} at {rev} against the working tree"))
}

/// What cargo-semver-checks can measure: a breaking change (major), a change that needs a
/// minor release (for example a newly deprecated item), or neither (it does not report additions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Measured {
    /// No lint fired: patch (or minor through additions, which it does not report).
    NotBreaking,
    /// A minor-level lint fired.
    Minor,
    /// A major-level lint fired.
    Major,
}

impl Measured {
    /// The lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Measured::NotBreaking => "not breaking",
            Measured::Minor => "minor",
            Measured::Major => "major",
        }
    }
}

/// The bump spec-diff predicts for one crate, and the part of it cargo-semver-checks can see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prediction {
    /// The largest bump of all findings, acknowledged ones included (the report's bump).
    pub bump: Bump,
    /// The largest bump of the findings whose check is not type-only (`Check::type_only`).
    pub visible: Bump,
}

impl Prediction {
    /// The prediction of a run's reports (their findings and acknowledged findings).
    pub fn of(run: &Run) -> Prediction {
        Prediction::of_reports(run.reports())
    }

    /// The prediction of some reports.
    pub fn of_reports<'a>(reports: impl IntoIterator<Item = &'a specdiff::Report>) -> Prediction {
        let mut prediction = Prediction { bump: Bump::None, visible: Bump::None };
        for finding in reports.into_iter().flat_map(|r| r.findings.iter().chain(&r.acknowledged)) {
            prediction.bump = prediction.bump.max(finding.rust.bump);
            if !specdiff::catalogue::find(finding.id).is_some_and(|check| check.type_only) {
                prediction.visible = prediction.visible.max(finding.rust.bump);
            }
        }
        prediction
    }
}

/// How a prediction compares with the measured bump (on major or not major: cargo-semver-checks
/// does not report additions, so minor and patch look alike).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Both major, or both not major.
    Agree,
    /// Predicted major only through findings that change types (`Check::type_only`), measured
    /// not major: the tool cannot see these, so it neither confirms nor refutes them.
    Unconfirmed,
    /// Measured major but predicted not major (spec-diff missed a break), or predicted major
    /// through a change the tool sees and measured not major (spec-diff over-predicts).
    Disagree,
}

impl Verdict {
    /// Compares a prediction with a measurement.
    pub fn of(predicted: Prediction, measured: Measured) -> Verdict {
        match (measured == Measured::Major, predicted.bump == Bump::Major, predicted.visible == Bump::Major) {
            (true, true, _) | (false, false, _) => Verdict::Agree,
            (false, true, false) => Verdict::Unconfirmed,
            (true, false, _) | (false, true, true) => Verdict::Disagree,
        }
    }

    /// The words printed for it.
    pub fn describe(self) -> &'static str {
        match self {
            Verdict::Agree => "agree",
            Verdict::Unconfirmed => {
                "agree as far as it can see (the major findings only change types, which cargo-semver-checks does not compare)"
            }
            Verdict::Disagree => "DISAGREE",
        }
    }
}

/// The version of cargo-semver-checks the measurement is pinned to: the newest that builds
/// with this workspace's toolchain (rustc 1.95) and reads the rustdoc JSON it writes.
pub const SEMVER_CHECKS_VERSION: &str = "0.51.0";

/// The target directory shared by every measurement (`$CARGO_TARGET_DIR/semver-check`, or
/// `target/semver-check` of this workspace): the generated crates' dependencies are built
/// there once, and cargo-semver-checks is installed under its `tools/` when missing.
pub fn semver_target() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| crate::providers::root().join("target"), PathBuf::from)
        .join("semver-check")
}

/// Generates the crates of `old` and `new` (spec, overlay) into a temporary workspace and
/// measures the bump between them with cargo-semver-checks.
///
/// # Errors
/// A spec that does not generate, cargo-semver-checks that cannot be installed, or a run of it
/// that fails for another reason than a semver violation.
pub fn measure(old: (&Path, Option<&Path>), new: (&Path, Option<&Path>)) -> anyhow::Result<Measured> {
    let target = semver_target();
    let tool = ensure_semver_checks(&target)?;
    let root = crate::providers::root();
    let runtime = root.join("codegen/runtime");
    let job = |(spec, overlay): (&Path, Option<&Path>)| -> anyhow::Result<codegen::Job> {
        let job = codegen::Job::standalone(spec, "semver_probe", &runtime)?;
        Ok(match overlay {
            Some(overlay) => job.with_overlay(overlay),
            None => job,
        })
    };
    measure_jobs(&tool, job(old)?, job(new)?, &target)
}

/// Generates the crates of two jobs into `old/` and `new/` of a temporary folder (removed
/// afterwards) and measures the bump between them with cargo-semver-checks (target directory
/// `target`).
///
/// Both crates get the new job's name, version 1.0.0 (below 1.0 cargo-semver-checks applies
/// the pre-1.0 rules, where a breaking change is a minor bump), an empty `[workspace]` table
/// and a path dependency on this workspace's runtime; everything else (spec, documents,
/// overlay, client and decoding settings) is the job's own.
///
/// # Errors
/// A spec that does not generate, or a run of cargo-semver-checks that fails for another
/// reason than a semver violation.
fn measure_jobs(tool: &SemverChecks, old: codegen::Job, new: codegen::Job, target: &Path) -> anyhow::Result<Measured> {
    // One measurement at a time per process (tests run in parallel): crates of the same name
    // and version share the target directory, where cargo-semver-checks keeps its rustdoc JSON.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, Ordering::Relaxed);
    let work = std::env::temp_dir().join(format!("spec-diff-semver-{}-{run}", std::process::id()));
    let result = generate_and_check(tool, old, new, &work, target);
    std::fs::remove_dir_all(&work).ok();
    result
}

/// The body of [`measure_jobs`], in the folder `work`.
fn generate_and_check(
    tool: &SemverChecks,
    old: codegen::Job,
    new: codegen::Job,
    work: &Path,
    target: &Path,
) -> anyhow::Result<Measured> {
    let runtime = crate::providers::root().join("codegen/runtime");
    let runtime = runtime.canonicalize().with_context(|| format!("cannot find {}", runtime.display()))?;
    let crate_name = new.output.crate_name.clone();
    std::fs::remove_dir_all(work).ok();
    for (side, mut job) in [("old", old), ("new", new)] {
        job.output.crate_name.clone_from(&crate_name);
        job.output.crate_version = "1.0.0".to_owned();
        job.output.runtime_path = runtime.display().to_string();
        job.output.standalone = true;
        let generated = codegen::generate_crate(&job)
            .map_err(anyhow::Error::new)
            .with_context(|| format!("cannot generate the {side} crate"))?;
        crate::providers::write_crate(&work.join(side), &generated, false)?;
    }
    let passes = |release: &str| -> anyhow::Result<bool> {
        let status = tool
            .command()
            .args(["check-release", "--manifest-path"])
            .arg(work.join("new/Cargo.toml"))
            .arg("--baseline-root")
            .arg(work.join("old"))
            .args(["--release-type", release])
            .env("CARGO_TARGET_DIR", target)
            .status()
            .context("cannot run cargo-semver-checks")?;
        // 0: no lint failed; 100: a lint failed; anything else (101) is an error of the tool
        // itself (a crate that does not build, rustdoc JSON it cannot read), not a measurement.
        match status.code() {
            Some(0) => Ok(true),
            Some(100) => Ok(false),
            _ => {
                bail!("cargo-semver-checks failed ({status}) on the crates in {}; see its output above", work.display())
            }
        }
    };
    Ok(if !passes("minor")? {
        Measured::Major
    } else if !passes("patch")? {
        Measured::Minor
    } else {
        Measured::NotBreaking
    })
}

/// How cargo-semver-checks is run: through cargo (`cargo semver-checks`, found on PATH or in
/// `$CARGO_HOME/bin`), or as the binary installed under the semver target's `tools/`.
#[derive(Debug, Clone)]
pub struct SemverChecks {
    /// The binary installed under `tools/bin`; `None` for `cargo semver-checks`.
    binary: Option<PathBuf>,
}

impl SemverChecks {
    /// A command running `cargo semver-checks` (a cargo subcommand binary is invoked with its
    /// subcommand name as the first argument).
    pub fn command(&self) -> Command {
        let mut command = Command::new(self.binary.as_deref().unwrap_or(Path::new("cargo")));
        command.arg("semver-checks");
        command
    }

    /// The version the tool reports (`cargo-semver-checks 0.51.0` → `0.51.0`), if it runs.
    fn version(&self) -> Option<String> {
        let output = self.command().arg("--version").output().ok().filter(|o| o.status.success())?;
        let text = String::from_utf8_lossy(&output.stdout);
        text.split_whitespace().nth(1).map(str::to_owned)
    }
}

/// Finds cargo-semver-checks [`SEMVER_CHECKS_VERSION`]: `cargo semver-checks` when it reports
/// that version, else the copy under `target/tools`, else installs it there with
/// `cargo install --locked --version … --root target/tools` and says how long that took.
///
/// # Errors
/// The install failed (no registry access, build error).
pub fn ensure_semver_checks(target: &Path) -> anyhow::Result<SemverChecks> {
    // One caller at a time (tests run in parallel): the second one finds the first one's install
    // instead of racing it into the same folder.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let on_path = SemverChecks { binary: None };
    if on_path.version().as_deref() == Some(SEMVER_CHECKS_VERSION) {
        return Ok(on_path);
    }
    let tools = target.join("tools");
    let installed = SemverChecks { binary: Some(tools.join("bin").join("cargo-semver-checks")) };
    if installed.version().as_deref() == Some(SEMVER_CHECKS_VERSION) {
        return Ok(installed);
    }
    let found = on_path.version().map_or_else(|| "none".to_owned(), |v| format!("version {v}"));
    eprintln!(
        "cargo-semver-checks {SEMVER_CHECKS_VERSION} is missing (on PATH: {found}): installing it into {} \
         (tens of minutes on two cores)",
        tools.display()
    );
    let started = Instant::now();
    let build = tools.join("build");
    let status = Command::new("cargo")
        .args(["install", "--locked", "--version", SEMVER_CHECKS_VERSION, "cargo-semver-checks", "--root"])
        .arg(&tools)
        // A build folder of its own: an interrupted install resumes where it stopped.
        .arg("--target-dir")
        .arg(&build)
        // Its release profile asks for fat LTO in one codegen unit, the slowest build there is;
        // the measurement does not need the last percent of its speed.
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .status()
        .context("cannot run cargo install")?;
    if !status.success() {
        bail!(
            "`cargo install --locked --version {SEMVER_CHECKS_VERSION} cargo-semver-checks --root {}` failed; \
             install it by hand (on PATH or there) and rerun",
            tools.display()
        );
    }
    std::fs::remove_dir_all(&build).ok();
    eprintln!("installed cargo-semver-checks {SEMVER_CHECKS_VERSION} in {:.0} s", started.elapsed().as_secs_f64());
    match installed.version() {
        Some(version) if version == SEMVER_CHECKS_VERSION => Ok(installed),
        other => bail!("the installed cargo-semver-checks reports version {other:?}, not {SEMVER_CHECKS_VERSION}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The base of the fixture pairs: `GET /items` (query `q`; `200` an `item`, `404`) and
    /// `POST /items` (body `new_item`); each case edits one marker of this text.
    const BASE: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.invalid'}]
paths:
  /items:
    get:
      operationId: listItems
      parameters: [{name: q, in: query, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/item'}
        '404': {description: missing}
    post:
      operationId: createItem
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/new_item'}
      responses: {'200': {description: created}}
components:
  schemas:
    item: {type: object, required: [id], properties: {id: {type: string}, state: {type: string, enum: [open, closed]}}}
    new_item: {type: object, required: [name], properties: {name: {type: string}}}
";

    /// The verdict: major against major agrees; a major that only type changes predict is
    /// unconfirmed when the tool measures none; any other mismatch disagrees.
    #[test]
    fn verdict_compares_major_with_major_and_excuses_only_type_changes() {
        let p = |bump, visible| Prediction { bump, visible };
        assert_eq!(Verdict::of(p(Bump::Major, Bump::Major), Measured::Major), Verdict::Agree);
        assert_eq!(Verdict::of(p(Bump::Major, Bump::Patch), Measured::Major), Verdict::Agree);
        assert_eq!(Verdict::of(p(Bump::Minor, Bump::Minor), Measured::NotBreaking), Verdict::Agree);
        assert_eq!(Verdict::of(p(Bump::Patch, Bump::Patch), Measured::Minor), Verdict::Agree);
        assert_eq!(Verdict::of(p(Bump::Major, Bump::Minor), Measured::NotBreaking), Verdict::Unconfirmed);
        assert_eq!(Verdict::of(p(Bump::Major, Bump::Major), Measured::NotBreaking), Verdict::Disagree);
        assert_eq!(Verdict::of(p(Bump::Minor, Bump::Minor), Measured::Major), Verdict::Disagree);
    }

    /// Every type-only check predicts a major bump (else it would excuse nothing), and there are some.
    #[test]
    fn type_only_checks_are_major_checks_of_the_catalogue() {
        let type_only: Vec<_> = specdiff::CHECKS.iter().filter(|check| check.type_only).collect();
        assert_eq!(type_only.len(), 25);
        for check in type_only {
            assert_eq!(check.bump, Bump::Major, "{}", check.id);
        }
    }

    /// A prediction keeps the largest bump, and apart the largest of the checks the tool sees.
    #[test]
    fn prediction_separates_type_only_findings() {
        let old = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {s: {type: string}}}\n";
        let enumed = old.replace("{s: {type: string}}", "{s: {type: string, enum: [a, b]}}");
        // `s` removed (a field the tool sees disappear), `t` added.
        let removed = old.replace("{s: {type: string}}", "{t: {type: string}}");
        let predict = |new: &str| {
            let (old, new) =
                (specdiff::Spec::parse("old.yaml", old).unwrap(), specdiff::Spec::parse("new.yaml", new).unwrap());
            Prediction::of_reports([&specdiff::diff_specs(&old, &new)])
        };
        assert_eq!(predict(&enumed), Prediction { bump: Bump::Major, visible: Bump::None });
        assert_eq!(predict(&removed), Prediction { bump: Bump::Major, visible: Bump::Major });
    }

    /// Prediction and measurement agree on fixture pairs that cover the evolution policy (one
    /// pair per rule: additions minor, new constructor arguments and removals major), and each
    /// prediction is the bump the policy states. It builds rustdoc JSON of two generated crates
    /// per pair (minutes the first time, while the runtime's dependencies are
    /// built into the shared semver target) and installs cargo-semver-checks when it is missing
    /// ([`ensure_semver_checks`]).
    #[test]
    fn semver_prediction_matches_cargo_semver_checks() {
        let base = BASE.to_owned();
        let edit = |from: &str, to: &str| {
            assert!(BASE.contains(from), "{from}");
            BASE.replacen(from, to, 1)
        };
        let cases = [
            ("response property added (optional)", Bump::Minor, edit("enum: [open, closed]}}", "enum: [open, closed]}, name: {type: string}}")),
            (
                "response property added (required)",
                Bump::Major,
                edit("required: [id], properties: {id: {type: string},", "required: [id, name], properties: {id: {type: string}, name: {type: string},"),
            ),
            ("response enum value added", Bump::Minor, edit("enum: [open, closed]", "enum: [open, closed, snoozed]")),
            ("response property removed", Bump::Major, edit("required: [id], properties: {id: {type: string}, ", "properties: {")),
            (
                "request property added (optional)",
                Bump::Minor,
                edit("properties: {name: {type: string}}", "properties: {name: {type: string}, note: {type: string}}"),
            ),
            (
                "request property added (required)",
                Bump::Major,
                edit("required: [name], properties: {name: {type: string}}", "required: [name, note], properties: {name: {type: string}, note: {type: string}}"),
            ),
            (
                "optional query parameter added",
                Bump::Minor,
                edit("{name: q, in: query, schema: {type: string}}]", "{name: q, in: query, schema: {type: string}}, {name: limit, in: query, schema: {type: integer}}]"),
            ),
            ("error status added", Bump::Minor, edit("'404': {description: missing}", "'404': {description: missing}\n        '409': {description: conflict}")),
            (
                "operation added",
                Bump::Minor,
                edit("components:", "  /other:\n    get:\n      operationId: listOther\n      responses: {'200': {description: ok}}\ncomponents:"),
            ),
            (
                "query parameter became nullable",
                Bump::Patch,
                edit("{name: q, in: query, schema: {type: string}}", "{name: q, in: query, schema: {type: string, nullable: true}}"),
            ),
            ("nothing public changed", Bump::None, edit("description: missing", "description: not found")),
        ];
        let dir = std::env::temp_dir().join(format!("semver-fixtures-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let old = dir.join("old.yaml");
        std::fs::write(&old, &base).unwrap();
        let mut failures = Vec::new();
        for (name, expected, text) in cases {
            let new = dir.join("new.yaml");
            std::fs::write(&new, text).unwrap();
            let (predicted, measured, verdict) = predict_and_measure(name, &old, &new);
            if predicted.bump != expected {
                failures.push(format!(
                    "{name}: predicted {}, the policy says {}",
                    predicted.bump.name(),
                    expected.name()
                ));
            }
            // No pair is a type-only change, so each must agree outright.
            if verdict != Verdict::Agree {
                failures.push(format!("{name}: predicted {}, measured {}", predicted.bump.name(), measured.name()));
            }
        }
        std::fs::remove_dir_all(&dir).ok();
        assert!(failures.is_empty(), "{failures:#?}");
    }

    /// The predicted bump of `old` → `new` (no overlays), the measured one and the verdict,
    /// printed under `name`.
    fn predict_and_measure(name: &str, old: &Path, new: &Path) -> (Prediction, Measured, Verdict) {
        let predicted = Prediction::of(&specdiff::diff_files(old, new, None, None).unwrap());
        let measured = measure((old, None), (new, None)).unwrap();
        let verdict = Verdict::of(predicted, measured);
        eprintln!("{name}: predicted {}, measured {}: {}", predicted.bump.name(), measured.name(), verdict.describe());
        (predicted, measured, verdict)
    }

    /// Prediction and measurement agree on Intercom's real history, 2.9 → 2.10 → 2.11 (the
    /// vendor's files as spec-diff's own tests keep them, without overlay).
    #[test]
    fn semver_prediction_matches_on_intercom_history() {
        let fixtures = crate::providers::root().join("codegen/specdiff/tests/fixtures/intercom");
        let mut failures = Vec::new();
        for (old, new) in [("2.9", "2.10"), ("2.10", "2.11")] {
            let old = fixtures.join(format!("{old}.yaml"));
            let new = fixtures.join(format!("{new}.yaml"));
            let pair = format!("{} → {}", old.display(), new.display());
            let (predicted, measured, verdict) = predict_and_measure(&pair, &old, &new);
            if verdict != Verdict::Agree {
                failures.push(format!(
                    "{}: predicted {}, measured {}",
                    new.display(),
                    predicted.bump.name(),
                    measured.name()
                ));
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }
}
