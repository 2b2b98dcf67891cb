//! Talkdesk and dialer auth, walked from the catalogue: every `TalkdeskScope` endpoint refuses a
//! missing, unknown or expired bearer token with 401 and a token without its scope with 403;
//! every `BasicAuth` endpoint refuses missing or wrong credentials with 401. Vendor error shapes.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, header};
use common::{Harness, Reply};
use wfo_harness::catalogue::{ENDPOINTS, Endpoint, Rule};
use wfo_harness::http::basic_auth::basic_header;

fn with_rule(pred: fn(&Rule) -> bool) -> Vec<&'static Endpoint> {
    ENDPOINTS
        .iter()
        .filter(|e| e.implemented() && pred(&e.rule))
        .collect()
}

async fn send(h: &Harness, ep: &Endpoint, authorization: Option<&str>) -> Reply {
    let path = ep.path.replace("{id}", "1").replace("{file}", "x.csv");
    let mut b = Request::builder()
        .method(Method::from_bytes(ep.method.as_str().as_bytes()).unwrap())
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(a) = authorization {
        b = b.header(header::AUTHORIZATION, a);
    }
    h.send(b.body(Body::from("{}")).unwrap()).await
}

async fn token(h: &Harness, scope: &str) -> String {
    let reply = h
        .send(
            Request::post("/talkdesk/oauth/token")
                .header(
                    header::AUTHORIZATION,
                    basic_header("harness-client", "harness-secret"),
                )
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!(
                    "grant_type=client_credentials&scope={scope}"
                )))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    format!("Bearer {}", reply.json()["access_token"].as_str().unwrap())
}

fn talkdesk_error(reply: &Reply, status: u16, key: &str) {
    assert_eq!(reply.status, status, "{key}: {}", reply.text());
    let body = reply.json();
    for field in ["code", "message", "description", "fields"] {
        assert!(
            body.get(field).is_some(),
            "{key}: {field} missing in {body}"
        );
    }
}

#[tokio::test]
async fn every_talkdesk_endpoint_wants_a_live_token_with_its_scope() {
    let h = Harness::new();
    let guarded = with_rule(|r| matches!(r, Rule::TalkdeskScope(_)));
    assert!(guarded.len() >= 7, "{}", guarded.len());
    let all = token(&h, "bulk-imports:read+bulk-imports:write+users:read").await;
    let users_only = token(&h, "users:read").await;
    let imports_only = token(&h, "bulk-imports:read+bulk-imports:write").await;
    for ep in &guarded {
        let Rule::TalkdeskScope(scope) = ep.rule else {
            unreachable!()
        };
        talkdesk_error(&send(&h, ep, None).await, 401, ep.key);
        talkdesk_error(&send(&h, ep, Some("Bearer td.nope")).await, 401, ep.key);
        talkdesk_error(&send(&h, ep, Some("Basic eDp5")).await, 401, ep.key);
        let other = if scope == "users:read" {
            &imports_only
        } else {
            &users_only
        };
        let refused = send(&h, ep, Some(other)).await;
        talkdesk_error(&refused, 403, ep.key);
        assert!(
            refused.text().contains(scope),
            "{}: {}",
            ep.key,
            refused.text()
        );
        let passed = send(&h, ep, Some(&all)).await;
        assert!(
            !matches!(passed.status, 401 | 403),
            "{}: {}",
            ep.key,
            passed.text()
        );
    }
    // Tokens expire on the virtual clock (default scenario: 3600 s).
    h.advance("", 3_600_000).await;
    for ep in &guarded {
        let expired = send(&h, ep, Some(&all)).await;
        talkdesk_error(&expired, 401, ep.key);
        assert!(expired.text().contains("expired"), "{}", expired.text());
    }
}

#[tokio::test]
async fn every_dialer_endpoint_wants_basic_auth() {
    let h = Harness::new();
    let guarded = with_rule(|r| matches!(r, Rule::BasicAuth));
    assert!(guarded.len() >= 30, "{}", guarded.len());
    let good = basic_header("admin", "password");
    let wrong = basic_header("admin", "wrong");
    for ep in &guarded {
        for auth in [None, Some(wrong.as_str()), Some("Bearer x")] {
            let reply = send(&h, ep, auth).await;
            assert_eq!(reply.status, 401, "{}: {}", ep.key, reply.text());
            assert!(reply.json()["message"].is_string(), "{}", ep.key);
        }
        let passed = send(&h, ep, Some(&good)).await;
        assert!(
            !matches!(passed.status, 401 | 403),
            "{}: {}",
            ep.key,
            passed.text()
        );
        assert_ne!(passed.status, 500, "{}: {}", ep.key, passed.text());
    }
}
