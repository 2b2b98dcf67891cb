//! Webex WFO authorization (seed 001 "Getting Started", "Authorize API", "Destroying the Session").

mod common;

use common::{ADMIN, AGENT, Harness};
use serde_json::json;

const LOGIN: &str = "/api/rest/authorize";

#[tokio::test]
async fn login_returns_the_user_and_sets_the_session_cookie() {
    let h = Harness::new();
    let reply = h
        .post(
            LOGIN,
            None,
            r#"{"userId": "admin@example.com", "password": "admin", "language": "en"}"#,
        )
        .await;
    assert_eq!(reply.status, 200);
    let body = reply.json();
    let cookie = reply.header("set-cookie").unwrap();
    assert_eq!(
        cookie,
        format!(
            "hazelcast.sessionId={}; Path=/; HttpOnly",
            body["sessionId"].as_str().unwrap()
        )
    );
    snap_json!("login_admin", body);
}

#[tokio::test]
async fn the_agent_holds_only_its_four_permissions() {
    let h = Harness::new();
    let reply = h
        .post(
            LOGIN,
            None,
            r#"{"userId": "agent@example.com", "password": "agent", "language": "en"}"#,
        )
        .await;
    assert_eq!(reply.status, 200);
    let body = reply.json();
    assert_eq!(
        body["permissions"],
        json!([
            "CaptureContacts",
            "RecordScreen",
            "RecordVoice",
            "RecordingControls"
        ])
    );
    assert_eq!(
        (
            body["id"].as_u64(),
            body["teamId"].as_u64(),
            body["groupId"].as_u64()
        ),
        (Some(5), Some(3), Some(2))
    );
}

#[tokio::test]
async fn session_ids_are_deterministic() {
    let first = Harness::new().login(ADMIN).await;
    let second = Harness::new().login(ADMIN).await;
    assert_eq!(first, second);
    let h = Harness::new();
    let a = h.login(ADMIN).await;
    let b = h.login(ADMIN).await;
    assert_ne!(a, b, "each login opens its own session");
}

#[tokio::test]
async fn the_documented_array_form_and_locale_are_accepted() {
    let h = Harness::new();
    let reply = h
        .post(
            LOGIN,
            None,
            r#"[{"userId": "agent@example.com", "password": "agent", "locale": "fr"}]"#,
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["lang"], "fr");
    let reply = h
        .post(
            LOGIN,
            None,
            r#"{"userId": "agent@example.com", "password": "agent"}"#,
        )
        .await;
    assert_eq!(reply.json()["lang"], "en", "language defaults to en");
}

#[tokio::test]
async fn get_returns_the_sessions_user_and_delete_ends_the_session() {
    let h = Harness::new();
    let cookie = h.login(AGENT).await;
    let me = h.get(LOGIN, Some(&cookie)).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.json()["userId"], "agent@example.com");
    assert_eq!(
        format!(
            "hazelcast.sessionId={}",
            me.json()["sessionId"].as_str().unwrap()
        ),
        cookie
    );

    let out = h.delete(LOGIN, Some(&cookie)).await;
    assert_eq!(out.status, 200);
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));

    let after = h.get(LOGIN, Some(&cookie)).await;
    assert_eq!(after.status, 401);
    snap_json!("get_after_logout", after.json());
    assert_eq!(
        h.delete(LOGIN, Some(&cookie)).await.status,
        401,
        "an ended session cannot log out again"
    );
}

