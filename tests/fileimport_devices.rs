//! Field notes: `/api/rest/fileimport/devices` is an Import API type (seed 001 "Import API")
//! whose rows are the device associations the Contact Device API lists and recording controls'
//! `deviceName` resolves.

mod common;
mod org_common;

use common::{ADMIN, AGENT, Harness};
use org_common::*;
use serde_json::{Value, json};

const IMPORT: &str = "/api/rest/fileimport/devices";
const DEVICES: &str = "/api/rest/recording/contactDevice?includeUnconfiguredDevices=true";
/// The header of the field notes, as clients send it.
const HEADER: &str = "DeviceName,DeviceType,Extensions,VirtualDeviceId,VirtualDeviceName,TelephonyGroup,DisplayID,Username,DomainName,LastName,FirstName,MonitorServer,RecordingCluster,RecordingType";

fn file(rows: &[&str]) -> String {
    let mut csv = format!("{HEADER}\n");
    for r in rows {
        csv.push_str(r);
        csv.push('\n');
    }
    csv
}

async fn import(h: &Harness, cookie: &str, csv: &str) -> common::Reply {
    post_form(h, IMPORT, cookie, &[csv_part(csv)]).await
}

async fn devices(h: &Harness, cookie: &str) -> Value {
    let r = h.get(DEVICES, Some(cookie)).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

async fn rc(h: &Harness, cookie: &str, command: &str, device: &str) -> common::Reply {
    h.post(
        &format!("/api/rest/recordingcontrols/{command}"),
        Some(cookie),
        &json!({ "deviceName": device }).to_string(),
    )
    .await
}

/// Admin (person 4) by Windows login, agent (person 5) by display id (its ACD id), the agent
/// again by name, and the scenario's device moved to the admin by email with a second line.
const GOOD: &[&str] = &[
    "SEPWIN7X64003,Cisco,7003;7103,12,CTI-12,1,,admin,EXAMPLE,,,3,1,1",
    "CSFWIN10X64004,0,9504,,,2,123ABC,,,,,,2,2",
    "SEPNAMES,Jabber,\"8001,8002\",,,,,,,Agent,Avery,,,",
    "SEP000CH0724412,,4678;4679,,,,,admin@example.com,,,,,,",
];

#[tokio::test]
async fn get_describes_the_device_fields() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let r = h.get(IMPORT, Some(&admin)).await;
    assert_eq!(r.status, 200, "{}", r.text());
    snap_json!("fileimport_devices_describe", r.json());
}

