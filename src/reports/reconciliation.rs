//! Recording reconciliation jobs (seed 001 "Jobs API"): the scenario's declared and generated
//! jobs, their status following the virtual clock: SCHEDULED before `jobStartDate`, IN_QUEUE
//! for `queuedMs`, IN_PROGRESS until `durationMs` has passed, then FINISHED (or a declared
//! `jobStatus`, e.g. ABORTED, from the start).

use crate::clock::parse_rfc3339;
use crate::scenario::reports::{ReconciliationJobSpec, ReconciliationSpec};
use serde_json::{Value, json};

/// The documented job statuses.
pub const STATUSES: &[&str] = &[
    "SCHEDULED",
    "IN_QUEUE",
    "IN_PROGRESS",
    "ABORTED",
    "FINISHED",
];

const DEFAULT_DURATION_MS: u64 = 60_000;
const DEFAULT_QUEUED_MS: u64 = 5_000;
const HOUR_MS: u64 = 3_600_000;

/// A job with every value fixed (ids, times, counts).
#[derive(Debug, Clone)]
pub struct Job {
    pub spec: ReconciliationJobSpec,
    pub id: u64,
    pub tenant_id: u64,
    pub start_ms: i64,
    pub min_contact_ms: i64,
    pub max_contact_ms: i64,
}

/// Epoch ms or RFC 3339.
fn time(v: &Value) -> Result<i64, String> {
    match v {
        Value::Number(n) => n
            .as_i64()
            .ok_or_else(|| format!("{n} is not epoch milliseconds")),
        Value::String(s) => parse_rfc3339(s),
        other => Err(format!("{other} is not a time (epoch ms or RFC 3339)")),
    }
}

/// Checks the scenario's `reconciliation:` (statuses, times, ids).
pub fn validate(spec: &ReconciliationSpec) -> Result<(), String> {
    let mut ids = std::collections::BTreeSet::new();
    for (i, j) in spec.jobs.iter().enumerate() {
        let at = format!("reconciliation.jobs[{i}]");
        if let Some(s) = &j.job_status
            && !STATUSES.contains(&s.as_str())
        {
            return Err(format!(
                "{at}.jobStatus: '{s}' is not one of {}",
                STATUSES.join(", ")
            ));
        }
        for (name, v) in [
            ("jobStartDate", &j.job_start_date),
            ("minContactDate", &j.min_contact_date),
            ("maxContactDate", &j.max_contact_date),
        ] {
            if let Some(v) = v {
                time(v).map_err(|e| format!("{at}.{name}: {e}"))?;
            }
        }
        if let Some(id) = j.id
            && !ids.insert(id)
        {
            return Err(format!("{at}.id: {id} is declared twice"));
        }
    }
    Ok(())
}

/// A deterministic number in `0..n` for job `i` of the scenario `seed` (splitmix64).
fn pick(seed: u64, i: u64, salt: u64, n: u64) -> u64 {
    let mut z = seed
        .wrapping_add(i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add(salt.wrapping_mul(0xBF58_476D_1CE4_E5B9));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) % n.max(1)
}

/// Every job of the scenario: declared ones (their ids, or the next free ones) then generated
/// ones. `first_tenant` owns jobs that name no tenant; `start_ms` is the clock's start.
pub fn jobs(spec: &ReconciliationSpec, seed: u64, start_ms: i64, first_tenant: u64) -> Vec<Job> {
    let mut taken: std::collections::BTreeSet<u64> =
        spec.jobs.iter().filter_map(|j| j.id).collect();
    let mut next = 1;
    let mut fresh = || {
        while taken.contains(&next) {
            next += 1;
        }
        taken.insert(next);
        next
    };
    let mut out = Vec::new();
    for j in &spec.jobs {
        let id = j.id.unwrap_or_else(&mut fresh);
        let start = j
            .job_start_date
            .as_ref()
            .and_then(|v| time(v).ok())
            .unwrap_or(start_ms);
        out.push(Job {
            id,
            tenant_id: j.tenant_id.unwrap_or(first_tenant),
            start_ms: start,
            min_contact_ms: j
                .min_contact_date
                .as_ref()
                .and_then(|v| time(v).ok())
                .unwrap_or(start - HOUR_MS as i64),
            max_contact_ms: j
                .max_contact_date
                .as_ref()
                .and_then(|v| time(v).ok())
                .unwrap_or(start),
            spec: j.clone(),
        });
    }
    if let Some(g) = &spec.generate {
        let every = g.every_ms.unwrap_or(HOUR_MS).max(1) as i64;
        for k in 0..u64::from(g.count) {
            let id = fresh();
            // The newest generated job starts at the clock's start, the others before it.
            let start = start_ms - (u64::from(g.count) - 1 - k) as i64 * every;
            let to_process = pick(seed, id, 1, 200);
            let processed = to_process;
            let ccrs = pick(seed, id, 2, processed + 1);
            let success = ccrs;
            let per = 50 + pick(seed, id, 3, 450);
            let spec = ReconciliationJobSpec {
                recordings_to_process: Some(to_process),
                recordings_processed: Some(processed),
                cdr_matches: Some(pick(seed, id, 4, processed + 1)),
                root_resulting_in_ccr: Some(ccrs),
                ccrs_created: Some(ccrs),
                extension_table_matches: Some(pick(seed, id, 5, processed + 1)),
                acd_matches: Some(pick(seed, id, 6, processed + 1)),
                success_count: Some(success),
                success_total_time: Some(success * per),
                is_scheduled_job: Some(true),
                number_of_realtime_events: Some(pick(seed, id, 7, 500)),
                number_of_non_realtime_events: Some(pick(seed, id, 8, 500)),
                ..Default::default()
            };
            out.push(Job {
                id,
                tenant_id: g.tenant_id.unwrap_or(first_tenant),
                start_ms: start,
                min_contact_ms: start - every,
                max_contact_ms: start,
                spec,
            });
        }
    }
    out
}

