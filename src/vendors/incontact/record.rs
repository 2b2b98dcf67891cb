//! Seed 003 recording commands: `POST /api/Record/StartForAgent`, `UpdateForAgent`
//! (`CallMetadata`), `StopForAgent`, `/api/Blackout/StartForAgent`, `StopForAgent`, each with
//! `{"AgentIdentifier", "Value"}`. 200 answers the agent as `GET /api/Agent` shows it; 404 when
//! "Requested item (agent, device) could not be located due to missing body parameter(s), does
//! not currently exist in the API tracker(s), or nothing was found that matched the criteria".
//! Bodies bind as ASP.NET Web API binds them: property names case-insensitive, a number read as
//! text; JSON that cannot be read, or an AgentIdentifier that is not one of the five, is 400.

use super::agents::{self, KINDS, Kind};
use crate::engine::calls::{CallError, Calls, NewCall, Origin, Outcome, Target, Why};
use crate::http::json::kind;
use crate::http::{ApiError, Call};
use crate::world::{Org, Person};
use axum::Json;
use axum::body::Bytes;
use axum::http::StatusCode;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// `POST /api/Record/StartForAgent`: starts recording a call of the agent (404 when the agent
/// is already recording one).
pub async fn start(call: Call, body: Bytes) -> Result<Json<Value>, ApiError> {
    let (body, person) = agent(&call, &body)?;
    drop(body);
    let calls = Calls::of(&call.sandbox.store);
    let now = call.now_ms();
    let new = NewCall {
        person_id: person.id,
        extension: person.extension.clone().or_else(|| person.phone.clone()),
        ..NewCall::default()
    };
    match calls.start(new, now) {
        Ok(started) => calls.set_origin(started.id, Origin::InContact),
        Err(CallError::Busy(id)) => {
            return Err(call.error(
                StatusCode::NOT_FOUND,
                format!(
                    "Agent {} is already recording a call (call {id}): stop it first",
                    agents::agent_id(&person)
                ),
            ));
        }
        Err(other) => {
            return Err(call.error(StatusCode::NOT_FOUND, format!("{other:?}")));
        }
    }
    Ok(Json(agents::view(&calls, &person, now)))
}

/// `POST /api/Record/UpdateForAgent` with `CallMetadata` (`{"user2": "1234567890"}`): sets
/// those fields of the agent's call in progress.
pub async fn update(call: Call, body: Bytes) -> Result<Json<Value>, ApiError> {
    let (body, person) = agent(&call, &body)?;
    let metadata = match field(&body, "CallMetadata") {
        None | Some(Value::Null) => {
            return Err(call.error(
                StatusCode::NOT_FOUND,
                "Call not updated: the body parameter CallMetadata is missing",
            ));
        }
        Some(Value::Object(m)) => text_map(&call, m)?,
        Some(other) => {
            return Err(invalid(
                &call,
                format!(
                    "CallMetadata must be an object of field names and values, not {}",
                    kind(other)
                ),
            ));
        }
    };
    let calls = Calls::of(&call.sandbox.store);
    let now = call.now_ms();
    match calls.metadata(person.id, Target::Current, true, &metadata, now) {
        Ok(Outcome::Done) => Ok(Json(agents::view(&calls, &person, now))),
        _ => Err(no_call(&call, &person)),
    }
}

/// `POST /api/Record/StopForAgent`: ends the agent's call; it becomes a contact.
pub async fn stop(call: Call, body: Bytes) -> Result<Json<Value>, ApiError> {
    let (_, person) = agent(&call, &body)?;
    let calls = Calls::of(&call.sandbox.store);
    let now = call.now_ms();
    calls
        .end_for(person.id, now)
        .map_err(|_| no_call(&call, &person))?;
    Ok(Json(agents::view(&calls, &person, now)))
}

/// `POST /api/Blackout/StartForAgent`: blacks the recording out until stopped (again while
/// blacked out: nothing changes).
pub async fn blackout_start(call: Call, body: Bytes) -> Result<Json<Value>, ApiError> {
    blackout(call, body, true).await
}

