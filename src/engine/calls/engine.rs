//! Storage and lifecycle of calls: starting, answering, segment contacts, ending, and the
//! scenario timeline played as the virtual clock passes.

use super::model::*;
use crate::contacts::{Contact, Contacts, Event, MediaKind, Recording};
use crate::scenario::Resolved;
use crate::store::{Collection, SandboxStore};
use crate::world::Org;
use parking_lot::Mutex;
use std::collections::BTreeMap;

const CALLS: &str = "calls";
const LIVE: &str = "calls.live";
const LAST: &str = "calls.last";
const SCREENS: &str = "calls.screens";
const HOTELING: &str = "calls.hoteling";
const DEVICES: &str = "calls.devices.by_tenant";
const TIMELINE: &str = "calls.timeline";
const CURSOR: &str = "calls.cursor";
/// Id counters.
const CALL_IDS: &str = "call";
const SCREEN_IDS: &str = "screen";

/// Engine writes touch several records (call, live index, contacts); one lock keeps each
/// command whole against concurrent requests.
static LOCK: Mutex<()> = Mutex::new(());

/// Why a command changed nothing (seed 001: "this command is ignored").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    NoActiveCall,
    NotAnswered,
    AlreadyPaused,
    NotPaused,
    AlreadyBlackout,
    NotBlackout,
    ScreenRunning,
    NoScreen,
    NoPreviousCall,
    NoCallAtTimestamp,
    CallAtTimestampEnded,
    NotLoggedIn,
}

impl Why {
    pub fn reason(self) -> &'static str {
        match self {
            Why::NoActiveCall => "no call is in progress",
            Why::NotAnswered => "the call is not answered yet",
            Why::AlreadyPaused => "the recording is already paused",
            Why::NotPaused => "the recording is not paused",
            Why::AlreadyBlackout => "a blackout is already in progress",
            Why::NotBlackout => "no blackout is in progress",
            Why::ScreenRunning => "a screen-only recording is already in progress",
            Why::NoScreen => "no screen-only recording is in progress",
            Why::NoPreviousCall => "there is no call in progress and no previous call",
            Why::NoCallAtTimestamp => "no call of the person was in progress at the timestamp",
            Why::CallAtTimestampEnded => {
                "the call in progress at the timestamp has ended and active_call_only is true"
            }
            Why::NotLoggedIn => "the person is not logged in to that extension",
        }
    }
}

/// What a command did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    Ignored(Why),
}

/// Refusals (as opposed to ignored commands).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// The agent already has a call in progress (its id).
    Busy(u64),
    UnknownCall(u64),
    AlreadyEnded(u64),
    UnknownContact(u64),
}

/// Which call a metadata or tag command applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The call in progress, else (unless active-only) the previous call.
    Current,
    /// The call in progress at this time (seed 001 `timestamp`).
    At(i64),
    /// A contact by id (seed 001 `ccrId`).
    Contact(u64),
}

/// A call to start.
#[derive(Debug, Clone, Default)]
pub struct NewCall {
    pub person_id: u64,
    pub ani: Option<String>,
    pub dnis: Option<String>,
    pub extension: Option<String>,
    pub device: Option<String>,
    pub direction: Option<u8>,
    /// Rings this long before it is answered (0: answered at once).
    pub ring_ms: i64,
    /// Ends by itself after this long, if given.
    pub duration_ms: Option<i64>,
    pub tagged: bool,
    pub metadata: BTreeMap<String, String>,
}

/// The call engine of one sandbox.
pub struct Calls {
    pub(super) org: Org,
    pub(super) contacts: Contacts,
    store: SandboxStore,
    pub(super) calls: Collection<u64, Call>,
    pub(super) live: Collection<u64, u64>,
    pub(super) last: Collection<u64, u64>,
    pub(super) screens: Collection<u64, Screen>,
    pub(super) hoteling: Collection<String, u64>,
    pub(super) devices: Collection<String, Device>,
    timeline: Collection<u64, Planned>,
    cursor: Collection<String, u64>,
}

