//! Multi-collection writes as one sled transaction (ARCHITECTURE.md "Storage": writes that touch
//! several records use one transaction).

use super::collection::Key;
use super::{COUNTERS, SandboxStore};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};

/// The writes of one transaction. Reads see the transaction's own earlier writes.
pub struct Tx<'a> {
    names: &'a [&'a str],
    trees: &'a [TransactionalTree],
    counters: &'a TransactionalTree,
}

impl Tx<'_> {
    fn tree(&self, collection: &str) -> &TransactionalTree {
        let index = self
            .names
            .iter()
            .position(|n| *n == collection)
            .unwrap_or_else(|| panic!("collection `{collection}` is not part of this transaction"));
        &self.trees[index]
    }

    pub fn get<K: Key, T: DeserializeOwned>(&self, collection: &str, key: &K) -> Option<T> {
        let bytes = self.tree(collection).get(key.encode()).ok()??;
        serde_json::from_slice(&bytes).ok()
    }

    pub fn put<K: Key, T: Serialize>(&self, collection: &str, key: &K, value: &T) {
        let bytes = serde_json::to_vec(value).expect("store values serialise");
        let _ = self.tree(collection).insert(key.encode(), bytes);
    }

    /// Stores bytes as they are (index keys and their small values).
    pub fn put_raw<K: Key>(&self, collection: &str, key: &K, value: Vec<u8>) {
        let _ = self.tree(collection).insert(key.encode(), value);
    }

    pub fn remove<K: Key>(&self, collection: &str, key: &K) {
        let _ = self.tree(collection).remove(key.encode());
    }

    fn counter(&self, name: &str) -> u64 {
        self.counters
            .get(name)
            .ok()
            .flatten()
            .and_then(|b| u64::decode(&b))
            .unwrap_or(0)
    }

    /// The next id of `counter`, rolled back with the transaction.
    pub fn next_id(&self, counter: &str) -> u64 {
        let next = self.counter(counter) + 1;
        let _ = self.counters.insert(counter, next.encode());
        next
    }

    /// Makes sure the next id of `counter` is greater than `at_least`.
    pub fn reserve_ids(&self, counter: &str, at_least: u64) {
        if at_least > self.counter(counter) {
            let _ = self.counters.insert(counter, at_least.encode());
        }
    }
}

pub(super) fn run<R>(
    store: &SandboxStore,
    collections: &[&str],
    body: impl Fn(&mut Tx) -> Result<R, String>,
) -> Result<R, String> {
    let mut trees: Vec<sled::Tree> = collections.iter().map(|c| store.tree(c)).collect();
    trees.push(store.tree(COUNTERS));
    let result = trees[..].transaction(|views: &Vec<TransactionalTree>| {
        let (counters, rest) = views.split_last().expect("counters tree present");
        let mut tx = Tx {
            names: collections,
            trees: rest,
            counters,
        };
        body(&mut tx).map_err(ConflictableTransactionError::Abort)
    });
    match result {
        Ok(value) => Ok(value),
        Err(TransactionError::Abort(message)) => Err(message),
        Err(TransactionError::Storage(e)) => Err(format!("storage error: {e}")),
    }
}
