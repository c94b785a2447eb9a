//! The typed configuration a program builds a [`crate::Helpdesk`] from, read from TOML or from
//! environment variables.

use helpdesk_runtime::Secret;
use serde::Deserialize;

use crate::{Error, Provider};

/// Which provider to talk to, with its token and settings.
///
/// From TOML (`provider` picks the variant; the other keys are that variant's fields):
///
/// ```
/// let config = helpdesk::Config::from_toml(r#"
///     provider = "zoho-desk"
///     token = "1000.abc"
///     org-id = "123456"
///     data-centre = "eu"
///     department-id = "42"
/// "#).unwrap();
/// assert_eq!(config.provider(), helpdesk::Provider::ZohoDesk);
/// ```
///
/// From the environment, the same keys upper-cased with `HELPDESK_` in front and `_` for `-`
/// (`HELPDESK_PROVIDER=zoho-desk`, `HELPDESK_TOKEN`, `HELPDESK_ORG_ID`, …): see
/// [`Config::from_env`]. The token's `Debug` output is `<redacted>`.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "provider", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Config {
    /// Periskope.
    Periskope(PeriskopeConfig),
    /// Intercom (API 2.9).
    Intercom(IntercomConfig),
    /// Zoho Desk.
    ZohoDesk(ZohoDeskConfig),
    /// InboxOps.
    #[serde(rename = "inboxops")]
    InboxOps(InboxOpsConfig),
}

/// Periskope's settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct PeriskopeConfig {
    /// The API key.
    #[serde(deserialize_with = "secret")]
    pub token: Secret,
    /// The connected WhatsApp phone to act as (`x-phone`: country code and number, or a phone id).
    pub phone: String,
    /// The Signing Key of webhook deliveries (console: Settings, Webhooks), for
    /// [`crate::webhooks::Receiver`] (feature `webhooks`).
    #[serde(default, deserialize_with = "optional_secret")]
    pub webhook_secret: Option<Secret>,
    /// Another base URL than `https://api.periskope.app/v1` (a proxy, a test server).
    pub base_url: Option<String>,
}

/// Intercom's settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct IntercomConfig {
    /// The access token.
    #[serde(deserialize_with = "secret")]
    pub token: Secret,
    /// The admin who assigns tickets and writes replies and notes (Intercom requires one).
    pub admin_id: Option<String>,
    /// The ticket type new tickets get (Intercom requires one to create a ticket).
    pub ticket_type_id: Option<String>,
    /// The app's client secret, which signs webhook deliveries (`X-Hub-Signature`), for
    /// [`crate::webhooks::Receiver`] (feature `webhooks`).
    #[serde(default, deserialize_with = "optional_secret")]
    pub webhook_secret: Option<Secret>,
    /// Another base URL than `https://api.intercom.io`.
    pub base_url: Option<String>,
}

/// Zoho Desk's settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct ZohoDeskConfig {
    /// The OAuth access token.
    #[serde(deserialize_with = "secret")]
    pub token: Secret,
    /// The portal's organisation id (`orgId` header).
    pub org_id: String,
    /// The data centre: `us` (default), `eu`, `in`, `au` or `jp`.
    #[serde(default)]
    pub data_centre: DataCentre,
    /// The department tickets are created in and listed from (Zoho requires one for both).
    pub department_id: Option<String>,
    /// The id of the webhook subscription deliveries come from (the token's audience is
    /// `webhookId:<id>`), for [`crate::webhooks::Receiver`] (feature `webhooks`).
    pub webhook_id: Option<String>,
    /// Another base URL than the data centre's.
    pub base_url: Option<String>,
}

/// A Zoho Desk data centre.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum DataCentre {
    /// `desk.zoho.com`.
    #[default]
    Us,
    /// `desk.zoho.eu`.
    Eu,
    /// `desk.zoho.in`.
    In,
    /// `desk.zoho.com.au`.
    Au,
    /// `desk.zoho.jp`.
    Jp,
}

/// InboxOps' settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct InboxOpsConfig {
    /// The API key (`ixk_…`).
    #[serde(deserialize_with = "secret")]
    pub token: Secret,
    /// The inbox new tickets go to (UUID); the account's default inbox when absent.
    pub inbox_id: Option<String>,
    /// Another base URL than the spec's server.
    pub base_url: Option<String>,
}

