//! Why an org operation was refused; the handlers turn it into the vendor's error body.

/// The class of a refusal, which decides the HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgErrorKind {
    /// 400: the request is wrong (a field missing, unreadable or breaking a rule).
    Invalid,
    /// 404: the named entity does not exist (in the caller's tenant).
    NotFound,
    /// 409: the request contradicts the stored org (a duplicate, a non-empty team).
    Conflict,
    /// 403: the entity exists but is outside the caller's scope.
    OutOfScope,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgError {
    pub kind: OrgErrorKind,
    pub message: String,
    /// The request fields the refusal is about.
    pub fields: Vec<String>,
}

impl OrgError {
    pub fn new(kind: OrgErrorKind, message: impl Into<String>) -> Self {
        OrgError {
            kind,
            message: message.into(),
            fields: Vec::new(),
        }
    }
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        OrgError::new(OrgErrorKind::Invalid, message).field(field)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        OrgError::new(OrgErrorKind::NotFound, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        OrgError::new(OrgErrorKind::Conflict, message)
    }
    pub fn field(mut self, field: &str) -> Self {
        self.fields.push(field.to_string());
        self
    }
}
