//! Unknown routes and wrong methods answer in the vendor's shape; the catalogue drives the router.

mod common;

use axum::http::Method;
use common::Harness;
use serde_json::json;

#[tokio::test]
async fn unknown_routes_are_404_in_each_vendors_shape() {
    let h = Harness::new();
    let webex = h.get("/api/rest/nothing/here", None).await;
    assert_eq!(webex.status, 404);
    let body = webex.json();
    assert_eq!(
        body["errorMessage"],
        "No endpoint at GET /api/rest/nothing/here"
    );
    assert!(body["requestId"].is_string());

    let incontact = h.get("/incontact/api/Nothing", None).await;
    assert_eq!(
        (incontact.status, incontact.json()),
        (
            404,
            json!({"Message": "No endpoint at GET /incontact/api/Nothing"})
        )
    );
    let dialer = h.get("/dialer/api/nothing", None).await;
    assert_eq!(
        (dialer.status, dialer.json()),
        (
            404,
            json!({"message": "No endpoint at GET /dialer/api/nothing"})
        )
    );
    let talkdesk = h.get("/talkdesk/nothing", None).await;
    assert_eq!(talkdesk.status, 404);
    snap_json!("talkdesk_404", talkdesk.json());
    let admin = h.get("/__admin/nothing", None).await;
    assert_eq!(
        (admin.status, admin.json()),
        (
            404,
            json!({"error": "no admin endpoint at GET /__admin/nothing"})
        )
    );
}

#[tokio::test]
async fn a_known_path_with_the_wrong_method_is_405_with_allow() {
    let h = Harness::new();
    let reply = h
        .call(Method::PUT, "/api/rest/authorize", None, Some("{}"))
        .await;
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("allow").as_deref(), Some("POST, GET, DELETE"));
    snap_json!("put_authorize", reply.json());
    let perms = h
        .call(Method::POST, "/api/rest/org/permissions/", None, Some("{}"))
        .await;
    assert_eq!(
        (perms.status, perms.header("allow")),
        (405, Some("GET".to_string()))
    );
    let admin = h.call(Method::PUT, "/__admin/reset", None, None).await;
    assert_eq!(
        (admin.status, admin.json()["error"].is_string()),
        (405, true)
    );
}

#[tokio::test]
async fn documented_but_unimplemented_endpoints_are_not_served() {
    // Listed by `wfo-harness endpoints` as not implemented, never answered by a placeholder.
    let h = Harness::new();
    let cookie = h.login(common::ADMIN).await;
    for ep in wfo_harness::catalogue::ENDPOINTS {
        if ep.implemented() || !ep.path.starts_with('/') {
            continue;
        }
        let path = ep.path.replace(['{', '}'], "");
        let method = Method::from_bytes(ep.method.as_str().as_bytes()).unwrap();
        let reply = h.call(method, &path, Some(&cookie), Some("{}")).await;
        assert!(
            matches!(reply.status, 404 | 405),
            "{} answered {} although it is not implemented",
            ep.key,
            reply.status
        );
    }
}

#[tokio::test]
async fn a_panicking_handler_is_a_recorded_500_in_the_vendor_shape() {
    use axum::middleware::from_fn_with_state;
    use tower::ServiceExt;
    use wfo_harness::gateway::gateway;

    async fn broken() -> &'static str {
        panic!("the store could not write")
    }
    let h = Harness::new();
    let router = axum::Router::new()
        .route("/api/rest/broken", axum::routing::get(broken))
        .layer(from_fn_with_state(h.app.state.clone(), gateway));
    let request = axum::http::Request::get("/api/rest/broken")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = router.oneshot(request).await.unwrap();
    assert_eq!(response.status(), 500);
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        body["errorMessage"],
        "Internal error in the harness: the store could not write"
    );
    assert_eq!(h.transcript("").await[0]["status"], 500);
}
