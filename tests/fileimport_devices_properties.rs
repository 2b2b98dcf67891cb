//! Properties of the devices import (field notes; seed 001 "Import API"): any file is either
//! imported, and then importing it again changes nothing, or refused with every error naming a
//! data line and a field, and then nothing changed.

mod common;
mod org_common;

use common::{ADMIN, Harness};
use org_common::*;
use proptest::prelude::*;
use serde_json::Value;

const HEADER: &str = "DeviceName,DeviceType,Extensions,VirtualDeviceId,VirtualDeviceName,TelephonyGroup,DisplayID,Username,DomainName,LastName,FirstName,MonitorServer,RecordingCluster,RecordingType";
const LIST: &str = "/api/rest/recording/contactDevice?includeUnconfiguredDevices=true";
const KEYS: &[&str] = &[
    "deviceName",
    "deviceType",
    "extensions",
    "virtualDeviceId",
    "virtualDeviceName",
    "telephonyGroup",
    "displayId",
    "username",
    "domainName",
    "lastName",
    "firstName",
    "monitorServer",
    "recordingCluster",
    "recordingType",
    "(row)",
];

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// One row from small sets of good values (names repeat, so duplicates happen); one in five
/// rows has one bad value.
fn row() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["SEPA", "sepa", "SEPB", "SEPC", "SEP000CH0724412"]),
        prop::sample::select(vec!["", "Cisco", "0", "3"]),
        prop::sample::select(vec!["", "7001", "7001;7002", "\"7003,7004\""]),
        prop::sample::select(vec!["", "12"]),
        prop::sample::select(vec![
            ("", "", "", ""),
            ("admin", "EXAMPLE", "", ""),
            ("agent@example.com", "", "", ""),
            ("", "", "123ABC", ""),
            ("", "", "", "Agent;Avery"),
        ]),
        prop::sample::select(vec!["", "1", "2"]),
        prop::option::weighted(0.2, 0..6usize),
    )
        .prop_map(
            |(name, ty, exts, group, (user, domain, display, names), rtype, bad)| {
                let (last, first) = names.split_once(';').unwrap_or(("", ""));
                let mut cells = [
                    name, ty, exts, group, "CTI", group, display, user, domain, last, first, group,
                    group, rtype,
                ];
                match bad {
                    Some(0) => cells[0] = "",
                    Some(1) => cells[2] = "7005;7005",
                    Some(2) => cells[3] = "x",
                    Some(3) => (cells[7], cells[8]) = ("nobody", "EXAMPLE"),
                    Some(4) => (cells[6], cells[7], cells[9], cells[10]) = ("", "", "Agent", ""),
                    Some(_) => cells[13] = "Loud",
                    None => {}
                }
                cells.join(",")
            },
        )
}

async fn list(h: &Harness, cookie: &str) -> Value {
    h.get(LIST, Some(cookie)).await.json()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, .. ProptestConfig::default() })]

    #[test]
    fn a_file_is_imported_repeatably_or_refused_whole(rows in prop::collection::vec(row(), 1..6)) {
        runtime().block_on(async {
            let h = Harness::new();
            let admin = h.login(ADMIN).await;
            let csv = format!("{HEADER}\n{}\n", rows.join("\n"));
            let before = list(&h, &admin).await;
            let first = post_form(&h, "/api/rest/fileimport/devices", &admin, &[csv_part(&csv)]).await;
            match first.status {
                200 => {
                    let imported = list(&h, &admin).await;
                    let again = post_form(&h, "/api/rest/fileimport/devices", &admin, &[csv_part(&csv)]).await;
                    assert_eq!(again.status, 200, "{}", again.text());
                    assert_eq!(list(&h, &admin).await, imported, "{csv}");
                }
                400 => {
                    assert_eq!(list(&h, &admin).await, before, "{csv}");
                    let body = first.json();
                    let errors = body["errors"].as_array().expect("row errors");
                    assert!(!errors.is_empty(), "{body}");
                    for e in errors {
                        let line = e["line"].as_u64().unwrap();
                        assert!((2..=rows.len() as u64 + 1).contains(&line), "{body}");
                        assert!(KEYS.contains(&e["column"].as_str().unwrap()), "{body}");
                        assert!(!e["reason"].as_str().unwrap().is_empty(), "{body}");
                    }
                }
                other => panic!("status {other}: {}", first.text()),
            }
        });
    }
}
