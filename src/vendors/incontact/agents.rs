//! inContact agents: finding one by AgentIdentifier (seed 003), and the read side clients use
//! to check what they did: `GET /api/Agent/GetAll` and `GET /api/Agent?agentIdentifier=&value=`,
//! each agent with its call state, active call and recordings.

use crate::clock::rfc3339;
use crate::engine::calls::{CallState, Calls};
use crate::http::{ApiError, Call};
use crate::world::{Org, Person};
use axum::Json;
use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::http::StatusCode;
use serde_json::{Value, json};

/// Seed 003 "Valid values for AgentIdentifier".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Id,
    CrmUsername,
    Phone,
    SystemUsername,
    Username,
}

pub const KINDS: &str = "Id, CrmUsername, Phone, SystemUsername, Username";

impl Kind {
    /// Case-insensitive, as Json.NET reads enum names; "Agent ID" is the seed's list's wording.
    pub fn parse(text: &str) -> Option<Kind> {
        let key: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        Some(match key.as_str() {
            "id" | "agentid" => Kind::Id,
            "crmusername" => Kind::CrmUsername,
            "phone" => Kind::Phone,
            "systemusername" => Kind::SystemUsername,
            "username" => Kind::Username,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Id => "Id",
            Kind::CrmUsername => "CrmUsername",
            Kind::Phone => "Phone",
            Kind::SystemUsername => "SystemUsername",
            Kind::Username => "Username",
        }
    }
}

/// The inContact agent id: the scenario's `incontactId`, else the person id.
pub fn agent_id(p: &Person) -> String {
    p.incontact_id.clone().unwrap_or_else(|| p.id.to_string())
}

/// The inContact user name: the scenario's `incontactUsername`, else the email.
pub fn username(p: &Person) -> &str {
    p.incontact_username.as_deref().unwrap_or(&p.email)
}

/// The active person `kind` = `value` names, in id order.
pub fn find(org: &Org, kind: Kind, value: &str) -> Option<Person> {
    let value = value.trim();
    let eq = |a: Option<&str>| a.is_some_and(|a| a.eq_ignore_ascii_case(value));
    let persons: Vec<Person> = org
        .persons
        .values()
        .into_iter()
        .filter(|p| !p.deactivated)
        .collect();
    if kind == Kind::Id {
        // An explicit inContact id wins over a person id that happens to be equal.
        return persons
            .iter()
            .find(|p| p.incontact_id.as_deref() == Some(value))
            .or_else(|| {
                persons
                    .iter()
                    .find(|p| p.incontact_id.is_none() && p.id.to_string() == value)
            })
            .cloned();
    }
    persons.into_iter().find(|p| match kind {
        Kind::Id => unreachable!(),
        Kind::CrmUsername => eq(p.crm_username.as_deref()),
        Kind::Phone => p.extension.as_deref() == Some(value) || p.phone.as_deref() == Some(value),
        Kind::SystemUsername => eq(p.system_username.as_deref()),
        Kind::Username => eq(Some(username(p))),
    })
}

/// The 404 of an agent nobody matches.
pub fn not_found(call: &Call, kind: Kind, value: &str) -> ApiError {
    call.error(
        StatusCode::NOT_FOUND,
        format!("Agent not found: no agent with {} `{value}`", kind.name()),
    )
}

/// An agent as the read side shows it.
pub fn view(calls: &Calls, p: &Person, now: i64) -> Value {
    let live = calls.live_call(p.id, now);
    let state = match live.as_ref().map(|c| c.state(now)) {
        None | Some(CallState::Ended) => "Idle",
        Some(CallState::Ringing) => "Ringing",
        Some(CallState::Active) => "Active",
        Some(CallState::Paused) => "Paused",
        Some(CallState::Blackout) => "Blackout",
    };
    let active = live.as_ref().map(|c| {
        json!({
            "CallId": c.id,
            "ContactId": c.current_segment().filter(|s| !s.deleted).map(|s| s.contact_id),
            "State": state,
            "StartTime": rfc3339(c.start_ms),
            "Ani": c.ani,
            "Dnis": c.dnis,
            "Extension": c.extension,
            "Blackout": c.blackout_since.is_some(),
            "CallMetadata": c.metadata,
        })
    });
    let recordings: Vec<Value> = calls
        .calls_of(p.id, now)
        .iter()
        .flat_map(|c| {
            c.kept_segments().map(move |s| {
                json!({
                    "ContactId": s.contact_id,
                    "CallId": c.id,
                    "Segment": s.number,
                    "StartTime": rfc3339(s.start_ms),
                    "EndTime": s.end_ms.map(rfc3339),
                    "DurationMs": s.end_ms.map(|e| e - s.start_ms),
                    "Complete": s.end_ms.is_some(),
                    "Blackouts": s.events.iter().filter(|e| e.kind == "blackout").count(),
                })
            })
        })
        .collect();
    json!({
        "Id": agent_id(p),
        "FirstName": p.first_name,
        "LastName": p.last_name,
        "Username": username(p),
        "CrmUsername": p.crm_username,
        "SystemUsername": p.system_username,
        "Phone": p.phone,
        "Extension": p.extension,
        "CallState": state,
        "ActiveCall": active,
        "Recordings": recordings,
    })
}

/// `GET /incontact/api/Agent/GetAll`: every active agent, in id order.
pub async fn get_all(call: Call) -> Json<Value> {
    let org = Org::of(&call.sandbox.store);
    let calls = Calls::of(&call.sandbox.store);
    let now = call.now_ms();
    let agents: Vec<Value> = org
        .persons
        .values()
        .iter()
        .filter(|p| !p.deactivated)
        .map(|p| view(&calls, p, now))
        .collect();
    Json(Value::Array(agents))
}

/// `GET /incontact/api/Agent?agentIdentifier=Phone&value=4678` (names case-insensitive).
pub async fn get_one(
    call: Call,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(pairs) = query.map_err(|e| {
        call.error(
            StatusCode::BAD_REQUEST,
            format!("The request is invalid: {e}"),
        )
    })?;
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let (Some(kind), Some(value)) = (get("agentIdentifier"), get("value")) else {
        return Err(call.error(
            StatusCode::NOT_FOUND,
            "Agent not found: the parameters agentIdentifier and value are required",
        ));
    };
    let kind = Kind::parse(&kind).ok_or_else(|| {
        call.error(
            StatusCode::BAD_REQUEST,
            format!("The request is invalid: agentIdentifier `{kind}` is not one of {KINDS}"),
        )
    })?;
    let org = Org::of(&call.sandbox.store);
    let person = find(&org, kind, &value).ok_or_else(|| not_found(&call, kind, &value))?;
    let calls = Calls::of(&call.sandbox.store);
    Ok(Json(view(&calls, &person, call.now_ms())))
}
