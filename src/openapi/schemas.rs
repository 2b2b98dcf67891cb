//! Request and response schemas of implemented endpoints, keyed by endpoint key and derived
//! from Rust types with `schemars` (JSON Schema 2020-12, which OpenAPI 3.1 uses). The types
//! are the seed's documented bodies; a family adds its endpoints' types here, and an endpoint
//! without an entry still gets a schema built from its catalogue row's `fields`.

use schemars::{JsonSchema, schema_for};
use serde::Serialize;
use serde_json::{Value, json};

/// Seed 001 "Authorize API": the credentials of `POST /api/rest/authorize`.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct AuthorizeRequest {
    /// The login: the user's email.
    pub user_id: String,
    pub password: String,
    /// Language of the session (`en`); `locale` is accepted in its place.
    pub language: Option<String>,
    pub locale: Option<String>,
    /// Needed only when the login and password match users of several tenants.
    pub tenant_id: Option<u64>,
}

/// Seed 001 "Authorize API" response: the session's user.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct AuthorizedUser {
    /// Also sent as the cookie `hazelcast.sessionId`.
    pub session_id: String,
    pub id: u64,
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    pub team_id: u64,
    pub team_name: String,
    pub group_id: Option<u64>,
    pub group_name: String,
    pub lang: String,
    pub country: String,
    /// Idle minutes before the session expires, as text (`"120"`).
    pub session_timeout: String,
    pub timezone_string: String,
    pub deactivated: bool,
    pub license_compliance: bool,
    pub tenant_id: u64,
    pub password_expiration_date: Option<i64>,
    pub user_iq: bool,
    pub activated_date: i64,
    pub permissions: Vec<String>,
    pub groups_in_scope: Vec<u64>,
    pub teams_in_scope: Vec<u64>,
    pub service_queues_in_scope: Vec<u64>,
}

/// Seed 001 "Permissions API": one permission.
#[derive(Serialize, JsonSchema)]
#[allow(dead_code)]
pub struct Permission {
    pub id: u64,
    pub name: String,
    pub description: String,
}

/// A schema as it sits inside an OpenAPI document (no `$schema` of its own).
fn schema<T: JsonSchema>() -> Value {
    let mut v = schema_for!(T).to_value();
    if let Value::Object(m) = &mut v {
        m.remove("$schema");
    }
    v
}

/// The request body schema of an endpoint, when its types are known.
pub fn request(key: &str) -> Option<Value> {
    match key {
        // The document also shows the credentials as a one-element array; both are accepted.
        "auth.login" => {
            let one = schema::<AuthorizeRequest>();
            Some(
                json!({"oneOf": [one, {"type": "array", "items": one, "minItems": 1, "maxItems": 1}]}),
            )
        }
        _ => None,
    }
}

/// The success response schema of an endpoint, when its types are known.
pub fn response(key: &str) -> Option<Value> {
    match key {
        "auth.login" | "auth.get" => Some(schema::<AuthorizedUser>()),
        "org.permissions" => Some(schema::<Vec<Permission>>()),
        _ => None,
    }
}
