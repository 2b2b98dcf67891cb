//! Transcript exports: JSON Lines (the stored form), HAR 1.2 (opens in any HAR viewer) and YAML,
//! optionally normalised for snapshots (no timings, no sandbox name, keys sorted).

use super::Exchange;
use super::normalise::{self, Options};
use serde_json::{Value, json};

/// The export formats of `GET /__admin/transcript?format=` and `wfo-harness transcript export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Har,
    Yaml,
}

impl Format {
    pub fn parse(name: &str) -> Result<Format, String> {
        match name.to_ascii_lowercase().as_str() {
            "jsonl" | "ndjson" | "json-lines" => Ok(Format::Jsonl),
            "har" => Ok(Format::Har),
            "yaml" | "yml" => Ok(Format::Yaml),
            other => Err(format!(
                "unknown transcript format `{other}`: use jsonl, har or yaml"
            )),
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Jsonl => "application/x-ndjson",
            Format::Har => "application/json",
            Format::Yaml => "application/yaml",
        }
    }
}

/// Renders `exchanges` in `format`; `normalise` drops what varies between identical runs
/// (with a frozen clock; see [`render_with`]).
pub fn render(exchanges: &[Exchange], format: Format, normalise: bool) -> String {
    render_with(exchanges, format, normalise.then(Options::default))
}

/// Renders `exchanges` in `format`, normalised with `normalise` when given (HAR is never
/// normalised: it is for viewers and drift checks).
pub fn render_with(exchanges: &[Exchange], format: Format, normalise: Option<Options>) -> String {
    if format == Format::Har {
        return serde_json::to_string_pretty(&har(exchanges)).expect("HAR serialises") + "\n";
    }
    let values: Vec<Value> = exchanges
        .iter()
        .map(|e| serde_json::to_value(e).expect("exchanges serialise"))
        .collect();
    let values = match normalise {
        Some(options) => normalise::transcript(values, options),
        None => values,
    };
    render_values(&values, format)
}

/// Renders exchange values (already normalised or not) as JSON Lines or YAML.
pub fn render_values(values: &[Value], format: Format) -> String {
    match format {
        Format::Jsonl | Format::Har => values
            .iter()
            .map(|v| serde_json::to_string(v).expect("exchanges serialise") + "\n")
            .collect(),
        Format::Yaml => yaml(values),
    }
}

/// A YAML sequence of the values, one top-level `- ` item per exchange.
pub fn yaml(values: &[Value]) -> String {
    if values.is_empty() {
        return "[]\n".to_string();
    }
    serde_saphyr::to_string(&values).unwrap_or_else(|e| format!("# cannot render YAML: {e}\n"))
}

/// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): one entry per exchange.
pub fn har(exchanges: &[Exchange]) -> Value {
    let entries: Vec<Value> = exchanges.iter().map(har_entry).collect();
    json!({
        "log": {
            "version": "1.2",
            "creator": {"name": "wfo-harness", "version": env!("CARGO_PKG_VERSION")},
            "pages": [],
            "entries": entries,
        }
    })
}

fn har_entry(e: &Exchange) -> Value {
    let url = if e.query.is_empty() {
        format!("http://wfo-harness{}", e.path)
    } else {
        let q: Vec<String> = e
            .query
            .iter()
            .map(|p| format!("{}={}", p.name, p.value))
            .collect();
        format!("http://wfo-harness{}?{}", e.path, q.join("&"))
    };
    let headers = |h: &std::collections::BTreeMap<String, String>| -> Vec<Value> {
        h.iter()
            .map(|(k, v)| json!({"name": k, "value": v}))
            .collect()
    };
    let request_type = e
        .request_headers
        .get("content-type")
        .cloned()
        .unwrap_or_default();
    let response_type = e
        .response_headers
        .get("content-type")
        .cloned()
        .unwrap_or_else(|| "application/octet-stream".into());
    let request_text = e.request_body.as_ref().map(body_text);
    let response_text = e.response_body.as_ref().map(body_text).unwrap_or_default();
    let mut request = json!({
        "method": e.method,
        "url": url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": headers(&e.request_headers),
        "queryString": e.query.iter().map(|p| json!({"name": p.name, "value": p.value})).collect::<Vec<_>>(),
        "headersSize": -1,
        "bodySize": request_text.as_ref().map_or(0, |t| t.len() as i64),
    });
    if let Some(text) = request_text {
        request["postData"] = json!({"mimeType": request_type, "text": text});
    }
    let status = e.status.unwrap_or(0);
    let mut entry = json!({
        "startedDateTime": e.time,
        "time": e.duration_ms,
        "request": request,
        "response": {
            "status": status,
            "statusText": axum::http::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or(""),
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": headers(&e.response_headers),
            "content": {"size": response_text.len(), "mimeType": response_type, "text": response_text},
            "redirectURL": e.response_headers.get("location").cloned().unwrap_or_default(),
            "headersSize": -1,
            "bodySize": response_text.len(),
        },
        "cache": {},
        "timings": {"send": 0, "wait": e.duration_ms, "receive": 0},
        "_seq": e.seq,
        "_endpoint": e.endpoint,
        "_requestId": e.request_id,
    });
    if let Some(fault) = &e.fault {
        entry["_fault"] = fault.clone();
    }
    if !e.undocumented.is_empty() {
        entry["_undocumented"] = json!(e.undocumented);
    }
    if !e.variations.is_empty() {
        entry["_variations"] = json!(e.variations);
    }
    entry
}

fn body_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => serde_json::to_string(other).expect("JSON serialises"),
    }
}
