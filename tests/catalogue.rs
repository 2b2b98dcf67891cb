//! The catalogue holds every documented endpoint of the project's endpoint list.

use std::collections::BTreeSet;
use wfo_harness::catalogue::{ENDPOINTS, Rule};

#[test]
fn every_documented_endpoint_is_catalogued_once() {
    let tsv = include_str!("../src/catalogue/endpoints.tsv");
    let documented: BTreeSet<&str> = tsv
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .filter(|k| !k.is_empty())
        .collect();
    let catalogued: Vec<&str> = ENDPOINTS.iter().map(|e| e.key).collect();
    let unique: BTreeSet<&str> = catalogued.iter().copied().collect();
    assert_eq!(unique.len(), catalogued.len(), "duplicate keys");
    assert_eq!(unique, documented);
}

#[test]
fn served_endpoints_have_paths_and_rules_from_the_documents() {
    for ep in ENDPOINTS.iter().filter(|e| e.implemented()) {
        assert!(ep.path.starts_with('/'), "{}", ep.key);
        if let Rule::Permissions(all) = ep.rule {
            for name in all.iter().flat_map(|any| any.iter()) {
                assert!(
                    wfo_harness::vendors::webex::permission_names::canonical(name) == Some(*name),
                    "{} names unknown permission {name}",
                    ep.key
                );
            }
        }
    }
    // Every permission a rule names is in the permission catalogue.
    for ep in ENDPOINTS {
        if let Rule::Permissions(all) = ep.rule {
            for name in all.iter().flat_map(|any| any.iter()) {
                assert!(
                    wfo_harness::vendors::webex::permission_names::canonical(name).is_some(),
                    "{} {name}",
                    ep.key
                );
            }
        }
    }
}

#[test]
fn rules_read_like_the_documents() {
    let realtime = wfo_harness::catalogue::by_key("contacts.realtime_import").unwrap();
    assert_eq!(
        realtime.rule.describe(),
        "CaptureContacts + (RecordVoice | RecordScreen)"
    );
    let perms = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(
        realtime
            .rule
            .allows(&perms(&["CaptureContacts", "RecordScreen"]))
    );
    assert!(!realtime.rule.allows(&perms(&["CaptureContacts"])));
    assert!(
        !realtime
            .rule
            .allows(&perms(&["RecordVoice", "RecordScreen"]))
    );
}
