//! Turns an OpenAPI description into a complete Rust client crate.
//!
//! The path of data: [`load`] (YAML/JSON) → [`bundle`] (cross-file `$ref`s)
//! → [`overlay`] (recorded spec fixes) → [`openapi31`] (3.1 → 3.0, for 3.1
//! input) → [`normalize`] (general passes) → generation (typify for schemas, our own
//! emitter for operations and the client) → [`emit`] (prettyplease, the
//! `@generated` header, the crate manifest). [`generate_crate`] runs it all
//! and returns the files; writing them is the caller's business (see xtask).

pub mod degradation;
pub mod docs;
pub mod emit;
mod generate;
pub mod normalize;
pub mod schema;
pub mod tagged;

pub use helpdesk_spec::{bundle, error, load, manifest, openapi31, overlay, providers};

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use crate::degradation::{Degradation, DegradationKind, Skipped};
pub use crate::emit::File;
pub use crate::error::{Error, Result};
pub use crate::manifest::{
    ClientSettings, DecodePolicy, Formats, Manifest, Origin, WarningAcknowledgement, WebhookSettings,
};

/// A file to read, and how it is named in errors, docs and headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Where the file is read from.
    pub path: PathBuf,
    /// How it is shown, e.g. `specs/intercom/api.intercom.io.yaml`.
    pub shown: PathBuf,
}

/// Where a spec comes from, stamped on every generated file and in the crate docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// Provider title, e.g. `Intercom`.
    pub title: String,
    /// Vendor docs URL.
    pub docs: String,
    /// API version the spec describes.
    pub spec_version: String,
    /// Where the spec comes from (repository URL and path, or doc pages).
    pub source: String,
    /// Upstream, assembled, authored or local.
    pub origin: Origin,
    /// Upstream commit or retrieval date.
    pub revision: String,
    /// Further vendored files (merged documents, then referenced files), as shown, with the
    /// sha256 the manifest records. Generation checks every file it reads against this list.
    pub extra_files: Vec<(PathBuf, String)>,
}

/// The crate to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Package name.
    pub crate_name: String,
    /// Package version.
    pub crate_version: String,
    /// Path of the runtime crate as written in the generated Cargo.toml.
    pub runtime_path: String,
    /// The command named in the `@generated` header.
    pub command: String,
    /// Whether the crate gets an empty `[workspace]` table (generated outside a workspace).
    pub standalone: bool,
    /// Statements of the crate docs' example (see `[crate] example` in `provider.toml`).
    pub example: Option<String>,
    /// Statements of the `mock` module's example (see `[crate] mock-example`).
    pub mock_example: Option<String>,
}

/// Everything needed to generate one crate.
#[derive(Debug, Clone)]
pub struct Job {
    /// The spec file.
    pub spec: Input,
    /// Further OpenAPI documents merged into the spec (`[spec] documents`).
    pub documents: Vec<Input>,
    /// The overlay applied to it, if any.
    pub overlay: Option<Input>,
    /// Provenance of the spec.
    pub provenance: Provenance,
    /// The crate to write.
    pub output: Output,
    /// Client settings from the manifest.
    pub client: ClientSettings,
    /// The response-decoding policy from the manifest.
    pub decode: DecodePolicy,
    /// What the manifest says of the provider's webhooks (how deliveries are signed).
    pub webhooks: WebhookSettings,
    /// Strict generation (vendored providers): every warning must be acknowledged here
    /// (`provider.toml` `[generate]`), or generation fails; `None` is lenient (a user's spec:
    /// warnings are reported, the crate is generated).
    pub strict: Option<Vec<WarningAcknowledgement>>,
}

