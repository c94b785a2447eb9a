//! Turns an OpenAPI description into a complete Rust client crate.
//!
//! The path of data: [`load`] (YAML/JSON) → [`bundle`] (cross-file `$ref`s)
//! → [`overlay`] (recorded spec fixes) → [`openapi31`] (3.1 → 3.0, for 3.1
//! input) → [`normalize`] (general passes) → generation (typify for schemas, our own
//! emitter for operations and the client) → [`emit`] (prettyplease, the
//! `@generated` header, the crate manifest). [`generate_crate`] runs it all
//! and returns the files; writing them is the caller's business (see xtask).

pub mod emit;
mod generate;
pub mod normalize;
pub mod schema;

pub use helpdesk_spec::{bundle, error, load, manifest, openapi31, overlay, providers};

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use crate::emit::File;
pub use crate::error::{Error, Result};
pub use crate::manifest::{ClientSettings, DecodePolicy, Formats, Manifest};

/// Everything needed to generate one crate.
#[derive(Debug, Clone)]
pub struct Job {
    /// The spec file to read.
    pub spec: PathBuf,
    /// How the spec is named in errors, docs and headers (e.g. `specs/intercom/api.intercom.io.yaml`).
    pub spec_display: PathBuf,
    /// The overlay to apply: (file to read, name shown).
    pub overlay: Option<(PathBuf, PathBuf)>,
    /// Provider title, e.g. `Intercom`.
    pub title: String,
    /// Vendor docs URL.
    pub docs: String,
    /// Crate package name.
    pub crate_name: String,
    /// Crate version.
    pub crate_version: String,
    /// API version the spec describes.
    pub spec_version: String,
    /// Where the spec comes from.
    pub source: String,
    /// `upstream`, `assembled` or `authored`.
    pub origin: String,
    /// Upstream commit or retrieval date.
    pub revision: String,
    /// Client settings from the manifest.
    pub client: ClientSettings,
    /// The response-decoding policy from the manifest.
    pub decode: DecodePolicy,
    /// Path of the runtime crate as written in the generated Cargo.toml.
    pub runtime_path: String,
    /// The command named in the `@generated` header.
    pub command: String,
    /// Whether the crate gets an empty `[workspace]` table (generated outside this workspace).
    pub standalone: bool,
}

impl Job {
    /// A job for a provider folder `specs/<name>` with its manifest, generating into
    /// `generated/<name>` of the workspace at `root`.
    pub fn from_manifest(root: &Path, provider: &str, manifest: &Manifest) -> Self {
        let dir = Path::new("specs").join(provider);
        Self {
            spec: root.join(&dir).join(&manifest.spec.file),
            spec_display: dir.join(&manifest.spec.file),
            overlay: manifest.spec.overlay.as_ref().map(|o| (root.join(&dir).join(o), dir.join(o))),
            title: manifest.provider.title.clone(),
            docs: manifest.provider.docs.clone(),
            crate_name: manifest.krate.name.clone(),
            crate_version: manifest.krate.version.clone(),
            spec_version: manifest.spec.version.clone(),
            source: manifest.spec.source.clone(),
            origin: manifest.spec.origin.clone(),
            revision: manifest.spec.revision.clone(),
            client: manifest.client.clone(),
            decode: manifest.decode,
            runtime_path: "../../codegen/runtime".to_owned(),
            command: "cargo xtask regenerate".to_owned(),
            standalone: false,
        }
    }
}

/// A generated crate with its statistics.
#[derive(Debug, Clone)]
pub struct Crate {
    /// The files, relative to the crate root.
    pub files: Vec<File>,
    /// Number of operations.
    pub operations: usize,
    /// Number of named schema types.
    pub types: usize,
    /// Lines of Rust.
    pub lines: usize,
    /// sha256 of the spec file.
    pub spec_sha256: String,
    /// Time per stage: load+overlay+normalize, generate, emit.
    pub timings: [Duration; 3],
    /// Problems worked around in a general way that an overlay should fix.
    pub warnings: Vec<Error>,
}

pub use helpdesk_spec::Patched;

/// Loads the spec of `job`, bundles its cross-file `$ref`s and applies its overlay.
/// Tests read documented examples from this, so that an overlay's corrections apply.
///
/// # Errors
/// Unreadable or unparsable files, or an overlay action that does not apply.
pub fn patched_spec(job: &Job) -> Result<Patched> {
    let overlay = job.overlay.as_ref().map(|(path, shown)| (path.as_path(), shown.as_path()));
    helpdesk_spec::patched(&job.spec, &job.spec_display, overlay)
}

/// A spec as generation reads it: patched, in OpenAPI 3.0, normalized.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The document.
    pub spec: serde_json::Value,
    /// sha256 of the vendored spec file.
    pub spec_sha256: String,
    /// sha256 of the overlay, if any.
    pub overlay_sha256: Option<String>,
    /// Problems worked around in a general way that an overlay should fix.
    pub warnings: Vec<Error>,
}

/// [`patched_spec`], then 3.1 → 3.0 (for 3.1 input) and the general
/// normalization passes: exactly the document the generator reads, which an
/// independent validator can check.
///
/// # Errors
/// As [`patched_spec`], and the normalization errors of [`normalize::run`].
pub fn normalized_spec(job: &Job) -> Result<Normalized> {
    let Patched { mut spec, spec_sha256, overlay_sha256 } = patched_spec(job)?;
    if openapi31::is_31(&spec) {
        openapi31::downgrade(&mut spec);
    }
    let warnings = normalize::run(&mut spec, &job.spec_display)?;
    Ok(Normalized { spec, spec_sha256, overlay_sha256, warnings })
}

/// Generates the crate described by `job`.
///
/// # Errors
/// Any problem of the spec, overlay or generation, as an [`Error`] naming the
/// file, the JSON pointer and the fix. Never panics on bad input.
pub fn generate_crate(job: &Job) -> Result<Crate> {
    let start = Instant::now();
    let Normalized { spec, spec_sha256, overlay_sha256: overlay_sha, warnings } = normalized_spec(job)?;
    let loaded = start.elapsed();
    let generated = generate::generate(&spec, &job.spec_display, &job.title, &job.client, job.decode)?;
    let generated_at = start.elapsed();
    let (operations, types) = (generated.operation_count, generated.type_count);
    let files = emit::emit(job, generated, &spec_sha256, overlay_sha.as_deref())?;
    let lines = files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
        .map(|f| f.contents.lines().count())
        .sum();
    Ok(Crate {
        files,
        operations,
        types,
        lines,
        spec_sha256,
        timings: [loaded, generated_at - loaded, start.elapsed() - generated_at],
        warnings,
    })
}
