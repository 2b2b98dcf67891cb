//! A typed view of one sled tree: keys are ids (big-endian u64, so iteration is in id order) or
//! strings, values are serde_json.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::marker::PhantomData;

/// A key of a collection: ids sort numerically, strings lexically.
pub trait Key: Sized {
    fn encode(&self) -> Vec<u8>;
    fn decode(bytes: &[u8]) -> Option<Self>;
}

impl Key for u64 {
    fn encode(&self) -> Vec<u8> {
        self.to_be_bytes().to_vec()
    }
    fn decode(bytes: &[u8]) -> Option<Self> {
        Some(u64::from_be_bytes(bytes.try_into().ok()?))
    }
}

impl Key for String {
    fn encode(&self) -> Vec<u8> {
        self.as_bytes().to_vec()
    }
    fn decode(bytes: &[u8]) -> Option<Self> {
        String::from_utf8(bytes.to_vec()).ok()
    }
}

impl Key for Vec<u8> {
    fn encode(&self) -> Vec<u8> {
        self.clone()
    }
    fn decode(bytes: &[u8]) -> Option<Self> {
        Some(bytes.to_vec())
    }
}

pub struct Collection<K, T> {
    tree: sled::Tree,
    _types: PhantomData<(K, T)>,
}

impl<K: Key, T: Serialize + DeserializeOwned> Collection<K, T> {
    pub(super) fn new(tree: sled::Tree) -> Self {
        Collection {
            tree,
            _types: PhantomData,
        }
    }

    pub fn get(&self, key: &K) -> Option<T> {
        let bytes = self.tree.get(key.encode()).ok()??;
        serde_json::from_slice(&bytes).ok()
    }

    pub fn put(&self, key: &K, value: &T) {
        let bytes = serde_json::to_vec(value).expect("store values serialise");
        self.tree
            .insert(key.encode(), bytes)
            .expect("sled insert failed");
    }

    /// Stores bytes as they are (the transcript's compressed chunks).
    pub fn put_raw(&self, key: &K, bytes: Vec<u8>) {
        self.tree
            .insert(key.encode(), bytes)
            .expect("sled insert failed");
    }

    pub fn get_raw(&self, key: &K) -> Option<Vec<u8>> {
        self.tree.get(key.encode()).ok()?.map(|v| v.to_vec())
    }

    /// Removes a key without reading its value.
    pub fn remove_key(&self, key: &K) {
        let _ = self.tree.remove(key.encode());
    }

    pub fn remove(&self, key: &K) -> Option<T> {
        let bytes = self.tree.remove(key.encode()).ok()??;
        serde_json::from_slice(&bytes).ok()
    }

    /// Every value in key order.
    pub fn values(&self) -> Vec<T> {
        self.entries().into_iter().map(|(_, v)| v).collect()
    }

    /// Every (key, value) in key order.
    pub fn entries(&self) -> Vec<(K, T)> {
        self.tree
            .iter()
            .filter_map(|item| {
                let (k, v) = item.ok()?;
                Some((K::decode(&k)?, serde_json::from_slice(&v).ok()?))
            })
            .collect()
    }

    /// Stored bytes in key order, without deserialising them.
    pub fn raw_values(&self) -> impl Iterator<Item = Vec<u8>> + '_ {
        self.tree
            .iter()
            .filter_map(|item| item.ok().map(|(_, v)| v.to_vec()))
    }

    /// The first value for which `pred` holds, in key order.
    pub fn find(&self, pred: impl Fn(&T) -> bool) -> Option<T> {
        self.tree.iter().find_map(|item| {
            let (_, v) = item.ok()?;
            let value: T = serde_json::from_slice(&v).ok()?;
            pred(&value).then_some(value)
        })
    }

    /// The smallest key, if any.
    pub fn first_key(&self) -> Option<K> {
        let (k, _) = self.tree.first().ok()??;
        K::decode(&k)
    }

    /// The largest key, if any.
    pub fn last_key(&self) -> Option<K> {
        let (k, _) = self.tree.last().ok()??;
        K::decode(&k)
    }

    pub fn len(&self) -> usize {
        self.tree.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tree.is_empty()
    }

    pub fn clear(&self) {
        let _ = self.tree.clear();
    }
}

/// Adds `by` to the counter `name` and returns the new value (`by = 0` reads it).
pub(super) fn bump(tree: &sled::Tree, name: &str, by: u64) -> u64 {
    let updated = tree
        .update_and_fetch(name, |old| {
            let current = old.and_then(u64::decode).unwrap_or(0);
            Some((current + by).encode())
        })
        .expect("sled counter update failed");
    updated.and_then(|b| u64::decode(&b)).unwrap_or(0)
}

/// Raises the counter `name` to at least `at_least`.
pub(super) fn raise(tree: &sled::Tree, name: &str, at_least: u64) {
    tree.update_and_fetch(name, |old| {
        let current = old.and_then(u64::decode).unwrap_or(0);
        Some(current.max(at_least).encode())
    })
    .expect("sled counter update failed");
}
