//! Deterministic identifiers: the same scenario seed and sequence give the same id, so
//! snapshots of responses and transcripts are stable.

use sha2::{Digest, Sha256};

fn digest(seed: u64, kind: &str, n: u64) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(seed.to_be_bytes());
    h.update(kind.as_bytes());
    h.update(n.to_be_bytes());
    h.finalize().into()
}

/// A Webex session id: `HZ` and 32 upper-case hex digits, like seed 001's examples.
///
/// Ids do not depend on the sandbox's name, so two sandboxes running the same suite give the
/// same transcript.
pub fn session_id(seed: u64, ordinal: u64) -> String {
    let d = digest(seed, "session", ordinal);
    format!("HZ{}", hex::encode_upper(&d[..16]))
}

/// A request id in UUID form, like seed 001's `"requestId": "31b466da-cbd2-..."`.
pub fn request_id(seed: u64, seq: u64) -> String {
    let d = hex::encode(&digest(seed, "request", seq)[..16]);
    format!(
        "{}-{}-{}-{}-{}",
        &d[0..8],
        &d[8..12],
        &d[12..16],
        &d[16..20],
        &d[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct() {
        assert_eq!(session_id(1, 1), session_id(1, 1));
        assert_ne!(session_id(1, 1), session_id(1, 2));
        assert_ne!(session_id(1, 1), session_id(2, 1));
        assert_eq!(session_id(1, 1).len(), 34);
        assert_eq!(request_id(7, 3).len(), 36);
    }
}
