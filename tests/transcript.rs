//! Transcripts: every vendor exchange recorded, secrets redacted, exported as JSON Lines, HAR 1.2
//! and normalised YAML.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{ADMIN, AGENT, Harness};
use wfo_harness::{Config, app, scenario};

async fn a_short_session(h: &Harness) -> String {
    let cookie = h.login(ADMIN).await;
    h.get(
        "/api/rest/org/permissions/?expand=all&sessionId=leaky",
        Some(&cookie),
    )
    .await;
    h.post(
        "/api/rest/authorize",
        None,
        r#"{"userId": "agent@example.com", "password": "wrong", "clientVersion": "7.1"}"#,
    )
    .await;
    h.get("/api/rest/nothing", None).await;
    h.delete("/api/rest/authorize", Some(&cookie)).await;
    cookie
}

#[tokio::test]
async fn the_normalised_yaml_is_a_stable_snapshot() {
    let h = Harness::new();
    a_short_session(&h).await;
    let yaml = h
        .get("/__admin/transcript?format=yaml&normalise=true", None)
        .await;
    assert_eq!(
        yaml.header("content-type").as_deref(),
        Some("application/yaml")
    );
    snap_text!("short_session_yaml", yaml.text());
}

#[tokio::test]
async fn secrets_never_appear_in_any_export() {
    let h = Harness::new();
    let cookie = a_short_session(&h).await;
    // A form-encoded login, and credentials in headers, are redacted too.
    let form = Request::post("/api/rest/authorize")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("authorization", "Basic c2VjcmV0OnNlY3JldA==")
        .body(Body::from("userId=agent%40example.com&password=agent"))
        .unwrap();
    h.send(form).await;
    let session_id = cookie.split('=').nth(1).unwrap().to_string();
    for format in [
        "jsonl",
        "har",
        "yaml",
        "yaml&normalise=true",
        "jsonl&normalise=true",
    ] {
        let text = h
            .get(&format!("/__admin/transcript?format={format}"), None)
            .await
            .text();
        assert!(!text.contains(&session_id), "{format} leaks the session id");
        assert!(
            !text.contains("\"admin\"") && !text.contains(": admin\n"),
            "{format} leaks a password"
        );
        assert!(!text.contains("wrong"), "{format} leaks a password");
        assert!(!text.contains("c2VjcmV0"), "{format} leaks Authorization");
        assert!(!text.contains("leaky"), "{format} leaks a query secret");
        assert!(text.contains("<session-1>"), "{format}");
        assert!(text.contains("<password>"), "{format}");
    }
}

