//! Admin verbs on what a sandbox recorded and injects: transcript and faults.

use super::{AdminSandbox, json_body};
use crate::engine::faults::FaultSpec;
use crate::http::ApiError;
use crate::transcript::export::{self, Format};
use crate::transcript::normalise::Options;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;

#[derive(Deserialize)]
pub struct TranscriptQuery {
    format: Option<String>,
    normalise: Option<String>,
    normalize: Option<String>,
}

/// `GET /__admin/transcript?format=jsonl|har|yaml&normalise=true`.
pub async fn transcript(
    AdminSandbox(sb): AdminSandbox,
    Query(q): Query<TranscriptQuery>,
) -> Result<Response, ApiError> {
    let format = Format::parse(q.format.as_deref().unwrap_or("jsonl"))
        .map_err(|e| ApiError::admin(StatusCode::BAD_REQUEST, e))?;
    let normalise = match q.normalise.or(q.normalize).as_deref() {
        None | Some("false") | Some("0") => false,
        Some("true") | Some("1") | Some("") => true,
        Some(other) => {
            return Err(ApiError::admin(
                StatusCode::BAD_REQUEST,
                format!("normalise must be true or false, not `{other}`"),
            ));
        }
    };
    let options = normalise.then(|| Options {
        clock_running: !sb.clock.setting().frozen,
    });
    let text = export::render_with(&sb.transcript.exchanges(&sb.sessions), format, options);
    Ok(([(header::CONTENT_TYPE, format.content_type())], text).into_response())
}

pub async fn clear_transcript(AdminSandbox(sb): AdminSandbox) -> Json<Value> {
    let removed = sb.transcript.len();
    sb.transcript.clear();
    Json(json!({"cleared": removed}))
}

pub async fn faults(AdminSandbox(sb): AdminSandbox) -> Json<Value> {
    Json(json!(sb.faults.list()))
}

/// Adds one fault, or several when the body is an array.
pub async fn add_fault(
    AdminSandbox(sb): AdminSandbox,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let value: Value = json_body(&body)?;
    let many = value.is_array();
    let specs: Vec<FaultSpec> = match value {
        Value::Array(items) => items
            .into_iter()
            .map(parse_fault)
            .collect::<Result<_, _>>()?,
        one => vec![parse_fault(one)?],
    };
    let added: Vec<Value> = specs.into_iter().map(|s| json!(sb.faults.add(s))).collect();
    let body = if many {
        Value::Array(added)
    } else {
        added.into_iter().next().unwrap_or(Value::Null)
    };
    Ok((StatusCode::CREATED, Json(body)))
}

fn parse_fault(v: Value) -> Result<FaultSpec, ApiError> {
    let spec: FaultSpec = serde_json::from_value(v.clone()).map_err(|e| {
        // serde names no field for a wrong type: find the member that fails on its own.
        let field = v.as_object().and_then(|o| {
            o.iter().find_map(|(k, x)| {
                let alone = Value::Object([(k.clone(), x.clone())].into_iter().collect());
                serde_json::from_value::<FaultSpec>(alone)
                    .is_err()
                    .then(|| format!("`{k}`: "))
            })
        });
        let field = field.unwrap_or_default();
        ApiError::admin(
            StatusCode::BAD_REQUEST,
            format!("invalid fault: {field}{e}"),
        )
    })?;
    spec.validate()
        .map_err(|e| ApiError::admin(StatusCode::BAD_REQUEST, format!("invalid fault: {e}")))?;
    Ok(spec)
}

pub async fn clear_faults(AdminSandbox(sb): AdminSandbox) -> Json<Value> {
    let removed = sb.faults.list().len();
    sb.faults.clear();
    Json(json!({"cleared": removed}))
}

pub async fn remove_fault(
    AdminSandbox(sb): AdminSandbox,
    Path(params): Path<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let id = params.get("id").cloned().unwrap_or_default();
    let id: u64 = id.parse().map_err(|_| {
        ApiError::admin(
            StatusCode::BAD_REQUEST,
            format!("fault id `{id}` is not a number"),
        )
    })?;
    if sb.faults.remove(id) {
        Ok(Json(json!({"deleted": id})))
    } else {
        Err(ApiError::admin(
            StatusCode::NOT_FOUND,
            format!("no fault with id {id}"),
        ))
    }
}
