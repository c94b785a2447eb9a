//! `cargo xtask spec-diff`: breaking-change report between two spec versions.
//!
//! A thin front end over the `specdiff` library: it parses arguments, picks the mode (two
//! files with optional overlays, `--base REV`, or `--gate`), prints the rendered report and
//! returns the exit status (0 no breaking change, 1 breaking changes found, 2 could not run).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use specdiff::{FailOn, Format, ProviderRun};

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
    Ok(run.exit_code(fail_on))
}
