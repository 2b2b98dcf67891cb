//! Asynchronous jobs (imports, exports, reconciliation): a lifecycle of states with durations and
//! an outcome. A job's state is computed from the virtual clock when read, so tests never sleep:
//! they advance the clock. A scenario's `jobs:` block overrides the lifecycle of a job kind; a
//! job fault (`jobOutcome`, `jobStates`, see `engine::faults`) decides one job: a request that
//! creates a job goes through [`crate::http::Call::create_job`], which takes the fault.

use crate::engine::vary::Vary;
use crate::store::{Collection, SandboxStore};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// One state a job passes through, and for how long (virtual milliseconds).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Phase {
    pub name: String,
    pub ms: u64,
}

/// The states a job passes through, then the state it ends in.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Lifecycle {
    pub states: Vec<Phase>,
    pub outcome: String,
}

impl Lifecycle {
    pub fn new(states: &[(&str, u64)], outcome: &str) -> Lifecycle {
        Lifecycle {
            states: states
                .iter()
                .map(|(name, ms)| Phase {
                    name: name.to_string(),
                    ms: *ms,
                })
                .collect(),
            outcome: outcome.to_string(),
        }
    }
}

/// A job stopped before its lifecycle ended (cancelled), and the state it stopped in.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Stop {
    pub at_ms: i64,
    pub state: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    pub id: u64,
    pub kind: String,
    pub created_ms: i64,
    pub lifecycle: Lifecycle,
    pub stopped: Option<Stop>,
    /// Whatever the API family keeps with the job (file name, results).
    pub data: Value,
    /// How `serve --vary` changed the lifecycle, for the transcript.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variation: Option<Value>,
    /// The id of the fault that decided the job's states or outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<u64>,
}

/// What a job fault decided about a new job: other states, another outcome, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub fault_id: u64,
    pub states: Option<Vec<Phase>>,
    pub outcome: Option<String>,
}

/// An endpoint whose requests create jobs a fault may decide, with the states and outcomes its
/// family documents. Each family declares its own; [`JOB_ENDPOINTS`] lists them.
#[derive(Debug)]
pub struct JobEndpoint {
    /// Catalogue key of the request that creates the job (`report.export`).
    pub endpoint: &'static str,
    /// The states a job passes through before its outcome (names `jobStates` may use).
    pub states: &'static [&'static str],
    /// The outcomes other than the usual one (values `jobOutcome` may take).
    pub outcomes: &'static [&'static str],
}

/// Every endpoint whose jobs a fault may decide.
pub const JOB_ENDPOINTS: &[&JobEndpoint] = crate::vendors::JOB_ENDPOINTS;

/// The job endpoint with catalogue key `endpoint`.
pub fn job_endpoint(endpoint: &str) -> Option<&'static JobEndpoint> {
    JOB_ENDPOINTS
        .iter()
        .copied()
        .find(|j| j.endpoint == endpoint)
}

/// A job's state at some moment.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct JobState {
    pub state: String,
    /// When the job entered that state (virtual ms).
    pub since_ms: i64,
    /// True once the job reached its outcome or was stopped.
    pub finished: bool,
}

impl Job {
    pub fn state_at(&self, now_ms: i64) -> JobState {
        if let Some(stop) = &self.stopped
            && now_ms >= stop.at_ms
        {
            return JobState {
                state: stop.state.clone(),
                since_ms: stop.at_ms,
                finished: true,
            };
        }
        let mut start = self.created_ms;
        for phase in &self.lifecycle.states {
            let end = start.saturating_add(phase.ms as i64);
            if now_ms < end {
                return JobState {
                    state: phase.name.clone(),
                    since_ms: start,
                    finished: false,
                };
            }
            start = end;
        }
        JobState {
            state: self.lifecycle.outcome.clone(),
            since_ms: start,
            finished: true,
        }
    }
}

/// Why a job could not be stopped.
#[derive(Debug, PartialEq, Eq)]
pub enum JobError {
    NotFound,
    /// Already finished, in this state.
    Finished(String),
}

/// The jobs of one sandbox.
pub struct Jobs {
    store: SandboxStore,
    jobs: Collection<u64, Job>,
    overrides: BTreeMap<String, Lifecycle>,
    vary: Option<Vary>,
}

impl Jobs {
    pub fn new(store: &SandboxStore, overrides: BTreeMap<String, Lifecycle>) -> Jobs {
        Jobs {
            store: store.clone(),
            jobs: store.collection("jobs"),
            overrides,
            vary: None,
        }
    }

    /// Varies the durations (and documented outcomes) of new jobs (`serve --vary`).
    pub fn with_vary(mut self, vary: Option<Vary>) -> Jobs {
        self.vary = vary;
        self
    }

    /// Starts a job of `kind` at `now_ms`; the scenario's override for the kind wins over
    /// `default`. Under `--vary` its state durations vary (see [`Jobs::create_varied`]).
    pub fn create(&self, kind: &str, default: Lifecycle, now_ms: i64, data: Value) -> Job {
        self.create_varied(kind, default, &[], now_ms, data)
    }

    /// Like [`Jobs::create`], and under `--vary` the job may end in one of `outcomes` (other
    /// outcomes the family's document allows, e.g. `FAILED`) instead of the default's. A
    /// scenario's override for the kind is never varied. The variation is kept on the job
    /// (`variation`) for the handler to put in the transcript ([`crate::http::Call::note`]).
    pub fn create_varied(
        &self,
        kind: &str,
        default: Lifecycle,
        outcomes: &[&str],
        now_ms: i64,
        data: Value,
    ) -> Job {
        self.create_decided(kind, default, outcomes, now_ms, data, None)
    }

