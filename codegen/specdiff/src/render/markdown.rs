//! The Markdown format: a summary table and one table per level, for PR comments and CI job
//! summaries (informational changes folded away).

use std::fmt::Write;

use super::{bump_sentence, counts_sentence, entry_status_line, entry_title, file_line, operations_text};
use crate::catalogue::Level;
use crate::report::{Finding, Report};
use crate::run::Run;

/// Escapes text for a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Renders the run as Markdown.
pub fn render(run: &Run) -> String {
    let mut out = String::from("## spec-diff\n\n");
    let _ = writeln!(out, "**{}** — {}.\n", counts_sentence(run.counts()), bump_sentence(run.bump()));
    out.push_str("| Spec | Errors | Warnings | Infos | Crate bump |\n|---|---:|---:|---:|---|\n");
    for entry in &run.entries {
        let title = cell(&entry_title(entry));
        match &entry.report {
            Some(report) => {
                let c = report.counts();
                let _ =
                    writeln!(out, "| {title} | {} | {} | {} | {} |", c.error, c.warning, c.info, report.bump().name());
            }
            None => {
                let _ =
                    writeln!(out, "| {title} | – | – | – | {} |", cell(&entry_status_line(entry).unwrap_or_default()));
            }
        }
    }
    for entry in &run.entries {
        let Some(report) = &entry.report else { continue };
        if report.findings.is_empty() && report.notes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {}\n", cell(&entry_title(entry)));
        let _ = writeln!(out, "`{}` → `{}`\n", report.old, report.new);
        section(&mut out, report, Level::Error, "Breaking changes");
        section(&mut out, report, Level::Warning, "Warnings");
        section(&mut out, report, Level::Info, "Informational changes");
        if !report.acknowledged.is_empty() {
            let _ =
                writeln!(out, "{} acknowledged finding(s) hidden (see `provider.toml`).\n", report.acknowledged.len());
        }
        if !report.notes.is_empty() {
            out.push_str("<details><summary>Notes</summary>\n\n");
            for note in &report.notes {
                let _ = writeln!(out, "- {}", cell(note));
            }
            out.push_str("\n</details>\n");
        }
    }
    out
}

fn section(out: &mut String, report: &Report, level: Level, title: &str) {
    let findings: Vec<&Finding> = report.findings.iter().filter(|f| f.level == level).collect();
    if findings.is_empty() {
        return;
    }
    let fold = level == Level::Info;
    if fold {
        let _ = writeln!(out, "<details><summary>{title} ({})</summary>\n", findings.len());
    } else {
        let _ = writeln!(out, "#### {title} ({})\n", findings.len());
    }
    out.push_str("| Check | Change | Operations | Rust item | Bump | Location |\n|---|---|---|---|---|---|\n");
    for f in findings {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | `{}` | {} | `{}` ({}) |",
            f.id,
            cell(&f.message),
            cell(&operations_text(f, 3)),
            cell(&f.rust.item),
            f.rust.bump.name(),
            cell(&f.location.pointer),
            cell(&file_line(f)),
        );
    }
    out.push('\n');
    if fold {
        out.push_str("</details>\n\n");
    }
}
