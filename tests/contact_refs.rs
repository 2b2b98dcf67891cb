//! Field notes: every `$ref` of the contact JSON resolves (agent, team, group, metadata, event;
//! plus `recordingUrl`), and `GET /api/rest/recording/media/energy/{id}?dataPoints=N` answers the
//! audio energy envelope of the contact's recording.

mod common;
mod contacts_common;

use common::Harness;
use contacts_common::*;
use serde_json::{Value, json};

const SEARCH_ALL: &str = "/api/rest/recording/contact?beginDate=2025-01-01";

async fn search(h: &Harness, cookie: &str, query: &str) -> Vec<Value> {
    let reply = h.get(&format!("{SEARCH_ALL}{query}"), Some(cookie)).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.json().as_array().unwrap().clone()
}

async fn contact(h: &Harness, cookie: &str, id: u64) -> Value {
    search(h, cookie, "")
        .await
        .into_iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("contact {id} is found"))
}

async fn follow(h: &Harness, cookie: &str, link: &Value) -> Value {
    let path = link.as_str().expect("a link");
    let reply = h.get(path, Some(cookie)).await;
    assert_eq!(reply.status, 200, "{path}: {}", reply.text());
    reply.json()
}

/// Every `$ref` in `v`, wherever it is.
fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("$ref", Value::String(s)) => out.push(s.clone()),
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| refs(i, out)),
        _ => {}
    }
}

/// A WAV file of 16-bit PCM frames (one sample per channel each).
fn pcm16(channels: u16, frames: &[&[i16]]) -> Vec<u8> {
    let data: Vec<u8> = frames
        .iter()
        .flat_map(|f| f.iter().flat_map(|s| s.to_le_bytes()))
        .collect();
    let mut v = b"RIFF".to_vec();
    v.extend_from_slice(&(36 + data.len() as u32).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&channels.to_le_bytes());
    v.extend_from_slice(&8000u32.to_le_bytes());
    v.extend_from_slice(&(8000 * 2 * channels as u32).to_le_bytes());
    v.extend_from_slice(&(2 * channels).to_le_bytes());
    v.extend_from_slice(&16u16.to_le_bytes());
    v.extend_from_slice(b"data");
    v.extend_from_slice(&(data.len() as u32).to_le_bytes());
    v.extend_from_slice(&data);
    v
}

