//! HTTP basic auth against the scenario's dialer users (seed 004's curl examples:
//! `-u admin:password`), run by the gateway for every `Rule::BasicAuth` endpoint.

use crate::http::basic_auth::{Credentials, credentials};
use crate::http::{ApiError, Call};
use axum::http::{HeaderMap, StatusCode};

pub fn authorise(call: &Call, headers: &HeaderMap) -> Result<(), ApiError> {
    let unauthorized = |m: &str| Err(call.error(StatusCode::UNAUTHORIZED, m));
    match credentials(headers) {
        Credentials::Basic { user, password } => {
            let scenario = call.sandbox.scenario();
            if scenario
                .scenario
                .dialer
                .users
                .iter()
                .any(|u| u.username == user && u.password == password)
            {
                Ok(())
            } else {
                unauthorized("Unauthorized: wrong username or password")
            }
        }
        Credentials::None => {
            unauthorized("Unauthorized: send HTTP basic auth (curl -u name:password)")
        }
        _ => unauthorized("Unauthorized: the Authorization header is not HTTP basic auth"),
    }
}
