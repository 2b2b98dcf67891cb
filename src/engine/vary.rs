//! `serve --vary SEED`: the harness varies its answers within what the documents allow, so a
//! client is tested against the whole contract rather than one happy path. Every decision is a
//! hash of the seed and what it is about (the exchange's sequence number, a session's ordinal, a
//! job's id), so the same seed and the same requests vary the same way, and every variation is
//! listed in the transcript (`variations`).
//!
//! Families call [`Vary::page_size`] for paged answers and get job variation through
//! [`crate::engine::jobs::Jobs::create`].

use crate::engine::jobs::Lifecycle;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// One call in this many is answered 503 with `Retry-After`.
pub const UNAVAILABLE_ONE_IN: u64 = 10;
/// One call in this many is answered late.
pub const SLOW_ONE_IN: u64 = 8;
/// The longest added delay (real time: the virtual clock never waits).
pub const MAX_SLOW_MS: u64 = 40;
/// The shortest idle-session expiry under variation (the document's is 2 h).
pub const MIN_IDLE_MS: i64 = 15 * 60 * 1000;

/// The variation settings of a server (`serve --vary SEED`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vary {
    pub seed: u64,
}

impl Vary {
    /// A number in `0..n` decided by the seed, `what` is decided and what it is `about`.
    fn roll(&self, what: &str, about: u64, n: u64) -> u64 {
        let mut h = Sha256::new();
        h.update(self.seed.to_be_bytes());
        h.update(what.as_bytes());
        h.update(about.to_be_bytes());
        let d = h.finalize();
        let x = u64::from_be_bytes(d[..8].try_into().expect("8 bytes"));
        if n == 0 { 0 } else { x % n }
    }

    /// A transient 503 for exchange `seq`: `Some(retry_after_seconds)`.
    pub fn unavailable(&self, seq: u64) -> Option<u64> {
        (self.roll("unavailable", seq, UNAVAILABLE_ONE_IN) == 0)
            .then(|| 1 + self.roll("retry-after", seq, 5))
    }

    /// Extra latency for exchange `seq`, in real milliseconds.
    pub fn slow_ms(&self, seq: u64) -> Option<u64> {
        (self.roll("slow", seq, SLOW_ONE_IN) == 0)
            .then(|| 1 + self.roll("slow-ms", seq, MAX_SLOW_MS))
    }

    /// The idle expiry of the session with `ordinal`: between [`MIN_IDLE_MS`] and `documented`.
    pub fn idle_timeout_ms(&self, ordinal: u64, documented: i64) -> i64 {
        if documented <= MIN_IDLE_MS || self.roll("idle", ordinal, 2) == 0 {
            return documented;
        }
        let span = (documented - MIN_IDLE_MS) as u64 / 60_000;
        MIN_IDLE_MS + self.roll("idle-minutes", ordinal, span) as i64 * 60_000
    }

    /// A page size for a client that asked for `asked` items in exchange `seq`: half the time
    /// fewer (at least one), as documents that say "up to" allow. The note goes in the transcript.
    pub fn page_size(&self, seq: u64, asked: usize) -> (usize, Option<Value>) {
        if asked <= 1 || self.roll("page", seq, 2) == 0 {
            return (asked, None);
        }
        let size = 1 + self.roll("page-size", seq, asked as u64 - 1) as usize;
        (
            size,
            Some(json!({"kind": "pageSize", "asked": asked, "answered": size})),
        )
    }

    /// A job's lifecycle: each state lasts between half and three times its default, and when
    /// the family documents other outcomes one of them may be chosen.
    pub fn lifecycle(
        &self,
        job_id: u64,
        default: &Lifecycle,
        outcomes: &[&str],
    ) -> (Lifecycle, Value) {
        let mut varied = default.clone();
        for (i, phase) in varied.states.iter_mut().enumerate() {
            let about = job_id.wrapping_mul(64).wrapping_add(i as u64);
            let percent = 50 + self.roll("job-phase", about, 251);
            phase.ms = phase.ms.saturating_mul(percent) / 100;
        }
        if !outcomes.is_empty() {
            let pick = self.roll("job-outcome", job_id, outcomes.len() as u64 + 1) as usize;
            if let Some(o) = outcomes.get(pick) {
                varied.outcome = o.to_string();
            }
        }
        let note = json!({
            "kind": "job",
            "jobId": job_id,
            "states": varied.states,
            "outcome": varied.outcome,
        });
        (varied, note)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_varies_the_same_way() {
        let a = Vary { seed: 7 };
        let b = Vary { seed: 7 };
        for seq in 0..200 {
            assert_eq!(a.unavailable(seq), b.unavailable(seq));
            assert_eq!(a.slow_ms(seq), b.slow_ms(seq));
        }
        let hits = (0..1000).filter(|s| a.unavailable(*s).is_some()).count();
        assert!((50..200).contains(&hits), "{hits}");
    }

    #[test]
    fn variations_stay_within_the_documents() {
        let v = Vary { seed: 3 };
        for n in 0..100 {
            let idle = v.idle_timeout_ms(n, 7_200_000);
            assert!((MIN_IDLE_MS..=7_200_000).contains(&idle));
            let (size, _) = v.page_size(n, 50);
            assert!((1..=50).contains(&size));
        }
        let l = Lifecycle::new(&[("QUEUED", 1000), ("RUNNING", 2000)], "DONE");
        let (varied, _) = v.lifecycle(9, &l, &["FAILED"]);
        assert!(varied.states[0].ms >= 500 && varied.states[0].ms <= 3000);
        assert!(["DONE", "FAILED"].contains(&varied.outcome.as_str()));
    }
}
