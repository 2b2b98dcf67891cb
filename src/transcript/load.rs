//! Reading a transcript file back: the harness's own exports (JSON Lines, normalised YAML, HAR)
//! or a HAR 1.2 recorded elsewhere (a browser, a proxy in front of a real tenant). Everything
//! becomes exchange values with the export's camelCase keys, secrets of foreign recordings
//! replaced the way the harness replaces its own.

use super::redact::{REQUEST_HEADERS, RESPONSE_HEADERS};
use crate::catalogue::{ENDPOINTS, Endpoint};
use crate::gateway::split_sandbox;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// Parses a transcript in any of the formats the harness exports; the format is recognised
/// from the text. Secrets of a HAR recorded elsewhere are replaced by placeholders.
pub fn parse(text: &str) -> Result<Vec<Value>, String> {
    parse_with(text, true)
}

/// Like [`parse`], keeping a HAR's credentials so that its requests can be replayed
/// ([`super::drift`]); never exported.
pub fn parse_for_replay(text: &str) -> Result<Vec<Value>, String> {
    parse_with(text, false)
}

fn parse_with(text: &str, redacting: bool) -> Result<Vec<Value>, String> {
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    if trimmed.starts_with('{') {
        // A HAR document is one object with `log`; JSON Lines are objects, one per line.
        if let Ok(doc) = serde_json::from_str::<Value>(trimmed)
            && doc.get("log").is_some()
        {
            return har(&doc, redacting);
        }
        return trimmed
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(n, l)| {
                serde_json::from_str(l).map_err(|e| format!("line {}: not JSON: {e}", n + 1))
            })
            .collect();
    }
    let body = super::verify::snapshot_body(text);
    let value: Value =
        serde_saphyr::from_str(body).map_err(|e| format!("not a YAML transcript: {e}"))?;
    match value {
        Value::Array(items) => Ok(items),
        Value::Null => Ok(Vec::new()),
        _ => Err("a YAML transcript is a sequence of exchanges".to_string()),
    }
}

/// Reads a transcript file.
pub fn read(path: &std::path::Path) -> Result<Vec<Value>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The catalogue endpoint serving `method path` (a path under `/sandbox/NAME` included).
pub fn endpoint_of(method: &str, path: &str) -> Option<&'static Endpoint> {
    let (_, path) = split_sandbox(path);
    let segments: Vec<&str> = path.split('/').collect();
    ENDPOINTS.iter().find(|ep| {
        ep.method.as_str().eq_ignore_ascii_case(method) && !ep.path.is_empty() && {
            let template: Vec<&str> = ep.path.split('/').collect();
            template.len() == segments.len()
                && template.iter().zip(&segments).all(|(t, s)| {
                    t == s || (t.starts_with('{') && t.ends_with('}') && !s.is_empty())
                })
        }
    })
}

fn har(doc: &Value, redacting: bool) -> Result<Vec<Value>, String> {
    let entries = doc["log"]["entries"]
        .as_array()
        .ok_or("a HAR document needs log.entries")?;
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| har_entry(i, e, redacting).map_err(|m| format!("HAR entry {}: {m}", i + 1)))
        .collect()
}

