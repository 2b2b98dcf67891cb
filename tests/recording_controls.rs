//! Seed 001 "Recording Controls API": every command through `POST
//! /api/rest/recordingcontrols/{command}` and `/user/{personId}/{command}`, the ignore rules,
//! personId/deviceName/acdId targeting, scope, timestamp, ccrId and each error path.

mod common;

use common::{ADMIN, AGENT, Harness};
use serde_json::{Value, json};

const RC: &str = "/api/rest/recordingcontrols";

async fn start_call(h: &Harness, agent: &str) -> Value {
    let reply = h
        .post(
            "/__admin/calls",
            None,
            &json!({"agent": agent, "ani": "5551234", "dnis": "8001"}).to_string(),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()
}

async fn end_call(h: &Harness, id: u64) -> Value {
    let reply = h.post(&format!("/__admin/calls/{id}/end"), None, "").await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.json()
}

async fn rc(h: &Harness, cookie: &str, path: &str, body: Value) -> common::Reply {
    h.post(&format!("{RC}/{path}"), Some(cookie), &body.to_string())
        .await
}

async fn contact(h: &Harness, id: u64) -> Value {
    // The contact as stored for Webex contact search (whose endpoint another family serves).
    let contacts =
        wfo_harness::contacts::Contacts::of(&h.app.state.sandboxes.get("default").unwrap().store);
    serde_json::to_value(contacts.get(id).expect("the contact exists")).unwrap()
}

#[tokio::test]
async fn pause_and_resume_follow_the_ignore_rules_and_become_events() {
    let h = Harness::new();
    let agent = h.login(AGENT).await;
    let call = start_call(&h, "agent@example.com").await;

    let paused = rc(&h, &agent, "pause", json!({})).await;
    assert_eq!(paused.status, 200, "{}", paused.text());
    snap_json!("rc_pause", paused.json());
    let again = rc(&h, &agent, "pause", json!({})).await;
    assert_eq!(again.status, 200);
    snap_json!("rc_pause_already_paused", again.json());

    h.advance("", 30_000).await;
    let resumed = rc(&h, &agent, "resume", json!({})).await;
    assert_eq!(resumed.status, 200);
    assert!(
        resumed.json()["description"]
            .as_str()
            .unwrap()
            .starts_with("Command RESUME sent successfully for Avery Agent")
    );
    let not_paused = rc(&h, &agent, "resume", json!({})).await;
    snap_json!("rc_resume_not_paused", not_paused.json());

    h.advance("", 10_000).await;
    let ended = end_call(&h, call["id"].as_u64().unwrap()).await;
    let contact_id = ended["segments"][0]["contactId"].as_u64().unwrap();
    let c = contact(&h, contact_id).await;
    assert_eq!(c["complete"], true);
    assert_eq!(c["durationMs"], 40_000);
    assert_eq!(
        c["events"],
        json!([{"kind": "pause", "startMs": 0, "durationMs": 30000}]),
        "event times are offsets from the contact's start"
    );
}

#[tokio::test]
async fn commands_without_a_call_are_ignored() {
    let h = Harness::new();
    let agent = h.login(AGENT).await;
    for command in ["pause", "resume", "segment", "stop_screen"] {
        let reply = rc(&h, &agent, command, json!({})).await;
        assert_eq!(reply.status, 200, "{command}: {}", reply.text());
        assert!(
            reply.json()["description"]
                .as_str()
                .unwrap()
                .contains("ignored"),
            "{command}"
        );
    }
    let tag = rc(&h, &agent, "tag", json!({})).await;
    snap_json!("rc_tag_no_call_no_previous", tag.json());
    let status = rc(&h, &agent, "call_status", json!({})).await;
    snap_json!("rc_call_status_idle", status.json());
}

#[tokio::test]
async fn metadata_and_tag_apply_to_the_active_call_or_the_previous_one() {
    let h = Harness::new();
    let agent = h.login(AGENT).await;
    let call = start_call(&h, "agent@example.com").await;
    let reply = rc(
        &h,
        &agent,
        "metadata",
        json!({"metadata": [{"name": "ticket", "value": "ABC123"}]}),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    snap_json!("rc_metadata_active", reply.json());
    let tag = rc(&h, &agent, "tag", json!({})).await;
    assert_eq!(tag.status, 200);
    let ended = end_call(&h, call["id"].as_u64().unwrap()).await;
    let id = ended["segments"][0]["contactId"].as_u64().unwrap();

    // No active call: the previous call gets it, unless active_call_only=true.
    let later = rc(
        &h,
        &agent,
        "metadata",
        json!({"metadata": [{"name": "outcome", "value": "sold"}]}),
    )
    .await;
    assert!(
        later.json()["description"]
            .as_str()
            .unwrap()
            .contains("sent successfully")
    );
    let only = h
        .post(
            &format!("{RC}/metadata?active_call_only=true"),
            Some(&agent),
            &json!({"metadata": [{"name": "late", "value": "x"}]}).to_string(),
        )
        .await;
    assert_eq!(only.status, 200);
    snap_json!("rc_metadata_active_call_only_ignored", only.json());
    let c = contact(&h, id).await;
    assert_eq!(
        c["metadata"],
        json!({"outcome": "sold", "ticket": "ABC123"})
    );
    assert_eq!(c["qm"]["tagged"], true);
}

#[tokio::test]
async fn ccr_id_targets_a_finished_contact_and_must_exist() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let call = start_call(&h, "agent@example.com").await;
    let ended = end_call(&h, call["id"].as_u64().unwrap()).await;
    let id = ended["segments"][0]["contactId"].as_u64().unwrap();
    let reply = h
        .post(
            &format!("{RC}/metadata?ccrId={id}"),
            Some(&admin),
            r#"{ "metadata" : [{"name": "ticket-id-key", "value" : "ABC123"}, {"name": "account-id-key", "value" : "321XYZ"}] }"#,
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["personId"], 5, "the contact's agent");
    assert_eq!(
        contact(&h, id).await["metadata"],
        json!({"account-id-key": "321XYZ", "ticket-id-key": "ABC123"})
    );
    let missing = h
        .post(
            &format!("{RC}/metadata?ccrId=999"),
            Some(&admin),
            r#"{"metadata": [{"name": "a", "value": "b"}]}"#,
        )
        .await;
    assert_eq!(missing.status, 404);
    snap_json!("rc_metadata_unknown_ccr", missing.json());
    let bad = h
        .post(&format!("{RC}/tag?ccrId=abc"), Some(&admin), "{}")
        .await;
    assert_eq!(bad.status, 400);
    assert!(bad.message().contains("ccrId"), "{}", bad.message());
}

#[tokio::test]
async fn the_agent_cannot_reach_a_contact_outside_its_scope() {
    let h = Harness::new();
    let agent = h.login(AGENT).await;
    let call = start_call(&h, "admin@example.com").await;
    let ended = end_call(&h, call["id"].as_u64().unwrap()).await;
    let id = ended["segments"][0]["contactId"].as_u64().unwrap();
    let reply = h
        .post(&format!("{RC}/tag?ccrId={id}"), Some(&agent), "{}")
        .await;
    assert_eq!(reply.status, 403, "{}", reply.text());
}

#[tokio::test]
async fn person_id_in_three_formats_and_scope() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    start_call(&h, "agent@example.com").await;
    for who in ["5", "EXAMPLE%5Cagent", "agent@example.com"] {
        let reply = h
            .post(
                &format!("{RC}/call_status?personId={who}"),
                Some(&admin),
                "{}",
            )
            .await;
        assert_eq!(reply.status, 200, "{who}: {}", reply.text());
        assert_eq!(reply.json()["personId"], 5);
        assert_eq!(reply.json()["callActive"], true);
    }
    let user = h
        .post(
            &format!("{RC}/user/agent@example.com/call_status"),
            Some(&admin),
            "{}",
        )
        .await;
    assert_eq!(user.status, 200);
    snap_json!("rc_user_call_status_active", user.json());

    // The agent's scope is itself only.
    let agent = h.login(AGENT).await;
    let refused = h
        .post(&format!("{RC}/user/4/pause"), Some(&agent), "{}")
        .await;
    assert_eq!(refused.status, 403);
    snap_json!("rc_user_out_of_scope", refused.json());
    let unknown = h
        .post(
            &format!("{RC}/user/nobody@example.com/pause"),
            Some(&admin),
            "{}",
        )
        .await;
    assert_eq!(unknown.status, 404);
    snap_json!("rc_user_unknown_person", unknown.json());
}

