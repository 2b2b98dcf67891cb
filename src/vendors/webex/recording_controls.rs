//! Seed 001 "Recording Controls API": `POST /api/rest/recordingcontrols/{command}` and
//! `POST /api/rest/recordingcontrols/user/{personId}/{command}`. The command applies to the
//! authenticated user, or to the person named by `personId` (id, `domain\user` or email; it
//! must be in the caller's scope), `deviceName` (a device association) or `acdId` +
//! `acdServerId`. The commands themselves are in `recording_controls_commands`.

use super::recording_controls_commands::{self as rc, Command, Params};
use crate::contacts::Contacts;
use crate::http::{ApiError, Call};
use crate::world::{Org, Person};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use serde_json::Value;

type QueryPairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// `POST /api/rest/recordingcontrols/{command}`.
pub async fn command(
    call: Call,
    path: Result<Path<String>, PathRejection>,
    query: QueryPairs,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let Path(command) = path.map_err(|e| bad_path(&call, e))?;
    handle(&call, None, &command, query, &body).map(Json)
}

/// `POST /api/rest/recordingcontrols/user/{personId}/{command}`.
pub async fn user_command(
    call: Call,
    path: Result<Path<(String, String)>, PathRejection>,
    query: QueryPairs,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let Path((person, command)) = path.map_err(|e| bad_path(&call, e))?;
    handle(&call, Some(&person), &command, query, &body).map(Json)
}

fn bad_path(call: &Call, e: PathRejection) -> ApiError {
    call.error(StatusCode::BAD_REQUEST, format!("Invalid path: {e}"))
}

/// Query pairs, or a 400 when the query string cannot be decoded.
pub fn query_pairs(call: &Call, query: QueryPairs) -> Result<Vec<(String, String)>, ApiError> {
    query.map(|Query(q)| q).map_err(|e| {
        call.error(
            StatusCode::BAD_REQUEST,
            format!("Invalid query string: {e}"),
        )
    })
}

fn handle(
    call: &Call,
    path_person: Option<&str>,
    command_name: &str,
    query: QueryPairs,
    body: &[u8],
) -> Result<Value, ApiError> {
    let command =
        Command::parse(command_name).ok_or_else(|| rc::unknown_command(call, command_name))?;
    let params = Params::new(call, body, query_pairs(call, query)?)?;
    let org = Org::of(&call.sandbox.store);
    let session = call.session()?;
    let caller = org.persons.get(&session.record.person_id).ok_or_else(|| {
        call.error(
            StatusCode::UNAUTHORIZED,
            "Not authorized: the session's user no longer exists",
        )
    })?;
    let mut person = target_person(call, &org, &caller, path_person, &params)?;
    // `ccrId` names a finished contact: its agent must be in the caller's scope too.
    if let Some(id) = rc::ccr_id(call, &params, command)? {
        let contact = Contacts::of(&call.sandbox.store).get(id).ok_or_else(|| {
            call.error(
                StatusCode::NOT_FOUND,
                format!("Requested contact does not exist: no contact with ccrId {id}"),
            )
            .with_field("ccrId")
        })?;
        if let Some(agent) = contact.agent_id.and_then(|a| org.persons.get(&a)) {
            in_scope(call, &org, &caller, &agent, "ccrId")?;
            person = agent;
        }
    }
    rc::run(call, command, &person, &params, None)
}

/// The person a command is for (seed 001 query parameters `personId`, `acdId`/`acdServerId`
/// and body `deviceName`), else the authenticated user.
fn target_person(
    call: &Call,
    org: &Org,
    caller: &Person,
    path_person: Option<&str>,
    params: &Params,
) -> Result<Person, ApiError> {
    let tenant = Some(caller.tenant_id);
    let (person, field) = if let Some(id) = path_person
        .map(str::to_string)
        .or(params.text(call, "personId")?)
    {
        let p = org.resolve_person(tenant, &id).ok_or_else(|| {
            call.error(
                StatusCode::NOT_FOUND,
                format!(
                    "Person not found: no person matches personId `{id}` (a person id, domain\\user or email)"
                ),
            )
            .with_field("personId")
        })?;
        (p, "personId")
    } else if let Some(p) = by_device(call, org, tenant, params)? {
        (p, "deviceName")
    } else if let Some(p) = by_acd(call, org, tenant, params)? {
        (p, "acdId")
    } else {
        return Ok(caller.clone());
    };
    in_scope(call, org, caller, &person, field)?;
    Ok(person)
}

fn in_scope(
    call: &Call,
    org: &Org,
    caller: &Person,
    target: &Person,
    field: &str,
) -> Result<(), ApiError> {
    if org.can_view(caller, target) {
        Ok(())
    } else {
        Err(call
            .error(
                StatusCode::FORBIDDEN,
                format!(
                    "Forbidden: person {} ({field}) is not in the scope of {}",
                    target.id, caller.email
                ),
            )
            .with_field(field))
    }
}

/// `deviceName`: the person the device is associated with ("Device Associations").
pub fn by_device(
    call: &Call,
    org: &Org,
    tenant: Option<u64>,
    params: &Params,
) -> Result<Option<Person>, ApiError> {
    let Some(name) = params.text(call, "deviceName")? else {
        return Ok(None);
    };
    let calls = crate::engine::calls::Calls::of(&call.sandbox.store);
    calls
        .device(tenant, &name)
        .and_then(|d| org.persons.get(&d.person_id))
        .filter(|p| tenant.is_none_or(|t| p.tenant_id == t))
        .map(Some)
        .ok_or_else(|| {
            call.error(
                StatusCode::NOT_FOUND,
                format!("Person not found: no device association for deviceName `{name}`"),
            )
            .with_field("deviceName")
        })
}

/// `acdId` with `acdServerId` ("The acdServerId parameter is required if you use the acdId
/// parameter"); `acdServerType` is accepted and not needed to find the agent.
pub fn by_acd(
    call: &Call,
    org: &Org,
    tenant: Option<u64>,
    params: &Params,
) -> Result<Option<Person>, ApiError> {
    let acd_id = params.text(call, "acdId")?;
    let server = params.text(call, "acdServerId")?;
    let acd_id = match (acd_id, &server) {
        (None, None) => return Ok(None),
        (None, Some(_)) => {
            return Err(call
                .error(
                    StatusCode::BAD_REQUEST,
                    "acdId is required with acdServerId: together they identify the agent",
                )
                .with_field("acdId"));
        }
        (Some(_), None) => {
            return Err(call
                .error(
                    StatusCode::BAD_REQUEST,
                    "acdServerId is required if you use the acdId parameter",
                )
                .with_field("acdServerId"));
        }
        (Some(a), Some(_)) => a,
    };
    let server = server.unwrap_or_default();
    org.persons
        .find(|p| {
            tenant.is_none_or(|t| p.tenant_id == t)
                && p.acd_id.as_deref() == Some(acd_id.trim())
                && p.acd_server_id.as_deref() == Some(server.trim())
        })
        .map(Some)
        .ok_or_else(|| {
            call.error(
                StatusCode::NOT_FOUND,
                format!(
                    "Person not found: no agent with acdId `{acd_id}` on acdServerId `{server}`"
                ),
            )
            .with_field("acdId")
        })
}
