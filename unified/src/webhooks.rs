//! Inbound webhooks over the providers (feature `webhooks`): one [`Receiver`] built from the
//! same [`Config`] as a [`crate::Helpdesk`], verifying a delivery with the provider's scheme and
//! giving provider-neutral [`Event`]s that keep the provider's own typed event.
//!
//! What each provider's events become (`from` is known only where the provider sends the
//! previous state):
//!
//! | provider event | [`EventKind`] | lossy |
//! |---|---|---|
//! | Intercom `ticket.created` | `TicketCreated` | |
//! | Intercom `ticket.state.updated` | `StatusChanged { from: None, to }` | no previous state |
//! | Intercom `ticket.admin.assigned`, `ticket.team.assigned` | `Assigned` | a team is not an agent |
//! | Intercom `ticket.note.created` | `CommentAdded { public: false }` | |
//! | Intercom `ticket.admin.replied`, `ticket.contact.replied` | `CommentAdded { public: true }` | |
//! | Intercom `ticket.contact.attached`, `…detached`, `ticket.attribute.updated` | `TicketUpdated` | what changed |
//! | Periskope `ticket.created` / `ticket.updated` / `ticket.deleted` | `TicketCreated` / `TicketUpdated` / `TicketDeleted` | `ticket.updated` carries no previous state |
//! | Zoho Desk `Ticket_Add` / `Ticket_Delete` | `TicketCreated` / `TicketDeleted` | |
//! | Zoho Desk `Ticket_Update` | `StatusChanged { from, to }` when `prevState` has another status, else `TicketUpdated` | `from` needs `includePrevState` |
//! | Zoho Desk `Ticket_Thread_Add` | `CommentAdded { public: true }` | a thread may be incoming or outgoing |
//! | Zoho Desk `Ticket_Comment_Add` | `CommentAdded { public }` from the comment's `isPublic` | |
//! | anything else (Intercom `ping`, unknown topics) | `Other` | |

use helpdesk_runtime::reqwest::header::HeaderMap;
pub use helpdesk_runtime::webhook::WebhookError;
use serde_json::Value;

use crate::{Config, Provider, Ticket, TicketStatus};

/// A verified event in the common model.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Event {
    /// The provider that sent it.
    pub provider: Provider,
    /// What happened.
    pub kind: EventKind,
    /// The event's name as the provider sent it (`ticket.created`, `Ticket_Update`).
    pub name: Option<String>,
    /// The ticket's id, when the event is about one.
    pub ticket_id: Option<String>,
    /// The delivery's id, where the provider sends one (Intercom's `notif_…`, the same on every
    /// retry: an idempotency key).
    pub id: Option<String>,
    /// When the event happened, where the provider says (Intercom's `created_at`, Zoho Desk's
    /// `eventTime`).
    pub occurred_at: Option<std::time::SystemTime>,
    /// The ticket as the event carried it, in the common model.
    pub ticket: Option<Ticket>,
    /// The provider's own event: nothing the provider sent is lost.
    pub raw: ProviderEvent,
}

/// What a verified event means in the common model (see the module's table).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum EventKind {
    /// A ticket was created.
    TicketCreated,
    /// A ticket changed (what changed is in the provider's event).
    TicketUpdated,
    /// A ticket's status changed; `from` only where the provider sends the previous state.
    StatusChanged {
        /// The status before, when known.
        from: Option<TicketStatus>,
        /// The status now, when the event carries the ticket.
        to: Option<TicketStatus>,
    },
    /// A ticket was assigned (to an agent or a team).
    Assigned,
    /// A reply (`public`) or an internal note was added to a ticket.
    CommentAdded {
        /// Whether the customer sees it.
        public: bool,
    },
    /// A ticket was deleted.
    TicketDeleted,
    /// Any other event (a ping, a topic the common model has no kind for).
    Other,
}

/// The provider's own event behind an [`Event`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ProviderEvent {
    /// A Periskope event, as `periskope::webhooks::WebhookEvent` parsed it.
    #[cfg(feature = "periskope")]
    Periskope(Box<periskope::webhooks::WebhookEvent>),
    /// An Intercom event, as `intercom::webhooks::WebhookEvent` parsed it.
    #[cfg(feature = "intercom")]
    Intercom(Box<intercom::webhooks::WebhookEvent>),
    /// One element of a Zoho Desk delivery, as `zoho_desk::webhooks::WebhookEvent` parsed it.
    #[cfg(feature = "zoho-desk")]
    ZohoDesk(Box<zoho_desk::webhooks::WebhookEvent>),
}

/// Verifies and reads one provider's webhook deliveries.
#[derive(Debug)]
pub struct Receiver {
    inner: Inner,
}

// One receiver per program and provider: the JWT variant's size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
enum Inner {
    /// Keeps the enum inhabited-by-type when every provider feature is off.
    #[allow(dead_code)]
    Never(std::convert::Infallible),
    #[cfg(feature = "periskope")]
    Periskope(periskope::webhooks::Verifier),
    #[cfg(feature = "intercom")]
    Intercom(intercom::webhooks::Verifier),
    #[cfg(feature = "zoho-desk")]
    ZohoDesk(zoho_desk::webhooks::Verifier),
}