#[tokio::test]
async fn import_creates_associations_that_the_apis_and_recording_controls_use() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let r = import(&h, &admin, &file(GOOD)).await;
    assert_eq!(r.status, 200, "{}", r.text());
    snap_json!("fileimport_devices_success", r.json());
    let listed = devices(&h, &admin).await;
    snap_json!("fileimport_devices_listed", listed);

    // A call on the imported device's second extension is the admin's; deviceName finds them.
    let call = h
        .post("/__admin/calls", None, r#"{"extension": "7103"}"#)
        .await;
    assert_eq!(call.status, 201, "{}", call.text());
    assert_eq!(call.json()["personId"], 4, "{}", call.text());
    let status = rc(&h, &admin, "call_status", "sepwin7x64003").await;
    assert_eq!(status.status, 200, "{}", status.text());
    assert_eq!(status.json()["personId"], 4);
    assert_eq!(status.json()["callActive"], true, "{}", status.text());
    assert!(
        status.json()["contactId"].as_u64().is_some(),
        "{}",
        status.text()
    );
    assert_eq!(
        status.json()["contactId"],
        call.json()["segments"][0]["contactId"],
        "{} / {}",
        status.text(),
        call.text()
    );
    let paused = rc(&h, &admin, "pause", "SEPWIN7X64003").await;
    assert_eq!(paused.status, 200, "{}", paused.text());
    snap_json!("fileimport_devices_pause", paused.json());

    // The scenario's device now belongs to the admin; the agent's imported devices to the agent.
    let agent_call = h
        .post("/__admin/calls", None, r#"{"extension": "8002"}"#)
        .await;
    assert_eq!(agent_call.json()["personId"], 5, "{}", agent_call.text());
    let moved = rc(&h, &admin, "call_status", "SEP000CH0724412").await;
    assert_eq!(moved.json()["personId"], 4, "{}", moved.text());
    let by_display = rc(&h, &admin, "call_status", "CSFWIN10X64004").await;
    assert_eq!(by_display.json()["personId"], 5, "{}", by_display.text());
}

#[tokio::test]
async fn importing_the_same_file_again_changes_nothing() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    assert_eq!(import(&h, &admin, &file(GOOD)).await.status, 200);
    let before = devices(&h, &admin).await;
    let again = import(&h, &admin, &file(GOOD)).await;
    assert_eq!(again.status, 200, "{}", again.text());
    assert_eq!(devices(&h, &admin).await, before);
    // A blank value keeps the stored one: the name alone changes nothing either.
    let names = import(&h, &admin, &file(&["SEPWIN7X64003,,,,,,,,,,,,,"])).await;
    assert_eq!(names.status, 200, "{}", names.text());
    assert_eq!(devices(&h, &admin).await, before);
    // A change is an update of the same device: same id, kept line ids.
    let changed = import(
        &h,
        &admin,
        &file(&["sepwin7x64003,,7003;7103;7203,,,,,,,,,,,2"]),
    )
    .await;
    assert_eq!(changed.status, 200, "{}", changed.text());
    let after = devices(&h, &admin).await;
    let find = |list: &Value| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == "SEPWIN7X64003")
            .cloned()
            .unwrap()
    };
    let (old, new) = (find(&before), find(&after));
    assert_eq!(old["id"], new["id"]);
    assert_eq!(new["recordingTypeId"], 2);
    let lines = new["contactDeviceLines"].as_array().unwrap();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[..2],
        old["contactDeviceLines"].as_array().unwrap()[..]
    );
}

#[tokio::test]
async fn bad_rows_are_listed_with_line_column_and_rule_and_nothing_changes() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let before = devices(&h, &admin).await;
    let csv = file(&[
        "SEPGOOD,Cisco,7001,,,,,admin,EXAMPLE,,,,,",
        "SEPUNKNOWN,Cisco,7002,,,,,nobody,EXAMPLE,,,,,",
        "SEPLOUD,Cisco,7004,,,,,agent@example.com,,,,,,Loud",
        ",Cisco,7005,,,,,agent@example.com,,,,,,",
        "sepgood,Cisco,7006,,,,,agent@example.com,,,,,,",
        "SEPTWICE,Cisco,7007;7007,,,,,,,Nobody,Such,,,",
    ]);
    let r = import(&h, &admin, &csv).await;
    assert_eq!(r.status, 400, "{}", r.text());
    snap_json!("fileimport_devices_bad_rows", r.json());
    assert_eq!(devices(&h, &admin).await, before, "nothing was written");
    assert_eq!(rc(&h, &admin, "call_status", "SEPGOOD").await.status, 404);

    // Mapped as Text, RecordingType is still checked by the device rules.
    let mapping = json!({"mapping": [
        {"column": "DeviceName", "field": "DeviceName", "dataType": "Text"},
        {"column": "Username", "field": "username", "dataType": "Text"},
        {"column": "RecordingType", "field": "recordingType", "dataType": "Text"}
    ]})
    .to_string();
    let parts = [
        csv_part("DeviceName,Username,RecordingType\nSEPX,agent@example.com,Loud\n"),
        Part {
            name: "mapping",
            file_name: None,
            content_type: "application/json",
            data: mapping.as_bytes(),
        },
    ];
    let mapped = post_form(&h, IMPORT, &admin, &parts).await;
    assert_eq!(mapped.status, 400, "{}", mapped.text());
    snap_json!("fileimport_devices_mapped_bad_type", mapped.json());

    // A file without the DeviceName column is refused as a whole.
    let no_name = import(&h, &admin, "Username,Extensions\nadmin@example.com,1\n").await;
    assert_eq!(no_name.status, 400);
    snap_json!("fileimport_devices_no_name_column", no_name.json());
    assert_eq!(devices(&h, &admin).await, before, "nothing was written");
}

