//! Parts of rule sets shared by key across the whole process: a pattern's
//! analysed and compiled regex, an exclude list's glob set.
//!
//! A run builds one rule set, and rules that repeat a pattern or an exclude
//! list share one copy. A process that builds many (the `config` fuzz target
//! builds one per input, each with its own patterns) must not keep every
//! pattern it ever saw: memory grew by about 45 KB per input, to 4 GB within
//! minutes. So past a bound the table forgets the entries no rule set holds
//! any more, and the bound doubles with what stays, which keeps inserting
//! linear in time.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

/// Entries held before the first sweep (the built-in packs hold a few hundred
/// patterns, all in use; a fuzzed config compiles regexes of up to megabytes).
const FIRST_SWEEP: usize = 512;

/// A table of shared values by key that drops what nothing else holds, past a bound.
#[derive(Debug)]
pub struct SharedByKey<K, V> {
    entries: HashMap<K, Arc<V>>,
    sweep_at: usize,
}

impl<K, V> Default for SharedByKey<K, V> {
    fn default() -> Self {
        SharedByKey { entries: HashMap::new(), sweep_at: FIRST_SWEEP }
    }
}

impl<K: Eq + Hash, V> SharedByKey<K, V> {
    /// The value shared under `key`, if one is held.
    pub fn get<Q>(&self, key: &Q) -> Option<Arc<V>>
    where
        K: std::borrow::Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.entries.get(key).cloned()
    }

    /// Share `value` under `key`.
    pub fn insert(&mut self, key: K, value: Arc<V>) {
        if self.entries.len() >= self.sweep_at {
            self.entries.retain(|_, value| Arc::strong_count(value) > 1);
            self.sweep_at = (2 * self.entries.len()).max(FIRST_SWEEP);
        }
        self.entries.insert(key, value);
    }

    /// How many values are held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether none is held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_no_one_holds_are_forgotten_past_the_bound_and_held_ones_stay() {
        let mut table: SharedByKey<usize, usize> = SharedByKey::default();
        let held: Vec<Arc<usize>> = (0..10).map(Arc::new).collect();
        for (key, value) in held.iter().enumerate() {
            table.insert(key, value.clone());
        }
        for key in 10..100_000 {
            table.insert(key, Arc::new(key));
        }
        assert!(table.len() <= 2 * FIRST_SWEEP, "{}", table.len());
        for (key, value) in held.iter().enumerate() {
            assert!(Arc::ptr_eq(&table.get(&key).unwrap(), value));
        }
    }
}
