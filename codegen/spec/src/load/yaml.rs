//! The YAML reader of [`super`]: `yaml-rust2` events built into a JSON value with an explicit
//! stack, so that only [`MAX_DEPTH`](super::MAX_DEPTH) limits the nesting.
//!
//! Nothing here recurses: containers being built are frames of a stack, and an alias replays
//! the recorded events of its anchor (as the reader used before, `serde_yaml_ng`, did), so that
//! its values are counted against the node budget, its warnings repeated at its own pointer and
//! its depth checked where it is used. Events are pulled one at a time, so reading stops at the
//! first value nested too deep, before the parser sees the rest of the text.
//!
//! Scalars resolve as `serde_yaml_ng` resolved them: plain `~`, `null` and the empty scalar are
//! null; `true`/`false` (also capitalised or upper-case) are booleans; integers are decimal or
//! `0x`/`0o`/`0b`, with a sign (`012` stays a string); integers beyond 64 bits up to 128 are
//! read as floats (with a warning); floats include `.inf` and `.nan`; everything else, and every
//! quoted or block scalar, is a string. The core tags `!!bool`, `!!int`, `!!float` and `!!null`
//! force their type (an error when the text is not of it), any other global tag (`!!str`,
//! `!!binary`, `!<tag:…>`) reads the scalar as a string, and local tags (`!foo`) are refused.
//! Mapping keys are the text of a scalar (`200:` is the key `"200"`); a key that is a sequence
//! or a mapping is refused. Merge keys (`<<`) are ordinary keys.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::num::ParseIntError;
use std::str::Chars;

use serde_json::{Map, Value};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, ScanError, TScalarStyle};

use super::Builder;
use crate::error::{Error, Result};

/// The prefix of the tags of the YAML core schema (`!!int` is `tag:yaml.org,2002:int`).
const CORE: &str = "tag:yaml.org,2002:";

/// Reads the YAML `text` into a value with `builder` (which counts, locates and warns).
///
/// # Errors
/// The text is not YAML, holds more than one document, a tag the reader refuses, a key that is
/// not a scalar or an alias of a value that contains it (each error names the line and column),
/// or the builder stops (budget, depth).
pub(super) fn read(text: &str, builder: &Builder) -> Result<Value> {
    // A byte order mark starts the stream; `yaml-rust2` would read it as text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    refuse_unprintable(builder, text)?;
    let mut source = Source { parser: Parser::new_from_str(text), tape: Vec::new(), replays: Vec::new() };
    let mut tree =
        Tree { builder, text, lines: OnceCell::new(), frames: Vec::new(), anchors: HashMap::new(), root: None };
    let syntax = |err: ScanError| syntax_error(builder, &err);

    // The stream starts, then a document or (an empty stream) the end.
    loop {
        let index = source.next().map_err(syntax)?;
        match &source.tape[index].0 {
            Event::StreamEnd => {
                builder.count()?;
                return Ok(Value::Null);
            }
            Event::DocumentStart => break,
            _ => {}
        }
    }
    while tree.root.is_none() {
        let index = source.next().map_err(syntax)?;
        let (event, mark) = &source.tape[index];
        if let Some(anchor) = tree.event(index, event, *mark, &source.tape)? {
            source.replays.push(Replay { next: anchor, open: 0, alias: *mark });
        }
    }
    // The document ends, and so does the stream.
    loop {
        let index = source.next().map_err(syntax)?;
        match &source.tape[index] {
            (Event::DocumentEnd, _) => {}
            (Event::StreamEnd, _) => break,
            (_, mark) => {
                return Err(located(
                    builder,
                    "the file holds more than one YAML document",
                    "keep the first document (remove the `---` line and what follows)",
                    *mark,
                ));
            }
        }
    }
    Ok(tree.root.take().unwrap_or(Value::Null))
}

/// The events of the document: pulled from the parser, or replayed for an alias.
struct Source<'t> {
    parser: Parser<Chars<'t>>,
    /// Every event pulled from the parser, with where it starts.
    tape: Vec<(Event, Marker)>,
    /// The aliases being replayed, innermost last.
    replays: Vec<Replay>,
}

/// An alias being replayed from the tape.
struct Replay {
    /// The index of the next event to replay.
    next: usize,
    /// The collections of the anchored value opened and not yet closed.
    open: usize,
    /// Where the alias is.
    alias: Marker,
}

