//! Where contacts live: one collection keyed by id, plus ordered indexes so that a search reads
//! only what it can match: (tenant, start), (agent, start), (tenant, callId, agent) and the
//! text sources' own ids. Every write of a contact and its index keys is one transaction.

use super::Contact;
use crate::scenario::Resolved;
use crate::store::{Collection, Index, SandboxStore};

pub const CONTACTS: &str = "contacts";
const BY_TIME: &str = "contacts.by_time";
const BY_AGENT: &str = "contacts.by_agent";
/// (tenant, created, id): Contact Monitoring counts what was stored in the last 15 minutes.
const BY_CREATED: &str = "contacts.by_created";
const BY_CALL: &str = "contacts.by_call";
const TEXT_IDS: &str = "contacts.text_ids";
/// Custom metadata fields defined per tenant: (tenant, name).
const FIELDS: &str = "contacts.metadata_fields";
/// Recordings announced by a real-time import and not uploaded yet: (tenant, location, id).
const PENDING: &str = "contacts.pending";
/// Every tree a contact write touches: the contacts and all their indexes.
const WRITE_SET: &[&str] = &[
    CONTACTS, BY_TIME, BY_CREATED, BY_AGENT, BY_CALL, TEXT_IDS, PENDING,
];
/// The id counter of contacts.
pub const CONTACT_IDS: &str = "contact";

/// Typed access to the contacts of one sandbox.
pub struct Contacts {
    store: SandboxStore,
    pub all: Collection<u64, Contact>,
    by_time: Index,
    by_agent: Index,
    by_created: Index,
    by_call: Index,
    text_ids: Index,
    pending: Index,
    fields: Index,
}

/// Sorts signed times as unsigned bytes.
pub(crate) fn time_key(ms: i64) -> [u8; 8] {
    ((ms as u64) ^ (1 << 63)).to_be_bytes()
}

fn time_index_key(prefix: u64, start_ms: i64, id: u64) -> Vec<u8> {
    let mut k = Vec::with_capacity(24);
    k.extend_from_slice(&prefix.to_be_bytes());
    k.extend_from_slice(&time_key(start_ms));
    k.extend_from_slice(&id.to_be_bytes());
    k
}

fn call_key(tenant_id: u64, call_id: &str, agent_id: Option<u64>) -> Vec<u8> {
    let mut k = Vec::with_capacity(call_id.len() + 17);
    k.extend_from_slice(&tenant_id.to_be_bytes());
    k.extend_from_slice(call_id.as_bytes());
    k.push(0);
    k.extend_from_slice(&agent_id.unwrap_or(0).to_be_bytes());
    k
}

fn text_key(tenant_id: u64, source_id: &str) -> Vec<u8> {
    let mut k = tenant_id.to_be_bytes().to_vec();
    k.extend_from_slice(source_id.as_bytes());
    k
}

fn id_of_key(key: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(
        key.get(key.len().checked_sub(8)?..)?.try_into().ok()?,
    ))
}

/// The index keys of a contact: (collection, key, value).
fn index_keys(c: &Contact) -> Vec<(&'static str, Vec<u8>, Vec<u8>)> {
    let mut keys = vec![(
        BY_TIME,
        time_index_key(c.tenant_id, c.start_ms, c.id),
        Vec::new(),
    )];
    keys.push((
        BY_CREATED,
        time_index_key(c.tenant_id, c.created_ms, c.id),
        Vec::new(),
    ));
    if let Some(agent) = c.agent_id {
        keys.push((
            BY_AGENT,
            time_index_key(agent, c.start_ms, c.id),
            Vec::new(),
        ));
    }
    if let Some(call_id) = c.call_id.as_deref().filter(|s| !s.is_empty()) {
        keys.push((
            BY_CALL,
            call_key(c.tenant_id, call_id, c.agent_id),
            c.id.to_be_bytes().to_vec(),
        ));
    }
    if let Some(source) = c
        .text
        .as_ref()
        .and_then(|t| t.source_id.as_deref())
        .filter(|s| !s.is_empty())
    {
        keys.push((
            TEXT_IDS,
            text_key(c.tenant_id, source),
            c.id.to_be_bytes().to_vec(),
        ));
    }
    for r in [&c.audio, &c.screen].into_iter().flatten() {
        if !r.uploaded {
            let mut k = c.tenant_id.to_be_bytes().to_vec();
            k.extend_from_slice(r.location.as_bytes());
            k.push(0);
            k.extend_from_slice(&c.id.to_be_bytes());
            keys.push((PENDING, k, Vec::new()));
        }
    }
    keys.dedup();
    keys
}

impl Contacts {
    pub fn of(store: &SandboxStore) -> Contacts {
        Contacts {
            store: store.clone(),
            all: store.collection(CONTACTS),
            by_time: store.index(BY_TIME),
            by_agent: store.index(BY_AGENT),
            by_created: store.index(BY_CREATED),
            by_call: store.index(BY_CALL),
            text_ids: store.index(TEXT_IDS),
            pending: store.index(PENDING),
            fields: store.index(FIELDS),
        }
    }

