//! Seed 003 inContact WFO: Record Start/Update/Stop and Blackout Start/Stop for an agent found by
//! any AgentIdentifier, 200 / 404 as the seed says, 400 where ASP.NET Web API would, injected
//! 500s; and the Agent read side.

mod common;

use common::Harness;
use serde_json::{Value, json};

const API: &str = "/incontact/api";

async fn post(h: &Harness, path: &str, body: &str) -> common::Reply {
    h.post(&format!("{API}/{path}"), None, body).await
}

fn message(reply: &common::Reply) -> String {
    reply.json()["Message"].as_str().unwrap().to_string()
}

async fn agent(h: &Harness) -> Value {
    let reply = h
        .get(&format!("{API}/Agent?agentIdentifier=Id&value=1"), None)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.json()
}

#[tokio::test]
async fn the_seed_example_runs_verbatim() {
    let h = Harness::new();
    let start = post(
        &h,
        "Record/StartForAgent",
        r#"{"AgentIdentifier":"Id", "Value":"1"}"#,
    )
    .await;
    assert_eq!(start.status, 200, "{}", start.text());
    snap_json!("ic_start", start.json());
    h.advance("", 5_000).await;
    let update = post(
        &h,
        "Record/UpdateForAgent",
        r#"{"AgentIdentifier":"Phone", "Value":"4678", "CallMetadata":{"user2":"1234567890"}}"#,
    )
    .await;
    assert_eq!(update.status, 200, "{}", update.text());
    let blackout = post(
        &h,
        "Blackout/StartForAgent",
        r#"{"AgentIdentifier":"Id", "Value":"1"}"#,
    )
    .await;
    assert_eq!(blackout.status, 200);
    assert_eq!(blackout.json()["CallState"], "Blackout");
    h.advance("", 7_000).await;
    let resumed = post(
        &h,
        "Blackout/StopForAgent",
        r#"{"AgentIdentifier":"Id", "Value":"1"}"#,
    )
    .await;
    assert_eq!(resumed.status, 200);
    assert_eq!(resumed.json()["CallState"], "Active");
    h.advance("", 3_000).await;
    let stop = post(
        &h,
        "Record/StopForAgent",
        r#"{"AgentIdentifier":"Phone", "Value":"4678"}"#,
    )
    .await;
    assert_eq!(stop.status, 200);
    snap_json!("ic_stop", stop.json());

    let contacts =
        wfo_harness::contacts::Contacts::of(&h.app.state.sandboxes.get("default").unwrap().store);
    let c = contacts.get(1).unwrap();
    assert_eq!(c.agent_id, Some(5));
    assert_eq!(
        c.metadata.get("user2").map(String::as_str),
        Some("1234567890")
    );
    assert_eq!(c.duration_ms, 15_000);
    assert_eq!(c.line.as_deref(), Some("4678"));
    assert_eq!(c.events.len(), 1);
    assert_eq!(
        (c.events[0].kind.as_str(), c.events[0].duration_ms),
        ("blackout", 7_000)
    );
}

#[tokio::test]
async fn every_agent_identifier_finds_the_agent() {
    let h = Harness::new();
    for (kind, value) in [
        ("Id", "1"),
        ("CrmUsername", "crm.agent"),
        ("Phone", "4678"),
        ("Phone", "+15550001002"),
        ("SystemUsername", "agent"),
        ("Username", "avery.agent"),
        ("username", "AVERY.AGENT"),
    ] {
        let body = json!({"AgentIdentifier": kind, "Value": value}).to_string();
        let start = post(&h, "Record/StartForAgent", &body).await;
        assert_eq!(start.status, 200, "{kind}={value}: {}", start.text());
        assert_eq!(start.json()["Id"], "1");
        let stop = post(&h, "Record/StopForAgent", &body).await;
        assert_eq!(stop.status, 200, "{kind}={value}");
    }
    // A number is bound as text; property names are case-insensitive.
    let numeric = post(
        &h,
        "Record/StartForAgent",
        r#"{"agentidentifier": "Id", "value": 1}"#,
    )
    .await;
    assert_eq!(numeric.status, 200, "{}", numeric.text());
    // The admin (no inContact id) is Id = its person id.
    let admin = post(
        &h,
        "Record/StartForAgent",
        r#"{"AgentIdentifier":"Id","Value":"4"}"#,
    )
    .await;
    assert_eq!(admin.json()["Username"], "admin@example.com");
}

