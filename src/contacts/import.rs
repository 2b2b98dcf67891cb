//! The rules of contact import (seed 000/001 "Import contacts in bulk"), without HTTP: which
//! files a request may carry, how a CSV row or JSON object becomes a contact, the documented
//! maximum lengths, which recordings a contact needs, and how a repeated CallId merges.

use super::{Contact, Contacts, MediaKind, Recording};
use crate::store::BlobRef;
use crate::world::{Org, Person};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// What a part (or ZIP entry) of an import is, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Json,
    Zip,
    Text,
    Media(MediaKind),
}

/// Seed 000 "Supported formats": the extension says what a recording carries.
pub const MEDIA_FORMATS: &[(&str, MediaKind)] = &[
    ("wav", MediaKind::Audio),
    ("webm", MediaKind::Combined),
    ("webma", MediaKind::Audio),
    ("webmv", MediaKind::Screen),
    ("spx", MediaKind::Audio),
    ("wmv", MediaKind::Combined),
    ("opus", MediaKind::Audio),
];

/// The lower-case extension of a file name.
pub fn extension(name: &str) -> Option<String> {
    let (_, ext) = name.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}

/// What `name` is by its extension, or `None` for anything else.
pub fn classify(name: &str) -> Option<FileKind> {
    let ext = extension(name)?;
    Some(match ext.as_str() {
        "csv" => FileKind::Csv,
        "json" => FileKind::Json,
        "zip" => FileKind::Zip,
        "txt" => FileKind::Text,
        other => FileKind::Media(MEDIA_FORMATS.iter().find(|(e, _)| *e == other)?.1),
    })
}

/// A ZIP entry's name with its folders dropped (seed 000 "ZIP format": flattened and ignored).
pub fn flatten(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// What the first bytes say a media file is.
fn sniff(head: &[u8]) -> Option<&'static str> {
    if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WAVE" {
        Some("WAV")
    } else if head.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        Some("WebM")
    } else if head.starts_with(b"OggS") {
        Some("Ogg (Speex/Opus)")
    } else if head.starts_with(&[0x30, 0x26, 0xB2, 0x75]) {
        Some("ASF (WMV)")
    } else {
        None
    }
}

/// The families a media extension may be, as content and as Content-Type.
fn families(ext: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match ext {
        "wav" => (
            &["WAV"],
            &["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"],
        ),
        "webm" | "webma" | "webmv" => (&["WebM"], &["video/webm", "audio/webm"]),
        "spx" | "opus" => (
            &["Ogg (Speex/Opus)"],
            &[
                "audio/ogg",
                "audio/opus",
                "audio/speex",
                "audio/x-speex",
                "audio/ogg; codecs=opus",
            ],
        ),
        "wmv" => (
            &["ASF (WMV)"],
            &["video/x-ms-wmv", "video/x-ms-asf", "video/wmv"],
        ),
        _ => (&[], &[]),
    }
}

/// Seed 000: "The key name must have a valid extension that matches the media type of the
/// recording." A declared audio/video Content-Type or recognisable content of another format is
/// refused; content the harness cannot recognise is accepted as it is.
pub fn check_media_type(name: &str, content_type: Option<&str>, head: &[u8]) -> Result<(), String> {
    let ext = extension(name).unwrap_or_default();
    let (contents, types) = families(&ext);
    if let Some(ct) = content_type.map(|c| c.to_ascii_lowercase())
        && (ct.starts_with("audio/") || ct.starts_with("video/"))
        && !types.iter().any(|t| ct == *t)
    {
        return Err(format!(
            "{name}: the extension .{ext} does not match the media type {ct}"
        ));
    }
    if let Some(found) = sniff(head)
        && !contents.contains(&found)
    {
        return Err(format!(
            "{name}: the extension .{ext} does not match the content, which is {found}"
        ));
    }
    Ok(())
}

/// A media file of the request, stored.
#[derive(Debug, Clone)]
pub struct Media {
    pub blob: BlobRef,
    pub kind: MediaKind,
    pub format: String,
}

/// Which sub-object named a recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Audio,
    Screen,
    /// CSV `Recording1..3`: the extension decides.
    Any,
}

#[derive(Debug, Clone)]
pub struct Wanted {
    pub field: String,
    pub location: String,
    pub start_ms: Option<i64>,
    pub offset_ms: i64,
    pub slot: Slot,
}

