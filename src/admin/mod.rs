//! The harness admin API under `/__admin` (and `/sandbox/NAME/__admin`): health, reset, clock,
//! scenario, transcript, faults, sandboxes, jobs, coverage and the OpenAPI document. Errors are `{"error": "..."}`.

mod calls;
mod conformance;
mod records;
mod world;

use crate::AppState;
use crate::gateway::{original_path, split_sandbox};
use crate::http::ApiError;
use crate::sandbox::{self, Sandbox};
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{delete, get, post};
use serde::de::DeserializeOwned;
use std::sync::Arc;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/health", get(world::health))
        .route("/reset", post(world::reset))
        .route("/clock", get(world::clock).post(world::set_clock))
        .route("/scenario", get(world::scenario).post(world::load_scenario))
        .route("/sandboxes", get(world::sandboxes))
        .route(
            "/sandboxes/{name}",
            get(world::sandbox).delete(world::delete_sandbox),
        )
        .route("/jobs", get(world::jobs))
        .route("/calls", get(calls::list).post(calls::start))
        .route("/calls/{id}/end", post(calls::end))
        .route(
            "/transcript",
            get(records::transcript).delete(records::clear_transcript),
        )
        .route(
            "/faults",
            get(records::faults)
                .post(records::add_fault)
                .delete(records::clear_faults),
        )
        .route("/faults/{id}", delete(records::remove_fault))
        .route("/coverage", get(conformance::coverage))
        .route("/openapi.json", get(conformance::openapi))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

async fn not_found(parts: Parts) -> ApiError {
    ApiError::admin(
        StatusCode::NOT_FOUND,
        format!(
            "no admin endpoint at {} {}",
            parts.method,
            original_path(&parts)
        ),
    )
}

async fn method_not_allowed(parts: Parts) -> ApiError {
    ApiError::admin(
        StatusCode::METHOD_NOT_ALLOWED,
        format!(
            "{} is not allowed on {}",
            parts.method,
            original_path(&parts)
        ),
    )
}

/// The sandbox an admin request addresses: `default`, or NAME in `/sandbox/NAME/__admin/...`,
/// created on first use like a vendor request would.
pub struct AdminSandbox(pub Arc<Sandbox>);

impl FromRequestParts<AppState> for AdminSandbox {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let path = original_path(parts);
        let (name, _) = split_sandbox(&path);
        if !sandbox::valid_name(name) {
            return Err(ApiError::admin(
                StatusCode::BAD_REQUEST,
                format!("`{name}` is not a sandbox name: names match [A-Za-z0-9._-]{{1,64}}"),
            ));
        }
        state
            .sandboxes
            .get(name)
            .map(AdminSandbox)
            .map_err(|e| ApiError::admin(StatusCode::SERVICE_UNAVAILABLE, e))
    }
}

/// Parses an admin JSON body; malformed JSON is a 400 saying where.
fn json_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        ApiError::admin(
            StatusCode::BAD_REQUEST,
            format!(
                "invalid JSON body at line {}, column {}: {}",
                e.line(),
                e.column(),
                crate::http::json::serde_reason(&e)
            ),
        )
    })
}
