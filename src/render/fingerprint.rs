//! Fingerprints: 64-bit hashes of what a file or a view was made from, by which a rebuild of the
//! preview server tells what changed since the last one.

use std::hash::{DefaultHasher, Hash, Hasher};

/// The fingerprint of `value`; the same input gives the same fingerprint in every run.
pub fn of(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}
