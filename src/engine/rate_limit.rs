//! Rate limits from a scenario's `rate_limits:` block, per vendor, endpoint or credential,
//! answered with 429 and `Retry-After` on the sandbox's virtual clock (so a test advances the
//! clock instead of sleeping). The preset `wfm` is seed 001 "Access WFM APIs": 500 calls a
//! minute and 10,000 an hour per user token.

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};

/// Whose calls a limit counts together.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum Per {
    /// Each credential (session, bearer token, basic login) separately.
    #[default]
    Credential,
    /// Every call of the sandbox together.
    Sandbox,
}

/// One `rate_limits:` entry: a preset, or a limit with what it matches.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RateLimitSpec {
    /// `wfm`: the documented WFM limits (500/minute and 10,000/hour per user token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    /// Vendor name (`webex-wfo`, `talkdesk`, ...); any when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Catalogue key; any when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// Calls allowed per window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The window, virtual milliseconds (a sliding window).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window_ms: Option<u64>,
    #[serde(default)]
    pub per: Per,
}

/// A limit in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Limit {
    pub name: String,
    pub vendor: Option<String>,
    pub endpoint: Option<String>,
    /// Only endpoints whose rule is the WFM token (the preset).
    pub wfm_only: bool,
    pub limit: u32,
    pub window_ms: i64,
    pub per: Per,
}

impl RateLimitSpec {
    /// The limits this entry stands for, or what is wrong with it.
    pub fn limits(&self) -> Result<Vec<Limit>, String> {
        if let Some(preset) = &self.preset {
            if self.limit.is_some() || self.window_ms.is_some() {
                return Err("a preset takes no limit or windowMs".into());
            }
            return match preset.as_str() {
                "wfm" => Ok(vec![
                    wfm("wfm per minute", 500, 60_000, self),
                    wfm("wfm per hour", 10_000, 3_600_000, self),
                ]),
                other => Err(format!(
                    "unknown rate-limit preset `{other}`: the presets are: wfm"
                )),
            };
        }
        let limit = self
            .limit
            .ok_or("a rate limit needs limit (calls per window) or a preset")?;
        let window_ms = self.window_ms.ok_or("a rate limit needs windowMs")?;
        if limit == 0 || window_ms == 0 {
            return Err("limit and windowMs must be at least 1".into());
        }
        if let Some(v) = &self.vendor
            && ![
                "webex-wfo",
                "webex-wfo-dataserver",
                "incontact-wfo",
                "talkdesk",
                "dialer",
            ]
            .contains(&v.as_str())
        {
            return Err(format!("unknown vendor `{v}`"));
        }
        if let Some(e) = &self.endpoint
            && crate::catalogue::by_key(e).is_none()
        {
            return Err(format!("unknown endpoint key `{e}`"));
        }
        Ok(vec![Limit {
            name: format!(
                "{} calls per {} ms{}{}",
                limit,
                window_ms,
                self.vendor
                    .as_deref()
                    .map(|v| format!(" on {v}"))
                    .unwrap_or_default(),
                self.endpoint
                    .as_deref()
                    .map(|e| format!(" on {e}"))
                    .unwrap_or_default()
            ),
            vendor: self.vendor.clone(),
            endpoint: self.endpoint.clone(),
            wfm_only: false,
            limit,
            window_ms: window_ms as i64,
            per: self.per,
        }])
    }
}

fn wfm(name: &str, limit: u32, window_ms: i64, spec: &RateLimitSpec) -> Limit {
    Limit {
        name: name.to_string(),
        vendor: spec.vendor.clone(),
        endpoint: spec.endpoint.clone(),
        wfm_only: spec.vendor.is_none() && spec.endpoint.is_none(),
        limit,
        window_ms,
        per: Per::Credential,
    }
}

/// What a request is, for the limits.
pub struct Request<'a> {
    pub vendor: Option<&'a str>,
    pub endpoint: Option<&'a str>,
    pub wfm: bool,
    /// The credential presented (session id, token, basic login); `None` is anonymous.
    pub credential: Option<&'a str>,
    pub now_ms: i64,
}

