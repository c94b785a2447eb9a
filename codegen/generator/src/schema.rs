//! OpenAPI 3.0 schemas → JSON Schema definitions for typify.
//!
//! The conversion is general (no provider special cases):
//! - `$ref: #/components/schemas/X` becomes `#/definitions/X`;
//! - `nullable: true` becomes a `null` type (or an `anyOf` with `null`);
//!   a nullable *component* is made non-null and every reference to it nullable
//!   instead, so typify never sees `X = Option<X>`;
//! - `title` is dropped (names come from component and property names, not
//!   titles, which collide), as are `example`, `xml`, `readOnly`, `x-*`, and
//!   string constraints (`pattern`, `minLength`, `maxLength`) that would turn
//!   plain strings into validated newtypes;
//! - `additionalProperties: false` is dropped, so that types ignore unknown
//!   fields (forward compatibility with servers that add fields);
//! - `default` is moved into the description: the server applies defaults,
//!   so the client never sends a value the caller did not set;
//! - inline objects with properties, enums and unions are hoisted into named
//!   definitions (`<parent>_<property>`, `<parent>_<property>_item`, made unique),
//!   so that every struct has a known name, a source pointer and known nullable
//!   properties, and no invented name collides with a component's;
//! - the response-decoding policy ([`DecodePolicy`]) applies: under `formats = "text"`
//!   a `format` is documented instead of parsed, and the scalar properties it makes
//!   lenient are recorded for the post-processing of typify's output;
//! - a union of component `$ref`s that one property tells apart (a `discriminator`, or
//!   values every alternative pins) is recorded as a [`crate::tagged::TaggedUnion`], which
//!   generation prints as an enum that decodes by that property;
//! - a number member of a `oneOf`/`anyOf` (as free-form attribute maps use) becomes
//!   exactly `{type: number}`, which generation maps to `serde_json::Number`.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use heck::ToUpperCamelCase;
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use crate::error::escape_token;
use crate::manifest::{DecodePolicy, Formats, FORMAT_EXTENSION, LENIENT_EXTENSION};

/// The JSON Schema definitions of one spec, with what the post-processing of
/// typify's output needs to know about them.
#[derive(Debug, Default)]
pub struct SchemaSet {
    /// Definitions by name, in insertion order.
    pub defs: IndexMap<String, Value>,
    /// For each struct (UpperCamel name), its properties that are optional and
    /// nullable: they become `Nullable<T>` so that an explicit `null` can be sent.
    pub nullable_fields: BTreeMap<String, BTreeSet<String>>,
    /// For each struct (UpperCamel name), its properties that decode leniently
    /// (see `helpdesk_runtime::__private::lenient`): scalars under a provider's `lenient_scalars`,
    /// and properties marked with [`LENIENT_EXTENSION`].
    pub lenient_fields: BTreeMap<String, BTreeSet<String>>,
    /// For each string enum (UpperCamel name) with `x-enum-varnames`: wire value → variant name.
    pub enum_names: BTreeMap<String, BTreeMap<String, String>>,
    /// Integer enum definitions, by definition name.
    pub integer_enums: BTreeMap<String, IntegerEnum>,
    /// Unions that decode by a property's value, by definition name (see [`crate::tagged`]).
    pub tagged_unions: BTreeMap<String, crate::tagged::TaggedUnion>,
    /// Extension values that are not understood: (JSON pointer, message).
    pub problems: Vec<(String, String)>,
    /// Keywords dropped or degraded to keep a schema generable: (JSON pointer, message).
    pub warnings: Vec<(String, String)>,
    nullable_components: HashSet<String>,
    /// Components that are scalars or enums (a lenient property may refer to them).
    scalar_components: HashSet<String>,
    policy: DecodePolicy,
    /// Converted schemas of shared response components, by component name.
    shared: std::collections::HashMap<String, Value>,
    /// How many definitions give each Rust type name (see `SchemaSet::unique`).
    rust_names: std::collections::HashMap<String, usize>,
    /// Components defined under another name than their own (see `SchemaSet::new`).
    component_defs: std::collections::HashMap<String, String>,
    /// Hoisted definitions by identity (see `SchemaSet::identity`), to merge identical ones.
    hoisted: std::collections::HashMap<String, String>,
    /// The component schemas as written, for `$ref`s that point inside one.
    components: Map<String, Value>,
    /// Definitions made for `$ref`s that point inside a component, by the `$ref`'s target.
    inner_refs: std::collections::HashMap<String, String>,
    file: String,
}

/// An integer enum definition (`{type: integer, enum: [1, 2, 3]}`): generated as a Rust enum
/// with one variant per value and `Unknown(i64)` (see `generate::types::integer_enums`),
/// never by typify.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntegerEnum {
    /// The values, in the order of `enum`, without repetitions.
    pub values: Vec<i64>,
    /// Variant names given by `x-enum-varnames` (UpperCamel), by value; the others are
    /// `Value<n>` / `ValueMinus<n>`.
    pub names: BTreeMap<i64, String>,
    /// The converted description (sanitized, with the source pointer).
    pub description: String,
    /// Definitions this one names in `allOf` (a single-value enum that narrows another one
    /// takes its variant names).
    narrows: Vec<String>,
}

impl SchemaSet {
    /// Starts a set for `file` (shown in source pointers) whose components are
    /// `components`, converted under the response-decoding `policy`.
    pub fn new(file: &str, components: Option<&Map<String, Value>>, policy: DecodePolicy) -> Self {
        let nullable_components = components
            .into_iter()
            .flatten()
            .filter(|(_, schema)| {
                schema.get("nullable") == Some(&Value::Bool(true))
                    || null_union(schema).is_some_and(|s| s.get("nullable") == Some(&Value::Bool(true)))
            })
            .map(|(name, _)| name.clone())
            .collect();
        let scalar_components = components
            .into_iter()
            .flatten()
            .filter(|(_, schema)| is_scalar(schema))
            .map(|(name, _)| name.clone())
            .collect();
        // Component names are reserved first: a hoisted inline schema never takes one. Two
        // components whose Rust names collide (`foo` and `Foo`) are told apart: the later one
        // is defined as `<name>_2` (`Foo2`), and references to it follow.
        let mut defs: IndexMap<String, Value> = IndexMap::new();
        let mut rust_names = std::collections::HashMap::new();
        let mut component_defs = std::collections::HashMap::new();
        for name in components.into_iter().flatten().map(|(name, _)| name) {
            let def = helpdesk_spec::naming::unique(
                name,
                |n| format!("{name}_{n}"),
                |def| !defs.contains_key(def) && !rust_names.contains_key(&helpdesk_spec::naming::type_name(def)),
            );
            *rust_names.entry(helpdesk_spec::naming::type_name(&def)).or_insert(0) += 1;
            defs.insert(def.clone(), Value::Null);
            if def != *name {
                component_defs.insert(name.clone(), def);
            }
        }
        Self {
            component_defs,
            components: components.cloned().unwrap_or_default(),
            file: file.to_owned(),
            nullable_components,
            scalar_components,
            defs,
            policy,
            rust_names,
            ..Self::default()
        }
    }

