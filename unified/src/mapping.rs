//! The status and priority mapping tables: each provider's values ⇄ the common model.
//!
//! A row maps one provider value to one common value. Reads use every row; writes use only
//! rows without a `lossy` reason, so a common value the provider cannot express is refused
//! with [`Error::InvalidInput`] before any request, never replaced by a neighbour. Values no
//! row names read as `Other(value)` and `Other(value)` writes `value` unchanged. The README's
//! "One API over all providers" section prints the same tables.

use crate::model::{Priority, TicketStatus};
use crate::{Error, Provider};

/// One row of a mapping table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<C: 'static> {
    /// The value on the wire, as the provider's API spells it.
    pub provider_value: &'static str,
    /// The common value it reads as.
    pub common: C,
    /// `Some(reason)` when the row is read-only: the common value does not write back to this
    /// provider value (it writes another row's value, or is refused).
    pub lossy: Option<&'static str>,
}

const fn row<C>(provider_value: &'static str, common: C) -> Row<C> {
    Row { provider_value, common, lossy: None }
}

const fn read_only<C>(provider_value: &'static str, common: C, reason: &'static str) -> Row<C> {
    Row { provider_value, common, lossy: Some(reason) }
}

/// Periskope's `status` (specs/periskope/openapi.yaml `#/components/schemas/ticket_status`).
static PERISKOPE_STATUS: [Row<TicketStatus>; 4] = [
    row("open", TicketStatus::Open),
    row("inprogress", TicketStatus::InProgress),
    row("closed", TicketStatus::Closed),
    read_only("archived", TicketStatus::Closed, "an archived ticket is closed; writing Closed sends `closed`"),
];

/// Intercom 2.9's `ticket_state` (reads) and the update request's `state` (writes), which
/// has no `submitted`.
static INTERCOM_STATUS: [Row<TicketStatus>; 4] = [
    read_only(
        "submitted",
        TicketStatus::Open,
        "Intercom sets `submitted` itself; the update request accepts only in_progress, waiting_on_customer, resolved",
    ),
    row("in_progress", TicketStatus::InProgress),
    row("waiting_on_customer", TicketStatus::Waiting),
    row("resolved", TicketStatus::Resolved),
];

/// Zoho Desk's default statuses (the `status` string; portals add custom ones, read as
/// `Other`). "Escalated" is not mapped: it reads as `Other("Escalated")` and writes back.
static ZOHO_DESK_STATUS: [Row<TicketStatus>; 3] =
    [row("Open", TicketStatus::Open), row("On Hold", TicketStatus::OnHold), row("Closed", TicketStatus::Closed)];

/// InboxOps' `status` (specs/inboxops/openapi.yaml).
static INBOXOPS_STATUS: [Row<TicketStatus>; 5] = [
    row("open", TicketStatus::Open),
    row("in_progress", TicketStatus::InProgress),
    row("waiting", TicketStatus::Waiting),
    row("resolved", TicketStatus::Resolved),
    row("closed", TicketStatus::Closed),
];

/// Periskope's `priority`: `1`…`4` in requests, numbers in responses (Low, Medium, High, Urgent).
static PERISKOPE_PRIORITY: [Row<Priority>; 4] =
    [row("1", Priority::Low), row("2", Priority::Normal), row("3", Priority::High), row("4", Priority::Urgent)];

/// Zoho Desk's default priorities (custom ones read as `Other`).
static ZOHO_DESK_PRIORITY: [Row<Priority>; 3] =
    [row("Low", Priority::Low), row("Medium", Priority::Normal), row("High", Priority::High)];

/// InboxOps' `priority`.
static INBOXOPS_PRIORITY: [Row<Priority>; 4] = [
    row("low", Priority::Low),
    row("normal", Priority::Normal),
    row("high", Priority::High),
    row("urgent", Priority::Urgent),
];

/// The status table of a provider.
pub fn status_table(provider: Provider) -> &'static [Row<TicketStatus>] {
    match provider {
        Provider::Periskope => &PERISKOPE_STATUS,
        Provider::Intercom => &INTERCOM_STATUS,
        Provider::ZohoDesk => &ZOHO_DESK_STATUS,
        Provider::InboxOps => &INBOXOPS_STATUS,
    }
}

/// The priority table of a provider (empty for Intercom: 2.9 tickets have no priority).
pub fn priority_table(provider: Provider) -> &'static [Row<Priority>] {
    match provider {
        Provider::Periskope => &PERISKOPE_PRIORITY,
        Provider::Intercom => &[],
        Provider::ZohoDesk => &ZOHO_DESK_PRIORITY,
        Provider::InboxOps => &INBOXOPS_PRIORITY,
    }
}

/// Whether a provider has the field at all; where it does not, every write is refused.
fn has_priority(provider: Provider) -> bool {
    !priority_table(provider).is_empty()
}

/// Reads a provider's status value.
pub fn read_status(provider: Provider, value: &str) -> TicketStatus {
    read(status_table(provider), value, TicketStatus::Other)
}

/// Reads a provider's priority value.
pub fn read_priority(provider: Provider, value: &str) -> Priority {
    read(priority_table(provider), value, Priority::Other)
}

/// The provider value that writes `status`, or [`Error::InvalidInput`].
pub fn write_status(provider: Provider, status: &TicketStatus) -> Result<String, Error> {
    if let TicketStatus::Other(value) = status {
        return Ok(value.clone());
    }
    write(status_table(provider), status).ok_or_else(|| Error::InvalidInput {
        provider,
        field: "status",
        reason: format!(
            "{provider} has no state for {status:?}; it accepts {} (or TicketStatus::Other with a custom value)",
            writable(status_table(provider))
        ),
    })
}

/// The provider value that writes `priority`, or [`Error::InvalidInput`].
pub fn write_priority(provider: Provider, priority: &Priority) -> Result<String, Error> {
    if !has_priority(provider) {
        return Err(Error::InvalidInput {
            provider,
            field: "priority",
            reason: format!("{provider} tickets have no priority"),
        });
    }
    if let Priority::Other(value) = priority {
        return Ok(value.clone());
    }
    write(priority_table(provider), priority).ok_or_else(|| Error::InvalidInput {
        provider,
        field: "priority",
        reason: format!(
            "{provider} has no priority {priority:?}; it accepts {} (or Priority::Other with a custom value)",
            writable(priority_table(provider))
        ),
    })
}

fn read<C: Clone>(table: &[Row<C>], value: &str, other: fn(String) -> C) -> C {
    table
        .iter()
        .find(|row| row.provider_value == value)
        .map_or_else(|| other(value.to_owned()), |row| row.common.clone())
}

fn write<C: PartialEq>(table: &[Row<C>], common: &C) -> Option<String> {
    table.iter().find(|row| row.lossy.is_none() && row.common == *common).map(|row| row.provider_value.to_owned())
}

fn writable<C>(table: &[Row<C>]) -> String {
    let values: Vec<_> = table.iter().filter(|row| row.lossy.is_none()).map(|row| row.provider_value).collect();
    values.join(", ")
}

/// The wire text of a generated enum value (its serde form), e.g. `"inprogress"`.
pub(crate) fn wire<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// A generated enum from its wire text; values it does not list become its `Unknown` variant.
pub(crate) fn from_wire<T: serde::de::DeserializeOwned>(
    provider: Provider,
    field: &'static str,
    text: &str,
) -> Result<T, Error> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).map_err(|err| Error::InvalidInput {
        provider,
        field,
        reason: format!("`{text}` is not a value the provider's {field} accepts: {err}"),
    })
}
