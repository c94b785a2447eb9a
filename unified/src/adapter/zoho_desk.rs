//! Zoho Desk under the common model (crate `zoho-desk`, specs/zoho-desk/Ticket.json and
//! TicketComment.json).

use futures_util::stream::{BoxStream, StreamExt};
use zoho_desk::types;

use crate::mapping::{read_priority, read_status, write_priority, write_status};
use crate::model::{
    rfc3339, Comment, ListTickets, NewComment, NewTicket, RawTicket, Ticket, TicketUpdate, Visibility, ZohoDeskTicket,
};
use crate::{Error, Operation, Provider};

const PROVIDER: Provider = Provider::ZohoDesk;

/// A Zoho Desk client with the settings the common model needs.
#[derive(Debug, Clone)]
pub struct ZohoDesk {
    client: zoho_desk::Client,
    department_id: Option<String>,
}

impl ZohoDesk {
    /// Wraps a client; `department_id` is where tickets are created and listed from (Zoho
    /// requires a department for both).
    pub fn new(client: zoho_desk::Client, department_id: Option<String>) -> Self {
        Self { client, department_id }
    }

    /// The generated client, for everything beyond the common model.
    pub fn client(&self) -> &zoho_desk::Client {
        &self.client
    }

    fn department_id(&self) -> Result<&str, Error> {
        self.department_id.as_deref().ok_or_else(|| Error::InvalidInput {
            provider: PROVIDER,
            field: "department",
            reason: "Zoho Desk creates and lists tickets per department: set `department-id` in the configuration"
                .into(),
        })
    }

    pub(crate) async fn create(&self, new: &NewTicket) -> Result<Ticket, Error> {
        let mut body = types::CreateTicketBody::new(self.department_id()?.to_owned(), new.subject.clone());
        if let Some(description) = &new.description {
            body = body.description(description.clone());
        }
        if let Some(email) = &new.contact {
            body = body.contact(types::CreateTicketBodyPart1Contact::new(email.clone(), None));
        }
        if let Some(status) = &new.status {
            body = body.status(write_status(PROVIDER, status)?);
        }
        if let Some(priority) = &new.priority {
            body = body.priority(write_priority(PROVIDER, priority)?);
        }
        if let Some(assignee) = &new.assignee {
            body = body.assignee_id(assignee.clone());
        }
        let created =
            self.client.create_ticket(&body).await.map_err(Error::provider(PROVIDER, Operation::CreateTicket))?;
        Ok(from_ticket(created.into_inner()))
    }

    pub(crate) async fn get(&self, id: &str) -> Result<Ticket, Error> {
        let params = zoho_desk::GetTicketParams::default();
        let found =
            self.client.get_ticket(id, &params).await.map_err(Error::provider(PROVIDER, Operation::GetTicket))?;
        Ok(from_detail(found.into_inner()))
    }

    /// `updateTicket` with the fields set; tags go first through `associateTicketTags` (the
    /// update request has none), so an update with tags is two requests, and one with only tags
    /// reads the ticket back with `getTicket`.
    pub(crate) async fn update(&self, id: &str, update: &TicketUpdate) -> Result<Ticket, Error> {
        if !update.tags.is_empty() {
            let tags = types::DissociateTicketTagsBody::new(update.tags.iter().cloned().map(Some).collect::<Vec<_>>());
            self.client
                .associate_ticket_tags(id, &tags)
                .await
                .map_err(Error::provider(PROVIDER, Operation::UpdateTicket))?;
            let only_tags = TicketUpdate { tags: Vec::new(), ..update.clone() } == TicketUpdate::default();
            if only_tags {
                return self.get(id).await;
            }
        }
        let mut body = types::UpdateTicketBody::default();
        if let Some(subject) = &update.subject {
            body = body.subject(subject.clone());
        }
        if let Some(status) = &update.status {
            body = body.status(write_status(PROVIDER, status)?);
        }
        if let Some(priority) = &update.priority {
            body = body.priority(write_priority(PROVIDER, priority)?);
        }
        body.assignee_id = update.assignee.clone();
        let updated =
            self.client.update_ticket(id, &body).await.map_err(Error::provider(PROVIDER, Operation::UpdateTicket))?;
        Ok(from_ticket(updated.into_inner()))
    }

