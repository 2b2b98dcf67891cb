//! The dialer's state, testable without HTTP: lists, contacts, custom fields, campaigns, their
//! agent and list associations, uploaded CSV files. Agents are the scenario's persons (same id).

use super::validate::{self, Invalid, Record, invalid};
use crate::sandbox::Sandbox;
use crate::store::Collection;
use crate::world::{Org, Person};
use chrono::{DateTime, SecondsFormat};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const LISTS: &str = "dialer_lists";
pub const CONTACTS: &str = "dialer_contacts";
pub const QUEUES: &str = "dialer_queues";
pub const FIELDS: &str = "dialer_fields";
/// list id → agent ids.
pub const LIST_USERS: &str = "dialer_list_users";
/// queue id → list ids.
pub const QUEUE_LISTS: &str = "dialer_queue_lists";
/// queue id → (agent id, penalty).
pub const QUEUE_USERS: &str = "dialer_queue_users";
pub const FILES: &str = "dialer_files";
const STATE: &str = "dialer_state";

/// Which record collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Lists,
    Contacts,
    Queues,
}

impl Kind {
    pub fn collection(self) -> &'static str {
        match self {
            Kind::Lists => LISTS,
            Kind::Contacts => CONTACTS,
            Kind::Queues => QUEUES,
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            Kind::Lists => "List",
            Kind::Contacts => "Contact",
            Kind::Queues => "Queue",
        }
    }
}

/// An uploaded CSV (step 1 of seed 004's import).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredFile {
    pub name: String,
    pub text: String,
    pub created_ms: i64,
}

/// XCALLY's timestamps: `2017-07-13T15:42:06Z`.
pub fn timestamp(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub struct Dialer<'a> {
    pub sandbox: &'a Sandbox,
}

