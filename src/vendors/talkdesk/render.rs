//! Talkdesk's wire format: snake_case resources with `_links`, HAL listings
//! (`count, total, page, per_page, total_pages, _embedded, _links`).

use super::model::{self, User};
use crate::clock::rfc3339;
use crate::engine::jobs::Job;
use crate::http::{ApiError, Call};
use axum::http::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The path prefix the client used (`/sandbox/NAME` or empty), so links lead back to it.
pub fn prefix(original_path: &str) -> &str {
    match original_path.strip_prefix("/sandbox/") {
        Some(rest) => {
            let end = rest
                .find('/')
                .map_or(original_path.len(), |i| i + "/sandbox/".len());
            &original_path[..end]
        }
        None => "",
    }
}

/// An import's public id: a UUID derived from the seed and the job id.
pub fn import_id(seed: u64, job_id: u64) -> String {
    let mut h = Sha256::new();
    h.update(seed.to_be_bytes());
    h.update(b"talkdesk-import");
    h.update(job_id.to_be_bytes());
    let d = hex::encode(&h.finalize()[..16]);
    format!(
        "{}-{}-4{}-a{}-{}",
        &d[0..8],
        &d[8..12],
        &d[13..16],
        &d[17..20],
        &d[20..32]
    )
}

/// A user's public id: 24 hex digits, like Talkdesk's; the person id for the scenario's persons.
pub fn user_id(id: u64) -> String {
    format!("{id:024x}")
}

pub fn parse_user_id(text: &str) -> Option<u64> {
    (text.len() == 24)
        .then(|| u64::from_str_radix(text, 16).ok())
        .flatten()
}

pub fn import(job: &Job, seed: u64, now_ms: i64, base: &str, retention_days: u64) -> Value {
    let data = model::data_of(job);
    let (total, processed, ok, failed) = model::counts(job, now_ms);
    let state = job.state_at(now_ms);
    let id = import_id(seed, job.id);
    let errors: Vec<Value> = data
        .as_ref()
        .and_then(|d| d.applied.as_ref())
        .map(|a| {
            a.errors
                .iter()
                .map(|e| json!({"line": e.line, "column": e.column, "code": e.code}))
                .collect()
        })
        .unwrap_or_default();
    json!({
        "id": id,
        "type": data.as_ref().map(|d| d.import_type.name()),
        "status": model::status(job, now_ms),
        "file_name": data.as_ref().map(|d| d.file_name.clone()),
        "total_rows": total,
        "processed_rows": processed,
        "successful_rows": ok,
        "failed_rows": failed,
        "errors": errors,
        "created_at": rfc3339(job.created_ms),
        "updated_at": rfc3339(state.since_ms),
        "finished_at": state.finished.then(|| rfc3339(state.since_ms)),
        "expires_at": rfc3339(job.created_ms + retention_days as i64 * model::DAY_MS),
        "_links": {"self": {"href": format!("{base}/talkdesk/bulk-imports/users/{id}")}},
    })
}

pub fn user(u: &User, base: &str) -> Value {
    let id = user_id(u.id);
    json!({
        "id": id,
        "email": u.email,
        "name": u.name,
        "active": u.active,
        "extension": u.extension,
        "role": u.role,
        "ring_groups": u.ring_groups,
        "created_at": rfc3339(u.created_ms),
        "updated_at": rfc3339(u.updated_ms),
        "_links": {"self": {"href": format!("{base}/talkdesk/users/{id}")}},
    })
}

/// `page` (from 1, default 1) and `per_page` (1..=100, default 20), validated.
pub fn paging(call: &Call, query: &[(String, String)]) -> Result<(u64, u64), ApiError> {
    let read = |name: &str, default: u64, min: u64, max: u64| -> Result<u64, ApiError> {
        match query.iter().rev().find(|(k, _)| k == name) {
            None => Ok(default),
            Some((_, v)) => match v.trim().parse::<u64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(call
                    .error(
                        StatusCode::BAD_REQUEST,
                        format!("{name} must be a whole number from {min} to {max}"),
                    )
                    .with_field(name)),
            },
        }
    };
    Ok((
        read("page", 1, 1, u64::MAX / 1000)?,
        read("per_page", 20, 1, 100)?,
    ))
}

/// A HAL page of `items` (all of them; this takes the page).
pub fn page(items: Vec<Value>, key: &str, page: u64, per_page: u64, href: &str) -> Value {
    let total = items.len() as u64;
    let total_pages = total.div_ceil(per_page);
    let start = ((page - 1) * per_page) as usize;
    let rows: Vec<Value> = items
        .into_iter()
        .skip(start)
        .take(per_page as usize)
        .collect();
    let link = |p: u64| json!({"href": format!("{href}?page={p}&per_page={per_page}")});
    let mut links = serde_json::Map::new();
    links.insert("self".into(), link(page));
    if page < total_pages {
        links.insert("next".into(), link(page + 1));
    }
    if page > 1 {
        links.insert("prev".into(), link(page - 1));
    }
    json!({
        "count": rows.len(),
        "total": total,
        "page": page,
        "per_page": per_page,
        "total_pages": total_pages,
        "_embedded": {key: rows},
        "_links": links,
    })
}
