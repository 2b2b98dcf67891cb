//! Seed 001 "Generic Text Import API" (`POST|PUT /api/rest/cas/importtext`, JSON) and "Generic
//! Text Import with Multiple Files API" (`POST /api/upload/textcontacts/`, multipart CSV/JSON
//! with TXT content files, or a ZIP of them). Rules in `contacts::text`.

use super::contact_import::{caller, receive};
use crate::contacts::Contacts;
use crate::contacts::import::{FileKind, lenient_json};
use crate::contacts::text::{TextOutcome, TextRecord, import};
use crate::contacts::upload::{Upload, UploadLimits};
use crate::gateway::RequestSummary;
use crate::http::{ApiError, Call};
use crate::store::SandboxStore;
use crate::world::{Org, Person};
use axum::Extension;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::io::Read;

/// Largest text content or declaration file read (each is read whole).
const MAX_TEXT_FILE: u64 = 16 * 1024 * 1024;

struct Tally {
    imported: u64,
    failed: u64,
    records: Vec<Value>,
}

impl Tally {
    fn new() -> Tally {
        Tally {
            imported: 0,
            failed: 0,
            records: Vec::new(),
        }
    }

    fn add(&mut self, mut entry: Value, outcome: TextOutcome) {
        match outcome {
            TextOutcome::Imported(c) => {
                self.imported += 1;
                entry["status"] = json!("imported");
                entry["id"] = json!(c.id);
                entry["sourceId"] = json!(c.text.and_then(|t| t.source_id));
            }
            TextOutcome::Failed(errors) => {
                self.failed += 1;
                entry["status"] = json!("failed");
                entry["errors"] = json!(errors);
            }
        }
        self.records.push(entry);
    }

    fn body(self, files: &[Value]) -> Value {
        json!({"imported": self.imported, "failed": self.failed, "records": self.records, "files": files})
    }
}

/// `POST|PUT /api/rest/cas/importtext`.
pub async fn import_text(call: Call, body: Bytes) -> Result<Response, ApiError> {
    let caller = caller(&call)?;
    // The seed's own example is not strict JSON (line breaks in strings, missing and trailing
    // commas): read it leniently, report strict JSON's error when even that fails.
    let parsed = match std::str::from_utf8(&body).ok().map(lenient_json) {
        Some(Ok(v)) => v,
        _ => crate::http::json::parse(&call, &body)?,
    };
    let Some(batch) = parsed.as_object() else {
        return Err(call.error(
            StatusCode::BAD_REQUEST,
            "The body must be a JSON object with textType and records",
        ));
    };
    let text_type = match batch.get("textType") {
        Some(Value::String(t)) if !t.trim().is_empty() => t.trim().to_string(),
        _ => {
            return Err(call
                .error(
                    StatusCode::BAD_REQUEST,
                    "textType is required (email, chat, website or other)",
                )
                .with_field("textType"));
        }
    };
    let Some(Value::Array(records)) = batch.get("records") else {
        return Err(call
            .error(
                StatusCode::BAD_REQUEST,
                "records is required: an array of records",
            )
            .with_field("records"));
    };
    let form = batch
        .get("evalForm")
        .and_then(crate::contacts::text::form_ref);
    let store = &call.sandbox.store;
    let (contacts, org) = (Contacts::of(store), Org::of(store));
    let mut tally = Tally::new();
    for (i, v) in records.iter().enumerate() {
        let r = TextRecord::from_json(
            format!("record {}", i + 1),
            v,
            Some(&text_type),
            form.as_deref(),
        );
        let text = r.text.clone();
        let outcome = import(&contacts, &org, &caller, r, text);
        tally.add(json!({"record": i + 1}), outcome);
    }
    Ok(axum::Json(tally.body(&[])).into_response())
}

fn accept_text_files(kind: FileKind) -> Option<&'static str> {
    match kind {
        FileKind::Media(_) => {
            Some("media files belong to /api/upload/contacts; text contacts take TXT content files")
        }
        _ => None,
    }
}

/// `POST /api/upload/textcontacts/`.
pub async fn upload_text(
    call: Call,
    Extension(limits): Extension<UploadLimits>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let caller = caller(&call)?;
    let mut upload = receive(&call, &headers, body, limits, accept_text_files).await?;
    let result = import_text_upload(&call.sandbox.store, &caller, &mut upload);
    let mut response = axum::Json(result).into_response();
    response
        .extensions_mut()
        .insert(RequestSummary(json!({"parts": upload.summary})));
    Ok(response)
}