/// The key of a device association: its tenant (zero-padded, so keys sort by tenant) and its
/// name, case-insensitive. The same name may be used in two tenants.
fn device_key(tenant: u64, name: &str) -> String {
    format!("{tenant:020}/{}", name.trim().to_ascii_lowercase())
}

/// Writes the scenario's device associations and call timeline into a new sandbox.
pub fn seed(store: &SandboxStore, world: &Resolved) -> Result<(), String> {
    let calls = Calls::of(store);
    for d in &world.calls.devices {
        calls.put_device(d);
    }
    for (i, p) in world.calls.timeline.iter().enumerate() {
        calls.timeline.put(&(i as u64), p);
    }
    Ok(())
}

impl Calls {
    pub fn of(store: &SandboxStore) -> Calls {
        Calls {
            org: Org::of(store),
            contacts: Contacts::of(store),
            store: store.clone(),
            calls: store.collection(CALLS),
            live: store.collection(LIVE),
            last: store.collection(LAST),
            screens: store.collection(SCREENS),
            hoteling: store.collection(HOTELING),
            devices: store.collection(DEVICES),
            timeline: store.collection(TIMELINE),
            cursor: store.collection(CURSOR),
        }
    }

    /// Runs `f` under the engine lock after playing the timeline up to `now`.
    pub(super) fn locked<R>(&self, now: i64, f: impl FnOnce(&Calls) -> R) -> R {
        let _guard = LOCK.lock();
        self.sync(now);
        f(self)
    }

    // ---- reading -------------------------------------------------------------------------

    /// The person's call in progress (ringing or answered) at `now`.
    pub fn live_call(&self, person_id: u64, now: i64) -> Option<Call> {
        self.locked(now, |c| c.live_of(person_id))
    }

    /// Every call, oldest first, as at `now`.
    pub fn all(&self, now: i64) -> Vec<Call> {
        self.locked(now, |c| c.calls.values())
    }

    pub fn get(&self, id: u64, now: i64) -> Option<Call> {
        self.locked(now, |c| c.calls.get(&id))
    }

    /// The person's calls, oldest first.
    pub fn calls_of(&self, person_id: u64, now: i64) -> Vec<Call> {
        self.locked(now, |c| c.calls_of_locked(person_id))
    }

    /// The person's screen-only recording in progress.
    pub fn screen_of(&self, person_id: u64, now: i64) -> Option<Screen> {
        self.locked(now, |c| c.screens.get(&person_id))
    }

    /// The device association of `name` (case-insensitive) in `tenant`: device names are per
    /// tenant (the tenant of the device's person). Without a tenant (the data server, which
    /// serves every tenant), the lowest tenant id having a device of that name.
    pub fn device(&self, tenant: Option<u64>, name: &str) -> Option<Device> {
        match tenant {
            Some(t) => self.devices.get(&device_key(t, name)),
            None => {
                let wanted = name.trim().to_ascii_lowercase();
                // Keys sort by tenant (zero-padded), so the first match is the lowest tenant.
                self.devices
                    .values()
                    .into_iter()
                    .find(|d| d.name.trim().to_ascii_lowercase() == wanted)
            }
        }
    }

    /// Every device association (the Contact Device API reads and writes them).
    pub fn devices(&self) -> Vec<Device> {
        self.devices.values()
    }

    /// The tenant a device association belongs to: its person's.
    pub fn device_tenant(&self, device: &Device) -> u64 {
        self.org
            .persons
            .get(&device.person_id)
            .map_or(0, |p| p.tenant_id)
    }

    /// Associates a device (by name, case-insensitive, in its person's tenant) with its person.
    pub fn put_device(&self, device: &Device) {
        self.devices.put(
            &device_key(self.device_tenant(device), &device.name),
            device,
        );
    }

