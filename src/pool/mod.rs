//! A typed pool of reusable objects: per-thread stacks, a shared spill list,
//! a reset step and size caps.
//!
//! [`Pool<T>`] is spoolog's answer to Go's `sync.Pool` and to the generic
//! `TypedPool[T]` wrapper people write around it. [`Pool::get`] returns a
//! [`PoolGuard`] that dereferences to `T` and gives the object back when it
//! is dropped. A warm `get()` + drop touches only the current thread's slot:
//! no lock, no shared atomic read-modify-write, no allocation.
//!
//! ```
//! use std::io::Write;
//! use spoolog::pool::Pool;
//!
//! let pool = Pool::byte_buffers(256, 64 * 1024);
//! {
//!     let mut line = pool.get();
//!     write!(line, "{} : {}", "14:23:32", "some log message").unwrap();
//!     assert_eq!(line.len(), 27);
//! } // cleared and kept for the next line on this thread
//! assert_eq!(pool.stats().returned, 1);
//! ```
//!
//! # How it works
//!
//! * **Per-thread slots.** A [`thread_local::ThreadLocal`] holds, for each
//!   thread, a small stack of idle objects (`RefCell<Vec<T>>` whose capacity,
//!   `per_thread`, is reserved when the slot is made, so giving an object back
//!   never allocates). The `RefCell` is borrowed only for the pop or push,
//!   never while a guard is alive.
//! * **Spill list.** A guard remembers which slot it came from. Dropped on
//!   another thread (say, a background writer), its object goes to a shared
//!   `Mutex<Vec<T>>` bounded by `spill`; `get()` looks there when its own
//!   stack is empty. An atomic length is checked first, so the mutex is only
//!   touched when the list is non-empty.
//! * **Reset and caps.** On return the object is reset (`reset`), then
//!   measured (`size`): larger than `max_size` and it is shrunk back to the
//!   cap when a `shrink` step is given and worth it, else freed (zerolog
//!   keeps buffers only up to 64 KiB — the lesson of Go issue 23199, where
//!   one huge line pinned a huge buffer forever). A thread keeps at most
//!   `per_thread` idle objects; extra ones are freed.
//! * **A total across threads.** Everything the pool keeps idle (on every
//!   thread's stack and on the spill list) counts against `max_retained`
//!   bytes (as measured by `size`); past it, objects given back are freed.
//!   Each thread books bytes against the total only when its own idle bytes
//!   grow past what it already booked, so the steady state touches no
//!   shared counter.
//! * **Threads that exit give their objects back.** When a thread that used
//!   the pool exits, its idle objects move to the spill list (within its
//!   bound and the total) or are freed, and its booking is released; a new
//!   thread that later reuses the exited thread's slot starts empty.
//! * **Counters.** [`Pool::stats`] returns a [`PoolStats`]; hot-path counters
//!   live in the thread's slot and are written only by that thread.
//!
//! # Cost
//!
//! `benches/pool.rs` compares a warm `get()` + drop with
//! `Vec::with_capacity(256)` + drop. In those tight loops the pool is *slower*
//! than glibc's thread-cache `malloc`/`free` fast path (2-4x on a noisy 2-core
//! machine, roughly 20-30 ns against 8 ns); `perf` puts most of the time on
//! store-to-load forwarding stalls from moving the object between the slot's
//! stack and the guard. Making that faster is open work. What the pool buys
//! today is in `tests/pool_alloc.rs`: zero allocations per call once warm
//! (no allocator contention, no growth), and buffers that keep the capacity
//! they grew to, up to the cap.
//!
//! # How it differs from Go's `sync.Pool`
//!
//! * Typed: no `any`, no type assertions, no casts.
//! * Nothing is cleared behind your back: there is no garbage collector to
//!   empty the pool. Instead, memory is bounded explicitly: at most
//!   `per_thread` idle objects per live thread that used the pool, at most
//!   `spill` on the spill list, each no larger than `max_size`, and at most
//!   `max_retained` bytes in all. Idle objects are given back when their
//!   thread exits and freed when the pool is dropped.
//! * Giving back is automatic (guard drop) and includes the reset step, so a
//!   caller cannot forget `Put` or put back a dirty object.
//!
//! # Re-entrancy
//!
//! A `get()` while another guard from the same pool is alive on the same
//! thread (for example a `Display` impl that itself logs, called while a line
//! is being formatted) simply gets a second object. The slot's `RefCell` is
//! taken with `try_borrow_mut`; should it ever be busy, `get()` falls back to
//! the spill list or a fresh object and a return frees the object. It never
//! panics. User functions (`create`, `reset`, `size`, `T::drop`) are never
//! called while the slot is borrowed.
//!
//! # Thread teardown
//!
//! A pool may be used from a thread-local destructor, while the thread exits.
//! [`ThreadLocal::get`](thread_local::ThreadLocal::get) never panics (it
//! returns `None` once the `thread_local` crate has released the thread's id),
//! but `get_or` panics if it needs a new id after the crate's own TLS guard was
//! destroyed. The pool therefore tracks teardown with a sentinel thread-local
//! registered after that guard (TLS destructors run in reverse order of
//! registration); once the sentinel is gone, or the slot cannot be reached,
//! `get()` hands out a fresh object that is freed when given back. Using a
//! pool in a TLS destructor thus never panics.
//!
//! One corner remains outside our control: if the *first* pool use ever on a
//! thread happens in a TLS destructor that runs after the `thread_local`
//! crate's guard was destroyed — which requires some other `ThreadLocal` to
//! have been used earlier on that thread — `thread_local` itself panics.