impl Source<'_> {
    /// The index in the tape of the next event.
    fn next(&mut self) -> std::result::Result<usize, ScanError> {
        if let Some(replay) = self.replays.last_mut() {
            let (index, alias) = (replay.next, replay.alias);
            replay.next += 1;
            let Some((event, _)) = self.tape.get(index) else {
                // Unreachable: an anchor's events are all on the tape before any alias of it.
                return Err(ScanError::new(alias, "the alias replays past the end of the text"));
            };
            match event {
                Event::SequenceStart(..) | Event::MappingStart(..) => replay.open += 1,
                Event::SequenceEnd | Event::MappingEnd => replay.open = replay.open.saturating_sub(1),
                _ => {}
            }
            if replay.open == 0 {
                self.replays.pop();
            }
            return Ok(index);
        }
        let event = self.parser.next_token()?;
        self.tape.push(event);
        Ok(self.tape.len() - 1)
    }
}

/// The value being built: the collections open around the current event.
struct Tree<'b> {
    builder: &'b Builder,
    /// The text read.
    text: &'b str,
    /// Where the lines of the text start (computed when first needed).
    lines: OnceCell<Vec<usize>>,
    frames: Vec<Frame>,
    /// Where each anchor's value starts in the tape, and whether it is complete.
    anchors: HashMap<usize, Anchor>,
    /// The document's value, once complete.
    root: Option<Value>,
}

/// An open collection.
enum Frame {
    Sequence { items: Vec<Value>, anchor: usize },
    Mapping { object: Map<String, Value>, key: Option<String>, anchor: usize },
}

/// Where an anchored value starts in the tape.
#[derive(Clone, Copy)]
struct Anchor {
    at: usize,
    complete: bool,
}

impl Tree<'_> {
    /// Takes in the event at `index` of `tape`; `Some` holds the index where the anchor of an
    /// alias starts, to be replayed next.
    fn event(&mut self, index: usize, event: &Event, mark: Marker, tape: &[(Event, Marker)]) -> Result<Option<usize>> {
        match event {
            Event::SequenceEnd | Event::MappingEnd => {
                self.close();
                Ok(None)
            }
            Event::Scalar(..) | Event::Alias(_) | Event::SequenceStart(..) | Event::MappingStart(..) => {
                match self.frames.last_mut() {
                    Some(Frame::Mapping { key: key @ None, .. }) => {
                        *key = Some(key_text(self.builder, index, event, mark, tape, &mut self.anchors)?);
                        Ok(None)
                    }
                    _ => self.value(index, event, mark),
                }
            }
            _ => Err(located(self.builder, "unexpected YAML event", "fix the YAML syntax at that line", mark)),
        }
    }

    /// Starts a value: a scalar is complete, a collection opens, an alias is replayed.
    fn value(&mut self, index: usize, event: &Event, mark: Marker) -> Result<Option<usize>> {
        let entered = match self.frames.last() {
            Some(Frame::Sequence { items, .. }) => Some(items.len().to_string()),
            Some(Frame::Mapping { key, .. }) => Some(key.clone().unwrap_or_default()),
            None => None,
        };
        let has_parent = entered.is_some();
        if let Some(token) = entered {
            self.builder.enter(token).map_err(|err| at(err, mark))?;
        }
        match event {
            Event::Alias(id) => {
                let Some(anchor) = self.anchors.get(id).filter(|anchor| anchor.complete) else {
                    return Err(located(
                        self.builder,
                        "the alias refers to a value that contains it",
                        "write the value without the alias",
                        mark,
                    ));
                };
                // The replayed value enters its token again.
                if has_parent {
                    self.builder.leave();
                }
                Ok(Some(anchor.at))
            }
            Event::Scalar(text, style, anchor, tag) => {
                let text = if text == "\n" && self.empty_block_scalar(*style, mark) { "" } else { text };
                let value = scalar(self.builder, text, *style, tag.as_ref(), mark)?;
                self.builder.count().map_err(|err| at(err, mark))?;
                if *anchor > 0 {
                    self.anchors.entry(*anchor).or_insert(Anchor { at: index, complete: true });
                }
                self.attach(value);
                Ok(None)
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                refuse_local_tag(self.builder, tag.as_ref(), mark)?;
                self.builder.count().map_err(|err| at(err, mark))?;
                if *anchor > 0 {
                    self.anchors.entry(*anchor).or_insert(Anchor { at: index, complete: false });
                }
                self.frames.push(match event {
                    Event::SequenceStart(..) => Frame::Sequence { items: Vec::new(), anchor: *anchor },
                    _ => Frame::Mapping { object: Map::new(), key: None, anchor: *anchor },
                });
                Ok(None)
            }
            _ => Ok(None),
        }
    }

    /// Whether the scalar at `mark`, read as one line break, is a block scalar without content
    /// lines at the end of the text, which `serde_yaml_ng` (as the YAML specification) read as
    /// the empty string: with `|`, `>` and `|-`, or with `|+` when no empty line follows.
    fn empty_block_scalar(&self, style: TScalarStyle, mark: Marker) -> bool {
        if !matches!(style, TScalarStyle::Literal | TScalarStyle::Folded) {
            return false;
        }
        let lines = self.lines.get_or_init(|| line_starts(self.text));
        let Some(start) = mark.line().checked_sub(1).and_then(|line| lines.get(line)) else { return false };
        let Some(header) = self.text[*start..].char_indices().nth(mark.col()).map(|(at, _)| &self.text[start + at..])
        else {
            return false;
        };
        // The scalar is at its header only when it ends the text without content.
        if !header.starts_with(['|', '>']) {
            return false;
        }
        let end = header.find(['\r', '\n']).unwrap_or(header.len());
        let indicators: String =
            header[..end].chars().skip(1).take_while(|c| matches!(c, '+' | '-' | '0'..='9')).collect();
        let rest = header[end..].strip_prefix("\r\n").or_else(|| header[end..].get(1..)).unwrap_or("");
        if !rest.chars().all(|c| matches!(c, ' ' | '\t' | '\r' | '\n')) {
            return false;
        }
        !indicators.contains('+') || line_starts(rest).len() == 1
    }

    /// Closes the innermost collection.
    fn close(&mut self) {
        let (value, anchor) = match self.frames.pop() {
            Some(Frame::Sequence { items, anchor }) => (Value::Array(items), anchor),
            Some(Frame::Mapping { object, anchor, .. }) => (Value::Object(object), anchor),
            None => return,
        };
        if let Some(anchor) = self.anchors.get_mut(&anchor) {
            anchor.complete = true;
        }
        self.attach(value);
    }

    /// Puts a complete value into its collection (or makes it the document's value).
    fn attach(&mut self, value: Value) {
        match self.frames.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Sequence { items, .. }) => {
                self.builder.leave();
                items.push(value);
            }
            Some(Frame::Mapping { object, key, .. }) => {
                self.builder.leave();
                let key = key.take().unwrap_or_default();
                if object.contains_key(&key) {
                    self.builder.state.borrow_mut().path.push(key.clone());
                    self.builder.warn(
                        format!("the key {key:?} appears more than once in its object; the last value is kept"),
                        "remove the duplicate (in the overlay, or tell the vendor)",
                    );
                    self.builder.leave();
                }
                object.insert(key, value);
            }
        }
    }
}

