//! Webex WFO (seeds 000 and 001).

pub mod auth;
pub mod org;
pub mod permission_names;
pub mod permissions;