mod front;
mod guard;
mod stats;
mod teardown;
#[cfg(test)]
mod tests;

use std::cell::{Cell, RefCell};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};

use thread_local::ThreadLocal;

pub use front::FRONT_MAX;
pub use guard::PoolGuard;
pub use stats::PoolStats;

use stats::{bump, bump_owned, LocalCounters, SharedCounters};
use teardown::TlsState;

/// Default number of idle objects each thread keeps.
///
/// ```
/// assert_eq!(spoolog::pool::DEFAULT_PER_THREAD, 4);
/// ```
pub const DEFAULT_PER_THREAD: usize = 4;

/// Default bound of the shared spill list.
///
/// ```
/// assert_eq!(spoolog::pool::DEFAULT_SPILL, 64);
/// ```
pub const DEFAULT_SPILL: usize = 64;

/// Default size cap of [`Pool::byte_buffers`]-style pools: 64 KiB, as in
/// zerolog (Go issue 23199).
///
/// ```
/// assert_eq!(spoolog::pool::DEFAULT_MAX_BUFFER, 65_536);
/// ```
pub const DEFAULT_MAX_BUFFER: usize = 64 * 1024;

/// Default total of what a [`Pool::byte_buffers`] pool keeps idle across
/// all threads: 4 MiB (64 threads' worth of full-size buffers, or thousands
/// of threads' small ones).
///
/// ```
/// assert_eq!(spoolog::pool::DEFAULT_MAX_RETAINED, 4 << 20);
/// ```
pub const DEFAULT_MAX_RETAINED: usize = 4 << 20;

/// Slot id meaning "not from a slot": the object is freed when given back.
const NO_ORIGIN: usize = 0;

/// An object taken by [`Pool::scoped`]; goes back to its slot on drop,
/// also when the closure panics. Never leaves the thread.
struct Held<'a, T: Send + 'static> {
    pool: &'a Inner<T>,
    slot: &'a Slot<T>,
    value: Option<T>,
}

impl<T: Send + 'static> Drop for Held<'_, T> {
    #[inline]
    fn drop(&mut self) {
        if let Some(v) = self.value.take() {
            self.pool.put_local(self.slot, v);
        }
    }
}

/// `Held::value` is always `Some` while the closure runs; this keeps the
/// impossible branch out of line and panic-free.
#[cold]
fn unreachable_none<T: Send + 'static, R>(f: impl FnOnce(&mut T) -> R, pool: &Pool<T>) -> R {
    let mut guard = pool.get();
    f(&mut guard)
}

/// One thread's share of a pool.
///
/// Aligned to 128 bytes: `ThreadLocal` keeps the slots of different threads
/// next to each other, and every borrow writes the `RefCell` flag and the
/// stack length, so neighbours must not share a cache line (or the
/// adjacent-line prefetcher's pair). Everything but `id` and `counters` is
/// touched by the owning thread only (including when it exits).
#[repr(align(128))]
struct Slot<T> {
    /// Unique within the pool, never [`NO_ORIGIN`].
    id: usize,
    /// Idle objects with their sizes; capacity `per_thread`, reserved up
    /// front.
    stack: RefCell<Vec<(T, usize)>>,
    /// Sum of the sizes on `stack`.
    idle: Cell<usize>,
    /// Bytes this slot has booked against the pool's total (a high-water
    /// mark of `idle`, released when the thread exits).
    booked: Cell<usize>,
    /// The owning thread exited and gave everything back; a new thread that
    /// reuses the slot opens it again.
    closed: Cell<bool>,
    /// Hot-path counters, written by the owning thread only; also listed in
    /// [`Inner::slot_counters`] so that [`Pool::stats`] can sum them.
    counters: Arc<LocalCounters>,
}

