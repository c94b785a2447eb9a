//! The four output formats on a small report: text (plain and coloured), Markdown, JSON and
//! GitHub annotations.

mod common;

use common::{diff, request_prop};
use specdiff::{render, Entry, Format, Run, Status};

fn run() -> Run {
    let report = diff(&request_prop("{type: string, enum: [a, b]}"), &request_prop("{type: string, enum: [a]}"));
    Run {
        entries: vec![Entry {
            provider: Some("acme".to_owned()),
            file: "specs/acme/api.yaml".to_owned(),
            status: Status::Compared,
            detail: None,
            report: Some(report),
        }],
    }
}

#[test]
fn text() {
    let plain = render::render(&run(), Format::Text, false);
    assert!(
        plain.contains(
            "ERR  request-property-enum-value-removed  property `p` of the request body no longer has enum value `b`"
        ),
        "{plain}"
    );
    assert!(plain.contains("rust: types::CreateItemBodyP::B (major)"), "{plain}");
    assert!(!plain.contains('\u{1b}'));
    let colored = render::render(&run(), Format::Text, true);
    assert!(colored.contains('\u{1b}'));
}

#[test]
fn markdown() {
    let md = render::markdown(&run());
    assert!(md.contains("| acme (specs/acme/api.yaml) | 1 | 0 | 0 | major |"), "{md}");
    assert!(md.contains("#### Breaking changes (1)"), "{md}");
}

#[test]
fn json_is_stable() {
    let json: serde_json::Value = serde_json::from_str(&render::json(&run())).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["summary"]["error"], 1);
    assert_eq!(json["summary"]["bump"], "major");
    let finding = &json["entries"][0]["report"]["findings"][0];
    assert_eq!(finding["id"], "request-property-enum-value-removed");
    assert_eq!(finding["level"], "error");
    assert_eq!(finding["direction"], "request");
    assert_eq!(finding["location"]["side"], "old");
    assert_eq!(finding["location"]["line"], 3);
    assert_eq!(finding["operations"][0]["key"], "POST /items");
    assert_eq!(finding["rust"]["item"], "types::CreateItemBodyP::B");
}

#[test]
fn github_annotations() {
    let out = render::github(&run());
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("::error file=old.yaml,line=3,title=spec-diff request-property-enum-value-removed::"),
        "{first}"
    );
    assert!(out.lines().last().unwrap().starts_with("spec-diff: 1 error, 0 warnings, 0 infos"));
}
