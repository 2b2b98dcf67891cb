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
/// administrators, for whom `tenantId` does not apply (their own tenant is used).
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
    // "This field only applies to system administrator accounts. For tenant administrator
    // users, the field defaults to the user's tenant ID": a tenant administrator always gets
    // its own tenant's jobs, whatever `tenantId` says (a value that is not a number is still 400).
    let asked = number("tenantId")?;
    let tenant = match asked {
        Some(t) if t != own && system_admin(&session.record.permissions) => {
            if Org::of(&call.sandbox.store).tenants.get(&t).is_none() {
                return Err(call
                    .error(StatusCode::NOT_FOUND, format!("No tenant with id {t}"))
                    .with_field("tenantId"));
            }
            t
        }
        _ => own,
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
