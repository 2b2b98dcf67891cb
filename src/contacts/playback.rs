//! The audio a contact plays back (seed 001 Contact API `recordingUrl`
//! `/api/rest/recording/contact/{id}/recording`, and the field notes' media energy endpoint):
//! the stored bytes of its uploaded audio recording, or, for recordings a scenario declares
//! without bytes, the WAV file media export synthesises for them (`export::bytes`), so playback,
//! export and energy all hear the same audio.

use super::export::{self, Format};
use super::{Contact, Recording};
use crate::store::{BlobReader, Blobs};
use std::io::{Cursor, Read, Seek, SeekFrom};

/// The contact's uploaded audio recording (audio or audio+video; not a screen recording), as
/// audio-only media export picks it. `None`: no audio to play.
pub fn audio(contact: &Contact) -> Option<&Recording> {
    export::source(contact, Format::Wav)
}

/// Where the audio bytes come from.
pub enum Source {
    /// The uploaded file, read from the media store in chunks.
    Stored(BlobReader),
    /// Synthesised (a scenario recording without bytes).
    Generated(Cursor<Vec<u8>>),
}

impl Source {
    /// Size of the file in bytes.
    pub fn len(&self) -> u64 {
        match self {
            Source::Stored(r) => r.size(),
            Source::Generated(c) => c.get_ref().len() as u64,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The whole file (the HTTP layer buffers answers for the transcript anyway).
    pub fn into_bytes(mut self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.len() as usize);
        let _ = self.read_to_end(&mut out);
        out
    }
}

impl Seek for Source {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        match self {
            Source::Stored(r) => r.seek(to),
            Source::Generated(c) => c.seek(to),
        }
    }
}

impl Read for Source {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Source::Stored(r) => r.read(out),
            Source::Generated(c) => c.read(out),
        }
    }
}

/// A contact's playable audio: its bytes and what they are.
pub struct Playback {
    /// Lower-case extension of the bytes (`wav`, `opus`, `webm`, ...).
    pub format: String,
    pub source: Source,
}

impl Playback {
    /// The content type of the bytes, by their extension (seed 000 "Supported formats").
    pub fn content_type(&self) -> &'static str {
        content_type(&self.format)
    }

    /// True when the bytes are a WAV file (PCM the energy envelope can decode).
    pub fn is_wav(&self) -> bool {
        self.format == "wav"
    }
}

/// The content type of a recording format.
pub fn content_type(format: &str) -> &'static str {
    match format {
        "wav" => "audio/wav",
        "opus" | "spx" => "audio/ogg",
        "webma" => "audio/webm",
        "webm" | "webmv" => "video/webm",
        "wmv" => "video/x-ms-wmv",
        _ => "application/octet-stream",
    }
}

/// Opens the contact's audio, or `None` when it has no uploaded audio recording.
pub fn open(blobs: &Blobs, contact: &Contact) -> Option<Playback> {
    let recording = audio(contact)?;
    if let Some(blob) = &recording.blob
        && let Some(reader) = blobs.open(&blob.sha256)
    {
        return Some(Playback {
            format: recording.format.clone(),
            source: Source::Stored(reader),
        });
    }
    Some(Playback {
        format: "wav".into(),
        source: Source::Generated(Cursor::new(export::bytes(
            blobs,
            contact,
            recording,
            Format::Wav,
        ))),
    })
}
