//! Seed 001 "Simplified Recording Controls API" on the data server (`/dataserver/api/...`): the
//! recording-control commands by GET (parameters in the query) and POST (JSON body), with the
//! agent identified by `acdId` + `acdServerId` and no session (the data server's trust), and
//! `GET /api/rest/system/tenant` as the health check.

use super::recording_controls::{by_acd, by_device, query_pairs};
use super::recording_controls_commands::{self as rc, Command, Params};
use crate::http::{ApiError, Call};
use crate::world::{Org, Person};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Query parameters that are not metadata in a GET `metadata` command.
const CONTROLS: &[&str] = &[
    "acdId",
    "acdServerId",
    "acdServerType",
    "deviceName",
    "active_call_only",
    "ccrId",
    "timestamp",
    "delete",
    "extension",
    "ani",
    "dnis",
    "metadata",
];

type QueryPairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// `GET /dataserver/api/rest/recordingcontrols/{command}?acdId=..&acdServerId=..`. For
/// `metadata`, every other query parameter is one `name=value` pair.
pub async fn get_command(
    call: Call,
    path: Result<Path<String>, PathRejection>,
    query: QueryPairs,
) -> Result<Json<Value>, ApiError> {
    let name = command_name(&call, path)?;
    let command = Command::parse(&name).ok_or_else(|| rc::unknown_command(&call, &name))?;
    let params = Params::new(&call, b"", query_pairs(&call, query)?)?;
    let metadata = (command == Command::Metadata).then(|| get_metadata(&params));
    if metadata.as_ref().is_some_and(BTreeMap::is_empty) {
        return Err(call
            .error(
                StatusCode::BAD_REQUEST,
                "metadata is required: add name=value query parameters (besides acdId and acdServerId)",
            )
            .with_field("metadata"));
    }
    let person = agent(&call, &params)?;
    rc::run(&call, command, &person, &params, metadata).map(Json)
}

/// `POST /dataserver/api/rest/recordingcontrols/{command}` with `{"acdServerId", "acdId", ...}`.
pub async fn post_command(
    call: Call,
    path: Result<Path<String>, PathRejection>,
    query: QueryPairs,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let name = command_name(&call, path)?;
    let command = Command::parse(&name).ok_or_else(|| rc::unknown_command(&call, &name))?;
    let params = Params::new(&call, &body, query_pairs(&call, query)?)?;
    let person = agent(&call, &params)?;
    rc::run(&call, command, &person, &params, None).map(Json)
}

/// `GET /dataserver/api/rest/system/tenant`: the data server's tenant, answered while it is up.
pub async fn tenant(call: Call) -> Result<Json<Value>, ApiError> {
    let org = Org::of(&call.sandbox.store);
    let tenant = org.tenants.values().into_iter().next().ok_or_else(|| {
        call.error(
            StatusCode::SERVICE_UNAVAILABLE,
            "The data server has no tenant configured (the scenario declares none)",
        )
    })?;
    Ok(Json(json!({"id": tenant.id, "name": tenant.name})))
}

fn command_name(
    call: &Call,
    path: Result<Path<String>, PathRejection>,
) -> Result<String, ApiError> {
    path.map(|Path(p)| p)
        .map_err(|e| call.error(StatusCode::BAD_REQUEST, format!("Invalid path: {e}")))
}

fn get_metadata(params: &Params) -> BTreeMap<String, String> {
    params
        .query()
        .iter()
        .filter(|(k, _)| !CONTROLS.contains(&k.as_str()) && !k.trim().is_empty())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The agent: `acdId` + `acdServerId` (or a `deviceName`), in any tenant of the data server.
fn agent(call: &Call, params: &Params) -> Result<Person, ApiError> {
    let org = Org::of(&call.sandbox.store);
    if let Some(p) = by_device(call, &org, None, params)? {
        return Ok(p);
    }
    by_acd(call, &org, None, params)?.ok_or_else(|| {
        call.error(
            StatusCode::BAD_REQUEST,
            "acdId and acdServerId are required: the data server identifies the agent by them",
        )
        .with_field("acdId")
    })
}
