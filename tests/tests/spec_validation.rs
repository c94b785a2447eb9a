//! Independent validation of the specs as the generator reads them: each provider's
//! normalized document (overlay applied, 3.1 downgraded to 3.0, general passes run) and
//! each authored spec must pass `openapi-spec-validator`, a validator outside this project.
//!
//! The validator (PyPI `openapi-spec-validator`, pinned below) is installed on first use
//! into a virtual environment under the target directory; a clean machine needs only Python.

use std::path::{Path, PathBuf};

use conformance::{job, providers, root};
use std::process::Command;

const VALIDATOR: &str = "openapi-spec-validator==0.7.2";

/// The validator's executable, installing it when missing (once per test binary: the
/// tests run in parallel and must not race to create the same environment).
fn validator() -> PathBuf {
    static INSTALLED: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    INSTALLED.get_or_init(install).clone()
}

fn install() -> PathBuf {
    let venv = root().join("target").join("openapi-spec-validator-0.7.2");
    let bin = venv.join("bin").join("openapi-spec-validator");
    if !bin.exists() {
        eprintln!("installing {VALIDATOR} into {}", venv.display());
        // `--clear`: a half-made environment from an interrupted run is started over.
        let status = Command::new("python3").args(["-m", "venv", "--clear"]).arg(&venv).status().expect("python3 runs");
        assert!(status.success(), "python3 -m venv failed");
        let status = Command::new(venv.join("bin").join("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", VALIDATOR])
            .status()
            .expect("pip runs");
        assert!(status.success(), "pip install {VALIDATOR} failed");
    }
    bin
}

fn validate(file: &Path) -> Result<(), String> {
    let output = Command::new(validator()).arg(file).output().expect("the validator runs");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    if output.status.success() {
        Ok(())
    } else {
        Err(text)
    }
}

#[test]
fn every_normalized_spec_and_authored_spec_is_valid_openapi() {
    let out = root().join("target").join("normalized-specs");
    std::fs::create_dir_all(&out).unwrap();
    let mut failures = Vec::new();
    for provider in providers() {
        let (manifest, job) = job(&provider);
        let normalized = codegen::normalized_spec(&job).unwrap_or_else(|err| panic!("{err}"));
        let file = out.join(format!("{provider}.json"));
        std::fs::write(&file, serde_json::to_vec_pretty(&normalized.spec).unwrap()).unwrap();
        if let Err(report) = validate(&file) {
            failures.push(format!("{provider} (normalized, {}):\n{report}", file.display()));
        }
        if manifest.spec.origin == codegen::Origin::Authored {
            if let Err(report) = validate(&job.spec.path) {
                failures.push(format!("{provider} (authored file {}):\n{report}", job.spec.path.display()));
            }
        }
        println!("{provider}: validated");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_validator_rejects_a_malformed_spec() {
    let file = root().join("target").join("normalized-specs").join("malformed.json");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(
        &file,
        r#"{"openapi": "3.0.3", "info": {"title": "x"}, "paths": {"/a": {"get": {"responses": {"200": {}}}}}}"#,
    )
    .unwrap();
    assert!(validate(&file).is_err(), "a spec without info.version and response descriptions must fail");
}
