//! What the gateway captures per exchange, cheaply: raw bytes and header values, stored compactly
//! (postcard). Structuring, redaction and the undocumented-field check happen when a transcript
//! is read ([`Recorded::into_exchange`]), so recording costs a request little.

use super::redact::{REQUEST_HEADERS, RESPONSE_HEADERS, Redactor};
use super::{Exchange, QueryParam};
use crate::catalogue;
use crate::clock::rfc3339;
use crate::http::form::parse_form;
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Bodies up to this size are kept whole; larger ones as size and hash.
pub const BODY_LIMIT: usize = 64 * 1024;

/// A captured body: whole when small, else its size and SHA-256.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum CapturedBody {
    None,
    Bytes(ByteBuf),
    Digest {
        bytes: u64,
        sha256: String,
    },
    /// Streamed to its handler: only the announced length is known.
    Streamed {
        bytes: Option<u64>,
    },
    /// What the handler said it received (JSON text of a `RequestSummary`).
    Summary(String),
}

impl CapturedBody {
    pub fn of(bytes: &[u8]) -> CapturedBody {
        if bytes.is_empty() {
            CapturedBody::None
        } else if bytes.len() > BODY_LIMIT {
            CapturedBody::Digest {
                bytes: bytes.len() as u64,
                sha256: hex::encode(Sha256::digest(bytes)),
            }
        } else {
            CapturedBody::Bytes(ByteBuf::from(bytes.to_vec()))
        }
    }
}

/// One exchange as captured.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Recorded {
    pub seq: u64,
    /// The sandbox's seed: with `seq` it gives the request id.
    pub seed: u64,
    pub time_ms: i64,
    pub sandbox: String,
    pub endpoint: Option<String>,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// Allow-listed headers only ([`REQUEST_HEADERS`]), unredacted.
    pub request_headers: Vec<(String, String)>,
    pub request_body: CapturedBody,
    pub status: Option<u16>,
    pub response_headers: Vec<(String, String)>,
    pub response_body: CapturedBody,
    pub duration_us: u64,
    /// JSON text of the fault that acted, with its id.
    pub fault: Option<String>,
    /// JSON texts of the variations of the answer (`serve --vary`).
    pub variations: Vec<String>,
}

