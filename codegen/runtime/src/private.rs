//! Not public API: what generated crates call, and nothing a user of a generated
//! crate needs.
//!
//! Everything here may change, move or disappear in any release of
//! `helpdesk-runtime`, patch releases included, together with the generator that
//! emits the calls. Generated crates are regenerated against the runtime of the
//! same commit, so they never see a mismatch; code outside `generated/` (tests of
//! this workspace aside) must not use these items.

pub use crate::body::Multipart;
pub use crate::core::{ClientCore, ClientOptions, Credential, Decoded, Operation, Raw, Streamed};
pub use crate::param::{json_parameter_text, parameter_text};
pub use crate::path::path_segment;

#[path = "lenient.rs"]
pub mod lenient;

#[path = "pagination.rs"]
pub mod pagination;

/// The `Authorization` value of HTTP Basic authentication for a token
/// `<username>:<password>`: `Basic <base64>` (RFC 7617), marked secret.
pub fn basic_credentials(token: &crate::Secret) -> crate::Secret {
    use base64::Engine as _;
    crate::Secret::new(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(token.expose())))
}

/// The base URL of a server whose URL may be relative (`/api/v3`): an absolute one as
/// is; a relative one resolved (RFC 3986) against `document`, the URL the API description
/// is served from (`https://petstore.example/openapi.json` → `https://petstore.example/api/v3`).
/// The result has no trailing slash.
///
/// # Errors
/// [`ConfigError`](crate::ConfigError) when the server URL is relative and no `document`
/// is given, or when `document` is not an absolute URL.
pub fn server_url(server: &str, document: Option<&str>) -> Result<String, crate::ConfigError> {
    use reqwest::Url;
    if let Ok(url) = Url::parse(server) {
        return Ok(url.as_str().trim_end_matches('/').to_owned());
    }
    let Some(document) = document else {
        return Err(crate::ConfigError(format!(
            "the server URL `{server}` is relative to where the API description is served: set \
             `ClientBuilder::document_url` (or `ClientBuilder::base_url`)"
        )));
    };
    let base = Url::parse(document)
        .map_err(|err| crate::ConfigError(format!("the document URL `{document}` is not an absolute URL: {err}")))?;
    let joined = base.join(server).map_err(|err| {
        crate::ConfigError(format!("the server URL `{server}` cannot be resolved against `{document}`: {err}"))
    })?;
    Ok(joined.as_str().trim_end_matches('/').to_owned())
}

/// The string value of `property` in a JSON object: the tag that selects the alternative of
/// a tagged union (`None` for a missing or non-string value, or a value that is no object).
pub fn tag_of(value: &serde_json::Value, property: &str) -> Option<String> {
    value.get(property)?.as_str().map(str::to_owned)
}

/// Decodes `value` as the alternative of a tagged union that `property` = `tag` selects;
/// a failure says which alternative was tried.
///
/// # Errors
/// The alternative's decoding error, prefixed with the tag.
pub fn tagged_variant<T: serde::de::DeserializeOwned, E: serde::de::Error>(
    value: serde_json::Value,
    property: &str,
    tag: &str,
) -> Result<T, E> {
    serde_json::from_value(value).map_err(|err| E::custom(format_args!("`{property}` is `{tag}`: {err}")))
}

/// Serializes the alternative `payload` of a tagged union: its JSON, with `property` set to
/// `tag` when the payload leaves it out (a payload that sets it is sent as it is).
///
/// # Errors
/// The payload's own serialization error.
pub fn serialize_tagged<S: serde::Serializer, T: serde::Serialize>(
    serializer: S,
    payload: &T,
    property: &str,
    tag: &str,
) -> Result<S::Ok, S::Error> {
    let mut value = serde_json::to_value(payload).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(map) = &mut value {
        if map.get(property).is_none_or(serde_json::Value::is_null) {
            map.insert(property.to_owned(), serde_json::Value::String(tag.to_owned()));
        }
    }
    serde::Serialize::serialize(&value, serializer)
}

#[cfg(test)]
mod tests {
    use super::server_url;

    #[test]
    fn relative_server_urls_resolve_against_the_document_url() {
        let resolved = |server, document| server_url(server, document).unwrap();
        assert_eq!(resolved("https://api.example/v1/", None), "https://api.example/v1");
        assert_eq!(
            resolved("/api/v3", Some("https://petstore.example/docs/openapi.json")),
            "https://petstore.example/api/v3"
        );
        assert_eq!(
            resolved("api/v3", Some("https://petstore.example/docs/openapi.json")),
            "https://petstore.example/docs/api/v3"
        );
        assert_eq!(resolved("/api/v3", Some("http://127.0.0.1:8080")), "http://127.0.0.1:8080/api/v3");
        let missing = server_url("/api/v3", None).unwrap_err().to_string();
        assert!(missing.contains("ClientBuilder::document_url"), "{missing}");
        assert!(server_url("/api/v3", Some("not a url")).is_err());
    }
}
