//! Seed 000/001 "Import contacts in bulk": the multipart upload (CSV, JSON, media, ZIP), its
//! per-item statuses and errors, streaming limits, and the real-time import.

mod common;
mod contacts_common;

use common::Harness;
use contacts_common::*;
use serde_json::{Value, json};
use wfo_harness::contacts::upload::UploadLimits;
use wfo_harness::{Config, app, scenario};

fn with_limits(limits: UploadLimits) -> Harness {
    Harness {
        app: app(Config {
            scenario: scenario::load("contacts", WORLD, None).unwrap(),
            uploads: limits,
            ..Config::default()
        })
        .unwrap(),
    }
}

async fn search(h: &Harness, cookie: &str, query: &str) -> Value {
    let reply = h
        .get(
            &format!("/api/rest/recording/contact?{query}"),
            Some(cookie),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.json()
}

#[tokio::test]
async fn the_seeds_full_csv_example_imports_both_rows_with_their_recordings() {
    let h = world();
    let admin = h.login(ADMIN).await;
    let reply = upload(
        &h,
        &admin,
        &[
            ("call1.webmv", "video/webm", webm(1)),
            ("full.csv", "text/csv", fixture("full.csv")),
            ("call1.wav", "audio/wav", wav(1)),
            ("call2.wav", "audio/wav", wav(2)),
        ],
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    snap_json!("full_csv", reply.json());
    let found = search(
        &h,
        &admin,
        "beginDate=2015-11-01&endDate=2015-11-30&expand=metadata",
    )
    .await;
    snap_json!("full_csv_search", found);
    // Recording2 (the WAV) starts Recording2Offset after Recording1.
    let transcript = h.transcript("").await;
    let upload = transcript
        .iter()
        .find(|e| e["endpoint"] == "contacts.bulk_upload")
        .unwrap();
    assert!(
        upload.to_string().contains("call1.webmv"),
        "the transcript summarises parts"
    );
}

#[tokio::test]
async fn the_seeds_short_csv_example_imports_for_person_2() {
    let h = world();
    let admin = h.login(ADMIN).await;
    let reply = upload(
        &h,
        &admin,
        &[
            ("short.csv", "text/csv", fixture("short.csv")),
            ("call1.wav", "audio/wav", wav(1)),
            ("call2.wav", "audio/wav", wav(2)),
        ],
    )
    .await;
    assert_eq!(reply.status, 200);
    let body = reply.json();
    assert_eq!(body["inserted"], 2);
    let found = search(
        &h,
        &admin,
        "beginDate=2015-11-01&endDate=2015-12-31&agent=2",
    )
    .await;
    assert_eq!(found.as_array().unwrap().len(), 2);
    assert!(
        found
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["audioUploaded"] == true)
    );
}

#[tokio::test]
async fn the_seeds_json_examples_import_verbatim_despite_their_syntax() {
    let h = world();
    let admin = h.login(ADMIN).await;
    let reply = upload(
        &h,
        &admin,
        &[
            ("full.json", "application/json", fixture("full.json")),
            ("25.wav", "audio/wav", wav(25)),
            ("25.webm", "video/webm", webm(25)),
        ],
    )
    .await;
    assert_eq!(reply.status, 200);
    snap_json!("full_json", reply.json());
    let reply = upload(
        &h,
        &admin,
        &[
            ("short.json", "application/json", fixture("short.json")),
            ("25.wav", "audio/wav", wav(26)),
        ],
    )
    .await;
    let body = reply.json();
    assert_eq!(body["inserted"], 1, "{body}");
    let found = search(
        &h,
        &admin,
        "beginDate=2015-11-01&endDate=2015-12-31&agent=3&expand=metadata",
    )
    .await;
    let all = found.as_array().unwrap();
    assert_eq!(all.len(), 2);
    let full = all.iter().find(|c| c["icmCallId"] == "30611848").unwrap();
    assert_eq!(full["metadata"]["department"]["value"], "sales");
    assert_eq!(
        (
            full["audioUploaded"].clone(),
            full["screenUploaded"].clone()
        ),
        (json!(true), json!(true))
    );
    assert_eq!(full["tz"], "Central Standard Time");
}

#[tokio::test]
async fn the_seeds_zip_example_is_read_as_if_its_files_were_parts() {
    let h = world();
    let admin = h.login(ADMIN).await;
    let archive = zip(&[
        ("batch/batch.csv", fixture("short.csv")),
        ("batch/media/call1.wav", wav(1)),
        ("call2.wav", wav(2)),
    ]);
    let reply = upload(&h, &admin, &[("batch.zip", "application/zip", archive)]).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    snap_json!("zip_example", reply.json());
}

#[tokio::test]
async fn a_missing_recording_fails_its_contact_alone_and_an_unreferenced_one_is_ignored() {
    let h = world();
    let admin = h.login(ADMIN).await;
    let reply = upload(
        &h,
        &admin,
        &[
            ("short.csv", "text/csv", fixture("short.csv")),
            ("call1.wav", "audio/wav", wav(1)),
            ("spare.opus", "audio/ogg", b"OggS spare".to_vec()),
        ],
    )
    .await;
    assert_eq!(reply.status, 200);
    let body = reply.json();
    snap_json!("missing_recording", body);
    assert_eq!(
        (body["inserted"].clone(), body["failed"].clone()),
        (json!(1), json!(1))
    );
}

#[tokio::test]
async fn every_documented_maximum_length_is_enforced_per_contact() {
    let h = world();
    let admin = h.login(ADMIN).await;
    let long = |n: usize| "9".repeat(n);
    let csv = format!(
        "AgentId,ContactStartTimeMs,CallId,AssocCallId,CalledAddress,CallingAddress,Line,TimeZone,Recording1,metadata.{}\n\
         2,1447100000000,{},1,1,1,1,UTC,a.wav,x\n\
         2,1447100000001,1,{},{},{},{},{},a.wav,\n\
         2,1447100000002,ok,1,1,1,1,UTC,{}.wav,\n",
        "n".repeat(40),
        long(129),
        long(53),
        long(65),
        long(65),
        long(65),
        long(256),
        long(125),
    );
    let reply = upload(
        &h,
        &admin,
        &[
            ("limits.csv", "text/csv", csv.into_bytes()),
            ("a.wav", "audio/wav", wav(3)),
        ],
    )
    .await;
    assert_eq!(reply.status, 200);
    snap_json!("max_lengths", reply.json());
    let json_body = json!({"AgentId": "x".repeat(255), "CustomMetadata": {"k": "v".repeat(2057)}});
    let reply = upload(
        &h,
        &admin,
        &[(
            "c.json",
            "application/json",
            json_body.to_string().into_bytes(),
        )],
    )
    .await;
    let errors = reply.json()["contacts"][0]["errors"].to_string();
    assert!(
        errors.contains("AgentId is longer than the maximum of 254"),
        "{errors}"
    );
    assert!(errors.contains("maximum of 2056"), "{errors}");
}

#[tokio::test]
async fn bad_rows_files_and_media_types_get_their_own_errors() {
    let h = world();
    let admin = h.login(ADMIN).await;
    let csv = "AgentId,ContactStartTimeMs,Recording1\n2,1447100000000\n,1447100000001,a.wav\n2,soon,a.wav\nnobody@x.com,1,a.wav\n2,1447100000009,a.txt\n";
    let reply = upload(
        &h,
        &admin,
        &[
            ("rows.csv", "text/csv", csv.as_bytes().to_vec()),
            ("a.wav", "audio/wav", wav(4)),
            ("tool.exe", "application/octet-stream", b"MZ".to_vec()),
            ("wrong.wav", "audio/wav", webm(4)),
            ("declared.opus", "video/webm", b"?".to_vec()),
        ],
    )
    .await;
    assert_eq!(reply.status, 200);
    snap_json!("bad_items", reply.json());
}

#[tokio::test]
async fn json_defaults_the_agent_to_the_caller_and_the_start_to_the_upload_time() {
    let h = world();
    let admin = h.login(ADMIN).await;
    let body = json!([{"CallId": "no-agent", "Audio": [{"Location": "x.wav"}]}]);
    let reply = upload(
        &h,
        &admin,
        &[
            ("c.json", "application/json", body.to_string().into_bytes()),
            ("x.wav", "audio/wav", wav(5)),
        ],
    )
    .await;
    assert_eq!(reply.json()["inserted"], 1);
    let found = search(&h, &admin, "callId=no-agent").await;
    assert_eq!(found[0]["agent"]["$ref"], "/api/rest/recording/person/4");
    // 2026-01-05T09:00:00Z, the virtual clock.
    assert_eq!(found[0]["startTime"], 1_767_603_600_000i64);
}

#[tokio::test]
async fn importing_the_same_contact_again_merges_into_it() {
    let h = world();
    let admin = h.login(ADMIN).await;
    let parts = |meta: &str| {
        vec![
            (
                "one.csv",
                "text/csv",
                format!("AgentId,ContactStartTimeMs,CallId,Recording1,metadata.k\n2,1447100000000,dup-1,a.wav,{meta}\n")
                    .into_bytes(),
            ),
            ("a.wav", "audio/wav", wav(6)),
        ]
    };
    let first = upload(&h, &admin, &parts("v1")).await.json();
    let second = upload(&h, &admin, &parts("v2")).await.json();
    assert_eq!(first["contacts"][0]["status"], "inserted");
    assert_eq!(second["contacts"][0]["status"], "merged");
    assert_eq!(first["contacts"][0]["id"], second["contacts"][0]["id"]);
    let found = search(
        &h,
        &admin,
        "callId=dup-1&beginDate=2015-01-01&expand=metadata",
    )
    .await;
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["metadata"]["k"]["value"], "v2");
}

