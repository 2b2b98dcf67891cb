//! Secrets never reach a transcript: passwords, session ids, tokens, `Cookie`, `Set-Cookie` and
//! `Authorization` become stable placeholders (`<password>`, `<session-1>`, ...), so a transcript
//! can be committed as a snapshot.

use crate::sessions::Sessions;
use serde_json::Value;

/// Request headers kept in transcripts (others vary by client and say nothing about behaviour).
pub const REQUEST_HEADERS: &[&str] = &[
    "accept",
    "authorization",
    "content-type",
    "cookie",
    "if-match",
    "if-none-match",
    "range",
];

/// Response headers kept in transcripts.
pub const RESPONSE_HEADERS: &[&str] = &[
    "content-range",
    "content-type",
    "location",
    "retry-after",
    "set-cookie",
    "www-authenticate",
];

pub struct Redactor<'a> {
    pub sessions: &'a Sessions,
}

impl Redactor<'_> {
    /// The placeholder of a session id: `<session-N>` when issued here, else `<unknown-session>`.
    pub fn session(&self, id: &str) -> String {
        self.sessions
            .placeholder_of(id)
            .unwrap_or_else(|| "<unknown-session>".to_string())
    }

    /// Replaces secrets anywhere in a JSON value.
    pub fn json(&self, value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    match secret_kind(key) {
                        Some(Secret::Password) if !v.is_null() => *v = Value::from("<password>"),
                        Some(Secret::Token) if !v.is_null() => *v = Value::from("<token>"),
                        Some(Secret::Session) => {
                            if let Value::String(s) = v {
                                *s = self.session(s);
                            }
                        }
                        _ => self.json(v),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.json(v)),
            Value::String(s) if looks_like_session(s) => {
                if let Some(p) = self.sessions.placeholder_of(s) {
                    *s = p;
                }
            }
            _ => {}
        }
    }

    /// A header value as it may appear in a transcript.
    pub fn header(&self, name: &str, value: &str) -> String {
        match name {
            "authorization" => match value.split_once(' ') {
                Some((scheme, _)) => format!("{scheme} <credentials>"),
                None => "<credentials>".to_string(),
            },
            "cookie" => value
                .split(';')
                .map(|pair| self.cookie_pair(pair.trim()))
                .collect::<Vec<_>>()
                .join("; "),
            "set-cookie" => {
                let mut parts = value.splitn(2, ';');
                let pair = self.cookie_pair(parts.next().unwrap_or("").trim());
                match parts.next() {
                    Some(attrs) => format!("{pair};{attrs}"),
                    None => pair,
                }
            }
            _ => value.to_string(),
        }
    }

    fn cookie_pair(&self, pair: &str) -> String {
        match pair.split_once('=') {
            Some((name, value)) if name.eq_ignore_ascii_case("hazelcast.sessionId") => {
                if value.is_empty() {
                    format!("{name}=")
                } else {
                    format!("{name}={}", self.session(value))
                }
            }
            Some((name, _)) => format!("{name}=<redacted>"),
            None => pair.to_string(),
        }
    }

    /// A query parameter value as it may appear in a transcript.
    pub fn query(&self, name: &str, value: &str) -> String {
        match secret_kind(name) {
            Some(Secret::Password) => "<password>".into(),
            Some(Secret::Token) => "<token>".into(),
            Some(Secret::Session) => self.session(value),
            None => value.to_string(),
        }
    }
}

enum Secret {
    Password,
    Token,
    Session,
}

fn secret_kind(key: &str) -> Option<Secret> {
    let k = key.to_ascii_lowercase();
    if k == "sessionid" || k == "hazelcast.sessionid" {
        Some(Secret::Session)
    } else if k.contains("password") || k.contains("secret") {
        Some(Secret::Password)
    } else if k.contains("token") || k == "authorization" || k == "apikey" || k == "api_key" {
        Some(Secret::Token)
    } else {
        None
    }
}

fn looks_like_session(s: &str) -> bool {
    s.len() == 34 && s.starts_with("HZ")
}
