//! Timestamps: [`TimeLayout`], a strftime-style pattern parsed once and
//! appended to a byte buffer without allocating.
//!
//! The calendar part of a timestamp changes once a second, so a layout keeps
//! the rendering of the most recent second in a lock-free cache and, per
//! call, only copies those bytes and writes the sub-second digits into them.
//!
//! ```
//! use spoolog::time::{TimeLayout, UnixTime};
//!
//! let layout = TimeLayout::rfc3339(3);
//! let mut buf = Vec::with_capacity(layout.max_len());
//! layout.append(&mut buf, UnixTime { secs: 1_700_000_000, nanos: 123_456_789 });
//! assert_eq!(buf, b"2023-11-14T22:13:20.123Z");
//! ```

mod cache;
mod clock;
mod error;
mod offset;
mod parse;
mod render;
mod tsc;

use std::fmt;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{LayoutError, LayoutErrorKind};
pub use offset::Offset;
pub use tsc::{TscClock, RESYNC_NS};

pub(crate) use offset::local_offset_at;

use cache::{SecondCache, MAX_FRACS};
use offset::{LocalCache, MAX_OFFSET};
use parse::{Item, OffsetStyle, Program};
use render::{Civil, Instant};

/// A point in time as seconds and nanoseconds since the Unix epoch (UTC).
///
/// ```
/// use spoolog::time::UnixTime;
///
/// let t = UnixTime { secs: -1, nanos: 500_000_000 }; // 1969-12-31T23:59:59.5Z
/// assert!(t < UnixTime { secs: 0, nanos: 0 });
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before it; the
    /// floor of the instant, so `nanos` always counts forward).
    pub secs: i64,
    /// Nanoseconds within the second, `0..1_000_000_000`. Larger values are
    /// treated as `999_999_999` when formatting.
    pub nanos: u32,
}

impl UnixTime {
    /// The current wall-clock time (correct before 1970 too).
    ///
    /// ```
    /// use spoolog::time::UnixTime;
    /// let now = UnixTime::now();
    /// assert!(now.secs > 1_600_000_000 && now.nanos < 1_000_000_000);
    /// ```
    pub fn now() -> UnixTime {
        UnixTime::from(std::time::SystemTime::now())
    }
}

impl From<std::time::SystemTime> for UnixTime {
    /// Convert, flooring instants before the epoch.
    ///
    /// ```
    /// use spoolog::time::UnixTime;
    /// use std::time::{Duration, UNIX_EPOCH};
    ///
    /// let t = UnixTime::from(UNIX_EPOCH - Duration::from_millis(1500));
    /// assert_eq!(t, UnixTime { secs: -2, nanos: 500_000_000 });
    /// ```
    fn from(t: std::time::SystemTime) -> UnixTime {
        match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => UnixTime {
                secs: d.as_secs() as i64,
                nanos: d.subsec_nanos(),
            },
            Err(e) => {
                let d = e.duration();
                let secs = -(d.as_secs() as i64);
                match d.subsec_nanos() {
                    0 => UnixTime { secs, nanos: 0 },
                    n => UnixTime {
                        secs: secs - 1,
                        nanos: 1_000_000_000 - n,
                    },
                }
            }
        }
    }
}

/// A pre-parsed time layout with a per-second cache.
///
/// Build it once (from a pattern or a preset), share it between threads, and
/// call [`append`](TimeLayout::append) per log line. Cloning gives a layout
/// with a fresh, empty cache.
///
/// ```
/// use spoolog::time::{TimeLayout, UnixTime};
///
/// let layout = TimeLayout::parse("%d/%b/%Y:%H:%M:%S %z").unwrap();
/// let mut buf = Vec::new();
/// layout.append(&mut buf, UnixTime { secs: 1_000_000_000, nanos: 0 });
/// assert_eq!(buf, b"09/Sep/2001:01:46:40 +0000");
/// assert!(!layout.is_plain()); // it contains a space
/// ```
pub struct TimeLayout {
    items: Box<[Item]>,
    lits: Box<[u8]>,
    /// Digits of each fraction item, in order (for patching cached bytes).
    frac_digits: [u8; MAX_FRACS],
    frac_count: usize,
    /// True when the per-second cache may be used.
    cacheable: bool,
    /// True when the calendar fields are needed at all.
    needs_civil: bool,
    max_len: usize,
    plain: bool,
    offset: Offset,
    cache: SecondCache,
    local: LocalCache,
}

