//! The Rust names of generated items, one implementation for the generator and spec-diff.
//!
//! Two families of names exist in a generated crate:
//! - items typify names from the JSON Schema definitions the generator hands it: types
//!   ([`type_name`], UpperCamel, `X` before a leading digit), struct fields
//!   ([`property_name`]) and enum variants ([`variant_name`]); a definition name the
//!   generator invents for an inline schema is made unique by [`unique_name`] (`_2`, `_3`…);
//! - items the generator's own emitter names: methods ([`method_name`] of
//!   [`operation_id`]), the per-operation type prefix ([`type_prefix`]), parameter and
//!   argument fields ([`field_name`]) and other generator-made types and variants
//!   ([`emitter_type_name`], `V` before a leading digit).
//!
//! Identifiers that are Rust keywords get a trailing `_` (`type` → `type_`). The emitter's
//! names are ASCII: a non-ASCII letter or digit becomes a word `u<hex>` (`①` → `u2460`), any
//! other character separates words, so every spec name gives a valid, deterministic identifier.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Whether `ident` can be used as an identifier as it is (not a keyword or `_`); the list
/// is typify's (syn's plus `gen`).
pub fn is_identifier(ident: &str) -> bool {
    !matches!(
        ident,
        "_" | "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "Self"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

/// A keyword gets a trailing `_`.
fn unkeyword(name: String) -> String {
    if is_identifier(&name) {
        name
    } else {
        format!("{name}_")
    }
}

/// typify's sanitizing of a schema name into an identifier (`typify_impl::util::sanitize`):
/// quotes dropped, other non-identifier characters split words, the case applied, `x`/`X`
/// in front when the result does not start like an identifier, keywords suffixed.
fn sanitize(input: &str, pascal: bool) -> String {
    let case = |text: &str| if pascal { text.to_upper_camel_case() } else { text.to_snake_case() };
    let out = match input {
        "+1" => "plus1".to_owned(),
        "-1" => "minus1".to_owned(),
        _ => case(&input.replace('\'', "").replace(|c: char| !(c.is_alphanumeric() || c == '_'), "-")),
    };
    let out = match out.chars().next() {
        None => case("x"),
        Some(c) if c.is_alphabetic() => out,
        Some(_) => format!("{}{out}", case("x")),
    };
    unkeyword(out)
}

/// The Rust type typify generates for the definition (component schema or hoisted inline
/// schema) named `name`: `update_ticket_request` → `UpdateTicketRequest`.
pub fn type_name(name: &str) -> String {
    sanitize(name, true)
}

/// The name of the definition the generator hoists from property (or `item`) `child` of the
/// definition `parent`, before [`unique_name`]: `<parent>_<child>`.
pub fn hoisted_name(parent: &str, child: &str) -> String {
    format!("{parent}_{child}")
}

/// The struct field typify generates for property `name`: snake case, keywords suffixed.
pub fn property_name(name: &str) -> String {
    sanitize(name, false)
}

/// The enum variant typify generates for the enum value `value` (`in_progress` →
/// `InProgress`, `2.10` → `X210`).
pub fn variant_name(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => sanitize(text, true),
        other => sanitize(&other.to_string(), true),
    }
}

/// `name`, or `name_2`, `name_3`… : the first definition name that neither is one of
/// `existing` nor gives the same Rust type name as one of them (see [`type_name`]).
pub fn unique_name<'k, I>(name: &str, existing: I) -> String
where
    I: IntoIterator<Item = &'k str> + Clone,
{
    let free = |candidate: &str| {
        let rust = type_name(candidate);
        !existing.clone().into_iter().any(|k| k == candidate || type_name(k) == rust)
    };
    unique(name, |n| format!("{name}_{n}"), free)
}

/// Methods of `Client` that are not operations: an operation named like one gets
/// `_operation` appended (`new` → `new_operation`).
pub const CLIENT_METHODS: [&str; 11] =
    ["new", "builder", "base_url", "with_timeout", "with_retry", "clone", "fmt", "to_owned", "into", "from", "eq"];

/// `base`, or the first of `numbered(2)`, `numbered(3)`, … that `claim` accepts; `claim`
/// records what it accepts (typically `HashSet::insert` of the Rust identifier).
pub fn unique(base: &str, numbered: impl Fn(usize) -> String, mut claim: impl FnMut(&str) -> bool) -> String {
    let mut candidate = base.to_owned();
    let mut n = 2;
    while !claim(&candidate) {
        candidate = numbered(n);
        n += 1;
    }
    candidate
}

/// The names the generator gives one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationNames {
    /// The `Client` method, before [`field_name`] makes it an identifier.
    pub method: String,
    /// The prefix of the operation's own types (`{prefix}Params`, `{prefix}Error`…).
    pub prefix: String,
}

