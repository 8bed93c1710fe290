//! Line heads encoded once: everything a line starts with after its time.
//!
//! The level, the target, the message and the format's punctuation between
//! them — `","level":"INFO","target":"app::server","msg":"request handled"`
//! — are the same on every line of one record shape, as long as the message
//! is a plain string (`format_args!("literal")`, whose `as_str()` is a
//! `&'static str`) and the encoder is the same. Writing them means looking
//! up the level's name and checking target and message for bytes to escape
//! (about 75 instructions of W2's 1,100); copying them, one fixed-size copy.
//! Two caches keep them:
//!
//! - **Per call site** ([`HeadSlot`]): the crate's macros give each call
//!   site a `static` slot next to its [`Metadata`](crate::Metadata). The
//!   site's first line fills it; every later line with the same encoding
//!   and message writes its time and copies the rest. A hit is decided by
//!   identity: the site (whose level and target are constants), the
//!   message's address and length (static strings are never freed, so an
//!   address cannot come to mean other bytes), and the encoding in full
//!   (format, colour, JSON member names, whether lines have a time). A slot
//!   is filled once and never changed: a second logger with another format
//!   at the same site writes its head the ordinary way.
//! - **Per thread** ([`ThreadHeads`]): for records without a call site —
//!   [`Logger::log`](crate::Logger::log) and the `log` facade — eight
//!   heads per thread, chosen by the message's address. Their target is any
//!   `&str`, so it is compared **by its bytes** with the stored copy: a
//!   target freed and reused for other bytes can never be written with the
//!   old target's head. Targets longer than [`MAX_TARGET`] bytes are not
//!   cached.
//!
//! Heads longer than [`MAX_TAIL`] bytes, messages with arguments and
//! protocol encoders (syslog, journald, OTLP) are never cached. Nothing
//! here allocates. `tests/head_cache.rs` checks both caches against the
//! encoder's uncached lines for every format, preset, colour and time
//! setting, with targets and messages that need escaping.

use std::cell::RefCell;
use std::sync::OnceLock;

/// The longest head part a slot keeps, in bytes.
pub(crate) const MAX_TAIL: usize = 96;

/// What a stored head part was made for; a hit needs all of it equal.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Key {
    /// The call site's `Metadata` (its level and target), by address.
    pub(crate) site: usize,
    /// The encoding: JSON member names (a preset's address, 0 for the
    /// other formats) and a byte of format, colour and time flags.
    pub(crate) encoding: (usize, u8),
    /// The message, a `&'static str`: address and length.
    pub(crate) message: (usize, usize),
}

/// One call site's cached line head (empty until its first line). The
/// crate's macros make one per call site, a zero-initialised `static`
/// beside the site's [`Metadata`](crate::Metadata); not for other use.
///
/// ```
/// static HEAD: spoolog::__private::HeadSlot = spoolog::__private::HeadSlot::new();
/// # let _ = &HEAD;
/// ```
#[doc(hidden)]
pub struct HeadSlot(OnceLock<Tail>);

/// The stored head part and what it was made for.
pub(crate) struct Tail {
    key: Key,
    len: u8,
    bytes: [u8; MAX_TAIL],
}

impl Tail {
    /// Append the stored bytes to `buf`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn put(&self, buf: &mut Vec<u8>) {
        crate::bytes::put_prefix(buf, &self.bytes, usize::from(self.len));
    }
}

impl HeadSlot {
    /// An empty slot (`const`, for a `static` per call site).
    pub const fn new() -> HeadSlot {
        HeadSlot(OnceLock::new())
    }

    /// The stored head part, if it was made for `key`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn get(&self, key: &Key) -> Option<&Tail> {
        self.0.get().filter(|t| t.key == *key)
    }

    /// Whether nothing is stored yet.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn is_empty(&self) -> bool {
        self.0.get().is_none()
    }

    /// Store `bytes` as the head part for `key`, if it fits and the slot is
    /// still empty (a thread that loses the race to fill it changes
    /// nothing).
    pub(crate) fn fill(&self, key: Key, bytes: &[u8]) {
        if bytes.len() > MAX_TAIL {
            return;
        }
        let mut tail = Tail {
            key,
            len: bytes.len() as u8,
            bytes: [0; MAX_TAIL],
        };
        tail.bytes[..bytes.len()].copy_from_slice(bytes);
        let _ = self.0.set(tail);
    }

    /// The stored bytes (tests).
    #[cfg(test)]
    pub(crate) fn stored(&self) -> Option<&[u8]> {
        self.0.get().map(|t| &t.bytes[..usize::from(t.len)])
    }
}

