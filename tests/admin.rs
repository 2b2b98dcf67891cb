//! The admin API: health, reset, clock, scenario, sandboxes, jobs.

mod common;

use common::{ADMIN, Harness};
use serde_json::json;
use wfo_harness::engine::jobs::Lifecycle;

#[tokio::test]
async fn health_names_the_sandbox_scenario_and_time() {
    let h = Harness::new();
    let reply = h.get("/__admin/health", None).await;
    assert_eq!(reply.status, 200);
    snap_json!("health", reply.json());
}

#[tokio::test]
async fn the_clock_is_read_advanced_and_set() {
    let h = Harness::new();
    let now = h.get("/__admin/clock", None).await.json();
    assert_eq!(
        now,
        json!({"now": "2026-01-05T09:00:00.000Z", "nowMs": 1767603600000i64, "frozen": true})
    );
    let moved = h
        .post("/__admin/clock", None, r#"{"advanceMs": 90000}"#)
        .await
        .json();
    assert_eq!(moved["now"], "2026-01-05T09:01:30.000Z");
    let set = h
        .post(
            "/__admin/clock",
            None,
            r#"{"set": "2026-03-01T12:00:00+01:00"}"#,
        )
        .await
        .json();
    assert_eq!(set["now"], "2026-03-01T11:00:00.000Z");
    let unfrozen = h
        .post("/__admin/clock", None, r#"{"frozen": false}"#)
        .await
        .json();
    assert_eq!(unfrozen["frozen"], false);

    for (body, why) in [
        (r#"{"set": "yesterday"}"#, "RFC 3339"),
        (r#"{"advanceMs": -5}"#, "negative"),
        (
            r#"{"advanceMs": 1, "set": "2026-01-01T00:00:00Z"}"#,
            "not both",
        ),
        (r#"{}"#, "advanceMs"),
        (r#"{"advanceMs": "soon"}"#, "invalid JSON body"),
        (r#"{"advance": 5}"#, "unknown field"),
        ("{", "invalid JSON body"),
    ] {
        let reply = h.post("/__admin/clock", None, body).await;
        assert_eq!(reply.status, 400, "{body}");
        let error = reply.message();
        assert!(error.contains(why), "{body}: {error}");
    }
}

#[tokio::test]
async fn reset_returns_the_sandbox_to_its_scenario() {
    let h = Harness::new();
    let cookie = h.login(ADMIN).await;
    h.advance("", 5_000).await;
    h.post(
        "/__admin/faults",
        None,
        r#"{"endpoint": "auth.login", "status": 503}"#,
    )
    .await;
    assert!(!h.transcript("").await.is_empty());

    let reply = h.post("/__admin/reset", None, "").await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.json(),
        json!({"reset": "default", "scenario": "default"})
    );
    assert_eq!(
        h.get("/api/rest/authorize", Some(&cookie)).await.status,
        401,
        "sessions cleared"
    );
    assert_eq!(
        h.get("/__admin/clock", None).await.json()["now"],
        "2026-01-05T09:00:00.000Z"
    );
    assert_eq!(h.get("/__admin/faults", None).await.json(), json!([]));
    let transcript = h.transcript("").await;
    assert_eq!(transcript.len(), 1, "only the request after the reset");
    assert_eq!(transcript[0]["seq"], 1, "numbering starts again");
    // The same login after a reset gives the same session id as the first time.
    assert_eq!(h.login(ADMIN).await, cookie);
}

const SMALL: &str = "name: small\nclock: {start: '2030-01-01T00:00:00Z', frozen: true}\ntenants:\n  - name: Solo\n    groups: [{name: G}]\n    teams: [{name: T, group: 2}]\n    roles: [{name: Boss, permissions: ['*']}]\n    persons:\n      - {firstName: Sol, lastName: O, email: solo@example.com, password: s, team: 3, roles: [Boss]}\n";

#[tokio::test]
async fn a_scenario_can_be_loaded_into_a_sandbox() {
    let h = Harness::new();
    let reply = h.post("/sandbox/s1/__admin/scenario", None, SMALL).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json(), json!({"loaded": "small", "sandbox": "s1"}));
    assert_eq!(
        h.get("/sandbox/s1/__admin/health", None).await.json()["scenario"],
        "small"
    );
    h.login_at("/sandbox/s1", ("solo@example.com", "s")).await;
    let admin = h
        .post(
            "/sandbox/s1/api/rest/authorize",
            None,
            r#"{"userId": "admin@example.com", "password": "admin"}"#,
        )
        .await;
    assert_eq!(admin.status, 401, "the old world is gone");
    assert_eq!(
        h.get("/sandbox/s1/__admin/clock", None).await.json()["now"],
        "2030-01-01T00:00:00.000Z"
    );
    // The default sandbox still serves the default scenario.
    h.login(ADMIN).await;
    // Reset goes back to the loaded scenario, not the server's.
    h.post("/sandbox/s1/__admin/reset", None, "").await;
    h.login_at("/sandbox/s1", ("solo@example.com", "s")).await;
    let text = h.get("/sandbox/s1/__admin/scenario", None).await.text();
    assert_eq!(text, SMALL);
}

#[tokio::test]
async fn an_invalid_scenario_is_refused_with_line_and_column_and_changes_nothing() {
    let h = Harness::new();
    let cookie = h.login(ADMIN).await;
    let bad = "name: broken\ntenants:\n  - name: T\n    colour: blue\n";
    let reply = h.post("/__admin/scenario", None, bad).await;
    assert_eq!(reply.status, 400);
    let body = reply.json();
    assert_eq!(
        (body["line"].as_u64(), body["column"].as_u64()),
        (Some(4), Some(5))
    );
    assert!(body["error"].as_str().unwrap().contains("colour"), "{body}");
    let dangling = "tenants:\n  - name: T\n    groups: [{name: G}]\n    teams:\n      - {name: T, group: 99}\n";
    let reply = h.post("/__admin/scenario", None, dangling).await;
    assert_eq!(reply.status, 400);
    snap_json!("dangling_group", reply.json());
    assert_eq!(
        h.get("/api/rest/authorize", Some(&cookie)).await.status,
        200,
        "nothing changed"
    );
    assert_eq!(
        h.get("/__admin/health", None).await.json()["scenario"],
        "default"
    );
}

#[tokio::test]
async fn sandboxes_are_listed_and_deleted() {
    let h = Harness::new();
    h.login_at("/sandbox/ci-job.1", ADMIN).await;
    let list = h.get("/__admin/sandboxes", None).await.json();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ci-job.1", "default"]);
    let one = h.get("/__admin/sandboxes/ci-job.1", None).await;
    assert_eq!(
        (one.status, one.json()["liveSessions"].as_u64()),
        (200, Some(1))
    );

    assert_eq!(
        h.delete("/__admin/sandboxes/ci-job.1", None).await.json(),
        json!({"deleted": "ci-job.1"})
    );
    assert_eq!(h.get("/__admin/sandboxes/ci-job.1", None).await.status, 404);
    assert_eq!(
        h.delete("/__admin/sandboxes/ci-job.1", None).await.status,
        404
    );
    // Used again, it is created afresh from the scenario.
    assert_eq!(
        h.get("/sandbox/ci-job.1/__admin/clock", None).await.json()["now"],
        "2026-01-05T09:00:00.000Z"
    );
}

#[tokio::test]
async fn jobs_follow_the_virtual_clock_and_scenario_overrides() {
    let yaml = format!(
        "{}jobs:\n  export: {{states: [{{name: QUEUED, ms: 1000}}], outcome: FAILED}}\n",
        SMALL
    );
    let h = Harness::with_scenario(&yaml);
    let sb = h.app.state.sandboxes.get("default").unwrap();
    let now = sb.clock.now_ms();
    let default = Lifecycle::new(&[("QUEUED", 2000), ("IN_PROGRESS", 3000)], "COMPLETED");
    sb.jobs()
        .create("import", default.clone(), now, json!({"file": "a.csv"}));
    sb.jobs().create("export", default, now, json!(null));

    let states = |v: serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|j| j["state"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        states(h.get("/__admin/jobs", None).await.json()),
        ["QUEUED", "QUEUED"]
    );
    h.advance("", 1000).await;
    assert_eq!(
        states(h.get("/__admin/jobs", None).await.json()),
        ["QUEUED", "FAILED"]
    );
    h.advance("", 1500).await;
    assert_eq!(
        states(h.get("/__admin/jobs?kind=import", None).await.json()),
        ["IN_PROGRESS"]
    );
    h.advance("", 3000).await;
    let jobs = h.get("/__admin/jobs", None).await.json();
    assert_eq!(states(jobs.clone()), ["COMPLETED", "FAILED"]);
    snap_json!("jobs_finished", jobs);
}
