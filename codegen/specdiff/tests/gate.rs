//! `--base REV` and `--gate` over a throw-away git repository with `specs/<provider>/provider.toml`.

use std::path::Path;
use std::process::Command;

use specdiff::{diff_base, gate, FailOn, ProviderRun, Status};

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

fn write(dir: &Path, path: &str, text: &str) {
    let full = dir.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, text).unwrap();
}

const V1: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /tickets:\n    post:\n      operationId: createTicket\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                title: {type: string}\n                legacy: {type: string}\n      responses: {'200': {description: ok}}\n";

/// V1 without the `legacy` request property (an ERR finding) and with an extra operation (INFO).
const V2: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /tickets:\n    post:\n      operationId: createTicket\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                title: {type: string}\n      responses: {'200': {description: ok}}\n    get:\n      operationId: listTickets\n      responses: {'200': {description: ok}}\n";

fn manifest(reviewed_at: Option<&str>, acks: &str) -> String {
    manifest_with(reviewed_at, "", acks)
}

/// A strict `provider.toml` (the same parser as the generator's); `spec` adds `[spec]` keys.
fn manifest_with(reviewed_at: Option<&str>, spec: &str, acks: &str) -> String {
    let reviewed = reviewed_at.map(|r| format!("reviewed_at = \"{r}\"\n")).unwrap_or_default();
    format!(
        "[provider]\ntitle = \"Acme\"\ndocs = \"https://acme.example\"\n\n[spec]\nfile = \"api.yaml\"\n{spec}\
         origin = \"authored\"\nsource = \"s\"\nrevision = \"r\"\nversion = \"1\"\nsha256 = \"ignored\"\n\n\
         [crate]\nname = \"acme\"\nversion = \"0.1.0\"\n\n[spec_diff]\n{reviewed}{acks}"
    )
}

fn repo() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    write(root, "specs/acme/api.yaml", V1);
    write(root, "specs/acme/provider.toml", &manifest(None, ""));
    write(root, "README.md", "x\n");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "v1"]);
    let commit = git(root, &["rev-parse", "HEAD"]);
    (dir, commit)
}

fn options(root: &Path) -> ProviderRun {
    ProviderRun { root: root.to_owned(), only: Vec::new(), apply_acknowledgements: true }
}

#[test]
fn base_compares_the_working_tree_with_a_revision() {
    let (dir, _) = repo();
    let root = dir.path();
    let unchanged = diff_base(&options(root), "HEAD").unwrap();
    assert_eq!(unchanged.entries[0].status, Status::Unchanged);
    assert_eq!(unchanged.exit_code(FailOn::Breaking), 0);

    write(root, "specs/acme/api.yaml", V2);
    let run = diff_base(&options(root), "HEAD").unwrap();
    let report = run.entries[0].report.as_ref().unwrap();
    let ids: Vec<_> = report.findings.iter().map(|f| f.id).collect();
    assert_eq!(ids, vec!["request-property-removed", "api-operation-added"]);
    assert_eq!(report.findings[0].location.file, "specs/acme/api.yaml");
    assert_eq!(report.findings[0].location.line, Some(14), "removals point at the old file");
    assert_eq!(run.exit_code(FailOn::Breaking), 1);
    assert_eq!(run.exit_code(FailOn::None), 0);

    let err = diff_base(&options(root), "no-such-ref").unwrap_err();
    assert!(err.to_string().contains("no-such-ref"), "{err}");
}

#[test]
fn gate_uses_reviewed_at_and_acknowledgements() {
    let (dir, commit) = repo();
    let root = dir.path();
    // No reviewed_at: nothing to compare.
    let run = gate(&options(root)).unwrap();
    assert_eq!(run.entries[0].status, Status::Skipped);
    assert_eq!(run.exit_code(FailOn::Breaking), 0);

    write(root, "specs/acme/api.yaml", V2);
    write(root, "specs/acme/provider.toml", &manifest(Some(&commit), ""));
    let run = gate(&options(root)).unwrap();
    assert_eq!(run.exit_code(FailOn::Breaking), 1);

    let ack = "\n[[spec_diff.acknowledged]]\nid = \"request-property-removed\"\npointer = \"#/paths/~1tickets/post\"\nreason = \"legacy was never used\"\n";
    write(root, "specs/acme/provider.toml", &manifest(Some(&commit), ack));
    let run = gate(&options(root)).unwrap();
    let report = run.entries[0].report.as_ref().unwrap();
    assert_eq!(report.acknowledged.len(), 1);
    assert_eq!(report.findings.iter().map(|f| f.id).collect::<Vec<_>>(), vec!["api-operation-added"]);
    assert_eq!(run.exit_code(FailOn::Breaking), 0);

    // An acknowledgement by exact location pointer works too.
    let ack = "\n[[spec_diff.acknowledged]]\nid = \"request-property-removed\"\npointer = \"#/paths/~1tickets/post/requestBody/content/application~1json/schema/properties/legacy\"\nreason = \"unused\"\n";
    write(root, "specs/acme/provider.toml", &manifest(Some(&commit), ack));
    assert_eq!(gate(&options(root)).unwrap().exit_code(FailOn::Breaking), 0);
}