/// The text of a mapping key: a scalar's (whatever its tag), or that of the scalar an alias
/// refers to.
fn key_text(
    builder: &Builder,
    index: usize,
    event: &Event,
    mark: Marker,
    tape: &[(Event, Marker)],
    anchors: &mut HashMap<usize, Anchor>,
) -> Result<String> {
    let refused = |what: &str| {
        located(
            builder,
            &format!("a mapping key is {what}; keys must be strings"),
            "write the key as a plain or quoted string",
            mark,
        )
    };
    match event {
        Event::Scalar(text, _, anchor, _) => {
            if *anchor > 0 {
                anchors.entry(*anchor).or_insert(Anchor { at: index, complete: true });
            }
            Ok(text.clone())
        }
        Event::Alias(id) => match anchors.get(id).and_then(|anchor| tape.get(anchor.at)) {
            Some((Event::Scalar(text, ..), _)) => Ok(text.clone()),
            Some((Event::SequenceStart(..), _)) => Err(refused("an alias of a sequence")),
            _ => Err(refused("an alias of a mapping")),
        },
        Event::SequenceStart(..) => Err(refused("a sequence")),
        _ => Err(refused("a mapping")),
    }
}

/// The value of a scalar, resolved as described in the module documentation.
fn scalar(builder: &Builder, text: &str, style: TScalarStyle, tag: Option<&Tag>, mark: Marker) -> Result<Value> {
    refuse_local_tag(builder, tag, mark)?;
    if let Some(tag) = tag {
        let name = format!("{}{}", tag.handle, tag.suffix);
        let not_of = |what: &str| {
            located(
                builder,
                &format!("the scalar {text:?} is tagged `{}` but is not {what}", shorthand(&name)),
                "fix the value or remove the tag",
                mark,
            )
        };
        return match name.strip_prefix(CORE) {
            Some("bool") => parse_bool(text).map(Value::Bool).ok_or_else(|| not_of("a boolean")),
            Some("int") => integer(builder, text).ok_or_else(|| not_of("an integer")),
            Some("float") => parse_float(text).map(|float| builder.float(float)).ok_or_else(|| not_of("a float")),
            Some("null") => is_null(text).then_some(Value::Null).ok_or_else(|| not_of("null")),
            _ => Ok(Value::String(text.to_owned())),
        };
    }
    if style != TScalarStyle::Plain {
        return Ok(Value::String(text.to_owned()));
    }
    if text.is_empty() || is_null(text) {
        return Ok(Value::Null);
    }
    if let Some(boolean) = parse_bool(text) {
        return Ok(Value::Bool(boolean));
    }
    if let Some(value) = integer(builder, text) {
        return Ok(value);
    }
    if !leading_zero(text) {
        if let Some(float) = parse_float(text) {
            return Ok(builder.float(float));
        }
    }
    Ok(Value::String(text.to_owned()))
}