    /// Seed 000: a custom metadata field "will be created if it does not exist".
    pub fn define_field(&self, tenant_id: u64, name: &str) {
        let mut k = tenant_id.to_be_bytes().to_vec();
        k.extend_from_slice(name.as_bytes());
        self.fields.insert(&k, &[]);
    }

    /// Whether the tenant has a custom metadata field `name` (text imports need one).
    pub fn field_defined(&self, tenant_id: u64, name: &str) -> bool {
        let mut k = tenant_id.to_be_bytes().to_vec();
        k.extend_from_slice(name.as_bytes());
        self.fields.get(&k).is_some()
    }

    /// Stores a new contact, giving it the next id (its `id` is ignored), and returns it.
    /// Its metadata names become defined fields of its tenant.
    pub fn insert(&self, mut contact: Contact) -> Contact {
        for name in contact.metadata.keys() {
            self.define_field(contact.tenant_id, name);
        }
        let result = self.store.transaction(WRITE_SET, |tx| {
            let mut c = contact.clone();
            c.id = tx.next_id(CONTACT_IDS);
            tx.put(CONTACTS, &c.id, &c);
            for (tree, key, value) in index_keys(&c) {
                tx.put_raw(tree, &key, value);
            }
            Ok(c)
        });
        contact = result.expect("contact insert transaction");
        contact
    }

    pub fn get(&self, id: u64) -> Option<Contact> {
        self.all.get(&id)
    }

    /// Replaces a stored contact (same id), moving its index keys.
    pub fn update(&self, contact: &Contact) {
        for name in contact.metadata.keys() {
            self.define_field(contact.tenant_id, name);
        }
        let old = self.get(contact.id);
        let result = self.store.transaction(WRITE_SET, |tx| {
            if let Some(old) = &old {
                for (tree, key, _) in index_keys(old) {
                    tx.remove(tree, &key);
                }
            }
            tx.put(CONTACTS, &contact.id, contact);
            for (tree, key, value) in index_keys(contact) {
                tx.put_raw(tree, &key, value);
            }
            Ok(())
        });
        result.expect("contact update transaction");
    }

    /// Deletes a contact and its index keys (recording controls' `segment` with `delete=true`).
    pub fn remove(&self, id: u64) -> Option<Contact> {
        let old = self.get(id)?;
        let result = self.store.transaction(WRITE_SET, |tx| {
            for (tree, key, _) in index_keys(&old) {
                tx.remove(tree, &key);
            }
            tx.remove(CONTACTS, &id);
            Ok(())
        });
        result.expect("contact remove transaction");
        Some(old)
    }

    /// The contact of `tenant_id` with this CallId and agent (the bulk import's merge key).
    pub fn by_call_id(
        &self,
        tenant_id: u64,
        call_id: &str,
        agent_id: Option<u64>,
    ) -> Option<Contact> {
        let id = self.by_call.get(&call_key(tenant_id, call_id, agent_id))?;
        self.get(u64::from_be_bytes(id.try_into().ok()?))
    }

    /// Ids of the contacts of `tenant_id` with this CallId, any agent.
    pub fn ids_with_call_id(&self, tenant_id: u64, call_id: &str) -> Vec<u64> {
        let mut prefix = tenant_id.to_be_bytes().to_vec();
        prefix.extend_from_slice(call_id.as_bytes());
        prefix.push(0);
        self.by_call
            .prefix(&prefix)
            .filter(|(k, _)| k.len() == prefix.len() + 8)
            .filter_map(|(_, v)| Some(u64::from_be_bytes(v.try_into().ok()?)))
            .collect()
    }

    /// Ids of the contacts of `tenant_id` waiting for a recording named `location`.
    pub fn pending_with(&self, tenant_id: u64, location: &str) -> Vec<u64> {
        let mut prefix = tenant_id.to_be_bytes().to_vec();
        prefix.extend_from_slice(location.as_bytes());
        prefix.push(0);
        self.pending
            .prefix(&prefix)
            .filter(|(k, _)| k.len() == prefix.len() + 8)
            .filter_map(|(k, _)| id_of_key(&k))
            .collect()
    }

    /// The text contact of `tenant_id` imported with this source id, if any.
    pub fn by_text_source(&self, tenant_id: u64, source_id: &str) -> Option<u64> {
        let id = self.text_ids.get(&text_key(tenant_id, source_id))?;
        Some(u64::from_be_bytes(id.try_into().ok()?))
    }

    /// Ids of the contacts of `tenant_id` starting in `[from_ms, to_ms)`, oldest first.
    pub fn ids_in_tenant(
        &self,
        tenant_id: u64,
        from_ms: i64,
        to_ms: i64,
    ) -> impl DoubleEndedIterator<Item = u64> + use<> {
        self.by_time
            .range(
                time_index_key(tenant_id, from_ms, 0),
                time_index_key(tenant_id, to_ms, 0),
            )
            .filter_map(|k| id_of_key(&k))
    }

