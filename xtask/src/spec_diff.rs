//! `cargo xtask spec-diff`: breaking-change report between two spec versions.

use clap::Args;

/// Arguments of `cargo xtask spec-diff`.
#[derive(Debug, Args)]
pub struct SpecDiffArgs {}

/// Runs the command and returns the process exit status.
pub fn run(_args: SpecDiffArgs) -> anyhow::Result<i32> {
    anyhow::bail!("spec-diff is not implemented yet")
}