/// One contact as a CSV row or JSON object declares it, checked field by field.
#[derive(Debug, Clone, Default)]
pub struct Declared {
    /// `batch.csv row 3`, `c.json item 1`.
    pub origin: String,
    pub agent: Option<String>,
    pub start_ms: Option<i64>,
    pub tz: Option<String>,
    pub assoc_call_id: Option<String>,
    pub call_id: Option<String>,
    pub called: Option<String>,
    pub calling: Option<String>,
    pub direction: Option<u8>,
    pub line: Option<String>,
    pub metadata: Vec<(String, String)>,
    pub recordings: Vec<Wanted>,
    /// True for CSV rows (AgentId and an audio recording are required there).
    pub csv: bool,
    pub errors: Vec<String>,
    /// The row could not be read at all (wrong column count): no other check applies.
    pub unreadable: bool,
    /// `Audio.StartTimeMs` / `Screen.StartTimeMs` columns, applied once the row is read.
    pending_start: Vec<(Slot, Option<i64>)>,
}

/// Seed 000/001 "Request and response fields": the documented maximum lengths.
fn max_len(field: &str) -> Option<usize> {
    Some(match field {
        "AgentId" => 254,
        "AssocCallId" => 52,
        "CalledAddress" | "Called" | "CallingAddress" | "Calling" | "Line" => 64,
        "CallId" | "Recording1" | "Recording2" | "Recording3" | "Audio.Location"
        | "Screen.Location" => 128,
        "ClientTimeZone" | "TimeZone" => 255,
        _ => return None,
    })
}

/// Custom metadata: field name max 39, value max 2056 (seed 001).
pub const METADATA_NAME_MAX: usize = 39;
pub const METADATA_VALUE_MAX: usize = 2056;