    /// Ids of the contacts of `tenant_id` stored in `[from_ms, to_ms)` (virtual clock).
    pub fn ids_created(
        &self,
        tenant_id: u64,
        from_ms: i64,
        to_ms: i64,
    ) -> impl DoubleEndedIterator<Item = u64> + use<> {
        self.by_created
            .range(
                time_index_key(tenant_id, from_ms, 0),
                time_index_key(tenant_id, to_ms, 0),
            )
            .filter_map(|k| id_of_key(&k))
    }

    /// Ids of the contacts of agent `agent_id` starting in `[from_ms, to_ms)`, oldest first.
    pub fn ids_of_agent(
        &self,
        agent_id: u64,
        from_ms: i64,
        to_ms: i64,
    ) -> impl DoubleEndedIterator<Item = u64> + use<> {
        self.by_agent
            .range(
                time_index_key(agent_id, from_ms, 0),
                time_index_key(agent_id, to_ms, 0),
            )
            .filter_map(|k| id_of_key(&k))
    }

    pub fn len(&self) -> usize {
        self.all.len()
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }
}

/// Writes a scenario's contacts into a freshly seeded sandbox (after the org).
pub fn seed(store: &SandboxStore, world: &Resolved) -> Result<(), String> {
    let contacts = Contacts::of(store);
    for c in &world.contacts {
        contacts.insert(c.clone());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn insert_assigns_ids_and_indexes_by_time_agent_and_call_id() {
        let store = Store::open(None).unwrap().sandbox("t");
        let contacts = Contacts::of(&store);
        let mut a = Contact::new(1, 1_000);
        a.agent_id = Some(5);
        a.call_id = Some("c1".into());
        let a = contacts.insert(a);
        let b = contacts.insert(Contact::new(1, -5));
        assert_eq!((a.id, b.id), (1, 2));
        assert_eq!(contacts.get(1), Some(a.clone()));
        let ids: Vec<u64> = contacts.ids_in_tenant(1, i64::MIN, i64::MAX).collect();
        assert_eq!(ids, vec![2, 1], "oldest first, negative times sort first");
        assert_eq!(
            contacts.ids_of_agent(5, 0, 1_001).collect::<Vec<_>>(),
            vec![1]
        );
        assert_eq!(
            contacts.ids_of_agent(5, 0, 1_000).count(),
            0,
            "end is exclusive"
        );
        assert_eq!(contacts.by_call_id(1, "c1", Some(5)).map(|c| c.id), Some(1));
        assert_eq!(contacts.ids_with_call_id(1, "c1"), vec![1]);
        assert!(contacts.ids_with_call_id(1, "c").is_empty());

        let mut moved = a.clone();
        moved.start_ms = 50;
        moved.call_id = Some("c2".into());
        contacts.update(&moved);
        assert_eq!(
            contacts.ids_of_agent(5, 0, 100).collect::<Vec<_>>(),
            vec![1]
        );
        assert!(contacts.by_call_id(1, "c1", Some(5)).is_none());
        assert_eq!(contacts.ids_in_tenant(1, i64::MIN, i64::MAX).count(), 2);
    }

    #[test]
    fn scenario_contacts_are_seeded_with_their_agent_resolved() {
        let yaml = r#"
tenants:
  - name: T
    groups: [{id: 2, name: G}]
    teams: [{id: 3, name: Team, group: 2}]
    roles: [{id: 7, name: QA, permissions: [EvaluateContacts]}]
    persons:
      - {id: 5, firstName: A, lastName: B, email: a@x.com, team: 3, adLogin: 'X\a'}
      - {id: 6, firstName: E, lastName: V, email: e@x.com, team: 3, roles: [QA]}
evalForms: [{id: 1, name: F}]
contacts:
  - agent: 'x\A'
    start: "2026-01-05T08:00:00Z"
    ani: "1581"
    audio: wav
    evaluation: {form: F, evaluator: e@x.com, score: 80}
  - agent: a@x.com
    count: 3
    callId: gen
    evaluation: {form: 1, evaluator: '6', state: inProgress}
"#;
        let loaded = crate::scenario::load("t", yaml, None).unwrap();
        let store = Store::open(None).unwrap().sandbox("t");
        crate::world::seed(&store, &loaded.world).unwrap();
        seed(&store, &loaded.world).unwrap();
        let contacts = Contacts::of(&store);
        assert_eq!(contacts.len(), 4);
        let first = contacts.get(1).unwrap();
        assert_eq!(
            (first.agent_id, first.team_id, first.group_id),
            (Some(5), Some(3), Some(2))
        );
        assert!(first.qm.scored && first.has_audio());
        assert_eq!(first.evaluated_ms, Some(first.start_ms + first.duration_ms));
        let last = contacts.get(4).unwrap();
        assert_eq!(last.call_id.as_deref(), Some("gen-3"));
        assert!(last.qm.in_progress && !last.qm.scored);
        assert_eq!(
            last.evaluation.map(|e| e.id),
            Some(4),
            "one id per evaluation"
        );
        let bad = crate::scenario::load("t", &yaml.replace("'x\\A'", "nobody@x.com"), None);
        assert!(bad.unwrap_err().message.contains("matches no person"));
    }
}
