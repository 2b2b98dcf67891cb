//! Transcripts: every vendor exchange of a sandbox, recorded by the gateway with secrets replaced
//! by stable placeholders, kept in sled (capped, oldest dropped first) and exported as JSON Lines,
//! HAR 1.2 or normalised YAML.

pub mod drift;
pub mod export;
pub mod load;
pub mod normalise;
pub mod record;
pub mod redact;
pub mod verify;

use crate::sessions::Sessions;
use crate::store::{Collection, SandboxStore};
use parking_lot::Mutex;
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
    /// The injected fault that answered or delayed this request, or decided the job it created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<Value>,
    /// How `serve --vary` varied the answer (reproducible from the seed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variations: Vec<Value>,
}

/// Exchanges are stored in compressed chunks of this many: sled writes a few kilobytes per
/// chunk instead of a kilobyte or two per request (byte volume is what sled pays for).
const CHUNK: usize = 64;

/// A stored chunk: `[count u32][max seq u64]` then the LZ4-compressed, length-prefixed records.
const CHUNK_HEADER: usize = 12;

/// The transcript of one sandbox: captured exchanges in sled, in compressed chunks, plus the
/// chunk being filled (at most [`CHUNK`] exchanges in memory).
pub struct Transcript {
    chunks: Collection<u64, Vec<u8>>,
    pending: Mutex<Vec<Vec<u8>>>,
    seq: AtomicU64,
    /// Exchanges held by the stored chunks.
    stored: AtomicU64,
    next_chunk: AtomicU64,
    limit: u64,
}

impl Transcript {
    pub fn open(store: &SandboxStore, limit: u64) -> Transcript {
        let chunks: Collection<u64, Vec<u8>> = store.collection("transcript");
        let (mut stored, mut max_seq) = (0u64, 0u64);
        for value in chunks.raw_values() {
            let (count, seq) = chunk_header(&value);
            stored += count;
            max_seq = max_seq.max(seq);
        }
        let transcript = Transcript {
            next_chunk: AtomicU64::new(chunks.last_key().map_or(1, |k| k + 1)),
            chunks,
            pending: Mutex::new(Vec::with_capacity(CHUNK)),
            seq: AtomicU64::new(max_seq),
            stored: AtomicU64::new(stored),
            limit: limit.max(1),
        };
        transcript.trim();
        transcript
    }

