//! Inclusion/exclusion lists steer the call engine (seed 001 "Inclusion/Exclusion List API"):
//! an excluded call, started through the admin API or by recording controls, yields no recorded
//! contact; an inclusion list limits recording to its matches.

mod common;

use common::{ADMIN, AGENT, Harness};

const BASE: &str = "/api/rest/recording/inclusionExclusion";

async fn contacts(h: &Harness, admin: &str) -> serde_json::Value {
    h.get("/api/rest/recording/contact?agent=5", Some(admin))
        .await
        .json()
}

async fn admin_call(h: &Harness, ani: &str) {
    let body = format!(
        r#"{{"agent": "agent@example.com", "ani": "{ani}", "dnis": "8001", "direction": "inbound", "durationMs": 10000}}"#
    );
    let r = h.post("/__admin/calls", None, &body).await;
    assert_eq!(r.status, 201, "{}", r.text());
    h.advance("", 11_000).await;
}

#[tokio::test]
async fn an_exclusion_list_stops_admin_calls_from_being_recorded() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let list = h
        .post(
            BASE,
            Some(&admin),
            r#"{"inclusionExclusionListId": 1, "inclusionExclusionType": 2, "inclusionExclusionPatternType": 1, "pattern": "612822????"}"#,
        )
        .await;
    assert_eq!(list.status, 200);

    admin_call(&h, "6128221234").await;
    assert_eq!(contacts(&h, &admin).await.as_array().map(Vec::len), Some(0));
    let calls = h.get("/__admin/calls", None).await.json();
    assert_eq!(calls[0]["state"], "ended", "the call itself happened");

    admin_call(&h, "6128231234").await;
    let found = contacts(&h, &admin).await;
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
    assert_eq!(found[0]["ani"], "6128231234", "{found}");

    // Deleting the list records the next call from the excluded number again.
    h.delete(&format!("{BASE}/1"), Some(&admin)).await;
    admin_call(&h, "6128221234").await;
    assert_eq!(contacts(&h, &admin).await.as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn recording_controls_of_an_excluded_call_report_no_contact() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    h.post(
        BASE,
        Some(&admin),
        r#"{"inclusionExclusionListId": 1, "inclusionExclusionType": 2, "inclusionExclusionPatternType": 4, "pattern": "+44"}"#,
    )
    .await;
    let agent = h.login(AGENT).await;
    let r = h
        .post(
            "/__admin/calls",
            None,
            r#"{"agent": "agent@example.com", "ani": "+44 20 7946 0000", "direction": "inbound"}"#,
        )
        .await;
    assert_eq!(r.status, 201);
    let status = h
        .post(
            "/api/rest/recordingcontrols/call_status",
            Some(&agent),
            "{}",
        )
        .await
        .json();
    assert_eq!(status["callActive"], true, "{status}");
    assert!(status["contactId"].is_null(), "{status}");
    for cmd in ["pause", "resume", "tag", "segment", "stop"] {
        let r = h
            .post(
                &format!("/api/rest/recordingcontrols/{cmd}"),
                Some(&agent),
                "{}",
            )
            .await;
        assert!(r.status < 500, "{cmd}: {}", r.text());
    }
    h.post("/api/rest/recordingcontrols/end", Some(&agent), "{}")
        .await;
    assert_eq!(contacts(&h, &admin).await.as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn an_inclusion_list_limits_recording_to_its_matches() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    h.post(
        BASE,
        Some(&admin),
        r#"{"inclusionExclusionListId": 1, "inclusionExclusionType": 1, "inclusionExclusionPatternType": 1, "pattern": "555*", "inclusionExclusionCallDirection": 1}"#,
    )
    .await;
    admin_call(&h, "5551234").await;
    admin_call(&h, "6661234").await;
    let found = contacts(&h, &admin).await;
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
    assert_eq!(found[0]["ani"], "5551234");
}
