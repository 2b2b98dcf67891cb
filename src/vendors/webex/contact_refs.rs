//! Field notes: "every `$ref` link in a documented response body should resolve". The contact
//! sub-resources seed 001's Contact API JSON links (`metadata` and `event` `$ref`s, and
//! `recordingUrl`): `GET /api/rest/recording/contact/{id}/metadata/`, `.../event/` and
//! `.../recording`. Parsing and rendering only: view rules are `contacts::search::Viewer`, the
//! audio is `contacts::playback`.

use super::contact_import::caller;
use super::contacts::{events_json, metadata_json};
use crate::contacts::playback;
use crate::contacts::search::Viewer;
use crate::contacts::{Contact, Contacts};
use crate::http::{ApiError, Call};
use crate::world::Org;
use axum::Json;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// The contact `raw` names, as the caller may read it by id: not a whole number → 400; unknown
/// (or of another tenant) → 404; outside the caller's scope (the contact search's view rules)
/// → 403.
pub fn contact_by_id(call: &Call, raw: &str) -> Result<Contact, ApiError> {
    let id: u64 = raw.trim().parse().map_err(|_| {
        call.error(
            StatusCode::BAD_REQUEST,
            format!("Invalid parameter id: `{raw}` is not an integer id"),
        )
        .with_field("id")
    })?;
    let person = caller(call)?;
    let store = &call.sandbox.store;
    let contact = Contacts::of(store)
        .get(id)
        .filter(|c| c.tenant_id == person.tenant_id)
        .ok_or_else(|| {
            call.error(
                StatusCode::NOT_FOUND,
                format!("Contact {id} does not exist"),
            )
        })?;
    if !Viewer::new(&Org::of(store), person).sees(&contact) {
        return Err(call.error(
            StatusCode::FORBIDDEN,
            format!("Forbidden: contact {id} is outside your scope"),
        ));
    }
    Ok(contact)
}

/// `GET /api/rest/recording/contact/{id}/metadata/`: the metadata object as `expand=metadata`
/// renders it (`{"QueueLanguage": {"value": "English"}}`; `{}` when it has none).
pub async fn metadata(call: Call, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let contact = contact_by_id(&call, &id)?;
    Ok(Json(metadata_json(&contact)))
}

/// `GET /api/rest/recording/contact/{id}/event/`: the events as `expand=event` renders them
/// (`[]` when it has none).
pub async fn events(call: Call, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let contact = contact_by_id(&call, &id)?;
    Ok(Json(events_json(&contact)))
}

/// `GET /api/rest/recording/contact/{id}/recording` (`recordingUrl`): the audio recording's
/// bytes with their content type, as media export serves them; 404 without uploaded audio.
pub async fn recording(call: Call, Path(id): Path<String>) -> Result<Response, ApiError> {
    let contact = contact_by_id(&call, &id)?;
    let media = playback::open(&call.sandbox.store.blobs(), &contact).ok_or_else(|| {
        call.error(
            StatusCode::NOT_FOUND,
            format!("Contact {} has no audio recording", contact.id),
        )
    })?;
    let content_type = media.content_type();
    let disposition = format!("inline; filename=\"c{}.{}\"", contact.id, media.format);
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        media.source.into_bytes(),
    )
        .into_response())
}
