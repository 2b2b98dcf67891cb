//! Webex WFO (seeds 000 and 001).

pub mod auth;
pub mod cas;
pub mod cas_views;
pub mod contact_import;
pub mod contact_refs;
pub mod contacts;
pub mod dataserver;
pub mod devices;
pub mod dropbox;
pub mod evaluations;
pub mod inclexcl;
pub mod media_energy;
pub mod media_export;
pub mod org;
pub mod permission_names;
pub mod permissions;
pub mod qm_forms;
pub mod reconciliation;
pub mod recording_controls;
pub mod recording_controls_commands;
pub mod reports;
pub mod text_import;
