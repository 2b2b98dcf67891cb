//! Sandboxes are isolated worlds: data, sessions, clock, transcript and faults.

mod common;

use common::{ADMIN, Harness};

#[tokio::test]
async fn sessions_do_not_cross_sandboxes() {
    let h = Harness::new();
    let in_a = h.login_at("/sandbox/a", ADMIN).await;
    assert_eq!(
        h.get("/sandbox/a/api/rest/authorize", Some(&in_a))
            .await
            .status,
        200
    );
    assert_eq!(
        h.get("/sandbox/b/api/rest/authorize", Some(&in_a))
            .await
            .status,
        401
    );
    assert_eq!(h.get("/api/rest/authorize", Some(&in_a)).await.status, 401);
}

#[tokio::test]
async fn clocks_transcripts_and_faults_are_per_sandbox() {
    let h = Harness::new();
    h.advance("/sandbox/a", 60_000).await;
    assert_eq!(
        h.get("/sandbox/a/__admin/clock", None).await.json()["now"],
        "2026-01-05T09:01:00.000Z"
    );
    assert_eq!(
        h.get("/sandbox/b/__admin/clock", None).await.json()["now"],
        "2026-01-05T09:00:00.000Z"
    );

    h.post(
        "/sandbox/a/__admin/faults",
        None,
        r#"{"endpoint": "auth.login", "status": 503}"#,
    )
    .await;
    let a = h
        .post(
            "/sandbox/a/api/rest/authorize",
            None,
            r#"{"userId": "admin@example.com", "password": "admin"}"#,
        )
        .await;
    assert_eq!(a.status, 503);
    h.login_at("/sandbox/b", ADMIN).await;

    let ta = h.transcript("/sandbox/a").await;
    let tb = h.transcript("/sandbox/b").await;
    assert_eq!((ta.len(), tb.len()), (1, 1));
    assert_eq!(
        (ta[0]["sandbox"].as_str(), tb[0]["sandbox"].as_str()),
        (Some("a"), Some("b"))
    );
    assert_eq!(
        ta[0]["path"], "/api/rest/authorize",
        "the transcript keeps the vendor path"
    );
    assert!(
        h.transcript("").await.is_empty(),
        "the default sandbox saw nothing"
    );
}

#[tokio::test]
async fn two_sandboxes_running_the_same_calls_give_the_same_normalised_transcript() {
    let h = Harness::new();
    for prefix in ["/sandbox/x", "/sandbox/y"] {
        let cookie = h.login_at(prefix, ADMIN).await;
        h.get(
            &format!("{prefix}/api/rest/org/permissions/"),
            Some(&cookie),
        )
        .await;
        h.post(&format!("{prefix}/api/rest/authorize"), None, "{")
            .await;
    }
    let x = h
        .get(
            "/sandbox/x/__admin/transcript?format=yaml&normalise=true",
            None,
        )
        .await
        .text();
    let y = h
        .get(
            "/sandbox/y/__admin/transcript?format=yaml&normalise=true",
            None,
        )
        .await
        .text();
    assert_eq!(x, y);
}

#[tokio::test]
async fn invalid_sandbox_names_are_refused() {
    let h = Harness::new();
    let long = "x".repeat(65);
    for name in [long.as_str(), "a%20b", "a!b"] {
        let reply = h
            .get(&format!("/sandbox/{name}/api/rest/authorize"), None)
            .await;
        assert_eq!(reply.status, 404, "{name}");
        assert!(reply.message().contains("not a sandbox name"));
        let admin = h
            .get(&format!("/sandbox/{name}/__admin/health"), None)
            .await;
        assert_eq!(admin.status, 400, "{name}");
    }
    let ok = "A-z_0.9".to_string() + &"y".repeat(57);
    assert_eq!(
        h.get(&format!("/sandbox/{ok}/__admin/health"), None)
            .await
            .status,
        200
    );
}