    /// Adds the component schema `name` (reserved by [`SchemaSet::new`]) under its definition
    /// name ([`SchemaSet::definition_of`]).
    pub fn add_component(&mut self, name: &str, schema: &Value) {
        let pointer = format!("/components/schemas/{}", escape_token(name));
        let def = self.definition_of(name);
        let unioned = null_union(schema);
        let schema = unioned.as_ref().unwrap_or(schema);
        let mut converted = self.convert(&without_nullable(schema), &def, &pointer);
        add_source(&mut converted, &self.file, &pointer);
        self.record_integer_enum(&def, &converted);
        self.record_tagged_union(&def, schema, &converted);
        self.order_alternatives(&def, schema, &mut converted, &pointer);
        self.defs.insert(def, converted);
    }

    /// The definition (and so the type) name of the component `name`: its own name, unless
    /// an earlier component's Rust name is the same.
    pub fn definition_of(&self, name: &str) -> String {
        self.component_defs.get(name).cloned().unwrap_or_else(|| name.to_owned())
    }

    /// Adds a schema as a named definition and returns the name typify will see.
    /// `pointer` is where the schema is in the spec.
    ///
    /// An object schema identical to one hoisted before (same converted schema, description
    /// and decoding records; vendors repeat inline schemas verbatim) is not added again: the
    /// earlier definition's name is returned, so the crate has one type for both.
    pub fn add_definition(&mut self, name: &str, schema: &Value, pointer: &str) -> String {
        // The name goes into `$ref: #/definitions/<name>`, a JSON pointer: property names
        // with `/` or `~` (`hate/threatening`) would point elsewhere.
        let name = self.unique(&name.replace(['/', '~'], "_"));
        let unioned = null_union(schema);
        let schema = unioned.as_ref().unwrap_or(schema);
        // Reserve the name before converting, so nested hoisted names cannot take it.
        self.defs.insert(name.clone(), Value::Null);
        *self.rust_names.entry(helpdesk_spec::naming::type_name(&name)).or_insert(0) += 1;
        let mut converted = self.convert(&without_nullable(schema), &name, pointer);
        // Only structs merge: an enum's name says where it is used (`ContactReferenceType`),
        // and two unrelated properties may list the same values.
        if converted.get("properties").is_some() {
            let identity = self.identity(&name, &converted);
            if let Some(earlier) = self.hoisted.get(&identity) {
                self.defs.shift_remove(&name);
                if let Some(count) = self.rust_names.get_mut(&helpdesk_spec::naming::type_name(&name)) {
                    *count -= 1;
                }
                return earlier.clone();
            }
            self.hoisted.insert(identity, name.clone());
        }
        add_source(&mut converted, &self.file, pointer);
        self.record_integer_enum(&name, &converted);
        self.record_tagged_union(&name, schema, &converted);
        self.order_alternatives(&name, schema, &mut converted, pointer);
        self.defs.insert(name.clone(), converted);
        name
    }

    /// The definition a schema `$ref` names, and whether references to it are nullable.
    ///
    /// `#/components/schemas/X` is the component's definition. A `$ref` that points inside
    /// a component (`#/components/schemas/Tag/allOf/0`, `…/properties/x`, `…/items`) is
    /// valid OpenAPI that typify cannot follow: its target is hoisted into a definition of
    /// its own, named after the path (`Tag_allOf_0`, made unique), once per target (an
    /// object identical to one hoisted from the component is that one, see `add_definition`).
    fn target(&mut self, reference: &str) -> (String, bool) {
        self.target_within(reference, 0)
    }

    fn target_within(&mut self, reference: &str, depth: usize) -> (String, bool) {
        let path = reference.strip_prefix("#/components/schemas/").unwrap_or(reference);
        let tokens: Vec<String> = path.split('/').map(|t| t.replace("~1", "/").replace("~0", "~")).collect();
        let component = tokens[0].clone();
        if tokens.len() == 1 {
            let nullable = self.nullable_components.contains(&component);
            return (self.definition_of(&component), nullable);
        }
        if let Some(def) = self.inner_refs.get(path) {
            return (def.clone(), self.inner_nullable(path));
        }
        let rest = path.split_once('/').map(|(_, rest)| format!("/{rest}")).unwrap_or_default();
        let target = self.components.get(&component).and_then(|c| c.pointer(&rest)).cloned().unwrap_or(json!({}));
        // A target that is itself a reference is that reference (chains are bounded).
        if let Some(next) = target.get("$ref").and_then(Value::as_str).filter(|_| depth < 16) {
            if let Some(next) = next.strip_prefix("#/components/schemas/") {
                return self.target_within(&format!("#/components/schemas/{next}"), depth + 1);
            }
        }
        let name = self.unique(&tokens.join("_").replace(['/', '~'], "_"));
        // Recorded before converting, so a target that refers to itself names this definition.
        // (A definition that refers to itself is never merged into an earlier one, see
        // `add_definition`: so the name recorded stays valid.)
        self.inner_refs.insert(path.to_owned(), name.clone());
        let name = self.add_definition(&name, &target, &format!("/components/schemas/{path}"));
        self.inner_refs.insert(path.to_owned(), name.clone());
        (name, self.inner_nullable(path))
    }

    /// Whether the schema at `path` (inside a component) is nullable.
    fn inner_nullable(&self, path: &str) -> bool {
        let Some((component, rest)) = path.split_once('/') else { return false };
        let component = component.replace("~1", "/").replace("~0", "~");
        let target = self.components.get(&component).and_then(|c| c.pointer(&format!("/{rest}")));
        target.is_some_and(|t| is_nullable(t) || null_union(t).is_some())
    }

    /// A `$ref` to the definition `reference` names, as `anyOf` with `null` when nullable.
    fn reference_to(&mut self, reference: &str) -> Value {
        let (def, nullable) = self.target(reference);
        let target = json!({ "$ref": format!("#/definitions/{def}") });
        if nullable {
            json!({ "anyOf": [target, { "type": "null" }] })
        } else {
            target
        }
    }