impl<'a> Dialer<'a> {
    /// The dialer of a sandbox, seeded from the scenario's `dialer:` section on first use.
    pub fn open(sandbox: &'a Sandbox, now_ms: i64) -> Dialer<'a> {
        let d = Dialer { sandbox };
        d.seed(now_ms);
        d
    }

    fn seed(&self, now_ms: i64) {
        let state: Collection<String, bool> = self.sandbox.store.collection(STATE);
        if state.get(&"seeded".to_string()).is_some() {
            return;
        }
        let scenario = self.sandbox.scenario();
        let spec = &scenario.scenario.dialer;
        // Scenario records exist from the scenario's start, whenever first read.
        let now_ms = self
            .sandbox
            .scenario()
            .world
            .clock
            .map_or(now_ms, |c| c.now_ms);
        let at = Value::from(timestamp(now_ms));
        let _ = self
            .sandbox
            .store
            .transaction(&[LISTS, FIELDS, QUEUES, LIST_USERS, STATE], |tx| {
                if tx
                    .get::<String, bool>(STATE, &"seeded".to_string())
                    .is_some()
                {
                    return Ok(());
                }
                let max =
                    |ids: &mut dyn Iterator<Item = Option<u64>>| ids.flatten().max().unwrap_or(0);
                tx.reserve_ids(LISTS, max(&mut spec.lists.iter().map(|l| l.id)));
                tx.reserve_ids(
                    FIELDS,
                    max(&mut spec
                        .lists
                        .iter()
                        .flat_map(|l| l.custom_fields.iter().map(|f| f.id))),
                );
                tx.reserve_ids(
                    QUEUES,
                    max(&mut spec
                        .campaigns
                        .iter()
                        .map(|c| c.get("id").and_then(Value::as_u64))),
                );
                for l in &spec.lists {
                    let id = l.id.unwrap_or_else(|| tx.next_id(LISTS));
                    let mut r = Record::new();
                    r.insert("id".into(), id.into());
                    r.insert("name".into(), l.name.clone().into());
                    r.insert(
                        "description".into(),
                        l.description.clone().map_or(Value::Null, Value::from),
                    );
                    r.insert("createdAt".into(), at.clone());
                    r.insert("updatedAt".into(), at.clone());
                    tx.put(LISTS, &id, &r);
                    for f in &l.custom_fields {
                        let fid = f.id.unwrap_or_else(|| tx.next_id(FIELDS));
                        tx.put(
                            FIELDS,
                            &fid,
                            &field_record(fid, &f.name, f.description.as_deref(), id, &at),
                        );
                    }
                    if !l.agents.is_empty() {
                        tx.put(LIST_USERS, &id, &l.agents);
                    }
                }
                for c in &spec.campaigns {
                    let id = c
                        .get("id")
                        .and_then(Value::as_u64)
                        .unwrap_or_else(|| tx.next_id(QUEUES));
                    let mut r = c.clone();
                    r.insert("id".into(), id.into());
                    r.insert("createdAt".into(), at.clone());
                    r.insert("updatedAt".into(), at.clone());
                    tx.put(QUEUES, &id, &r);
                }
                tx.put(STATE, &"seeded".to_string(), &true);
                Ok(())
            });
    }

    pub fn records(&self, kind: Kind) -> Collection<u64, Record> {
        self.sandbox.store.collection(kind.collection())
    }

    pub fn fields(&self) -> Collection<u64, Record> {
        self.sandbox.store.collection(FIELDS)
    }

    pub fn files(&self) -> Collection<String, StoredFile> {
        self.sandbox.store.collection(FILES)
    }

    pub fn get(&self, kind: Kind, id: u64) -> Option<Record> {
        self.records(kind).get(&id)
    }

    /// The agents: every person, as a Motion user.
    pub fn agents(&self) -> Vec<Record> {
        Org::of(&self.sandbox.store)
            .persons
            .values()
            .iter()
            .map(agent_record)
            .collect()
    }

    pub fn agent(&self, id: u64) -> Option<Record> {
        Org::of(&self.sandbox.store)
            .persons
            .get(&id)
            .map(|p| agent_record(&p))
    }

    /// The ids among `ids` that name no agent.
    pub fn unknown_agents(&self, ids: &[u64]) -> Vec<u64> {
        let persons = Org::of(&self.sandbox.store).persons;
        ids.iter()
            .copied()
            .filter(|id| persons.get(id).is_none())
            .collect()
    }

    pub fn unknown(&self, kind: Kind, ids: &[u64]) -> Vec<u64> {
        let records = self.records(kind);
        ids.iter()
            .copied()
            .filter(|id| records.get(id).is_none())
            .collect()
    }

    /// A list's custom fields, in id order.
    pub fn list_fields(&self, list_id: u64) -> Vec<Record> {
        self.fields()
            .values()
            .into_iter()
            .filter(|f| f.get("ListId").and_then(Value::as_u64) == Some(list_id))
            .collect()
    }

    /// Stores a new record with an id and timestamps.
    pub fn insert(&self, kind: Kind, mut record: Record, now_ms: i64) -> Record {
        let id = self.sandbox.store.next_id(kind.collection());
        let at = Value::from(timestamp(now_ms));
        let mut out = Record::new();
        out.insert("id".into(), id.into());
        out.append(&mut record);
        out.insert("createdAt".into(), at.clone());
        out.insert("updatedAt".into(), at);
        self.records(kind).put(&id, &out);
        out
    }

    /// Merges `changes` into the record.
    pub fn update(&self, kind: Kind, id: u64, changes: Record, now_ms: i64) -> Option<Record> {
        let mut r = self.get(kind, id)?;
        for (k, v) in changes {
            r.insert(k, v);
        }
        r.insert("updatedAt".into(), timestamp(now_ms).into());
        self.records(kind).put(&id, &r);
        Some(r)
    }

    /// Removes a record and what hangs off it (a list's contacts, fields and associations).
    pub fn delete(&self, kind: Kind, id: u64) -> bool {
        if self.records(kind).remove(&id).is_none() {
            return false;
        }
        let assoc = |name: &str| self.sandbox.store.collection::<u64, Value>(name);
        match kind {
            Kind::Lists => {
                for c in self.records(Kind::Contacts).values() {
                    if c.get("ListId").and_then(Value::as_u64) == Some(id)
                        && let Some(cid) = c.get("id").and_then(Value::as_u64)
                    {
                        self.records(Kind::Contacts).remove_key(&cid);
                    }
                }
                for f in self.list_fields(id) {
                    if let Some(fid) = f.get("id").and_then(Value::as_u64) {
                        self.fields().remove_key(&fid);
                    }
                }
                assoc(LIST_USERS).remove_key(&id);
                let links: Collection<u64, Vec<u64>> = self.sandbox.store.collection(QUEUE_LISTS);
                for (q, mut lists) in links.entries() {
                    lists.retain(|l| *l != id);
                    links.put(&q, &lists);
                }
            }
            Kind::Queues => {
                assoc(QUEUE_LISTS).remove_key(&id);
                assoc(QUEUE_USERS).remove_key(&id);
            }
            Kind::Contacts => {}
        }
        true
    }

    /// Checks a contact body against its list: `ListId` must name a list, `cf_N` one of the
    /// list's custom fields. Returns the record to store.
    pub fn contact(&self, body: &Record, list_from_path: Option<u64>) -> Result<Record, Invalid> {
        let list_id = match (validate::integer(body, "ListId")?, list_from_path) {
            (Some(id), Some(path)) if id != path as i64 => {
                return Err(invalid(
                    "ListId",
                    format!("ListId {id} differs from the list {path} of the path"),
                ));
            }
            (Some(id), _) => id,
            (None, Some(path)) => path as i64,
            (None, None) => return Err(invalid("ListId", "ListId is required")),
        };
        if list_id < 1 || self.get(Kind::Lists, list_id as u64).is_none() {
            return Err(invalid("ListId", format!("List {list_id} does not exist")));
        }
        let mut out = validate::contact_attributes(body)?;
        if !out
            .values()
            .any(|v| v.as_str().is_some_and(|s| !s.trim().is_empty()))
        {
            return Err(invalid(
                "firstName",
                "A contact needs at least one non-empty field (firstName, lastName, phone, ...)",
            ));
        }
        let fields = self.list_fields(list_id as u64);
        for (key, value) in body {
            if !key.starts_with("cf_") {
                continue;
            }
            let known = validate::custom_field_id(key).is_some_and(|id| {
                fields
                    .iter()
                    .any(|f| f.get("id").and_then(Value::as_u64) == Some(id))
            });
            if !known {
                return Err(invalid(
                    key,
                    format!("{key} is not a custom field of list {list_id}"),
                ));
            }
            let v = validate::text(body, key)?;
            out.insert(key.clone(), v.map_or(Value::Null, Value::from));
            let _ = value;
        }
        out.insert("ListId".into(), list_id.into());
        Ok(out)
    }

    pub fn assoc_ids(&self, name: &str, owner: u64) -> Vec<u64> {
        self.sandbox
            .store
            .collection::<u64, Vec<u64>>(name)
            .get(&owner)
            .unwrap_or_default()
    }

    pub fn set_assoc_ids(&self, name: &str, owner: u64, ids: &[u64]) {
        self.sandbox
            .store
            .collection::<u64, Vec<u64>>(name)
            .put(&owner, &ids.to_vec())
    }

    pub fn queue_users(&self, queue: u64) -> Vec<(u64, i64)> {
        self.sandbox
            .store
            .collection::<u64, Vec<(u64, i64)>>(QUEUE_USERS)
            .get(&queue)
            .unwrap_or_default()
    }

    pub fn set_queue_users(&self, queue: u64, users: &[(u64, i64)]) {
        self.sandbox
            .store
            .collection::<u64, Vec<(u64, i64)>>(QUEUE_USERS)
            .put(&queue, &users.to_vec())
    }

    /// Creates a custom field of a list.
    pub fn insert_field(
        &self,
        name: &str,
        description: Option<&str>,
        list: u64,
        now_ms: i64,
    ) -> Record {
        let id = self.sandbox.store.next_id(FIELDS);
        let r = field_record(id, name, description, list, &timestamp(now_ms).into());
        self.fields().put(&id, &r);
        r
    }
}

fn field_record(id: u64, name: &str, description: Option<&str>, list: u64, at: &Value) -> Record {
    let mut r = Record::new();
    r.insert("id".into(), id.into());
    r.insert("name".into(), name.into());
    r.insert(
        "description".into(),
        description.map_or(Value::Null, Value::from),
    );
    r.insert("type".into(), "text".into());
    r.insert("ListId".into(), list.into());
    r.insert("createdAt".into(), at.clone());
    r.insert("updatedAt".into(), at.clone());
    r
}

/// A person as a Motion user (agent).
fn agent_record(p: &Person) -> Record {
    let mut r = Record::new();
    let name = p
        .system_username
        .clone()
        .unwrap_or_else(|| p.email.split('@').next().unwrap_or("").to_string());
    r.insert("id".into(), p.id.into());
    r.insert("name".into(), name.into());
    r.insert(
        "fullname".into(),
        format!("{} {}", p.first_name, p.last_name).into(),
    );
    r.insert("email".into(), p.email.clone().into());
    r.insert("role".into(), "agent".into());
    r.insert(
        "internal".into(),
        p.acd_id.clone().map_or(Value::Null, Value::from),
    );
    r.insert(
        "phone".into(),
        p.phone.clone().map_or(Value::Null, Value::from),
    );
    r.insert("disabled".into(), p.deactivated.into());
    r
}
