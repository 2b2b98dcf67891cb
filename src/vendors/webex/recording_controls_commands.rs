//! The commands of seed 001 "Recording Controls API Request Commands", shared by the Webex API
//! (`/api/rest/recordingcontrols/...`) and the data server's simplified API: parsing a command's
//! parameters from the query and the JSON body, running it on the call engine, and the answer
//! `{"description", "personId", "timestamp"}` (call_status adds `callActive` and `contactId`).

use crate::engine::calls::{CallError, Calls, Outcome, Target};
use crate::http::json::kind;
use crate::http::{ApiError, Call};
use crate::world::Person;
use axum::http::StatusCode;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The documented commands. Names are matched case-insensitively.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Login,
    Logout,
    Metadata,
    Pause,
    Resume,
    Segment,
    StartScreen,
    StopScreen,
    Tag,
    CallStatus,
}

pub const COMMAND_NAMES: &str =
    "login, logout, metadata, pause, resume, segment, start_screen, stop_screen, tag, call_status";

impl Command {
    pub fn parse(name: &str) -> Option<Command> {
        Some(match name.to_ascii_lowercase().as_str() {
            "login" => Command::Login,
            "logout" => Command::Logout,
            "metadata" => Command::Metadata,
            "pause" => Command::Pause,
            "resume" => Command::Resume,
            "segment" => Command::Segment,
            "start_screen" => Command::StartScreen,
            "stop_screen" => Command::StopScreen,
            "tag" => Command::Tag,
            "call_status" => Command::CallStatus,
            _ => return None,
        })
    }

    /// As the seed's example answer writes it: `Command PAUSE sent successfully ...`.
    pub fn upper(self) -> &'static str {
        match self {
            Command::Login => "LOGIN",
            Command::Logout => "LOGOUT",
            Command::Metadata => "METADATA",
            Command::Pause => "PAUSE",
            Command::Resume => "RESUME",
            Command::Segment => "SEGMENT",
            Command::StartScreen => "START_SCREEN",
            Command::StopScreen => "STOP_SCREEN",
            Command::Tag => "TAG",
            Command::CallStatus => "CALL_STATUS",
        }
    }
}

/// An unknown command: 404 listing the documented ones.
pub fn unknown_command(call: &Call, name: &str) -> ApiError {
    call.error(
        StatusCode::NOT_FOUND,
        format!("Unknown recording controls command `{name}` (commands: {COMMAND_NAMES})"),
    )
}

/// A request's parameters: the JSON body's fields, then the query's (the body wins).
pub struct Params {
    body: Map<String, Value>,
    query: Vec<(String, String)>,
}

impl Params {
    /// `body` may be empty (treated as `{}`); otherwise it must be a JSON object.
    pub fn new(call: &Call, body: &[u8], query: Vec<(String, String)>) -> Result<Params, ApiError> {
        let body = if body.iter().all(u8::is_ascii_whitespace) {
            Map::new()
        } else {
            match crate::http::json::parse(call, body)? {
                Value::Object(m) => m,
                other => {
                    return Err(call.error(
                        StatusCode::BAD_REQUEST,
                        format!(
                            "The request body must be a JSON object ({{}} when a command has no parameters), not {}",
                            kind(&other)
                        ),
                    ));
                }
            }
        };
        Ok(Params { body, query })
    }

