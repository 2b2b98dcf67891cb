//! Seed 001 "Person API", "Person by ID API", "Person's Time Zone API".

use super::{Ctx, date_field, fail, id_value, object, out_of_scope, path_id, render};
use crate::http::json::kind;
use crate::http::{ApiError, Call};
use crate::world::{Person, Profile, dates, timezones};
use axum::Json;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use serde_json::{Value, json};

/// Seed 001 "Bulk Organization Import API" max lengths, applied to the same fields here.
const LIMITS: &[(&str, usize)] = &[
    ("email", 254),
    ("firstName", 50),
    ("lastName", 50),
    ("adLogin", 50),
];

/// 400 naming every missing required field at once.
fn require_all(call: &Call, req: &Value, fields: &[&[&'static str]]) -> Result<(), ApiError> {
    let missing: Vec<&str> = fields
        .iter()
        .filter(|names| {
            !names.iter().any(|n| match req.get(*n) {
                None | Some(Value::Null) => false,
                Some(Value::String(s)) => !s.trim().is_empty(),
                Some(_) => true,
            })
        })
        .map(|names| names[0])
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut e = call.error(
        StatusCode::BAD_REQUEST,
        format!("Missing required field(s): {}", missing.join(", ")),
    );
    for m in missing {
        e = e.with_field(m);
    }
    Err(e)
}

/// A text field that may arrive as a number (`acdId`).
fn text(call: &Call, req: &Value, field: &str) -> Result<Option<String>, ApiError> {
    match req.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(call
            .error(
                StatusCode::BAD_REQUEST,
                format!("{field} must be a string, not {}", kind(other)),
            )
            .with_field(field)),
    }
}

fn limits(call: &Call, req: &Value) -> Result<(), ApiError> {
    for (field, max) in LIMITS {
        if let Some(Value::String(s)) = req.get(*field)
            && s.chars().count() > *max
        {
            return Err(call
                .error(
                    StatusCode::BAD_REQUEST,
                    format!("{field} is longer than {max} characters"),
                )
                .with_field(*field));
        }
    }
    if let Some(Value::String(e)) = req.get("email")
        && !e.contains('@')
    {
        return Err(call
            .error(
                StatusCode::BAD_REQUEST,
                format!("email '{e}' is not an email address"),
            )
            .with_field("email"));
    }
    Ok(())
}

/// `timeZone`: a zone number of the table (the seed's example sends 1) or a zone name.
fn time_zone(call: &Call, v: &Value) -> Result<String, ApiError> {
    match v {
        Value::Number(n) => n
            .as_u64()
            .and_then(timezones::by_number)
            .map(str::to_string)
            .ok_or_else(|| {
                call.error(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "timeZone {n} is not a known time zone number (1-{})",
                        timezones::ZONES.len()
                    ),
                )
                .with_field("timeZone")
            }),
        Value::String(s) if !s.trim().is_empty() => match s.trim().parse::<u64>() {
            Ok(n) => time_zone(call, &json!(n)),
            Err(_) => Ok(s.trim().to_string()),
        },
        other => Err(call
            .error(
                StatusCode::BAD_REQUEST,
                format!(
                    "timeZone must be a zone number or name, not {}",
                    kind(other)
                ),
            )
            .with_field("timeZone")),
    }
}

fn boolean(call: &Call, field: &str, v: &Value) -> Result<bool, ApiError> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        other => Err(call
            .error(
                StatusCode::BAD_REQUEST,
                format!("{field} must be true or false, not {}", kind(other)),
            )
            .with_field(field)),
    }
}

fn agent_detail(call: &Call, req: &Value) -> Result<Option<Value>, ApiError> {
    match super::first_of(req, &["agentDetail", "agentDetails", "AgentDetail"]) {
        None => Ok(None),
        Some((_, v @ Value::Object(_))) => Ok(Some(v.clone())),
        Some((n, other)) => Err(call
            .error(
                StatusCode::BAD_REQUEST,
                format!("{n} must be an object, not {}", kind(other)),
            )
            .with_field(n)),
    }
}

