//! General normalization passes over a loaded spec, run after the overlay and before generation.
//!
//! Each pass fixes a class of input that would otherwise make generation fail
//! or panic, for any spec; defects of one vendor's spec belong in its overlay.

use std::path::Path;

use serde_json::Value;

use crate::error::{escape_token, Error, Result};
use crate::Skipped;

/// Extension recording the `#/components/responses` entry an inlined response came from.
pub const RESPONSE_COMPONENT: &str = "x-helpdesk-response-component";

pub use helpdesk_spec::METHODS;

/// What normalization worked around: warnings (problems an overlay should fix) and the
/// operations it took out because one of their parts cannot be read (each also a warning
/// when generated: see [`crate::Skipped`]).
#[derive(Debug, Clone, Default)]
pub struct Normalization {
    /// Problems worked around in a general way that the overlay should fix.
    pub warnings: Vec<Error>,
    /// Operations removed from the document, with the reason.
    pub skipped: Vec<Skipped>,
}

/// Runs every pass. `file` is the spec as shown in errors.
///
/// An operation whose own `$ref`s cannot be followed (one that points at nothing outside
/// `#/components/schemas`, a cycle of inlined `$ref`s, an expansion beyond the budget) is
/// removed from the document and returned in [`Normalization::skipped`]; the rest is generated.
///
/// # Errors
/// An unsupported OpenAPI version, or such a `$ref` outside `paths` (reported with the
/// pointer of the `$ref` and what to do).
pub fn run(spec: &mut Value, file: &Path) -> Result<Normalization> {
    check_version(spec, file)?;
    let mut warnings = Vec::new();
    let mut broken = Vec::new();
    let root = spec.clone();
    check_refs(&root, spec, "", file, &mut warnings, &mut broken)?;
    check_merge_cycles(spec, file)?;
    drop_unreadable_keys(spec, file, &mut warnings);
    inline_operation_refs(spec, file, &mut broken)?;
    let skipped = remove_operations(spec, broken);
    check_path_templates(spec, file, &mut warnings);
    fix_query_styles(spec);
    fix_boolean_required(spec, "", Place::Other, file, &mut warnings);
    name_operations(spec, file, &mut warnings);
    Ok(Normalization { warnings, skipped })
}

/// The path template and method of the operation a pointer is in (`None` as the method for
/// a path item's own parts, which concern all its operations); `None` outside `paths`.
fn operation_of(pointer: &str) -> Option<(String, Option<String>)> {
    let tokens = helpdesk_spec::pointer::tokens(pointer);
    match tokens.as_slice() {
        [paths, path, method, ..] if paths == "paths" && METHODS.contains(&method.as_str()) => {
            Some((path.clone(), Some(method.clone())))
        }
        [paths, path, ..] if paths == "paths" => Some((path.clone(), None)),
        _ => None,
    }
}

/// An error at a pointer in `paths` is kept in `broken` (its operation is removed later);
/// anywhere else it is returned.
fn in_operation(error: Error, broken: &mut Vec<Error>) -> Result<()> {
    match operation_of(&error.pointer) {
        Some(_) => {
            broken.push(error);
            Ok(())
        }
        None => Err(error),
    }
}

/// Removes the operations the errors in `broken` are in (all the operations of a path item
/// for an error in its own parts), each once, with its first error.
fn remove_operations(spec: &mut Value, broken: Vec<Error>) -> Vec<Skipped> {
    let mut skipped: Vec<Skipped> = Vec::new();
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else { return skipped };
    for error in broken {
        let Some((path, method)) = operation_of(&error.pointer) else { continue };
        let Some(item) = paths.get_mut(&path).and_then(Value::as_object_mut) else { continue };
        let methods: Vec<String> = match method {
            Some(method) => vec![method],
            None => METHODS.iter().map(|m| (*m).to_owned()).collect(),
        };
        for method in methods {
            let Some(op) = item.shift_remove(&method) else { continue };
            let id = helpdesk_spec::naming::operation_id(op.get("operationId").and_then(Value::as_str), &method, &path);
            skipped.push(Skipped {
                id,
                http_method: method.to_uppercase(),
                path: path.clone(),
                problem: error.clone(),
            });
        }
    }
    skipped
}

