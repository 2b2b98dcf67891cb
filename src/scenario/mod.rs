//! Scenarios: YAML worlds (serde-saphyr, unknown keys rejected), validated with line and column,
//! resolved into the org records a sandbox is seeded with.

pub mod calls;
pub mod cas;
pub mod contacts;
pub mod evaluations;
mod generate;
pub mod model;
pub mod qm;
pub mod reports;
mod resolve;
pub mod survey_results;
pub mod vendors_td_dialer;

pub use model::Scenario;
pub use resolve::Resolved;

use std::fmt;
use std::sync::Arc;

/// The scenario embedded in the binary and served when no `--scenario` is given.
pub const DEFAULT_YAML: &str = include_str!("../../scenarios/default.yaml");

/// A parsed, validated scenario and the world it resolves to.
#[derive(Debug)]
pub struct Loaded {
    /// Where it came from: a file path, `default`, or `admin upload`.
    pub origin: String,
    /// The YAML text, kept so a sandbox can be re-created from it.
    pub source: String,
    pub scenario: Scenario,
    pub world: Resolved,
}

impl Loaded {
    pub fn name(&self) -> &str {
        self.scenario.name.as_deref().unwrap_or(&self.origin)
    }
}

/// Why a scenario was refused, with the place in the YAML when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    pub message: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
}

impl ScenarioError {
    pub fn at(location: &serde_saphyr::Location, message: impl Into<String>) -> Self {
        let known = *location != serde_saphyr::Location::UNKNOWN;
        ScenarioError {
            message: message.into(),
            line: known.then(|| location.line()),
            column: known.then(|| location.column()),
        }
    }

    pub fn nowhere(message: impl Into<String>) -> Self {
        ScenarioError {
            message: message.into(),
            line: None,
            column: None,
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: {}", self.message),
            _ => write!(f, "{}", self.message),
        }
    }
}

impl std::error::Error for ScenarioError {}

/// Parses and validates `yaml`. `seed` replaces the scenario's own seed (`serve --seed N`).
pub fn load(origin: &str, yaml: &str, seed: Option<u64>) -> Result<Arc<Loaded>, ScenarioError> {
    let mut scenario: Scenario = serde_saphyr::from_str(yaml).map_err(|e| {
        let first_line = e.to_string();
        let message = first_line
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("invalid YAML")
            .trim();
        let message =
            strip_location(message.strip_prefix("error: ").unwrap_or(message)).to_string();
        match e.location() {
            Some(loc) => ScenarioError::at(&loc, message),
            None => ScenarioError::nowhere(message),
        }
    })?;
    if let Some(seed) = seed {
        scenario.seed = seed;
    }
    let world = resolve::resolve(&scenario)?;
    vendors_td_dialer::check(&scenario, &world)?;
    qm::check(&scenario)?;
    cas::check(&scenario, &world)?;
    Ok(Arc::new(Loaded {
        origin: origin.to_string(),
        source: yaml.to_string(),
        scenario,
        world,
    }))
}

/// serde-saphyr starts its messages with `line L column C: `; ours says where once.
fn strip_location(message: &str) -> &str {
    match message.strip_prefix("line ") {
        Some(rest) => rest.split_once(": ").map_or(message, |(_, m)| m),
        None => message,
    }
}

/// The embedded default scenario.
pub fn default_scenario(seed: Option<u64>) -> Arc<Loaded> {
    load("default", DEFAULT_YAML, seed).expect("the embedded default scenario is valid")
}