#[tokio::test]
async fn jsonl_records_every_exchange_with_its_endpoint_and_flags() {
    let h = Harness::new();
    a_short_session(&h).await;
    let lines = h.transcript("").await;
    let summary: Vec<(u64, Option<&str>, u64)> = lines
        .iter()
        .map(|l| {
            (
                l["seq"].as_u64().unwrap(),
                l["endpoint"].as_str(),
                l["status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (1, Some("auth.login"), 200),
            (2, Some("org.permissions"), 200),
            (3, Some("auth.login"), 401),
            (4, None, 404),
            (5, Some("auth.logout"), 200),
        ]
    );
    assert_eq!(
        lines[1]["undocumented"],
        serde_json::json!(["query.expand", "query.sessionId"])
    );
    assert_eq!(
        lines[2]["undocumented"],
        serde_json::json!(["body.clientVersion"])
    );
    assert!(lines[0].get("undocumented").is_none());
    assert_eq!(lines[0]["time"], "2026-01-05T09:00:00.000Z");
    assert_eq!(lines[2]["requestId"], lines[2]["responseBody"]["requestId"]);
    assert_eq!(
        lines[4]["requestHeaders"]["cookie"],
        "hazelcast.sessionId=<session-1>"
    );
}

#[tokio::test]
async fn har_export_is_har_1_2() {
    let h = Harness::new();
    a_short_session(&h).await;
    let har = h.get("/__admin/transcript?format=har", None).await.json();
    assert_eq!(har["log"]["version"], "1.2");
    assert_eq!(har["log"]["creator"]["name"], "wfo-harness");
    let entries = har["log"]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 5);
    let login = &entries[0];
    assert_eq!(login["request"]["method"], "POST");
    assert_eq!(
        login["request"]["url"],
        "http://wfo-harness/api/rest/authorize"
    );
    assert_eq!(login["request"]["postData"]["mimeType"], "application/json");
    assert!(
        login["request"]["postData"]["text"]
            .as_str()
            .unwrap()
            .contains("<password>")
    );
    assert_eq!(login["response"]["status"], 200);
    assert_eq!(login["response"]["statusText"], "OK");
    assert_eq!(login["response"]["content"]["mimeType"], "application/json");
    assert_eq!(login["startedDateTime"], "2026-01-05T09:00:00.000Z");
    for field in ["cache", "timings", "time"] {
        assert!(!login[field].is_null(), "{field}");
    }
    let perms = &entries[1];
    assert_eq!(
        perms["request"]["queryString"][0],
        serde_json::json!({"name": "expand", "value": "all"})
    );
}

#[tokio::test]
async fn delete_clears_the_transcript_and_unknown_formats_are_refused() {
    let h = Harness::new();
    h.login(AGENT).await;
    assert_eq!(
        h.delete("/__admin/transcript", None).await.json(),
        serde_json::json!({"cleared": 1})
    );
    assert!(h.transcript("").await.is_empty());
    let bad = h.get("/__admin/transcript?format=xml", None).await;
    assert_eq!(bad.status, 400);
    assert!(bad.message().contains("jsonl, har or yaml"));
    assert_eq!(
        h.get("/__admin/transcript?normalise=maybe", None)
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn the_transcript_is_capped_oldest_first() {
    let h = Harness {
        app: app(Config {
            scenario: scenario::default_scenario(None),
            data: None,
            transcript_limit: 3,
            vary: None,
            uploads: Default::default(),
        })
        .unwrap(),
    };
    for _ in 0..5 {
        h.get("/api/rest/nothing", None).await;
    }
    let seqs: Vec<u64> = h
        .transcript("")
        .await
        .iter()
        .map(|l| l["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(seqs, [3, 4, 5]);
}

#[tokio::test]
async fn streamed_uploads_are_summarised_not_buffered() {
    use axum::Router;
    use axum::middleware::from_fn_with_state;
    use axum::response::IntoResponse;
    use axum::routing::post;
    use tower::ServiceExt;
    use wfo_harness::gateway::{RequestSummary, gateway};

    // An upload handler the way the contact-import family will write one: it reads the stream
    // itself and tells the transcript what it got.
    async fn upload(body: axum::body::Body) -> axum::response::Response {
        let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        let mut response = axum::http::StatusCode::CREATED.into_response();
        response.extensions_mut().insert(RequestSummary(
            serde_json::json!({"parts": [{"file": "a.csv", "bytes": bytes.len()}]}),
        ));
        response
    }
    let h = Harness::new();
    let state = h.app.state.clone();
    let router = Router::new()
        .route("/api/upload/test", post(upload))
        .layer(from_fn_with_state(state, gateway));
    let request = Request::post("/api/upload/test")
        .header("content-type", "multipart/form-data; boundary=x")
        .header("content-length", "11")
        .body(Body::from("hello world"))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 201);
    let raw = Request::post("/api/upload/test")
        .header("content-type", "application/octet-stream")
        .header("content-length", "3")
        .body(Body::from("abc"))
        .unwrap();
    router.oneshot(raw).await.unwrap();
    let lines = h.transcript("").await;
    assert_eq!(
        lines[0]["requestBody"],
        serde_json::json!({"parts": [{"file": "a.csv", "bytes": 11}]})
    );
    assert_eq!(lines[1]["requestBody"]["parts"][0]["bytes"], 3);
}

#[tokio::test]
async fn a_body_over_the_buffer_limit_is_413_in_the_vendor_shape() {
    let h = Harness::new();
    let big = "x".repeat(wfo_harness::gateway::MAX_BUFFERED_BODY + 1);
    let reply = h.post("/api/rest/authorize", None, &big).await;
    assert_eq!(reply.status, 413);
    assert!(reply.message().contains("larger than"));
    let lines = h.transcript("").await;
    assert_eq!(
        (
            lines[0]["status"].as_u64(),
            lines[0]["requestBody"].is_null()
        ),
        (Some(413), true)
    );
}
