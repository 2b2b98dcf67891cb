//! Seed 001 "Common Group API", "Organizational Structure Common API (Drill-down Information)",
//! "Group API", "Group (with Scope) API", "Group by ID (with Teams)", "Group-Person API".

use super::{
    Ctx, date_field, fail, first_of, holds, id_list, object, out_of_scope, path_id, permission,
    render, required_id,
};
use crate::http::json::{opt_string, required_string};
use crate::http::{ApiError, Call};
use crate::world::edit::Parent;
use axum::Json;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use serde_json::{Value, json};

/// A parent the caller may create under: the tenant needs full scope, a group must be visible.
fn check_parent(call: &Call, ctx: &Ctx, parent: u64) -> Result<(), ApiError> {
    match ctx
        .editor
        .parent(parent, "parentGroupId")
        .map_err(|e| fail(call, e))?
    {
        Parent::Tenant if ctx.visible_teams().is_some() => Err(call.error(
            StatusCode::FORBIDDEN,
            "Forbidden: only a user with the whole tenant in scope can create a top-level group",
        )),
        Parent::Group(g) if !ctx.sees_group(g.id) => Err(out_of_scope(call, "group", g.id)),
        _ => Ok(()),
    }
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
    let parent = required_id(call, &req, &["parentGroupId", "ParentGroupId"])?;
    let teams = id_list(call, "teams", req.get("teams"))?;
    let activated = req
        .get("activated")
        .filter(|v| !v.is_null())
        .map(|v| date_field(call, "activated", v))
        .transpose()?;
    let deactivated = req
        .get("deactivated")
        .filter(|v| !v.is_null())
        .map(|v| date_field(call, "deactivated", v))
        .transpose()?;
    check_parent(call, &ctx, parent)?;
    if let Some(t) = teams.iter().find(|t| !ctx.sees_team(**t)) {
        return Err(out_of_scope(call, "team", *t));
    }
    let g = ctx
        .editor
        .create_group(&name, parent, &teams, activated, deactivated)
        .map_err(|e| fail(call, e))?;
    Ok(Json(render::group_with_teams(
        &ctx.editor,
        &g,
        &ctx.editor.teams(),
    )))
}

/// `POST /api/rest/org/common/group`: `{name, parentGroupId, teams?}`.
pub async fn common_create(call: Call, body: Bytes) -> Result<Json<Value>, ApiError> {
    create(&call, &body, None)
}

/// `POST /api/rest/org/common/group/permission/{permission}`: the same, for a caller holding
/// the permission.
pub async fn scope_create(
    call: Call,
    Path(p): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let p = permission(&call, &p)?;
    create(&call, &body, Some(p))
}

/// `GET /api/rest/org/common/group/permission/{permission}`: the groups in the caller's scope
/// when it holds the permission, else none.
pub async fn scope_list(call: Call, Path(p): Path<String>) -> Result<Json<Value>, ApiError> {
    let p = permission(&call, &p)?;
    let ctx = Ctx::of(&call)?;
    if !holds(&call, p) {
        return Ok(Json(json!([])));
    }
    Ok(Json(
        ctx.editor
            .groups()
            .iter()
            .filter(|g| ctx.sees_group(g.id))
            .map(render::group_summary)
            .collect(),
    ))
}

/// `GET /api/rest/org/common/common/permission/{permission}`: groups, their teams and the teams'
/// agents, within the caller's scope.
pub async fn drilldown(call: Call, Path(p): Path<String>) -> Result<Json<Value>, ApiError> {
    let p = permission(&call, &p)?;
    let ctx = Ctx::of(&call)?;
    if !holds(&call, p) {
        return Ok(Json(json!([])));
    }
    let e = &ctx.editor;
    let tenant = e.org.tenants.get(&e.tenant_id);
    let groups = e.groups();
    let teams = e.teams();
    let persons = e.persons();
    let out: Vec<Value> = groups
        .iter()
        .filter(|g| ctx.sees_group(g.id))
        .map(|g| {
            let parent = render::parent_id(e, g);
            let parent_name = match g.parent_id {
                Some(pid) => groups.iter().find(|x| x.id == pid).map(|x| x.name.clone()),
                None => tenant.as_ref().map(|t| t.name.clone()),
            };
            let team_list: Vec<Value> = teams
                .iter()
                .filter(|t| t.group_id == g.id && ctx.sees_team(t.id))
                .map(|t| {
                    let agents: Vec<Value> = persons
                        .iter()
                        .filter(|a| a.team_id == t.id)
                        .map(|a| render::drill_agent(a, &e.profile(a.id)))
                        .collect();
                    json!({
                        "groupId": t.id,
                        "name": t.name,
                        "displayId": t.id,
                        "parentGroupId": g.id,
                        "parentGroupName": g.name,
                        "agents": agents,
                    })
                })
                .collect();
            json!({
                "groupId": g.id,
                "name": g.name,
                "displayId": g.id,
                "parentGroupId": parent,
                "parentGroupName": parent_name,
                "teams": team_list,
            })
        })
        .collect();
    Ok(Json(Value::Array(out)))
}

