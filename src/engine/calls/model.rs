//! The records of the call engine: a live or finished call with its segments, a screen-only
//! recording, a device association and a timeline entry.

use crate::contacts::Event;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a call was started from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Origin {
    /// The scenario's `calls:` timeline.
    Scenario,
    /// `POST /__admin/calls`.
    Admin,
    /// inContact `POST /api/Record/StartForAgent`.
    InContact,
}

/// The state a call is in, derived from its record (see [`Call::state`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CallState {
    Ringing,
    Active,
    Paused,
    Blackout,
    Ended,
}

impl CallState {
    pub fn as_str(self) -> &'static str {
        match self {
            CallState::Ringing => "ringing",
            CallState::Active => "active",
            CallState::Paused => "paused",
            CallState::Blackout => "blackout",
            CallState::Ended => "ended",
        }
    }
}

/// One recorded part of a call; each kept segment is one contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Segment {
    /// 1, 2, ... within the call.
    pub number: u32,
    /// The contact (CCR) recording this segment.
    pub contact_id: u64,
    pub start_ms: i64,
    pub end_ms: Option<i64>,
    /// Discarded by `segment` with `delete=true`: its contact no longer exists.
    pub deleted: bool,
    /// Closed pause and blackout periods (kinds `pause`, `blackout`).
    pub events: Vec<Event>,
}

/// A call of one agent (person).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Call {
    pub id: u64,
    pub tenant_id: u64,
    pub person_id: u64,
    pub origin: Origin,
    pub ani: Option<String>,
    pub dnis: Option<String>,
    pub extension: Option<String>,
    pub device: Option<String>,
    /// 0 inbound, 1 outbound.
    pub direction: Option<u8>,
    pub start_ms: i64,
    /// When the call is (or was) answered: it rings until then.
    pub answer_ms: i64,
    /// True once answered (its first segment exists).
    pub answered: bool,
    /// A planned end (timeline `durationMs`, admin `durationMs`).
    pub end_at_ms: Option<i64>,
    pub ended_ms: Option<i64>,
    /// Open pause and blackout periods.
    pub paused_since: Option<i64>,
    pub blackout_since: Option<i64>,
    pub tagged: bool,
    pub metadata: BTreeMap<String, String>,
    pub segments: Vec<Segment>,
}

impl Call {
    /// The call's state at `now`.
    pub fn state(&self, now: i64) -> CallState {
        if self.ended_ms.is_some() {
            CallState::Ended
        } else if !self.answered && now < self.answer_ms {
            CallState::Ringing
        } else if self.blackout_since.is_some() {
            CallState::Blackout
        } else if self.paused_since.is_some() {
            CallState::Paused
        } else {
            CallState::Active
        }
    }

    pub fn is_live(&self) -> bool {
        self.ended_ms.is_none()
    }

    /// The segment being recorded now (live calls only).
    pub fn current_segment(&self) -> Option<&Segment> {
        self.segments.last().filter(|s| s.end_ms.is_none())
    }

    /// The kept segments (each one contact).
    pub fn kept_segments(&self) -> impl Iterator<Item = &Segment> {
        self.segments.iter().filter(|s| !s.deleted)
    }

    /// The segment running at `at_ms`, if any kept one does.
    pub fn segment_at(&self, at_ms: i64) -> Option<&Segment> {
        self.kept_segments()
            .find(|s| s.start_ms <= at_ms && s.end_ms.is_none_or(|e| at_ms < e))
    }

    /// True when the call was in progress at `at_ms`.
    pub fn covers(&self, at_ms: i64) -> bool {
        self.start_ms <= at_ms && self.ended_ms.is_none_or(|e| at_ms < e)
    }
}

/// A screen-only recording (seed 001 `start_screen` / `stop_screen`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Screen {
    pub person_id: u64,
    pub contact_id: u64,
    pub start_ms: i64,
    /// The call running when it started, if any.
    pub call_id: Option<u64>,
}

/// A device association (seed 001 "Device Associations", recording controls' `deviceName`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub name: String,
    pub person_id: u64,
    pub extensions: Vec<String>,
    pub device_type: Option<String>,
}

/// A call of the scenario's timeline, started and ended as the virtual clock passes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Planned {
    pub person_id: u64,
    pub start_ms: i64,
    pub ring_ms: i64,
    pub duration_ms: Option<i64>,
    pub ani: Option<String>,
    pub dnis: Option<String>,
    pub extension: Option<String>,
    pub device: Option<String>,
    pub direction: Option<u8>,
    pub tagged: bool,
    pub metadata: BTreeMap<String, String>,
}
