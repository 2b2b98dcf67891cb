//! Builds the router from the catalogue (plus admin API and sandbox prefix) and serves it.

use crate::AppState;
use crate::admin;
use crate::catalogue::ENDPOINTS;
use crate::gateway::{self, DropConnection};
use crate::http::{ApiError, Call};
use axum::Router;
use axum::extract::{MatchedPath, OriginalUri};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::graceful::GracefulShutdown;
use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// The whole HTTP surface: vendor endpoints and admin API, at `/` (sandbox `default`) and under
/// `/sandbox/{NAME}`.
pub fn router(state: AppState) -> Router {
    let site = site(state);
    site.clone().nest("/sandbox/{sandbox}", site)
}

fn site(state: AppState) -> Router {
    let mut by_path: BTreeMap<&'static str, MethodRouter> = BTreeMap::new();
    for ep in ENDPOINTS {
        if let Some(mr) = ep.method_router() {
            let merged = match by_path.remove(ep.path) {
                Some(existing) => existing.merge(mr),
                None => mr,
            };
            by_path.insert(ep.path, merged);
        }
    }
    let mut vendor = Router::new();
    for (path, mr) in by_path {
        vendor = vendor.route(path, mr);
    }
    vendor
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(from_fn_with_state(state.clone(), gateway::gateway))
        .nest("/__admin", admin::router(state))
}

async fn not_found(call: Call, method: Method, uri: OriginalUri) -> ApiError {
    let (_, path) = gateway::split_sandbox(uri.0.path());
    call.error(
        StatusCode::NOT_FOUND,
        format!("No endpoint at {method} {path}"),
    )
}

async fn method_not_allowed(
    call: Call,
    method: Method,
    matched: Option<MatchedPath>,
    uri: OriginalUri,
) -> Response {
    let (_, path) = gateway::split_sandbox(uri.0.path());
    let template = matched
        .as_ref()
        .map(|m| {
            m.as_str()
                .strip_prefix("/sandbox/{sandbox}")
                .unwrap_or(m.as_str())
                .to_string()
        })
        .unwrap_or_default();
    let allowed: Vec<&str> = ENDPOINTS
        .iter()
        .filter(|e| e.implemented() && e.path == template)
        .map(|e| e.method.as_str())
        .collect();
    let mut response = call
        .error(
            StatusCode::METHOD_NOT_ALLOWED,
            format!(
                "Method {method} is not allowed on {path}; allowed: {}",
                allowed.join(", ")
            ),
        )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&allowed.join(", ")) {
        response.headers_mut().insert(header::ALLOW, v);
    }
    response
}

/// Serves `router` on `listener` until `shutdown` resolves, then lets open requests finish (up to
/// five seconds). A response marked [`DropConnection`] closes its connection unanswered.
pub async fn serve(listener: TcpListener, router: Router, shutdown: impl Future<Output = ()>) {
    let builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        eprintln!("wfo-harness: accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let router = router.clone();
                let service = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                    let router = router.clone();
                    async move {
                        let response = router.oneshot(req).await.unwrap_or_else(|never| match never {});
                        if response.extensions().get::<DropConnection>().is_some() {
                            Err(std::io::Error::other("connection dropped by an injected fault"))
                        } else {
                            Ok(response)
                        }
                    }
                });
                let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
                let watched = graceful.watch(connection.into_owned());
                tokio::spawn(async move {
                    let _ = watched.await;
                });
            }
            _ = &mut shutdown => break,
        }
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(Duration::from_secs(5)) => {}
    }
}

/// Resolves on Ctrl-C or SIGTERM. The handlers are installed when this is called, not when
/// the future is first polled, so a SIGTERM sent the moment the server says it is listening
/// is still a graceful shutdown (under load the accept loop may not have polled it yet).
#[cfg(unix)]
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    use tokio::signal::unix::{Signal, SignalKind, signal};
    async fn received(s: Option<Signal>) {
        match s {
            Some(mut s) => {
                s.recv().await;
            }
            None => std::future::pending::<()>().await,
        }
    }
    let terminate = signal(SignalKind::terminate()).ok();
    let interrupt = signal(SignalKind::interrupt()).ok();
    async move {
        tokio::select! {
            _ = received(terminate) => {}
            _ = received(interrupt) => {}
        }
    }
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
