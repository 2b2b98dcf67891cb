//! Field notes: "every `$ref` link in a documented response body should resolve". The contact
//! JSON of seed 001's Contact API links its agent, team and group as
//! `/api/rest/recording/{person|team|group}/{id}`; these answer them with the org API's shapes
//! (seed 001 "Person by ID API", "Teams by ID (with Agents)", "Group by ID (with Teams)") as a
//! single object, under the org read rules: a non-numeric id is 400, an unknown one (or one of
//! another tenant) 404, one outside the caller's scope 403.

use super::{Ctx, groups, path_id, persons, render, teams};
use crate::http::{ApiError, Call};
use axum::Json;
use axum::extract::Path;
use serde_json::Value;

/// `GET /api/rest/recording/person/{id}`: the person as "Person by ID API" renders it. An
/// evaluator (a person of the caller's tenant holding the evaluate permission) is readable
/// outside the caller's scope: every contact they evaluated names them as its `evaluator`.
pub async fn person(call: Call, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let pid = path_id(&call, "id", &id)?;
    let ctx = Ctx::of(&call)?;
    let p = match persons::visible_person(&call, &ctx, &id) {
        Ok(p) => p,
        Err(hidden) => {
            let org = crate::world::Org::of(&call.sandbox.store);
            org.persons
                .get(&pid)
                .filter(|p| p.tenant_id == ctx.viewer.tenant_id)
                .filter(|p| {
                    org.permissions_of(p)
                        .iter()
                        .any(|n| n == crate::contacts::evaluation::EVALUATE_PERMISSION)
                })
                .ok_or(hidden)?
        }
    };
    Ok(Json(render::person(&ctx.editor, &p)))
}

/// `GET /api/rest/recording/team/{id}`: the team with the agents the caller sees.
pub async fn team(call: Call, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    path_id(&call, "id", &id)?;
    let ctx = Ctx::of(&call)?;
    let t = teams::visible_team(&call, &ctx, &id)?;
    Ok(Json(teams::team_json(&ctx, &t)))
}

/// `GET /api/rest/recording/group/{id}`: the group with the teams the caller sees.
pub async fn group(call: Call, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let g = groups::visible_group(&call, &ctx, &id, "id")?;
    let visible: Vec<_> = ctx
        .editor
        .teams()
        .into_iter()
        .filter(|t| ctx.sees_team(t.id))
        .collect();
    Ok(Json(render::group_with_teams(&ctx.editor, &g, &visible)))
}
