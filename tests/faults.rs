//! Injected faults: status and body, delay, dropped connection; `times: N`; in the transcript.

mod common;

use common::{ADMIN, AGENT, Harness};
use serde_json::{Value, json};
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

// ---- Job faults: a fault decides the asynchronous job a request creates (report export). ----

const BIG_EXPORT: &str = "/api/rest/dataexplorer/report/300/export";
const SMALL_EXPORT: &str = "/api/rest/dataexplorer/report/217/export";

/// The default world, report 300 with 1,001 rows (over the 1,000 a synchronous answer holds)
/// and report 217 with two, then `extra` (e.g. `faults:`).
fn report_scenario(extra: &str) -> String {
    let rows: String = (0..1001)
        .map(|i| format!("      - [{i}, \"r{i}\"]\n"))
        .collect();
    format!(
        "{}reports:\n  - id: 300\n    qname: RP_BIG\n    columns: [N, Label]\n    rows:\n{rows}  - id: 217\n    qname: RP_SMALL\n    columns: [N]\n    rows: [[1], [2]]\n{extra}",
        wfo_harness::scenario::DEFAULT_YAML
    )
}

fn export_body(qname: &str) -> String {
    json!({
        "action": "EXPORT_CSV",
        "state": {"qname": qname},
        "paramValues": {"encodedParamValues": "[]"},
        "pageSpecification": [{"offset": 0, "limit": 3}, {"offset": 0, "limit": 2}]
    })
    .to_string()
}

/// Starts a big export and returns its status URI, checking the asynchronous answer.
async fn start_big_export(h: &Harness, cookie: &str, first_status: &str) -> String {
    let r = h
        .post(BIG_EXPORT, Some(cookie), &export_body("RP_BIG"))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let body = r.json();
    assert_eq!(body["status"], first_status, "{body}");
    format!(
        "/api/rest/dataexplorer/report/export/request/{}",
        body["requestId"].as_str().unwrap()
    )
}

/// What `GET .../export/request/{id}` answers: `CSV` or the JSON status.
async fn export_status(h: &Harness, cookie: &str, uri: &str) -> String {
    let r = h.get(uri, Some(cookie)).await;
    assert_eq!(r.status, 200, "{}", r.text());
    if r.header("content-type").unwrap().starts_with("text/csv") {
        assert_eq!(r.header("content-extent").unwrap(), "rows=1001; columns=2");
        assert_eq!(r.text(), "N,Label\r\n0,r0\r\n1,r1\r\n2,r2\r\n");
        "CSV".into()
    } else {
        r.json()["status"].as_str().unwrap().to_string()
    }
}

/// The states a big export walks, read at 0, 2 s and 7 s of virtual time after its start.
async fn walk(h: &Harness, cookie: &str, uri: &str) -> Vec<String> {
    let mut seen = vec![export_status(h, cookie, uri).await];
    for step in [2_000, 5_000] {
        h.advance("", step).await;
        seen.push(export_status(h, cookie, uri).await);
    }
    seen
}

#[tokio::test]
async fn a_scenario_job_fault_fails_the_next_big_export_then_exports_complete_again() {
    let h = Harness::with_scenario(&report_scenario(
        "faults:\n  - {endpoint: report.export, jobOutcome: Failed, times: 1}\n",
    ));
    let admin = h.login(ADMIN).await;
    // A synchronous export is no job: the fault stays armed.
    let small = h
        .post(SMALL_EXPORT, Some(&admin), &export_body("RP_SMALL"))
        .await;
    assert_eq!(
        (small.status, small.text().as_str()),
        (200, "N\r\n1\r\n2\r\n")
    );
    assert_eq!(h.get("/__admin/faults", None).await.json()[0]["hits"], 0);

    let failed = start_big_export(&h, &admin, "Queued").await;
    assert_eq!(
        walk(&h, &admin, &failed).await,
        ["Queued", "Processing", "Failed"]
    );
    let answer = h.get(&failed, Some(&admin)).await.json();
    snap_json!("job_fault_failed_export", answer);
    let next = start_big_export(&h, &admin, "Queued").await;
    assert_eq!(
        walk(&h, &admin, &next).await,
        ["Queued", "Processing", "CSV"]
    );
    let listed = h.get("/__admin/faults", None).await.json();
    snap_json!("job_fault_spent", listed);

    // The hit is in the transcript on the request that created the job, and only there.
    let transcript = h.transcript("").await;
    let with_fault: Vec<_> = transcript
        .iter()
        .filter(|e| e.get("fault").is_some())
        .map(|e| (e["endpoint"].clone(), e["fault"].clone()))
        .collect();
    assert_eq!(
        with_fault,
        [(
            json!("report.export"),
            json!({"id": 1, "endpoint": "report.export", "jobOutcome": "Failed", "times": 1})
        )]
    );
    let jobs = h.get("/__admin/jobs?kind=report.export", None).await.json();
    assert_eq!(
        (jobs[0]["state"].as_str(), jobs[1]["state"].as_str()),
        (Some("Failed"), Some("Completed"))
    );
    assert_eq!(
        (&jobs[0]["fault"], &jobs[1]["fault"]),
        (&json!(1), &Value::Null)
    );
}

