//! What the org APIs keep about an entity beyond the fields every vendor reads: activation dates,
//! the team's productivity flag, a person's WFM/QM settings (seed 001 "Bulk Organization Import
//! API", "Export API", "Person by ID API"). One record per entity id, in the `profiles`
//! collection (ids are shared by every org entity, so one collection serves them all).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Profile {
    /// Canonical `MM/DD/YYYY` (see `dates`); `None` only for records made outside the org APIs.
    pub activated: Option<String>,
    /// `None`: never deactivated (exported as 12/31/2999).
    pub deactivated: Option<String>,
    /// Teams: "Productivity Compilation"; `None` means the documented default, true.
    pub productivity_compilation: Option<bool>,
    /// Tenants created through the Tenant API: the tenant whose user created them.
    pub created_by_tenant: Option<u64>,
    // Persons (Export API's columns, Person by ID API's fields).
    pub display_name: Option<String>,
    pub enable_scheduling: bool,
    pub employee_id: String,
    pub is_reconcile_only: String,
    pub qm_views: String,
    pub views: String,
    pub main_view: String,
    pub skill_mappings: String,
    pub company_start_date: Option<String>,
    pub department_start_date: Option<String>,
    pub company_end_date: Option<String>,
    pub rank: String,
    pub work_condition_profile: String,
    pub schedule_release_profile: String,
    pub scheduling_time_zone: String,
    pub max_staffing_group: String,
    /// The Person APIs' `agentDetail` object as the client sent it (skill mappings, exceptions,
    /// views, work shifts).
    pub agent_detail: Option<serde_json::Value>,
}

impl Profile {
    pub fn activated_on(date: String) -> Profile {
        Profile {
            activated: Some(date),
            ..Profile::default()
        }
    }
}
