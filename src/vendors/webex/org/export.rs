//! Seed 001 "Export API": `GET /api/rest/fileexport/{persons|groups|teams}` as `text/csv`, with
//! `acdId` and `basicInfo`; "All variants enforce view rules. Only agents visible to the caller
//! are returned." The seed's response fields cover those three types; the Import API's
//! `devices` type is not exported (404).

use super::Ctx;
use super::fileimport::basic_info;
use crate::http::{ApiError, Call};
use crate::world::bulk::Kind;
use crate::world::bulk::export::{self, Filter};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

pub async fn export(
    call: Call,
    Path(raw): Path<String>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let not_exported = || {
        call.error(
            StatusCode::NOT_FOUND,
            format!("'{raw}' is not an export type (users, persons, groups, teams)"),
        )
    };
    let kind = Kind::parse(&raw)
        .filter(|k| *k != Kind::Devices)
        .ok_or_else(not_exported)?;
    let query = query.map(|q| q.0).unwrap_or_default();
    let basic = basic_info(&call, &query)?;
    let ctx = Ctx::of(&call)?;
    let filter = Filter {
        visible_teams: ctx.visible_teams(),
        viewer: ctx.viewer.id,
        acd_id: query
            .iter()
            .find(|(k, _)| k == "acdId")
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty()),
        basic,
    };
    let csv = export::csv(&ctx.editor, kind, &filter).ok_or_else(not_exported)?;
    let file = format!("attachment; filename=\"{}.csv\"", kind.name());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, file),
        ],
        csv,
    )
        .into_response())
}