    /// Records `def` as an integer enum when its converted schema is one: `type: integer`
    /// and an `enum` of 64-bit integers.
    fn record_integer_enum(&mut self, def: &str, converted: &Value) {
        let Some(values) = integer_enum_values(converted) else { return };
        let mut unique: Vec<i64> = Vec::new();
        for value in values {
            if !unique.contains(&value) {
                unique.push(value);
            }
        }
        let names = self
            .enum_names
            .get(&def.to_upper_camel_case())
            .map(|named| {
                named.iter().filter_map(|(value, name)| Some((value.parse::<i64>().ok()?, name.clone()))).collect()
            })
            .unwrap_or_default();
        let narrows = converted
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|m| m.get("$ref").and_then(Value::as_str)?.strip_prefix("#/definitions/").map(str::to_owned))
            .collect();
        let description = converted.get("description").and_then(Value::as_str).unwrap_or_default().to_owned();
        self.integer_enums.insert(def.to_owned(), IntegerEnum { values: unique, names, description, narrows });
    }

    /// Records `def` as a tagged union when `raw` (the schema as written) is a union of
    /// component `$ref`s that one property tells apart ([`crate::tagged::detect`]).
    fn record_tagged_union(&mut self, def: &str, raw: &Value, converted: &Value) {
        let Some(crate::tagged::Detected { property, alternatives }) = crate::tagged::detect(raw, &self.components)
        else {
            return;
        };
        let mut variants: Vec<crate::tagged::TaggedVariant> = Vec::new();
        for (component, tags) in alternatives {
            let definition = self.definition_of(&component);
            match variants.iter_mut().find(|v| v.definition == definition) {
                Some(variant) => variant.tags.extend(tags),
                None => variants.push(crate::tagged::TaggedVariant { definition, tags }),
            }
        }
        let description = converted.get("description").and_then(Value::as_str).unwrap_or_default().to_owned();
        self.tagged_unions.insert(def.to_owned(), crate::tagged::TaggedUnion { property, variants, description });
    }

    /// Orders the alternatives of an untagged union of component `$ref`s by specificity
    /// ([`crate::tagged::specificity_order`]): typify's untagged enum tries them in order, and
    /// an alternative that requires less would take the values of one that requires more.
    /// Alternatives that require the same properties cannot be told apart: a warning names them.
    fn order_alternatives(&mut self, def: &str, raw: &Value, converted: &mut Value, pointer: &str) {
        if self.tagged_unions.contains_key(def) {
            return;
        }
        let Some(crate::tagged::Specificity { order, ties }) = crate::tagged::specificity_order(raw, &self.components)
        else {
            return;
        };
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = converted.get_mut(key) {
                if members.len() == order.len() {
                    let original = members.clone();
                    *members = order.iter().map(|i| original[*i].clone()).collect();
                }
            }
        }
        // One warning per union, naming every alternative that ties with another, in the order
        // they are tried.
        let mut tied: Vec<String> = Vec::new();
        for name in ties.into_iter().flat_map(|(first, second)| [first, second]) {
            if !tied.contains(&name) {
                tied.push(name);
            }
        }
        if !tied.is_empty() {
            let listed = tied.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
            self.warnings.push((
                pointer.to_owned(),
                format!(
                    "alternatives {listed} require the same properties (and no enum of a common property \
                     tells them apart), so no value tells them apart: a value several accept decodes into \
                     the first of them in this order (add a `discriminator` in the overlay)"
                ),
            ));
        }
    }

    /// What makes two hoisted definitions the same type: the converted schema (nested
    /// hoisted schemas already merged, so they are referred to by the same names) and what
    /// was recorded for its properties and values under `name`.
    fn identity(&self, name: &str, converted: &Value) -> String {
        let upper = name.to_upper_camel_case();
        let records = (self.nullable_fields.get(&upper), self.lenient_fields.get(&upper), self.enum_names.get(&upper));
        format!("{converted}{}", serde_json::to_string(&records).unwrap_or_default())
    }

    /// Converts the schema of a request body, response or parameter: nominal
    /// schemas (objects with properties, enums, unions) become definitions
    /// named `name`; others stay inline. A top-level `$ref` is never made nullable.
    pub fn operation_schema(&mut self, schema: &Value, name: &str, pointer: &str) -> Value {
        let unioned = null_union(schema);
        let schema = unioned.as_ref().unwrap_or(schema);
        if let Some(reference) = component_ref(schema) {
            let (def, _) = self.target(&reference);
            return json!({ "$ref": format!("#/definitions/{def}") });
        }
        if is_nominal(schema) {
            let name = self.add_definition(name, schema, pointer);
            return json!({ "$ref": format!("#/definitions/{name}") });
        }
        self.convert(schema, name, pointer)
    }

    /// [`SchemaSet::operation_schema`] for the body of the shared response component
    /// `component`: converted once (named `<component>_body`) and reused by every
    /// operation that answers with it.
    pub fn shared_response_schema(&mut self, component: &str, schema: &Value, pointer: &str) -> Value {
        if let Some(converted) = self.shared.get(component) {
            return converted.clone();
        }
        let converted = self.operation_schema(schema, &format!("{component}_body"), pointer);
        self.shared.insert(component.to_owned(), converted.clone());
        converted
    }

    /// `name`, or `name_2`, `name_3`, … : the first that is neither a definition nor gives the
    /// Rust name of one (as `helpdesk_spec::naming::unique_name` decides, but with the Rust
    /// names indexed, so that adding n definitions takes linear, not quadratic, time).
    fn unique(&self, name: &str) -> String {
        let free = |candidate: &str| {
            !self.defs.contains_key(candidate)
                && self.rust_names.get(&helpdesk_spec::naming::type_name(candidate)).is_none_or(|n| *n == 0)
        };
        helpdesk_spec::naming::unique(name, |n| format!("{name}_{n}"), free)
    }

    /// Completes `nullable_fields` and `lenient_fields` for structs that typify merges
    /// from `allOf`: a merged struct has the nullable optional (and the lenient) properties of every member,
    /// including members that are `$ref`s to other definitions. Call once,
    /// after every definition is added.
    pub fn finish(&mut self) {
        self.finish_integer_enums();
        let mut changed = true;
        while changed {
            changed = false;
            for (name, schema) in &self.defs {
                let members = schema.get("allOf").and_then(Value::as_array).into_iter().flatten();
                // A member is a `$ref`, or (to a nullable component) `anyOf: [$ref, null]`.
                let referenced: Vec<String> = members
                    .flat_map(|m| {
                        std::iter::once(m).chain(m.get("anyOf").and_then(Value::as_array).into_iter().flatten())
                    })
                    .filter_map(|m| m.get("$ref").and_then(Value::as_str))
                    .filter_map(|r| r.strip_prefix("#/definitions/"))
                    .map(|r| r.to_upper_camel_case())
                    .collect();
                for fields in [&mut self.nullable_fields, &mut self.lenient_fields] {
                    let mut inherited = BTreeSet::new();
                    for member in &referenced {
                        inherited.extend(fields.get(member).cloned().unwrap_or_default());
                    }
                    let entry = fields.entry(name.to_upper_camel_case()).or_default();
                    let before = entry.len();
                    entry.extend(inherited);
                    changed |= entry.len() != before;
                }
            }
        }
    }

    /// Integer enums once every definition is known: a single-value enum that narrows
    /// another one (`{enum: [1], allOf: [$ref: Level]}`) takes that enum's variant names
    /// for its values; an integer enum that is not a definition of its own (a member of a
    /// union, which typify would make a newtype that rejects every other number) becomes a
    /// plain integer, its values documented.
    fn finish_integer_enums(&mut self) {
        let snapshot = self.integer_enums.clone();
        for record in self.integer_enums.values_mut() {
            for narrowed in record.narrows.iter().filter_map(|d| snapshot.get(d)) {
                for value in &record.values {
                    if let (false, Some(name)) = (record.names.contains_key(value), narrowed.names.get(value)) {
                        record.names.insert(*value, name.clone());
                    }
                }
            }
            // Names taken from several enums may collide: then none is kept.
            let distinct: BTreeSet<&String> = record.names.values().collect();
            if distinct.len() != record.names.len() {
                record.names.clear();
            }
        }
        for (name, schema) in &mut self.defs {
            let root = self.integer_enums.contains_key(name);
            open_nested_integer_enums(schema, root);
        }
    }

    /// A property, array item or map value: inline objects, enums and unions are
    /// hoisted, so that typify never invents a name that collides with a component.
    fn member(&mut self, schema: &Value, name: &str, pointer: &str) -> Value {
        let unioned = null_union(schema);
        let schema = unioned.as_ref().unwrap_or(schema);
        let simplified = single_reference(schema);
        let schema = simplified.as_ref().unwrap_or(schema);
        if let (Some(reference), Some(_)) = (component_ref(schema), &simplified) {
            // `allOf: [$ref]` with annotations only: the referenced type itself, nullable
            // when the wrapper or the component says so.
            let (def, nullable_target) = self.target(&reference);
            let target = json!({ "$ref": format!("#/definitions/{def}") });
            let nullable = is_nullable(schema) || nullable_target;
            let mut out = if nullable { json!({ "anyOf": [target, { "type": "null" }] }) } else { target };
            if let (Some(text), Some(object)) = (schema.get("description").and_then(Value::as_str), out.as_object_mut())
            {
                object.insert("description".into(), Value::String(crate::docs::sanitize(text)));
            }
            return out;
        }
        if is_nominal(schema) && component_ref(schema).is_none() {
            // add_definition makes the definition itself non-null; the reference carries the null.
            let def = self.add_definition(name, schema, pointer);
            let reference = json!({ "$ref": format!("#/definitions/{def}") });
            return if is_nullable(schema) { json!({ "anyOf": [reference, { "type": "null" }] }) } else { reference };
        }
        self.convert(schema, name, pointer)
    }

    fn convert(&mut self, schema: &Value, name: &str, pointer: &str) -> Value {
        self.convert_with(schema, name, name, pointer)
    }

    /// `name` is the struct the schema's properties belong to; `prefix` names what is hoisted from it.
    fn convert_with(&mut self, schema: &Value, name: &str, prefix: &str, pointer: &str) -> Value {
        if let Some(unioned) = null_union(schema) {
            return self.convert_with(&unioned, name, prefix, pointer);
        }
        let Some(object) = schema.as_object() else { return schema.clone() };
        if let Some(reference) = component_ref(schema) {
            return self.reference_to(&reference);
        }
        let mut out = Map::new();
        let mut description = object.get("description").and_then(Value::as_str).map(str::to_owned);
        for (key, value) in object {
            let at = format!("{pointer}/{}", escape_token(key));
            match key.as_str() {
                // Under `formats = "text"` the format is documented, not given to typify.
                "format" if self.format_kept(object, pointer) => {
                    out.insert(key.clone(), value.clone());
                }
                "format" => {
                    let note = format!(
                        "Format: `{}` (documented, not checked when decoding).",
                        value.as_str().unwrap_or_default()
                    );
                    description = Some(match description {
                        Some(text) if !text.trim().is_empty() => format!("{}\n\n{note}", text.trim_end()),
                        _ => note,
                    });
                }
                "type" | "enum" | "required" | "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum"
                | "multipleOf" | "minItems" | "maxItems" | "uniqueItems" => {
                    out.insert(key.clone(), value.clone());
                }
                "properties" => {
                    let mut properties = Map::new();
                    for (property, schema) in value.as_object().into_iter().flatten() {
                        let child = format!("{prefix}_{property}");
                        let at = format!("{at}/{}", escape_token(property));
                        properties.insert(property.clone(), self.member(schema, &child, &at));
                    }
                    out.insert(key.clone(), Value::Object(properties));
                }
                "items" => {
                    out.insert(key.clone(), self.member(value, &format!("{prefix}_item"), &at));
                }
                // `additionalProperties: false` is dropped: generated types ignore
                // unknown fields, so a server that adds a field breaks nothing.
                "additionalProperties" if value == &Value::Bool(false) => {}
                "additionalProperties" => {
                    let converted = match value {
                        Value::Object(_) => self.member(value, &format!("{prefix}_value"), &at),
                        other => other.clone(),
                    };
                    out.insert(key.clone(), converted);
                }
                // `not` beside a type or properties only validates (typify cannot express it there).
                "not" if object.contains_key("type") || object.contains_key("properties") => {}
                "allOf" | "oneOf" | "anyOf" => {
                    let variants = value
                        .as_array()
                        .into_iter()
                        .flatten()
                        .enumerate()
                        .map(|(i, variant)| {
                            // A null member of `allOf` adds nothing to the merge (null can
                            // only match if every member allows it), so members are made non-null.
                            let variant = if key == "allOf" { without_nullable(variant) } else { variant.clone() };
                            // typify names the types it merges from `allOf` members after the
                            // parent (`<parent>_<property>…`), so what is hoisted from a member
                            // gets a `_part<i>` prefix that cannot collide with them.
                            let part = if key == "allOf" { format!("{prefix}_part{i}") } else { prefix.to_owned() };
                            let converted = self.convert_with(&variant, name, &part, &format!("{at}/{i}"));
                            // A number member of a union (free-form attribute values) is
                            // exactly `{type: number}`, which generation maps to
                            // `serde_json::Number`: integers stay exact to 64 bits.
                            if key != "allOf" && converted.get("type") == Some(&json!("number")) {
                                return json!({ "type": "number" });
                            }
                            converted
                        })
                        .collect();
                    out.insert(key.clone(), Value::Array(variants));
                }
                "not" => {
                    out.insert(key.clone(), self.convert_with(value, name, prefix, &at));
                }
                "default" => {
                    let note = format!("Default on the server when not sent: `{value}`.");
                    description = Some(match description {
                        Some(text) if !text.trim().is_empty() => format!("{}\n\n{note}", text.trim_end()),
                        _ => note,
                    });
                }
                _ => {}
            }
        }
        self.bounds(&mut out, pointer);
        string_enum_values(&mut out);
        // A string enum that narrows another one (`{type: string, enum: [user], allOf: [$ref:
        // Kinds]}`, Discord's habit) is its own enum: the values it lists are already within
        // the `allOf` members, which typify cannot combine with `enum`.
        // An empty `enum` allows no value at all, which no caller could send or receive: it is
        // dropped (beside `allOf`, the members say what the values are), with a warning.
        if out.get("enum").and_then(Value::as_array).is_some_and(Vec::is_empty) {
            out.shift_remove("enum");
            self.warnings.push((
                format!("{pointer}/enum"),
                "`enum: []` allows no value; it is ignored (the schema's other keywords say what the values are)"
                    .to_owned(),
            ));
        }
        let string_enum = out.get("enum").and_then(Value::as_array).is_some_and(|v| v.iter().all(Value::is_string));
        if string_enum && out.contains_key("allOf") {
            out.shift_remove("allOf");
        }
        // String enums whose values cannot all become distinct Rust identifiers
        // (operators such as `=` and `!=`) stay plain strings; the values are documented.
        if let Some(values) = out.get("enum").and_then(Value::as_array).filter(|v| !identifiable(v)) {
            let listed =
                values.iter().map(|v| format!("`{}`", v.as_str().unwrap_or("null"))).collect::<Vec<_>>().join(", ");
            let note = format!("One of: {listed}.");
            description = Some(match description {
                Some(text) if !text.trim().is_empty() => format!("{}\n\n{note}", text.trim_end()),
                _ => note,
            });
            out.shift_remove("enum");
        }
        if let Some(text) = description {
            out.insert("description".into(), Value::String(crate::docs::sanitize(&text)));
        }
        self.record_nullable_fields(&out, name);
        self.record_lenient_fields(object, &out, name, pointer);
        self.record_enum_names(object, &out, name, pointer);
        if is_nullable(schema) {
            return make_nullable(out);
        }
        Value::Object(out)
    }

    /// Numeric bounds as JSON Schema reads them: OpenAPI 3.0's boolean `exclusiveMinimum` /
    /// `exclusiveMaximum` (a flag on `minimum`/`maximum`) become the numeric keywords of JSON
    /// Schema; a bound typify could not read as a 64-bit integer on an integer schema (beyond
    /// `i64`/`u64`, or a fraction) is dropped with a warning: the type stays a 64-bit
    /// integer, the bound is not checked.
    fn bounds(&mut self, out: &mut Map<String, Value>, pointer: &str) {
        for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
            match out.get(exclusive) {
                Some(Value::Bool(true)) => match out.shift_remove(bound) {
                    Some(limit) => {
                        out.insert(exclusive.into(), limit);
                    }
                    None => {
                        out.shift_remove(exclusive);
                    }
                },
                Some(Value::Number(_)) | None => {}
                Some(_) => {
                    out.shift_remove(exclusive);
                }
            }
        }
        let integer = match out.get("type") {
            Some(Value::String(t)) => t == "integer",
            Some(Value::Array(types)) => types.iter().any(|t| t == "integer"),
            _ => false,
        };
        for key in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"] {
            let Some(limit) = out.get(key) else { continue };
            let readable = limit.is_i64() || limit.is_u64() || (!integer && limit.as_f64().is_some_and(f64::is_finite));
            if !readable {
                let message = format!(
                    "`{key}: {limit}` cannot bound a 64-bit integer; the bound is dropped (not checked when decoding)"
                );
                self.warnings.push((format!("{pointer}/{key}"), message));
                out.shift_remove(key);
            }
        }
    }

    /// Records the variant names an enum's `x-enum-varnames` gives its values (one name per
    /// value, in order; each a distinct identifier).
    fn record_enum_names(
        &mut self,
        raw: &Map<String, Value>,
        converted: &Map<String, Value>,
        name: &str,
        pointer: &str,
    ) {
        let Some(names) = raw.get(ENUM_NAMES_EXTENSION) else { return };
        let at = format!("{pointer}/{ENUM_NAMES_EXTENSION}");
        // String values, and integer values as their decimal text (integer enums).
        let values: Vec<String> = converted
            .get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned).or_else(|| v.as_i64().map(|n| n.to_string())))
            .collect();
        let names: Vec<String> = names
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(ToUpperCamelCase::to_upper_camel_case)
            .collect();
        let distinct: BTreeSet<&String> = names.iter().collect();
        let valid = names.iter().all(|n| {
            n.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && n.chars().all(|c| c.is_ascii_alphanumeric())
                && n != "Unknown"
        });
        if values.is_empty() || names.len() != values.len() || distinct.len() != names.len() || !valid {
            // A vendor's extension that does not fit is ignored (the variants are named after
            // the values), with a warning: it never stops generation.
            let message = format!("`{ENUM_NAMES_EXTENSION}` must give one distinct identifier (not `Unknown`) for each of the {} string or integer values of `enum`; it is ignored and the variants are named after the values", values.len());
            self.warnings.push((at, message));
            return;
        }
        let named = values.into_iter().zip(names).collect();
        self.enum_names.insert(name.to_upper_camel_case(), named);
    }

    /// Whether `format` stays in the schema (and so picks a parsed type): the schema's
    /// [`FORMAT_EXTENSION`], else the provider's policy.
    fn format_kept(&mut self, schema: &Map<String, Value>, pointer: &str) -> bool {
        match schema.get(FORMAT_EXTENSION) {
            None => self.policy.formats == Formats::Typed,
            Some(value) if value == "typed" => true,
            Some(value) if value == "text" => false,
            Some(other) => {
                let at = format!("{pointer}/{}", escape_token(FORMAT_EXTENSION));
                self.problems.push((at, format!("`{FORMAT_EXTENSION}` is {other}; it takes \"typed\" or \"text\"")));
                self.policy.formats == Formats::Typed
            }
        }
    }

    /// Records the properties of a converted object that decode leniently: those whose
    /// schema says so with [`LENIENT_EXTENSION`], and (under the provider's
    /// `lenient_scalars`) every scalar or enum property.
    fn record_lenient_fields(
        &mut self,
        raw: &Map<String, Value>,
        converted: &Map<String, Value>,
        name: &str,
        pointer: &str,
    ) {
        let Some(properties) = converted.get("properties").and_then(Value::as_object) else { return };
        for (property, schema) in properties {
            let original = raw.get("properties").and_then(|p| p.get(property));
            let lenient = match original.and_then(|p| p.get(LENIENT_EXTENSION)) {
                Some(Value::Bool(flag)) => *flag,
                Some(other) => {
                    let at =
                        format!("{pointer}/properties/{}/{}", escape_token(property), escape_token(LENIENT_EXTENSION));
                    self.problems.push((at, format!("`{LENIENT_EXTENSION}` is {other}; it takes true or false")));
                    false
                }
                None => self.policy.lenient_scalars && self.is_scalar_member(schema),
            };
            if lenient {
                self.lenient_fields.entry(name.to_upper_camel_case()).or_default().insert(property.clone());
            }
        }
    }

    /// Whether a converted property is a scalar: a scalar type, or a reference to an
    /// enum or scalar definition (possibly made nullable with `anyOf`).
    fn is_scalar_member(&self, schema: &Value) -> bool {
        if let Some(variants) = schema.get("anyOf").and_then(Value::as_array) {
            return variants.iter().all(|v| v.get("type") == Some(&json!("null")) || self.is_scalar_member(v));
        }
        match schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/definitions/")) {
            Some(name) => self.scalar_components.contains(name) || self.defs.get(name).is_some_and(is_scalar),
            None => is_scalar(schema),
        }
    }

    fn record_nullable_fields(&mut self, converted: &Map<String, Value>, name: &str) {
        let Some(properties) = converted.get("properties").and_then(Value::as_object) else { return };
        let required: BTreeSet<&str> = converted
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for (property, schema) in properties {
            if !required.contains(property.as_str()) && allows_null(schema) {
                self.nullable_fields.entry(name.to_upper_camel_case()).or_default().insert(property.clone());
            }
        }
    }
}

