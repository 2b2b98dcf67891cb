//! Seed 001 "Permissions API": `GET /api/rest/org/permissions/` lists every permission.

use super::permission_names::PERMISSIONS;
use crate::http::Call;
use axum::Json;
use serde_json::{Value, json};

pub async fn list(_call: Call) -> Json<Value> {
    Json(
        PERMISSIONS
            .iter()
            .map(|(id, name, description)| json!({"id": id, "name": name, "description": description}))
            .collect(),
    )
}
