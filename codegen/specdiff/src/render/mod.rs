//! Rendering a [`Run`] as human text, Markdown, JSON or GitHub Actions annotations.

mod github;
mod json;
mod markdown;
mod text;

pub use github::render as github;
pub use json::render as json;
pub use markdown::render as markdown;
pub use text::render as text;

use crate::catalogue::Bump;
use crate::report::{Counts, Finding};
use crate::run::{Entry, Run, Status};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Human-readable text (coloured on a terminal).
    #[default]
    Text,
    /// Markdown for PR comments and CI job summaries.
    Markdown,
    /// Stable JSON for tools.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`).
    Github,
}

/// Renders `run` in `format`; `color` only affects [`Format::Text`].
pub fn render(run: &Run, format: Format, color: bool) -> String {
    match format {
        Format::Text => text(run, color),
        Format::Markdown => markdown(run),
        Format::Json => json(run),
        Format::Github => github(run),
    }
}

/// `1 error, 2 warnings, 3 infos`.
pub(crate) fn counts_sentence(counts: Counts) -> String {
    let plural = |n: usize, word: &str| if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") };
    format!("{}, {}, {}", plural(counts.error, "error"), plural(counts.warning, "warning"), plural(counts.info, "info"))
}

/// What the generated crate needs, in words.
pub(crate) fn bump_sentence(bump: Bump) -> String {
    match bump {
        Bump::None => "the generated crate is unaffected".to_owned(),
        Bump::Patch => "the generated crate needs a patch release".to_owned(),
        Bump::Minor => "the generated crate needs a minor version bump".to_owned(),
        Bump::Major => "the generated crate needs a major version bump".to_owned(),
    }
}

/// The operations of a finding, at most `limit` named: `PUT /a, GET /b (+3 more)`.
pub(crate) fn operations_text(finding: &Finding, limit: usize) -> String {
    let keys: Vec<&str> = finding.operations.iter().map(|o| o.key.as_str()).collect();
    if keys.len() <= limit {
        return keys.join(", ");
    }
    format!("{} (+{} more)", keys[..limit].join(", "), keys.len() - limit)
}

/// `file:line` of a finding's location (the file name only, for brevity).
pub(crate) fn file_line(finding: &Finding) -> String {
    let file = finding.location.file.rsplit('/').next().unwrap_or(&finding.location.file);
    match finding.location.line {
        Some(line) => format!("{file}:{line}"),
        None => file.to_owned(),
    }
}

/// A heading for an entry: the provider and the file.
pub(crate) fn entry_title(entry: &Entry) -> String {
    match &entry.provider {
        Some(provider) => format!("{provider} ({})", entry.file),
        None => entry.file.clone(),
    }
}

/// The one-line description of an entry that has no findings to list.
pub(crate) fn entry_status_line(entry: &Entry) -> Option<String> {
    let detail = entry.detail.clone().unwrap_or_default();
    match entry.status {
        Status::Compared => None,
        Status::Unchanged => Some(format!("unchanged ({detail})")),
        Status::NewSpec => Some(detail),
        Status::Skipped => Some(format!("skipped: {detail}")),
    }
}
