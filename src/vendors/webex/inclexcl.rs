//! Seed 001 "Inclusion/Exclusion List API": parsing and rendering; the lists and the recording
//! rule live in `crate::qm::inclexcl`.
//!
//! Ids: `inclusionExclusionListId` is required ("Y" in the POST and PUT tables): a plain `POST`
//! without it is 400 naming it; `POST .../inclusionExclusion/{id}` and `PUT .../{id}` take it
//! from the path (the body may repeat it; a different one is 400). Ids are per tenant: an id the
//! tenant already uses is 409, another tenant's lists play no part.

use super::org::{object, path_id};
use crate::http::json::{opt_integer, opt_string};
use crate::http::{ApiError, Call};
use crate::qm::inclexcl::{self, Fields, List, Lists, Refused};
use axum::Json;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use serde_json::{Value, json};

const ID: &str = "inclusionExclusionListId";

fn render(l: &List) -> Value {
    json!({
        "inclusionExclusionListId": l.id,
        "inclusionExclusionType": l.kind,
        "inclusionExclusionPatternType": l.pattern_type,
        "pattern": l.pattern,
        "inclusionExclusionCallDirection": l.direction,
    })
}

fn tenant(call: &Call) -> Result<u64, ApiError> {
    Ok(call.session()?.record.tenant_id)
}

/// The body's fields checked, and the list's id (the path's, else the body's); `path` is the
/// id in the path, if any.
fn parse(call: &Call, body: &[u8], path: Option<u64>) -> Result<(u64, Fields), ApiError> {
    let req = object(call, body)?;
    let id = opt_integer(call, &req, ID)?;
    if let (Some(p), Some(b)) = (path, id)
        && p != b
    {
        return Err(call
            .error(
                StatusCode::BAD_REQUEST,
                format!("{ID} {b} in the body differs from the id {p} in the path"),
            )
            .with_field(ID));
    }
    let Some(id) = path.or(id) else {
        return Err(call
            .error(
                StatusCode::BAD_REQUEST,
                format!(
                    "{ID} is required: the list's id (a whole number), in the body or as POST .../inclusionExclusion/{{id}}"
                ),
            )
            .with_field(ID));
    };
    let kind = opt_integer(call, &req, "inclusionExclusionType")?.ok_or_else(|| {
        call.error(
            StatusCode::BAD_REQUEST,
            "inclusionExclusionType is required (1 = Inclusion, 2 = Exclusion)",
        )
        .with_field("inclusionExclusionType")
    })?;
    let fields = inclexcl::check(
        kind,
        opt_integer(call, &req, "inclusionExclusionPatternType")?,
        opt_string(call, &req, "pattern")?,
        opt_integer(call, &req, "inclusionExclusionCallDirection")?,
    )
    .map_err(|e| {
        call.error(StatusCode::BAD_REQUEST, e.message())
            .with_field(e.field())
    })?;
    Ok((id, fields))
}

fn refused(call: &Call, r: Refused) -> ApiError {
    match r {
        Refused::Exists(id) => call
            .error(
                StatusCode::CONFLICT,
                format!("Inclusion/Exclusion list {id} already exists"),
            )
            .with_field(ID),
        Refused::Unknown(id) => call.error(
            StatusCode::NOT_FOUND,
            format!("No Inclusion/Exclusion list with id {id}"),
        ),
    }
}

/// `GET /api/rest/recording/inclusionExclusion`: the tenant's lists by id.
pub async fn list(call: Call) -> Result<Json<Value>, ApiError> {
    let t = tenant(&call)?;
    let lists = Lists::of(&call.sandbox.store).of_tenant(t);
    Ok(Json(Value::Array(lists.iter().map(render).collect())))
}

/// `GET /api/rest/recording/inclusionExclusion/{id}`.
pub async fn get(call: Call, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let t = tenant(&call)?;
    let id = path_id(&call, "id", &id)?;
    let l = Lists::of(&call.sandbox.store)
        .get(t, id)
        .ok_or_else(|| refused(&call, Refused::Unknown(id)))?;
    Ok(Json(render(&l)))
}

async fn create_with(call: Call, path: Option<u64>, body: Bytes) -> Result<Json<Value>, ApiError> {
    let t = tenant(&call)?;
    let (id, fields) = parse(&call, &body, path)?;
    let l = Lists::of(&call.sandbox.store)
        .create(t, id, fields)
        .map_err(|r| refused(&call, r))?;
    Ok(Json(render(&l)))
}

/// `POST /api/rest/recording/inclusionExclusion`.
pub async fn create(call: Call, body: Bytes) -> Result<Json<Value>, ApiError> {
    create_with(call, None, body).await
}

/// `POST /api/rest/recording/inclusionExclusion/{id}`.
pub async fn create_id(
    call: Call,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(&call, "id", &id)?;
    create_with(call, Some(id), body).await
}

/// `PUT /api/rest/recording/inclusionExclusion/{id}`: replaces the list's fields.
pub async fn update(
    call: Call,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let t = tenant(&call)?;
    let id = path_id(&call, "id", &id)?;
    let lists = Lists::of(&call.sandbox.store);
    if lists.get(t, id).is_none() {
        return Err(refused(&call, Refused::Unknown(id)));
    }
    let (_, fields) = parse(&call, &body, Some(id))?;
    let l = lists.update(t, id, fields).map_err(|r| refused(&call, r))?;
    Ok(Json(render(&l)))
}

/// `DELETE /api/rest/recording/inclusionExclusion/{id}`: 200 with an empty body (seed: "200 OK").
pub async fn delete(call: Call, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    let t = tenant(&call)?;
    let id = path_id(&call, "id", &id)?;
    Lists::of(&call.sandbox.store)
        .delete(t, id)
        .map_err(|r| refused(&call, r))?;
    Ok(StatusCode::OK)
}
