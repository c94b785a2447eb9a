//! The one error type of the common API.

use crate::{Operation, Provider};

/// Everything a call of the common API can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The provider has no such operation (see [`crate::Capabilities`]). Nothing was sent.
    #[error("{provider} does not support {operation}: {reason}")]
    Unsupported {
        /// The provider.
        provider: Provider,
        /// The operation asked for.
        operation: Operation,
        /// Why (what the provider's vendored spec lacks).
        reason: &'static str,
    },
    /// A value the provider cannot express (a status it has no state for, a missing required
    /// field). Nothing was sent.
    #[error("{provider} cannot take this {field}: {reason}")]
    InvalidInput {
        /// The provider.
        provider: Provider,
        /// The field of the common model.
        field: &'static str,
        /// What is wrong and what the provider accepts.
        reason: String,
    },
    /// The configuration cannot build a client (a missing setting, a provider whose cargo
    /// feature is off, an unreadable file).
    #[error("invalid helpdesk configuration: {0}")]
    Config(String),
    /// The provider's call failed; `source` is the generated crate's
    /// `helpdesk_runtime::Error<E>` of that operation, whole (status, headers and typed body).
    #[error("{provider} {operation} failed: {source}")]
    Provider {
        /// The provider.
        provider: Provider,
        /// The operation of the common API.
        operation: Operation,
        /// The HTTP status, when the server answered.
        status: Option<helpdesk_runtime::reqwest::StatusCode>,
        /// The generated crate's error; `downcast_ref::<helpdesk_runtime::Error<E>>()` with the
        /// operation's error enum `E` (e.g. `zoho_desk::UpdateTicketError`) gives it back typed.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
}

impl Error {
    /// The HTTP status of a failed provider call.
    pub fn status(&self) -> Option<helpdesk_runtime::reqwest::StatusCode> {
        match self {
            Error::Provider { status, .. } => *status,
            _ => None,
        }
    }

    /// Wraps a generated crate's error.
    pub(crate) fn provider<E>(
        provider: Provider,
        operation: Operation,
    ) -> impl FnOnce(helpdesk_runtime::Error<E>) -> Error
    where
        E: std::fmt::Debug + Send + Sync + 'static,
    {
        move |source| Error::Provider { provider, operation, status: source.status(), source: Box::new(source) }
    }
}
