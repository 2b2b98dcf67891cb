//! Seed 001 "Generic Text Import API" and "Generic Text Import with Multiple Files API": text
//! contacts (chat, email, ...) with their transcript. A record whose source `id` was already
//! used is not imported; metadata names must be defined fields of the tenant.

use super::{Contact, ContactType, Contacts, TextContent};
use crate::world::{Org, Person};
use serde_json::Value;

/// Text types the two sections list (their union: the examples add twitter and facebook).
pub const TEXT_TYPES: &[&str] = &["email", "chat", "website", "other", "facebook", "twitter"];

/// One record, as JSON or a CSV row gives it.
#[derive(Debug, Clone, Default)]
pub struct TextRecord {
    pub origin: String,
    pub text_type: Option<String>,
    pub time: Option<i64>,
    pub username: Option<String>,
    pub sender: Option<String>,
    pub receivers: Vec<String>,
    pub subject: Option<String>,
    pub references: Vec<String>,
    pub source_id: Option<String>,
    pub metadata: Vec<(String, String)>,
    pub eval_form: Option<String>,
    /// The text itself (`text`), or the name of the file holding it (`filename`).
    pub text: Option<String>,
    pub filename: Option<String>,
    pub errors: Vec<String>,
}

fn string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An `evalForm` as `{id, name}` or a plain id or name: "You can either provide an ID or name.
/// If an ID is not provided, the API looks up the evaluation form by name" (seed 001 "Generic
/// Text Import API").
pub fn form_ref(v: &Value) -> Option<String> {
    match v {
        Value::Object(f) => f
            .get("id")
            .and_then(string)
            .or_else(|| f.get("name").and_then(string)),
        other => string(other),
    }
}

/// A pipe-delimited string or a JSON array (the document shows both).
fn list(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().filter_map(string).collect(),
        Value::String(s) => split_pipes(s),
        _ => Vec::new(),
    }
}

