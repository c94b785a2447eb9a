//! Reading a vendored OpenAPI description, one way for every tool of the workspace.
//!
//! The generator (`codegen`) and the breaking-change classifier (`specdiff`) both read specs
//! through this crate: [`load`] (YAML/JSON, sha256) → [`merge`] (a provider's further documents)
//! → [`bundle`] (cross-file `$ref`s inside the provider's folder) → [`overlay`] (recorded fixes) → [`openapi31`] (3.1 → 3.0, where that is
//! what generation reads); [`traced`] also says where each part of the result comes from.
//! [`manifest`] parses `specs/<provider>/provider.toml` and [`providers`] finds the vendored
//! providers. [`pointer`](mod@pointer) (JSON pointers), [`resolve`] (`$ref`s) and [`naming`] (the Rust
//! names of generated items) are shared by every reader. Errors name the file, the JSON
//! pointer and the fix ([`Error`]).

pub mod bundle;
pub mod error;
pub mod load;
pub mod manifest;
pub mod merge;
pub mod naming;
pub mod openapi31;
pub mod overlay;
pub mod pointer;
pub mod providers;
pub mod resolve;

use std::path::Path;

pub use crate::error::{Error, Result};
pub use crate::manifest::Manifest;
pub use crate::pointer::escape as escape_token;

/// The HTTP methods of a path item, in the order operations are read.
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// A spec as the vendor's file plus our recorded fixes: bundled and overlaid,
/// in the vendor's OpenAPI version (so JSON pointers match the vendored file).
#[derive(Debug, Clone)]
pub struct Patched {
    /// The bundled, overlaid document.
    pub spec: serde_json::Value,
    /// sha256 of the vendored spec file.
    pub spec_sha256: String,
    /// sha256 of the overlay, if any.
    pub overlay_sha256: Option<String>,
    /// Every other vendored file read (merged documents, then bundled files), as shown,
    /// with its sha256: what a generated crate's provenance stamp lists.
    pub files: Vec<(std::path::PathBuf, String)>,
    /// What reading the files found questionable but could read (duplicate keys, integers
    /// beyond 64 bits), each with its file and pointer.
    pub warnings: Vec<Error>,
}

/// The vendored inputs of a spec: the main file, further documents merged into it
/// ([`merge`]) and the overlay. Each is (file to read, name shown).
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The main spec file.
    pub spec: (&'a Path, &'a Path),
    /// Further OpenAPI documents whose paths and components are merged into it.
    pub documents: &'a [(&'a Path, &'a Path)],
    /// The overlay, if any.
    pub overlay: Option<(&'a Path, &'a Path)>,
}

impl<'a> Inputs<'a> {
    /// One spec file with an optional overlay.
    pub fn single(spec: &'a Path, spec_display: &'a Path, overlay: Option<(&'a Path, &'a Path)>) -> Self {
        Self { spec: (spec, spec_display), documents: &[], overlay }
    }
}

/// Loads the spec at `spec` (shown as `spec_display` in errors), bundles its cross-file
/// `$ref`s and applies the overlay (file to read, name shown), if any.
///
/// # Errors
/// Unreadable or unparsable files, a reference that leaves the spec's folder, or an
/// overlay action that does not apply.
pub fn patched(spec: &Path, spec_display: &Path, overlay: Option<(&Path, &Path)>) -> Result<Patched> {
    patched_inputs(Inputs::single(spec, spec_display, overlay))
}

/// [`patched`] for a spec of several documents ([`Inputs`]).
///
/// # Errors
/// As [`patched`], and the merge errors of [`merge::merge`].
pub fn patched_inputs(inputs: Inputs<'_>) -> Result<Patched> {
    layers(inputs, false).map(|traced| traced.patched)
}

/// [`patched`], then converted to OpenAPI 3.0 when it is 3.1: the document generation reads
/// before its own normalization passes.
///
/// # Errors
/// As [`patched`].
pub fn effective(spec: &Path, spec_display: &Path, overlay: Option<(&Path, &Path)>) -> Result<Patched> {
    effective_inputs(Inputs::single(spec, spec_display, overlay))
}

