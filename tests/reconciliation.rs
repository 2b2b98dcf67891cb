//! Seed 001 "Jobs API": `GET /api/rest/reconciliation/jobs` — scenario-declared and generated
//! recording reconciliation jobs, `limit` (default 1), `tenantId` (system administrators only;
//! a tenant administrator always gets its own tenant's jobs).

mod common;

use common::{ADMIN, AGENT, Harness};
use serde_json::{Value, json};

const JOBS: &str = "/api/rest/reconciliation/jobs";

const DECLARED: &str = r#"
reconciliation:
  jobs:
    # The seed's example job.
    - id: 10250
      jobStartDate: 1628177990210
      minContactDate: 1628177390197
      maxContactDate: 1628149190193
      jobStatus: FINISHED
      producerHostName: rdpod75Rahm1@10.192.103.47
      consumerHostName: rdpod75Rahm1@10.192.103.47
      recordingsToProcess: 0
    # Starts one minute after the clock's start, runs 10 s queued then 50 s.
    - id: 10251
      jobStartDate: "2026-01-05T09:01:00Z"
      queuedMs: 10000
      durationMs: 60000
      recordingsToProcess: 100
      ccrsCreated: 40
      successCount: 40
      successTotalTime: 8000
      isScheduledJob: true
      properties: { source: nightly }
    - id: 10249
      jobStartDate: "2026-01-04T09:00:00Z"
      jobStatus: ABORTED
  generate: { count: 3 }
"#;

fn harness() -> Harness {
    Harness::with_scenario(&format!(
        "{}{DECLARED}",
        wfo_harness::scenario::DEFAULT_YAML
    ))
}

#[tokio::test]
async fn limit_defaults_to_one_the_newest_job() {
    let h = harness();
    let admin = h.login(ADMIN).await;
    let r = h.get(JOBS, Some(&admin)).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let body = r.json();
    assert_eq!(body.as_array().unwrap().len(), 1);
    assert_eq!(body[0]["id"], 10251);
    assert_eq!(body[0]["jobStatus"], "SCHEDULED");
    snap_json!("newest_scheduled", &body);
}

#[tokio::test]
async fn a_job_walks_its_statuses_on_the_virtual_clock() {
    let h = harness();
    let admin = h.login(ADMIN).await;
    let mut seen = vec![];
    for step in [0, 60_000, 10_000, 25_000, 25_000] {
        h.advance("", step).await;
        let body = h.get(JOBS, Some(&admin)).await.json();
        seen.push((
            body[0]["jobStatus"].as_str().unwrap().to_string(),
            body[0]["ccrsCreated"].as_u64().unwrap(),
        ));
        if body[0]["jobStatus"] == "FINISHED" {
            snap_json!("finished", &body);
        }
    }
    assert_eq!(
        seen,
        [
            ("SCHEDULED".to_string(), 0),
            ("IN_QUEUE".to_string(), 0),
            ("IN_PROGRESS".to_string(), 0),
            ("IN_PROGRESS".to_string(), 20),
            ("FINISHED".to_string(), 40),
        ]
    );
}

#[tokio::test]
async fn limit_lists_the_last_jobs_newest_first_with_generated_ones() {
    let h = harness();
    let admin = h.login(ADMIN).await;
    let body = h
        .get(&format!("{JOBS}?limit=10"), Some(&admin))
        .await
        .json();
    let ids: Vec<u64> = body
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["id"].as_u64().unwrap())
        .collect();
    // 10251 starts last, the generated ones hourly up to the clock's start, then the rest.
    assert_eq!(ids, [10251, 3, 2, 1, 10249, 10250]);
    snap_json!("last_ten", &body);
    // Every documented field is present on every job.
    for job in body.as_array().unwrap() {
        let keys: Vec<&str> = job
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.len(), 29, "{keys:?}");
        // The field table's `updatedAtDate` and the example's `updatedAt` are both sent.
        assert_eq!(job["updatedAt"], job["updatedAtDate"]);
        assert!(job["updatedAt"].is_i64(), "{job}");
    }
}

