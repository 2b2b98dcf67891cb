//! What the documents promise an endpoint answers, derived from its catalogue row (rule, path,
//! body, documented fields and query) plus a small registry of per-endpoint additions
//! ([`extras`]). Coverage counts these cases, the OpenAPI document lists them as responses and
//! `serve --vary` must never answer outside them.

mod extras;

use crate::catalogue::{self, Endpoint, Method, Rule};
use serde::Serialize;

/// One documented way an endpoint answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Case {
    /// The status; `200` with `any_success` matches every 2xx.
    pub status: u16,
    /// Stable name of the case: `success`, `unauthorized`, `field userId`, `query limit`, ...
    pub name: String,
    /// Why the vendor answers it, for reports and the OpenAPI description.
    pub description: String,
    #[serde(skip)]
    pub any_success: bool,
    /// For a 400 about one input: the field or parameter the error message names.
    #[serde(skip)]
    pub input: Option<String>,
    /// The error message contains one of these (case-insensitive), when not empty.
    #[serde(skip)]
    pub says: &'static [&'static str],
    /// A job state: the answer's `status` or `state` field has this value (an async job's
    /// documented states, e.g. `COMPLETED`, `FAILED`).
    #[serde(skip)]
    pub state: Option<&'static str>,
}

impl Case {
    fn new(status: u16, name: impl Into<String>, description: impl Into<String>) -> Case {
        Case {
            status,
            name: name.into(),
            description: description.into(),
            any_success: false,
            input: None,
            says: &[],
            state: None,
        }
    }

    /// The documented job state `state`, seen in a 2xx answer's `status` or `state` field
    /// (for [`extras`]).
    pub fn job_state(state: &'static str) -> Case {
        Case {
            state: Some(state),
            ..Case::new(
                200,
                format!("state {state}"),
                format!("the job reaches {state}"),
            )
        }
    }

    /// Whether an answer with `status`, error `message` and `body` is an instance of this case.
    pub fn matches(&self, status: u16, message: &str, body: &serde_json::Value) -> bool {
        if let Some(state) = self.state {
            return (200..300).contains(&status)
                && ["status", "state"]
                    .iter()
                    .any(|k| body.get(*k).and_then(|v| v.as_str()) == Some(state));
        }
        if self.any_success {
            return (200..300).contains(&status);
        }
        if status != self.status {
            return false;
        }
        let lower = message.to_ascii_lowercase();
        if !self.says.is_empty() && !self.says.iter().any(|s| lower.contains(s)) {
            return false;
        }
        match &self.input {
            Some(name) => mentions(message, name),
            None => true,
        }
    }
}

/// True when `message` names `word` as a whole word (`userId`, not `userIdentity`).
fn mentions(message: &str, word: &str) -> bool {
    message.match_indices(word).any(|(at, _)| {
        let before = message[..at].chars().next_back();
        let after = message[at + word.len()..].chars().next();
        let part = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !part(before) && !part(after)
    })
}

/// Statuses the harness itself may add to any vendor endpoint, whatever the document says:
/// injected faults aside, `serve --vary` answers a transient 503 with `Retry-After`, and a
/// scenario's `rate_limits:` answer 429.
pub const HARNESS_STATUSES: &[u16] = &[429, 503];

/// The documented cases of an endpoint, in a stable order.
pub fn cases(ep: &Endpoint) -> Vec<Case> {
    let mut out = vec![Case {
        any_success: true,
        ..Case::new(200, "success", "the documented answer")
    }];
    let writes = matches!(ep.method, Method::Post | Method::Put | Method::Patch);
    let json_body = ep.body.starts_with("json");
    if writes && json_body {
        out.push(Case {
            says: &["json", "body"],
            ..Case::new(400, "malformed body", "the body is empty or not JSON")
        });
    }
    if writes {
        for field in ep.fields {
            out.push(Case {
                input: Some(field.to_string()),
                ..Case::new(
                    400,
                    format!("field {field}"),
                    format!("`{field}` is missing or not of its documented type"),
                )
            });
        }
    }
    for param in ep.query {
        out.push(Case {
            input: Some(param.to_string()),
            ..Case::new(
                400,
                format!("query {param}"),
                format!("the query parameter `{param}` is not of its documented type"),
            )
        });
    }
    if needs_credentials(ep.rule) {
        out.push(Case::new(401, "unauthorized", unauthorized_text(ep.rule)));
    }
    if matches!(ep.rule, Rule::Permissions(_)) {
        out.push(Case::new(
            403,
            "forbidden",
            format!("the user's roles lack {}", ep.rule.describe()),
        ));
    }
    if ep.path.contains('{') {
        out.push(Case::new(
            404,
            "not found",
            "the resource named in the path does not exist or is out of the user's view",
        ));
    }
    if ep.body.contains("multipart") || ep.body.contains("csv") || ep.body.contains("upload") {
        out.push(Case::new(413, "too large", "the upload exceeds its limit"));
        out.push(Case::new(
            415,
            "unsupported type",
            "the upload is not of a documented file type",
        ));
    }
    if ep.rule == Rule::WfmToken {
        out.push(Case::new(
            429,
            "rate limited",
            "seed 001 Access WFM APIs: more than 500 calls a minute or 10,000 an hour",
        ));
    }
    for extra in extras::of(ep.key) {
        if !out.iter().any(|c| c.name == extra.name) {
            out.push(extra);
        }
    }
    out
}

/// Every status an endpoint may answer: its documented cases, the router's 405 for another
/// method on its path, and the harness-wide [`HARNESS_STATUSES`].
pub fn statuses(ep: &Endpoint) -> Vec<u16> {
    let mut all: Vec<u16> = cases(ep)
        .iter()
        .filter(|c| !c.any_success)
        .map(|c| c.status)
        .chain(HARNESS_STATUSES.iter().copied())
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// True when `status` is allowed for the endpoint `key` (2xx always is).
pub fn allows(key: &str, status: u16) -> bool {
    (200..300).contains(&status)
        || catalogue::by_key(key).is_some_and(|ep| statuses(ep).contains(&status))
}

/// Whether the rule makes the vendor answer 401 to a request without valid credentials.
pub fn needs_credentials(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::Session | Rule::Permissions(_) | Rule::BearerToken | Rule::BasicAuth | Rule::WfmToken
    )
}

fn unauthorized_text(rule: Rule) -> &'static str {
    match rule {
        Rule::BearerToken => "no valid bearer token",
        Rule::BasicAuth => "no valid basic credentials",
        Rule::WfmToken => "no valid WFM personal access token",
        _ => "no live session cookie hazelcast.sessionId (or it expired after two idle hours)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_whole_words_only() {
        assert!(mentions("userId is required", "userId"));
        assert!(mentions("`tenantId` must be a whole number", "tenantId"));
        assert!(!mentions("userIdentity is required", "userId"));
    }

    #[test]
    fn a_job_state_is_seen_in_the_answer() {
        let done = Case::job_state("COMPLETED");
        let body = serde_json::json!({"id": 3, "status": "COMPLETED"});
        assert!(done.matches(200, "", &body));
        assert!(!done.matches(200, "", &serde_json::json!({"status": "QUEUED"})));
        assert!(!done.matches(404, "", &body));
    }

    #[test]
    fn a_permission_row_documents_401_and_403() {
        let ep = catalogue::by_key("org.permissions").unwrap();
        let names: Vec<String> = cases(ep).into_iter().map(|c| c.name).collect();
        assert!(names.contains(&"unauthorized".to_string()));
        assert!(names.contains(&"forbidden".to_string()));
        assert!(!statuses(ep).contains(&500));
    }
}