impl Default for HeadSlot {
    fn default() -> HeadSlot {
        HeadSlot::new()
    }
}

/// The longest target the per-thread cache holds, in bytes.
pub(crate) const MAX_TARGET: usize = 32;

/// Heads per thread, the slot chosen by the message's address.
const THREAD_SLOTS: usize = 8;

/// What a per-thread head was made for, but the target's bytes (compared
/// in full, from [`ThreadHeads`]' copy).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct ThreadKey {
    encoding: (usize, u8),
    /// The level, and the target's length (at most [`MAX_TARGET`]); 0 for
    /// an empty slot, which no key has (a level is at least 1).
    level_and_len: u16,
    /// The message, a `&'static str`: address and length.
    message: (usize, usize),
}

impl ThreadKey {
    /// The key of a head; `target` must be at most [`MAX_TARGET`] bytes.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn new(
        encoding: (usize, u8),
        level: crate::Level,
        target: &str,
        message: &'static str,
    ) -> ThreadKey {
        ThreadKey {
            encoding,
            level_and_len: (level as u16 + 1) << 8 | target.len() as u16,
            message: (message.as_ptr() as usize, message.len()),
        }
    }
}

#[derive(Clone, Copy)]
struct ThreadSlot {
    key: ThreadKey,
    target: [u8; MAX_TARGET],
    len: u8,
    bytes: [u8; MAX_TAIL],
}

impl ThreadSlot {
    const EMPTY: ThreadSlot = ThreadSlot {
        key: ThreadKey {
            encoding: (0, 0),
            level_and_len: 0,
            message: (0, 0),
        },
        target: [0; MAX_TARGET],
        len: 0,
        bytes: [0; MAX_TAIL],
    };
}

/// One thread's heads of records without a call site (`Logger::log`, the
/// `log` facade). A hit needs the encoding, level and message (a
/// `&'static str`, by address) equal and the target's bytes equal to the
/// stored copy: a target is any `&str`, so its address proves nothing and
/// only its bytes decide.
pub(crate) struct ThreadHeads {
    slots: [ThreadSlot; THREAD_SLOTS],
}

thread_local! {
    // Constant initialisation and no destructor, as for the key cache.
    static HEADS: RefCell<ThreadHeads> = const {
        RefCell::new(ThreadHeads { slots: [ThreadSlot::EMPTY; THREAD_SLOTS] })
    };
}

/// Run `f` with this thread's heads, or with `None` where they cannot be
/// had (in use further up this thread's stack, or thread teardown).
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn with_thread<R>(f: impl FnMut(Option<&mut ThreadHeads>) -> R) -> R {
    super::borrow_local(&HEADS, f)
}

impl ThreadHeads {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn index(key: &ThreadKey) -> usize {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        ((key.message.0 as u64).wrapping_mul(K) >> (64 - THREAD_SLOTS.trailing_zeros())) as usize
    }

    /// The stored head part for `key` and `target`, if there is one.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn get(&self, key: &ThreadKey, target: &str) -> Option<ThreadTail<'_>> {
        let slot = &self.slots[Self::index(key)];
        (slot.key == *key && crate::bytes::eq_short(&slot.target, target.as_bytes()))
            .then_some(ThreadTail(slot))
    }

    /// Keep `bytes` as the head part for `key` and `target` (replacing the
    /// slot's head), if it fits.
    pub(crate) fn store(&mut self, key: ThreadKey, target: &str, bytes: &[u8]) {
        if bytes.len() > MAX_TAIL || target.len() > MAX_TARGET {
            return;
        }
        let slot = &mut self.slots[Self::index(&key)];
        *slot = ThreadSlot::EMPTY;
        slot.target[..target.len()].copy_from_slice(target.as_bytes());
        slot.bytes[..bytes.len()].copy_from_slice(bytes);
        slot.len = bytes.len() as u8;
        slot.key = key;
    }
}

/// A per-thread head part, ready to copy.
pub(crate) struct ThreadTail<'a>(&'a ThreadSlot);

impl ThreadTail<'_> {
    /// Append the stored bytes to `buf`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn put(&self, buf: &mut Vec<u8>) {
        crate::bytes::put_prefix(buf, &self.0.bytes, usize::from(self.0.len));
    }
}

