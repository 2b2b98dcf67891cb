//! The planned effect of one file: the entities it inserts or changes, each with its profile,
//! written in one transaction (seed 001: the import "only inserts and updates ... never
//! deletes"). New entities carry temporary ids until the transaction numbers them.

use super::read::RowError;
use crate::world::edit::Editor;
use crate::world::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Temporary ids of planned new entities start here (far above any counter value).
pub const TEMP: u64 = u64::MAX / 2;

/// What happened to each row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowResult {
    pub line: u64,
    pub id: u64,
    pub name: String,
    pub result: &'static str,
}

/// The success answer: counts and one result per row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rows: Vec<RowResult>,
}

/// Entities of one kind, as stored and as planned.
pub struct Working<T> {
    pub items: BTreeMap<u64, (T, Profile)>,
    original: BTreeMap<u64, (T, Profile)>,
    next_temp: u64,
}

/// A stored entity of the org (the part of it the import writes).
pub trait Entity: Clone + PartialEq + Serialize {
    const COLLECTION: &'static str;
    fn id(&self) -> u64;
    fn set_id(&mut self, id: u64);
}

impl Entity for Group {
    const COLLECTION: &'static str = GROUPS;
    fn id(&self) -> u64 {
        self.id
    }
    fn set_id(&mut self, id: u64) {
        self.id = id;
    }
}
impl Entity for Team {
    const COLLECTION: &'static str = TEAMS;
    fn id(&self) -> u64 {
        self.id
    }
    fn set_id(&mut self, id: u64) {
        self.id = id;
    }
}
impl Entity for Person {
    const COLLECTION: &'static str = PERSONS;
    fn id(&self) -> u64 {
        self.id
    }
    fn set_id(&mut self, id: u64) {
        self.id = id;
    }
}

/// A profile as its values read, so that a missing record and a record holding the defaults
/// compare equal (an export of either re-imports as "unchanged").
pub fn effective(p: &Profile) -> Profile {
    let mut p = p.clone();
    if p.activated.is_none() {
        p.activated = Some(FALLBACK_ACTIVATED.to_string());
    }
    if p.deactivated.as_deref() == Some(dates::NEVER) {
        p.deactivated = None;
    }
    p
}

/// The activation date shown for an entity made outside the org APIs.
pub const FALLBACK_ACTIVATED: &str = "01/01/1970";

impl<T: Entity> Working<T> {
    pub fn new(editor: &Editor, items: Vec<T>) -> Self {
        let items: BTreeMap<u64, (T, Profile)> = items
            .into_iter()
            .map(|e| {
                let p = effective(&editor.profile(e.id()));
                (e.id(), (e, p))
            })
            .collect();
        Working {
            original: items.clone(),
            items,
            next_temp: TEMP,
        }
    }

    pub fn is_new(id: u64) -> bool {
        id >= TEMP
    }

    /// Adds a planned new entity; returns its temporary id.
    pub fn insert(&mut self, mut entity: T, profile: Profile) -> u64 {
        let id = self.next_temp;
        self.next_temp += 1;
        entity.set_id(id);
        self.items.insert(id, (entity, effective(&profile)));
        id
    }

    /// Replaces an entity; answers whether it changed.
    pub fn replace(&mut self, entity: T, profile: Profile) -> bool {
        let profile = effective(&profile);
        let id = entity.id();
        let changed = self.items.get(&id) != Some(&(entity.clone(), profile.clone()));
        self.items.insert(id, (entity, profile));
        changed
    }

    /// Entities to write: the new ones (in creation order) and the changed ones.
    pub fn changes(&self) -> Vec<(T, Profile)> {
        self.items
            .iter()
            .filter(|(id, item)| Self::is_new(**id) || self.original.get(id) != Some(*item))
            .map(|(_, item)| item.clone())
            .collect()
    }
}

/// A planned file: its entity writes and per-row results.
pub struct Planned<T> {
    pub changes: Vec<(T, Profile)>,
    pub rows: Vec<RowResult>,
}

/// Counts of what a row did, helping plans build their results.
pub fn result(line: u64, id: u64, name: &str, inserted: bool, changed: bool) -> RowResult {
    RowResult {
        line,
        id,
        name: name.to_string(),
        result: if inserted {
            "inserted"
        } else if changed {
            "updated"
        } else {
            "unchanged"
        },
    }
}

impl<T: Entity> Planned<T> {
    /// Writes the plan in one transaction; temporary ids become counter ids in creation order.
    pub fn apply(self, editor: &Editor) -> Result<Outcome, Vec<RowError>> {
        let Planned { changes, mut rows } = self;
        let assigned = editor
            .store
            .transaction(&[T::COLLECTION, PROFILES], |tx| {
                let mut assigned: BTreeMap<u64, u64> = BTreeMap::new();
                for (entity, profile) in &changes {
                    let mut entity = entity.clone();
                    if Working::<T>::is_new(entity.id()) {
                        let id = tx.next_id(ORG_IDS);
                        assigned.insert(entity.id(), id);
                        entity.set_id(id);
                    }
                    tx.put(T::COLLECTION, &entity.id(), &entity);
                    tx.put(PROFILES, &entity.id(), profile);
                }
                Ok(assigned)
            })
            .map_err(|e| {
                vec![RowError::new(
                    0,
                    "(file)",
                    format!("the org could not be written: {e}"),
                )]
            })?;
        for r in &mut rows {
            if let Some(id) = assigned.get(&r.id) {
                r.id = *id;
            }
        }
        let count = |what: &str| rows.iter().filter(|r| r.result == what).count();
        Ok(Outcome {
            inserted: count("inserted"),
            updated: count("updated"),
            unchanged: count("unchanged"),
            rows,
        })
    }
}
