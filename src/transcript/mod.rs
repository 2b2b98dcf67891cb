//! Transcripts: every vendor exchange of a sandbox, recorded by the gateway with secrets replaced
//! by stable placeholders, kept in sled (capped, oldest dropped first) and exported as JSON Lines,
//! HAR 1.2 or normalised YAML.

pub mod export;
pub mod redact;

use crate::store::{Collection, SandboxStore};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// Default cap of exchanges kept per sandbox (`serve --transcript-limit`).
pub const DEFAULT_LIMIT: u64 = 100_000;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct QueryParam {
    pub name: String,
    pub value: String,
}

/// One request and its response, as a client saw them (secrets redacted).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Exchange {
    pub seq: u64,
    /// Virtual time the request arrived, RFC 3339.
    pub time: String,
    pub sandbox: String,
    /// Catalogue key; absent for paths that match no endpoint.
    pub endpoint: Option<String>,
    pub method: String,
    /// The vendor path (without the `/sandbox/NAME` prefix).
    pub path: String,
    #[serde(default)]
    pub query: Vec<QueryParam>,
    #[serde(default)]
    pub request_headers: BTreeMap<String, String>,
    /// JSON bodies as JSON, text as a string, anything else summarised.
    pub request_body: Option<Value>,
    /// `None` when the connection was dropped by a fault.
    pub status: Option<u16>,
    #[serde(default)]
    pub response_headers: BTreeMap<String, String>,
    pub response_body: Option<Value>,
    pub duration_ms: f64,
    pub request_id: String,
    /// Query parameters and JSON fields the vendor does not document (accepted, but flagged).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undocumented: Vec<String>,
    /// The injected fault that answered or delayed this request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<Value>,
}

/// The transcript of one sandbox.
pub struct Transcript {
    exchanges: Collection<u64, Exchange>,
    seq: AtomicU64,
    limit: u64,
}

impl Transcript {
    pub fn open(store: &SandboxStore, limit: u64) -> Transcript {
        let exchanges: Collection<u64, Exchange> = store.collection("transcript");
        let last = exchanges.last_key().unwrap_or(0);
        Transcript {
            exchanges,
            seq: AtomicU64::new(last),
            limit: limit.max(1),
        }
    }

    /// The sequence number of the next exchange (1, 2, ...).
    pub fn next_seq(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Stores an exchange, dropping the oldest beyond the cap.
    pub fn record(&self, exchange: &Exchange) {
        let bytes = serde_json::to_vec(exchange).expect("exchanges serialise");
        self.exchanges.put_raw(&exchange.seq, bytes);
        if exchange.seq > self.limit {
            // Usually one exchange to drop; more after the cap was lowered.
            while self.exchanges.len() as u64 > self.limit {
                match self.exchanges.first_key() {
                    Some(k) => {
                        self.exchanges.remove(&k);
                    }
                    None => break,
                }
            }
        }
    }

    /// Every kept exchange, oldest first.
    pub fn exchanges(&self) -> Vec<Exchange> {
        self.exchanges.values()
    }

    pub fn len(&self) -> usize {
        self.exchanges.len()
    }

    pub fn is_empty(&self) -> bool {
        self.exchanges.is_empty()
    }

    /// Empties the transcript; numbering starts again at 1.
    pub fn clear(&self) {
        self.exchanges.clear();
        self.seq.store(0, Ordering::Relaxed);
    }
}