/// `POST /api/Blackout/StopForAgent` (again when not blacked out: nothing changes).
pub async fn blackout_stop(call: Call, body: Bytes) -> Result<Json<Value>, ApiError> {
    blackout(call, body, false).await
}

async fn blackout(call: Call, body: Bytes, start: bool) -> Result<Json<Value>, ApiError> {
    let (_, person) = agent(&call, &body)?;
    let calls = Calls::of(&call.sandbox.store);
    let now = call.now_ms();
    let outcome = if start {
        calls.blackout_start(person.id, now)
    } else {
        calls.blackout_stop(person.id, now)
    };
    match outcome {
        Outcome::Ignored(Why::NoActiveCall | Why::NotAnswered) => Err(no_call(&call, &person)),
        _ => Ok(Json(agents::view(&calls, &person, now))),
    }
}

fn no_call(call: &Call, person: &Person) -> ApiError {
    call.error(
        StatusCode::NOT_FOUND,
        format!(
            "No call found: agent {} has no call being recorded",
            agents::agent_id(person)
        ),
    )
}

/// The body's property `name`, matched case-insensitively.
fn field<'a>(body: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    body.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

fn invalid(call: &Call, message: String) -> ApiError {
    call.error(
        StatusCode::BAD_REQUEST,
        format!("The request is invalid: {message}"),
    )
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn text_map(call: &Call, m: &Map<String, Value>) -> Result<BTreeMap<String, String>, ApiError> {
    m.iter()
        .map(|(k, v)| match v {
            Value::Null => Ok((k.clone(), String::new())),
            v => text(v).map(|t| (k.clone(), t)).ok_or_else(|| {
                invalid(
                    call,
                    format!("CallMetadata.{k} must be text, not {}", kind(v)),
                )
            }),
        })
        .collect()
}

/// Reads `{"AgentIdentifier", "Value"}` and finds the agent.
fn agent(call: &Call, body: &[u8]) -> Result<(Map<String, Value>, Person), ApiError> {
    let missing = |what: &str| {
        call.error(
            StatusCode::NOT_FOUND,
            format!("Agent not found: the body parameter {what} is missing"),
        )
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(missing("AgentIdentifier"));
    }
    let parsed: Value = serde_json::from_slice(body).map_err(|e| {
        invalid(
            call,
            format!(
                "the body is not JSON (line {}, column {}: {})",
                e.line(),
                e.column(),
                crate::http::json::serde_reason(&e)
            ),
        )
    })?;
    let Value::Object(obj) = parsed else {
        return Err(invalid(
            call,
            format!(
                "the body must be an object with AgentIdentifier and Value, not {}",
                kind(&parsed)
            ),
        ));
    };
    let kind_text = match field(&obj, "AgentIdentifier") {
        None | Some(Value::Null) => return Err(missing("AgentIdentifier")),
        Some(Value::String(s)) if s.trim().is_empty() => return Err(missing("AgentIdentifier")),
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(invalid(
                call,
                format!(
                    "AgentIdentifier must be one of {KINDS}, not {}",
                    kind(other)
                ),
            ));
        }
    };
    let kind = Kind::parse(&kind_text).ok_or_else(|| {
        invalid(
            call,
            format!("AgentIdentifier `{kind_text}` is not one of {KINDS}"),
        )
    })?;
    let value = match field(&obj, "Value") {
        None | Some(Value::Null) => return Err(missing("Value")),
        Some(v) => match text(v) {
            Some(t) if t.trim().is_empty() => return Err(missing("Value")),
            Some(t) => t,
            None => {
                return Err(invalid(
                    call,
                    format!("Value must be text, not {}", crate::http::json::kind(v)),
                ));
            }
        },
    };
    let org = Org::of(&call.sandbox.store);
    let person =
        agents::find(&org, kind, &value).ok_or_else(|| agents::not_found(call, kind, &value))?;
    Ok((obj, person))
}