#[tokio::test]
async fn tenant_id_applies_only_to_system_administrators() {
    let yaml = r#"
name: two
tenants:
  - name: North
    groups: [{name: G}]
    teams: [{name: T, group: 2}]
    roles:
      - {name: Sys, permissions: ["*"]}
      - {name: TenantAdmin, permissions: [AdministerTenant]}
    persons:
      - {firstName: Sys, lastName: Admin, email: sys@example.com, password: sys, team: 3, roles: [Sys]}
      - {firstName: Ten, lastName: Admin, email: ten@example.com, password: ten, team: 3, roles: [TenantAdmin]}
  - name: South
    groups: [{name: G}]
    teams: [{name: T, group: 9}]
    roles: [{name: Admin, permissions: [AdministerTenant]}]
    persons:
      - {firstName: Sou, lastName: Admin, email: south@example.com, password: south, team: 10, roles: [Admin]}
reconciliation:
  jobs:
    - { id: 1, tenantId: 1 }
    - { id: 2, tenantId: 8 }
"#;
    let h = Harness::with_scenario(yaml);
    let sys = h.login(("sys@example.com", "sys")).await;
    let ten = h.login(("ten@example.com", "ten")).await;
    let south = h.login(("south@example.com", "south")).await;
    let ids = |v: Value| -> Vec<u64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|j| j["id"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(ids(h.get(JOBS, Some(&sys)).await.json()), [1]);
    assert_eq!(
        ids(h
            .get(&format!("{JOBS}?tenantId=8"), Some(&sys))
            .await
            .json()),
        [2]
    );
    assert_eq!(ids(h.get(JOBS, Some(&south)).await.json()), [2]);
    // "For tenant administrator users, the field defaults to the user's tenant ID": whatever
    // tenantId a tenant administrator sends (its own, another, an unknown one), it gets its own
    // tenant's jobs; nothing about the other tenant is revealed.
    for asked in ["1", "8", "99"] {
        let r = h.get(&format!("{JOBS}?tenantId={asked}"), Some(&ten)).await;
        assert_eq!(r.status, 200, "{asked}: {}", r.text());
        assert_eq!(ids(r.json()), [1], "tenantId={asked}");
    }
    assert_eq!(
        ids(h
            .get(&format!("{JOBS}?tenantId=1"), Some(&south))
            .await
            .json()),
        [2]
    );
    // A value that is not a number is still refused, for every caller.
    let not_number = h.get(&format!("{JOBS}?tenantId=x"), Some(&ten)).await;
    assert_eq!(not_number.status, 400, "{}", not_number.text());
    let unknown = h.get(&format!("{JOBS}?tenantId=99"), Some(&sys)).await;
    snap_json!(
        "tenant_errors",
        json!({
            "unknown_tenant": {"status": unknown.status, "body": unknown.json()},
        })
    );
}

#[tokio::test]
async fn every_documented_error() {
    let h = harness();
    let admin = h.login(ADMIN).await;
    let agent = h.login(AGENT).await;
    let mut out = serde_json::Map::new();
    for (name, path, cookie) in [
        ("no_session", JOBS.to_string(), None),
        ("no_permission", JOBS.to_string(), Some(&agent)),
        (
            "limit_not_a_number",
            format!("{JOBS}?limit=ten"),
            Some(&admin),
        ),
        ("limit_zero", format!("{JOBS}?limit=0"), Some(&admin)),
        (
            "tenant_not_a_number",
            format!("{JOBS}?tenantId=x"),
            Some(&admin),
        ),
    ] {
        let r = h.get(&path, cookie.map(String::as_str)).await;
        out.insert(name.into(), json!({"status": r.status, "body": r.json()}));
    }
    snap_json!("errors", Value::Object(out));
}

#[test]
fn a_bad_status_in_the_scenario_is_refused_at_load() {
    let yaml = format!(
        "{}\nreconciliation:\n  jobs:\n    - {{ jobStatus: DONE }}\n",
        wfo_harness::scenario::DEFAULT_YAML
    );
    let e = wfo_harness::scenario::load("bad", &yaml, None)
        .err()
        .unwrap();
    assert!(
        e.to_string().contains("reconciliation.jobs[0].jobStatus"),
        "{e}"
    );
}