#[tokio::test]
async fn not_found_cases_are_404() {
    let h = Harness::new();
    let unknown = post(
        &h,
        "Record/StartForAgent",
        r#"{"AgentIdentifier":"Id","Value":"99"}"#,
    )
    .await;
    assert_eq!(unknown.status, 404);
    snap_json!("ic_unknown_agent", unknown.json());
    let id = r#"{"AgentIdentifier":"Id","Value":"1"}"#;
    for path in [
        "Record/StopForAgent",
        "Blackout/StartForAgent",
        "Blackout/StopForAgent",
    ] {
        let reply = post(&h, path, id).await;
        assert_eq!(reply.status, 404, "{path}");
        assert!(
            message(&reply).contains("no call"),
            "{path}: {}",
            message(&reply)
        );
    }
    let update = post(
        &h,
        "Record/UpdateForAgent",
        r#"{"AgentIdentifier":"Id","Value":"1","CallMetadata":{"a":"b"}}"#,
    )
    .await;
    assert_eq!(update.status, 404);
    snap_json!("ic_update_without_call", update.json());
    assert_eq!(post(&h, "Record/StartForAgent", id).await.status, 200);
    let twice = post(&h, "Record/StartForAgent", id).await;
    assert_eq!(twice.status, 404);
    snap_json!("ic_start_already_recording", twice.json());
    let missing_value = post(&h, "Record/StopForAgent", r#"{"AgentIdentifier":"Id"}"#).await;
    assert_eq!(missing_value.status, 404);
    assert!(message(&missing_value).contains("Value"));
    let empty = post(&h, "Record/StopForAgent", "").await;
    assert_eq!(empty.status, 404);
    let no_metadata = post(&h, "Record/UpdateForAgent", id).await;
    assert_eq!(no_metadata.status, 404);
    assert!(message(&no_metadata).contains("CallMetadata"));
    // Still recording: nothing above changed the call.
    assert_eq!(agent(&h).await["CallState"], "Active");
}

#[tokio::test]
async fn unreadable_bodies_are_400_as_asp_net_answers_them() {
    let h = Harness::new();
    let kind = post(
        &h,
        "Record/StartForAgent",
        r#"{"AgentIdentifier":"Email","Value":"x"}"#,
    )
    .await;
    assert_eq!(kind.status, 400);
    snap_json!("ic_unknown_identifier_kind", kind.json());
    let malformed = post(&h, "Record/StartForAgent", r#"{"AgentIdentifier":"#).await;
    assert_eq!(malformed.status, 400);
    assert!(message(&malformed).starts_with("The request is invalid"));
    let metadata = post(
        &h,
        "Record/UpdateForAgent",
        r#"{"AgentIdentifier":"Id","Value":"1","CallMetadata":"user2"}"#,
    )
    .await;
    assert_eq!(metadata.status, 400);
    assert!(message(&metadata).contains("CallMetadata"));
    assert_eq!(h.get("/__admin/calls", None).await.json(), json!([]));
}

#[tokio::test]
async fn blackout_twice_changes_nothing() {
    let h = Harness::new();
    let id = r#"{"AgentIdentifier":"Id","Value":"1"}"#;
    post(&h, "Record/StartForAgent", id).await;
    assert_eq!(post(&h, "Blackout/StartForAgent", id).await.status, 200);
    assert_eq!(post(&h, "Blackout/StartForAgent", id).await.status, 200);
    assert_eq!(post(&h, "Blackout/StopForAgent", id).await.status, 200);
    assert_eq!(post(&h, "Blackout/StopForAgent", id).await.status, 200);
    post(&h, "Record/StopForAgent", id).await;
    let view = agent(&h).await;
    assert_eq!(view["Recordings"][0]["Blackouts"], 1);
}

#[tokio::test]
async fn the_scenario_can_inject_500s() {
    let yaml = format!(
        "{}\nfaults:\n  - {{ endpoint: incontact.record_start, status: 500, times: 1 }}\n",
        wfo_harness::scenario::DEFAULT_YAML
    );
    let h = Harness::with_scenario(&yaml);
    let id = r#"{"AgentIdentifier":"Id","Value":"1"}"#;
    let failed = post(&h, "Record/StartForAgent", id).await;
    assert_eq!(failed.status, 500);
    assert!(failed.json()["Message"].is_string());
    assert_eq!(post(&h, "Record/StartForAgent", id).await.status, 200);
}

#[tokio::test]
async fn the_agent_read_side_shows_calls_and_recordings() {
    let h = Harness::new();
    let all = h.get(&format!("{API}/Agent/GetAll"), None).await;
    assert_eq!(all.status, 200);
    snap_json!("ic_get_all_idle", all.json());
    post(
        &h,
        "Record/StartForAgent",
        r#"{"AgentIdentifier":"Id","Value":"1"}"#,
    )
    .await;
    let one = h
        .get(
            &format!("{API}/Agent?agentIdentifier=phone&value=4678"),
            None,
        )
        .await;
    snap_json!("ic_get_agent_recording", one.json());
    let missing = h.get(&format!("{API}/Agent"), None).await;
    assert_eq!(missing.status, 404);
    let bad = h
        .get(&format!("{API}/Agent?agentIdentifier=Email&value=x"), None)
        .await;
    assert_eq!(bad.status, 400);
    let unknown = h
        .get(&format!("{API}/Agent?agentIdentifier=Id&value=42"), None)
        .await;
    assert_eq!(unknown.status, 404);
}
