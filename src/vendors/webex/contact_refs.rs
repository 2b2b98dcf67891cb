//! Field notes: "every `$ref` link in a documented response body should resolve". The contact
//! sub-resources seed 001's Contact API JSON links (`metadata` and `event` `$ref`s, and
//! `recordingUrl`): `GET /api/rest/recording/contact/{id}/metadata/`, `.../event/` and
//! `.../recording`. Parsing and rendering only: view rules are those of `GET /contact/{id}`, the
//! audio is `contacts::playback`.

use super::contacts::{contact_in_view, events_json, metadata_json};
use crate::contacts::Contact;
use crate::contacts::playback;
use crate::http::{ApiError, Call};
use crate::world::Org;
use axum::Json;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// The contact `raw` names as `GET /contact/{id}` finds it: 404 when absent, of another
/// tenant or outside the caller's view (a sub-resource answers as its contact does).
pub fn contact_by_id(call: &Call, raw: &str) -> Result<Contact, ApiError> {
    let org = Org::of(&call.sandbox.store);
    contact_in_view(call, &org, raw.trim()).map(|(c, _)| c)
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
