//! Seed 001 "Simplified Recording Controls API": the commands by GET and POST on the data
//! server, agent identified by acdId + acdServerId, no session; `system/tenant` health check.

mod common;

use common::Harness;
use serde_json::{Value, json};

const DS: &str = "/dataserver/api/rest/recordingcontrols";

async fn start_call(h: &Harness) -> Value {
    let reply = h
        .post(
            "/__admin/calls",
            None,
            r#"{"agent": "agent@example.com", "ani": "1"}"#,
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()
}

fn description(reply: &common::Reply) -> String {
    reply.json()["description"].as_str().unwrap().to_string()
}

fn contacts(h: &Harness) -> wfo_harness::contacts::Contacts {
    wfo_harness::contacts::Contacts::of(&h.app.state.sandboxes.get("default").unwrap().store)
}

#[tokio::test]
async fn the_health_check_answers_the_tenant_without_a_session() {
    let h = Harness::new();
    let reply = h.get("/dataserver/api/rest/system/tenant", None).await;
    assert_eq!(reply.status, 200);
    snap_json!("ds_system_tenant", reply.json());
}

#[tokio::test]
async fn every_command_by_get_with_acd_id_and_server() {
    let h = Harness::new();
    let q = "acdId=123ABC&acdServerId=1";
    let call = start_call(&h).await;
    for (command, extra) in [
        ("pause", ""),
        ("resume", ""),
        ("tag", ""),
        ("metadata", "&ticket=ABC&queue=sales"),
        ("start_screen", ""),
        ("stop_screen", ""),
        ("segment", "&delete=false"),
        ("login", "&extension=77"),
        ("logout", "&extension=77"),
    ] {
        let reply = h.get(&format!("{DS}/{command}?{q}{extra}"), None).await;
        assert_eq!(reply.status, 200, "{command}: {}", reply.text());
        assert!(
            description(&reply).contains("sent successfully for Avery Agent"),
            "{command}: {}",
            description(&reply)
        );
        assert_eq!(reply.json()["personId"], 5);
    }
    let status = h.get(&format!("{DS}/call_status?{q}"), None).await;
    snap_json!("ds_get_call_status", status.json());
    let ended = h
        .post(&format!("/__admin/calls/{}/end", call["id"]), None, "")
        .await
        .json();
    let first = contacts(&h)
        .get(ended["segments"][0]["contactId"].as_u64().unwrap())
        .unwrap();
    assert_eq!(
        first.metadata.get("ticket").map(String::as_str),
        Some("ABC")
    );
    assert_eq!(
        first.metadata.get("queue").map(String::as_str),
        Some("sales")
    );
    assert!(first.qm.tagged);
    assert_eq!(ended["segments"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_seed_post_examples_run_verbatim_once_the_acd_ids_match() {
    let yaml = wfo_harness::scenario::DEFAULT_YAML
        .replace("acdId: \"123ABC\"", "acdId: \"16663\"")
        .replacen(
            "acdServerId: \"1\"\n        phone: \"+15550001002\"",
            "acdServerId: \"43\"\n        phone: \"+15550001002\"",
            1,
        );
    let h = Harness::with_scenario(&yaml);
    h.post("/__admin/calls", None, r#"{"agent": "agent@example.com"}"#)
        .await;
    // "Use the following to make the POST request to test the metadata".
    let reply = h
        .post(
            &format!("{DS}/metadata"),
            None,
            r#"{
  "acdServerId": "43",
  "acdId": "16663",
  "metadata": [{
    "name": "text1",
    "value": "Test data"
  }
]
}"#,
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    snap_json!("ds_post_metadata_seed_example", reply.json());
    // The command table writes the key as "metadata-key": accepted too.
    let table = h
        .post(
            &format!("{DS}/metadata"),
            None,
            r#"{ "acdServerId": "43", "acdId": "16663", "metadata": [{ "metadata-key": "text2", "value": "Test data" }] }"#,
        )
        .await;
    assert_eq!(table.status, 200, "{}", table.text());
    let live = contacts(&h).get(1).unwrap();
    assert_eq!(
        live.metadata.get("text1").map(String::as_str),
        Some("Test data")
    );
    assert_eq!(
        live.metadata.get("text2").map(String::as_str),
        Some("Test data")
    );
}

#[tokio::test]
async fn every_command_by_post_and_the_ignore_rules() {
    let h = Harness::new();
    let id = r#""acdServerId":"1","acdId":"123ABC""#;
    let post = |command: &'static str, extra: &'static str| {
        let body = format!("{{{id}{extra}}}");
        let h = &h;
        async move { h.post(&format!("{DS}/{command}"), None, &body).await }
    };
    let idle = post("pause", "").await;
    assert_eq!(idle.status, 200);
    assert!(description(&idle).contains("ignored"));
    start_call(&h).await;
    assert!(description(&post("pause", "").await).contains("sent successfully"));
    assert!(description(&post("pause", "").await).contains("already paused"));
    assert!(description(&post("resume", "").await).contains("sent successfully"));
    assert!(description(&post("resume", "").await).contains("not paused"));
    assert!(
        description(&post("segment", r#","delete":"true""#).await).contains("sent successfully")
    );
    assert!(description(&post("stop_screen", "").await).contains("ignored"));
    assert!(description(&post("start_screen", "").await).contains("sent successfully"));
    assert!(description(&post("tag", "").await).contains("sent successfully"));
    let status = post("call_status", r#","ani":"1""#).await;
    assert_eq!(status.json()["callActive"], true);
    assert_eq!(
        status.json()["contactId"],
        2,
        "the second segment's contact"
    );
    assert!(contacts(&h).get(1).is_none(), "the deleted segment");
}

#[tokio::test]
async fn the_agent_must_be_identified_and_known() {
    let h = Harness::new();
    let none = h.get(&format!("{DS}/pause"), None).await;
    assert_eq!(none.status, 400);
    snap_json!("ds_no_agent", none.json());
    let only_id = h.get(&format!("{DS}/pause?acdId=123ABC"), None).await;
    assert_eq!(only_id.status, 400);
    assert!(only_id.message().contains("acdServerId"));
    let unknown = h
        .get(&format!("{DS}/pause?acdId=123ABC&acdServerId=9"), None)
        .await;
    assert_eq!(unknown.status, 404);
    snap_json!("ds_unknown_agent", unknown.json());
    let command = h
        .get(&format!("{DS}/jump?acdId=123ABC&acdServerId=1"), None)
        .await;
    assert_eq!(command.status, 404);
    let no_pairs = h
        .get(&format!("{DS}/metadata?acdId=123ABC&acdServerId=1"), None)
        .await;
    assert_eq!(no_pairs.status, 400);
    assert!(no_pairs.message().contains("metadata"));
    let bad_json = h.post(&format!("{DS}/pause"), None, "{\"acdId\":").await;
    assert_eq!(bad_json.status, 400);
    let device = h
        .post(
            &format!("{DS}/pause"),
            None,
            &json!({"deviceName": "SEP000CH0724412"}).to_string(),
        )
        .await;
    assert_eq!(device.status, 200);
    assert_eq!(device.json()["personId"], 5);
}

#[tokio::test]
async fn the_transcript_names_the_endpoint_and_flags_only_undocumented_inputs() {
    let h = Harness::new();
    h.post(
        &format!("{DS}/pause"),
        None,
        r#"{"acdServerId":"1","acdId":"123ABC","timestamp":1681316746000}"#,
    )
    .await;
    h.post(
        &format!("{DS}/pause"),
        None,
        r#"{"acdServerId":"1","acdId":"123ABC","colour":"red"}"#,
    )
    .await;
    let t = h.transcript("").await;
    assert_eq!(t[0]["endpoint"], "rc.simplified_post");
    assert!(t[0].get("undocumented").is_none(), "{}", t[0]);
    assert_eq!(t[1]["undocumented"], json!(["body.colour"]), "{}", t[1]);
}
