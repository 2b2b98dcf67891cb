//! Talkdesk's HTTP side: parse the request, call `model`, render with `render`.

use super::csv_import::{self, FileError, ImportType};
use super::model::{self, Talkdesk};
use super::render;
use crate::gateway::RequestSummary;
use crate::http::form::parse_form;
use crate::http::multipart::{Form, Limits};
use crate::http::{ApiError, Call};
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{OriginalUri, Path, RawQuery};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The upload's bound: 1001 lines of the template fit in far less.
const UPLOAD_LIMITS: Limits = Limits {
    total: 8 * 1024 * 1024,
    part: 8 * 1024 * 1024,
};

fn base(uri: &OriginalUri) -> String {
    render::prefix(uri.0.path()).to_string()
}

fn query(raw: &RawQuery) -> Vec<(String, String)> {
    raw.0.as_deref().map(parse_form).unwrap_or_default()
}

/// `POST /talkdesk/bulk-imports/users`: multipart with `file` (the CSV) and `type`
/// (CREATE_USERS, UPDATE_USERS or DELETE_USERS). 202 with the import, which runs as a job.
pub async fn create(
    call: Call,
    uri: OriginalUri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let mut form = Form::new(&call, &headers, body, UPLOAD_LIMITS)?;
    let mut file: Option<(String, Bytes)> = None;
    let mut kind_text: Option<String> = None;
    let mut parts = Vec::new();
    while let Some(part) = form.next_part().await? {
        let name = part.name.clone().unwrap_or_default();
        let file_name = part.file_name.clone();
        let data = part.bytes().await?;
        parts.push(json!({"name": name, "fileName": file_name, "bytes": data.len()}));
        match name.as_str() {
            "file" => file = Some((file_name.unwrap_or_else(|| "users.csv".into()), data)),
            "type" => kind_text = Some(String::from_utf8_lossy(&data).trim().to_string()),
            _ => {}
        }
    }
    let summary = RequestSummary(json!({"parts": parts}));
    let with_summary = |e: ApiError| {
        let mut r = e.into_response();
        r.extensions_mut().insert(summary.clone());
        r
    };
    let bad = |msg: String, field: &str| {
        with_summary(
            call.error(StatusCode::BAD_REQUEST, msg)
                .with_field(field.to_string()),
        )
    };
    let Some((file_name, data)) = file else {
        return Ok(bad(
            "file is required: the users CSV as a file part named `file`".into(),
            "file",
        ));
    };
    let kind = match kind_text.as_deref() {
        None | Some("") => {
            return Ok(bad(
                format!("type is required: one of {}", ImportType::NAMES.join(", ")),
                "type",
            ));
        }
        Some(t) => match ImportType::parse(t) {
            Some(k) => k,
            None => {
                return Ok(bad(
                    format!("type `{t}` is not one of {}", ImportType::NAMES.join(", ")),
                    "type",
                ));
            }
        },
    };
    let scenario = call.sandbox.scenario();
    let limits = &scenario.scenario.talkdesk;
    let rows = match csv_import::parse(&data, kind, limits.max_csv_lines) {
        Ok(rows) => rows,
        Err(FileError::TooManyLines(_)) => {
            return Ok(with_summary(
                call.error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!(
                        "The CSV has more than {} lines (1 header line and {} users)",
                        limits.max_csv_lines,
                        limits.max_csv_lines.saturating_sub(1)
                    ),
                )
                .with_field("file"),
            ));
        }
        Err(e) => {
            let (msg, field) = match e {
                FileError::Empty => (
                    "The CSV is empty: it needs the template's header".into(),
                    "file".to_string(),
                ),
                FileError::NotUtf8 => ("The CSV is not UTF-8 text".into(), "file".into()),
                FileError::Unreadable(why) => {
                    (format!("The CSV cannot be read: {why}"), "file".into())
                }
                FileError::UnknownColumn(c) => (
                    format!(
                        "Column `{c}` is not a column of the template ({})",
                        csv_import::TEMPLATE.join(", ")
                    ),
                    c,
                ),
                FileError::DuplicateColumn(c) => {
                    (format!("Column `{c}` appears twice in the header"), c)
                }
                FileError::MissingColumn(c) => (
                    format!("Column `{c}` is required for {} imports", kind.name()),
                    c.to_string(),
                ),
                FileError::TooManyLines(_) => unreachable!("handled above"),
            };
            return Ok(bad(msg, &field));
        }
    };
    let now = call.now_ms();
    let td = Talkdesk::open(&call.sandbox, now);
    let job = td.start_import(kind, &file_name, rows, now, call.job_decision().as_ref());
    let base = base(&uri);
    let body = render::import(&job, call.sandbox.seed(), now, &base, limits.retention_days);
    let location = body["_links"]["self"]["href"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let mut r = (
        StatusCode::ACCEPTED,
        [(header::LOCATION, location)],
        Json(body),
    )
        .into_response();
    r.extensions_mut().insert(summary);
    Ok(r)
}