fn secret<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Secret, D::Error> {
    String::deserialize(deserializer).map(Secret::new)
}

fn optional_secret<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Secret>, D::Error> {
    String::deserialize(deserializer).map(|value| Some(Secret::new(value)))
}

impl Config {
    /// The provider this configuration is for.
    pub fn provider(&self) -> Provider {
        match self {
            Config::Periskope(_) => Provider::Periskope,
            Config::Intercom(_) => Provider::Intercom,
            Config::ZohoDesk(_) => Provider::ZohoDesk,
            Config::InboxOps(_) => Provider::InboxOps,
        }
    }

    /// Reads a configuration from TOML text (see [`Config`]).
    ///
    /// # Errors
    /// [`Error::Config`] naming the key that is missing, unknown or of the wrong type.
    pub fn from_toml(text: &str) -> Result<Config, Error> {
        toml::from_str(text).map_err(|err| Error::Config(err.to_string()))
    }

    /// Reads a configuration from the process environment (see [`Config::from_vars`]).
    ///
    /// # Errors
    /// [`Error::Config`] as [`Config::from_vars`].
    pub fn from_env() -> Result<Config, Error> {
        Config::from_vars(std::env::vars())
    }

    /// Reads a configuration from `HELPDESK_*` variables: `HELPDESK_PROVIDER`, `HELPDESK_TOKEN`,
    /// and the provider's keys upper-cased with `_` for `-` (`HELPDESK_ORG_ID`,
    /// `HELPDESK_DATA_CENTRE`, `HELPDESK_PHONE`, …). Variables without the prefix are ignored;
    /// a `HELPDESK_*` variable that is not a setting of the chosen provider is refused, so a typo
    /// does not go unnoticed.
    ///
    /// # Errors
    /// [`Error::Config`] naming the setting that is missing or unknown.
    pub fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Result<Config, Error> {
        let table: toml::Table = vars
            .into_iter()
            .filter_map(|(name, value)| {
                let key = name.strip_prefix("HELPDESK_")?.to_ascii_lowercase().replace('_', "-");
                Some((key, toml::Value::String(value)))
            })
            .collect();
        Config::deserialize(toml::Value::Table(table))
            .map_err(|err| Error::Config(format!("from HELPDESK_* variables: {err}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect()
    }

    #[test]
    fn environment_variables_give_the_same_configuration_as_toml() {
        let from_env = Config::from_vars(vars(&[
            ("HELPDESK_PROVIDER", "zoho-desk"),
            ("HELPDESK_TOKEN", "1000.abc"),
            ("HELPDESK_ORG_ID", "123"),
            ("HELPDESK_DATA_CENTRE", "eu"),
            ("PATH", "/usr/bin"),
        ]))
        .expect("valid variables");
        let Config::ZohoDesk(zoho) = from_env else { panic!("zoho-desk") };
        assert_eq!((zoho.org_id.as_str(), zoho.data_centre, zoho.token.expose()), ("123", DataCentre::Eu, "1000.abc"));
        assert_eq!(format!("{:?}", zoho.token), "Secret(<redacted>)");

        let Config::Periskope(periskope) =
            Config::from_toml("provider = \"periskope\"\ntoken = \"k\"\nphone = \"919876543210\"").expect("valid TOML")
        else {
            panic!("periskope")
        };
        assert_eq!(periskope.phone, "919876543210");
    }

    #[test]
    fn a_missing_or_unknown_setting_is_named() {
        let err = Config::from_vars(vars(&[("HELPDESK_PROVIDER", "periskope"), ("HELPDESK_TOKEN", "k")])).unwrap_err();
        assert!(err.to_string().contains("phone"), "{err}");
        let err = Config::from_toml("provider = \"intercom\"\ntoken = \"k\"\nadmin = \"1\"").unwrap_err();
        assert!(err.to_string().contains("admin"), "{err}");
        let err = Config::from_toml("provider = \"freshdesk\"\ntoken = \"k\"").unwrap_err();
        assert!(err.to_string().contains("freshdesk"), "{err}");
    }
}
