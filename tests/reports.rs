//! Seed 001 "Bulk Report Data Export API": reports from the scenario, filters
//! (`encodedParamValues`), paging (`pageSpecification`), synchronous CSV and asynchronous
//! requests on the virtual clock.

mod common;

use common::{ADMIN, AGENT, Harness};
use serde_json::{Value, json};

const EXPORT: &str = "/api/rest/dataexplorer/report/217/export";
const QNAME: &str = "RP1_217_0_getk05bhup57b3nmd3i1l";
/// 2026-01-05 (the default clock's day) 00:00 UTC.
const DAY0: i64 = 1_767_571_200_000;
const DAY: i64 = 86_400_000;

/// The default world plus report 217 (teams and contact start times), report 300 with 1,500
/// rows, report 301 with 2,001 rows (`Half` = N mod 2: 1,001 zeros, 1,000 ones), and a report
/// built from the contacts grouped by team.
fn scenario(extra: &str) -> String {
    let mut big = String::new();
    for i in 0..1500 {
        big.push_str(&format!("      - [{i}, \"r{i}\"]\n"));
    }
    let mut halves = String::new();
    for i in 0..2001 {
        halves.push_str(&format!("      - [{i}, {}]\n", i % 2));
    }
    format!(
        r#"{default}
reports:
  - id: 217
    qname: {QNAME}
    columns: [Team, Agent, Contact Start Time, Handle Time]
    params: {{pTeam: Team, pContactStartTime: Contact Start Time, pDate: Contact Start Time}}
    rows:
      - [9, Ada, {d_minus_8}, 30]
      - [9, Avery, {d_minus_3}, 45]
      - [122, Bo, {d0}, 60]
      - [122, Cy, {d_plus_1}, 75]
      - [null, Dee, {d_plus_3}, 90]
  - id: 300
    qname: RP_BIG
    columns: [N, Label]
    rows:
{big}  - id: 301
    qname: RP_HALVES
    columns: [N, Half]
    rows:
{halves}  - id: 400
    qname: RP_TEAMS
    source: contactsByTeam
{extra}"#,
        default = wfo_harness::scenario::DEFAULT_YAML,
        d_minus_8 = DAY0 - 8 * DAY + 3_600_000,
        d_minus_3 = DAY0 - 3 * DAY + 3_600_000,
        d0 = DAY0 + 3_600_000,
        d_plus_1 = DAY0 + DAY + 3_600_000,
        d_plus_3 = DAY0 + 3 * DAY + 3_600_000,
    )
}

/// The seed's ExportActionData body with these parameters and pages.
fn body(qname: &str, encoded: &str, rows: (u64, u64), cols: (u64, u64)) -> String {
    json!({
        "schemaName": "com.stytch.rest.api.v4.data.report.action.ExportActionData",
        "action": "EXPORT_CSV",
        "state": {"schemaName": "com.stytch.rest.api.v4.data.report.ReportSpecData", "qname": qname},
        "paramValues": {
            "schemaName": "com.stytch.rest.api.v4.data.parameters.EncodedParameterValuesData",
            "qnameContent": qname,
            "encodedParamValues": encoded
        },
        "pageSpecification": [
            {"offset": rows.0, "limit": rows.1},
            {"offset": cols.0, "limit": cols.1}
        ]
    })
    .to_string()
}

async fn export(h: &Harness, cookie: &str, encoded: &str) -> common::Reply {
    h.post(
        EXPORT,
        Some(cookie),
        &body(QNAME, encoded, (0, 100), (0, 100)),
    )
    .await
}

#[tokio::test]
async fn the_seed_example_answers_the_whole_report_as_csv() {
    let h = Harness::with_scenario(&scenario(""));
    let admin = h.login(ADMIN).await;
    let r = export(&h, &admin, "[]").await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type").unwrap(), "text/csv; charset=utf-8");
    assert_eq!(r.header("content-extent").unwrap(), "rows=5; columns=4");
    snap_text!("whole_report", r.text());
}

