//! Reading JSON request bodies with vendor-shaped 400s that name the problem.

use super::{ApiError, Call};
use axum::http::StatusCode;
use serde_json::Value;

/// Parses `body` as JSON; malformed or empty JSON is a 400 saying where it broke.
pub fn parse(call: &Call, body: &[u8]) -> Result<Value, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(call.error(
            StatusCode::BAD_REQUEST,
            "Request body is empty: a JSON body is required",
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        call.error(
            StatusCode::BAD_REQUEST,
            format!(
                "Malformed JSON at line {}, column {}: {}",
                e.line(),
                e.column(),
                crate::http::json::serde_reason(&e)
            ),
        )
    })
}

/// A string field: `Ok(None)` when absent or null, 400 when of another type.
pub fn opt_string(call: &Call, obj: &Value, field: &str) -> Result<Option<String>, ApiError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(call
            .error(
                StatusCode::BAD_REQUEST,
                format!("{field} must be a string, not {}", kind(other)),
            )
            .with_field(field)),
    }
}

/// A required, non-empty string field.
pub fn required_string(call: &Call, obj: &Value, field: &str) -> Result<String, ApiError> {
    match opt_string(call, obj, field)? {
        Some(s) if !s.is_empty() => Ok(s),
        _ => Err(call
            .error(StatusCode::BAD_REQUEST, format!("{field} is required"))
            .with_field(field)),
    }
}

/// An integer field that the documents give as a string in one place and a number in another:
/// both are accepted.
pub fn opt_integer(call: &Call, obj: &Value, field: &str) -> Result<Option<u64>, ApiError> {
    let bad = || {
        call.error(
            StatusCode::BAD_REQUEST,
            format!("{field} must be a whole number"),
        )
        .with_field(field)
    };
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n.as_u64().map(Some).ok_or_else(bad),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| bad()),
        Some(_) => Err(bad()),
    }
}

pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json's message without its own " at line L column C" (the caller says where).
pub fn serde_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}