fn team_of(call: &Call, ctx: &Ctx, req: &Value) -> Result<Option<u64>, ApiError> {
    let Some((n, v)) = super::first_of(req, &["groupId"]) else {
        return Ok(None);
    };
    let id = id_value(call, n, v)?;
    let team = ctx.editor.team(id).map_err(|_| {
        call.error(
            StatusCode::BAD_REQUEST,
            format!("groupId {id} is not a team of this tenant"),
        )
        .with_field("groupId")
    })?;
    if !ctx.sees_team(team.id) {
        return Err(out_of_scope(call, "team", team.id));
    }
    Ok(Some(team.id))
}

fn roles_of(call: &Call, ctx: &Ctx, req: &Value) -> Result<Option<Vec<u64>>, ApiError> {
    let Some(v) = req.get("roles").filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    super::tenants::role_ids(call, &ctx.editor, v).map(Some)
}

/// `POST /api/rest/org/common/person`: a new person. Required (seed 001 "Person API Request
/// Fields"): firstName, lastName, email, timeZone, acdId, enabledForScheduling (the table's
/// `enabledForScheduled` is accepted too). Roles default to the default agent role, `groupId`
/// (the team) to the tenant's first team. A used email is 409.
pub async fn create(call: Call, body: Bytes) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let req = object(&call, &body)?;
    require_all(
        &call,
        &req,
        &[
            &["firstName"],
            &["lastName"],
            &["email"],
            &["timeZone"],
            &["acdId"],
            &["enabledForScheduling", "enabledForScheduled"],
        ],
    )?;
    for f in [
        "firstName",
        "lastName",
        "email",
        "password",
        "adLogin",
        "acdServerId",
        "displayName",
    ] {
        crate::http::json::opt_string(&call, &req, f)?;
    }
    limits(&call, &req)?;
    let email = text(&call, &req, "email")?.unwrap_or_default();
    ctx.editor
        .email_taken(&email, None)
        .map_err(|e| fail(&call, e))?;
    let tz = time_zone(&call, &req["timeZone"])?;
    let (sched_field, sched) =
        super::first_of(&req, &["enabledForScheduling", "enabledForScheduled"]).expect("checked");
    let scheduling = boolean(&call, sched_field, sched)?;
    let team = match team_of(&call, &ctx, &req)? {
        Some(t) => t,
        None => ctx.editor.default_team().map_err(|e| fail(&call, e))?.id,
    };
    let role_ids = roles_of(&call, &ctx, &req)?.unwrap_or_else(|| ctx.editor.default_roles());
    let person = Person {
        tenant_id: ctx.editor.tenant_id,
        team_id: team,
        first_name: text(&call, &req, "firstName")?.unwrap_or_default(),
        last_name: text(&call, &req, "lastName")?.unwrap_or_default(),
        email,
        password: text(&call, &req, "password")?.unwrap_or_default(),
        role_ids,
        ad_login: text(&call, &req, "adLogin")?,
        acd_id: text(&call, &req, "acdId")?,
        acd_server_id: text(&call, &req, "acdServerId")?,
        time_zone: Some(tz),
        locale: Some("en".into()),
        ..Person::default()
    };
    let profile = Profile {
        activated: Some(ctx.editor.today.clone()),
        enable_scheduling: scheduling,
        display_name: text(&call, &req, "displayName")?,
        agent_detail: agent_detail(&call, &req)?,
        ..Profile::default()
    };
    let p = ctx
        .editor
        .insert_person(person, profile)
        .map_err(|e| fail(&call, e))?;
    Ok(Json(render::person(&ctx.editor, &p)))
}

pub(super) fn visible_person(call: &Call, ctx: &Ctx, raw: &str) -> Result<Person, ApiError> {
    let id = path_id(call, "personId", raw)?;
    let p = ctx.editor.person(id).map_err(|e| fail(call, e))?;
    if !ctx.sees_person(&p) {
        return Err(out_of_scope(call, "person", id));
    }
    Ok(p)
}

/// `GET /api/rest/org/common/person/{personId}`.
pub async fn get(call: Call, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let p = visible_person(&call, &ctx, &id)?;
    Ok(Json(render::person(&ctx.editor, &p)))
}

