//! The contact: one recorded interaction (a call, a chat, an email) of an agent, as seeds 000 and
//! 001 describe it (bulk import fields, Contact API search parameters and response).

use crate::store::BlobRef;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What kind of interaction a contact is (field notes: `contactType=CALL|TEXT|EMAIL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "UPPERCASE")]
pub enum ContactType {
    #[default]
    Call,
    Text,
    Email,
}

impl ContactType {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactType::Call => "CALL",
            ContactType::Text => "TEXT",
            ContactType::Email => "EMAIL",
        }
    }
}

/// What a recording file carries (seed 000 "Supported formats": the extension says it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MediaKind {
    Audio,
    Screen,
    /// Audio and video in one file (WEBM, WMV).
    Combined,
}

/// One recording of a contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recording {
    /// The key (file) name the import named it by (`Audio.Location`, `Recording1`).
    pub location: String,
    /// Lower-case extension: wav, webm, webma, webmv, spx, wmv, opus.
    pub format: String,
    pub kind: MediaKind,
    /// Start of the recording (defaults to the contact's start).
    pub start_ms: i64,
    /// The stored bytes; `None` while the recording is announced but not uploaded yet
    /// (real-time import), or for scenario contacts whose media the harness synthesises.
    pub blob: Option<BlobRef>,
    /// True once the media is available (uploaded, or declared by a scenario).
    pub uploaded: bool,
}

/// A silence or talk-over event (search filters `silenceEvents`, `talkOverDuration`, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// `silence` or `talkOver` (imports, scenarios), `pause` or `blackout` (the call engine).
    pub kind: String,
    /// Milliseconds from the contact's start.
    pub start_ms: i64,
    pub duration_ms: i64,
}

/// The QM flags contact search filters on (seed 001 Contact API: scored, tagged, hr, training,
/// needsApproval, inProgress). scored, needsApproval and inProgress follow from the contact's
/// evaluation ([`super::evaluation::attach`]); canEvaluate depends on the caller
/// ([`super::evaluation::can_evaluate`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct QmFlags {
    pub scored: bool,
    pub tagged: bool,
    pub hr: bool,
    pub training: bool,
    pub needs_approval: bool,
    pub in_progress: bool,
}

/// The text of a text contact (seed 001 "Generic Text Import API").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TextContent {
    /// email, chat, website, other, facebook, twitter.
    pub text_type: String,
    pub sender: Option<String>,
    pub receivers: Vec<String>,
    pub subject: Option<String>,
    pub references: Vec<String>,
    /// The source's own identifier (`id`): a reused one is refused.
    pub source_id: Option<String>,
    pub text: String,
    pub eval_form: Option<String>,
}

/// One contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    /// The CCR id; 0 before [`super::Contacts::insert`] assigns one.
    pub id: u64,
    pub tenant_id: u64,
    /// The agent's person id (`None`: a gateway-recorded contact without agent).
    pub agent_id: Option<u64>,
    /// The agent's team and group when the contact was recorded (search `team`, `group`).
    pub team_id: Option<u64>,
    pub group_id: Option<u64>,
    pub contact_type: ContactType,
    /// Start, ms since the epoch (GMT).
    pub start_ms: i64,
    pub duration_ms: i64,
    /// When the harness stored it (virtual clock): Contact Monitoring counts by this.
    pub created_ms: i64,
    /// Time zone as given (`ClientTimeZone`/`TimeZone`), else the agent's.
    pub tz: Option<String>,
    /// Calling number (`CallingAddress`, `Calling`).
    pub ani: Option<String>,
    /// Called number (`CalledAddress`, `Called`).
    pub dnis: Option<String>,
    /// The agent's line/extension.
    pub line: Option<String>,
    pub call_id: Option<String>,
    pub assoc_call_id: Option<String>,
    /// 1 = outbound, 0 = inbound.
    pub direction: Option<u8>,
    /// Custom metadata by field name.
    pub metadata: BTreeMap<String, String>,
    pub audio: Option<Recording>,
    pub screen: Option<Recording>,
    pub events: Vec<Event>,
    pub qm: QmFlags,
    /// Upload states (search `type=quality|archive`).
    pub quality: bool,
    pub archive: bool,
    /// False while the call is in progress (Contact Basic Search `isComplete`).
    pub complete: bool,
    pub text: Option<TextContent>,
    /// When the contact was last evaluated (search `dateEvaluatedStart`/`End`).
    #[serde(default)]
    pub evaluated_ms: Option<i64>,
    /// Its QM evaluation, declared in the scenario.
    #[serde(default)]
    pub evaluation: Option<super::evaluation::Evaluation>,
}

impl Contact {
    /// A completed call contact of `tenant_id` starting at `start_ms`, everything else empty.
    pub fn new(tenant_id: u64, start_ms: i64) -> Contact {
        Contact {
            id: 0,
            tenant_id,
            agent_id: None,
            team_id: None,
            group_id: None,
            contact_type: ContactType::Call,
            start_ms,
            duration_ms: 0,
            created_ms: start_ms,
            tz: None,
            ani: None,
            dnis: None,
            line: None,
            call_id: None,
            assoc_call_id: None,
            direction: None,
            metadata: BTreeMap::new(),
            audio: None,
            screen: None,
            events: Vec::new(),
            qm: QmFlags::default(),
            quality: true,
            archive: false,
            complete: true,
            text: None,
            evaluated_ms: None,
            evaluation: None,
        }
    }

    /// True when an audio recording is uploaded.
    pub fn has_audio(&self) -> bool {
        self.audio.as_ref().is_some_and(|r| r.uploaded)
    }

    /// True when a screen recording is uploaded.
    pub fn has_screen(&self) -> bool {
        self.screen.as_ref().is_some_and(|r| r.uploaded)
    }

    /// True when any recording is uploaded (search `hasRecording`).
    pub fn has_recording(&self) -> bool {
        self.has_audio() || self.has_screen()
    }

    pub fn silence(&self) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(|e| e.kind == "silence")
    }

    pub fn talk_over(&self) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(|e| e.kind == "talkOver")
    }
}
