//! `specs/<provider>/provider.toml`: provenance of a vendored spec and the generation settings.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

/// A provider manifest.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Who the provider is.
    pub provider: ProviderInfo,
    /// Where the vendored spec comes from.
    pub spec: SpecInfo,
    /// The generated crate.
    #[serde(rename = "crate")]
    pub krate: CrateInfo,
    /// Client-level settings that the spec cannot express.
    #[serde(default)]
    pub client: ClientSettings,
    /// What the generated client tolerates in responses (docs/using.md: "Response decoding").
    #[serde(default)]
    pub decode: DecodePolicy,
    /// Spec-diff review state (read by `cargo xtask spec-diff --gate`).
    #[serde(default)]
    pub spec_diff: SpecDiffReview,
    /// Generator warnings reviewed and accepted (`cargo xtask regenerate` fails on any other).
    #[serde(default)]
    pub generate: GenerateReview,
    /// What the spec cannot say about the provider's webhooks (how deliveries are signed).
    #[serde(default)]
    pub webhooks: WebhookSettings,
}

/// The `[webhooks]` section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookSettings {
    /// How the provider signs a delivery (`[webhooks.signature]`): OpenAPI has no way to say it.
    /// With it, the generated `webhooks` module has a `Verifier` for this scheme.
    pub signature: Option<WebhookSignature>,
    /// Where the provider lists the names of all its events (`[webhooks.names]`), when a
    /// vendored document does: the generated `webhooks` module then has an `EventName` enum of
    /// them, and every webhook the spec declares must be one of them.
    pub names: Option<EventNames>,
    /// Which payload properties identify a delivery and date its event (`[webhooks.event]`):
    /// the generated `WebhookEvent` then has `id()` and `occurred_at()`.
    pub event: Option<EventFields>,
}

/// The payload properties every event carries that identify it and date it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EventFields {
    /// The property that identifies the delivery (an idempotency key), if the provider sends one.
    pub id: Option<String>,
    /// The property that says when the event happened, as a number (or a string of digits)
    /// counted in `time-unit` since the Unix epoch.
    pub occurred_at: Option<String>,
    /// The unit of `occurred-at`: `seconds` or `milliseconds`.
    pub time_unit: Option<TimeUnit>,
    /// Where these facts come from.
    pub source: String,
}

/// A count since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimeUnit {
    /// Seconds.
    Seconds,
    /// Milliseconds.
    Milliseconds,
}

/// A vendored document's list of event names: the property names of the object at `pointer`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventNames {
    /// The document, beside `provider.toml` (recorded with its sha256 in `[spec] extra_files`).
    pub file: String,
    /// JSON pointer of the object whose property names are the event names
    /// (`/components/schemas/subscriptions/properties`).
    pub pointer: String,
}

/// How a provider signs its webhook deliveries.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "scheme", rename_all = "kebab-case")]
pub enum WebhookSignature {
    /// An HMAC of the raw body in one header (`helpdesk_runtime::webhook::HmacVerifier`).
    Hmac(HmacSignature),
    /// An RS256 JWT in one header, checked against the provider's JWKS
    /// (`helpdesk_runtime::webhook::JwtVerifier`); it does not sign the body.
    Jwt(JwtSignature),
}

impl WebhookSignature {
    /// The header that carries the signature or token.
    pub fn header(&self) -> &str {
        match self {
            Self::Hmac(hmac) => &hmac.header,
            Self::Jwt(jwt) => &jwt.header,
        }
    }
}

/// An HMAC of the raw body in one header.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HmacSignature {
    /// The header that carries the signature (`X-Hub-Signature`).
    pub header: String,
    /// The HMAC's hash: `sha1` or `sha256`.
    pub algorithm: HmacAlgorithm,
    /// How the digest is written: `hex` or `base64`.
    pub encoding: DigestEncoding,
    /// Text before the digest (`sha1=`), if any.
    pub prefix: Option<String>,
    /// What the signing secret is and where a user finds it (shown in the docs).
    pub key: String,
    /// Where these facts come from (the vendor's page, or the public receivers they were taken
    /// from when the vendor does not say).
    pub source: String,
    /// Whether the vendor's own documentation confirms them; when not, the docs say so and how
    /// to override each part.
    pub confirmed: bool,
}