impl Job {
    /// A job for a provider folder `specs/<name>` with its manifest, generating into
    /// `generated/<name>` of the workspace at `root`.
    pub fn from_manifest(root: &Path, provider: &str, manifest: &Manifest) -> Self {
        let dir = Path::new("specs").join(provider);
        let input = |file: &str| Input { path: root.join(&dir).join(file), shown: dir.join(file) };
        Self {
            spec: input(&manifest.spec.file),
            documents: manifest.spec.documents.iter().map(|d| input(&d.file)).collect(),
            overlay: manifest.spec.overlay.as_deref().map(input),
            provenance: Provenance {
                title: manifest.provider.title.clone(),
                docs: manifest.provider.docs.clone(),
                spec_version: manifest.spec.version.clone(),
                source: manifest.spec.source.clone(),
                origin: manifest.spec.origin,
                revision: manifest.spec.revision.clone(),
                extra_files: manifest.spec.other_files().map(|f| (dir.join(&f.file), f.sha256.clone())).collect(),
            },
            output: Output {
                crate_name: manifest.krate.name.clone(),
                crate_version: manifest.krate.version.clone(),
                runtime_path: "../../codegen/runtime".to_owned(),
                command: "cargo xtask regenerate".to_owned(),
                standalone: false,
                example: manifest.krate.example.clone(),
                mock_example: manifest.krate.mock_example.clone(),
            },
            client: manifest.client.clone(),
            decode: manifest.decode,
            webhooks: manifest.webhooks.clone(),
            strict: Some(manifest.generate.acknowledged.clone()),
        }
    }

    /// A job for any spec file outside the vendored providers (`cargo xtask generate`,
    /// fixtures): the crate is standalone and depends on the runtime at `runtime_path`. The
    /// title and version are left empty here: [`generate_crate`] takes them from the spec's
    /// `info` (a value set on the job before wins), so that the spec is read once.
    pub fn standalone(spec: &Path, crate_name: &str, runtime_path: &Path) -> Self {
        Self {
            spec: Input { path: spec.to_path_buf(), shown: spec.to_path_buf() },
            documents: Vec::new(),
            overlay: None,
            provenance: Provenance {
                title: String::new(),
                docs: "see the spec's `info`".to_owned(),
                spec_version: String::new(),
                source: spec.display().to_string(),
                origin: Origin::Local,
                revision: "n/a".to_owned(),
                extra_files: Vec::new(),
            },
            output: Output {
                crate_name: crate_name.to_owned(),
                crate_version: "0.1.0".to_owned(),
                runtime_path: runtime_path.display().to_string(),
                command: "cargo xtask generate".to_owned(),
                standalone: true,
                example: None,
                mock_example: None,
            },
            client: ClientSettings::default(),
            decode: DecodePolicy::default(),
            webhooks: WebhookSettings::default(),
            strict: None,
        }
    }

    /// The job with an empty title or version taken from the `info` of `spec` (see
    /// [`Job::standalone`]).
    fn with_info(&self, spec: &serde_json::Value) -> std::borrow::Cow<'_, Self> {
        let Provenance { title, spec_version, .. } = &self.provenance;
        if !title.is_empty() && !spec_version.is_empty() {
            return std::borrow::Cow::Borrowed(self);
        }
        let info = |key: &str| spec.pointer(&format!("/info/{key}")).and_then(serde_json::Value::as_str).unwrap_or("");
        let mut job = self.clone();
        if title.is_empty() {
            info("title").clone_into(&mut job.provenance.title);
        }
        if spec_version.is_empty() {
            info("version").clone_into(&mut job.provenance.spec_version);
        }
        std::borrow::Cow::Owned(job)
    }

    /// The job with an overlay applied before generation.
    #[must_use]
    pub fn with_overlay(mut self, overlay: &Path) -> Self {
        self.overlay = Some(Input { path: overlay.to_path_buf(), shown: overlay.to_path_buf() });
        self
    }

    /// The job with another response-decoding policy.
    #[must_use]
    pub fn with_decode(mut self, decode: DecodePolicy) -> Self {
        self.decode = decode;
        self
    }
}

/// Time per stage of [`generate_crate`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// Load, bundle, overlay, 3.1 → 3.0 and normalization.
    pub load: Duration,
    /// Schemas (typify) and operations.
    pub generate: Duration,
    /// Formatting (prettyplease) and the crate manifest.
    pub emit: Duration,
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
    /// Time per stage.
    pub timings: Timings,
    /// Problems worked around in a general way that an overlay should fix.
    pub warnings: Vec<Error>,
    /// What the generator could not express and degraded locally (each also a warning):
    /// schemas generated as `serde_json::Value`, operations skipped, security schemes
    /// not applied.
    pub degraded: Vec<Degradation>,
    /// The planned model as text, one line per decision: each operation (JSON pointer, HTTP
    /// method, path, method signature, feature) with its parameters, request bodies and
    /// replies, each operation not generated, and each paginated operation's streams. For
    /// review: the fixtures snapshot it apart from the printed files.
    pub plan: String,
    /// The `webhooks` module, when the spec declares webhooks.
    pub webhooks: Option<WebhookSummary>,
}

