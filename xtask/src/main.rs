//! `cargo xtask`: the workspace's tasks, one subcommand each (a thin front end over `codegen`).

mod check;
mod corpus;
mod generate;
mod providers;
mod regenerate;
mod samples;
mod semver;
mod spec_diff;

use clap::{Parser, Subcommand};

/// Generation builds and drops many small syntax-tree nodes: with mimalloc instead of the
/// system allocator the vs-progenitor bench runs in about 0.7 of the time (figures in
/// docs/testing.md, "Benchmarks"). The `codegen` library itself leaves the allocator to its user.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Workspace tasks of helpdesk-bindings.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate the client crates under generated/ from specs/ (all, or the named providers).
    Regenerate(regenerate::RegenerateArgs),
    /// Fail when generated/ is stale or a vendored spec differs from its manifest's sha256.
    Check(check::CheckArgs),
    /// Generate a standalone crate from any OpenAPI 3.0 file.
    Generate(generate::GenerateArgs),
    /// Breaking-change report between two spec versions.
    SpecDiff(spec_diff::SpecDiffArgs),
    /// Generate the development corpus and the vendored specs (corpus specs without an overlay) and `cargo check` each crate.
    Corpus(corpus::CorpusArgs),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Regenerate(args) => regenerate::run(args).map(|()| 0),
        Command::Check(args) => check::run(args),
        Command::Generate(args) => generate::run(args).map(|()| 0),
        Command::SpecDiff(args) => spec_diff::run(args),
        Command::Corpus(args) => corpus::run(args),
    };
    match result {
        Ok(code) => std::process::exit(code),
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::exit(2);
        }
    }
}
