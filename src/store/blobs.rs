//! Large media by content hash (ARCHITECTURE.md "Storage"): bytes are written in fixed-size
//! chunks as they arrive, so an upload is never held whole in memory, and identical content is
//! kept once. Readers get the bytes back chunk by chunk, or through `Read + Seek`.

use sha2::{Digest, Sha256};
use std::io::{Read, Seek, SeekFrom};

/// Size of one stored chunk; the last chunk of a blob may be shorter.
pub const CHUNK: usize = 64 * 1024;

/// A stored blob: its sha256 (hex) and size.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BlobRef {
    pub sha256: String,
    pub size: u64,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    id: u64,
    size: u64,
}

/// The blobs of one sandbox.
#[derive(Clone)]
pub struct Blobs {
    pub(super) chunks: sled::Tree,
    pub(super) by_hash: sled::Tree,
    pub(super) ids: sled::Tree,
}

/// A blob being written. `finish` names it by its hash; dropping it unfinished removes it.
pub struct BlobWriter {
    blobs: Blobs,
    id: u64,
    seq: u32,
    buf: Vec<u8>,
    hasher: Sha256,
    size: u64,
    done: bool,
}

/// A finished write: the blob, and whether this write created it (false: the content was
/// already stored and the new copy was dropped).
#[derive(Debug, Clone)]
pub struct Written {
    pub blob: BlobRef,
    pub created: bool,
}

fn chunk_key(id: u64, seq: u32) -> [u8; 12] {
    let mut k = [0u8; 12];
    k[..8].copy_from_slice(&id.to_be_bytes());
    k[8..].copy_from_slice(&seq.to_be_bytes());
    k
}

impl Blobs {
    /// Starts a new blob.
    pub fn writer(&self) -> BlobWriter {
        let id = super::collection::bump(&self.ids, "blob", 1);
        BlobWriter {
            blobs: self.clone(),
            id,
            seq: 0,
            buf: Vec::with_capacity(CHUNK),
            hasher: Sha256::new(),
            size: 0,
            done: false,
        }
    }

    /// Stores `bytes` whole (small, generated content).
    pub fn put(&self, bytes: &[u8]) -> Written {
        let mut w = self.writer();
        w.write(bytes);
        w.finish()
    }

    fn stored(&self, sha256: &str) -> Option<Stored> {
        let v = self.by_hash.get(sha256).ok()??;
        serde_json::from_slice(&v).ok()
    }

    pub fn exists(&self, sha256: &str) -> bool {
        self.stored(sha256).is_some()
    }

    /// A reader over the blob, or `None` when it is not stored.
    pub fn open(&self, sha256: &str) -> Option<BlobReader> {
        let s = self.stored(sha256)?;
        Some(BlobReader {
            chunks: self.chunks.clone(),
            id: s.id,
            size: s.size,
            pos: 0,
            current: None,
        })
    }

    /// Removes a blob and its chunks.
    pub fn remove(&self, sha256: &str) {
        if let Some(s) = self.stored(sha256) {
            self.remove_chunks(s.id);
            let _ = self.by_hash.remove(sha256);
        }
    }

    fn remove_chunks(&self, id: u64) {
        let from = chunk_key(id, 0);
        let to = chunk_key(id + 1, 0);
        let keys: Vec<_> = self
            .chunks
            .range(from..to)
            .filter_map(|r| r.ok().map(|(k, _)| k))
            .collect();
        for k in keys {
            let _ = self.chunks.remove(k);
        }
    }

    /// Number of stored blobs.
    pub fn len(&self) -> usize {
        self.by_hash.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_hash.is_empty()
    }
}

impl BlobWriter {
    pub fn write(&mut self, mut data: &[u8]) {
        self.hasher.update(data);
        self.size += data.len() as u64;
        while !data.is_empty() {
            let room = CHUNK - self.buf.len();
            let take = room.min(data.len());
            self.buf.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.buf.len() == CHUNK {
                self.flush_chunk();
            }
        }
    }

    fn flush_chunk(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        self.blobs
            .chunks
            .insert(chunk_key(self.id, self.seq), self.buf.as_slice())
            .expect("sled insert failed");
        self.seq += 1;
        self.buf.clear();
    }

    /// Bytes written so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Ends the blob and names it by its hash.
    pub fn finish(mut self) -> Written {
        self.flush_chunk();
        self.done = true;
        let sha256 = hex::encode(std::mem::take(&mut self.hasher).finalize());
        let blob = BlobRef {
            sha256: sha256.clone(),
            size: self.size,
        };
        if self.blobs.exists(&sha256) {
            self.blobs.remove_chunks(self.id);
            return Written {
                blob,
                created: false,
            };
        }
        let stored = serde_json::to_vec(&Stored {
            id: self.id,
            size: self.size,
        })
        .expect("serialises");
        self.blobs
            .by_hash
            .insert(sha256.as_bytes(), stored)
            .expect("sled insert failed");
        Written {
            blob,
            created: true,
        }
    }
}

impl Drop for BlobWriter {
    fn drop(&mut self) {
        if !self.done {
            self.blobs.remove_chunks(self.id);
        }
    }
}

/// Reads a blob chunk by chunk; `Read + Seek`, so a ZIP archive can be read from the store.
pub struct BlobReader {
    chunks: sled::Tree,
    id: u64,
    size: u64,
    pos: u64,
    current: Option<(u32, sled::IVec)>,
}

impl BlobReader {
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The next stored chunk from the current position (whole chunks; for streaming out).
    pub fn next_chunk(&mut self) -> Option<Vec<u8>> {
        let mut buf = vec![0u8; CHUNK];
        let n = self.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        buf.truncate(n);
        Some(buf)
    }
}

impl Read for BlobReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos >= self.size || out.is_empty() {
            return Ok(0);
        }
        let seq = (self.pos / CHUNK as u64) as u32;
        let offset = (self.pos % CHUNK as u64) as usize;
        if self.current.as_ref().is_none_or(|(s, _)| *s != seq) {
            let chunk = self
                .chunks
                .get(chunk_key(self.id, seq))
                .map_err(std::io::Error::other)?
                .ok_or_else(|| std::io::Error::other("a stored media chunk is missing"))?;
            self.current = Some((seq, chunk));
        }
        let (_, chunk) = self.current.as_ref().expect("just loaded");
        let available = &chunk[offset.min(chunk.len())..];
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for BlobReader {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => n as i128,
            SeekFrom::End(d) => self.size as i128 + d as i128,
            SeekFrom::Current(d) => self.pos as i128 + d as i128,
        };
        if target < 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "seek before the start",
            ));
        }
        self.pos = target as u64;
        Ok(self.pos)
    }
}