#[tokio::test]
async fn zip_entries_never_escape_and_links_are_refused() {
    let h = world();
    let admin = h.login(ADMIN).await;
    let mut cursor = std::io::Cursor::new(Vec::new());
    {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(&mut cursor);
        let o = zip::write::SimpleFileOptions::default();
        w.start_file("../../etc/evil.csv", o).unwrap();
        w.write_all(b"AgentId,ContactStartTimeMs,Recording1\n2,1447100000000,abs.wav\n")
            .unwrap();
        w.start_file("/abs/abs.wav", o).unwrap();
        w.write_all(&wav(7)).unwrap();
        w.add_symlink("link.wav", "/etc/passwd", o).unwrap();
        w.start_file("inner.zip", o).unwrap();
        w.write_all(b"PK").unwrap();
        w.finish().unwrap();
    }
    let reply = upload(
        &h,
        &admin,
        &[("odd.zip", "application/zip", cursor.into_inner())],
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    snap_json!("zip_paths", reply.json());
}

#[tokio::test]
async fn zip_bombs_truncated_archives_and_large_requests_are_refused_whole() {
    let h = with_limits(UploadLimits {
        request_bytes: 200_000,
        zip_entries: 3,
        zip_bytes: 100_000,
    });
    let admin = h.login(ADMIN).await;
    let bomb = zip(&[("a.csv", vec![b'a'; 1_000_000])]);
    assert!(bomb.len() < 10_000);
    let reply = upload(&h, &admin, &[("bomb.zip", "application/zip", bomb)]).await;
    assert_eq!(reply.status, 413, "{}", reply.text());
    assert!(
        reply.message().contains("limit of 100000 bytes"),
        "{}",
        reply.message()
    );

    let many = zip(&[
        ("1.wav", wav(1)),
        ("2.wav", wav(2)),
        ("3.wav", wav(3)),
        ("4.wav", wav(4)),
    ]);
    let reply = upload(&h, &admin, &[("many.zip", "application/zip", many)]).await;
    assert_eq!(reply.status, 413);
    assert!(
        reply.message().contains("limit of 3 entries"),
        "{}",
        reply.message()
    );

    let mut truncated = zip(&[("batch.csv", fixture("short.csv")), ("call1.wav", wav(1))]);
    truncated.truncate(truncated.len() / 2);
    let reply = upload(&h, &admin, &[("cut.zip", "application/zip", truncated)]).await;
    assert_eq!(reply.status, 400);
    assert!(
        reply.message().contains("truncated or corrupt"),
        "{}",
        reply.message()
    );

    let reply = upload(&h, &admin, &[("big.wav", "audio/wav", vec![0; 300_000])]).await;
    assert_eq!(reply.status, 413);
    // Nothing was kept: a search finds no contact of 2015 and no blob is left.
    let found = search(&h, &admin, "beginDate=2015-01-01&endDate=2015-12-31").await;
    assert_eq!(found, json!([]));
    let sandbox = h.app.state.sandboxes.get("default").unwrap();
    assert_eq!(
        sandbox.store.blobs().len(),
        0,
        "refused uploads leave no media behind"
    );
}

#[tokio::test]
async fn the_real_time_import_announces_recordings_that_a_later_upload_attaches() {
    let h = world();
    let mark = h.login(MARK).await;
    let body = json!({
        "CallId": "rt-1", "ContactStartTimeMs": 1_767_600_000_000i64, "Calling": "5551000",
        "Called": "2000", "Line": "1800", "Direction": 0,
        "Audio": [{"Location": "rt-1.wav"}], "Screen": [{"Location": "rt-1.webmv"}],
        "CustomMetadata": {"queue": "billing"}
    });
    let reply = h
        .post(
            "/api/rest/wfo/contact/import",
            Some(&mark),
            &body.to_string(),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    snap_json!("realtime", reply.json());
    let id = reply.json()["id"].as_u64().unwrap();
    // The desktop client sending the same call again (same CallId, agent, start) merges.
    let again = h
        .post(
            "/api/rest/wfo/contact/import",
            Some(&mark),
            &body.to_string(),
        )
        .await
        .json();
    assert_eq!(
        (again["id"].as_u64(), again["status"].as_str()),
        (Some(id), Some("merged"))
    );

    let admin = h.login(ADMIN).await;
    let before = h
        .get(&format!("/api/rest/recording/contact/{id}"), Some(&admin))
        .await
        .json();
    assert_eq!(before["audioUploaded"], false);
    let reply = upload(&h, &admin, &[("rt-1.wav", "audio/wav", wav(9))]).await;
    assert_eq!(reply.json()["recordings"][0]["contactIds"], json!([id]));
    let after = h
        .get(&format!("/api/rest/recording/contact/{id}"), Some(&admin))
        .await
        .json();
    assert_eq!(
        (
            after["audioUploaded"].clone(),
            after["screenUploaded"].clone()
        ),
        (json!(true), json!(false))
    );

    let bad = h
        .post(
            "/api/rest/wfo/contact/import",
            Some(&mark),
            r#"{"Direction": 7, "Line": 5}"#,
        )
        .await;
    assert_eq!(bad.status, 400);
    assert!(
        bad.message()
            .contains("Direction must be 1 (outbound) or 0 (inbound)"),
        "{}",
        bad.message()
    );
    let not_json = h
        .post("/api/rest/wfo/contact/import", Some(&mark), "{")
        .await;
    assert_eq!(not_json.status, 400);
}

#[tokio::test]
async fn an_upload_that_is_not_multipart_is_refused() {
    let h = world();
    let admin = h.login(ADMIN).await;
    let reply = h.post("/api/upload/contacts", Some(&admin), "{}").await;
    assert_eq!(reply.status, 415);
    let reply = upload_raw(&h, "/api/upload/contacts", &admin, b"--nope".to_vec()).await;
    assert_eq!(reply.status, 400, "{}", reply.text());
}