    /// Removes the tenant's device association of that name.
    pub fn remove_device(&self, tenant: u64, name: &str) {
        self.devices.remove(&device_key(tenant, name));
    }

    /// The person on an extension: logged in by hoteling, else by a device association, else
    /// whose own extension it is.
    pub fn person_on_extension(&self, extension: &str) -> Option<u64> {
        if let Some(p) = self.hoteling.get(&extension.to_string()) {
            return Some(p);
        }
        if let Some(d) = self
            .devices
            .values()
            .into_iter()
            .find(|d| d.extensions.iter().any(|e| e == extension))
        {
            return Some(d.person_id);
        }
        self.org
            .persons
            .find(|p| p.extension.as_deref() == Some(extension))
            .map(|p| p.id)
    }

    /// The extensions the person is logged in to (hoteling).
    pub fn extensions_of(&self, person_id: u64) -> Vec<String> {
        self.hoteling
            .entries()
            .into_iter()
            .filter(|(_, p)| *p == person_id)
            .map(|(e, _)| e)
            .collect()
    }

    pub(super) fn live_of(&self, person_id: u64) -> Option<Call> {
        self.live.get(&person_id).and_then(|id| self.calls.get(&id))
    }

    pub(super) fn calls_of_locked(&self, person_id: u64) -> Vec<Call> {
        self.calls
            .values()
            .into_iter()
            .filter(|c| c.person_id == person_id)
            .collect()
    }

    // ---- lifecycle -----------------------------------------------------------------------

    /// Starts a call at `now`; refused when the person already has one in progress.
    pub fn start(&self, new: NewCall, now: i64) -> Result<Call, CallError> {
        self.locked(now, |c| c.start_at(new, now))
    }

    /// Ends a call by id at `now`.
    pub fn end(&self, call_id: u64, now: i64) -> Result<Call, CallError> {
        self.locked(now, |c| {
            let call = c
                .calls
                .get(&call_id)
                .ok_or(CallError::UnknownCall(call_id))?;
            if !call.is_live() {
                return Err(CallError::AlreadyEnded(call_id));
            }
            Ok(c.end_at(call, now))
        })
    }

    /// Ends the person's call in progress.
    pub fn end_for(&self, person_id: u64, now: i64) -> Result<Call, Why> {
        self.locked(now, |c| match c.live_of(person_id) {
            Some(call) => Ok(c.end_at(call, now)),
            None => Err(Why::NoActiveCall),
        })
    }

    pub(super) fn start_at(&self, new: NewCall, at: i64) -> Result<Call, CallError> {
        if let Some(id) = self.live.get(&new.person_id) {
            return Err(CallError::Busy(id));
        }
        let tenant_id = self
            .org
            .persons
            .get(&new.person_id)
            .map_or(0, |p| p.tenant_id);
        let mut call = Call {
            id: self.store.next_id(CALL_IDS),
            tenant_id,
            person_id: new.person_id,
            origin: Origin::Admin,
            ani: new.ani,
            dnis: new.dnis,
            extension: new.extension,
            device: new.device,
            direction: new.direction,
            start_ms: at,
            answer_ms: at + new.ring_ms.max(0),
            answered: false,
            end_at_ms: new.duration_ms.map(|d| at + d.max(0)),
            ended_ms: None,
            paused_since: None,
            blackout_since: None,
            tagged: new.tagged,
            metadata: new.metadata,
            segments: Vec::new(),
        };
        if new.ring_ms <= 0 {
            self.answer(&mut call, at);
        }
        // The call and the agent's live index land together.
        self.store
            .transaction(&[CALLS, LIVE], |tx| {
                tx.put(CALLS, &call.id, &call);
                tx.put(LIVE, &call.person_id, &call.id);
                Ok(())
            })
            .expect("call start transaction");
        Ok(call)
    }

    /// Sets where a call came from (after [`Calls::start`]).
    pub fn set_origin(&self, call_id: u64, origin: Origin) {
        let _guard = LOCK.lock();
        if let Some(mut call) = self.calls.get(&call_id) {
            call.origin = origin;
            self.calls.put(&call_id, &call);
        }
    }

