//! The permission matrix, generated from the catalogue: for every implemented endpoint with a
//! rule, no session → 401, a session lacking the rule → 403, a session holding just the rule →
//! past the gate. All in the Webex error shape.

mod common;

use axum::http::Method;
use common::{ADMIN, AGENT, Harness};
use wfo_harness::catalogue::{ENDPOINTS, Endpoint, Rule};

/// A scenario with a person holding no permission and, per endpoint, a person holding just that
/// endpoint's rule (the first permission of each alternative).
fn matrix_scenario() -> String {
    let mut roles = String::from("      - {name: Nobody, permissions: []}\n");
    let mut persons = String::from(
        "      - {firstName: No, lastName: Body, email: nobody@example.com, password: pw, team: 3, roles: [Nobody]}\n",
    );
    for ep in guarded() {
        if let Rule::Permissions(all) = ep.rule {
            let names: Vec<&str> = all.iter().map(|any| any[0]).collect();
            roles.push_str(&format!(
                "      - {{name: r-{}, permissions: [{}]}}\n",
                ep.key,
                names.join(", ")
            ));
            persons.push_str(&format!(
                "      - {{firstName: Just, lastName: Rule, email: {}@example.com, password: pw, team: 3, roles: [r-{}]}}\n",
                ep.key, ep.key
            ));
        }
    }
    format!(
        "name: matrix\ntenants:\n  - id: 1\n    name: T\n    groups: [{{id: 2, name: G}}]\n    teams: [{{id: 3, name: T, group: 2}}]\n    roles:\n{roles}    persons:\n{persons}"
    )
}

fn guarded() -> impl Iterator<Item = &'static Endpoint> {
    ENDPOINTS
        .iter()
        .filter(|e| e.implemented() && e.rule.needs_webex_session())
}

fn request_of(ep: &Endpoint) -> (Method, String) {
    let path = ep.path.replace(['{', '}'], "");
    (
        Method::from_bytes(ep.method.as_str().as_bytes()).unwrap(),
        path,
    )
}

#[tokio::test]
async fn every_guarded_endpoint_refuses_a_missing_session_with_401() {
    let h = Harness::new();
    let mut checked = 0;
    for ep in guarded() {
        let (method, path) = request_of(ep);
        let reply = h.call(method, &path, None, Some("{}")).await;
        assert_eq!(reply.status, 401, "{}: {}", ep.key, reply.text());
        let body = reply.json();
        assert!(
            body["errorMessage"].is_string() && body["requestId"].is_string(),
            "{}",
            ep.key
        );
        checked += 1;
    }
    assert!(
        checked >= 3,
        "auth.get, auth.logout and org.permissions at least"
    );
}

#[tokio::test]
async fn every_permission_rule_refuses_a_session_lacking_it_with_403() {
    let h = Harness::with_scenario(&matrix_scenario());
    for ep in guarded() {
        // A fresh session each time: the walk includes the logout.
        let nobody = h.login(("nobody@example.com", "pw")).await;
        let (method, path) = request_of(ep);
        let reply = h.call(method, &path, Some(&nobody), Some("{}")).await;
        match ep.rule {
            Rule::Permissions(_) => {
                assert_eq!(reply.status, 403, "{}: {}", ep.key, reply.text());
                let message = reply.message();
                assert!(
                    message.contains(&ep.rule.describe()),
                    "{}: {message}",
                    ep.key
                );
            }
            _ => assert_ne!(reply.status, 403, "{} needs only a session", ep.key),
        }
    }
}

#[tokio::test]
async fn holding_just_the_rule_passes_the_gate() {
    let h = Harness::with_scenario(&matrix_scenario());
    for ep in guarded() {
        if !matches!(ep.rule, Rule::Permissions(_)) {
            continue;
        }
        let cookie = h.login((&format!("{}@example.com", ep.key), "pw")).await;
        let (method, path) = request_of(ep);
        let reply = h.call(method, &path, Some(&cookie), Some("{}")).await;
        assert!(
            !matches!(reply.status, 401 | 403),
            "{}: {} {}",
            ep.key,
            reply.status,
            reply.text()
        );
    }
}

#[tokio::test]
async fn the_permissions_api_lists_the_catalogue_for_view_org() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let reply = h.get("/api/rest/org/permissions/", Some(&admin)).await;
    assert_eq!(reply.status, 200);
    let list = reply.json();
    for item in list.as_array().unwrap() {
        assert!(item["id"].is_u64() && item["name"].is_string() && item["description"].is_string());
    }
    snap_json!("permissions_list", list);

    let agent = h.login(AGENT).await;
    let refused = h.get("/api/rest/org/permissions/", Some(&agent)).await;
    assert_eq!(refused.status, 403);
    snap_json!("permissions_forbidden_for_agent", refused.json());
}
