//! Scenario `rate_limits:` per vendor, endpoint or credential: 429 with `Retry-After` on the
//! virtual clock; the WFM preset (seed 001 "Access WFM APIs": 500 calls a minute and 10,000 an
//! hour per user token).

mod common;

use common::{ADMIN, AGENT, Harness};

fn scenario(limits: &str) -> String {
    format!("{}\n{limits}", include_str!("../scenarios/default.yaml"))
}

#[tokio::test]
async fn a_limit_per_credential_answers_429_until_the_virtual_clock_frees_it() {
    let h = Harness::with_scenario(&scenario(
        "rate_limits:\n  - endpoint: org.permissions\n    limit: 2\n    windowMs: 60000\n",
    ));
    let admin = h.login(ADMIN).await;
    let agent = h.login(AGENT).await;
    for _ in 0..2 {
        assert_eq!(
            h.get("/api/rest/org/permissions/", Some(&admin))
                .await
                .status,
            200
        );
    }
    h.advance("", 20_000).await;
    let refused = h.get("/api/rest/org/permissions/", Some(&admin)).await;
    assert_eq!(refused.status, 429);
    assert_eq!(refused.header("retry-after").as_deref(), Some("40"));
    snap_json!("refused", refused.json());
    // Another credential has its own count; other endpoints are not limited.
    assert_eq!(
        h.get("/api/rest/org/permissions/", Some(&agent))
            .await
            .status,
        403
    );
    assert_eq!(h.get("/api/rest/authorize", Some(&admin)).await.status, 200);
    // Refused calls are not counted: 40 s later the window has room again.
    h.advance("", 40_000).await;
    assert_eq!(
        h.get("/api/rest/org/permissions/", Some(&admin))
            .await
            .status,
        200
    );
    let last = h.transcript("").await;
    let statuses: Vec<u64> = last.iter().map(|e| e["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [200, 200, 200, 200, 429, 403, 200, 200]);
    assert_eq!(last[4]["responseHeaders"]["retry-after"], "40");
}

#[tokio::test]
async fn a_vendor_wide_limit_for_the_whole_sandbox() {
    let h = Harness::with_scenario(&scenario(
        "rateLimits:\n  - vendor: webex-wfo\n    per: sandbox\n    limit: 3\n    windowMs: 1000\n",
    ));
    assert_eq!(h.get("/api/rest/authorize", None).await.status, 401);
    h.login(ADMIN).await;
    h.login(AGENT).await;
    let refused = h.get("/api/rest/authorize", None).await;
    assert_eq!(refused.status, 429);
    assert_eq!(refused.header("retry-after").as_deref(), Some("1"));
    // Admin calls are never limited; a reset starts the counts again.
    assert_eq!(h.post("/__admin/reset", None, "").await.status, 200);
    assert_eq!(h.get("/api/rest/authorize", None).await.status, 401);
}

#[tokio::test]
async fn the_wfm_preset_allows_500_calls_a_minute_per_token() {
    // No WFM endpoint is implemented yet: the preset is applied to one that is, to show it.
    let h = Harness::with_scenario(&scenario(
        "rate_limits:\n  - preset: wfm\n    endpoint: auth.get\n",
    ));
    let admin = h.login(ADMIN).await;
    for _ in 0..500 {
        assert_eq!(h.get("/api/rest/authorize", Some(&admin)).await.status, 200);
    }
    let refused = h.get("/api/rest/authorize", Some(&admin)).await;
    assert_eq!(refused.status, 429);
    assert!(
        refused.message().contains("wfm per minute"),
        "{}",
        refused.text()
    );
    assert_eq!(refused.header("retry-after").as_deref(), Some("60"));
    let agent = h.login(AGENT).await;
    assert_eq!(h.get("/api/rest/authorize", Some(&agent)).await.status, 200);
}

#[test]
fn a_wrong_limit_is_a_scenario_error() {
    for (yaml, says) in [
        (
            "rate_limits:\n  - preset: nope\n",
            "unknown rate-limit preset `nope`",
        ),
        ("rate_limits:\n  - limit: 5\n", "needs windowMs"),
        (
            "rate_limits:\n  - endpoint: no.such\n    limit: 1\n    windowMs: 1\n",
            "unknown endpoint key `no.such`",
        ),
        (
            "rate_limits:\n  - limit: 1\n    windowMs: 1\n    per: planet\n",
            "planet",
        ),
    ] {
        let Err(err) = wfo_harness::scenario::load("t", &scenario(yaml), None) else {
            panic!("accepted: {yaml}");
        };
        assert!(err.to_string().contains(says), "{yaml}: {err}");
    }
}
