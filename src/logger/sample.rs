//! Sampling (zap's sampler): per call site and level, the first `first`
//! lines of each interval are written, then every `thereafter`-th; the rest
//! are counted and reported in one line.
//!
//! The state is a fixed table of [`SLOTS`] atomic words, allocated when the
//! logger is built; a call site and level hash to one slot (two sites that
//! collide share a budget, as in zap). A slot packs the interval it counts
//! for (high 32 bits) and the count (low 32 bits), updated with one
//! compare-and-swap, so counts are exact under contention and nothing is
//! allocated per call.
//!
//! The report is a line `lines sampled out` at `WARN`, target `spoolog`,
//! with the field `sampled_out` (how many lines were dropped since the last
//! report). It is written by the first sampled call of a new interval, so it
//! comes at most once per interval, and only when a line was dropped; with
//! no later call there is no report (there is no background thread).

use super::Logger;
use crate::field::Value;
use crate::level::Level;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

/// How many slots the table has (a power of two): 8 KiB per logger.
pub(crate) const SLOTS: usize = 1024;

/// A sampling policy for [`Builder::sample`](crate::Builder::sample).
///
/// ```
/// use spoolog::logger::Sampling;
/// use std::time::Duration;
/// // Per call site and level: 100 lines a second, then every 10th.
/// let s = Sampling::new(100, 10).interval(Duration::from_secs(1));
/// assert_eq!(s.first(), 100);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sampling {
    first: u32,
    thereafter: u32,
    interval: Duration,
}

impl Sampling {
    /// The first `first` lines of each interval (default: one second) per
    /// call site and level, then every `thereafter`-th (`0`: none).
    ///
    /// ```
    /// let s = spoolog::logger::Sampling::new(5, 0);
    /// assert_eq!(s.thereafter(), 0);
    /// ```
    pub const fn new(first: u32, thereafter: u32) -> Sampling {
        Sampling {
            first,
            thereafter,
            interval: Duration::from_secs(1),
        }
    }

    /// The length of an interval (at least one millisecond).
    ///
    /// ```
    /// use std::time::Duration;
    /// let s = spoolog::logger::Sampling::new(1, 1).interval(Duration::from_millis(100));
    /// assert_eq!(s.interval_length(), Duration::from_millis(100));
    /// ```
    pub fn interval(mut self, interval: Duration) -> Sampling {
        self.interval = interval.max(Duration::from_millis(1));
        self
    }

    /// Lines written unsampled per interval.
    ///
    /// ```
    /// assert_eq!(spoolog::logger::Sampling::new(3, 2).first(), 3);
    /// ```
    pub const fn first(&self) -> u32 {
        self.first
    }

    /// After the first lines, every how many is written (`0`: none).
    ///
    /// ```
    /// assert_eq!(spoolog::logger::Sampling::new(3, 2).thereafter(), 2);
    /// ```
    pub const fn thereafter(&self) -> u32 {
        self.thereafter
    }

    /// The length of an interval.
    ///
    /// ```
    /// let s = spoolog::logger::Sampling::new(3, 2);
    /// assert_eq!(s.interval_length(), std::time::Duration::from_secs(1));
    /// ```
    pub const fn interval_length(&self) -> Duration {
        self.interval
    }

    /// Whether the `n`-th line (from 1) of an interval is written.
    #[inline]
    fn keeps(&self, n: u32) -> bool {
        n <= self.first || (self.thereafter != 0 && (n - self.first) % self.thereafter == 0)
    }
}

/// A logger's sampling state, shared by its clones and children.
pub(crate) struct Sampler {
    policy: Sampling,
    interval_nanos: u64,
    slots: Box<[AtomicU64]>,
    /// Lines dropped since the last report.
    dropped: AtomicU64,
    /// Lines dropped over the logger's life.
    total: AtomicU64,
    /// The interval of the last report check.
    reported: AtomicU64,
}

impl fmt::Debug for Sampler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sampler")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

/// What one call should do.
pub(crate) enum Decision {
    Write,
    Drop,
}

impl Sampler {
    pub(crate) fn new(policy: Sampling) -> Sampler {
        Sampler {
            policy,
            interval_nanos: policy.interval.as_nanos().clamp(1, u64::MAX as u128) as u64,
            slots: (0..SLOTS).map(|_| AtomicU64::new(0)).collect(),
            dropped: AtomicU64::new(0),
            total: AtomicU64::new(0),
            reported: AtomicU64::new(0),
        }
    }

    pub(crate) fn total(&self) -> u64 {
        self.total.load(Relaxed)
    }