/// The names of every generated operation, given their ids (see [`operation_id`]) in
/// generation order (paths in document order, methods in [`crate::METHODS`] order):
/// [`method_name`] and [`type_prefix`], made unique in that order. A later operation whose
/// method (as an identifier) is taken gets `_2`, `_3`, …, whose prefix is taken `2`, `3`, …;
/// a method named like one of [`CLIENT_METHODS`] gets `_operation` first.
pub fn operation_names<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<OperationNames> {
    let mut methods = std::collections::HashSet::new();
    let mut prefixes = std::collections::HashSet::new();
    ids.into_iter()
        .map(|id| {
            let mut base = method_name(id);
            if CLIENT_METHODS.contains(&field_name(&base).as_str()) {
                base = format!("{base}_operation");
            }
            let method = unique(&base, |n| format!("{base}_{n}"), |m| methods.insert(field_name(m)));
            let base = type_prefix(id);
            let prefix = unique(&base, |n| format!("{base}{n}"), |p| prefixes.insert(emitter_type_name(p)));
            OperationNames { method, prefix }
        })
        .collect()
}

/// The field identifiers of an operation's `{prefix}Params` struct, for its query, header
/// and cookie parameters in order, given as (name, is a header): [`field_name`] of the name;
/// a later parameter whose identifier is taken (`userId` and `user_id`, or a query and a
/// header parameter of one name) gets `_header` (a header) or `_2`, `_3`, … appended.
pub fn param_fields<'a>(params: impl IntoIterator<Item = (&'a str, bool)>) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    params
        .into_iter()
        .map(|(name, header)| {
            let base =
                if header && taken.contains(&field_name(name)) { format!("{name}_header") } else { name.to_owned() };
            let chosen = unique(&base, |n| format!("{base}_{n}"), |f| taken.insert(field_name(f)));
            field_name(&chosen)
        })
        .collect()
}

/// The operation's id as the generator uses it: its `operationId`, or snake case of
/// `{method} {path}` when it has none.
pub fn operation_id(operation_id: Option<&str>, method: &str, path: &str) -> String {
    match operation_id {
        Some(id) => id.to_owned(),
        None => format!("{method} {path}").to_snake_case(),
    }
}

/// The `Client` method of the operation with id `id` (see [`operation_id`]): snake case of
/// [`ascii_words`]. As an identifier it is [`field_name`] of this.
pub fn method_name(id: &str) -> String {
    ascii_words(id).to_snake_case()
}

/// The prefix of the operation's own type names (`{Prefix}Params`, `{Prefix}Error`…):
/// UpperCamel of [`ascii_words`] of its id, `V` in front when it would be empty or start with
/// a digit.
pub fn type_prefix(id: &str) -> String {
    let camel = ascii_words(id).to_upper_camel_case();
    if camel.starts_with(|c: char| c.is_ascii_alphabetic()) {
        camel
    } else {
        format!("V{camel}")
    }
}

/// A field or argument the generator's emitter names (parameters, methods, setters): snake
/// case of [`ascii_words`], `_` in front when it would be empty or start with a digit,
/// keywords suffixed.
pub fn field_name(name: &str) -> String {
    let mut snake = ascii_words(name).to_snake_case();
    if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake = format!("_{snake}");
    }
    unkeyword(snake)
}

/// A type or variant the generator's emitter names (servers, per-operation types): upper
/// camel case of [`ascii_words`], `V` in front when it would be empty or start with a digit.
pub fn emitter_type_name(name: &str) -> String {
    let mut camel = ascii_words(name).to_upper_camel_case();
    if camel.is_empty() || camel.starts_with(|c: char| c.is_ascii_digit()) {
        camel = format!("V{camel}");
    }
    unkeyword(camel)
}

