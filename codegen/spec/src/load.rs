//! Reading a spec or overlay file (YAML or JSON) into a JSON value, in bounded time and memory.
//!
//! The text is read by a JSON value builder of our own rather than `serde_json::Value`'s, so
//! that reading never fails or drops input silently:
//! - integers beyond 64 bits (`minimum: -9223372036854776000`) are kept as the nearest float,
//!   infinite ones as the largest float, with a warning naming their pointer;
//! - a duplicate key keeps its last value, with a warning naming its pointer;
//! - the document may not expand (through YAML aliases) beyond [`node_budget`] values, nor
//!   nest deeper than [`MAX_DEPTH`] levels.
//!
//! JSON is read by `serde_json` (its recursion limit lifted: the builder stops at
//! [`MAX_DEPTH`]); YAML by the `yaml` module, from the events of a parser that does not recurse, so that
//! nothing else limits the depth and reading stops as soon as the nesting is too deep.

use std::cell::RefCell;
use std::fmt;
use std::path::Path;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::pointer;

mod yaml;

/// How deep values may nest (the real specs we know nest at most 22 levels; spec-diff
/// compares schemas nested 200 levels deep).
pub const MAX_DEPTH: usize = 512;

/// The most values (objects, arrays and scalars) a document of `bytes` bytes may expand to:
/// 100,000 plus one per byte. Real specs hold about one value per 40 bytes, so only
/// YAML aliases that fan out (an "alias bomb") reach it.
pub fn node_budget(bytes: usize) -> usize {
    100_000usize.saturating_add(bytes)
}

/// A loaded input file: its parsed value and the sha256 of its bytes.
#[derive(Debug, Clone)]
pub struct Document {
    /// The parsed document.
    pub value: Value,
    /// Lower-case hex sha256 of the file as read.
    pub sha256: String,
    /// What was read in a way the author may not have meant (duplicate keys, integers beyond
    /// 64 bits), each with its pointer.
    pub warnings: Vec<Error>,
}

/// Reads `path` (shown in errors as `display`), parsing JSON when the file
/// starts with `{` and YAML otherwise.
///
/// # Errors
/// The file cannot be read, does not parse (the error names the line and column), expands
/// beyond [`node_budget`] or nests deeper than [`MAX_DEPTH`] (the error names the pointer).
pub fn load(path: &Path, display: &Path) -> Result<Document> {
    let bytes = std::fs::read(path)
        .map_err(|err| Error::new(display, "", format!("cannot read the file: {err}"), "check the path"))?;
    let sha256 = sha256_hex(&bytes);
    let text = std::str::from_utf8(&bytes)
        .map_err(|err| Error::new(display, "", format!("the file is not UTF-8: {err}"), "re-encode it as UTF-8"))?;
    let (value, warnings) = parse_with_warnings(text, display)?;
    Ok(Document { value, sha256, warnings })
}

/// Parses a spec or overlay text (shown in errors as `display`): JSON when it starts with
/// `{`, YAML otherwise. Warnings (see [`parse_with_warnings`]) are dropped.
///
/// # Errors
/// As [`parse_with_warnings`].
pub fn parse(text: &str, display: &Path) -> Result<Value> {
    parse_with_warnings(text, display).map(|(value, _)| value)
}

/// Parses a spec or overlay text (shown in errors as `display`): JSON when it starts with
/// `{`, YAML otherwise; with the warnings of reading it (duplicate keys, integers beyond 64
/// bits, non-finite numbers), each naming its pointer.
///
/// # Errors
/// The text does not parse (the error names the line and column), expands beyond
/// [`node_budget`] values or nests deeper than [`MAX_DEPTH`] levels (the error names the
/// pointer where that happened).
pub fn parse_with_warnings(text: &str, display: &Path) -> Result<(Value, Vec<Error>)> {
    let builder = Builder::new(display, node_budget(text.len()));
    let parsed = if text.trim_start().starts_with('{') {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        // The builder stops at `MAX_DEPTH`, so serde_json's own limit (128) can be lifted.
        deserializer.disable_recursion_limit();
        let value = ValueSeed(&builder).deserialize(&mut deserializer).and_then(|value| {
            deserializer.end()?;
            Ok(value)
        });
        value.map_err(|err| {
            let (what, fix) = match err.classify() {
                serde_json::error::Category::Eof => ("invalid JSON", "the file is truncated: complete it"),
                serde_json::error::Category::Syntax => ("invalid JSON", "fix the JSON syntax at that line"),
                _ => ("cannot read the JSON", "fix the value at that line"),
            };
            Error::new(display, "", format!("{what}: {err}"), fix)
        })
    } else {
        yaml::read(text, &builder)
    };
    builder.finish(parsed)
}

