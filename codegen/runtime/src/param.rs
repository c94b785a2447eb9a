//! The text of a query or header parameter value, whatever its type.

use serde::Serialize;

/// The text a query or header parameter value is sent as: a string as itself (a string
/// enum as its wire value), a number or boolean as its JSON text, and anything else (an
/// object or array item, which OpenAPI's `form` and `simple` styles do not define) as JSON
/// text, so that every parameter type can be sent.
///
/// # Errors
/// A message naming `name` when the value cannot be serialised (a map with non-string keys).
pub fn parameter_text<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<String, String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => Ok(text),
        Ok(other) => Ok(other.to_string()),
        Err(err) => Err(format!("cannot serialise parameter `{name}`: {err}")),
    }
}

/// The text of a parameter described by `content` with a JSON media type
/// (`content: {application/json: {schema: …}}`): the value serialised as JSON, strings
/// included (`"x"` with its quotes), as that media type says.
///
/// # Errors
/// A message naming `name` when the value cannot be serialised (a map with non-string keys).
pub fn json_parameter_text<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|err| format!("cannot serialise parameter `{name}`: {err}"))
}

#[cfg(test)]
mod tests {
    use super::{json_parameter_text, parameter_text};

    #[test]
    fn json_content_parameters_are_json_text() {
        assert_eq!(json_parameter_text("a", "x y").unwrap(), r#""x y""#);
        assert_eq!(json_parameter_text("a", &serde_json::json!({"k": [1]})).unwrap(), r#"{"k":[1]}"#);
        let map: std::collections::BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        assert!(json_parameter_text("a", &map).unwrap_err().contains("`a`"));
    }

    #[test]
    fn strings_are_themselves_and_other_values_json_text() {
        assert_eq!(parameter_text("a", "x y").unwrap(), "x y");
        assert_eq!(parameter_text("a", &12).unwrap(), "12");
        assert_eq!(parameter_text("a", &true).unwrap(), "true");
        assert_eq!(parameter_text("a", &serde_json::json!({"k": [1]})).unwrap(), r#"{"k":[1]}"#);
        let map: std::collections::BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        assert!(parameter_text("a", &map).unwrap_err().contains("`a`"));
    }
}
