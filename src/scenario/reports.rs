//! The scenario's `reports:` (Data Explorer reports served by seed 001 "Bulk Report Data Export
//! API") and `reconciliation:` (recording reconciliation jobs served by seed 001 "Jobs API").

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// One Data Explorer report: its id (the `{reportId}` of the export URI), its qname, its
/// columns and its rows (or a source the rows are built from).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReportSpec {
    pub id: u64,
    pub qname: String,
    #[serde(default)]
    pub columns: Vec<String>,
    /// Cells in column order: strings, numbers (epoch milliseconds for dates) or null.
    #[serde(default)]
    pub rows: Vec<Vec<Value>>,
    /// Rows built from the sandbox's data instead of `rows` (see `reports::source`).
    #[serde(default)]
    pub source: Option<ReportSource>,
    /// Report parameters (Data Explorer "Report Parameter" names, e.g. `pTeam`) → the column
    /// they filter.
    #[serde(default)]
    pub params: BTreeMap<String, String>,
}

/// Where a report's rows come from when it lists none.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum ReportSource {
    /// One row per team: `Team` (team id), `Team Name`, `Contacts` (their count).
    ContactsByTeam,
    /// One row per contact: `Contact Id`, `Team`, `Agent`, `Contact Start Time` (epoch ms).
    Contacts,
}

/// `reconciliation:` — declared jobs and a number of generated ones.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReconciliationSpec {
    #[serde(default)]
    pub jobs: Vec<ReconciliationJobSpec>,
    #[serde(default)]
    pub generate: Option<GenerateJobs>,
}

/// A declared reconciliation job: every seed field, optional. Absent times and counts are
/// derived (see `reports::reconciliation`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReconciliationJobSpec {
    #[serde(default)]
    pub id: Option<u64>,
    #[serde(default)]
    pub tenant_id: Option<u64>,
    /// RFC 3339 or epoch ms; default: the clock's start.
    #[serde(default)]
    pub job_start_date: Option<Value>,
    /// How long the job runs (virtual ms) once started; default 60,000.
    #[serde(default)]
    pub duration_ms: Option<u64>,
    /// How long it waits IN_QUEUE before IN_PROGRESS; default 5,000.
    #[serde(default)]
    pub queued_ms: Option<u64>,
    /// A fixed status instead of the one the clock gives (e.g. ABORTED).
    #[serde(default)]
    pub job_status: Option<String>,
    #[serde(default)]
    pub min_contact_date: Option<Value>,
    #[serde(default)]
    pub max_contact_date: Option<Value>,
    #[serde(default)]
    pub recordings_processed: Option<u64>,
    #[serde(default)]
    pub recordings_to_process: Option<u64>,
    #[serde(default)]
    pub cdr_matches: Option<u64>,
    #[serde(default)]
    pub root_resulting_in_ccr: Option<u64>,
    #[serde(default)]
    pub ccrs_created: Option<u64>,
    #[serde(default)]
    pub extension_table_matches: Option<u64>,
    #[serde(default)]
    pub acd_matches: Option<u64>,
    #[serde(default)]
    pub success_count: Option<u64>,
    #[serde(default)]
    pub success_total_time: Option<u64>,
    #[serde(default)]
    pub is_scheduled_job: Option<bool>,
    #[serde(default)]
    pub producer_host_name: Option<String>,
    #[serde(default)]
    pub consumer_host_name: Option<String>,
    #[serde(default)]
    pub contact_reconciliation_duration: Option<u64>,
    #[serde(default)]
    pub realtime_event_duration: Option<u64>,
    #[serde(default)]
    pub non_realtime_event_duration: Option<u64>,
    #[serde(default)]
    pub workflow_duration: Option<u64>,
    #[serde(default)]
    pub number_of_realtime_events: Option<u64>,
    #[serde(default)]
    pub number_of_non_realtime_events: Option<u64>,
    #[serde(default)]
    pub properties: BTreeMap<String, String>,
}

/// `generate: {count, tenantId?, everyMs?}`: `count` scheduled jobs, one every `everyMs`
/// (default one hour) ending at the clock's start, with seeded counts.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GenerateJobs {
    pub count: u32,
    #[serde(default)]
    pub tenant_id: Option<u64>,
    #[serde(default)]
    pub every_ms: Option<u64>,
}

/// Checks `reports:` (unique ids, cells of known columns) and `reconciliation:`.
pub fn validate(s: &super::Scenario) -> Result<(), String> {
    let mut ids = std::collections::BTreeSet::new();
    for (i, r) in s.reports.iter().enumerate() {
        if !ids.insert(r.id) {
            return Err(format!("reports[{i}].id: {} is declared twice", r.id));
        }
        if r.source.is_some() && (!r.rows.is_empty() || !r.columns.is_empty()) {
            return Err(format!(
                "reports[{i}]: a report with a source takes its columns and rows from it"
            ));
        }
        if let Some(j) = r.rows.iter().position(|row| row.len() > r.columns.len()) {
            return Err(format!(
                "reports[{i}].rows[{j}]: more cells than the {} columns",
                r.columns.len()
            ));
        }
    }
    crate::reports::reconciliation::validate(&s.reconciliation)
}
