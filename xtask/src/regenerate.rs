//! `cargo xtask regenerate [PROVIDER…]`: specs/ → generated/, all or nothing.

use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;

use crate::providers;

/// Arguments of `cargo xtask regenerate`.
#[derive(Debug, Args)]
pub struct RegenerateArgs {
    /// Providers to regenerate (folder names under specs/); all when none is given.
    pub providers: Vec<String>,
}

/// Generates every requested crate in memory first; only when all succeed are
/// files written, so a failure leaves generated/ as it was.
pub fn run(args: RegenerateArgs) -> Result<()> {
    let root = providers::root();
    let started = Instant::now();
    let mut crates = Vec::new();
    for provider in providers::load(&root, &args.providers)? {
        providers::verify_provenance(&root, &provider)?;
        let job = codegen::Job::from_manifest(&root, &provider.name, &provider.manifest);
        let start = Instant::now();
        let generated = codegen::generate_crate(&job)
            .map_err(anyhow::Error::new)
            .with_context(|| format!("cannot generate {}; generated/ was left unchanged", provider.name))?;
        crates.push((provider.name, generated, start.elapsed()));
    }
    for (name, generated, elapsed) in &crates {
        let dir = root.join("generated").join(name);
        let written = providers::write_crate(&dir, generated, true)?;
        for warning in &generated.warnings {
            eprintln!("warning: {warning}");
        }
        println!(
            "{name:<10} {:>4} operations {:>5} types {:>7} lines  {:>6.0} ms  ({} files changed)",
            generated.operations,
            generated.types,
            generated.lines,
            elapsed.as_secs_f64() * 1000.0,
            written
        );
    }
    println!("regenerated {} crate(s) in {:.0} ms", crates.len(), started.elapsed().as_secs_f64() * 1000.0);
    Ok(())
}
