//! Talkdesk (seed 002): OAuth client credentials, the Bulk Import API for users, and the users it
//! changes. Seed 002 describes the capability only; the wire format follows Talkdesk's public
//! API conventions (snake_case, HAL listings, `{code, message, description, fields}` errors).

pub mod auth;
pub mod csv_import;
pub mod handlers;
pub mod model;
pub mod render;