/// Lower-case hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Builds a [`Value`] while counting values, tracking the pointer and collecting warnings.
struct Builder {
    display: std::path::PathBuf,
    budget: usize,
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    /// Values built so far.
    nodes: usize,
    /// The (unescaped) tokens of the value being built.
    path: Vec<String>,
    /// The error that stopped reading, when it was ours (budget, depth).
    fatal: Option<Error>,
    warnings: Vec<Error>,
}

impl Builder {
    fn new(display: &Path, budget: usize) -> Self {
        Self { display: display.to_path_buf(), budget, state: RefCell::default() }
    }

    fn pointer(&self) -> String {
        pointer::join(&self.state.borrow().path)
    }

    fn warn(&self, message: String, fix: &str) {
        let warning = Error::new(&self.display, self.pointer(), message, fix);
        self.state.borrow_mut().warnings.push(warning);
    }

    /// Counts one more value.
    ///
    /// # Errors
    /// The document expands beyond the budget (the error names the current pointer).
    fn count(&self) -> Result<()> {
        let nodes = {
            let mut state = self.state.borrow_mut();
            state.nodes += 1;
            state.nodes
        };
        if nodes > self.budget {
            return Err(Error::new(
                &self.display,
                self.pointer(),
                format!("the document expands to more than {} values (YAML aliases that fan out?)", self.budget),
                "write the document without aliases that repeat large parts many times",
            ));
        }
        Ok(())
    }

    /// Enters the child value at `token` (one level below the current pointer).
    ///
    /// # Errors
    /// The child nests deeper than [`MAX_DEPTH`] levels; its token stays on the path, so that
    /// the error names the child.
    fn enter(&self, token: String) -> Result<()> {
        let depth = {
            let mut state = self.state.borrow_mut();
            state.path.push(token);
            state.path.len()
        };
        if depth > MAX_DEPTH {
            return Err(Error::new(
                &self.display,
                self.pointer(),
                format!("values nest deeper than {MAX_DEPTH} levels"),
                "flatten the nesting there",
            ));
        }
        Ok(())
    }

    /// Leaves the child value entered last.
    fn leave(&self) {
        self.state.borrow_mut().path.pop();
    }

    /// Records `error` as why reading stopped and returns it as a `serde` error.
    fn fail<E: de::Error>(&self, error: Error) -> E {
        let text = error.message.clone();
        self.state.borrow_mut().fatal.get_or_insert(error);
        E::custom(text)
    }

    /// [`Builder::count`] for `serde`.
    fn tally<E: de::Error>(&self) -> std::result::Result<(), E> {
        self.count().map_err(|error| self.fail(error))
    }

    /// Builds the child value at `token` with `serde`.
    fn child<'de, D: Deserializer<'de>>(&self, token: String, deserializer: D) -> std::result::Result<Value, D::Error> {
        self.enter(token).map_err(|error| self.fail(error))?;
        let value = ValueSeed(self).deserialize(deserializer)?;
        self.leave();
        Ok(value)
    }

    /// The outcome of reading: `parsed` with the warnings, or the error that stopped reading
    /// (the builder's own, recorded by [`Builder::fail`], before the parser's).
    fn finish(self, parsed: Result<Value>) -> Result<(Value, Vec<Error>)> {
        let State { fatal, warnings, .. } = self.state.into_inner();
        match (parsed, fatal) {
            (_, Some(fatal)) => Err(fatal),
            (Ok(value), None) => Ok((value, warnings)),
            (Err(err), None) => Err(err),
        }
    }

    fn integer(&self, text: String, as_float: f64) -> Value {
        let value = self.float(as_float);
        self.warn(
            format!("the integer {text} does not fit in 64 bits; it is read as the float {value}"),
            "nothing to do unless the exact value matters; then set it in the overlay",
        );
        value
    }

