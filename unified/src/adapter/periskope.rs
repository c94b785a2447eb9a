//! Periskope under the common model (crate `periskope`, specs/periskope/openapi.yaml).

use futures_util::stream::{BoxStream, StreamExt};
use helpdesk_runtime::Nullable;
use periskope::types;

use crate::mapping::{from_wire, read_priority, read_status, wire, write_priority, write_status};
use crate::model::{rfc3339, ListTickets, NewTicket, RawTicket, Ticket, TicketStatus, TicketUpdate};
use crate::{Error, Operation, Provider};

const PROVIDER: Provider = Provider::Periskope;

/// A Periskope client (its `x-phone` set) under the common model.
#[derive(Debug, Clone)]
pub struct Periskope {
    client: periskope::Client,
}

impl Periskope {
    /// Wraps a client.
    pub fn new(client: periskope::Client) -> Self {
        Self { client }
    }

    /// The generated client, for everything beyond the common model.
    pub fn client(&self) -> &periskope::Client {
        &self.client
    }

    pub(crate) async fn create(&self, new: &NewTicket) -> Result<Ticket, Error> {
        let refused = |field: &'static str, reason: &str| Error::InvalidInput {
            provider: PROVIDER,
            field,
            reason: reason.to_owned(),
        };
        if new.description.is_some() {
            return Err(refused(
                "description",
                "Periskope tickets have no description (the quoted message is the context)",
            ));
        }
        let chat_id = new.contact.as_deref().ok_or_else(|| {
            refused("contact", "Periskope tickets belong to a chat: set NewTicket::contact to its chat id (…@c.us)")
        })?;
        let mut body = types::CreateTicketBody::new(chat_id, new.subject.clone());
        if let Some(status) = &new.status {
            body = body.status(status_value(status)?);
        }
        if let Some(priority) = &new.priority {
            body = body.priority(priority_value(priority)?);
        }
        if let Some(assignee) = &new.assignee {
            body = body.assignee(assignee.clone());
        }
        let created =
            self.client.create_ticket(&body).await.map_err(Error::provider(PROVIDER, Operation::CreateTicket))?;
        from_info(created.into_inner(), Operation::CreateTicket)
    }

    pub(crate) async fn get(&self, id: &str) -> Result<Ticket, Error> {
        let found = self.client.get_ticket_by_id(id).await.map_err(Error::provider(PROVIDER, Operation::GetTicket))?;
        let ticket = found.into_inner().ticket.ok_or_else(|| missing(Operation::GetTicket))?;
        Ok(from_ticket(ticket))
    }

    pub(crate) async fn update(&self, id: &str, update: &TicketUpdate) -> Result<Ticket, Error> {
        self.send_update(id, update, Operation::UpdateTicket).await
    }

    async fn send_update(&self, id: &str, update: &TicketUpdate, operation: Operation) -> Result<Ticket, Error> {
        if !update.tags.is_empty() {
            return Err(Error::InvalidInput {
                provider: PROVIDER,
                field: "tags",
                reason: "the update request's `labels` are the contact's labels, not the ticket's".into(),
            });
        }
        let mut body = types::UpdateTicketBody::default();
        if let Some(subject) = &update.subject {
            body = body.subject(subject.clone());
        }
        if let Some(status) = &update.status {
            body = body.status(status_value(status)?);
        }
        if let Some(priority) = &update.priority {
            body = body.priority(priority_value(priority)?);
        }
        match &update.assignee {
            Nullable::Absent => {}
            Nullable::Value(email) => body = body.assignee(email.clone()),
            Nullable::Null => {
                return Err(Error::InvalidInput {
                    provider: PROVIDER,
                    field: "assignee",
                    reason: "the update request cannot clear the assignee (`assignee` is a non-nullable string)".into(),
                })
            }
        }
        let updated = self.client.update_ticket(id, &body).await.map_err(Error::provider(PROVIDER, operation))?;
        from_info(updated.into_inner(), operation)
    }

    /// Walks `getTickets` page by page (`offset`/`limit`).
    pub(crate) fn list<'a>(&'a self, filter: &ListTickets) -> BoxStream<'a, Result<Ticket, Error>> {
        let mut params = periskope::GetTicketsParams::default();
        params.limit = filter.page_size.map(i64::from);
        let filter = filter.clone();
        self.client
            .get_tickets_items(&params)
            .map(|item| item.map(from_ticket).map_err(Error::provider(PROVIDER, Operation::ListTickets)))
            .filter(move |item| std::future::ready(item.as_ref().map_or(true, |ticket| filter.keeps(ticket))))
            .boxed()
    }

    /// Sets the status `closed`.
    pub(crate) async fn close(&self, id: &str) -> Result<(), Error> {
        let update = TicketUpdate::default().status(TicketStatus::Closed);
        self.send_update(id, &update, Operation::CloseTicket).await.map(drop)
    }
}

fn status_value(status: &TicketStatus) -> Result<types::TicketStatus, Error> {
    from_wire(PROVIDER, "status", &write_status(PROVIDER, status)?)
}

fn priority_value(priority: &crate::Priority) -> Result<types::TicketPriority, Error> {
    from_wire(PROVIDER, "priority", &write_priority(PROVIDER, priority)?)
}

fn missing(operation: Operation) -> Error {
    Error::Provider {
        provider: PROVIDER,
        operation,
        status: None,
        source: "the response has no `ticket` (the spec documents it as optional)".into(),
    }
}

fn from_info(info: types::TicketInfo, operation: Operation) -> Result<Ticket, Error> {
    info.ticket.map(from_ticket).ok_or_else(|| missing(operation))
}

pub(crate) fn from_ticket(raw: types::Ticket) -> Ticket {
    let tags = raw
        .ticket_labels
        .as_option()
        .map(|labels| labels.split(',').map(str::trim).filter(|label| !label.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    Ticket {
        id: raw.ticket_id.clone().unwrap_or_default(),
        subject: raw.subject.clone(),
        description: None,
        status: raw.status.as_ref().map(|status| read_status(PROVIDER, &wire(status))),
        priority: raw.priority.as_ref().map(|priority| read_priority(PROVIDER, &wire(priority))),
        // "Email of the assignee; empty when unassigned."
        assignee: raw.assignee.as_option().filter(|email| !email.is_empty()).cloned(),
        contact: raw.chat_id.clone(),
        tags,
        created_at: rfc3339(raw.created_at.as_deref()),
        updated_at: rfc3339(raw.last_updated_at.as_deref()),
        web_url: None,
        raw: RawTicket::Periskope(Box::new(raw)),
    }
}
