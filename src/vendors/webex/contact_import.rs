//! Seed 000/001 "Import contacts in bulk": `POST /api/upload/contacts` (multipart: CSV, JSON,
//! media, ZIP in any order) and the real-time `POST /api/rest/wfo/contact/import` (JSON metadata
//! first, recordings uploaded later). Wire parsing and rendering only; the rules are in
//! `contacts::import` and `contacts::upload`.

use crate::contacts::Contacts;
use crate::contacts::import::{Declared, FileKind, Importer, Mode, Outcome, lenient_json};
use crate::contacts::upload::{Chunks, Refused, Upload, UploadLimits};
use crate::gateway::RequestSummary;
use crate::http::multipart::{Form, Limits, Part};
use crate::http::{ApiError, Call};
use crate::world::{Org, Person};
use axum::Extension;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::io::Read;

/// Largest JSON declaration file read (it is parsed whole).
const MAX_JSON_FILE: u64 = 64 * 1024 * 1024;

/// The authenticated person, or a 401.
pub fn caller(call: &Call) -> Result<Person, ApiError> {
    let session = call.session()?;
    Org::of(&call.sandbox.store)
        .persons
        .get(&session.record.person_id)
        .ok_or_else(|| {
            call.error(
                StatusCode::UNAUTHORIZED,
                "The session's user no longer exists",
            )
        })
}

struct PartChunks<'a>(&'a mut Part);

impl Chunks for PartChunks<'_> {
    async fn next(&mut self) -> Result<Option<Bytes>, Refused> {
        self.0.chunk().await.map_err(|e| Refused {
            too_large: e.status == StatusCode::PAYLOAD_TOO_LARGE,
            message: e.message,
        })
    }
}

fn refused(call: &Call, r: Refused) -> ApiError {
    let status = if r.too_large {
        StatusCode::PAYLOAD_TOO_LARGE
    } else {
        StatusCode::BAD_REQUEST
    };
    call.error(status, r.message)
}

/// Reads every part of a multipart import into an [`Upload`].
pub async fn receive(
    call: &Call,
    headers: &HeaderMap,
    body: Body,
    limits: UploadLimits,
    accept: fn(FileKind) -> Option<&'static str>,
) -> Result<Upload, ApiError> {
    if let Some(length) = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
        && length > limits.request_bytes
    {
        return Err(call.error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "The upload of {length} bytes is larger than the limit of {} bytes",
                limits.request_bytes
            ),
        ));
    }
    let mut form = Form::new(
        call,
        headers,
        body,
        Limits {
            total: limits.request_bytes,
            part: limits.request_bytes,
        },
    )?;
    let mut upload = Upload::new(call.sandbox.store.blobs(), limits, accept);
    while let Some(mut part) = form.next_part().await? {
        let name = part.file_name.clone().or_else(|| part.name.clone());
        let content_type = part.content_type.clone();
        upload
            .take(name, content_type, PartChunks(&mut part))
            .await
            .map_err(|r| refused(call, r))?;
    }
    Ok(upload)
}

fn accept_contact_files(kind: FileKind) -> Option<&'static str> {
    match kind {
        FileKind::Text => {
            Some("text files belong to /api/upload/textcontacts/, not a contact import")
        }
        _ => None,
    }
}

/// `POST /api/upload/contacts`.
pub async fn bulk_upload(
    call: Call,
    Extension(limits): Extension<UploadLimits>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let caller = caller(&call)?;
    let mut upload = receive(&call, &headers, body, limits, accept_contact_files).await?;
    let result = import_upload(&call.sandbox.store, &caller, call.now_ms(), &mut upload);
    let mut response = (StatusCode::OK, axum::Json(result)).into_response();
    response
        .extensions_mut()
        .insert(RequestSummary(json!({"parts": upload.summary})));
    Ok(response)
}

