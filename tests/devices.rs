//! Seed 001 "Contact Device API" and "Contact Device Bulk API": devices are the call engine's
//! device associations, so what the bulk API writes is what recording controls' `deviceName`
//! and extension lookups resolve.

mod common;

use common::{ADMIN, AGENT, Harness};
use serde_json::{Value, json};

const LIST: &str = "/api/rest/recording/contactDevice";
const BULK: &str = "/api/rest/recording/contactDeviceBulk";

async fn pause_by_device(h: &Harness, admin: &str, name: &str) -> common::Reply {
    h.post(
        "/api/rest/recordingcontrols/pause",
        Some(admin),
        &json!({ "deviceName": name }).to_string(),
    )
    .await
}

async fn bulk(h: &Harness, admin: &str, body: Value) -> common::Reply {
    h.post(BULK, Some(admin), &body.to_string()).await
}

#[tokio::test]
async fn the_scenario_association_is_a_device_and_the_bulk_api_drives_device_name() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let listed = h.get(LIST, Some(&admin)).await;
    assert_eq!(listed.status, 200);
    snap_json!("devices_scenario", listed.json());

    // Add a device (the seed's bulk example item) for the admin, person 4.
    let added = bulk(
        &h,
        &admin,
        json!({"add": [{
            "configured": true,
            "contactDeviceLines": [{"extension": "7003", "partition": ""},
                                   {"extension": "7103", "partition": "P1"}],
            "contactDeviceTypeId": 0, "isRecordingTones": false, "isStereo": false,
            "loggedInPersonId": 4, "monitoringServerId": null, "name": "SEPWIN7X64003",
            "personId": 4, "recordingGroupId": 1, "recordingTypeId": 1, "signalingGroupId": 1,
            "telephonyGroupId": 1, "virtualDevice": null
        }]}),
    )
    .await;
    assert_eq!(added.status, 200, "{}", added.text());
    snap_json!("devices_bulk_add", added.json());

    // A call on the device's extension belongs to its person; deviceName finds that person.
    let call = h
        .post("/__admin/calls", None, r#"{"extension": "7103"}"#)
        .await;
    assert_eq!(call.status, 201, "{}", call.text());
    assert_eq!(call.json()["personId"], 4, "{}", call.text());
    let paused = pause_by_device(&h, &admin, "sepwin7x64003").await;
    assert_eq!(paused.status, 200, "{}", paused.text());
    assert_eq!(paused.json()["personId"], 4);

    // Update: the scenario device moves to the admin; unconfiguring drops the association.
    let update = bulk(
        &h,
        &admin,
        json!({"update": [{"id": 1, "personId": 4},
                          {"id": 2, "configured": false}]}),
    )
    .await;
    assert_eq!(update.status, 200, "{}", update.text());
    snap_json!("devices_bulk_update", update.json());
    let moved = pause_by_device(&h, &admin, "SEP000CH0724412").await;
    assert_eq!(moved.json()["personId"], 4, "{}", moved.text());
    assert_eq!(
        pause_by_device(&h, &admin, "SEPWIN7X64003").await.status,
        404
    );
    let configured = h.get(LIST, Some(&admin)).await.json();
    assert_eq!(configured.as_array().map(Vec::len), Some(1), "{configured}");
    let all = h
        .get(
            &format!("{LIST}?includeUnconfiguredDevices=true&sortColumn=personId&sortDirection=descending&itemsPerPage=5"),
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(all.as_array().map(Vec::len), Some(2), "{all}");
    let one = h
        .get(
            &format!("{LIST}?includeUnconfiguredDevices=true&itemsPerPage=1"),
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(one.as_array().map(Vec::len), Some(1));

    // Delete removes the association.
    let deleted = bulk(&h, &admin, json!({"delete": [{"id": 1}]})).await;
    assert_eq!(deleted.status, 200);
    assert_eq!(deleted.json()["delete"][0]["name"], "SEP000CH0724412");
    assert_eq!(
        pause_by_device(&h, &admin, "SEP000CH0724412").await.status,
        404
    );
}

#[tokio::test]
async fn every_error_names_its_item_and_field_and_changes_nothing() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let before = h
        .get(
            &format!("{LIST}?includeUnconfiguredDevices=true"),
            Some(&admin),
        )
        .await
        .json();
    let cases = [
        (
            "missing_name",
            json!({"add": [{"personId": 5}]}),
            400,
            "add[0].name",
        ),
        (
            "duplicate_name",
            json!({"add": [{"name": "sep000ch0724412"}]}),
            400,
            "add[0].name",
        ),
        (
            "unknown_person",
            json!({"add": [{"name": "X1", "personId": 99}]}),
            400,
            "add[0].personId",
        ),
        (
            "bad_bool",
            json!({"add": [{"name": "X1", "isStereo": "yes"}]}),
            400,
            "add[0].isStereo",
        ),
        (
            "bad_line",
            json!({"add": [{"name": "X1", "contactDeviceLines": [{"partition": ""}]}]}),
            400,
            "add[0].contactDeviceLines[0].extension",
        ),
        (
            "taken_id",
            json!({"add": [{"id": 1, "name": "X1"}]}),
            400,
            "add[0].id",
        ),
        (
            "update_without_id",
            json!({"update": [{"name": "X2"}]}),
            400,
            "update[0].id",
        ),
        (
            "update_unknown",
            json!({"update": [{"id": 99}]}),
            404,
            "update[0].id",
        ),
        (
            "delete_unknown",
            json!({"add": [{"name": "X1"}], "delete": [{"id": 99}]}),
            404,
            "delete[0].id",
        ),
        ("add_not_array", json!({"add": {"name": "X1"}}), 400, "add"),
    ];
    for (name, body, status, field) in cases {
        let r = bulk(&h, &admin, body).await;
        assert_eq!(r.status, status, "{name}: {}", r.text());
        assert!(r.text().contains(field), "{name}: {}", r.text());
        snap_json!(format!("devices_error_{name}"), r.json());
    }
    for (query, field) in [
        (
            "includeUnconfiguredDevices=maybe",
            "includeUnconfiguredDevices",
        ),
        ("itemsPerPage=ten", "itemsPerPage"),
        ("sortColumn=color", "sortColumn"),
        ("sortDirection=up", "sortDirection"),
    ] {
        let r = h.get(&format!("{LIST}?{query}"), Some(&admin)).await;
        assert_eq!(r.status, 400, "{query}");
        assert!(r.text().contains(field), "{}", r.text());
    }
    assert_eq!(h.post(BULK, Some(&admin), "[1]").await.status, 400);
    let after = h
        .get(
            &format!("{LIST}?includeUnconfiguredDevices=true"),
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(before, after);
    let agent = h.login(AGENT).await;
    assert_eq!(h.get(LIST, Some(&agent)).await.status, 403);
    assert_eq!(bulk(&h, &agent, json!({})).await.status, 403);
}

/// Two tenants, each with an administrator and an agent (North: tenant 1, agent 5; South:
/// tenant 7, agent 11); North's agent has a scenario device named SEPSHARED.
const TWO_TENANTS: &str = r#"
name: two
clock: {start: "2026-01-05T09:00:00Z", frozen: true}
tenants:
  - name: North
    groups: [{name: G}]
    teams: [{name: T, group: 2}]
    roles: [{name: Admin, permissions: ["*"]}]
    persons:
      - {firstName: Nor, lastName: Admin, email: north@example.com, password: n, team: 3, roles: [Admin], scope: {tenant: true}}
      - {firstName: Nor, lastName: Agent, email: north.agent@example.com, password: na, team: 3, roles: [Admin]}
  - name: South
    groups: [{name: G}]
    teams: [{name: T, group: 8}]
    roles: [{name: Admin, permissions: ["*"]}]
    persons:
      - {firstName: Sou, lastName: Admin, email: south@example.com, password: s, team: 9, roles: [Admin], scope: {tenant: true}}
      - {firstName: Sou, lastName: Agent, email: south.agent@example.com, password: sa, team: 9, roles: [Admin]}
devices:
  - { name: SEPSHARED, agent: north.agent@example.com, extensions: ["7001"] }
"#;

#[tokio::test]
async fn device_ids_and_names_do_not_cross_tenants() {
    let h = Harness::with_scenario(TWO_TENANTS);
    let north = h.login(("north@example.com", "n")).await;
    let south = h.login(("south@example.com", "s")).await;
    let north_devices = h.get(LIST, Some(&north)).await.json();
    assert_eq!(north_devices[0]["id"], 1, "{north_devices}");
    assert_eq!(north_devices[0]["personId"], 5, "{north_devices}");
    assert_eq!(h.get(LIST, Some(&south)).await.json(), json!([]));

    // South adding with North's device id: refused like an unknown id, nothing of it shown.
    let stolen = bulk(
        &h,
        &south,
        json!({"add": [{"id": 1, "name": "SEPSOUTH", "personId": 11}]}),
    )
    .await;
    assert_eq!(stolen.status, 404, "{}", stolen.text());
    assert!(!stolen.text().contains("SEPSHARED"), "{}", stolen.text());
    snap_json!("devices_error_other_tenant_id", stolen.json());
    for body in [
        json!({"update": [{"id": 1, "name": "X"}]}),
        json!({"delete": [{"id": 1}]}),
    ] {
        assert_eq!(bulk(&h, &south, body).await.status, 404);
    }
    assert_eq!(h.get(LIST, Some(&north)).await.json(), north_devices);

    // The same name in South is South's own device; each tenant's deviceName finds its own.
    let same_name = bulk(
        &h,
        &south,
        json!({"add": [{"name": "sepshared", "personId": 11,
                        "contactDeviceLines": [{"extension": "8001"}]}]}),
    )
    .await;
    assert_eq!(same_name.status, 200, "{}", same_name.text());
    assert_eq!(same_name.json()["add"][0]["id"], 2);
    for agent in ["north.agent@example.com", "south.agent@example.com"] {
        let r = h
            .post(
                "/__admin/calls",
                None,
                &json!({ "agent": agent }).to_string(),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
    }
    let n = pause_by_device(&h, &north, "SEPSHARED").await;
    assert_eq!(
        (n.status, n.json()["personId"].clone()),
        (200, json!(5)),
        "{}",
        n.text()
    );
    let s = pause_by_device(&h, &south, "SEPSHARED").await;
    assert_eq!(
        (s.status, s.json()["personId"].clone()),
        (200, json!(11)),
        "{}",
        s.text()
    );
    assert_eq!(h.get(LIST, Some(&north)).await.json(), north_devices);

    // Deleting South's device leaves North's association alone.
    let gone = bulk(&h, &south, json!({"delete": [{"id": 2}]})).await;
    assert_eq!(gone.status, 200, "{}", gone.text());
    assert_eq!(pause_by_device(&h, &south, "SEPSHARED").await.status, 404);
    let n = pause_by_device(&h, &north, "SEPSHARED").await;
    assert_eq!(n.json()["personId"], 5, "{}", n.text());
}
