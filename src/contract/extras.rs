//! Documented answers a catalogue row cannot say by itself, keyed by endpoint key. A family adds
//! a line here when its seed documents another status (a conflict) or the states of its jobs
//! (`Case::job_state("COMPLETED")` on the endpoint that reports them).

use super::Case;

pub fn of(key: &str) -> Vec<Case> {
    match key {
        // Seed 001 "Authorize API": wrong credentials are refused.
        "auth.login" => vec![Case::new(
            401,
            "wrong credentials",
            "unknown user, wrong password or a deactivated user",
        )],
        _ => Vec::new(),
    }
}
