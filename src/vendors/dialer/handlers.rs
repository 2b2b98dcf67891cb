//! The dialer's HTTP side: parse, call `model`, answer `{count, rows}` or the record.

use super::csv_import;
use super::model::{Dialer, Kind, LIST_USERS, QUEUE_LISTS, StoredFile};
use super::query;
use super::validate::{self, Invalid, Record};
use crate::gateway::RequestSummary;
use crate::http::form::parse_form;
use crate::http::multipart::{Form, Limits};
use crate::http::{ApiError, Call};
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

type Reply = Result<Response, ApiError>;

fn bad(call: &Call, e: Invalid) -> ApiError {
    call.error(StatusCode::BAD_REQUEST, e.message)
        .with_field(e.field)
}

fn q(raw: &RawQuery) -> Vec<(String, String)> {
    raw.0.as_deref().map(parse_form).unwrap_or_default()
}

fn object(call: &Call, body: &[u8]) -> Result<Record, ApiError> {
    match crate::http::json::parse(call, body)? {
        Value::Object(o) => Ok(o),
        _ => Err(call.error(StatusCode::BAD_REQUEST, "The body must be a JSON object")),
    }
}

fn id_of(call: &Call, kind: &str, id: &str) -> Result<u64, ApiError> {
    id.parse().map_err(|_| {
        call.error(
            StatusCode::NOT_FOUND,
            format!("{kind} {id} not found: ids are integers"),
        )
    })
}

fn listing(call: &Call, rows: Vec<Record>, raw: &RawQuery) -> Reply {
    query::apply(rows, &q(raw))
        .map(|v| Json(v).into_response())
        .map_err(|e| bad(call, e))
}

fn created(v: Record) -> Response {
    (StatusCode::CREATED, Json(Value::Object(v))).into_response()
}

// ---- generic record endpoints -------------------------------------------------------------

async fn index(kind: Kind, call: Call, raw: RawQuery) -> Reply {
    let d = Dialer::open(&call.sandbox, call.now_ms());
    listing(&call, d.records(kind).values(), &raw)
}

async fn show(kind: Kind, call: Call, id: String, raw: RawQuery) -> Reply {
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let n = id_of(&call, kind.noun(), &id)?;
    let r = d.get(kind, n).ok_or_else(|| {
        call.error(
            StatusCode::NOT_FOUND,
            format!("{} {id} not found", kind.noun()),
        )
    })?;
    // One record: only the `fields` projection applies.
    let only_fields: Vec<(String, String)> =
        q(&raw).into_iter().filter(|(k, _)| k == "fields").collect();
    let v = query::apply(vec![r], &only_fields).map_err(|e| bad(&call, e))?;
    Ok(Json(v["rows"][0].clone()).into_response())
}

fn check(
    d: &Dialer,
    kind: Kind,
    body: &Record,
    creating: bool,
    id: Option<u64>,
) -> Result<Record, Invalid> {
    let record = match kind {
        Kind::Lists => validate::list(body, creating)?,
        Kind::Queues => validate::queue(body, creating)?,
        Kind::Contacts => {
            let mut merged = id
                .and_then(|i| d.get(Kind::Contacts, i))
                .unwrap_or_default();
            merged.retain(|k, _| k != "id" && k != "createdAt" && k != "updatedAt");
            for (k, v) in body {
                merged.insert(k.clone(), v.clone());
            }
            return d.contact(&merged, None);
        }
    };
    // List and campaign names are unique (XCALLY: one Asterisk queue per name).
    if let Some(name) = record.get("name").and_then(Value::as_str) {
        let taken = d.records(kind).values().iter().any(|r| {
            r.get("name").and_then(Value::as_str) == Some(name)
                && r.get("id").and_then(Value::as_u64) != id
        });
        if taken {
            return Err(validate::invalid(
                "name",
                format!(
                    "name `{name}` is already used by another {}",
                    kind.noun().to_lowercase()
                ),
            ));
        }
    }
    Ok(record)
}