    /// The query's pairs (GET commands carry everything there).
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// A text parameter (strings and numbers are read as text), from the body or the query.
    pub fn text(&self, call: &Call, name: &str) -> Result<Option<String>, ApiError> {
        match self.body.get(name) {
            None | Some(Value::Null) => Ok(self
                .query
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(other) => Err(bad(
                call,
                name,
                format!("{name} must be a string, not {}", kind(other)),
            )),
        }
        .map(|v| v.filter(|s| !s.trim().is_empty()))
    }

    /// A boolean given as `true`/`false` (the seed writes `"delete" : "true"`) or a JSON boolean.
    pub fn flag(&self, call: &Call, name: &str) -> Result<bool, ApiError> {
        if let Some(Value::Bool(b)) = self.body.get(name) {
            return Ok(*b);
        }
        match self.text(call, name)? {
            None => Ok(false),
            Some(v) => match v.trim().to_ascii_lowercase().as_str() {
                "true" | "1" => Ok(true),
                "false" | "0" => Ok(false),
                _ => Err(bad(
                    call,
                    name,
                    format!("{name} must be true or false, not `{v}`"),
                )),
            },
        }
    }

    /// A whole number (milliseconds, ids) given as a number or a string of digits.
    pub fn number(&self, call: &Call, name: &str, what: &str) -> Result<Option<i64>, ApiError> {
        match self.text(call, name)? {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .map(Some)
                .ok_or_else(|| bad(call, name, format!("{name} must be {what}, not `{v}`"))),
        }
    }

    fn metadata(&self, call: &Call) -> Result<Option<BTreeMap<String, String>>, ApiError> {
        let Some(value) = self.body.get("metadata").filter(|v| !v.is_null()) else {
            return Ok(None);
        };
        let Value::Array(items) = value else {
            return Err(bad(
                call,
                "metadata",
                format!(
                    "metadata must be an array of {{\"name\", \"value\"}} objects, not {}",
                    kind(value)
                ),
            ));
        };
        let mut pairs = BTreeMap::new();
        for (i, item) in items.iter().enumerate() {
            let Value::Object(o) = item else {
                return Err(bad(
                    call,
                    "metadata",
                    format!("metadata[{i}] must be an object with name and value"),
                ));
            };
            // Seed 001 writes the key as `name`, and as `metadata-key` in the simplified API.
            let name = match o.get("name").or_else(|| o.get("metadata-key")) {
                Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
                Some(Value::String(_)) | None | Some(Value::Null) => {
                    return Err(bad(
                        call,
                        "metadata",
                        format!(
                            "metadata[{i}].name is required (the metadata key cannot be blank)"
                        ),
                    ));
                }
                Some(other) => {
                    return Err(bad(
                        call,
                        "metadata",
                        format!("metadata[{i}].name must be a string, not {}", kind(other)),
                    ));
                }
            };
            let value = match o.get("value") {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(v @ (Value::Number(_) | Value::Bool(_))) => v.to_string(),
                Some(other) => {
                    return Err(bad(
                        call,
                        "metadata",
                        format!("metadata[{i}].value must be a string, not {}", kind(other)),
                    ));
                }
            };
            pairs.insert(name, value);
        }
        Ok(Some(pairs))
    }
}

fn bad(call: &Call, field: &str, message: String) -> ApiError {
    call.error(StatusCode::BAD_REQUEST, message)
        .with_field(field)
}

/// The contact a `ccrId` names (for metadata and tag), or `None`.
pub fn ccr_id(call: &Call, params: &Params, command: Command) -> Result<Option<u64>, ApiError> {
    if !matches!(command, Command::Metadata | Command::Tag) {
        return Ok(None);
    }
    Ok(params
        .number(call, "ccrId", "a contact id (a whole number)")?
        .map(|n| n as u64))
}

/// Runs `command` for `person` and renders the answer. Metadata given as GET query pairs comes
/// in `get_metadata`.
pub fn run(
    call: &Call,
    command: Command,
    person: &Person,
    params: &Params,
    get_metadata: Option<BTreeMap<String, String>>,
) -> Result<Value, ApiError> {
    let calls = Calls::of(&call.sandbox.store);
    let now = call.now_ms();
    let pid = person.id;
    let active_only = params.flag(call, "active_call_only")?;
    let timestamp = params.number(call, "timestamp", "milliseconds since the epoch")?;
    let ccr = ccr_id(call, params, command)?;
    // Seed 001: tag, pause/resume and metadata support the timestamp parameter; the others not.
    let target = match (ccr, timestamp) {
        (Some(id), _) => Target::Contact(id),
        (None, Some(t)) => Target::At(t),
        (None, None) => Target::Current,
    };
    let outcome = match command {
        Command::Login | Command::Logout => {
            let extension = params.text(call, "extension")?.ok_or_else(|| {
                bad(
                    call,
                    "extension",
                    format!(
                        "extension is required: the {} command names the phone's extension",
                        command.upper().to_ascii_lowercase()
                    ),
                )
            })?;
            if command == Command::Login {
                calls.login(pid, extension.trim(), now)
            } else {
                calls.logout(pid, extension.trim(), now)
            }
        }
        Command::Pause => calls.pause(pid, timestamp, now),
        Command::Resume => calls.resume(pid, timestamp, now),
        Command::Segment => {
            let delete = params.flag(call, "delete")?;
            calls.segment(pid, delete, now)
        }
        Command::StartScreen => calls.start_screen(pid, now),
        Command::StopScreen => calls.stop_screen(pid, now),
        Command::Tag => calls
            .tag(pid, target, active_only, now)
            .map_err(|e| engine_error(call, e))?,
        Command::Metadata => {
            let pairs = match get_metadata {
                Some(p) => p,
                None => params.metadata(call)?.ok_or_else(|| {
                    bad(
                        call,
                        "metadata",
                        "metadata is required: an array of {\"name\", \"value\"} objects".into(),
                    )
                })?,
            };
            calls
                .metadata(pid, target, active_only, &pairs, now)
                .map_err(|e| engine_error(call, e))?
        }
        Command::CallStatus => {
            let ani = params.text(call, "ani")?;
            let dnis = params.text(call, "dnis")?;
            let (active, contact) = calls.status(pid, ani.as_deref(), dnis.as_deref(), now);
            let mut body = answer(command, person, Outcome::Done, now);
            body["callActive"] = json!(active);
            body["contactId"] = json!(contact);
            return Ok(body);
        }
    };
    Ok(answer(command, person, outcome, now))
}

fn answer(command: Command, person: &Person, outcome: Outcome, now: i64) -> Value {
    let name = format!("{} {}", person.first_name, person.last_name);
    let description = match outcome {
        Outcome::Done => format!("Command {} sent successfully for {name}", command.upper()),
        Outcome::Ignored(why) => format!(
            "Command {} ignored for {name}: {}",
            command.upper(),
            why.reason()
        ),
    };
    json!({"description": description, "personId": person.id, "timestamp": now})
}

fn engine_error(call: &Call, e: CallError) -> ApiError {
    match e {
        CallError::UnknownContact(id) => call
            .error(
                StatusCode::NOT_FOUND,
                format!("Requested contact does not exist: no contact with ccrId {id}"),
            )
            .with_field("ccrId"),
        other => call.error(StatusCode::CONFLICT, format!("{other:?}")),
    }
}
