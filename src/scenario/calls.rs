//! The scenario's `calls:` timeline (live calls started and ended as the virtual clock passes)
//! and `devices:` (device associations that recording controls' `deviceName` resolves).
//!
//! ```yaml
//! devices:
//!   - { name: SEP000CH0724412, agent: agent@example.com, extensions: ["4678"] }
//! calls:
//!   - { agent: agent@example.com, start: "2026-01-05T09:05:00Z", ringMs: 5000,
//!       durationMs: 120000, ani: "5551234", dnis: "8001", metadata: { queue: sales } }
//! ```

use super::ScenarioError;
use crate::clock::parse_rfc3339;
use crate::engine::calls::{Device, Planned};
use crate::world::Person;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, HashMap};

/// One planned call.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CallSpec {
    /// Person id, `domain\user` or email.
    pub agent: Spanned<String>,
    /// RFC 3339 time the call starts ringing.
    pub start: Spanned<String>,
    /// How long it rings before it is answered (default 0).
    #[serde(default)]
    pub ring_ms: i64,
    /// How long after `start` it ends; absent (and no `end`): it runs until ended by a client.
    #[serde(default)]
    pub duration_ms: Option<i64>,
    /// RFC 3339 end, instead of `durationMs`.
    #[serde(default)]
    pub end: Option<Spanned<String>>,
    #[serde(default)]
    pub ani: Option<String>,
    #[serde(default)]
    pub dnis: Option<String>,
    #[serde(default)]
    pub extension: Option<String>,
    #[serde(default)]
    pub device: Option<String>,
    /// `inbound` or `outbound`.
    #[serde(default)]
    pub direction: Option<Spanned<String>>,
    #[serde(default)]
    pub tagged: bool,
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
}

/// One device association.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DeviceSpec {
    /// The device name (`SEP000CH0724412`), unique case-insensitively.
    pub name: Spanned<String>,
    /// Person id, `domain\user` or email.
    pub agent: Spanned<String>,
    #[serde(default)]
    pub extensions: Vec<String>,
    #[serde(default, rename = "type")]
    pub device_type: Option<String>,
}

/// The timeline (sorted by start) and the devices, with persons resolved.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub timeline: Vec<Planned>,
    pub devices: Vec<Device>,
}

pub fn resolve(
    calls: &[CallSpec],
    devices: &[DeviceSpec],
    persons: &[Person],
) -> Result<Resolved, ScenarioError> {
    let mut out = Resolved::default();
    // Device names are per tenant (the tenant of the device's person).
    let mut names: HashMap<(u64, String), ()> = HashMap::new();
    for d in devices {
        let person = agent(persons, &d.agent)?;
        if names
            .insert((person.tenant_id, d.name.value.to_ascii_lowercase()), ())
            .is_some()
        {
            return Err(ScenarioError::at(
                &d.name.referenced,
                format!("device `{}` is declared twice in its tenant", d.name.value),
            ));
        }
        out.devices.push(Device {
            name: d.name.value.clone(),
            person_id: person.id,
            extensions: d.extensions.clone(),
            device_type: d.device_type.clone(),
        });
    }
    let mut planned: Vec<(Planned, &CallSpec)> = Vec::new();
    for c in calls {
        let person = agent(persons, &c.agent)?;
        let start = parse_rfc3339(&c.start.value)
            .map_err(|e| ScenarioError::at(&c.start.referenced, format!("start: {e}")))?;
        let duration = match (&c.end, c.duration_ms) {
            (Some(_), Some(_)) => {
                return Err(ScenarioError::at(
                    &c.start.referenced,
                    "give either end or durationMs, not both",
                ));
            }
            (Some(end), None) => {
                let e = parse_rfc3339(&end.value)
                    .map_err(|e| ScenarioError::at(&end.referenced, format!("end: {e}")))?;
                if e < start {
                    return Err(ScenarioError::at(
                        &end.referenced,
                        "end is before the call's start",
                    ));
                }
                Some(e - start)
            }
            (None, Some(d)) if d < 0 => {
                return Err(ScenarioError::at(
                    &c.start.referenced,
                    "durationMs must not be negative",
                ));
            }
            (None, d) => d,
        };
        if c.ring_ms < 0 {
            return Err(ScenarioError::at(
                &c.start.referenced,
                "ringMs must not be negative",
            ));
        }
        let direction = match &c.direction {
            None => None,
            Some(d) => Some(match d.value.to_ascii_lowercase().as_str() {
                "inbound" | "0" => 0,
                "outbound" | "1" => 1,
                other => {
                    return Err(ScenarioError::at(
                        &d.referenced,
                        format!("direction must be inbound or outbound, not `{other}`"),
                    ));
                }
            }),
        };
        planned.push((
            Planned {
                person_id: person.id,
                start_ms: start,
                ring_ms: c.ring_ms,
                duration_ms: duration,
                ani: c.ani.clone(),
                dnis: c.dnis.clone(),
                extension: c.extension.clone().or_else(|| person.extension.clone()),
                device: c.device.clone(),
                direction,
                tagged: c.tagged,
                metadata: c.metadata.clone(),
            },
            c,
        ));
    }
    planned.sort_by_key(|(p, _)| p.start_ms);
    // An agent has one call at a time: a planned call may not start before the agent's
    // previous planned call has ended.
    let mut busy_until: HashMap<u64, Option<i64>> = HashMap::new();
    for (p, spec) in &planned {
        if let Some(until) = busy_until.get(&p.person_id)
            && until.is_none_or(|u| p.start_ms < u)
        {
            return Err(ScenarioError::at(
                &spec.start.referenced,
                format!(
                    "agent `{}` is still on an earlier planned call at this start (one call at a time)",
                    spec.agent.value
                ),
            ));
        }
        busy_until.insert(p.person_id, p.duration_ms.map(|d| p.start_ms + d));
    }
    out.timeline = planned.into_iter().map(|(p, _)| p).collect();
    Ok(out)
}

fn agent<'a>(persons: &'a [Person], name: &Spanned<String>) -> Result<&'a Person, ScenarioError> {
    crate::world::find_person(persons, &name.value).ok_or_else(|| {
        ScenarioError::at(
            &name.referenced,
            format!(
                "agent `{}` matches no person (use a person id, domain\\user or email)",
                name.value
            ),
        )
    })
}
