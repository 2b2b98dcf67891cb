//! Errors in the vendor's own shape (ARCHITECTURE.md "The vendors"): never a bare 500, never an
//! empty 400.

use crate::catalogue::Vendor;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// An error answer: status, message, and the fields it is about (for vendors that list them).
#[derive(Debug, Clone)]
pub struct ApiError {
    /// `None` is the harness admin API.
    pub vendor: Option<Vendor>,
    pub status: StatusCode,
    pub message: String,
    pub fields: Vec<String>,
    pub request_id: String,
}

impl ApiError {
    pub fn new(vendor: Option<Vendor>, status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            vendor,
            status,
            message: message.into(),
            fields: Vec::new(),
            request_id: String::new(),
        }
    }

    pub fn admin(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError::new(None, status, message)
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.fields.push(field.into());
        self
    }

    pub fn with_request_id(mut self, id: &str) -> Self {
        self.request_id = id.to_string();
        self
    }

    /// The body as the vendor writes it.
    pub fn body(&self) -> Value {
        error_body(
            self.vendor,
            self.status,
            &self.message,
            &self.fields,
            &self.request_id,
        )
    }
}

/// The vendor's error body for `message`.
pub fn error_body(
    vendor: Option<Vendor>,
    status: StatusCode,
    message: &str,
    fields: &[String],
    request_id: &str,
) -> Value {
    match vendor {
        Some(Vendor::Webex | Vendor::WebexDataServer) => {
            json!({"errorMessage": message, "requestId": request_id})
        }
        Some(Vendor::InContact) => json!({"Message": message}),
        Some(Vendor::Talkdesk) => json!({
            "code": format!("{}0000", status.as_u16()),
            "message": status.canonical_reason().unwrap_or("Error"),
            "description": message,
            "fields": fields.iter().map(|f| json!({"name": f, "description": message})).collect::<Vec<_>>(),
        }),
        // XCALLY Motion answers validation failures Sequelize-style: one entry per field.
        Some(Vendor::Dialer) if !fields.is_empty() => json!({
            "message": message,
            "errors": fields.iter().map(|f| json!({"path": f, "message": message})).collect::<Vec<_>>(),
        }),
        Some(Vendor::Dialer) => json!({"message": message}),
        None => json!({"error": message}),
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body())).into_response()
    }
}
