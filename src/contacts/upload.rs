//! The files of one import request (multipart parts and the entries of ZIP archives), streamed
//! into the blob store as they arrive. Memory holds only names, hashes and per-file results;
//! bytes go to the store in chunks. ZIP archives are read from the store: entries are named by
//! their last path component (never a filesystem path), links are refused, and the entry count
//! and total uncompressed size are capped.

use super::import::{FileKind, Media, check_media_type, classify, extension, flatten};
use crate::store::{BlobRef, BlobWriter, Blobs};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Read;

/// Configurable caps of uploads (`serve --max-upload-bytes`, `--max-zip-entries`,
/// `--max-zip-bytes`).
#[derive(Debug, Clone, Copy)]
pub struct UploadLimits {
    /// The whole request body: over it, 413.
    pub request_bytes: u64,
    /// Entries of all ZIP archives of a request: over it, 413.
    pub zip_entries: usize,
    /// Uncompressed bytes of all ZIP entries of a request: over it, 413.
    pub zip_bytes: u64,
}

impl Default for UploadLimits {
    fn default() -> Self {
        UploadLimits {
            request_bytes: 4 * 1024 * 1024 * 1024,
            zip_entries: 100_000,
            zip_bytes: 8 * 1024 * 1024 * 1024,
        }
    }
}

/// Why a whole request is refused (the caller turns it into a 400 or 413).
#[derive(Debug, Clone)]
pub struct Refused {
    pub too_large: bool,
    pub message: String,
}

/// A declaration file (CSV, JSON) or text content file, stored.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub name: String,
    pub kind: FileKind,
    pub blob: BlobRef,
}

/// Everything one request carried.
pub struct Upload {
    blobs: Blobs,
    limits: UploadLimits,
    accept: fn(FileKind) -> Option<&'static str>,
    pub media: HashMap<String, Media>,
    /// Media names in arrival order (for the response).
    pub media_order: Vec<String>,
    pub declarations: Vec<StoredFile>,
    pub texts: HashMap<String, BlobRef>,
    /// Per-file refusals and notes.
    pub files: Vec<Value>,
    /// What the transcript records of the request: parts, names, sizes, hashes.
    pub summary: Vec<Value>,
    created: Vec<String>,
    zip_entries: usize,
    zip_bytes: u64,
}

/// Something that yields a file's bytes chunk by chunk (a multipart part).
pub trait Chunks {
    fn next(&mut self) -> impl std::future::Future<Output = Result<Option<bytes::Bytes>, Refused>>;
}

impl Upload {
    /// `accept` says, for a file kind, why it is refused here (`None`: accepted).
    pub fn new(
        blobs: Blobs,
        limits: UploadLimits,
        accept: fn(FileKind) -> Option<&'static str>,
    ) -> Upload {
        Upload {
            blobs,
            limits,
            accept,
            media: HashMap::new(),
            media_order: Vec::new(),
            declarations: Vec::new(),
            texts: HashMap::new(),
            files: Vec::new(),
            summary: Vec::new(),
            created: Vec::new(),
            zip_entries: 0,
            zip_bytes: 0,
        }
    }

    fn refuse_file(&mut self, name: &str, error: String) {
        self.files
            .push(json!({"name": name, "status": "failed", "error": error}));
    }

    /// Reads one part into the store and files it by its name.
    pub async fn take<C: Chunks>(
        &mut self,
        name: Option<String>,
        content_type: Option<String>,
        mut data: C,
    ) -> Result<(), Refused> {
        let name = name.unwrap_or_default();
        let kind = classify(&name);
        let refused = match kind {
            None => Some(format!(
                "`{name}` is neither CSV, JSON, a media file ({}) nor ZIP: not imported",
                "wav, webm, webma, webmv, spx, wmv, opus"
            )),
            Some(k) => (self.accept)(k).map(|why| format!("`{name}`: {why}")),
        };
        let mut writer = refused.is_none().then(|| self.blobs.writer());
        let mut head = Vec::new();
        let mut size = 0u64;
        while let Some(chunk) = data.next().await? {
            size += chunk.len() as u64;
            if let Some(w) = writer.as_mut() {
                if head.len() < 16 {
                    head.extend_from_slice(&chunk[..chunk.len().min(16 - head.len())]);
                }
                w.write(&chunk);
            }
        }
        let Some(writer) = writer else {
            self.summary.push(json!({"name": name, "size": size}));
            self.refuse_file(&name, refused.unwrap_or_default());
            return Ok(());
        };
        let blob = self.finish(writer);
        self.summary.push(json!({
            "name": name, "contentType": content_type, "size": blob.size, "sha256": blob.sha256,
        }));
        match kind.expect("accepted kinds are known") {
            FileKind::Zip => self.read_zip(&name, &blob),
            k => {
                self.file(&name, k, content_type.as_deref(), &head, blob);
                Ok(())
            }
        }
    }

