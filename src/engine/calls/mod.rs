//! The live call engine: vendor-neutral calls of agents and the rules the recording-control APIs
//! act on (seed 001 "Recording Controls API", "Simplified Recording Controls API"; seed 003
//! inContact Record/Blackout). Testable without HTTP; the vendors parse and render.
//!
//! A call belongs to one person, rings until answered, then records in segments. Each kept
//! segment is one Webex contact (created when the segment starts, `complete` when it ends), so
//! contact search finds calls in progress and finished. Pause and blackout periods become
//! events (`pause`, `blackout`) of the segment's contact. State lives in the sandbox's store.

mod engine;
mod model;
mod rules;

pub use engine::{CallError, Calls, NewCall, Outcome, Target, Why, seed};
pub use model::*;
