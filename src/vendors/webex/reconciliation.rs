//! Seed 001 "Jobs API": `GET /api/rest/reconciliation/jobs?limit=1&tenantId=N`, the last
//! `limit` recording reconciliation jobs. Rules live in `crate::reports::reconciliation`.

use crate::http::{ApiError, Call};
use crate::reports::reconciliation;
use crate::vendors::webex::permission_names::PERMISSIONS;
use crate::world::Org;
use axum::Json;
use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::http::StatusCode;
use serde_json::Value;

/// A system administrator holds every permission (a role with `"*"`); others are tenant
/// administrators, for whom `tenantId` is their own tenant.
fn system_admin(permissions: &[String]) -> bool {
    PERMISSIONS
        .iter()
        .all(|(_, name, _)| permissions.iter().any(|p| p == name))
}

pub async fn jobs(
    call: Call,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let query = query.map(|q| q.0).unwrap_or_default();
    let arg = |name: &str| {
        query
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let number = |name: &str| -> Result<Option<u64>, ApiError> {
        arg(name)
            .map(|v| {
                v.parse::<u64>().map_err(|_| {
                    call.error(
                        StatusCode::BAD_REQUEST,
                        format!("{name} must be a whole number, not '{v}'"),
                    )
                    .with_field(name)
                })
            })
            .transpose()
    };
    // "limit: The number of jobs to return. Default = 1".
    let limit = number("limit")?.unwrap_or(1);
    if limit == 0 {
        return Err(call
            .error(StatusCode::BAD_REQUEST, "limit must be at least 1")
            .with_field("limit"));
    }
    let session = call.session()?;
    let own = session.record.tenant_id;
    let tenant = match number("tenantId")? {
        None => own,
        Some(t) if t == own => own,
        // "This field only applies to system administrator accounts."
        Some(t) if !system_admin(&session.record.permissions) => {
            return Err(call
                .error(
                    StatusCode::FORBIDDEN,
                    format!(
                        "tenantId {t}: only a system administrator may query another tenant's jobs (yours is {own})"
                    ),
                )
                .with_field("tenantId"));
        }
        Some(t) => {
            if Org::of(&call.sandbox.store).tenants.get(&t).is_none() {
                return Err(call
                    .error(StatusCode::NOT_FOUND, format!("No tenant with id {t}"))
                    .with_field("tenantId"));
            }
            t
        }
    };
    let loaded = call.sandbox.scenario();
    let start = loaded.world.clock.as_ref().map_or(0, |c| c.now_ms);
    let first_tenant = Org::of(&call.sandbox.store)
        .tenants
        .values()
        .first()
        .map_or(own, |t| t.id);
    let all = reconciliation::jobs(
        &loaded.scenario.reconciliation,
        loaded.scenario.seed,
        start,
        first_tenant,
    );
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    Ok(Json(Value::Array(reconciliation::last(
        &all,
        tenant,
        limit,
        call.now_ms(),
    ))))
}
