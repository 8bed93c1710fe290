//! Where timestamps come from: the [`Clock`] trait, the system clock and a
//! manual clock for tests.

use std::sync::{Arc, Mutex};

use super::UnixTime;

/// Where timestamps come from; injectable so that time-dependent code
/// (per-second caches, file rotation) can be tested without sleeping.
///
/// ```
/// use spoolog::time::{Clock, SystemClock, UnixTime};
///
/// fn stamp(clock: &dyn Clock) -> UnixTime {
///     clock.now()
/// }
/// assert!(stamp(&SystemClock).secs > 1_600_000_000);
/// ```
pub trait Clock: Send + Sync + 'static {
    /// The current time.
    fn now(&self) -> UnixTime;
}

/// The system's wall clock ([`UnixTime::now`]).
///
/// ```
/// use spoolog::time::{Clock, SystemClock};
///
/// let a = SystemClock.now();
/// let b = SystemClock.now();
/// assert!(b.secs >= a.secs - 1);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[inline]
    fn now(&self) -> UnixTime {
        UnixTime::now()
    }
}

/// A clock that only moves when told to; for tests.
///
/// ```
/// use spoolog::time::{Clock, ManualClock, UnixTime};
///
/// let clock = ManualClock::new(UnixTime { secs: 10, nanos: 0 });
/// clock.advance(1, 500_000_000);
/// assert_eq!(clock.now(), UnixTime { secs: 11, nanos: 500_000_000 });
/// clock.set(UnixTime { secs: 5, nanos: 1 });
/// assert_eq!(clock.now().secs, 5);
/// ```
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<UnixTime>,
}

impl ManualClock {
    /// A clock showing `start`.
    pub fn new(start: UnixTime) -> ManualClock {
        ManualClock {
            now: Mutex::new(start),
        }
    }

    /// Set the time (it may go backwards).
    pub fn set(&self, t: UnixTime) {
        *self.now.lock().unwrap_or_else(|e| e.into_inner()) = t;
    }

    /// Move the time forward by `secs` seconds and `nanos` nanoseconds
    /// (`secs` may be negative to go backwards).
    pub fn advance(&self, secs: i64, nanos: u32) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        let total = u64::from(now.nanos) + u64::from(nanos);
        now.secs = now
            .secs
            .saturating_add(secs)
            .saturating_add((total / 1_000_000_000) as i64);
        now.nanos = (total % 1_000_000_000) as u32;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> UnixTime {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A shared clock: a test keeps one handle to move a [`ManualClock`] and
/// gives clones to what it tests.
///
/// ```
/// use spoolog::time::{Clock, ManualClock, UnixTime};
/// use std::sync::Arc;
///
/// let clock = Arc::new(ManualClock::new(UnixTime { secs: 1, nanos: 0 }));
/// let shared: Box<dyn Clock> = Box::new(Arc::clone(&clock));
/// clock.advance(1, 0);
/// assert_eq!(shared.now().secs, 2);
/// ```
impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now(&self) -> UnixTime {
        (**self).now()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_carries_nanos() {
        let c = ManualClock::new(UnixTime {
            secs: 0,
            nanos: 900_000_000,
        });
        c.advance(0, 200_000_000);
        assert_eq!(
            c.now(),
            UnixTime {
                secs: 1,
                nanos: 100_000_000
            }
        );
        c.advance(-3, 0);
        assert_eq!(
            c.now(),
            UnixTime {
                secs: -2,
                nanos: 100_000_000
            }
        );
    }

    #[test]
    fn system_clock_is_after_2020() {
        assert!(SystemClock.now().secs > 1_577_836_800);
        assert!(SystemClock.now().nanos < 1_000_000_000);
    }
}
