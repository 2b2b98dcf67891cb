//! Injected faults: a matching request is answered with a chosen status and body, delayed, or has
//! its connection dropped, `times` times, then normal service resumes. Declared in a scenario's
//! `faults:` or through `GET|POST|DELETE /__admin/faults`; every hit shows in the transcript.

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use serde_json::Value;

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
}

impl FaultSpec {
    pub fn validate(&self) -> Result<(), String> {
        if self.status.is_none() && self.delay_ms.is_none() && !self.drop {
            return Err("a fault needs an action: status, delayMs or drop".into());
        }
        if let Some(s) = self.status
            && !(100..=599).contains(&s)
        {
            return Err(format!("status {s} is not an HTTP status (100-599)"));
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
            return Err(format!("method `{m}` is not an HTTP method"));
        }
        if self.body.is_some() && self.status.is_none() {
            return Err("body needs a status".into());
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

    /// The first live fault matching the request, counted as a hit.
    pub fn take(
        &self,
        endpoint: Option<&str>,
        method: &str,
        path: &str,
        user: Option<&str>,
    ) -> Option<ActiveFault> {
        let mut guard = self.inner.lock();
        if guard.0.is_empty() {
            return None;
        }
        let fault = guard
            .0
            .iter_mut()
            .find(|f| f.remaining != Some(0) && f.spec.matches(endpoint, method, path, user))?;
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
}