impl TimeLayout {
    fn from_program(prog: Program) -> TimeLayout {
        let mut frac_digits = [0u8; MAX_FRACS];
        let mut frac_count = 0;
        let mut per_call = false;
        let mut needs_civil = false;
        for item in &prog.items {
            match item {
                Item::Frac { digits, .. } => {
                    if let Some(d) = frac_digits.get_mut(frac_count) {
                        *d = *digits;
                    }
                    frac_count += 1;
                }
                Item::UnixMillis | Item::UnixMicros => per_call = true,
                Item::Lit { .. } | Item::UnixSecs | Item::Offset(_) => {}
                _ => needs_civil = true,
            }
        }
        TimeLayout {
            max_len: prog.items.iter().map(render::max_width).sum(),
            plain: prog.is_plain(),
            cacheable: !per_call && frac_count <= MAX_FRACS,
            needs_civil,
            frac_digits,
            frac_count,
            items: prog.items.into_boxed_slice(),
            lits: prog.lits.into_boxed_slice(),
            offset: Offset::Utc,
            cache: SecondCache::new(),
            local: LocalCache::default(),
        }
    }

    /// Parse a strftime-style pattern, in UTC (see
    /// [`with_offset`](TimeLayout::with_offset)).
    ///
    /// Supported, with chrono's meaning: `%Y %y %m %d %e %H %k %I %l %M %S
    /// %j %a %A %b %h %B %p %P %u %w %s %f %.3f %.6f %.9f %3f %6f %9f %z %:z
    /// %::z %:::z %F %T %R %D %%`. Anything else after `%`, a `%` at the
    /// end, or a control character in the literal text is an error naming
    /// the byte offset.
    ///
    /// ```
    /// use spoolog::time::{LayoutErrorKind, TimeLayout, UnixTime};
    ///
    /// let layout = TimeLayout::parse("%F %T%.3f").unwrap();
    /// let mut buf = Vec::new();
    /// layout.append(&mut buf, UnixTime { secs: 86_399, nanos: 7_000_000 });
    /// assert_eq!(buf, b"1970-01-01 23:59:59.007");
    ///
    /// let err = TimeLayout::parse("%Y-%Q").unwrap_err();
    /// assert_eq!((err.kind(), err.position()), (LayoutErrorKind::UnknownSpecifier, 3));
    /// ```
    pub fn parse(pattern: &str) -> Result<TimeLayout, LayoutError> {
        parse::parse(pattern).map(TimeLayout::from_program)
    }

    /// RFC 3339 with `digits` fraction digits: 0, 3, 6 or 9. Other values
    /// are rounded up to the next of those (1–2 → 3, 4–5 → 6, 7 and more →
    /// 9). The offset is written `Z` when it is zero and `+hh:mm` otherwise,
    /// as chrono's `to_rfc3339_opts(_, true)` does.
    ///
    /// ```
    /// use spoolog::time::{Offset, TimeLayout, UnixTime};
    ///
    /// let t = UnixTime { secs: 1_700_000_000, nanos: 120_000 };
    /// let mut buf = Vec::new();
    /// TimeLayout::rfc3339(6).append(&mut buf, t);
    /// assert_eq!(buf, b"2023-11-14T22:13:20.000120Z");
    ///
    /// buf.clear();
    /// TimeLayout::rfc3339(0).with_offset(Offset::Fixed(3600)).append(&mut buf, t);
    /// assert_eq!(buf, b"2023-11-14T23:13:20+01:00");
    /// ```
    pub fn rfc3339(digits: u8) -> TimeLayout {
        let pattern = match digits {
            0 => "%Y-%m-%dT%H:%M:%S",
            1..=3 => "%Y-%m-%dT%H:%M:%S%.3f",
            4..=6 => "%Y-%m-%dT%H:%M:%S%.6f",
            _ => "%Y-%m-%dT%H:%M:%S%.9f",
        };
        let mut prog = parse::parse(pattern).expect("preset pattern parses");
        prog.push(Item::Offset(OffsetStyle::ZuluOrColon));
        TimeLayout::from_program(prog)
    }

