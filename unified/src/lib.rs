//! One ticket API over every helpdesk of this workspace: Periskope, Intercom 2.9, Zoho Desk and
//! InboxOps, on top of their generated client crates.
//!
//! Build a [`Helpdesk`] from a [`Config`] read at run time (TOML or `HELPDESK_*` environment
//! variables), then create, read, update, list, comment on and close tickets in the common
//! model ([`Ticket`], [`TicketStatus`], [`Priority`], [`Comment`]):
//!
//! ```no_run
//! # async fn run() -> Result<(), helpdesk::Error> {
//! use helpdesk::futures::TryStreamExt;
//! use helpdesk::{Config, Helpdesk, ListTickets, TicketStatus};
//!
//! // HELPDESK_PROVIDER=zoho-desk HELPDESK_TOKEN=… HELPDESK_ORG_ID=… HELPDESK_DEPARTMENT_ID=…
//! let config = Config::from_env()?;
//! let desk = Helpdesk::from_config(&config)?;
//! let open = ListTickets::default().status(TicketStatus::Open);
//! let mut tickets = desk.list_tickets(&open);
//! while let Some(ticket) = tickets.try_next().await? {
//!     println!("{} {:?}", ticket.id, ticket.subject);
//! }
//! # Ok(()) }
//! ```
//!
//! - **Mappings are honest.** Each provider's status and priority values map to the common
//!   ones through the tables in [`mapping`]; a value the provider cannot express is refused
//!   with [`Error::InvalidInput`] before any request, and a value the table does not know
//!   reads as `Other(text)`.
//! - **Capabilities are typed.** [`Helpdesk::capabilities`] says what a provider supports and
//!   why not; an unsupported call returns [`Error::Unsupported`] without a request.
//! - **Nothing is lost.** [`Ticket::raw`] holds the provider's own generated type, and
//!   [`Helpdesk::periskope`] (and its siblings) give the generated client for everything
//!   beyond the common model.
//!
//! Each provider is a cargo feature (`periskope`, `intercom`, `zoho-desk`, `inboxops`, all on
//! by default); a program that talks to one helpdesk compiles one generated crate.
//!
//! # Other crates' types in this API
//!
//! - `time` 0.3: [`time::OffsetDateTime`] in [`Ticket`] and [`Comment`] (and [`ListTickets`]);
//! - `futures` 0.3 (re-exported as [`futures`]): [`futures::stream::BoxStream`] from the list
//!   operations;
//! - `helpdesk-runtime`: [`helpdesk_runtime::Nullable`] in [`TicketUpdate`],
//!   [`helpdesk_runtime::Secret`] in the configuration, `reqwest::StatusCode` in [`Error`], and
//!   the generated crates' errors behind [`Error::Provider`];
//! - the generated crates (`periskope`, `intercom`, `zoho-desk`, `inboxops`): their `Client` and
//!   ticket types in [`RawTicket`] and the provider adapters;
//! - with the feature `webhooks` (`webhooks::Receiver`): `helpdesk_runtime::webhook`'s
//!   `WebhookError`, `JwtVerifier` and `JwksSource`, `reqwest::header::HeaderMap` (http 1, the
//!   type axum hands a handler), `serde_json::Value` (a Zoho Desk event) and the generated
//!   crates' `webhooks::WebhookEvent` in `webhooks::ProviderEvent`.

// With some providers compiled out, the helpers and arguments only their adapters use are unused.
#![cfg_attr(
    not(all(feature = "periskope", feature = "intercom", feature = "zoho-desk", feature = "inboxops")),
    allow(dead_code, unused_variables, unused_imports)
)]

pub mod adapter;
mod capability;
mod config;
mod error;
pub mod mapping;
mod model;
#[cfg(feature = "webhooks")]
pub mod webhooks;

use futures_util::stream::{self, BoxStream, StreamExt};
/// The `futures` crate the list streams come from (for `StreamExt`, `TryStreamExt`).
pub use helpdesk_runtime::futures;

pub use capability::{Capabilities, Operation, Provider};
pub use config::{Config, DataCentre, InboxOpsConfig, IntercomConfig, PeriskopeConfig, ZohoDeskConfig};
pub use error::Error;
#[cfg(feature = "zoho-desk")]
pub use model::ZohoDeskTicket;
pub use model::{
    Comment, ListTickets, NewComment, NewTicket, Priority, RawTicket, Ticket, TicketStatus, TicketUpdate, Visibility,
};

/// A helpdesk of one provider behind the common API.
///
/// Build one with [`Helpdesk::from_config`], or wrap a generated client you configured
/// yourself (`Helpdesk::ZohoDesk(adapter::ZohoDesk::new(client, Some(department)))`).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Helpdesk {
    /// Periskope.
    #[cfg(feature = "periskope")]
    Periskope(adapter::Periskope),
    /// Intercom 2.9.
    #[cfg(feature = "intercom")]
    Intercom(adapter::Intercom),
    /// Zoho Desk.
    #[cfg(feature = "zoho-desk")]
    ZohoDesk(adapter::ZohoDesk),
    /// InboxOps.
    #[cfg(feature = "inboxops")]
    InboxOps(adapter::InboxOps),
}