/// Extension on a string enum: the Rust variant name of each value, in the order of `enum`
/// (as in other generators' `x-enum-varnames`).
pub const ENUM_NAMES_EXTENSION: &str = "x-enum-varnames";

/// Whether a schema is a single scalar value: a boolean, integer, number or string
/// type (possibly nullable), or an enum.
fn is_scalar(schema: &Value) -> bool {
    let scalar = |t: &Value| matches!(t.as_str(), Some("boolean" | "integer" | "number" | "string"));
    match schema.get("type") {
        Some(Value::Array(types)) => types.iter().any(scalar) && types.iter().all(|t| scalar(t) || t == "null"),
        Some(t) => scalar(t),
        None => schema.get("enum").is_some(),
    }
}

/// Whether every string value of an enum gives a distinct, non-empty identifier.
fn identifiable(values: &[Value]) -> bool {
    let mut seen = HashSet::new();
    values.iter().filter_map(Value::as_str).all(|value| {
        let ident = value.to_upper_camel_case();
        !ident.is_empty() && seen.insert(ident)
    })
}

/// The target of a `#/components/schemas/…` reference: the path after the prefix, its
/// tokens still escaped (the component's name, or a path inside it; see `SchemaSet::target`).
fn component_ref(schema: &Value) -> Option<String> {
    let reference = schema.get("$ref")?.as_str()?;
    let name = reference.strip_prefix("#/components/schemas/")?;
    Some(name.to_owned())
}

