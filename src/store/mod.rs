//! The only module that names sled. Everything else sees a [`Store`], the per-sandbox
//! [`SandboxStore`] and typed [`Collection`]s whose values are serde_json.
//!
//! Layout (ARCHITECTURE.md "Storage"): one sled tree per (sandbox, collection), named
//! `sb:{sandbox}/{collection}`; id counters per collection in `sb:{sandbox}/__counters`, so the same
//! scenario and the same calls always give the same ids.

mod blobs;
mod collection;
mod index;
mod open;
mod tx;

pub use blobs::{BlobReader, BlobRef, BlobWriter, Blobs, Written};
pub use collection::{Collection, Key};
pub use index::Index;
pub use open::StoreError;
pub use tx::Tx;

use parking_lot::RwLock;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::sync::Arc;

const COUNTERS: &str = "__counters";
const META: &str = "__meta";

/// The whole embedded database: durable (`--data DIR`) or temporary (removed on exit).
#[derive(Clone)]
pub struct Store {
    inner: Arc<open::Opened>,
}

impl Store {
    /// Opens the store at `dir`, or a fresh temporary one when `dir` is `None`.
    pub fn open(dir: Option<&std::path::Path>) -> Result<Store, StoreError> {
        Ok(Store {
            inner: Arc::new(open::Opened::open(dir)?),
        })
    }

    /// Opens an existing `--data` store (for offline reading): a directory no server has used is
    /// refused rather than turned into a new store.
    pub fn open_existing(dir: &std::path::Path) -> Result<Store, StoreError> {
        if !open::holds_a_store(dir) {
            return Err(StoreError::NotAHarnessStore(
                dir.to_path_buf(),
                "no server has used it as --data".into(),
            ));
        }
        Store::open(Some(dir))
    }

    /// True when writes must reach the disk before they are acknowledged (`--data`).
    pub fn is_durable(&self) -> bool {
        self.inner.durable
    }

    /// Waits until every write so far is on disk. A no-op for a temporary store.
    pub async fn flush(&self) {
        if self.inner.durable
            && let Err(e) = self.inner.db.flush_async().await
        {
            eprintln!("wfo-harness: store flush failed: {e}");
        }
    }

    /// Flushes synchronously (used on shutdown).
    pub fn flush_blocking(&self) {
        let _ = self.inner.db.flush();
    }

    pub fn sandbox(&self, name: &str) -> SandboxStore {
        SandboxStore {
            db: self.inner.db.clone(),
            prefix: format!("sb:{name}/"),
            trees: Arc::default(),
            // Hex, so that no sandbox name (`..` is a valid one) names another directory.
            media: self
                .inner
                .dir
                .join("media")
                .join(hex::encode(name.as_bytes())),
            durable: self.inner.durable,
        }
    }

    /// Names of the sandboxes that have any data in the store.
    pub fn sandbox_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .inner
            .db
            .tree_names()
            .into_iter()
            .filter_map(|n| {
                let n = String::from_utf8(n.to_vec()).ok()?;
                let rest = n.strip_prefix("sb:")?;
                let (sandbox, collection) = rest.split_once('/')?;
                (collection == META).then(|| sandbox.to_string())
            })
            .collect();
        names.sort();
        names.dedup();
        names
    }
}

/// The trees of one sandbox.
#[derive(Clone)]
pub struct SandboxStore {
    db: sled::Db,
    prefix: String,
    /// Opened trees, so a request does not look each one up in sled again.
    trees: Arc<RwLock<HashMap<String, sled::Tree>>>,
    /// Where the sandbox's media files live (see [`Blobs`]).
    media: std::path::PathBuf,
    durable: bool,
}

impl SandboxStore {
    fn tree(&self, collection: &str) -> sled::Tree {
        if let Some(tree) = self.trees.read().get(collection) {
            return tree.clone();
        }
        let tree = self
            .db
            .open_tree(format!("{}{collection}", self.prefix))
            .expect("sled could not open a tree");
        self.trees
            .write()
            .insert(collection.to_string(), tree.clone());
        tree
    }

    pub fn collection<K: Key, T: Serialize + DeserializeOwned>(
        &self,
        name: &str,
    ) -> Collection<K, T> {
        Collection::new(self.tree(name))
    }

    /// An ordered byte-key index (secondary keys for range scans).
    pub fn index(&self, name: &str) -> Index {
        Index::new(self.tree(name))
    }

    /// The sandbox's media, stored by content hash.
    pub fn blobs(&self) -> Blobs {
        Blobs {
            dir: self.media.clone(),
            ids: self.tree(COUNTERS),
            durable: self.durable,
        }
    }

    /// The next id of `counter` (1, 2, 3, ...), atomically.
    pub fn next_id(&self, counter: &str) -> u64 {
        collection::bump(&self.tree(COUNTERS), counter, 1)
    }

    /// The last id handed out by `counter` (0 when none).
    pub fn last_id(&self, counter: &str) -> u64 {
        collection::bump(&self.tree(COUNTERS), counter, 0)
    }

    /// Makes sure the next id of `counter` is greater than `at_least`.
    pub fn reserve_ids(&self, counter: &str, at_least: u64) {
        collection::raise(&self.tree(COUNTERS), counter, at_least);
    }

    /// A small key-value area for the sandbox's own settings (scenario text, clock).
    pub fn meta<T: Serialize + DeserializeOwned>(&self) -> Collection<String, T> {
        Collection::new(self.tree(META))
    }

    /// True when the sandbox has been created in this store before.
    pub fn exists(&self) -> bool {
        let meta = format!("{}{META}", self.prefix);
        self.db
            .tree_names()
            .iter()
            .any(|n| n.as_ref() == meta.as_bytes())
            && self.tree(META).contains_key("scenario").unwrap_or(false)
    }

    /// Empties every tree of the sandbox, counters and meta included; handles stay valid.
    pub fn clear_all(&self) {
        let _ = std::fs::remove_dir_all(&self.media);
        for name in self.db.tree_names() {
            if name.starts_with(self.prefix.as_bytes())
                && let Ok(tree) = self.db.open_tree(&name)
            {
                let _ = tree.clear();
            }
        }
    }

    /// Removes every tree of the sandbox, counters and meta included.
    pub fn destroy(&self) {
        let _ = std::fs::remove_dir_all(&self.media);
        for name in self.db.tree_names() {
            if name.starts_with(self.prefix.as_bytes()) {
                let _ = self.db.drop_tree(&name);
            }
        }
        self.trees.write().clear();
    }

    /// Runs `body` as one sled transaction over the named collections (and the id counters):
    /// either every write lands or none does.
    pub fn transaction<R>(
        &self,
        collections: &[&str],
        body: impl Fn(&mut Tx) -> Result<R, String>,
    ) -> Result<R, String> {
        tx::run(self, collections, body)
    }
}