/// Imports a contact of Mark's with `bytes` as its recording `name`; its id.
async fn with_recording(h: &Harness, cookie: &str, name: &str, bytes: Vec<u8>) -> u64 {
    let csv = format!("AgentId,Recording1\n2,{name}\n");
    let reply = upload(
        h,
        cookie,
        &[
            ("x.csv", "text/csv", csv.into_bytes()),
            (name, "application/octet-stream", bytes),
        ],
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.json()["contacts"][0]["id"].as_u64().unwrap()
}

async fn energy(h: &Harness, cookie: &str, id: u64, query: &str) -> common::Reply {
    h.get(
        &format!("/api/rest/recording/media/energy/{id}{query}"),
        Some(cookie),
    )
    .await
}

#[tokio::test]
async fn every_ref_of_a_searched_contact_answers_with_what_it_names() {
    let h = world();
    let a = h.login(ADMIN).await;
    let c = contact(&h, &a, 1).await;

    let person = follow(&h, &a, &c["agent"]["$ref"]).await;
    assert_eq!(person["id"], 2);
    assert_eq!(person["firstName"], c["agent"]["firstName"]);
    assert_eq!(person["lastName"], c["agent"]["lastName"]);
    snap_json!("person", person);

    let team = follow(&h, &a, &c["team"]["$ref"]).await;
    assert_eq!(team["id"], 12);
    assert_eq!(team["name"], c["team"]["name"]);
    assert!(
        team["agents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["personId"] == 2)
    );
    snap_json!("team", team);

    let group = follow(&h, &a, &c["group"]["$ref"]).await;
    assert_eq!(group["id"], 10);
    assert_eq!(group["name"], c["group"]["name"]);
    snap_json!("group", group);

    // metadata and event answer what expand= puts in their place.
    let expanded = search(&h, &a, "&expand=metadata&expand=event").await;
    let expanded = expanded.iter().find(|x| x["id"] == 1).unwrap();
    let metadata = follow(&h, &a, &c["metadata"]["$ref"]).await;
    assert_eq!(metadata, expanded["metadata"]);
    assert_eq!(metadata["QueueLanguage"]["value"], "English");
    snap_json!("metadata", metadata);
    let events = follow(&h, &a, &c["event"]["$ref"]).await;
    assert_eq!(events, expanded["event"]);
    assert_eq!(events.as_array().unwrap().len(), 3);
    snap_json!("events", events);
    // The PUT's spelling of the metadata path reads too.
    let unslashed = follow(&h, &a, &json!("/api/rest/recording/contact/1/metadata")).await;
    assert_eq!(unslashed, metadata);

    // recordingUrl: the audio, as WAV export serves it (a scenario recording is synthesised).
    let url = c["recordingUrl"].as_str().unwrap();
    let reply = h.get(url, Some(&a)).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type").as_deref(), Some("audio/wav"));
    assert_eq!(&reply.body[..4], b"RIFF");
    assert_eq!(reply.body.len(), 44 + 15 * 8000, "15 s of 8 kHz 8-bit PCM");
    let prepared = h
        .call(
            axum::http::Method::POST,
            "/api/rest/recording/media/export/contact/1?type=WAV",
            Some(&a),
            None,
        )
        .await;
    assert_eq!(prepared.status, 200);
    h.advance("", 5_000).await;
    let export = h
        .get(
            "/api/rest/recording/media/export/contact/1?type=WAV",
            Some(&a),
        )
        .await;
    assert_eq!(export.status, 200);
    assert_eq!(export.body, reply.body);
}

#[tokio::test]
async fn an_uploaded_recording_is_played_back_as_stored_with_its_type() {
    let h = world();
    let a = h.login(ADMIN).await;
    let audio = wav(9);
    let id = with_recording(&h, &a, "x.wav", audio.clone()).await;
    let reply = h
        .get(
            &format!("/api/rest/recording/contact/{id}/recording"),
            Some(&a),
        )
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, audio);
    assert_eq!(reply.header("content-type").as_deref(), Some("audio/wav"));
    assert_eq!(
        reply.header("content-disposition"),
        Some(format!("inline; filename=\"c{id}.wav\""))
    );
    let opus = b"OggS\0\x02opus-bytes".to_vec();
    let id = with_recording(&h, &a, "y.opus", opus.clone()).await;
    let reply = h
        .get(
            &format!("/api/rest/recording/contact/{id}/recording"),
            Some(&a),
        )
        .await;
    assert_eq!(reply.body, opus);
    assert_eq!(reply.header("content-type").as_deref(), Some("audio/ogg"));
}

/// Walks every `$ref` of every contact the caller finds, in every shape the search renders,
/// and of the basic search: none may answer anything but 200 (evaluations, evaluation forms
/// and evaluators included).
async fn no_ref_dangles_for(h: &Harness, cookie: &str, at_least: usize) {
    let mut found = Vec::new();
    for query in [
        "",
        "&expand=metadata",
        "&expand=event",
        "&expand=metadata.phone",
    ] {
        for c in search(h, cookie, query).await {
            refs(&c, &mut found);
        }
    }
    let basic = h
        .get("/api/rest/recording/contactBasicSearch?ani=*", Some(cookie))
        .await;
    assert_eq!(basic.status, 200, "{}", basic.text());
    refs(&basic.json(), &mut found);
    found.sort();
    found.dedup();
    assert!(
        found.len() >= at_least,
        "the walk finds the refs it should: {found:?}"
    );
    for r in &found {
        let reply = h.get(r, Some(cookie)).await;
        assert_eq!(reply.status, 200, "{r} dangles: {}", reply.text());
    }
}

#[tokio::test]
async fn no_ref_in_any_contact_dangles() {
    let h = world();
    let a = h.login(ADMIN).await;
    with_recording(&h, &a, "z.wav", wav(3)).await;
    // Admin: agents 2 and 3, teams 12 and 13, groups 10 and 11, metadata and event of 5
    // contacts, evaluations of contacts 1 and 2, forms 1 and 2, evaluators 4 and 5.
    no_ref_dangles_for(&h, &a, 2 + 2 + 2 + 5 * 2 + 2 + 2 + 2).await;
    // The supervisor sees team 13 only: John, its team and group, contacts 2 and 3, the
    // evaluation of 2, forms 1 and 2, and its evaluator (the supervisor).
    let sup = h.login(SUPERVISOR).await;
    no_ref_dangles_for(&h, &sup, 1 + 1 + 1 + 2 * 2 + 1 + 2 + 1).await;
}

#[tokio::test]
async fn refs_follow_the_view_rules() {
    let h = world();
    let sup = h.login(SUPERVISOR).await;
    let get = |path: &'static str| {
        let h = &h;
        let sup = sup.clone();
        async move { h.get(path, Some(&sup)).await }
    };
    // Contact 1 is Mark's (team 12): its sub-resources answer as `GET /contact/1` does for
    // the supervisor (not found); the org resources answer 403 as the org API does.
    let reply = get("/api/rest/recording/contact/1/metadata/").await;
    assert_eq!(reply.status, 404);
    snap_json!("contact_out_of_scope", reply.json());
    assert_eq!(get("/api/rest/recording/contact/1").await.status, 404);
    for path in [
        "/api/rest/recording/contact/1/event/",
        "/api/rest/recording/contact/1/recording",
    ] {
        assert_eq!(get(path).await.status, 404, "{path}");
    }
    for path in [
        "/api/rest/recording/person/2",
        "/api/rest/recording/team/12",
        "/api/rest/recording/group/10",
    ] {
        assert_eq!(get(path).await.status, 403, "{path}");
    }
    // The administrator (team 12) evaluates contacts the supervisor sees: an evaluator is
    // readable outside the scope, as every contact they evaluated names them.
    assert_eq!(get("/api/rest/recording/person/4").await.status, 200);
    // Unknown ids, and ids of another tenant, are 404; a non-numeric person id is 400 (as in
    // the org API), a non-numeric contact id 404 (as `GET /contact/{id}`).
    let reply = get("/api/rest/recording/contact/999/event/").await;
    assert_eq!(reply.status, 404);
    snap_json!("contact_unknown", reply.json());
    for path in [
        "/api/rest/recording/contact/999/metadata/",
        "/api/rest/recording/contact/999/recording",
        "/api/rest/recording/person/999",
        "/api/rest/recording/person/44",
        "/api/rest/recording/team/42",
        "/api/rest/recording/group/41",
    ] {
        assert_eq!(get(path).await.status, 404, "{path}");
    }
    let reply = get("/api/rest/recording/contact/abc/event/").await;
    assert_eq!(reply.status, 404);
    assert!(reply.message().contains("abc"), "{}", reply.message());
    assert_eq!(get("/api/rest/recording/person/x").await.status, 400);
    // The other tenant's administrator does not see tenant 1's contacts at all.
    let other = h.login(OTHER_TENANT).await;
    let reply = h
        .get("/api/rest/recording/contact/1/metadata/", Some(&other))
        .await;
    assert_eq!(reply.status, 404);
    // A contact without audio has no recording to play.
    let a = h.login(ADMIN).await;
    let reply = h
        .get("/api/rest/recording/contact/3/recording", Some(&a))
        .await;
    assert_eq!(reply.status, 404);
    snap_json!("no_audio", reply.json());
    // Its metadata and events are empty, not missing.
    assert_eq!(
        follow(&h, &a, &json!("/api/rest/recording/contact/3/metadata/")).await,
        json!({})
    );
    assert_eq!(
        follow(&h, &a, &json!("/api/rest/recording/contact/3/event/")).await,
        json!([])
    );
}

