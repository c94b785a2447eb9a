//! JSON pointer → line number locator for YAML and JSON text, built from the marked event
//! stream of `yaml-rust2` (JSON is read as YAML flow syntax), so that reports and GitHub
//! annotations can point at the spec line of a change.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use helpdesk_spec::pointer;

use crate::report::{Finding, Report, Side};
use crate::spec::Spec;

/// The line of every node of one document, by canonical JSON pointer (`#/a/b~1c`).
#[derive(Debug, Default)]
pub struct LineIndex {
    lines: HashMap<String, usize>,
}

enum Frame {
    Map { ptr: String, key: Option<(String, usize)> },
    Seq { ptr: String, next: usize },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    lines: HashMap<String, usize>,
}

impl Builder {
    /// Places a node event: returns its pointer, or `None` when the node is a mapping key.
    fn place(&mut self, scalar_key: Option<&str>, line: usize) -> Option<String> {
        match self.stack.last_mut() {
            None => {
                self.lines.insert("#".to_owned(), line);
                Some("#".to_owned())
            }
            Some(Frame::Seq { ptr, next }) => {
                let child = pointer::push(ptr, &next.to_string());
                *next += 1;
                self.lines.insert(child.clone(), line);
                Some(child)
            }
            Some(Frame::Map { ptr, key }) => match key.take() {
                Some((k, key_line)) => {
                    let child = pointer::push(ptr, &k);
                    self.lines.insert(child.clone(), key_line);
                    Some(child)
                }
                None => {
                    *key = Some((scalar_key.unwrap_or("?").to_owned(), line));
                    None
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let line = mark.line().max(1);
        match event {
            Event::Scalar(value, ..) => {
                self.place(Some(&value), line);
            }
            Event::Alias(_) => {
                self.place(None, line);
            }
            Event::MappingStart(..) => {
                let ptr = self.place(None, line).unwrap_or_else(|| "#/?".to_owned());
                self.stack.push(Frame::Map { ptr, key: None });
            }
            Event::SequenceStart(..) => {
                let ptr = self.place(None, line).unwrap_or_else(|| "#/?".to_owned());
                self.stack.push(Frame::Seq { ptr, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

impl LineIndex {
    /// Indexes the text of one YAML or JSON document. Text that does not parse yields an empty index.
    ///
    /// The events are pulled one by one (`Parser::load` recurses once per nesting level).
    pub fn build(text: &str) -> LineIndex {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        loop {
            match parser.next_token() {
                Ok((Event::DocumentEnd | Event::StreamEnd, _)) => break,
                Ok((event, mark)) => builder.on_event(event, mark),
                Err(_) => return LineIndex::default(),
            }
        }
        LineIndex { lines: builder.lines }
    }

    /// The line of `ptr`, or of its nearest ancestor that has one.
    pub fn line(&self, ptr: &str) -> Option<usize> {
        let mut current = ptr;
        loop {
            if let Some(line) = self.lines.get(current) {
                return Some(*line);
            }
            current = &current[..current.rfind('/')?];
        }
    }
}

/// Fills in [`crate::report::Location::line`] for every finding of `report`.
pub fn locate(report: &mut Report, old: &Spec, new: &Spec) {
    let mut cache: HashMap<(Side, usize), LineIndex> = HashMap::new();
    let mut fill = |finding: &mut Finding| {
        let spec = match finding.location.side {
            Side::Old => old,
            Side::New => new,
        };
        let doc = finding.location.doc;
        let Some(document) = spec.files.get(doc) else { return };
        let index = cache.entry((finding.location.side, doc)).or_insert_with(|| LineIndex::build(&document.text));
        let ptr = &finding.location.pointer[document.rel.len()..];
        finding.location.line = index.line(ptr);
    };
    report.findings.iter_mut().for_each(&mut fill);
    report.acknowledged.iter_mut().for_each(&mut fill);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_yaml_lines() {
        let text = "openapi: 3.0.0\npaths:\n  /tickets/{id}:\n    put:\n      parameters:\n      - name: a\n        in: query\n      - name: b\n";
        let index = LineIndex::build(text);
        assert_eq!(index.line("#/paths/~1tickets~1{id}/put"), Some(4));
        assert_eq!(index.line("#/paths/~1tickets~1{id}/put/parameters/1"), Some(8));
        assert_eq!(index.line("#/paths/~1tickets~1{id}/put/parameters/1/in"), Some(8));
        assert_eq!(index.line("#/paths/~1tickets~1{id}/put/parameters/0/in"), Some(7));
    }

    #[test]
    fn finds_json_lines() {
        let text =
            "{\n  \"openapi\" : \"3.1.0\",\n  \"paths\" : {\n    \"/a\" : {\n      \"get\" : { }\n    }\n  }\n}\n";
        let index = LineIndex::build(text);
        assert_eq!(index.line("#/paths/~1a/get"), Some(5));
        assert_eq!(index.line("#/paths/~1a"), Some(4));
    }
}
