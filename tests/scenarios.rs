//! Scenarios: the default world, validation with line and column, ids, `generate` blocks.

mod common;

use common::Harness;
use wfo_harness::scenario::{self, DEFAULT_YAML};

fn error_of(yaml: &str) -> (String, Option<u64>, Option<u64>) {
    let e = scenario::load("t", yaml, None).expect_err("the scenario is invalid");
    (e.message, e.line, e.column)
}

#[test]
fn the_default_scenario_is_the_documented_world() {
    let loaded = scenario::default_scenario(None);
    let w = &loaded.world;
    assert_eq!(
        (w.tenants[0].id, w.tenants[0].name.as_str()),
        (1, "Default Tenant")
    );
    assert_eq!(
        (w.groups[0].id, w.groups[0].name.as_str()),
        (2, "Default Group")
    );
    assert_eq!(
        (w.teams[0].id, w.teams[0].name.as_str(), w.teams[0].group_id),
        (3, "Default Team", 2)
    );
    let admin = w.roles.iter().find(|r| r.name == "Administrator").unwrap();
    assert_eq!(
        admin.permissions.len(),
        wfo_harness::vendors::webex::permission_names::PERMISSIONS.len()
    );
    let agent = w.roles.iter().find(|r| r.name == "Agent").unwrap();
    assert_eq!(
        agent.permissions,
        [
            "CaptureContacts",
            "RecordScreen",
            "RecordVoice",
            "RecordingControls"
        ]
    );
    let emails: Vec<(&str, &str, u64)> = w
        .persons
        .iter()
        .map(|p| (p.email.as_str(), p.password.as_str(), p.team_id))
        .collect();
    assert_eq!(
        emails,
        [
            ("admin@example.com", "admin", 3),
            ("agent@example.com", "agent", 3)
        ]
    );
}

#[test]
fn unknown_keys_and_bad_values_are_reported_with_line_and_column() {
    let (message, line, column) = error_of("name: x\nclok: {frozen: true}\n");
    assert_eq!((line, column), (Some(2), Some(1)));
    assert!(message.contains("clok"), "{message}");
    let (message, line, _) =
        error_of("tenants:\n  - name: T\n    groups:\n      - {id: two, name: G}\n");
    assert_eq!(line, Some(4));
    assert!(!message.is_empty());
    let (message, line, column) = error_of("clock:\n  start: next tuesday\n");
    assert_eq!((line, column), (Some(2), Some(10)));
    assert!(message.contains("RFC 3339"), "{message}");
}

#[test]
fn references_are_checked_where_they_are_written() {
    let base = "tenants:\n  - name: T\n    groups: [{name: G}]\n    teams: [{name: T, group: 2}]\n    roles: [{name: R, permissions: [ViewOrg]}]\n";
    let cases = [
        (
            "    persons:\n      - {firstName: A, lastName: B, email: a@x, team: 9}\n",
            7,
            "no team with id 9",
        ),
        (
            "    persons:\n      - {firstName: A, lastName: B, email: a@x, team: 3, roles: [Boss]}\n",
            7,
            "unknown role `Boss`",
        ),
        (
            "    persons:\n      - {firstName: A, lastName: B, email: a@x, team: 3}\n      - {firstName: C, lastName: D, email: A@X, team: 3}\n",
            8,
            "used by two persons",
        ),
        (
            "    persons:\n      - {firstName: A, lastName: B, email: a@x, team: 3, scope: {groups: [5]}}\n",
            7,
            "no group with id 5",
        ),
    ];
    for (tail, line, why) in cases {
        let (message, l, _) = error_of(&format!("{base}{tail}"));
        assert_eq!(l, Some(line), "{why}: {message}");
        assert!(message.contains(why), "{message}");
    }
    let (message, line, _) = error_of(
        "tenants:\n  - name: T\n    roles:\n      - {name: R, permissions: [ViewOrg, FlyPlanes]}\n",
    );
    assert_eq!(line, Some(4));
    assert!(
        message.contains("unknown permission `FlyPlanes`"),
        "{message}"
    );
    let (message, ..) = error_of("tenants:\n  - {id: 1, name: A}\n  - {id: 1, name: B}\n");
    assert!(message.contains("used twice"), "{message}");
    let (message, ..) = error_of("faults:\n  - {endpoint: auth.login}\n");
    assert!(message.contains("needs an action"), "{message}");
}

#[test]
fn ids_fill_in_declaration_order_around_explicit_ones() {
    let loaded = scenario::load(
        "t",
        "tenants:\n  - name: T\n    groups: [{name: A}, {id: 3, name: B}]\n    teams: [{name: X, group: 2}]\n",
        None,
    )
    .unwrap();
    let w = &loaded.world;
    assert_eq!(
        (
            w.tenants[0].id,
            w.groups[0].id,
            w.groups[1].id,
            w.teams[0].id
        ),
        (1, 2, 3, 4)
    );
    assert_eq!(w.max_id, 4);
}

const GENERATED: &str = "seed: 7\ntenants:\n  - name: T\n    groups: [{name: G}]\n    teams: [{name: T, group: 2}]\n    roles: [{name: Agent, permissions: [CaptureContacts]}]\n    generate:\n      persons: {count: 25, team: 3, password: pw}\n";

#[test]
fn generated_persons_are_deterministic_for_a_seed() {
    let a = scenario::load("t", GENERATED, None).unwrap();
    let b = scenario::load("t", GENERATED, None).unwrap();
    assert_eq!(a.world.persons, b.world.persons);
    assert_eq!(a.world.persons.len(), 25);
    let other = scenario::load("t", GENERATED, Some(8)).unwrap();
    assert_ne!(a.world.persons, other.world.persons, "--seed changes them");
    let emails: std::collections::HashSet<_> = a
        .world
        .persons
        .iter()
        .map(|p| p.email.to_lowercase())
        .collect();
    assert_eq!(emails.len(), 25, "logins are unique");
    let p = &a.world.persons[0];
    assert!(
        p.ad_login.is_some() && p.acd_id.is_some() && p.phone.is_some() && p.crm_username.is_some()
    );
    assert_eq!(
        p.role_ids,
        [a.world.roles[0].id],
        "the tenant's default role"
    );
}

#[tokio::test]
async fn a_generated_person_can_log_in() {
    let loaded = scenario::load("t", GENERATED, None).unwrap();
    let someone = loaded.world.persons[10].clone();
    let h = Harness::with_scenario(GENERATED);
    let cookie = h.login((&someone.email, "pw")).await;
    let me = h.get("/api/rest/authorize", Some(&cookie)).await.json();
    assert_eq!(me["firstName"].as_str(), Some(someone.first_name.as_str()));
    assert_eq!(me["permissions"], serde_json::json!(["CaptureContacts"]));
}

#[test]
fn the_shipped_scenarios_are_valid() {
    scenario::load("default", DEFAULT_YAML, None).unwrap();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        scenario::load(&path.display().to_string(), &text, None)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