/// `name` with every character an identifier cannot hold replaced, before case conversion:
/// a non-ASCII letter or digit becomes the word `u<hex of its code point>` (`½` → `u00bd`),
/// any other non-ASCII character a word break. ASCII names are returned as they are (case
/// conversion already breaks words at ASCII punctuation).
pub fn ascii_words(name: &str) -> std::borrow::Cow<'_, str> {
    if name.is_ascii() {
        return std::borrow::Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!(" u{:04x} ", u32::from(c)));
        } else {
            out.push(' ');
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether the emitter's names of `id` (see [`method_name`]) hold anything of it: `false` for
/// ids such as `""`, `_`, `-` or an emoji, which give no word.
pub fn has_words(id: &str) -> bool {
    !method_name(id).trim_matches('_').is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operation_names_are_unique_in_operation_order() {
        let names = operation_names(["listItems", "list_items", "ListItems", "new", "get /a/{id}", "1st"]);
        let methods: Vec<&str> = names.iter().map(|n| n.method.as_str()).collect();
        let prefixes: Vec<&str> = names.iter().map(|n| n.prefix.as_str()).collect();
        assert_eq!(methods, ["list_items", "list_items_2", "list_items_3", "new_operation", "get_a_id", "1st"]);
        assert_eq!(prefixes, ["ListItems", "ListItems2", "ListItems3", "New", "GetAId", "V1st"]);
        // `1st` is an identifier only once `field_name` makes it one.
        assert_eq!(field_name(&names[5].method), "_1st");
    }

    #[test]
    fn param_fields_suffix_headers_then_numbers() {
        let fields = param_fields([("userId", false), ("user_id", false), ("user_id", true), ("type", false)]);
        assert_eq!(fields, ["user_id", "user_id_2", "user_id_header", "type_"]);
        // A header whose name is free keeps it.
        assert_eq!(param_fields([("X-Trace", true)]), ["x_trace"]);
    }

    #[test]
    fn unique_takes_the_first_free_candidate() {
        let mut taken = std::collections::HashSet::from(["a".to_owned(), "a_2".to_owned()]);
        assert_eq!(unique("a", |n| format!("a_{n}"), |c| taken.insert(c.to_owned())), "a_3");
        assert_eq!(unique("b", |n| format!("b_{n}"), |c| taken.insert(c.to_owned())), "b");
    }

    #[test]
    fn follows_typify_and_the_emitter() {
        assert_eq!(type_name("update_ticket_request"), "UpdateTicketRequest");
        assert_eq!(type_name(&hoisted_name("ticket", "state")), "TicketState");
        assert_eq!(type_name("2fa"), "X2fa");
        assert_eq!(property_name("type"), "type_");
        assert_eq!(property_name("snoozedUntil"), "snoozed_until");
        assert_eq!(property_name("@timestamp"), "timestamp");
        assert_eq!(variant_name(&json!("in_progress")), "InProgress");
        assert_eq!(variant_name(&json!("2.10")), "X210");
        assert_eq!(variant_name(&json!(1)), "X1");
        assert_eq!(method_name(&operation_id(Some("updateTicket"), "put", "/t")), "update_ticket");
        assert_eq!(operation_id(None, "get", "/tickets/{id}"), "get_tickets_id");
        assert_eq!(type_prefix("updateTicket"), "UpdateTicket");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("1st"), "_1st");
        assert_eq!(emitter_type_name("2"), "V2");
        for name in ["1abc", "123", "0", "", "_", "-", "🎉", "²", "½", "①", "self", "Self", "a b", "ünï"] {
            for ident in [field_name(name), emitter_type_name(name), type_prefix(name) + "Params"] {
                let mut chars = ident.chars();
                let first = chars.next().unwrap();
                assert!(first.is_ascii_alphabetic() || first == '_', "{name:?} → {ident:?}");
                assert!(chars.all(|c| c.is_ascii_alphanumeric() || c == '_'), "{name:?} → {ident:?}");
                assert!(is_identifier(&ident) && ident != "_", "{name:?} → {ident:?}");
            }
        }
        assert_eq!(field_name("①"), "u2460");
        assert_eq!(type_prefix("1abc"), "V1abc");
        assert_eq!(method_name("½ off"), "u00bd_off");
        assert!(!has_words("🎉") && !has_words("_") && has_words("a"));
        let existing = ["ticket_state", "TicketState_2"];
        assert_eq!(unique_name("ticketState", existing.iter().copied()), "ticketState_3");
        assert_eq!(unique_name("other", existing.iter().copied()), "other");
    }
}
