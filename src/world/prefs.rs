//! Import preferences (seed 001 "Import Preference APIs"): named CSV mappings per import type,
//! kept per tenant in the `importpreferences` collection with ids from their own counter.

use crate::store::{Collection, SandboxStore};
use serde::{Deserialize, Serialize};

pub const COLLECTION: &str = "importpreferences";
pub const IDS: &str = "importpreference";
/// The types a preference may have, in the order `GET /api/rest/importpreference` groups them.
/// `users` (the Import API's name for persons) is stored as `persons`.
pub const TYPES: &[&str] = &["persons", "groups", "teams", "devices"];

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FieldMapping {
    pub field: String,
    pub column: String,
    pub data_type: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Preference {
    pub id: u64,
    pub tenant_id: u64,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub mappings: Vec<FieldMapping>,
}

/// The stored type of a client's `type`, or `None` when it is not an import type.
pub fn normalise_type(kind: &str) -> Option<&'static str> {
    match kind {
        "users" => Some("persons"),
        other => TYPES.iter().find(|t| **t == other).copied(),
    }
}

pub struct Prefs<'a> {
    store: &'a SandboxStore,
    all: Collection<u64, Preference>,
    tenant_id: u64,
}

impl<'a> Prefs<'a> {
    pub fn of(store: &'a SandboxStore, tenant_id: u64) -> Self {
        Prefs {
            store,
            all: store.collection(COLLECTION),
            tenant_id,
        }
    }

    pub fn list(&self) -> Vec<Preference> {
        self.all
            .values()
            .into_iter()
            .filter(|p| p.tenant_id == self.tenant_id)
            .collect()
    }

    pub fn get(&self, id: u64) -> Option<Preference> {
        self.all.get(&id).filter(|p| p.tenant_id == self.tenant_id)
    }

    pub fn create(&self, name: String, kind: String, mappings: Vec<FieldMapping>) -> Preference {
        let p = Preference {
            id: self.store.next_id(IDS),
            tenant_id: self.tenant_id,
            name,
            kind,
            mappings,
        };
        self.all.put(&p.id, &p);
        p
    }

    pub fn replace(&self, p: &Preference) {
        self.all.put(&p.id, p);
    }

    pub fn delete(&self, id: u64) -> Option<Preference> {
        let p = self.get(id)?;
        self.all.remove_key(&id);
        Some(p)
    }
}
