//! Snapshots of the exchange and `wfo-harness verify`: normalisation is stable across runs (even
//! with a running clock), a changed request is shown as a per-exchange diff, `--update` is refused
//! in CI, and a recording made elsewhere is replayed to report drift.

mod common;

use common::{ADMIN, Harness};
use std::path::{Path, PathBuf};
use std::process::Command;
use wfo_harness::transcript::verify;

const BIN: &str = env!("CARGO_BIN_EXE_wfo-harness");

/// The default scenario with its clock running (real time moves it between requests).
fn running_clock() -> String {
    include_str!("../scenarios/default.yaml").replace("frozen: true", "frozen: false")
}

async fn a_client_run(h: &Harness, language: &str) {
    let cookie = h.login(ADMIN).await;
    h.get("/api/rest/authorize", Some(&cookie)).await;
    h.get("/api/rest/org/permissions/", Some(&cookie)).await;
    let body = format!(
        r#"{{"userId": "agent@example.com", "password": "agent", "language": "{language}"}}"#
    );
    h.post("/api/rest/authorize", None, &body).await;
    h.post("/api/rest/authorize", None, r#"{"userId": 5}"#)
        .await;
    h.get("/api/rest/nothing", None).await;
    h.delete("/api/rest/authorize", Some(&cookie)).await;
}

async fn normalised(h: &Harness) -> String {
    h.get("/__admin/transcript?format=yaml&normalise=true", None)
        .await
        .text()
}

#[tokio::test]
async fn the_same_calls_twice_give_the_same_snapshot_even_with_a_running_clock() {
    let first = Harness::with_scenario(&running_clock());
    a_client_run(&first, "en").await;
    // The second run's clock starts a day and some minutes later: every timestamp differs.
    let later = running_clock().replace("2026-01-05T09:00:00Z", "2026-01-06T09:17:00Z");
    let second = Harness::with_scenario(&later);
    a_client_run(&second, "en").await;
    let (a, b) = (normalised(&first).await, normalised(&second).await);
    assert_eq!(a, b);
    assert!(a.contains("requestId: <request-1>"), "{a}");
    assert!(
        a.contains("<session-1>") && a.contains("<session-2>"),
        "{a}"
    );
    assert!(!a.contains("durationMs") && !a.contains("time:"), "{a}");
    // An error body quoting its request id shows the exchange's own placeholder.
    let errors: Vec<&str> = a.matches("requestId: <request-5>").collect();
    assert_eq!(
        errors.len(),
        2,
        "the exchange's id and its error body's: {a}"
    );
    snap_text!("client_run_normalised", a);
}

#[tokio::test]
async fn a_snapshot_written_by_insta_is_verified_by_the_cli() {
    // `snapshots/verify__client_run_normalised.snap` is written by insta (the test above):
    // a Rust partner can keep its snapshots with insta and still verify them in CI.
    let snap =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/verify__client_run_normalised.snap");
    let h = Harness::with_scenario(&running_clock());
    a_client_run(&h, "en").await;
    let dir = tempfile::tempdir().unwrap();
    let jsonl = write(
        dir.path(),
        "t.jsonl",
        &h.get("/__admin/transcript", None).await.text(),
    );
    let (code, out, err) = run(
        &[
            "verify",
            "--snapshot",
            snap.to_str().unwrap(),
            "--transcript",
            jsonl.to_str().unwrap(),
        ],
        Some("true"),
    );
    assert_eq!(code, 0, "{out}{err}");
}

#[tokio::test]
async fn verify_passes_an_identical_run_and_shows_a_changed_request() {
    let h = Harness::new();
    a_client_run(&h, "en").await;
    let snapshot = format!("{}{}", verify::SNAPSHOT_HEADER, normalised(&h).await);
    let same = Harness::new();
    a_client_run(&same, "en").await;
    assert!(verify::compare(&snapshot, &normalised(&same).await).matches());

    let changed = Harness::new();
    a_client_run(&changed, "fr").await;
    let drift = verify::compare(&snapshot, &normalised(&changed).await);
    assert_eq!(drift.changed, 1, "{}", drift.report);
    snap_text!("changed_language_diff", drift.report);
}

#[tokio::test]
async fn verify_names_missing_and_extra_exchanges() {
    let h = Harness::new();
    a_client_run(&h, "en").await;
    let snapshot = normalised(&h).await;
    let more = Harness::new();
    a_client_run(&more, "en").await;
    more.get("/api/rest/authorize", None).await;
    let drift = verify::compare(&snapshot, &normalised(&more).await);
    assert_eq!(drift.changed, 1);
    assert!(
        drift.report.contains(
            "exchange 8 (GET /api/rest/authorize): sent by the client, not in the snapshot"
        ),
        "{}",
        drift.report
    );
    let drift = verify::compare(&normalised(&more).await, &snapshot);
    assert!(
        drift
            .report
            .contains("in the snapshot, not sent by the client")
    );
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn run(args: &[&str], ci: Option<&str>) -> (i32, String, String) {
    let mut cmd = Command::new(BIN);
    cmd.args(args).env_remove("CI");
    if let Some(v) = ci {
        cmd.env("CI", v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn the_cli_verifies_updates_and_refuses_to_update_in_ci() {
    let dir = tempfile::tempdir().unwrap();
    let h = Harness::new();
    a_client_run(&h, "en").await;
    // A raw JSON Lines export is normalised by verify itself.
    let jsonl = h.get("/__admin/transcript", None).await.text();
    let transcript = write(dir.path(), "t.jsonl", &jsonl);
    let snap = dir.path().join("client.snap");
    let (t, s) = (transcript.to_str().unwrap(), snap.to_str().unwrap());

    let (code, _, err) = run(&["verify", "--snapshot", s, "--transcript", t], None);
    assert_eq!(code, 2, "a missing snapshot is an error: {err}");
    assert!(err.contains("--update"), "{err}");

    let (code, _, err) = run(
        &["verify", "--snapshot", s, "--transcript", t, "--update"],
        Some("true"),
    );
    assert_eq!(code, 2);
    assert!(err.contains("refusing --update in CI"), "{err}");
    assert!(!snap.exists());

    let (code, out, _) = run(
        &["verify", "--snapshot", s, "--transcript", t, "--update"],
        None,
    );
    assert_eq!(code, 0, "{out}");
    let written = std::fs::read_to_string(&snap).unwrap();
    assert!(
        written.starts_with("---\nsource: wfo-harness verify\n"),
        "insta metadata header"
    );
    assert_eq!(verify::snapshot_body(&written), normalised(&h).await);

    let (code, out, _) = run(
        &["verify", "--snapshot", s, "--transcript", t],
        Some("true"),
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("matches the snapshot"));

    // The HAR export verifies the same way.
    let har = write(
        dir.path(),
        "t.har",
        &h.get("/__admin/transcript?format=har", None).await.text(),
    );
    let (code, out, _) = run(
        &[
            "verify",
            "--snapshot",
            s,
            "--transcript",
            har.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{out}");

    // The normalised YAML export verifies the same way.
    let yaml = write(dir.path(), "t.yaml", &normalised(&h).await);
    let (code, _, _) = run(
        &[
            "verify",
            "--snapshot",
            s,
            "--transcript",
            yaml.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0);

    let other = Harness::new();
    a_client_run(&other, "de").await;
    let changed = write(
        dir.path(),
        "c.jsonl",
        &other.get("/__admin/transcript", None).await.text(),
    );
    let (code, out, err) = run(
        &[
            "verify",
            "--snapshot",
            s,
            "--transcript",
            changed.to_str().unwrap(),
        ],
        Some("true"),
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("exchange 4 (POST /api/rest/authorize) changed:"),
        "{out}"
    );
    assert!(
        out.contains("-     language: en") && out.contains("+     language: de"),
        "{out}"
    );
    assert!(err.contains("differs from the snapshot"), "{err}");
}

/// A HAR "recorded against a real tenant": one answer the harness gives differently in status,
/// one in shape, the rest the same. The recorded session id is mapped to the harness's.
fn recorded_har() -> String {
    let entry = |method: &str,
                 path: &str,
                 cookie: Option<&str>,
                 body: Option<&str>,
                 status: u16,
                 set_cookie: Option<&str>,
                 response: &str| {
        let mut headers =
            vec![serde_json::json!({"name": "Content-Type", "value": "application/json"})];
        if let Some(c) = cookie {
            headers.push(serde_json::json!({"name": "Cookie", "value": c}));
        }
        let mut resp_headers =
            vec![serde_json::json!({"name": "Content-Type", "value": "application/json"})];
        if let Some(c) = set_cookie {
            resp_headers.push(serde_json::json!({"name": "Set-Cookie", "value": c}));
        }
        let mut request = serde_json::json!({
            "method": method, "url": format!("https://tenant.example.com{path}"), "httpVersion": "HTTP/1.1",
            "headers": headers, "queryString": [], "cookies": [], "headersSize": -1, "bodySize": -1,
        });
        if let Some(b) = body {
            request["postData"] = serde_json::json!({"mimeType": "application/json", "text": b});
        }
        serde_json::json!({
            "startedDateTime": "2026-01-05T09:00:00Z", "time": 12,
            "request": request,
            "response": {"status": status, "statusText": "", "httpVersion": "HTTP/1.1", "headers": resp_headers,
                "cookies": [], "content": {"size": response.len(), "mimeType": "application/json", "text": response},
                "redirectURL": "", "headersSize": -1, "bodySize": -1},
            "cache": {}, "timings": {"send": 0, "wait": 12, "receive": 0},
        })
    };
    let real_session = "HZREALTENANTSESSION0000000000000001";
    let cookie = format!("hazelcast.sessionId={real_session}");
    let har = serde_json::json!({"log": {"version": "1.2", "creator": {"name": "proxy", "version": "1"}, "entries": [
        entry("POST", "/api/rest/authorize", None, Some(r#"{"userId":"admin@example.com","password":"admin","language":"en"}"#), 200,
            Some(&format!("{cookie}; Path=/")),
            &format!(r#"{{"sessionId":"{real_session}","id":4,"userId":"admin@example.com","firstName":"Ada","permissions":["ViewOrg"],"tenantId":1}}"#)),
        // The real tenant answers a list of objects; so does the harness.
        entry("GET", "/api/rest/org/permissions/", Some(&cookie), None, 200, None, r#"[{"id":1,"name":"ViewOrg","description":"x"}]"#),
        // The real tenant sent a number where the harness answers a string.
        entry("GET", "/api/rest/authorize", Some(&cookie), None, 200, None, r#"{"id":4,"userId":"admin@example.com","sessionTimeout":120,"realmName":"r"}"#),
        // The real tenant answered without a session: the harness says 401.
        entry("GET", "/api/rest/org/permissions/", None, None, 200, None, r#"[]"#),
    ]}});
    serde_json::to_string_pretty(&har).unwrap()
}

#[test]
fn a_recording_from_a_real_tenant_is_replayed_and_its_drift_reported() {
    let dir = tempfile::tempdir().unwrap();
    let har = write(dir.path(), "real.har", &recorded_har());
    let (code, out, err) = run(&["verify", "--transcript", har.to_str().unwrap()], None);
    assert_eq!(code, 1, "{out}{err}");
    snap_text!("drift_report", out);
}

#[tokio::test]
async fn the_harness_agrees_with_its_own_har() {
    let h = Harness::new();
    a_client_run(&h, "en").await;
    // The harness's HAR redacts passwords and session ids, so replay the exchanges that need
    // neither: a refused login and an unknown path.
    let har = h.get("/__admin/transcript?format=har", None).await.text();
    let dir = tempfile::tempdir().unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&har).unwrap();
    let entries = doc["log"]["entries"].as_array_mut().unwrap();
    entries.retain(|e| {
        let url = e["request"]["url"].as_str().unwrap();
        url.ends_with("/api/rest/nothing") || e["response"]["status"] == 400
    });
    assert_eq!(entries.len(), 2);
    let path = write(dir.path(), "own.har", &doc.to_string());
    let (code, out, _) = run(&["verify", "--transcript", path.to_str().unwrap()], None);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2 exchanges replayed"), "{out}");
}
