//! The GitHub Actions format: one workflow command per finding (`::error`, `::warning`,
//! `::notice`) pointing at the spec line, then a plain summary line.

use std::fmt::Write;

use super::{bump_sentence, counts_sentence, entry_status_line, entry_title, operations_text};
use crate::catalogue::Level;
use crate::report::Side;
use crate::run::Run;

/// Escapes the message part of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Renders the run as GitHub Actions annotations.
pub fn render(run: &Run) -> String {
    let mut out = String::new();
    for entry in &run.entries {
        if let Some(line) = entry_status_line(entry) {
            let _ = writeln!(out, "::notice title={}::{}", escape_property(&entry_title(entry)), escape_data(&line));
        }
        let Some(report) = &entry.report else { continue };
        for finding in &report.findings {
            let command = match finding.level {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Info => "notice",
            };
            let mut properties = format!("file={}", escape_property(&finding.location.file));
            if let Some(line) = finding.location.line {
                let _ = write!(properties, ",line={line}");
            }
            let _ = write!(properties, ",title={}", escape_property(&format!("spec-diff {}", finding.id)));
            let side = if finding.location.side == Side::Old { " (in the old spec)" } else { "" };
            let mut message =
                format!("{}{side}. Rust: {} ({} bump).", finding.message, finding.rust.item, finding.rust.bump.name());
            if !finding.operations.is_empty() {
                let _ = write!(message, " Operations: {}.", operations_text(finding, 5));
            }
            let _ = write!(message, " Location: {}", finding.location.pointer);
            let _ = writeln!(out, "::{command} {properties}::{}", escape_data(&message));
        }
    }
    let _ = writeln!(out, "spec-diff: {}; {}", counts_sentence(run.counts()), bump_sentence(run.bump()));
    out
}
