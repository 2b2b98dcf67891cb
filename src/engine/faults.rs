//! Injected faults: a matching request is answered with a chosen status and body, delayed, or has
//! its connection dropped, `times` times, then normal service resumes. A job fault (`jobOutcome`,
//! `jobStates`) instead decides the asynchronous job a matching request creates: it is taken when
//! the job is created ([`Faults::take_job`]), never by the gateway's request check. Declared in a
//! scenario's `faults:` or through `GET|POST|DELETE /__admin/faults`; every hit shows in the
//! transcript.

use crate::engine::jobs::{self, Decision, Phase};
use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use serde_saphyr::{Location, Spanned};
use std::fmt;

/// What to match and what to do. Absent match fields match anything.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FaultSpec {
    /// Catalogue key, e.g. `auth.login`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Vendor path pattern; `*` matches any run of characters (`/api/rest/org/*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Login of the caller's session (`agent@example.com`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Answer with this status instead of calling the endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Body of that answer; the vendor's error body when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// Wait this long (real time) before answering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    /// Close the connection without answering.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub drop: bool,
    /// How many matching requests the fault applies to; forever when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// The job the request creates ends in this outcome, one its endpoint documents (`Failed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_outcome: Option<Spanned<String>>,
    /// The job the request creates passes through these states (`[{name: Queued, ms: 500}]`)
    /// instead of its usual ones; names are the endpoint's documented states.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_states: Option<Spanned<Vec<Phase>>>,
}

/// Why a fault was refused, and where in a scenario's YAML when known.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultError {
    pub message: String,
    pub at: Option<Location>,
}

impl FaultError {
    fn at(location: &Location, message: String) -> FaultError {
        FaultError {
            message,
            at: Some(*location),
        }
    }
}

impl From<String> for FaultError {
    fn from(message: String) -> FaultError {
        FaultError { message, at: None }
    }
}

impl From<&str> for FaultError {
    fn from(message: &str) -> FaultError {
        message.to_string().into()
    }
}

impl fmt::Display for FaultError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl FaultSpec {
    /// True for a job fault: it decides the job a request creates, not the HTTP answer.
    pub fn decides_job(&self) -> bool {
        self.job_outcome.is_some() || self.job_states.is_some()
    }