/// `PUT /api/rest/org/common/person/{personId}`: replaces the person's details. Required (seed
/// 001 "Person by ID API Request Fields"): id, acdId, acdServerId, firstName, lastName, email,
/// displayName, activated, groupId, timeZone. Optional fields not sent keep their value.
pub async fn update(
    call: Call,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let mut p = visible_person(&call, &ctx, &id)?;
    let req = object(&call, &body)?;
    require_all(
        &call,
        &req,
        &[
            &["id"],
            &["acdId"],
            &["acdServerId"],
            &["firstName"],
            &["lastName"],
            &["email"],
            &["displayName"],
            &["activated"],
            &["groupId"],
            &["timeZone"],
        ],
    )?;
    let body_id = id_value(&call, "id", &req["id"])?;
    if body_id != p.id {
        return Err(call
            .error(
                StatusCode::BAD_REQUEST,
                format!(
                    "id {body_id} in the body is not the person {} of the path",
                    p.id
                ),
            )
            .with_field("id"));
    }
    for f in [
        "firstName",
        "lastName",
        "email",
        "password",
        "adLogin",
        "displayName",
    ] {
        crate::http::json::opt_string(&call, &req, f)?;
    }
    limits(&call, &req)?;
    let mut profile = ctx.editor.profile(p.id);
    p.email = text(&call, &req, "email")?.unwrap_or_default();
    p.first_name = text(&call, &req, "firstName")?.unwrap_or_default();
    p.last_name = text(&call, &req, "lastName")?.unwrap_or_default();
    p.acd_id = text(&call, &req, "acdId")?;
    p.acd_server_id = text(&call, &req, "acdServerId")?;
    p.time_zone = Some(time_zone(&call, &req["timeZone"])?);
    p.team_id = team_of(&call, &ctx, &req)?.unwrap_or(p.team_id);
    if let Some(l) = text(&call, &req, "adLogin")? {
        p.ad_login = Some(l);
    }
    if let Some(pw) = text(&call, &req, "password")? {
        p.password = pw;
    }
    if let Some(r) = roles_of(&call, &ctx, &req)? {
        p.role_ids = r;
    }
    profile.display_name = text(&call, &req, "displayName")?;
    profile.activated = Some(date_field(&call, "activated", &req["activated"])?);
    match req.get("deactivated") {
        None => {}
        Some(Value::Null) => profile.deactivated = None,
        Some(v) => profile.deactivated = Some(date_field(&call, "deactivated", v)?),
    }
    if let Some(v) = req.get("active").filter(|v| !v.is_null()) {
        let active = boolean(&call, "active", v)?;
        if active {
            profile.deactivated = None;
        } else if profile.deactivated.is_none() {
            profile.deactivated = Some(ctx.editor.today.clone());
        }
    }
    if let Some((n, v)) = super::first_of(&req, &["enabledForScheduling", "enabledForScheduled"]) {
        profile.enable_scheduling = boolean(&call, n, v)?;
    }
    for (field, target) in [
        ("companyStartDate", &mut profile.company_start_date),
        ("departmentStartDate", &mut profile.department_start_date),
        ("terminationDate", &mut profile.company_end_date),
    ] {
        if let Some(v) = req.get(field).filter(|v| !v.is_null()) {
            *target = Some(date_field(&call, field, v)?);
        }
    }
    if let Some(rank) = text(&call, &req, "agentRank")? {
        profile.rank = rank;
    }
    if let Some(d) = agent_detail(&call, &req)? {
        profile.agent_detail = Some(d);
    }
    p.deactivated = profile
        .deactivated
        .as_deref()
        .is_some_and(|d| dates::on_or_before(d, &ctx.editor.today));
    ctx.editor
        .save_person(&p, &profile)
        .map_err(|e| fail(&call, e))?;
    Ok(Json(render::person(&ctx.editor, &p)))
}

/// `GET /api/rest/org/person/{personId}/timezone`: `[{"id": "GMT-6:00", "name": "..."}]`; a
/// person without a zone has the tenant's default, UTC.
pub async fn timezone(call: Call, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let p = visible_person(&call, &ctx, &id)?;
    let (id, name) = timezones::describe(p.time_zone.as_deref().unwrap_or("UTC"));
    Ok(Json(json!([{"id": id, "name": name}])))
}
