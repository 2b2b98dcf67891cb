//! Properties of the call engine, driven directly (no HTTP): any sequence of commands keeps at
//! most one call in progress per agent, pause/resume balanced in the events, every ended call
//! exactly one contact per kept segment, and nothing panics.

use proptest::prelude::*;
use std::collections::{BTreeMap, HashMap};
use wfo_harness::contacts::Contacts;
use wfo_harness::engine::calls::{Call, Calls, NewCall, Outcome, Target};
use wfo_harness::store::Store;

#[derive(Debug, Clone)]
enum Op {
    Start {
        person: u64,
        ring: i64,
        duration: Option<i64>,
    },
    End(u64),
    EndById(u64),
    Pause(u64, Option<i64>),
    Resume(u64, Option<i64>),
    BlackoutStart(u64),
    BlackoutStop(u64),
    Segment(u64, bool),
    Tag(u64, u8, bool),
    Metadata(u64, u8, bool),
    StartScreen(u64),
    StopScreen(u64),
    Status(u64),
    Login(u64, u8),
    Logout(u64, u8),
    Advance(i64),
}

fn person() -> impl Strategy<Value = u64> {
    prop_oneof![Just(4u64), Just(5u64)]
}

fn offset() -> impl Strategy<Value = Option<i64>> {
    prop::option::of(-20_000i64..20_000)
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (
            person(),
            prop_oneof![Just(0i64), 1..5_000i64],
            prop::option::of(0..30_000i64)
        )
            .prop_map(|(person, ring, duration)| Op::Start {
                person,
                ring,
                duration
            }),
        person().prop_map(Op::End),
        (1..6u64).prop_map(Op::EndById),
        (person(), offset()).prop_map(|(p, o)| Op::Pause(p, o)),
        (person(), offset()).prop_map(|(p, o)| Op::Resume(p, o)),
        person().prop_map(Op::BlackoutStart),
        person().prop_map(Op::BlackoutStop),
        (person(), any::<bool>()).prop_map(|(p, d)| Op::Segment(p, d)),
        (person(), 0..3u8, any::<bool>()).prop_map(|(p, t, a)| Op::Tag(p, t, a)),
        (person(), 0..3u8, any::<bool>()).prop_map(|(p, t, a)| Op::Metadata(p, t, a)),
        person().prop_map(Op::StartScreen),
        person().prop_map(Op::StopScreen),
        person().prop_map(Op::Status),
        (person(), 0..2u8).prop_map(|(p, e)| Op::Login(p, e)),
        (person(), 0..2u8).prop_map(|(p, e)| Op::Logout(p, e)),
        (0..15_000i64).prop_map(Op::Advance),
    ]
}

fn target(kind: u8, now: i64) -> Target {
    match kind {
        0 => Target::Current,
        1 => Target::At(now - 3_000),
        _ => Target::Contact(1),
    }
}

/// Pauses applied, plus segment splits of a paused call: each must be closed by one event.
#[derive(Default)]
struct Expected {
    pauses: HashMap<u64, usize>,
}