/// An RS256 JWT in one header whose issuer and audience name the receiving account and
/// subscription, with keys from a JWKS on each of the provider's servers (`[[client.servers]]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct JwtSignature {
    /// The header that carries the token (`X-ZDesk-JWT`).
    pub header: String,
    /// The token's algorithm: only `RS256` is accepted (any other is refused, which blocks
    /// algorithm confusion).
    pub algorithm: JwtAlgorithm,
    /// The `iss` a token must carry, with `{placeholders}` that become the `Verifier`'s
    /// constructor parameters (`orgId:{org_id}`).
    pub issuer: String,
    /// The `aud` a token must carry, with `{placeholders}` as `issuer` (`webhookId:{webhook_id}`).
    pub audience: String,
    /// The JWKS's path on each server (`/.well-known/jwks.json`).
    pub jwks_path: String,
    /// What the ids are and where a user finds them (shown in the docs).
    pub key: String,
    /// Where these facts come from.
    pub source: String,
    /// Whether the vendor's own documentation confirms them.
    pub confirmed: bool,
}

/// The algorithm of a webhook JWT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum JwtAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RS256,
}

/// The hash of an HMAC signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HmacAlgorithm {
    /// HMAC-SHA1.
    Sha1,
    /// HMAC-SHA256.
    Sha256,
}

/// How a digest is written in its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DigestEncoding {
    /// Hexadecimal digits.
    Hex,
    /// Standard base64.
    Base64,
}

/// The `[generate]` section: generator warnings of this provider that are reviewed and
/// accepted. A vendored provider is generated strictly: a warning (a schema degraded, an
/// operation skipped, a keyword dropped, …) that is neither fixed in the overlay nor
/// acknowledged here fails generation, and so does an acknowledgement that matches no warning.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerateReview {
    /// The accepted warnings.
    #[serde(default)]
    pub acknowledged: Vec<WarningAcknowledgement>,
}

/// One accepted generator warning.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarningAcknowledgement {
    /// The vendored file the warning is in, relative to the provider folder; the spec file
    /// when absent.
    pub file: Option<String>,
    /// The warning's JSON pointer (with or without a leading `#`).
    pub pointer: String,
    /// Why the warning is fine (required).
    pub reason: String,
}

/// The `[spec_diff]` section: the review state of the vendored spec.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecDiffReview {
    /// The commit the spec (and overlay) was last reviewed at.
    pub reviewed_at: Option<String>,
    /// Reviewed breaking changes that are fine, each with its reason.
    #[serde(default)]
    pub acknowledged: Vec<Acknowledgement>,
}

/// A reviewed acknowledgement of one spec-diff finding.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Acknowledgement {
    /// The check id, e.g. `request-property-removed`.
    pub id: String,
    /// The finding's location pointer, or an operation (`METHOD /path` or `#/paths/~1x/get`).
    pub pointer: String,
    /// Why the change is fine (required).
    pub reason: String,
}

/// The provider's identity.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderInfo {
    /// Human name, e.g. `Intercom`.
    pub title: String,
    /// The vendor's API documentation home page.
    pub docs: String,
}

