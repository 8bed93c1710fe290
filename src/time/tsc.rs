//! A cheaper wall clock: the CPU's time-stamp counter, anchored to the system
//! clock and re-anchored often.
//!
//! `SystemTime::now()` is a vDSO call that reads the TSC and converts it; on
//! the development machine it is the single largest cost of a log call.
//! [`TscClock`] reads the counter itself and converts with a multiplier
//! measured against `SystemTime` — a multiply and a shift per call.
//!
//! How it stays right:
//!
//! - **Only where the kernel trusts the TSC.** It is used only on x86_64 when
//!   the kernel's current clocksource is `tsc` and the CPU reports
//!   `constant_tsc` and `nonstop_tsc` (rate independent of frequency scaling
//!   and sleep states; the kernel drops `tsc` as clocksource when cores
//!   disagree, which covers migration between cores). Anywhere else
//!   [`TscClock::new`] returns `None` and the logger uses `SystemTime`.
//! - **Re-anchored every [`RESYNC_NS`] (10 ms).** When that much time has
//!   passed since the anchor, the next call reads `SystemTime` and starts a
//!   new anchor. A clock step (NTP, `settimeofday`) therefore shows up
//!   within 10 ms, and the extrapolation never runs longer than that.
//! - **Tight anchors.** An anchor pairs a counter value with a system-clock
//!   reading taken between two counter reads at most ~10 µs apart; a thread
//!   preempted in between would skew the pair, so that reading is retried
//!   (and, after three tries, used for that one call only).
//! - **Suspend and odd counters.** A counter below the anchor (reset by
//!   suspend, or a core slightly behind) or far beyond it makes the call
//!   re-anchor immediately.
//! - **Frequency.** The multiplier is measured between anchors at least
//!   10 ms apart; a measurement more than 1% off the current one is taken as
//!   a clock step and not used (the anchor still moves). The first rate is
//!   accepted only when two measurements in a row agree within 1%, so a
//!   clock step between the first anchors (NTP at boot) cannot make the
//!   clock run fast; until then (three anchors, about 20 ms of logging),
//!   calls use `SystemTime`.
//!
//! Under miri (which cannot execute `rdtsc`) the counter is simulated from
//! `SystemTime`, so the logic above still runs there.

use super::UnixTime;
use std::sync::atomic::{fence, AtomicU64, Ordering};
use std::sync::OnceLock;

/// How long one anchor is trusted, in nanoseconds of wall time.
pub const RESYNC_NS: u64 = 10_000_000;

/// The most counter ticks between the two counter reads around a system
/// clock read for the pair to become an anchor (about 10 µs at 2–5 GHz; an
/// undisturbed read takes well under 1 µs).
const MAX_BRACKET_TICKS: u64 = 40_000;

/// The shared conversion state: a seqlock over (anchor ticks, anchor ns,
/// ns-per-tick multiplier in 32.32 fixed point, ticks the anchor lasts).
#[derive(Debug, Default)]
struct Anchor {
    seq: AtomicU64,
    ticks: AtomicU64,
    ns: AtomicU64,
    mult: AtomicU64,
    span: AtomicU64,
}

/// One consistent reading of [`Anchor`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Snapshot {
    ticks: u64,
    ns: u64,
    mult: u64,
    span: u64,
}

impl Anchor {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn read(&self) -> Option<Snapshot> {
        let s1 = self.seq.load(Ordering::Acquire);
        let snap = Snapshot {
            ticks: self.ticks.load(Ordering::Relaxed),
            ns: self.ns.load(Ordering::Relaxed),
            mult: self.mult.load(Ordering::Relaxed),
            span: self.span.load(Ordering::Relaxed),
        };
        fence(Ordering::Acquire);
        let s2 = self.seq.load(Ordering::Relaxed);
        (s1 == s2 && s1 & 1 == 0).then_some(snap)
    }

    /// Publish `snap` unless another thread is publishing (then it wins).
    fn write(&self, snap: Snapshot) {
        let s = self.seq.load(Ordering::Relaxed);
        if s & 1 != 0
            || self
                .seq
                .compare_exchange(s, s + 1, Ordering::Acquire, Ordering::Relaxed)
                .is_err()
        {
            return;
        }
        fence(Ordering::Release);
        self.ticks.store(snap.ticks, Ordering::Relaxed);
        self.ns.store(snap.ns, Ordering::Relaxed);
        self.mult.store(snap.mult, Ordering::Relaxed);
        self.span.store(snap.span, Ordering::Relaxed);
        self.seq.store(s + 2, Ordering::Release);
    }
}

