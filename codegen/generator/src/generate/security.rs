//! Security schemes: where the client's token goes, and which schemes the caller sets through hooks.
//!
//! The token is applied by the first scheme (global `security` first, then each operation's,
//! in spec order) the client can apply by itself. An operation none of whose alternative
//! requirements the token satisfies names schemes the caller must set through the builder's
//! credential hooks (`header_credential`, `query_credential`, `cookie_credential`) or, for
//! `mutualTLS`, through their own `reqwest::Client`: each such scheme is a
//! [`DegradationKind::Security`](crate::DegradationKind::Security) degradation with a warning.

use std::path::Path;

use serde_json::Value;

use crate::error::{escape_token, Error};
use crate::manifest::ClientSettings;

/// How the client's token is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// Not sent: the spec declares no scheme the client can apply.
    None,
    /// In a header, after an optional prefix (`Authorization: Bearer <token>`).
    Header {
        /// The header name.
        name: String,
        /// The value prefix, e.g. `Bearer`.
        prefix: Option<String>,
    },
    /// HTTP Basic: the token is `<username>:<password>`.
    Basic,
    /// As a query parameter of every request.
    Query(String),
    /// As a cookie of every request.
    Cookie(String),
}

/// The security facts the client emitter needs.
#[derive(Debug, Clone)]
pub struct Security {
    /// Where the token goes.
    pub auth: Auth,
    /// Where the auth facts come from (spec pointer or manifest).
    pub source: String,
    /// Markdown lines documenting the schemes the token does not cover and how to set them.
    pub others: Vec<String>,
    /// Whether the builder gets the credential hooks (some operation needs a credential the
    /// token does not cover).
    pub hooks: bool,
}

/// What a scheme is, as far as the client is concerned.
enum Kind {
    /// The client can send the token this way.
    Applicable(Auth),
    /// Mutual TLS: a client certificate, configured on the caller's `reqwest::Client`.
    MutualTls,
    /// Anything else (an HTTP scheme other than bearer and basic, an undefined scheme, …),
    /// with the reason.
    Unsupported(String),
}

/// Reads the security schemes of `spec` and decides where the token goes. Every scheme
/// the token does not cover but an operation requires is reported in `warnings` (and in
/// `degraded`); nothing here fails.
pub fn analyse(
    api: &openapiv3::OpenAPI,
    spec: &Value,
    file: &Path,
    settings: &ClientSettings,
    warnings: &mut Vec<Error>,
    degraded: &mut Vec<crate::Degradation>,
) -> Security {
    // Each operation's effective requirements (alternatives of AND-sets), with its pointer and id.
    let mut uses: Vec<(String, String, Vec<Vec<String>>)> = Vec::new();
    let global: Option<Vec<Vec<String>>> =
        api.security.as_ref().map(|list| list.iter().map(|r| r.keys().cloned().collect()).collect());
    for (path, item) in api.paths.iter() {
        let Some(item) = item.as_item() else { continue };
        for (method, op) in item.iter() {
            let pointer = format!("/paths/{}/{method}", escape_token(path));
            let id = op.operation_id.clone().unwrap_or_else(|| format!("{} {path}", method.to_uppercase()));
            let own = op.security.as_ref().map(|list| list.iter().map(|r| r.keys().cloned().collect()).collect());
            match own.or_else(|| global.clone()) {
                Some(requirements) => uses.push((pointer, id, requirements)),
                None => uses.push((pointer, id, Vec::new())),
            }
        }
    }
    // Every scheme named, global ones first, in order of appearance.
    let mut named: Vec<String> = Vec::new();
    for requirement in global.iter().flatten().chain(uses.iter().flat_map(|(_, _, r)| r)) {
        for name in requirement {
            if !named.contains(name) {
                named.push(name.clone());
            }
        }
    }
    let kinds: Vec<(String, Kind)> = named.iter().map(|name| (name.clone(), kind(spec, name, settings))).collect();
    let primary = kinds.iter().find_map(|(name, kind)| match kind {
        Kind::Applicable(auth) => Some((name.clone(), auth.clone())),
        _ => None,
    });
    let (auth, source) = match &primary {
        Some((name, auth)) => (auth.clone(), format!("`{}#{}`", file.display(), scheme_pointer(name))),
        None => (Auth::None, "provider.toml".to_owned()),
    };
    // Schemes applied exactly like the primary one are covered by the same token.
    let covered = |name: &String| {
        kinds
            .iter()
            .any(|(n, kind)| n == name && matches!(kind, Kind::Applicable(a) if *a == auth && auth != Auth::None))
    };
    // An operation is served by the token when one alternative needs nothing else
    // (`{}` in its list, or no requirement at all, is a public operation).
    let mut needed: Vec<(String, String, String)> = Vec::new(); // (scheme, operation id, pointer)
    for (pointer, id, requirements) in &uses {
        if requirements.is_empty() || requirements.iter().any(|alternative| alternative.iter().all(covered)) {
            continue;
        }
        for name in requirements.iter().flatten().filter(|n| !covered(n)) {
            if !needed.iter().any(|(n, _, _)| n == name) {
                needed.push((name.clone(), id.clone(), pointer.clone()));
            }
        }
    }
    let mut others = Vec::new();
    for (name, kind) in &kinds {
        if primary.as_ref().is_some_and(|(p, _)| p == name) {
            continue;
        }
        let how = match kind {
            Kind::Applicable(_) if covered(name) => "covered by the token, sent the same way".to_owned(),
            Kind::Applicable(other) => format!("{}: set it with {}", describe(other), hook(other)),
            Kind::MutualTls => "mutual TLS: configure the client certificate on your own `reqwest::Client` (`reqwest::ClientBuilder::identity`) and pass it to `ClientBuilder::http_client`".to_owned(),
            Kind::Unsupported(reason) => format!("{reason}: set its credential with `ClientBuilder::header_credential`, `ClientBuilder::query_credential` or `ClientBuilder::cookie_credential`"),
        };
        others.push(format!("- `{name}`: {how}."));
        let Some((_, operation, at)) = needed.iter().find(|(n, _, _)| n == name) else { continue };
        let (what, fix) = match kind {
            Kind::Applicable(other) => (
                format!("the client's token does not cover it ({}); callers set it with {}", describe(other), hook(other)),
                "order the schemes in the overlay so that the one most callers use comes first",
            ),
            Kind::MutualTls => (
                "mutual TLS is configured on the caller's `reqwest::Client` (`ClientBuilder::http_client`)".to_owned(),
                "nothing to do: the crate documents how to set the client certificate",
            ),
            Kind::Unsupported(reason) => (
                format!("{reason}; callers set its credential with `ClientBuilder::header_credential` (or the query / cookie hooks)"),
                "replace it in the overlay with an http bearer, http basic or apiKey scheme",
            ),
        };
        let pointer =
            if spec.pointer(&scheme_pointer(name)).is_some() { scheme_pointer(name) } else { format!("{at}/security") };
        let warning = Error::new(
            file,
            pointer,
            format!(
                "security scheme `{name}` (required by `{operation}` at {at}) is not applied by the client: {what}"
            ),
            fix,
        );
        degraded.push(crate::Degradation::new(crate::DegradationKind::Security, warning.clone()));
        warnings.push(warning);
    }
    Security { auth, source, others, hooks: !needed.is_empty() }
}