    pub fn validate(&self) -> Result<(), FaultError> {
        let acts = self.status.is_some() || self.delay_ms.is_some() || self.drop;
        if !acts && !self.decides_job() {
            return Err(
                "a fault needs an action: status, delayMs, drop, jobOutcome or jobStates".into(),
            );
        }
        if acts && self.decides_job() {
            return Err(
                "jobOutcome and jobStates decide the job a request creates and exclude \
                 status, delayMs and drop (declare two faults)"
                    .into(),
            );
        }
        if let Some(s) = self.status
            && !(100..=599).contains(&s)
        {
            return Err(format!("status {s} is not an HTTP status (100-599)").into());
        }
        if self.drop && self.status.is_some() {
            return Err("drop and status exclude each other".into());
        }
        if self.times == Some(0) {
            return Err("times must be at least 1".into());
        }
        if let Some(m) = &self.method
            && !["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
                .contains(&m.to_ascii_uppercase().as_str())
        {
            return Err(format!("method `{m}` is not an HTTP method").into());
        }
        if self.body.is_some() && self.status.is_none() {
            return Err("body needs a status".into());
        }
        if self.decides_job() {
            self.validate_job()?;
        }
        Ok(())
    }

    /// A job fault names an endpoint that creates jobs, and only the states and outcomes that
    /// endpoint documents (seed 001 "Bulk Report Data Export API": Failed, Canceled, ...).
    fn validate_job(&self) -> Result<(), FaultError> {
        let known = || {
            jobs::JOB_ENDPOINTS
                .iter()
                .map(|j| j.endpoint)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let Some(endpoint) = self.endpoint.as_deref() else {
            return Err(format!(
                "jobOutcome and jobStates need an endpoint whose requests create jobs: {}",
                known()
            )
            .into());
        };
        let Some(kind) = jobs::job_endpoint(endpoint) else {
            return Err(format!(
                "endpoint `{endpoint}` creates no job a fault can decide; these do: {}",
                known()
            )
            .into());
        };
        if let Some(outcome) = &self.job_outcome
            && !kind.outcomes.contains(&outcome.value.as_str())
        {
            return Err(FaultError::at(
                &outcome.referenced,
                format!(
                    "jobOutcome `{}` is not an outcome {endpoint} documents: one of {}",
                    outcome.value,
                    kind.outcomes.join(", ")
                ),
            ));
        }
        if let Some(states) = &self.job_states {
            if states.value.is_empty() {
                return Err(FaultError::at(
                    &states.referenced,
                    format!(
                        "jobStates needs at least one state of {}",
                        kind.states.join(", ")
                    ),
                ));
            }
            if let Some(p) = states
                .value
                .iter()
                .find(|p| !kind.states.contains(&p.name.as_str()))
            {
                return Err(FaultError::at(
                    &states.referenced,
                    format!(
                        "jobStates: `{}` is not a state of {endpoint} jobs: one of {}",
                        p.name,
                        kind.states.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    fn matches(
        &self,
        endpoint: Option<&str>,
        method: &str,
        path: &str,
        user: Option<&str>,
    ) -> bool {
        self.endpoint.as_deref().is_none_or(|e| Some(e) == endpoint)
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self.path.as_deref().is_none_or(|p| glob(p, path))
            && self
                .user
                .as_deref()
                .is_none_or(|u| user.is_some_and(|x| x.eq_ignore_ascii_case(u)))
    }
}

/// A fault with its id and how often it has fired.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ActiveFault {
    pub id: u64,
    #[serde(flatten)]
    pub spec: FaultSpec,
    pub hits: u32,
    /// Applications left; `None` is forever.
    pub remaining: Option<u32>,
}

impl ActiveFault {
    /// The fault as the transcript records a hit: its spec and its id.
    pub fn note(&self) -> String {
        let mut v = serde_json::to_value(&self.spec).unwrap_or(Value::Null);
        v["id"] = json!(self.id);
        v.to_string()
    }

    /// What a job fault decides about the job its request creates.
    pub fn decision(&self) -> Decision {
        Decision {
            fault_id: self.id,
            states: self.spec.job_states.as_ref().map(|s| s.value.clone()),
            outcome: self.spec.job_outcome.as_ref().map(|o| o.value.clone()),
        }
    }
}

/// The faults of one sandbox.
#[derive(Default)]
pub struct Faults {
    inner: Mutex<(Vec<ActiveFault>, u64)>,
}

impl Faults {
    pub fn add(&self, spec: FaultSpec) -> ActiveFault {
        let mut guard = self.inner.lock();
        guard.1 += 1;
        let fault = ActiveFault {
            id: guard.1,
            remaining: spec.times,
            spec,
            hits: 0,
        };
        guard.0.push(fault.clone());
        fault
    }

    pub fn list(&self) -> Vec<ActiveFault> {
        self.inner.lock().0.clone()
    }

    pub fn remove(&self, id: u64) -> bool {
        let mut guard = self.inner.lock();
        let before = guard.0.len();
        guard.0.retain(|f| f.id != id);
        guard.0.len() != before
    }

    /// Removes every fault and restarts ids at 1.
    pub fn clear(&self) {
        *self.inner.lock() = (Vec::new(), 0);
    }

    /// The first live request fault (status, delay, drop) matching the request, counted as a
    /// hit. Job faults are left for [`Faults::take_job`].
    pub fn take(
        &self,
        endpoint: Option<&str>,
        method: &str,
        path: &str,
        user: Option<&str>,
    ) -> Option<ActiveFault> {
        self.take_where(false, endpoint, method, path, user)
    }

    /// The first live job fault matching a request that is creating a job, counted as a hit.
    pub fn take_job(
        &self,
        endpoint: Option<&str>,
        method: &str,
        path: &str,
        user: Option<&str>,
    ) -> Option<ActiveFault> {
        self.take_where(true, endpoint, method, path, user)
    }

    fn take_where(
        &self,
        job: bool,
        endpoint: Option<&str>,
        method: &str,
        path: &str,
        user: Option<&str>,
    ) -> Option<ActiveFault> {
        let mut guard = self.inner.lock();
        if guard.0.is_empty() {
            return None;
        }
        let fault = guard.0.iter_mut().find(|f| {
            f.remaining != Some(0)
                && f.spec.decides_job() == job
                && f.spec.matches(endpoint, method, path, user)
        })?;
        fault.hits += 1;
        if let Some(r) = fault.remaining.as_mut() {
            *r -= 1;
        }
        Some(fault.clone())
    }
}

/// `*` matches any run of characters, everything else itself.
pub fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || !text[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matches_runs() {
        assert!(glob("/api/rest/*", "/api/rest/authorize"));
        assert!(glob("*authorize", "/api/rest/authorize"));
        assert!(glob("/api/*/org/*", "/api/rest/org/permissions/"));
        assert!(!glob("/api/*/org/*", "/api/rest/authorize"));
        assert!(glob("/exact", "/exact"));
        assert!(!glob("/exact", "/exactly"));
    }

    #[test]
    fn times_limits_hits_then_service_resumes() {
        let faults = Faults::default();
        faults.add(FaultSpec {
            endpoint: Some("auth.login".into()),
            status: Some(503),
            times: Some(2),
            ..FaultSpec::default()
        });
        for _ in 0..2 {
            assert!(
                faults
                    .take(Some("auth.login"), "POST", "/x", None)
                    .is_some()
            );
        }
        assert!(
            faults
                .take(Some("auth.login"), "POST", "/x", None)
                .is_none()
        );
        assert_eq!(faults.list()[0].hits, 2);
    }

    fn job_fault(json: &str) -> Result<FaultSpec, String> {
        let spec: FaultSpec = serde_json::from_str(json).map_err(|e| e.to_string())?;
        spec.validate().map_err(|e| e.message)?;
        Ok(spec)
    }

    #[test]
    fn job_faults_name_documented_outcomes_and_states() {
        assert!(job_fault(r#"{"endpoint": "report.export", "jobOutcome": "Failed"}"#).is_ok());
        let ok = job_fault(
            r#"{"endpoint": "report.export", "jobStates": [{"name": "Processing", "ms": 9}]}"#,
        );
        assert_eq!(ok.unwrap().job_states.unwrap().value[0].ms, 9);
        for (json, why) in [
            (
                r#"{"endpoint": "report.export", "jobOutcome": "Exploded"}"#,
                "jobOutcome `Exploded` is not an outcome report.export documents: one of Failed, Canceled, Expired, Blacklisted",
            ),
            (
                r#"{"jobOutcome": "Failed"}"#,
                "need an endpoint whose requests create jobs: report.export",
            ),
            (
                r#"{"endpoint": "auth.login", "jobOutcome": "Failed"}"#,
                "endpoint `auth.login` creates no job",
            ),
            (
                r#"{"endpoint": "report.export", "jobOutcome": "Failed", "status": 500}"#,
                "exclude status, delayMs and drop",
            ),
            (
                r#"{"endpoint": "report.export", "jobStates": []}"#,
                "at least one state of Queued, Processing",
            ),
            (
                r#"{"endpoint": "report.export", "jobStates": [{"name": "Sleeping", "ms": 1}]}"#,
                "`Sleeping` is not a state of report.export jobs",
            ),
        ] {
            let err = job_fault(json).unwrap_err();
            assert!(err.contains(why), "{json}: {err}");
        }
    }

    #[test]
    fn job_faults_are_taken_only_when_a_job_is_created() {
        let faults = Faults::default();
        let spec =
            job_fault(r#"{"endpoint": "report.export", "jobOutcome": "Failed", "times": 1}"#)
                .unwrap();
        faults.add(spec);
        let at = (
            Some("report.export"),
            "POST",
            "/api/rest/dataexplorer/report/1/export",
        );
        assert!(faults.take(at.0, at.1, at.2, None).is_none());
        let taken = faults.take_job(at.0, at.1, at.2, None).unwrap();
        assert_eq!(taken.decision().outcome.as_deref(), Some("Failed"));
        assert!(faults.take_job(at.0, at.1, at.2, None).is_none());
        assert_eq!(faults.list()[0].hits, 1);
    }
}