    /// The slot of call site `key` at `level`.
    #[inline]
    fn slot(&self, key: usize, level: Level) -> &AtomicU64 {
        let h = (key as u64 ^ ((level as u64) << 59)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        &self.slots[(h >> 54) as usize & (SLOTS - 1)]
    }

    /// Count one line of `key` at `level` in interval `window`. Returns the
    /// decision and, when this call is the first to see a new interval, the
    /// number of lines dropped since the last report.
    #[inline]
    pub(crate) fn check(&self, key: usize, level: Level, window: u64) -> (Decision, Option<u64>) {
        let slot = self.slot(key, level);
        let w = window & 0xffff_ffff;
        let mut cur = slot.load(Relaxed);
        let n = loop {
            let next = if cur >> 32 == w {
                (cur & 0xffff_ffff).saturating_add(1).min(0xffff_ffff) | (w << 32)
            } else {
                1 | (w << 32)
            };
            match slot.compare_exchange_weak(cur, next, Relaxed, Relaxed) {
                Ok(_) => break (next & 0xffff_ffff) as u32,
                Err(actual) => cur = actual,
            }
        };
        let report = self.report_due(window);
        if self.policy.keeps(n) {
            (Decision::Write, report)
        } else {
            self.dropped.fetch_add(1, Relaxed);
            self.total.fetch_add(1, Relaxed);
            (Decision::Drop, report)
        }
    }

    /// `Some(dropped)` for the one caller that moves the report check to a
    /// new interval, when lines were dropped.
    #[inline]
    fn report_due(&self, window: u64) -> Option<u64> {
        let last = self.reported.load(Relaxed);
        if last == window
            || self
                .reported
                .compare_exchange(last, window, Relaxed, Relaxed)
                .is_err()
        {
            return None;
        }
        match self.dropped.swap(0, Relaxed) {
            0 => None,
            n => Some(n),
        }
    }

    /// The interval an instant falls in.
    #[inline]
    pub(crate) fn window(&self, t: crate::UnixTime) -> u64 {
        let nanos = (t.secs.max(0) as u64)
            .saturating_mul(1_000_000_000)
            .saturating_add(u64::from(t.nanos));
        nanos / self.interval_nanos
    }
}

impl Logger {
    /// Whether a line of call site `key` at `level` survives sampling: true
    /// when the logger does not sample. Writes the report line when due.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn sample(&self, key: usize, level: Level) -> bool {
        match &self.shared.sampler {
            None => true,
            Some(s) => self.sample_slow(s, key, level),
        }
    }

    #[inline(never)]
    fn sample_slow(&self, s: &Sampler, key: usize, level: Level) -> bool {
        let (decision, report) = s.check(key, level, s.window(self.now()));
        if let Some(n) = report {
            self.emit(
                Level::Warn,
                "spoolog",
                format_args!("lines sampled out"),
                super::Source::NONE,
                |enc, buf| {
                    enc.field(buf, "sampled_out", &Value::U64(n));
                },
            );
        }
        matches!(decision, Decision::Write)
    }

    /// How many lines sampling has dropped over the life of this logger and
    /// its clones (0 without [`Builder::sample`](crate::Builder::sample)).
    ///
    /// ```
    /// assert_eq!(spoolog::Logger::builder().build().sampled_out(), 0);
    /// ```
    pub fn sampled_out(&self) -> u64 {
        self.shared.sampler.as_ref().map_or(0, |s| s.total())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_then_every_mth() {
        let s = Sampling::new(3, 2);
        let kept: Vec<u32> = (1..=9).filter(|&n| s.keeps(n)).collect();
        assert_eq!(kept, [1, 2, 3, 5, 7, 9]);
        let none = Sampling::new(2, 0);
        assert_eq!((1..=9).filter(|&n| none.keeps(n)).count(), 2);
    }

    #[test]
    fn counts_per_window_and_reports_once() {
        let s = Sampler::new(Sampling::new(1, 0));
        let key = 0x1234usize;
        assert!(matches!(s.check(key, Level::Info, 5).0, Decision::Write));
        assert!(matches!(s.check(key, Level::Info, 5).0, Decision::Drop));
        assert!(matches!(s.check(key, Level::Info, 5).0, Decision::Drop));
        // Another level is another budget.
        assert!(matches!(s.check(key, Level::Warn, 5).0, Decision::Write));
        // A new window: the count restarts and the two drops are reported, once.
        let (d, report) = s.check(key, Level::Info, 6);
        assert!(matches!(d, Decision::Write));
        assert_eq!(report, Some(2));
        assert_eq!(s.check(key, Level::Info, 6).1, None); // dropped
        assert_eq!(s.check(key, Level::Info, 7).1, Some(1));
        assert_eq!(s.check(key, Level::Info, 8).1, None);
        assert_eq!(s.total(), 3);
    }
}