/// The conversion logic, independent of where ticks and wall time come from
/// (so tests can drive it with made-up counters and clocks).
#[derive(Debug, Default)]
struct Core {
    anchor: Anchor,
    /// Rate measurements rejected in a row (see [`Core::resync`]).
    rejected: AtomicU64,
    /// Before any rate is accepted: the last measurement, waiting for a
    /// second one that agrees with it.
    candidate: AtomicU64,
}

impl Core {
    /// Nanoseconds since the epoch for counter value `t`, or `None` when the
    /// anchor is missing, stale or does not cover `t` (then call
    /// [`resync`](Core::resync)).
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn convert(&self, t: u64) -> Option<u64> {
        let a = self.anchor.read()?;
        let dt = t.wrapping_sub(a.ticks);
        if a.mult == 0 || dt >= a.span {
            return None;
        }
        Some(a.ns + ((u128::from(dt) * u128::from(a.mult)) >> 32) as u64)
    }

    /// Start a new anchor at counter `t` and wall time `ns` (read right
    /// after `t`), measuring the rate against the previous anchor.
    #[cold]
    fn resync(&self, t: u64, ns: u64) {
        let prev = self.anchor.read().unwrap_or(Snapshot {
            ticks: 0,
            ns: 0,
            mult: 0,
            span: 0,
        });
        let mut mult = prev.mult;
        let (dt, dns) = (t.wrapping_sub(prev.ticks), ns.wrapping_sub(prev.ns));
        let measurable = prev.ns != 0 && t > prev.ticks && ns > prev.ns && dns >= RESYNC_NS;
        if measurable {
            let m = (u128::from(dns) << 32) / u128::from(dt);
            let m = u64::try_from(m).unwrap_or(0);
            // Accept the first measurement, or one within 1% of the last;
            // anything else is a wall-clock step, not a rate — unless it
            // keeps happening (the first rate was measured across a step),
            // then the new rate wins.
            let agrees = |a: u64, b: u64| a.abs_diff(b) <= b / 100;
            if mult == 0 {
                // The first rate needs two agreeing measurements: one taken
                // across a wall-clock step disagrees with the next.
                let candidate = self.candidate.swap(m, Ordering::Relaxed);
                if candidate != 0 && agrees(m, candidate) {
                    mult = m;
                }
            } else if agrees(m, mult) || self.rejected.load(Ordering::Relaxed) >= 3 {
                mult = m;
                self.rejected.store(0, Ordering::Relaxed);
            } else {
                self.rejected.fetch_add(1, Ordering::Relaxed);
            }
        }
        let span = if mult == 0 {
            0
        } else {
            // ticks in RESYNC_NS: RESYNC_NS / (mult / 2^32)
            u64::try_from((u128::from(RESYNC_NS) << 32) / u128::from(mult)).unwrap_or(u64::MAX)
        };
        // Keep the old anchor as the rate baseline until this one is far
        // enough away to measure against.
        if measurable || prev.ns == 0 || t < prev.ticks || ns < prev.ns || dns > 60 * RESYNC_NS {
            self.anchor.write(Snapshot {
                ticks: t,
                ns,
                mult,
                span,
            });
        } else if span != prev.span {
            self.anchor.write(Snapshot { span, ..prev });
        }
    }
}

fn wall_ns() -> u64 {
    let t = UnixTime::now();
    // Wall clocks before 1970 are not worth a fast path.
    u64::try_from(t.secs).map_or(0, |s| s * 1_000_000_000 + u64::from(t.nanos))
}

#[cfg(all(target_arch = "x86_64", not(miri)))]
#[cfg_attr(not(debug_assertions), inline(always))]
#[allow(unsafe_code)]
fn ticks() -> u64 {
    // SAFETY: `rdtsc` exists on every x86_64 CPU, has no preconditions and
    // does not touch memory; it only reads the time-stamp counter.
    unsafe { core::arch::x86_64::_rdtsc() }
}

#[cfg(any(not(target_arch = "x86_64"), miri))]
#[cfg_attr(not(debug_assertions), inline(always))]
fn ticks() -> u64 {
    // Simulated counter (miri, other architectures in tests): 1 tick = 1 ns.
    wall_ns()
}

/// Whether this machine's TSC can stand in for the system clock.
fn usable() -> bool {
    if cfg!(miri) {
        return true;
    }
    if !cfg!(target_arch = "x86_64") {
        return false;
    }
    let source =
        std::fs::read_to_string("/sys/devices/system/clocksource/clocksource0/current_clocksource")
            .unwrap_or_default();
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let flags = cpuinfo
        .lines()
        .find(|l| l.starts_with("flags"))
        .unwrap_or_default();
    let has = |f: &str| flags.split_whitespace().any(|w| w == f);
    source.trim() == "tsc" && has("constant_tsc") && has("nonstop_tsc")
}

static SHARED: OnceLock<Option<Core>> = OnceLock::new();