/// How new objects are made: a plain function, or a closure (boxed once,
/// when the pool is built; called only on a miss).
enum Create<T> {
    Fn(fn() -> T),
    Closure(Box<dyn Fn() -> T + Send + Sync>),
}

impl<T> Create<T> {
    fn call(&self) -> T {
        match self {
            Create::Fn(f) => f(),
            Create::Closure(f) => f(),
        }
    }
}

/// A typed pool of reusable objects.
///
/// See the [module documentation](self) for the design.
///
/// # Example
///
/// ```
/// use spoolog::pool::Pool;
///
/// let pool = Pool::builder(|| Vec::<u32>::with_capacity(16))
///     .reset(Vec::clear)
///     .size(Vec::capacity)
///     .max_size(1024)
///     .per_thread(2)
///     .build();
/// let mut v = pool.get();
/// v.push(7);
/// let ptr = v.as_ptr();
/// drop(v);
/// let v = pool.get(); // the same vector, cleared
/// assert!(v.is_empty());
/// assert_eq!(v.as_ptr(), ptr);
/// ```
pub struct Pool<T: Send + 'static> {
    inner: Arc<Inner<T>>,
}

/// The pool's state; shared with the thread-exit hooks of the threads that
/// used it (which hold a `Weak`).
struct Inner<T: Send + 'static> {
    local: ThreadLocal<Slot<T>>,
    spill: Mutex<Vec<(T, usize)>>,
    /// Mirror of `spill.len()`, so empty-list checks need no lock.
    spill_len: AtomicUsize,
    /// Sum of the sizes on the spill list.
    spill_bytes: AtomicUsize,
    create: Create<T>,
    reset: fn(&mut T),
    size: fn(&T) -> usize,
    shrink: Option<fn(&mut T, usize)>,
    max_size: usize,
    per_thread: usize,
    spill_cap: usize,
    max_retained: usize,
    /// Bytes booked by the slots plus the bytes on the spill list; never
    /// above `max_retained`.
    retained: AtomicUsize,
    counters: SharedCounters,
    slot_counters: Mutex<Vec<Arc<LocalCounters>>>,
    next_slot_id: AtomicUsize,
    /// For the thread-exit hook each thread registers.
    me: Weak<Inner<T>>,
}

/// Builder for [`Pool`].
///
/// # Example
///
/// ```
/// use spoolog::pool::Pool;
///
/// let pool = Pool::builder(String::new)
///     .reset(String::clear)
///     .size(String::capacity)
///     .max_size(4096)
///     .per_thread(8)
///     .spill(32)
///     .max_retained(1 << 20)
///     .build();
/// pool.get().push_str("hi");
/// assert!(pool.get().is_empty());
/// ```
pub struct PoolBuilder<T: Send + 'static> {
    create: Create<T>,
    reset: fn(&mut T),
    size: fn(&T) -> usize,
    shrink: Option<fn(&mut T, usize)>,
    max_size: usize,
    per_thread: usize,
    spill: usize,
    max_retained: usize,
}

fn no_reset<T>(_: &mut T) {}
fn zero_size<T>(_: &T) -> usize {
    0
}

