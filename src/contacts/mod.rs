//! Contacts: the domain state of recorded interactions (seeds 000 and 001), testable without
//! HTTP. The model ([`Contact`]), its store with the indexes search needs ([`Contacts`]), and the
//! rules of import, search and media export live here; `vendors::webex` parses and renders.

pub mod energy;
pub mod evaluation;
pub mod export;
pub mod import;
mod model;
pub mod playback;
pub mod search;
mod store;
pub mod text;
pub mod upload;

pub use model::*;
pub use store::{Contacts, seed};
