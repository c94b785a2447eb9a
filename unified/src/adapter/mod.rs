//! One adapter per provider: its generated client, the settings the common model needs, and the
//! conversions between its generated types and the common model. Each is a variant of
//! [`crate::Helpdesk`]; build one yourself to wrap a client you configured
//! (`Helpdesk::ZohoDesk(adapter::ZohoDesk::new(client, Some(department_id)))`).

#[cfg(feature = "inboxops")]
mod inboxops;
#[cfg(feature = "intercom")]
mod intercom;
#[cfg(feature = "periskope")]
mod periskope;
#[cfg(feature = "zoho-desk")]
mod zoho_desk;

#[cfg(feature = "inboxops")]
pub use self::inboxops::InboxOps;
#[cfg(feature = "intercom")]
pub use self::intercom::Intercom;
#[cfg(feature = "periskope")]
pub use self::periskope::Periskope;
#[cfg(feature = "zoho-desk")]
pub use self::zoho_desk::ZohoDesk;

// The conversions of a provider's ticket into the common model, for `crate::webhooks`.
#[cfg(all(feature = "webhooks", feature = "intercom"))]
pub(crate) use self::intercom::ticket as intercom_ticket;
#[cfg(all(feature = "webhooks", feature = "periskope"))]
pub(crate) use self::periskope::from_ticket as periskope_ticket;
#[cfg(all(feature = "webhooks", feature = "zoho-desk"))]
pub(crate) use self::zoho_desk::from_ticket as zoho_desk_ticket;