#[tokio::test]
async fn a_value_list_keeps_the_matching_rows_in_both_quote_styles() {
    let h = Harness::with_scenario(&scenario(""));
    let admin = h.login(ADMIN).await;
    // The seed's first example (single quotes, parameter named after the column).
    let single = "[{'name': 'Team', 'value': {'isAll': 'false', 'values':\n [122.0], 'containsNull': 'false'}}]";
    let r = export(&h, &admin, single).await;
    assert_eq!(r.status, 200, "{}", r.text());
    snap_text!("team_122", r.text());
    // The seed's pTeam example (double quotes, a report parameter), with nulls.
    let double =
        r#"[{"name":"pTeam","value":{"isAll":"false","values":[9.0],"containsNull":"true"}}]"#;
    let r = export(&h, &admin, double).await;
    assert_eq!(r.header("content-extent").unwrap(), "rows=3; columns=4");
    snap_text!("team_9_and_null", r.text());
    // isAll keeps everything.
    let all = r#"[{"name":"pTeam","value":{"isAll":"true","values":[],"containsNull":"false"}}]"#;
    let r = export(&h, &admin, all).await;
    assert_eq!(r.header("content-extent").unwrap(), "rows=5; columns=4");
}

#[tokio::test]
async fn date_range_and_relative_date_follow_the_virtual_clock() {
    let h = Harness::with_scenario(&scenario(""));
    let admin = h.login(ADMIN).await;
    // Date Range: the day of the reference time (rangeStart 0, rangeEnd 1, as the seed's June 15).
    let range = format!(
        r#"[{{"name":"pDate","value":{{"containsNull":"false","values":[{{"periodType":"DayOfMonthPeriod","referenceTime":{},"rangeStart":0,"rangeEnd":1}}]}}}}]"#,
        DAY0 + 12 * 3_600_000
    );
    let r = export(&h, &admin, &range).await;
    snap_text!("date_range_one_day", r.text());
    // No rangeEnd: from the start forward.
    let open = format!(
        r#"[{{"name":"pDate","value":{{"containsNull":"false","values":[{{"periodType":"DayOfMonthPeriod","referenceTime":{DAY0},"rangeStart":0}}]}}}}]"#
    );
    let r = export(&h, &admin, &open).await;
    assert_eq!(r.header("content-extent").unwrap(), "rows=3; columns=4");
    // The seed's Relative Date example: the last seven days, today and tomorrow ("value" key).
    let relative = r#"[{"name": "pContactStartTime", "value": {"containsNull": "false", "value": [{"periodType": "DayOfMonthPeriod", "referenceTime": "NL", "rangeStart": -7, "rangeEnd": -1}, {"periodType": "DayOfMonthPeriod", "referenceTime": "NL", "rangeStart": 0, "rangeEnd": 0}, {"periodType": "DayOfMonthPeriod", "referenceTime": "NL", "rangeStart": 1, "rangeEnd": 1}]}}]"#;
    let r = export(&h, &admin, relative).await;
    snap_text!("relative_around_day0", r.text());
    // Two days later the same request sees other rows: "NL" is the virtual clock's now.
    h.advance("", 2 * DAY).await;
    let admin = h.login(ADMIN).await;
    let r = export(&h, &admin, relative).await;
    assert_eq!(r.status, 200, "{}", r.text());
    snap_text!("relative_two_days_later", r.text());
}

#[tokio::test]
async fn pages_cut_rows_and_columns() {
    let h = Harness::with_scenario(&scenario(""));
    let admin = h.login(ADMIN).await;
    let r = h
        .post(EXPORT, Some(&admin), &body(QNAME, "[]", (1, 2), (1, 2)))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    // The extent is the whole (filtered) report, not the page.
    assert_eq!(r.header("content-extent").unwrap(), "rows=5; columns=4");
    snap_text!("page_rows_1_2_cols_1_2", r.text());
}