/// `type: string` (or `[string, null]`) with an `enum` value that is not a string: a
/// number or boolean (`enum: [1, 2]`, as YAML reads unquoted digits) becomes its JSON text
/// (`"1"`), the string the spec means; typify rejects such an enum ("unexpected value type").
fn string_enum_values(out: &mut Map<String, Value>) {
    let string = match out.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(types)) => {
            types.iter().any(|t| t == "string") && types.iter().all(|t| t == "string" || t == "null")
        }
        _ => false,
    };
    let Some(Value::Array(values)) = out.get_mut("enum").filter(|_| string) else { return };
    for value in values.iter_mut().filter(|v| !v.is_string() && !v.is_null()) {
        *value = Value::String(value.to_string());
    }
    let mut seen = HashSet::new();
    values.retain(|v| seen.insert(v.to_string()));
}

/// Drops the `enum` of every integer enum inside `schema` (at its root too unless `root`),
/// documenting the values: see `SchemaSet::finish_integer_enums`.
fn open_nested_integer_enums(schema: &mut Value, root: bool) {
    if !root {
        if let (Some(values), Some(object)) = (integer_enum_values(schema), schema.as_object_mut()) {
            object.shift_remove("enum");
            let listed = values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
            let note = format!("One of: {listed}.");
            let text = match object.get("description").and_then(Value::as_str) {
                Some(text) if !text.trim().is_empty() => format!("{}\n\n{note}", text.trim_end()),
                _ => note,
            };
            object.insert("description".into(), Value::String(text));
        }
    }
    match schema {
        Value::Object(object) => object.values_mut().for_each(|v| open_nested_integer_enums(v, false)),
        Value::Array(items) => items.iter_mut().for_each(|v| open_nested_integer_enums(v, false)),
        _ => {}
    }
}

