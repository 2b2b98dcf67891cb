//! Seed 001 "Single Contact Export API": `POST` then `GET
//! /api/rest/recording/media/export/contact/{id}?type=FORMAT`. Rules in `contacts::export`.

use super::contact_import::caller;
use super::contacts::pairs;
use crate::contacts::export::{self, Format};
use crate::contacts::search::Viewer;
use crate::contacts::{Contact, Contacts};
use crate::http::{ApiError, Call};
use crate::world::Org;
use axum::extract::{Path, RawQuery};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

fn format(call: &Call, raw: &Option<String>) -> Result<Format, ApiError> {
    let pairs = pairs(raw);
    let Some((_, value)) = pairs.iter().rev().find(|(k, _)| k == "type") else {
        return Err(call
            .error(
                StatusCode::BAD_REQUEST,
                "Invalid parameter type: required, one of WEBM, WEBM_VP8, WEBM_VP9, WAV, OPUS",
            )
            .with_field("type"));
    };
    Format::parse(value).ok_or_else(|| {
        call.error(
            StatusCode::BAD_REQUEST,
            format!("Invalid parameter type: `{value}` is not one of WEBM, WEBM_VP8, WEBM_VP9, WAV, OPUS"),
        )
        .with_field("type")
    })
}

fn contact(call: &Call, id: &str) -> Result<Contact, ApiError> {
    // Seed 001: "If the <id> does not exist, you receive ... Requested contact does not exist!"
    let missing = || call.error(StatusCode::NOT_FOUND, "Requested contact does not exist!");
    let id: u64 = id.parse().map_err(|_| missing())?;
    let store = &call.sandbox.store;
    let contact = Contacts::of(store).get(id).ok_or_else(missing)?;
    let org = Org::of(store);
    if !Viewer::new(&org, caller(call)?).sees(&contact) {
        return Err(missing());
    }
    Ok(contact)
}

fn without_media(call: &Call, c: &Contact, format: Format) -> ApiError {
    call.error(
        StatusCode::NOT_FOUND,
        format!(
            "Contact {} has no {} recording to export as {}",
            c.id,
            if format.audio_only() {
                "audio"
            } else {
                "audio or screen"
            },
            format.name()
        ),
    )
}

/// `POST`: prepares the export; answers `{"encoding": "true"}` as the seed's example does.
pub async fn prepare(
    call: Call,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let format = format(&call, &raw)?;
    let contact = contact(&call, &id)?;
    if export::source(&contact, format).is_none() {
        return Err(without_media(&call, &contact, format));
    }
    export::prepare(&call.sandbox, contact.id, format, call.now_ms());
    Ok(axum::Json(json!({"encoding": "true"})).into_response())
}

/// `GET`: the media once the prepared export is ready, else the seed's not-ready error.
pub async fn fetch(
    call: Call,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let format = format(&call, &raw)?;
    let contact = contact(&call, &id)?;
    let Some(recording) = export::source(&contact, format) else {
        return Err(without_media(&call, &contact, format));
    };
    let ready = export::prepared(&call.sandbox, contact.id, format)
        .is_some_and(|job| job.state_at(call.now_ms()).finished);
    if !ready {
        return Err(call.error(
            StatusCode::NOT_FOUND,
            format!(
                "The following file does not exist or may have expired: {}",
                export::file_name(contact.id, format)
            ),
        ));
    }
    let bytes = export::bytes(&call.sandbox.store.blobs(), &contact, recording, format);
    let disposition = format!(
        "attachment; filename=\"{}\"",
        export::file_name(contact.id, format)
    );
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
