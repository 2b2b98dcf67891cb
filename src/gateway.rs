//! The gateway every vendor request passes through, once, before its handler: sandbox, session,
//! faults, the catalogue's permission rule, then the handler, then the transcript. Handlers only
//! say what their endpoint does.

use crate::AppState;
use crate::catalogue::{self, Endpoint, Vendor};
use crate::clock::rfc3339;
use crate::engine::faults::ActiveFault;
use crate::http::{ApiError, Call};
use crate::sandbox::{self, Sandbox};
use crate::sessions::{Lookup, WEBEX_IDLE_TIMEOUT_MS};
use crate::transcript::redact::{REQUEST_HEADERS, RESPONSE_HEADERS, Redactor};
use crate::transcript::{Exchange, QueryParam};
use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, OriginalUri, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Largest request body read into memory (JSON and form bodies); bigger ones get a 413.
pub const MAX_BUFFERED_BODY: usize = 16 * 1024 * 1024;
/// Bodies up to this size are kept whole in the transcript; larger ones are summarised.
const TRANSCRIPT_BODY_LIMIT: usize = 64 * 1024;

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
    let seq = sandbox.transcript.next_seq();
    let now = sandbox.clock.now_ms();
    let call = Call {
        request_id: crate::ids::request_id(sandbox.seed(), seq).into(),
        seq,
        sandbox: sandbox.clone(),
        session: None,
        endpoint,
        vendor,
    };
    let seen = Seen::of(&parts, vendor_path);

    // Bodies the handlers stream (uploads) are summarised, not read here.
    let (body, body_bytes) = if streams(&parts.headers) {
        (body, None)
    } else {
        match axum::body::to_bytes(body, MAX_BUFFERED_BODY).await {
            Ok(bytes) => (Body::from(bytes.clone()), Some(bytes)),
            Err(_) => {
                let e = call.error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("Request body is larger than {MAX_BUFFERED_BODY} bytes"),
                );
                return finish(
                    &app,
                    &call,
                    seen,
                    None,
                    e.into_response(),
                    None,
                    started,
                    now,
                )
                .await;
            }
        }
    };

    let lookup = session_cookie(&parts.headers)
        .map(|id| sandbox.sessions.touch(id, now, WEBEX_IDLE_TIMEOUT_MS));
    let session = match &lookup {
        Some(Lookup::Live(s)) => Some(s.clone()),
        _ => None,
    };
    let call = Call { session, ..call };
    parts.extensions.insert(call.clone());

    let user = call.session.as_ref().map(|s| s.record.user_id.as_str());
    let fault = sandbox.faults.take(
        endpoint.map(|e| e.key),
        parts.method.as_str(),
        vendor_path,
        user,
    );
    let mut early = None;
    if let Some(f) = &fault {
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
    if early.is_none()
        && let Some(ep) = endpoint
    {
        early = authorise(&call, ep, lookup.as_ref())
            .err()
            .map(IntoResponse::into_response);
    }
    let response = match early {
        Some(r) => r,
        None => next.run(Request::from_parts(parts, body)).await,
    };
    finish(&app, &call, seen, body_bytes, response, fault, started, now).await
}

