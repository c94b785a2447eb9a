//! The comparison engine: walks two specs side by side and records findings.
//!
//! [`compare`] matches operations by path shape and method, then each sub-module checks one
//! aspect (operations, parameters, request bodies, responses, security, components) and the
//! schema walker compares schemas in the direction of the data.

mod components;
mod media;
mod op_side;
mod operations;
mod parameters;
mod refs;
mod request_body;
mod responses;
mod schema;
mod security;
mod view;

use std::collections::HashSet;

use indexmap::IndexMap;

use crate::catalogue::{self, Bump, Check, Direction};
use crate::report::{Finding, Location, OperationRef, Report, RustImpact, Side};
use crate::spec::Spec;
use helpdesk_spec::naming;
use helpdesk_spec::resolve::{Node, Unresolved};

pub(crate) use schema::{SchemaCtx, Subject};

/// The stack of the comparison thread: the schema walk recurses once per nesting level (up to
/// [`schema::MAX_SCHEMA_DEPTH`]), which needs more than a test thread's default 2 MiB.
const STACK_SIZE: usize = 256 * 1024 * 1024;

/// Compares two loaded specs and returns the report (findings not yet located on lines).
pub fn compare(old: &Spec, new: &Spec) -> Report {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new().stack_size(STACK_SIZE).spawn_scoped(scope, || compare_here(old, new));
        match spawned {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => compare_here(old, new),
        }
    })
}

fn compare_here(old: &Spec, new: &Spec) -> Report {
    let mut comparer = Comparer::new(old, new);
    refs::check_new(&mut comparer);
    operations::compare_paths(&mut comparer);
    operations::compare_webhooks(&mut comparer);
    security::compare_global(&mut comparer);
    components::finish(&mut comparer);
    comparer.into_report()
}

/// The operation currently being compared.
#[derive(Debug, Clone)]
pub(crate) struct OpCtx {
    /// The operation as reported.
    pub op_ref: OperationRef,
    /// The generated method item, `Client::update_ticket`.
    pub method_item: String,
    /// The UpperCamelCase stem of the operation's generated types.
    pub stem: String,
}

/// A key of the per-operation visited set of schema pairs.
type VisitKey = (String, String, Direction, Subject);

/// An observation that a schema reference changed target at the same place.
#[derive(Debug, Clone)]
pub(crate) struct RefChange {
    /// The old component name.
    pub old: String,
    /// The new component name, or `None` when the new schema is inline.
    pub new: Option<String>,
    /// The operation it was seen in.
    pub op: Option<OperationRef>,
}

/// Shared state of one comparison.
pub(crate) struct Comparer<'a> {
    /// The old spec.
    pub old: &'a Spec,
    /// The new spec.
    pub new: &'a Spec,
    findings: IndexMap<(&'static str, Side, String), Finding>,
    notes: Vec<String>,
    /// The operation being compared, if any.
    pub op: Option<OpCtx>,
    visited: HashSet<VisitKey>,
    /// Reference target changes seen while walking schemas.
    pub ref_changes: Vec<RefChange>,
    /// How deeply schemas are being walked.
    pub depth: usize,
    /// How many trials ([`Comparer::trial`]) are running (nested).
    pub trials: usize,
}

