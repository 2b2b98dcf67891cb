//! The gateway every vendor request passes through, once, before its handler: sandbox, session,
//! faults, the catalogue's permission rule, then the handler, then the transcript. Handlers only
//! say what their endpoint does.

use crate::AppState;
use crate::catalogue::{self, Endpoint, Vendor};
use crate::engine::conformance;
use crate::engine::faults::ActiveFault;
use crate::http::{ApiError, Call};
use crate::sandbox;
use crate::sessions::{Lookup, WEBEX_IDLE_TIMEOUT_MS};
use crate::transcript::record::{CapturedBody, Recorded, keep_headers};
use axum::body::Body;
use axum::extract::{MatchedPath, OriginalUri, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use serde_json::{Value, json};
use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

/// Largest request body read into memory (JSON and form bodies); bigger ones get a 413.
pub const MAX_BUFFERED_BODY: usize = 16 * 1024 * 1024;

/// What a handler that streamed its request body (an upload) says it received, for the
/// transcript: parts, file names, sizes, hashes. Put it in the response's extensions.
#[derive(Clone, Debug)]
pub struct RequestSummary(pub Value);

/// Marks a response whose connection the server must drop without answering (a fault).
#[derive(Clone, Copy, Debug)]
pub struct DropConnection;

/// Splits `/sandbox/NAME/rest` into (`NAME`, `/rest`); other paths are in the default sandbox.
pub fn split_sandbox(path: &str) -> (&str, &str) {
    match path.strip_prefix("/sandbox/") {
        Some(rest) => match rest.find('/') {
            Some(at) => (&rest[..at], &rest[at..]),
            None => (rest, "/"),
        },
        None => (sandbox::DEFAULT, path),
    }
}

/// The path of the request as the client sent it (before any nesting stripped a prefix).
pub fn original_path(req: &axum::http::request::Parts) -> String {
    req.extensions
        .get::<OriginalUri>()
        .map(|u| u.0.path().to_string())
        .unwrap_or_else(|| req.uri.path().to_string())
}

pub async fn gateway(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let (mut parts, body) = req.into_parts();
    let full_path = original_path(&parts);
    let (sandbox_name, vendor_path) = split_sandbox(&full_path);
    let vendor = Vendor::of_path(vendor_path);
    if !sandbox::valid_name(sandbox_name) {
        return ApiError::new(
            vendor,
            StatusCode::NOT_FOUND,
            format!("`{sandbox_name}` is not a sandbox name: names match [A-Za-z0-9._-]{{1,64}}"),
        )
        .into_response();
    }
    let sandbox = match app.sandboxes.get(sandbox_name) {
        Ok(s) => s,
        Err(e) => {
            return ApiError::new(
                vendor,
                StatusCode::SERVICE_UNAVAILABLE,
                format!("sandbox `{sandbox_name}` cannot be created: {e}"),
            )
            .into_response();
        }
    };
    let endpoint = parts.extensions.get::<MatchedPath>().and_then(|m| {
        catalogue::by_route(parts.method.as_str(), split_sandbox_template(m.as_str()))
    });
    let now = sandbox.clock.now_ms();
    let mut capture = Recorded {
        seq: sandbox.transcript.next_seq(),
        seed: sandbox.seed(),
        time_ms: now,
        sandbox: sandbox.name.clone(),
        endpoint: endpoint.map(|e| e.key.to_string()),
        method: parts.method.to_string(),
        path: vendor_path.to_string(),
        query: parts.uri.query().map(str::to_string),
        request_headers: keep_headers(&parts.headers, false),
        request_body: CapturedBody::None,
        status: None,
        response_headers: Vec::new(),
        response_body: CapturedBody::None,
        duration_us: 0,
        fault: None,
        variations: Vec::new(),
    };
    let mut call = Call {
        seq: capture.seq,
        sandbox,
        session: None,
        endpoint,
        vendor,
        notes: Default::default(),
        path: vendor_path.into(),
        job_fault: Default::default(),
    };

    // Bodies the handlers stream (uploads) are summarised, not read here.
    let body = if streams(&parts.headers) {
        capture.request_body = CapturedBody::Streamed {
            bytes: parts
                .headers
                .get(header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok()?.parse().ok()),
        };
        body
    } else {
        match axum::body::to_bytes(body, MAX_BUFFERED_BODY).await {
            Ok(bytes) => {
                capture.request_body = CapturedBody::of(&bytes);
                Body::from(bytes)
            }
            Err(e) => {
                let too_large = std::error::Error::source(&e)
                    .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
                let e = if too_large {
                    call.error(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        format!("Request body is larger than {MAX_BUFFERED_BODY} bytes"),
                    )
                } else {
                    call.error(
                        StatusCode::BAD_REQUEST,
                        format!("The request body could not be read: {e}"),
                    )
                };
                return finish(&app, &call, capture, e.into_response(), started).await;
            }
        }
    };

    let lookup = session_cookie(&parts.headers)
        .map(|id| conformance::touch_session(&call, id, now, WEBEX_IDLE_TIMEOUT_MS));
    if let Some(Lookup::Live(s)) = &lookup {
        call.session = Some(s.clone());
    }
    parts.extensions.insert(call.clone());
    parts.extensions.insert(app.uploads);

    let user = call.session.as_ref().map(|s| s.record.user_id.as_str());
    let fault = call.sandbox.faults.take(
        endpoint.map(|e| e.key),
        parts.method.as_str(),
        vendor_path,
        user,
    );
    let mut early = None;
    if let Some(f) = &fault {
        capture.fault = Some(f.note());
        if let Some(ms) = f.spec.delay_ms {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        if f.spec.drop {
            let mut r = StatusCode::SERVICE_UNAVAILABLE.into_response();
            r.extensions_mut().insert(DropConnection);
            early = Some(r);
        } else if let Some(status) = f.spec.status {
            early = Some(fault_response(&call, f, status));
        }
    }
    if early.is_none() {
        // Rate limits and `--vary` (503, slow answers) act on catalogue endpoints only.
        early = conformance::before_handler(&call, &parts.headers, now).await;
    }
    if early.is_none()
        && let Some(ep) = endpoint
    {
        early = authorise(&call, ep, lookup.as_ref(), &parts.headers)
            .err()
            .map(IntoResponse::into_response);
    }
    let response = match early {
        Some(r) => r,
        // A handler that panics (a store that cannot write, a bug) is answered in the vendor's
        // shape and recorded, never a dropped connection or a bare 500.
        None => match AssertUnwindSafe(next.run(Request::from_parts(parts, body)))
            .catch_unwind()
            .await
        {
            Ok(r) => r,
            Err(panic) => call
                .error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("Internal error in the harness: {}", panic_text(&panic)),
                )
                .into_response(),
        },
    };
    finish(&app, &call, capture, response, started).await
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a handler panicked".to_string())
}

/// The catalogue rule of the endpoint against the request's session.
fn authorise(
    call: &Call,
    ep: &Endpoint,
    lookup: Option<&Lookup>,
    headers: &HeaderMap,
) -> Result<(), ApiError> {
    match ep.rule {
        catalogue::Rule::TalkdeskScope(scope) => {
            return crate::vendors::talkdesk::auth::authorise(call, headers, scope);
        }
        catalogue::Rule::BasicAuth => {
            return crate::vendors::dialer::auth::authorise(call, headers);
        }
        _ => {}
    }
    if !ep.rule.needs_webex_session() {
        return Ok(());
    }
    let unauthorized = |m: &str| Err(call.error(StatusCode::UNAUTHORIZED, m));
    match lookup {
        None => unauthorized(
            "Not authorized: send the cookie hazelcast.sessionId from POST /api/rest/authorize",
        ),
        Some(Lookup::Unknown) => {
            unauthorized("Not authorized: the session is unknown or has ended")
        }
        Some(Lookup::Expired) => {
            unauthorized("Not authorized: the session expired after two hours of inactivity")
        }
        Some(Lookup::Live(s)) if ep.rule.allows(&s.record.permissions) => Ok(()),
        Some(Lookup::Live(_)) => Err(call.error(
            StatusCode::FORBIDDEN,
            format!(
                "Forbidden: {} {} requires the permission {}",
                ep.method.as_str(),
                ep.documented_path,
                ep.rule.describe()
            ),
        )),
    }
}

fn fault_response(call: &Call, fault: &ActiveFault, status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match &fault.spec.body {
        Some(body) => (status, axum::Json(body.clone())).into_response(),
        None => call
            .error(status, format!("Injected fault {}", fault.id))
            .into_response(),
    }
}

/// `hazelcast.sessionId` from the `Cookie` header(s).
fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            name.eq_ignore_ascii_case("hazelcast.sessionId")
                .then(|| value.trim().trim_matches('"'))
        })
        .filter(|v| !v.is_empty())
}

