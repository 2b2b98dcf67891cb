//! Webex WFO (seeds 000 and 001).

pub mod auth;
pub mod dataserver;
pub mod permission_names;
pub mod permissions;
pub mod recording_controls;
pub mod recording_controls_commands;