    fn finish(&mut self, writer: BlobWriter) -> BlobRef {
        let written = writer.finish();
        if written.created {
            self.created.push(written.blob.sha256.clone());
        }
        written.blob
    }

    fn file(
        &mut self,
        name: &str,
        kind: FileKind,
        content_type: Option<&str>,
        head: &[u8],
        blob: BlobRef,
    ) {
        match kind {
            FileKind::Media(media_kind) => {
                if let Err(e) = check_media_type(name, content_type, head) {
                    self.refuse_file(name, e);
                    return;
                }
                if !self.media.contains_key(name) {
                    self.media_order.push(name.to_string());
                }
                self.media.insert(
                    name.to_string(),
                    Media {
                        blob,
                        kind: media_kind,
                        format: extension(name).unwrap_or_default(),
                    },
                );
            }
            FileKind::Text => {
                self.texts.insert(name.to_string(), blob);
            }
            FileKind::Csv | FileKind::Json => self.declarations.push(StoredFile {
                name: name.to_string(),
                kind,
                blob,
            }),
            FileKind::Zip => {}
        }
    }

    /// Seed 000 "ZIP format": entries are processed as if they were parts, folders flattened.
    fn read_zip(&mut self, name: &str, blob: &BlobRef) -> Result<(), Refused> {
        let bad = |message: String| Refused {
            too_large: false,
            message,
        };
        let reader = self
            .blobs
            .open(&blob.sha256)
            .ok_or_else(|| bad(format!("{name}: the stored archive disappeared")))?;
        let mut archive = zip::ZipArchive::new(reader).map_err(|e| {
            bad(format!(
                "{name} is not a readable ZIP archive (truncated or corrupt): {e}"
            ))
        })?;
        self.zip_entries += archive.len();
        if self.zip_entries > self.limits.zip_entries {
            return Err(Refused {
                too_large: true,
                message: format!(
                    "{name}: the ZIP archives of the request hold more than the limit of {} entries",
                    self.limits.zip_entries
                ),
            });
        }
        for index in 0..archive.len() {
            let mut entry = archive.by_index(index).map_err(|e| {
                bad(format!(
                    "{name}: entry {index} cannot be read (truncated or corrupt archive): {e}"
                ))
            })?;
            if entry.is_dir() {
                continue;
            }
            let raw = entry.name().map(|n| n.to_string()).unwrap_or_default();
            let flat = flatten(&raw).to_string();
            let label = format!("{name}/{raw}");
            if entry.is_symlink() {
                self.refuse_file(&label, format!("`{raw}` in {name} is a link: not imported"));
                continue;
            }
            if flat.is_empty() || flat == "." || flat == ".." {
                self.refuse_file(
                    &label,
                    format!("`{raw}` in {name} names no file: not imported"),
                );
                continue;
            }
            let kind = classify(&flat);
            let why = match kind {
                None => Some(format!(
                    "`{raw}` in {name} is neither CSV, JSON nor a media file: not imported"
                )),
                Some(FileKind::Zip) => Some(format!(
                    "`{raw}` in {name} is a ZIP inside a ZIP: nested archives are not read"
                )),
                Some(k) => (self.accept)(k).map(|why| format!("`{raw}` in {name}: {why}")),
            };
            if let Some(why) = why {
                self.refuse_file(&label, why);
                continue;
            }
            let mut writer = self.blobs.writer();
            let mut head = Vec::new();
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                let n = entry.read(&mut buf).map_err(|e| {
                    bad(format!(
                        "{name}: entry `{raw}` cannot be read (truncated or corrupt archive): {e}"
                    ))
                })?;
                if n == 0 {
                    break;
                }
                self.zip_bytes += n as u64;
                if self.zip_bytes > self.limits.zip_bytes {
                    return Err(Refused {
                        too_large: true,
                        message: format!(
                            "{name}: the uncompressed content of the request's ZIP archives exceeds the limit of {} bytes",
                            self.limits.zip_bytes
                        ),
                    });
                }
                if head.len() < 16 {
                    head.extend_from_slice(&buf[..n.min(16 - head.len())]);
                }
                writer.write(&buf[..n]);
            }
            let blob = self.finish(writer);
            self.summary.push(json!({
                "name": label, "size": blob.size, "sha256": blob.sha256,
            }));
            self.file(&flat, kind.expect("checked"), None, &head, blob);
        }
        Ok(())
    }

    /// Removes the blobs this request created that no contact kept.
    pub fn clean_up(&mut self, kept: &std::collections::HashSet<String>) {
        for hash in self.created.drain(..) {
            if !kept.contains(&hash) {
                self.blobs.remove(&hash);
            }
        }
    }
}

impl Drop for Upload {
    /// A request that ends early (refused, or its connection dropped) leaves nothing behind.
    fn drop(&mut self) {
        for hash in self.created.drain(..) {
            self.blobs.remove(&hash);
        }
    }
}
