//! Login sessions of a sandbox. Live sessions are held in memory for speed and written to the
//! store, so a restart with `--data` keeps them; ended ones stay in the store only, so their ids
//! can still be redacted to the same placeholder in transcripts.

use crate::store::{Collection, SandboxStore};
use parking_lot::RwLock;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Seed 001 "Getting Started": "Your session times out after two hours of inactivity."
pub const WEBEX_IDLE_TIMEOUT_MS: i64 = 2 * 60 * 60 * 1000;

/// Every this many logins, idle sessions are swept from memory.
const SWEEP_EVERY: u64 = 1024;

/// How stale the stored activity time of a live session may get (virtual milliseconds).
const PERSIST_ACTIVITY_EVERY_MS: i64 = 60 * 1000;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionRecord {
    pub id: String,
    /// 1 for the sandbox's first session: its transcript placeholder is `<session-1>`.
    pub ordinal: u64,
    pub person_id: u64,
    pub tenant_id: u64,
    pub user_id: String,
    pub language: String,
    pub permissions: Vec<String>,
    pub created_ms: i64,
    pub last_seen_ms: i64,
    pub ended: bool,
    /// What `GET /api/rest/authorize` answers for the session: its user as at login (JSON).
    #[serde(default)]
    pub user_json: String,
}

/// A live session. `last_seen_ms` moves on every request that presents it.
#[derive(Debug)]
pub struct Session {
    pub record: SessionRecord,
    last_seen_ms: AtomicI64,
    /// The `last_seen_ms` the store holds.
    stored_last_seen_ms: AtomicI64,
}

impl Session {
    pub fn last_seen_ms(&self) -> i64 {
        self.last_seen_ms.load(Ordering::Relaxed)
    }

    /// `<session-N>`: what the session id becomes in transcripts.
    pub fn placeholder(&self) -> String {
        placeholder(self.record.ordinal)
    }
}

pub fn placeholder(ordinal: u64) -> String {
    format!("<session-{ordinal}>")
}

/// What a presented session id turned out to be.
pub enum Lookup {
    Live(Arc<Session>),
    /// Idle longer than the timeout (virtual clock): now ended.
    Expired,
    /// Ended by logout, or never issued here.
    Unknown,
}

pub struct Sessions {
    live: RwLock<HashMap<String, Arc<Session>>>,
    stored: Collection<String, SessionRecord>,
    store: SandboxStore,
}

impl Sessions {
    /// The sessions of a sandbox, live ones reloaded from the store.
    pub fn open(store: &SandboxStore) -> Sessions {
        let stored: Collection<String, SessionRecord> = store.collection("sessions");
        let live = stored
            .values()
            .into_iter()
            .filter(|r| !r.ended)
            .map(|r| (r.id.clone(), Arc::new(live(r))))
            .collect();
        Sessions {
            live: RwLock::new(live),
            stored,
            store: store.clone(),
        }
    }

    /// Opens a session; `make_id` turns the session's ordinal into its id, `make_user` its id
    /// into the user JSON the session answers with.
    pub fn create(
        &self,
        make_id: impl Fn(u64) -> String,
        make_user: impl Fn(&str) -> String,
        mut record: SessionRecord,
    ) -> Arc<Session> {
        record.ordinal = self.store.next_id("sessions");
        record.id = make_id(record.ordinal);
        record.user_json = make_user(&record.id);
        if record.ordinal.is_multiple_of(SWEEP_EVERY) {
            self.sweep(record.created_ms);
        }
        self.stored.put(&record.id, &record);
        let session = Arc::new(live(record));
        self.live
            .write()
            .insert(session.record.id.clone(), session.clone());
        session
    }

    /// Finds a live session and marks it used at `now_ms`; one idle for longer than
    /// `idle_timeout_ms` is ended and reported as expired.
    pub fn touch(&self, id: &str, now_ms: i64, idle_timeout_ms: i64) -> Lookup {
        self.touch_with(id, now_ms, |_| idle_timeout_ms)
    }

    /// [`Sessions::touch`] with an idle timeout chosen per session ordinal (`serve --vary`).
    pub fn touch_with(
        &self,
        id: &str,
        now_ms: i64,
        idle_timeout: impl FnOnce(u64) -> i64,
    ) -> Lookup {
        let found = self.live.read().get(id).cloned();
        let Some(session) = found else {
            return Lookup::Unknown;
        };
        let idle_timeout_ms = idle_timeout(session.record.ordinal);
        if now_ms - session.last_seen_ms() > idle_timeout_ms {
            self.end(id, session.last_seen_ms());
            return Lookup::Expired;
        }
        session.last_seen_ms.fetch_max(now_ms, Ordering::Relaxed);
        // Activity reaches the store at most once a virtual minute, so a restart with `--data`
        // measures idleness from (nearly) the last request without a write per request.
        let stored = session.stored_last_seen_ms.load(Ordering::Relaxed);
        if now_ms - stored >= PERSIST_ACTIVITY_EVERY_MS
            && session
                .stored_last_seen_ms
                .compare_exchange(stored, now_ms, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            let mut record = session.record.clone();
            record.last_seen_ms = now_ms;
            self.stored.put(&record.id, &record);
        }
        Lookup::Live(session)
    }

    /// Ends every session idle for longer than the Webex timeout, so clients that log in per
    /// request do not pile sessions up in memory while the clock runs.
    fn sweep(&self, now_ms: i64) {
        let idle: Vec<(String, i64)> = self
            .live
            .read()
            .values()
            .filter(|s| now_ms - s.last_seen_ms() > WEBEX_IDLE_TIMEOUT_MS)
            .map(|s| (s.record.id.clone(), s.last_seen_ms()))
            .collect();
        for (id, last_seen) in idle {
            self.end(&id, last_seen);
        }
    }

    /// Ends a session (logout or expiry); true when it was live.
    pub fn end(&self, id: &str, now_ms: i64) -> bool {
        let Some(session) = self.live.write().remove(id) else {
            return false;
        };
        let mut record = session.record.clone();
        record.ended = true;
        record.last_seen_ms = now_ms.max(session.last_seen_ms());
        self.stored.put(&record.id, &record);
        true
    }

    /// The transcript placeholder of a session id issued here, live or ended.
    pub fn placeholder_of(&self, id: &str) -> Option<String> {
        if let Some(s) = self.live.read().get(id) {
            return Some(s.placeholder());
        }
        self.stored
            .get(&id.to_string())
            .map(|r| placeholder(r.ordinal))
    }

    pub fn live_count(&self) -> usize {
        self.live.read().len()
    }

    /// Forgets every session (reset): the store's trees are cleared by the caller.
    pub fn clear(&self) {
        self.live.write().clear();
    }
}

fn live(record: SessionRecord) -> Session {
    Session {
        last_seen_ms: AtomicI64::new(record.last_seen_ms),
        stored_last_seen_ms: AtomicI64::new(record.last_seen_ms),
        record,
    }
}
