//! Seed 001 "Team API", "Teams by ID (with Agents)", "Team (with Scope)".

use super::{
    Ctx, fail, holds, id_list, object, out_of_scope, path_id, permission, render, required_id,
};
use crate::http::json::required_string;
use crate::http::{ApiError, Call};
use crate::world::Team;
use axum::Json;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use serde_json::{Value, json};

pub(super) fn team_json(ctx: &Ctx, t: &Team) -> Value {
    let agents: Vec<_> = ctx
        .editor
        .persons()
        .into_iter()
        .filter(|p| p.team_id == t.id && ctx.sees_person(p))
        .collect();
    render::team_with_agents(&ctx.editor, t, &agents)
}

fn create(call: &Call, body: &[u8], needs: Option<&str>) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(call)?;
    if let Some(p) = needs
        && !holds(call, p)
    {
        return Err(call.error(
            StatusCode::FORBIDDEN,
            format!("Forbidden: you do not hold the permission {p}"),
        ));
    }
    let req = object(call, body)?;
    let name = required_string(call, &req, "name")?;
    // The Team API's example writes `parentTeamId`; the tables write `parentGroupId`.
    let group = required_id(
        call,
        &req,
        &["parentGroupId", "ParentGroupId", "parentTeamId"],
    )?;
    let users = id_list(call, "users", req.get("users"))?;
    if ctx.editor.group(group).is_ok() && !ctx.sees_group(group) {
        return Err(out_of_scope(call, "group", group));
    }
    for u in &users {
        if let Ok(p) = ctx.editor.person(*u)
            && !ctx.sees_person(&p)
        {
            return Err(out_of_scope(call, "person", *u));
        }
    }
    let t = ctx
        .editor
        .create_team(&name, group, &users)
        .map_err(|e| fail(call, e))?;
    Ok(Json(json!([team_json(&ctx, &t)])))
}

/// `POST /api/rest/org/common/team`: `{name, parentGroupId, users?}`.
pub async fn create_common(call: Call, body: Bytes) -> Result<Json<Value>, ApiError> {
    create(&call, &body, None)
}

/// `POST /api/rest/org/common/team/permission/{permission}`: `{name, ParentGroupId}`.
pub async fn scope_create(
    call: Call,
    Path(p): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let p = permission(&call, &p)?;
    create(&call, &body, Some(p))
}

/// `GET /api/rest/org/common/team/permission/{permission}`: teams in the caller's scope when it
/// holds the permission, else none.
pub async fn scope_list(call: Call, Path(p): Path<String>) -> Result<Json<Value>, ApiError> {
    let p = permission(&call, &p)?;
    let ctx = Ctx::of(&call)?;
    if !holds(&call, p) {
        return Ok(Json(json!([])));
    }
    Ok(Json(
        ctx.editor
            .teams()
            .iter()
            .filter(|t| ctx.sees_team(t.id))
            .map(render::team_summary)
            .collect(),
    ))
}

pub(super) fn visible_team(call: &Call, ctx: &Ctx, raw: &str) -> Result<Team, ApiError> {
    let id = path_id(call, "teamId", raw)?;
    let t = ctx.editor.team(id).map_err(|e| fail(call, e))?;
    if !ctx.sees_team(id) {
        return Err(out_of_scope(call, "team", id));
    }
    Ok(t)
}

/// `GET /api/rest/org/common/team/{teamId}`: the team and its agents (a one-element array, as
/// the seed's example).
pub async fn get(call: Call, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let t = visible_team(&call, &ctx, &id)?;
    Ok(Json(json!([team_json(&ctx, &t)])))
}

/// `PUT /api/rest/org/common/team/{teamId}`: `{name, parentGroupId}`, both required.
pub async fn update(
    call: Call,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let t = visible_team(&call, &ctx, &id)?;
    let req = object(&call, &body)?;
    let name = required_string(&call, &req, "name")?;
    let group = required_id(&call, &req, &["parentGroupId", "ParentGroupId"])?;
    if ctx.editor.group(group).is_ok() && !ctx.sees_group(group) {
        return Err(out_of_scope(&call, "group", group));
    }
    let t = ctx
        .editor
        .update_team(t.id, Some(&name), Some(group))
        .map_err(|e| fail(&call, e))?;
    Ok(Json(json!([team_json(&ctx, &t)])))
}

/// `DELETE /api/rest/org/common/team/{teamId}`: only a team without members.
pub async fn delete(call: Call, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let t = visible_team(&call, &ctx, &id)?;
    let t = ctx.editor.delete_team(t.id).map_err(|e| fail(&call, e))?;
    Ok(Json(json!({"id": t.id, "name": t.name})))
}