async fn create(kind: Kind, call: Call, body: Bytes) -> Reply {
    let body = object(&call, &body)?;
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let record = check(&d, kind, &body, true, None).map_err(|e| bad(&call, e))?;
    Ok(created(d.insert(kind, record, call.now_ms())))
}

async fn update(kind: Kind, call: Call, id: String, body: Bytes) -> Reply {
    let body = object(&call, &body)?;
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let n = id_of(&call, kind.noun(), &id)?;
    if d.get(kind, n).is_none() {
        return Err(call.error(
            StatusCode::NOT_FOUND,
            format!("{} {id} not found", kind.noun()),
        ));
    }
    let record = check(&d, kind, &body, false, Some(n)).map_err(|e| bad(&call, e))?;
    let r = d.update(kind, n, record, call.now_ms()).ok_or_else(|| {
        call.error(
            StatusCode::NOT_FOUND,
            format!("{} {id} not found", kind.noun()),
        )
    })?;
    Ok(Json(Value::Object(r)).into_response())
}

async fn destroy(kind: Kind, call: Call, id: String) -> Reply {
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let n = id_of(&call, kind.noun(), &id)?;
    if d.delete(kind, n) {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(call.error(
            StatusCode::NOT_FOUND,
            format!("{} {id} not found", kind.noun()),
        ))
    }
}

macro_rules! resource {
    ($kind:expr, $index:ident, $show:ident, $create:ident, $update:ident, $destroy:ident) => {
        pub async fn $index(call: Call, raw: RawQuery) -> Reply {
            index($kind, call, raw).await
        }
        pub async fn $show(call: Call, Path(id): Path<String>, raw: RawQuery) -> Reply {
            show($kind, call, id, raw).await
        }
        pub async fn $create(call: Call, body: Bytes) -> Reply {
            create($kind, call, body).await
        }
        pub async fn $update(call: Call, Path(id): Path<String>, body: Bytes) -> Reply {
            update($kind, call, id, body).await
        }
        pub async fn $destroy(call: Call, Path(id): Path<String>) -> Reply {
            destroy($kind, call, id).await
        }
    };
}

resource!(
    Kind::Lists,
    lists,
    list,
    list_create,
    list_update,
    list_delete
);
resource!(
    Kind::Contacts,
    contacts,
    contact,
    contact_create,
    contact_update,
    contact_delete
);
resource!(
    Kind::Queues,
    queues,
    queue,
    queue_create,
    queue_update,
    queue_delete
);

// ---- agents --------------------------------------------------------------------------------

/// `GET /dialer/api/users`: the agents (the scenario's persons).
pub async fn users(call: Call, raw: RawQuery) -> Reply {
    let d = Dialer::open(&call.sandbox, call.now_ms());
    listing(&call, d.agents(), &raw)
}

pub async fn user(call: Call, Path(id): Path<String>) -> Reply {
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let n = id_of(&call, "User", &id)?;
    d.agent(n)
        .map(|r| Json(Value::Object(r)).into_response())
        .ok_or_else(|| call.error(StatusCode::NOT_FOUND, format!("User {id} not found")))
}

// ---- associations --------------------------------------------------------------------------

/// `{"id": owner, "ids": [...]}`: `id`, when given, must be the path's; `ids` integers.
fn ids_body(call: &Call, body: &Record, owner: u64) -> Result<Vec<u64>, ApiError> {
    if let Some(id) = validate::integer(body, "id").map_err(|e| bad(call, e))?
        && id != owner as i64
    {
        return Err(bad(
            call,
            validate::invalid("id", format!("id {id} differs from {owner} of the path")),
        ));
    }
    let ids = match body.get("ids") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::Number(n) => n.as_u64(),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            })
            .collect::<Option<Vec<u64>>>(),
        Some(v @ (Value::Number(_) | Value::String(_))) => v
            .as_u64()
            .or_else(|| v.as_str()?.trim().parse().ok())
            .map(|n| vec![n]),
        None | Some(Value::Null) => {
            return Err(bad(
                call,
                validate::invalid("ids", "ids is required: an array of ids"),
            ));
        }
        _ => None,
    };
    ids.ok_or_else(|| {
        bad(
            call,
            validate::invalid("ids", "ids must be an array of integer ids"),
        )
    })
}

