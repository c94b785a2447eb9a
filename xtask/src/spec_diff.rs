//! `cargo xtask spec-diff`: breaking-change report between two spec versions.
//!
//! A thin front end over the `specdiff` library: it parses arguments, picks the mode (two
//! files with optional overlays, `--base REV`, or `--gate`), prints the rendered report and
//! returns the exit status (0 no breaking change, 1 breaking changes found, 2 could not run).
//! `--semver-check` also generates both crates and measures their semver bump with
//! `cargo-semver-checks`, to prove the report's predicted bump.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use specdiff::{Bump, FailOn, Format, ProviderRun};

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
    /// With OLD and NEW: generate both crates into a temporary workspace, measure the semver
    /// bump with cargo-semver-checks (installed with `cargo install --locked` if missing) and
    /// print it beside the predicted one; exit 1 when they disagree.
    #[arg(long, requires = "old")]
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
    if let (true, Some(old), Some(new)) = (args.semver_check, &args.old, &args.new) {
        let predicted = run.bump();
        let measured = measure((old, args.old_overlay.as_deref()), (new, args.new_overlay.as_deref()))?;
        let agree = agrees(predicted, measured);
        println!(
            "semver: predicted {}, measured {} by cargo-semver-checks: {}",
            predicted.name(),
            measured.name(),
            if agree { "agree" } else { "DISAGREE" }
        );
        if !agree {
            return Ok(1);
        }
    }
    Ok(run.exit_code(fail_on))
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

/// Whether a predicted bump agrees with a measured one: both major, or both not major.
pub fn agrees(predicted: Bump, measured: Measured) -> bool {
    (predicted == Bump::Major) == (measured == Measured::Major)
}

/// Generates the crates of `old` and `new` (spec, overlay) into a temporary workspace and
/// measures the bump between them with cargo-semver-checks.
///
/// # Errors
/// A spec that does not generate, cargo-semver-checks that cannot be installed, or a run of it
/// that fails for another reason than a semver violation.
pub fn measure(old: (&Path, Option<&Path>), new: (&Path, Option<&Path>)) -> anyhow::Result<Measured> {
    ensure_semver_checks()?;
    let root = crate::providers::root();
    let runtime = root.join("codegen/runtime").canonicalize().context("cannot find codegen/runtime")?;
    let work = std::env::temp_dir().join(format!("spec-diff-semver-{}", std::process::id()));
    let result = (|| {
        for (side, (spec, overlay)) in [("old", old), ("new", new)] {
            let mut job = codegen::Job::standalone(spec, "semver_probe", &runtime)?;
            // 1.0.0: cargo-semver-checks applies the pre-1.0 rules (a breaking change is a minor bump) otherwise.
            job.output.crate_version = "1.0.0".to_owned();
            if let Some(overlay) = overlay {
                job = job.with_overlay(overlay);
            }
            let generated = codegen::generate_crate(&job).map_err(anyhow::Error::new)?;
            crate::providers::write_crate(&work.join(side), &generated, false)?;
        }
        // Dependencies are built once and reused by later runs.
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map_or_else(|| root.join("target"), PathBuf::from)
            .join("semver-check");
        let passes = |release: &str| -> anyhow::Result<bool> {
            let status = Command::new("cargo")
                .args(["semver-checks", "check-release", "--manifest-path"])
                .arg(work.join("new/Cargo.toml"))
                .arg("--baseline-root")
                .arg(work.join("old"))
                .args(["--release-type", release])
                .env("CARGO_TARGET_DIR", &target)
                .status()
                .context("cannot run cargo semver-checks")?;
            Ok(status.success())
        };
        Ok(if !passes("minor")? {
            Measured::Major
        } else if !passes("patch")? {
            Measured::Minor
        } else {
            Measured::NotBreaking
        })
    })();
    std::fs::remove_dir_all(&work).ok();
    result
}

/// Installs cargo-semver-checks with `cargo install --locked` when `cargo semver-checks` is
/// not available, and says how long that took.
///
/// # Errors
/// The install failed (no registry access, build error).
pub fn ensure_semver_checks() -> anyhow::Result<()> {
    let available =
        Command::new("cargo").args(["semver-checks", "--version"]).output().is_ok_and(|o| o.status.success());
    if available {
        return Ok(());
    }
    eprintln!("cargo-semver-checks is missing: installing it with `cargo install --locked cargo-semver-checks` (several minutes)");
    let started = Instant::now();
    let status = Command::new("cargo")
        .args(["install", "--locked", "cargo-semver-checks"])
        .status()
        .context("cannot run cargo install")?;
    if !status.success() {
        bail!("`cargo install --locked cargo-semver-checks` failed; install it by hand and rerun");
    }
    eprintln!("installed cargo-semver-checks in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
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

    /// Prediction and measurement agree on fixture pairs that cover the evolution policy (one
    /// pair per rule: additions minor, new constructor arguments and removals major). Slow: it
    /// builds rustdoc JSON of two generated crates per pair and may install
    /// cargo-semver-checks: run it with `cargo test -p xtask -- --ignored semver`.
    #[test]
    #[ignore = "needs cargo-semver-checks (installed on first run) and minutes of build time"]
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
            let predicted = specdiff::diff_files(&old, &new, None, None).unwrap().bump();
            let measured = measure((&old, None), (&new, None)).unwrap();
            eprintln!("{name}: predicted {}, measured {}", predicted.name(), measured.name());
            if predicted != expected {
                failures.push(format!("{name}: predicted {}, the policy says {}", predicted.name(), expected.name()));
            }
            if !agrees(predicted, measured) {
                failures.push(format!("{name}: predicted {}, measured {}", predicted.name(), measured.name()));
            }
        }
        std::fs::remove_dir_all(&dir).ok();
        assert!(failures.is_empty(), "{failures:#?}");
    }

    /// Prediction and measurement agree on Intercom's real history, 2.9 → 2.10 → 2.11 (the
    /// vendor's files as spec-diff's own tests keep them, without overlay).
    #[test]
    #[ignore = "needs cargo-semver-checks (installed on first run) and minutes of build time"]
    fn semver_prediction_matches_on_intercom_history() {
        let fixtures = crate::providers::root().join("codegen/specdiff/tests/fixtures/intercom");
        let mut failures = Vec::new();
        for (old, new) in [("2.9", "2.10"), ("2.10", "2.11")] {
            let old = fixtures.join(format!("{old}.yaml"));
            let new = fixtures.join(format!("{new}.yaml"));
            let predicted = specdiff::diff_files(&old, &new, None, None).unwrap().bump();
            let measured = measure((&old, None), (&new, None)).unwrap();
            eprintln!(
                "{} → {}: predicted {}, measured {}",
                old.display(),
                new.display(),
                predicted.name(),
                measured.name()
            );
            if !agrees(predicted, measured) {
                failures.push(format!(
                    "{}: predicted {}, measured {}",
                    new.display(),
                    predicted.name(),
                    measured.name()
                ));
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }
}