fn read_text(store: &SandboxStore, blob: &crate::store::BlobRef) -> Result<String, String> {
    if blob.size > MAX_TEXT_FILE {
        return Err(format!("larger than the limit of {MAX_TEXT_FILE} bytes"));
    }
    let mut text = String::new();
    store
        .blobs()
        .open(&blob.sha256)
        .ok_or("the stored file disappeared")?
        .read_to_string(&mut text)
        .map_err(|e| format!("not UTF-8 text: {e}"))?;
    Ok(text)
}

/// Imports the text contacts of a received upload (also used by the drop folder).
pub fn import_text_upload(store: &SandboxStore, caller: &Person, upload: &mut Upload) -> Value {
    let (contacts, org) = (Contacts::of(store), Org::of(store));
    let mut tally = Tally::new();
    let run = |r: TextRecord, file: &str, item: Value, tally: &mut Tally| {
        let mut entry = json!({"file": file});
        entry
            .as_object_mut()
            .expect("object")
            .extend(item.as_object().cloned().unwrap_or_default());
        let mut r = r;
        let text = match (&r.text, &r.filename) {
            (Some(t), _) => Some(t.clone()),
            (None, Some(name)) => match upload.texts.get(name) {
                Some(blob) => match read_text(store, blob) {
                    Ok(t) => Some(t),
                    Err(e) => {
                        r.errors.push(format!("filename `{name}`: {e}"));
                        None
                    }
                },
                None => {
                    r.errors
                        .push(format!("filename `{name}` is not in the upload"));
                    None
                }
            },
            (None, None) => {
                r.errors.push("filename is required".into());
                None
            }
        };
        tally.add(entry, import(&contacts, &org, caller, r, text));
    };
    for file in upload.declarations.clone() {
        let name = file.name.clone();
        let text = match read_text(store, &file.blob) {
            Ok(t) => t,
            Err(e) => {
                let r = TextRecord {
                    errors: vec![e],
                    ..TextRecord::default()
                };
                run(r, &name, json!({}), &mut tally);
                continue;
            }
        };
        match file.kind {
            FileKind::Csv => {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(text.as_bytes());
                let mut headers: Option<Vec<String>> = None;
                for record in reader.records() {
                    match record {
                        Ok(rec) => {
                            let line = rec.position().map_or(0, |p| p.line());
                            let fields: Vec<String> = rec.iter().map(str::to_string).collect();
                            match &headers {
                                None => {
                                    headers = Some(
                                        fields
                                            .into_iter()
                                            .map(|h| h.trim_start_matches('\u{feff}').to_string())
                                            .collect(),
                                    )
                                }
                                Some(h) => {
                                    if fields.iter().all(|f| f.trim().is_empty()) {
                                        continue;
                                    }
                                    let r = TextRecord::from_csv(
                                        format!("{name} row {line}"),
                                        h,
                                        &fields,
                                    );
                                    run(r, &name, json!({"row": line}), &mut tally);
                                }
                            }
                        }
                        Err(e) => {
                            let r = TextRecord {
                                errors: vec![format!("not readable as CSV: {e}")],
                                ..TextRecord::default()
                            };
                            run(r, &name, json!({}), &mut tally);
                            break;
                        }
                    }
                }
            }
            FileKind::Json => match lenient_json(&text) {
                Ok(Value::Array(items)) => {
                    for (i, item) in items.iter().enumerate() {
                        let r = TextRecord::from_json(
                            format!("{name} item {}", i + 1),
                            item,
                            None,
                            None,
                        );
                        run(r, &name, json!({"item": i + 1}), &mut tally);
                    }
                }
                Ok(item) => {
                    let r = TextRecord::from_json(name.clone(), &item, None, None);
                    run(r, &name, json!({"item": 1}), &mut tally);
                }
                Err(e) => {
                    let r = TextRecord {
                        errors: vec![format!(
                            "malformed JSON at line {}, column {}: {}",
                            e.line(),
                            e.column(),
                            crate::http::json::serde_reason(&e)
                        )],
                        ..TextRecord::default()
                    };
                    run(r, &name, json!({}), &mut tally);
                }
            },
            _ => {}
        }
    }
    upload.clean_up(&Default::default());
    tally.body(&upload.files)
}