/// A refusal: which limit, and when to retry.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub limit: String,
    pub retry_after_s: u64,
}

/// The limits of one sandbox and the calls they counted.
#[derive(Default)]
pub struct RateLimits {
    inner: Mutex<State>,
}

#[derive(Default)]
struct State {
    limits: Vec<Limit>,
    /// Times of the calls counted, per (limit, credential).
    calls: HashMap<(usize, String), VecDeque<i64>>,
}

impl RateLimits {
    /// Replaces the limits (a scenario loaded or reset) and forgets the counts.
    pub fn set(&self, limits: Vec<Limit>) {
        *self.inner.lock() = State {
            limits,
            calls: HashMap::new(),
        };
    }

    pub fn is_empty(&self) -> bool {
        self.inner.lock().limits.is_empty()
    }

    /// Counts the call against every limit it falls under, or refuses it (then counting
    /// nothing) when one is exhausted.
    pub fn check(&self, r: &Request) -> Result<(), Refusal> {
        let mut state = self.inner.lock();
        if state.limits.is_empty() {
            return Ok(());
        }
        let State { limits, calls } = &mut *state;
        let mut hit: Vec<(usize, String)> = Vec::new();
        for (i, l) in limits.iter().enumerate() {
            let applies = (!l.wfm_only || r.wfm)
                && l.vendor.as_deref().is_none_or(|v| Some(v) == r.vendor)
                && l.endpoint.as_deref().is_none_or(|e| Some(e) == r.endpoint);
            if !applies {
                continue;
            }
            let who = match l.per {
                Per::Credential => r.credential.unwrap_or("<anonymous>").to_string(),
                Per::Sandbox => String::new(),
            };
            let log = calls.entry((i, who.clone())).or_default();
            while log.front().is_some_and(|t| *t <= r.now_ms - l.window_ms) {
                log.pop_front();
            }
            if log.len() >= l.limit as usize {
                let oldest = *log.front().expect("a full window has calls");
                let wait_ms = (oldest + l.window_ms - r.now_ms).max(1);
                return Err(Refusal {
                    limit: l.name.clone(),
                    retry_after_s: (wait_ms as u64).div_ceil(1000),
                });
            }
            hit.push((i, who));
        }
        for key in hit {
            calls.entry(key).or_default().push_back(r.now_ms);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(now_ms: i64, who: &str) -> Request<'_> {
        Request {
            vendor: Some("webex-wfo"),
            endpoint: Some("auth.login"),
            wfm: false,
            credential: Some(who),
            now_ms,
        }
    }

    #[test]
    fn a_window_refuses_then_frees_on_the_virtual_clock() {
        let limits = RateLimits::default();
        let spec = RateLimitSpec {
            limit: Some(2),
            window_ms: Some(1_000),
            ..Default::default()
        };
        limits.set(spec.limits().unwrap());
        assert!(limits.check(&req(0, "a")).is_ok());
        assert!(limits.check(&req(100, "a")).is_ok());
        let refused = limits.check(&req(200, "a")).unwrap_err();
        assert_eq!(refused.retry_after_s, 1);
        assert!(limits.check(&req(200, "b")).is_ok(), "per credential");
        assert!(
            limits.check(&req(1_000, "a")).is_ok(),
            "the first call left the window"
        );
    }

    #[test]
    fn the_wfm_preset_is_the_documented_pair() {
        let spec = RateLimitSpec {
            preset: Some("wfm".into()),
            ..Default::default()
        };
        let l = spec.limits().unwrap();
        assert_eq!((l[0].limit, l[0].window_ms), (500, 60_000));
        assert_eq!((l[1].limit, l[1].window_ms), (10_000, 3_600_000));
        assert!(
            RateLimitSpec {
                preset: Some("x".into()),
                ..Default::default()
            }
            .limits()
            .is_err()
        );
    }
}
