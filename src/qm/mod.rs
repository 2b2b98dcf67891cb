//! Webex WFO quality management state (seed 001): inclusion/exclusion lists and the pattern
//! matcher the call engine consults before recording. Testable without HTTP; the handlers in
//! `crate::vendors::webex::qm` parse and render.

pub mod device_import;
pub mod devices;
pub mod inclexcl;
pub mod pattern;
