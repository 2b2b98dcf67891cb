//! Talkdesk's state and rules, testable without HTTP: its users (the scenario's persons, plus
//! those imports create) and bulk imports run as jobs on the shared engine (seed 002).

use super::csv_import::{ImportType, Row};
use crate::engine::jobs::{Decision, Job, JobEndpoint, Jobs, Lifecycle};
use crate::sandbox::Sandbox;
use crate::store::Collection;
use crate::world::Org;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const USERS: &str = "talkdesk_users";
const STATE: &str = "talkdesk_state";
/// The job kind of a users bulk import (scenario `jobs:` may override its lifecycle).
pub const JOB_KIND: &str = "talkdesk.bulk_import";
/// A job fault may give an import other durations or end it FAILED (no row applied).
pub const JOBS: JobEndpoint = JobEndpoint {
    endpoint: "talkdesk.bulk_import",
    states: &["QUEUED", "IN_PROGRESS"],
    outcomes: &["FAILED"],
};
pub const QUEUED_MS: u64 = 1_000;
/// Virtual time an import spends per row while IN_PROGRESS.
pub const MS_PER_ROW: u64 = 100;
pub const DAY_MS: i64 = 86_400_000;

/// Applying finished imports is a read-modify-write of users and jobs: one request at a time,
/// so two concurrent reads never apply an import twice.
static SETTLING: parking_lot::Mutex<()> = parking_lot::Mutex::new(());

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct User {
    pub id: u64,
    pub email: String,
    pub name: String,
    pub ring_groups: Vec<String>,
    pub extension: Option<String>,
    pub role: String,
    pub active: bool,
    /// The scenario person this user is (same email), if any.
    pub person_id: Option<u64>,
    pub created_ms: i64,
    pub updated_ms: i64,
}

/// What an import keeps with its job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportData {
    pub import_type: ImportType,
    pub file_name: String,
    pub rows: Vec<Row>,
    /// Set once the import finished and its rows took effect.
    pub applied: Option<Applied>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Applied {
    pub processed: u64,
    pub succeeded: u64,
    pub errors: Vec<RowError>,
}

/// A failed row: seed 002 promises the API "can identify errors", not detailed messages, so a
/// row error is its line, the column at fault and a code.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RowError {
    pub line: u64,
    pub column: Option<String>,
    pub code: String,
}

fn err(line: u64, column: Option<&str>, code: &str) -> RowError {
    RowError {
        line,
        column: column.map(str::to_string),
        code: code.to_string(),
    }
}

/// The Talkdesk side of one sandbox.
pub struct Talkdesk<'a> {
    pub sandbox: &'a Sandbox,
    pub users: Collection<u64, User>,
}

