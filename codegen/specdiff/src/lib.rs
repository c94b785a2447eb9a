//! Breaking-change classification between two versions of an OpenAPI description.
//!
//! `specdiff` reads two versions of a spec as generation reads them (the effective spec of
//! `helpdesk-spec`: vendored files bundled, overlay applied, 3.1 downgraded), matches operations by method and path shape, compares them in the direction of
//! the data (narrowing what a client may send and widening what a server may return are
//! breaking), and reports each change with a stable check id, a level (ERR/WARN/INFO), the
//! spec location (JSON pointer and line, in the vendored file or in the overlay when the
//! overlay caused the change) and its effect on the generated Rust crate (the
//! affected item, named by `helpdesk_spec::naming` as the generator names it, and the
//! semver bump).
//!
//! ```
//! let old = specdiff::Spec::parse("old.yaml", "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses: {'200': {description: ok}}\n").unwrap();
//! let new = specdiff::Spec::parse("new.yaml", "openapi: 3.0.0\npaths: {}\n").unwrap();
//! let report = specdiff::diff_specs(&old, &new);
//! assert_eq!(report.findings[0].id, "api-path-removed");
//! ```
//!
//! The command-line front end is `cargo xtask spec-diff` (`xtask/src/spec_diff.rs`).

pub mod catalogue;
mod checks;
pub mod error;
pub mod git;
pub mod locate;
pub mod render;
pub mod report;
pub mod run;
pub mod spec;

pub use catalogue::{Bump, Check, Direction, Level, CHECKS};
pub use error::{Error, Result};
pub use render::Format;
pub use report::{FailOn, Finding, Report};
pub use run::{diff_base, diff_files, diff_specs, gate, Checkout, Entry, ProviderRun, Run, Status};
pub use spec::{SourceFile, Spec};

/// Whether colour should be used when writing to standard output (honours `NO_COLOR`,
/// `CLICOLOR_FORCE` and whether stdout is a terminal).
pub fn stdout_supports_color() -> bool {
    !matches!(anstream::AutoStream::choice(&std::io::stdout()), anstream::ColorChoice::Never)
}
