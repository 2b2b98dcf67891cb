//! The recording-control commands, word for word from seed 001 "Recording Controls API Request
//! Commands" (and seed 003's blackout): what applies, and when a command is ignored.

use super::engine::{CallError, Calls, Outcome, Target, Why, push_period};
use super::model::*;
use std::collections::BTreeMap;

impl Calls {
    /// Pause: "Pause both screen and audio recording for the active call. If the recording is
    /// already paused, this command is ignored." `at` is the request's timestamp, if any.
    pub fn pause(&self, person_id: u64, at: Option<i64>, now: i64) -> Outcome {
        self.period(person_id, Period::Pause, true, at, now)
    }

    /// Resume: "If the recording is not paused, this command is ignored."
    pub fn resume(&self, person_id: u64, at: Option<i64>, now: i64) -> Outcome {
        self.period(person_id, Period::Pause, false, at, now)
    }

    /// inContact Blackout/StartForAgent (seed 003): recording blacked out until stopped.
    pub fn blackout_start(&self, person_id: u64, now: i64) -> Outcome {
        self.period(person_id, Period::Blackout, true, None, now)
    }

    /// inContact Blackout/StopForAgent.
    pub fn blackout_stop(&self, person_id: u64, now: i64) -> Outcome {
        self.period(person_id, Period::Blackout, false, None, now)
    }

    fn period(
        &self,
        person_id: u64,
        kind: Period,
        open: bool,
        at: Option<i64>,
        now: i64,
    ) -> Outcome {
        self.locked(now, |c| {
            let Some(mut call) = c.live_of(person_id) else {
                return Outcome::Ignored(match at {
                    Some(_) => Why::NoCallAtTimestamp,
                    None => Why::NoActiveCall,
                });
            };
            if at.is_some_and(|t| t < call.start_ms) {
                return Outcome::Ignored(Why::NoCallAtTimestamp);
            }
            if !call.answered {
                return Outcome::Ignored(Why::NotAnswered);
            }
            let seg_start = call.current_segment().map_or(now, |s| s.start_ms);
            let since = match kind {
                Period::Pause => call.paused_since,
                Period::Blackout => call.blackout_since,
            };
            match (open, since) {
                (true, Some(_)) => return Outcome::Ignored(kind.already()),
                (false, None) => return Outcome::Ignored(kind.not_open()),
                (true, None) => {
                    let t = at.unwrap_or(now).clamp(seg_start, now.max(seg_start));
                    kind.set(&mut call, Some(t));
                }
                (false, Some(since)) => {
                    let t = at.unwrap_or(now).clamp(since, now.max(since));
                    let seg = call
                        .segments
                        .last_mut()
                        .expect("an answered call has a segment");
                    push_period(seg, kind.name(), since, t);
                    kind.set(&mut call, None);
                    let seg = seg_clone(&call);
                    c.refresh(&call, &seg);
                }
            }
            c.save(&call);
            Outcome::Done
        })
    }

    /// Segment: "Start a new segment contact for the active call." With `delete`, "the previous
    /// segment in the call is deleted immediately"; otherwise it is saved like a normal call.
    pub fn segment(&self, person_id: u64, delete: bool, now: i64) -> Outcome {
        self.locked(now, |c| {
            let Some(mut call) = c.live_of(person_id) else {
                return Outcome::Ignored(Why::NoActiveCall);
            };
            if !call.answered {
                return Outcome::Ignored(Why::NotAnswered);
            }
            c.close_segment(&mut call, now, delete);
            c.open_segment(&mut call, now);
            c.save(&call);
            Outcome::Done
        })
    }

    /// Tag: "Sets the reason for the active call to tagged. If there is no active call and
    /// active_call_only is false, this will change the reason of the previous call."
    pub fn tag(
        &self,
        person_id: u64,
        target: Target,
        active_only: bool,
        now: i64,
    ) -> Result<Outcome, CallError> {
        self.apply(person_id, target, active_only, now, |call, contact| {
            if let Some(call) = call {
                call.tagged = true;
            }
            contact.qm.tagged = true;
        })
    }