impl Declared {
    fn text(&mut self, field: &str, value: &str) -> Option<String> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        if let Some(max) = max_len(field)
            && value.chars().count() > max
        {
            self.errors.push(format!(
                "{field} is longer than the maximum of {max} characters"
            ));
        }
        Some(value.to_string())
    }

    fn long(&mut self, field: &str, value: &str) -> Option<i64> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        match value.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                self.errors.push(format!(
                    "{field} must be a whole number (a long), not `{value}`"
                ));
                None
            }
        }
    }

    fn direction(&mut self, value: &str) {
        match value.trim() {
            "" => {}
            "0" => self.direction = Some(0),
            "1" => self.direction = Some(1),
            other => self.errors.push(format!(
                "Direction must be 1 (outbound) or 0 (inbound), not `{other}`"
            )),
        }
    }

    fn metadata_field(&mut self, name: &str, value: &str) {
        if name.is_empty() {
            self.errors
                .push("a custom metadata field needs a name".into());
        } else if name.chars().count() > METADATA_NAME_MAX {
            self.errors.push(format!(
                "custom metadata field name `{name}` is longer than the maximum of {METADATA_NAME_MAX} characters"
            ));
        } else if value.chars().count() > METADATA_VALUE_MAX {
            self.errors.push(format!(
                "custom metadata `{name}` has a value longer than the maximum of {METADATA_VALUE_MAX} characters"
            ));
        } else if !value.is_empty() {
            self.metadata.push((name.to_string(), value.to_string()));
        }
    }

    /// A CSV row under `headers` (seed 000 "CSV file examples"). A row whose column count
    /// differs from the header's is refused whole.
    pub fn from_csv(origin: String, headers: &[String], row: &[String]) -> Declared {
        let mut d = Declared {
            origin,
            csv: true,
            ..Declared::default()
        };
        if row.len() != headers.len() {
            d.errors.push(format!(
                "the row has {} columns but the header has {}",
                row.len(),
                headers.len()
            ));
            d.unreadable = true;
            return d;
        }
        let mut offset = 0;
        let mut recordings: BTreeMap<u8, String> = BTreeMap::new();
        for (header, value) in headers.iter().zip(row) {
            let h = header.trim();
            if let Some(name) = h.strip_prefix("metadata.") {
                d.metadata_field(name, value.trim());
                continue;
            }
            match h {
                "AgentId" => d.agent = d.text(h, value),
                "ContactStartTimeMs" => d.start_ms = d.long(h, value),
                "TimeZone" | "ClientTimeZone" => d.tz = d.text(h, value),
                "AssocCallId" => d.assoc_call_id = d.text(h, value),
                "CallId" => d.call_id = d.text(h, value),
                "CalledAddress" | "Called" => d.called = d.text(h, value),
                "CallingAddress" | "Calling" => d.calling = d.text(h, value),
                "Line" => d.line = d.text(h, value),
                "Direction" => d.direction(value),
                "Recording1" | "Recording2" | "Recording3" => {
                    if let Some(v) = d.text(h, value) {
                        recordings.insert(h.as_bytes()[9] - b'0', v);
                    }
                }
                "Recording2Offset" => offset = d.long(h, value).unwrap_or(0),
                "Audio.Location" | "Screen.Location" => {
                    if let Some(v) = d.text(h, value) {
                        d.recordings.push(Wanted {
                            field: h.to_string(),
                            location: v,
                            start_ms: None,
                            offset_ms: 0,
                            slot: if h.starts_with("Audio") {
                                Slot::Audio
                            } else {
                                Slot::Screen
                            },
                        });
                    }
                }
                "Audio.StartTimeMs" | "Screen.StartTimeMs" => {
                    let ms = d.long(h, value);
                    let slot = if h.starts_with("Audio") {
                        Slot::Audio
                    } else {
                        Slot::Screen
                    };
                    d.pending_start.push((slot, ms));
                }
                // Unknown columns are not documented: ignored.
                _ => {}
            }
        }
        for (slot, ms) in std::mem::take(&mut d.pending_start) {
            if let Some(w) = d.recordings.iter_mut().find(|w| w.slot == slot) {
                w.start_ms = ms;
            }
        }
        for (n, location) in recordings {
            d.recordings.push(Wanted {
                field: format!("Recording{n}"),
                location,
                start_ms: None,
                offset_ms: if n == 2 { offset } else { 0 },
                slot: Slot::Any,
            });
        }
        d
    }

    /// A JSON object (seed 000 "JSON file examples"; the real-time API's body).
    pub fn from_json(origin: String, obj: &Value) -> Declared {
        let mut d = Declared {
            origin,
            ..Declared::default()
        };
        let Some(map) = obj.as_object() else {
            d.errors.push(format!(
                "a contact must be a JSON object, not {}",
                crate::http::json::kind(obj)
            ));
            return d;
        };
        for (key, value) in map {
            let k = key.as_str();
            match k {
                "AgentId" | "ClientTimeZone" | "TimeZone" | "AssocCallId" | "CallId" | "Called"
                | "CalledAddress" | "Calling" | "CallingAddress" | "Line" => {
                    let Some(text) = d.scalar(k, value) else {
                        continue;
                    };
                    let v = d.text(k, &text);
                    match k {
                        "AgentId" => d.agent = v,
                        "ClientTimeZone" | "TimeZone" => d.tz = v,
                        "AssocCallId" => d.assoc_call_id = v,
                        "CallId" => d.call_id = v,
                        "Called" | "CalledAddress" => d.called = v,
                        "Calling" | "CallingAddress" => d.calling = v,
                        _ => d.line = v,
                    }
                }
                "ContactStartTimeMs" => {
                    if let Some(text) = d.scalar(k, value) {
                        d.start_ms = d.long(k, &text);
                    }
                }
                "Direction" => {
                    if let Some(text) = d.scalar(k, value) {
                        d.direction(&text);
                    }
                }
                "Audio" | "Screen" => d.sub_objects(k, value),
                "CustomMetadata" => match value {
                    Value::Null => {}
                    Value::Object(fields) => {
                        for (name, v) in fields {
                            match v {
                                Value::Null => {}
                                Value::String(s) => d.metadata_field(name, s),
                                Value::Number(_) | Value::Bool(_) => {
                                    d.metadata_field(name, &v.to_string())
                                }
                                other => d.errors.push(format!(
                                    "CustomMetadata.{name} must be a string, not {}",
                                    crate::http::json::kind(other)
                                )),
                            }
                        }
                    }
                    other => d.errors.push(format!(
                        "CustomMetadata must be an object of name/value pairs, not {}",
                        crate::http::json::kind(other)
                    )),
                },
                _ => {}
            }
        }
        d
    }

    /// A field the document gives as a string or a number.
    fn scalar(&mut self, field: &str, value: &Value) -> Option<String> {
        match value {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            other => {
                self.errors.push(format!(
                    "{field} must be a string or number, not {}",
                    crate::http::json::kind(other)
                ));
                None
            }
        }
    }

    /// `Audio` / `Screen`: an array of `{Location, StartTimeMs}` (the document also shows a
    /// bare object).
    fn sub_objects(&mut self, key: &str, value: &Value) {
        let items: Vec<&Value> = match value {
            Value::Null => return,
            Value::Array(items) => items.iter().collect(),
            Value::Object(_) => vec![value],
            other => {
                self.errors.push(format!(
                    "{key} must be an array of objects with Location, not {}",
                    crate::http::json::kind(other)
                ));
                return;
            }
        };
        if items.len() > 1 {
            self.errors.push(format!(
                "{key} names {} recordings: only a single {} file per contact is allowed",
                items.len(),
                key.to_ascii_lowercase()
            ));
            return;
        }
        for item in items {
            let field = format!("{key}.Location");
            let location = match item.get("Location") {
                Some(v) => self.scalar(&field, v),
                None => None,
            };
            let location = location.and_then(|l| self.text(&field, &l));
            let start_field = format!("{key}.StartTimeMs");
            let start = match item.get("StartTimeMs") {
                Some(v) => self
                    .scalar(&start_field, v)
                    .and_then(|s| self.long(&start_field, &s)),
                None => None,
            };
            match location {
                Some(location) => self.recordings.push(Wanted {
                    field,
                    location,
                    start_ms: start,
                    offset_ms: 0,
                    slot: if key == "Audio" {
                        Slot::Audio
                    } else {
                        Slot::Screen
                    },
                }),
                None => self.errors.push(format!("{field} is required in {key}")),
            }
        }
    }
}

