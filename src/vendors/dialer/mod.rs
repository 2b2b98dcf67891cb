//! An XCALLY Motion-style dialer (seed 004): contact lists, contacts and their custom fields,
//! voice queue campaigns, agents (the scenario's persons), CSV import in two steps. HTTP basic
//! auth; errors `{"message"}` plus Sequelize-style `errors[]` for field validation.

pub mod auth;
pub mod csv_import;
pub mod handlers;
pub mod model;
pub mod query;
pub mod validate;
