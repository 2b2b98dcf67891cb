//! Seed 001 "Getting Started", "Authorize API" and "Destroying the Session": log in with
//! `POST /api/rest/authorize`, read the session's user with `GET`, end it with `DELETE`. The
//! session id travels in the cookie `hazelcast.sessionId`; it expires after two idle hours.

use crate::http::json::{opt_integer, opt_string, parse, required_string};
use crate::http::{ApiError, Call};
use crate::ids;
use crate::sessions::{SessionRecord, WEBEX_IDLE_TIMEOUT_MS};
use crate::world::{Org, Person};
use axum::body::Bytes;
use axum::http::{StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Response};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

pub const COOKIE: &str = "hazelcast.sessionId";

/// `POST /api/rest/authorize` with `{"userId", "password", "language", "locale", "tenantId"}`;
/// the document also shows the body as a one-element array, which is accepted too.
pub async fn login(call: Call, body: Bytes) -> Result<Response, ApiError> {
    let parsed = parse(&call, &body)?;
    let request = match parsed {
        Value::Array(mut items) if items.len() == 1 => items.remove(0),
        Value::Array(items) => {
            return Err(call.error(
                StatusCode::BAD_REQUEST,
                format!(
                    "Expected one credentials object, got an array of {}",
                    items.len()
                ),
            ));
        }
        other => other,
    };
    if !request.is_object() {
        return Err(call.error(
            StatusCode::BAD_REQUEST,
            "The body must be a JSON object with userId and password",
        ));
    }
    let user_id = required_string(&call, &request, "userId")?;
    let password = required_string(&call, &request, "password")?;
    let language = match opt_string(&call, &request, "language")? {
        Some(l) if !l.is_empty() => l,
        _ => opt_string(&call, &request, "locale")?
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| "en".into()),
    };
    let tenant_id = opt_integer(&call, &request, "tenantId")?;

    let org = Org::of(&call.sandbox.store);
    let candidates: Vec<Person> = org
        .persons_by_login(&user_id)
        .into_iter()
        .filter(|p| tenant_id.is_none_or(|t| p.tenant_id == t))
        .filter(|p| p.password == password)
        .collect();
    let person = match candidates.as_slice() {
        [] => return Err(call.error(StatusCode::UNAUTHORIZED, "Invalid user ID or password")),
        [one] => one.clone(),
        _ => {
            return Err(call
                .error(
                    StatusCode::BAD_REQUEST,
                    "userId and password match users of more than one tenant: include tenantId",
                )
                .with_field("tenantId"));
        }
    };
    if person.deactivated {
        return Err(call.error(StatusCode::UNAUTHORIZED, "The user is deactivated"));
    }
    let now = call.now_ms();
    let seed = call.sandbox.seed();
    let permissions = org.permissions_of(&person);
    let body = |session_id: &str| user_body(&org, &person, session_id, &language, &permissions);
    let session = call.sandbox.sessions.create(
        |ordinal| ids::session_id(seed, ordinal),
        |id| body(id).to_string(),
        SessionRecord {
            id: String::new(),
            ordinal: 0,
            person_id: person.id,
            tenant_id: person.tenant_id,
            user_id: person.email.clone(),
            language: language.clone(),
            permissions: permissions.clone(),
            created_ms: now,
            last_seen_ms: now,
            ended: false,
            user_json: String::new(),
        },
    );
    let cookie = format!("{COOKIE}={}; Path=/; HttpOnly", session.record.id);
    Ok((
        AppendHeaders([(header::SET_COOKIE, cookie)]),
        json_response(session.record.user_json.clone()),
    )
        .into_response())
}

/// `GET /api/rest/authorize`: the session's user, as the login answered it (a session keeps
/// what it was opened with, as a real one does: a changed role applies from the next login).
pub async fn current(call: Call) -> Result<Response, ApiError> {
    let session = call.session()?;
    Ok(json_response(session.record.user_json.clone()))
}

fn json_response(json: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], json).into_response()
}

/// `DELETE /api/rest/authorize`: ends the session (seed 001 "Destroying the Session").
pub async fn logout(call: Call) -> Result<Response, ApiError> {
    let session = call.session()?;
    call.sandbox.sessions.end(&session.record.id, call.now_ms());
    let expired = format!("{COOKIE}=; Path=/; Max-Age=0; HttpOnly");
    Ok((
        StatusCode::OK,
        AppendHeaders([(header::SET_COOKIE, expired)]),
    )
        .into_response())
}

// [`login`] reads the credentials field by field, so that each mistake gets its own
// vendor-shaped 400; this type is their documented form, for the OpenAPI document.
/// Seed 001 "Authorize API": the credentials of `POST /api/rest/authorize`.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
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

// What `POST` and `GET /api/rest/authorize` answer, as seed 001's example shows it.
/// Seed 001 "Authorize API" response: the session's user.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
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

fn user_body(
    org: &Org,
    person: &Person,
    session_id: &str,
    language: &str,
    permissions: &[String],
) -> Value {
    let team = org.teams.get(&person.team_id);
    let group = team.as_ref().and_then(|t| org.groups.get(&t.group_id));
    let scope_groups: Vec<u64> = if person.scope.tenant {
        org.groups
            .values()
            .into_iter()
            .filter(|g| g.tenant_id == person.tenant_id)
            .map(|g| g.id)
            .collect()
    } else {
        person.scope.group_ids.clone()
    };
    let user = AuthorizedUser {
        session_id: session_id.to_string(),
        id: person.id,
        user_id: person.email.clone(),
        first_name: person.first_name.clone(),
        last_name: person.last_name.clone(),
        team_id: person.team_id,
        team_name: team.map(|t| t.name).unwrap_or_default(),
        group_id: group.as_ref().map(|g| g.id),
        group_name: group.map(|g| g.name).unwrap_or_default(),
        lang: language.to_string(),
        country: country(person.locale.as_deref()),
        session_timeout: (WEBEX_IDLE_TIMEOUT_MS / 60_000).to_string(),
        timezone_string: person.time_zone.clone().unwrap_or_else(|| "UTC".into()),
        deactivated: person.deactivated,
        license_compliance: true,
        tenant_id: person.tenant_id,
        password_expiration_date: None,
        user_iq: false,
        activated_date: 0,
        permissions: permissions.to_vec(),
        groups_in_scope: scope_groups,
        teams_in_scope: person.scope.team_ids.clone(),
        service_queues_in_scope: Vec::new(),
    };
    serde_json::to_value(user).expect("the user serialises")
}

/// `en_US` → `US`; empty when the locale names no country.
fn country(locale: Option<&str>) -> String {
    locale
        .and_then(|l| l.split(['_', '-']).nth(1))
        .unwrap_or("")
        .to_string()
}