/// [`effective`] for a spec of several documents ([`Inputs`]).
///
/// # Errors
/// As [`patched_inputs`].
pub fn effective_inputs(inputs: Inputs<'_>) -> Result<Patched> {
    let mut patched = patched_inputs(inputs)?;
    downgrade(&mut patched.spec);
    Ok(patched)
}

/// The effective spec ([`effective`]) with its provenance: the same document without the
/// overlay, the components bundling imported from other files, and what each overlay
/// action changed. Spec-diff uses it to report a change in the file that caused it.
#[derive(Debug, Clone)]
pub struct Traced {
    /// The effective spec.
    pub patched: Patched,
    /// The spec bundled (and downgraded) as [`Traced::patched`] but without the overlay;
    /// `None` when there is no overlay (then it is the same document).
    pub vendored: Option<serde_json::Value>,
    /// Components and operations taken from other vendored files by [`merge`] and [`bundle`].
    pub imports: Vec<bundle::Import>,
    /// For each overlay action, the pointers (`/…`) it wrote, replaced or removed.
    pub actions: Vec<Vec<String>>,
}

/// [`effective`] with its provenance ([`Traced`]).
///
/// # Errors
/// As [`effective`].
pub fn traced(spec: &Path, spec_display: &Path, overlay: Option<(&Path, &Path)>) -> Result<Traced> {
    traced_inputs(Inputs::single(spec, spec_display, overlay))
}

/// [`traced`] for a spec of several documents ([`Inputs`]).
///
/// # Errors
/// As [`patched_inputs`].
pub fn traced_inputs(inputs: Inputs<'_>) -> Result<Traced> {
    let mut traced = layers(inputs, true)?;
    downgrade(&mut traced.patched.spec);
    if let Some(vendored) = &mut traced.vendored {
        downgrade(vendored);
    }
    Ok(traced)
}

fn downgrade(spec: &mut serde_json::Value) {
    if openapi31::is_31(spec) {
        openapi31::downgrade(spec);
    }
}

/// Load, merge, bundle, overlay; `keep_vendored` keeps a copy from before the overlay.
fn layers(inputs: Inputs<'_>, keep_vendored: bool) -> Result<Traced> {
    let (spec, spec_display) = inputs.spec;
    let document = load::load(spec, spec_display)?;
    let mut value = document.value;
    let mut warnings = document.warnings;
    let overlay = inputs.overlay.map(|(path, shown)| load::load(path, shown).map(|o| (o, shown))).transpose()?;
    let merged = merge::merge(
        &mut value,
        spec,
        spec_display,
        inputs.documents,
        overlay.as_ref().map(|(o, shown)| (&o.value, *shown)),
    )?;
    warnings.extend(merged.warnings);
    let bundled = bundle::bundle_traced(&mut value, spec, spec_display)?;
    warnings.extend(bundled.warnings);
    let mut imports = merged.imports;
    imports.extend(bundled.imports);
    let mut files = merged.files;
    files.extend(bundled.files);
    let mut overlay_sha256 = None;
    let mut vendored = None;
    let mut actions = Vec::new();
    if let Some((overlay, shown)) = overlay {
        warnings.extend(overlay.warnings);
        vendored = keep_vendored.then(|| value.clone());
        let mut actions_only = overlay.value;
        if let Some(object) = actions_only.as_object_mut() {
            object.shift_remove(merge::EXTENSION);
        }
        actions = overlay::apply_traced(&mut value, actions_only, shown)?;
        overlay_sha256 = Some(overlay.sha256);
    }
    warnings.extend(merge::join_templates(&mut value, spec_display, &mut imports));
    let patched = Patched { spec: value, spec_sha256: document.sha256, overlay_sha256, files, warnings };
    Ok(Traced { patched, vendored, imports, actions })
}