/// What a crate's `webhooks` module holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookSummary {
    /// Webhooks the spec declares: variants of `WebhookEvent` besides `Unknown`, when
    /// `discriminant` is set; payload types `parse_as` reads otherwise.
    pub webhooks: usize,
    /// The payload property `WebhookEvent::parse` tells the events apart by (`None`: no
    /// `WebhookEvent`, only `parse_as`).
    pub discriminant: Option<String>,
}

pub use helpdesk_spec::Patched;

/// Loads the spec of `job`, bundles its cross-file `$ref`s and applies its overlay.
/// Tests read documented examples from this, so that an overlay's corrections apply.
///
/// # Errors
/// Unreadable or unparsable files, or an overlay action that does not apply.
pub fn patched_spec(job: &Job) -> Result<Patched> {
    let overlay = job.overlay.as_ref().map(|o| (o.path.as_path(), o.shown.as_path()));
    let documents: Vec<(&Path, &Path)> = job.documents.iter().map(|d| (d.path.as_path(), d.shown.as_path())).collect();
    let patched = helpdesk_spec::patched_inputs(helpdesk_spec::Inputs {
        spec: (&job.spec.path, &job.spec.shown),
        documents: &documents,
        overlay,
    })?;
    check_provenance(job, &patched.files)?;
    Ok(patched)
}

/// Every vendored file generation read must be recorded, with the same sha256, in the job's
/// provenance (the manifest's `documents` and `extra_files`), so that the stamp of a generated
/// crate names every file it comes from. Jobs without a manifest (`Origin::Local`) record
/// whatever they read.
fn check_provenance(job: &Job, files: &[(PathBuf, String)]) -> Result<()> {
    if job.provenance.origin == Origin::Local {
        return Ok(());
    }
    for (file, sha256) in files {
        match job.provenance.extra_files.iter().find(|(recorded, _)| recorded == file) {
            Some((_, recorded)) if recorded == sha256 => {}
            Some((_, recorded)) => {
                return Err(Error::new(
                    file,
                    "",
                    format!("the file has sha256 {sha256}, but the manifest records {recorded}"),
                    "review the change (`cargo xtask spec-diff`), then update its sha256 in provider.toml",
                ))
            }
            None => {
                return Err(Error::new(
                    file,
                    "",
                    "the file is read (a `$ref` reaches it) but provider.toml does not record it",
                    "add it to `[spec] extra_files` with its sha256",
                ))
            }
        }
    }
    Ok(())
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
    /// The other vendored files read, as shown, with their sha256.
    pub files: Vec<(PathBuf, String)>,
    /// Problems worked around in a general way that an overlay should fix.
    pub warnings: Vec<Error>,
    /// Operations normalization took out of the document (see [`normalize::run`]).
    pub skipped: Vec<Skipped>,
}

/// [`patched_spec`], then 3.1 → 3.0 (for 3.1 input) and the general
/// normalization passes: exactly the document the generator reads, which an
/// independent validator can check.
///
/// # Errors
/// As [`patched_spec`], and the normalization errors of [`normalize::run`].
pub fn normalized_spec(job: &Job) -> Result<Normalized> {
    let Patched { mut spec, spec_sha256, overlay_sha256, files, mut warnings } = patched_spec(job)?;
    if openapi31::is_31(&spec) {
        openapi31::downgrade(&mut spec);
    }
    let normalization = normalize::run(&mut spec, &job.spec.shown)?;
    warnings.extend(normalization.warnings);
    Ok(Normalized { spec, spec_sha256, overlay_sha256, files, warnings, skipped: normalization.skipped })
}