    fn answer(&self, call: &mut Call, at: i64) {
        call.answered = true;
        call.answer_ms = at;
        self.open_segment(call, at);
    }

    /// Starts the next segment of `call` at `at`, with its (in-progress) contact.
    pub(super) fn open_segment(&self, call: &mut Call, at: i64) {
        let number = call.segments.len() as u32 + 1;
        // Seed 001 "Inclusion/Exclusion List API": a call the lists leave out is not recorded;
        // its segments exist (so commands still find the call) but make no contact.
        let facts = crate::qm::inclexcl::CallFacts {
            ani: call.ani.as_deref(),
            dnis: call.dnis.as_deref(),
            extension: call.extension.as_deref(),
            direction: call.direction,
        };
        if !crate::qm::inclexcl::Lists::of(&self.store).records(call.tenant_id, &facts) {
            call.segments.push(Segment {
                number,
                contact_id: 0,
                start_ms: at,
                end_ms: None,
                deleted: true,
                events: Vec::new(),
            });
            return;
        }
        let mut contact = Contact::new(call.tenant_id, at);
        contact.agent_id = Some(call.person_id);
        if let Some(p) = self.org.persons.get(&call.person_id) {
            contact.team_id = Some(p.team_id);
            contact.group_id = self.org.teams.get(&p.team_id).map(|t| t.group_id);
            contact.tz = p.time_zone.clone();
        }
        contact.ani = call.ani.clone();
        contact.dnis = call.dnis.clone();
        contact.line = call.extension.clone();
        contact.call_id = Some(format!("{}-{number}", call.id));
        contact.assoc_call_id = Some(call.id.to_string());
        contact.direction = call.direction;
        contact.metadata = call.metadata.clone();
        contact.qm.tagged = call.tagged;
        contact.complete = false;
        contact.audio = Some(Recording {
            location: format!("call-{}-{number}.wav", call.id),
            format: "wav".into(),
            kind: MediaKind::Audio,
            start_ms: at,
            blob: None,
            uploaded: false,
        });
        let contact = self.contacts.insert(contact);
        call.segments.push(Segment {
            number,
            contact_id: contact.id,
            start_ms: at,
            end_ms: None,
            deleted: false,
            events: Vec::new(),
        });
    }

    /// Ends the current segment at `at`: open pause/blackout periods are closed on it (they stay
    /// open on the call), and its contact is completed, or removed when `delete`.
    pub(super) fn close_segment(&self, call: &mut Call, at: i64, delete: bool) {
        let (paused, blackout) = (call.paused_since, call.blackout_since);
        let Some(seg) = call.segments.last_mut().filter(|s| s.end_ms.is_none()) else {
            return;
        };
        for (kind, since) in [("pause", paused), ("blackout", blackout)] {
            if let Some(since) = since {
                push_period(seg, kind, since, at);
            }
        }
        seg.end_ms = Some(at.max(seg.start_ms));
        let unrecorded = seg.deleted;
        seg.deleted |= delete;
        let seg = seg.clone();
        if unrecorded {
            // Never recorded (inclusion/exclusion lists): there is no contact to touch.
        } else if delete {
            self.contacts.remove(seg.contact_id);
        } else {
            self.refresh(call, &seg);
        }
    }

    /// Writes what the engine knows of a segment into its contact, keeping what others added.
    pub(super) fn refresh(&self, call: &Call, seg: &Segment) {
        let Some(mut c) = self.contacts.get(seg.contact_id) else {
            return;
        };
        for (k, v) in &call.metadata {
            c.metadata.insert(k.clone(), v.clone());
        }
        c.qm.tagged |= call.tagged;
        c.events
            .retain(|e| e.kind != "pause" && e.kind != "blackout");
        // The engine keeps absolute times; a contact's events are offsets from its start.
        let offset = c.start_ms;
        c.events.extend(seg.events.iter().map(|e| Event {
            start_ms: e.start_ms - offset,
            ..e.clone()
        }));
        c.events.sort_by_key(|e| e.start_ms);
        if let Some(end) = seg.end_ms {
            c.duration_ms = end - seg.start_ms;
            c.complete = true;
            if let Some(audio) = c.audio.as_mut() {
                audio.uploaded = true;
            }
        }
        self.contacts.update(&c);
    }