#[tokio::test]
async fn energy_of_a_stereo_wav_is_the_rms_of_each_channel_per_window() {
    let h = world();
    let a = h.login(ADMIN).await;
    // Left: 0.5 of full scale, then silence; right: full scale, then 0.25.
    let audio = pcm16(
        2,
        &[&[16384, -32768], &[-16384, -32768], &[0, 8192], &[0, -8192]],
    );
    let id = with_recording(&h, &a, "stereo.wav", audio).await;
    let reply = energy(&h, &a, id, "?dataPoints=2").await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.json(),
        json!({"channel_0": [0.5, 0.0], "channel_1": [1.0, 0.25]})
    );
    snap_json!("energy_stereo", reply.json());
    // One point: the RMS of the whole file, sqrt(0.5/4) and sqrt(2.125/4).
    let reply = energy(&h, &a, id, "?dataPoints=1").await;
    assert_eq!(
        reply.json(),
        json!({"channel_0": [0.3536], "channel_1": [0.7289]})
    );
    // More points than frames: windows without a frame are 0.
    let reply = energy(&h, &a, id, "?dataPoints=8").await;
    assert_eq!(
        reply.json(),
        json!({
            "channel_0": [0.0, 0.5, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0],
            "channel_1": [0.0, 1.0, 0.0, 1.0, 0.0, 0.25, 0.0, 0.25],
        })
    );
}

