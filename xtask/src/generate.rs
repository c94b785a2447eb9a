//! `cargo xtask generate --spec FILE --out DIR --crate-name NAME`: a standalone crate from any spec.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use crate::providers;

/// Arguments of `cargo xtask generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The OpenAPI 3.x file (YAML or JSON); files it `$ref`s in its folder are bundled.
    #[arg(long)]
    pub spec: PathBuf,
    /// An Overlay 1.0 file to apply first.
    #[arg(long)]
    pub overlay: Option<PathBuf>,
    /// The crate folder to write (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// The crate's package name.
    #[arg(long)]
    pub crate_name: String,
    /// Whether `format` picks parsed types (`typed`) or is documented only (`text`, the default);
    /// see "Response decoding" in docs/using.md.
    #[arg(long, value_enum, default_value_t = Formats::Text)]
    pub formats: Formats,
    /// Accept booleans, numbers and strings given as another scalar in responses.
    #[arg(long)]
    pub lenient_scalars: bool,
}

/// `--formats`: the manifest's `[decode] formats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Formats {
    /// Documented, not parsed: a value that breaks its format never fails a decode.
    Text,
    /// Parsed types (`uuid::Uuid`, `chrono::DateTime<Utc>`, `i32`, `f32`).
    Typed,
}

/// Generates the crate; the files are written only when generation succeeds.
pub fn run(args: GenerateArgs) -> Result<()> {
    let root = providers::root();
    let runtime = root.join("codegen/runtime").canonicalize().context("cannot find codegen/runtime")?;
    let mut job = codegen::Job::standalone(&args.spec, &args.crate_name, &runtime).with_decode(codegen::DecodePolicy {
        formats: match args.formats {
            Formats::Text => codegen::Formats::Text,
            Formats::Typed => codegen::Formats::Typed,
        },
        lenient_scalars: args.lenient_scalars,
    });
    if let Some(overlay) = &args.overlay {
        job = job.with_overlay(overlay);
    }
    let generated = codegen::generate_crate(&job).map_err(anyhow::Error::new)?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    providers::write_crate(&args.out, &generated, false)?;
    let count = |kind| generated.degraded.iter().filter(|d| d.kind == kind).count();
    println!(
        "{}: {} operations, {} types, {} lines → {} (degraded: {} schemas as serde_json::Value, {} operations \
         skipped, {} security schemes not applied)",
        args.crate_name,
        generated.operations,
        generated.types,
        generated.lines,
        args.out.display(),
        count(codegen::DegradationKind::Schema),
        count(codegen::DegradationKind::Operation),
        count(codegen::DegradationKind::Security),
    );
    Ok(())
}
