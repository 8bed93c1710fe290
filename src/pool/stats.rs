//! Counters: cheap to bump, summed on demand.
//!
//! The two hot-path events (an object taken from, or given back to, the
//! current thread's own stack) are counted in per-slot counters that only the
//! owning thread writes, with a relaxed load and store (no locked
//! read-modify-write, no cache line shared between threads). Everything else
//! is a slow path and uses shared relaxed `fetch_add`s.

use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// A snapshot of a [`Pool`](super::Pool)'s counters.
///
/// Counts are cumulative since the pool was built. Each counter is read with
/// a relaxed load, so a snapshot taken while other threads use the pool is
/// approximate; once they are done (joined), it is exact and
/// `created + reused == returned + detached + outstanding()`.
///
/// # Example
///
/// ```
/// use spoolog::pool::Pool;
///
/// let pool = Pool::byte_buffers(64, 1024);
/// drop(pool.get()); // created, then returned to this thread's stack
/// drop(pool.get()); // reused
/// let s = pool.stats();
/// assert_eq!((s.created, s.reused, s.returned), (1, 1, 2));
/// assert_eq!(s.outstanding(), 0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PoolStats {
    /// Objects made by the `create` function (a miss: nothing idle to reuse).
    pub created: usize,
    /// Objects handed out again, from a thread's stack or the spill list.
    pub reused: usize,
    /// Guards dropped (objects given back), whatever then became of them.
    pub returned: usize,
    /// Given-back objects freed because `size()` exceeded `max_size`.
    pub dropped_oversize: usize,
    /// Given-back objects freed because there was no room to keep them: the
    /// thread's stack was full (`per_thread`), the spill list was full, the
    /// thread was being torn down, or its stack was busy (re-entrancy).
    pub dropped_full: usize,
    /// Given-back objects put on the shared spill list because they were
    /// dropped on a thread other than the one they were handed out on.
    pub spilled: usize,
    /// Objects taken out of the pool for good with
    /// [`PoolGuard::detach`](super::PoolGuard::detach).
    pub detached: usize,
    /// Given-back objects over `max_size` that the pool's `shrink` step
    /// brought back under the cap and kept.
    pub shrunk: usize,
    /// Bytes (as measured by the pool's `size`) of the objects kept idle on
    /// live threads' stacks and on the spill list.
    pub idle_bytes: usize,
    /// Bytes counted against the pool's `max_retained` total: what threads
    /// have booked for their idle objects (each thread's high-water mark,
    /// released when it exits) plus the spill list. Never above the total.
    pub retained_bytes: usize,
}

impl PoolStats {
    /// Objects currently handed out (guards alive). Exact only when no other
    /// thread is using the pool.
    ///
    /// ```
    /// use spoolog::pool::Pool;
    ///
    /// let pool = Pool::new(String::new);
    /// let g = pool.get();
    /// assert_eq!(pool.stats().outstanding(), 1);
    /// drop(g);
    /// assert_eq!(pool.stats().outstanding(), 0);
    /// ```
    pub fn outstanding(&self) -> usize {
        (self.created + self.reused).saturating_sub(self.returned + self.detached)
    }

    /// Objects the pool still owns and keeps idle (on thread stacks or the
    /// spill list). Exact only when no other thread is using the pool.
    ///
    /// ```
    /// use spoolog::pool::Pool;
    ///
    /// let pool = Pool::builder(String::new).per_thread(1).build();
    /// let (a, b) = (pool.get(), pool.get());
    /// drop(a); // kept
    /// drop(b); // this thread already keeps one: freed
    /// let s = pool.stats();
    /// assert_eq!((s.idle(), s.dropped_full), (1, 1));
    /// ```
    pub fn idle(&self) -> usize {
        self.created.saturating_sub(
            self.detached + self.dropped_oversize + self.dropped_full + self.outstanding(),
        )
    }
}

/// Counters written only by the thread that owns a slot.
#[derive(Debug, Default)]
#[repr(align(128))] // written by one thread; keep other threads' lines apart
pub(crate) struct LocalCounters {
    pub(crate) reused: AtomicUsize,
    pub(crate) returned: AtomicUsize,
    /// The slot's idle bytes, mirrored for [`PoolStats::idle_bytes`].
    pub(crate) idle_bytes: AtomicUsize,
}

/// Single-writer increment: a relaxed load and store, no locked RMW.
#[inline]
pub(crate) fn bump_owned(c: &AtomicUsize) {
    c.store(c.load(Relaxed).wrapping_add(1), Relaxed);
}

/// Counters any thread may bump (slow paths only).
#[derive(Debug, Default)]
pub(crate) struct SharedCounters {
    pub(crate) created: AtomicUsize,
    pub(crate) reused: AtomicUsize,
    pub(crate) returned: AtomicUsize,
    pub(crate) dropped_oversize: AtomicUsize,
    pub(crate) dropped_full: AtomicUsize,
    pub(crate) spilled: AtomicUsize,
    pub(crate) detached: AtomicUsize,
    pub(crate) shrunk: AtomicUsize,
}

/// Multi-writer increment.
#[inline]
pub(crate) fn bump(c: &AtomicUsize) {
    c.fetch_add(1, Relaxed);
}

impl SharedCounters {
    pub(crate) fn snapshot<'a>(
        &self,
        locals: impl IntoIterator<Item = &'a LocalCounters>,
        spill_bytes: usize,
        retained_bytes: usize,
    ) -> PoolStats {
        let mut s = PoolStats {
            created: self.created.load(Relaxed),
            reused: self.reused.load(Relaxed),
            returned: self.returned.load(Relaxed),
            dropped_oversize: self.dropped_oversize.load(Relaxed),
            dropped_full: self.dropped_full.load(Relaxed),
            spilled: self.spilled.load(Relaxed),
            detached: self.detached.load(Relaxed),
            shrunk: self.shrunk.load(Relaxed),
            idle_bytes: spill_bytes,
            retained_bytes,
        };
        for l in locals {
            s.reused += l.reused.load(Relaxed);
            s.returned += l.returned.load(Relaxed);
            s.idle_bytes += l.idle_bytes.load(Relaxed);
        }
        s
    }
}