/// Generates the crate described by `job`.
///
/// # Errors
/// Any problem of the spec, overlay or generation, as an [`Error`] naming the
/// file, the JSON pointer and the fix. Never panics on bad input.
pub fn generate_crate(job: &Job) -> Result<Crate> {
    let start = Instant::now();
    let Normalized { spec, spec_sha256, overlay_sha256: overlay_sha, files: mut read, mut warnings, skipped } =
        normalized_spec(job)?;
    let job = &*job.with_info(&spec);
    let names = event_names(job)?;
    if let Some(names) = &names {
        read.push((names.file.clone(), names.sha256.clone()));
    }
    let loaded = start.elapsed();
    let generated = generate::generate(
        &spec,
        skipped,
        &job.spec.shown,
        &job.provenance.title,
        &job.client,
        job.decode,
        &generate::WebhookInputs { settings: &job.webhooks, names: names.as_ref() },
    )?;
    let generated_at = start.elapsed();
    let (operations, types) = (generated.operation_count, generated.type_count);
    warnings.extend(generated.warnings.iter().cloned());
    let degraded = generated.degraded.clone();
    let plan = generated.plan.clone();
    let webhooks = generated.webhooks.as_ref().map(|module| module.summary.clone());
    let stamp = emit::Stamp { spec_sha256: &spec_sha256, files: &read, overlay_sha256: overlay_sha.as_deref() };
    let files = emit::emit(job, generated, &stamp)?;
    if let Some(acknowledged) = &job.strict {
        check_acknowledged(job, &warnings, acknowledged)?;
    }
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
        timings: Timings { load: loaded, generate: generated_at - loaded, emit: start.elapsed() - generated_at },
        warnings,
        degraded,
        plan,
        webhooks,
    })
}

/// The provider's event names, read from the vendored document `[webhooks.names]` points at.
#[derive(Debug, Clone)]
pub struct EventNameList {
    /// The document, as shown.
    pub file: PathBuf,
    /// Its sha256.
    pub sha256: String,
    /// JSON pointer of the object whose property names are the event names.
    pub pointer: String,
    /// The names, in the document's order.
    pub names: Vec<String>,
}

/// Reads `[webhooks.names]` of the job's manifest: the property names of the object at its
/// pointer in its document, which provenance must record with the same sha256.
fn event_names(job: &Job) -> Result<Option<EventNameList>> {
    let Some(setting) = &job.webhooks.names else { return Ok(None) };
    let folder = |path: &Path| path.parent().map(Path::to_path_buf).unwrap_or_default();
    let shown = folder(&job.spec.shown).join(&setting.file);
    let document = helpdesk_spec::load::load(&folder(&job.spec.path).join(&setting.file), &shown)?;
    check_provenance(job, &[(shown.clone(), document.sha256.clone())])?;
    let object = document.value.pointer(&setting.pointer).and_then(serde_json::Value::as_object).ok_or_else(|| {
        Error::new(
            &shown,
            &setting.pointer,
            "provider.toml [webhooks.names] points at no JSON object in this document",
            "give the pointer of the object whose property names are the event names",
        )
    })?;
    let names: Vec<String> = object.keys().cloned().collect();
    if names.is_empty() {
        return Err(Error::new(
            &shown,
            &setting.pointer,
            "provider.toml [webhooks.names] points at an object with no properties",
            "give the pointer of the object whose property names are the event names",
        ));
    }
    Ok(Some(EventNameList { file: shown, sha256: document.sha256, pointer: setting.pointer.clone(), names }))
}

/// Strict generation: every warning must match an acknowledgement (same file and pointer),
/// and every acknowledgement a warning, so that a vendored crate never degrades silently and
/// no stale acknowledgement stays behind.
fn check_acknowledged(job: &Job, warnings: &[Error], acknowledged: &[WarningAcknowledgement]) -> Result<()> {
    let folder = job.spec.shown.parent().unwrap_or(Path::new(""));
    let matches = |ack: &WarningAcknowledgement, warning: &Error| {
        let file = ack.file.as_ref().map_or_else(|| job.spec.shown.clone(), |f| folder.join(f));
        warning.file == file && warning.pointer == ack.pointer.trim_start_matches('#')
    };
    if let Some(warning) = warnings.iter().find(|w| !acknowledged.iter().any(|ack| matches(ack, w))) {
        return Err(Error::new(
            &warning.file,
            &warning.pointer,
            format!("{} (a vendored provider is generated strictly)", warning.message),
            format!(
                "{}; or, if the result is right, acknowledge it in provider.toml: \
                 [[generate.acknowledged]] pointer = {:?}, reason = \"…\"",
                warning.fix, warning.pointer
            ),
        ));
    }
    if let Some(ack) = acknowledged.iter().find(|ack| !warnings.iter().any(|w| matches(ack, w))) {
        return Err(Error::new(
            job.spec.shown.parent().unwrap_or(Path::new("")).join("provider.toml"),
            "/generate/acknowledged",
            format!("the acknowledged warning at {} no longer occurs", ack.pointer),
            "remove the acknowledgement",
        ));
    }
    Ok(())
}
