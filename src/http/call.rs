//! The context of one vendor request, put in place by the gateway: its sandbox, its session, its
//! catalogue row and its request id. Handlers take it as an extractor.

use super::ApiError;
use crate::catalogue::{Endpoint, Vendor};
use crate::sandbox::Sandbox;
use crate::sessions::Session;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use std::sync::Arc;

#[derive(Clone)]
pub struct Call {
    pub sandbox: Arc<Sandbox>,
    /// The live session named by the request's cookie, if any.
    pub session: Option<Arc<Session>>,
    pub endpoint: Option<&'static Endpoint>,
    pub vendor: Option<Vendor>,
    /// Sequence number of this exchange in the sandbox's transcript.
    pub seq: u64,
}

impl Call {
    /// An error in this request's vendor shape, carrying its request id.
    pub fn error(&self, status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError::new(self.vendor, status, message).with_request_id(&self.request_id())
    }

    /// Deterministic id of this exchange (seed and sequence), returned in Webex error bodies.
    pub fn request_id(&self) -> String {
        crate::ids::request_id(self.sandbox.seed(), self.seq)
    }

    pub fn now_ms(&self) -> i64 {
        self.sandbox.clock.now_ms()
    }

    /// The session, or a 401 (for handlers reached without the gateway's check).
    pub fn session(&self) -> Result<&Arc<Session>, ApiError> {
        self.session
            .as_ref()
            .ok_or_else(|| self.error(StatusCode::UNAUTHORIZED, "Not authorized: no valid session"))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Call {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Call>().cloned().ok_or_else(|| {
            ApiError::admin(
                StatusCode::INTERNAL_SERVER_ERROR,
                "endpoint reached without the harness gateway",
            )
        })
    }
}
