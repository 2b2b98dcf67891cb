//! Field notes: `GET /api/rest/recording/media/energy/{id}?dataPoints=N` answers the audio
//! energy envelope `{"channel_0": [...], "channel_1": [...]}` with N points per channel.
//! Parsing and rendering only; the envelope is `contacts::energy`, the audio
//! `contacts::playback`.

use super::contact_refs::contact_by_id;
use super::contacts::pairs;
use crate::contacts::energy::{self, DEFAULT_DATA_POINTS, MAX_DATA_POINTS};
use crate::contacts::playback;
use crate::http::{ApiError, Call};
use axum::Json;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use serde_json::{Map, Value, json};

/// `dataPoints`: a whole number from 1 to [`MAX_DATA_POINTS`]; [`DEFAULT_DATA_POINTS`] when
/// absent.
fn data_points(call: &Call, raw: &Option<String>) -> Result<usize, ApiError> {
    let pairs = pairs(raw);
    let Some((_, text)) = pairs.iter().rev().find(|(k, _)| k == "dataPoints") else {
        return Ok(DEFAULT_DATA_POINTS);
    };
    let value = text.trim();
    let n = (!value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()))
        .then(|| value.parse::<usize>().ok())
        .flatten()
        .filter(|n| (1..=MAX_DATA_POINTS).contains(n));
    n.ok_or_else(|| {
        call.error(
            StatusCode::BAD_REQUEST,
            format!(
                "Invalid parameter dataPoints: `{text}` is not a whole number from 1 to {MAX_DATA_POINTS}"
            ),
        )
        .with_field("dataPoints")
    })
}

/// `GET /api/rest/recording/media/energy/{id}`.
pub async fn energy(
    call: Call,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let points = data_points(&call, &raw)?;
    let contact = contact_by_id(&call, &id)?;
    let media = playback::open(&call.sandbox.store.blobs(), &contact).ok_or_else(|| {
        call.error(
            StatusCode::NOT_FOUND,
            format!("Contact {} has no audio recording", contact.id),
        )
    })?;
    let wav = media.is_wav();
    let mut source = media.source;
    // Reading a long recording is file work: off the async workers.
    let envelope = tokio::task::spawn_blocking(move || {
        let len = source.len();
        energy::envelope(&mut source, len, wav, points)
    })
    .await
    .map_err(|e| {
        call.error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("The energy envelope could not be computed: {e}"),
        )
    })?;
    let body: Map<String, Value> = envelope
        .channels
        .into_iter()
        .enumerate()
        .map(|(i, points)| (format!("channel_{i}"), json!(points)))
        .collect();
    Ok(Json(Value::Object(body)))
}