/// The `openapi` field must be a 3.0 version; a YAML number (`openapi: 3.0`) is read as the
/// string it stands for.
fn check_version(spec: &mut Value, file: &Path) -> Result<()> {
    if let Some(number) = spec.get("openapi").filter(|v| v.is_number()).map(ToString::to_string) {
        spec["openapi"] = Value::String(number);
    }
    match spec.get("openapi").and_then(Value::as_str) {
        Some(version) if version.starts_with("3.0.") || version == "3.0" => Ok(()),
        Some(version) => Err(Error::new(
            file,
            "/openapi",
            format!("OpenAPI {version} is not supported"),
            "provide an OpenAPI 3.0.x description",
        )),
        None => Err(Error::new(
            file,
            "",
            "not an OpenAPI 3 document (no `openapi` field)",
            "check that the file is an OpenAPI 3.0 description",
        )),
    }
}

/// Every `$ref` must point at something in the same document (a `$ref` inside data, such as an
/// example value, a default or an extension, is a value: [`helpdesk_spec::resolve::is_data`]). A dangling
/// schema `$ref` becomes a free-form schema (any JSON value) with a warning;
/// any other dangling `$ref` is an error.
fn check_refs(
    root: &Value,
    node: &mut Value,
    at: &str,
    file: &Path,
    warnings: &mut Vec<Error>,
    broken: &mut Vec<Error>,
) -> Result<()> {
    match node {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                let Some(target) = reference.strip_prefix('#') else {
                    return in_operation(
                        Error::new(
                            file,
                            format!("{at}/$ref"),
                            format!("external $ref {reference:?} is not supported"),
                            "vendor the referenced file and inline it, or replace the $ref in the overlay",
                        ),
                        broken,
                    );
                };
                if target.is_empty() || target == "/" {
                    return in_operation(
                        Error::new(
                            file,
                            format!("{at}/$ref"),
                            format!("$ref {reference:?} refers to the whole document"),
                            "point it at a component, e.g. `#/components/schemas/<name>`",
                        ),
                        broken,
                    );
                }
                if root.pointer(target).is_none() {
                    let (message, fix) = pointer_syntax(reference, target).unwrap_or_else(|| {
                        (
                            format!("$ref {reference:?} points at nothing"),
                            format!(
                                "define `{target}` in the provider's overlay (and say why), or replace this $ref there"
                            ),
                        )
                    });
                    if !target.starts_with("/components/schemas/") {
                        return in_operation(Error::new(file, format!("{at}/$ref"), message, fix), broken);
                    }
                    warnings.push(Error::new(
                        file,
                        format!("{at}/$ref"),
                        format!("{message}; generated as a free-form JSON value"),
                        fix,
                    ));
                    let mut free = serde_json::Map::new();
                    free.insert(
                        "description".into(),
                        Value::String(format!("Free-form: the spec's {reference} is not defined.")),
                    );
                    *node = Value::Object(free);
                    return Ok(());
                }
            }
            for (key, value) in map.iter_mut() {
                if helpdesk_spec::resolve::is_data(at, key, value) {
                    continue;
                }
                check_refs(root, value, &format!("{at}/{}", escape_token(key)), file, warnings, broken)?;
            }
        }
        Value::Array(items) => {
            for (index, value) in items.iter_mut().enumerate() {
                check_refs(root, value, &format!("{at}/{index}"), file, warnings, broken)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Replaces `$ref`s to parameters, request bodies, responses, headers and
/// examples inside `paths` by their targets, so that generation sees every
/// operation's parts inline. Schema `$ref`s stay: they name types.
///
/// References that fan out (`x0 → {a: x1, b: x1} … x40`) would expand exponentially: the
/// values copied are counted, and more than four times the document (plus 100,000) is an
/// error naming the `$ref` whose expansion went beyond it.
fn inline_operation_refs(spec: &mut Value, file: &Path, broken: &mut Vec<Error>) -> Result<()> {
    let root = spec.clone();
    let budget = size(&root, usize::MAX).saturating_mul(4).saturating_add(100_000);
    let mut inliner = Inliner { root: &root, file, budget, stack: Vec::new() };
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else { return Ok(()) };
    // Each part of each path item on its own: a part that cannot be inlined takes out only
    // its operation (or, for the path item's own parts, the path item's operations).
    for (path, item) in paths.iter_mut() {
        let at = format!("/paths/{}", escape_token(path));
        match item.as_object_mut() {
            Some(parts) => {
                for (key, part) in parts.iter_mut() {
                    if let Err(error) = inliner.inline(part, &format!("{at}/{}", escape_token(key))) {
                        inliner.stack.clear();
                        in_operation(error, broken)?;
                    }
                }
            }
            None => {
                if let Err(error) = inliner.inline(item, &at) {
                    inliner.stack.clear();
                    in_operation(error, broken)?;
                }
            }
        }
    }
    Ok(())
}

/// How many `$ref`s may be followed from one operation's part to its value.
const MAX_CHAIN: usize = 64;

struct Inliner<'a> {
    root: &'a Value,
    file: &'a Path,
    /// Values that may still be copied.
    budget: usize,
    /// The references being inlined, outermost first: (pointer of the `$ref`, its target).
    stack: Vec<(String, String)>,
}

impl Inliner<'_> {
    fn inline(&mut self, node: &mut Value, at: &str) -> Result<()> {
        match node {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                    if reference.starts_with("#/components/schemas/") {
                        return Ok(());
                    }
                    let reference = reference.to_owned();
                    let target_pointer = reference[1..].to_owned();
                    let component = reference.strip_prefix("#/components/responses/").map(str::to_owned);
                    let at_ref = format!("{at}/$ref");
                    // The outermost `$ref` is the one in the operation: errors name it.
                    let outermost = self.stack.first().map_or(at_ref.clone(), |(first, _)| first.clone());
                    if let Some(start) = self.stack.iter().position(|(_, target)| *target == reference) {
                        let chain: Vec<&str> = self.stack[start..].iter().map(|(_, t)| t.as_str()).collect();
                        return Err(Error::new(
                            self.file,
                            outermost,
                            format!("the $refs inlined here form a cycle: {} → {reference}", chain.join(" → ")),
                            "break the cycle of $refs in the overlay",
                        ));
                    }
                    if self.stack.len() >= MAX_CHAIN {
                        return Err(Error::new(
                            self.file,
                            outermost,
                            format!("more than {MAX_CHAIN} chained $refs are inlined here"),
                            "point the $ref at its final target in the overlay",
                        ));
                    }
                    let target = self.root.pointer(&target_pointer).unwrap_or(&Value::Null);
                    let copied = size(target, self.budget.saturating_add(1));
                    if copied > self.budget {
                        return Err(Error::new(
                            self.file,
                            outermost,
                            format!(
                                "inlining the $refs used here expands the document beyond {} values \
                                 (references that fan out)",
                                self.budget
                            ),
                            "make the shared part a schema component (schema $refs are not copied), in the overlay",
                        ));
                    }
                    self.budget -= copied;
                    *node = target.clone();
                    self.stack.push((at_ref, reference));
                    let inner = self.inline(node, &target_pointer);
                    self.stack.pop();
                    inner?;
                    // A shared response component keeps its name, so that the operations
                    // using it share one body type instead of one copy each.
                    if let (Some(component), Some(object)) = (component, node.as_object_mut()) {
                        object.entry(RESPONSE_COMPONENT).or_insert(Value::String(component));
                    }
                    return Ok(());
                }
                for (key, value) in map.iter_mut() {
                    if key == "schema" || helpdesk_spec::resolve::is_data(at, key, value) {
                        continue;
                    }
                    self.inline(value, &format!("{at}/{}", escape_token(key)))?;
                }
            }
            Value::Array(items) => {
                for (index, value) in items.iter_mut().enumerate() {
                    self.inline(value, &format!("{at}/{index}"))?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// The number of values in `value` (objects, arrays and scalars), counted up to `limit`.
fn size(value: &Value, limit: usize) -> usize {
    let mut count = 0usize;
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        count += 1;
        if count >= limit {
            return count;
        }
        match value {
            Value::Object(map) => pending.extend(map.values()),
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    count
}

/// Why the fragment `target` of `reference`, which points at nothing, is not the RFC 6901
/// pointer its author meant, with the fix.
fn pointer_syntax(reference: &str, target: &str) -> Option<(String, String)> {
    if !target.starts_with('/') {
        return Some((
            format!("$ref {reference:?} is not a JSON pointer (RFC 6901 pointers start with `/`)"),
            format!("write it as `#/{target}`"),
        ));
    }
    let tokens: Vec<&str> = target[1..].split('/').collect();
    if tokens.iter().any(|token| token.is_empty()) {
        return Some((
            format!("$ref {reference:?} has an empty reference token (`//`)"),
            "remove the extra `/`".to_owned(),
        ));
    }
    // `servers[0]` is JSONPath, not a JSON pointer: `servers/0`.
    let bracketed = |token: &&str| {
        token.split_once('[').is_some_and(|(_, rest)| {
            rest.strip_suffix(']').is_some_and(|index| !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()))
        })
    };
    if tokens.iter().any(bracketed) {
        let fixed: Vec<String> = tokens
            .iter()
            .map(|token| match token.split_once('[') {
                Some((name, rest)) if bracketed(token) => format!("{name}/{}", rest.trim_end_matches(']')),
                _ => (*token).to_owned(),
            })
            .collect();
        return Some((
            format!("$ref {reference:?} indexes an array with `[n]`, which JSON pointers write as `/n`"),
            format!("write it as `#/{}`", fixed.join("/")),
        ));
    }
    None
}

/// typify merges `allOf` members (and a schema that is only a `$ref`) into one type; a
/// schema that reaches itself that way (`A: {allOf: [{$ref: A}, …]}`) would make it recurse
/// without end. Such a cycle is an error naming the `$ref` that closes it.
fn check_merge_cycles(spec: &Value, file: &Path) -> Result<()> {
    let Some(schemas) = spec.pointer("/components/schemas").and_then(Value::as_object) else { return Ok(()) };
    let index: std::collections::HashMap<&str, usize> =
        schemas.keys().enumerate().map(|(i, name)| (name.as_str(), i)).collect();
    // The component schemas each one merges, with the pointer of the `$ref`.
    let mut edges: Vec<Vec<(usize, String)>> = Vec::with_capacity(schemas.len());
    for (name, schema) in schemas {
        let at = format!("/components/schemas/{}", escape_token(name));
        let mut found = Vec::new();
        merged_refs(schema, &at, false, &mut found);
        // A `$ref` inside a component (`#/components/schemas/A/properties/x`) merges what
        // its target merges (each target followed once; the `$ref` that led there is named).
        let mut followed = std::collections::HashSet::new();
        let mut targets = Vec::new();
        while let Some((reference, at)) = found.pop() {
            if let Some(name) = helpdesk_spec::resolve::component_name(&reference, "schemas") {
                targets.extend(index.get(name.as_str()).map(|target| (*target, at)));
            } else if let Some(inner) = reference.strip_prefix('#').filter(|r| r.starts_with("/components/schemas/")) {
                if let Some(target) = spec.pointer(inner).filter(|_| followed.insert(inner.to_owned())) {
                    let mut more = Vec::new();
                    merged_refs(target, inner, false, &mut more);
                    found.extend(more.into_iter().map(|(reference, _)| (reference, at.clone())));
                }
            }
        }
        targets.reverse();
        edges.push(targets);
    }
    // Depth-first search without recursion: 0 = unseen, 1 = on the path, 2 = done.
    let mut state = vec![0u8; edges.len()];
    for start in 0..edges.len() {
        if state[start] != 0 {
            continue;
        }
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let Some((target, at)) = edges[node].get(*next) else {
                state[node] = 2;
                path.pop();
                continue;
            };
            *next += 1;
            match state[*target] {
                0 => {
                    state[*target] = 1;
                    path.push((*target, 0));
                }
                1 => {
                    let names: Vec<&str> = schemas.keys().map(String::as_str).collect();
                    let from = path.iter().position(|(n, _)| n == target).unwrap_or(0);
                    let mut chain: Vec<&str> = path[from..].iter().map(|(n, _)| names[*n]).collect();
                    chain.push(names[*target]);
                    return Err(Error::new(
                        file,
                        at.clone(),
                        format!("schema {} includes itself through allOf: {}", names[*target], chain.join(" → ")),
                        "remove the $ref that closes the cycle in the overlay (a schema cannot extend itself)",
                    ));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// The `$ref`s (with their pointers) that typify merges into the schema at `at`: its own
/// `$ref`, those of its `allOf` members and, inside those, of `oneOf`/`anyOf` members
/// (merging distributes over them). `merging` says whether `schema` is inside an `allOf`.
fn merged_refs(schema: &Value, at: &str, merging: bool, found: &mut Vec<(String, String)>) {
    let Some(object) = schema.as_object() else { return };
    if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
        found.push((reference.to_owned(), format!("{at}/$ref")));
        return;
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if key != "allOf" && !merging {
            continue;
        }
        for (index, member) in object.get(key).and_then(Value::as_array).into_iter().flatten().enumerate() {
            merged_refs(member, &format!("{at}/{key}/{index}"), true, found);
        }
    }
}

/// Paths whose key does not start with `/` and response keys that are no status code
/// (`20X`, `abc`, `0`, `99999`) would be skipped without a word when the document is read:
/// they are removed here, each with a warning naming it.
fn drop_unreadable_keys(spec: &mut Value, file: &Path, warnings: &mut Vec<Error>) {
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else { return };
    paths.retain(|path, _| {
        let keep = path.starts_with('/') || path.starts_with("x-");
        if !keep {
            warnings.push(Error::new(
                file,
                format!("/paths/{}", escape_token(path)),
                format!("path {path:?} does not start with `/`; its operations are not generated"),
                format!("rename it to `/{path}` in the overlay"),
            ));
        }
        keep
    });
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            let at = format!("/paths/{}/{method}/responses", escape_token(path));
            let Some(responses) = item.get_mut(method).and_then(|op| op.get_mut("responses")) else { continue };
            let Some(responses) = responses.as_object_mut() else { continue };
            responses.retain(|status, _| {
                let keep = is_status_key(status);
                if !keep {
                    warnings.push(Error::new(
                        file,
                        format!("{at}/{}", escape_token(status)),
                        format!(
                            "response key {status:?} is not a status code (100–599), a range (`2XX`) or \
                             `default`; the response is not generated"
                        ),
                        "use the status code it stands for, in the overlay",
                    ));
                }
                keep
            });
        }
    }
}

/// A response key generation reads: `default`, an extension, a status code 100–599 or a range
/// `1XX`–`5XX`.
fn is_status_key(key: &str) -> bool {
    match key.as_bytes() {
        _ if key == "default" || key.starts_with("x-") => true,
        [b'1'..=b'5', rest @ ..] if rest.len() == 2 => {
            rest.iter().all(u8::is_ascii_digit) || rest.iter().all(|b| b.eq_ignore_ascii_case(&b'X'))
        }
        _ => false,
    }
}

/// A `{name}` in a path template with no path parameter of that name (at the path or the
/// operation) is sent as written; it gets a warning naming the operation.
fn check_path_templates(spec: &Value, file: &Path, warnings: &mut Vec<Error>) {
    let Some(paths) = spec.get("paths").and_then(Value::as_object) else { return };
    for (path, item) in paths {
        let names = helpdesk_spec::merge::template_names(path);
        if names.is_empty() {
            continue;
        }
        let declared = |list: Option<&Value>| -> Vec<String> {
            list.and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
                .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_owned))
                .collect()
        };
        let shared = declared(item.get("parameters"));
        for method in METHODS {
            let Some(operation) = item.get(method) else { continue };
            let own = declared(operation.get("parameters"));
            for name in &names {
                if !shared.contains(name) && !own.contains(name) {
                    warnings.push(Error::new(
                        file,
                        format!("/paths/{}/{method}", escape_token(path)),
                        format!("the path template has `{{{name}}}` but the operation has no path parameter {name:?}; it is sent as written"),
                        format!("declare the path parameter `{name}` (in: path, required: true) in the overlay"),
                    ));
                }
            }
        }
    }
}

/// Where a value sits, for [`fix_boolean_required`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Not a schema (the document, an operation, a parameter, a media type, …).
    Other,
    /// A schema.
    Schema,
    /// A map of schemas by name (`properties`, `components/schemas`).
    SchemaMap,
    /// A list of schemas (`allOf`, `anyOf`, `oneOf`, `prefixItems`).
    SchemaList,
}

/// `required: true` on a schema (Swagger 2's parameter habit, common in vendor specs) is not
/// OpenAPI: a schema's `required` lists property names. A boolean `required` on a property's
/// schema is moved to its object's list (`true` adds the property, `false` nothing) and any
/// other boolean `required` is dropped, each with a warning.
fn fix_boolean_required(node: &mut Value, at: &str, place: Place, file: &Path, warnings: &mut Vec<Error>) {
    match (place, node) {
        (Place::Schema, Value::Object(map)) => {
            // Properties marked `required: true` join the object's own list.
            let marked: Vec<String> = map
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter(|(_, schema)| schema.get("required") == Some(&Value::Bool(true)))
                .map(|(name, _)| name.clone())
                .collect();
            if map.get("required").is_some_and(Value::is_boolean) {
                map.shift_remove("required");
                warnings.push(Error::new(
                    file,
                    format!("{at}/required"),
                    "a boolean `required` on a schema is not OpenAPI (it lists property names); it is dropped, \
                     or moved to the object's `required` list for a property",
                    "use the object's `required` list in the overlay",
                ));
            }
            if !marked.is_empty() {
                let list = map.entry("required").or_insert_with(|| Value::Array(Vec::new()));
                if let Some(list) = list.as_array_mut() {
                    for name in marked {
                        if !list.iter().any(|n| n.as_str() == Some(name.as_str())) {
                            list.push(Value::String(name));
                        }
                    }
                }
            }
            for (key, value) in map.iter_mut() {
                let child = match key.as_str() {
                    _ if helpdesk_spec::resolve::is_data(at, key, value) => continue,
                    "properties" | "patternProperties" | "definitions" | "$defs" => Place::SchemaMap,
                    "allOf" | "anyOf" | "oneOf" | "prefixItems" => Place::SchemaList,
                    "items" | "additionalProperties" | "not" | "additionalItems" | "contains" | "propertyNames" => {
                        Place::Schema
                    }
                    _ => continue,
                };
                fix_boolean_required(value, &format!("{at}/{}", escape_token(key)), child, file, warnings);
            }
        }
        (Place::SchemaMap, Value::Object(map)) => {
            for (key, value) in map.iter_mut() {
                fix_boolean_required(value, &format!("{at}/{}", escape_token(key)), Place::Schema, file, warnings);
            }
        }
        (Place::SchemaList | Place::Schema, Value::Array(items)) => {
            for (index, value) in items.iter_mut().enumerate() {
                fix_boolean_required(value, &format!("{at}/{index}"), Place::Schema, file, warnings);
            }
        }
        (Place::Other, Value::Object(map)) => {
            for (key, value) in map.iter_mut() {
                let child = match key.as_str() {
                    _ if helpdesk_spec::resolve::is_data(at, key, value) => continue,
                    "schema" => Place::Schema,
                    "schemas" if at == "/components" => Place::SchemaMap,
                    _ => Place::Other,
                };
                fix_boolean_required(value, &format!("{at}/{}", escape_token(key)), child, file, warnings);
            }
        }
        (Place::Other, Value::Array(items)) => {
            for (index, value) in items.iter_mut().enumerate() {
                fix_boolean_required(value, &format!("{at}/{index}"), Place::Other, file, warnings);
            }
        }
        _ => {}
    }
}

/// `style: simple` is not allowed for query parameters; it means a comma-separated
/// list, which for a query parameter is `style: form, explode: false`.
fn fix_query_styles(spec: &mut Value) {
    let mut parameters: Vec<&mut Value> = Vec::new();
    let Some(doc) = spec.as_object_mut() else { return };
    for (key, value) in doc.iter_mut() {
        match key.as_str() {
            "components" => {
                if let Some(components) = value.get_mut("parameters").and_then(Value::as_object_mut) {
                    parameters.extend(components.values_mut());
                }
            }
            "paths" => {
                for item in value.as_object_mut().into_iter().flat_map(|paths| paths.values_mut()) {
                    for (key, value) in item.as_object_mut().into_iter().flatten() {
                        let list = if key == "parameters" {
                            Some(value)
                        } else if METHODS.contains(&key.as_str()) {
                            value.get_mut("parameters")
                        } else {
                            None
                        };
                        parameters.extend(list.and_then(Value::as_array_mut).into_iter().flatten());
                    }
                }
            }
            _ => {}
        }
    }
    for parameter in parameters {
        if parameter.get("in").and_then(Value::as_str) == Some("query")
            && parameter.get("style").and_then(Value::as_str) == Some("simple")
        {
            parameter["style"] = Value::String("form".into());
            parameter["explode"] = Value::Bool(false);
        }
    }
}

/// Operations without an `operationId` get one from their method and path
/// (`GET /tickets/{id}` → `get_tickets_id`); so do those whose `operationId` gives no name
/// (`""`, `_`, `-`, an emoji), with a warning.
fn name_operations(spec: &mut Value, file: &Path, warnings: &mut Vec<Error>) {
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            if let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) {
                let given = operation.get("operationId").map(|id| id.as_str().map(str::to_owned));
                if let Some(given) = &given {
                    if given.as_deref().is_some_and(helpdesk_spec::naming::has_words) {
                        continue;
                    }
                }
                let name = helpdesk_spec::naming::operation_id(None, method, path);
                if given.is_some() {
                    warnings.push(Error::new(
                        file,
                        format!("/paths/{}/{method}/operationId", escape_token(path)),
                        format!("the operationId gives no Rust name; the operation is named `{name}` after its method and path"),
                        "give the operation an operationId of letters and digits in the overlay",
                    ));
                }
                operation.insert("operationId".into(), Value::String(name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::run;
    use serde_json::json;
    use std::path::Path;

    #[test]
    fn a_dangling_schema_ref_becomes_free_form_with_a_warning() {
        let mut spec = json!({"openapi": "3.0.1", "paths": {}, "components": {"schemas": {
            "contact": {"properties": {"custom_attributes": {"$ref": "#/components/schemas/custom_attributes"}}}
        }}});
        let warnings = run(&mut spec, Path::new("specs/x/api.yaml")).unwrap().warnings;
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer, "/components/schemas/contact/properties/custom_attributes/$ref");
        assert!(warnings[0].fix.contains("overlay"), "{}", warnings[0]);
        assert!(spec.pointer("/components/schemas/contact/properties/custom_attributes/$ref").is_none());
    }

    /// The problem of the one operation normalization takes out of `spec` (which it checks).
    fn skipped_problem(spec: &mut serde_json::Value, file: &str) -> crate::error::Error {
        let normalization = run(spec, Path::new(file)).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(normalization.skipped.len(), 1, "{:?}", normalization.skipped);
        let skipped = &normalization.skipped[0];
        assert_eq!((skipped.http_method.as_str(), skipped.path.as_str()), ("GET", "/a"));
        assert!(spec["paths"]["/a"].get("get").is_none(), "the operation is removed");
        skipped.problem.clone()
    }

    #[test]
    fn a_dangling_parameter_ref_skips_its_operation_naming_the_pointer() {
        let mut spec = json!({"openapi": "3.0.1", "paths": {"/a": {"get": {"parameters": [{"$ref": "#/components/parameters/nope"}]}}}});
        let err = skipped_problem(&mut spec, "specs/x/api.yaml");
        assert_eq!(err.pointer, "/paths/~1a/get/parameters/0/$ref");
        assert!(err.to_string().starts_with("specs/x/api.yaml#/paths/~1a/get/parameters/0/$ref: "), "{err}");
    }

    #[test]
    fn parameter_refs_are_inlined_and_missing_operation_ids_named() {
        let mut spec = json!({"openapi": "3.0.3",
            "paths": {"/tickets/{id}": {"get": {"parameters": [{"$ref": "#/components/parameters/id"}], "responses": {}}}},
            "components": {"parameters": {"id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}}}});
        run(&mut spec, Path::new("s.yaml")).unwrap();
        let op = &spec["paths"]["/tickets/{id}"]["get"];
        assert_eq!(op["parameters"][0]["name"], "id");
        let mut spec = json!({"openapi": "3.0.3", "paths": {"/t": {"get": {"parameters": [
            {"name": "include", "in": "query", "style": "simple", "schema": {"type": "array", "items": {"type": "string"}}}
        ]}}}});
        run(&mut spec, Path::new("s.yaml")).unwrap();
        let include = &spec["paths"]["/t"]["get"]["parameters"][0];
        assert_eq!((include["style"].as_str(), include["explode"].as_bool()), (Some("form"), Some(false)));
        assert_eq!(op["operationId"], "get_tickets_id");
    }

    #[test]
    fn merge_cycles_are_errors_fan_out_and_bad_pointers_skip_the_operation_at_the_ref() {
        let mut spec = json!({"openapi": "3.0.3", "paths": {}, "components": {"schemas": {
            "A": {"allOf": [{"$ref": "#/components/schemas/A"}, {"type": "object"}]},
            "B": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}}
        }}});
        let err = run(&mut spec, Path::new("s.yaml")).unwrap_err();
        assert_eq!(err.pointer, "/components/schemas/A/allOf/0/$ref");
        assert!(err.message.contains("A → A"), "{err}");

        // Callbacks hold operations, which hold callbacks (`$ref`s in example values are data).
        let mut callbacks = serde_json::Map::new();
        for level in 0..30 {
            let next = format!("#/components/callbacks/x{}", level + 1);
            let operation = json!({"callbacks": {"a": {"$ref": next}, "b": {"$ref": next}}});
            callbacks.insert(format!("x{level}"), json!({"{$url}": {"post": operation}}));
        }
        callbacks.insert("x30".into(), json!({}));
        let mut spec = json!({"openapi": "3.0.3", "paths": {"/a": {"get": {
            "callbacks": {"c": {"$ref": "#/components/callbacks/x0"}}
        }}}, "components": {"callbacks": callbacks}});
        let err = skipped_problem(&mut spec, "s.yaml");
        assert_eq!(err.pointer, "/paths/~1a/get/callbacks/c/$ref");
        assert!(err.message.contains("fan out"), "{err}");

        for (reference, text) in
            [("#", "whole document"), ("#/servers[0]", "#/servers/0"), ("#components", "#/components")]
        {
            let mut spec = json!({"openapi": "3.0.3", "servers": [{"url": "x"}],
                "paths": {"/a": {"get": {"parameters": [{"$ref": reference}]}}}});
            let err = skipped_problem(&mut spec, "s.yaml");
            assert_eq!(err.pointer, "/paths/~1a/get/parameters/0/$ref", "{reference}");
            assert!(err.to_string().contains(text), "{reference}: {err}");
        }
    }

    #[test]
    fn boolean_required_on_schemas_moves_to_the_object_or_is_dropped() {
        let mut spec = json!({"openapi": "3.0.3", "paths": {"/a": {"put": {
            "parameters": [{"name": "q", "in": "query", "required": true, "schema": {"type": "string", "required": true}}],
            "requestBody": {"required": true, "content": {"image/jpeg": {"schema": {"type": "string", "required": true}}}},
            "responses": {}
        }}}, "components": {"schemas": {"Thing": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string", "required": true},
            "name": {"type": "string", "required": true, "example": {"required": true}},
            "note": {"type": "string", "required": false}
        }}}}});
        let warnings = run(&mut spec, Path::new("s.yaml")).unwrap().warnings;
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        let op = &spec["paths"]["/a"]["put"];
        assert_eq!(op["parameters"][0]["required"], true, "a parameter's `required` is OpenAPI");
        assert_eq!(op["requestBody"]["required"], true, "a request body's `required` is OpenAPI");
        assert!(op["parameters"][0]["schema"].get("required").is_none());
        assert!(op["requestBody"]["content"]["image/jpeg"]["schema"].get("required").is_none());
        let thing = &spec["components"]["schemas"]["Thing"];
        assert_eq!(thing["required"], json!(["id", "name"]));
        assert!(thing["properties"]["note"].get("required").is_none());
        assert_eq!(thing["properties"]["name"]["example"], json!({"required": true}), "examples are data");
        assert!(pointers.contains(&"/components/schemas/Thing/properties/note/required"), "{pointers:?}");
        assert!(pointers.contains(&"/paths/~1a/put/parameters/0/schema/required"), "{pointers:?}");
    }

    #[test]
    fn dropped_input_is_a_warning_with_a_pointer() {
        let mut spec = json!({"openapi": 3.0, "paths": {
            "a": {"get": {"responses": {}}},
            "/b/{id}": {"get": {"operationId": "🎉", "responses": {"20X": {}, "0": {}, "2XX": {}, "204": {}, "default": {}}}}
        }});
        let warnings = run(&mut spec, Path::new("s.yaml")).unwrap().warnings;
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/paths/a",
                "/paths/~1b~1{id}/get/responses/20X",
                "/paths/~1b~1{id}/get/responses/0",
                "/paths/~1b~1{id}/get",
                "/paths/~1b~1{id}/get/operationId"
            ]
        );
        assert_eq!(spec["openapi"], "3.0");
        assert_eq!(spec["paths"]["/b/{id}"]["get"]["operationId"], "get_b_id");
        let kept: Vec<&String> = spec["paths"]["/b/{id}"]["get"]["responses"].as_object().unwrap().keys().collect();
        assert_eq!(kept, ["2XX", "204", "default"]);
    }

    #[test]
    fn a_merge_cycle_through_a_reference_inside_a_component_is_an_error() {
        let mut spec = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {
            "A": {"allOf": [{"$ref": "#/components/schemas/A/properties/x"}], "properties": {"x": {"allOf": [{"$ref": "#/components/schemas/A"}]}}},
            "B": {"allOf": [{"$ref": "#/components/schemas/B/properties/y"}], "properties": {"y": {"type": "object"}}}
        }}});
        let err = run(&mut spec, Path::new("s.yaml")).unwrap_err();
        assert_eq!(err.pointer, "/components/schemas/A/allOf/0/$ref");
        // Without the cycle, a component may merge a part of itself.
        spec["components"]["schemas"]["A"]["properties"]["x"] = json!({"type": "object"});
        assert!(run(&mut spec, Path::new("s.yaml")).is_ok());
    }
}