impl<'a> Comparer<'a> {
    fn new(old: &'a Spec, new: &'a Spec) -> Comparer<'a> {
        Comparer {
            old,
            new,
            findings: IndexMap::new(),
            notes: Vec::new(),
            op: None,
            visited: HashSet::new(),
            ref_changes: Vec::new(),
            depth: 0,
            trials: 0,
        }
    }

    /// Runs `compare` as a trial: returns how many new findings it made at each level
    /// (ERR, WARN, INFO) and then forgets them, as if it had not run.
    pub fn trial(&mut self, compare: impl FnOnce(&mut Self)) -> (usize, usize, usize) {
        let findings = self.findings.clone();
        let visited = self.visited.clone();
        let (refs, notes) = (self.ref_changes.len(), self.notes.len());
        self.trials += 1;
        compare(self);
        self.trials -= 1;
        let mut counts = (0, 0, 0);
        for finding in self.findings.values().skip(findings.len()) {
            match finding.level {
                crate::catalogue::Level::Error => counts.0 += 1,
                crate::catalogue::Level::Warning => counts.1 += 1,
                crate::catalogue::Level::Info => counts.2 += 1,
            }
        }
        self.findings = findings;
        self.visited = visited;
        self.ref_changes.truncate(refs);
        self.notes.truncate(notes);
        counts
    }

    /// The spec on `side`.
    pub fn spec(&self, side: Side) -> &'a Spec {
        match side {
            Side::Old => self.old,
            Side::New => self.new,
        }
    }

    /// The Rust type of the inline schema whose definition name is `name` on `side`: made
    /// unique against the component schemas as the generator does (`_2` suffix), then named as
    /// typify names it.
    pub fn inline_type(&self, side: Side, name: &str) -> String {
        let components = self.spec(side).root.pointer("/components/schemas").and_then(serde_json::Value::as_object);
        let names = components.into_iter().flat_map(|schemas| schemas.keys().map(String::as_str));
        naming::type_name(&naming::unique_name(name, names))
    }

    /// Starts comparing an operation: findings recorded from now on list it.
    pub fn enter_operation(&mut self, op: OpCtx) {
        self.op = Some(op);
        self.visited.clear();
    }

    /// Stops attributing findings to an operation.
    pub fn leave_operation(&mut self) {
        self.op = None;
        self.visited.clear();
    }

    /// Marks a schema pair as visited for the current operation; `false` if it already was.
    pub fn visit(&mut self, key: VisitKey) -> bool {
        self.visited.insert(key)
    }

    /// Records a note (something that could not be compared fully).
    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    /// Records a note for an unresolved reference of the old spec (those of the new spec are
    /// ERR findings of their own, see `refs`).
    pub fn note_unresolved(&mut self, side: Side, unresolved: &Unresolved) {
        let label = match side {
            Side::Old => "old",
            Side::New => return,
        };
        self.notes.push(format!("{label} spec: cannot resolve `{}`: {}", unresolved.reference, unresolved.reason));
    }

    /// Records a finding of check `id` at `node` on `side`.
    ///
    /// Findings with the same id and location are merged: the operations accumulate.
    /// An id missing from the catalogue is ignored (the catalogue decides what is reported).
    pub fn emit(&mut self, id: &str, side: Side, node: &Node<'_>, message: String, item: String, bump: Option<Bump>) {
        let Some(check) = catalogue::find(id) else { return };
        self.emit_check(check, side, &node.ptr, message, item, bump);
    }

    /// Records a finding of `check` at pointer `ptr` of the effective document on `side`.
    pub fn emit_check(
        &mut self,
        check: &'static Check,
        side: Side,
        ptr: &str,
        message: String,
        item: String,
        bump: Option<Bump>,
    ) {
        let spec = self.spec(side);
        let key = (check.id, side, ptr.to_owned());
        let op = self.op.as_ref().map(|o| o.op_ref.clone());
        let finding = self.findings.entry(key).or_insert_with(|| {
            let (doc, pointer) = spec.source_of(ptr);
            let file = spec.files[doc].path.clone();
            let location = Location { side, file, pointer, line: None, doc, node: ptr.to_owned() };
            let rust = RustImpact { item, bump: bump.unwrap_or(check.bump) };
            Finding::new(check, message, location, rust)
        });
        if let Some(op) = op {
            finding.operations.push(op);
        }
    }

    fn into_report(self) -> Report {
        let mut report = Report {
            old: self.old.label.clone(),
            new: self.new.label.clone(),
            findings: self.findings.into_values().collect(),
            acknowledged: Vec::new(),
            notes: self.notes,
        };
        report.sort();
        report
    }
}