#[tokio::test]
async fn an_admin_job_fault_decides_each_documented_outcome() {
    let h = Harness::with_scenario(&report_scenario(""));
    let admin = h.login(ADMIN).await;
    let mut answers = serde_json::Map::new();
    for outcome in ["Failed", "Canceled", "Expired", "Blacklisted"] {
        let fault = json!({"endpoint": "report.export", "jobOutcome": outcome, "times": 1});
        let added = h.post("/__admin/faults", None, &fault.to_string()).await;
        assert_eq!(added.status, 201, "{}", added.text());
        if outcome == "Failed" {
            snap_json!("job_fault_added", added.json());
        }
        let uri = start_big_export(&h, &admin, "Queued").await;
        assert_eq!(
            walk(&h, &admin, &uri).await,
            ["Queued", "Processing", outcome]
        );
        let r = h.get(&uri, Some(&admin)).await;
        assert_eq!(r.header("content-type").unwrap(), "application/json");
        answers.insert(outcome.to_string(), r.json());
    }
    snap_json!("job_fault_outcomes", serde_json::Value::Object(answers));
    // Every fault was used once; the next export completes.
    let listed = h.get("/__admin/faults", None).await.json();
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["hits"] == 1 && f["remaining"] == 0)
    );
    let uri = start_big_export(&h, &admin, "Queued").await;
    assert_eq!(
        walk(&h, &admin, &uri).await,
        ["Queued", "Processing", "CSV"]
    );
}

#[tokio::test]
async fn a_job_fault_matches_like_any_fault_and_may_change_the_states() {
    let h = Harness::with_scenario(&report_scenario(""));
    let admin = h.login(ADMIN).await;
    let faults = json!([
        // Another report's path: never taken.
        {"endpoint": "report.export", "path": "/api/rest/dataexplorer/report/9/export", "jobOutcome": "Failed"},
        // Another user: never taken.
        {"endpoint": "report.export", "user": "agent@example.com", "jobOutcome": "Expired"},
        // This one: a minute Processing, then the usual CSV.
        {"endpoint": "report.export", "path": "/api/rest/dataexplorer/report/300/*", "user": "ADMIN@example.com",
         "jobStates": [{"name": "Processing", "ms": 60000}], "times": 1}
    ]);
    assert_eq!(
        h.post("/__admin/faults", None, &faults.to_string())
            .await
            .status,
        201
    );
    let uri = start_big_export(&h, &admin, "Processing").await;
    h.advance("", 59_999).await;
    assert_eq!(export_status(&h, &admin, &uri).await, "Processing");
    h.advance("", 1).await;
    assert_eq!(export_status(&h, &admin, &uri).await, "CSV");
    let hits: Vec<_> = h
        .get("/__admin/faults", None)
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["hits"].clone())
        .collect();
    assert_eq!(hits, [json!(0), json!(0), json!(1)]);
    // A job fault is not a request fault: the gateway answers the request normally.
    let transcript = h.transcript("").await;
    assert_eq!(transcript.last().unwrap()["status"], 200);
}

#[tokio::test]
async fn a_bad_job_fault_is_refused_by_the_admin_api_and_in_a_scenario() {
    let h = Harness::with_scenario(&report_scenario(""));
    let mut refusals = serde_json::Map::new();
    for (name, body) in [
        (
            "unknown_outcome",
            r#"{"endpoint": "report.export", "jobOutcome": "Exploded"}"#,
        ),
        ("no_endpoint", r#"{"jobOutcome": "Failed"}"#),
        (
            "endpoint_without_jobs",
            r#"{"endpoint": "auth.login", "jobOutcome": "Failed"}"#,
        ),
        (
            "with_a_status",
            r#"{"endpoint": "report.export", "jobOutcome": "Failed", "status": 503}"#,
        ),
        (
            "unknown_state",
            r#"{"endpoint": "report.export", "jobStates": [{"name": "Sleeping", "ms": 1}]}"#,
        ),
        (
            "outcome_not_a_string",
            r#"{"endpoint": "report.export", "jobOutcome": 7}"#,
        ),
    ] {
        let r = h.post("/__admin/faults", None, body).await;
        assert_eq!(r.status, 400, "{body}");
        refusals.insert(name.into(), r.json());
    }
    snap_json!("job_fault_refusals", serde_json::Value::Object(refusals));
    assert_eq!(h.get("/__admin/faults", None).await.json(), json!([]));

    // The same rule in a scenario, at the line and column of the outcome.
    let yaml = report_scenario("faults:\n  - endpoint: report.export\n    jobOutcome: Exploded\n");
    let e = wfo_harness::scenario::load("t", &yaml, None).expect_err("refused");
    let line = yaml.lines().position(|l| l.contains("Exploded")).unwrap() as u64 + 1;
    assert_eq!((e.line, e.column), (Some(line), Some(17)), "{e}");
    assert!(
        e.message.starts_with(
            "faults[0]: jobOutcome `Exploded` is not an outcome report.export documents"
        ),
        "{e}"
    );
    let r = h.post("/__admin/scenario", None, &yaml).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        (r.json()["line"].as_u64(), r.json()["column"].as_u64()),
        (Some(line), Some(17))
    );
}

#[tokio::test]
async fn a_request_delayed_by_one_fault_lists_the_job_fault_with_its_variations() {
    let h = Harness::with_scenario(&report_scenario(""));
    let admin = h.login(ADMIN).await;
    let faults = json!([
        {"endpoint": "report.export", "delayMs": 1, "times": 1},
        {"endpoint": "report.export", "jobOutcome": "Expired", "times": 1}
    ]);
    h.post("/__admin/faults", None, &faults.to_string()).await;
    let uri = start_big_export(&h, &admin, "Queued").await;
    h.advance("", 7_000).await;
    assert_eq!(export_status(&h, &admin, &uri).await, "Expired");
    let transcript = h.transcript("").await;
    let export = transcript
        .iter()
        .find(|e| e["endpoint"] == "report.export")
        .unwrap();
    assert_eq!(export["fault"]["id"], 1);
    assert_eq!(
        export["variations"],
        json!([{"kind": "jobFault", "fault": {"id": 2, "endpoint": "report.export", "jobOutcome": "Expired", "times": 1}}])
    );
}