fn run(ops: &[Op]) -> (Calls, Contacts, Expected, i64) {
    let loaded = wfo_harness::scenario::default_scenario(None);
    let store = Store::open(None).unwrap().sandbox("p");
    wfo_harness::world::seed(&store, &loaded.world).unwrap();
    let calls = Calls::of(&store);
    let contacts = Contacts::of(&store);
    let mut now = 1_767_603_600_000i64;
    let mut expected = Expected::default();
    let pairs: BTreeMap<String, String> = [("k".to_string(), "v".to_string())].into();
    for op in ops {
        match *op {
            Op::Start {
                person,
                ring,
                duration,
            } => {
                let _ = calls.start(
                    NewCall {
                        person_id: person,
                        ring_ms: ring,
                        duration_ms: duration,
                        ..NewCall::default()
                    },
                    now,
                );
            }
            Op::End(p) => {
                let _ = calls.end_for(p, now);
            }
            Op::EndById(id) => {
                let _ = calls.end(id, now);
            }
            Op::Pause(p, o) => {
                if calls.pause(p, o.map(|o| now + o), now) == Outcome::Done {
                    let id = calls.live_call(p, now).unwrap().id;
                    *expected.pauses.entry(id).or_default() += 1;
                }
            }
            Op::Resume(p, o) => {
                let _ = calls.resume(p, o.map(|o| now + o), now);
            }
            Op::BlackoutStart(p) => {
                let _ = calls.blackout_start(p, now);
            }
            Op::BlackoutStop(p) => {
                let _ = calls.blackout_stop(p, now);
            }
            Op::Segment(p, delete) => {
                let paused = calls.live_call(p, now).filter(|c| c.paused_since.is_some());
                if calls.segment(p, delete, now) == Outcome::Done
                    && let Some(c) = paused
                {
                    *expected.pauses.entry(c.id).or_default() += 1;
                }
            }
            Op::Tag(p, t, a) => {
                let _ = calls.tag(p, target(t, now), a, now);
            }
            Op::Metadata(p, t, a) => {
                let _ = calls.metadata(p, target(t, now), a, &pairs, now);
            }
            Op::StartScreen(p) => {
                let _ = calls.start_screen(p, now);
            }
            Op::StopScreen(p) => {
                let _ = calls.stop_screen(p, now);
            }
            Op::Status(p) => {
                let (active, contact) = calls.status(p, None, None, now);
                assert!(active || contact.is_none());
            }
            Op::Login(p, e) => {
                let _ = calls.login(p, &format!("10{e}"), now);
            }
            Op::Logout(p, e) => {
                let _ = calls.logout(p, &format!("10{e}"), now);
            }
            Op::Advance(ms) => now += ms,
        }
        check_live(&calls, now);
    }
    (calls, contacts, expected, now)
}

fn check_live(calls: &Calls, now: i64) {
    let mut live: HashMap<u64, u32> = HashMap::new();
    for c in calls.all(now) {
        if c.is_live() {
            *live.entry(c.person_id).or_default() += 1;
        }
    }
    assert!(live.values().all(|n| *n <= 1), "two live calls: {live:?}");
}

fn check_segments(call: &Call, contacts: &Contacts) {
    for s in &call.segments {
        let contact = contacts.get(s.contact_id);
        assert_eq!(contact.is_some(), !s.deleted, "segment {s:?}");
        if let Some(c) = contact {
            assert_eq!(c.complete, s.end_ms.is_some());
            assert_eq!(c.start_ms, s.start_ms);
            let mine: Vec<_> = c
                .events
                .iter()
                .filter(|e| e.kind == "pause" || e.kind == "blackout")
                .collect();
            assert_eq!(
                mine.len(),
                s.events.len(),
                "contact events mirror the segment"
            );
        }
        for kind in ["pause", "blackout"] {
            let mut last_end = s.start_ms;
            for e in s.events.iter().filter(|e| e.kind == kind) {
                assert!(e.duration_ms >= 0 && e.start_ms >= last_end, "{kind} {e:?}");
                last_end = e.start_ms + e.duration_ms;
                if let Some(end) = s.end_ms {
                    assert!(last_end <= end, "{kind} event past the segment's end");
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_command_sequence_keeps_the_invariants(ops in prop::collection::vec(op(), 1..40)) {
        let (calls, contacts, expected, now) = run(&ops);
        let all = calls.all(now);
        for call in &all {
            check_segments(call, &contacts);
            if !call.is_live() {
                prop_assert!(call.paused_since.is_none() && call.blackout_since.is_none());
                prop_assert!(call.segments.iter().all(|s| s.end_ms.is_some()));
                let audio: Vec<u64> = contacts
                    .all
                    .values()
                    .into_iter()
                    .filter(|c| c.assoc_call_id.as_deref() == Some(&call.id.to_string()) && c.audio.is_some())
                    .map(|c| c.id)
                    .collect();
                prop_assert_eq!(audio.len(), call.kept_segments().count(), "one contact per kept segment");
                let pause_events: usize = call
                    .segments
                    .iter()
                    .map(|s| s.events.iter().filter(|e| e.kind == "pause").count())
                    .sum();
                let applied = expected.pauses.get(&call.id).copied().unwrap_or(0);
                prop_assert_eq!(pause_events, applied, "pauses closed exactly once");
            }
        }
        // Ending everything leaves no call in progress and every call's pauses balanced.
        for p in [4u64, 5] {
            let _ = calls.end_for(p, now);
            prop_assert!(calls.live_call(p, now).is_none());
        }
    }
}
