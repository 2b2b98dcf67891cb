//! Seed 001 "Tenant API", "Roles API" and "Assign Roles to a Person API".

use super::{Ctx, date_field, fail, object, out_of_scope, path_id};
use crate::http::json::{kind, required_string};
use crate::http::{ApiError, Call};
use crate::vendors::webex::permission_names::{self, PERMISSIONS};
use crate::world::edit::Editor;
use crate::world::{Role, dates};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use serde_json::{Value, json};

fn tenant_json(t: &crate::world::Tenant, p: &crate::world::Profile) -> Value {
    json!({
        "id": t.id,
        "name": t.name,
        "activated": dates::to_ms(p.activated.as_deref().unwrap_or("01/01/1970")),
        "deactivated": dates::to_ms(p.deactivated.as_deref().unwrap_or(dates::NEVER)),
    })
}

/// `GET /api/rest/org/tenant`: the caller's tenant and the tenants it created.
pub async fn list(call: Call) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    Ok(Json(
        ctx.editor
            .tenants()
            .iter()
            .map(|(t, p)| tenant_json(t, p))
            .collect(),
    ))
}

/// `POST /api/rest/org/tenant`: `{name, activated, deactivated?}` (epoch milliseconds).
pub async fn create(call: Call, body: Bytes) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let req = object(&call, &body)?;
    let name = required_string(&call, &req, "name")?;
    let activated = match req.get("activated").filter(|v| !v.is_null()) {
        Some(v) => date_field(&call, "activated", v)?,
        None => {
            return Err(call
                .error(
                    StatusCode::BAD_REQUEST,
                    "activated is required (epoch milliseconds)",
                )
                .with_field("activated"));
        }
    };
    let deactivated = req
        .get("deactivated")
        .filter(|v| !v.is_null())
        .map(|v| date_field(&call, "deactivated", v))
        .transpose()?
        .filter(|d| d != dates::NEVER);
    let (t, p) = ctx
        .editor
        .create_tenant(&name, activated, deactivated)
        .map_err(|e| fail(&call, e))?;
    Ok(Json(tenant_json(&t, &p)))
}

fn permission_json(name: &str) -> Value {
    let id = PERMISSIONS.iter().find(|p| p.1 == name).map(|p| p.0);
    json!({"id": id, "name": name})
}

fn role_json(r: &Role) -> Value {
    json!({
        "id": r.id,
        "name": r.name,
        "tenantId": r.tenant_id,
        "permissions": r.permissions.iter().map(|p| permission_json(p)).collect::<Vec<_>>(),
    })
}

/// `GET /api/rest/org/role/by/tenant?tenantId=N`: `[{"id", "name"}]` of the tenant's roles;
/// `tenantId` defaults to the caller's tenant, another tenant is 403.
pub async fn roles(
    call: Call,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let query = query.map(|q| q.0).unwrap_or_default();
    if let Some((_, raw)) = query.iter().find(|(k, _)| k == "tenantId") {
        let id = path_id(&call, "tenantId", raw)?;
        if id != ctx.editor.tenant_id {
            return Err(if ctx.editor.org.tenants.get(&id).is_some() {
                out_of_scope(&call, "tenant", id)
            } else {
                call.error(StatusCode::NOT_FOUND, format!("No tenant with id {id}"))
            });
        }
    }
    Ok(Json(
        ctx.editor
            .roles()
            .iter()
            .map(|r| json!({"id": r.id, "name": r.name}))
            .collect(),
    ))
}

