//! Seed 001 "Bulk Organization Import API": `POST /api/upload/{groups|teams|persons}` with one
//! CSV file in a multipart form. One file is atomic: a bad row means nothing is written and
//! every bad row is listed with its line, column and reason.

use super::Ctx;
use crate::gateway::RequestSummary;
use crate::http::multipart::{Form, Limits, SmallPart};
use crate::http::{ApiError, Call};
use crate::world::bulk::{self, Kind, Outcome, Rejection, RowError};
use axum::Json;
use axum::body::Body;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// What the transcript shows of a form: its parts, not their bytes.
fn summary(parts: &[SmallPart]) -> RequestSummary {
    RequestSummary(json!({
        "parts": parts.iter().map(|p| json!({
            "name": p.name,
            "fileName": p.file_name,
            "contentType": p.content_type,
            "bytes": p.data.len(),
            "sha256": hex::encode(Sha256::digest(&p.data)),
        })).collect::<Vec<_>>()
    }))
}

/// The CSV part of a form: the first part with a file name, else a part named `file` or `csv`.
pub fn file_part<'p>(call: &Call, parts: &'p [SmallPart]) -> Result<&'p SmallPart, ApiError> {
    parts
        .iter()
        .find(|p| p.file_name.is_some())
        .or_else(|| {
            parts
                .iter()
                .find(|p| matches!(p.name.as_deref(), Some("file" | "csv")))
        })
        .ok_or_else(|| {
            call.error(
                StatusCode::BAD_REQUEST,
                "The form has no file part: send the CSV as a multipart part with a filename",
            )
            .with_field("file")
        })
}

/// A refused file as a Webex error body, with the list of bad rows when there are any.
pub fn refused(call: &Call, rejection: Rejection) -> Response {
    match rejection {
        Rejection::File(message) => call.error(StatusCode::BAD_REQUEST, message).into_response(),
        Rejection::Rows(rows) => rows_refused(call, rows),
    }
}

pub fn rows_refused(call: &Call, rows: Vec<RowError>) -> Response {
    let lines: std::collections::BTreeSet<u64> = rows.iter().map(|r| r.line).collect();
    let first = rows
        .first()
        .map(|r| format!(" (line {}, {}: {})", r.line, r.column, r.reason))
        .unwrap_or_default();
    let body = json!({
        "errorMessage": format!(
            "The file was not imported: {} row(s) are invalid{first}; nothing was changed",
            lines.len()
        ),
        "requestId": call.request_id(),
        "errors": rows,
    });
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

fn success(kind: Kind, o: Outcome) -> Value {
    json!({
        "status": "SUCCESS",
        "type": kind.name(),
        "inserted": o.inserted,
        "updated": o.updated,
        "unchanged": o.unchanged,
        "rows": o.rows,
    })
}

async fn upload(call: Call, headers: HeaderMap, body: Body, kind: Kind) -> Response {
    answer_form(&call, &headers, body, |parts| run(&call, parts, kind)).await
}

/// Reads a small form whole and answers it with `answer`; the transcript gets the parts'
/// summary (names, sizes, hashes) on whatever the answer is.
pub async fn answer_form(
    call: &Call,
    headers: &HeaderMap,
    body: Body,
    answer: impl FnOnce(&[SmallPart]) -> Response,
) -> Response {
    let parts = match Form::new(call, headers, body, Limits::SMALL_FILES) {
        Ok(form) => match form.read_all().await {
            Ok(parts) => parts,
            Err(e) => return e.into_response(),
        },
        Err(e) => return e.into_response(),
    };
    let mut response = answer(&parts);
    response.extensions_mut().insert(summary(&parts));
    response
}

fn run(call: &Call, parts: &[SmallPart], kind: Kind) -> Response {
    let ctx = match Ctx::of(call) {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let text = match file_part(call, parts).and_then(|p| p.text(call)) {
        Ok(t) => t,
        Err(e) => return e.into_response(),
    };
    let (records, bad) = match bulk::read::upload(kind, text) {
        Ok(r) => r,
        Err(rejection) => return refused(call, rejection),
    };
    match bulk::import(&ctx.editor, kind, &records, bad) {
        Ok(outcome) => Json(success(kind, outcome)).into_response(),
        Err(rows) => rows_refused(call, rows),
    }
}

pub async fn groups(call: Call, headers: HeaderMap, body: Body) -> Response {
    upload(call, headers, body, Kind::Groups).await
}

pub async fn teams(call: Call, headers: HeaderMap, body: Body) -> Response {
    upload(call, headers, body, Kind::Teams).await
}

pub async fn persons(call: Call, headers: HeaderMap, body: Body) -> Response {
    upload(call, headers, body, Kind::Persons).await
}