/// The values of an integer enum schema: `type: integer` and an `enum` of 64-bit integers.
fn integer_enum_values(schema: &Value) -> Option<Vec<i64>> {
    if schema.get("type") != Some(&json!("integer")) {
        return None;
    }
    let values = schema.get("enum")?.as_array()?;
    if values.is_empty() {
        return None;
    }
    values.iter().map(Value::as_i64).collect()
}

/// `anyOf`/`oneOf` of one schema and `{type: null}` (OpenAPI 3.1's way of saying
/// nullable, and common in 3.0 specs too): that schema with `nullable: true`, the schema's own
/// annotations kept. Converted as a union, typify would wrap an `Option` of the member in a
/// new type named like the member's own type.
fn null_union(schema: &Value) -> Option<Value> {
    let object = schema.as_object()?;
    let (key, members) =
        ["anyOf", "oneOf"].iter().find_map(|k| object.get(*k).and_then(Value::as_array).map(|m| (*k, m)))?;
    if members.len() != 2
        || object.keys().any(|k| k != key && !k.starts_with("x-") && !ANNOTATIONS.contains(&k.as_str()))
    {
        return None;
    }
    let is_null = |m: &Value| m.get("type") == Some(&json!("null"));
    let (nulls, others): (Vec<&Value>, Vec<&Value>) = members.iter().partition(|m| is_null(m));
    let (1, [other]) = (nulls.len(), others.as_slice()) else { return None };
    let mut merged = match other {
        // A `$ref` member stays a reference: `allOf: [$ref]` with the annotations.
        Value::Object(member) if member.contains_key("$ref") => {
            let mut wrapper = Map::new();
            wrapper.insert("allOf".into(), json!([{ "$ref": member["$ref"].clone() }]));
            wrapper
        }
        Value::Object(member) => member.clone(),
        _ => return None,
    };
    for (key, value) in object.iter().filter(|(k, _)| ANNOTATIONS.contains(&k.as_str())) {
        merged.entry(key.clone()).or_insert_with(|| value.clone());
    }
    merged.insert("nullable".into(), Value::Bool(true));
    Some(Value::Object(merged))
}

/// Keywords that only annotate a schema (they do not change what it accepts or its type).
const ANNOTATIONS: [&str; 10] = [
    "description",
    "title",
    "example",
    "examples",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "default",
    "externalDocs",
];

/// `allOf` with one `$ref` member whose other members (and the schema itself) only
/// annotate it, the common way of documenting a reference: `{$ref, description,
/// nullable}`. Such a schema is the referenced type; merging it as `allOf` would wrap it in
/// a new type (and typify may give the wrapper and the merged type one name).
fn single_reference(schema: &Value) -> Option<Value> {
    let object = schema.as_object()?;
    let members = object.get("allOf")?.as_array()?;
    let annotation_only = |o: &Map<String, Value>, except: &str| {
        o.keys().all(|k| k == except || k.starts_with("x-") || ANNOTATIONS.contains(&k.as_str()))
    };
    if !annotation_only(object, "allOf") {
        return None;
    }
    let mut reference = None;
    let mut out = Map::new();
    for member in members {
        let member = member.as_object()?;
        if member.contains_key("$ref") {
            if reference.is_some() || member.len() != 1 {
                return None;
            }
            reference = member.get("$ref").cloned();
        } else if annotation_only(member, "") {
            for key in ["description", "nullable"] {
                if let Some(value) = member.get(key) {
                    out.entry(key.to_owned()).or_insert_with(|| value.clone());
                }
            }
        } else {
            return None;
        }
    }
    for key in ["description", "nullable"] {
        if let Some(value) = object.get(key) {
            out.insert(key.to_owned(), value.clone());
        }
    }
    out.insert("$ref".to_owned(), reference?);
    Some(Value::Object(out))
}

/// `nullable: true`, or an enum that lists `null` among its values.
fn is_nullable(schema: &Value) -> bool {
    schema.get("nullable") == Some(&Value::Bool(true))
        || schema.get("enum").and_then(Value::as_array).is_some_and(|values| values.contains(&Value::Null))
}

/// The schema without its nullability (no `nullable`, no `null` enum value).
fn without_nullable(schema: &Value) -> Value {
    let mut schema = schema.clone();
    if let Some(object) = schema.as_object_mut() {
        object.shift_remove("nullable");
        if let Some(Value::Array(values)) = object.get_mut("enum") {
            values.retain(|value| !value.is_null());
        }
    }
    schema
}

fn is_object_with_properties(schema: &Value) -> bool {
    schema.get("$ref").is_none()
        && schema.get("properties").and_then(Value::as_object).is_some_and(|p| !p.is_empty())
        && matches!(schema.get("type").and_then(Value::as_str), None | Some("object"))
}