impl<T: Send + 'static> PoolBuilder<T> {
    /// Called on every object given back, before it is measured and kept.
    /// Default: nothing.
    ///
    /// ```
    /// use spoolog::pool::Pool;
    ///
    /// let pool = Pool::builder(Vec::<u8>::new).reset(Vec::clear).build();
    /// pool.get().push(1);
    /// assert!(pool.get().is_empty());
    /// ```
    pub fn reset(mut self, f: fn(&mut T)) -> Self {
        self.reset = f;
        self
    }

    /// How the size of an object is measured (for the size cap and the
    /// total), after the reset. Default: always 0, so nothing is ever too
    /// large.
    ///
    /// ```
    /// use spoolog::pool::Pool;
    ///
    /// let pool = Pool::builder(String::new).size(String::capacity).max_size(8).build();
    /// pool.get().push_str("longer than eight bytes");
    /// assert_eq!(pool.stats().dropped_oversize, 1);
    /// ```
    pub fn size(mut self, f: fn(&T) -> usize) -> Self {
        self.size = f;
        self
    }

    /// Objects whose size exceeds this are shrunk (see
    /// [`shrink`](Self::shrink)) or freed, not kept. Default: `usize::MAX`.
    ///
    /// ```
    /// use spoolog::pool::Pool;
    ///
    /// let pool = Pool::builder(Vec::<u8>::new).size(Vec::capacity).max_size(0).build();
    /// pool.get().push(1);
    /// assert_eq!(pool.stats().dropped_oversize, 1);
    /// ```
    pub fn max_size(mut self, n: usize) -> Self {
        self.max_size = n;
        self
    }

    /// Given an object over `max_size` (after the reset), try to bring it
    /// down to the cap (the second argument); if its size is then within the
    /// cap it is kept, else freed. Default: none (freed).
    ///
    /// ```
    /// use spoolog::pool::Pool;
    ///
    /// let pool = Pool::builder(Vec::<u8>::new)
    ///     .reset(Vec::clear)
    ///     .size(Vec::capacity)
    ///     .max_size(64)
    ///     .shrink(|v, max| v.shrink_to(max))
    ///     .build();
    /// pool.get().extend_from_slice(&[0; 100]);
    /// assert!(pool.get().capacity() <= 64);
    /// assert_eq!(pool.stats().shrunk, 1);
    /// ```
    pub fn shrink(mut self, f: fn(&mut T, usize)) -> Self {
        self.shrink = Some(f);
        self
    }

    /// How many idle objects a thread keeps; extra ones given back are freed.
    /// Default: [`DEFAULT_PER_THREAD`]. `0` disables per-thread keeping.
    ///
    /// ```
    /// use spoolog::pool::Pool;
    ///
    /// let pool = Pool::builder(String::new).per_thread(1).build();
    /// let (a, b) = (pool.get(), pool.get());
    /// drop((a, b));
    /// assert_eq!(pool.stats().dropped_full, 1);
    /// ```
    pub fn per_thread(mut self, n: usize) -> Self {
        self.per_thread = n;
        self
    }

    /// Bound of the shared spill list that takes objects given back on a
    /// thread other than the one they came from, and those of threads that
    /// exit. Default: [`DEFAULT_SPILL`]. The list's capacity is reserved
    /// when the pool is built.
    ///
    /// ```
    /// use spoolog::pool::Pool;
    ///
    /// let pool = Pool::builder(String::new).spill(0).build();
    /// let g = pool.get();
    /// std::thread::scope(|s| {
    ///     s.spawn(move || drop(g));
    /// });
    /// assert_eq!(pool.stats().dropped_full, 1);
    /// ```
    pub fn spill(mut self, n: usize) -> Self {
        self.spill = n;
        self
    }

    /// The most the pool keeps idle across all threads and the spill list,
    /// in the units of [`size`](Self::size). Past it, objects given back are
    /// freed. Default: `usize::MAX` ([`DEFAULT_MAX_RETAINED`] for
    /// [`Pool::byte_buffers`]).
    ///
    /// ```
    /// use spoolog::pool::Pool;
    ///
    /// let pool = Pool::builder(|| Vec::<u8>::with_capacity(100))
    ///     .size(Vec::capacity)
    ///     .max_retained(150)
    ///     .build();
    /// let (a, b) = (pool.get(), pool.get());
    /// drop((a, b)); // the second would take the total to 200
    /// assert_eq!(pool.stats().dropped_full, 1);
    /// assert!(pool.stats().retained_bytes <= 150);
    /// ```
    pub fn max_retained(mut self, bytes: usize) -> Self {
        self.max_retained = bytes;
        self
    }

    /// Build the pool. Allocates the spill list; per-thread slots are made
    /// on each thread's first `get()`.
    ///
    /// ```
    /// use spoolog::pool::Pool;
    ///
    /// let pool = Pool::builder(|| 0u64).build();
    /// assert_eq!(*pool.get(), 0);
    /// ```
    pub fn build(self) -> Pool<T> {
        let inner = Arc::new_cyclic(|me| Inner {
            local: ThreadLocal::new(),
            spill: Mutex::new(Vec::with_capacity(self.spill)),
            spill_len: AtomicUsize::new(0),
            spill_bytes: AtomicUsize::new(0),
            create: self.create,
            reset: self.reset,
            size: self.size,
            shrink: self.shrink,
            max_size: self.max_size,
            per_thread: self.per_thread,
            spill_cap: self.spill,
            max_retained: self.max_retained,
            retained: AtomicUsize::new(0),
            counters: SharedCounters::default(),
            slot_counters: Mutex::new(Vec::new()),
            next_slot_id: AtomicUsize::new(NO_ORIGIN + 1),
            me: me.clone(),
        });
        Pool { inner }
    }
}

impl<T: Send + 'static> fmt::Debug for PoolBuilder<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PoolBuilder")
            .field("max_size", &self.max_size)
            .field("per_thread", &self.per_thread)
            .field("spill", &self.spill)
            .field("max_retained", &self.max_retained)
            .finish_non_exhaustive()
    }
}