/// Refuses a local tag (`!foo`, or the non-specific `!`): it names a type of the author's
/// application, which a JSON value has no place for.
fn refuse_local_tag(builder: &Builder, tag: Option<&Tag>, mark: Marker) -> Result<()> {
    let Some(name) = tag.map(|tag| format!("{}{}", tag.handle, tag.suffix)) else { return Ok(()) };
    if name.starts_with('!') {
        return Err(located(builder, &format!("the local tag `{name}` is not supported"), "remove the tag", mark));
    }
    Ok(())
}

/// `!!int` for `tag:yaml.org,2002:int`; other tags as they are.
fn shorthand(tag: &str) -> String {
    tag.strip_prefix(CORE).map_or_else(|| tag.to_owned(), |name| format!("!!{name}"))
}

fn is_null(text: &str) -> bool {
    matches!(text, "null" | "Null" | "NULL" | "~")
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// An integer: 64 bits as they are, beyond (up to 128 bits) the nearest float with a warning.
#[allow(clippy::cast_precision_loss)]
fn integer(builder: &Builder, text: &str) -> Option<Value> {
    if let Some(int) = unsigned(text, u64::from_str_radix) {
        return Some(int.into());
    }
    if let Some(int) = signed(text, i64::from_str_radix) {
        return Some(int.into());
    }
    if let Some(int) = unsigned(text, u128::from_str_radix) {
        return Some(u64::try_from(int).map_or_else(|_| builder.integer(int.to_string(), int as f64), Value::from));
    }
    signed(text, i128::from_str_radix).map(|int| match (i64::try_from(int), u64::try_from(int)) {
        (Ok(small), _) => small.into(),
        (_, Ok(small)) => small.into(),
        _ => builder.integer(int.to_string(), int as f64),
    })
}

/// The radix prefixes of integers.
const RADIXES: [(&str, u32); 3] = [("0x", 16), ("0o", 8), ("0b", 2)];

/// An integer with an optional `+`: decimal, or hexadecimal, octal or binary after `0x`, `0o`
/// or `0b`.
fn unsigned<T>(text: &str, parse: fn(&str, u32) -> std::result::Result<T, ParseIntError>) -> Option<T> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in RADIXES {
        if let Some(rest) = digits.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(int) = parse(rest, radix) {
                return Some(int);
            }
        }
    }
    if digits.starts_with(['+', '-']) || leading_zero(text) {
        return None;
    }
    parse(digits, 10).ok()
}

/// An integer with an optional sign: decimal, or hexadecimal, octal or binary after `-0x`,
/// `-0o` or `-0b` (unsigned ones are read by [`unsigned`] first).
fn signed<T>(text: &str, parse: fn(&str, u32) -> std::result::Result<T, ParseIntError>) -> Option<T> {
    for (prefix, radix) in RADIXES {
        if let Some(rest) = text.strip_prefix('-').and_then(|rest| rest.strip_prefix(prefix)) {
            if let Ok(int) = parse(&format!("-{rest}"), radix) {
                return Some(int);
            }
        }
    }
    if leading_zero(text) {
        return None;
    }
    parse(text, 10).ok()
}

/// A float: decimal, `.inf` with a sign, `.nan`.
fn parse_float(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(text, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    unsigned.parse::<f64>().ok().filter(|float| float.is_finite())
}

/// Digits after a leading zero (`012`, `-007`): a string in YAML 1.2, not a number.
fn leading_zero(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|byte| byte.is_ascii_digit())
}

/// The byte offsets where the lines of `text` start (after `\n`, `\r\n` or `\r`, the line
/// breaks of YAML 1.2).
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let bytes = text.as_bytes();
    for (at, byte) in bytes.iter().enumerate() {
        let ends_line = *byte == b'\n' || (*byte == b'\r' && bytes.get(at + 1) != Some(&b'\n'));
        if ends_line {
            starts.push(at + 1);
        }
    }
    starts
}

/// Refuses the characters YAML does not allow in a stream (C0 and C1 controls but tab, line
/// feed, carriage return and next line; surrogates; U+FFFE and U+FFFF), as `serde_yaml_ng` did.
fn refuse_unprintable(builder: &Builder, text: &str) -> Result<()> {
    let printable = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
            || c >= '\u{10000}'
    };
    let Some(at) = text.find(|c: char| !printable(c)) else { return Ok(()) };
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at].rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
    let character = text[at..].chars().next().map_or(0, u32::from);
    Err(Error::new(
        &builder.display,
        "",
        format!("invalid YAML: the control character U+{character:04X} is not allowed at line {line} column {column}"),
        "remove the character, or write it as an escape (`\\x..`) in a double-quoted string",
    ))
}

