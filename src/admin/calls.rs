//! Admin verbs of the call engine: `POST /__admin/calls` starts a call for an agent,
//! `POST /__admin/calls/{id}/end` ends it, `GET /__admin/calls` lists every call with its state.

use super::{AdminSandbox, json_body};
use crate::engine::calls::{Call, CallError, Calls, NewCall};
use crate::http::ApiError;
use crate::vendors::incontact::agents::{self, Kind};
use crate::world::{Org, Person};
use axum::Json;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct StartBody {
    /// Any identifier of the person: id, `domain\user`, email, ACD id, or an inContact one.
    agent: Option<String>,
    ani: Option<String>,
    dnis: Option<String>,
    extension: Option<String>,
    device: Option<String>,
    /// `inbound` or `outbound`.
    direction: Option<String>,
    #[serde(default)]
    ring_ms: i64,
    duration_ms: Option<i64>,
    #[serde(default)]
    tagged: bool,
    #[serde(default)]
    metadata: BTreeMap<String, String>,
}

fn bad(message: impl Into<String>) -> ApiError {
    ApiError::admin(StatusCode::BAD_REQUEST, message)
}

/// The person an admin names: seed 001's formats, then the inContact identifiers.
fn find_agent(org: &Org, name: &str) -> Option<Person> {
    org.resolve_person(None, name).or_else(|| {
        [
            Kind::Id,
            Kind::Phone,
            Kind::CrmUsername,
            Kind::SystemUsername,
            Kind::Username,
        ]
        .into_iter()
        .find_map(|k| agents::find(org, k, name))
    })
}

/// The call as the admin API shows it: its record plus `state` now.
pub fn render(call: &Call, now: i64) -> Value {
    let mut v = serde_json::to_value(call).unwrap_or(Value::Null);
    v["state"] = json!(call.state(now).as_str());
    v
}

pub async fn start(
    AdminSandbox(sb): AdminSandbox,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let b: StartBody = json_body(&body)?;
    let org = Org::of(&sb.store);
    let calls = Calls::of(&sb.store);
    let person_id = match (&b.agent, &b.extension) {
        (Some(a), _) => {
            find_agent(&org, a)
                .ok_or_else(|| {
                    ApiError::admin(
                        StatusCode::NOT_FOUND,
                        format!("agent `{a}` matches no person"),
                    )
                })?
                .id
        }
        (None, Some(ext)) => calls.person_on_extension(ext).ok_or_else(|| {
            ApiError::admin(
                StatusCode::NOT_FOUND,
                format!("nobody is on extension `{ext}` (no login, device or person extension)"),
            )
        })?,
        (None, None) => return Err(bad("agent is required (or an extension someone is on)")),
    };
    let direction = match b
        .direction
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None => None,
        Some("inbound") => Some(0),
        Some("outbound") => Some(1),
        Some(other) => {
            return Err(bad(format!(
                "direction must be inbound or outbound, not `{other}`"
            )));
        }
    };
    if b.ring_ms < 0 || b.duration_ms.is_some_and(|d| d < 0) {
        return Err(bad("ringMs and durationMs must not be negative"));
    }
    let extension = b.extension.clone().or_else(|| {
        calls
            .extensions_of(person_id)
            .into_iter()
            .next()
            .or_else(|| org.persons.get(&person_id).and_then(|p| p.extension))
    });
    let new = NewCall {
        person_id,
        ani: b.ani,
        dnis: b.dnis,
        extension,
        device: b.device,
        direction,
        ring_ms: b.ring_ms,
        duration_ms: b.duration_ms,
        tagged: b.tagged,
        metadata: b.metadata,
    };
    let now = sb.clock.now_ms();
    match calls.start(new, now) {
        Ok(call) => Ok((StatusCode::CREATED, Json(render(&call, now)))),
        Err(CallError::Busy(id)) => Err(ApiError::admin(
            StatusCode::CONFLICT,
            format!("person {person_id} is already on call {id}: end it first"),
        )),
        Err(e) => Err(ApiError::admin(StatusCode::CONFLICT, format!("{e:?}"))),
    }
}

pub async fn end(
    AdminSandbox(sb): AdminSandbox,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id: u64 = id
        .parse()
        .map_err(|_| bad(format!("call id must be a whole number, not `{id}`")))?;
    let now = sb.clock.now_ms();
    match Calls::of(&sb.store).end(id, now) {
        Ok(call) => Ok(Json(render(&call, now))),
        Err(CallError::UnknownCall(_)) => Err(ApiError::admin(
            StatusCode::NOT_FOUND,
            format!("no call with id {id}"),
        )),
        Err(CallError::AlreadyEnded(_)) => Err(ApiError::admin(
            StatusCode::CONFLICT,
            format!("call {id} has already ended"),
        )),
        Err(e) => Err(ApiError::admin(StatusCode::CONFLICT, format!("{e:?}"))),
    }
}

pub async fn list(AdminSandbox(sb): AdminSandbox) -> Json<Value> {
    let now = sb.clock.now_ms();
    let calls: Vec<Value> = Calls::of(&sb.store)
        .all(now)
        .iter()
        .map(|c| render(c, now))
        .collect();
    Json(Value::Array(calls))
}