fn lock<V>(m: &Mutex<V>) -> MutexGuard<'_, V> {
    // Nothing panics while our locks are held; recover anyway.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl<T: Send + 'static> Pool<T> {
    /// A pool with default settings: no reset, no size cap,
    /// [`DEFAULT_PER_THREAD`] idle objects per thread, a spill list of
    /// [`DEFAULT_SPILL`].
    ///
    /// ```
    /// use spoolog::pool::Pool;
    ///
    /// let pool = Pool::new(|| vec![0u8; 4]);
    /// assert_eq!(pool.get().len(), 4);
    /// ```
    pub fn new(create: fn() -> T) -> Pool<T> {
        Self::builder(create).build()
    }

    /// A builder with `create` making new objects.
    ///
    /// ```
    /// use spoolog::pool::Pool;
    ///
    /// let pool = Pool::builder(String::new).reset(String::clear).build();
    /// assert!(pool.get().is_empty());
    /// ```
    pub fn builder(create: fn() -> T) -> PoolBuilder<T> {
        Self::builder_from(Create::Fn(create))
    }

    /// A builder whose `create` is a closure (for example one capturing a
    /// capacity).
    ///
    /// ```
    /// use spoolog::pool::Pool;
    ///
    /// let cap = 100;
    /// let pool = Pool::builder_with(move || String::with_capacity(cap)).build();
    /// assert!(pool.get().capacity() >= 100);
    /// ```
    pub fn builder_with(create: impl Fn() -> T + Send + Sync + 'static) -> PoolBuilder<T> {
        Self::builder_from(Create::Closure(Box::new(create)))
    }

    fn builder_from(create: Create<T>) -> PoolBuilder<T> {
        PoolBuilder {
            create,
            reset: no_reset::<T>,
            size: zero_size::<T>,
            shrink: None,
            max_size: usize::MAX,
            per_thread: DEFAULT_PER_THREAD,
            spill: DEFAULT_SPILL,
            max_retained: usize::MAX,
        }
    }

    /// Borrow an object: one of this thread's idle objects if there is one,
    /// else one from the spill list, else a new one. Never panics (unless
    /// `create` does).
    ///
    /// ```
    /// use spoolog::pool::Pool;
    ///
    /// let pool = Pool::byte_buffers(32, 1024);
    /// let mut a = pool.get();
    /// let b = pool.get(); // nested: a second, distinct buffer
    /// a.push(b'x');
    /// assert!(b.is_empty());
    /// ```
    #[inline]
    pub fn get(&self) -> PoolGuard<'_, T> {
        let inner = &*self.inner;
        if let Some(slot) = inner.local.get() {
            if let Some(value) = Inner::pop_local(slot) {
                return PoolGuard::new(self, value, slot.id);
            }
            return PoolGuard::new(self, inner.get_slow(), slot.id);
        }
        let (value, origin) = inner.get_cold();
        PoolGuard::new(self, value, origin)
    }

    /// Run `f` with an object from this thread's stack and put it back
    /// afterwards — the same object and the same rules as [`get`](Self::get)
    /// (reset, size cap, per-thread cap), but the thread's slot is looked up
    /// once instead of twice, since the object cannot leave the thread. A
    /// nested `scoped` or `get` inside `f` gets a second object; if `f`
    /// panics the object still goes back.
    ///
    /// ```
    /// use spoolog::pool::Pool;
    /// let pool = Pool::byte_buffers(64, 1024);
    /// let n = pool.scoped(|buf| {
    ///     buf.extend_from_slice(b"hello");
    ///     buf.len()
    /// });
    /// assert_eq!(n, 5);
    /// // The buffer came back cleared and is reused.
    /// assert_eq!(pool.scoped(|buf| buf.len()), 0);
    /// assert_eq!(pool.stats().created, 1);
    /// ```
    #[inline]
    pub fn scoped<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        let inner = &*self.inner;
        if let Some(slot) = inner.local.get() {
            if let Some(value) = Inner::pop_local(slot) {
                let mut held = Held {
                    pool: inner,
                    slot,
                    value: Some(value),
                };
                return match held.value.as_mut() {
                    Some(v) => f(v),
                    None => unreachable_none(f, self),
                };
            }
        }
        let mut guard = self.get();
        f(&mut guard)
    }

    /// Called by the guard's drop with the object and the id of the slot it
    /// came from.
    #[inline]
    fn give_back(&self, value: T, origin: usize) {
        self.inner.give_back(value, origin)
    }

    fn note_detached(&self) {
        bump(&self.inner.counters.detached);
    }

    /// A snapshot of the pool's counters (see [`PoolStats`]). Takes a lock
    /// on the list of per-thread counters; meant for tests and monitoring,
    /// not for every log call.
    ///
    /// ```
    /// use spoolog::pool::Pool;
    ///
    /// let pool = Pool::new(String::new);
    /// drop(pool.get());
    /// let s = pool.stats();
    /// assert_eq!((s.created, s.returned), (1, 1));
    /// ```
    pub fn stats(&self) -> PoolStats {
        let inner = &*self.inner;
        let locals = lock(&inner.slot_counters);
        inner.counters.snapshot(
            locals.iter().map(|c| &**c),
            inner.spill_bytes.load(Relaxed),
            inner.retained.load(Relaxed),
        )
    }

    /// Number of objects currently on the shared spill list.
    ///
    /// ```
    /// use spoolog::pool::Pool;
    ///
    /// let pool = Pool::new(String::new);
    /// let g = pool.get();
    /// std::thread::scope(|s| {
    ///     s.spawn(move || drop(g));
    /// });
    /// assert_eq!(pool.spilled_len(), 1);
    /// ```
    pub fn spilled_len(&self) -> usize {
        self.inner.spill_len.load(Relaxed)
    }
}