/// The time-stamp-counter clock (see the module docs). Copy it freely: all
/// copies share one process-wide anchor.
///
/// ```
/// use spoolog::time::{Clock, TscClock, UnixTime};
/// if let Some(clock) = TscClock::new() {
///     let a = clock.now();
///     let b = UnixTime::now();
///     // Within a few milliseconds of the system clock.
///     assert!((b.secs - a.secs).abs() <= 1);
/// }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct TscClock {
    core: &'static Core,
}

impl TscClock {
    /// The clock, or `None` where the TSC cannot be trusted (not x86_64, the
    /// kernel does not use it as clocksource, or the CPU lacks
    /// `constant_tsc`/`nonstop_tsc`).
    ///
    /// ```
    /// let _maybe = spoolog::time::TscClock::new();
    /// ```
    pub fn new() -> Option<TscClock> {
        SHARED
            .get_or_init(|| usable().then(Core::default))
            .as_ref()
            .map(|core| TscClock { core })
    }

    /// The current time.
    ///
    /// ```
    /// if let Some(c) = spoolog::time::TscClock::new() {
    ///     assert!(c.now().secs > 1_600_000_000);
    /// }
    /// ```
    #[inline]
    pub fn now(&self) -> UnixTime {
        let t = ticks();
        let ns = match self.core.convert(t) {
            Some(ns) => ns,
            None => self.slow(),
        };
        UnixTime {
            secs: (ns / 1_000_000_000) as i64,
            nanos: (ns % 1_000_000_000) as u32,
        }
    }

    /// Read the system clock and, when the reading can be paired tightly
    /// with a counter value, start a new anchor from it.
    #[cold]
    #[inline(never)]
    fn slow(&self) -> u64 {
        for _ in 0..3 {
            let before = ticks();
            let ns = wall_ns();
            let after = ticks();
            // A thread preempted between the reads would pair the counter
            // with a late wall time and skew every conversion until the next
            // anchor; only a tight bracket is used.
            if after >= before && after - before <= MAX_BRACKET_TICKS {
                self.core.resync(before + (after - before) / 2, ns);
                return ns;
            }
        }
        wall_ns()
    }
}