fn unknown(call: &Call, what: &str, ids: Vec<u64>) -> Result<(), ApiError> {
    if ids.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = ids.iter().map(u64::to_string).collect();
    Err(bad(
        call,
        validate::invalid("ids", format!("unknown {what} ids: {}", shown.join(", "))),
    ))
}

fn owner(call: &Call, d: &Dialer, kind: Kind, id: &str) -> Result<u64, ApiError> {
    let n = id_of(call, kind.noun(), id)?;
    d.get(kind, n).map(|_| n).ok_or_else(|| {
        call.error(
            StatusCode::NOT_FOUND,
            format!("{} {id} not found", kind.noun()),
        )
    })
}

/// `ids=1,2` or `ids=1&ids=2`.
fn query_ids(call: &Call, raw: &RawQuery) -> Result<Vec<u64>, ApiError> {
    let mut ids = Vec::new();
    for (k, v) in q(raw) {
        if k == "ids" || k == "ids[]" {
            for part in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                ids.push(part.parse().map_err(|_| {
                    bad(
                        call,
                        validate::invalid("ids", format!("ids must be integers, not `{part}`")),
                    )
                })?);
            }
        }
    }
    if ids.is_empty() {
        return Err(bad(
            call,
            validate::invalid("ids", "ids is required: ?ids=1,2"),
        ));
    }
    Ok(ids)
}

fn merge(existing: &mut Vec<u64>, new: &[u64]) {
    for id in new {
        if !existing.contains(id) {
            existing.push(*id);
        }
    }
}

fn lists_of(d: &Dialer, ids: &[u64]) -> Vec<Record> {
    ids.iter().filter_map(|i| d.get(Kind::Lists, *i)).collect()
}

fn agents_of(d: &Dialer, ids: &[u64]) -> Vec<Record> {
    ids.iter().filter_map(|i| d.agent(*i)).collect()
}

/// `POST /dialer/api/voice/queues/{id}/lists` `{"id", "ids"}`.
pub async fn queue_lists_add(call: Call, Path(id): Path<String>, body: Bytes) -> Reply {
    let body = object(&call, &body)?;
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let queue = owner(&call, &d, Kind::Queues, &id)?;
    let ids = ids_body(&call, &body, queue)?;
    unknown(&call, "list", d.unknown(Kind::Lists, &ids))?;
    let mut all = d.assoc_ids(QUEUE_LISTS, queue);
    merge(&mut all, &ids);
    d.set_assoc_ids(QUEUE_LISTS, queue, &all);
    let rows = lists_of(&d, &all);
    Ok((
        StatusCode::CREATED,
        Json(json!({"count": rows.len(), "rows": rows})),
    )
        .into_response())
}

pub async fn queue_lists(call: Call, Path(id): Path<String>, raw: RawQuery) -> Reply {
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let queue = owner(&call, &d, Kind::Queues, &id)?;
    listing(&call, lists_of(&d, &d.assoc_ids(QUEUE_LISTS, queue)), &raw)
}