#[tokio::test]
async fn device_name_and_acd_id_find_the_person() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    start_call(&h, "agent@example.com").await;
    // Seed 001's deviceName example.
    let reply = rc(
        &h,
        &admin,
        "pause",
        json!({ "deviceName" : "SEP000CH0724412" }),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.json()["description"],
        "Command PAUSE sent successfully for Avery Agent"
    );
    let unknown = rc(&h, &admin, "pause", json!({"deviceName": "SEP0"})).await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.message().contains("deviceName"));
    let acd = h
        .post(
            &format!("{RC}/resume?acdId=123ABC&acdServerId=1"),
            Some(&admin),
            "{}",
        )
        .await;
    assert_eq!(acd.status, 200);
    assert_eq!(acd.json()["personId"], 5);
    let no_server = h
        .post(&format!("{RC}/resume?acdId=123ABC"), Some(&admin), "{}")
        .await;
    assert_eq!(no_server.status, 400);
    snap_json!("rc_acd_id_without_server", no_server.json());
}

#[tokio::test]
async fn segment_saves_or_deletes_the_previous_segment() {
    let h = Harness::new();
    let agent = h.login(AGENT).await;
    let call = start_call(&h, "agent@example.com").await;
    h.advance("", 5_000).await;
    let saved = rc(&h, &agent, "segment", json!({})).await;
    assert_eq!(saved.status, 200);
    h.advance("", 5_000).await;
    let deleted = rc(&h, &agent, "segment", json!({ "delete" : "true" })).await;
    assert_eq!(deleted.status, 200);
    h.advance("", 5_000).await;
    let ended = end_call(&h, call["id"].as_u64().unwrap()).await;
    let segs = ended["segments"].as_array().unwrap();
    assert_eq!(segs.len(), 3);
    assert_eq!(
        segs.iter()
            .map(|s| s["deleted"].as_bool().unwrap())
            .collect::<Vec<_>>(),
        vec![false, true, false]
    );
    let store = &h.app.state.sandboxes.get("default").unwrap().store;
    let contacts = wfo_harness::contacts::Contacts::of(store);
    assert!(
        contacts
            .get(segs[1]["contactId"].as_u64().unwrap())
            .is_none()
    );
    assert_eq!(contacts.len(), 2, "one contact per kept segment");
    let bad = rc(&h, &agent, "segment", json!({"delete": "maybe"})).await;
    assert_eq!(bad.status, 400);
    snap_json!("rc_segment_bad_delete", bad.json());
}

