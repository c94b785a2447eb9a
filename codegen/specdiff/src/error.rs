//! The errors of the library: everything that stops a comparison from running at all.

use std::path::PathBuf;

/// An error that prevents a spec comparison from running (exit status 2 in the CLI).
///
/// Problems inside a spec that can be worked around (a dangling `$ref`, a cross-file
/// reference to a file that is not vendored) are not errors: they become notes in the
/// report instead.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A spec file could not be read.
    #[error("cannot read {path}: {message}")]
    Read {
        /// The file, as the user named it (or `REV:path` for a git revision).
        path: String,
        /// What went wrong.
        message: String,
    },
    /// A spec, overlay or manifest could not be read as generation reads it (unparsable,
    /// an overlay action that does not apply, a manifest that is not valid).
    #[error("{0}")]
    Spec(#[from] helpdesk_spec::Error),
    /// A file parsed, but it is not an OpenAPI description (no `openapi`/`swagger` key or no `paths`).
    #[error("{path} is not an OpenAPI description: {message}")]
    NotOpenApi {
        /// The file, as the user named it.
        path: String,
        /// What is missing.
        message: String,
    },
    /// The document has the wrong shape where spec-diff reads it (`paths: 5`, an operation
    /// that is a string, an unknown `openapi` major version).
    #[error("{path}: malformed OpenAPI at {pointer}: {message}; fix: {fix}")]
    Malformed {
        /// The file, as the user named it.
        path: String,
        /// The JSON pointer of the offending value (`#/paths/~1a/get`).
        pointer: String,
        /// What is wrong.
        message: String,
        /// How to fix it.
        fix: String,
    },
    /// A git revision could not be resolved to a commit.
    #[error("bad git reference `{rev}`: {message}")]
    BadRevision {
        /// The revision as given.
        rev: String,
        /// What git reported.
        message: String,
    },
    /// Running git failed (not installed, not a repository, ...).
    #[error("git failed in {dir}: {message}")]
    Git {
        /// The directory git ran in.
        dir: PathBuf,
        /// What git reported.
        message: String,
    },
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