/// Calls `$body` with the adapter of whichever provider `$desk` is.
macro_rules! dispatch {
    ($desk:expr, $inner:ident => $body:expr) => {
        match *$desk {
            #[cfg(feature = "periskope")]
            Helpdesk::Periskope(ref $inner) => $body,
            #[cfg(feature = "intercom")]
            Helpdesk::Intercom(ref $inner) => $body,
            #[cfg(feature = "zoho-desk")]
            Helpdesk::ZohoDesk(ref $inner) => $body,
            #[cfg(feature = "inboxops")]
            Helpdesk::InboxOps(ref $inner) => $body,
        }
    };
}

impl Helpdesk {
    /// Builds the provider's generated client from the configuration.
    ///
    /// # Errors
    /// [`Error::Config`] when the provider's cargo feature is off or its client cannot be built
    /// (an invalid header value, a bad base URL).
    pub fn from_config(config: &Config) -> Result<Helpdesk, Error> {
        let invalid = |err: helpdesk_runtime::ConfigError| Error::Config(format!("{}: {err}", config.provider()));
        match config {
            #[cfg(feature = "periskope")]
            Config::Periskope(settings) => {
                let mut builder = periskope::Client::builder(settings.token.clone()).phone(settings.phone.clone());
                if let Some(url) = &settings.base_url {
                    builder = builder.base_url(url.clone());
                }
                Ok(Helpdesk::Periskope(adapter::Periskope::new(builder.build().map_err(invalid)?)))
            }
            #[cfg(feature = "intercom")]
            Config::Intercom(settings) => {
                let mut builder = intercom::Client::builder(settings.token.clone());
                if let Some(url) = &settings.base_url {
                    builder = builder.base_url(url.clone());
                }
                let client = builder.build().map_err(invalid)?;
                Ok(Helpdesk::Intercom(adapter::Intercom::new(
                    client,
                    settings.admin_id.clone(),
                    settings.ticket_type_id.clone(),
                )))
            }
            #[cfg(feature = "zoho-desk")]
            Config::ZohoDesk(settings) => {
                let server = match settings.data_centre {
                    DataCentre::Us => zoho_desk::Server::Us,
                    DataCentre::Eu => zoho_desk::Server::Eu,
                    DataCentre::In => zoho_desk::Server::India,
                    DataCentre::Au => zoho_desk::Server::Australia,
                    DataCentre::Jp => zoho_desk::Server::Japan,
                };
                let mut builder =
                    zoho_desk::Client::builder(settings.token.clone()).server(server).org_id(settings.org_id.clone());
                if let Some(url) = &settings.base_url {
                    builder = builder.base_url(url.clone());
                }
                let client = builder.build().map_err(invalid)?;
                Ok(Helpdesk::ZohoDesk(adapter::ZohoDesk::new(client, settings.department_id.clone())))
            }
            #[cfg(feature = "inboxops")]
            Config::InboxOps(settings) => {
                let mut builder = inboxops::Client::builder(settings.token.clone());
                if let Some(url) = &settings.base_url {
                    builder = builder.base_url(url.clone());
                }
                Ok(Helpdesk::InboxOps(adapter::InboxOps::new(
                    builder.build().map_err(invalid)?,
                    settings.inbox_id.clone(),
                )))
            }
            #[allow(unreachable_patterns)]
            other => Err(Error::Config(format!(
                "{} is not compiled in: enable the `helpdesk` crate's `{}` feature",
                other.provider(),
                feature(other.provider())
            ))),
        }
    }

    /// The provider behind this helpdesk.
    pub fn provider(&self) -> Provider {
        provider_of(self)
    }

    /// Which operations the provider supports (and why not).
    pub fn capabilities(&self) -> Capabilities {
        self.provider().capabilities()
    }

    /// Creates a ticket.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a field the provider cannot take (nothing is sent),
    /// [`Error::Provider`] when the call fails.
    pub async fn create_ticket(&self, ticket: &NewTicket) -> Result<Ticket, Error> {
        self.capabilities().require(Operation::CreateTicket)?;
        dispatch!(self, desk => desk.create(ticket).await)
    }

    /// Reads one ticket by the provider's id.
    ///
    /// # Errors
    /// [`Error::Provider`] when the call fails (a 404 among them).
    pub async fn get_ticket(&self, id: &str) -> Result<Ticket, Error> {
        self.capabilities().require(Operation::GetTicket)?;
        dispatch!(self, desk => desk.get(id).await)
    }

    /// Changes a ticket; only what `update` sets is sent.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a value the provider cannot express (nothing is sent),
    /// [`Error::Provider`] when the call fails.
    pub async fn update_ticket(&self, id: &str, update: &TicketUpdate) -> Result<Ticket, Error> {
        self.capabilities().require(Operation::UpdateTicket)?;
        dispatch!(self, desk => desk.update(id, update).await)
    }

