//! The vendor APIs. Each file says what its endpoints do; the gateway does auth, permissions,
//! sandboxes, faults and transcripts around them.

pub mod dialer;
pub mod incontact;
pub mod talkdesk;
pub mod webex;

/// The endpoints whose jobs a fault may decide (`jobOutcome`, `jobStates`; see `engine::jobs`).
pub const JOB_ENDPOINTS: &[&crate::engine::jobs::JobEndpoint] =
    &[&webex::reports::JOBS, &talkdesk::model::JOBS];