/// Schemas that deserve a name of their own when they appear inline in an operation.
fn is_nominal(schema: &Value) -> bool {
    is_object_with_properties(schema)
        || schema.get("enum").is_some()
        || ["oneOf", "anyOf", "allOf"].iter().any(|k| schema.get(k).is_some())
}

/// Whether a converted schema accepts `null`.
fn allows_null(schema: &Value) -> bool {
    let null_type = |s: &Value| match s.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().any(|t| t == "null"),
        _ => false,
    };
    null_type(schema)
        || schema.get("anyOf").and_then(Value::as_array).is_some_and(|variants| variants.iter().any(null_type))
}

fn make_nullable(mut out: Map<String, Value>) -> Value {
    match out.get("type").cloned() {
        Some(Value::String(t)) => {
            out.insert("type".into(), json!([t, "null"]));
            if let Some(Value::Array(values)) = out.get_mut("enum") {
                if !values.contains(&Value::Null) {
                    values.push(Value::Null);
                }
            }
            Value::Object(out)
        }
        Some(_) => Value::Object(out),
        // A nullable schema with no type and nothing else accepts anything, null included.
        None if out.keys().all(|k| k == "description") => Value::Object(out),
        None => {
            let description = out.shift_remove("description");
            let mut wrapped = Map::new();
            wrapped.insert("anyOf".into(), json!([Value::Object(out), { "type": "null" }]));
            if let Some(description) = description {
                wrapped.insert("description".into(), description);
            }
            Value::Object(wrapped)
        }
    }
}

fn add_source(schema: &mut Value, file: &str, pointer: &str) {
    let Some(object) = schema.as_object_mut() else { return };
    let source = format!("Source: `{file}#{pointer}`.");
    let text = match object.get("description").and_then(Value::as_str) {
        Some(text) if !text.trim().is_empty() => format!("{}\n\n{source}", text.trim_end()),
        _ => source,
    };
    object.insert("description".into(), Value::String(text));
}

#[cfg(test)]
mod tests {
    use super::SchemaSet;
    use serde_json::json;

    #[test]
    fn nullable_optional_properties_are_recorded_and_objects_hoisted() {
        let components = json!({
            "patch": {"type": "object", "properties": {
                "due_date": {"type": "string", "nullable": true},
                "subject": {"type": "string", "default": "x"},
                "assignment": {"type": "object", "properties": {"id": {"type": "string"}}}
            }}
        });
        let mut set = SchemaSet::new("spec.yaml", components.as_object(), crate::DecodePolicy::default());
        set.add_component("patch", &components["patch"]);
        assert_eq!(set.defs["patch"]["properties"]["due_date"]["type"], json!(["string", "null"]));
        assert_eq!(set.defs["patch"]["properties"]["assignment"]["$ref"], "#/definitions/patch_assignment");
        assert!(set.defs.contains_key("patch_assignment"));
        assert!(set.defs["patch"]["properties"]["subject"].get("default").is_none());
        assert!(set.nullable_fields["Patch"].contains("due_date"));
        assert!(!set.nullable_fields["Patch"].contains("subject"));
    }

    #[test]
    fn hoisted_schemas_never_take_a_component_name() {
        let components = json!({
            "ticket": {"type": "object", "properties": {"type": {"type": "string", "enum": ["ticket"]}}},
            "ticket_type": {"type": "object", "properties": {"id": {"type": "string"}}}
        });
        let mut set = SchemaSet::new("spec.yaml", components.as_object(), crate::DecodePolicy::default());
        set.add_component("ticket", &components["ticket"]);
        set.add_component("ticket_type", &components["ticket_type"]);
        assert_eq!(set.defs["ticket"]["properties"]["type"]["$ref"], "#/definitions/ticket_type_2");
        assert_eq!(set.defs["ticket_type"]["properties"]["id"]["type"], "string");
    }

    #[test]
    fn references_to_nullable_components_become_nullable() {
        let components = json!({
            "admin": {"type": "object", "nullable": true, "title": "Admin", "properties": {"id": {"type": "string"}}},
            "ticket": {"type": "object", "properties": {"admin": {"$ref": "#/components/schemas/admin"}}}
        });
        let mut set = SchemaSet::new("spec.yaml", components.as_object(), crate::DecodePolicy::default());
        set.add_component("ticket", &components["ticket"]);
        set.add_component("admin", &components["admin"]);
        assert_eq!(set.defs["admin"]["type"], "object");
        assert!(set.defs["admin"].get("title").is_none());
        assert_eq!(set.defs["ticket"]["properties"]["admin"]["anyOf"][1], json!({"type": "null"}));
    }

    fn policy(formats: crate::Formats, lenient_scalars: bool) -> crate::DecodePolicy {
        crate::DecodePolicy { formats, lenient_scalars }
    }

    #[test]
    fn formats_are_documented_unless_typed() {
        let components = json!({
            "t": {"type": "object", "properties": {
                "id": {"type": "string", "format": "uuid"},
                "at": {"type": "string", "format": "date-time", "x-helpdesk-format": "typed"},
                "n": {"type": "integer", "format": "int32"}
            }}
        });
        let mut text = SchemaSet::new("s.yaml", components.as_object(), policy(crate::Formats::Text, false));
        text.add_component("t", &components["t"]);
        let props = &text.defs["t"]["properties"];
        assert!(props["id"].get("format").is_none());
        assert!(props["id"]["description"].as_str().unwrap().contains("Format: `uuid`"));
        assert!(props["n"].get("format").is_none());
        assert_eq!(props["at"]["format"], "date-time", "the extension keeps one format typed");

        let mut typed = SchemaSet::new("s.yaml", components.as_object(), policy(crate::Formats::Typed, false));
        typed.add_component("t", &components["t"]);
        assert_eq!(typed.defs["t"]["properties"]["id"]["format"], "uuid");
        assert!(typed.problems.is_empty());
    }

    #[test]
    fn lenient_fields_are_scalars_under_the_policy_or_marked_ones() {
        let components = json!({
            "kind": {"type": "string", "enum": ["a", "b"]},
            "t": {"type": "object", "properties": {
                "flag": {"type": "boolean"},
                "count": {"type": ["integer", "null"]},
                "kind": {"$ref": "#/components/schemas/kind"},
                "list": {"type": "array", "items": {"type": "string"}},
                "inner": {"type": "object", "properties": {"x": {"type": "string"}}},
                "strict": {"type": "string", "x-helpdesk-lenient": false}
            }},
            "u": {"type": "object", "properties": {"n": {"type": "integer", "x-helpdesk-lenient": true}, "m": {"type": "integer"}}}
        });
        let mut on = SchemaSet::new("s.yaml", components.as_object(), policy(crate::Formats::Text, true));
        on.add_component("kind", &components["kind"]);
        on.add_component("t", &components["t"]);
        let lenient: Vec<&str> = on.lenient_fields["T"].iter().map(String::as_str).collect();
        assert_eq!(lenient, ["count", "flag", "kind"]);

        let mut off = SchemaSet::new("s.yaml", components.as_object(), policy(crate::Formats::Text, false));
        off.add_component("t", &components["t"]);
        off.add_component("u", &components["u"]);
        assert!(!off.lenient_fields.contains_key("T"));
        assert_eq!(off.lenient_fields["U"].iter().collect::<Vec<_>>(), ["n"]);
    }

