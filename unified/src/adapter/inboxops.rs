//! InboxOps under the common model (crate `inboxops`, specs/inboxops/openapi.yaml).

use inboxops::types;

use crate::mapping::{from_wire, read_priority, read_status, wire, write_priority, write_status};
use crate::model::{rfc3339, NewTicket, RawTicket, Ticket, TicketStatus, TicketUpdate};
use crate::{Error, Operation, Provider};

const PROVIDER: Provider = Provider::InboxOps;

/// An InboxOps client with the settings the common model needs.
#[derive(Debug, Clone)]
pub struct InboxOps {
    client: inboxops::Client,
    inbox_id: Option<String>,
}

impl InboxOps {
    /// Wraps a client; `inbox_id` is the inbox new tickets go to (the account's default when
    /// `None`).
    pub fn new(client: inboxops::Client, inbox_id: Option<String>) -> Self {
        Self { client, inbox_id }
    }

    /// The generated client, for everything beyond the common model.
    pub fn client(&self) -> &inboxops::Client {
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
                "InboxOps tickets have no description (the first email is the message)",
            ));
        }
        if new.status.is_some() {
            return Err(refused("status", "the create request has no status (tickets start open)"));
        }
        let mut body = types::CreateTicketRequest::new(new.subject.clone());
        if let Some(priority) = &new.priority {
            body = body.priority(from_wire::<types::TicketPriority>(
                PROVIDER,
                "priority",
                &write_priority(PROVIDER, priority)?,
            )?);
        }
        if let Some(email) = &new.contact {
            body = body.reporter_email(email.clone());
        }
        if let Some(assignee) = &new.assignee {
            body = body.assignee_id(assignee.clone());
        }
        if let Some(inbox_id) = &self.inbox_id {
            body = body.inbox_id(inbox_id.clone());
        }
        let params = inboxops::CreateTicketParams::default();
        let created = self
            .client
            .create_ticket(&params, &body)
            .await
            .map_err(Error::provider(PROVIDER, Operation::CreateTicket))?;
        Ok(ticket(created.into_inner().data))
    }

    pub(crate) async fn get(&self, id: &str) -> Result<Ticket, Error> {
        let params = inboxops::GetTicketParams::default();
        let found =
            self.client.get_ticket(id, &params).await.map_err(Error::provider(PROVIDER, Operation::GetTicket))?;
        Ok(ticket(found.into_inner().data))
    }

    pub(crate) async fn update(&self, id: &str, update: &TicketUpdate) -> Result<Ticket, Error> {
        self.send_update(id, update, Operation::UpdateTicket).await
    }

    async fn send_update(&self, id: &str, update: &TicketUpdate, operation: Operation) -> Result<Ticket, Error> {
        if !update.tags.is_empty() {
            return Err(Error::InvalidInput {
                provider: PROVIDER,
                field: "tags",
                reason: "the update request has no tags".into(),
            });
        }
        let mut body = types::UpdateTicketRequest::default();
        if let Some(subject) = &update.subject {
            body = body.subject(subject.clone());
        }
        if let Some(status) = &update.status {
            body = body.status(from_wire::<types::TicketStatus>(PROVIDER, "status", &write_status(PROVIDER, status)?)?);
        }
        if let Some(priority) = &update.priority {
            body = body.priority(from_wire::<types::TicketPriority>(
                PROVIDER,
                "priority",
                &write_priority(PROVIDER, priority)?,
            )?);
        }
        body.assignee_id = update.assignee.clone();
        let updated = self.client.update_ticket(id, &body).await.map_err(Error::provider(PROVIDER, operation))?;
        Ok(ticket(updated.into_inner().data))
    }

    /// Sets the status `closed`.
    pub(crate) async fn close(&self, id: &str) -> Result<(), Error> {
        let update = TicketUpdate::default().status(TicketStatus::Closed);
        self.send_update(id, &update, Operation::CloseTicket).await.map(drop)
    }
}

fn ticket(raw: types::Ticket) -> Ticket {
    let tags = match &raw.tags {
        Some(serde_json::Value::Array(tags)) => tags
            .iter()
            .filter_map(|tag| match tag {
                serde_json::Value::String(name) => Some(name.clone()),
                serde_json::Value::Object(tag) => tag.get("name")?.as_str().map(str::to_owned),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    Ticket {
        id: raw.id.clone(),
        subject: raw.subject.clone(),
        description: None,
        status: Some(read_status(PROVIDER, &wire(&raw.status))),
        priority: raw.priority.as_ref().map(|priority| read_priority(PROVIDER, &wire(priority))),
        assignee: raw.assignee_id.as_option().cloned(),
        contact: raw.contact_id.as_option().cloned(),
        tags,
        created_at: rfc3339(Some(&raw.created_at)),
        updated_at: rfc3339(Some(&raw.updated_at)),
        web_url: None,
        raw: RawTicket::InboxOps(Box::new(raw)),
    }
}
