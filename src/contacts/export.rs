//! Seed 001 "Single Contact Export API": a POST prepares a contact's media in a format, a GET
//! fetches it once ready. Preparing is a job (kind `mediaExport`, 5 virtual seconds of
//! `encoding` by default; a scenario's `jobs:` block may change it), so clients meet the
//! documented not-ready error until the virtual clock passes the job's end.

use super::{Contact, MediaKind, Recording};
use crate::engine::jobs::{Job, Lifecycle};
use crate::sandbox::Sandbox;
use crate::store::Blobs;

/// The export formats and what they carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Webm,
    WebmVp8,
    WebmVp9,
    Wav,
    Opus,
}

pub const JOB_KIND: &str = "mediaExport";
const EXPORTS: &str = "media_exports";

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        Some(match text {
            "WEBM" => Format::Webm,
            "WEBM_VP8" => Format::WebmVp8,
            "WEBM_VP9" => Format::WebmVp9,
            "WAV" => Format::Wav,
            "OPUS" => Format::Opus,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Webm => "WEBM",
            Format::WebmVp8 => "WEBM_VP8",
            Format::WebmVp9 => "WEBM_VP9",
            Format::Wav => "WAV",
            Format::Opus => "OPUS",
        }
    }

    /// Audio-only formats need an audio recording; the others take audio or screen.
    pub fn audio_only(self) -> bool {
        matches!(self, Format::Wav | Format::Opus)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Wav => "audio/wav",
            Format::Opus => "audio/ogg",
            _ => "video/webm",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Wav => "wav",
            Format::Opus => "opus",
            _ => "webm",
        }
    }

    /// True when a stored recording of `format` is already this container.
    fn same_container(self, format: &str) -> bool {
        match self {
            Format::Wav => format == "wav",
            Format::Opus => format == "opus" || format == "spx",
            _ => matches!(format, "webm" | "webma" | "webmv"),
        }
    }
}

/// The recording an export of `format` is made from, or `None` when the contact has none.
pub fn source(contact: &Contact, format: Format) -> Option<&Recording> {
    let audio = contact.audio.as_ref().filter(|r| r.uploaded);
    let screen = contact.screen.as_ref().filter(|r| r.uploaded);
    if format.audio_only() {
        audio.filter(|r| r.kind != MediaKind::Screen)
    } else {
        screen.or(audio)
    }
}

/// The file name the not-ready error names (seed: "c309.wav").
pub fn file_name(contact_id: u64, format: Format) -> String {
    format!("c{contact_id}.{}", format.extension())
}

/// Starts (or restarts) preparing an export; returns its job.
pub fn prepare(sandbox: &Sandbox, contact_id: u64, format: Format, now_ms: i64) -> Job {
    let job = sandbox.jobs().create(
        JOB_KIND,
        Lifecycle::new(&[("encoding", 5_000)], "ready"),
        now_ms,
        serde_json::json!({"contactId": contact_id, "format": format.name()}),
    );
    sandbox
        .store
        .collection::<String, u64>(EXPORTS)
        .put(&format!("{contact_id}:{}", format.name()), &job.id);
    job
}

/// The prepared export of a contact in a format, if one was requested.
pub fn prepared(sandbox: &Sandbox, contact_id: u64, format: Format) -> Option<Job> {
    let id = sandbox
        .store
        .collection::<String, u64>(EXPORTS)
        .get(&format!("{contact_id}:{}", format.name()))?;
    sandbox.jobs().get(id)
}

/// The exported bytes: the stored recording when it already is the requested container, else a
/// file synthesised from the contact (seeded by its id, as long as the call, at most 60 s):
/// 8 kHz 8-bit PCM for WAV, an Ogg/Opus or WebM/EBML container with that payload otherwise.
pub fn bytes(blobs: &Blobs, contact: &Contact, recording: &Recording, format: Format) -> Vec<u8> {
    if format.same_container(&recording.format)
        && let Some(blob) = &recording.blob
        && let Some(mut reader) = blobs.open(&blob.sha256)
    {
        let mut out = Vec::with_capacity(blob.size as usize);
        while let Some(chunk) = reader.next_chunk() {
            out.extend_from_slice(&chunk);
        }
        return out;
    }
    let seconds = (contact.duration_ms / 1000).clamp(1, 60) as usize;
    let pcm: Vec<u8> = (0..seconds * 8000)
        .map(|i| {
            let x = (i as u64).wrapping_mul(contact.id.wrapping_add(7)) % 23;
            128u8.wrapping_add(x as u8).wrapping_sub(11)
        })
        .collect();
    match format {
        Format::Wav => wav(&pcm),
        Format::Opus => {
            let mut v = b"OggS\0\x02".to_vec();
            v.extend_from_slice(&[0; 20]);
            v.extend_from_slice(b"OpusHead\x01\x01\x38\x01\x40\x1f\0\0\0\0\0");
            v.extend_from_slice(&pcm);
            v
        }
        _ => {
            let mut v = vec![0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x82, 0x84];
            v.extend_from_slice(b"webm");
            v.extend_from_slice(&pcm);
            v
        }
    }
}

/// A mono 8 kHz 8-bit PCM WAV file.
pub fn wav(pcm: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(44 + pcm.len());
    v.extend_from_slice(b"RIFF");
    v.extend_from_slice(&(36 + pcm.len() as u32).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&8000u32.to_le_bytes());
    v.extend_from_slice(&8000u32.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&8u16.to_le_bytes());
    v.extend_from_slice(b"data");
    v.extend_from_slice(&(pcm.len() as u32).to_le_bytes());
    v.extend_from_slice(pcm);
    v
}
