//! A per-thread cache of encoded field keys, for keys that arrive only at
//! run time: the `log` facade's key-values.
//!
//! The crate's macros encode a field's key once, at compile time. A `log`
//! key is a `&str` of unknown lifetime, so its bytes would be checked on
//! every call (does it need escaping, is it a name the format reserves)
//! and written in three pieces (`,"`, the key, `":`): about a hundred
//! instructions a field, half of what `log::info!` costs over the macros on
//! W2. This cache keeps, for each thread, the encoded form of the keys it
//! saw last — `,"key":` for JSON, ` key=` for logfmt and text — and writes
//! it with one copy.
//!
//! **A hit is decided by the key's bytes**, compared in full with the
//! cached copy; the key's address only chooses the slot. A key whose
//! memory was freed and reused for other bytes therefore can never be
//! written with the old key's encoding: no input can forge or split a line
//! through this cache. Keys longer than [`MAX_KEY`] bytes are not cached.

use std::cell::RefCell;

/// Slots per thread: sets of two, the set chosen by the key's address.
const SLOTS: usize = 32;

/// The longest key the cache holds, in bytes.
pub(crate) const MAX_KEY: usize = 16;

/// The longest encoded key it holds: JSON's `,"_` + key + `":`.
const MAX_ENCODED: usize = MAX_KEY + 5;

#[derive(Clone, Copy)]
struct Slot {
    /// The encoding this entry is for (see `Encoder::key_tag`); 0: empty.
    tag: usize,
    len: u8,
    encoded_len: u8,
    /// The key's bytes, zero after `len`.
    raw: [u8; MAX_KEY],
    encoded: [u8; MAX_ENCODED],
}

impl Slot {
    const EMPTY: Slot = Slot {
        tag: 0,
        len: 0,
        encoded_len: 0,
        raw: [0; MAX_KEY],
        encoded: [0; MAX_ENCODED],
    };
}

/// One thread's cached keys.
pub(crate) struct KeyCache {
    slots: [Slot; SLOTS],
}

thread_local! {
    // Constant initialisation and no destructor: reaching it is a plain
    // thread-local access, with no lazy set-up and nothing to do at exit.
    static CACHE: RefCell<KeyCache> = const {
        RefCell::new(KeyCache { slots: [Slot::EMPTY; SLOTS] })
    };
}

/// Run `f` with this thread's cache, or with `None` where it cannot be had:
/// in use further up this thread's stack (a value's `Display` that logs
/// while its record's fields are written) or during thread teardown.
#[inline]
pub(crate) fn with<R>(f: impl FnMut(Option<&mut KeyCache>) -> R) -> R {
    super::borrow_local(&CACHE, f)
}

impl KeyCache {
    /// A cache with nothing in it (for tests; threads have their own).
    #[cfg(test)]
    fn new() -> KeyCache {
        KeyCache {
            slots: [Slot::EMPTY; SLOTS],
        }
    }

    /// Append the encoding of `key` for `tag` to `buf` if it is cached;
    /// false (and nothing written) if not.
    #[inline]
    pub(crate) fn put(&self, tag: usize, key: &str, buf: &mut Vec<u8>) -> bool {
        let set = set_of(key);
        let hit = |slot: &Slot| {
            slot.tag == tag
                && usize::from(slot.len) == key.len()
                && crate::bytes::eq_short(&slot.raw, key.as_bytes())
        };
        let slot = if hit(&self.slots[set]) {
            &self.slots[set]
        } else if hit(&self.slots[set + 1]) {
            &self.slots[set + 1]
        } else {
            return false;
        };
        crate::bytes::put_prefix(buf, &slot.encoded, usize::from(slot.encoded_len));
        true
    }