/// `err` with the line and column of `mark` added to its message.
fn at(mut err: Error, mark: Marker) -> Error {
    err.message = format!("{} at line {} column {}", err.message, mark.line(), mark.col() + 1);
    err
}

/// An error of the whole file at the line and column of `mark`.
fn located(builder: &Builder, message: &str, fix: &str, mark: Marker) -> Error {
    at(Error::new(&builder.display, "", format!("invalid YAML: {message}"), fix), mark)
}

/// The parser's error, at its line and column.
fn syntax_error(builder: &Builder, err: &ScanError) -> Error {
    if err.info() == "recursion limit exceeded" {
        // `yaml-rust2` counts flow levels in a byte.
        return located(
            builder,
            "YAML flow collections (`[`, `{`) nest deeper than 255 levels (the YAML parser's limit; block style \
             nests as deep as the reader's limit)",
            "write the inner levels in block style, or flatten the nesting there",
            *err.marker(),
        );
    }
    located(builder, err.info(), "fix the YAML syntax at that line", *err.marker())
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use serde::de::DeserializeSeed;

    use super::super::{node_budget, ValueSeed};
    use super::*;

    /// Reads `text` with this reader.
    fn current(text: &str) -> Result<(Value, Vec<Error>)> {
        let builder = Builder::new(Path::new("t.yaml"), node_budget(text.len()));
        let parsed = read(text, &builder);
        builder.finish(parsed)
    }

    /// Reads `text` as YAML went before this reader: `serde_yaml_ng` driving the same builder.
    fn reference(text: &str) -> Result<(Value, Vec<Error>)> {
        let builder = Builder::new(Path::new("t.yaml"), node_budget(text.len()));
        let parsed = ValueSeed(&builder)
            .deserialize(serde_yaml_ng::Deserializer::from_str(text))
            .map_err(|err| Error::new("t.yaml", "", format!("invalid YAML: {err}"), ""));
        builder.finish(parsed)
    }

    /// The pointer of the first place where `a` and `b` differ, keys in order and numbers in
    /// kind (`1` is not `1.0`) included.
    fn difference(a: &Value, b: &Value) -> Option<String> {
        let mut stack = vec![(a, b, String::new())];
        while let Some((a, b, at)) = stack.pop() {
            match (a, b) {
                (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
                    let children = a.iter().zip(b).enumerate();
                    stack.extend(children.rev().map(|(i, (a, b))| (a, b, crate::pointer::push(&at, &i.to_string()))));
                }
                (Value::Object(a), Value::Object(b)) if a.keys().eq(b.keys()) => {
                    let children = a.iter().zip(b.values());
                    stack.extend(children.rev().map(|((key, a), b)| (a, b, crate::pointer::push(&at, key))));
                }
                (Value::Array(_) | Value::Object(_), _) => return Some(at),
                _ if a != b => return Some(at),
                _ => {}
            }
        }
        None
    }

    /// What differs between this reader and the reference on `text`, if anything: values,
    /// warnings, or success (errors may be worded differently).
    fn compare(text: &str) -> Option<String> {
        match (current(text), reference(text)) {
            (Ok((value, warnings)), Ok((expected, expected_warnings))) => {
                if let Some(at) = difference(&value, &expected) {
                    return Some(format!(
                        "values differ at {at:?}: {:?} vs {:?}",
                        pointer_get(&value, &at),
                        pointer_get(&expected, &at)
                    ));
                }
                (warnings != expected_warnings)
                    .then(|| format!("warnings differ: {warnings:?} vs {expected_warnings:?}"))
            }
            (Err(_), Err(_)) => None,
            (Ok(_), Err(err)) => Some(format!("read, the reference refused it: {err}")),
            (Err(err), Ok(_)) => Some(format!("refused, the reference read it: {err}")),
        }
    }

    fn pointer_get<'v>(value: &'v Value, at: &str) -> Option<&'v Value> {
        crate::pointer::get(value, at)
    }

    /// The files under `dir` whose names end in one of `extensions`.
    fn files(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        let mut entries: Vec<PathBuf> = entries.filter_map(|entry| entry.ok().map(|entry| entry.path())).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                files(&path, extensions, out);
            } else if path.extension().and_then(|ext| ext.to_str()).is_some_and(|ext| extensions.contains(&ext)) {
                out.push(path);
            }
        }
    }

    /// The vendored specs and overlays, the test fixtures and (when present) the reference
    /// material of `/work/shared`, read in place.
    fn inputs(extensions: &[&str]) -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut out = Vec::new();
        for dir in ["specs", "codegen/generator/tests/fixtures", "codegen/specdiff/tests/fixtures"] {
            files(&root.join(dir), extensions, &mut out);
        }
        for dir in ["/work/shared/upstream", "/work/shared/corpus"] {
            files(Path::new(dir), extensions, &mut out);
        }
        out
    }

    #[test]
    fn every_yaml_file_reads_as_with_serde_yaml_ng() {
        let mut failures = Vec::new();
        let (mut yaml, mut json) = (0, 0);
        for (extensions, count) in [(&["yaml", "yml"][..], &mut yaml), (&["json"][..], &mut json)] {
            for path in inputs(extensions) {
                let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
                if let Some(problem) = compare(&text) {
                    failures.push(format!("{}: {problem}", path.display()));
                }
                *count += 1;
            }
        }
        eprintln!("differential: {yaml} YAML files and {json} JSON files (read as YAML) compared");
        assert!(yaml >= 20, "only {yaml} YAML files found");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// Scalars whose resolution the readers could disagree on.
    const SCALARS: &[&str] = &[
        "",
        "~",
        "null",
        "Null",
        "NULL",
        "nULL",
        "true",
        "True",
        "TRUE",
        "tRUE",
        "false",
        "False",
        "FALSE",
        "yes",
        "no",
        "on",
        "off",
        "y",
        "n",
        "0",
        "-0",
        "+0",
        "00",
        "012",
        "-012",
        "+012",
        "019",
        "0x1F",
        "0X1F",
        "-0x1F",
        "+0x1F",
        "0x",
        "0x+1",
        "0x-1",
        "-0x-1",
        "+0x+1",
        "0o17",
        "-0o17",
        "0o8",
        "0b101",
        "-0b101",
        "0b2",
        "1_000",
        "9223372036854775807",
        "9223372036854775808",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "-18446744073709551616",
        "340282366920938463463374607431768211455",
        "340282366920938463463374607431768211456",
        "-170141183460469231731687303715884105728",
        "-170141183460469231731687303715884105729",
        "99999999999999999999999999999999999999999999",
        "0xffffffffffffffffffffffffffffffffff",
        "-0xffffffffffffffffffff",
        "1.5",
        "-1.5",
        "+1.5",
        "1.",
        ".5",
        "-.5",
        "+.5",
        "1e3",
        "1E3",
        "1e+3",
        "1e-3",
        "1e400",
        "-1e400",
        "1e-400",
        "0.0",
        "-0.0",
        "1e",
        "e1",
        "0e0",
        ".inf",
        ".Inf",
        ".INF",
        "+.inf",
        "-.inf",
        "-.Inf",
        "-.INF",
        "+-.inf",
        ".nan",
        ".NaN",
        ".NAN",
        "+.nan",
        "-.nan",
        "nan",
        "NaN",
        "inf",
        "infinity",
        "-inf",
        "++1",
        "+-1",
        "--1",
        "-+1",
        "0x_1",
        "12:30",
        "2001-12-14",
        "2001-12-14t21:59:43.10-05:00",
        "a b",
        "é",
        "1 2",
        "0.1.2",
        "1,5",
        "$ref",
        "<<",
        "=",
        "-",
        "'",
        "\"x\"",
    ];

    #[test]
    fn scalars_read_as_with_serde_yaml_ng() {
        let mut failures = Vec::new();
        for scalar in SCALARS {
            let single = scalar.replace('\'', "''");
            let double = scalar.replace('\\', "\\\\").replace('"', "\\\"");
            let mut texts = vec![
                format!("a: {scalar}\n"),
                format!("a: '{single}'\n"),
                format!("a: \"{double}\"\n"),
                format!("a: |\n  {scalar}\n"),
                format!("a: >-\n  {scalar}\n"),
                format!("[{scalar}]\n"),
                format!("{scalar}: a\n"),
                format!("'{single}': a\n"),
                format!("a: &x {scalar}\nb: *x\n*x : c\n"),
            ];
            for tag in [
                "!!int",
                "!!float",
                "!!bool",
                "!!null",
                "!!str",
                "!!binary",
                "!foo",
                "!",
                "!<tag:yaml.org,2002:int>",
                "!<tag:x>",
                "!<!x>",
            ] {
                texts.push(format!("a: {tag} {scalar}\n"));
                texts.push(format!("a: {tag} '{single}'\n"));
                texts.push(format!("{tag} {scalar}: a\n"));
            }
            // See `known_differences_with_serde_yaml_ng`.
            texts.retain(|text| !matches!(text.as_str(), "[-]\n" | ": a\n"));
            for text in texts {
                if let Some(problem) = compare(&text) {
                    failures.push(format!("{text:?}: {problem}"));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// Documents whose structure the readers could disagree on.
    const DOCUMENTS: &[&str] = &[
        "",
        "# only a comment\n",
        "---\n",
        "---\n...\n",
        "a: 1\n...\n",
        "---\na: 1\n",
        "--- a\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n---\n",
        "a: 1\n--- [\n",
        "%YAML 1.2\n---\na: 1\n",
        "%YAML 1.1\n---\na: 1\n",
        "%TAG !e! tag:example.com,2000:\n---\na: !e!foo 1\n",
        "%TAG !e! !local-\n---\na: !e!foo 1\n",
        "%TAG !! tag:example.com,2000:\n---\na: !!int 1\n",
        "a: !e!foo 1\n",
        "\u{feff}a: 1\n",
        "\u{feff}{\"a\": 1}",
        "a: 1\r\nb:\r\n  - 2\r\n",
        "a:\n\t- 1\n",
        "hello\n",
        "[a, b]\n",
        "{a: 1, b: [1, 2], c: {d: e}}\n",
        "{a: 1, a: 2}\n",
        "a:\n  b: 1\n  b: 2\n  c: {d: 1, d: 2}\n",
        "a: &x {b: 1, b: 2, c: 99999999999999999999}\nc: *x\nd: [*x, *x]\n",
        "a: &x [1, .nan, .inf]\nb: *x\n",
        "a: &x\nb: *x\n",
        "a: &x !!str\nb: *x\n",
        "a: &x 1\na: &x 2\nb: *x\n",
        "a: &x [1]\nb: &x [2]\nc: *x\n",
        "a: *x\n",
        "a: &x [*x]\n",
        "a: &x {b: *x}\n",
        "a: &x [1, [2, *x]]\n",
        "a: &k key\n*k : 1\n",
        "a: &k [key]\n*k : 1\n",
        "a: &k {key: 1}\n*k : 1\n",
        "&k a: 1\nb: *k\n",
        "base: &base {a: 1, b: 2}\nderived:\n  <<: *base\n  b: 3\n",
        "<<: {a: 1}\n",
        "? [a, b]\n: 1\n",
        "? {a: 1}\n: 1\n",
        "[a, b]: 1\n",
        "? a\n",
        "? a\n? b\n: 2\n",
        "? |\n  block key\n: v\n",
        "~: 1\nnull: 2\n1: a\n0x10: b\ntrue: c\n1.5: d\n'1': e\n",
        "a: !!map {b: 1}\nc: !!seq [1]\nd: !!omap [{a: 1}]\n",
        "a: !foo {b: 1}\n",
        "a: !foo [1]\n",
        "a: ! [1]\n",
        "a: !!str [1]\n",
        "a: !!int\n",
        "a: !!null\n",
        "a: !!str\n",
        "a: \"\\u00e9\\x41\\/\\t\\N\\_\\L\\P \\\n  b\"\n",
        "a: \"\\q\"\n",
        "a: 'it''s'\n",
        "a: >\n  folded\n  text\n\n  para\nb: |+\n  keep\n\nc: |-\n  strip\n",
        "a: |2\n    indented\nb: >1\n  x\n",
        "a: plain\n  multi line\n  scalar\n",
        "a: b # comment\nc: d#not comment\n",
        "a: [1, 2,]\n",
        "a: {b: 1,}\n",
        "a: [b: 1, c]\n",
        "a: [? b : 1]\n",
        "a: [1, 2\n",
        "a: b: c\n",
        "- a\nb: 1\n",
        "a:\n  - 1\n - 2\n",
        "\"unterminated\n",
        "a: \u{1}\n",
        "a: \"\u{1}\"\n",
        "a: \u{7f}\n",
        "a: @b\n",
        "a: `b\n",
        "a: %b\n",
        "a: |\n  x\n y\n",
        "a:\n- 1\n- 2\n",
        "- - - 1\n  - 2\n- 3\n",
        "- a: 1\n  b: 2\n- c\n",
        "a: [\n  1,\n  2\n]\n",
        "a: {\n  b: 1\n}\n",
        "{a: [1, {b: [2, {c: 3}]}]}\n",
        "a: 'multi\n  line'\n",
        "a: \"multi\n  line\"\n",
        "a: -\n",
        "a: - b\n",
        "a:\n  -\n  - b\n",
        "a: ? b\n",
        "&a a: &b b\n*a : *b\n",
        "a: |\n  \n",
        "a: |\n",
        "a: |+\n",
        "a: |-\n",
        "a: >\n",
        "a: >+\n\n",
        "a: >+\n\n\n",
        "a: |+\n  \n",
        "a: |2+\n\n",
        "a: |+2\n",
        "a: | # c\n",
        "a: |+ # c\n\n",
        "a: |\n# c\n",
        "a: |\n  # c\n",
        "- |\n",
        "- |+\n",
        "a: |\n...\n",
        "a: |\r\n",
        "a: |+\r\n\r\n",
        "a: |\n  \n  \n",
        "a: |",
        "a: |+",
        "a:\n  b: |\n",
        "a:\n  b: |+\n\n",
        "a: |\nb: |+\n\nc: >-\n\n",
        "a: 1\rb: 2\r",
        "a: \"x\u{2028}y\"\n",
        "a: \"x\u{2029}y\"\n",
        "a: \u{feff}b\n",
        "a: b\u{feff}\n",
        "a: \"\\u0085\\u2028\\x01\"\n",
        "a: \"x\u{1}\"\n",
        "a: \u{e000}\u{fffd}\u{10000}\n",
        "a: \u{fffe}\n",
        "a: b\t# c\n",
        "a: \t1\n",
        "a:\t\"b\"\n",
        "a:\t[1]\n",
        "a: [1,\t2]\n",
        "a: 'x\ty'\n",
        "a:\n\tb: 1\n",
        "a: &a\n  b: &b [1]\n  c: *b\nd: *a\ne: *b\n",
    ];

    #[test]
    fn documents_read_as_with_serde_yaml_ng() {
        let failures: Vec<String> =
            DOCUMENTS.iter().filter_map(|text| compare(text).map(|problem| format!("{text:?}: {problem}"))).collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// Where this reader (YAML 1.2, `yaml-rust2`) and `serde_yaml_ng` (YAML 1.1, libyaml) part:
    /// none of the specs, overlays and fixtures we know has these.
    #[test]
    fn known_differences_with_serde_yaml_ng() {
        let read = |text: &str| current(text).map(|(value, _)| value);
        // Next line, line and paragraph separators are characters, not line breaks, in YAML 1.2.
        assert_eq!(read("a: \"x\u{85}y\"\n").unwrap()["a"], "x\u{85}y");
        assert_eq!(reference("a: \"x\u{85}y\"\n").unwrap().0["a"], "x y");
        assert_eq!(read("a: x\u{2028}y\n").unwrap()["a"], "x\u{2028}y");
        assert!(reference("a: x\u{2028}y\n").is_err());
        // A tab alone after `:` before a plain scalar is refused, naming the place.
        let err = read("a:\t1\n").unwrap_err();
        assert!(err.message.contains("line 1 column 4"), "{err}");
        assert!(reference("a:\t1\n").is_ok());
        // A plain `-` inside a flow collection is refused.
        assert!(read("[-]\n").is_err());
        assert!(reference("[-]\n").is_ok());
        // A tab after `- `, an empty key and a document of only `...` are read.
        assert_eq!(read("- \ta\n").unwrap(), serde_json::json!(["a"]));
        assert_eq!(read(": a\n").unwrap(), serde_json::json!({"": "a"}));
        assert_eq!(read("...\n").unwrap(), Value::Null);
        // Flow collections nest at most 255 levels.
        let flow = |n: usize| format!("a: {}1{}\n", "[".repeat(n), "]".repeat(n));
        assert!(read(&flow(255)).is_ok());
        let err = read(&flow(256)).unwrap_err();
        assert!(err.message.contains("nest deeper than 255 levels") && err.message.contains("line 1"), "{err}");
    }

    #[test]
    fn aliases_count_against_the_budget_and_report_where_used() {
        let (value, warnings) = current("a: &x {b: 1, b: 99999999999999999999}\nc: [*x]\n").unwrap();
        assert_eq!(value["c"][0]["b"].as_f64(), Some(1e20));
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(pointers, ["/a/b", "/a/b", "/c/0/b", "/c/0/b"]);

        let mut bomb = "a0: &a0 [x, x, x, x, x, x, x, x]\n".to_owned();
        for level in 1..12 {
            let previous = level - 1;
            bomb.push_str(&format!("a{level}: &a{level} [*a{previous}, *a{previous}, *a{previous}, *a{previous}]\n"));
        }
        let err = current(&bomb).unwrap_err();
        assert!(err.message.contains("expands to more than"), "{err}");
        assert!(err.message.contains("line"), "{err}");

        let err = current("a: &x [1, [2, *x]]\n").unwrap_err();
        assert!(err.message.contains("refers to a value that contains it") && err.message.contains("line 1"), "{err}");
        let err = current("a: !foo 1\n").unwrap_err();
        assert!(err.message.contains("local tag `!foo`") && err.message.contains("line 1"), "{err}");
        let err = current("a: b\u{7f}\n").unwrap_err();
        assert!(err.message.contains("U+007F") && err.message.contains("line 1 column 5"), "{err}");
        let err = current("? [a]\n: 1\n").unwrap_err();
        assert!(err.message.contains("a mapping key is a sequence"), "{err}");
        let err = current("a: 1\n---\nb: 2\n").unwrap_err();
        assert!(err.message.contains("more than one YAML document") && err.message.contains("line 2"), "{err}");
        let err = current("a: [1, 2\n").unwrap_err();
        assert!(err.message.starts_with("invalid YAML: ") && err.message.contains("line 2"), "{err}");
    }
}
