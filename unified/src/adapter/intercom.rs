//! Intercom 2.9 under the common model (crate `intercom`, specs/intercom/api.intercom.io.yaml).
//!
//! A ticket's title and description are its `_default_title_` and `_default_description_`
//! ticket attributes; replies to tickets are internal notes only ("Only `note` is supported at
//! the moment", `#/components/schemas/create_ticket_reply_request`).

use std::collections::BTreeMap;

use futures_util::stream::{self, BoxStream, StreamExt};
use helpdesk_runtime::Nullable;
use intercom::types;

use crate::mapping::{from_wire, read_status, wire, write_priority, write_status};
use crate::model::{unix, Comment, NewComment, NewTicket, RawTicket, Ticket, TicketUpdate, Visibility};
use crate::{Error, Operation, Provider};

const PROVIDER: Provider = Provider::Intercom;
const TITLE: &str = "_default_title_";
const DESCRIPTION: &str = "_default_description_";

/// An Intercom client with the settings the common model needs.
#[derive(Debug, Clone)]
pub struct Intercom {
    client: intercom::Client,
    admin_id: Option<String>,
    ticket_type_id: Option<String>,
}

impl Intercom {
    /// Wraps a client. `admin_id` is the admin who assigns tickets and writes notes;
    /// `ticket_type_id` the type new tickets get (Intercom requires both for those calls).
    pub fn new(client: intercom::Client, admin_id: Option<String>, ticket_type_id: Option<String>) -> Self {
        Self { client, admin_id, ticket_type_id }
    }

    /// The generated client, for everything beyond the common model.
    pub fn client(&self) -> &intercom::Client {
        &self.client
    }

    fn admin_id(&self, field: &'static str) -> Result<&str, Error> {
        self.admin_id.as_deref().ok_or_else(|| Error::InvalidInput {
            provider: PROVIDER,
            field,
            reason: "Intercom needs the acting admin: set `admin-id` in the configuration".into(),
        })
    }

    pub(crate) async fn create(&self, new: &NewTicket) -> Result<Ticket, Error> {
        let ticket_type_id = self.ticket_type_id.as_deref().ok_or_else(|| Error::InvalidInput {
            provider: PROVIDER,
            field: "ticket type",
            reason: "Intercom tickets need a ticket type: set `ticket-type-id` in the configuration".into(),
        })?;
        let contact = new.contact.as_deref().ok_or_else(|| Error::InvalidInput {
            provider: PROVIDER,
            field: "contact",
            reason: "Intercom tickets need a contact: set NewTicket::contact to an email".into(),
        })?;
        refuse(new.status.is_some(), "status", "the create request has no state (tickets start `submitted`)")?;
        refuse(new.assignee.is_some(), "assignee", "the create request has no assignment; update the ticket after")?;
        if let Some(priority) = &new.priority {
            write_priority(PROVIDER, priority)?;
        }
        let mut attributes = BTreeMap::new();
        let text = |value: &str| types::TicketRequestCustomAttributesValue::Variant0(Some(value.to_owned()));
        attributes.insert(TITLE.to_owned(), text(&new.subject));
        if let Some(description) = &new.description {
            attributes.insert(DESCRIPTION.to_owned(), text(description));
        }
        let body = types::CreateTicketRequest::new(
            vec![types::CreateTicketRequestContactsItem::Email(contact.to_owned())],
            ticket_type_id,
        )
        .ticket_attributes(types::TicketRequestCustomAttributes(attributes));
        let created =
            self.client.create_ticket(&body).await.map_err(Error::provider(PROVIDER, Operation::CreateTicket))?;
        Ok(ticket(created.into_inner()))
    }

    pub(crate) async fn get(&self, id: &str) -> Result<Ticket, Error> {
        let found = self.client.get_ticket(id).await.map_err(Error::provider(PROVIDER, Operation::GetTicket))?;
        Ok(ticket(found.into_inner()))
    }

    pub(crate) async fn update(&self, id: &str, update: &TicketUpdate) -> Result<Ticket, Error> {
        let body = self.update_body(update)?;
        let updated =
            self.client.update_ticket(id, &body).await.map_err(Error::provider(PROVIDER, Operation::UpdateTicket))?;
        Ok(ticket(updated.into_inner()))
    }

