//! Grouping equal keys by sorting on a hash of them: linear passes over the top bits of the hash
//! rather than a comparison sort of a million keys (n log n, and cache misses that grow with the
//! rows), and no map that a crafted file could make collide.

/// An odd constant that spreads a key's bits into the top ones when multiplied by it (a bijection:
/// equal products are equal keys).
pub(crate) const SPREAD: u64 = 0x9E37_79B9_7F4A_7C15;

/// The length from which [`sort_by_hash`] takes the radix passes. They beat the comparison sort
/// from about 1,500 elements on (16-byte elements, natively: 7 against 15 ns an element at 1,500,
/// 18 against 25 at 60,000); and the wasm warm-up's register of 1,786 rows then runs them, so
/// that V8 has optimised them before a real check (`warm_up` in src/wasm.rs).
const RADIX_FROM: usize = 1 << 10;

/// From this many elements, a grouping sorts only the elements whose key another may share
/// ([`pick_shared`]): in a million-row register most keys are met once (an ID, a row), and
/// sorting all of them left the cache at every pass.
pub(crate) const PICK_FROM: usize = 1 << 15;

/// Puts in `picked` the elements of `all` whose key another element's may equal: a bit for a
/// key's top 22 bits met once, another for met twice (512 KB each, which the cache holds). An
/// element left out has a key no other element has; a few kept have not (a fifth of a million).
/// False, with nothing picked, when most keys are shared: all are sorted then. `key` must be
/// spread in its top bits (a hash, or a product with [`SPREAD`]).
pub(crate) fn pick_shared<T: Copy>(all: &[T], key: impl Fn(&T) -> u64, picked: &mut Vec<T>) -> bool {
    const BITS: u32 = 22;
    let at = |e: &T| {
        let slot = (key(e) >> (64 - BITS)) as usize;
        (slot >> 6, 1u64 << (slot & 63))
    };
    let (mut once, mut twice) = (vec![0u64; 1 << (BITS - 6)], vec![0u64; 1 << (BITS - 6)]);
    for e in all {
        let (word, bit) = at(e);
        twice[word] |= once[word] & bit;
        once[word] |= bit;
    }
    let count = |bits: &[u64]| bits.iter().map(|w| w.count_ones() as usize).sum::<usize>();
    // Keys met twice or more, against all keys: from a third on, most elements would be picked.
    if 3 * count(&twice) > count(&once) {
        return false;
    }
    picked.clear();
    picked.extend(all.iter().filter(|e| {
        let (word, bit) = at(e);
        twice[word] & bit != 0
    }));
    true
}

/// Sorts `v` by `(hash, element)`, where `hash` is well spread in its top bits (a hash or a
/// product with [`SPREAD`]). Slices of [`RADIX_FROM`] elements and more take two stable radix
/// passes over the top 22 bits of the hash, which leave runs of a few elements, each then
/// finished by a comparison sort: two passes instead of six for a full 64-bit radix sort, and the
/// elements themselves move, so none are gathered from afar afterwards. `scratch` is room for the
/// passes, kept between calls.
pub(crate) fn sort_by_hash<T: Copy + Ord>(v: &mut [T], scratch: &mut Vec<T>, hash: impl Fn(&T) -> u64) {
    const BITS: u32 = 11;
    const BUCKETS: usize = 1 << BITS;
    const TOP: u32 = 64 - 2 * BITS;
    if v.len() < RADIX_FROM {
        v.sort_unstable_by_key(|e| (hash(e), *e));
        return;
    }
    // 2,048 buckets a pass, not 65,536: a pass then writes to few enough places at once to stay
    // in the cache.
    let digit = |e: &T, pass: u32| ((hash(e) >> (TOP + pass * BITS)) as usize) & (BUCKETS - 1);
    let mut counts = [[0usize; BUCKETS]; 2];
    for e in v.iter() {
        counts[0][digit(e, 0)] += 1;
        counts[1][digit(e, 1)] += 1;
    }
    for c in counts.iter_mut() {
        let mut sum = 0;
        for n in c.iter_mut() {
            (*n, sum) = (sum, sum + *n);
        }
    }
    // Room only: every slot is written by the first pass before the second reads it.
    if scratch.len() < v.len() {
        scratch.resize(v.len(), v[0]);
    }
    let scratch = &mut scratch[..v.len()];
    for e in v.iter() {
        let d = digit(e, 0);
        scratch[counts[0][d]] = *e;
        counts[0][d] += 1;
    }
    for e in scratch.iter() {
        let d = digit(e, 1);
        v[counts[1][d]] = *e;
        counts[1][d] += 1;
    }
    for run in v.chunk_by_mut(|a, b| hash(a) >> TOP == hash(b) >> TOP) {
        if run.len() > 1 {
            run.sort_unstable_by_key(|e| (hash(e), *e));
        }
    }
}

