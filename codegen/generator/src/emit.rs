//! Formatting (prettyplease), the `@generated` header, and the crate manifest.

use std::fmt::Write as _;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::{Error, Result};
use crate::generate::runtime::RUNTIME;
use crate::generate::Generated;
use crate::Job;

/// One file of a generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Path relative to the crate root.
    pub path: PathBuf,
    /// Contents.
    pub contents: String,
}

/// What a generated crate is stamped with: the sha256 of every vendored file it was generated from.
#[derive(Debug, Clone, Copy)]
pub struct Stamp<'a> {
    /// sha256 of the spec file.
    pub spec_sha256: &'a str,
    /// Every other vendored file read (merged documents, bundled files), as shown, with its sha256.
    pub files: &'a [(PathBuf, String)],
    /// sha256 of the overlay, if any.
    pub overlay_sha256: Option<&'a str>,
}

/// Emits every file of the crate.
///
/// # Errors
/// Only if the generated tokens are not valid Rust (a generator bug).
pub fn emit(job: &Job, mut generated: Generated, stamp: &Stamp<'_>) -> Result<Vec<File>> {
    let header = header(job, stamp);
    let title = &job.provenance.title;
    let krate = job.output.crate_name.replace('-', "_");
    // Provenance comes from the spec (`info`) for standalone crates: one line of plain text each.
    let line = crate::docs::one_line;
    let title = line(title);
    let mut crate_doc = vec![
        format!(
            "Typed client for the {title} API {}, generated from `{}`.",
            job.provenance.spec_version,
            job.spec.shown.display()
        ),
        String::new(),
        "Every operation of the spec is a method of [`Client`]; schemas are in [`types`].".to_owned(),
        "Errors are [`Error`], generic over each operation's own error enum, whose".to_owned(),
        "variants carry the decoded body of each documented error status.".to_owned(),
        String::new(),
        "Structs and enums are `#[non_exhaustive]`, so that what a new spec version adds".to_owned(),
        "(a property, a parameter, an enum value, an error status) is a minor release: build".to_owned(),
        "structs with `new(required…)` or `Default` and the setters, and give every `match` on".to_owned(),
        "a generated enum a wildcard arm.".to_owned(),
        String::new(),
        "```no_run".to_owned(),
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
    ];
    match &job.output.example {
        Some(example) => crate_doc.extend(example.trim_end().lines().map(str::to_owned)),
        None => crate_doc.extend([
            match generated.needs_base_url {
                // The spec names no server (or a relative one): the caller gives the base URL.
                true => format!("let client = {krate}::Client::builder(\"<token>\").base_url(\"https://api.example.com\").build()?;"),
                false => format!("let client = {krate}::Client::builder(\"<token>\").build()?;"),
            },
            "# let _ = client;".to_owned(),
        ]),
    }
    crate_doc.extend(["# Ok(())".to_owned(), "# }".to_owned(), "```".to_owned(), String::new()]);
    if !generated.skipped.is_empty() {
        // Vendor text (operationIds, paths, reasons) is one sanitized line each, in code spans
        // where it names spec items.
        crate_doc.extend(["# Operations not generated".to_owned(), String::new()]);
        crate_doc.push(
            "The generator could not express these operations of the spec; every other operation is a method."
                .to_owned(),
        );
        crate_doc.push(String::new());
        for op in &generated.skipped {
            crate_doc.push(format!(
                "- `{}` ({} `{}`, at `{}`): {}",
                line(&op.id).replace('`', "'"),
                op.http_method,
                line(&op.path).replace('`', "'"),
                line(&op.problem.pointer).replace('`', "'"),
                line(&op.problem.message)
            ));
        }
        crate_doc.push(String::new());
    }
    crate_doc.push(format!(
        "Source: {} ({}, revision {}); vendor docs: {}.",
        line(&job.provenance.source),
        job.provenance.origin.as_str(),
        line(&job.provenance.revision),
        line(&job.provenance.docs)
    ));
    let crate_doc = spaced(crate_doc);
    let client = &generated.client;
    let webhooks_mod = generated.webhooks.as_ref().map(|_| {
        quote! {
            #[cfg(feature = "webhooks")]
            pub mod webhooks;
        }
    });
    let lib = quote! {
        #(#![doc = #crate_doc])*
        // Descriptions are the vendor's prose, kept verbatim; rustdoc would read
        // some of it (HTML fragments, bracketed words, bare URLs) as markup, and clippy's
        // documentation lints would judge its Markdown (lists and quotes continued without
        // indentation, tabs).
        #![allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags, rustdoc::invalid_rust_codeblocks)]
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::tabs_in_doc_comments, clippy::doc_nested_refdefs, clippy::empty_docs, clippy::suspicious_doc_comments)]

        pub mod types;
        mod operations;
        #[cfg(feature = "mock")]
        pub mod mock;
        #webhooks_mod

        #[allow(unused_imports)]
        pub use operations::*;
        pub use #RUNTIME::{ByteStream, ConfigError, Error, FilePart, Nullable, RedirectPolicy, Response, RetryPolicy, Secret, Undocumented};

        #client
    };
    // The types are a syntax tree already: formatted as they are, not printed and parsed again.
    let empty = syn::File { shebang: None, attrs: Vec::new(), items: Vec::new() };
    let mut types = std::mem::replace(&mut generated.types, empty);
    types.attrs.splice(
        0..0,
        [
            syn::parse_quote!(#![doc = " Request and response types, generated from the spec's schemas by typify."]),
            syn::parse_quote!(#![allow(clippy::all, unused_imports, irrefutable_let_patterns)]),
        ],
    );
    let operations = &generated.operations;
    let operations = quote! {
        //! One `Client` method per operation, with its parameter struct and response and error enums.
        #operations
    };
    let mock_doc = mock_doc(job, &krate);
    let mock = &generated.mock;
    let mock = quote! {
        #(#![doc = #mock_doc])*
        #mock
    };
    let mut files = vec![
        File { path: "Cargo.toml".into(), contents: manifest(job, &generated, stamp) },
        rust_file("src/mock.rs", &header, &parse("src/mock.rs", mock)?),
        rust_file("src/lib.rs", &header, &parse("src/lib.rs", lib)?),
        rust_file("src/types.rs", &header, &types),
        rust_file("src/operations.rs", &header, &parse("src/operations.rs", operations)?),
    ];
    if let Some(webhooks) = &generated.webhooks {
        let doc = webhooks_doc(job, &generated);
        let tokens = &webhooks.tokens;
        let webhooks = quote! {
            #(#![doc = #doc])*
            #tokens
        };
        files.push(rust_file("src/webhooks.rs", &header, &parse("src/webhooks.rs", webhooks)?));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The `webhooks` module's docs (each line with its leading space).
fn webhooks_doc(job: &Job, generated: &Generated) -> Vec<String> {
    let title = crate::docs::one_line(&job.provenance.title);
    let mut doc = vec![
        format!("Inbound webhooks of the {title} API (feature `webhooks`): the payload types of the webhooks the spec declares, and `parse_as` to read a delivery's body as one of them."),
        String::new(),
    ];
    if generated.webhooks.as_ref().is_some_and(|module| module.discriminated) {
        doc.push("`WebhookEvent::parse` reads a delivery's raw body into the event it names; an event this crate does not know, or whose payload does not fit its type, is `WebhookEvent::Unknown` with the JSON kept whole. Verify the delivery's signature before parsing it (`helpdesk_runtime::webhook`).".to_owned());
    } else {
        doc.push("The payloads carry no property that names the event: a receiver that knows which webhook it got reads the body with `parse_as`. Verify the delivery's signature before parsing it (`helpdesk_runtime::webhook`).".to_owned());
    }
    spaced(doc)
}

/// The `mock` module's docs (each line with its leading space): what it is, then its example,
/// run as a doctest.
fn mock_doc(job: &Job, krate: &str) -> Vec<String> {
    let title = crate::docs::one_line(&job.provenance.title);
    let mut doc = vec![
        format!("A typed mock server of the {title} API, for testing code that uses [`Client`](crate::Client) without the vendor (feature `mock`)."),
        String::new(),
        "[`MockServer::start`] starts a server on 127.0.0.1 and [`MockServer::client_builder`] points a client at it.".to_owned(),
        "Each operation has a stub method named like the client's method, returning its stub builder: setters".to_owned(),
        "for path parameters, `params` and `body` (or `body_partial`) narrow what it matches, typed like the".to_owned(),
        "client's arguments; one `respond_*` method per documented response takes that response's type, so a".to_owned(),
        "stub cannot serve a body the spec does not allow (`respond_raw` and `delay` are for error paths); then".to_owned(),
        "`expect` and `mount`. Paginated operations get `respond_pages`. What the server received is in".to_owned(),
        "`requests()`, and `received::<T>()` decodes the bodies.".to_owned(),
        String::new(),
        "```".to_owned(),
        "# #[tokio::main(flavor = \"current_thread\")]".to_owned(),
        "# async fn main() {".to_owned(),
    ];
    match &job.output.mock_example {
        Some(example) => doc.extend(example.trim_end().lines().map(str::to_owned)),
        None => doc.extend([
            format!("let server = {krate}::mock::MockServer::start().await;"),
            "let client = server.client_builder(\"<token>\").build().unwrap();".to_owned(),
            "# let _ = client;".to_owned(),
        ]),
    }
    doc.extend(["# }".to_owned(), "```".to_owned()]);
    spaced(doc)
}

/// Doc lines as `#![doc]` values: each non-empty line keeps the space after the slashes.
fn spaced(lines: Vec<String>) -> Vec<String> {
    lines.into_iter().map(|line| if line.is_empty() { line } else { format!(" {line}") }).collect()
}

/// Parses the tokens of the file at `path`.
fn parse(path: &str, tokens: TokenStream) -> Result<syn::File> {
    syn::parse2(tokens).map_err(|err| {
        Error::new(
            path,
            "",
            format!("generated code does not parse: {err}"),
            "this is a generator bug; report it with the spec",
        )
    })
}

/// The file at `path`: the header as `//` comments, then `file` formatted by prettyplease.
fn rust_file(path: &str, header: &str, file: &syn::File) -> File {
    let mut contents = String::new();
    for line in header.lines() {
        let _ = writeln!(contents, "// {line}");
    }
    contents.push('\n');
    contents.push_str(&prettyplease::unparse(file));
    File { path: path.into(), contents }
}

fn header(job: &Job, stamp: &Stamp<'_>) -> String {
    let mut text = format!(
        "@generated by `{}` from {} (sha256 {})",
        job.output.command,
        job.spec.shown.display(),
        stamp.spec_sha256
    );
    for (file, sha) in stamp.files {
        let _ = write!(text, "\nand {} (sha256 {sha})", file.display());
    }
    if let (Some(overlay), Some(sha)) = (&job.overlay, stamp.overlay_sha256) {
        let _ = write!(text, "\nwith overlay {} (sha256 {sha})", overlay.shown.display());
    }
    let _ = write!(
        text,
        "\nby codegen {}. Do not edit: change the spec, overlay or generator, then regenerate.",
        env!("CARGO_PKG_VERSION")
    );
    text
}

fn manifest(job: &Job, generated: &Generated, stamp: &Stamp<'_>) -> String {
    let (spec_sha256, overlay_sha256) = (stamp.spec_sha256, stamp.overlay_sha256);
    let mut text = String::new();
    for line in header(job, stamp).lines() {
        let _ = writeln!(text, "# {line}");
    }
    let q = |s: &str| toml::Value::String(s.to_owned()).to_string();
    let _ = write!(
        text,
        "\n[package]\nname = {name}\nversion = {version}\nedition = \"2021\"\ndescription = {description}\nlicense = \"MIT OR Apache-2.0\"\npublish = false\n\n[package.metadata.helpdesk-bindings]\ncodegen-version = {codegen}\nspec = {spec}\nspec-sha256 = {spec_sha}\n",
        name = q(&job.output.crate_name),
        version = q(&job.output.crate_version),
        description = q(&format!("Typed client for the {} API {} (generated from its OpenAPI description).", crate::docs::one_line(&job.provenance.title), crate::docs::one_line(&job.provenance.spec_version))),
        codegen = q(env!("CARGO_PKG_VERSION")),
        spec = q(&job.spec.shown.display().to_string()),
        spec_sha = q(spec_sha256),
    );
    if !stamp.files.is_empty() {
        let files: Vec<String> = stamp
            .files
            .iter()
            .map(|(file, sha)| format!("\n    {{ file = {}, sha256 = {} }},", q(&file.display().to_string()), q(sha)))
            .collect();
        let _ = write!(text, "spec-files = [{}\n]\n", files.concat());
    }
    if let (Some(overlay), Some(sha)) = (&job.overlay, overlay_sha256) {
        let _ = write!(text, "overlay = {}\noverlay-sha256 = {}\n", q(&overlay.shown.display().to_string()), q(sha));
    }
    let _ = write!(
        text,
        "spec-version = {}\nspec-origin = {}\nspec-source = {}\nspec-revision = {}\n",
        q(&job.provenance.spec_version),
        q(job.provenance.origin.as_str()),
        q(&job.provenance.source),
        q(&job.provenance.revision)
    );
    let _ = write!(
        text,
        "\n[dependencies]\nhelpdesk-runtime = {{ path = {} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n",
        q(&job.output.runtime_path)
    );
    if generated.uses.chrono {
        text.push_str("chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }\n");
    }
    if generated.uses.uuid {
        text.push_str("uuid = { version = \"1\", features = [\"serde\"] }\n");
    }
    if generated.uses.regress {
        text.push_str("regress = \"0.10\"\n");
    }
    // The `mock` module's doctest runs on tokio (its users have their own runtime).
    text.push_str("\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n");
    let tags: Vec<String> = generated.features.iter().map(|f| toml::Value::String(f.clone()).to_string()).collect();
    let _ = write!(
        text,
        "\n# One feature per tag of the spec; `all-schemas` holds the types no operation uses.\n[features]\ndefault = [\"full\"]\nfull = [{}]\n",
        tags.join(", ")
    );
    for feature in &generated.features {
        let _ = writeln!(text, "{} = []", q(feature));
    }
    text.push_str("# The typed mock server (`mock` module): wiremock, for tests of code that uses the client.\nmock = [\"helpdesk-runtime/mock\"]\n");
    if let Some(module) = &generated.webhooks {
        let _ = writeln!(
            text,
            "# Inbound webhooks (`webhooks` module): the payload types, the event enum and, when the\n# provider's signature scheme is known, its verifier; off by default.\nwebhooks = [\"helpdesk-runtime/{}\"]",
            module.runtime_feature
        );
    }
    if job.output.standalone {
        text.push_str("\n# Not part of any enclosing workspace.\n[workspace]\n");
    }
    text
}
