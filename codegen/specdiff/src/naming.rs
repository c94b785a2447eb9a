//! Names of the generated Rust items (methods, types, fields, variants), following the
//! conventions of the workspace's code generator, for the "generated API impact" column.

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::Value;

/// Words that cannot be field names without `r#`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; the generator appends `_` instead.
const NOT_RAW: &[&str] = &["crate", "self", "super", "Self"];

/// The generated method name of an operation: snake_case of the operationId, or of
/// `{method} {path}` when there is none.
pub fn method_name(operation_id: Option<&str>, method: &str, path: &str) -> String {
    let base = match operation_id {
        Some(id) if !id.trim().is_empty() => id.to_snake_case(),
        _ => format!("{method} {path}").to_snake_case(),
    };
    field_ident(&base)
}

/// The UpperCamelCase stem of an operation's generated types (`{Stem}Params`, `{Stem}Body`, `{Stem}Error`).
pub fn operation_stem(operation_id: Option<&str>, method: &str, path: &str) -> String {
    match operation_id {
        Some(id) if !id.trim().is_empty() => type_name(id),
        _ => type_name(&format!("{method} {path}")),
    }
}

/// The generated type name of a component schema or inline type: UpperCamelCase.
pub fn type_name(name: &str) -> String {
    let camel = name.to_upper_camel_case();
    if camel.is_empty() {
        "Unnamed".to_owned()
    } else if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("T{camel}")
    } else {
        camel
    }
}

/// The generated field name of a property or parameter: snake_case, `_` appended to keywords (as typify does).
pub fn field_name(name: &str) -> String {
    field_ident(&name.to_snake_case())
}

fn field_ident(snake: &str) -> String {
    if snake.is_empty() {
        "value".to_owned()
    } else if NOT_RAW.contains(&snake) || KEYWORDS.contains(&snake) {
        format!("{snake}_")
    } else if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{snake}")
    } else {
        snake.to_owned()
    }
}

/// The generated enum variant for an enum value: UpperCamelCase of the value
/// (`V` in front when it would start with a digit).
pub fn variant_name(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let camel = text.to_upper_camel_case();
    if camel.is_empty() {
        "Empty".to_owned()
    } else if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{camel}")
    } else {
        camel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_generator_conventions() {
        assert_eq!(method_name(Some("updateTicket"), "put", "/tickets/{id}"), "update_ticket");
        assert_eq!(method_name(None, "get", "/tickets/{id}"), "get_tickets_id");
        assert_eq!(operation_stem(Some("updateTicket"), "put", "/x"), "UpdateTicket");
        assert_eq!(type_name("update_ticket_request"), "UpdateTicketRequest");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("snoozedUntil"), "snoozed_until");
        assert_eq!(variant_name(&Value::String("in_progress".into())), "InProgress");
        assert_eq!(variant_name(&Value::String("2.10".into())), "V210");
    }
}
