//! Admin verbs of the conformance kit: `GET /__admin/coverage` and `GET /__admin/openapi.json`.

use super::AdminSandbox;
use crate::coverage::{self, Format};
use crate::http::ApiError;
use axum::Json;
use axum::extract::Query;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
pub struct CoverageQuery {
    format: Option<String>,
}

/// `GET /__admin/coverage?format=json|table|markdown`: the sandbox's transcript against the
/// documented cases of every endpoint.
pub async fn coverage(
    AdminSandbox(sb): AdminSandbox,
    Query(q): Query<CoverageQuery>,
) -> Result<Response, ApiError> {
    let format = Format::parse(q.format.as_deref().unwrap_or("json"))
        .map_err(|e| ApiError::admin(StatusCode::BAD_REQUEST, e))?;
    let exchanges: Vec<Value> = sb
        .transcript
        .exchanges(&sb.sessions)
        .iter()
        .map(|e| serde_json::to_value(e).expect("exchanges serialise"))
        .collect();
    let text = coverage::render(&coverage::report(&exchanges), format);
    Ok(([(header::CONTENT_TYPE, format.content_type())], text).into_response())
}

#[derive(Deserialize)]
pub struct OpenApiQuery {
    vendor: Option<String>,
}

/// `GET /__admin/openapi.json[?vendor=V]`.
pub async fn openapi(Query(q): Query<OpenApiQuery>) -> Result<Json<Value>, ApiError> {
    let vendor = q
        .vendor
        .as_deref()
        .map(crate::openapi::vendor)
        .transpose()
        .map_err(|e| ApiError::admin(StatusCode::BAD_REQUEST, e))?;
    Ok(Json(crate::openapi::document(vendor)))
}