    /// Like [`Jobs::create_varied`], and a fault's `decision` replaces the states and/or the
    /// outcome of the lifecycle the job would have had (the scenario's override or `default`).
    /// A job a fault decides is never varied: the fault says what the client must see.
    pub fn create_decided(
        &self,
        kind: &str,
        default: Lifecycle,
        outcomes: &[&str],
        now_ms: i64,
        data: Value,
        decision: Option<&Decision>,
    ) -> Job {
        let id = self.store.next_id("jobs");
        let vary = self.vary.filter(|_| decision.is_none());
        let (mut lifecycle, variation) = match (self.overrides.get(kind), vary) {
            (Some(o), _) => (o.clone(), None),
            (None, Some(v)) => {
                let (l, note) = v.lifecycle(id, &default, outcomes);
                (l, Some(note))
            }
            (None, None) => (default, None),
        };
        if let Some(d) = decision {
            if let Some(states) = &d.states {
                lifecycle.states = states.clone();
            }
            if let Some(outcome) = &d.outcome {
                lifecycle.outcome = outcome.clone();
            }
        }
        let job = Job {
            id,
            kind: kind.to_string(),
            created_ms: now_ms,
            lifecycle,
            stopped: None,
            data,
            variation,
            fault: decision.map(|d| d.fault_id),
        };
        self.jobs.put(&job.id, &job);
        job
    }

    pub fn get(&self, id: u64) -> Option<Job> {
        self.jobs.get(&id)
    }

    pub fn update(&self, job: &Job) {
        self.jobs.put(&job.id, job);
    }

    /// Every job, or those of `kind`, in id order.
    pub fn list(&self, kind: Option<&str>) -> Vec<Job> {
        self.jobs
            .values()
            .into_iter()
            .filter(|j| kind.is_none_or(|k| j.kind == k))
            .collect()
    }

    /// Stops a running job in `state` (e.g. `CANCELED`); a finished one is refused.
    pub fn stop(&self, id: u64, now_ms: i64, state: &str) -> Result<Job, JobError> {
        let mut job = self.get(id).ok_or(JobError::NotFound)?;
        let current = job.state_at(now_ms);
        if current.finished {
            return Err(JobError::Finished(current.state));
        }
        job.stopped = Some(Stop {
            at_ms: now_ms,
            state: state.to_string(),
        });
        self.update(&job);
        Ok(job)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job() -> Job {
        Job {
            id: 1,
            kind: "k".into(),
            created_ms: 1_000,
            lifecycle: Lifecycle::new(&[("QUEUED", 100), ("IN_PROGRESS", 200)], "COMPLETED"),
            stopped: None,
            data: Value::Null,
            variation: None,
            fault: None,
        }
    }

    #[test]
    fn state_follows_the_clock() {
        let j = job();
        assert_eq!(j.state_at(1_000).state, "QUEUED");
        assert_eq!(j.state_at(1_099).state, "QUEUED");
        assert_eq!(j.state_at(1_100).state, "IN_PROGRESS");
        let done = j.state_at(1_300);
        assert_eq!(
            (done.state.as_str(), done.finished, done.since_ms),
            ("COMPLETED", true, 1_300)
        );
    }

    #[test]
    fn a_stopped_job_stays_stopped() {
        let mut j = job();
        j.stopped = Some(Stop {
            at_ms: 1_150,
            state: "CANCELED".into(),
        });
        assert_eq!(j.state_at(1_120).state, "IN_PROGRESS");
        assert_eq!(j.state_at(5_000).state, "CANCELED");
    }

    #[test]
    fn a_decision_replaces_states_and_outcome_and_is_never_varied() {
        let store = crate::store::Store::open(None).unwrap().sandbox("t");
        let overrides =
            BTreeMap::from([("k".to_string(), Lifecycle::new(&[("QUEUED", 10)], "DONE"))]);
        let jobs = Jobs::new(&store, overrides).with_vary(Some(Vary { seed: 1 }));
        let default = || Lifecycle::new(&[("QUEUED", 100), ("RUNNING", 200)], "DONE");
        let outcome_only = Decision {
            fault_id: 7,
            states: None,
            outcome: Some("FAILED".into()),
        };
        // On top of the scenario's override for the kind.
        let j = jobs.create_decided("k", default(), &[], 0, Value::Null, Some(&outcome_only));
        assert_eq!(j.lifecycle, Lifecycle::new(&[("QUEUED", 10)], "FAILED"));
        assert_eq!(j.fault, Some(7));
        // On top of the default, which `--vary` leaves alone.
        let j = jobs.create_decided(
            "other",
            default(),
            &["X"],
            0,
            Value::Null,
            Some(&outcome_only),
        );
        assert_eq!(
            (
                j.lifecycle.states,
                j.lifecycle.outcome.as_str(),
                j.variation
            ),
            (default().states, "FAILED", None)
        );
        let states_only = Decision {
            fault_id: 8,
            states: Some(vec![Phase {
                name: "RUNNING".into(),
                ms: 5,
            }]),
            outcome: None,
        };
        let j = jobs.create_decided("other", default(), &[], 0, Value::Null, Some(&states_only));
        assert_eq!(j.lifecycle, Lifecycle::new(&[("RUNNING", 5)], "DONE"));
        // Without a decision the job is varied as before.
        assert!(
            jobs.create("other", default(), 0, Value::Null)
                .variation
                .is_some()
        );
    }

    #[test]
    fn every_job_endpoint_is_a_catalogue_key() {
        for j in JOB_ENDPOINTS {
            assert!(
                crate::catalogue::by_key(j.endpoint).is_some(),
                "{}",
                j.endpoint
            );
            assert!(
                !j.states.is_empty() && !j.outcomes.is_empty(),
                "{}",
                j.endpoint
            );
        }
    }
}
