//! One call engine behind three APIs: a call started through inContact, paused and tagged through
//! Webex recording controls, ended, then found among the agent's Webex contacts with its metadata
//! and pause events. Also the scenario `calls:` timeline and the admin call verbs.

mod common;

use common::{ADMIN, AGENT, Harness};
use serde_json::json;
use wfo_harness::contacts::Contacts;

fn contacts(h: &Harness, sandbox: &str) -> Contacts {
    Contacts::of(&h.app.state.sandboxes.get(sandbox).unwrap().store)
}

#[tokio::test]
async fn incontact_call_controlled_by_webex_becomes_a_searchable_contact() {
    let h = Harness::new();
    let id = r#"{"AgentIdentifier":"Phone","Value":"4678"}"#;
    let start = h
        .post("/incontact/api/Record/StartForAgent", None, id)
        .await;
    assert_eq!(start.status, 200);
    let update = h
        .post(
            "/incontact/api/Record/UpdateForAgent",
            None,
            r#"{"AgentIdentifier":"Phone","Value":"4678","CallMetadata":{"user2":"1234567890"}}"#,
        )
        .await;
    assert_eq!(update.status, 200);

    let agent = h.login(AGENT).await;
    h.advance("", 10_000).await;
    let pause = h
        .post("/api/rest/recordingcontrols/pause", Some(&agent), "{}")
        .await;
    assert_eq!(pause.status, 200);
    h.advance("", 20_000).await;
    let resume = h
        .post("/api/rest/recordingcontrols/resume", Some(&agent), "{}")
        .await;
    assert_eq!(resume.status, 200);
    let tag = h
        .post("/api/rest/recordingcontrols/tag", Some(&agent), "{}")
        .await;
    assert_eq!(tag.status, 200);
    let metadata = h
        .post(
            "/api/rest/recordingcontrols/metadata",
            Some(&agent),
            r#"{"metadata": [{"name": "QueueLanguage", "value": "en"}]}"#,
        )
        .await;
    assert_eq!(metadata.status, 200);
    h.advance("", 5_000).await;
    let stop = h.post("/incontact/api/Record/StopForAgent", None, id).await;
    assert_eq!(stop.status, 200);

    // Webex contact search finds it, with its metadata and the pause as an event.
    let admin = h.login(ADMIN).await;
    let found = h
        .get(
            "/api/rest/recording/contact?agent=5&expand=metadata&expand=event",
            Some(&admin),
        )
        .await;
    assert_eq!(found.status, 200);
    let found = found.json();
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
    snap_json!("cross_vendor_contact", found);
    let c = &found[0];
    assert_eq!(c["id"], 1);
    assert_eq!(c["tagged"], true, "{c}");
    assert_eq!(c["metadata"]["QueueLanguage"]["value"], "en", "{c}");
    assert_eq!(c["metadata"]["user2"]["value"], "1234567890", "{c}");

    // The stored contact behind it: complete, 35 s long, one 20 s pause.
    let c = serde_json::to_value(contacts(&h, "default").get(1).unwrap()).unwrap();
    assert_eq!(c["complete"], true);
    assert_eq!(
        c["events"],
        json!([{"kind": "pause", "startMs": 10_000, "durationMs": 20_000}])
    );
    assert_eq!(c["durationMs"], 35_000);

    let calls = h.get("/__admin/calls", None).await.json();
    assert_eq!(calls[0]["origin"], "inContact");
    assert_eq!(calls[0]["state"], "ended");
}

async fn status(h: &Harness, agent: &str) -> serde_json::Value {
    h.post("/api/rest/recordingcontrols/call_status", Some(agent), "{}")
        .await
        .json()
}

const TIMELINE: &str = r#"
calls:
  - agent: agent@example.com
    start: "2026-01-05T09:01:00Z"
    ringMs: 5000
    durationMs: 60000
    ani: "5551234"
    dnis: "8001"
    direction: inbound
    metadata: { queue: sales }
  - agent: 'EXAMPLE\agent'
    start: "2026-01-05T09:03:00Z"
"#;