    /// Remember that `key` is written as `encoded` for `tag` (nothing is
    /// kept for a key or an encoding too long to hold, or for tag 0).
    pub(crate) fn store(&mut self, tag: usize, key: &str, encoded: &[u8]) {
        if tag == 0 || key.len() > MAX_KEY || encoded.len() > MAX_ENCODED {
            return;
        }
        // Two ways per set: the newest key first, the one it displaced
        // second, so that two keys of one set both stay.
        let set = set_of(key);
        self.slots[set + 1] = self.slots[set];
        let slot = &mut self.slots[set];
        *slot = Slot::EMPTY;
        slot.raw[..key.len()].copy_from_slice(key.as_bytes());
        slot.encoded[..encoded.len()].copy_from_slice(encoded);
        slot.len = key.len() as u8; // at most MAX_KEY
        slot.encoded_len = encoded.len() as u8; // at most MAX_ENCODED
        slot.tag = tag;
    }
}

/// The first of the two slots of `key`'s set: a multiplicative hash of
/// its address.
#[cfg_attr(not(debug_assertions), inline(always))]
fn set_of(key: &str) -> usize {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    const SETS: usize = SLOTS / 2;
    2 * ((key.as_ptr() as usize as u64).wrapping_mul(K) >> (64 - SETS.trailing_zeros())) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_key_is_written_back_for_its_tag_only() {
        let mut c = KeyCache::new();
        let key = String::from("status");
        let mut buf = Vec::with_capacity(64);
        assert!(!c.put(7, &key, &mut buf));
        c.store(7, &key, br#","status":"#);
        assert!(c.put(7, &key, &mut buf));
        assert_eq!(buf, br#","status":"#);
        buf.clear();
        assert!(!c.put(8, &key, &mut buf), "another encoding's tag");
        assert!(buf.is_empty());
    }

    /// The same address with other bytes (memory freed and reused) never
    /// hits: for every length and every position, one byte changed.
    #[test]
    fn other_bytes_at_the_same_address_never_hit() {
        let mut c = KeyCache::new();
        for n in 1..=MAX_KEY {
            for at in 0..n {
                let mut key = "k".repeat(n);
                c.store(1, &key, b" k=");
                let mut buf = Vec::with_capacity(64);
                assert!(c.put(1, &key, &mut buf), "length {n}");
                // Changed in place: the same address, the same length.
                let mut bytes = std::mem::take(&mut key).into_bytes();
                bytes[at] = b'"';
                let key = String::from_utf8(bytes).unwrap();
                buf.clear();
                assert!(!c.put(1, &key, &mut buf), "length {n}, byte {at} changed");
                assert!(buf.is_empty());
            }
        }
    }

    #[test]
    fn a_shorter_key_at_the_same_address_does_not_hit() {
        let mut c = KeyCache::new();
        let key = "latency_us";
        c.store(1, key, b" latency_us=");
        let mut buf = Vec::with_capacity(64);
        assert!(!c.put(1, &key[..7], &mut buf));
    }

    #[test]
    fn long_keys_and_tag_zero_are_not_kept() {
        let mut c = KeyCache::new();
        let long = "k".repeat(MAX_KEY + 1);
        c.store(1, &long, b"x");
        let mut buf = Vec::with_capacity(64);
        assert!(!c.put(1, &long, &mut buf));
        c.store(0, "k", b" k=");
        assert!(!c.put(0, "k", &mut buf));
        c.store(1, "k", &[b'x'; MAX_ENCODED + 1]);
        assert!(!c.put(1, "k", &mut buf));
    }

    #[test]
    fn the_empty_key_is_cached_like_any_other() {
        let mut c = KeyCache::new();
        c.store(1, "", br#","_":"#);
        let mut buf = Vec::with_capacity(64);
        assert!(c.put(1, "", &mut buf));
        assert_eq!(buf, br#","_":"#);
    }

    #[test]
    fn a_nested_use_gets_none() {
        let outer = with(|c| {
            assert!(c.is_some());
            with(|inner| inner.is_none())
        });
        assert!(outer);
    }
}
