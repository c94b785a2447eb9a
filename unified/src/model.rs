//! The common model: tickets, comments and the values they carry, the same for every provider.
//!
//! Field names follow Merge.dev's Ticketing model where they fit (`subject` for its `name`,
//! `assignee`, `contact`, `tags`, `ticket_url` as `web_url`, `remote_data` as `raw`).

use helpdesk_runtime::Nullable;
use time::OffsetDateTime;

use crate::Provider;

/// The state of a ticket in the common model.
///
/// Each provider's values map to these through the table in [`crate::mapping`]; a value that
/// table does not know reads as [`TicketStatus::Other`] holding the provider's own text, and
/// writing `Other(text)` sends that text unchanged (for custom statuses, e.g. Zoho Desk's).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TicketStatus {
    /// New or open, nobody working on it yet.
    Open,
    /// An agent is working on it.
    InProgress,
    /// Waiting on the customer (requester).
    Waiting,
    /// Parked for another reason (a third party, a scheduled follow-up).
    OnHold,
    /// Solved; the provider may still reopen it on a reply.
    Resolved,
    /// Closed.
    Closed,
    /// A provider value the mapping table does not know (a custom status), verbatim.
    Other(String),
}

/// The urgency of a ticket in the common model (see [`crate::mapping`] for each provider).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Priority {
    /// Low.
    Low,
    /// Normal (Periskope and Zoho Desk call it "Medium").
    Normal,
    /// High.
    High,
    /// Urgent.
    Urgent,
    /// A provider value the mapping table does not know, verbatim.
    Other(String),
}

/// A ticket as every provider's ticket reads in the common model.
///
/// Fields a provider does not have are `None` (or empty); what the provider sent is kept whole
/// in [`Ticket::raw`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Ticket {
    /// The provider's id of the ticket, as its API expects it in paths.
    pub id: String,
    /// The ticket's title (Intercom: the `_default_title_` ticket attribute).
    pub subject: Option<String>,
    /// The ticket's description (Zoho Desk; Intercom: `_default_description_`).
    pub description: Option<String>,
    /// The state of the ticket.
    pub status: Option<TicketStatus>,
    /// The urgency of the ticket (Intercom 2.9 tickets have none).
    pub priority: Option<Priority>,
    /// The assigned agent as the provider names it: an email (Periskope), an admin id
    /// (Intercom), an agent id (Zoho Desk) or a user UUID (InboxOps).
    pub assignee: Option<String>,
    /// The customer the ticket is about: a WhatsApp chat id (Periskope), a contact id.
    pub contact: Option<String>,
    /// Labels or tags, where the ticket carries them.
    pub tags: Vec<String>,
    /// When the ticket was created (UTC offset as the provider sent it).
    pub created_at: Option<OffsetDateTime>,
    /// When the ticket was last changed.
    pub updated_at: Option<OffsetDateTime>,
    /// The ticket's page in the provider's web app, where the provider gives one (Zoho Desk).
    pub web_url: Option<String>,
    /// The provider's own ticket, as its generated crate decoded it.
    pub raw: RawTicket,
}

/// The provider's own ticket behind a common [`Ticket`]: nothing the provider sent is lost.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum RawTicket {
    /// A Periskope ticket.
    #[cfg(feature = "periskope")]
    Periskope(Box<periskope::types::Ticket>),
    /// An Intercom 2.9 ticket.
    #[cfg(feature = "intercom")]
    Intercom(Box<intercom::types::Ticket>),
    /// A Zoho Desk ticket, in the shape of the response it came from.
    #[cfg(feature = "zoho-desk")]
    ZohoDesk(Box<ZohoDeskTicket>),
    /// An InboxOps ticket.
    #[cfg(feature = "inboxops")]
    InboxOps(Box<inboxops::types::Ticket>),
}

/// Zoho Desk answers with a different schema per operation; each is kept as decoded.
#[cfg(feature = "zoho-desk")]
// The variants differ in size, but the enum lives boxed in `RawTicket::ZohoDesk`.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ZohoDeskTicket {
    /// From `createTicket` or `updateTicket`.
    Ticket(zoho_desk::types::TicketResponseBody),
    /// From `getTicket`.
    Detail(zoho_desk::types::GetTicketResponseBody),
    /// An item of `getTickets`.
    ListItem(zoho_desk::types::TicketListViewArrayBodyDataItem),
}

/// A ticket to create. Only what the caller set is sent.
///
/// ```
/// use helpdesk::{NewTicket, Priority};
/// let ticket = NewTicket::new("Printer on fire").contact("ada@example.com").priority(Priority::High);
/// assert_eq!(ticket.subject, "Printer on fire");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct NewTicket {
    /// The title.
    pub subject: String,
    /// The description (Zoho Desk, Intercom); other providers refuse it with
    /// [`crate::Error::InvalidInput`].
    pub description: Option<String>,
    /// The customer: a WhatsApp chat id (Periskope, required), an email (Intercom, required;
    /// Zoho Desk; InboxOps' reporter).
    pub contact: Option<String>,
    /// The initial state.
    pub status: Option<TicketStatus>,
    /// The urgency.
    pub priority: Option<Priority>,
    /// The agent to assign (as the provider names agents, see [`Ticket::assignee`]).
    pub assignee: Option<String>,
}

impl NewTicket {
    /// A ticket with this subject and nothing else set.
    pub fn new(subject: impl Into<String>) -> Self {
        Self { subject: subject.into(), ..Self::default() }
    }