impl Job {
    fn queued_ms(&self) -> i64 {
        self.spec.queued_ms.unwrap_or(DEFAULT_QUEUED_MS) as i64
    }

    fn end_ms(&self) -> i64 {
        self.start_ms + self.spec.duration_ms.unwrap_or(DEFAULT_DURATION_MS) as i64
    }

    /// The status at `now_ms`, and when it was last updated.
    pub fn status(&self, now_ms: i64) -> (&str, i64) {
        if let Some(s) = &self.spec.job_status {
            let at = if s == "SCHEDULED" {
                self.start_ms
            } else {
                self.end_ms()
            };
            return (s, at.min(now_ms.max(self.start_ms)));
        }
        if now_ms < self.start_ms {
            ("SCHEDULED", self.start_ms)
        } else if now_ms < self.start_ms + self.queued_ms() {
            ("IN_QUEUE", self.start_ms)
        } else if now_ms < self.end_ms() {
            ("IN_PROGRESS", self.start_ms + self.queued_ms())
        } else {
            ("FINISHED", self.end_ms())
        }
    }

    /// The seed's response object at `now_ms`. Counts of a job still running are those
    /// processed so far (proportional to the time it ran); durations are in seconds.
    pub fn json(&self, now_ms: i64) -> Value {
        let (status, updated) = self.status(now_ms);
        let s = &self.spec;
        let done = matches!(status, "FINISHED" | "ABORTED");
        let ran = match status {
            "SCHEDULED" | "IN_QUEUE" => 0.0,
            "IN_PROGRESS" => {
                let total = (self.end_ms() - self.start_ms - self.queued_ms()).max(1) as f64;
                ((now_ms - self.start_ms - self.queued_ms()) as f64 / total).clamp(0.0, 1.0)
            }
            _ => 1.0,
        };
        let part = |v: Option<u64>| (v.unwrap_or(0) as f64 * ran).floor() as u64;
        let success = part(s.success_count);
        let success_time = part(s.success_total_time);
        let secs = (self.end_ms() - self.start_ms) / 1000;
        let host = |h: &Option<String>| h.clone().unwrap_or_else(|| "wfo-harness@127.0.0.1".into());
        json!({
            "id": self.id,
            "tenantId": self.tenant_id,
            "jobStartDate": self.start_ms,
            "jobEndDate": done.then_some(updated),
            "jobStatus": status,
            "minContactDate": self.min_contact_ms,
            "maxContactDate": self.max_contact_ms,
            "recordingsProcessed": part(s.recordings_processed.or(s.recordings_to_process)),
            "recordingsToProcess": s.recordings_to_process.unwrap_or(0),
            "cdrMatches": part(s.cdr_matches),
            "rootResultingInCcr": part(s.root_resulting_in_ccr),
            "ccrsCreated": part(s.ccrs_created),
            "extensionTableMatches": part(s.extension_table_matches),
            "acdMatches": part(s.acd_matches),
            "averageSuccess": success_time.checked_div(success).unwrap_or(0),
            "successCount": success,
            "successTotalTime": success_time,
            "isScheduledJob": s.is_scheduled_job.unwrap_or(false),
            // The field table says `updatedAtDate`, the example `updatedAt`: both are sent.
            "updatedAt": updated,
            "updatedAtDate": updated,
            "producerHostName": host(&s.producer_host_name),
            "consumerHostName": host(&s.consumer_host_name),
            "contactReconciliationDuration": s.contact_reconciliation_duration.unwrap_or(if done { secs as u64 } else { 0 }),
            "realtimeEventDuration": s.realtime_event_duration.unwrap_or(0),
            "nonRealtimeEventDuration": s.non_realtime_event_duration.unwrap_or(0),
            "workflowDuration": s.workflow_duration.unwrap_or(if done { secs as u64 } else { 0 }),
            "numberOfRealtimeEvents": part(s.number_of_realtime_events),
            "numberOfNonRealtimeEvents": part(s.number_of_non_realtime_events),
            "properties": s.properties,
        })
    }
}

/// The last `limit` jobs of `tenant_id` (newest start first, then highest id).
pub fn last(jobs: &[Job], tenant_id: u64, limit: usize, now_ms: i64) -> Vec<Value> {
    let mut mine: Vec<&Job> = jobs.iter().filter(|j| j.tenant_id == tenant_id).collect();
    mine.sort_by_key(|j| std::cmp::Reverse((j.start_ms, j.id)));
    mine.into_iter()
        .take(limit)
        .map(|j| j.json(now_ms))
        .collect()
}
