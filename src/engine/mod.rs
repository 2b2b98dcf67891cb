//! Vendor-neutral behaviour that every API family uses: async jobs, injected faults, rate
//! limits and contract variation (`--vary`).

pub mod calls;
pub mod conformance;
pub mod faults;
pub mod jobs;
pub mod rate_limit;
pub mod vary;