    /// Sets the description.
    pub fn description(mut self, value: impl Into<String>) -> Self {
        self.description = Some(value.into());
        self
    }

    /// Sets the customer (chat id or email, see [`NewTicket::contact`]).
    pub fn contact(mut self, value: impl Into<String>) -> Self {
        self.contact = Some(value.into());
        self
    }

    /// Sets the initial state.
    pub fn status(mut self, value: TicketStatus) -> Self {
        self.status = Some(value);
        self
    }

    /// Sets the urgency.
    pub fn priority(mut self, value: Priority) -> Self {
        self.priority = Some(value);
        self
    }

    /// Sets the assigned agent.
    pub fn assignee(mut self, value: impl Into<String>) -> Self {
        self.assignee = Some(value.into());
        self
    }
}

/// Changes to a ticket. Only what the caller set is sent; [`TicketUpdate::unassign`] sends an
/// explicit `null` where the provider allows clearing the assignee.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct TicketUpdate {
    /// A new title.
    pub subject: Option<String>,
    /// A new state.
    pub status: Option<TicketStatus>,
    /// A new urgency.
    pub priority: Option<Priority>,
    /// A new agent (`Value`), no agent (`Null`), or unchanged (`Absent`).
    pub assignee: Nullable<String>,
    /// Tags to add. Zoho Desk adds them with `associateTicketTags` before the update (a second
    /// request); the other providers' update requests carry no tags, so they refuse a non-empty
    /// list with [`crate::Error::InvalidInput`] (see the README matrix).
    pub tags: Vec<String>,
}

impl TicketUpdate {
    /// Sets a new title.
    pub fn subject(mut self, value: impl Into<String>) -> Self {
        self.subject = Some(value.into());
        self
    }

    /// Sets a new state.
    pub fn status(mut self, value: TicketStatus) -> Self {
        self.status = Some(value);
        self
    }

    /// Sets a new urgency.
    pub fn priority(mut self, value: Priority) -> Self {
        self.priority = Some(value);
        self
    }

    /// Assigns the ticket to this agent.
    pub fn assignee(mut self, value: impl Into<String>) -> Self {
        self.assignee = Nullable::Value(value.into());
        self
    }

    /// Removes the assigned agent.
    pub fn unassign(mut self) -> Self {
        self.assignee = Nullable::Null;
        self
    }

    /// Adds tags (see [`TicketUpdate::tags`]).
    pub fn tags(mut self, tags: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.tags.extend(tags.into_iter().map(Into::into));
        self
    }
}

/// Who may read a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Visibility {
    /// A reply the customer sees.
    Public,
    /// An internal note only agents see.
    Internal,
}

/// A comment on a ticket: a public reply or an internal note.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Comment {
    /// The provider's id of the comment.
    pub id: Option<String>,
    /// The text (HTML where the provider stores HTML).
    pub body: Option<String>,
    /// Public reply or internal note.
    pub visibility: Visibility,
    /// The author as the provider names them (an admin or agent id).
    pub author: Option<String>,
    /// When the comment was written.
    pub created_at: Option<OffsetDateTime>,
    /// The provider that holds it.
    pub provider: Provider,
}

/// A comment to add: its text and who may read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment {
    /// The text.
    pub body: String,
    /// Public reply or internal note.
    pub visibility: Visibility,
}

impl NewComment {
    /// A reply the customer sees.
    pub fn public(body: impl Into<String>) -> Self {
        Self { body: body.into(), visibility: Visibility::Public }
    }

    /// An internal note.
    pub fn internal(body: impl Into<String>) -> Self {
        Self { body: body.into(), visibility: Visibility::Internal }
    }
}

/// Which tickets [`crate::Helpdesk::list_tickets`] walks.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ListTickets {
    /// Only tickets updated at or after this instant. No provider's list operation in the
    /// vendored specs filters on it, so it is applied client-side to every page (all pages are
    /// still fetched). A ticket whose list item carries no update time (Zoho Desk's list items
    /// have no `modifiedTime`) is kept: the filter cannot tell.
    pub updated_since: Option<OffsetDateTime>,
    /// Only tickets in this state (applied client-side, after mapping).
    pub status: Option<TicketStatus>,
    /// Tickets per page asked of the provider (its `limit`); the provider's default when `None`.
    pub page_size: Option<u32>,
}

impl ListTickets {
    /// Only tickets updated at or after `instant`.
    pub fn updated_since(mut self, instant: OffsetDateTime) -> Self {
        self.updated_since = Some(instant);
        self
    }

    /// Only tickets in `status`.
    pub fn status(mut self, status: TicketStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Asks the provider for `size` tickets per page.
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    pub(crate) fn keeps(&self, ticket: &Ticket) -> bool {
        let recent = match (self.updated_since, ticket.updated_at) {
            (Some(since), Some(updated)) => updated >= since,
            (Some(_), None) => true,
            (None, _) => true,
        };
        let status = self.status.is_none() || self.status == ticket.status;
        recent && status
    }
}

/// Parses an RFC 3339 date-time; `None` when the provider sent something else.
pub(crate) fn rfc3339(text: Option<&str>) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text?, &time::format_description::well_known::Rfc3339).ok()
}

/// A UTC Unix timestamp in seconds (Intercom).
#[cfg(feature = "intercom")]
pub(crate) fn unix(seconds: Option<i64>) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(seconds?).ok()
}