fn split_pipes(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

impl TextRecord {
    /// A JSON record; `text_type` and `eval_form` come from the batch when the record has none.
    pub fn from_json(
        origin: String,
        v: &Value,
        batch_type: Option<&str>,
        batch_form: Option<&str>,
    ) -> TextRecord {
        let mut r = TextRecord {
            origin,
            ..TextRecord::default()
        };
        let Some(obj) = v.as_object() else {
            r.errors.push(format!(
                "a record must be a JSON object, not {}",
                crate::http::json::kind(v)
            ));
            return r;
        };
        let get = |k: &str| obj.get(k).unwrap_or(&Value::Null);
        r.text_type = string(get("textType")).or(batch_type.map(str::to_string));
        r.time = match get("time") {
            Value::Null => None,
            Value::Number(n) => n.as_i64().or_else(|| {
                r.errors
                    .push("time must be whole milliseconds since 1970".into());
                None
            }),
            Value::String(s) => s.trim().parse().ok().or_else(|| {
                r.errors
                    .push(format!("time must be UNIX epoch milliseconds, not `{s}`"));
                None
            }),
            other => {
                r.errors.push(format!(
                    "time must be UNIX epoch milliseconds, not {}",
                    crate::http::json::kind(other)
                ));
                None
            }
        };
        r.username = string(get("username"));
        r.sender = string(get("sender"));
        r.receivers = list(get("receiver"));
        r.subject = string(get("subject"));
        r.references = list(get("references"));
        r.source_id = string(get("id"));
        r.text = match get("text") {
            Value::String(s) => Some(s.clone()),
            _ => None,
        };
        r.filename = string(get("filename"));
        r.eval_form = form_ref(get("evalForm")).or(batch_form.map(str::to_string));
        match get("metadata") {
            Value::Object(m) => {
                for (k, v) in m {
                    r.metadata.push((k.clone(), string(v).unwrap_or_default()));
                }
            }
            Value::Null => {}
            other => r.errors.push(format!(
                "metadata must be an object of name/value pairs, not {}",
                crate::http::json::kind(other)
            )),
        }
        r
    }

    /// A CSV row (seed "Batch CSV File Example": metadata `a=1|b=2`, lists pipe-delimited).
    pub fn from_csv(origin: String, headers: &[String], row: &[String]) -> TextRecord {
        let mut r = TextRecord {
            origin,
            ..TextRecord::default()
        };
        if row.len() != headers.len() {
            r.errors.push(format!(
                "the row has {} columns but the header has {}",
                row.len(),
                headers.len()
            ));
            return r;
        }
        for (h, v) in headers.iter().zip(row) {
            let v = v.trim();
            let some = (!v.is_empty()).then(|| v.to_string());
            match h.trim() {
                "textType" => r.text_type = some,
                "filename" => r.filename = some,
                "evalForm" => r.eval_form = some,
                "time" => {
                    if let Some(t) = some {
                        match t.parse() {
                            Ok(ms) => r.time = Some(ms),
                            Err(_) => r
                                .errors
                                .push(format!("time must be UNIX epoch milliseconds, not `{t}`")),
                        }
                    }
                }
                "username" => r.username = some,
                "sender" => r.sender = some,
                "receiver" => r.receivers = split_pipes(v),
                "subject" => r.subject = some,
                "references" => r.references = split_pipes(v),
                "id" => r.source_id = some,
                "metadata" => {
                    for pair in split_pipes(v) {
                        match pair.split_once('=') {
                            Some((k, val)) => r.metadata.push((k.trim().into(), val.trim().into())),
                            None => r
                                .errors
                                .push(format!("metadata `{pair}` is not name=value")),
                        }
                    }
                }
                _ => {}
            }
        }
        r
    }
}

/// The result of one record.
pub enum TextOutcome {
    Imported(Box<Contact>),
    Failed(Vec<String>),
}

/// Imports one record into the caller's tenant. `text` is the record's content (from `text`
/// or its file).
pub fn import(
    contacts: &Contacts,
    org: &Org,
    caller: &Person,
    mut r: TextRecord,
    text: Option<String>,
) -> TextOutcome {
    let tenant_id = caller.tenant_id;
    let text_type = match r.text_type.as_deref() {
        None => {
            r.errors.push("textType is required".into());
            None
        }
        Some(t) if TEXT_TYPES.contains(&t.to_ascii_lowercase().as_str()) => {
            Some(t.to_ascii_lowercase())
        }
        Some(t) => {
            r.errors.push(format!(
                "textType `{t}` is not one of {}",
                TEXT_TYPES.join(", ")
            ));
            None
        }
    };
    if r.time.is_none() && !r.errors.iter().any(|e| e.starts_with("time")) {
        r.errors.push("time is required".into());
    }
    let agent = match r.username.as_deref() {
        None => {
            r.errors.push("username is required".into());
            None
        }
        Some(u) => {
            let found = org.resolve_person(Some(tenant_id), u);
            if found.is_none() {
                r.errors
                    .push(format!("username `{u}` matches no user of the tenant"));
            }
            found
        }
    };
    if text.is_none()
        && !r
            .errors
            .iter()
            .any(|e| e.contains("filename") || e.contains("text"))
    {
        r.errors.push("text is required".into());
    }
    for (name, _) in &r.metadata {
        if !contacts.field_defined(tenant_id, name) {
            r.errors.push(format!(
                "metadata `{name}` is not a defined metadata field of the tenant"
            ));
        }
    }
    if let Some(id) = &r.source_id
        && contacts.by_text_source(tenant_id, id).is_some()
    {
        r.errors.push(format!(
            "id `{id}` has already been used for a previous contact: not imported"
        ));
    }
    if !r.errors.is_empty() {
        return TextOutcome::Failed(r.errors);
    }
    let (agent, text_type) = (agent.expect("checked"), text_type.expect("checked"));
    let start = r.time.expect("checked");
    let mut c = Contact::new(tenant_id, start);
    c.created_ms = start;
    c.contact_type = if text_type == "email" {
        ContactType::Email
    } else {
        ContactType::Text
    };
    c.agent_id = Some(agent.id);
    c.team_id = Some(agent.team_id);
    c.group_id = org.teams.get(&agent.team_id).map(|t| t.group_id);
    c.tz = agent.time_zone.clone();
    c.metadata = r.metadata.into_iter().collect();
    c.text = Some(TextContent {
        text_type,
        sender: r.sender,
        receivers: r.receivers,
        subject: r.subject,
        references: r.references,
        source_id: r.source_id,
        text: text.unwrap_or_default(),
        eval_form: r.eval_form,
    });
    TextOutcome::Imported(Box::new(contacts.insert(c)))
}