#[tokio::test]
async fn screen_only_recordings_start_once_and_stop() {
    let h = Harness::new();
    let agent = h.login(AGENT).await;
    let first = rc(&h, &agent, "start_screen", json!({})).await;
    assert!(
        first.json()["description"]
            .as_str()
            .unwrap()
            .contains("sent successfully")
    );
    let second = rc(&h, &agent, "start_screen", json!({})).await;
    snap_json!("rc_start_screen_already_running", second.json());
    h.advance("", 2_000).await;
    let stop = rc(&h, &agent, "stop_screen", json!({})).await;
    assert!(
        stop.json()["description"]
            .as_str()
            .unwrap()
            .contains("sent successfully")
    );
    let c = contact(&h, 1).await;
    assert_eq!(
        (c["complete"].clone(), c["durationMs"].clone()),
        (json!(true), json!(2000))
    );
    assert_eq!(c["screen"]["uploaded"], true);
    assert!(c["audio"].is_null());
}

#[tokio::test]
async fn login_and_logout_associate_an_extension() {
    let h = Harness::new();
    let agent = h.login(AGENT).await;
    let login = rc(&h, &agent, "login", json!({ "extension" : "1234" })).await;
    assert_eq!(login.status, 200);
    snap_json!("rc_login", login.json());
    // A call on that extension is the agent's.
    let call = h
        .post("/__admin/calls", None, r#"{"extension": "1234"}"#)
        .await;
    assert_eq!(call.status, 201, "{}", call.text());
    assert_eq!(call.json()["personId"], 5);
    let logout = rc(&h, &agent, "logout", json!({"extension": "1234"})).await;
    assert!(
        logout.json()["description"]
            .as_str()
            .unwrap()
            .contains("sent successfully")
    );
    let again = rc(&h, &agent, "logout", json!({"extension": "1234"})).await;
    assert!(
        again.json()["description"]
            .as_str()
            .unwrap()
            .contains("not logged in")
    );
    let missing = rc(&h, &agent, "login", json!({})).await;
    assert_eq!(missing.status, 400);
    snap_json!("rc_login_without_extension", missing.json());
}

#[tokio::test]
async fn call_status_matches_ani_and_dnis_and_returns_the_contact() {
    let h = Harness::new();
    let agent = h.login(AGENT).await;
    start_call(&h, "agent@example.com").await;
    let ok = rc(&h, &agent, "call_status", json!({ "ani" : "5551234" })).await;
    assert_eq!(ok.json()["callActive"], true);
    assert_eq!(ok.json()["contactId"], 1);
    let other = rc(&h, &agent, "call_status", json!({"dnis": "9999"})).await;
    assert_eq!(other.json()["callActive"], false);
    assert!(other.json()["contactId"].is_null());
}

#[tokio::test]
async fn timestamp_finds_the_call_active_at_that_moment() {
    let h = Harness::new();
    let agent = h.login(AGENT).await;
    let first = start_call(&h, "agent@example.com").await;
    let at = first["startMs"].as_i64().unwrap() + 1_000;
    h.advance("", 10_000).await;
    let ended = end_call(&h, first["id"].as_u64().unwrap()).await;
    let first_contact = ended["segments"][0]["contactId"].as_u64().unwrap();
    h.advance("", 10_000).await;
    start_call(&h, "agent@example.com").await;
    // Seed 001's example body shape with a timestamp: the first (finished) call gets the tag.
    let tag = rc(&h, &agent, "tag", json!({"timestamp": at})).await;
    assert_eq!(tag.status, 200);
    assert_eq!(contact(&h, first_contact).await["qm"]["tagged"], true);
    assert_eq!(contact(&h, 2).await["qm"]["tagged"], false);
    let none = rc(&h, &agent, "tag", json!({"timestamp": 1000})).await;
    assert!(
        none.json()["description"]
            .as_str()
            .unwrap()
            .contains("timestamp")
    );
    let bad = rc(&h, &agent, "tag", json!({"timestamp": "yesterday"})).await;
    assert_eq!(bad.status, 400);
    assert!(bad.message().contains("timestamp"));
}

#[tokio::test]
async fn bad_input_is_a_400_naming_the_field_and_unknown_commands_404() {
    let h = Harness::new();
    let agent = h.login(AGENT).await;
    let unknown = rc(&h, &agent, "dance", json!({})).await;
    assert_eq!(unknown.status, 404);
    snap_json!("rc_unknown_command", unknown.json());
    let malformed = h.post(&format!("{RC}/pause"), Some(&agent), "{").await;
    assert_eq!(malformed.status, 400);
    let array = h.post(&format!("{RC}/pause"), Some(&agent), "[]").await;
    assert_eq!(array.status, 400);
    let no_metadata = rc(&h, &agent, "metadata", json!({})).await;
    assert_eq!(no_metadata.status, 400);
    assert!(no_metadata.message().contains("metadata"));
    let blank = rc(
        &h,
        &agent,
        "metadata",
        json!({"metadata": [{"value": "x"}]}),
    )
    .await;
    assert_eq!(blank.status, 400);
    snap_json!("rc_metadata_blank_name", blank.json());
    let flag = h
        .post(
            &format!("{RC}/tag?active_call_only=perhaps"),
            Some(&agent),
            "{}",
        )
        .await;
    assert_eq!(flag.status, 400);
    assert!(flag.message().contains("active_call_only"));
    // Nothing changed: no call, no contact.
    assert_eq!(h.get("/__admin/calls", None).await.json(), json!([]));
}

#[tokio::test]
async fn a_burst_of_100_parallel_metadata_requests_by_ccr_id_all_succeed() {
    // Field notes: clients send these in bursts of 100 parallel requests after calls end.
    let yaml = format!(
        "{}contacts:\n  - {{ agent: agent@example.com, count: 100, audio: wav }}\n",
        wfo_harness::scenario::DEFAULT_YAML
    );
    let h = Harness::with_scenario(&yaml);
    let admin = h.login(ADMIN).await;
    let requests = (1..=100u64).map(|id| {
        let (h, admin) = (&h, admin.clone());
        async move {
            let body = json!({"metadata": [{"name": "ticket", "value": format!("T{id}")}]});
            h.post(
                &format!("{RC}/metadata?ccrId={id}"),
                Some(&admin),
                &body.to_string(),
            )
            .await
        }
    });
    let replies = futures_util::future::join_all(requests).await;
    assert!(replies.iter().all(|r| r.status == 200));
    for id in [1u64, 50, 100] {
        assert_eq!(
            contact(&h, id).await["metadata"]["ticket"],
            json!(format!("T{id}"))
        );
    }
}