fn har_entry(index: usize, e: &Value, redacting: bool) -> Result<Value, String> {
    let request = &e["request"];
    let response = &e["response"];
    let method = request["method"].as_str().ok_or("request.method missing")?;
    let url = request["url"].as_str().ok_or("request.url missing")?;
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path_and_query = after_scheme.find('/').map_or("/", |at| &after_scheme[at..]);
    let path = path_and_query.split(['?', '#']).next().unwrap_or("/");
    let (_, vendor_path) = split_sandbox(path);
    let query: Vec<Value> = request["queryString"]
        .as_array()
        .map(|q| {
            q.iter()
                .map(|p| {
                    let name = p["name"].as_str().unwrap_or("");
                    let value = if redacting {
                        secret_value(name, &p["value"])
                    } else {
                        p["value"].clone()
                    };
                    json!({"name": name, "value": value})
                })
                .collect()
        })
        .unwrap_or_default();
    let request_headers = headers(&request["headers"], REQUEST_HEADERS, redacting);
    let response_headers = headers(&response["headers"], RESPONSE_HEADERS, redacting);
    let request_body = request["postData"]["text"].as_str().map(|t| {
        let ct = request["postData"]["mimeType"].as_str().unwrap_or("");
        let mut v = text_body(t, ct);
        if redacting {
            redact(&mut v);
        }
        v
    });
    let content = &response["content"];
    let response_body = content["text"].as_str().filter(|t| !t.is_empty()).map(|t| {
        let ct = content["mimeType"].as_str().unwrap_or("");
        if content["encoding"].as_str() == Some("base64") {
            json!({"contentType": ct, "bytes": t.len() * 3 / 4, "sha256": hex::encode(Sha256::digest(t.as_bytes()))})
        } else {
            let mut v = text_body(t, ct);
            redact(&mut v);
            v
        }
    });
    let endpoint = e["_endpoint"]
        .as_str()
        .map(str::to_string)
        .or_else(|| endpoint_of(method, path).map(|ep| ep.key.to_string()));
    let request_id = e["_requestId"]
        .as_str()
        .or_else(|| response_body.as_ref()?.get("requestId")?.as_str())
        .unwrap_or("")
        .to_string();
    let status = response["status"].as_u64().filter(|s| *s > 0);
    let mut out = json!({
        "seq": e["_seq"].as_u64().unwrap_or(index as u64 + 1),
        "time": e["startedDateTime"],
        "endpoint": endpoint,
        "method": method.to_ascii_uppercase(),
        "path": vendor_path,
        "query": query,
        "requestHeaders": request_headers,
        "requestBody": request_body,
        "status": status,
        "responseHeaders": response_headers,
        "responseBody": response_body,
        "requestId": request_id,
    });
    if let Some(u) = e.get("_undocumented") {
        out["undocumented"] = u.clone();
    }
    if let Some(f) = e.get("_fault") {
        out["fault"] = f.clone();
    }
    if let Some(v) = e.get("_variations") {
        out["variations"] = v.clone();
    }
    Ok(out)
}

fn headers(list: &Value, keep: &[&str], redacting: bool) -> Value {
    let mut out = Map::new();
    for h in list.as_array().into_iter().flatten() {
        let (Some(name), Some(value)) = (h["name"].as_str(), h["value"].as_str()) else {
            continue;
        };
        let name = name.to_ascii_lowercase();
        if !keep.contains(&name.as_str()) {
            continue;
        }
        let value = match name.as_str() {
            "authorization" if redacting => match value.split_once(' ') {
                Some((scheme, rest)) if !rest.starts_with('<') => format!("{scheme} <credentials>"),
                _ => value.to_string(),
            },
            _ => value.to_string(),
        };
        match out.get_mut(&name) {
            Some(Value::String(old)) => *old = format!("{old}, {value}"),
            _ => {
                out.insert(name, Value::String(value));
            }
        }
    }
    Value::Object(out)
}

fn text_body(text: &str, content_type: &str) -> Value {
    if let Ok(v) = serde_json::from_str::<Value>(text)
        && (content_type.contains("json") || v.is_object() || v.is_array())
    {
        return v;
    }
    Value::String(text.to_string())
}

fn secret_value(name: &str, value: &Value) -> Value {
    let k = name.to_ascii_lowercase();
    if value.as_str().is_some_and(|s| s.starts_with('<')) {
        value.clone()
    } else if k.contains("password") || k.contains("secret") {
        json!("<password>")
    } else if k.contains("token") || k == "apikey" {
        json!("<token>")
    } else {
        value.clone()
    }
}

/// Secrets of a foreign recording, replaced by key as the harness does.
fn redact(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if v.is_string() || v.is_number() {
                    *v = secret_value(k, v);
                } else {
                    redact(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_templates() {
        assert_eq!(
            endpoint_of("POST", "/api/rest/authorize").map(|e| e.key),
            Some("auth.login")
        );
        assert_eq!(
            endpoint_of("GET", "/sandbox/x/api/rest/authorize").map(|e| e.key),
            Some("auth.get")
        );
        assert!(endpoint_of("GET", "/api/rest/nothing").is_none());
    }
}