#[tokio::test]
async fn the_scenario_timeline_plays_as_the_clock_moves() {
    let yaml = format!("{}{TIMELINE}", wfo_harness::scenario::DEFAULT_YAML);
    let h = Harness::with_scenario(&yaml);
    let agent = h.login(AGENT).await;
    assert_eq!(status(&h, &agent).await["callActive"], false);
    assert_eq!(h.get("/__admin/calls", None).await.json(), json!([]));
    h.advance("", 62_000).await;
    let ringing = h.get("/__admin/calls", None).await.json();
    assert_eq!(ringing[0]["state"], "ringing");
    assert_eq!(status(&h, &agent).await["callActive"], true);
    assert!(
        status(&h, &agent).await["contactId"].is_null(),
        "no contact before answer"
    );
    h.advance("", 10_000).await;
    assert_eq!(status(&h, &agent).await["contactId"], 1);
    h.advance("", 60_000).await;
    let calls = h.get("/__admin/calls", None).await.json();
    snap_json!("timeline_first_call_ended", calls);
    let c = contacts(&h, "default").get(1).unwrap();
    assert_eq!((c.start_ms, c.duration_ms), (1_767_603_665_000, 55_000));
    assert_eq!(c.metadata.get("queue").map(String::as_str), Some("sales"));
    h.advance("", 60_000).await;
    let calls = h.get("/__admin/calls", None).await.json();
    assert_eq!(calls[1]["state"], "active", "no end: runs until ended");
    assert_eq!(calls[1]["origin"], "scenario");
}

#[tokio::test]
async fn overlapping_planned_calls_and_unknown_agents_are_refused_with_their_line() {
    let overlap = format!(
        "{}{TIMELINE}  - {{agent: agent@example.com, start: \"2026-01-05T09:01:30Z\"}}\n",
        wfo_harness::scenario::DEFAULT_YAML
    );
    let e = wfo_harness::scenario::load("t", &overlap, None).unwrap_err();
    assert!(e.message.contains("one call at a time"), "{e}");
    assert!(e.line.is_some());
    let unknown = format!(
        "{}calls:\n  - {{agent: nobody@example.com, start: \"2026-01-05T09:01:00Z\"}}\n",
        wfo_harness::scenario::DEFAULT_YAML
    );
    let e = wfo_harness::scenario::load("t", &unknown, None).unwrap_err();
    assert!(e.message.contains("matches no person"), "{e}");
}

#[tokio::test]
async fn admin_call_verbs() {
    let h = Harness::new();
    let started = h
        .post(
            "/__admin/calls",
            None,
            r#"{"agent": "1", "ani": "5551234", "dnis": "8001", "extension": "4678"}"#,
        )
        .await;
    assert_eq!(started.status, 201, "{}", started.text());
    snap_json!("admin_call_started", started.json());
    let busy = h
        .post("/__admin/calls", None, r#"{"agent": "agent@example.com"}"#)
        .await;
    assert_eq!(busy.status, 409);
    let unknown = h
        .post("/__admin/calls", None, r#"{"agent": "nobody@example.com"}"#)
        .await;
    assert_eq!(unknown.status, 404);
    let nobody = h.post("/__admin/calls", None, "{}").await;
    assert_eq!(nobody.status, 400);
    let bad = h.post("/__admin/calls", None, r#"{"agent": 5}"#).await;
    assert_eq!(bad.status, 400);
    let ended = h.post("/__admin/calls/1/end", None, "").await;
    assert_eq!(ended.status, 200);
    assert_eq!(ended.json()["state"], "ended");
    assert_eq!(h.post("/__admin/calls/1/end", None, "").await.status, 409);
    assert_eq!(h.post("/__admin/calls/9/end", None, "").await.status, 404);
    assert_eq!(h.post("/__admin/calls/x/end", None, "").await.status, 400);
    let list = h.get("/__admin/calls", None).await.json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    // Per sandbox, like every admin verb.
    assert_eq!(
        h.get("/sandbox/other/__admin/calls", None).await.json(),
        json!([])
    );
}
