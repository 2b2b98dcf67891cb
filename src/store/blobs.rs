//! Large media by content hash (ARCHITECTURE.md "Storage": large media are stored by content
//! hash). Bytes are written to a file of the store's directory (`media/<sandbox>/`) as they
//! arrive, through a fixed buffer, so an upload is never held whole in memory; the finished file
//! is named by its sha256, and identical content is kept once. Media live beside sled rather than
//! in it: gigabytes of media in sled's log stall it, and a file reads back with `Read + Seek`
//! (ZIP archives are read from the store). File names are only hashes and counters, never a
//! client's name.

use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

/// Size of the write buffer and of the chunks [`BlobReader::next_chunk`] gives.
pub const CHUNK: usize = 64 * 1024;

/// A stored blob: its sha256 (hex) and size.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BlobRef {
    pub sha256: String,
    pub size: u64,
}

/// The blobs of one sandbox.
#[derive(Clone)]
pub struct Blobs {
    pub(super) dir: PathBuf,
    pub(super) ids: sled::Tree,
    pub(super) durable: bool,
}

/// A blob being written. `finish` names it by its hash; dropping it unfinished removes it.
pub struct BlobWriter {
    blobs: Blobs,
    path: PathBuf,
    file: Option<BufWriter<File>>,
    hasher: Sha256,
    size: u64,
    failed: Option<String>,
}

/// A finished write: the blob, and whether this write created it (false: the content was
/// already stored and the new copy was dropped).
#[derive(Debug, Clone)]
pub struct Written {
    pub blob: BlobRef,
    pub created: bool,
}

fn is_hash(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

impl Blobs {
    fn path(&self, sha256: &str) -> Option<PathBuf> {
        is_hash(sha256).then(|| self.dir.join(sha256))
    }

    /// Starts a new blob.
    pub fn writer(&self) -> BlobWriter {
        let id = super::collection::bump(&self.ids, "blob", 1);
        let path = self.dir.join(format!("partial-{id}"));
        let opened = std::fs::create_dir_all(&self.dir).and_then(|_| File::create(&path));
        let (file, failed) = match opened {
            Ok(f) => (Some(BufWriter::with_capacity(CHUNK, f)), None),
            Err(e) => (None, Some(e.to_string())),
        };
        BlobWriter {
            blobs: self.clone(),
            path,
            file,
            hasher: Sha256::new(),
            size: 0,
            failed,
        }
    }

    /// Stores `bytes` whole (small, generated content).
    pub fn put(&self, bytes: &[u8]) -> Written {
        let mut w = self.writer();
        w.write(bytes);
        w.finish()
    }

    pub fn exists(&self, sha256: &str) -> bool {
        self.path(sha256).is_some_and(|p| p.is_file())
    }

    /// A reader over the blob, or `None` when it is not stored.
    pub fn open(&self, sha256: &str) -> Option<BlobReader> {
        let file = File::open(self.path(sha256)?).ok()?;
        let size = file.metadata().ok()?.len();
        Some(BlobReader { file, size })
    }

    /// Removes a blob.
    pub fn remove(&self, sha256: &str) {
        if let Some(p) = self.path(sha256) {
            let _ = std::fs::remove_file(p);
        }
    }

    /// Number of stored blobs.
    pub fn len(&self) -> usize {
        std::fs::read_dir(&self.dir)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .filter(|e| e.file_name().to_str().is_some_and(is_hash))
                    .count()
            })
            .unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl BlobWriter {
    pub fn write(&mut self, data: &[u8]) {
        self.hasher.update(data);
        self.size += data.len() as u64;
        if let Some(f) = self.file.as_mut()
            && let Err(e) = f.write_all(data)
        {
            self.failed = Some(e.to_string());
            self.file = None;
        }
    }

    /// Bytes written so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Ends the blob and names it by its hash. A store that cannot write its media directory
    /// panics, as sled does when it cannot write (the gateway answers a vendor-shaped 500).
    pub fn finish(mut self) -> Written {
        let sha256 = hex::encode(std::mem::take(&mut self.hasher).finalize());
        let blob = BlobRef {
            sha256: sha256.clone(),
            size: self.size,
        };
        let file = self.file.take();
        if let Some(e) = &self.failed {
            panic!("the media store cannot write {}: {e}", self.path.display());
        }
        let file = file.expect("open when nothing failed");
        let file = file
            .into_inner()
            .unwrap_or_else(|e| panic!("the media store cannot write: {e}"));
        if self.blobs.durable {
            let _ = file.sync_all();
        }
        drop(file);
        let target = self.blobs.dir.join(&sha256);
        let created = !target.exists();
        if created {
            std::fs::rename(&self.path, &target)
                .unwrap_or_else(|e| panic!("the media store cannot name {sha256}: {e}"));
        } else {
            let _ = std::fs::remove_file(&self.path);
        }
        Written { blob, created }
    }
}

impl Drop for BlobWriter {
    fn drop(&mut self) {
        if self.path.exists() {
            self.file = None;
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Reads a blob; `Read + Seek`, so a ZIP archive can be read from the store.
pub struct BlobReader {
    file: File,
    size: u64,
}

impl BlobReader {
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The next chunk from the current position (for streaming out).
    pub fn next_chunk(&mut self) -> Option<Vec<u8>> {
        let mut buf = vec![0u8; CHUNK];
        let n = self.file.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        buf.truncate(n);
        Some(buf)
    }
}

impl Read for BlobReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        self.file.read(out)
    }
}

impl Seek for BlobReader {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.file.seek(to)
    }
}