/// Calls `each` with every group of `v`'s entries whose `key`s are equal, after sorting `v` with
/// [`sort_by_hash`] on `hash` (equal keys must have equal hashes). A run of one hash is one group
/// unless its keys differ (a collision): only then is it sorted again, by key and entry. An entry
/// alone in its hash is a group without its key being read, which at a million rows is most
/// entries, and a key read is often a text far away. The entries of a group are in order.
pub(crate) fn by_key<T: Copy + Ord, K: Ord>(
    v: &mut [T],
    hash: impl Fn(&T) -> u64,
    key: impl Fn(&T) -> K,
    mut each: impl FnMut(&[T]),
) {
    sort_by_hash(v, &mut Vec::new(), &hash);
    for same_hash in v.chunk_by_mut(|a, b| hash(a) == hash(b)) {
        if same_hash.len() > 1 && same_hash[1..].iter().any(|e| key(e) != key(&same_hash[0])) {
            same_hash.sort_unstable_by(|a, b| key(a).cmp(&key(b)).then(a.cmp(b)));
        }
        same_hash.chunk_by(|a, b| key(a) == key(b)).for_each(&mut each);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The radix passes sort by (hash, element) as a comparison sort does, from the first length
    /// that takes them: hashes spread over all 64 bits, hashes sharing their top bits, and many
    /// equal hashes.
    #[test]
    fn sort_by_hash_sorts_by_hash_then_element() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for len in [RADIX_FROM - 1, RADIX_FROM, 1_500, 100_000] {
            for spread in [u64::MAX, 0xFFFF_F000_0000_0FFF, 0x7] {
                let mut v: Vec<(u64, u32)> = (0..len as u32).map(|i| (next() & spread, i % 5_000)).collect();
                let mut expected = v.clone();
                expected.sort();
                sort_by_hash(&mut v, &mut Vec::new(), |e| e.0);
                assert!(v == expected, "{len} elements, spread {spread:x}");
            }
        }
    }

    /// Keys that share a hash (37 hashes for 1,000 keys) are told apart, each group holding
    /// every entry of its key in order; an entry alone in its hash has its key never read.
    #[test]
    fn by_key_groups_equal_keys_and_tells_colliding_ones_apart() {
        let texts: Vec<String> = (0..3000).map(|i| format!("户{}", i % 1000)).collect();
        let mut v: Vec<(u64, u32)> = (0..3000u32).map(|i| (u64::from(i % 1000 % 37).wrapping_mul(SPREAD), i)).collect();
        let mut groups: Vec<Vec<u32>> = Vec::new();
        by_key(&mut v, |e| e.0, |e| texts[e.1 as usize].as_str(), |g| groups.push(g.iter().map(|e| e.1).collect()));
        groups.sort();
        let expected: Vec<Vec<u32>> = (0..1000).map(|i| vec![i, i + 1000, i + 2000]).collect();
        assert_eq!(groups, expected);

        let reads = std::cell::Cell::new(0);
        let mut v: Vec<(u64, u32)> = (0..3000u32).map(|i| (u64::from(i).wrapping_mul(SPREAD), i)).collect();
        let mut count = 0;
        by_key(&mut v, |e| e.0, |e| (reads.set(reads.get() + 1), e.1).1, |g| count += g.len());
        assert_eq!((count, reads.get()), (3000, 0));
    }
}
