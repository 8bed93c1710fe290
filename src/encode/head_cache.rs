//! A call site's line head, encoded once.
//!
//! Everything a line starts with after its time — the level, the target,
//! the message and the format's punctuation between them, such as
//! `","level":"INFO","target":"app::server","msg":"request handled"` — is
//! the same on every call of one macro call site, as long as the message
//! is a plain string (`format_args!("literal")`) and the encoder is the
//! same. The crate's macros give each call site a [`HeadSlot`] (inside
//! its [`SiteCache`](crate::logger::SiteCache)); the first line written
//! there stores those bytes, and every later line with the same encoding
//! writes its time and then copies them in one go, instead of looking up
//! the level's name and checking the target and the message for bytes to
//! escape (about 75 instructions of W2's 1,100).
//!
//! **A hit is decided by identity, never by a guess.** The slot belongs to
//! one `static` call site, whose level and target are constants, and the
//! message must be the very same `&'static str` (address and length) as
//! the one stored; the encoding is compared in full (format, colour, JSON
//! member names, whether lines have a time). Static strings are never
//! freed, so an address cannot come to mean other bytes. A slot is filled
//! once, by the first encoder to write there, and never changed: a second
//! logger with another format at the same call site simply writes its
//! head the ordinary way. Heads longer than [`MAX_TAIL`] bytes, messages
//! with arguments and protocol encoders (syslog, journald, OTLP) are not
//! cached. Nothing here allocates.

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
    #[inline(always)]
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
    #[inline(always)]
    pub(crate) fn get(&self, key: &Key) -> Option<&Tail> {
        self.0.get().filter(|t| t.key == *key)
    }

    /// Whether nothing is stored yet.
    #[inline(always)]
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