impl Receiver {
    /// The receiver of the provider `config` names, with its webhook settings: Intercom's and
    /// Periskope's `webhook-secret`, Zoho Desk's `org-id`, `webhook-id` and `data-centre` (whose
    /// JWKS it fetches).
    ///
    /// # Errors
    ///
    /// [`crate::Error::Config`] when a webhook setting is missing or empty, the provider's cargo
    /// feature is off, or the provider documents no webhooks (InboxOps).
    #[cfg_attr(not(any(feature = "periskope", feature = "intercom", feature = "zoho-desk")), allow(unreachable_code))]
    pub fn from_config(config: &Config) -> Result<Self, crate::Error> {
        let missing = |what: &str| crate::Error::Config(format!("{} webhooks need `{what}`", config.provider()));
        let invalid = |err: WebhookError| crate::Error::Config(err.to_string());
        let inner = match config {
            #[cfg(feature = "periskope")]
            Config::Periskope(c) => {
                let secret = c.webhook_secret.clone().ok_or_else(|| missing("webhook-secret"))?;
                Inner::Periskope(periskope::webhooks::Verifier::new(secret).map_err(invalid)?)
            }
            #[cfg(feature = "intercom")]
            Config::Intercom(c) => {
                let secret = c.webhook_secret.clone().ok_or_else(|| missing("webhook-secret"))?;
                Inner::Intercom(intercom::webhooks::Verifier::new(secret).map_err(invalid)?)
            }
            #[cfg(feature = "zoho-desk")]
            Config::ZohoDesk(c) => {
                let webhook_id = c.webhook_id.as_deref().ok_or_else(|| missing("webhook-id"))?;
                let server = match c.data_centre {
                    crate::DataCentre::Eu => zoho_desk::Server::Eu,
                    crate::DataCentre::In => zoho_desk::Server::India,
                    crate::DataCentre::Au => zoho_desk::Server::Australia,
                    crate::DataCentre::Jp => zoho_desk::Server::Japan,
                    _ => zoho_desk::Server::Us,
                };
                let verifier = zoho_desk::webhooks::Verifier::new(&c.org_id, webhook_id).map_err(invalid)?;
                Inner::ZohoDesk(verifier.server(server).map_err(invalid)?)
            }
            other => {
                return Err(crate::Error::Config(format!(
                    "{} webhooks are not supported (no documented webhooks, or its cargo feature is off)",
                    other.provider()
                )))
            }
        };
        Ok(Self { inner })
    }

    /// A Zoho Desk receiver of `verifier` (built with another JWKS URL, such as a test
    /// server's: `Verifier::jwks_url`).
    #[cfg(feature = "zoho-desk")]
    pub fn zoho_desk(verifier: zoho_desk::webhooks::Verifier) -> Self {
        Self { inner: Inner::ZohoDesk(verifier) }
    }

    /// Fetches the keys the verifier needs before the first delivery (Zoho Desk's JWKS); does
    /// nothing for the HMAC providers.
    ///
    /// # Errors
    ///
    /// [`WebhookError::KeySource`] when the keys cannot be fetched.
    pub async fn prefetch(&self) -> Result<(), WebhookError> {
        match &self.inner {
            #[cfg(feature = "zoho-desk")]
            Inner::ZohoDesk(verifier) => verifier.prefetch().await.map(drop),
            #[allow(unreachable_patterns)]
            _ => Ok(()),
        }
    }

    /// Verifies a delivery (its raw body and headers) and reads its events: one for Intercom
    /// and Periskope, every element of the array for Zoho Desk. A verified event the common
    /// model has no kind for is [`EventKind::Other`]; none is dropped.
    ///
    /// # Errors
    ///
    /// The verifier's [`WebhookError`] (`status()` gives what to answer), or
    /// [`WebhookError::Payload`] when the verified body is not JSON.
    pub async fn receive(&self, headers: &HeaderMap, body: &[u8]) -> Result<Vec<Event>, WebhookError> {
        match &self.inner {
            #[cfg(feature = "periskope")]
            Inner::Periskope(verifier) => Ok(vec![periskope_event(verifier.receive(headers, body)?)]),
            #[cfg(feature = "intercom")]
            Inner::Intercom(verifier) => Ok(vec![intercom_event(verifier.receive(headers, body)?)]),
            #[cfg(feature = "zoho-desk")]
            Inner::ZohoDesk(verifier) => {
                Ok(verifier.receive(headers, body).await?.into_iter().map(zoho_event).collect())
            }
            Inner::Never(never) => match *never {},
        }
    }
}