#[tokio::test]
async fn bad_credentials_and_bad_bodies_are_refused_in_the_webex_shape() {
    let h = Harness::new();
    let cases = [
        (
            "wrong_password",
            r#"{"userId": "admin@example.com", "password": "nope", "language": "en"}"#,
            401,
        ),
        (
            "unknown_user",
            r#"{"userId": "who@example.com", "password": "admin", "language": "en"}"#,
            401,
        ),
        (
            "missing_user",
            r#"{"password": "admin", "language": "en"}"#,
            400,
        ),
        (
            "missing_password",
            r#"{"userId": "admin@example.com", "language": "en"}"#,
            400,
        ),
        ("empty_user", r#"{"userId": "", "password": "admin"}"#, 400),
        (
            "user_not_a_string",
            r#"{"userId": 42, "password": "admin"}"#,
            400,
        ),
        (
            "tenant_not_a_number",
            r#"{"userId": "admin@example.com", "password": "admin", "tenantId": "one"}"#,
            400,
        ),
        ("malformed_json", r#"{"userId": "admin@example.com", "#, 400),
        ("empty_body", "", 400),
        ("not_an_object", r#""admin""#, 400),
        (
            "two_credentials",
            r#"[{"userId": "a"}, {"userId": "b"}]"#,
            400,
        ),
    ];
    for (name, body, status) in cases {
        let reply = h.post(LOGIN, None, body).await;
        assert_eq!(reply.status, status, "{name}: {}", reply.text());
        let json = reply.json();
        assert!(
            json["errorMessage"].as_str().is_some_and(|m| !m.is_empty()),
            "{name}"
        );
        assert!(
            json["requestId"].as_str().is_some_and(|m| m.len() == 36),
            "{name}"
        );
        snap_json!(format!("refused_{name}"), json);
    }
    assert_eq!(
        h.get("/__admin/sandboxes", None).await.json()[0]["liveSessions"],
        0,
        "nothing was opened"
    );
}

#[tokio::test]
async fn endpoints_need_the_cookie_and_a_known_session() {
    let h = Harness::new();
    let none = h.get(LOGIN, None).await;
    assert_eq!(none.status, 401);
    snap_json!("no_cookie", none.json());
    let unknown = h
        .get(
            LOGIN,
            Some("hazelcast.sessionId=HZ00000000000000000000000000000000"),
        )
        .await;
    assert_eq!(unknown.status, 401);
    let other_cookie = h.get(LOGIN, Some("JSESSIONID=abc")).await;
    assert_eq!(other_cookie.status, 401);
    // The cookie may come among others, as browsers and Postman send it.
    let cookie = h.login(ADMIN).await;
    let mixed = h
        .get(
            LOGIN,
            Some(&format!("JSESSIONID=abc; {cookie}; theme=dark")),
        )
        .await;
    assert_eq!(mixed.status, 200);
}

#[tokio::test]
async fn a_session_expires_after_two_idle_hours_of_virtual_time() {
    let h = Harness::new();
    let cookie = h.login(ADMIN).await;
    let two_hours = 2 * 60 * 60 * 1000;
    h.advance("", two_hours).await;
    assert_eq!(
        h.get(LOGIN, Some(&cookie)).await.status,
        200,
        "exactly two idle hours is still alive"
    );
    // That request was activity: another two hours later the session still lives.
    h.advance("", two_hours).await;
    assert_eq!(h.get(LOGIN, Some(&cookie)).await.status, 200);
    h.advance("", two_hours + 1).await;
    let expired = h.get(LOGIN, Some(&cookie)).await;
    assert_eq!(expired.status, 401);
    assert!(expired.message().contains("expired"));
    // Expired is final, even if the clock is set back.
    let back = h
        .post("/__admin/clock", None, r#"{"set": "2026-01-05T09:00:00Z"}"#)
        .await;
    assert_eq!(back.status, 200);
    assert_eq!(h.get(LOGIN, Some(&cookie)).await.status, 401);
}

const TWO_TENANTS: &str = r#"
name: two-tenants
tenants:
  - name: North
    groups: [{name: G}]
    teams: [{name: T, group: 2}]
    roles: [{name: Agent, permissions: [ViewOrg]}]
    persons:
      - {firstName: Sam, lastName: North, email: sam@example.com, password: same, team: 3}
      - {firstName: Off, lastName: Boarded, email: off@example.com, password: off, team: 3, deactivated: true}
  - name: South
    groups: [{name: G}]
    teams: [{name: T, group: 8}]
    roles: [{name: Agent, permissions: [UpdateOrg]}]
    persons:
      - {firstName: Sam, lastName: South, email: sam@example.com, password: same, team: 9}
"#;

#[tokio::test]
async fn the_same_credentials_in_two_tenants_need_tenant_id() {
    let h = Harness::with_scenario(TWO_TENANTS);
    let ambiguous = h
        .post(
            LOGIN,
            None,
            r#"{"userId": "sam@example.com", "password": "same"}"#,
        )
        .await;
    assert_eq!(ambiguous.status, 400);
    assert!(ambiguous.message().contains("tenantId"));
    // The table says String, the JSON example says integer: both are accepted.
    let south = h
        .post(
            LOGIN,
            None,
            r#"{"userId": "sam@example.com", "password": "same", "tenantId": 7}"#,
        )
        .await;
    assert_eq!(south.status, 200, "{}", south.text());
    assert_eq!(
        (
            south.json()["lastName"].as_str(),
            south.json()["tenantId"].as_u64()
        ),
        (Some("South"), Some(7))
    );
    let north = h
        .post(
            LOGIN,
            None,
            r#"{"userId": "SAM@example.com", "password": "same", "tenantId": "1"}"#,
        )
        .await;
    assert_eq!(
        north.json()["lastName"],
        "North",
        "logins are case-insensitive"
    );
    assert_eq!(north.json()["permissions"], json!(["ViewOrg"]));
}

#[tokio::test]
async fn a_deactivated_person_cannot_log_in() {
    let h = Harness::with_scenario(TWO_TENANTS);
    let reply = h
        .post(
            LOGIN,
            None,
            r#"{"userId": "off@example.com", "password": "off"}"#,
        )
        .await;
    assert_eq!(reply.status, 401);
    assert!(reply.message().contains("deactivated"));
}

#[tokio::test]
async fn idle_sessions_are_swept_from_memory_as_logins_go_on() {
    let h = Harness::new();
    h.login(ADMIN).await;
    h.advance("", 2 * 60 * 60 * 1000 + 1).await;
    for _ in 0..1023 {
        h.login(AGENT).await;
    }
    let live = h.get("/__admin/sandboxes/default", None).await.json()["liveSessions"].clone();
    assert_eq!(live, 1023, "the idle first session was ended by the sweep");
}