pub(super) fn visible_group(
    call: &Call,
    ctx: &Ctx,
    raw: &str,
    name: &str,
) -> Result<crate::world::Group, ApiError> {
    let id = path_id(call, name, raw)?;
    let g = ctx.editor.group(id).map_err(|e| fail(call, e))?;
    if !ctx.sees_group(id) {
        return Err(out_of_scope(call, "group", id));
    }
    Ok(g)
}

/// `GET /api/rest/org/group/{id}`: the group (a one-element array, as the seed's example).
pub async fn get(call: Call, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let g = visible_group(&call, &ctx, &id, "id")?;
    Ok(Json(json!([render::group(&ctx.editor, &g)])))
}

/// `GET /api/rest/org/common/group/{id}`: the group with its teams (a one-element array).
pub async fn get_with_teams(call: Call, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let g = visible_group(&call, &ctx, &id, "id")?;
    let teams: Vec<_> = ctx
        .editor
        .teams()
        .into_iter()
        .filter(|t| ctx.sees_team(t.id))
        .collect();
    Ok(Json(json!([render::group_with_teams(
        &ctx.editor,
        &g,
        &teams
    )])))
}

fn update(call: &Call, id: &str, body: &[u8], all_required: bool) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(call)?;
    let g = visible_group(call, &ctx, id, "id")?;
    let req = object(call, body)?;
    let (name, parent) = if all_required {
        (
            Some(required_string(call, &req, "name")?),
            Some(required_id(
                call,
                &req,
                &["parentGroupId", "ParentGroupId"],
            )?),
        )
    } else {
        (
            opt_string(call, &req, "name")?,
            first_of(&req, &["parentGroupId", "ParentGroupId"])
                .map(|(n, v)| super::id_value(call, n, v))
                .transpose()?,
        )
    };
    if let Some(body_id) = first_of(&req, &["id"])
        .map(|(n, v)| super::id_value(call, n, v))
        .transpose()?
        && body_id != g.id
    {
        return Err(call
            .error(
                StatusCode::BAD_REQUEST,
                format!(
                    "id {body_id} in the body is not the group {} of the path",
                    g.id
                ),
            )
            .with_field("id"));
    }
    if let Some(p) = parent {
        check_parent(call, &ctx, p)?;
    }
    let activated = req
        .get("activated")
        .filter(|v| !v.is_null())
        .map(|v| date_field(call, "activated", v))
        .transpose()?;
    let deactivated = match req.get("deactivated") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(v) => Some(Some(date_field(call, "deactivated", v)?)),
    };
    let g = ctx
        .editor
        .update_group(g.id, name.as_deref(), parent, activated, deactivated)
        .map_err(|e| fail(call, e))?;
    let teams: Vec<_> = ctx
        .editor
        .teams()
        .into_iter()
        .filter(|t| ctx.sees_team(t.id))
        .collect();
    Ok(Json(json!([render::group_with_teams(
        &ctx.editor,
        &g,
        &teams
    )])))
}

/// `POST /api/rest/org/group/{id}`: changes the fields sent (name, activated, deactivated,
/// ParentGroupId) of an existing group.
pub async fn post(
    call: Call,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    update(&call, &id, &body, false)
}

/// `POST /api/rest/org/common/group/{id}`: `{name, parentGroupId}`, both required.
pub async fn update_common(
    call: Call,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    update(&call, &id, &body, true)
}

/// `DELETE /api/rest/org/common/group/{id}`: only an empty group (no teams, no subgroups).
pub async fn delete(call: Call, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let g = visible_group(&call, &ctx, &id, "id")?;
    let g = ctx.editor.delete_group(g.id).map_err(|e| fail(&call, e))?;
    Ok(Json(json!({"id": g.id, "name": g.name})))
}

fn members(ctx: &Ctx, call: &Call, group: u64) -> Result<Json<Value>, ApiError> {
    let list = ctx.editor.group_members(group).map_err(|e| fail(call, e))?;
    Ok(Json(
        list.iter()
            .filter(|p| ctx.sees_person(p))
            .map(|p| json!({"firstName": p.first_name, "lastName": p.last_name, "personId": p.id}))
            .collect(),
    ))
}

/// `GET /api/rest/org/group/{groupId}/person/`: the persons of the group's teams.
pub async fn persons(call: Call, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let g = visible_group(&call, &ctx, &id, "groupId")?;
    members(&ctx, &call, g.id)
}

/// `PUT` and `POST /api/rest/org/group/{groupId}/person/` with `{personId}`: the person moves
/// into the group (its team with the smallest id, unless already in one of its teams); the
/// answer is the group's persons after the move.
pub async fn move_person(
    call: Call,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let g = visible_group(&call, &ctx, &id, "groupId")?;
    let req = object(&call, &body)?;
    let person_id = required_id(&call, &req, &["personId"])?;
    let person = ctx
        .editor
        .person(person_id)
        .map_err(|e| fail(&call, e.field("personId")))?;
    if !ctx.sees_person(&person) {
        return Err(out_of_scope(&call, "person", person_id));
    }
    ctx.editor
        .move_to_group(person_id, g.id)
        .map_err(|e| fail(&call, e))?;
    members(&ctx, &call, g.id)
}