pub async fn queue_lists_remove(call: Call, Path(id): Path<String>, raw: RawQuery) -> Reply {
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let queue = owner(&call, &d, Kind::Queues, &id)?;
    let ids = query_ids(&call, &raw)?;
    let mut all = d.assoc_ids(QUEUE_LISTS, queue);
    all.retain(|l| !ids.contains(l));
    d.set_assoc_ids(QUEUE_LISTS, queue, &all);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /dialer/api/voice/queues/{id}/users` `{"id", "ids", "penalty"}` (penalty a number or
/// a numeric string, 0 when absent).
pub async fn queue_users_add(call: Call, Path(id): Path<String>, body: Bytes) -> Reply {
    let body = object(&call, &body)?;
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let queue = owner(&call, &d, Kind::Queues, &id)?;
    let ids = ids_body(&call, &body, queue)?;
    let penalty = validate::integer(&body, "penalty")
        .map_err(|e| bad(&call, e))?
        .unwrap_or(0);
    if !(0..=1000).contains(&penalty) {
        return Err(bad(
            &call,
            validate::invalid("penalty", "penalty must be an integer from 0 to 1000"),
        ));
    }
    unknown(&call, "agent", d.unknown_agents(&ids))?;
    let mut all = d.queue_users(queue);
    for a in &ids {
        match all.iter_mut().find(|(u, _)| u == a) {
            Some(entry) => entry.1 = penalty,
            None => all.push((*a, penalty)),
        }
    }
    d.set_queue_users(queue, &all);
    let rows = queue_agent_rows(&d, queue);
    Ok((
        StatusCode::CREATED,
        Json(json!({"count": rows.len(), "rows": rows})),
    )
        .into_response())
}

fn queue_agent_rows(d: &Dialer, queue: u64) -> Vec<Record> {
    d.queue_users(queue)
        .iter()
        .filter_map(|(u, p)| {
            let mut r = d.agent(*u)?;
            r.insert("penalty".into(), (*p).into());
            Some(r)
        })
        .collect()
}

pub async fn queue_users(call: Call, Path(id): Path<String>, raw: RawQuery) -> Reply {
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let queue = owner(&call, &d, Kind::Queues, &id)?;
    listing(&call, queue_agent_rows(&d, queue), &raw)
}

pub async fn queue_users_remove(call: Call, Path(id): Path<String>, raw: RawQuery) -> Reply {
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let queue = owner(&call, &d, Kind::Queues, &id)?;
    let ids = query_ids(&call, &raw)?;
    let mut all = d.queue_users(queue);
    all.retain(|(u, _)| !ids.contains(u));
    d.set_queue_users(queue, &all);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /dialer/api/cm/lists/{id}/users` `{"id", "ids"}`.
pub async fn list_users_add(call: Call, Path(id): Path<String>, body: Bytes) -> Reply {
    let body = object(&call, &body)?;
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let list = owner(&call, &d, Kind::Lists, &id)?;
    let ids = ids_body(&call, &body, list)?;
    unknown(&call, "agent", d.unknown_agents(&ids))?;
    let mut all = d.assoc_ids(LIST_USERS, list);
    merge(&mut all, &ids);
    d.set_assoc_ids(LIST_USERS, list, &all);
    let rows = agents_of(&d, &all);
    Ok((
        StatusCode::CREATED,
        Json(json!({"count": rows.len(), "rows": rows})),
    )
        .into_response())
}

pub async fn list_users(call: Call, Path(id): Path<String>, raw: RawQuery) -> Reply {
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let list = owner(&call, &d, Kind::Lists, &id)?;
    listing(&call, agents_of(&d, &d.assoc_ids(LIST_USERS, list)), &raw)
}

pub async fn list_users_remove(call: Call, Path(id): Path<String>, raw: RawQuery) -> Reply {
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let list = owner(&call, &d, Kind::Lists, &id)?;
    let ids = query_ids(&call, &raw)?;
    let mut all = d.assoc_ids(LIST_USERS, list);
    all.retain(|u| !ids.contains(u));
    d.set_assoc_ids(LIST_USERS, list, &all);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /dialer/api/cm/lists/{id}/contacts` with an array of contacts: all are checked first,
/// then all are created (201 with the created contacts), or none (400 naming `[i].field`).
pub async fn list_contacts_add(call: Call, Path(id): Path<String>, body: Bytes) -> Reply {
    let parsed = crate::http::json::parse(&call, &body)?;
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let list = owner(&call, &d, Kind::Lists, &id)?;
    let items = match parsed {
        Value::Array(items) => items,
        Value::Object(o) => vec![Value::Object(o)],
        _ => {
            return Err(call.error(
                StatusCode::BAD_REQUEST,
                "The body must be an array of contacts",
            ));
        }
    };
    let mut records = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(obj) = item.as_object() else {
            return Err(bad(
                &call,
                validate::invalid(&format!("[{i}]"), format!("contact {i} must be an object")),
            ));
        };
        let r = d.contact(obj, Some(list)).map_err(|mut e| {
            e.field = format!("[{i}].{}", e.field);
            e.message = format!("contact {i}: {}", e.message);
            bad(&call, e)
        })?;
        records.push(r);
    }
    let now = call.now_ms();
    let rows: Vec<Record> = records
        .into_iter()
        .map(|r| d.insert(Kind::Contacts, r, now))
        .collect();
    Ok((StatusCode::CREATED, Json(rows)).into_response())
}

pub async fn list_contacts(call: Call, Path(id): Path<String>, raw: RawQuery) -> Reply {
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let list = owner(&call, &d, Kind::Lists, &id)?;
    let rows = d
        .records(Kind::Contacts)
        .values()
        .into_iter()
        .filter(|c| c.get("ListId").and_then(Value::as_u64) == Some(list))
        .collect();
    listing(&call, rows, &raw)
}

/// `GET /dialer/api/cm/lists/{id}/fields`: the list's custom fields (`cf_{id}` in contacts).
pub async fn list_fields(call: Call, Path(id): Path<String>, raw: RawQuery) -> Reply {
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let list = owner(&call, &d, Kind::Lists, &id)?;
    listing(&call, d.list_fields(list), &raw)
}

/// `POST /dialer/api/cm/custom_fields` `{"name", "description", "ListId"}`.
pub async fn field_create(call: Call, body: Bytes) -> Reply {
    let body = object(&call, &body)?;
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let name = validate::text(&body, "name")
        .map_err(|e| bad(&call, e))?
        .filter(|n| !n.trim().is_empty());
    let Some(name) = name else {
        return Err(bad(&call, validate::invalid("name", "name is required")));
    };
    let description = validate::text(&body, "description").map_err(|e| bad(&call, e))?;
    let list = match validate::integer(&body, "ListId").map_err(|e| bad(&call, e))? {
        Some(l) if l > 0 && d.get(Kind::Lists, l as u64).is_some() => l as u64,
        Some(l) => {
            return Err(bad(
                &call,
                validate::invalid("ListId", format!("List {l} does not exist")),
            ));
        }
        None => {
            return Err(bad(
                &call,
                validate::invalid("ListId", "ListId is required"),
            ));
        }
    };
    Ok(created(d.insert_field(
        &name,
        description.as_deref(),
        list,
        call.now_ms(),
    )))
}

// ---- CSV import ----------------------------------------------------------------------------

const UPLOAD_LIMITS: Limits = Limits {
    total: 32 * 1024 * 1024,
    part: 32 * 1024 * 1024,
};

/// Step 1, `POST /dialer/api/cm/contacts/upload`: the CSV as the raw body (the seed's
/// `--data-binary`, any content type) or as a multipart file part. Answers 201 with the stored
/// file's name, to use in step 2's path.
pub async fn upload(call: Call, headers: HeaderMap, body: Body) -> Reply {
    let is_multipart = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.to_ascii_lowercase().starts_with("multipart/"));
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let (original, data, summary) = if is_multipart {
        let mut form = Form::new(&call, &headers, body, UPLOAD_LIMITS)?;
        let mut file = None;
        let mut parts = Vec::new();
        while let Some(part) = form.next_part().await? {
            let (name, file_name) = (part.name.clone(), part.file_name.clone());
            let data = part.bytes().await?;
            parts.push(json!({"name": name, "fileName": file_name, "bytes": data.len()}));
            if file.is_none() && file_name.is_some() {
                file = Some((file_name, data));
            }
        }
        let Some((name, data)) = file else {
            return Err(call
                .error(
                    StatusCode::BAD_REQUEST,
                    "The form has no file part: send the CSV as a file",
                )
                .with_field("file"));
        };
        (name, data, Some(json!({"parts": parts})))
    } else {
        let data = axum::body::to_bytes(body, UPLOAD_LIMITS.total as usize)
            .await
            .map_err(|_| {
                call.error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "The CSV is larger than 32 MiB",
                )
            })?;
        (None, data, None)
    };
    let Ok(text) = String::from_utf8(data.to_vec()) else {
        return Err(call
            .error(StatusCode::BAD_REQUEST, "The CSV is not UTF-8 text")
            .with_field("file"));
    };
    if text.trim().is_empty() {
        return Err(call
            .error(StatusCode::BAD_REQUEST, "The CSV is empty")
            .with_field("file"));
    }
    let clean = |s: &str| -> String {
        s.rsplit(['/', '\\'])
            .next()
            .unwrap_or("")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let n = call.sandbox.store.next_id(super::model::FILES);
    let name = match original.as_deref().map(clean).filter(|s| !s.is_empty()) {
        Some(orig) => format!("{n}-{orig}"),
        None => format!("upload-{n}.csv"),
    };
    let columns = csv_import::columns(&text);
    let rows = csv_import::data_rows(&text);
    let size = text.len();
    d.files().put(
        &name,
        &StoredFile {
            name: name.clone(),
            text,
            created_ms: call.now_ms(),
        },
    );
    let mut r = (
        StatusCode::CREATED,
        Json(json!({"name": name, "id": name, "originalName": original, "size": size, "columns": columns, "rows": rows})),
    )
        .into_response();
    if let Some(s) = summary {
        r.extensions_mut().insert(RequestSummary(s));
    }
    Ok(r)
}

/// Step 2, `POST /dialer/api/cm/contacts/upload/{file}` `{"id", "binding", "ListId",
/// "duplicates"}`. The path names the file; the body's `id` is not used (the seed's example
/// sends `file.csv` to `upload/mylist.csv`).
pub async fn import(call: Call, Path(file): Path<String>, body: Bytes) -> Reply {
    let body = object(&call, &body)?;
    let d = Dialer::open(&call.sandbox, call.now_ms());
    let stored = d.files().get(&file).ok_or_else(|| {
        call.error(
            StatusCode::NOT_FOUND,
            format!("File {file} not found: upload it first (POST /api/cm/contacts/upload)"),
        )
    })?;
    let binding: Vec<(String, String)> = match body.get("binding") {
        Some(Value::Object(b)) => {
            let mut out = Vec::new();
            for (k, v) in b {
                let Some(col) = v.as_str() else {
                    return Err(bad(
                        &call,
                        validate::invalid(
                            &format!("binding.{k}"),
                            format!("binding.{k} must be a column name"),
                        ),
                    ));
                };
                out.push((k.clone(), col.to_string()));
            }
            out
        }
        None | Some(Value::Null) => {
            return Err(bad(
                &call,
                validate::invalid("binding", "binding is required: {contactField: csvColumn}"),
            ));
        }
        Some(_) => {
            return Err(bad(
                &call,
                validate::invalid(
                    "binding",
                    "binding must be an object {contactField: csvColumn}",
                ),
            ));
        }
    };
    let list = match validate::integer(&body, "ListId").map_err(|e| bad(&call, e))? {
        Some(l) if l > 0 => l as u64,
        Some(l) => {
            return Err(bad(
                &call,
                validate::invalid("ListId", format!("List {l} does not exist")),
            ));
        }
        None => {
            return Err(bad(
                &call,
                validate::invalid("ListId", "ListId is required"),
            ));
        }
    };
    let duplicates: Vec<String> = match body.get("duplicates") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                bad(
                    &call,
                    validate::invalid("duplicates", "duplicates must be an array of field names"),
                )
            })?,
        Some(_) => {
            return Err(bad(
                &call,
                validate::invalid("duplicates", "duplicates must be an array of field names"),
            ));
        }
    };
    let summary = csv_import::import(&d, &stored, &binding, list, &duplicates, call.now_ms())
        .map_err(|e| bad(&call, e))?;
    Ok(Json(json!({
        "id": file,
        "ListId": list,
        "total": summary.total,
        "created": summary.created,
        "duplicates": summary.duplicates,
        "invalid": summary.invalid,
        "invalidLines": summary.invalid_lines,
    }))
    .into_response())
}
