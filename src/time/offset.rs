//! Offsets from UTC: [`Offset`] and the cached local offset.

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{Offset as _, TimeZone as _};

/// Which offset from UTC a [`TimeLayout`](super::TimeLayout) writes its
/// fields in.
///
/// ```
/// use spoolog::time::{Offset, TimeLayout, UnixTime};
///
/// let layout = TimeLayout::parse("%H:%M%z").unwrap().with_offset(Offset::Fixed(-5 * 3600));
/// let mut buf = Vec::new();
/// layout.append(&mut buf, UnixTime { secs: 0, nanos: 0 });
/// assert_eq!(buf, b"19:00-0500");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Offset {
    /// UTC (the default).
    #[default]
    Utc,
    /// A fixed offset in seconds east of UTC. Values outside
    /// `-86_399..=86_399` are clamped into that range.
    Fixed(i32),
    /// The system's local offset, as chrono's `Local` reports it.
    ///
    /// A layout asks chrono once per second of UTC time and reuses the
    /// answer within that second (offsets change on whole seconds; some
    /// zones changed at odd minutes or seconds, so no coarser slot is
    /// safe). Since the layout's own per-second cache already runs the
    /// calendar work once a second, the lookup adds nothing per call. Inside
    /// chrono the lookup re-checks `TZ` and `/etc/localtime` at most once a
    /// second; reading `TZ` allocates a small `String` when the variable is
    /// set, so with `Offset::Local` and `TZ` set there is about one heap
    /// allocation per second (none per call). A change of the system's
    /// time-zone configuration is noticed within a second.
    Local,
}

/// Largest offset magnitude chrono's `FixedOffset` accepts.
pub(crate) const MAX_OFFSET: i32 = 86_399;

/// Length of a local-offset slot, in seconds: one second (an earlier
/// 15-minute slot was wrong for zones that changed offset at odd minutes,
/// found by the `time_layout` fuzz target).
pub(crate) const SLOT_SECS: i64 = 1;

/// The local offset at `secs`, straight from chrono (may allocate).
pub(crate) fn local_offset_at(secs: i64) -> i32 {
    match chrono::DateTime::from_timestamp(secs, 0) {
        Some(dt) => chrono::Local
            .offset_from_utc_datetime(&dt.naive_utc())
            .fix()
            .local_minus_utc(),
        None => 0,
    }
}

/// Bit layout of [`LocalCache`]: bit 63 = filled, bits 24..63 = slot (39-bit
/// signed), bits 0..24 = offset (24-bit signed).
const FILLED: u64 = 1 << 63;
const SLOT_BITS: u32 = 39;
const OFF_BITS: u32 = 24;

/// The local offset of the most recent second, packed into one
/// atomic word so that any thread can read or refresh it without locking.
#[derive(Debug, Default)]
pub(crate) struct LocalCache {
    packed: AtomicU64,
}

fn pack(slot: i64, offset: i32) -> Option<u64> {
    let lim = 1i64 << (SLOT_BITS - 1);
    if !(-lim..lim).contains(&slot) {
        return None;
    }
    let slot_bits = (slot as u64) & ((1 << SLOT_BITS) - 1);
    let off_bits = (offset as u32 as u64) & ((1 << OFF_BITS) - 1);
    Some(FILLED | slot_bits << OFF_BITS | off_bits)
}

fn unpack(v: u64) -> Option<(i64, i32)> {
    if v & FILLED == 0 {
        return None;
    }
    // Shift the field up to the top, then arithmetic-shift down to sign-extend.
    let slot = ((v << 1) as i64) >> (64 - SLOT_BITS);
    let offset = ((v << (32 - OFF_BITS)) as u32 as i32) >> (32 - OFF_BITS);
    Some((slot, offset))
}

impl LocalCache {
    /// The local offset at `secs`, computed at most once per slot.
    pub(crate) fn offset_at(&self, secs: i64) -> i32 {
        self.offset_with(secs, local_offset_at)
    }

    /// [`offset_at`](Self::offset_at) with the zone lookup injected (tests).
    pub(crate) fn offset_with(&self, secs: i64, lookup: impl FnOnce(i64) -> i32) -> i32 {
        let slot = secs.div_euclid(SLOT_SECS);
        if let Some((s, off)) = unpack(self.packed.load(Ordering::Relaxed)) {
            if s == slot {
                return off;
            }
        }
        let off = lookup(secs).clamp(-MAX_OFFSET, MAX_OFFSET);
        if let Some(v) = pack(slot, off) {
            self.packed.store(v, Ordering::Relaxed);
        }
        off
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn pack_round_trips() {
        for &(slot, off) in &[
            (0, 0),
            (-1, -1),
            (1 << 37, MAX_OFFSET),
            (-(1 << 38), -MAX_OFFSET),
            (2_000_000, 19_800),
        ] {
            assert_eq!(unpack(pack(slot, off).unwrap()), Some((slot, off)));
        }
        assert_eq!(pack(1 << 38, 0), None);
        assert_eq!(unpack(0), None);
    }

    #[test]
    fn lookup_happens_once_per_second() {
        let cache = LocalCache::default();
        let calls = Cell::new(0);
        let lookup = |s: i64| {
            calls.set(calls.get() + 1);
            if s >= 1_800 {
                7_200
            } else {
                3_600
            }
        };
        assert_eq!(cache.offset_with(1_799, lookup), 3_600);
        assert_eq!(cache.offset_with(1_799, lookup), 3_600);
        assert_eq!(calls.get(), 1);
        // The very next second is looked up again: offsets may change on
        // any second.
        assert_eq!(cache.offset_with(1_800, lookup), 7_200);
        assert_eq!(calls.get(), 2);
        assert_eq!(cache.offset_with(1_800, lookup), 7_200);
        assert_eq!(calls.get(), 2);
        // Going backwards looks up again.
        assert_eq!(cache.offset_with(1_000, lookup), 3_600);
        assert_eq!(calls.get(), 3);
        cache.offset_with(-1, lookup);
        cache.offset_with(-1, lookup);
        assert_eq!(calls.get(), 4);
    }

    #[test]
    fn local_offset_matches_chrono() {
        use chrono::Local;
        for secs in [0i64, 1_700_000_000, 1_720_000_000] {
            let dt = chrono::DateTime::from_timestamp(secs, 0)
                .unwrap()
                .with_timezone(&Local);
            assert_eq!(local_offset_at(secs), dt.offset().local_minus_utc());
        }
    }
}