    /// The sequence number of the next exchange (1, 2, ...).
    pub fn next_seq(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Keeps an exchange; every [`CHUNK`]th one writes a chunk to sled.
    pub fn record(&self, exchange: &Recorded) {
        let encoded = exchange.encode();
        let full = {
            let mut pending = self.pending.lock();
            pending.push(encoded);
            (pending.len() >= CHUNK).then(|| std::mem::take(&mut *pending))
        };
        if let Some(records) = full {
            self.write_chunk(records);
        }
    }

    /// Writes the chunk being filled to sled now (before a durable store is flushed, and on
    /// shutdown), so no acknowledged exchange is only in memory.
    pub fn flush_pending(&self) {
        let records = std::mem::take(&mut *self.pending.lock());
        if !records.is_empty() {
            self.write_chunk(records);
        }
    }

    fn write_chunk(&self, records: Vec<Vec<u8>>) {
        let mut body = Vec::with_capacity(records.iter().map(|r| r.len() + 4).sum());
        let mut max_seq = 0;
        for r in &records {
            max_seq = max_seq.max(Recorded::seq_of(r));
            body.extend_from_slice(&(r.len() as u32).to_be_bytes());
            body.extend_from_slice(r);
        }
        let compressed = lz4_flex::compress_prepend_size(&body);
        let mut value = Vec::with_capacity(CHUNK_HEADER + compressed.len());
        value.extend_from_slice(&(records.len() as u32).to_be_bytes());
        value.extend_from_slice(&max_seq.to_be_bytes());
        value.extend_from_slice(&compressed);
        let key = self.next_chunk.fetch_add(1, Ordering::Relaxed);
        self.chunks.put_raw(&key, value);
        self.stored
            .fetch_add(records.len() as u64, Ordering::Relaxed);
        self.trim();
    }

    /// Drops the oldest chunks while the rest still hold `limit` exchanges: O(1) per chunk.
    fn trim(&self) {
        while let Some(oldest) = self.chunks.first_key() {
            let Some(value) = self.chunks.get_raw(&oldest) else {
                break;
            };
            let (count, _) = chunk_header(&value);
            let stored = self.stored.load(Ordering::Relaxed);
            if stored.saturating_sub(count) < self.limit {
                break;
            }
            self.chunks.remove_key(&oldest);
            self.stored.fetch_sub(count, Ordering::Relaxed);
        }
    }

    /// The last `limit` exchanges, oldest first, structured and redacted.
    pub fn exchanges(&self, sessions: &Sessions) -> Vec<Exchange> {
        let mut records: Vec<Recorded> = self
            .chunks
            .raw_values()
            .flat_map(|value| chunk_records(&value))
            .chain(self.pending.lock().iter().cloned())
            .filter_map(|bytes| Recorded::decode(&bytes))
            .collect();
        records.sort_by_key(|r| r.seq);
        let skip = records.len().saturating_sub(self.limit as usize);
        let redactor = Redactor { sessions };
        records
            .into_iter()
            .skip(skip)
            .map(|r| r.into_exchange(&redactor))
            .collect()
    }

    /// How many exchanges an export shows.
    pub fn len(&self) -> usize {
        let held = self.stored.load(Ordering::Relaxed) + self.pending.lock().len() as u64;
        held.min(self.limit) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Empties the transcript; numbering starts again at 1.
    pub fn clear(&self) {
        let mut pending = self.pending.lock();
        pending.clear();
        self.chunks.clear();
        self.stored.store(0, Ordering::Relaxed);
        self.seq.store(0, Ordering::Relaxed);
    }
}

fn chunk_header(value: &[u8]) -> (u64, u64) {
    let count = value
        .get(..4)
        .map_or(0, |b| u32::from_be_bytes(b.try_into().unwrap_or_default()));
    let seq = value
        .get(4..12)
        .map_or(0, |b| u64::from_be_bytes(b.try_into().unwrap_or_default()));
    (count as u64, seq)
}

/// The encoded records of a stored chunk (none if it is damaged).
fn chunk_records(value: &[u8]) -> Vec<Vec<u8>> {
    let Some(body) = value
        .get(CHUNK_HEADER..)
        .and_then(|c| lz4_flex::decompress_size_prepended(c).ok())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut rest = body.as_slice();
    while rest.len() >= 4 {
        let len = u32::from_be_bytes(rest[..4].try_into().unwrap_or_default()) as usize;
        let Some(record) = rest.get(4..4 + len) else {
            break;
        };
        out.push(record.to_vec());
        rest = &rest[4 + len..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::record::CapturedBody;
    use super::*;
    use crate::store::Store;

    fn exchange(seq: u64) -> Recorded {
        Recorded {
            seq,
            seed: 1,
            time_ms: 0,
            sandbox: "t".into(),
            endpoint: None,
            method: "GET".into(),
            path: format!("/p/{seq}"),
            query: None,
            request_headers: Vec::new(),
            request_body: CapturedBody::None,
            status: Some(200),
            response_headers: Vec::new(),
            response_body: CapturedBody::of(b"{\"ok\":true}"),
            duration_us: 1,
            fault: None,
            variations: Vec::new(),
        }
    }

    #[test]
    fn the_cap_keeps_the_newest_across_chunks_and_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(Some(dir.path())).unwrap();
        let ss = store.sandbox("t");
        let sessions = Sessions::open(&ss);
        let t = Transcript::open(&ss, 100);
        // Out of order, as concurrent requests finish: a slow request's seq arrives late.
        let mut seqs: Vec<u64> = (1..=250).map(|_| t.next_seq()).collect();
        let slow = seqs.remove(10);
        seqs.insert(200, slow);
        for seq in seqs {
            t.record(&exchange(seq));
        }
        assert_eq!(t.len(), 100);
        let kept: Vec<u64> = t.exchanges(&sessions).iter().map(|e| e.seq).collect();
        assert_eq!(kept, (151..=250).collect::<Vec<_>>());
        assert!(
            t.chunks.len() <= 3,
            "old chunks are dropped: {}",
            t.chunks.len()
        );

        t.flush_pending();
        drop(t);
        let again = Transcript::open(&ss, 100);
        assert_eq!(again.next_seq(), 251, "numbering continues");
        let kept: Vec<u64> = again.exchanges(&sessions).iter().map(|e| e.seq).collect();
        assert_eq!(kept, (151..=250).collect::<Vec<_>>());
        let smaller = Transcript::open(&ss, 10);
        assert_eq!(smaller.len(), 10);
    }

    #[test]
    fn clearing_restarts_numbering() {
        let store = Store::open(None).unwrap();
        let ss = store.sandbox("t");
        let t = Transcript::open(&ss, 1000);
        for _ in 0..70 {
            let seq = t.next_seq();
            t.record(&exchange(seq));
        }
        t.clear();
        assert!(t.is_empty());
        assert_eq!(t.next_seq(), 1);
    }
}