/// The catalogue rule of the endpoint against the request's session.
fn authorise(call: &Call, ep: &Endpoint, lookup: Option<&Lookup>) -> Result<(), ApiError> {
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

/// What the gateway keeps of the request for the transcript.
struct Seen {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    content_type: String,
    content_length: Option<u64>,
}

impl Seen {
    fn of(parts: &axum::http::request::Parts, vendor_path: &str) -> Seen {
        let query = parts
            .uri
            .query()
            .map(|q| {
                q.split('&')
                    .filter(|p| !p.is_empty())
                    .map(|pair| {
                        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                        (decode(k), decode(v))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Seen {
            method: parts.method.clone(),
            path: vendor_path.to_string(),
            query,
            headers: kept_headers(&parts.headers, REQUEST_HEADERS),
            content_type: content_type(&parts.headers),
            content_length: parts
                .headers
                .get(header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok()?.parse().ok()),
        }
    }
}

fn decode(s: &str) -> String {
    let plus = s.replace('+', " ");
    let bytes = plus.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(
                std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                16,
            )
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn kept_headers(headers: &HeaderMap, keep: &[&str]) -> Vec<(String, String)> {
    headers
        .iter()
        .filter(|(name, _)| keep.contains(&name.as_str()))
        .map(|(name, value)| {
            (
                name.as_str().to_string(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// Records the exchange, flushes a durable store after a write, and hands the response on.
#[allow(clippy::too_many_arguments)]
async fn finish(
    app: &AppState,
    call: &Call,
    seen: Seen,
    request_body: Option<Bytes>,
    response: Response,
    fault: Option<ActiveFault>,
    started: Instant,
    now: i64,
) -> Response {
    let sandbox: &Arc<Sandbox> = &call.sandbox;
    let dropped = response.extensions().get::<DropConnection>().is_some();
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let redactor = Redactor {
        sessions: &sandbox.sessions,
    };

    let mut undocumented = Vec::new();
    let request_value = match &request_body {
        Some(b) => body_value(&seen.content_type, b),
        None => seen
            .content_length
            .map(|n| json!({"streamed": true, "contentType": seen.content_type, "bytes": n})),
    };
    if let Some(ep) = call.endpoint {
        for (name, _) in &seen.query {
            if !ep.query.contains(&name.as_str())
                && !undocumented.contains(&format!("query.{name}"))
            {
                undocumented.push(format!("query.{name}"));
            }
        }
        if let Some(v) = &request_value {
            for name in json_keys(v) {
                let flag = format!("body.{name}");
                if !ep.fields.contains(&name.as_str()) && !undocumented.contains(&flag) {
                    undocumented.push(flag);
                }
            }
        }
    }
    let mut request_value = request_value;
    if let Some(v) = request_value.as_mut() {
        redactor.json(v);
    }
    let response_type = content_type(&parts.headers);
    let mut response_value = body_value(&response_type, &bytes);
    if let Some(v) = response_value.as_mut() {
        redactor.json(v);
    }
    let headers_of = |pairs: Vec<(String, String)>| -> BTreeMap<String, String> {
        let mut out: BTreeMap<String, String> = BTreeMap::new();
        for (k, v) in pairs {
            let v = redactor.header(&k, &v);
            out.entry(k)
                .and_modify(|old| *old = format!("{old}, {v}"))
                .or_insert(v);
        }
        out
    };
    let exchange = Exchange {
        seq: call.seq,
        time: rfc3339(now),
        sandbox: sandbox.name.clone(),
        endpoint: call.endpoint.map(|e| e.key.to_string()),
        method: seen.method.to_string(),
        path: seen.path,
        query: seen
            .query
            .iter()
            .map(|(k, v)| QueryParam {
                name: k.clone(),
                value: redactor.query(k, v),
            })
            .collect(),
        request_headers: headers_of(seen.headers),
        request_body: request_value,
        status: (!dropped).then_some(parts.status.as_u16()),
        response_headers: headers_of(kept_headers(&parts.headers, RESPONSE_HEADERS)),
        response_body: response_value,
        duration_ms: (started.elapsed().as_micros() as f64) / 1000.0,
        request_id: call.request_id.to_string(),
        undocumented,
        fault: fault.map(|f| {
            let mut v = serde_json::to_value(&f.spec).unwrap_or(Value::Null);
            v["id"] = json!(f.id);
            v
        }),
    };
    sandbox.transcript.record(&exchange);
    if seen.method != Method::GET && seen.method != Method::HEAD {
        app.sandboxes.store().flush().await;
    }
    if dropped {
        parts.extensions.insert(DropConnection);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Top-level keys of a JSON object body, or of each object in an array body.
fn json_keys(v: &Value) -> Vec<String> {
    match v {
        Value::Object(m) => m.keys().cloned().collect(),
        Value::Array(items) => {
            let mut keys: Vec<String> = items.iter().flat_map(json_keys).collect();
            keys.dedup();
            keys
        }
        _ => Vec::new(),
    }
}

/// A body as the transcript keeps it: JSON as JSON, text as text, the rest as size and hash.
fn body_value(content_type: &str, bytes: &[u8]) -> Option<Value> {
    if bytes.is_empty() {
        return None;
    }
    let summary = || {
        json!({
            "contentType": content_type,
            "bytes": bytes.len(),
            "sha256": hex::encode(Sha256::digest(bytes)),
        })
    };
    if bytes.len() > TRANSCRIPT_BODY_LIMIT {
        return Some(summary());
    }
    let ct = content_type.to_ascii_lowercase();
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    // Clients send JSON under other content types too; it is redacted as JSON either way.
    if (ct.contains("json") || ct.is_empty() || matches!(first, Some(b'{' | b'[')))
        && let Ok(v) = serde_json::from_slice::<Value>(bytes)
    {
        return Some(v);
    }
    if ct.starts_with("application/x-www-form-urlencoded") {
        // A form is kept as an object of its fields, so its secrets are redacted by name.
        let fields: serde_json::Map<String, Value> = std::str::from_utf8(bytes)
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(k), Value::String(decode(v)))
            })
            .collect();
        return Some(json!({"form": fields}));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(Value::String(text.to_string())),
        Err(_) => Some(summary()),
    }
}
