//! The context of one vendor request, put in place by the gateway: its sandbox, its session, its
//! catalogue row and its request id. Handlers take it as an extractor.

use super::ApiError;
use crate::catalogue::{Endpoint, Vendor};
use crate::engine::jobs::{Decision, Job, Lifecycle};
use crate::sandbox::Sandbox;
use crate::sessions::Session;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use parking_lot::Mutex;
use serde_json::Value;
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
    /// Variations of the answer (`serve --vary`), listed in the transcript.
    pub notes: Arc<Mutex<Vec<Value>>>,
    /// The vendor path of the request (sandbox prefix removed), as faults match it.
    pub path: Arc<str>,
    /// The job fault that decided a job this request created, for the transcript.
    pub job_fault: Arc<Mutex<Option<String>>>,
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

    /// Lists a variation of this answer in the transcript (`variations`).
    pub fn note(&self, variation: Value) {
        self.notes.lock().push(variation);
    }

    /// How many items to answer when the client asked for `asked` (a `limit`, a `Range`):
    /// `asked`, or under `serve --vary` sometimes fewer, as "up to" documents allow. Paged
    /// families call this and answer a page of that size with the matching `Content-Range`.
    pub fn page_size(&self, asked: usize) -> usize {
        let Some(vary) = self.sandbox.vary else {
            return asked;
        };
        let (size, note) = vary.page_size(self.seq, asked);
        if let Some(n) = note {
            self.note(n);
        }
        size
    }

    /// Takes the first live job fault (`jobOutcome`, `jobStates`) matching this request, which
    /// is creating a job: the hit counts and is recorded in this exchange's transcript entry.
    /// Call it once the job is sure to be created; [`Call::create_job`] does.
    pub fn job_decision(&self) -> Option<Decision> {
        let user = self.session.as_ref().map(|s| s.record.user_id.as_str());
        let fault = self.sandbox.faults.take_job(
            self.endpoint.map(|e| e.key),
            self.endpoint.map_or("", |e| e.method.as_str()),
            &self.path,
            user,
        )?;
        *self.job_fault.lock() = Some(fault.note());
        Some(fault.decision())
    }

    /// Starts a job of `kind` for this request (`default` and `outcomes` as in
    /// [`crate::engine::jobs::Jobs::create_varied`]), decided by a matching job fault when one
    /// is live ([`Call::job_decision`]); a `--vary` variation is listed in the transcript.
    pub fn create_job(
        &self,
        kind: &str,
        default: Lifecycle,
        outcomes: &[&str],
        data: Value,
    ) -> Job {
        let decision = self.job_decision();
        let job = self.sandbox.jobs().create_decided(
            kind,
            default,
            outcomes,
            self.now_ms(),
            data,
            decision.as_ref(),
        );
        if let Some(v) = &job.variation {
            self.note(v.clone());
        }
        job
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