#[cfg(feature = "periskope")]
fn periskope_event(event: periskope::webhooks::WebhookEvent) -> Event {
    use periskope::webhooks::WebhookEvent as E;
    let (kind, info) = match &event {
        E::TicketCreated(e) => (EventKind::TicketCreated, Some(&e.data)),
        E::TicketUpdated(e) => (EventKind::TicketUpdated, Some(&e.data)),
        E::TicketDeleted(e) => (EventKind::TicketDeleted, Some(&e.data)),
        _ => (EventKind::Other, None),
    };
    let ticket = info.and_then(|info| info.ticket.clone()).map(crate::adapter::periskope_ticket);
    Event {
        provider: Provider::Periskope,
        kind,
        name: event.name().map(str::to_owned),
        ticket_id: ticket.as_ref().map(|t| t.id.clone()),
        id: None,
        occurred_at: None,
        ticket,
        raw: ProviderEvent::Periskope(Box::new(event)),
    }
}

#[cfg(feature = "intercom")]
fn intercom_event(event: intercom::webhooks::WebhookEvent) -> Event {
    use intercom::webhooks::WebhookEvent as E;
    let (kind, item) = match &event {
        E::TicketCreated(e) => (EventKind::TicketCreated, &e.data.item),
        E::TicketStateUpdated(e) => (EventKind::StatusChanged { from: None, to: None }, &e.data.item),
        E::TicketAdminAssigned(e) => (EventKind::Assigned, &e.data.item),
        E::TicketTeamAssigned(e) => (EventKind::Assigned, &e.data.item),
        E::TicketNoteCreated(e) => (EventKind::CommentAdded { public: false }, &e.data.item),
        E::TicketAdminReplied(e) => (EventKind::CommentAdded { public: true }, &e.data.item),
        E::TicketContactReplied(e) => (EventKind::CommentAdded { public: true }, &e.data.item),
        E::TicketContactAttached(e) => (EventKind::TicketUpdated, &e.data.item),
        E::TicketContactDetached(e) => (EventKind::TicketUpdated, &e.data.item),
        E::TicketAttributeUpdated(e) => (EventKind::TicketUpdated, &e.data.item),
        _ => (EventKind::Other, &None),
    };
    let ticket = item.clone().map(crate::adapter::intercom_ticket);
    let kind = match kind {
        EventKind::StatusChanged { from, .. } => {
            EventKind::StatusChanged { from, to: ticket.as_ref().and_then(|t| t.status.clone()) }
        }
        other => other,
    };
    Event {
        provider: Provider::Intercom,
        kind,
        name: event.name().map(str::to_owned),
        ticket_id: ticket.as_ref().map(|t| t.id.clone()),
        id: event.id().map(str::to_owned),
        occurred_at: event.occurred_at(),
        ticket,
        raw: ProviderEvent::Intercom(Box::new(event)),
    }
}

#[cfg(feature = "zoho-desk")]
fn zoho_event(event: zoho_desk::webhooks::WebhookEvent) -> Event {
    use zoho_desk::webhooks::WebhookEvent as E;
    let status = |value: Option<&str>| value.map(|s| crate::mapping::read_status(Provider::ZohoDesk, s));
    // The ticket payloads are the ticket API's own schema; the common model reads them as the
    // client's tickets (the same fields).
    let common = |payload: &zoho_desk::types::TicketResponse| {
        serde_json::to_value(payload)
            .ok()
            .and_then(|value| serde_json::from_value::<zoho_desk::types::TicketResponseBody>(value).ok())
            .map(crate::adapter::zoho_desk_ticket)
    };
    let (kind, ticket, ticket_id) = match &event {
        E::TicketAdd(e) => (EventKind::TicketCreated, common(&e.payload), e.payload.id.clone()),
        E::TicketDelete(e) => (EventKind::TicketDeleted, common(&e.payload), e.payload.id.clone()),
        E::TicketUpdate(e) => {
            let from = status(e.prev_state.as_ref().and_then(|p| p.get("status")).and_then(Value::as_str));
            let to = status(e.payload.status.as_deref());
            let kind = match (&from, &to) {
                (Some(before), Some(after)) if before != after => EventKind::StatusChanged { from, to },
                _ => EventKind::TicketUpdated,
            };
            (kind, common(&e.payload), e.payload.id.clone())
        }
        E::TicketThreadAdd(e) => (EventKind::CommentAdded { public: true }, None, e.payload.ticket_id.clone()),
        E::TicketCommentAdd(e) => (
            EventKind::CommentAdded { public: e.payload.is_public.unwrap_or(false) },
            None,
            e.payload.ticket_id.clone(),
        ),
        _ => (EventKind::Other, None, None),
    };
    // The common ticket's id, else the payload's own (a ticket the common model cannot read).
    let ticket_id = ticket.as_ref().map(|t| t.id.clone()).or(ticket_id);
    let name = event.name().map(str::to_owned);
    Event {
        provider: Provider::ZohoDesk,
        kind,
        name,
        ticket_id,
        id: None,
        occurred_at: event.occurred_at(),
        ticket,
        raw: ProviderEvent::ZohoDesk(Box::new(event)),
    }
}