#[test]
fn gate_treats_a_spec_missing_at_reviewed_at_as_new() {
    let (dir, commit) = repo();
    let root = dir.path();
    write(root, "specs/newco/api.yaml", V1);
    write(root, "specs/newco/provider.toml", &manifest(Some(&commit), ""));
    let run = gate(&options(root)).unwrap();
    let newco = run.entries.iter().find(|e| e.provider.as_deref() == Some("newco")).unwrap();
    assert_eq!(newco.status, Status::NewSpec);
    assert!(newco.detail.as_deref().unwrap().contains("new spec"));
    assert_eq!(run.exit_code(FailOn::Breaking), 0);

    write(root, "specs/newco/provider.toml", &manifest(Some("0000000000000000000000000000000000000000"), ""));
    assert!(matches!(gate(&options(root)), Err(specdiff::Error::BadRevision { .. })));
}

/// An overlay that removes `legacy` from the request body of `POST /tickets`.
const REMOVE_LEGACY: &str = "overlay: 1.0.0\ninfo: {title: fixes, version: '1'}\nactions:\n  - target: $.info\n    description: a fix that changes nothing of the API\n    update: {x-reviewed: true}\n  - target: $.paths['/tickets'].post.requestBody.content['application/json'].schema.properties.legacy\n    description: the vendor no longer accepts legacy\n    remove: true\n";

#[test]
fn gate_compares_effective_specs_and_blames_the_overlay() {
    let (dir, _) = repo();
    let root = dir.path();
    // The overlay exists at the reviewed commit but changes nothing of the API yet.
    let harmless = REMOVE_LEGACY.split("  - target: $.paths").next().unwrap();
    write(root, "specs/acme/overlay.yaml", harmless);
    write(root, "specs/acme/provider.toml", &manifest_with(None, "overlay = \"overlay.yaml\"\n", ""));
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "overlay"]);
    let commit = git(root, &["rev-parse", "HEAD"]);
    write(root, "specs/acme/provider.toml", &manifest_with(Some(&commit), "overlay = \"overlay.yaml\"\n", ""));
    assert_eq!(gate(&options(root)).unwrap().exit_code(FailOn::Breaking), 0, "nothing changed yet");

    // Only the overlay changes: the vendored spec is the same, the generated API loses a field.
    write(root, "specs/acme/overlay.yaml", REMOVE_LEGACY);
    let run = gate(&options(root)).unwrap();
    assert_eq!(run.exit_code(FailOn::Breaking), 1, "an overlay-only removal fails the gate");
    let report = run.entries[0].report.as_ref().unwrap();
    let removed = report.findings.iter().find(|f| f.id == "request-property-removed").expect("the removal is found");
    assert_eq!(removed.location.file, "specs/acme/overlay.yaml", "the overlay caused it");
    assert_eq!(removed.location.pointer, "overlay.yaml#/actions/1");
    assert_eq!(removed.location.line, Some(7));
    assert_eq!(removed.rust.item, "types::CreateTicketBody::legacy");

    // Acknowledged by the overlay action's location, the gate passes again.
    let ack = "\n[[spec_diff.acknowledged]]\nid = \"request-property-removed\"\npointer = \"overlay.yaml#/actions/1\"\nreason = \"legacy was never used\"\n";
    write(root, "specs/acme/provider.toml", &manifest_with(Some(&commit), "overlay = \"overlay.yaml\"\n", ack));
    assert_eq!(gate(&options(root)).unwrap().exit_code(FailOn::Breaking), 0);
}