    /// The tickets `filter` selects, fetched lazily page by page through the generated
    /// `*_items` stream of the provider's list operation.
    ///
    /// # Errors
    /// The stream yields [`Error::Unsupported`] once (with no request) where the provider has
    /// no list, and [`Error::Provider`] for a failed page (then ends).
    pub fn list_tickets(&self, filter: &ListTickets) -> BoxStream<'_, Result<Ticket, Error>> {
        if let Err(err) = self.capabilities().require(Operation::ListTickets) {
            return stream::iter([Err(err)]).boxed();
        }
        match self {
            #[cfg(feature = "periskope")]
            Helpdesk::Periskope(desk) => desk.list(filter),
            #[cfg(feature = "zoho-desk")]
            Helpdesk::ZohoDesk(desk) => desk.list(filter),
            #[allow(unreachable_patterns)]
            _ => stream::iter([Err(unreachable_gap(self.provider(), Operation::ListTickets))]).boxed(),
        }
    }

    /// Adds a public reply or an internal note to a ticket.
    ///
    /// # Errors
    /// [`Error::Unsupported`] where the provider cannot (nothing is sent), [`Error::Provider`]
    /// when the call fails.
    pub async fn add_comment(&self, ticket_id: &str, comment: &NewComment) -> Result<Comment, Error> {
        let operation = match comment.visibility {
            Visibility::Public => Operation::AddPublicReply,
            Visibility::Internal => Operation::AddInternalNote,
        };
        self.capabilities().require(operation)?;
        match self {
            #[cfg(feature = "intercom")]
            Helpdesk::Intercom(desk) => desk.add_comment(ticket_id, comment).await,
            #[cfg(feature = "zoho-desk")]
            Helpdesk::ZohoDesk(desk) => desk.add_comment(ticket_id, comment).await,
            #[allow(unreachable_patterns)]
            _ => Err(unreachable_gap(self.provider(), operation)),
        }
    }

    /// The comments of a ticket, oldest first as the provider orders them.
    ///
    /// # Errors
    /// As [`Helpdesk::list_tickets`].
    pub fn list_comments<'a>(&'a self, ticket_id: &'a str) -> BoxStream<'a, Result<Comment, Error>> {
        if let Err(err) = self.capabilities().require(Operation::ListComments) {
            return stream::iter([Err(err)]).boxed();
        }
        match self {
            #[cfg(feature = "intercom")]
            Helpdesk::Intercom(desk) => desk.list_comments(ticket_id),
            #[cfg(feature = "zoho-desk")]
            Helpdesk::ZohoDesk(desk) => desk.list_comments(ticket_id),
            #[allow(unreachable_patterns)]
            _ => stream::iter([Err(unreachable_gap(self.provider(), Operation::ListComments))]).boxed(),
        }
    }

    /// Closes a ticket: the provider's final state (Intercom 2.9: `resolved`, it has no closed
    /// state; Zoho Desk: its `closeTickets` operation; the others: status `closed`).
    ///
    /// # Errors
    /// [`Error::Provider`] when the call fails.
    pub async fn close_ticket(&self, id: &str) -> Result<(), Error> {
        self.capabilities().require(Operation::CloseTicket)?;
        dispatch!(self, desk => desk.close(id).await)
    }

    /// The Periskope client, when this is Periskope.
    #[cfg(feature = "periskope")]
    pub fn periskope(&self) -> Option<&periskope::Client> {
        match self {
            Helpdesk::Periskope(desk) => Some(desk.client()),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// The Intercom client, when this is Intercom.
    #[cfg(feature = "intercom")]
    pub fn intercom(&self) -> Option<&intercom::Client> {
        match self {
            Helpdesk::Intercom(desk) => Some(desk.client()),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// The Zoho Desk client, when this is Zoho Desk.
    #[cfg(feature = "zoho-desk")]
    pub fn zoho_desk(&self) -> Option<&zoho_desk::Client> {
        match self {
            Helpdesk::ZohoDesk(desk) => Some(desk.client()),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// The InboxOps client, when this is InboxOps.
    #[cfg(feature = "inboxops")]
    pub fn inboxops(&self) -> Option<&inboxops::Client> {
        match self {
            Helpdesk::InboxOps(desk) => Some(desk.client()),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }
}

fn provider_of(desk: &Helpdesk) -> Provider {
    match *desk {
        #[cfg(feature = "periskope")]
        Helpdesk::Periskope(_) => Provider::Periskope,
        #[cfg(feature = "intercom")]
        Helpdesk::Intercom(_) => Provider::Intercom,
        #[cfg(feature = "zoho-desk")]
        Helpdesk::ZohoDesk(_) => Provider::ZohoDesk,
        #[cfg(feature = "inboxops")]
        Helpdesk::InboxOps(_) => Provider::InboxOps,
    }
}

/// The error of a dispatch arm that [`Capabilities`] already rules out.
fn unreachable_gap(provider: Provider, operation: Operation) -> Error {
    Error::Unsupported { provider, operation, reason: "not supported" }
}

fn feature(provider: Provider) -> &'static str {
    match provider {
        Provider::Periskope => "periskope",
        Provider::Intercom => "intercom",
        Provider::ZohoDesk => "zoho-desk",
        Provider::InboxOps => "inboxops",
    }
}
