//! Drift against reality: a transcript recorded elsewhere (a HAR from a browser, or from a proxy
//! in front of a real tenant) is replayed against an in-process harness, and the exchanges whose
//! status or response shape the harness answers differently are reported. Session ids of the
//! recording are mapped to the harness's own as logins answer them.

use crate::App;
use axum::body::Body;
use axum::http::Request;
use serde_json::Value;
use std::collections::HashMap;
use tower::ServiceExt;

/// One exchange the harness answers differently.
#[derive(Debug)]
pub struct Finding {
    pub index: usize,
    pub label: String,
    pub differences: Vec<String>,
}

/// Replays `exchanges` (as [`super::load::parse_for_replay`] reads them) in order.
pub async fn replay(app: &App, exchanges: &[Value]) -> Vec<Finding> {
    let mut sessions: HashMap<String, String> = HashMap::new();
    let mut findings = Vec::new();
    for (index, e) in exchanges.iter().enumerate() {
        let method = e["method"].as_str().unwrap_or("GET");
        let path = e["path"].as_str().unwrap_or("/");
        let label = format!("{method} {path}");
        let request = match build(e, &sessions) {
            Ok(r) => r,
            Err(why) => {
                findings.push(Finding {
                    index,
                    label,
                    differences: vec![format!("not replayed: {why}")],
                });
                continue;
            }
        };
        let Ok(response) = app.router.clone().oneshot(request).await;
        let status = response.status().as_u16();
        let set_cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap_or_default();
        if let (Some(recorded), Some(ours)) = (
            e["responseHeaders"]["set-cookie"]
                .as_str()
                .and_then(session_of),
            set_cookie.as_deref().and_then(session_of),
        ) {
            sessions.insert(recorded, ours);
        }
        let mut differences = Vec::new();
        if let Some(recorded) = e["status"].as_u64()
            && recorded as u16 != status
        {
            differences.push(format!(
                "status: recorded {recorded}, the harness answers {status}"
            ));
        }
        let ours: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        let theirs = &e["responseBody"];
        if !theirs.is_null() && !ours.is_null() {
            shape_diff("body", theirs, &ours, &mut differences);
        } else if theirs.is_null() != ours.is_null() && differences.is_empty() {
            differences.push(format!(
                "body: recorded {}, the harness answers {}",
                kind(theirs),
                kind(&ours)
            ));
        }
        if !differences.is_empty() {
            findings.push(Finding {
                index,
                label,
                differences,
            });
        }
    }
    findings
}

/// A request from an exchange, with recorded session ids replaced by the harness's.
fn build(e: &Value, sessions: &HashMap<String, String>) -> Result<Request<Body>, String> {
    let method = e["method"].as_str().ok_or("no method")?;
    let mut uri = e["path"].as_str().ok_or("no path")?.to_string();
    let query: Vec<String> = e["query"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|q| {
            format!(
                "{}={}",
                encode(q["name"].as_str().unwrap_or("")),
                encode(q["value"].as_str().unwrap_or(""))
            )
        })
        .collect();
    if !query.is_empty() {
        uri = format!("{uri}?{}", query.join("&"));
    }
    let mut builder = Request::builder().method(method).uri(&uri);
    if let Some(headers) = e["requestHeaders"].as_object() {
        for (name, value) in headers {
            let Some(value) = value.as_str() else {
                continue;
            };
            let value = if name == "cookie" {
                value
                    .split(';')
                    .map(|pair| match pair.trim().split_once('=') {
                        Some((k, v)) if k.eq_ignore_ascii_case("hazelcast.sessionId") => {
                            format!("{k}={}", sessions.get(v).map_or(v, String::as_str))
                        }
                        _ => pair.trim().to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            } else {
                value.to_string()
            };
            builder = builder.header(name.as_str(), value);
        }
    }
    let body = match &e["requestBody"] {
        Value::Null => Body::empty(),
        Value::String(s) => Body::from(s.clone()),
        other => Body::from(other.to_string()),
    };
    builder.body(body).map_err(|err| err.to_string())
}

fn session_of(set_cookie: &str) -> Option<String> {
    let (name, value) = set_cookie.split(';').next()?.trim().split_once('=')?;
    (name.eq_ignore_ascii_case("hazelcast.sessionId") && !value.is_empty())
        .then(|| value.to_string())
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Differences of shape (keys and value kinds; a null matches anything) between a recorded
/// body and the harness's.
fn shape_diff(at: &str, theirs: &Value, ours: &Value, out: &mut Vec<String>) {
    match (theirs, ours) {
        (Value::Null, _) | (_, Value::Null) => {}
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                match b.get(k) {
                    Some(w) => shape_diff(&format!("{at}.{k}"), v, w, out),
                    None => out.push(format!(
                        "{at}.{k}: recorded, missing from the harness's answer"
                    )),
                }
            }
            // Keys only the harness answers break no client of the recording: one line.
            let extra: Vec<&str> = b
                .keys()
                .filter(|k| !a.contains_key(*k))
                .map(String::as_str)
                .collect();
            if !extra.is_empty() {
                out.push(format!(
                    "{at}: the harness also answers {}",
                    extra.join(", ")
                ));
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if let (Some(x), Some(y)) = (a.first(), b.first()) {
                shape_diff(&format!("{at}[]"), x, y, out);
            }
        }
        (a, b) if kind(a) != kind(b) => out.push(format!(
            "{at}: recorded {}, the harness answers {}",
            kind(a),
            kind(b)
        )),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shapes_compare_keys_and_kinds() {
        let mut out = Vec::new();
        shape_diff(
            "body",
            &json!({"a": 1, "b": [{"c": "x"}], "gone": true, "n": null}),
            &json!({"a": "1", "b": [{"c": "y"}], "new": 1, "n": 3}),
            &mut out,
        );
        assert_eq!(
            out,
            vec![
                "body.a: recorded a number, the harness answers a string",
                "body.gone: recorded, missing from the harness's answer",
                "body: the harness also answers new",
            ]
        );
    }
}
