//! Transcripts: every vendor exchange of a sandbox, recorded by the gateway with secrets replaced
//! by stable placeholders, kept in sled (capped, oldest dropped first) and exported as JSON Lines,
//! HAR 1.2 or normalised YAML.

pub mod export;
pub mod record;
pub mod redact;

use crate::sessions::Sessions;
use crate::store::{Collection, SandboxStore};
use record::Recorded;
use redact::Redactor;
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

/// The transcript of one sandbox: captured exchanges keyed by sequence number.
pub struct Transcript {
    exchanges: Collection<u64, Vec<u8>>,
    seq: AtomicU64,
    limit: u64,
}

impl Transcript {
    pub fn open(store: &SandboxStore, limit: u64) -> Transcript {
        let transcript = Transcript {
            exchanges: store.collection("transcript"),
            seq: AtomicU64::new(0),
            limit: limit.max(1),
        };
        transcript.seq.store(
            transcript.exchanges.last_key().unwrap_or(0),
            Ordering::Relaxed,
        );
        // A store written under a larger cap is trimmed once here, not per request.
        let excess = (transcript.exchanges.len() as u64).saturating_sub(transcript.limit);
        for _ in 0..excess {
            match transcript.exchanges.first_key() {
                Some(k) => transcript.exchanges.remove_key(&k),
                None => break,
            }
        }
        transcript
    }

    /// The sequence number of the next exchange (1, 2, ...).
    pub fn next_seq(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Stores an exchange and drops the one that falls out of the cap. Sequence numbers have no
    /// gaps, so that is the exchange `limit` places back: no count, no scan.
    pub fn record(&self, exchange: &Recorded) {
        self.exchanges.put_raw(&exchange.seq, exchange.encode());
        if exchange.seq > self.limit {
            self.exchanges.remove_key(&(exchange.seq - self.limit));
        }
    }

    /// Every kept exchange, oldest first, structured and redacted.
    pub fn exchanges(&self, sessions: &Sessions) -> Vec<Exchange> {
        let redactor = Redactor { sessions };
        self.exchanges
            .raw_values()
            .filter_map(|bytes| Recorded::decode(&bytes))
            .map(|r| r.into_exchange(&redactor))
            .collect()
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
