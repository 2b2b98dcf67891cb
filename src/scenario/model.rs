//! The YAML model of a scenario: the world a sandbox starts from. Unknown keys are errors.
//!
//! Fields that other fields refer to carry their source location ([`Spanned`]) so that a wrong
//! reference is reported at its line and column.

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

/// The world a sandbox is created from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Scenario {
    /// A name shown by `serve` and in `/__admin/health`.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Seed of everything generated: fake persons, session ids, request ids.
    #[serde(default = "default_seed")]
    pub seed: u64,
    #[serde(default)]
    pub clock: ClockSpec,
    #[serde(default)]
    pub tenants: Vec<TenantSpec>,
    /// Faults active from the start (see `/__admin/faults`).
    #[serde(default)]
    pub faults: Vec<crate::engine::faults::FaultSpec>,
    /// Rate limits answered with 429 (see `engine::rate_limit`); `rate_limits:` as the issue
    /// writes it, or `rateLimits:` like the other keys.
    #[serde(default, rename = "rate_limits", alias = "rateLimits")]
    pub rate_limits: Vec<crate::engine::rate_limit::RateLimitSpec>,
    /// Recorded contacts the sandbox starts with (see `scenario::contacts`).
    #[serde(default)]
    pub contacts: Vec<super::contacts::ContactSpec>,
    /// Live calls started and ended at virtual times (see `scenario::calls`).
    #[serde(default)]
    pub calls: Vec<super::calls::CallSpec>,
    /// Device associations: recording controls' `deviceName` (see `scenario::calls`).
    #[serde(default)]
    pub devices: Vec<super::calls::DeviceSpec>,
    /// Lifecycle overrides per job kind (see `engine::jobs`).
    #[serde(default)]
    pub jobs: BTreeMap<String, crate::engine::jobs::Lifecycle>,
    /// Talkdesk clients, scopes and limits (see `scenario::vendors_td_dialer`).
    #[serde(default)]
    pub talkdesk: super::vendors_td_dialer::TalkdeskSpec,
    /// Dialer users, lists and campaigns (see `scenario::vendors_td_dialer`).
    #[serde(default)]
    pub dialer: super::vendors_td_dialer::DialerSpec,
    /// QM evaluation forms (see `scenario::qm`).
    #[serde(default)]
    pub eval_forms: Vec<super::qm::EvalForm>,
    /// QM surveys (see `scenario::qm`).
    #[serde(default)]
    pub surveys: Vec<super::qm::Survey>,
    /// CAS categories, phrases and declared transcripts (see `scenario::cas`).
    #[serde(default)]
    pub cas: super::cas::CasSpec,
    /// Data Explorer reports and reconciliation jobs (see `scenario::reports`).
    #[serde(default)]
    pub reports: Vec<super::reports::ReportSpec>,
    #[serde(default)]
    pub reconciliation: super::reports::ReconciliationSpec,
}

/// The seed of a scenario that names none.
pub(crate) fn default_seed() -> u64 {
    1
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ClockSpec {
    /// RFC 3339 start time of the virtual clock.
    #[serde(default = "default_start")]
    pub start: Spanned<String>,
    /// A frozen clock moves only through `POST /__admin/clock`.
    #[serde(default)]
    pub frozen: bool,
}

impl Default for ClockSpec {
    fn default() -> Self {
        ClockSpec {
            start: default_start(),
            frozen: false,
        }
    }
}

fn default_start() -> Spanned<String> {
    let nowhere = serde_saphyr::Location::UNKNOWN;
    Spanned::new("2026-01-05T09:00:00Z".to_string(), nowhere, nowhere)
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TenantSpec {
    #[serde(default)]
    pub id: Option<Spanned<u64>>,
    pub name: String,
    #[serde(default)]
    pub roles: Vec<RoleSpec>,
    #[serde(default)]
    pub groups: Vec<GroupSpec>,
    #[serde(default)]
    pub teams: Vec<TeamSpec>,
    #[serde(default)]
    pub persons: Vec<PersonSpec>,
    #[serde(default)]
    pub generate: Option<GenerateSpec>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RoleSpec {
    #[serde(default)]
    pub id: Option<Spanned<u64>>,
    pub name: Spanned<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Permission names; `"*"` grants every permission.
    #[serde(default)]
    pub permissions: Vec<Spanned<String>>,
    /// The role a new person gets when none is named (seed 001 Person API: "default agent role").
    #[serde(default)]
    pub default: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GroupSpec {
    #[serde(default)]
    pub id: Option<Spanned<u64>>,
    pub name: String,
    /// Id of the parent group, if any.
    #[serde(default)]
    pub parent: Option<Spanned<u64>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TeamSpec {
    #[serde(default)]
    pub id: Option<Spanned<u64>>,
    pub name: String,
    /// Id of the group the team belongs to.
    pub group: Spanned<u64>,
}

/// A person: the same agent in every vendor API, found there by that vendor's identifier.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PersonSpec {
    #[serde(default)]
    pub id: Option<Spanned<u64>>,
    pub first_name: String,
    pub last_name: String,
    /// Login name of Webex WFO (`userId`) and the person's email.
    pub email: Spanned<String>,
    #[serde(default = "default_password")]
    pub password: String,
    /// Role names of the person's tenant.
    #[serde(default)]
    pub roles: Vec<Spanned<String>>,
    /// Id of the person's team.
    pub team: Spanned<u64>,
    #[serde(default)]
    pub scope: Option<ScopeSpec>,
    /// Windows login, `DOMAIN\\user`.
    #[serde(default)]
    pub ad_login: Option<String>,
    #[serde(default)]
    pub acd_id: Option<String>,
    #[serde(default)]
    pub acd_server_id: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub crm_username: Option<String>,
    #[serde(default)]
    pub system_username: Option<String>,
    #[serde(default)]
    pub time_zone: Option<String>,
    #[serde(default)]
    pub locale: Option<String>,
    #[serde(default)]
    pub deactivated: bool,
    /// inContact agent id (seed 003 `Id`), when it differs from the person id.
    #[serde(default)]
    pub incontact_id: Option<String>,
    /// inContact user name (seed 003 `Username`), when it differs from the email.
    #[serde(default)]
    pub incontact_username: Option<String>,
    /// The agent's phone extension (seed 003 `Phone`, calls' `extension`).
    #[serde(default)]
    pub extension: Option<String>,
}

fn default_password() -> String {
    "password".to_string()
}

/// What a person may see: the whole tenant, or the listed groups and teams.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScopeSpec {
    #[serde(default)]
    pub tenant: bool,
    #[serde(default)]
    pub groups: Vec<Spanned<u64>>,
    #[serde(default)]
    pub teams: Vec<Spanned<u64>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GenerateSpec {
    #[serde(default)]
    pub persons: Option<GeneratePersons>,
}

/// `count` fake persons, deterministic for the scenario's seed.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GeneratePersons {
    pub count: u32,
    pub team: Spanned<u64>,
    #[serde(default)]
    pub roles: Vec<Spanned<String>>,
    #[serde(default = "default_password")]
    pub password: String,
    #[serde(default = "default_domain")]
    pub email_domain: String,
}

fn default_domain() -> String {
    "example.com".to_string()
}
