//! Rows of a report built from the sandbox's data (`source:` of a scenario report).

use super::Table;
use crate::contacts::Contacts;
use crate::scenario::reports::{ReportSource, ReportSpec};
use crate::store::SandboxStore;
use crate::world::Org;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The report's table for a caller of `tenant_id`: its declared rows, or its source's.
/// Declared rows shorter than the header are padded with empty cells.
pub fn table(store: &SandboxStore, spec: &ReportSpec, tenant_id: u64) -> Table {
    match spec.source {
        None => {
            let width = spec.columns.len();
            let rows = spec
                .rows
                .iter()
                .map(|r| {
                    let mut r = r.clone();
                    r.resize(width, Value::Null);
                    r
                })
                .collect();
            Table {
                columns: spec.columns.clone(),
                rows,
            }
        }
        Some(ReportSource::ContactsByTeam) => by_team(store, tenant_id),
        Some(ReportSource::Contacts) => contacts(store, tenant_id),
    }
}

/// One row per team of the tenant (id order): `Team`, `Team Name`, `Contacts`.
fn by_team(store: &SandboxStore, tenant_id: u64) -> Table {
    let contacts = Contacts::of(store);
    let mut counts: BTreeMap<u64, u64> = BTreeMap::new();
    for id in contacts.ids_in_tenant(tenant_id, 0, i64::MAX) {
        if let Some(team) = contacts.get(id).and_then(|c| c.team_id) {
            *counts.entry(team).or_default() += 1;
        }
    }
    let rows = Org::of(store)
        .teams
        .values()
        .into_iter()
        .filter(|t| t.tenant_id == tenant_id)
        .map(|t| {
            vec![
                json!(t.id),
                json!(t.name),
                json!(counts.get(&t.id).copied().unwrap_or(0)),
            ]
        })
        .collect();
    Table {
        columns: vec!["Team".into(), "Team Name".into(), "Contacts".into()],
        rows,
    }
}

/// One row per contact of the tenant, oldest first.
fn contacts(store: &SandboxStore, tenant_id: u64) -> Table {
    let contacts = Contacts::of(store);
    let rows = contacts
        .ids_in_tenant(tenant_id, 0, i64::MAX)
        .filter_map(|id| contacts.get(id))
        .map(|c| {
            vec![
                json!(c.id),
                c.team_id.map_or(Value::Null, |t| json!(t)),
                c.agent_id.map_or(Value::Null, |a| json!(a)),
                json!(c.start_ms),
            ]
        })
        .collect();
    Table {
        columns: vec![
            "Contact Id".into(),
            "Team".into(),
            "Agent".into(),
            "Contact Start Time".into(),
        ],
        rows,
    }
}
