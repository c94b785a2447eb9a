//! Lenient decoding of response scalars: a boolean, number or string given as another JSON
//! scalar that spells the same value (`"false"` for `false`, `"42"` for `42`, `2` for `"2"`).
//!
//! Generated types put `#[serde(deserialize_with = "...lenient::deserialize")]` on the
//! fields the response-decoding policy marks lenient (a provider's `[decode]
//! lenient_scalars` in `provider.toml`, or `x-helpdesk-lenient: true` on one property in
//! its overlay). Serialisation is untouched: requests stay strict.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Deserialises `T` from the field's JSON value, or, when that fails, from the same value
/// spelled as another scalar: a string holding a JSON boolean or number (`"true"`,
/// `"42"`, `"1.5"`) is read as that boolean or number, and a number or boolean is read as
/// its text (`2` → `"2"`). Objects, arrays and `null` are never converted.
///
/// # Errors
/// The error of the direct attempt, when no spelling of the value fits `T`.
pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = Value::deserialize(deserializer)?;
    let first = match T::deserialize(&value) {
        Ok(decoded) => return Ok(decoded),
        Err(err) => err,
    };
    respelled(&value).and_then(|other| T::deserialize(&other).ok()).ok_or_else(|| D::Error::custom(first))
}

/// The other spelling of a scalar, if it has one.
fn respelled(value: &Value) -> Option<Value> {
    match value {
        Value::String(text) => match text.trim() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            number => serde_json::from_str::<serde_json::Number>(number).ok().map(Value::Number),
        },
        Value::Number(number) => Some(Value::String(number.to_string())),
        Value::Bool(flag) => Some(Value::String(flag.to_string())),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use crate::Nullable;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Ticket {
        #[serde(default, deserialize_with = "super::deserialize")]
        deleted: Option<bool>,
        #[serde(deserialize_with = "super::deserialize")]
        number: i64,
        #[serde(default, deserialize_with = "super::deserialize")]
        priority: Nullable<String>,
        #[serde(default, deserialize_with = "super::deserialize")]
        ratio: Option<f64>,
    }

    fn ticket(json: &str) -> Result<Ticket, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn scalars_spelled_as_other_scalars_decode() {
        let decoded = ticket(r#"{"deleted": "false", "number": "42", "priority": 2, "ratio": "0.5"}"#).unwrap();
        assert_eq!(
            decoded,
            Ticket { deleted: Some(false), number: 42, priority: Nullable::Value("2".into()), ratio: Some(0.5) }
        );
        let exact = ticket(r#"{"deleted": true, "number": 12345678901234567, "priority": null}"#).unwrap();
        assert_eq!(exact.number, 12_345_678_901_234_567);
        assert_eq!((exact.deleted, exact.priority, exact.ratio), (Some(true), Nullable::Null, None));
    }

    #[test]
    fn values_that_spell_nothing_else_still_fail() {
        for json in [
            r#"{"number": "forty-two"}"#,
            r#"{"number": 1, "deleted": "yes"}"#,
            r#"{"number": 1, "deleted": [true]}"#,
            r#"{"number": 1, "priority": {"id": 2}}"#,
            r#"{"deleted": true}"#,
        ] {
            assert!(ticket(json).is_err(), "{json} must not decode");
        }
    }
}
