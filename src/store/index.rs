//! Ordered byte-key indexes: secondary keys (agent + time, tenant + time, call id) whose range
//! scans let a search read only the records it can match.

/// One sled tree of ordered keys, each with a small value (often empty).
#[derive(Clone)]
pub struct Index {
    tree: sled::Tree,
}

impl Index {
    pub(super) fn new(tree: sled::Tree) -> Index {
        Index { tree }
    }

    pub fn insert(&self, key: &[u8], value: &[u8]) {
        self.tree.insert(key, value).expect("sled insert failed");
    }

    pub fn remove(&self, key: &[u8]) {
        let _ = self.tree.remove(key);
    }

    pub fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.tree.get(key).ok()?.map(|v| v.to_vec())
    }

    /// Keys in `[from, to)`, in key order.
    pub fn range(
        &self,
        from: Vec<u8>,
        to: Vec<u8>,
    ) -> impl DoubleEndedIterator<Item = Vec<u8>> + use<> {
        self.tree
            .range(from..to)
            .filter_map(|item| item.ok().map(|(k, _)| k.to_vec()))
    }

    /// (key, value) pairs whose key starts with `prefix`, in key order.
    pub fn prefix(&self, prefix: &[u8]) -> impl Iterator<Item = (Vec<u8>, Vec<u8>)> + use<> {
        self.tree
            .scan_prefix(prefix)
            .filter_map(|item| item.ok().map(|(k, v)| (k.to_vec(), v.to_vec())))
    }

    pub fn len(&self) -> usize {
        self.tree.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tree.is_empty()
    }
}
