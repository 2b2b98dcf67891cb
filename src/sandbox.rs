//! Sandboxes: named, isolated worlds. Each has its own data, sessions, clock, transcript and
//! faults, created from the loaded scenario on first use (`/sandbox/NAME/...`), so parallel CI
//! jobs can share one server without seeing each other.

use crate::clock::{Clock, ClockSetting};
use crate::engine::faults::Faults;
use crate::engine::jobs::Jobs;
use crate::engine::rate_limit::RateLimits;
use crate::engine::vary::Vary;
use crate::scenario::{self, Loaded};
use crate::sessions::Sessions;
use crate::store::{SandboxStore, Store};
use crate::transcript::Transcript;
use crate::world;
use parking_lot::RwLock;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

pub const DEFAULT: &str = "default";

/// `[A-Za-z0-9._-]{1,64}` (ARCHITECTURE.md "Sandboxes").
pub fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The scenario a sandbox was built from, as kept in its store.
#[derive(Serialize, Deserialize)]
struct StoredScenario {
    origin: String,
    yaml: String,
    /// The seed the world was built with (`--seed` or the scenario's), kept with it so a
    /// restart continues the same ids.
    #[serde(default = "crate::scenario::model::default_seed")]
    seed: u64,
}

pub struct Sandbox {
    pub name: String,
    pub store: SandboxStore,
    pub clock: Clock,
    pub sessions: Sessions,
    pub faults: Faults,
    pub transcript: Transcript,
    /// The scenario's `rate_limits:` and the calls they counted.
    pub rate_limits: RateLimits,
    /// `serve --vary SEED`: answers varied within the documents.
    pub vary: Option<Vary>,
    scenario: RwLock<Arc<Loaded>>,
}

impl Sandbox {
    /// Opens the sandbox `name`: from the store when it exists there (a restart with `--data`),
    /// else created from `scenario`.
    fn open(
        store: &Store,
        name: &str,
        scenario: Arc<Loaded>,
        transcript_limit: u64,
        vary: Option<Vary>,
    ) -> Result<Sandbox, String> {
        let ss = store.sandbox(name);
        let existing = ss.exists();
        let scenario = if existing {
            stored_scenario(&ss).unwrap_or(scenario)
        } else {
            scenario
        };
        let clock_start = scenario
            .world
            .clock
            .expect("resolved scenarios have a clock");
        let sandbox = Sandbox {
            name: name.to_string(),
            clock: Clock::new(clock_start),
            sessions: Sessions::open(&ss),
            faults: Faults::default(),
            transcript: Transcript::open(&ss, transcript_limit),
            rate_limits: RateLimits::default(),
            vary,
            store: ss,
            scenario: RwLock::new(scenario.clone()),
        };
        if existing {
            if let Some(setting) = sandbox
                .store
                .meta::<ClockSetting>()
                .get(&"clock".to_string())
            {
                sandbox.clock.set(setting.now_ms, Some(setting.frozen));
            }
            sandbox.add_scenario_rules(&scenario);
        } else {
            sandbox.build(&scenario)?;
        }
        Ok(sandbox)
    }

    /// Writes the scenario's world into the (empty) store and starts clock and faults.
    fn build(&self, scenario: &Arc<Loaded>) -> Result<(), String> {
        world::seed(&self.store, &scenario.world)?;
        crate::contacts::seed(&self.store, &scenario.world)?;
        crate::engine::calls::seed(&self.store, &scenario.world)?;
        crate::cas::seed::seed(&self.store, &scenario.scenario.cas, &scenario.world.tenants)?;
        self.store.meta().put(
            &"scenario".to_string(),
            &StoredScenario {
                origin: scenario.origin.clone(),
                yaml: scenario.source.clone(),
                seed: scenario.scenario.seed,
            },
        );
        let start = scenario
            .world
            .clock
            .expect("resolved scenarios have a clock");
        self.clock.set(start.now_ms, Some(start.frozen));
        self.save_clock();
        self.add_scenario_rules(scenario);
        Ok(())
    }

    /// The scenario's faults and rate limits, fresh.
    fn add_scenario_rules(&self, scenario: &Loaded) {
        for f in &scenario.scenario.faults {
            self.faults.add(f.clone());
        }
        // Validated when the scenario loaded.
        let limits = scenario
            .scenario
            .rate_limits
            .iter()
            .flat_map(|r| r.limits().unwrap_or_default())
            .collect();
        self.rate_limits.set(limits);
    }