/// Imports the declarations of a received upload (also used by the data server's drop folder).
pub fn import_upload(
    store: &crate::store::SandboxStore,
    caller: &Person,
    now_ms: i64,
    upload: &mut Upload,
) -> Value {
    let contacts = Contacts::of(store);
    let org = Org::of(store);
    let blobs = store.blobs();
    let mut results = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    let mut kept: HashSet<String> = HashSet::new();
    let mut referenced_by: std::collections::HashMap<String, Vec<u64>> = Default::default();
    let (mut inserted, mut merged, mut failed) = (0, 0, 0);
    {
        let importer = Importer {
            contacts: &contacts,
            org: &org,
            caller,
            now_ms,
            media: &upload.media,
            mode: Mode::Bulk,
        };
        let mut apply = |d: Result<Declared, String>, file: &str, item: Value| {
            let (outcome, names) = match d {
                Ok(d) => importer.apply(d),
                Err(e) => (Outcome::Failed(vec![e]), Vec::new()),
            };
            let mut entry = json!({"file": file});
            entry
                .as_object_mut()
                .unwrap()
                .extend(item.as_object().cloned().unwrap_or_default());
            let merged_into = matches!(outcome, Outcome::Merged(_));
            match outcome {
                Outcome::Inserted(c) | Outcome::Merged(c) => {
                    let status = if merged_into { "merged" } else { "inserted" };
                    if merged_into {
                        merged += 1;
                    } else {
                        inserted += 1;
                    }
                    for r in [&c.audio, &c.screen].into_iter().flatten() {
                        if let Some(b) = &r.blob {
                            kept.insert(b.sha256.clone());
                        }
                    }
                    for n in &names {
                        used.insert(n.clone());
                        referenced_by.entry(n.clone()).or_default().push(c.id);
                    }
                    entry["status"] = json!(status);
                    entry["id"] = json!(c.id);
                    entry["callId"] = json!(c.call_id);
                }
                Outcome::Failed(errors) => {
                    failed += 1;
                    entry["status"] = json!("failed");
                    entry["errors"] = json!(errors);
                }
            }
            results.push(entry);
        };
        for file in upload.declarations.clone() {
            let Some(mut reader) = blobs.open(&file.blob.sha256) else {
                continue;
            };
            match file.kind {
                FileKind::Csv => {
                    let mut csv = csv::ReaderBuilder::new()
                        .flexible(true)
                        .has_headers(false)
                        .from_reader(reader);
                    let mut headers: Option<Vec<String>> = None;
                    let mut record = csv::ByteRecord::new();
                    loop {
                        match csv.read_byte_record(&mut record) {
                            Ok(false) => break,
                            Ok(true) => {
                                let line = record.position().map_or(0, |p| p.line());
                                let fields: Vec<String> = record
                                    .iter()
                                    .map(|f| String::from_utf8_lossy(f).into_owned())
                                    .collect();
                                match &headers {
                                    None => {
                                        let mut h = fields;
                                        if let Some(first) = h.first_mut() {
                                            *first =
                                                first.trim_start_matches('\u{feff}').to_string();
                                        }
                                        headers = Some(h);
                                    }
                                    Some(h) => {
                                        if fields.iter().all(|f| f.trim().is_empty()) {
                                            continue;
                                        }
                                        let d = Declared::from_csv(
                                            format!("{} row {line}", file.name),
                                            h,
                                            &fields,
                                        );
                                        apply(Ok(d), &file.name, json!({"row": line}));
                                    }
                                }
                            }
                            Err(e) => {
                                let e = format!("not readable as CSV: {e}");
                                apply(Err(e), &file.name, json!({}));
                                break;
                            }
                        }
                    }
                }
                FileKind::Json => {
                    let mut text = String::new();
                    let read = if file.blob.size > MAX_JSON_FILE {
                        Err(format!(
                            "the JSON file is larger than the limit of {MAX_JSON_FILE} bytes"
                        ))
                    } else {
                        reader
                            .read_to_string(&mut text)
                            .map_err(|e| format!("not UTF-8 text: {e}"))
                    };
                    let parsed = read.and_then(|_| {
                        lenient_json(&text).map_err(|e| {
                            format!(
                                "malformed JSON at line {}, column {}: {}",
                                e.line(),
                                e.column(),
                                crate::http::json::serde_reason(&e)
                            )
                        })
                    });
                    match parsed {
                        Ok(Value::Array(items)) => {
                            for (i, item) in items.iter().enumerate() {
                                let d = Declared::from_json(
                                    format!("{} item {}", file.name, i + 1),
                                    item,
                                );
                                apply(Ok(d), &file.name, json!({"item": i + 1}));
                            }
                        }
                        Ok(item) => {
                            let d = Declared::from_json(file.name.clone(), &item);
                            apply(Ok(d), &file.name, json!({"item": 1}));
                        }
                        Err(e) => apply(Err(e), &file.name, json!({})),
                    }
                }
                _ => {}
            }
        }
    }
    // Recordings: used by a contact, announced earlier by a real-time import, or ignored.
    let importer = Importer {
        contacts: &contacts,
        org: &org,
        caller,
        now_ms,
        media: &upload.media,
        mode: Mode::Bulk,
    };
    let mut recordings = Vec::new();
    for name in &upload.media_order {
        let media = &upload.media[name];
        let mut entry = json!({
            "name": name, "format": media.format, "size": media.blob.size, "sha256": media.blob.sha256,
        });
        let mut ids = referenced_by.remove(name).unwrap_or_default();
        let pending = importer.attach_pending(name, media);
        if !pending.is_empty() {
            kept.insert(media.blob.sha256.clone());
            ids.extend(pending);
        }
        if ids.is_empty() && !used.contains(name) {
            entry["status"] = json!("ignored");
            entry["reason"] = json!("no contact of the upload references it");
        } else {
            entry["status"] = json!("stored");
            entry["contactIds"] = json!(ids);
        }
        recordings.push(entry);
    }
    upload.clean_up(&kept);
    json!({
        "inserted": inserted,
        "merged": merged,
        "failed": failed,
        "contacts": results,
        "recordings": recordings,
        "files": upload.files,
    })
}

