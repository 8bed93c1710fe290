//! The per-second cache: a seqlock built from atomics, in safe code.
//!
//! One writer at a time renders the whole layout for a second and stores the
//! bytes, packed little-endian into [`WORDS`] `AtomicU64`s, together with the
//! second and a meta word (length, positions of the fraction digits). Readers
//! copy the words out and then check that the sequence number did not move;
//! if it did, or a write is in progress, they simply render without the
//! cache. Nobody ever waits.
//!
//! Memory ordering follows H.-J. Boehm, "Can seqlocks get along with
//! programming language memory models?" (MSPC 2012), as crossbeam's
//! `AtomicCell` does:
//!
//! * writer: claim `seq` (even → odd) with an `Acquire` compare-exchange,
//!   `fence(Release)`, relaxed data stores, `seq = odd + 1` with `Release`;
//! * reader: `s1 = seq` with `Acquire` (must be even), relaxed data loads,
//!   `fence(Acquire)`, `s2 = seq` relaxed; the copy is valid iff `s1 == s2`.
//!
//! If a reader's relaxed load sees any store of a writer that started after
//! `s1`, the writer's release fence synchronises with the reader's acquire
//! fence, so the reader's second load of `seq` sees the odd (or a later)
//! value and the copy is thrown away: a torn copy is never used.

use std::sync::atomic::{fence, AtomicI64, AtomicU64, Ordering};

/// Words of rendered bytes the cache holds.
pub(crate) const WORDS: usize = 8;
/// Bytes of rendered output the cache holds; longer renderings skip it.
pub(crate) const CAP: usize = WORDS * 8;
/// How many fraction positions the meta word can hold.
pub(crate) const MAX_FRACS: usize = 6;

/// Set in `meta` once the cache holds a rendering.
const FILLED: u64 = 1 << 63;

// The meta word holds the length (8 bits), one 8-bit position per fraction
// and the FILLED bit; lengths and positions must fit in 8 bits.
const _: () = assert!(8 + 8 * MAX_FRACS as u32 <= 63);
const _: () = assert!(CAP <= 255);

/// What a successful cache read yields: the bytes and their layout.
pub(crate) struct Hit {
    pub(crate) bytes: [u8; CAP],
    meta: u64,
}

impl Hit {
    /// Length of the rendering.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn len(&self) -> usize {
        (self.meta & 0xff) as usize
    }

    /// Start of the digits of fraction item `i` (`i < MAX_FRACS`).
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn frac_pos(&self, i: usize) -> usize {
        ((self.meta >> (8 + 8 * i)) & 0xff) as usize
    }
}

/// A seqlock-protected rendering of one second.
#[derive(Debug, Default)]
pub(crate) struct SecondCache {
    seq: AtomicU64,
    secs: AtomicI64,
    meta: AtomicU64,
    words: [AtomicU64; WORDS],
}

impl SecondCache {
    /// An empty cache.
    pub(crate) fn new() -> SecondCache {
        SecondCache::default()
    }

    /// The cached rendering of second `secs`, or `None` on a miss, while a
    /// write is in progress, or when a write overlapped the read.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn read(&self, secs: i64) -> Option<Hit> {
        let s1 = self.seq.load(Ordering::Acquire);
        if s1 & 1 != 0 || self.secs.load(Ordering::Relaxed) != secs {
            return None;
        }
        let meta = self.meta.load(Ordering::Relaxed);
        let mut words = [0u64; WORDS];
        for (w, a) in words.iter_mut().zip(&self.words) {
            *w = a.load(Ordering::Relaxed);
        }
        fence(Ordering::Acquire);
        if self.seq.load(Ordering::Relaxed) != s1 || meta & FILLED == 0 {
            return None;
        }
        let mut bytes = [0u8; CAP];
        for (chunk, w) in bytes.chunks_exact_mut(8).zip(words) {
            chunk.copy_from_slice(&w.to_le_bytes());
        }
        Some(Hit { bytes, meta })
    }

    /// Store the rendering `bytes` of second `secs`, whose fraction digits
    /// start at `fracs`. Gives up silently if another thread is writing, if
    /// `bytes` is longer than [`CAP`] or there are more than [`MAX_FRACS`]
    /// fractions.
    pub(crate) fn store(&self, secs: i64, bytes: &[u8], fracs: &[usize]) {
        if bytes.len() > CAP || fracs.len() > MAX_FRACS {
            return;
        }
        let mut meta = FILLED | bytes.len() as u64;
        for (i, &p) in fracs.iter().enumerate() {
            meta |= (p as u64) << (8 + 8 * i);
        }
        let mut words = [0u64; WORDS];
        for (w, chunk) in words.iter_mut().zip(bytes.chunks(8)) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            *w = u64::from_le_bytes(b);
        }

        let s = self.seq.load(Ordering::Relaxed);
        if s & 1 != 0
            || self
                .seq
                .compare_exchange(s, s.wrapping_add(1), Ordering::Acquire, Ordering::Relaxed)
                .is_err()
        {
            return;
        }
        fence(Ordering::Release);
        self.secs.store(secs, Ordering::Relaxed);
        self.meta.store(meta, Ordering::Relaxed);
        for (a, w) in self.words.iter().zip(words) {
            a.store(w, Ordering::Relaxed);
        }
        self.seq.store(s.wrapping_add(2), Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn empty_cache_misses_even_for_second_zero() {
        let c = SecondCache::new();
        assert!(c.read(0).is_none());
    }

    #[test]
    fn store_then_read() {
        let c = SecondCache::new();
        c.store(42, b"12:00:00.000000", &[9]);
        let hit = c.read(42).unwrap();
        assert_eq!(&hit.bytes[..hit.len()], b"12:00:00.000000");
        assert_eq!(hit.frac_pos(0), 9);
        assert!(c.read(43).is_none());
        c.store(41, b"x", &[]);
        assert!(c.read(42).is_none());
        assert_eq!(c.read(41).unwrap().len(), 1);
    }

    #[test]
    fn too_long_is_not_stored() {
        let c = SecondCache::new();
        c.store(1, &[b'a'; CAP + 1], &[]);
        assert!(c.read(1).is_none());
        c.store(1, &[b'a'; CAP], &[1, 2, 3, 4, 5, 6]);
        let hit = c.read(1).unwrap();
        assert_eq!(hit.len(), CAP);
        assert_eq!(hit.frac_pos(5), 6);
    }

    /// Writers store renderings whose every byte equals the second; readers
    /// must never see a mixture.
    #[test]
    fn concurrent_reads_are_never_torn() {
        let c = Arc::new(SecondCache::new());
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let c = Arc::clone(&c);
                std::thread::spawn(move || {
                    let mut hits = 0u32;
                    for i in 0..if cfg!(miri) { 300u32 } else { 200_000 } {
                        // Runs of 8 reads of one second: hits even when the
                        // threads happen to run one after another.
                        let secs = i64::from((i / 8 + t) % 3);
                        match c.read(secs) {
                            Some(hit) => {
                                hits += 1;
                                assert_eq!(hit.len(), CAP - secs as usize);
                                assert!(hit.bytes[..hit.len()]
                                    .iter()
                                    .all(|&b| i64::from(b) == secs));
                            }
                            None => {
                                let bytes = vec![secs as u8; CAP - secs as usize];
                                c.store(secs, &bytes, &[]);
                            }
                        }
                    }
                    hits
                })
            })
            .collect();
        let hits: u32 = handles.into_iter().map(|h| h.join().unwrap()).sum();
        assert!(hits > 0);
    }
}