    /// `HH:MM:SS`, 24-hour clock.
    ///
    /// ```
    /// use spoolog::time::{TimeLayout, UnixTime};
    /// let mut buf = Vec::new();
    /// TimeLayout::hms().append(&mut buf, UnixTime { secs: 3_723, nanos: 0 });
    /// assert_eq!(buf, b"01:02:03");
    /// ```
    pub fn hms() -> TimeLayout {
        TimeLayout::parse("%H:%M:%S").expect("preset pattern parses")
    }

    /// Unix seconds as a plain integer (`%s`), floored before the epoch.
    ///
    /// ```
    /// use spoolog::time::{TimeLayout, UnixTime};
    /// let mut buf = Vec::new();
    /// TimeLayout::unix_secs().append(&mut buf, UnixTime { secs: -2, nanos: 500_000_000 });
    /// assert_eq!(buf, b"-2");
    /// ```
    pub fn unix_secs() -> TimeLayout {
        TimeLayout::single(Item::UnixSecs)
    }

    /// Unix milliseconds as a plain integer, floored (`-1.5 s` → `-1500`,
    /// `-0.0005 s` → `-1`).
    ///
    /// ```
    /// use spoolog::time::{TimeLayout, UnixTime};
    /// let mut buf = Vec::new();
    /// TimeLayout::unix_millis().append(&mut buf, UnixTime { secs: 1_795_789_412, nanos: 123_999_999 });
    /// assert_eq!(buf, b"1795789412123");
    /// ```
    pub fn unix_millis() -> TimeLayout {
        TimeLayout::single(Item::UnixMillis)
    }

    /// Unix microseconds as a plain integer, floored.
    ///
    /// ```
    /// use spoolog::time::{TimeLayout, UnixTime};
    /// let mut buf = Vec::new();
    /// TimeLayout::unix_micros().append(&mut buf, UnixTime { secs: -1, nanos: 999_999_000 });
    /// assert_eq!(buf, b"-1");
    /// ```
    pub fn unix_micros() -> TimeLayout {
        TimeLayout::single(Item::UnixMicros)
    }

    fn single(item: Item) -> TimeLayout {
        let mut prog = Program::default();
        prog.push(item);
        TimeLayout::from_program(prog)
    }

    /// The same layout writing its fields in `offset` (a fresh cache).
    /// `Offset::Fixed` values beyond ±86 399 s are clamped.
    ///
    /// ```
    /// use spoolog::time::{Offset, TimeLayout, UnixTime};
    /// let layout = TimeLayout::parse("%H:%M %:z").unwrap().with_offset(Offset::Fixed(19_800));
    /// let mut buf = Vec::new();
    /// layout.append(&mut buf, UnixTime { secs: 0, nanos: 0 });
    /// assert_eq!(buf, b"05:30 +05:30");
    /// ```
    pub fn with_offset(self, offset: Offset) -> TimeLayout {
        let offset = match offset {
            Offset::Fixed(s) => Offset::Fixed(s.clamp(-MAX_OFFSET, MAX_OFFSET)),
            o => o,
        };
        TimeLayout {
            offset,
            cache: SecondCache::new(),
            local: LocalCache::default(),
            ..self
        }
    }

    /// The offset this layout writes its fields in.
    ///
    /// ```
    /// use spoolog::time::{Offset, TimeLayout};
    /// assert_eq!(TimeLayout::hms().offset(), Offset::Utc);
    /// ```
    pub fn offset(&self) -> Offset {
        self.offset
    }