/// `GET /talkdesk/bulk-imports/users`: imports kept (20 days), newest first, HAL page.
pub async fn list(call: Call, uri: OriginalUri, raw: RawQuery) -> Result<Json<Value>, ApiError> {
    let (page, per_page) = render::paging(&call, &query(&raw))?;
    let now = call.now_ms();
    let td = Talkdesk::open(&call.sandbox, now);
    let days = call.sandbox.scenario().scenario.talkdesk.retention_days;
    let base = base(&uri);
    let items: Vec<Value> = td
        .imports()
        .iter()
        .rev()
        .filter(|j| td.kept(j, now))
        .map(|j| render::import(j, call.sandbox.seed(), now, &base, days))
        .collect();
    Ok(Json(render::page(
        items,
        "imports",
        page,
        per_page,
        &format!("{base}/talkdesk/bulk-imports/users"),
    )))
}

fn find_import(
    call: &Call,
    td: &Talkdesk,
    id: &str,
    now: i64,
) -> Result<crate::engine::jobs::Job, ApiError> {
    let seed = call.sandbox.seed();
    td.imports()
        .into_iter()
        .find(|j| render::import_id(seed, j.id) == id && td.kept(j, now))
        .ok_or_else(|| {
            call.error(
                StatusCode::NOT_FOUND,
                format!("Bulk import {id} not found (imports are kept for 20 days)"),
            )
        })
}

/// `GET /talkdesk/bulk-imports/users/{id}`.
pub async fn get(
    call: Call,
    uri: OriginalUri,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let now = call.now_ms();
    let td = Talkdesk::open(&call.sandbox, now);
    let job = find_import(&call, &td, &id, now)?;
    let days = call.sandbox.scenario().scenario.talkdesk.retention_days;
    Ok(Json(render::import(
        &job,
        call.sandbox.seed(),
        now,
        &base(&uri),
        days,
    )))
}

/// `PATCH /talkdesk/bulk-imports/users/{id}` `{"status": "CANCELED"}`: cancels an unfinished
/// import (409 once it finished). Rows processed before the cancel keep their effect.
pub async fn patch(
    call: Call,
    uri: OriginalUri,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let request = crate::http::json::parse(&call, &body)?;
    if !request.is_object() {
        return Err(call.error(StatusCode::BAD_REQUEST, "The body must be a JSON object"));
    }
    let status = crate::http::json::required_string(&call, &request, "status")?;
    if status != "CANCELED" {
        return Err(call
            .error(
                StatusCode::BAD_REQUEST,
                format!("status `{status}` cannot be set: the only change allowed is CANCELED"),
            )
            .with_field("status"));
    }
    let now = call.now_ms();
    let td = Talkdesk::open(&call.sandbox, now);
    let job = find_import(&call, &td, &id, now)?;
    let job = match td.cancel(job.id, now) {
        Ok(job) => job,
        Err(crate::engine::jobs::JobError::Finished(_)) => {
            return Err(call
                .error(
                    StatusCode::CONFLICT,
                    format!(
                        "Bulk import {id} already finished ({}): it cannot be canceled",
                        model::status(&job, now)
                    ),
                )
                .with_field("status"));
        }
        Err(crate::engine::jobs::JobError::NotFound) => {
            return Err(call.error(StatusCode::NOT_FOUND, format!("Bulk import {id} not found")));
        }
    };
    let days = call.sandbox.scenario().scenario.talkdesk.retention_days;
    Ok(Json(render::import(
        &job,
        call.sandbox.seed(),
        now,
        &base(&uri),
        days,
    )))
}

/// `GET /talkdesk/bulk-imports/users/template`: the CSV template (header line).
pub async fn template(_call: Call) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"users-bulk-import-template.csv\"",
            ),
        ],
        csv_import::template(),
    )
        .into_response()
}

/// `GET /talkdesk/users`: the users, HAL page, in id order.
pub async fn users(call: Call, uri: OriginalUri, raw: RawQuery) -> Result<Json<Value>, ApiError> {
    let (page, per_page) = render::paging(&call, &query(&raw))?;
    let td = Talkdesk::open(&call.sandbox, call.now_ms());
    let base = base(&uri);
    let items = td
        .users
        .values()
        .iter()
        .map(|u| render::user(u, &base))
        .collect();
    Ok(Json(render::page(
        items,
        "users",
        page,
        per_page,
        &format!("{base}/talkdesk/users"),
    )))
}

/// `GET /talkdesk/users/{id}`.
pub async fn user(
    call: Call,
    uri: OriginalUri,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let td = Talkdesk::open(&call.sandbox, call.now_ms());
    render::parse_user_id(&id)
        .and_then(|n| td.users.get(&n))
        .map(|u| Json(render::user(&u, &base(&uri))))
        .ok_or_else(|| call.error(StatusCode::NOT_FOUND, format!("User {id} not found")))
}
