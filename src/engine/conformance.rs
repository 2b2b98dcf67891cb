//! The gateway's hooks for the conformance kit: rate limits (429 with `Retry-After` on the
//! virtual clock) and `serve --vary` (transient 503 with `Retry-After`, slow answers, earlier
//! idle-session expiry). Each variation is noted on the call and so listed in the transcript.

use crate::catalogue::Rule;
use crate::engine::rate_limit;
use crate::http::Call;
use crate::sessions::Lookup;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::time::Duration;

/// Looks the session up with its idle expiry, varied under `--vary` (earlier than documented).
pub fn touch_session(call: &Call, id: &str, now_ms: i64, documented_ms: i64) -> Lookup {
    let sessions = &call.sandbox.sessions;
    let Some(vary) = call.sandbox.vary else {
        return sessions.touch(id, now_ms, documented_ms);
    };
    let mut chosen = documented_ms;
    let lookup = sessions.touch_with(id, now_ms, |ordinal| {
        chosen = vary.idle_timeout_ms(ordinal, documented_ms);
        chosen
    });
    if matches!(lookup, Lookup::Expired) && chosen < documented_ms {
        call.note(json!({"kind": "sessionIdleExpiry", "idleTimeoutMs": chosen}));
    }
    lookup
}

/// A rate-limit refusal or a varied answer for a catalogue endpoint, before its handler runs.
pub async fn before_handler(call: &Call, headers: &HeaderMap, now_ms: i64) -> Option<Response> {
    let ep = call.endpoint?;
    let limits = &call.sandbox.rate_limits;
    if !limits.is_empty() {
        let credential = credential(call, headers);
        let request = rate_limit::Request {
            vendor: Some(ep.vendor.name()),
            endpoint: Some(ep.key),
            wfm: ep.rule == Rule::WfmToken,
            credential: credential.as_deref(),
            now_ms,
        };
        if let Err(refusal) = limits.check(&request) {
            let message = format!(
                "Too many requests: the limit of {} is reached; retry after {} s",
                refusal.limit, refusal.retry_after_s
            );
            return Some(with_retry_after(
                call.error(StatusCode::TOO_MANY_REQUESTS, message)
                    .into_response(),
                refusal.retry_after_s,
            ));
        }
    }
    let vary = call.sandbox.vary?;
    if let Some(ms) = vary.slow_ms(call.seq) {
        call.note(json!({"kind": "slow", "delayMs": ms}));
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    if let Some(secs) = vary.unavailable(call.seq) {
        call.note(json!({"kind": "unavailable", "status": 503, "retryAfterS": secs}));
        let message = format!("Service temporarily unavailable; retry after {secs} s");
        return Some(with_retry_after(
            call.error(StatusCode::SERVICE_UNAVAILABLE, message)
                .into_response(),
            secs,
        ));
    }
    None
}

fn with_retry_after(mut response: Response, secs: u64) -> Response {
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    response
}

/// Whose call it is, for per-credential limits: the `Authorization` header (a bearer or WFM
/// token, a basic login), else the logged-in Webex user.
fn credential(call: &Call, headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| call.session.as_ref().map(|s| s.record.user_id.clone()))
}