impl<T: Send + 'static> Inner<T> {
    /// An idle object from `slot` (the current thread's), counted as reused.
    /// The stack is borrowed only for the pop, so nested borrows work.
    #[inline]
    fn pop_local(slot: &Slot<T>) -> Option<T> {
        let popped = match slot.stack.try_borrow_mut() {
            Ok(mut stack) => stack.pop(),
            Err(_) => None,
        };
        let (value, size) = popped?;
        let idle = slot.idle.get() - size;
        slot.idle.set(idle);
        slot.counters.idle_bytes.store(idle, Relaxed);
        bump_owned(&slot.counters.reused);
        Some(value)
    }

    /// Give `value` back to `slot`, which belongs to the current thread.
    #[inline]
    fn put_local(&self, slot: &Slot<T>, value: T) {
        if let Some((value, size)) = self.recycle(value) {
            self.keep_local(slot, value, size);
        }
    }

    /// Keep a recycled object of `size` on `slot`'s stack if there is room
    /// there and in the total.
    #[inline]
    fn keep_local(&self, slot: &Slot<T>, value: T, size: usize) {
        if slot.closed.get() {
            return self.put_closed(slot, value, size);
        }
        let idle = slot.idle.get() + size;
        let kept = match slot.stack.try_borrow_mut() {
            // Room on the stack, and in the total (booking touches only
            // atomics and cells: no user code runs under the borrow).
            Ok(mut stack)
                if stack.len() < self.per_thread
                    && (idle <= slot.booked.get() || self.book(slot, idle)) =>
            {
                stack.push((value, size)); // within reserved capacity
                None
            }
            _ => Some(value),
        };
        match kept {
            None => {
                slot.idle.set(idle);
                slot.counters.idle_bytes.store(idle, Relaxed);
                bump_owned(&slot.counters.returned);
            }
            Some(v) => self.drop_full(v),
        }
    }

    /// Book `slot`'s idle bytes up to `idle` against the total; false if
    /// that would pass `max_retained`.
    #[cold]
    #[inline(never)]
    fn book(&self, slot: &Slot<T>, idle: usize) -> bool {
        let need = idle - slot.booked.get();
        let before = self.retained.fetch_add(need, Relaxed);
        if before.saturating_add(need) > self.max_retained {
            self.retained.fetch_sub(need, Relaxed);
            return false;
        }
        slot.booked.set(idle);
        true
    }

    /// `slot` was closed when its last thread exited. Keep `value` only if
    /// this is a new thread that reuses the slot (then open it again).
    #[cold]
    #[inline(never)]
    fn put_closed(&self, slot: &Slot<T>, value: T, size: usize) {
        if teardown::state() == TlsState::Dead || !self.watch_this_thread() {
            return self.drop_full(value);
        }
        slot.closed.set(false);
        self.keep_local(slot, value, size);
    }

    /// The spill list, then a new object.
    #[cold]
    #[inline(never)]
    fn get_slow(&self) -> T {
        match self.take_spilled() {
            Some(v) => {
                bump(&self.counters.reused);
                v
            }
            None => self.create_one(),
        }
    }

    /// No slot for this thread: register one, unless the thread is being
    /// torn down, in which case hand out an unpooled object.
    #[cold]
    #[inline(never)]
    fn get_cold(&self) -> (T, usize) {
        match self.register_slot() {
            Some(origin) => (self.get_slow(), origin),
            None => (self.create_one(), NO_ORIGIN),
        }
    }

    /// Make this thread's slot if it is safe to ask `thread_local` for it;
    /// returns its id.
    fn register_slot(&self) -> Option<usize> {
        if teardown::state() == TlsState::Dead {
            return None;
        }
        let slot = self.local.get_or(|| self.new_slot());
        if !self.watch_this_thread() {
            // Could not arrange for the exit hook: do not keep anything on
            // this thread's stack.
            slot.closed.set(true);
        }
        Some(slot.id)
    }

    /// Register this pool's exit hook for the current thread (after a
    /// successful `get_or`); false if the thread is past the point where
    /// that is possible.
    fn watch_this_thread(&self) -> bool {
        let hook: Weak<dyn teardown::ThreadExit> = self.me.clone();
        teardown::watch(hook)
    }

    fn new_slot(&self) -> Slot<T> {
        let counters = Arc::new(LocalCounters::default());
        lock(&self.slot_counters).push(Arc::clone(&counters));
        Slot {
            id: self.next_slot_id.fetch_add(1, Relaxed),
            stack: RefCell::new(Vec::with_capacity(self.per_thread)),
            idle: Cell::new(0),
            booked: Cell::new(0),
            closed: Cell::new(false),
            counters,
        }
    }

    fn create_one(&self) -> T {
        bump(&self.counters.created);
        self.create.call()
    }

    fn take_spilled(&self) -> Option<T> {
        if self.spill_len.load(Relaxed) == 0 {
            return None;
        }
        let mut list = lock(&self.spill);
        let taken = list.pop();
        self.spill_len.store(list.len(), Relaxed);
        drop(list);
        let (v, size) = taken?;
        self.spill_bytes.fetch_sub(size, Relaxed);
        self.retained.fetch_sub(size, Relaxed);
        Some(v)
    }

    /// An object handed out on this thread comes back (from a front slot):
    /// to this thread's stack, else the spill list, within the bounds.
    fn give_back_here(&self, value: T) {
        match self.local.get() {
            Some(slot) => self.put_local(slot, value),
            None => {
                if let Some((value, size)) = self.recycle(value) {
                    self.spill_back(value, size);
                }
            }
        }
    }

    #[inline]
    fn give_back(&self, value: T, origin: usize) {
        if origin != NO_ORIGIN {
            if let Some(slot) = self.local.get() {
                if slot.id == origin {
                    self.put_local(slot, value);
                    return;
                }
            }
            if let Some((value, size)) = self.recycle(value) {
                self.spill_back(value, size);
            }
            return;
        }
        // Unpooled (teardown) object: free it.
        if let Some((value, _)) = self.recycle(value) {
            self.drop_full(value);
        }
    }

    /// The reset step and the size cap: `None` when the object grew too
    /// big and was freed; else the object and its size.
    #[inline]
    fn recycle(&self, mut value: T) -> Option<(T, usize)> {
        (self.reset)(&mut value);
        let size = (self.size)(&value);
        if size > self.max_size {
            return self.oversize(value);
        }
        Some((value, size))
    }

    #[cold]
    #[inline(never)]
    fn oversize(&self, mut value: T) -> Option<(T, usize)> {
        if let Some(shrink) = self.shrink {
            shrink(&mut value, self.max_size);
            let size = (self.size)(&value);
            if size <= self.max_size {
                bump(&self.counters.shrunk);
                return Some((value, size));
            }
        }
        bump(&self.counters.returned);
        bump(&self.counters.dropped_oversize);
        None // `value` freed here, no borrow held
    }

    #[cold]
    fn drop_full(&self, value: T) {
        bump(&self.counters.returned);
        bump(&self.counters.dropped_full);
        drop(value);
    }

    /// Put an object on the spill list if there is room there and in the
    /// total; gives it back otherwise.
    fn try_spill(&self, value: T, size: usize) -> Result<(), T> {
        if self.spill_len.load(Relaxed) >= self.spill_cap {
            return Err(value);
        }
        if self.retained.fetch_add(size, Relaxed).saturating_add(size) > self.max_retained {
            self.retained.fetch_sub(size, Relaxed);
            return Err(value);
        }
        let mut list = lock(&self.spill);
        if list.len() >= self.spill_cap {
            drop(list);
            self.retained.fetch_sub(size, Relaxed);
            return Err(value);
        }
        list.push((value, size)); // within reserved capacity
        self.spill_len.store(list.len(), Relaxed);
        self.spill_bytes.fetch_add(size, Relaxed);
        Ok(())
    }

    /// Given back on a foreign thread: keep it on the spill list if there is
    /// room.
    #[cold]
    fn spill_back(&self, value: T, size: usize) {
        match self.try_spill(value, size) {
            Ok(()) => {
                bump(&self.counters.returned);
                bump(&self.counters.spilled);
            }
            Err(v) => self.drop_full(v), // freed after the lock was released
        }
    }
}