/// Provenance of the vendored spec.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecInfo {
    /// The spec file, relative to the provider folder.
    pub file: String,
    /// Further OpenAPI documents of the same API (one per module, say), in the spec file's
    /// folder: their paths, operations and components are merged into the spec file's
    /// (see `helpdesk_spec::merge`; the overlay's `x-merge` section resolves disagreements).
    #[serde(default)]
    pub documents: Vec<ExtraFile>,
    /// Further vendored files the spec refers to (cross-file `$ref`s): only the components
    /// the `$ref`s reach are imported.
    #[serde(default)]
    pub extra_files: Vec<ExtraFile>,
    /// The overlay applied before generation, relative to the provider folder.
    pub overlay: Option<String>,
    /// `upstream` (verbatim copy), `assembled` (verbatim parts joined by us) or
    /// `authored` (written by us from the vendor's docs).
    pub origin: Origin,
    /// Where the file comes from: repository URL and path, or the doc pages.
    pub source: String,
    /// Upstream commit or retrieval date.
    pub revision: String,
    /// The API version the spec describes.
    pub version: String,
    /// sha256 of the vendored spec file.
    pub sha256: String,
}

/// Where a vendored spec comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// A verbatim copy of the vendor's published file.
    Upstream,
    /// Verbatim parts of the vendor's documents, joined by this project.
    Assembled,
    /// Written by this project from the vendor's docs.
    Authored,
    /// A file given to `cargo xtask generate` (no provenance recorded).
    Local,
}

impl Origin {
    /// The manifest spelling (`upstream`, `assembled`, `authored`, `local`).
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Upstream => "upstream",
            Origin::Assembled => "assembled",
            Origin::Authored => "authored",
            Origin::Local => "local",
        }
    }
}

/// A further vendored file (merged document or referenced file) with its checksum.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraFile {
    /// Path relative to the provider folder.
    pub file: String,
    /// sha256 of the file.
    pub sha256: String,
}

/// The generated crate's identity.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateInfo {
    /// Package name, e.g. `intercom`.
    pub name: String,
    /// Package version.
    pub version: String,
    /// Rust statements shown in the crate docs (typically create and update a ticket),
    /// compiled as a `no_run` doctest inside an `async fn` that returns
    /// `Result<(), Box<dyn std::error::Error>>` (so `?` works); it builds its own client.
    pub example: Option<String>,
    /// Rust statements of the `mock` module's example (feature `mock`), run as a doctest in an
    /// `async fn main` on a current-thread tokio runtime (`.unwrap()`, not `?`): typically
    /// stub an update of a ticket, call the client, and assert the body the server received.
    #[serde(rename = "mock-example")]
    pub mock_example: Option<String>,
}

/// Client-level settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientSettings {
    /// Names of the spec's `servers`, in order (`us`, `eu`, …), or extra servers when the spec has none.
    #[serde(default)]
    pub servers: Vec<ServerSetting>,
    /// Provider-wide headers, set once on the client and sent on every request.
    #[serde(default)]
    pub headers: Vec<HeaderSetting>,
    /// The `Authorization` value prefix, when the security scheme does not imply it
    /// (`Bearer` for http bearer).
    pub auth_prefix: Option<String>,
}

/// The response-decoding policy of a generated crate: what its types tolerate when a
/// server (or the vendor's own example) drifts from the schema. Requests stay strict:
/// nothing here changes what a client sends. Set per provider in `provider.toml`
/// (`[decode]`); one property can override it in the overlay with the extensions
/// [`FORMAT_EXTENSION`] and [`LENIENT_EXTENSION`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecodePolicy {
    /// How `format` (`uuid`, `date-time`, `int32`, …) is generated.
    #[serde(default)]
    pub formats: Formats,
    /// Whether booleans, numbers and strings given as another JSON scalar that spells the
    /// same value (`"false"`, `"42"`, `2` for `"2"`) are accepted in responses.
    #[serde(default)]
    pub lenient_scalars: bool,
}

/// How a schema's `format` is generated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Formats {
    /// The format is documented, not parsed: `uuid` and `date-time` strings are `String`,
    /// `int32` integers are `i64`, `float` numbers are `f64`, so a value that breaks the
    /// format never fails a decode. The default.
    #[default]
    Text,
    /// The format picks a parsed type (`uuid::Uuid`, `chrono::DateTime<Utc>`, `i32`, `f32`):
    /// a value that breaks it fails the decode of the whole body.
    Typed,
}

