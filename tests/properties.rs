//! Properties of documented rules, over any input.

mod common;

use common::Harness;
use proptest::prelude::*;
use wfo_harness::vendors::webex::permission_names::PERMISSIONS;

fn role_scenario(permissions: &[&str], password: &str) -> String {
    format!(
        "tenants:\n  - id: 1\n    name: T\n    groups: [{{id: 2, name: G}}]\n    teams: [{{id: 3, name: T, group: 2}}]\n    roles: [{{name: R, permissions: [{}]}}]\n    persons:\n      - {{firstName: A, lastName: B, email: p@example.com, password: '{}', team: 3, roles: [R]}}\n",
        permissions.join(", "),
        password.replace('\'', "''")
    )
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    /// Seed 001 Permissions API needs ViewOrg: any role is let in exactly when it holds it, and
    /// the login reports exactly the role's permissions.
    #[test]
    fn the_permissions_api_admits_exactly_view_org(mask in proptest::collection::vec(any::<bool>(), PERMISSIONS.len())) {
        let held: Vec<&str> = PERMISSIONS.iter().zip(&mask).filter(|(_, m)| **m).map(|(p, _)| p.1).collect();
        let h = Harness::with_scenario(&role_scenario(&held, "pw"));
        let (login, status) = runtime().block_on(async {
            let r = h.post("/api/rest/authorize", None, r#"{"userId": "p@example.com", "password": "pw"}"#).await;
            let cookie = r.session_cookie();
            (r.json(), h.get("/api/rest/org/permissions/", Some(&cookie)).await.status)
        });
        let mut expected: Vec<&str> = held.clone();
        expected.sort();
        prop_assert_eq!(login["permissions"].clone(), serde_json::json!(expected));
        prop_assert_eq!(status, if held.contains(&"ViewOrg") { 200 } else { 403 });
    }

    /// Whatever the password, it never reaches the transcript, right or wrong.
    #[test]
    fn passwords_never_reach_the_transcript(password in "[A-Za-z0-9!#%&*+,.:;<>?@^_~-]{4,24}") {
        let h = Harness::with_scenario(&role_scenario(&["ViewOrg"], &password));
        let text = runtime().block_on(async {
            let body = serde_json::json!({"userId": "p@example.com", "password": password}).to_string();
            prop_assert_eq!(h.post("/api/rest/authorize", None, &body).await.status, 200);
            let wrong = serde_json::json!({"userId": "p@example.com", "password": format!("{password}x")}).to_string();
            prop_assert_eq!(h.post("/api/rest/authorize", None, &wrong).await.status, 401);
            let mut all = String::new();
            for f in ["jsonl", "har", "yaml"] {
                all.push_str(&h.get(&format!("/__admin/transcript?format={f}"), None).await.text());
            }
            Ok(all)
        })?;
        prop_assert!(!text.contains(&password));
    }

    /// Idle expiry: a session lives exactly while idle time ≤ two hours.
    #[test]
    fn sessions_expire_exactly_after_two_idle_hours(idle in 0i64..(4 * 3_600_000)) {
        let h = Harness::new();
        let status = runtime().block_on(async {
            let cookie = h.login(common::ADMIN).await;
            h.advance("", idle).await;
            h.get("/api/rest/authorize", Some(&cookie)).await.status
        });
        prop_assert_eq!(status, if idle <= 2 * 3_600_000 { 200 } else { 401 });
    }
}