impl super::Clock for TscClock {
    #[inline]
    fn now(&self) -> UnixTime {
        TscClock::now(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GHZ3: u64 = 3; // ticks per ns in the simulations

    /// Drive a core with a simulated 3 GHz counter and a wall clock until
    /// it converts: three anchors 20 ms apart (two agreeing rates) from
    /// `(t0, ns0)`. Returns the last anchor.
    fn calibrated(core: &Core, t0: u64, ns0: u64) -> (u64, u64) {
        for k in 0..3 {
            core.resync(t0 + k * GHZ3 * 20_000_000, ns0 + k * 20_000_000);
        }
        (t0 + 2 * GHZ3 * 20_000_000, ns0 + 40_000_000)
    }

    #[test]
    fn no_conversion_before_two_agreeing_rates() {
        let c = Core::default();
        let ns0 = 1_700_000_000_000_000_000;
        assert_eq!(c.convert(123), None);
        c.resync(1_000, ns0);
        assert_eq!(c.convert(1_001), None);
        // One rate measured: not trusted yet.
        c.resync(1_000 + GHZ3 * 20_000_000, ns0 + 20_000_000);
        assert_eq!(c.convert(1_001 + GHZ3 * 20_000_000), None);
        // A second one agrees: from now on the counter is used.
        c.resync(1_000 + GHZ3 * 40_000_000, ns0 + 40_000_000);
        let got = c.convert(1_000 + GHZ3 * 41_000_000).unwrap();
        assert!(got.abs_diff(ns0 + 41_000_000) <= 1, "{got}");
    }

    #[test]
    fn converts_within_the_window_and_refuses_outside() {
        let c = Core::default();
        let ns0 = 1_700_000_000_000_000_000;
        let (base_t, base_ns) = calibrated(&c, 5_000, ns0);
        // 1 ms later
        let got = c.convert(base_t + GHZ3 * 1_000_000).unwrap();
        assert!(got.abs_diff(base_ns + 1_000_000) <= 1, "{got}");
        // past RESYNC_NS: must ask for a resync
        assert_eq!(c.convert(base_t + GHZ3 * (RESYNC_NS + 1)), None);
        // counter below the anchor (suspend reset, a core behind)
        assert_eq!(c.convert(base_t - 1), None);
    }

    #[test]
    fn a_wall_clock_step_is_followed_within_one_window() {
        let c = Core::default();
        let ns0 = 1_700_000_000_000_000_000;
        let (t, base_ns) = calibrated(&c, 0, ns0);
        // The wall clock jumps 1 hour forward; the next resync happens when
        // the window ends, and from then on the new time is used.
        let t2 = t + GHZ3 * RESYNC_NS;
        assert_eq!(c.convert(t2), None);
        let stepped = base_ns + RESYNC_NS + 3_600_000_000_000;
        c.resync(t2, stepped);
        let got = c.convert(t2 + GHZ3 * 1_000).unwrap();
        assert!(got.abs_diff(stepped + 1_000) <= 1, "{got} vs {stepped}");
        // The step was not mistaken for a rate change.
        let later = c.convert(t2 + GHZ3 * 5_000_000).unwrap();
        assert!(later.abs_diff(stepped + 5_000_000) <= 2);
    }

    #[test]
    fn suspend_with_a_reset_counter_re_anchors() {
        let c = Core::default();
        let ns0 = 1_700_000_000_000_000_000;
        calibrated(&c, 1 << 40, ns0);
        // After resume the counter restarted near zero and 2 hours passed.
        let t = 1_000;
        assert_eq!(c.convert(t), None);
        let resumed = ns0 + 7_200_000_000_000;
        c.resync(t, resumed);
        let got = c.convert(t + GHZ3 * 2_000).unwrap();
        assert!(got.abs_diff(resumed + 2_000) <= 1);
    }

    #[test]
    fn rate_follows_slow_drift_but_not_jumps() {
        let c = Core::default();
        let ns0 = 1_700_000_000_000_000_000;
        let (t0, ns1) = calibrated(&c, 0, ns0);
        let m1 = c.anchor.read().unwrap().mult;
        // 0.01% faster counter: accepted.
        let t = t0 + GHZ3 * 20_000_000 + 6_000;
        c.resync(t, ns1 + 20_000_000);
        let m2 = c.anchor.read().unwrap().mult;
        assert!(m2 < m1 && m1 - m2 < m1 / 1000, "{m1} {m2}");
        // A 5% disagreement is a step: the rate is kept.
        let t3 = t + GHZ3 * 20_000_000;
        c.resync(t3, ns1 + 20_000_000 + 21_000_000);
        assert_eq!(c.anchor.read().unwrap().mult, m2);
    }

    /// Issue 7, defect 9: the system clock steps between the first two
    /// anchors (NTP at boot). The rate measured across the step is several
    /// times too fast; it must never be used to make a timestamp.
    #[test]
    fn a_step_between_the_first_anchors_never_skews_a_timestamp() {
        let c = Core::default();
        let ns0 = 1_700_000_000_000_000_000;
        // A fake wall clock and a simulated 3 GHz counter.
        let mut t = 0u64;
        let mut wall = ns0;
        let step = |c: &Core, dt_ns: u64, jump: u64, t: &mut u64, wall: &mut u64| {
            *t += GHZ3 * dt_ns;
            *wall += dt_ns + jump;
            c.resync(*t, *wall);
        };
        c.resync(t, wall);
        // +180 ms step inside the first 20 ms window: 10x the real rate.
        step(&c, 20_000_000, 180_000_000, &mut t, &mut wall);
        for _ in 0..6 {
            step(&c, 20_000_000, 0, &mut t, &mut wall);
            // Every conversion inside the window agrees with the fake wall
            // clock (or is refused, and the caller reads the wall clock).
            for k in 1..100 {
                let probe = t + GHZ3 * k * 100_000;
                if let Some(ns) = c.convert(probe) {
                    let truth = wall + k * 100_000;
                    assert!(
                        ns.abs_diff(truth) <= 2,
                        "timestamp {} ns off the wall clock",
                        ns as i128 - truth as i128
                    );
                }
            }
        }
        // And the clock did settle on the right rate.
        let got = c.convert(t + GHZ3 * 1_000_000).expect("calibrated by now");
        assert!(got.abs_diff(wall + 1_000_000) <= 2);
    }

    #[test]
    fn real_clock_tracks_system_time() {
        let Some(clock) = TscClock::new() else {
            return; // no usable TSC here: the logger uses SystemTime
        };
        for _ in 0..if cfg!(miri) { 20 } else { 20_000 } {
            let sys_before = UnixTime::now();
            let tsc = clock.now();
            let sys_after = UnixTime::now();
            let ns = |t: UnixTime| t.secs as i128 * 1_000_000_000 + i128::from(t.nanos);
            // Within 1 ms of the system clock read around it (the rate
            // measurement and scheduling noise are far below that).
            assert!(
                ns(tsc) >= ns(sys_before) - 1_000_000,
                "{tsc:?} < {sys_before:?}"
            );
            assert!(
                ns(tsc) <= ns(sys_after) + 1_000_000,
                "{tsc:?} > {sys_after:?}"
            );
            assert!(tsc.nanos < 1_000_000_000);
        }
    }
}
