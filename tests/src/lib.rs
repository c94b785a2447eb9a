//! Helpers shared by the conformance tests in `tests/`: documented examples from the
//! vendored specs (with their overlays applied) and header assertions.

use serde_json::Value;

/// The README's Rust snippets (the quick start), compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

pub use codegen::providers::workspace_root as root;

/// The vendored providers: folders of `specs/` with a `provider.toml`, sorted.
///
/// # Panics
/// When `specs/` cannot be listed.
pub fn providers() -> Vec<String> {
    codegen::providers::names(&root()).unwrap_or_else(|err| panic!("{err}"))
}

/// A provider's manifest and generation job, as `cargo xtask regenerate` builds them.
///
/// # Panics
/// When the manifest cannot be read.
pub fn job(provider: &str) -> (codegen::Manifest, codegen::Job) {
    let manifest = codegen::Manifest::load(&root().join("specs").join(provider).join("provider.toml"))
        .unwrap_or_else(|err| panic!("{err}"));
    let job = codegen::Job::from_manifest(&root(), provider, &manifest);
    (manifest, job)
}

/// A provider's spec as the vendor's file plus our overlay (see [`codegen::patched_spec`]).
///
/// # Panics
/// When the spec or overlay cannot be loaded or applied.
pub fn patched_spec(provider: &str) -> Value {
    codegen::patched_spec(&job(provider).1).unwrap_or_else(|err| panic!("{err}")).spec
}

/// Returns the value at `pointer` of a provider's spec as generation sees it:
/// `specs/<provider>/` bundled, with its overlay applied (so examples the overlay
/// corrects are read corrected), in the vendor's OpenAPI version.
///
/// # Panics
/// When the spec cannot be loaded or nothing is at `pointer`: the test names a
/// documented example that must exist.
pub fn spec_value(provider: &str, pointer: &str) -> Value {
    patched_spec(provider).pointer(pointer).cloned().unwrap_or_else(|| panic!("nothing at specs/{provider}#{pointer}"))
}

/// The documented example `name` of an operation's response (`operation` is the
/// operation's JSON pointer, e.g. `/paths/~1tickets/post`), following a `$ref` to
/// `#/components/responses`.
///
/// # Panics
/// When the response, media type or example does not exist.
pub fn response_example(provider: &str, operation: &str, status: &str, media: &str, name: &str) -> Value {
    let spec = patched_spec(provider);
    fn follow<'a>(spec: &'a Value, mut node: &'a Value) -> Value {
        while let Some(target) = node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            node = spec.pointer(target).unwrap_or_else(|| panic!("dangling $ref {target}"));
        }
        node.clone()
    }
    let response = follow(
        &spec,
        spec.pointer(&format!("{operation}/responses/{status}"))
            .unwrap_or_else(|| panic!("no {status} response at {operation}")),
    );
    let pointer = format!("/content/{}/examples/{name}", codegen::error::escape_token(media));
    let example = follow(
        &spec,
        response
            .pointer(&pointer)
            .unwrap_or_else(|| panic!("no example at specs/{provider}#{operation}/responses/{status}{pointer}")),
    );
    example["value"].clone()
}

/// A documented example decoded into a generated response type: what a typed mock stub
/// (`respond_<status>`) serves.
///
/// # Panics
/// When the example is not that type.
pub fn typed<T: serde::de::DeserializeOwned>(example: Value) -> T {
    serde_json::from_value(example)
        .unwrap_or_else(|err| panic!("the documented example is not a `{}`: {err}", std::any::type_name::<T>()))
}

/// Header names a generated client may send besides the ones a test expects:
/// what reqwest adds on its own, and the runtime's `Accept` and `User-Agent`.
pub const TRANSPORT_HEADERS: [&str; 5] = ["host", "accept", "content-length", "content-type", "user-agent"];

