//! The result of a comparison: findings with location, affected operations and Rust impact,
//! plus counts, the overall semver bump, acknowledgement filtering and the exit-status rule.

use serde::Serialize;

use crate::catalogue::{Bump, Check, Direction, Level};
use helpdesk_spec::manifest::Acknowledgement;

/// Which of the two specs a location points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The old (base) spec: used for removals.
    Old,
    /// The new spec: used for everything else.
    New,
}

/// Where in a spec a finding is: the file, the JSON pointer and (once located) the line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// Which spec the pointer is in.
    pub side: Side,
    /// The file, as a path usable in annotations (for example `specs/intercom/api.intercom.io.yaml`).
    pub file: String,
    /// The pointer as shown in reports and matched by acknowledgements:
    /// `#/...` in the root file, `Common.json#/...` in a file reached by a cross-file `$ref`.
    pub pointer: String,
    /// The 1-based line of the pointer in the file, when it could be located.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The index of the file in [`crate::Spec::files`] (internal, for the locator).
    #[serde(skip)]
    pub doc: usize,
    /// The pointer in the effective document (internal, for tracing the overlay).
    #[serde(skip)]
    pub node: String,
}

/// An operation a finding affects.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct OperationRef {
    /// `METHOD /path` as in the new spec (the old one for removed operations).
    pub key: String,
    /// The JSON pointer of the operation object (`#/paths/~1tickets/post`).
    pub pointer: String,
    /// The key in the old spec, when it differs (renamed path parameters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_key: Option<String>,
    /// The pointer in the old spec, when it differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_pointer: Option<String>,
    /// The generated method, for example `Client::update_ticket`.
    pub method: String,
}

impl OperationRef {
    /// Whether an acknowledgement's `pointer` names this operation (key or pointer, old or new).
    fn is_named_by(&self, text: &str) -> bool {
        self.key == text
            || self.pointer == text
            || self.old_key.as_deref() == Some(text)
            || self.old_pointer.as_deref() == Some(text)
    }
}

/// What a finding does to the generated Rust crate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RustImpact {
    /// The affected item, for example `types::UpdateTicketRequest::open` or `Client::update_ticket`.
    pub item: String,
    /// The semver bump this change alone forces.
    pub bump: Bump,
}

/// One detected change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The check id (see the catalogue).
    pub id: &'static str,
    /// The level of the check.
    pub level: Level,
    /// The direction of the check.
    pub direction: Direction,
    /// What changed, in one sentence.
    pub message: String,
    /// Where the change is.
    pub location: Location,
    /// The operations that see the change (several when a shared component changed).
    pub operations: Vec<OperationRef>,
    /// The effect on the generated crate.
    pub rust: RustImpact,
}

impl Finding {
    /// Creates a finding of `check` with no operation yet.
    pub fn new(check: &'static Check, message: String, location: Location, rust: RustImpact) -> Finding {
        Finding {
            id: check.id,
            level: check.level,
            direction: check.direction,
            message,
            location,
            operations: Vec::new(),
            rust,
        }
    }
}

/// Finding counts by level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Findings at level ERR.
    pub error: usize,
    /// Findings at level WARN.
    pub warning: usize,
    /// Findings at level INFO.
    pub info: usize,
}

impl Counts {
    /// Adds another set of counts.
    pub fn add(&mut self, other: Counts) {
        self.error += other.error;
        self.warning += other.warning;
        self.info += other.info;
    }

    /// The total number of findings.
    pub fn total(&self) -> usize {
        self.error + self.warning + self.info
    }
}

/// The level from which findings make the command fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailOn {
    /// Fail on ERR findings (the default).
    #[default]
    Breaking,
    /// Fail on ERR and WARN findings.
    Warning,
    /// Never fail because of findings.
    None,
}

/// The comparison of one old spec with one new spec.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// The old spec's label.
    pub old: String,
    /// The new spec's label.
    pub new: String,
    /// The findings, most severe first.
    pub findings: Vec<Finding>,
    /// Findings dropped because a reviewer acknowledged them.
    pub acknowledged: Vec<Finding>,
    /// Things that could not be compared fully (unresolved references and the like).
    pub notes: Vec<String>,
}

impl Report {
    /// Counts the (unacknowledged) findings by level.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for finding in &self.findings {
            match finding.level {
                Level::Error => counts.error += 1,
                Level::Warning => counts.warning += 1,
                Level::Info => counts.info += 1,
            }
        }
        counts
    }

    /// The semver bump the generated crate needs, over all findings (acknowledged ones too).
    pub fn bump(&self) -> Bump {
        self.findings.iter().chain(&self.acknowledged).map(|f| f.rust.bump).max().unwrap_or_default()
    }

    /// Whether the report has findings at or above the failing level.
    pub fn fails(&self, fail_on: FailOn) -> bool {
        let counts = self.counts();
        match fail_on {
            FailOn::Breaking => counts.error > 0,
            FailOn::Warning => counts.error + counts.warning > 0,
            FailOn::None => false,
        }
    }

    /// Sorts findings into the stable report order: level, id, location.
    pub fn sort(&mut self) {
        for finding in self.findings.iter_mut().chain(self.acknowledged.iter_mut()) {
            finding.operations.sort();
            finding.operations.dedup();
        }
        let key = |f: &Finding| (f.level, f.id, f.location.pointer.clone(), f.location.side);
        self.findings.sort_by_key(key);
        self.acknowledged.sort_by_key(key);
        self.notes.sort();
        self.notes.dedup();
    }

    /// Moves acknowledged findings out of [`Report::findings`].
    ///
    /// An acknowledgement matches a finding with the same check id whose location pointer
    /// (as reported, or in the effective document: `#/components/schemas/x` also when the
    /// overlay caused the change) equals the acknowledged pointer exactly; or it names one of the finding's operations
    /// (by `METHOD /path` or by operation pointer), in which case only that operation is
    /// acknowledged and the finding stays while other operations remain.
    pub fn acknowledge(&mut self, acks: &[Acknowledgement]) {
        let mut kept = Vec::new();
        for mut finding in std::mem::take(&mut self.findings) {
            let matching: Vec<&Acknowledgement> = acks.iter().filter(|a| a.id == finding.id).collect();
            let location = &finding.location;
            if matching.iter().any(|a| a.pointer == location.pointer || a.pointer == location.node) {
                self.acknowledged.push(finding);
                continue;
            }
            let before = finding.operations.len();
            let (acked, rest): (Vec<_>, Vec<_>) =
                finding.operations.iter().cloned().partition(|op| matching.iter().any(|a| op.is_named_by(&a.pointer)));
            if acked.is_empty() {
                kept.push(finding);
            } else if rest.is_empty() && before > 0 {
                self.acknowledged.push(finding);
            } else {
                let mut acked_part = finding.clone();
                acked_part.operations = acked;
                self.acknowledged.push(acked_part);
                finding.operations = rest;
                kept.push(finding);
            }
        }
        self.findings = kept;
        self.sort();
    }
}
