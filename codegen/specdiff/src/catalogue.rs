//! The catalogue of checks: every stable check id with its level, direction and usual semver bump.

use serde::Serialize;

/// How serious a finding is for existing callers.
///
/// The rule: **ERR** = an existing caller breaks, on the wire (a request it sends is rejected,
/// a response it receives no longer decodes into the types it was generated with) or at
/// compile time of code that uses the generated crate as documented (requests built with
/// `new`/`Default` and setters, responses read, and their non-exhaustive enums matched with a
/// wildcard arm).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// A breaking change: existing clients can fail.
    Error,
    /// A change that may break some clients, or changes behaviour.
    Warning,
    /// A compatible change, listed for completeness.
    Info,
}

impl Level {
    /// The short tag used in text reports: `ERR`, `WARN` or `INFO`.
    pub fn tag(self) -> &'static str {
        match self {
            Level::Error => "ERR",
            Level::Warning => "WARN",
            Level::Info => "INFO",
        }
    }
}

/// Which way data flows for the change, which decides what counts as breaking.
///
/// Narrowing what a client may send (request) is breaking; widening what a server may
/// return (response) is breaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The change concerns what the client sends.
    Request,
    /// The change concerns what the server returns.
    Response,
    /// The change concerns the API surface (paths, operations, servers, components).
    Api,
}

/// The semver bump the change forces on the generated client crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// No change to the generated crate.
    #[default]
    None,
    /// Generated code or docs change, the public Rust API does not.
    Patch,
    /// Public Rust items are added.
    Minor,
    /// Public Rust items are removed, renamed or change type.
    Major,
}