/// How missing media is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Bulk upload: a named recording not in the request fails the contact (seed 000 "Notes").
    Bulk,
    /// Real-time import: recordings are announced now and uploaded later.
    RealTime,
}

/// The result for one declared contact.
#[derive(Debug, Clone)]
pub enum Outcome {
    Inserted(Contact),
    /// A contact with the same CallId and agent existed: merged into it.
    Merged(Contact),
    Failed(Vec<String>),
}

/// Imports declared contacts into one tenant.
pub struct Importer<'a> {
    pub contacts: &'a Contacts,
    pub org: &'a Org,
    /// The authenticated user: the tenant, and the agent of JSON contacts without AgentId.
    pub caller: &'a Person,
    pub now_ms: i64,
    pub media: &'a HashMap<String, Media>,
    pub mode: Mode,
}

impl Importer<'_> {
    /// Applies one declared contact; the media names it used are returned with the outcome.
    pub fn apply(&self, mut d: Declared) -> (Outcome, Vec<String>) {
        if d.unreadable {
            return (Outcome::Failed(d.errors), Vec::new());
        }
        let tenant_id = self.caller.tenant_id;
        let agent = match d.agent.as_deref() {
            Some(id) => {
                // The seed's CSV example writes `abc/bunkowm`: a slash is read as the backslash.
                let normalised = if id.contains('/') && !id.contains('@') && !id.contains('\\') {
                    id.replace('/', "\\")
                } else {
                    id.to_string()
                };
                match self.org.resolve_person(Some(tenant_id), &normalised) {
                    Some(p) => Some(p),
                    None => {
                        d.errors.push(format!(
                            "AgentId `{id}` matches no person of the tenant (give a person id, domain\\user or email)"
                        ));
                        None
                    }
                }
            }
            None if d.csv => {
                d.errors.push("AgentId is required in a CSV row".into());
                None
            }
            None => Some(self.caller.clone()),
        };
        if d.csv && !d.recordings.iter().any(|w| w.field == "Recording1") && d.errors.is_empty() {
            d.errors.push("Recording1 is required in a CSV row".into());
        }
        let start_ms = d.start_ms.unwrap_or(self.now_ms);
        // Recordings: each must be present (bulk), of a kind its slot allows, one audio at most.
        let mut audio: Option<Recording> = None;
        let mut screen: Option<Recording> = None;
        let mut used = Vec::new();
        let mut combined: Vec<Recording> = Vec::new();
        let first_start = start_ms;
        for w in &d.recordings {
            let Some(kind) = classify(&w.location).and_then(|k| match k {
                FileKind::Media(m) => Some(m),
                _ => None,
            }) else {
                d.errors.push(format!(
                    "{} `{}` has no recording extension (wav, webm, webma, webmv, spx, wmv, opus)",
                    w.field, w.location
                ));
                continue;
            };
            let format = extension(&w.location).unwrap_or_default();
            let (blob, uploaded) = match self.media.get(&w.location) {
                Some(m) => {
                    used.push(w.location.clone());
                    (Some(m.blob.clone()), true)
                }
                None if self.mode == Mode::RealTime => (None, false),
                None => {
                    d.errors.push(format!(
                        "{} `{}` is not in the upload: the contact is not inserted",
                        w.field, w.location
                    ));
                    continue;
                }
            };
            let recording = Recording {
                location: w.location.clone(),
                format,
                kind,
                start_ms: w.start_ms.unwrap_or(first_start + w.offset_ms),
                blob,
                uploaded,
            };
            let wrong = match (w.slot, kind) {
                (Slot::Audio, MediaKind::Screen) => Some("an audio"),
                (Slot::Screen, MediaKind::Audio) => Some("a screen"),
                _ => None,
            };
            if let Some(expected) = wrong {
                d.errors.push(format!(
                    "{} `{}` is not {expected} recording format",
                    w.field, w.location
                ));
                continue;
            }
            match (w.slot, kind) {
                (Slot::Screen, _) | (Slot::Any, MediaKind::Screen) => {
                    if screen.is_some() {
                        d.errors
                            .push("only a single screen file per contact is allowed".into());
                    }
                    screen = Some(recording);
                }
                (Slot::Any, MediaKind::Combined) => combined.push(recording),
                _ => {
                    if audio.is_some() {
                        d.errors
                            .push("only a single audio file per contact is allowed".into());
                    }
                    audio = Some(recording);
                }
            }
        }
        // A combined file (WEBM, WMV) is the screen when another file is the audio, else both.
        for r in combined {
            if audio.is_none() {
                if screen.is_none() {
                    screen = Some(r.clone());
                }
                audio = Some(r);
            } else if screen.is_none() {
                screen = Some(r);
            } else {
                d.errors
                    .push("only a single audio file per contact is allowed".into());
            }
        }
        // Seed 000 Recording3: "There must be an audio file or the import fails."
        if d.csv && audio.is_none() && d.errors.is_empty() {
            d.errors.push(
                "there must be an audio recording (Recording1..3) or the import fails".into(),
            );
        }
        if !d.errors.is_empty() {
            return (Outcome::Failed(d.errors), Vec::new());
        }
        let agent = agent.expect("resolved when no error");
        let team = self.org.teams.get(&agent.team_id);
        // The same contact again (same agent, CallId and start) merges into the stored one;
        // the seed's own CSV example reuses a CallId for two calls at different times, so
        // CallId alone does not identify a contact.
        let existing = d.call_id.as_deref().and_then(|id| {
            self.contacts
                .ids_with_call_id(tenant_id, id)
                .into_iter()
                .filter_map(|cid| self.contacts.get(cid))
                .find(|c| c.agent_id == Some(agent.id) && c.start_ms == start_ms)
        });
        let merged = existing.is_some();
        let mut c = existing.unwrap_or_else(|| {
            let mut c = Contact::new(tenant_id, start_ms);
            c.created_ms = self.now_ms;
            c.agent_id = Some(agent.id);
            c.team_id = Some(agent.team_id);
            c.group_id = team.as_ref().map(|t| t.group_id);
            c.tz = agent.time_zone.clone();
            c
        });
        if let Some(ms) = d.start_ms {
            c.start_ms = ms;
        }
        macro_rules! set {
            ($field:ident, $value:expr) => {
                if let Some(v) = $value {
                    c.$field = Some(v);
                }
            };
        }
        set!(tz, d.tz);
        set!(assoc_call_id, d.assoc_call_id);
        set!(call_id, d.call_id);
        set!(dnis, d.called);
        set!(ani, d.calling);
        set!(line, d.line);
        set!(direction, d.direction);
        set!(audio, audio);
        set!(screen, screen);
        for (k, v) in d.metadata {
            c.metadata.insert(k, v);
        }
        if merged {
            self.contacts.update(&c);
            (Outcome::Merged(c), used)
        } else {
            (Outcome::Inserted(self.contacts.insert(c)), used)
        }
    }

    /// Attaches an uploaded file to the contacts that announced it (real-time import: "uploads
    /// recordings separately later"). Returns the ids of the contacts it completed.
    pub fn attach_pending(&self, name: &str, media: &Media) -> Vec<u64> {
        let mut done = Vec::new();
        for id in self.contacts.pending_with(self.caller.tenant_id, name) {
            let Some(mut c) = self.contacts.get(id) else {
                continue;
            };
            for r in [c.audio.as_mut(), c.screen.as_mut()].into_iter().flatten() {
                if !r.uploaded && r.location == name {
                    r.blob = Some(media.blob.clone());
                    r.uploaded = true;
                }
            }
            self.contacts.update(&c);
            done.push(id);
        }
        done
    }
}