    /// Walks `getTickets` of the configured department page by page (`from`/`limit`).
    pub(crate) fn list<'a>(&'a self, filter: &ListTickets) -> BoxStream<'a, Result<Ticket, Error>> {
        let department_id = match self.department_id() {
            Ok(id) => id,
            Err(err) => return futures_util::stream::iter([Err(err)]).boxed(),
        };
        let mut params = zoho_desk::GetTicketsParams::new(department_id);
        params.limit = filter.page_size.map(|size| size.to_string());
        let filter = filter.clone();
        self.client
            .get_tickets_items(&params)
            .map(|item| item.map(from_list_item).map_err(Error::provider(PROVIDER, Operation::ListTickets)))
            .filter(move |item| std::future::ready(item.as_ref().map_or(true, |ticket| filter.keeps(ticket))))
            .boxed()
    }

    pub(crate) async fn add_comment(&self, id: &str, comment: &NewComment) -> Result<Comment, Error> {
        let operation = match comment.visibility {
            Visibility::Public => Operation::AddPublicReply,
            Visibility::Internal => Operation::AddInternalNote,
        };
        let body = types::CreateTicketCommentBody::new(None, comment.body.clone())
            .content_type(types::CreateTicketCommentBodyContentType::PlainText)
            .is_public(comment.visibility == Visibility::Public);
        let params = zoho_desk::CreateTicketCommentParams::default();
        let created = self
            .client
            .create_ticket_comment(id, &params, &body)
            .await
            .map_err(Error::provider(PROVIDER, operation))?;
        Ok(from_comment(created.into_inner()))
    }

    /// Walks `getTicketComments` page by page.
    pub(crate) fn list_comments<'a>(&'a self, id: &'a str) -> BoxStream<'a, Result<Comment, Error>> {
        self.client
            .get_ticket_comments_items(id, &zoho_desk::GetTicketCommentsParams::default())
            .filter_map(|item| {
                std::future::ready(match item {
                    Ok(comment) => comment.map(|comment| Ok(from_comment(comment))),
                    Err(err) => Some(Err(Error::provider(PROVIDER, Operation::ListComments)(err))),
                })
            })
            .boxed()
    }

    /// `closeTickets` with this one id (Zoho's own close, which also runs its closure rules).
    pub(crate) async fn close(&self, id: &str) -> Result<(), Error> {
        let body = types::CloseTicketsBody::new(vec![Some(id.to_owned())]);
        self.client.close_tickets(&body).await.map_err(Error::provider(PROVIDER, Operation::CloseTicket))?;
        Ok(())
    }
}

/// Zoho Desk's times: RFC 3339 on the wire (`2016-06-21T12:50:04.000Z`, the reference pages),
/// Unix milliseconds in the spec's examples (`1383564067000`); both are read.
fn time(text: Option<&str>) -> Option<time::OffsetDateTime> {
    let text = text?;
    rfc3339(Some(text)).or_else(|| {
        let millis: i128 = text.parse().ok()?;
        time::OffsetDateTime::from_unix_timestamp_nanos(millis.checked_mul(1_000_000)?).ok()
    })
}

pub(crate) fn from_ticket(raw: types::TicketResponseBody) -> Ticket {
    Ticket {
        id: raw.id.clone().unwrap_or_default(),
        subject: raw.subject.as_option().cloned(),
        description: raw.description.clone(),
        status: raw.status.as_deref().map(|value| read_status(PROVIDER, value)),
        priority: raw.priority.as_deref().map(|value| read_priority(PROVIDER, value)),
        assignee: raw.assignee_id.as_option().cloned(),
        contact: raw.contact_id.clone(),
        tags: Vec::new(),
        created_at: time(raw.created_time.as_deref()),
        updated_at: time(raw.modified_time.as_deref()),
        web_url: raw.web_url.clone(),
        raw: RawTicket::ZohoDesk(Box::new(ZohoDeskTicket::Ticket(raw))),
    }
}

fn from_detail(raw: types::GetTicketResponseBody) -> Ticket {
    Ticket {
        id: raw.id.clone().unwrap_or_default(),
        subject: raw.subject.clone(),
        description: raw.description.clone(),
        status: raw.status.as_deref().map(|value| read_status(PROVIDER, value)),
        priority: raw.priority.as_deref().map(|value| read_priority(PROVIDER, value)),
        assignee: raw.assignee_id.clone(),
        contact: raw.contact_id.clone(),
        tags: Vec::new(),
        created_at: time(raw.created_time.as_deref()),
        updated_at: time(raw.modified_time.as_deref()),
        web_url: raw.web_url.clone(),
        raw: RawTicket::ZohoDesk(Box::new(ZohoDeskTicket::Detail(raw))),
    }
}

/// A list item has no `modifiedTime` in the spec, so `updated_at` is `None` (and
/// [`ListTickets::updated_since`] keeps it: see its docs).
fn from_list_item(raw: types::TicketListViewArrayBodyDataItem) -> Ticket {
    Ticket {
        id: raw.id.clone().unwrap_or_default(),
        subject: raw.subject.clone(),
        description: None,
        status: raw.status.as_deref().map(|value| read_status(PROVIDER, value)),
        priority: raw.priority.as_deref().map(|value| read_priority(PROVIDER, value)),
        assignee: raw.assignee_id.clone(),
        contact: raw.contact_id.clone(),
        tags: Vec::new(),
        created_at: time(raw.created_time.as_deref()),
        updated_at: None,
        web_url: raw.web_url.clone(),
        raw: RawTicket::ZohoDesk(Box::new(ZohoDeskTicket::ListItem(raw))),
    }
}

fn from_comment(raw: types::CommentResponse) -> Comment {
    Comment {
        id: raw.id,
        body: raw.content,
        visibility: if raw.is_public == Some(false) { Visibility::Internal } else { Visibility::Public },
        author: raw.commenter_id.or_else(|| raw.commenter.and_then(|commenter| commenter.id)),
        created_at: time(raw.commented_time.as_deref()),
        provider: PROVIDER,
    }
}