impl<T: Send + 'static> teardown::ThreadExit for Inner<T> {
    /// The current thread is exiting: its idle objects go to the spill list
    /// (within its bound and the total) or are freed, its booking is
    /// released, and its slot is closed until a new thread reuses it.
    fn thread_exiting(&self) {
        let Some(slot) = self.local.get() else {
            return;
        };
        slot.closed.set(true);
        self.retained.fetch_sub(slot.booked.replace(0), Relaxed);
        loop {
            // Borrowed only for the pop: `T::drop` runs with no borrow held.
            let item = match slot.stack.try_borrow_mut() {
                Ok(mut stack) => stack.pop(),
                Err(_) => None,
            };
            let Some((value, size)) = item else { break };
            slot.idle.set(slot.idle.get() - size);
            slot.counters.idle_bytes.store(slot.idle.get(), Relaxed);
            if let Err(v) = self.try_spill(value, size) {
                bump(&self.counters.dropped_full);
                drop(v);
            }
        }
    }
}

impl Pool<Vec<u8>> {
    /// The preset for byte buffers: new buffers get `initial_capacity`;
    /// reset is `clear`, size is `capacity`; a buffer whose capacity grew
    /// past `max_capacity` is shrunk back to it when the line it held was
    /// not much larger (so that a line just under the cap, whose buffer
    /// `Vec` doubled past it, costs no allocation the next time), and freed
    /// otherwise (spoolog uses [`DEFAULT_MAX_BUFFER`]). At most
    /// [`DEFAULT_MAX_RETAINED`] bytes are kept across all threads.
    ///
    /// ```
    /// use spoolog::pool::{Pool, DEFAULT_MAX_BUFFER};
    ///
    /// let pool = Pool::byte_buffers(256, DEFAULT_MAX_BUFFER);
    /// let mut buf = pool.get();
    /// assert!(buf.capacity() >= 256);
    /// buf.resize(4 * DEFAULT_MAX_BUFFER, b'x'); // a huge line
    /// drop(buf);
    /// assert_eq!(pool.stats().dropped_oversize, 1);
    /// assert!(pool.get().capacity() < DEFAULT_MAX_BUFFER);
    /// ```
    pub fn byte_buffers(initial_capacity: usize, max_capacity: usize) -> Pool<Vec<u8>> {
        Self::byte_buffers_builder(initial_capacity, max_capacity).build()
    }

