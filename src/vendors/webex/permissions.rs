//! Seed 001 "Permissions API": `GET /api/rest/org/permissions/` lists every permission.

use super::permission_names::PERMISSIONS;
use crate::http::Call;
use axum::Json;
use schemars::JsonSchema;
use serde::Serialize;

/// One permission, as the Permissions API answers it.
#[derive(Serialize, JsonSchema)]
pub struct Permission {
    pub id: u64,
    pub name: String,
    pub description: String,
}

pub async fn list(_call: Call) -> Json<Vec<Permission>> {
    Json(
        PERMISSIONS
            .iter()
            .map(|(id, name, description)| Permission {
                id: u64::from(*id),
                name: name.to_string(),
                description: description.to_string(),
            })
            .collect(),
    )
}