    pub fn scenario(&self) -> Arc<Loaded> {
        self.scenario.read().clone()
    }

    /// The seed of every generated id in this sandbox.
    pub fn seed(&self) -> u64 {
        self.scenario.read().scenario.seed
    }

    /// The sandbox's jobs, with its scenario's lifecycle overrides.
    pub fn jobs(&self) -> Jobs {
        Jobs::new(&self.store, self.scenario.read().scenario.jobs.clone()).with_vary(self.vary)
    }

    /// Keeps the clock's setting, so a restart with `--data` resumes from it.
    pub fn save_clock(&self) {
        self.store
            .meta()
            .put(&"clock".to_string(), &self.clock.setting());
    }

    /// Back to the scenario: data, sessions, clock, transcript and faults as at creation.
    pub fn reset(&self) -> Result<(), String> {
        let scenario = self.scenario();
        self.replace(scenario)
    }

    /// Rebuilds the sandbox from another scenario.
    pub fn replace(&self, scenario: Arc<Loaded>) -> Result<(), String> {
        self.sessions.clear();
        self.faults.clear();
        self.store.clear_all();
        self.transcript.clear();
        *self.scenario.write() = scenario.clone();
        self.build(&scenario)
    }
}

fn stored_scenario(ss: &SandboxStore) -> Option<Arc<Loaded>> {
    let stored: StoredScenario = ss.meta().get(&"scenario".to_string())?;
    match scenario::load(&stored.origin, &stored.yaml, Some(stored.seed)) {
        Ok(loaded) => Some(loaded),
        Err(e) => {
            eprintln!(
                "wfo-harness: the stored scenario no longer loads ({e}); using the current one"
            );
            None
        }
    }
}

/// Every sandbox of a server.
pub struct Sandboxes {
    store: Store,
    scenario: Arc<Loaded>,
    transcript_limit: u64,
    vary: Option<Vary>,
    open: RwLock<HashMap<String, Arc<Sandbox>>>,
}

impl Sandboxes {
    pub fn new(store: Store, scenario: Arc<Loaded>, transcript_limit: u64) -> Sandboxes {
        Sandboxes {
            store,
            scenario,
            transcript_limit,
            vary: None,
            open: RwLock::new(HashMap::new()),
        }
    }

    /// Varies every sandbox's answers from `vary` (`serve --vary SEED`).
    pub fn with_vary(mut self, vary: Option<Vary>) -> Sandboxes {
        self.vary = vary;
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The scenario new sandboxes are created from.
    pub fn scenario(&self) -> &Arc<Loaded> {
        &self.scenario
    }

    /// The sandbox `name`, created on first use.
    pub fn get(&self, name: &str) -> Result<Arc<Sandbox>, String> {
        if let Some(s) = self.open.read().get(name) {
            return Ok(s.clone());
        }
        let mut open = self.open.write();
        if let Some(s) = open.get(name) {
            return Ok(s.clone());
        }
        let sandbox = Arc::new(Sandbox::open(
            &self.store,
            name,
            self.scenario.clone(),
            self.transcript_limit,
            self.vary,
        )?);
        open.insert(name.to_string(), sandbox.clone());
        Ok(sandbox)
    }

    /// The sandbox `name` if it exists (open, or kept in the store), without creating it.
    pub fn existing(&self, name: &str) -> Option<Arc<Sandbox>> {
        if let Some(s) = self.open.read().get(name) {
            return Some(s.clone());
        }
        if self.store.sandbox(name).exists() {
            return self.get(name).ok();
        }
        None
    }

    /// Names of every sandbox, open or kept in the store.
    pub fn names(&self) -> Vec<String> {
        let mut names = self.store.sandbox_names();
        names.extend(self.open.read().keys().cloned());
        names.sort();
        names.dedup();
        names
    }

    /// Writes the pending exchanges of every open sandbox's transcript to the store.
    pub fn flush_transcripts(&self) {
        for sandbox in self.open.read().values() {
            sandbox.transcript.flush_pending();
        }
    }

    /// Deletes a sandbox and all its data; true when it existed.
    pub fn remove(&self, name: &str) -> bool {
        let was_open = self.open.write().remove(name).is_some();
        let ss = self.store.sandbox(name);
        let stored = ss.exists();
        ss.destroy();
        was_open || stored
    }
}