impl Bump {
    /// The lower-case name: `none`, `patch`, `minor` or `major`.
    pub fn name(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// One check of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Check {
    /// The stable id, for example `request-property-removed`.
    pub id: &'static str,
    /// The level of every finding of this check.
    pub level: Level,
    /// The direction of the change.
    pub direction: Direction,
    /// The usual bump of the generated crate (a finding may state a different one).
    pub bump: Bump,
    /// One sentence describing what the check detects.
    pub summary: &'static str,
    /// Whether the check's only effect on the generated crate is a new type of an item that
    /// stays (a field, an argument, a return value, an element type). cargo-semver-checks
    /// (0.51) compares no types (obi1kenobi/cargo-semver-checks#149), so it cannot confirm the
    /// major bump such a check predicts; the semver gate says so instead of disagreeing.
    #[serde(skip)]
    pub type_only: bool,
}

const fn check(id: &'static str, level: Level, direction: Direction, bump: Bump, summary: &'static str) -> Check {
    Check { id, level, direction, bump, summary, type_only: false }
}

impl Check {
    /// This check, marked as changing only the type of an item that stays (its `type_only` field).
    const fn changes_types_only(self) -> Check {
        Check { type_only: true, ..self }
    }
}

use Bump::{Major, Minor, Patch};
use Direction::{Api, Request, Response};
use Level::{Error as E, Info as I, Warning as W};

/// Every check, grouped by what it looks at. Ids never change once published.
pub static CHECKS: &[Check] = &[
    // Paths and operations.
    check("api-path-removed", E, Api, Major, "A path and all of its operations were removed."),
    check("api-path-added", I, Api, Minor, "A path was added."),
    check("api-operation-removed", E, Api, Major, "An operation was removed from a path that still exists."),
    check("api-operation-added", I, Api, Minor, "An operation was added to an existing path."),
    check("api-deprecated-operation-removed", W, Api, Major, "An operation that was already deprecated was removed."),
    check("api-operation-deprecated", I, Api, Patch, "An operation became deprecated."),
    check("api-operation-reactivated", I, Api, Patch, "An operation is no longer deprecated."),
    check("api-sunset-changed", W, Api, Patch, "The `x-sunset` date of an operation was added, changed or removed."),
    check("api-operation-id-changed", E, Api, Major, "The operationId changed, so the generated method is renamed."),
    check(
        "api-operation-method-renamed",
        E,
        Api,
        Major,
        "The generated method of an operation whose operationId did not change is renamed: it has no operationId and its path changed, or another operation that took its name (`_2`) is gone or now comes first.",
    ),
    check(
        "api-operation-removed-before-sunset",
        E,
        Api,
        Major,
        "An operation was removed before the `x-sunset` date it announced.",
    ),
    check(
        "api-operation-removed-after-sunset",
        I,
        Api,
        Major,
        "An operation was removed after the `x-sunset` date it announced (as promised).",
    ),
    check(
        "api-ref-unresolved",
        E,
        Api,
        Bump::None,
        "A `$ref` of the new spec cannot be followed (dangling, cyclic, remote, missing file, or refused: absolute or outside the spec's folder).",
    ),
    check(
        "api-webhook-added",
        I,
        Api,
        Minor,
        "A webhook (3.1 `webhooks`, or `x-webhooks`) was added: a new variant of the non-exhaustive `WebhookEvent` and its payload type (feature `webhooks`).",
    ),
    check(
        "api-webhook-removed",
        E,
        Api,
        Major,
        "A webhook (3.1 `webhooks`, or `x-webhooks`) was removed: its `WebhookEvent` variant is gone, so a receiver that matches it no longer compiles.",
    ),
    check(
        "api-path-parameter-renamed",
        I,
        Api,
        Patch,
        "A path parameter was renamed; the path shape and the wire format are unchanged.",
    ),
    // Security and servers.
    check("api-security-added", E, Request, Minor, "An operation that needed no authentication now requires it."),
    check(
        "api-security-changed",
        E,
        Request,
        Minor,
        "A security requirement the operation accepted is no longer accepted.",
    ),
    check("api-security-scope-added", E, Request, Patch, "A security requirement needs an additional OAuth scope."),
    check("api-security-removed", I, Request, Patch, "An operation no longer requires authentication."),
    check(
        "api-security-scheme-changed",
        E,
        Request,
        Major,
        "A security scheme changed its type, HTTP scheme, key location, key name or OAuth flows.",
    ),
    check(
        "api-servers-changed",
        W,
        Api,
        Patch,
        "A server URL was removed or changed (major when the API's own list shrinks: a `Server` variant disappears).",
    ),
    check(
        "api-server-added",
        I,
        Api,
        Minor,
        "A server URL was added (a new variant of the non-exhaustive `Server` enum; major when a single unnamed server becomes several, since `Server::Default` becomes numbered).",
    ),
    // Components.
    check(
        "component-schema-removed",
        W,
        Api,
        Major,
        "A component schema that an operation referred to was removed (inlined or replaced).",
    ),
    check("component-schema-renamed", W, Api, Major, "A component schema that an operation referred to was renamed."),
    // Parameters.
    check("request-parameter-removed", E, Request, Major, "A query, header, cookie or path parameter was removed."),
    check(
        "request-parameter-added",
        I,
        Request,
        Minor,
        "An optional parameter was added (a new field of the non-exhaustive `{Op}Params` struct, set with its setter; major when the operation had no query or header parameter, since the method gains a `params` argument).",
    ),
    check("request-parameter-added-required", E, Request, Major, "A required parameter was added."),
    check("request-parameter-became-required", E, Request, Major, "An optional parameter became required."),
    check("request-parameter-became-optional", I, Request, Major, "A required parameter became optional."),
    check(
        "request-parameter-location-changed",
        E,
        Request,
        Major,
        "A parameter moved to another location (`in`: query, header, path, cookie).",
    ),
    check(
        "request-parameter-type-changed",
        E,
        Request,
        Major,
        "A parameter's type changed so that values valid before are rejected.",
    ).changes_types_only(),
    check(
        "request-parameter-type-generalized",
        I,
        Request,
        Major,
        "A parameter's type was widened (every value valid before is still valid).",
    ).changes_types_only(),
    check("request-parameter-format-changed", W, Request, Major, "A parameter's `format` changed.").changes_types_only(),
    check("request-parameter-enum-value-removed", E, Request, Major, "A parameter no longer accepts an enum value."),
    check(
        "request-parameter-enum-value-added",
        I,
        Request,
        Minor,
        "A parameter accepts a new enum value (a new variant of a non-exhaustive enum).",
    ),
    check(
        "request-parameter-enum-values-replaced",
        E,
        Request,
        Major,
        "A parameter accepts none of the enum values it accepted (a 3.1 `const` changed, or every value was replaced): every variant callers can name is gone from the generated enum, and the server rejects what the old crate sends.",
    ),
    check("request-parameter-became-enum", E, Request, Major, "A free parameter became an enum.").changes_types_only(),
    check(
        "request-parameter-no-longer-enum",
        I,
        Request,
        Major,
        "An enum parameter now accepts any value of its type.",
    ).changes_types_only(),
    check(
        "request-parameter-max-length-decreased",
        E,
        Request,
        Patch,
        "A parameter's `maxLength` was lowered or added.",
    ),
    check(
        "request-parameter-min-length-increased",
        E,
        Request,
        Patch,
        "A parameter's `minLength` was raised or added.",
    ),
    check(
        "request-parameter-max-decreased",
        E,
        Request,
        Patch,
        "A parameter's `maximum` was lowered, made exclusive or added.",
    ),
    check(
        "request-parameter-min-increased",
        E,
        Request,
        Patch,
        "A parameter's `minimum` was raised, made exclusive or added.",
    ),
    check("request-parameter-max-items-decreased", E, Request, Patch, "A parameter's `maxItems` was lowered or added."),
    check("request-parameter-min-items-increased", E, Request, Patch, "A parameter's `minItems` was raised or added."),
    check("request-parameter-pattern-changed", W, Request, Patch, "A parameter's `pattern` was changed."),
    check("request-parameter-pattern-added", E, Request, Patch, "A parameter got a `pattern` where it had none."),
    check(
        "request-parameter-serialization-changed",
        E,
        Request,
        Patch,
        "A parameter moved between `schema` and `content`, so its value is serialized differently.",
    ),
    check(
        "request-parameter-field-renamed",
        E,
        Request,
        Major,
        "A query, header or cookie parameter's `{Op}Params` field is renamed although the parameter is not: another parameter whose field had the same identifier (`userId`, `user_id`) was added or removed, so the `_2`/`_header` suffix moved.",
    ),
    check(
        "request-parameter-became-not-nullable",
        I,
        Request,
        Patch,
        "A parameter no longer accepts `null` (a path, query string, header or cookie has no `null`: the generated setter never sends one, and the Rust type does not change).",
    ),
    check(
        "request-parameter-became-nullable",
        I,
        Request,
        Patch,
        "A parameter now accepts `null` (a path, query string or header has no `null`: the Rust type does not change).",
    ),
    check(
        "request-parameter-default-changed",
        W,
        Request,
        Patch,
        "A parameter's `default` changed (the server or the client now assumes another value).",
    ),
    // Request bodies.
    check("request-body-added", I, Request, Major, "An optional request body was added (the method gets a body argument)."),
    check("request-body-added-required", E, Request, Major, "A required request body was added."),
    check(
        "request-body-removed",
        E,
        Request,
        Major,
        "The request body was removed (the method loses its body argument, as fields do for `request-property-removed`).",
    ),
    check(
        "request-body-became-not-nullable",
        W,
        Request,
        Major,
        "The request body no longer accepts `null` (the generated method never sends `null`; other callers may).",
    ).changes_types_only(),
    check("request-body-became-nullable", I, Request, Major, "The request body now accepts `null`.").changes_types_only(),
    check(
        "request-body-one-of-overlapping",
        E,
        Request,
        Patch,
        "The request body became a `oneOf` whose alternatives overlap: a body valid before can match two and is rejected.",
    ),
    check("request-body-became-required", E, Request, Major, "An optional request body became required."),
    check("request-body-became-optional", I, Request, Major, "A required request body became optional."),
    check("request-body-media-type-removed", E, Request, Major, "A request body media type is no longer accepted."),
    check("request-body-media-type-added", I, Request, Minor, "A request body media type was added."),
    // Request body properties (also nested schemas of parameters).
    check(
        "request-property-removed",
        E,
        Request,
        Major,
        "A request body property was removed (also a `readOnly` one: the generator keeps `readOnly` properties as fields, so the field goes).",
    ),
    check(
        "request-property-became-read-only",
        W,
        Request,
        Bump::None,
        "A request property became `readOnly`: the server ignores it from now on, but the generator ignores `readOnly`, so the field, its setter (or its argument of `new` when required) stay and callers still compile and send it.",
    ),
    check(
        "request-property-no-longer-read-only",
        I,
        Request,
        Bump::None,
        "A request property is no longer `readOnly`: the server now reads it; the generated field was already there (the generator ignores `readOnly`).",
    ),
    check(
        "request-property-added",
        I,
        Request,
        Minor,
        "An optional request body property was added (a new field of a non-exhaustive struct, set with its setter).",
    ),
    check("request-property-added-required", E, Request, Major, "A required request body property was added."),
    check("request-property-became-required", E, Request, Major, "An optional request body property became required."),
    check("request-property-became-optional", I, Request, Major, "A required request body property became optional."),
    check(
        "request-property-additional-properties-closed",
        E,
        Request,
        Major,
        "An object no longer accepts additional properties (`additionalProperties: false`).",
    ),
    check(
        "request-property-type-changed",
        E,
        Request,
        Major,
        "A request body or property type changed so that values valid before are rejected.",
    ).changes_types_only(),
    check("request-property-type-generalized", I, Request, Major, "A request body or property type was widened.").changes_types_only(),
    check("request-property-format-changed", W, Request, Major, "A request body or property `format` changed.").changes_types_only(),
    check(
        "request-property-enum-value-removed",
        E,
        Request,
        Major,
        "A request property no longer accepts an enum value.",
    ),
    check(
        "request-property-enum-value-added",
        I,
        Request,
        Minor,
        "A request property accepts a new enum value (a new variant of a non-exhaustive enum).",
    ),
    check(
        "request-property-enum-values-replaced",
        E,
        Request,
        Major,
        "A request property accepts none of the enum values it accepted (a 3.1 `const` changed, or every value was replaced): every variant callers can name is gone from the generated enum, and the server rejects what the old crate sends.",
    ),
    check("request-property-became-enum", E, Request, Major, "A free request property became an enum.").changes_types_only(),
    check(
        "request-property-no-longer-enum",
        I,
        Request,
        Major,
        "An enum request property now accepts any value of its type.",
    ).changes_types_only(),
    check(
        "request-property-max-length-decreased",
        E,
        Request,
        Patch,
        "A request property's `maxLength` was lowered or added.",
    ),
    check(
        "request-property-min-length-increased",
        E,
        Request,
        Patch,
        "A request property's `minLength` was raised or added.",
    ),
    check(
        "request-property-max-decreased",
        E,
        Request,
        Patch,
        "A request property's `maximum` was lowered, made exclusive or added.",
    ),
    check(
        "request-property-min-increased",
        E,
        Request,
        Patch,
        "A request property's `minimum` was raised, made exclusive or added.",
    ),
    check(
        "request-property-max-items-decreased",
        E,
        Request,
        Patch,
        "A request property's `maxItems` was lowered or added.",
    ),
    check(
        "request-property-min-items-increased",
        E,
        Request,
        Patch,
        "A request property's `minItems` was raised or added.",
    ),
    check(
        "request-property-pattern-changed",
        W,
        Request,
        Patch,
        "A request property's `pattern` was changed.",
    ),
    check(
        "request-property-pattern-added",
        E,
        Request,
        Patch,
        "A request property got a `pattern` where it had none.",
    ),
    check("request-property-default-changed", W, Request, Patch, "A request property's `default` changed."),
    check("request-property-became-not-nullable", E, Request, Major, "A request property no longer accepts `null`.").changes_types_only(),
    check("request-property-became-nullable", I, Request, Major, "A request property now accepts `null`.").changes_types_only(),
    check(
        "request-property-one-of-removed",
        E,
        Request,
        Major,
        "A `oneOf`/`anyOf` alternative of a request schema was removed.",
    ),
    check(
        "request-property-one-of-added",
        I,
        Request,
        Minor,
        "A `oneOf`/`anyOf` alternative was added to a request schema.",
    ),
    check(
        "request-property-discriminator-changed",
        E,
        Request,
        Major,
        "A request union's tagging changed: `discriminator.propertyName` changed, a `mapping` entry was removed or retargeted, or the `discriminator` was added or removed. The generator makes a `oneOf`/`anyOf` of components with a `discriminator` an enum that encodes by that property, one variant per alternative named after its tag value (after its type when it has several): a variant callers build is renamed or gone (also when an alternative gains a second tag or loses one of two), or the old crate sends a tag the server no longer accepts.",
    ),
    check(
        "request-property-discriminator-mapping-added",
        I,
        Request,
        Minor,
        "A request `discriminator.mapping` has a new tag value (a new variant of the tagged, non-exhaustive enum; the old variants stay).",
    ),
    check(
        "request-property-conditional-added",
        E,
        Request,
        Bump::None,
        "A 3.1 `if`/`then`/`else` was added to a request schema: bodies valid before can be rejected (the generator ignores the condition, so the Rust type is unchanged and the old crate sends them).",
    ),
    check(
        "request-property-conditional-changed",
        W,
        Request,
        Patch,
        "The 3.1 `if`/`then`/`else` of a request schema was removed or changed.",
    ),
    check(
        "request-property-validation-added",
        E,
        Request,
        Bump::None,
        "A 3.1 validation keyword (`propertyNames`, `patternProperties`, `unevaluatedProperties`, `unevaluatedItems`, `dependentSchemas`, `contentSchema`, `contentMediaType`, `contentEncoding`) was added to a request schema: bodies valid before can be rejected (the generator ignores it: the Rust type is unchanged).",
    ),
    check(
        "request-property-validation-removed",
        I,
        Request,
        Bump::None,
        "A 3.1 validation keyword was removed from a request schema (more bodies are accepted; the Rust type is unchanged).",
    ),
    check(
        "request-property-validation-changed",
        W,
        Request,
        Bump::None,
        "A 3.1 validation keyword of a request schema changed (it may reject bodies valid before; the Rust type is unchanged).",
    ),
    check(
        "request-property-content-encoding-changed",
        E,
        Request,
        Bump::None,
        "A string's `contentEncoding` or `contentMediaType` changed: what callers encode the old way means something else now (the Rust type, a `String`, is unchanged).",
    ),
    check(
        "request-property-contains-count-narrowed",
        E,
        Request,
        Bump::None,
        "A request array's `minContains` rose or `maxContains` fell (or was added): arrays valid before can be rejected.",
    ),
    check(
        "request-property-contains-count-widened",
        I,
        Request,
        Bump::None,
        "A request array's `minContains` fell or `maxContains` rose (or was removed): more arrays are accepted.",
    ),
    check(
        "request-property-contains-added",
        E,
        Request,
        Bump::None,
        "A 3.1 `contains` was added to a request array: arrays without a matching item, valid before, are rejected (the generator ignores `contains`: the Rust type is unchanged).",
    ),
    check(
        "request-property-contains-removed",
        I,
        Request,
        Bump::None,
        "A 3.1 `contains` was removed from a request array (more arrays are accepted; the Rust type is unchanged).",
    ),
    check(
        "request-property-prefix-items-added",
        E,
        Request,
        Major,
        "A 3.1 `prefixItems` was added to a request array: arrays valid before can be rejected, and the generated item type becomes the union of the positions' types.",
    ),
    check(
        "request-property-prefix-items-removed",
        I,
        Request,
        Major,
        "A 3.1 `prefixItems` was removed from a request array: more arrays are accepted; the generated item type changes.",
    ),
    check(
        "request-property-dependent-required-added",
        E,
        Request,
        Patch,
        "A 3.1 `dependentRequired` entry was added to a request schema.",
    ),
    // Responses.
    check("response-success-status-removed", E, Response, Major, "A success (2xx) status of an operation was removed."),
    check(
        "response-success-status-added",
        I,
        Response,
        Minor,
        "A success (2xx) status was added (patch when its body has the type the others share; major when the method's single success type becomes an enum of statuses).",
    ),
    check(
        "response-error-status-added",
        W,
        Response,
        Minor,
        "A new error status is documented: not a wire break, but what was `Error::UnexpectedStatus` is now a variant of the non-exhaustive `{Op}Error` enum (major when the operation documented no error status: its error type changes from `Undocumented`).",
    ),
    check("response-error-status-removed", I, Response, Major, "An error status is no longer documented."),
    check("response-media-type-removed", E, Response, Major, "A response media type was removed."),
    check("response-media-type-added", I, Response, Patch, "A response media type was added."),
    // Response properties.
    check("response-property-removed", E, Response, Major, "A required response property was removed."),
    check("response-optional-property-removed", W, Response, Major, "An optional response property was removed."),
    check(
        "response-property-became-write-only",
        E,
        Response,
        Bump::None,
        "A required response property became `writeOnly`: the server stops returning it, but the generator ignores `writeOnly`, so the field stays required and a response without it does not decode (in the old crate and the new).",
    ),
    check(
        "response-optional-property-became-write-only",
        W,
        Response,
        Bump::None,
        "An optional response property became `writeOnly`: the server stops returning it; the generated field stays (the generator ignores `writeOnly`) and is always `None`.",
    ),
    check(
        "response-property-no-longer-write-only",
        I,
        Response,
        Bump::None,
        "A response property is no longer `writeOnly`: the server now returns it; the generated field was already there (the generator ignores `writeOnly`).",
    ),
    check(
        "response-property-added",
        I,
        Response,
        Minor,
        "A response property was added (a new field of a non-exhaustive struct; major when it is required, since the struct's `new` takes it).",
    ),
    check("response-body-became-nullable", E, Response, Major, "The response body may now be `null`.").changes_types_only(),
    check("response-body-became-not-nullable", I, Response, Major, "The response body is no longer `null`.").changes_types_only(),
    check(
        "response-property-became-optional",
        E,
        Response,
        Major,
        "A required response property became optional (no longer in `required`).",
    ),
    check("response-property-became-required", I, Response, Major, "An optional response property became required."),
    check("response-property-became-nullable", E, Response, Major, "A response property may now be `null`.").changes_types_only(),
    check("response-property-became-not-nullable", I, Response, Major, "A response property is no longer `null`.").changes_types_only(),
    check(
        "response-property-type-changed",
        E,
        Response,
        Major,
        "A response body or property type changed so that the server may return values not valid before.",
    ).changes_types_only(),
    check(
        "response-property-type-specialized",
        I,
        Response,
        Major,
        "A response body or property type was narrowed (every value returned is still valid for the old type).",
    ).changes_types_only(),
    check("response-property-format-changed", W, Response, Major, "A response body or property `format` changed.").changes_types_only(),
    check(
        "response-property-enum-value-added",
        W,
        Response,
        Minor,
        "A response property may return a new enum value: not a wire break, but a value that decoded as `Unknown(String)` now decodes as a new variant of the non-exhaustive enum.",
    ),
    check(
        "response-property-enum-value-removed",
        I,
        Response,
        Major,
        "A response property no longer returns an enum value.",
    ),
    check(
        "response-property-enum-values-replaced",
        E,
        Response,
        Major,
        "A response property returns none of the enum values it returned (a 3.1 `const` changed, or every value was replaced): old clients decode every value into `Unknown(String)`, so no variant they match on ever occurs, and the new crate drops those variants.",
    ),
    check("response-property-became-enum", I, Response, Major, "A free response property became an enum.").changes_types_only(),
    check(
        "response-property-no-longer-enum",
        E,
        Response,
        Major,
        "An enum response property may now return any value of its type.",
    ).changes_types_only(),
    check(
        "response-property-max-length-increased",
        W,
        Response,
        Patch,
        "A response property's `maxLength` was raised or removed.",
    ),
    check(
        "response-property-min-length-decreased",
        W,
        Response,
        Patch,
        "A response property's `minLength` was lowered or removed.",
    ),
    check(
        "response-property-max-increased",
        W,
        Response,
        Patch,
        "A response property's `maximum` was raised or removed.",
    ),
    check(
        "response-property-min-decreased",
        W,
        Response,
        Patch,
        "A response property's `minimum` was lowered or removed.",
    ),
    check(
        "response-property-max-items-increased",
        W,
        Response,
        Patch,
        "A response property's `maxItems` was raised or removed.",
    ),
    check(
        "response-property-min-items-decreased",
        W,
        Response,
        Patch,
        "A response property's `minItems` was lowered or removed.",
    ),
    check(
        "response-property-pattern-changed",
        W,
        Response,
        Patch,
        "A response property's `pattern` was changed or removed.",
    ),
    check(
        "response-property-one-of-added",
        E,
        Response,
        Minor,
        "A `oneOf` alternative (or an `anyOf` one the generator makes an untagged enum) was added to an untagged response union: a body of the new shape does not decode in old clients, or decodes into the wrong variant (the new crate adds a variant to a non-exhaustive enum).",
    ),
    check(
        "response-property-any-of-added",
        W,
        Response,
        Minor,
        "An object alternative was added to a response `anyOf` whose alternatives can overlap: typify makes such an `anyOf` a struct of flattened `Option`s, one per alternative, which decodes any object, so old clients still decode a body of the new shape (without its new fields); the new crate adds a field to the non-exhaustive struct.",
    ),
    check(
        "response-property-tagged-alternative-added",
        W,
        Response,
        Minor,
        "An alternative was added to a tagged response union (a `discriminator`, or a property every alternative pins): old clients decode its tag into the `Unknown` variant, which keeps the JSON (the open-enum policy); the new crate adds a variant to the non-exhaustive enum.",
    ),
    check(
        "response-property-discriminator-changed",
        E,
        Response,
        Major,
        "A response union's tag changed: `discriminator.propertyName` changed (old clients decode every body into the tagged enum's `Unknown`, like a `const` that changed), or a `mapping` entry was retargeted (old clients decode that tag as the old alternative's type, which a body of the new one can fail).",
    ),
    check(
        "response-property-tagging-changed",
        W,
        Response,
        Major,
        "A response union gained or lost its `discriminator`, or a variant of its tagged enum is renamed (an alternative gained a second tag or lost one of two: a variant is named after its single tag, else after its type): the bodies are the same and the old crate decodes them as before, but the generated enum changes, between untagged (alternatives tried most specific first) and tagged (decoded by the tag, `Unknown` keeping unlisted ones), or in its names; minor when one without `mapping` is gained (the variants keep their type names, `Unknown` is added).",
    ),
    check(
        "response-property-discriminator-mapping-added",
        W,
        Response,
        Minor,
        "A response `discriminator.mapping` has a new tag value: old clients decode a body with it into the tagged enum's `Unknown` variant, which keeps the JSON (as for a new string enum value); the new crate adds a variant to the non-exhaustive enum.",
    ),
    check(
        "response-property-discriminator-mapping-removed",
        I,
        Response,
        Major,
        "A response `discriminator.mapping` lost a tag value: the server no longer returns it (the new crate drops that variant of the tagged enum).",
    ),
    check(
        "response-property-additional-properties-widened",
        E,
        Response,
        Major,
        "A response map's values went from typed `additionalProperties` to free-form.",
    ).changes_types_only(),
    check("response-property-items-removed", E, Response, Major, "A response array no longer types its `items`.").changes_types_only(),
    check(
        "response-property-validation-added",
        I,
        Response,
        Bump::None,
        "A 3.1 validation keyword (`propertyNames`, `patternProperties`, `unevaluated*`, `dependentSchemas`, `content*`) was added to a response schema (fewer values are returned; the generator ignores it).",
    ),
    check(
        "response-property-validation-removed",
        W,
        Response,
        Bump::None,
        "A 3.1 validation keyword was removed from a response schema: values it excluded may be returned (the generated type never checked it, so they decode).",
    ),
    check(
        "response-property-validation-changed",
        W,
        Response,
        Bump::None,
        "A 3.1 validation keyword of a response schema changed: other values may be returned (they decode; the generator ignores the keyword).",
    ),
    check(
        "response-property-content-encoding-changed",
        E,
        Response,
        Bump::None,
        "A returned string's `contentEncoding` or `contentMediaType` changed: callers that decode it the old way read something else (the Rust type, a `String`, is unchanged).",
    ),
    check(
        "response-property-contains-count-narrowed",
        I,
        Response,
        Bump::None,
        "A response array's `minContains` rose or `maxContains` fell (fewer arrays are returned).",
    ),
    check(
        "response-property-contains-count-widened",
        W,
        Response,
        Bump::None,
        "A response array's `minContains` fell or `maxContains` rose: arrays the old description excluded may be returned (they decode).",
    ),
    check(
        "response-property-contains-added",
        I,
        Response,
        Bump::None,
        "A 3.1 `contains` was added to a response array (fewer arrays are returned; the generator ignores `contains`).",
    ),
    check(
        "response-property-contains-removed",
        W,
        Response,
        Bump::None,
        "A 3.1 `contains` was removed from a response array: an array without a matching item may be returned (the generated type never checked it, so it decodes).",
    ),
    check(
        "response-property-prefix-items-added",
        I,
        Response,
        Major,
        "A 3.1 `prefixItems` was added to a response array: fewer arrays are returned; the generated item type becomes the union of the positions' types.",
    ),
    check(
        "response-property-prefix-items-removed",
        E,
        Response,
        Major,
        "A 3.1 `prefixItems` was removed from a response array: items of any type may be returned, which the old item type (the union of the positions' types) does not decode.",
    ),
    check(
        "response-property-conditional-changed",
        W,
        Response,
        Patch,
        "The 3.1 `if`/`then`/`else` of a response schema was added, removed or changed.",
    ),
    check(
        "response-property-dependent-required-removed",
        W,
        Response,
        Patch,
        "A 3.1 `dependentRequired` entry of a response schema was removed.",
    ),
    check(
        "response-property-one-of-removed",
        I,
        Response,
        Major,
        "A `oneOf`/`anyOf` alternative of a response schema was removed.",
    ),
];

/// Looks a check up by id.
pub fn find(id: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut ids: Vec<_> = CHECKS.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len(), "duplicate check ids");
        for id in ids {
            assert!(id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{id}");
        }
    }
}
