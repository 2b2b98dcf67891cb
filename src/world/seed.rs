//! Writes a validated scenario's organisation into a sandbox store, in one transaction.

use super::*;
use crate::scenario::Resolved;
use crate::store::SandboxStore;

/// Replaces nothing: call on an empty sandbox store. Ids come from the resolved scenario.
pub fn seed(store: &SandboxStore, world: &Resolved) -> Result<(), String> {
    store.transaction(&[TENANTS, GROUPS, TEAMS, ROLES, PERSONS], |tx| {
        for t in &world.tenants {
            tx.put(TENANTS, &t.id, t);
        }
        for g in &world.groups {
            tx.put(GROUPS, &g.id, g);
        }
        for t in &world.teams {
            tx.put(TEAMS, &t.id, t);
        }
        for r in &world.roles {
            tx.put(ROLES, &r.id, r);
        }
        for p in &world.persons {
            tx.put(PERSONS, &p.id, p);
        }
        tx.reserve_ids(ORG_IDS, world.max_id);
        Ok(())
    })
}
