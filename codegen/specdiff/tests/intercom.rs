//! Real history: Intercom 2.9 → 2.10 → 2.11. The Markdown report of each pair is a committed
//! snapshot (reviewed by hand), and the counts by level and the known drift are asserted.

use std::path::Path;

use specdiff::report::Counts;
use specdiff::{diff_specs, Report, Spec};

fn load(version: &str) -> Spec {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = format!("tests/fixtures/intercom/{version}.yaml");
    Spec::load(&root.join(&path), &path, None).expect("fixture loads")
}

fn compare(old: &str, new: &str) -> (Report, String) {
    let report = diff_specs(&load(old), &load(new));
    let run = specdiff::Run {
        entries: vec![specdiff::Entry {
            provider: Some("intercom".to_owned()),
            file: format!("tests/fixtures/intercom/{new}.yaml"),
            status: specdiff::Status::Compared,
            detail: None,
            report: Some(report.clone()),
        }],
    };
    (report, specdiff::render::markdown(&run))
}

fn has(report: &Report, id: &str, pointer: &str) -> bool {
    report.findings.iter().any(|f| f.id == id && f.location.pointer == pointer)
}

#[test]
fn intercom_2_9_to_2_10() {
    let (report, markdown) = compare("2.9", "2.10");
    assert_eq!(report.counts(), Counts { error: 7, warning: 8, info: 25 });
    assert!(has(&report, "request-property-added", "#/components/schemas/update_ticket_request/properties/open"));
    assert!(has(
        &report,
        "request-property-added",
        "#/components/schemas/update_ticket_request/properties/snoozed_until"
    ));
    // Intercom's spec refers to a schema it never defines: an ERR finding of the new spec.
    assert!(has(
        &report,
        "api-ref-unresolved",
        "#/components/schemas/create_phone_switch_request/properties/custom_attributes/$ref"
    ));
    assert!(report.notes.is_empty(), "{:?}", report.notes);
    // `POST /tickets/{id}/reply` became a `oneOf` of a contact reply and an admin reply: the
    // `type` values (`user`, `admin`) keep them apart, so no overlap is reported.
    assert!(!report.findings.iter().any(|f| f.id == "request-body-one-of-overlapping"));
    insta::assert_snapshot!("intercom_2.9_to_2.10", markdown);
}

#[test]
fn intercom_2_10_to_2_11() {
    let (report, markdown) = compare("2.10", "2.11");
    assert_eq!(report.counts(), Counts { error: 56, warning: 16, info: 597 });
    assert!(has(&report, "request-property-added", "#/components/schemas/create_ticket_request/properties/created_at"));
    // `/tickets/{id}` → `/tickets/{ticket_id}` is a rename, never a removal.
    let renamed: Vec<_> = report
        .findings
        .iter()
        .filter(|f| {
            f.id == "api-path-parameter-renamed"
                && f.operations.iter().any(|o| o.key.starts_with("PUT /tickets/{ticket_id}"))
        })
        .collect();
    assert_eq!(renamed.len(), 1);
    assert_eq!(renamed[0].operations[0].old_key.as_deref(), Some("PUT /tickets/{id}"));
    assert!(!report
        .findings
        .iter()
        .any(|f| f.id == "api-path-removed" || f.id == "api-operation-removed" || f.id == "request-parameter-removed"));
    insta::assert_snapshot!("intercom_2.10_to_2.11", markdown);
}

#[test]
fn a_spec_compared_with_itself_is_clean() {
    let spec = load("2.11");
    let report = diff_specs(&spec, &spec);
    // Only the spec's own dangling references (to `custom_attributes`) remain.
    assert!(report.findings.iter().all(|f| f.id == "api-ref-unresolved"), "{:#?}", report.findings);
}
