//! The data server's drop folder (`serve --dropbox DIR`), driven scan by scan.

mod common;
mod contacts_common;

use contacts_common::*;
use serde_json::Value;
use std::path::Path;
use wfo_harness::vendors::webex::dropbox::{Watch, scan};

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[tokio::test]
async fn contact_csv_files_and_their_media_are_imported_once_stable() {
    let h = world();
    let sandbox = h.app.state.sandboxes.get("default").unwrap();
    let limits = h.app.state.uploads;
    let dir = tempfile::tempdir().unwrap();
    let tenant = dir.path().join("1");
    std::fs::create_dir_all(&tenant).unwrap();
    std::fs::write(
        tenant.join("CONTACT.ExampleContacts.csv"),
        fixture("short.csv"),
    )
    .unwrap();
    std::fs::write(tenant.join("call1.wav"), wav(1)).unwrap();
    std::fs::write(tenant.join("unrelated.wav"), wav(3)).unwrap();
    std::fs::write(tenant.join("contact.lower.csv"), fixture("short.csv")).unwrap();
    std::fs::write(tenant.join("CONTACT.json"), fixture("short.json")).unwrap();
    let mut w = Watch::default();

    // First scan: everything is new, nothing is picked up yet.
    scan(dir.path(), &sandbox, limits, &mut w).await;
    assert!(tenant.join("CONTACT.ExampleContacts.csv").exists());
    // Still being written: the media grows between scans.
    std::fs::write(tenant.join("call2.wav"), wav(2)).unwrap();
    scan(dir.path(), &sandbox, limits, &mut w).await;
    assert!(
        tenant.join("CONTACT.ExampleContacts.csv").exists(),
        "not while a file changes"
    );
    scan(dir.path(), &sandbox, limits, &mut w).await;

    let processed = tenant.join("processed");
    assert!(processed.join("CONTACT.ExampleContacts.csv").exists());
    assert!(processed.join("call1.wav").exists() && processed.join("call2.wav").exists());
    assert!(
        tenant.join("unrelated.wav").exists(),
        "media nobody used stays"
    );
    assert!(
        tenant.join("contact.lower.csv").exists(),
        "the prefix is case-sensitive"
    );
    let result = read_json(&processed.join("CONTACT.ExampleContacts.csv.result.json"));
    assert_eq!(result["inserted"], 2);
    let failed = read_json(&tenant.join("failed/CONTACT.json.result.json"));
    assert!(
        failed["errorMessage"]
            .as_str()
            .unwrap()
            .contains("not JSON")
    );

    let admin = h.login(ADMIN).await;
    let found = h
        .get(
            "/api/rest/recording/contact?beginDate=2015-01-01&endDate=2015-12-31&agent=2",
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(found.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn failing_rows_and_text_contacts_go_where_they_belong() {
    let h = world();
    let sandbox = h.app.state.sandboxes.get("default").unwrap();
    let limits = h.app.state.uploads;
    let dir = tempfile::tempdir().unwrap();
    let tenant = dir.path().join("Acme");
    std::fs::create_dir_all(&tenant).unwrap();
    std::fs::write(tenant.join("CONTACT.missing.csv"), fixture("short.csv")).unwrap();
    std::fs::write(tenant.join("TEXTCONTACT.csv"), fixture("textcontacts.csv")).unwrap();
    std::fs::write(tenant.join("email1.txt"), fixture("email1.txt")).unwrap();
    std::fs::write(tenant.join("email2.txt"), b"two").unwrap();
    std::fs::write(tenant.join("chat1.txt"), b"three").unwrap();
    let mut w = Watch::default();
    scan(dir.path(), &sandbox, limits, &mut w).await;
    scan(dir.path(), &sandbox, limits, &mut w).await;
    let failed = read_json(&tenant.join("failed/CONTACT.missing.csv.result.json"));
    assert_eq!(failed["failed"], 2, "{failed}");
    let text = read_json(&tenant.join("processed/TEXTCONTACT.csv.result.json"));
    assert_eq!(text["imported"], 3, "{text}");
    assert!(tenant.join("processed/email1.txt").exists());
}
