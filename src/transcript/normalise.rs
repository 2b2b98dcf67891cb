//! Normalisation for snapshots: what differs between two identical runs is replaced by
//! placeholders that keep identity (the first request id seen is `<request-1>` wherever it
//! appears), timings and the sandbox name are dropped, keys are sorted. Applied to a whole
//! transcript at once, so the numbering is the transcript's.

use serde_json::{Map, Value};
use std::collections::HashMap;

/// How to normalise.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// The clock ran while recording: timestamps in bodies and headers vary between runs and
    /// become `<time-N>`. With a frozen clock they are kept, since they are reproducible.
    pub clock_running: bool,
}

/// Exchange keys that vary between identical runs and say nothing about behaviour.
const VOLATILE: &[&str] = &["time", "durationMs", "sandbox", "startedDateTime"];

#[derive(Default)]
struct Placeholders {
    by_kind: HashMap<&'static str, HashMap<String, String>>,
}

impl Placeholders {
    fn of(&mut self, kind: &'static str, value: &str) -> String {
        if value.starts_with('<') && value.ends_with('>') {
            return value.to_string();
        }
        let map = self.by_kind.entry(kind).or_default();
        let next = map.len() + 1;
        map.entry(value.to_string())
            .or_insert_with(|| format!("<{kind}-{next}>"))
            .clone()
    }

    fn known(&self, kind: &'static str, value: &str) -> Option<String> {
        self.by_kind.get(kind)?.get(value).cloned()
    }
}

/// Normalises every exchange of a transcript (values as exported: camelCase keys).
pub fn transcript(exchanges: Vec<Value>, options: Options) -> Vec<Value> {
    let mut p = Placeholders::default();
    // Request ids first, in order, so that a body quoting one gets the same placeholder.
    for e in &exchanges {
        if let Some(id) = e.get("requestId").and_then(Value::as_str) {
            p.of("request", id);
        }
    }
    exchanges
        .into_iter()
        .map(|e| exchange(e, &mut p, options))
        .collect()
}

fn exchange(mut e: Value, p: &mut Placeholders, options: Options) -> Value {
    if let Value::Object(map) = &mut e {
        for key in VOLATILE {
            map.remove(*key);
        }
        if let Some(Value::String(id)) = map.get_mut("requestId") {
            *id = p.of("request", id);
        }
        for headers in ["requestHeaders", "responseHeaders"] {
            if let Some(Value::Object(h)) = map.get_mut(headers) {
                for (name, v) in h.iter_mut() {
                    if let Value::String(s) = v {
                        *s = header(name, s, p, options);
                    }
                }
            }
        }
        for body in ["requestBody", "responseBody"] {
            if let Some(v) = map.get_mut(body) {
                walk(v, p, options);
            }
        }
        if let Some(Value::Array(query)) = map.get_mut("query") {
            for q in query {
                if let Some(v) = q.get_mut("value") {
                    walk(v, p, options);
                }
            }
        }
    }
    sorted(e)
}

fn header(name: &str, value: &str, p: &mut Placeholders, options: Options) -> String {
    let lower = name.to_ascii_lowercase();
    if lower == "content-type"
        && let Some(at) = value.find("boundary=")
    {
        let start = at + "boundary=".len();
        let end = value[start..].find(';').map_or(value.len(), |i| start + i);
        let boundary = value[start..end].trim_matches('"');
        return format!(
            "{}{}{}",
            &value[..start],
            p.of("boundary", boundary),
            &value[end..]
        );
    }
    if lower == "cookie" || lower == "set-cookie" {
        return value
            .split(';')
            .map(|part| {
                let trimmed = part.trim_start();
                let lead = &part[..part.len() - trimmed.len()];
                match trimmed.split_once('=') {
                    Some((k, v))
                        if k.eq_ignore_ascii_case("hazelcast.sessionId") && !v.is_empty() =>
                    {
                        format!("{lead}{k}={}", p.of("session", v))
                    }
                    _ => part.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join(";");
    }
    if options.clock_running && is_timestamp(value) {
        return p.of("time", value);
    }
    value.to_string()
}

fn walk(v: &mut Value, p: &mut Placeholders, options: Options) {
    match v {
        Value::Object(map) => map.values_mut().for_each(|v| walk(v, p, options)),
        Value::Array(items) => items.iter_mut().for_each(|v| walk(v, p, options)),
        Value::String(s) => {
            if let Some(r) = p.known("request", s) {
                *s = r;
            } else if s.len() == 34 && s.starts_with("HZ") {
                *s = p.of("session", s);
            } else if options.clock_running && is_timestamp(s) {
                *s = p.of("time", s);
            }
        }
        Value::Number(n) if options.clock_running => {
            // Epoch milliseconds between 2001 and 2100 are times, not ids.
            if let Some(ms) = n.as_i64()
                && (1_000_000_000_000..4_102_444_800_000).contains(&ms)
            {
                *v = Value::String(p.of("time", &ms.to_string()));
            }
        }
        _ => {}
    }
}

/// `2026-01-05T09:00:00Z`, `2026-01-05T09:00:00.123+01:00`, `2026-01-05 09:00:00`.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 19
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b' ')
        && b[13] == b':'
        && b[16] == b':'
}

/// Keys sorted at every level.
pub fn sorted(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sorted(v)))
                    .collect::<Map<_, _>>(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholders_keep_identity() {
        let out = transcript(
            vec![
                json!({"requestId": "aaa", "time": "x", "responseBody": {"requestId": "bbb"}}),
                json!({"requestId": "bbb", "requestHeaders": {"content-type": "multipart/form-data; boundary=XyZ"}}),
            ],
            Options::default(),
        );
        assert_eq!(out[0]["requestId"], "<request-1>");
        assert_eq!(out[0]["responseBody"]["requestId"], "<request-2>");
        assert_eq!(out[1]["requestId"], "<request-2>");
        assert!(out[0].get("time").is_none());
        assert_eq!(
            out[1]["requestHeaders"]["content-type"],
            "multipart/form-data; boundary=<boundary-1>"
        );
    }

    #[test]
    fn a_running_clock_hides_times() {
        let body = json!({"responseBody": {"at": "2026-01-05T09:00:01.234Z", "ms": 1767603601234i64, "id": 7}});
        let out = transcript(
            vec![body.clone(), body],
            Options {
                clock_running: true,
            },
        );
        assert_eq!(out[0]["responseBody"]["at"], "<time-1>");
        assert_eq!(out[1]["responseBody"]["ms"], "<time-2>");
        assert_eq!(out[1]["responseBody"]["id"], 7);
    }
}