    /// Metadata: "Attaches metadata to the active call. If there is no active call and
    /// active_call_only is false, this will attach metadata to the previous call."
    pub fn metadata(
        &self,
        person_id: u64,
        target: Target,
        active_only: bool,
        pairs: &BTreeMap<String, String>,
        now: i64,
    ) -> Result<Outcome, CallError> {
        self.apply(person_id, target, active_only, now, |call, contact| {
            if let Some(call) = call {
                call.metadata
                    .extend(pairs.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            contact
                .metadata
                .extend(pairs.iter().map(|(k, v)| (k.clone(), v.clone())));
        })
    }

    /// Finds the call (and contact) a metadata/tag command means and applies `edit` to both.
    /// A live call keeps the change for the segments still to come.
    fn apply(
        &self,
        person_id: u64,
        target: Target,
        active_only: bool,
        now: i64,
        edit: impl Fn(Option<&mut Call>, &mut crate::contacts::Contact),
    ) -> Result<Outcome, CallError> {
        self.locked(now, |c| {
            let (mut call, contact_id) = match target {
                Target::Contact(id) => {
                    let contact = c.contacts.get(id).ok_or(CallError::UnknownContact(id))?;
                    let live = contact
                        .agent_id
                        .and_then(|a| c.live_of(a))
                        .filter(|l| l.current_segment().is_some_and(|s| s.contact_id == id));
                    (live, Some(id))
                }
                Target::Current => match c.live_of(person_id) {
                    Some(live) => {
                        let id = live.current_segment().map(|s| s.contact_id);
                        (Some(live), id)
                    }
                    None if active_only => return Ok(Outcome::Ignored(Why::NoActiveCall)),
                    None => {
                        let Some(prev) = c.last.get(&person_id).and_then(|id| c.calls.get(&id))
                        else {
                            return Ok(Outcome::Ignored(Why::NoPreviousCall));
                        };
                        let id = prev.kept_segments().last().map(|s| s.contact_id);
                        (Some(prev), id)
                    }
                },
                Target::At(t) => {
                    let calls = c.calls_of_locked(person_id);
                    let Some(found) = calls.into_iter().rev().find(|call| call.covers(t)) else {
                        return Ok(Outcome::Ignored(Why::NoCallAtTimestamp));
                    };
                    if !found.is_live() && active_only {
                        return Ok(Outcome::Ignored(Why::CallAtTimestampEnded));
                    }
                    let id = found
                        .segment_at(t)
                        .or_else(|| found.kept_segments().next())
                        .map(|s| s.contact_id);
                    (Some(found), id)
                }
            };
            // A live call keeps the change for its later segments; a finished one only on its
            // contact (so that later commands do not rewrite other segments).
            if let Some(live) = call.as_mut().filter(|l| l.is_live()) {
                let mut scratch = crate::contacts::Contact::new(0, 0);
                edit(Some(live), &mut scratch);
                c.save(live);
            }
            if let Some(mut contact) = contact_id.and_then(|id| c.contacts.get(id)) {
                edit(None, &mut contact);
                c.contacts.update(&contact);
            }
            Ok(Outcome::Done)
        })
    }

    /// Start_Screen: "Start a screen only recording ... If another screen-only recording has
    /// already been initiated, this command is ignored."
    pub fn start_screen(&self, person_id: u64, now: i64) -> Outcome {
        self.locked(now, |c| {
            if c.screens.get(&person_id).is_some() {
                return Outcome::Ignored(Why::ScreenRunning);
            }
            c.open_screen(person_id, now);
            Outcome::Done
        })
    }

    /// Stop_Screen: "If no screen-only recording is in progress, this command is ignored."
    pub fn stop_screen(&self, person_id: u64, now: i64) -> Outcome {
        self.locked(now, |c| match c.screens.get(&person_id) {
            Some(screen) => {
                c.close_screen(&screen, now);
                Outcome::Done
            }
            None => Outcome::Ignored(Why::NoScreen),
        })
    }

    /// call_status: whether a call is in progress for the person (only when its ANI / DNIS match
    /// those given) and the contact id of its current segment, if it has one.
    pub fn status(
        &self,
        person_id: u64,
        ani: Option<&str>,
        dnis: Option<&str>,
        now: i64,
    ) -> (bool, Option<u64>) {
        self.locked(now, |c| match c.live_of(person_id) {
            Some(call)
                if ani.is_none_or(|a| call.ani.as_deref() == Some(a))
                    && dnis.is_none_or(|d| call.dnis.as_deref() == Some(d)) =>
            {
                (
                    true,
                    call.current_segment()
                        .filter(|s| !s.deleted)
                        .map(|s| s.contact_id),
                )
            }
            _ => (false, None),
        })
    }

    /// Login: "Associates the user with the device for hoteling." One person per extension (a
    /// later login takes the extension over) and one extension per person.
    pub fn login(&self, person_id: u64, extension: &str, now: i64) -> Outcome {
        self.locked(now, |c| {
            for ext in c.extensions_of(person_id) {
                c.hoteling.remove_key(&ext);
            }
            c.hoteling.put(&extension.to_string(), &person_id);
            Outcome::Done
        })
    }

    /// Logout: "Removes the association of the user to the device for hoteling."
    pub fn logout(&self, person_id: u64, extension: &str, now: i64) -> Outcome {
        self.locked(now, |c| {
            let key = extension.to_string();
            if c.hoteling.get(&key) == Some(person_id) {
                c.hoteling.remove_key(&key);
                Outcome::Done
            } else {
                Outcome::Ignored(Why::NotLoggedIn)
            }
        })
    }
}

fn seg_clone(call: &Call) -> Segment {
    call.segments.last().cloned().expect("a segment")
}

#[derive(Clone, Copy)]
enum Period {
    Pause,
    Blackout,
}

impl Period {
    fn name(self) -> &'static str {
        match self {
            Period::Pause => "pause",
            Period::Blackout => "blackout",
        }
    }
    fn already(self) -> Why {
        match self {
            Period::Pause => Why::AlreadyPaused,
            Period::Blackout => Why::AlreadyBlackout,
        }
    }
    fn not_open(self) -> Why {
        match self {
            Period::Pause => Why::NotPaused,
            Period::Blackout => Why::NotBlackout,
        }
    }
    fn set(self, call: &mut Call, since: Option<i64>) {
        match self {
            Period::Pause => call.paused_since = since,
            Period::Blackout => call.blackout_since = since,
        }
    }
}
