//! HTTP plumbing shared by every vendor: error bodies in each vendor's shape, the per-request
//! context handlers receive, and extractors that answer bad input with a vendor-shaped 400.

pub mod basic_auth;
pub mod call;
pub mod error;
pub mod form;
pub mod json;
pub mod multipart;

pub use call::Call;
pub use error::ApiError;
