//! Vendor text as documentation: what a spec says becomes doc comments, never code.
//!
//! rustdoc compiles and runs fenced and indented code blocks in doc comments as
//! doctests, so a description with a fenced `std::process::exit(3);` would run on a
//! developer's or CI machine. Every text from a spec that reaches a doc comment goes
//! through [`sanitize`] first.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for a text (after [`sanitize`]), one per line, each line prefixed by a space.
pub fn doc_lines(text: &str) -> TokenStream {
    let text = sanitize(text);
    let lines = text.trim().lines().map(|line| format!(" {}", line.trim_end()));
    quote!(#(#[doc = #lines])*)
}

/// The text as safe documentation:
/// - every fenced code block is a `text` block (never compiled or run);
/// - no line is indented by four or more columns outside a fence (which would be an
///   indented code block, also a doctest): deeper indentation is cut to three spaces;
/// - `\r\n` and a bare `\r` end lines; other control characters and the bidirectional
///   controls U+202A–U+202E and U+2066–U+2069 (which can disguise text) are removed.
pub fn sanitize(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    // The fence that opened the current code block (its character and length), if any.
    let mut fence: Option<(char, usize)> = None;
    for line in text.split('\n') {
        let line: String = line.chars().filter(|c| !is_hidden(*c)).collect();
        let trimmed = line.trim_start();
        let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = marker.map_or(0, |m| trimmed.chars().take_while(|c| *c == m).count());
        match (fence, marker) {
            (None, Some(m)) if run >= 3 => {
                fence = Some((m, run));
                out.push(format!("{}text", m.to_string().repeat(run)));
            }
            (Some((m, n)), Some(c)) if c == m && run >= n && trimmed.chars().skip(run).all(char::is_whitespace) => {
                fence = None;
                out.push(m.to_string().repeat(run));
            }
            (Some(_), _) => out.push(line),
            (None, _) => out.push(shallow(&line)),
        }
    }
    // An unclosed fence is closed, so that nothing after it is read as code.
    if let Some((m, n)) = fence {
        out.push(m.to_string().repeat(n));
    }
    out.join("\n")
}

/// [`sanitize`]d text on one line (newlines become spaces): for titles and provenance.
pub fn one_line(text: &str) -> String {
    sanitize(text).replace('\n', " ")
}

/// A line indented by at most three columns (tabs count as four).
fn shallow(line: &str) -> String {
    let rest = line.trim_start_matches([' ', '\t']);
    let indent: usize = line[..line.len() - rest.len()].chars().map(|c| if c == '\t' { 4 } else { 1 }).sum();
    format!("{}{rest}", " ".repeat(indent.min(3)))
}

/// Control characters (other than tab) and bidirectional controls.
fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\t') || ('\u{202A}'..='\u{202E}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn code_in_vendor_text_never_becomes_a_doctest() {
        let text = "Run this:\n```rust\nstd::process::exit(3);\n```\nor\n~~~\nfn main() {}\n~~~~\nthen\n\n    std::process::exit(4);\n\tstd::process::exit(5);";
        let safe = sanitize(text);
        assert_eq!(
            safe,
            "Run this:\n```text\nstd::process::exit(3);\n```\nor\n~~~text\nfn main() {}\n~~~~\nthen\n\n   std::process::exit(4);\n   std::process::exit(5);"
        );
        // An unclosed fence is closed; a longer closing fence closes it too.
        assert_eq!(sanitize("```\nexit(1);"), "```text\nexit(1);\n```");
    }

    #[test]
    fn carriage_returns_and_hidden_characters() {
        assert_eq!(sanitize("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(sanitize("safe\u{202E}txt.exe\u{2066}x\u{7}"), "safetxt.exex");
        assert_eq!(sanitize("  - item\n\tkept"), "  - item\n   kept");
    }
}
