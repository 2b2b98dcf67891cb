//! `POST /talkdesk/oauth/token` (client credentials; seed 002 "Authentication": STS tokens) and
//! the bearer check the gateway runs for every `Rule::TalkdeskScope` endpoint.

use crate::http::basic_auth::{Credentials, credentials};
use crate::http::{ApiError, Call};
use axum::Json;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

const TOKENS: &str = "talkdesk_tokens";

/// A granted access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Grant {
    pub client_id: String,
    pub scopes: Vec<String>,
    pub expires_ms: i64,
}

fn token_value(seed: u64, n: u64) -> String {
    let mut h = Sha256::new();
    h.update(seed.to_be_bytes());
    h.update(b"talkdesk-token");
    h.update(n.to_be_bytes());
    format!("td.{}", hex::encode(&h.finalize()[..24]))
}

/// `grant_type=client_credentials[&scope=a b]`, client id and secret in HTTP basic auth (or,
/// as RFC 6749 also allows, as `client_id` / `client_secret` form fields).
pub async fn token(call: Call, headers: HeaderMap, body: Bytes) -> Result<Response, ApiError> {
    let form: Vec<(String, String)> = match std::str::from_utf8(&body) {
        Ok(text) if looks_like_json(&headers) => json_form(&call, text)?,
        Ok(text) => crate::http::form::parse_form(text),
        Err(_) => {
            return Err(call.error(StatusCode::BAD_REQUEST, "The form body is not UTF-8 text"));
        }
    };
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let (client_id, secret) = match credentials(&headers) {
        Credentials::Basic { user, password } => (user, password),
        Credentials::None => match (field("client_id"), field("client_secret")) {
            (Some(id), Some(secret)) => (id.to_string(), secret.to_string()),
            _ => {
                return Err(call.error(
                    StatusCode::UNAUTHORIZED,
                    "Client authentication is required: HTTP basic auth with client_id:client_secret",
                ));
            }
        },
        _ => {
            return Err(call.error(
                StatusCode::UNAUTHORIZED,
                "The Authorization header is not HTTP basic auth with client_id:client_secret",
            ));
        }
    };
    let scenario = call.sandbox.scenario();
    let spec = &scenario.scenario.talkdesk;
    let Some(client) = spec
        .clients
        .iter()
        .find(|c| c.id == client_id && c.secret == secret)
    else {
        return Err(call.error(StatusCode::UNAUTHORIZED, "Invalid client id or secret"));
    };
    match field("grant_type") {
        Some("client_credentials") => {}
        Some(other) => {
            return Err(call
                .error(
                    StatusCode::BAD_REQUEST,
                    format!("grant_type `{other}` is not supported: use client_credentials"),
                )
                .with_field("grant_type"));
        }
        None => {
            return Err(call
                .error(
                    StatusCode::BAD_REQUEST,
                    "grant_type is required (client_credentials)",
                )
                .with_field("grant_type"));
        }
    }
    let scopes: Vec<String> = match field("scope").map(str::trim).filter(|s| !s.is_empty()) {
        None => client.scopes.clone(),
        Some(asked) => {
            let mut scopes = Vec::new();
            for s in asked.split_whitespace() {
                if !client.scopes.iter().any(|c| c == s) {
                    return Err(call
                        .error(
                            StatusCode::BAD_REQUEST,
                            format!("scope `{s}` is not granted to client {client_id}"),
                        )
                        .with_field("scope"));
                }
                if !scopes.iter().any(|x| x == s) {
                    scopes.push(s.to_string());
                }
            }
            scopes
        }
    };
    let store = &call.sandbox.store;
    let n = store.next_id(TOKENS);
    let value = token_value(call.sandbox.seed(), n);
    let ttl = spec.token_ttl_seconds;
    store.collection::<String, Grant>(TOKENS).put(
        &value,
        &Grant {
            client_id: client.id.clone(),
            scopes: scopes.clone(),
            expires_ms: call.now_ms().saturating_add((ttl * 1000) as i64),
        },
    );
    Ok(Json(json!({
        "access_token": value,
        "token_type": "Bearer",
        "expires_in": ttl,
        "scope": scopes.join(" "),
    }))
    .into_response())
}

fn looks_like_json(headers: &HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("application/json"))
}

/// A JSON body with the same fields as the form (some clients send one).
fn json_form(call: &Call, text: &str) -> Result<Vec<(String, String)>, ApiError> {
    let value = crate::http::json::parse(call, text.as_bytes())?;
    let Some(obj) = value.as_object() else {
        return Err(call.error(StatusCode::BAD_REQUEST, "The body must be a JSON object"));
    };
    Ok(obj
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
        .collect())
}

/// The gateway's check for a Talkdesk endpoint needing `scope`: 401 without a live token, 403
/// when the token was not granted the scope.
pub fn authorise(call: &Call, headers: &HeaderMap, scope: &str) -> Result<(), ApiError> {
    let token = match credentials(headers) {
        Credentials::Bearer(t) => t,
        Credentials::None => {
            return Err(call.error(
                StatusCode::UNAUTHORIZED,
                "Missing access token: send Authorization: Bearer <token> from POST /talkdesk/oauth/token",
            ));
        }
        _ => {
            return Err(call.error(
                StatusCode::UNAUTHORIZED,
                "The Authorization header is not a bearer token",
            ));
        }
    };
    let grant: Option<Grant> = call
        .sandbox
        .store
        .collection::<String, Grant>(TOKENS)
        .get(&token);
    match grant {
        None => Err(call.error(StatusCode::UNAUTHORIZED, "Invalid access token")),
        Some(g) if call.now_ms() >= g.expires_ms => {
            Err(call.error(StatusCode::UNAUTHORIZED, "The access token has expired"))
        }
        Some(g) if g.scopes.iter().any(|s| s == scope) => Ok(()),
        Some(_) => Err(call.error(
            StatusCode::FORBIDDEN,
            format!("The access token lacks the scope {scope}"),
        )),
    }
}