/// Permissions of a role request: names, or `{id, name}` objects, or ids of the catalogue.
fn permissions(call: &Call, v: &Value) -> Result<Vec<String>, ApiError> {
    let Value::Array(items) = v else {
        return Err(call
            .error(
                StatusCode::BAD_REQUEST,
                format!("permissions must be an array, not {}", kind(v)),
            )
            .with_field("permissions"));
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let by_name = |n: &str| permission_names::canonical(n.trim()).map(str::to_string);
        let by_id = |id: u64| {
            PERMISSIONS
                .iter()
                .find(|p| u64::from(p.0) == id)
                .map(|p| p.1.to_string())
        };
        let found = match item {
            Value::String(s) => by_name(s),
            Value::Number(n) => n.as_u64().and_then(by_id),
            Value::Object(o) => match (
                o.get("name").and_then(Value::as_str),
                o.get("id").and_then(Value::as_u64),
            ) {
                (Some(n), _) => by_name(n),
                (None, Some(id)) => by_id(id),
                _ => None,
            },
            _ => None,
        };
        match found {
            Some(p) if !out.contains(&p) => out.push(p),
            Some(_) => {}
            None => {
                return Err(call
                    .error(
                        StatusCode::BAD_REQUEST,
                        format!("permissions[{i}] ({item}) is not a permission (GET /api/rest/org/permissions/ lists them)"),
                    )
                    .with_field("permissions"));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// `POST /api/rest/org/role/by/tenant`: `{name, tenantId, permissions: [{id, name}]}`; answers the
/// role with its permissions (a one-element array, as the seed's example).
pub async fn create_role(call: Call, body: Bytes) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let req = object(&call, &body)?;
    let name = required_string(&call, &req, "name")?;
    let tenant = super::required_id(&call, &req, &["tenantId"])?;
    if tenant != ctx.editor.tenant_id {
        return Err(out_of_scope(&call, "tenant", tenant));
    }
    let Some(perms) = req.get("permissions").filter(|v| !v.is_null()) else {
        return Err(call
            .error(StatusCode::BAD_REQUEST, "permissions is required")
            .with_field("permissions"));
    };
    let perms = permissions(&call, perms)?;
    let role = ctx
        .editor
        .create_role(&name, perms)
        .map_err(|e| fail(&call, e))?;
    Ok(Json(json!([role_json(&role)])))
}

/// Role ids of a request: ids, names, or `{id}`/`{name}` objects of the tenant's roles.
pub fn role_ids(call: &Call, editor: &Editor, v: &Value) -> Result<Vec<u64>, ApiError> {
    let Value::Array(items) = v else {
        return Err(call
            .error(
                StatusCode::BAD_REQUEST,
                format!("roles must be an array, not {}", kind(v)),
            )
            .with_field("roles"));
    };
    let roles = editor.roles();
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let by_name = |n: &str| {
            roles
                .iter()
                .find(|r| r.name.eq_ignore_ascii_case(n.trim()))
                .map(|r| r.id)
        };
        let by_id = |id: u64| roles.iter().find(|r| r.id == id).map(|r| r.id);
        let found = match item {
            Value::String(s) => s.trim().parse().ok().and_then(by_id).or_else(|| by_name(s)),
            Value::Number(n) => n.as_u64().and_then(by_id),
            Value::Object(o) => match (
                o.get("id").and_then(Value::as_u64),
                o.get("name").and_then(Value::as_str),
            ) {
                (Some(id), _) => by_id(id),
                (None, Some(n)) => by_name(n),
                _ => None,
            },
            _ => None,
        };
        match found {
            Some(id) if !out.contains(&id) => out.push(id),
            Some(_) => {}
            None => {
                return Err(call
                    .error(
                        StatusCode::BAD_REQUEST,
                        format!("roles[{i}] ({item}) is not a role of this tenant"),
                    )
                    .with_field("roles"));
            }
        }
    }
    Ok(out)
}

/// `POST /api/rest/org/common/{personId}` ("Assign Roles to a Person API", documented
/// ambiguously): with `{"roles": [...]}` (ids, names or role objects; or the body as an array of
/// role objects) the person's roles are replaced; without, they are read. The answer is the
/// person's roles, each with the groups it applies to (the person's scope).
pub async fn assign_roles(
    call: Call,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let id = path_id(&call, "personId", &id)?;
    let mut person = ctx.editor.person(id).map_err(|e| fail(&call, e))?;
    if !ctx.sees_person(&person) {
        return Err(out_of_scope(&call, "person", id));
    }
    let parsed = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        crate::http::json::parse(&call, &body)?
    };
    let roles = match &parsed {
        Value::Array(_) => Some(parsed.clone()),
        Value::Object(o) => o.get("roles").filter(|v| !v.is_null()).cloned(),
        Value::Null => None,
        other => {
            return Err(call.error(
                StatusCode::BAD_REQUEST,
                format!(
                    "The body must be {{\"roles\": [...]}} or an array of roles, not {}",
                    kind(other)
                ),
            ));
        }
    };
    if let Some(r) = roles {
        // Reading needs ViewOrg or UpdateOrg (the catalogue's rule); changing roles UpdateOrg.
        if !super::holds(&call, "UpdateOrg") {
            return Err(call.error(
                StatusCode::FORBIDDEN,
                "Forbidden: changing a person's roles requires the permission UpdateOrg",
            ));
        }
        let ids = role_ids(&call, &ctx.editor, &r)?;
        if ids.is_empty() {
            return Err(call
                .error(StatusCode::BAD_REQUEST, "roles must name at least one role")
                .with_field("roles"));
        }
        person.role_ids = ids;
        let profile = ctx.editor.profile(person.id);
        ctx.editor
            .save_person(&person, &profile)
            .map_err(|e| fail(&call, e))?;
    }
    let groups: Vec<Value> = ctx
        .editor
        .groups()
        .iter()
        .filter(|g| person.scope.tenant || person.scope.group_ids.contains(&g.id))
        .map(|g| json!({"id": g.id, "name": g.name}))
        .collect();
    let all = ctx.editor.roles();
    Ok(Json(
        person
            .role_ids
            .iter()
            .filter_map(|rid| all.iter().find(|r| r.id == *rid))
            .map(|r| json!({"id": r.id, "name": r.name, "groups": groups}))
            .collect(),
    ))
}