/// Overlay extension on a schema: `typed` or `text`, overriding [`DecodePolicy::formats`]
/// for that schema.
pub const FORMAT_EXTENSION: &str = "x-helpdesk-format";

/// Overlay extension on a property's schema: `true` or `false`, overriding
/// [`DecodePolicy::lenient_scalars`] for that property.
pub const LENIENT_EXTENSION: &str = "x-helpdesk-lenient";

/// A selectable server.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSetting {
    /// Variant name (snake case), e.g. `eu`.
    pub name: String,
    /// The base URL; when absent, the spec's server at the same index.
    pub url: Option<String>,
    /// What the server is.
    pub description: Option<String>,
}

/// A provider-wide header.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderSetting {
    /// The HTTP header name, e.g. `Intercom-Version`.
    pub name: String,
    /// The builder method that sets it, e.g. `intercom_version`.
    pub setter: String,
    /// Value sent when the caller sets none; no default means not sent unless set.
    pub default: Option<String>,
    /// Whether building a client without a value fails.
    #[serde(default)]
    pub required: bool,
    /// Doc comment for the setter, with the vendor doc it comes from.
    pub doc: String,
}

impl SpecInfo {
    /// Every vendored file besides the spec file, relative to the provider folder, with its
    /// recorded sha256: the merged documents, then the referenced files.
    pub fn other_files(&self) -> impl Iterator<Item = &ExtraFile> {
        self.documents.iter().chain(&self.extra_files)
    }
}

impl Manifest {
    /// Reads and parses a manifest.
    ///
    /// # Errors
    /// The file cannot be read, is not TOML, or has unknown or missing keys.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|err| {
            Error::new(
                path,
                "",
                format!("cannot read the manifest: {err}"),
                "create it (see docs/generator.md: \"Adding a provider\")",
            )
        })?;
        Self::parse(path, &text)
    }

    /// Parses a manifest's text; `path` is shown in errors.
    ///
    /// # Errors
    /// Not TOML, or unknown or missing keys (an acknowledgement without a `reason` among them).
    pub fn parse(path: &Path, text: &str) -> Result<Self> {
        toml::from_str(text)
            .map_err(|err| Error::new(path, "", format!("invalid manifest: {err}"), "fix the key named above"))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::Manifest;

    const BASE: &str = r#"
[provider]
title = "Acme"
docs = "https://acme.example"
[spec]
file = "openapi.yaml"
origin = "upstream"
source = "s"
revision = "r"
version = "1"
sha256 = "x"
[crate]
name = "acme"
version = "0.1.0"
"#;

    #[test]
    fn spec_diff_section_is_typed_and_strict() {
        let reviewed = format!("{BASE}[spec_diff]\nreviewed_at = \"abc\"\n[[spec_diff.acknowledged]]\nid = \"api-path-removed\"\npointer = \"GET /x\"\nreason = \"gone upstream\"\n");
        let manifest = Manifest::parse(Path::new("p.toml"), &reviewed).unwrap();
        assert_eq!(manifest.spec_diff.reviewed_at.as_deref(), Some("abc"));
        assert_eq!(manifest.spec_diff.acknowledged[0].reason, "gone upstream");

        let unexplained =
            format!("{BASE}[spec_diff]\n[[spec_diff.acknowledged]]\nid = \"api-path-removed\"\npointer = \"GET /x\"\n");
        let err = Manifest::parse(Path::new("p.toml"), &unexplained).unwrap_err();
        assert!(err.message.contains("reason"), "{err}");
        assert!(Manifest::parse(Path::new("p.toml"), &format!("{BASE}[decode]\nformats = \"sometimes\"\n")).is_err());
        assert!(Manifest::parse(Path::new("p.toml"), BASE).unwrap().spec_diff.reviewed_at.is_none());
    }
}