/// `POST /api/rest/wfo/contact/import`: one JSON contact (or an array of them). Recordings it
/// names are announced, not required: a later `POST /api/upload/contacts` carrying a file of
/// that name attaches it to this contact. A single contact that fails is a 400 naming the rule.
pub async fn realtime_import(call: Call, body: Bytes) -> Result<Response, ApiError> {
    let caller = caller(&call)?;
    let parsed = crate::http::json::parse(&call, &body)?;
    let store = &call.sandbox.store;
    let contacts = Contacts::of(store);
    let org = Org::of(store);
    let media = Default::default();
    let importer = Importer {
        contacts: &contacts,
        org: &org,
        caller: &caller,
        now_ms: call.now_ms(),
        media: &media,
        mode: Mode::RealTime,
    };
    let render = |outcome: Outcome| -> Result<Value, Vec<String>> {
        let status = if matches!(outcome, Outcome::Merged(_)) {
            "merged"
        } else {
            "inserted"
        };
        match outcome {
            Outcome::Inserted(c) | Outcome::Merged(c) => {
                let recordings: Vec<Value> = [("audio", &c.audio), ("screen", &c.screen)]
                    .into_iter()
                    .filter_map(|(kind, r)| {
                        let r = r.as_ref()?;
                        Some(json!({
                            "type": kind,
                            "location": r.location,
                            "status": if r.uploaded { "stored" } else { "pending" },
                            "uploadUri": "/api/upload/contacts",
                        }))
                    })
                    .collect();
                Ok(json!({
                    "id": c.id,
                    "callId": c.call_id,
                    "assocCallId": c.assoc_call_id,
                    "agentId": c.agent_id,
                    "startTime": c.start_ms,
                    "status": status,
                    "recordings": recordings,
                }))
            }
            Outcome::Failed(errors) => Err(errors),
        }
    };
    match parsed {
        Value::Array(items) => {
            let out: Vec<Value> = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let d = Declared::from_json(format!("item {}", i + 1), item);
                    render(importer.apply(d).0).unwrap_or_else(
                        |errors| json!({"item": i + 1, "status": "failed", "errors": errors}),
                    )
                })
                .collect();
            Ok(axum::Json(Value::Array(out)).into_response())
        }
        item => {
            let d = Declared::from_json("contact".into(), &item);
            match render(importer.apply(d).0) {
                Ok(v) => Ok(axum::Json(v).into_response()),
                Err(errors) => Err(call.error(StatusCode::BAD_REQUEST, errors.join("; "))),
            }
        }
    }
}