    pub(super) fn end_at(&self, mut call: Call, at: i64) -> Call {
        let at = at.max(call.start_ms);
        self.close_segment(&mut call, at, false);
        call.paused_since = None;
        call.blackout_since = None;
        call.ended_ms = Some(at);
        // The ended call, the live index and the previous-call pointer land together.
        self.store
            .transaction(&[CALLS, LIVE, LAST], |tx| {
                tx.put(CALLS, &call.id, &call);
                if tx.get::<u64, u64>(LIVE, &call.person_id) == Some(call.id) {
                    tx.remove(LIVE, &call.person_id);
                }
                tx.put(LAST, &call.person_id, &call.id);
                Ok(())
            })
            .expect("call end transaction");
        call
    }

    pub(super) fn save(&self, call: &Call) {
        self.calls.put(&call.id, call);
    }

    // ---- the timeline ----------------------------------------------------------------------

    /// Plays what happened up to `now`, in time order: planned ends, answers and timeline starts.
    fn sync(&self, now: i64) {
        let key = "next".to_string();
        loop {
            let next_plan = self.cursor.get(&key).unwrap_or(0);
            let mut best: Option<(i64, u8, Step)> = None;
            let mut consider = |t: i64, order: u8, step: Step| {
                if t <= now
                    && best
                        .as_ref()
                        .is_none_or(|(bt, bo, _)| (t, order) < (*bt, *bo))
                {
                    best = Some((t, order, step));
                }
            };
            for (_, id) in self.live.entries() {
                let Some(call) = self.calls.get(&id) else {
                    continue;
                };
                if let Some(end) = call.end_at_ms {
                    consider(end, 0, Step::End(id));
                }
                if !call.answered {
                    consider(call.answer_ms, 1, Step::Answer(id));
                }
            }
            let plan = self.timeline.get(&next_plan);
            if let Some(p) = &plan {
                consider(p.start_ms, 2, Step::Start);
            }
            let Some((t, _, step)) = best else {
                return;
            };
            match step {
                Step::End(id) => {
                    if let Some(call) = self.calls.get(&id) {
                        self.end_at(call, t);
                    }
                }
                Step::Answer(id) => {
                    if let Some(mut call) = self.calls.get(&id) {
                        self.answer(&mut call, t);
                        self.save(&call);
                    }
                }
                Step::Start => {
                    let p = plan.expect("a planned call");
                    self.cursor.put(&key, &(next_plan + 1));
                    // An agent busy with another call hangs it up to take the planned one.
                    if let Some(busy) = self.live_of(p.person_id) {
                        self.end_at(busy, t);
                    }
                    let new = NewCall {
                        person_id: p.person_id,
                        ani: p.ani,
                        dnis: p.dnis,
                        extension: p.extension,
                        device: p.device,
                        direction: p.direction,
                        ring_ms: p.ring_ms,
                        duration_ms: p.duration_ms,
                        tagged: p.tagged,
                        metadata: p.metadata,
                    };
                    if let Ok(mut call) = self.start_at(new, t) {
                        call.origin = Origin::Scenario;
                        self.save(&call);
                    }
                }
            }
        }
    }

    // ---- screen-only recordings ----------------------------------------------------------

