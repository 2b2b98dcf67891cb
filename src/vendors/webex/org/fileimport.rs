//! Seed 001 "Import API": `GET /api/rest/fileimport/{importType}` describes the model's fields;
//! `POST` imports a CSV with a `mapping` of columns to fields, with the bulk import's rules
//! (atomic, repeatable). Import types: `users` (= `persons`), `persons`, `groups`, `teams`, and
//! `devices` (device associations, field notes; rows go to `crate::qm::device_import`).

use super::Ctx;
use super::upload::{answer_form, file_part, refused, rows_refused};
use crate::http::json::kind;
use crate::http::multipart::SmallPart;
use crate::http::{ApiError, Call};
use crate::world::bulk::columns::{PERSONS_BASIC, Ty};
use crate::world::bulk::{self, Kind, Mapping};
use axum::Json;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The import type of the path, or 404 naming the known ones.
pub fn import_type(call: &Call, raw: &str) -> Result<Kind, ApiError> {
    Kind::parse(raw).ok_or_else(|| {
        call.error(
            StatusCode::NOT_FOUND,
            format!("'{raw}' is not an import type (users, persons, groups, teams, devices)"),
        )
    })
}

/// `basicInfo`: True/False, case-insensitive; anything else is 400.
pub fn basic_info(call: &Call, query: &[(String, String)]) -> Result<bool, ApiError> {
    match query.iter().find(|(k, _)| k == "basicInfo") {
        None => Ok(false),
        Some((_, v)) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some((_, v)) if v.eq_ignore_ascii_case("false") || v.is_empty() => Ok(false),
        Some((_, v)) => Err(call
            .error(
                StatusCode::BAD_REQUEST,
                format!("basicInfo must be True or False, not '{v}'"),
            )
            .with_field("basicInfo")),
    }
}

/// Seed 001 "Bulk Organization Import API": the fields marked "Req? Y". Devices: only the
/// device name is required (a row without a user is a device without an association).
fn documented_required(kind: Kind, key: &str) -> bool {
    match kind {
        Kind::Devices => key == "deviceName",
        Kind::Groups | Kind::Teams => true,
        Kind::Persons => matches!(
            key,
            "personId" | "email" | "firstName" | "lastName" | "acdId" | "acdServerId"
        ),
    }
}

/// `GET /api/rest/fileimport/{importType}`: `{"fields": [{key, label, required, multivalued,
/// types: [{code, description, format}]}]}`.
pub async fn describe(
    call: Call,
    Path(raw): Path<String>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let kind = import_type(&call, &raw)?;
    let query = query.map(|q| q.0).unwrap_or_default();
    let basic = basic_info(&call, &query)? && kind == Kind::Persons;
    let fields: Vec<Value> = kind
        .columns()
        .iter()
        .filter(|c| !basic || PERSONS_BASIC.contains(&c.key))
        .map(|c| {
            json!({
                "key": c.key,
                "label": c.label,
                "required": documented_required(kind, c.key),
                "multivalued": c.ty == Ty::List,
                "types": c.ty.codes().iter().map(|(code, description, format)| json!({
                    "code": code, "description": description, "format": format,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Json(json!({"fields": fields})))
}

/// The mapping part of the form: a part named `mapping`, `mappings`, `json`, `data` or
/// `importMapping`, or any other part sent as `application/json`. None: columns by name.
fn mapping(
    call: &Call,
    parts: &[SmallPart],
    file: &SmallPart,
    tenant: u64,
) -> Result<Vec<Mapping>, ApiError> {
    let part = parts.iter().filter(|p| !std::ptr::eq(*p, file)).find(|p| {
        matches!(
            p.name.as_deref(),
            Some("mapping" | "mappings" | "json" | "data" | "importMapping")
        ) || p.content_type.as_deref() == Some("application/json")
    });
    let Some(part) = part else {
        return Ok(Vec::new());
    };
    let v = crate::http::json::parse(call, &part.data)?;
    let bad = |m: String, f: &str| call.error(StatusCode::BAD_REQUEST, m).with_field(f);
    if let Some(t) = v.get("tenantId").filter(|t| !t.is_null()) {
        let t = super::id_value(call, "tenantId", t)?;
        if t != tenant {
            return Err(super::out_of_scope(call, "tenant", t));
        }
    }
    let list = match super::first_of(&v, &["mapping", "mappings"]) {
        Some((_, Value::Array(items))) => items.clone(),
        Some((n, other)) => {
            return Err(bad(format!("{n} must be an array, not {}", kind(other)), n));
        }
        None if v.is_array() => v.as_array().cloned().unwrap_or_default(),
        None => {
            return Err(bad(
                "The mapping part has no mapping array".into(),
                "mapping",
            ));
        }
    };
    list.iter()
        .enumerate()
        .map(|(i, m)| {
            let s = |f: &str| match m.get(f) {
                Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
                _ => Err(bad(
                    format!("mapping[{i}].{f} is required (a string)"),
                    "mapping",
                )),
            };
            Ok(Mapping {
                column: s("column")?,
                field: s("field")?,
                data_type: match m.get("dataType") {
                    None | Some(Value::Null) => "Text".into(),
                    Some(_) => s("dataType")?,
                },
            })
        })
        .collect()
}

/// `POST /api/rest/fileimport/{importType}`: a CSV part and a mapping part; answers
/// `{"status": "SUCCESS", "responseText": "The file was successfully imported"}`.
pub async fn import(
    call: Call,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let kind = match import_type(&call, &raw) {
        Ok(k) => k,
        Err(e) => return e.into_response(),
    };
    answer_form(&call, &headers, body, |parts| run(&call, parts, kind)).await
}

fn run(call: &Call, parts: &[SmallPart], kind: Kind) -> Response {
    let ctx = match Ctx::of(call) {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let prepared = file_part(call, parts).and_then(|file| {
        let text = file.text(call)?;
        let mapping = mapping(call, parts, file, ctx.editor.tenant_id)?;
        Ok((text, mapping))
    });
    let (text, mapping) = match prepared {
        Ok(x) => x,
        Err(e) => return e.into_response(),
    };
    let (records, bad) = match bulk::read::mapped(kind, text, &mapping) {
        Ok(r) => r,
        Err(rejection) => return refused(call, rejection),
    };
    match bulk::import(&ctx.editor, kind, &records, bad) {
        Ok(_) => Json(json!({
            "status": "SUCCESS",
            "responseText": "The file was successfully imported",
        }))
        .into_response(),
        Err(rows) => rows_refused(call, rows),
    }
}