    #[test]
    fn bad_extension_values_are_problems_and_bad_enum_names_warnings_with_pointers() {
        let components = json!({
            "t": {"type": "object", "properties": {
                "a": {"type": "string", "format": "uuid", "x-helpdesk-format": "maybe"},
                "b": {"type": "string", "x-helpdesk-lenient": "yes"}
            }},
            "e": {"type": "string", "enum": ["1", "2"], "x-enum-varnames": ["Low"]},
            "f": {"type": "string", "enum": ["1", "2"], "x-enum-varnames": ["Low", "low"]}
        });
        let mut set = SchemaSet::new("s.yaml", components.as_object(), crate::DecodePolicy::default());
        for name in ["t", "e", "f"] {
            set.add_component(name, &components[name]);
        }
        let pointers: Vec<&str> = set.problems.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/components/schemas/t/properties/a/x-helpdesk-format",
                "/components/schemas/t/properties/b/x-helpdesk-lenient",
            ]
        );
        // `x-enum-varnames` is a vendor extension: when it does not fit it is ignored.
        let warned: Vec<&str> = set.warnings.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(warned, ["/components/schemas/e/x-enum-varnames", "/components/schemas/f/x-enum-varnames"]);
        assert!(set.enum_names.is_empty());
    }

    #[test]
    fn enum_names_map_values_to_variants() {
        let components = json!({"p": {"type": "string", "enum": ["1", "2"], "x-enum-varnames": ["low", "HIGH_ONE"]}});
        let mut set = SchemaSet::new("s.yaml", components.as_object(), crate::DecodePolicy::default());
        set.add_component("p", &components["p"]);
        let names: Vec<(&str, &str)> = set.enum_names["P"].iter().map(|(v, n)| (v.as_str(), n.as_str())).collect();
        assert_eq!(names, [("1", "Low"), ("2", "HighOne")]);
    }

    #[test]
    fn identical_hoisted_objects_are_one_type_and_enums_stay_apart() {
        let assignee = json!({"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}});
        let kind = json!({"type": "string", "enum": ["contact"]});
        let components = json!({
            "a": {"type": "object", "properties": {"assignee": assignee, "type": kind}},
            "b": {"type": "object", "properties": {"assignee": assignee, "type": kind}},
            "c": {"type": "object", "properties": {"assignee": {"type": "object", "properties": {"id": {"type": "integer"}}}}}
        });
        let mut set = SchemaSet::new("s.yaml", components.as_object(), crate::DecodePolicy::default());
        for name in ["a", "b", "c"] {
            set.add_component(name, &components[name]);
        }
        let reference = |c: &str, p: &str| set.defs[c]["properties"][p]["$ref"].as_str().unwrap().to_owned();
        assert_eq!(reference("a", "assignee"), "#/definitions/a_assignee");
        assert_eq!(reference("b", "assignee"), "#/definitions/a_assignee", "the same object is one type");
        assert!(!set.defs.contains_key("b_assignee"));
        assert_eq!(reference("c", "assignee"), "#/definitions/c_assignee", "a different object is its own type");
        assert_eq!(reference("b", "type"), "#/definitions/b_type", "enums keep the name of where they are used");
    }

    #[test]
    fn references_inside_a_component_are_hoisted_once() {
        let components = json!({
            "tag": {"allOf": [{"type": "object", "properties": {"id": {"type": "integer"}}}]},
            "pet": {"type": "object", "properties": {
                "a": {"$ref": "#/components/schemas/tag/allOf/0"},
                "b": {"$ref": "#/components/schemas/tag/allOf/0"},
                "c": {"$ref": "#/components/schemas/pet/properties/d"},
                "d": {"type": "object", "nullable": true, "properties": {"x": {"$ref": "#/components/schemas/pet/properties/d"}}}
            }}
        });
        let mut set = SchemaSet::new("s.yaml", components.as_object(), crate::DecodePolicy::default());
        set.add_component("tag", &components["tag"]);
        set.add_component("pet", &components["pet"]);
        let props = &set.defs["pet"]["properties"];
        assert_eq!(props["a"]["$ref"], "#/definitions/tag_allOf_0");
        assert_eq!(props["b"]["$ref"], "#/definitions/tag_allOf_0");
        assert_eq!(set.defs["tag_allOf_0"]["properties"]["id"]["type"], "integer");
        assert!(set.defs["tag_allOf_0"]["description"].as_str().unwrap().contains("#/components/schemas/tag/allOf/0`"));
        // A nullable target is referred to as nullable; one that refers to itself names itself.
        assert_eq!(props["c"]["anyOf"][0]["$ref"], "#/definitions/pet_properties_d");
        assert_eq!(
            set.defs["pet_properties_d"]["properties"]["x"]["anyOf"][0]["$ref"],
            "#/definitions/pet_properties_d"
        );
    }

    #[test]
    fn integer_enums_are_recorded_and_nested_ones_opened() {
        let components = json!({
            "level": {"type": "integer", "enum": [1, 2, 1], "x-enum-varnames": ["low", "high", "low2"]},
            "top": {"type": "integer", "enum": [2], "allOf": [{"$ref": "#/components/schemas/level"}]},
            "either": {"oneOf": [{"type": "integer", "enum": [7]}, {"type": "string"}]},
            "big": {"type": "integer", "enum": [18446744073709551615u64]}
        });
        let mut set = SchemaSet::new("s.yaml", components.as_object(), crate::DecodePolicy::default());
        for name in ["top", "level", "either", "big"] {
            set.add_component(name, &components[name]);
        }
        set.finish();
        assert!(set.problems.is_empty(), "{:?}", set.problems);
        assert_eq!(set.integer_enums["level"].values, [1, 2]);
        assert_eq!(set.integer_enums["level"].names[&2], "High");
        assert_eq!(set.integer_enums["top"].values, [2]);
        assert_eq!(
            set.integer_enums["top"].names[&2], "High",
            "a narrowing enum takes the names of the enum it narrows"
        );
        assert!(!set.integer_enums.contains_key("either") && !set.integer_enums.contains_key("big"));
        let member = &set.defs["either"]["oneOf"][0];
        assert!(member.get("enum").is_none(), "{member}");
        assert!(member["description"].as_str().unwrap().contains("One of: `7`."));
    }

    #[test]
    fn non_string_values_of_string_enums_are_their_text() {
        let components = json!({
            "v": {"type": "string", "enum": [1, 2.5, true, "1", null]},
            "n": {"type": ["string", "null"], "enum": [1, null]},
            "mixed": {"type": ["string", "integer"], "enum": ["1", 1]}
        });
        let mut set = SchemaSet::new("s.yaml", components.as_object(), crate::DecodePolicy::default());
        for name in ["v", "n", "mixed"] {
            set.add_component(name, &components[name]);
        }
        assert_eq!(set.defs["v"]["enum"], json!(["1", "2.5", "true"]));
        assert_eq!(set.defs["n"]["enum"], json!(["1"]));
        assert_eq!(set.defs["mixed"]["enum"], json!(["1", 1]), "a type that allows numbers keeps them");
    }
}