    fn update_body(&self, update: &TicketUpdate) -> Result<types::UpdateTicketRequest, Error> {
        refuse(
            !update.tags.is_empty(),
            "tags",
            "the update request has no tags (POST /tickets/{id}/tags is a separate call)",
        )?;
        if let Some(priority) = &update.priority {
            write_priority(PROVIDER, priority)?;
        }
        let mut body = types::UpdateTicketRequest::default();
        if let Some(subject) = &update.subject {
            let mut attributes = serde_json::Map::new();
            attributes.insert(TITLE.to_owned(), subject.clone().into());
            body = body.ticket_attributes(attributes);
        }
        if let Some(status) = &update.status {
            let state: types::UpdateTicketRequestState =
                from_wire(PROVIDER, "status", &write_status(PROVIDER, status)?)?;
            body = body.state(state);
        }
        let assignee = match &update.assignee {
            Nullable::Absent => None,
            // "Set this 0 to unassign it" (`#/components/schemas/update_ticket_request`).
            Nullable::Null => Some("0".to_owned()),
            Nullable::Value(id) => Some(id.clone()),
        };
        if let Some(assignee_id) = assignee {
            let admin_id = self.admin_id("assignee")?;
            body = body.assignment(
                types::UpdateTicketRequestAssignment::default().admin_id(admin_id).assignee_id(assignee_id),
            );
        }
        Ok(body)
    }

    pub(crate) async fn add_comment(&self, id: &str, comment: &NewComment) -> Result<Comment, Error> {
        let admin_id = self.admin_id("comment author")?;
        let body = types::CreateTicketReplyRequest::new(admin_id, comment.body.clone()).message_type("note");
        let note =
            self.client.reply_ticket(id, &body).await.map_err(Error::provider(PROVIDER, Operation::AddInternalNote))?;
        let note = note.into_inner();
        Ok(Comment {
            id: note.id,
            body: note.body.into_option(),
            visibility: Visibility::Internal,
            author: note.author.and_then(|author| author.id),
            created_at: unix(note.created_at),
            provider: PROVIDER,
        })
    }

    /// The ticket's comments and notes, from the `ticket_parts` of `getTicket` (2.9 has no
    /// separate list); other parts (state changes, assignments) are left out.
    pub(crate) fn list_comments<'a>(&'a self, id: &'a str) -> BoxStream<'a, Result<Comment, Error>> {
        let parts = async move {
            let found = self.client.get_ticket(id).await.map_err(Error::provider(PROVIDER, Operation::ListComments));
            match found {
                Err(err) => vec![Err(err)],
                Ok(found) => {
                    let parts =
                        found.into_inner().ticket_parts.and_then(|parts| parts.ticket_parts).unwrap_or_default();
                    parts.into_iter().filter_map(comment).map(Ok).collect()
                }
            }
        };
        stream::once(parts).flat_map(stream::iter).boxed()
    }

    /// Intercom 2.9 tickets have no closed state: closing sets `resolved`, the final one.
    pub(crate) async fn close(&self, id: &str) -> Result<(), Error> {
        let body = types::UpdateTicketRequest::default().state(types::UpdateTicketRequestState::Resolved);
        self.client.update_ticket(id, &body).await.map_err(Error::provider(PROVIDER, Operation::CloseTicket))?;
        Ok(())
    }
}

fn refuse(refused: bool, field: &'static str, reason: &str) -> Result<(), Error> {
    match refused {
        false => Ok(()),
        true => Err(Error::InvalidInput { provider: PROVIDER, field, reason: reason.to_owned() }),
    }
}

fn attribute(raw: &types::Ticket, name: &str) -> Option<String> {
    match raw.ticket_attributes.as_ref()?.get(name)? {
        types::TicketCustomAttributesValue::Variant0(text) => text.clone(),
        _ => None,
    }
}

pub(crate) fn ticket(raw: types::Ticket) -> Ticket {
    Ticket {
        id: raw.id.clone().unwrap_or_default(),
        subject: attribute(&raw, TITLE),
        description: attribute(&raw, DESCRIPTION),
        status: raw.ticket_state.as_ref().map(|state| read_status(PROVIDER, &wire(state))),
        priority: None,
        assignee: raw.admin_assignee_id.clone(),
        contact: raw.contacts.as_ref().and_then(|c| c.contacts.as_ref()?.first()?.id.clone()),
        tags: Vec::new(),
        created_at: unix(raw.created_at),
        updated_at: unix(raw.updated_at),
        web_url: None,
        raw: RawTicket::Intercom(Box::new(raw)),
    }
}

fn comment(part: types::TicketPart) -> Option<Comment> {
    let visibility = match part.part_type.as_deref()? {
        "note" => Visibility::Internal,
        "comment" => Visibility::Public,
        _ => return None,
    };
    Some(Comment {
        id: part.id,
        body: part.body.into_option(),
        visibility,
        author: part.author.and_then(|author| author.id),
        created_at: unix(part.created_at),
        provider: PROVIDER,
    })
}