#[tokio::test]
async fn a_report_from_contacts_grouped_by_team() {
    let contacts = r#"contacts:
  - { agent: agent@example.com, start: "2026-01-04T10:00:00Z", durationMs: 60000 }
  - { agent: agent@example.com, start: "2026-01-04T11:00:00Z", durationMs: 60000 }
"#;
    let h = Harness::with_scenario(&scenario(contacts));
    let admin = h.login(ADMIN).await;
    let r = h
        .post(
            "/api/rest/dataexplorer/report/400/export",
            Some(&admin),
            &body("RP_TEAMS", "[]", (0, 10), (0, 10)),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    snap_text!("contacts_by_team", r.text());
}

#[tokio::test]
async fn an_export_over_1000_rows_goes_asynchronous_and_completes_on_the_virtual_clock() {
    let h = Harness::with_scenario(&scenario(""));
    let admin = h.login(ADMIN).await;
    let big = "/api/rest/dataexplorer/report/300/export";
    let r = h
        .post(
            big,
            Some(&admin),
            &body("RP_BIG", "[]", (995, 1000), (0, 2)),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let accepted = r.json();
    snap_json!("async_accepted", &accepted);
    let status = format!(
        "/api/rest/dataexplorer/report/export/request/{}",
        accepted["requestId"].as_str().unwrap()
    );
    let mut seen = vec![];
    for _ in 0..4 {
        let r = h.get(&status, Some(&admin)).await;
        assert_eq!(r.status, 200, "{}", r.text());
        if r.header("content-type").unwrap().starts_with("text/csv") {
            seen.push("CSV".to_string());
            assert_eq!(r.header("content-extent").unwrap(), "rows=1500; columns=2");
            let text = r.text();
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.len(), 1 + 505);
            assert_eq!(
                (lines[0], lines[1], lines[505]),
                ("N,Label", "995,r995", "1499,r1499")
            );
            break;
        }
        seen.push(r.json()["status"].as_str().unwrap().to_string());
        h.advance("", 2_500).await;
    }
    assert_eq!(seen, ["Queued", "Processing", "Processing", "CSV"]);
}

/// Whether an export was answered at once (the CSV) or asynchronously (`{requestId, status}`).
fn answered_at_once(r: &common::Reply) -> bool {
    assert_eq!(r.status, 200, "{}", r.text());
    r.header("content-type").unwrap().starts_with("text/csv")
}

#[tokio::test]
async fn the_filtered_report_decides_sync_or_async_whatever_the_page() {
    // Seed 001: "If the data requested is small enough to be returned quickly" the CSV comes
    // at once; "You can export a maximum of 1,000 records in each export request. If you need
    // to export more than 1,000 records, create multiple, more restricted exports." The data
    // requested is the report as the filters restrict it: the page does not change the answer.
    let h = Harness::with_scenario(&scenario(""));
    let admin = h.login(ADMIN).await;
    let halves = "/api/rest/dataexplorer/report/301/export";
    let half = |v: u8| format!(r#"[{{"name":"Half","value":{{"isAll":"false","values":[{v}]}}}}]"#);
    // 2,001 rows: asynchronous, even for a one-row page.
    for rows in [(0, 1), (0, 1000), (2000, 1)] {
        let r = h
            .post(halves, Some(&admin), &body("RP_HALVES", "[]", rows, (0, 2)))
            .await;
        assert!(!answered_at_once(&r), "{rows:?}: {}", r.text());
        assert_eq!(r.json()["status"], "Queued");
    }
    // Restricted to 1,001 rows: still more than 1,000 records, asynchronous.
    let r = h
        .post(
            halves,
            Some(&admin),
            &body("RP_HALVES", &half(0), (0, 10), (0, 2)),
        )
        .await;
    assert!(!answered_at_once(&r), "{}", r.text());
    // Restricted to exactly 1,000 rows: answered at once, whatever the page.
    for rows in [(0, 1000), (0, 1), (999, 5), (5000, 10)] {
        let r = h
            .post(
                halves,
                Some(&admin),
                &body("RP_HALVES", &half(1), rows, (0, 2)),
            )
            .await;
        assert!(answered_at_once(&r), "{rows:?}: {}", r.text());
        assert_eq!(r.header("content-extent").unwrap(), "rows=1000; columns=2");
        let lines = r.text().lines().count() as u64;
        assert_eq!(
            lines,
            1 + rows.1.min(1000u64.saturating_sub(rows.0)),
            "{rows:?}"
        );
    }
}

/// Two tenants, each with a ReportAuthoring user, and the 1,500-row report.
fn two_tenants() -> String {
    let mut big = String::new();
    for i in 0..1500 {
        big.push_str(&format!("      - [{i}, \"r{i}\"]\n"));
    }
    format!(
        r#"name: two
clock: {{start: "2026-01-05T09:00:00Z", frozen: true}}
tenants:
  - name: North
    groups: [{{name: G}}]
    teams: [{{name: T, group: 2}}]
    roles: [{{name: Reports, permissions: [ReportAuthoring]}}]
    persons:
      - {{firstName: Nor, lastName: Th, email: north@example.com, password: n, team: 3, roles: [Reports]}}
  - name: South
    groups: [{{name: G}}]
    teams: [{{name: T, group: 7}}]
    roles: [{{name: Reports, permissions: [ReportAuthoring]}}]
    persons:
      - {{firstName: Sou, lastName: Th, email: south@example.com, password: s, team: 8, roles: [Reports]}}
reports:
  - id: 300
    qname: RP_BIG
    columns: [N, Label]
    rows:
{big}"#
    )
}

#[tokio::test]
async fn an_export_request_belongs_to_the_tenant_that_made_it() {
    let h = Harness::with_scenario(&two_tenants());
    let north = h.login(("north@example.com", "n")).await;
    let south = h.login(("south@example.com", "s")).await;
    let r = h
        .post(
            "/api/rest/dataexplorer/report/300/export",
            Some(&north),
            &body("RP_BIG", "[]", (0, 3), (0, 2)),
        )
        .await;
    assert!(!answered_at_once(&r), "{}", r.text());
    let id = r.json()["requestId"].as_str().unwrap().to_string();
    let status = format!("/api/rest/dataexplorer/report/export/request/{id}");
    let unknown = "/api/rest/dataexplorer/report/export/request/999";
    // The other tenant sees it as it sees an unknown id: 404, nothing revealed.
    let other = h.get(&status, Some(&south)).await;
    let missing = h.get(unknown, Some(&south)).await;
    assert_eq!((other.status, missing.status), (404, 404));
    assert_eq!(
        other.message().replace(&id, "N"),
        missing.message().replace("999", "N")
    );
    snap_json!("other_tenant_request", other.json());
    assert_eq!(
        h.get(&status, Some(&north)).await.json()["status"],
        "Queued"
    );
    // Done: the CSV for its tenant, still 404 for the other.
    h.advance("", 7_000).await;
    let done = h.get(&status, Some(&north)).await;
    assert!(answered_at_once(&done), "{}", done.text());
    assert_eq!(done.text(), "N,Label\r\n0,r0\r\n1,r1\r\n2,r2\r\n");
    assert_eq!(h.get(&status, Some(&south)).await.status, 404);
}

#[tokio::test]
async fn the_scenario_job_settings_decide_other_outcomes() {
    for outcome in ["Failed", "Canceled", "Expired", "Blacklisted"] {
        let jobs = format!(
            "jobs:\n  report.export: {{states: [{{name: Queued, ms: 1000}}], outcome: {outcome}}}\n"
        );
        let h = Harness::with_scenario(&scenario(&jobs));
        let admin = h.login(ADMIN).await;
        let r = h
            .post(
                "/api/rest/dataexplorer/report/300/export",
                Some(&admin),
                &body("RP_BIG", "[]", (0, 10), (0, 2)),
            )
            .await;
        let id = r.json()["requestId"].as_str().unwrap().to_string();
        h.advance("", 1_000).await;
        let r = h
            .get(
                &format!("/api/rest/dataexplorer/report/export/request/{id}"),
                Some(&admin),
            )
            .await;
        assert_eq!(r.json(), json!({"requestId": id, "status": outcome}));
    }
}

fn message(r: &common::Reply) -> Value {
    let b = r.json();
    json!({"status": r.status, "body": b})
}

#[tokio::test]
async fn every_documented_error() {
    let h = Harness::with_scenario(&scenario(""));
    let admin = h.login(ADMIN).await;
    let agent = h.login(AGENT).await;
    let ok = body(QNAME, "[]", (0, 10), (0, 10));
    let mut errors = serde_json::Map::new();
    let mut add = |name: &str, r: &common::Reply| {
        errors.insert(name.to_string(), message(r));
    };
    add("no_session", &h.post(EXPORT, None, &ok).await);
    add("no_permission", &h.post(EXPORT, Some(&agent), &ok).await);
    add(
        "unknown_report",
        &h.post("/api/rest/dataexplorer/report/9/export", Some(&admin), &ok)
            .await,
    );
    add(
        "report_id_not_a_number",
        &h.post(
            "/api/rest/dataexplorer/report/abc/export",
            Some(&admin),
            &ok,
        )
        .await,
    );
    add("malformed_json", &h.post(EXPORT, Some(&admin), "{").await);
    let mut wrong_action: Value = serde_json::from_str(&ok).unwrap();
    wrong_action["action"] = json!("EXPORT_PDF");
    add(
        "wrong_action",
        &h.post(EXPORT, Some(&admin), &wrong_action.to_string())
            .await,
    );
    add(
        "wrong_qname",
        &h.post(
            EXPORT,
            Some(&admin),
            &body("RP_OTHER", "[]", (0, 1), (0, 1)),
        )
        .await,
    );
    add(
        "over_1000_records",
        &h.post(EXPORT, Some(&admin), &body(QNAME, "[]", (0, 1001), (0, 1)))
            .await,
    );
    let mut negative: Value = serde_json::from_str(&ok).unwrap();
    negative["pageSpecification"][1]["offset"] = json!(-1);
    add(
        "negative_offset",
        &h.post(EXPORT, Some(&admin), &negative.to_string()).await,
    );
    add(
        "malformed_encoded_params",
        &export(&h, &admin, "[{'name': 'pTeam', 'value': {'values': [9.0]}").await,
    );
    add(
        "unknown_parameter",
        &export(&h, &admin, "[{'name': 'pQueue', 'value': {'values': [1]}}]").await,
    );
    add(
        "unknown_period_type",
        &export(
            &h,
            &admin,
            "[{'name': 'pDate', 'value': {'values': [{'periodType': 'FortnightPeriod', 'referenceTime': 'NL', 'rangeStart': 0}]}}]",
        )
        .await,
    );
    add(
        "bad_reference_time",
        &export(
            &h,
            &admin,
            "[{'name': 'pDate', 'value': {'values': [{'periodType': 'DayOfMonthPeriod', 'referenceTime': 'yesterday', 'rangeStart': 0}]}}]",
        )
        .await,
    );
    add(
        "unknown_request",
        &h.get(
            "/api/rest/dataexplorer/report/export/request/77",
            Some(&admin),
        )
        .await,
    );
    add(
        "status_without_permission",
        &h.get(
            "/api/rest/dataexplorer/report/export/request/77",
            Some(&agent),
        )
        .await,
    );
    snap_json!("errors", Value::Object(errors));
    // Nothing was started by the refused requests.
    let r = h.get("/__admin/jobs", None).await;
    assert!(!r.text().contains("report.export"), "{}", r.text());
}
