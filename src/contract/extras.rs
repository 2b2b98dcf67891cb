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
        // Seed 001 "Bulk Report Data Export API": the statuses of an asynchronous request
        // (the CSV itself is the success case).
        "report.export_status" => {
            let mut cases: Vec<Case> = [
                "Queued",
                "Processing",
                "Failed",
                "Canceled",
                "Expired",
                "Blacklisted",
            ]
            .into_iter()
            .map(Case::job_state)
            .collect();
            cases.push(Case::new(
                404,
                "unknown request",
                "no export request with that id",
            ));
            cases
        }
        // An export too large to return at once answers {requestId, status: Queued}.
        "report.export" => vec![
            Case::job_state("Queued"),
            Case::new(
                404,
                "unknown report",
                "no report with that id in the scenario",
            ),
        ],
        _ => Vec::new(),
    }
}