/// Asserts that a request carried exactly `expected` headers besides the transport ones.
///
/// # Panics
/// On any other header, such as a stray `api-version`.
pub fn assert_only_headers(request: &wiremock::Request, expected: &[&str]) {
    for (name, _) in request.headers.iter() {
        let name = name.as_str();
        assert!(
            TRANSPORT_HEADERS.contains(&name) || expected.iter().any(|e| e.eq_ignore_ascii_case(name)),
            "unexpected header `{name}` in {} {}",
            request.method,
            request.url
        );
    }
}

/// One documented response example: where it is, the operation, the status, the body, the schema.
pub struct Example {
    /// Where the example is (JSON pointer into the spec, with a note for schema examples).
    pub at: String,
    /// The operation it documents.
    pub operation_id: String,
    /// Its status (599 for `default`).
    pub status: u16,
    /// The example value.
    pub body: Value,
    /// The schema of its media type, as written (possibly a `$ref`).
    pub schema: Value,
}

/// `node` after following its `$ref`s (16 at most) inside `spec`.
pub fn resolve<'a>(spec: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(pointer) => node = spec.pointer(pointer).unwrap_or(&Value::Null),
            None => break,
        }
    }
    node
}

/// The documented response examples of a spec (and how many operations it has): media-type `examples` and `example`,
/// and the `example` of the response schema (after `$ref`s).
pub fn response_examples(spec: &Value) -> (usize, Vec<Example>) {
    let mut operations = 0;
    let mut found = Vec::new();
    for (path, item) in spec["paths"].as_object().into_iter().flatten() {
        for method in codegen::normalize::METHODS {
            let Some(operation) = item.get(method) else { continue };
            operations += 1;
            let operation_id =
                operation["operationId"].as_str().expect("every vendored operation has an operationId").to_owned();
            for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                let code = match status.as_str() {
                    "default" => 599,
                    other => match other.parse::<u16>() {
                        Ok(code) => code,
                        Err(_) => continue,
                    },
                };
                let response = resolve(spec, response);
                for (media, content) in response["content"].as_object().into_iter().flatten() {
                    if !media.contains("json") {
                        continue;
                    }
                    let at = format!(
                        "#/paths/{}/{method}/responses/{status}/content/{}",
                        codegen::error::escape_token(path),
                        codegen::error::escape_token(media)
                    );
                    let mut push = |where_: String, body: &Value| {
                        found.push(Example {
                            at: where_,
                            operation_id: operation_id.clone(),
                            status: code,
                            body: body.clone(),
                            schema: content["schema"].clone(),
                        });
                    };
                    for (name, example) in content["examples"].as_object().into_iter().flatten() {
                        let example = resolve(spec, example);
                        if let Some(value) = example.get("value") {
                            push(format!("{at}/examples/{}", codegen::error::escape_token(name)), value);
                        }
                    }
                    if let Some(example) = content.get("example") {
                        push(format!("{at}/example"), example);
                    }
                    let schema = resolve(spec, &content["schema"]);
                    if let Some(example) = schema.get("example") {
                        push(format!("{at}/schema (example)"), example);
                    }
                    for example in schema.get("examples").and_then(Value::as_array).into_iter().flatten() {
                        push(format!("{at}/schema (examples)"), example);
                    }
                }
            }
        }
    }
    (operations, found)
}

/// Intercom's documented ticket (createTicket's 200 example of the 2.9 spec) in the webhook
/// notification envelope of
/// <https://developers.intercom.com/docs/references/2.9/webhooks/webhook-models> for `topic`.
pub fn intercom_notification(topic: &str) -> Value {
    let ticket =
        response_example("intercom", "/paths/~1tickets/post", "200", "application/json", "Successful response");
    serde_json::json!({
        "type": "notification_event",
        "app_id": "a86dr8yl",
        "id": "notif_ccd8a4d0-f965-11e3-a367-c779cae3e1b3",
        "topic": topic,
        "created_at": 1_392_731_331,
        "delivery_attempts": 1,
        "first_sent_at": 1_392_731_392,
        "data": {"type": "notification_event_data", "item": ticket},
    })
}
