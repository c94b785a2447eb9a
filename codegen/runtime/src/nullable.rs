//! A field that can be left out, sent as an explicit JSON `null`, or set.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The value of an optional, nullable field of a request or response body.
///
/// Generated structs use `Nullable<T>` for every property whose schema allows
/// `null` and that is not required, so that a PATCH can distinguish "leave
/// unchanged" ([`Nullable::Absent`], the default: the field is not sent) from
/// "clear" ([`Nullable::Null`]: the field is sent as `null`).
///
/// Such fields carry `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`,
/// so a missing field decodes as `Absent` and an explicit `null` as `Null`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// The field is not present in the JSON object.
    #[default]
    Absent,
    /// The field is present with the value `null`.
    Null,
    /// The field is present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Returns `true` when the field is not present; used by `skip_serializing_if`.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Returns `true` when the field is an explicit `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// Returns the value, if any, treating `Absent` and `Null` alike.
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value dereferenced (e.g. `&str` for a `Nullable<String>`), treating `Absent` and `Null` alike.
    pub fn as_deref(&self) -> Option<&T::Target>
    where
        T: std::ops::Deref,
    {
        self.as_option().map(|value| &**value)
    }

    /// Converts into an `Option`, treating `Absent` and `Null` alike.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Nullable;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        due_date: Nullable<String>,
    }

    #[test]
    fn absent_is_omitted_null_is_sent_value_is_sent() {
        let absent = Patch::default();
        assert_eq!(serde_json::to_string(&absent).unwrap(), "{}");
        let null = Patch { due_date: Nullable::Null };
        assert_eq!(serde_json::to_string(&null).unwrap(), r#"{"due_date":null}"#);
        let set = Patch { due_date: "2025-04-20".to_owned().into() };
        assert_eq!(serde_json::to_string(&set).unwrap(), r#"{"due_date":"2025-04-20"}"#);
    }

    #[test]
    fn decoding_keeps_the_three_states_apart() {
        let absent: Patch = serde_json::from_str("{}").unwrap();
        assert_eq!(absent.due_date, Nullable::Absent);
        let null: Patch = serde_json::from_str(r#"{"due_date":null}"#).unwrap();
        assert_eq!(null.due_date, Nullable::Null);
        let set: Patch = serde_json::from_str(r#"{"due_date":"x"}"#).unwrap();
        assert_eq!(set.due_date.as_option().map(String::as_str), Some("x"));
    }
}