/// Upload bodies are streamed by their handlers, never read whole here.
fn streams(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            let ct = ct.to_ascii_lowercase();
            ct.starts_with("multipart/")
                || ct.starts_with("application/zip")
                || ct.starts_with("application/octet-stream")
                || ct.starts_with("audio/")
                || ct.starts_with("video/")
        })
}

fn split_sandbox_template(template: &str) -> &str {
    template
        .strip_prefix("/sandbox/{sandbox}")
        .unwrap_or(template)
}

/// Records the exchange, flushes a durable store after a write, and hands the response on.
async fn finish(
    app: &AppState,
    call: &Call,
    mut capture: Recorded,
    response: Response,
    started: Instant,
) -> Response {
    let dropped = response.extensions().get::<DropConnection>().is_some();
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    if let Some(RequestSummary(summary)) = parts.extensions.remove::<RequestSummary>() {
        capture.request_body = CapturedBody::Summary(summary.to_string());
    }
    capture.status = (!dropped).then_some(parts.status.as_u16());
    capture.response_headers = keep_headers(&parts.headers, true);
    capture.response_body = CapturedBody::of(&bytes);
    capture.duration_us = started.elapsed().as_micros() as u64;
    capture.variations = call.notes.lock().iter().map(Value::to_string).collect();
    // A job fault's hit is the exchange's fault; after a request fault that only delayed the
    // same request, it is listed with the variations instead.
    if let Some(hit) = call.job_fault.lock().take() {
        match capture.fault {
            None => capture.fault = Some(hit),
            Some(_) => {
                let fault: Value = serde_json::from_str(&hit).unwrap_or(Value::Null);
                capture
                    .variations
                    .push(json!({"kind": "jobFault", "fault": fault}).to_string());
            }
        }
    }
    call.sandbox.transcript.record(&capture);
    let store = app.sandboxes.store();
    if store.is_durable()
        && capture.method != Method::GET.as_str()
        && capture.method != Method::HEAD.as_str()
    {
        // A write is acknowledged once it, and the exchanges so far, are on disk.
        call.sandbox.transcript.flush_pending();
        store.flush().await;
    }
    if dropped {
        parts.extensions.insert(DropConnection);
    }
    Response::from_parts(parts, Body::from(bytes))
}
