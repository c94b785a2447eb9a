//! Reading a vendored OpenAPI description, one way for every tool of the workspace.
//!
//! The generator (`codegen`) and the breaking-change classifier (`specdiff`) both read specs
//! through this crate: [`load`] (YAML/JSON, sha256) → [`bundle`] (cross-file `$ref`s inside the
//! provider's folder) → [`overlay`] (recorded fixes) → [`openapi31`] (3.1 → 3.0, where that is
//! what generation reads); [`traced`] also says where each part of the result comes from.
//! [`manifest`] parses `specs/<provider>/provider.toml` and [`providers`] finds the vendored
//! providers. [`pointer`] (JSON pointers), [`resolve`] (`$ref`s) and [`naming`] (the Rust
//! names of generated items) are shared by every reader. Errors name the file, the JSON
//! pointer and the fix ([`Error`]).

pub mod bundle;
pub mod error;
pub mod load;
pub mod manifest;
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
    /// What reading the files found questionable but could read (duplicate keys, integers
    /// beyond 64 bits), each with its file and pointer.
    pub warnings: Vec<Error>,
}

/// Loads the spec at `spec` (shown as `spec_display` in errors), bundles its cross-file
/// `$ref`s and applies the overlay (file to read, name shown), if any.
///
/// # Errors
/// Unreadable or unparsable files, a reference that leaves the spec's folder, or an
/// overlay action that does not apply.
pub fn patched(spec: &Path, spec_display: &Path, overlay: Option<(&Path, &Path)>) -> Result<Patched> {
    layers(spec, spec_display, overlay, false).map(|traced| traced.patched)
}

/// [`patched`], then converted to OpenAPI 3.0 when it is 3.1: the document generation reads
/// before its own normalization passes.
///
/// # Errors
/// As [`patched`].
pub fn effective(spec: &Path, spec_display: &Path, overlay: Option<(&Path, &Path)>) -> Result<Patched> {
    let mut patched = patched(spec, spec_display, overlay)?;
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
    /// Components imported from other vendored files by [`bundle`].
    pub imports: Vec<bundle::Import>,
    /// For each overlay action, the pointers (`/…`) it wrote, replaced or removed.
    pub actions: Vec<Vec<String>>,
}

/// [`effective`] with its provenance ([`Traced`]).
///
/// # Errors
/// As [`effective`].
pub fn traced(spec: &Path, spec_display: &Path, overlay: Option<(&Path, &Path)>) -> Result<Traced> {
    let mut traced = layers(spec, spec_display, overlay, true)?;
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

/// Load, bundle, overlay; `keep_vendored` keeps a copy from before the overlay.
fn layers(spec: &Path, spec_display: &Path, overlay: Option<(&Path, &Path)>, keep_vendored: bool) -> Result<Traced> {
    let document = load::load(spec, spec_display)?;
    let mut value = document.value;
    let mut warnings = document.warnings;
    let bundled = bundle::bundle_traced(&mut value, spec, spec_display)?;
    warnings.extend(bundled.warnings);
    let imports = bundled.imports;
    let mut overlay_sha256 = None;
    let mut vendored = None;
    let mut actions = Vec::new();
    if let Some((path, shown)) = overlay {
        let overlay = load::load(path, shown)?;
        warnings.extend(overlay.warnings);
        vendored = keep_vendored.then(|| value.clone());
        actions = overlay::apply_traced(&mut value, overlay.value, shown)?;
        overlay_sha256 = Some(overlay.sha256);
    }
    let patched = Patched { spec: value, spec_sha256: document.sha256, overlay_sha256, warnings };
    Ok(Traced { patched, vendored, imports, actions })
}
