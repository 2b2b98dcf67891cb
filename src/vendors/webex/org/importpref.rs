//! Seed 001 "Import Preference APIs": named CSV mappings. Requests may write the list as
//! `mapping` (the request examples) or `mappings` (the field tables); answers write `mappings`
//! (the response examples).

use super::{Ctx, first_of, object, path_id};
use crate::http::json::{kind, required_string};
use crate::http::{ApiError, Call};
use crate::world::bulk::{Kind, read::DATA_TYPES};
use crate::world::prefs::{self, FieldMapping, Preference, Prefs};
use axum::Json;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use serde_json::{Value, json};

fn pref_json(p: &Preference) -> Value {
    json!({"id": p.id, "name": p.name, "type": p.kind, "mappings": p.mappings})
}

/// `{name, type, mapping|mappings}` checked: a known type, each mapping's field one of the
/// type's fields and its dataType one of the Import API's.
fn parse(call: &Call, body: &[u8]) -> Result<(String, String, Vec<FieldMapping>), ApiError> {
    let req = object(call, body)?;
    let name = required_string(call, &req, "name")?;
    let raw_type = required_string(call, &req, "type")?;
    let Some(kind_name) = prefs::normalise_type(&raw_type) else {
        return Err(call
            .error(
                StatusCode::BAD_REQUEST,
                format!(
                    "type '{raw_type}' is not an import type (persons, users, groups, teams, devices)"
                ),
            )
            .with_field("type"));
    };
    let import_kind = Kind::parse(kind_name).expect("preference types are import types");
    let items = match first_of(&req, &["mappings", "mapping"]) {
        None => Vec::new(),
        Some((_, Value::Array(items))) => items.clone(),
        Some((n, other)) => {
            return Err(call
                .error(
                    StatusCode::BAD_REQUEST,
                    format!("{n} must be an array, not {}", kind(other)),
                )
                .with_field(n));
        }
    };
    let mut out = Vec::new();
    for (i, m) in items.iter().enumerate() {
        let s = |f: &str| match m.get(f) {
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
            _ => Err(call
                .error(
                    StatusCode::BAD_REQUEST,
                    format!("mappings[{i}].{f} is required (a string)"),
                )
                .with_field("mappings")),
        };
        let field = s("field")?;
        if !import_kind.columns().iter().any(|c| c.key == field) {
            return Err(call
                .error(
                    StatusCode::BAD_REQUEST,
                    format!("mappings[{i}].field '{field}' is not a field of {kind_name}"),
                )
                .with_field("mappings"));
        }
        let data_type = match m.get("dataType") {
            None | Some(Value::Null) => "Text".to_string(),
            Some(_) => s("dataType")?,
        };
        if !DATA_TYPES.contains(&data_type.as_str()) {
            return Err(call
                .error(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "mappings[{i}].dataType '{data_type}' is not one of {}",
                        DATA_TYPES.join(", ")
                    ),
                )
                .with_field("mappings"));
        }
        out.push(FieldMapping {
            field,
            column: s("column")?,
            data_type,
        });
    }
    Ok((name, kind_name.to_string(), out))
}

/// `POST /api/rest/importpreference`: answers the new preference.
pub async fn create(call: Call, body: Bytes) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let (name, kind, mappings) = parse(&call, &body)?;
    let p = Prefs::of(&call.sandbox.store, ctx.editor.tenant_id).create(name, kind, mappings);
    Ok(Json(pref_json(&p)))
}

/// `GET /api/rest/importpreference`: the tenant's preferences grouped by type,
/// `{"preferences": [{"persons": [...]}, {"groups": [...]}, {"teams": [...]}, {"devices": [...]}]}`.
pub async fn list(call: Call) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let all = Prefs::of(&call.sandbox.store, ctx.editor.tenant_id).list();
    let grouped: Vec<Value> = prefs::TYPES
        .iter()
        .map(|t| {
            let items: Vec<Value> = all.iter().filter(|p| p.kind == *t).map(pref_json).collect();
            json!({ *t: items })
        })
        .collect();
    Ok(Json(json!({"preferences": grouped})))
}

fn find(call: &Call, prefs: &Prefs, raw: &str) -> Result<Preference, ApiError> {
    let id = path_id(call, "id", raw)?;
    prefs.get(id).ok_or_else(|| {
        call.error(
            StatusCode::NOT_FOUND,
            format!("No import preference with id {id}"),
        )
    })
}

/// `GET /api/rest/importpreference/{id}`.
pub async fn get(call: Call, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let prefs = Prefs::of(&call.sandbox.store, ctx.editor.tenant_id);
    Ok(Json(pref_json(&find(&call, &prefs, &id)?)))
}

/// `PUT /api/rest/importpreference/{id}`: replaces name, type and mappings.
pub async fn update(
    call: Call,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let ctx = Ctx::of(&call)?;
    let prefs = Prefs::of(&call.sandbox.store, ctx.editor.tenant_id);
    let mut p = find(&call, &prefs, &id)?;
    let (name, kind, mappings) = parse(&call, &body)?;
    p.name = name;
    p.kind = kind;
    p.mappings = mappings;
    prefs.replace(&p);
    Ok(Json(pref_json(&p)))
}

/// `DELETE /api/rest/importpreference/{id}`: 200 with an empty body.
pub async fn delete(call: Call, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    let ctx = Ctx::of(&call)?;
    let prefs = Prefs::of(&call.sandbox.store, ctx.editor.tenant_id);
    let p = find(&call, &prefs, &id)?;
    prefs.delete(p.id);
    Ok(StatusCode::OK)
}