/// Parses JSON the way the seed writes it: strictly first; then, for the document's own
/// examples, with a `\` that starts no JSON escape kept as a backslash (`"acme\smithj"`), an
/// array that holds `"key": value` pairs read as an object (`"Screen": ["Location": ...]`), line
/// breaks inside strings kept, a missing comma between members added and a trailing comma
/// dropped (the text import examples).
pub fn lenient_json(text: &str) -> Result<Value, serde_json::Error> {
    match serde_json::from_str(text) {
        Ok(v) => Ok(v),
        Err(strict) => serde_json::from_str(&repair(text)).map_err(|_| strict),
    }
}

fn repair(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_string = false;
    let mut stack: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if in_string {
            if c == '\\' {
                let next = chars.get(i + 1).copied().unwrap_or(' ');
                if matches!(next, '"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't' | 'u') {
                    out.push(c);
                    out.push(next);
                    i += 2;
                    continue;
                }
                out.push_str("\\\\");
            } else if c == '\n' {
                out.push_str("\\n");
            } else if c == '\r' {
            } else {
                if c == '"' {
                    in_string = false;
                }
                out.push(c);
            }
            i += 1;
            continue;
        }
        match c {
            '"' => {
                // `"a" "b"`, `} "b"`, `] "b"`: a comma is missing.
                let before = out.trim_end().chars().last();
                if matches!(before, Some('"' | '}' | ']')) {
                    out.push(',');
                }
                in_string = true;
                out.push(c);
            }
            ',' => {
                let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
                if !matches!(next, Some('}' | ']')) {
                    out.push(c);
                }
            }
            '[' => {
                let pairs = array_holds_pairs(&chars[i + 1..]);
                stack.push(pairs);
                out.push(if pairs { '{' } else { '[' });
            }
            ']' => {
                let pairs = stack.pop().unwrap_or(false);
                out.push(if pairs { '}' } else { ']' });
            }
            '{' => {
                stack.push(false);
                out.push(c);
            }
            '}' => {
                stack.pop();
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// True when what follows `[` is `"string" :`.
fn array_holds_pairs(rest: &[char]) -> bool {
    let mut i = 0;
    while i < rest.len() && rest[i].is_whitespace() {
        i += 1;
    }
    if rest.get(i) != Some(&'"') {
        return false;
    }
    i += 1;
    while i < rest.len() && rest[i] != '"' {
        if rest[i] == '\\' {
            i += 1;
        }
        i += 1;
    }
    i += 1;
    while i < rest.len() && rest[i].is_whitespace() {
        i += 1;
    }
    rest.get(i) == Some(&':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_json_quirks_are_repaired_and_valid_json_is_untouched() {
        let v = lenient_json(
            r#"{"AgentId":"acme\smithj","Screen":["Location":"25.webm","StartTimeMs":1],}"#,
        )
        .unwrap();
        assert_eq!(v["AgentId"], "acme\\smithj");
        assert_eq!(v["Screen"]["Location"], "25.webm");
        let v = lenient_json("{\"a\": \"x\ny\"\n\"b\": [1, 2,]}").unwrap();
        assert_eq!(
            (v["a"].as_str(), v["b"][1].as_i64()),
            (Some("x\ny"), Some(2))
        );
        let strict = r#"{"a": "q\"uote\\", "b": ["x", "y"]}"#;
        assert_eq!(
            lenient_json(strict).unwrap(),
            serde_json::from_str::<Value>(strict).unwrap()
        );
        assert!(lenient_json("{").is_err());
    }

    #[test]
    fn files_are_known_by_extension_and_zip_names_are_flattened() {
        assert_eq!(classify("A.CSV"), Some(FileKind::Csv));
        assert_eq!(
            classify("x.webmv"),
            Some(FileKind::Media(MediaKind::Screen))
        );
        assert_eq!(
            classify("x.wmv"),
            Some(FileKind::Media(MediaKind::Combined))
        );
        assert_eq!(classify("x.mp3"), None);
        assert_eq!(classify("noext"), None);
        assert_eq!(flatten("../../etc/passwd"), "passwd");
        assert_eq!(flatten("a\\b\\c.wav"), "c.wav");
        assert_eq!(flatten("/abs/x.wav"), "x.wav");
    }
}