impl<'a> Talkdesk<'a> {
    /// Opens the state, seeding users from the persons on first use and applying every import
    /// that finished by `now_ms`.
    pub fn open(sandbox: &'a Sandbox, now_ms: i64) -> Talkdesk<'a> {
        let t = Talkdesk {
            sandbox,
            users: sandbox.store.collection(USERS),
        };
        t.seed_users(now_ms);
        t.settle(now_ms);
        t
    }

    fn seed_users(&self, now_ms: i64) {
        let state: Collection<String, bool> = self.sandbox.store.collection(STATE);
        if state.get(&"seeded".to_string()).is_some() {
            return;
        }
        // Scenario records exist from the scenario's start, whenever first read.
        let now_ms = self
            .sandbox
            .scenario()
            .world
            .clock
            .map_or(now_ms, |c| c.now_ms);
        let persons = Org::of(&self.sandbox.store).persons.values();
        let max = persons.iter().map(|p| p.id).max().unwrap_or(0);
        let _ = self.sandbox.store.transaction(&[USERS, STATE], |tx| {
            if tx
                .get::<String, bool>(STATE, &"seeded".to_string())
                .is_some()
            {
                return Ok(());
            }
            for p in &persons {
                let user = User {
                    id: p.id,
                    email: p.email.clone(),
                    name: format!("{} {}", p.first_name, p.last_name),
                    ring_groups: Vec::new(),
                    extension: p.acd_id.clone(),
                    role: "Agent".into(),
                    active: !p.deactivated,
                    person_id: Some(p.id),
                    created_ms: now_ms,
                    updated_ms: now_ms,
                };
                tx.put(USERS, &p.id, &user);
            }
            tx.reserve_ids(USERS, max);
            tx.put(STATE, &"seeded".to_string(), &true);
            Ok(())
        });
    }

    pub fn jobs(&self) -> Jobs {
        self.sandbox.jobs()
    }

    /// Every users import, in id order.
    pub fn imports(&self) -> Vec<Job> {
        self.jobs().list(Some(JOB_KIND))
    }

    /// Whether an import is still kept at `now_ms` (seed 002: "stored for up to 20 days").
    pub fn kept(&self, job: &Job, now_ms: i64) -> bool {
        let days = self.sandbox.scenario().scenario.talkdesk.retention_days as i64;
        now_ms < job.created_ms.saturating_add(days.saturating_mul(DAY_MS))
    }

    /// Starts an import of `rows`; a job fault's `decision` may change its states or outcome.
    pub fn start_import(
        &self,
        kind: ImportType,
        file_name: &str,
        rows: Vec<Row>,
        now_ms: i64,
        decision: Option<&Decision>,
    ) -> Job {
        let lifecycle = Lifecycle::new(
            &[
                ("QUEUED", QUEUED_MS),
                (
                    "IN_PROGRESS",
                    (rows.len() as u64 * MS_PER_ROW).max(MS_PER_ROW),
                ),
            ],
            "COMPLETED",
        );
        let data = ImportData {
            import_type: kind,
            file_name: file_name.to_string(),
            rows,
            applied: None,
        };
        let data = serde_json::to_value(data).expect("import data serialises");
        self.jobs()
            .create_decided(JOB_KIND, lifecycle, &[], now_ms, data, decision)
    }

    /// Applies, in the order they finished, the imports that finished by `now_ms`: a completed
    /// one applies every row, a cancelled one the rows processed before the cancel.
    pub fn settle(&self, now_ms: i64) {
        let _one_at_a_time = SETTLING.lock();
        self.settle_locked(now_ms);
    }

    /// Cancels an unfinished import; rows processed by `now_ms` take effect at once.
    pub fn cancel(&self, job_id: u64, now_ms: i64) -> Result<Job, crate::engine::jobs::JobError> {
        let _one_at_a_time = SETTLING.lock();
        let job = self.jobs().stop(job_id, now_ms, "CANCELED")?;
        self.settle_locked(now_ms);
        Ok(self.jobs().get(job.id).unwrap_or(job))
    }

    fn settle_locked(&self, now_ms: i64) {
        let mut due: Vec<(i64, Job, u64)> = Vec::new();
        for job in self.imports() {
            let Ok(data) = serde_json::from_value::<ImportData>(job.data.clone()) else {
                continue;
            };
            if data.applied.is_some() {
                continue;
            }
            let state = job.state_at(now_ms);
            if !state.finished {
                continue;
            }
            let rows = if job.stopped.is_some() {
                processed_at(&job, data.rows.len() as u64, state.since_ms)
            } else if state.state == "COMPLETED" {
                data.rows.len() as u64
            } else {
                0
            };
            due.push((state.since_ms, job, rows));
        }
        due.sort_by_key(|(at, job, _)| (*at, job.id));
        for (at, mut job, rows) in due {
            let mut data: ImportData =
                serde_json::from_value(job.data.clone()).expect("checked above");
            let applied = self.apply(&data, rows as usize, at);
            data.applied = Some(applied);
            job.data = serde_json::to_value(&data).expect("import data serialises");
            self.jobs().update(&job);
        }
    }

    fn apply(&self, data: &ImportData, rows: usize, now_ms: i64) -> Applied {
        let mut applied = Applied::default();
        let mut emails: HashMap<String, u64> = self
            .users
            .values()
            .into_iter()
            .map(|u| (u.email.to_lowercase(), u.id))
            .collect();
        for row in data.rows.iter().take(rows) {
            applied.processed += 1;
            match self.apply_row(data.import_type, row, now_ms, &mut emails) {
                Ok(()) => applied.succeeded += 1,
                Err(e) => applied.errors.push(e),
            }
        }
        applied
    }

    /// One row against the current users.
    fn apply_row(
        &self,
        kind: ImportType,
        row: &Row,
        now_ms: i64,
        emails: &mut HashMap<String, u64>,
    ) -> Result<(), RowError> {
        let line = row.line;
        let find = |emails: &HashMap<String, u64>, e: &str| {
            emails
                .get(&e.to_lowercase())
                .and_then(|id| self.users.get(id))
        };
        if row.malformed {
            return Err(err(line, None, "MALFORMED_ROW"));
        }
        let cell = |c: &str| row.cells.get(c).map(String::as_str);
        if let Some(ext) = cell("Extension")
            && !ext.chars().all(|c| c.is_ascii_digit())
        {
            return Err(err(line, Some("Extension"), "INVALID_VALUE"));
        }
        if let Some(email) = cell("Email")
            && !valid_email(email)
        {
            return Err(err(line, Some("Email"), "INVALID_VALUE"));
        }
        match kind {
            ImportType::CreateUsers => {
                let email =
                    cell("Email").ok_or_else(|| err(line, Some("Email"), "MISSING_VALUE"))?;
                let name = cell("Full Name")
                    .ok_or_else(|| err(line, Some("Full Name"), "MISSING_VALUE"))?;
                if emails.contains_key(&email.to_lowercase()) {
                    return Err(err(line, Some("Email"), "ALREADY_EXISTS"));
                }
                let person = Org::of(&self.sandbox.store)
                    .persons_by_login(email)
                    .first()
                    .map(|p| p.id);
                let id = self.sandbox.store.next_id(USERS);
                let mut user = User {
                    id,
                    email: email.to_string(),
                    name: name.to_string(),
                    ring_groups: Vec::new(),
                    extension: None,
                    role: "Agent".into(),
                    active: true,
                    person_id: person,
                    created_ms: now_ms,
                    updated_ms: now_ms,
                };
                set_optional(&mut user, row);
                self.users.put(&id, &user);
                emails.insert(user.email.to_lowercase(), id);
            }
            ImportType::UpdateUsers => {
                let current = cell("Current Email")
                    .ok_or_else(|| err(line, Some("Current Email"), "MISSING_VALUE"))?;
                let mut user = find(emails, current)
                    .ok_or_else(|| err(line, Some("Current Email"), "NOT_FOUND"))?;
                if let Some(email) = cell("Email") {
                    if emails
                        .get(&email.to_lowercase())
                        .is_some_and(|o| *o != user.id)
                    {
                        return Err(err(line, Some("Email"), "ALREADY_EXISTS"));
                    }
                    emails.remove(&user.email.to_lowercase());
                    emails.insert(email.to_lowercase(), user.id);
                    user.email = email.to_string();
                }
                if let Some(name) = cell("Full Name") {
                    user.name = name.to_string();
                }
                set_optional(&mut user, row);
                user.updated_ms = now_ms;
                self.users.put(&user.id, &user);
            }
            ImportType::DeleteUsers => {
                let current = cell("Current Email")
                    .ok_or_else(|| err(line, Some("Current Email"), "MISSING_VALUE"))?;
                let user = find(emails, current)
                    .ok_or_else(|| err(line, Some("Current Email"), "NOT_FOUND"))?;
                self.users.remove(&user.id);
                emails.remove(&user.email.to_lowercase());
            }
        }
        Ok(())
    }
}

fn set_optional(user: &mut User, row: &Row) {
    if let Some(groups) = row.cells.get("Ring Groups") {
        user.ring_groups = groups
            .split([';', ','])
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .map(str::to_string)
            .collect();
    }
    if let Some(ext) = row.cells.get("Extension") {
        user.extension = Some(ext.clone());
    }
    if let Some(role) = row.cells.get("Role") {
        user.role = role.clone();
    }
}

/// `local@domain.tld`, nothing fancier.
pub fn valid_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// Rows an import had processed at `at_ms`: proportional to its time IN_PROGRESS.
pub fn processed_at(job: &Job, total: u64, at_ms: i64) -> u64 {
    let mut running = job.clone();
    running.stopped = None;
    let state = running.state_at(at_ms);
    if state.finished {
        return if state.state == "COMPLETED" { total } else { 0 };
    }
    if state.state != "IN_PROGRESS" {
        return 0;
    }
    let phase_ms = job
        .lifecycle
        .states
        .iter()
        .find(|p| p.name == "IN_PROGRESS")
        .map_or(1, |p| p.ms.max(1));
    let elapsed = (at_ms - state.since_ms).max(0) as u64;
    (total * elapsed / phase_ms).min(total)
}

/// The import's data, if the job is an import.
pub fn data_of(job: &Job) -> Option<ImportData> {
    serde_json::from_value(job.data.clone()).ok()
}

/// Counts for rendering: total, processed, succeeded, failed.
pub fn counts(job: &Job, now_ms: i64) -> (u64, u64, u64, u64) {
    let Some(data) = data_of(job) else {
        return (0, 0, 0, 0);
    };
    let total = data.rows.len() as u64;
    match &data.applied {
        Some(a) => (total, a.processed, a.succeeded, a.errors.len() as u64),
        None => (total, processed_at(job, total, now_ms), 0, 0),
    }
}

/// The status a client sees: the job's state, with COMPLETED refined by the row results.
pub fn status(job: &Job, now_ms: i64) -> String {
    let state = job.state_at(now_ms);
    if state.state == "COMPLETED"
        && let Some(a) = data_of(job).and_then(|d| d.applied)
        && !a.errors.is_empty()
    {
        return if a.succeeded == 0 {
            "FAILED".into()
        } else {
            "COMPLETED_WITH_ERRORS".into()
        };
    }
    state.state
}
