//! A credential that never appears in `Debug` or `Display` output, and the redaction of secret
//! query parameters from the URL of a transport error.

use std::fmt;

/// A secret string, such as an API token.
///
/// `Debug` and `Display` print `<redacted>`; the value is reachable only
/// through [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// Returns the secret value. Callers must not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// `err` with the value of each query parameter named in `names` replaced by
/// `<redacted>` in its URL (reqwest shows the URL in the error's `Display` and `Debug`).
pub(crate) fn redact_url(mut err: reqwest::Error, names: &[String]) -> reqwest::Error {
    if names.is_empty() {
        return err;
    }
    if let Some(url) = err.url_mut() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(key, value)| {
                let value =
                    if names.iter().any(|name| *name == key) { "<redacted>".into() } else { value.into_owned() };
                (key.into_owned(), value)
            })
            .collect();
        if !pairs.is_empty() {
            url.query_pairs_mut().clear().extend_pairs(pairs);
        }
    }
    err
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_and_display_redact_the_value() {
        let secret = Secret::new("ixk_live_123");
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
        assert_eq!(secret.to_string(), "<redacted>");
        assert_eq!(secret.expose(), "ixk_live_123");
    }
}
