//! Writes a validated scenario's organisation into a sandbox store, in one transaction.

use super::*;
use crate::scenario::Resolved;
use crate::store::SandboxStore;

/// Replaces nothing: call on an empty sandbox store. Ids come from the resolved scenario. Every
/// group, team and person is activated on the scenario's start date (seed 001: "Default =
/// current date"); a deactivated person was deactivated that day.
pub fn seed(store: &SandboxStore, world: &Resolved) -> Result<(), String> {
    let today = dates::of_ms(world.clock.map(|c| c.now_ms).unwrap_or(0));
    let activated = Profile::activated_on(today.clone());
    store.transaction(ALL, |tx| {
        for t in &world.tenants {
            tx.put(TENANTS, &t.id, t);
            tx.put(PROFILES, &t.id, &activated);
        }
        for g in &world.groups {
            tx.put(GROUPS, &g.id, g);
            tx.put(PROFILES, &g.id, &activated);
        }
        for t in &world.teams {
            tx.put(TEAMS, &t.id, t);
            tx.put(PROFILES, &t.id, &activated);
        }
        for r in &world.roles {
            tx.put(ROLES, &r.id, r);
        }
        for p in &world.persons {
            tx.put(PERSONS, &p.id, p);
            let mut profile = activated.clone();
            if p.deactivated {
                profile.deactivated = Some(today.clone());
            }
            tx.put(PROFILES, &p.id, &profile);
        }
        tx.reserve_ids(ORG_IDS, world.max_id);
        Ok(())
    })
}
