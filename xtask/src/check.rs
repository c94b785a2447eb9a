//! `cargo xtask check`: generated/ must be what specs/ produce, and specs must match their manifests.

use anyhow::Result;
use clap::Args;

use crate::providers;

/// Arguments of `cargo xtask check`.
#[derive(Debug, Args)]
pub struct CheckArgs {}

/// Returns exit status 0 when everything is current, 1 otherwise (naming each
/// problem and the command that fixes it).
pub fn run(_args: CheckArgs) -> Result<i32> {
    let problems = problems()?;
    for problem in &problems {
        eprintln!("{problem}");
    }
    if problems.is_empty() {
        println!("generated/ is up to date with specs/; every spec matches its provider.toml");
        Ok(0)
    } else {
        Ok(1)
    }
}

/// Every staleness or provenance problem of the workspace, as messages.
pub fn problems() -> Result<Vec<String>> {
    let root = providers::root();
    let mut problems = Vec::new();
    for provider in providers::load(&root, &[])? {
        let name = &provider.name;
        if let Err(err) = providers::verify_provenance(&root, &provider) {
            problems.push(format!("provenance: {err:#}"));
            continue;
        }
        let job = codegen::Job::from_manifest(&root, name, &provider.manifest);
        let generated = match codegen::generate_crate(&job) {
            Ok(generated) => generated,
            Err(err) => {
                problems.push(format!("generation fails for {name}: {err}"));
                continue;
            }
        };
        let dir = root.join("generated").join(name);
        for file in &generated.files {
            let path = dir.join(&file.path);
            match std::fs::read(&path) {
                Ok(bytes) if bytes == file.contents.as_bytes() => {}
                Ok(_) => problems.push(format!("stale: generated/{name}/{} differs from what specs/{name} produces\n  fix: cargo xtask regenerate {name}", file.path.display())),
                Err(_) => problems.push(format!("missing: generated/{name}/{}\n  fix: cargo xtask regenerate {name}", file.path.display())),
            }
        }
        for stale in providers::stale_files(&dir, &generated)? {
            problems.push(format!(
                "extra: {} is not produced by the generator\n  fix: cargo xtask regenerate {name}",
                stale.strip_prefix(&root).unwrap_or(&stale).display()
            ));
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    /// `cargo test` fails when generated/ is stale or a spec changed without review.
    #[test]
    fn generated_crates_are_up_to_date() {
        let problems = super::problems().expect("the check runs");
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