    fn float(&self, float: f64) -> Value {
        if let Some(number) = Number::from_f64(float) {
            return Value::Number(number);
        }
        if float.is_nan() {
            self.warn("the number is not a number (NaN); it is read as null".to_owned(), "remove it in the overlay");
            return Value::Null;
        }
        let clamped = if float > 0.0 { f64::MAX } else { f64::MIN };
        self.warn(
            format!("the number is infinite; it is read as {clamped}"),
            "nothing to do unless the exact value matters; then set it in the overlay",
        );
        Number::from_f64(clamped).map_or(Value::Null, Value::Number)
    }
}

struct ValueSeed<'b>(&'b Builder);

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<Value, E> {
        self.0.tally()?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Value, E> {
        self.0.tally()?;
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Value, E> {
        self.0.tally()?;
        Ok(Value::Number(v.into()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> std::result::Result<Value, E> {
        self.0.tally()?;
        Ok(match (i64::try_from(v), u64::try_from(v)) {
            (Ok(small), _) => Value::Number(small.into()),
            (_, Ok(small)) => Value::Number(small.into()),
            #[allow(clippy::cast_precision_loss)]
            _ => self.0.integer(v.to_string(), v as f64),
        })
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> std::result::Result<Value, E> {
        self.0.tally()?;
        Ok(match u64::try_from(v) {
            Ok(small) => Value::Number(small.into()),
            #[allow(clippy::cast_precision_loss)]
            Err(_) => self.0.integer(v.to_string(), v as f64),
        })
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Value, E> {
        self.0.tally()?;
        Ok(self.0.float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Value, E> {
        self.0.tally()?;
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Value, E> {
        self.0.tally()?;
        Ok(Value::String(v))
    }

    fn visit_none<E: de::Error>(self) -> std::result::Result<Value, E> {
        self.0.tally()?;
        Ok(Value::Null)
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<Value, E> {
        self.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Value, A::Error> {
        self.0.tally()?;
        let mut items = Vec::new();
        loop {
            let token = items.len().to_string();
            let Some(item) = seq.next_element_seed(ChildSeed(self.0, token))? else { break };
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Value, A::Error> {
        self.0.tally()?;
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(ChildSeed(self.0, key.clone()))?;
            if object.contains_key(&key) {
                self.0.state.borrow_mut().path.push(key.clone());
                self.0.warn(
                    format!("the key {key:?} appears more than once in its object; the last value is kept"),
                    "remove the duplicate (in the overlay, or tell the vendor)",
                );
                self.0.state.borrow_mut().path.pop();
            }
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// The seed of a child value at one token below the current pointer.
struct ChildSeed<'b>(&'b Builder, String);

impl<'de> DeserializeSeed<'de> for ChildSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Value, D::Error> {
        self.0.child(self.1, deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_json_parses_and_pathological_nesting_is_rejected_in_linear_time() {
        let nest = |n: usize| format!("{}1{}", "{\"a\": [".repeat(n), "]}".repeat(n));
        assert!(parse(&nest(100), Path::new("deep.json")).is_ok());
        let err = parse(&nest(100_000), Path::new("deep.json")).unwrap_err();
        assert!(err.message.contains("nest deeper than"), "{err}");
        let yaml = format!("x: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let err = parse(&yaml, Path::new("deep.yaml")).unwrap_err();
        assert!(err.message.contains("nest deeper than") && err.message.contains("line 1"), "{err}");
    }

    /// A YAML spec whose request body is `depth` objects nested in property `p` (block style).
    fn nested_yaml(depth: usize) -> String {
        let mut text = "openapi: 3.0.3\npaths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n".to_owned();
        let mut indent = 14;
        for _ in 0..depth {
            let pad = " ".repeat(indent);
            text.push_str(&format!("{pad}type: object\n{pad}properties:\n{pad}  p:\n"));
            indent += 4;
        }
        text.push_str(&format!("{}type: string\n", " ".repeat(indent)));
        text
    }

    #[test]
    fn yaml_schemas_nested_200_levels_load() {
        let (value, warnings) = read(&nested_yaml(200)).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let mut schema = &value["paths"]["/a"]["post"]["requestBody"]["content"]["application/json"]["schema"];
        for _ in 0..200 {
            assert_eq!(schema["type"], "object");
            schema = &schema["properties"]["p"];
        }
        assert_eq!(schema, &serde_json::json!({"type": "string"}));
        // As deep as allowed, and one level deeper.
        let block = |n: usize| format!("a:\n{}1\n", "- ".repeat(n));
        assert!(read(&block(MAX_DEPTH - 1)).is_ok());
        let err = read(&block(MAX_DEPTH)).unwrap_err();
        assert!(err.message.contains(&format!("nest deeper than {MAX_DEPTH} levels")), "{err}");
        assert_eq!(err.pointer, format!("/a{}", "/0".repeat(MAX_DEPTH)));
    }

    #[test]
    fn yaml_nested_100_000_levels_is_refused_with_the_depth_error() {
        // Block style: the reader's depth limit, at the pointer.
        let block = format!("x:\n{}1\n", "- ".repeat(100_000));
        let err = read(&block).unwrap_err();
        assert!(err.message.contains(&format!("nest deeper than {MAX_DEPTH} levels")), "{err}");
        assert_eq!(err.pointer, format!("/x{}", "/0".repeat(MAX_DEPTH)));
        // Flow style: the parser's limit of 255 levels, at the line.
        let flow = format!("x: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let flow_lines = format!("x: {}{}\n", "{a:\n".repeat(100_000), "}".repeat(100_000));
        for (text, line) in [(flow, "line 1 "), (flow_lines, "line 256 ")] {
            let err = read(&text).unwrap_err();
            assert!(err.message.contains("nest deeper than 255 levels") && err.message.contains(line), "{err}");
        }
    }

    fn read(text: &str) -> Result<(Value, Vec<Error>)> {
        parse_with_warnings(text, Path::new("t.yaml"))
    }

    #[test]
    fn big_integers_are_kept_as_floats_with_a_warning() {
        let (value, warnings) = read("a:\n  minimum: -9223372036854776000\n  maximum: 99999999999999999999\n").unwrap();
        assert_eq!(value["a"]["minimum"].as_f64(), Some(-9_223_372_036_854_776_000.0));
        assert_eq!(value["a"]["maximum"].as_f64(), Some(1e20));
        assert_eq!(warnings.len(), 2);
        assert_eq!(warnings[0].pointer, "/a/minimum");
        let (value, warnings) = read("a: .inf\nb: -9223372036854775808\n").unwrap();
        assert_eq!(value["a"].as_f64(), Some(f64::MAX));
        assert_eq!(value["b"].as_i64(), Some(i64::MIN));
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn duplicate_keys_are_warnings_with_a_pointer() {
        let (value, warnings) = read("a:\n  b: 1\n  b: 2\n").unwrap();
        assert_eq!(value["a"]["b"], 2);
        assert_eq!(warnings[0].pointer, "/a/b");
        let (_, warnings) = read(r#"{"x": {"a/b": 1, "a/b": 2}}"#).unwrap();
        assert_eq!(warnings[0].pointer, "/x/a~1b");
    }

    #[test]
    fn alias_bombs_and_deep_nesting_end_in_an_error() {
        let mut bomb = "a0: &a0 [x, x, x, x, x, x, x, x]\n".to_owned();
        for level in 1..12 {
            let previous = level - 1;
            bomb.push_str(&format!("a{level}: &a{level} [*a{previous}, *a{previous}, *a{previous}, *a{previous}]\n"));
        }
        let err = read(&bomb).unwrap_err();
        assert!(err.message.contains("expands to more than") || err.message.contains("repetition"), "{err}");

        let deep = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let err = read(&deep).unwrap_err();
        assert!(err.message.contains("nest deeper than"), "{err}");
        let deep = format!("{{\"a\": {}1{}}}", "[".repeat(MAX_DEPTH + 10), "]".repeat(MAX_DEPTH + 10));
        let err = read(&deep).unwrap_err();
        assert!(err.message.contains("nest deeper than"), "{err}");
        assert!(err.pointer.starts_with("/a/0/0/0"), "{err}");
    }
}