#[cfg(test)]
thread_local! {
    static HITS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Count a line whose head came from a slot (tests).
#[cfg(test)]
pub(crate) fn note_hit() {
    HITS.with(|h| h.set(h.get() + 1));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logger::{ColorChoice, SiteCache};
    use crate::sink::Capture;
    use crate::{Format, Level, Logger, Metadata, TimeLayout};

    /// A call site's first line fills its slot with what follows the time;
    /// every later line of that encoding is written from it.
    #[test]
    fn a_call_site_fills_its_slot_then_writes_from_it() {
        static META: Metadata = Metadata {
            level: Level::Warn,
            target: "app",
            module: "m",
            file: "f.rs",
            line: 1,
            cache: SiteCache::new(),
        };
        static HEAD: HeadSlot = HeadSlot::new();
        let (text, json) = (Capture::new(), Capture::new());
        let log = Logger::builder()
            .format(Format::Text)
            .time(TimeLayout::hms())
            .color(ColorChoice::Never)
            .sink(text.clone())
            .build();
        let other = Logger::builder()
            .format(Format::Json)
            .no_time()
            .sink(json.clone())
            .build();
        let hits = || HITS.with(|h| h.get());
        let before = hits();
        log.log_site(&META, &HEAD, format_args!("disk low"), &[]);
        assert_eq!(HEAD.stored(), Some(&b" WARN app: disk low"[..]));
        assert_eq!(hits(), before);
        log.log_site(&META, &HEAD, format_args!("disk low"), &[]);
        log.log_site(&META, &HEAD, format_args!("disk low"), &[]);
        assert_eq!(hits(), before + 2);
        // Another encoding at the same site: no hit, the right line.
        other.log_site(&META, &HEAD, format_args!("disk low"), &[]);
        assert_eq!(hits(), before + 2);
        assert_eq!(
            json.lines(),
            [r#"{"level":"WARN","target":"app","msg":"disk low"}"#]
        );
        let lines = text.lines();
        assert_eq!(lines.len(), 3);
        for l in lines {
            assert!(l.ends_with(" WARN app: disk low") && l.len() == 27, "{l:?}");
        }
    }

    /// `Logger::log` records hit this thread's heads from their second line.
    #[test]
    fn records_without_a_site_use_the_thread_heads() {
        let cap = Capture::new();
        let log = Logger::builder()
            .format(Format::Logfmt)
            .time(TimeLayout::rfc3339(3))
            .sink(cap.clone())
            .build();
        let hits = || HITS.with(|h| h.get());
        let target = String::from("svc");
        let before = hits();
        for _ in 0..3 {
            log.log(Level::Info, &target, format_args!("ready"), &[]);
        }
        assert_eq!(hits(), before + 2);
        // A message with arguments is never cached.
        let n = 2;
        log.log(Level::Info, &target, format_args!("ready {n}"), &[]);
        assert_eq!(hits(), before + 2);
        let lines = cap.lines();
        assert_eq!(lines.len(), 4);
        assert!(lines[..3]
            .iter()
            .all(|l| l.ends_with(" level=info target=svc msg=ready")));
        assert!(lines[3].ends_with(r#" level=info target=svc msg="ready 2""#));
    }

    fn key(site: usize, encoding: u8, message: &'static str) -> Key {
        Key {
            site,
            encoding: (0, encoding),
            message: (message.as_ptr() as usize, message.len()),
        }
    }

    #[test]
    fn holds_one_head_for_one_key() {
        static MSG: &str = "request handled";
        let slot = HeadSlot::new();
        let mut buf = b"x".to_vec();
        assert!(slot.is_empty());
        assert!(slot.get(&key(8, 1, MSG)).is_none());
        slot.fill(key(8, 1, MSG), b" INFO app: request handled");
        assert!(!slot.is_empty());
        slot.get(&key(8, 1, MSG)).expect("stored").put(&mut buf);
        assert_eq!(buf, b"x INFO app: request handled");
        // Another site, encoding, or string with the same bytes elsewhere.
        let other = String::from(MSG).leak();
        assert!(slot.get(&key(16, 1, MSG)).is_none());
        assert!(slot.get(&key(8, 2, MSG)).is_none());
        assert!(slot.get(&key(8, 1, other)).is_none());
        // Filled once: a second fill changes nothing.
        slot.fill(key(8, 2, MSG), b"other");
        assert_eq!(slot.stored(), Some(&b" INFO app: request handled"[..]));
    }

    #[test]
    fn a_head_longer_than_the_slot_is_not_stored() {
        static M: &str = "m";
        let slot = HeadSlot::new();
        slot.fill(key(8, 1, M), &[b'a'; MAX_TAIL + 1]);
        assert!(slot.is_empty());
        slot.fill(key(8, 1, M), &[b'a'; MAX_TAIL]);
        let mut buf = Vec::new();
        slot.get(&key(8, 1, M)).expect("stored").put(&mut buf);
        assert_eq!(buf, [b'a'; MAX_TAIL]);
    }
}