    pub(super) fn open_screen(&self, person_id: u64, at: i64) -> Screen {
        let n = self.store.next_id(SCREEN_IDS);
        let live = self.live_of(person_id);
        let tenant = self.org.persons.get(&person_id);
        let mut contact = Contact::new(tenant.as_ref().map_or(0, |p| p.tenant_id), at);
        contact.agent_id = Some(person_id);
        if let Some(p) = &tenant {
            contact.team_id = Some(p.team_id);
            contact.group_id = self.org.teams.get(&p.team_id).map(|t| t.group_id);
            contact.tz = p.time_zone.clone();
        }
        contact.assoc_call_id = live.as_ref().map(|c| c.id.to_string());
        contact.complete = false;
        contact.screen = Some(Recording {
            location: format!("screen-{n}.webmv"),
            format: "webmv".into(),
            kind: MediaKind::Screen,
            start_ms: at,
            blob: None,
            uploaded: false,
        });
        let contact = self.contacts.insert(contact);
        let screen = Screen {
            person_id,
            contact_id: contact.id,
            start_ms: at,
            call_id: live.map(|c| c.id),
        };
        self.screens.put(&person_id, &screen);
        screen
    }

    pub(super) fn close_screen(&self, screen: &Screen, at: i64) {
        if let Some(mut c) = self.contacts.get(screen.contact_id) {
            c.duration_ms = (at - screen.start_ms).max(0);
            c.complete = true;
            if let Some(r) = c.screen.as_mut() {
                r.uploaded = true;
            }
            self.contacts.update(&c);
        }
        self.screens.remove_key(&screen.person_id);
    }
}

enum Step {
    End(u64),
    Answer(u64),
    Start,
}

/// Closes a pause or blackout period on a segment (clamped to the segment).
pub(super) fn push_period(seg: &mut Segment, kind: &str, since: i64, until: i64) {
    let start = since.max(seg.start_ms);
    seg.events.push(Event {
        kind: kind.to_string(),
        start_ms: start,
        duration_ms: (until - start).max(0),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn engine(yaml_tail: &str) -> Calls {
        let yaml = format!("{}{yaml_tail}", crate::scenario::DEFAULT_YAML);
        let loaded = crate::scenario::load("t", &yaml, None).unwrap();
        let store = Store::open(None).unwrap().sandbox("t");
        crate::world::seed(&store, &loaded.world).unwrap();
        seed(&store, &loaded.world).unwrap();
        Calls::of(&store)
    }

    const T0: i64 = 1_767_603_600_000;

    #[test]
    fn the_timeline_ends_a_call_before_the_next_one_of_the_agent_starts() {
        let calls = engine(
            "calls:\n  - {agent: '5', start: \"2026-01-05T09:00:10Z\", durationMs: 10000}\n  - {agent: '5', start: \"2026-01-05T09:00:20Z\", ringMs: 1000}\n",
        );
        assert!(calls.all(T0).is_empty(), "nothing before its start");
        let all = calls.all(T0 + 60_000);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].ended_ms, Some(T0 + 20_000));
        assert_eq!(all[1].state(T0 + 60_000), CallState::Active);
        assert_eq!(
            all[1].segments[0].start_ms,
            T0 + 21_000,
            "answered after ringing"
        );
        assert_eq!(calls.contacts.len(), 2);
    }

    #[test]
    fn a_planned_call_takes_over_from_a_call_started_by_a_client() {
        let calls = engine("calls:\n  - {agent: '5', start: \"2026-01-05T09:00:10Z\"}\n");
        let first = calls
            .start(
                NewCall {
                    person_id: 5,
                    ..NewCall::default()
                },
                T0,
            )
            .unwrap();
        assert_eq!(
            calls.start(
                NewCall {
                    person_id: 5,
                    ..NewCall::default()
                },
                T0
            ),
            Err(CallError::Busy(first.id))
        );
        let live = calls.live_call(5, T0 + 10_000).unwrap();
        assert_ne!(live.id, first.id);
        assert_eq!(
            calls.get(first.id, T0 + 10_000).unwrap().ended_ms,
            Some(T0 + 10_000)
        );
    }
}