/// The JSON pointer of the scheme named `name`.
fn scheme_pointer(name: &str) -> String {
    format!("/components/securitySchemes/{}", escape_token(name))
}

/// What the scheme named `name` is (following `$ref`s within the document).
fn kind(spec: &Value, name: &str, settings: &ClientSettings) -> Kind {
    let mut scheme = spec.pointer(&scheme_pointer(name)).cloned().unwrap_or(Value::Null);
    for _ in 0..8 {
        match scheme.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(target) => scheme = spec.pointer(target).cloned().unwrap_or(Value::Null),
            None => break,
        }
    }
    if scheme.is_null() {
        return Kind::Unsupported("the scheme is not defined under `components/securitySchemes`".to_owned());
    }
    let text = |key: &str| scheme.get(key).and_then(Value::as_str);
    let bearer = || Auth::Header {
        name: "Authorization".to_owned(),
        prefix: Some(settings.auth_prefix.clone().unwrap_or_else(|| "Bearer".to_owned())),
    };
    match text("type").unwrap_or("") {
        "http" => match text("scheme") {
            Some(s) if s.eq_ignore_ascii_case("bearer") => Kind::Applicable(bearer()),
            Some(s) if s.eq_ignore_ascii_case("basic") => Kind::Applicable(Auth::Basic),
            other => {
                Kind::Unsupported(format!("HTTP authentication scheme `{}` is not supported", other.unwrap_or("")))
            }
        },
        "apiKey" => match (text("in"), text("name").filter(|n| !n.is_empty())) {
            (Some("header"), Some(name)) => {
                Kind::Applicable(Auth::Header { name: name.to_owned(), prefix: settings.auth_prefix.clone() })
            }
            (Some("query"), Some(name)) => Kind::Applicable(Auth::Query(name.to_owned())),
            (Some("cookie"), Some(name)) => Kind::Applicable(Auth::Cookie(name.to_owned())),
            (_, None) => Kind::Unsupported("the apiKey scheme has no `name`".to_owned()),
            (other, _) => Kind::Unsupported(format!("an apiKey `in: {}` is not supported", other.unwrap_or(""))),
        },
        "oauth2" | "openIdConnect" => Kind::Applicable(bearer()),
        "mutualTLS" => Kind::MutualTls,
        other => Kind::Unsupported(format!("security scheme type `{other}` is not supported")),
    }
}

/// How a credential placed like `auth` is sent, in words.
fn describe(auth: &Auth) -> String {
    match auth {
        Auth::None => "not sent".to_owned(),
        Auth::Header { name, prefix: Some(prefix) } => format!("`{name}: {prefix} <credential>`"),
        Auth::Header { name, prefix: None } => format!("`{name}: <credential>`"),
        Auth::Basic => "`Authorization: Basic <base64 of user:password>`".to_owned(),
        Auth::Query(name) => format!("query parameter `{name}`"),
        Auth::Cookie(name) => format!("cookie `{name}`"),
    }
}

/// The builder hook that sets a credential placed like `auth`.
fn hook(auth: &Auth) -> String {
    match auth {
        Auth::Query(name) => format!("`ClientBuilder::query_credential(\"{name}\", …)`"),
        Auth::Cookie(name) => format!("`ClientBuilder::cookie_credential(\"{name}\", …)`"),
        Auth::Header { name, .. } => format!("`ClientBuilder::header_credential(\"{name}\", …)` (the full value)"),
        Auth::Basic | Auth::None => {
            "`ClientBuilder::header_credential(\"Authorization\", …)` (the full value)".to_owned()
        }
    }
}