#[tokio::test]
async fn a_mapping_names_the_columns() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let mapping = json!({"tenantId": 1, "mapping": [
        {"column": "Phone", "field": "deviceName", "dataType": "Text"},
        {"column": "Lines", "field": "extensions", "dataType": "Text"},
        {"column": "Agent", "field": "username", "dataType": "Text"}
    ]})
    .to_string();
    let parts = [
        csv_part("Phone,Lines,Agent\nSEPMAPPED,5501;5502,EXAMPLE\\agent\n"),
        Part {
            name: "mapping",
            file_name: None,
            content_type: "application/json",
            data: mapping.as_bytes(),
        },
    ];
    let r = post_form(&h, IMPORT, &admin, &parts).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let status = rc(&h, &admin, "call_status", "SEPMAPPED").await;
    assert_eq!(status.json()["personId"], 5, "{}", status.text());
}

#[tokio::test]
async fn the_import_needs_bulk_import_and_devices_are_not_exported() {
    let h = Harness::new();
    let agent = h.login(AGENT).await;
    let describe = h.get(IMPORT, Some(&agent)).await;
    assert_eq!(describe.status, 403);
    let denied = import(&h, &agent, &file(GOOD)).await;
    assert_eq!(denied.status, 403);
    snap_json!("fileimport_devices_denied", denied.json());
    let admin = h.login(ADMIN).await;
    assert_eq!(devices(&h, &admin).await.as_array().map(Vec::len), Some(1));

    let export = h.get("/api/rest/fileexport/devices", Some(&admin)).await;
    assert_eq!(export.status, 404);
    snap_json!("fileexport_devices_not_exported", export.json());

    // Import preferences take the type too.
    let pref = h
        .post(
            "/api/rest/importpreference",
            Some(&admin),
            r#"{"name": "Phones", "type": "devices", "mapping": [{"field": "deviceName", "column": "DeviceName"}]}"#,
        )
        .await;
    assert_eq!(pref.status, 200, "{}", pref.text());
    assert_eq!(pref.json()["type"], "devices");
}

#[tokio::test]
async fn the_bulk_api_reads_and_writes_the_virtual_device_the_import_names() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let csv = file(&["SEPVIRTUAL,Cisco,7301,12,CTI-12,,,admin,EXAMPLE,,,,,"]);
    assert_eq!(import(&h, &admin, &csv).await.status, 200);
    let id = devices(&h, &admin).await.as_array().unwrap()[1]["id"].clone();
    let bulk = "/api/rest/recording/contactDeviceBulk";
    let update = h
        .post(
            bulk,
            Some(&admin),
            &json!({"update": [{"id": id, "virtualDevice": {"id": 13, "name": "CTI-13"}}]})
                .to_string(),
        )
        .await;
    assert_eq!(update.status, 200, "{}", update.text());
    assert_eq!(
        update.json()["update"][0]["virtualDevice"],
        json!({"id": 13, "name": "CTI-13"})
    );
    let flag = h
        .post(
            bulk,
            Some(&admin),
            &json!({"update": [{"id": id, "virtualDevice": false}]}).to_string(),
        )
        .await;
    assert_eq!(flag.json()["update"][0]["virtualDevice"], false);
    let bad = h
        .post(
            bulk,
            Some(&admin),
            &json!({"update": [{"id": id, "virtualDevice": 7}]}).to_string(),
        )
        .await;
    assert_eq!(bad.status, 400);
    snap_json!("fileimport_devices_bulk_bad_virtual_device", bad.json());
    // Re-importing the file names the virtual device again.
    assert_eq!(import(&h, &admin, &csv).await.status, 200);
    let listed = devices(&h, &admin).await;
    assert_eq!(
        listed[1]["virtualDevice"],
        json!({"id": 12, "name": "CTI-12"}),
        "{listed}"
    );
}
