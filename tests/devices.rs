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
