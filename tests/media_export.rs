//! Seed 001 "Single Contact Export API": POST prepares, GET answers the not-ready error until
//! the export is ready on the virtual clock, then the media.

mod common;
mod contacts_common;

use axum::http::Method;
use common::Harness;
use contacts_common::*;
use serde_json::json;

const EXPORT: &str = "/api/rest/recording/media/export/contact";

async fn prepare(h: &Harness, cookie: &str, id: &str, format: &str) -> common::Reply {
    h.call(
        Method::POST,
        &format!("{EXPORT}/{id}?type={format}"),
        Some(cookie),
        None,
    )
    .await
}

#[tokio::test]
async fn an_export_is_ready_after_encoding_on_the_virtual_clock() {
    let h = world();
    let a = h.login(ADMIN).await;
    let reply = prepare(&h, &a, "1", "WAV").await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json(), json!({"encoding": "true"}));
    let reply = h.get(&format!("{EXPORT}/1?type=WAV"), Some(&a)).await;
    assert_eq!(reply.status, 404);
    snap_json!("not_ready", reply.json());
    h.advance("", 5_000).await;
    let reply = h.get(&format!("{EXPORT}/1?type=WAV"), Some(&a)).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type").as_deref(), Some("audio/wav"));
    assert_eq!(&reply.body[..4], b"RIFF");
    assert_eq!(
        reply.body.len(),
        44 + 15 * 8000,
        "15 s of 8 kHz PCM, the call's duration"
    );
    // Another format is prepared on its own.
    let reply = h.get(&format!("{EXPORT}/1?type=WEBM_VP9"), Some(&a)).await;
    assert_eq!(reply.status, 404);
    prepare(&h, &a, "1", "WEBM_VP9").await;
    h.advance("", 5_000).await;
    let reply = h.get(&format!("{EXPORT}/1?type=WEBM_VP9"), Some(&a)).await;
    assert_eq!(reply.header("content-type").as_deref(), Some("video/webm"));
    assert_eq!(&reply.body[..4], &[0x1A, 0x45, 0xDF, 0xA3]);
}

#[tokio::test]
async fn an_uploaded_recording_is_exported_as_it_was_stored() {
    let h = world();
    let a = h.login(ADMIN).await;
    let audio = wav(42);
    let up = upload(
        &h,
        &a,
        &[
            (
                "x.csv",
                "text/csv",
                b"AgentId,Recording1\n2,x.wav\n".to_vec(),
            ),
            ("x.wav", "audio/wav", audio.clone()),
        ],
    )
    .await;
    let id = up.json()["contacts"][0]["id"].as_u64().unwrap();
    prepare(&h, &a, &id.to_string(), "WAV").await;
    h.advance("", 5_000).await;
    let reply = h.get(&format!("{EXPORT}/{id}?type=WAV"), Some(&a)).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, audio);
    assert_eq!(
        reply.header("content-disposition").as_deref(),
        Some(format!("attachment; filename=\"c{id}.wav\"").as_str())
    );
}

#[tokio::test]
async fn formats_contacts_and_media_are_checked() {
    let h = world();
    let a = h.login(ADMIN).await;
    let reply = prepare(&h, &a, "1", "MP3").await;
    assert_eq!(reply.status, 400);
    assert!(reply.message().contains("`MP3` is not one of"));
    assert_eq!(prepare(&h, &a, "1", "").await.status, 400);
    assert_eq!(
        h.call(Method::POST, &format!("{EXPORT}/1"), Some(&a), None)
            .await
            .status,
        400
    );
    let reply = prepare(&h, &a, "999", "WAV").await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.message(), "Requested contact does not exist!");
    let reply = prepare(&h, &a, "3", "OPUS").await;
    assert_eq!(reply.status, 404);
    snap_json!("no_media", reply.json());
    let reply = h.get(&format!("{EXPORT}/3?type=WEBM"), Some(&a)).await;
    assert_eq!(reply.status, 404);
    // A supervisor of team 13 cannot export Mark's contact.
    let sup = h.login(SUPERVISOR).await;
    assert_eq!(prepare(&h, &sup, "1", "WAV").await.status, 404);
    assert_eq!(prepare(&h, &sup, "2", "OPUS").await.status, 200);
}
