//! One adapter per provider: its generated client, the settings the common model needs, and the
//! conversions between its generated types and the common model.

#[cfg(feature = "inboxops")]
pub mod inboxops;
#[cfg(feature = "intercom")]
pub mod intercom;
#[cfg(feature = "periskope")]
pub mod periskope;
#[cfg(feature = "zoho-desk")]
pub mod zoho_desk;
