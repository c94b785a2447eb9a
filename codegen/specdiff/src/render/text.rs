//! The human text format: findings grouped by spec, most severe first, coloured on a terminal.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use super::{bump_sentence, counts_sentence, entry_status_line, entry_title, file_line, operations_text};
use crate::catalogue::Level;
use crate::report::Side;
use crate::run::Run;

struct Palette {
    enabled: bool,
}

impl Palette {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.enabled {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }

    fn level(&self, level: Level) -> String {
        let color = match level {
            Level::Error => AnsiColor::Red,
            Level::Warning => AnsiColor::Yellow,
            Level::Info => AnsiColor::Cyan,
        };
        self.paint(Style::new().bold().fg_color(Some(color.into())), &format!("{:<4}", level.tag()))
    }

    fn bold(&self, text: &str) -> String {
        self.paint(Style::new().bold(), text)
    }

    fn dim(&self, text: &str) -> String {
        self.paint(Style::new().dimmed(), text)
    }
}

/// Renders the run as text; `color` adds ANSI styles.
pub fn render(run: &Run, color: bool) -> String {
    let p = Palette { enabled: color };
    let mut out = String::new();
    for entry in &run.entries {
        let _ = writeln!(out, "{}", p.bold(&format!("spec-diff: {}", entry_title(entry))));
        if let Some(line) = entry_status_line(entry) {
            let _ = writeln!(out, "  {line}\n");
            continue;
        }
        let Some(report) = &entry.report else { continue };
        let _ = writeln!(out, "  {} → {}", report.old, report.new);
        for finding in &report.findings {
            let _ = writeln!(out, "{} {}  {}", p.level(finding.level), p.bold(finding.id), finding.message);
            let side = if finding.location.side == Side::Old { ", old spec" } else { "" };
            let _ = writeln!(
                out,
                "     {}",
                p.dim(&format!("at {} ({}{side})", finding.location.pointer, file_line(finding)))
            );
            if !finding.operations.is_empty() {
                let _ = writeln!(out, "     {}", p.dim(&format!("in {}", operations_text(finding, 3))));
            }
            let _ =
                writeln!(out, "     {}", p.dim(&format!("rust: {} ({})", finding.rust.item, finding.rust.bump.name())));
        }
        for note in &report.notes {
            let _ = writeln!(out, "{} {}", p.dim("note"), note);
        }
        if !report.acknowledged.is_empty() {
            let _ = writeln!(out, "  {} acknowledged finding(s) hidden (see provider.toml)", report.acknowledged.len());
        }
        let _ = writeln!(out, "  {}; {}\n", counts_sentence(report.counts()), bump_sentence(report.bump()));
    }
    let _ = writeln!(
        out,
        "{}",
        p.bold(&format!("Total: {}; {}.", counts_sentence(run.counts()), bump_sentence(run.bump())))
    );
    out
}