/// Keeps the allow-listed headers of `headers`.
pub fn keep_headers(headers: &axum::http::HeaderMap, response: bool) -> Vec<(String, String)> {
    let keep = if response {
        RESPONSE_HEADERS
    } else {
        REQUEST_HEADERS
    };
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

impl Recorded {
    pub fn encode(&self) -> Vec<u8> {
        postcard::to_stdvec(self).expect("captured exchanges encode")
    }

    pub fn decode(bytes: &[u8]) -> Option<Recorded> {
        postcard::from_bytes(bytes).ok()
    }

    /// The sequence number of an encoded record without decoding the rest (it is the first
    /// field: a postcard varint).
    pub fn seq_of(bytes: &[u8]) -> u64 {
        postcard::take_from_bytes::<u64>(bytes).map_or(0, |(seq, _)| seq)
    }

    /// The exchange as exported: bodies structured, secrets replaced, undocumented inputs named.
    pub fn into_exchange(self, redactor: &Redactor) -> Exchange {
        let query: Vec<(String, String)> =
            self.query.as_deref().map(parse_form).unwrap_or_default();
        let request_type = header(&self.request_headers, "content-type");
        let response_type = header(&self.response_headers, "content-type");
        let mut request_body = body_value(request_type, &self.request_body);
        let undocumented = undocumented(self.endpoint.as_deref(), &query, request_body.as_ref());
        if let Some(v) = request_body.as_mut() {
            redactor.json(v);
        }
        let mut response_body = body_value(response_type, &self.response_body);
        if let Some(v) = response_body.as_mut() {
            redactor.json(v);
        }
        let headers = |pairs: &[(String, String)]| -> BTreeMap<String, String> {
            let mut out: BTreeMap<String, String> = BTreeMap::new();
            for (k, v) in pairs {
                let v = redactor.header(k, v);
                out.entry(k.clone())
                    .and_modify(|old| *old = format!("{old}, {v}"))
                    .or_insert(v);
            }
            out
        };
        Exchange {
            seq: self.seq,
            time: rfc3339(self.time_ms),
            sandbox: self.sandbox,
            endpoint: self.endpoint,
            method: self.method,
            path: self.path,
            query: query
                .iter()
                .map(|(k, v)| QueryParam {
                    name: k.clone(),
                    value: redactor.query(k, v),
                })
                .collect(),
            request_headers: headers(&self.request_headers),
            request_body,
            status: self.status,
            response_headers: headers(&self.response_headers),
            response_body,
            duration_ms: self.duration_us as f64 / 1000.0,
            request_id: crate::ids::request_id(self.seed, self.seq),
            undocumented,
            fault: self.fault.and_then(|f| serde_json::from_str(&f).ok()),
            variations: self
                .variations
                .iter()
                .filter_map(|v| serde_json::from_str(v).ok())
                .collect(),
        }
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// Query parameters and top-level JSON fields the endpoint's document does not list.
fn undocumented(
    endpoint: Option<&str>,
    query: &[(String, String)],
    body: Option<&Value>,
) -> Vec<String> {
    let Some(ep) = endpoint.and_then(catalogue::by_key) else {
        return Vec::new();
    };
    let mut flags: Vec<String> = Vec::new();
    let mut flag = |f: String| {
        if !flags.contains(&f) {
            flags.push(f);
        }
    };
    for (name, _) in query {
        if !ep.query.contains(&name.as_str()) {
            flag(format!("query.{name}"));
        }
    }
    if let Some(v) = body {
        for name in json_keys(v) {
            // A documented field ending in `*` is a family of fields (`cf_*`: cf_1, cf_3, ...).
            let documented = ep.fields.iter().any(|f| {
                *f == name
                    || f.strip_suffix('*')
                        .is_some_and(|prefix| name.starts_with(prefix))
            });
            if !documented {
                flag(format!("body.{name}"));
            }
        }
    }
    flags
}

/// Top-level keys of a JSON object body, or of each object in an array body.
fn json_keys(v: &Value) -> Vec<String> {
    match v {
        Value::Object(m) => m.keys().cloned().collect(),
        Value::Array(items) => items.iter().flat_map(json_keys).collect(),
        _ => Vec::new(),
    }
}

/// A body as the transcript shows it: JSON as JSON, forms as their fields, text as text, the
/// rest as size and hash.
fn body_value(content_type: &str, body: &CapturedBody) -> Option<Value> {
    let bytes = match body {
        CapturedBody::None => return None,
        CapturedBody::Digest { bytes, sha256 } => {
            return Some(json!({"contentType": content_type, "bytes": bytes, "sha256": sha256}));
        }
        CapturedBody::Streamed { bytes } => {
            return bytes
                .map(|n| json!({"streamed": true, "contentType": content_type, "bytes": n}));
        }
        CapturedBody::Summary(text) => return serde_json::from_str(text).ok(),
        CapturedBody::Bytes(b) => b.as_slice(),
    };
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
        let fields: serde_json::Map<String, Value> = parse_form(&String::from_utf8_lossy(bytes))
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        return Some(json!({"form": fields}));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(Value::String(text.to_string())),
        Err(_) => Some(json!({
            "contentType": content_type,
            "bytes": bytes.len(),
            "sha256": hex::encode(Sha256::digest(bytes)),
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captured_exchanges_round_trip() {
        let r = Recorded {
            seq: 3,
            seed: 1,
            time_ms: 0,
            sandbox: "s".into(),
            endpoint: Some("auth.login".into()),
            method: "POST".into(),
            path: "/api/rest/authorize".into(),
            query: Some("a=1".into()),
            request_headers: vec![("content-type".into(), "application/json".into())],
            request_body: CapturedBody::of(b"{\"a\":1}"),
            status: Some(200),
            response_headers: vec![],
            response_body: CapturedBody::of(&[0u8; BODY_LIMIT + 1]),
            duration_us: 12,
            fault: None,
            variations: vec!["{\"kind\":\"slow\"}".into()],
        };
        assert_eq!(Recorded::decode(&r.encode()), Some(r));
    }
}
