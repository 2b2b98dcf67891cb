//! Drives the real router in process, the way a client would over HTTP.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, header};
use serde_json::Value;
use tower::ServiceExt;
use wfo_harness::{App, Config, app, scenario};

pub const ADMIN: (&str, &str) = ("admin@example.com", "admin");
pub const AGENT: (&str, &str) = ("agent@example.com", "agent");

pub struct Harness {
    pub app: App,
}

/// What came back.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// True when the server would have closed the connection unanswered (a `drop` fault).
    pub dropped: bool,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The message of an error body: Webex `errorMessage` or admin `error`.
    pub fn message(&self) -> String {
        let body = self.json();
        body.get("errorMessage")
            .or_else(|| body.get("error"))
            .and_then(|m| m.as_str())
            .unwrap_or_else(|| panic!("not an error body: {body}"))
            .to_string()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    }

    /// The `hazelcast.sessionId` cookie set by this reply, as a `Cookie` header value.
    pub fn session_cookie(&self) -> String {
        let set = self.header("set-cookie").expect("a Set-Cookie header");
        set.split(';').next().unwrap().to_string()
    }
}

impl Harness {
    /// The embedded default scenario on a temporary store.
    pub fn new() -> Harness {
        Harness {
            app: app(Config::default()).expect("harness starts"),
        }
    }

    /// A harness serving `yaml`.
    pub fn with_scenario(yaml: &str) -> Harness {
        let loaded = scenario::load("test", yaml, None).unwrap_or_else(|e| panic!("scenario: {e}"));
        Harness {
            app: app(Config {
                scenario: loaded,
                ..Config::default()
            })
            .expect("harness starts"),
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.app.router.clone().oneshot(request).await.unwrap();
        let dropped = response
            .extensions()
            .get::<wfo_harness::gateway::DropConnection>()
            .is_some();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec();
        Reply {
            status,
            headers,
            body,
            dropped,
        }
    }

    /// A request with an optional cookie and body (`application/json` when given).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        body: Option<&str>,
    ) -> Reply {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(c) = cookie {
            builder = builder.header(header::COOKIE, c);
        }
        let request = match body {
            Some(b) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string())),
            None => builder.body(Body::empty()),
        };
        self.send(request.unwrap()).await
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        self.call(Method::GET, path, cookie, None).await
    }

    pub async fn post(&self, path: &str, cookie: Option<&str>, body: &str) -> Reply {
        self.call(Method::POST, path, cookie, Some(body)).await
    }

    pub async fn delete(&self, path: &str, cookie: Option<&str>) -> Reply {
        self.call(Method::DELETE, path, cookie, None).await
    }

    /// Logs in (under `prefix`, e.g. `/sandbox/a`, or `""`) and returns the `Cookie` value.
    pub async fn login_at(&self, prefix: &str, (user, password): (&str, &str)) -> String {
        let body =
            serde_json::json!({"userId": user, "password": password, "language": "en"}).to_string();
        let reply = self
            .post(&format!("{prefix}/api/rest/authorize"), None, &body)
            .await;
        assert_eq!(
            reply.status,
            200,
            "login of {user} failed: {}",
            reply.text()
        );
        reply.session_cookie()
    }

    pub async fn login(&self, who: (&str, &str)) -> String {
        self.login_at("", who).await
    }

    pub async fn advance(&self, prefix: &str, ms: i64) {
        let reply = self
            .post(
                &format!("{prefix}/__admin/clock"),
                None,
                &format!("{{\"advanceMs\": {ms}}}"),
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text());
    }

    /// The sandbox's transcript as exported by `GET /__admin/transcript` (JSON Lines).
    pub async fn transcript(&self, prefix: &str) -> Vec<Value> {
        let reply = self
            .get(&format!("{prefix}/__admin/transcript"), None)
            .await;
        assert_eq!(reply.status, 200);
        reply
            .text()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

/// Insta settings that put snapshots in the repository's top-level `snapshots/` folder.
pub fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(true);
    settings
}

#[macro_export]
macro_rules! snap_json {
    ($name:expr, $value:expr) => {
        common::snapshot_settings().bind(|| insta::assert_json_snapshot!($name, $value))
    };
}

#[macro_export]
macro_rules! snap_text {
    ($name:expr, $value:expr) => {
        common::snapshot_settings().bind(|| insta::assert_snapshot!($name, $value))
    };
}
