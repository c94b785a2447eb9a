//! The JSON format: a stable document for tools (`version` changes only on breaking edits).

use serde::Serialize;

use crate::catalogue::Bump;
use crate::report::Counts;
use crate::run::{Entry, Run};

/// The version of the JSON document's layout.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    summary: Summary,
    entries: &'a [Entry],
}

#[derive(Serialize)]
struct Summary {
    #[serde(flatten)]
    counts: Counts,
    bump: Bump,
}

/// Renders the run as pretty-printed JSON.
pub fn render(run: &Run) -> String {
    let document = Document {
        version: JSON_VERSION,
        summary: Summary { counts: run.counts(), bump: run.bump() },
        entries: &run.entries,
    };
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
