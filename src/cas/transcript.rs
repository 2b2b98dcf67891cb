//! The transcript of a contact, as the CAS endpoints read it (field notes: `speechtextview`
//! answers `texts` of `{text, channel, start, end}`, channel 1 = agent side). Text contacts use
//! their imported text; a transcript declared in the scenario wins for any contact; every other
//! call contact gets a deterministic generated one (seeded from its id and duration), so clients
//! of these endpoints always have data.

use crate::contacts::{Contact, ContactType};
use crate::store::{Collection, SandboxStore};
use serde::{Deserialize, Serialize};

const DECLARED: &str = "cas.transcripts";

/// One utterance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub text: String,
    /// 1 = agent, 0 = customer.
    pub channel: u8,
    /// Milliseconds from the contact's start.
    pub start: i64,
    pub end: i64,
}

/// Transcripts declared by the scenario, by contact id.
pub fn declared(store: &SandboxStore) -> Collection<u64, Vec<Segment>> {
    store.collection(DECLARED)
}

const AGENT_LINES: &[&str] = &[
    "Thank you for calling, how can I help you today?",
    "I can help you with that.",
    "Let me look up your account.",
    "Can you confirm your account number please?",
    "I have processed the refund for you.",
    "Is there anything else I can help you with?",
    "I understand, let me transfer you to billing.",
    "Your upgrade has been confirmed.",
];

const CUSTOMER_LINES: &[&str] = &[
    "Hi, I have a question about my bill.",
    "I would like to cancel my subscription.",
    "My account number is on the letter.",
    "I was charged twice this month.",
    "Can I upgrade my data plan?",
    "That is all, thank you.",
    "I want to speak to a supervisor.",
    "The service has been very slow.",
];

/// Segments of about this length make up a generated transcript.
const SEGMENT_MS: i64 = 6_000;

fn generated(contact: &Contact) -> Vec<Segment> {
    // splitmix64 on the contact id: the same contact always says the same thing.
    let mut state = contact.id.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) as usize
    };
    let count = (contact.duration_ms / SEGMENT_MS).clamp(2, 40);
    (0..count)
        .map(|i| {
            let agent = i % 2 == 0;
            let lines = if agent { AGENT_LINES } else { CUSTOMER_LINES };
            Segment {
                text: lines[next() % lines.len()].to_string(),
                channel: u8::from(agent),
                start: i * SEGMENT_MS,
                end: (i + 1) * SEGMENT_MS - 500,
            }
        })
        .collect()
}

/// Lines of a text contact; a line starting `Agent:` is the agent's (channel 1).
fn of_text(text: &str) -> Vec<Segment> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| Segment {
            text: l.to_string(),
            channel: u8::from(l.to_ascii_lowercase().starts_with("agent:")),
            start: 0,
            end: 0,
        })
        .collect()
}

/// The transcript of `contact`.
pub fn of(store: &SandboxStore, contact: &Contact) -> Vec<Segment> {
    if let Some(d) = declared(store).get(&contact.id) {
        return d;
    }
    match (&contact.text, contact.contact_type) {
        (Some(t), _) => of_text(&t.text),
        (None, ContactType::Call) => generated(contact),
        (None, _) => Vec::new(),
    }
}
