//! Admin verbs on a sandbox's world: health, reset, clock, scenario, sandboxes, jobs.

use super::{AdminSandbox, json_body};
use crate::AppState;
use crate::clock::{parse_rfc3339, rfc3339};
use crate::http::ApiError;
use crate::sandbox::Sandbox;
use crate::scenario;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;

pub async fn health(AdminSandbox(sb): AdminSandbox) -> Json<Value> {
    Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "sandbox": sb.name,
        "scenario": sb.scenario().name(),
        "now": rfc3339(sb.clock.now_ms()),
    }))
}

pub async fn reset(
    State(app): State<AppState>,
    AdminSandbox(sb): AdminSandbox,
) -> Result<Json<Value>, ApiError> {
    sb.reset().map_err(|e| {
        ApiError::admin(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("reset failed: {e}"),
        )
    })?;
    app.sandboxes.store().flush().await;
    Ok(Json(
        json!({"reset": sb.name, "scenario": sb.scenario().name()}),
    ))
}

fn clock_body(sb: &Sandbox) -> Json<Value> {
    let setting = sb.clock.setting();
    Json(json!({
        "now": rfc3339(setting.now_ms),
        "nowMs": setting.now_ms,
        "frozen": setting.frozen,
    }))
}

pub async fn clock(AdminSandbox(sb): AdminSandbox) -> Json<Value> {
    clock_body(&sb)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ClockChange {
    advance_ms: Option<i64>,
    set: Option<String>,
    frozen: Option<bool>,
}

/// `{"advanceMs": N}` or `{"set": "RFC3339"}`, either with an optional `"frozen"`.
pub async fn set_clock(
    State(app): State<AppState>,
    AdminSandbox(sb): AdminSandbox,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let change: ClockChange = json_body(&body)?;
    let bad = |m: &str| ApiError::admin(StatusCode::BAD_REQUEST, m);
    match (change.advance_ms, change.set) {
        (Some(_), Some(_)) => return Err(bad("give either advanceMs or set, not both")),
        (Some(ms), None) => {
            if ms < 0 {
                return Err(bad(
                    "advanceMs must not be negative: use set to move the clock back",
                ));
            }
            sb.clock.advance(ms);
            if let Some(f) = change.frozen {
                sb.clock.set(sb.clock.now_ms(), Some(f));
            }
        }
        (None, Some(text)) => {
            let ms = parse_rfc3339(&text).map_err(|e| bad(&format!("set: {e}")))?;
            sb.clock.set(ms, change.frozen);
        }
        (None, None) => match change.frozen {
            Some(f) => {
                sb.clock.set(sb.clock.now_ms(), Some(f));
            }
            None => {
                return Err(bad(
                    "give advanceMs (milliseconds) or set (an RFC 3339 time)",
                ));
            }
        },
    }
    sb.save_clock();
    app.sandboxes.store().flush().await;
    Ok(clock_body(&sb))
}

/// The YAML the sandbox was built from.
pub async fn scenario(AdminSandbox(sb): AdminSandbox) -> Response {
    (
        [(header::CONTENT_TYPE, "application/yaml")],
        sb.scenario().source.clone(),
    )
        .into_response()
}

/// Loads a YAML scenario into the sandbox (its world is rebuilt from it); an invalid one is a
/// 400 with line and column, and changes nothing.
pub async fn load_scenario(
    State(app): State<AppState>,
    AdminSandbox(sb): AdminSandbox,
    body: Bytes,
) -> Result<Json<Value>, Response> {
    let text = std::str::from_utf8(&body).map_err(|_| {
        ApiError::admin(StatusCode::BAD_REQUEST, "the scenario must be UTF-8 YAML").into_response()
    })?;
    let loaded = scenario::load("admin upload", text, None).map_err(|e| {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": e.to_string(), "line": e.line, "column": e.column})),
        )
            .into_response()
    })?;
    sb.replace(loaded.clone())
        .map_err(|e| ApiError::admin(StatusCode::INTERNAL_SERVER_ERROR, e).into_response())?;
    app.sandboxes.store().flush().await;
    Ok(Json(json!({"loaded": loaded.name(), "sandbox": sb.name})))
}

fn summary(sb: &Sandbox) -> Value {
    json!({
        "name": sb.name,
        "scenario": sb.scenario().name(),
        "now": rfc3339(sb.clock.now_ms()),
        "liveSessions": sb.sessions.live_count(),
        "transcriptLength": sb.transcript.len(),
    })
}

pub async fn sandboxes(State(app): State<AppState>) -> Json<Value> {
    let list: Vec<Value> = app
        .sandboxes
        .names()
        .iter()
        .filter_map(|n| app.sandboxes.existing(n))
        .map(|sb| summary(&sb))
        .collect();
    Json(Value::Array(list))
}

fn no_sandbox(name: &str) -> ApiError {
    ApiError::admin(StatusCode::NOT_FOUND, format!("no sandbox named `{name}`"))
}

pub async fn sandbox(
    State(app): State<AppState>,
    Path(params): Path<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let name = params.get("name").cloned().unwrap_or_default();
    let sb = app
        .sandboxes
        .existing(&name)
        .ok_or_else(|| no_sandbox(&name))?;
    Ok(Json(summary(&sb)))
}

pub async fn delete_sandbox(
    State(app): State<AppState>,
    Path(params): Path<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let name = params.get("name").cloned().unwrap_or_default();
    if !app.sandboxes.remove(&name) {
        return Err(no_sandbox(&name));
    }
    app.sandboxes.store().flush().await;
    Ok(Json(json!({"deleted": name})))
}

#[derive(Deserialize)]
pub struct JobsQuery {
    kind: Option<String>,
}

/// Jobs of the sandbox with their state now (computed from the virtual clock).
pub async fn jobs(AdminSandbox(sb): AdminSandbox, Query(q): Query<JobsQuery>) -> Json<Value> {
    let now = sb.clock.now_ms();
    let list: Vec<Value> = sb
        .jobs()
        .list(q.kind.as_deref())
        .into_iter()
        .map(|j| {
            let state = j.state_at(now);
            json!({
                "id": j.id,
                "kind": j.kind,
                "created": rfc3339(j.created_ms),
                "state": state.state,
                "since": rfc3339(state.since_ms),
                "finished": state.finished,
                "data": j.data,
                // The fault (its `/__admin/faults` id) that decided the job, if one did.
                "fault": j.fault,
            })
        })
        .collect();
    Json(Value::Array(list))
}