#[tokio::test]
async fn energy_of_a_mono_wav_is_given_for_both_channels() {
    let h = world();
    let a = h.login(ADMIN).await;
    let audio = pcm16(1, &[&[8192], &[-8192], &[16384], &[-16384], &[0], &[0]]);
    let id = with_recording(&h, &a, "mono.wav", audio).await;
    let reply = energy(&h, &a, id, "?dataPoints=3").await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.json(),
        json!({"channel_0": [0.25, 0.5, 0.0], "channel_1": [0.25, 0.5, 0.0]})
    );
    // Without dataPoints: 100 points.
    let reply = energy(&h, &a, id, "").await;
    assert_eq!(reply.json()["channel_0"].as_array().unwrap().len(), 100);
    // A scenario recording: the synthesised 8-bit WAV, 15 s, values in range.
    let reply = energy(&h, &a, 1, "?dataPoints=10000").await;
    assert_eq!(reply.status, 200);
    let body = reply.json();
    for channel in ["channel_0", "channel_1"] {
        let points = body[channel].as_array().unwrap();
        assert_eq!(points.len(), 10_000);
        assert!(
            points
                .iter()
                .all(|p| (0.0..=1.0).contains(&p.as_f64().unwrap()))
        );
        assert!(points.iter().any(|p| p.as_f64().unwrap() > 0.0));
    }
}

#[tokio::test]
async fn energy_of_a_compressed_recording_is_derived_from_its_bytes() {
    let h = world();
    let a = h.login(ADMIN).await;
    // Read as unsigned 8-bit samples of two interleaved channels.
    let bytes = vec![128, 0, 128, 0, 255, 128, 255, 128];
    let id = with_recording(&h, &a, "call.webma", bytes).await;
    let reply = energy(&h, &a, id, "?dataPoints=2").await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.json(),
        json!({"channel_0": [0.0, 0.9922], "channel_1": [1.0, 0.0]})
    );
    let again = energy(&h, &a, id, "?dataPoints=2").await;
    assert_eq!(again.body, reply.body, "deterministic");
}

#[tokio::test]
async fn energy_checks_data_points_contact_and_audio() {
    let h = world();
    let a = h.login(ADMIN).await;
    for bad in ["0", "-1", "1.5", "abc", "", "10001", "%2B5"] {
        let reply = energy(&h, &a, 1, &format!("?dataPoints={bad}")).await;
        assert_eq!(reply.status, 400, "{bad}: {}", reply.text());
        assert!(reply.message().contains("dataPoints"), "{bad}");
    }
    let reply = energy(&h, &a, 1, "?dataPoints=0").await;
    snap_json!("energy_bad_data_points", reply.json());
    let reply = energy(&h, &a, 999, "?dataPoints=5").await;
    assert_eq!(reply.status, 404);
    let reply = energy(&h, &a, 3, "?dataPoints=5").await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.message(), "Contact 3 has no audio recording");
    let sup = h.login(SUPERVISOR).await;
    assert_eq!(energy(&h, &sup, 1, "?dataPoints=5").await.status, 404);
    assert_eq!(energy(&h, &sup, 2, "?dataPoints=5").await.status, 200);
    // Without a session: the gateway's 401.
    let reply = h
        .get("/api/rest/recording/media/energy/1?dataPoints=5", None)
        .await;
    assert_eq!(reply.status, 401);
}
