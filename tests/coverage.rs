//! Coverage of documented cases: `GET /__admin/coverage` (JSON, table, Markdown) and
//! `wfo-harness coverage --transcript FILE --fail-under PERCENT`.

mod common;

use common::{ADMIN, AGENT, Harness};
use serde_json::Value;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_wfo-harness");

async fn some_calls(h: &Harness) {
    let admin = h.login(ADMIN).await;
    let agent = h.login(AGENT).await;
    h.get("/api/rest/org/permissions/", Some(&admin)).await;
    h.get("/api/rest/org/permissions/", Some(&agent)).await; // 403
    h.get("/api/rest/authorize", None).await; // 401
    h.post(
        "/api/rest/authorize",
        None,
        r#"{"userId": "admin@example.com"}"#,
    )
    .await; // 400 naming password
    h.post("/api/rest/authorize", None, "{not json").await; // 400 malformed
    h.get("/api/rest/nothing", None).await; // matches no endpoint
}

fn endpoint<'a>(report: &'a Value, key: &str) -> &'a Value {
    report["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == key)
        .unwrap_or_else(|| panic!("{key} missing"))
}

fn calls_of(e: &Value, case: &str) -> u64 {
    e["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["case"] == case)
        .unwrap_or_else(|| panic!("no case {case} in {e}"))["calls"]
        .as_u64()
        .unwrap()
}

#[tokio::test]
async fn the_admin_api_counts_documented_cases_per_endpoint() {
    let h = Harness::new();
    let empty = h.get("/__admin/coverage", None).await.json();
    assert_eq!(empty["covered"], 0);

    some_calls(&h).await;
    let report = h.get("/__admin/coverage?format=json", None).await;
    assert_eq!(
        report.header("content-type").as_deref(),
        Some("application/json")
    );
    let report = report.json();
    let login = endpoint(&report, "auth.login");
    assert_eq!(login["calls"], 4);
    assert_eq!(calls_of(login, "success"), 2);
    assert_eq!(calls_of(login, "field password"), 1);
    assert_eq!(
        calls_of(login, "field userId"),
        0,
        "the message names password only"
    );
    assert_eq!(calls_of(login, "malformed body"), 1);
    assert_eq!(calls_of(login, "wrong credentials"), 0);
    let perms = endpoint(&report, "org.permissions");
    assert_eq!(calls_of(perms, "forbidden"), 1);
    assert_eq!(calls_of(perms, "unauthorized"), 0);
    assert_eq!(calls_of(endpoint(&report, "auth.get"), "unauthorized"), 1);
    assert_eq!(report["unmatchedCalls"], 1);
    // Every listed endpoint says whether the catalogue serves it.
    for listed in report["endpoints"].as_array().unwrap() {
        let key = listed["key"].as_str().unwrap();
        let row = wfo_harness::catalogue::ENDPOINTS
            .iter()
            .find(|e| e.key == key)
            .unwrap_or_else(|| panic!("{key} is not a catalogue row"));
        assert_eq!(listed["implemented"], row.implemented(), "{key}");
    }
    // Only the endpoints exercised here: other families' rows change as they land.
    let mine: Vec<&Value> = ["auth.login", "auth.get", "auth.logout", "org.permissions"]
        .iter()
        .map(|k| endpoint(&report, k))
        .collect();
    snap_json!("coverage_json", mine);

    let md = h.get("/__admin/coverage?format=markdown", None).await;
    assert!(
        md.header("content-type")
            .unwrap()
            .starts_with("text/markdown")
    );
    let md = md.text();
    assert!(md.starts_with("## wfo-harness coverage\n\n**"), "{md}");
    assert!(md.contains(&format!(
        "**{} of {} documented cases exercised",
        report["covered"], report["total"]
    )));
    assert!(md.contains(
        "| endpoint | method and path | calls | statuses seen | covered | not exercised |"
    ));
    assert!(
        md.contains("| `org.permissions` | `GET /api/rest/org/permissions/` | 2 | 200x1 403x1 | 2/3 | 401 unauthorized |"),
        "{md}"
    );
    let table = h.get("/__admin/coverage?format=table", None).await.text();
    assert!(table.starts_with("ENDPOINT "), "{table}");
    let row = table.lines().find(|l| l.starts_with("auth.get ")).unwrap();
    let cells: Vec<&str> = row
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(cells, ["auth.get", "1", "401x1", "1/2", "200 success"]);
    assert!(table.contains("1 calls matched no endpoint"), "{table}");

    let bad = h.get("/__admin/coverage?format=pdf", None).await;
    assert_eq!(bad.status, 400);
    assert!(bad.message().contains("table, json or markdown"));
}

#[tokio::test]
async fn the_cli_reads_a_transcript_and_fails_under_a_threshold() {
    let h = Harness::new();
    some_calls(&h).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.yaml");
    let yaml = h
        .get("/__admin/transcript?format=yaml&normalise=true", None)
        .await
        .text();
    std::fs::write(&path, yaml).unwrap();
    let p = path.to_str().unwrap();
    let admin = h.get("/__admin/coverage", None).await.json();
    let percent = admin["percent"].as_f64().unwrap();

    let out = Command::new(BIN)
        .args(["coverage", "--transcript", p, "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(cli, admin, "the normalised YAML gives the same coverage");

    let over = format!("{}", percent + 1.0);
    let out = Command::new(BIN)
        .args(["coverage", "--transcript", p, "--fail-under", &over])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!("is under the required {over}%"))
    );

    let under = format!("{}", percent / 2.0);
    let out = Command::new(BIN)
        .args([
            "coverage",
            "--transcript",
            p,
            "--fail-under",
            &under,
            "--format",
            "markdown",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("## wfo-harness coverage"));
}
