//! Vendor-neutral behaviour that every API family uses: async jobs and injected faults.

pub mod calls;
pub mod faults;
pub mod jobs;
