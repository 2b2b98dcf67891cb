//! Injected faults: status and body, delay, dropped connection; `times: N`; in the transcript.

mod common;

use common::{ADMIN, AGENT, Harness};
use serde_json::json;
use std::io::{Read, Write};

#[tokio::test]
async fn a_fault_answers_n_times_then_service_resumes() {
    let h = Harness::new();
    let added = h
        .post("/__admin/faults", None, r#"{"endpoint": "auth.login", "status": 503, "body": {"errorMessage": "maintenance"}, "times": 2}"#)
        .await;
    assert_eq!(added.status, 201);
    assert_eq!(added.json()["id"], 1);
    let login = r#"{"userId": "admin@example.com", "password": "admin"}"#;
    for _ in 0..2 {
        let reply = h.post("/api/rest/authorize", None, login).await;
        assert_eq!(
            (reply.status, reply.json()),
            (503, json!({"errorMessage": "maintenance"}))
        );
    }
    assert_eq!(h.post("/api/rest/authorize", None, login).await.status, 200);
    let listed = h.get("/__admin/faults", None).await.json();
    assert_eq!(
        (listed[0]["hits"].as_u64(), listed[0]["remaining"].as_u64()),
        (Some(2), Some(0))
    );
    let transcript = h.transcript("").await;
    assert_eq!(transcript[0]["fault"]["id"], 1);
    assert_eq!(transcript[0]["fault"]["status"], 503);
    assert!(transcript[2].get("fault").is_none());
}

#[tokio::test]
async fn faults_match_on_method_path_and_user() {
    let h = Harness::new();
    h.post("/__admin/faults", None, r#"[{"path": "/api/rest/org/*", "user": "agent@example.com", "status": 500}, {"method": "DELETE", "status": 409}]"#)
        .await;
    let admin = h.login(ADMIN).await;
    let agent = h.login(AGENT).await;
    assert_eq!(
        h.get("/api/rest/org/permissions/", Some(&admin))
            .await
            .status,
        200,
        "other user"
    );
    let hit = h.get("/api/rest/org/permissions/", Some(&agent)).await;
    assert_eq!(hit.status, 500);
    snap_json!("default_fault_body", hit.json());
    assert_eq!(
        h.get("/api/rest/authorize", Some(&agent)).await.status,
        200,
        "other path"
    );
    assert_eq!(
        h.delete("/api/rest/authorize", Some(&admin)).await.status,
        409
    );
}

#[tokio::test]
async fn a_fault_may_only_delay() {
    let h = Harness::new();
    h.post(
        "/__admin/faults",
        None,
        r#"{"endpoint": "auth.login", "delayMs": 20}"#,
    )
    .await;
    let cookie = h.login(ADMIN).await;
    assert!(cookie.starts_with("hazelcast.sessionId="));
    let transcript = h.transcript("").await;
    assert_eq!(transcript[0]["fault"]["delayMs"], 20);
    assert_eq!(transcript[0]["status"], 200);
}

#[tokio::test]
async fn faults_are_removed_one_by_one_or_all() {
    let h = Harness::new();
    h.post("/__admin/faults", None, r#"{"status": 500}"#).await;
    h.post("/__admin/faults", None, r#"{"status": 502}"#).await;
    assert_eq!(h.delete("/__admin/faults/1", None).await.status, 200);
    assert_eq!(h.delete("/__admin/faults/1", None).await.status, 404);
    assert_eq!(h.delete("/__admin/faults/x", None).await.status, 400);
    assert_eq!(h.get("/api/rest/nothing", None).await.status, 502);
    assert_eq!(
        h.delete("/__admin/faults", None).await.json(),
        json!({"cleared": 1})
    );
    assert_eq!(h.get("/api/rest/nothing", None).await.status, 404);
}

#[tokio::test]
async fn invalid_faults_are_refused() {
    let h = Harness::new();
    for (body, why) in [
        (r#"{"endpoint": "auth.login"}"#, "needs an action"),
        (r#"{"status": 42}"#, "not an HTTP status"),
        (r#"{"status": 500, "drop": true}"#, "exclude"),
        (r#"{"status": 500, "times": 0}"#, "at least 1"),
        (
            r#"{"status": 500, "method": "FETCH"}"#,
            "not an HTTP method",
        ),
        (r#"{"status": 500, "colour": "red"}"#, "unknown field"),
        (r#"{"body": {}}"#, "needs an action"),
    ] {
        let reply = h.post("/__admin/faults", None, body).await;
        assert_eq!(reply.status, 400, "{body}");
        assert!(reply.message().contains(why), "{body}: {}", reply.text());
    }
    assert_eq!(h.get("/__admin/faults", None).await.json(), json!([]));
}

#[tokio::test]
async fn scenario_faults_are_active_from_the_start_and_back_after_reset() {
    let yaml = format!(
        "{}faults:\n  - {{endpoint: auth.login, status: 429, times: 1}}\n",
        wfo_harness::scenario::DEFAULT_YAML
    );
    let h = Harness::with_scenario(&yaml);
    let login = r#"{"userId": "admin@example.com", "password": "admin"}"#;
    assert_eq!(h.post("/api/rest/authorize", None, login).await.status, 429);
    assert_eq!(h.post("/api/rest/authorize", None, login).await.status, 200);
    h.post("/__admin/reset", None, "").await;
    assert_eq!(h.post("/api/rest/authorize", None, login).await.status, 429);
}

#[tokio::test]
async fn a_dropped_connection_is_closed_without_an_answer() {
    let h = Harness::new();
    h.post(
        "/__admin/faults",
        None,
        r#"{"endpoint": "auth.get", "drop": true, "times": 1}"#,
    )
    .await;
    let cookie = h.login(ADMIN).await;

    // Over a real socket: the server closes the connection without writing a byte.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = h.app.router.clone();
    let server = tokio::spawn(wfo_harness::server::serve(
        listener,
        router,
        std::future::pending(),
    ));
    let raw = tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        write!(s, "GET /api/rest/authorize HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\n\r\n").unwrap();
        let mut got = Vec::new();
        let _ = s.read_to_end(&mut got);
        let first = got;
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        write!(s, "GET /api/rest/authorize HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n").unwrap();
        let mut second = Vec::new();
        s.read_to_end(&mut second).unwrap();
        (first, second)
    })
    .await
    .unwrap();
    server.abort();
    assert!(
        raw.0.is_empty(),
        "dropped: {}",
        String::from_utf8_lossy(&raw.0)
    );
    assert!(
        String::from_utf8_lossy(&raw.1).starts_with("HTTP/1.1 200"),
        "service resumed"
    );
    let transcript = h.transcript("").await;
    let dropped = &transcript[1];
    assert_eq!(
        (dropped["endpoint"].as_str(), dropped["status"].is_null()),
        (Some("auth.get"), true)
    );
    assert_eq!(dropped["fault"]["drop"], true);
}