    /// Append the formatted time to `buf`.
    ///
    /// Allocates nothing when `buf` has [`max_len`](TimeLayout::max_len)
    /// bytes of spare capacity; otherwise it grows `buf` once. Safe to call
    /// from many threads at once on one shared layout.
    ///
    /// ```
    /// use spoolog::time::{TimeLayout, UnixTime};
    ///
    /// let layout = TimeLayout::hms();
    /// let mut buf = Vec::with_capacity(64);
    /// let before = buf.as_ptr();
    /// layout.append(&mut buf, UnixTime { secs: 45_296, nanos: 0 });
    /// assert_eq!(buf, b"12:34:56");
    /// assert_eq!(buf.as_ptr(), before);
    /// ```
    // Always inlined where optimised: callgrind W1 433.2 -> 417.9, W3
    // 948.9 -> 936.1 instructions a call (see `tests/small_stacks.rs` for
    // why forced inlining is left out of unoptimised builds).
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn append(&self, buf: &mut Vec<u8>, t: UnixTime) {
        let nanos = t.nanos.min(999_999_999);
        if self.cacheable {
            if let Some(mut hit) = self.cache.read(t.secs) {
                // One fraction (the common case) outside the loop: inside
                // it, the compiler hoisted the digits of all three widths
                // out of the loop and computed each of them on every call
                // (~25 instructions of W2).
                if self.frac_count == 1 {
                    self.patch_frac(&mut hit, 0, nanos);
                } else {
                    for i in 0..self.frac_count {
                        self.patch_frac(&mut hit, i, nanos);
                    }
                }
                crate::bytes::put(buf, &hit.bytes[..hit.len()]);
                return;
            }
        }
        self.append_slow(buf, t.secs, nanos);
    }

    /// Write fraction `i`'s digits of `nanos` over its place in `hit`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn patch_frac(&self, hit: &mut cache::Hit, i: usize, nanos: u32) {
        let pos = hit.frac_pos(i);
        let digits = usize::from(self.frac_digits[i]);
        if let Some(dst) = hit.bytes.get_mut(pos..pos + digits) {
            render::put_frac(dst, nanos);
        }
    }

    #[cold]
    #[inline(never)]
    fn append_slow(&self, buf: &mut Vec<u8>, secs: i64, nanos: u32) {
        buf.reserve(self.max_len);
        let offset = match self.offset {
            Offset::Utc => 0,
            Offset::Fixed(s) => s,
            Offset::Local => self.local.offset_at(secs),
        };
        let civil = if self.needs_civil {
            Civil::new(secs, offset)
        } else {
            Civil::new(0, 0)
        };
        let at = Instant {
            secs,
            nanos,
            offset,
            civil,
        };
        let start = buf.len();
        let mut fracs = [0usize; MAX_FRACS];
        render::render(&self.items, &self.lits, &at, buf, start, &mut fracs);
        if self.cacheable {
            self.cache
                .store(secs, &buf[start..], &fracs[..self.frac_count]);
        }
    }

    /// True when every byte this layout can produce is ASCII and none is a
    /// space, `"`, `\` or `=`: JSON and logfmt can write it without escaping
    /// or quoting. `%e`, `%k`, `%l` (space padded) and literal spaces make a
    /// layout non-plain.
    ///
    /// ```
    /// use spoolog::time::TimeLayout;
    /// assert!(TimeLayout::rfc3339(3).is_plain());
    /// assert!(!TimeLayout::parse("%b %e").unwrap().is_plain());
    /// ```
    pub fn is_plain(&self) -> bool {
        self.plain
    }

    /// The most bytes one [`append`](TimeLayout::append) can write, for any
    /// instant.
    ///
    /// ```
    /// use spoolog::time::TimeLayout;
    /// assert_eq!(TimeLayout::hms().max_len(), 8);
    /// ```
    pub fn max_len(&self) -> usize {
        self.max_len
    }
}

impl Clone for TimeLayout {
    /// A copy of the layout with a fresh, empty cache.
    fn clone(&self) -> TimeLayout {
        TimeLayout {
            items: self.items.clone(),
            lits: self.lits.clone(),
            frac_digits: self.frac_digits,
            frac_count: self.frac_count,
            cacheable: self.cacheable,
            needs_civil: self.needs_civil,
            max_len: self.max_len,
            plain: self.plain,
            offset: self.offset,
            cache: SecondCache::new(),
            local: LocalCache::default(),
        }
    }
}

impl fmt::Debug for TimeLayout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TimeLayout")
            .field("items", &self.items)
            .field("literals", &String::from_utf8_lossy(&self.lits))
            .field("offset", &self.offset)
            .field("max_len", &self.max_len)
            .field("plain", &self.plain)
            .field("cacheable", &self.cacheable)
            .finish()
    }
}

#[cfg(test)]
mod tests;