    /// The [`byte_buffers`](Pool::byte_buffers) preset as a builder, to
    /// change `per_thread`, `spill` or `max_retained`.
    ///
    /// ```
    /// use spoolog::pool::Pool;
    ///
    /// let pool = Pool::byte_buffers_builder(128, 4096).per_thread(1).build();
    /// assert!(pool.get().capacity() >= 128);
    /// ```
    pub fn byte_buffers_builder(
        initial_capacity: usize,
        max_capacity: usize,
    ) -> PoolBuilder<Vec<u8>> {
        Self::builder_with(move || Vec::with_capacity(initial_capacity))
            .reset(Vec::clear)
            .size(Vec::capacity)
            .max_size(max_capacity)
            .shrink(shrink_buffer)
            .max_retained(DEFAULT_MAX_RETAINED)
    }
}

/// A buffer at most twice the cap held a line that fit, or nearly (`Vec`
/// doubles its capacity when it grows): bring it back to the cap. Larger
/// ones held a huge line and are freed.
fn shrink_buffer(v: &mut Vec<u8>, max: usize) {
    if v.capacity() <= max.saturating_mul(2) {
        v.shrink_to(max);
    }
}

// The pool's invariants survive a panic anywhere in user code (`create`,
// `reset`, `size`, `shrink`, `T::drop`, or while a guard is held): the
// slot's `RefCell` is never borrowed across user code, lock poisoning is
// ignored (nothing panics while our locks are held), and counters are
// atomics. A guard dropped during unwinding gives its object back, reset,
// like any other.
impl<T: Send + 'static> std::panic::RefUnwindSafe for Pool<T> {}
impl<T: Send + 'static> std::panic::UnwindSafe for Pool<T> {}

impl<T: Send + 'static> fmt::Debug for Pool<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pool")
            .field("max_size", &self.inner.max_size)
            .field("per_thread", &self.inner.per_thread)
            .field("spill", &self.inner.spill_cap)
            .field("max_retained", &self.inner.max_retained)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}
