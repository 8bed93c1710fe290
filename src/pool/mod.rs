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
//!   measured (`size`): larger than `max_size` and it is freed, not kept
//!   (zerolog keeps buffers only up to 64 KiB — the lesson of Go issue 23199,
//!   where one huge line pinned a huge buffer forever). A thread keeps at most
//!   `per_thread` idle objects; extra ones are freed.
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
//!   `per_thread` idle objects per thread that used the pool, at most `spill`
//!   on the spill list, each no larger than `max_size`. Idle objects are freed
//!   when the pool is dropped (not when a thread exits: a new thread that
//!   reuses the exited thread's slot inherits its idle objects).
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

mod guard;
mod stats;
mod teardown;
#[cfg(test)]
mod tests;

use std::cell::RefCell;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use thread_local::ThreadLocal;

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

/// Slot id meaning "not from a slot": the object is freed when given back.
const NO_ORIGIN: usize = 0;

/// One thread's share of a pool.
/// An object taken by [`Pool::scoped`]; goes back to its slot on drop,
/// also when the closure panics. Never leaves the thread.
struct Held<'a, T: Send> {
    pool: &'a Pool<T>,
    slot: &'a Slot<T>,
    value: Option<T>,
}

impl<T: Send> Drop for Held<'_, T> {
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
fn unreachable_none<T: Send, R>(f: impl FnOnce(&mut T) -> R, pool: &Pool<T>) -> R {
    let mut guard = pool.get();
    f(&mut guard)
}

/// Aligned to 128 bytes: `ThreadLocal` keeps the slots of different threads
/// next to each other, and every borrow writes the `RefCell` flag and the
/// stack length, so neighbours must not share a cache line (or the
/// adjacent-line prefetcher's pair).
#[repr(align(128))]
struct Slot<T> {
    /// Unique within the pool, never [`NO_ORIGIN`].
    id: usize,
    /// Idle objects; capacity `per_thread`, reserved up front.
    stack: RefCell<Vec<T>>,
    /// Hot-path counters, written by the owning thread only; also listed in
    /// [`Pool::slot_counters`] so that [`Pool::stats`] can sum them.
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
pub struct Pool<T: Send> {
    local: ThreadLocal<Slot<T>>,
    spill: Mutex<Vec<T>>,
    /// Mirror of `spill.len()`, so empty-list checks need no lock.
    spill_len: AtomicUsize,
    create: Create<T>,
    reset: fn(&mut T),
    size: fn(&T) -> usize,
    max_size: usize,
    per_thread: usize,
    spill_cap: usize,
    counters: SharedCounters,
    slot_counters: Mutex<Vec<Arc<LocalCounters>>>,
    next_slot_id: AtomicUsize,
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
///     .build();
/// pool.get().push_str("hi");
/// assert!(pool.get().is_empty());
/// ```
pub struct PoolBuilder<T: Send> {
    create: Create<T>,
    reset: fn(&mut T),
    size: fn(&T) -> usize,
    max_size: usize,
    per_thread: usize,
    spill: usize,
}

fn no_reset<T>(_: &mut T) {}
fn zero_size<T>(_: &T) -> usize {
    0
}

impl<T: Send> PoolBuilder<T> {
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

    /// How the size of an object is measured (for the size cap), after the
    /// reset. Default: always 0, so nothing is ever too large.
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

    /// Objects whose size exceeds this are freed, not kept. Default:
    /// `usize::MAX`.
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
    /// thread other than the one they came from. Default: [`DEFAULT_SPILL`].
    /// The list's capacity is reserved when the pool is built.
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
        Pool {
            local: ThreadLocal::new(),
            spill: Mutex::new(Vec::with_capacity(self.spill)),
            spill_len: AtomicUsize::new(0),
            create: self.create,
            reset: self.reset,
            size: self.size,
            max_size: self.max_size,
            per_thread: self.per_thread,
            spill_cap: self.spill,
            counters: SharedCounters::default(),
            slot_counters: Mutex::new(Vec::new()),
            next_slot_id: AtomicUsize::new(NO_ORIGIN + 1),
        }
    }
}

impl<T: Send> fmt::Debug for PoolBuilder<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PoolBuilder")
            .field("max_size", &self.max_size)
            .field("per_thread", &self.per_thread)
            .field("spill", &self.spill)
            .finish_non_exhaustive()
    }
}

fn lock<V>(m: &Mutex<V>) -> MutexGuard<'_, V> {
    // Nothing panics while our locks are held; recover anyway.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl<T: Send> Pool<T> {
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
    pub fn builder_with(create: impl Fn() -> T + Send + Sync + 'static) -> PoolBuilder<T>
    where
        T: 'static,
    {
        Self::builder_from(Create::Closure(Box::new(create)))
    }

    fn builder_from(create: Create<T>) -> PoolBuilder<T> {
        PoolBuilder {
            create,
            reset: no_reset::<T>,
            size: zero_size::<T>,
            max_size: usize::MAX,
            per_thread: DEFAULT_PER_THREAD,
            spill: DEFAULT_SPILL,
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
        if let Some(slot) = self.local.get() {
            if let Some(value) = Self::pop_local(slot) {
                return PoolGuard::new(self, value, slot.id);
            }
            return self.get_slow(slot.id);
        }
        self.get_cold()
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
        if let Some(slot) = self.local.get() {
            if let Some(value) = Self::pop_local(slot) {
                let mut held = Held {
                    pool: self,
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

    /// An idle object from `slot` (the current thread's), counted as reused.
    /// The stack is borrowed only for the pop, so nested borrows work.
    #[inline]
    fn pop_local(slot: &Slot<T>) -> Option<T> {
        let popped = match slot.stack.try_borrow_mut() {
            Ok(mut stack) => stack.pop(),
            Err(_) => None,
        };
        if popped.is_some() {
            bump_owned(&slot.counters.reused);
        }
        popped
    }

    /// Give `value` back to `slot`, which belongs to the current thread.
    #[inline]
    fn put_local(&self, slot: &Slot<T>, value: T) {
        let Some(value) = self.recycle(value) else {
            return;
        };
        let rejected = match slot.stack.try_borrow_mut() {
            Ok(mut stack) if stack.len() < self.per_thread => {
                stack.push(value); // within reserved capacity
                None
            }
            _ => Some(value),
        };
        match rejected {
            None => bump_owned(&slot.counters.returned),
            Some(v) => self.drop_full(v),
        }
    }

    /// This thread's stack was empty (or busy): try the spill list, then make one.
    #[cold]
    #[inline(never)]
    fn get_slow(&self, origin: usize) -> PoolGuard<'_, T> {
        let value = match self.take_spilled() {
            Some(v) => {
                bump(&self.counters.reused);
                v
            }
            None => self.create_one(),
        };
        PoolGuard::new(self, value, origin)
    }

    /// No slot for this thread: register one, unless the thread is being
    /// torn down, in which case hand out an unpooled object.
    #[cold]
    #[inline(never)]
    fn get_cold(&self) -> PoolGuard<'_, T> {
        match self.register_slot() {
            Some(origin) => self.get_slow(origin),
            None => PoolGuard::new(self, self.create_one(), NO_ORIGIN),
        }
    }

    /// Make this thread's slot if it is safe to ask `thread_local` for it;
    /// returns its id.
    fn register_slot(&self) -> Option<usize> {
        let state = teardown::state();
        if state == TlsState::Dead {
            return None;
        }
        let slot = self.local.get_or(|| self.new_slot());
        if state == TlsState::Fresh {
            teardown::mark_alive();
        }
        Some(slot.id)
    }

    fn new_slot(&self) -> Slot<T> {
        let counters = Arc::new(LocalCounters::default());
        lock(&self.slot_counters).push(Arc::clone(&counters));
        Slot {
            id: self.next_slot_id.fetch_add(1, Relaxed),
            stack: RefCell::new(Vec::with_capacity(self.per_thread)),
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
        let v = list.pop();
        self.spill_len.store(list.len(), Relaxed);
        v
    }

    /// Called by the guard's drop with the object and the id of the slot it
    /// came from.
    #[inline]
    fn give_back(&self, value: T, origin: usize) {
        if origin != NO_ORIGIN {
            if let Some(slot) = self.local.get() {
                if slot.id == origin {
                    self.put_local(slot, value);
                    return;
                }
            }
            if let Some(value) = self.recycle(value) {
                self.spill_back(value);
            }
            return;
        }
        // Unpooled (teardown) object: free it.
        if let Some(value) = self.recycle(value) {
            self.drop_full(value);
        }
    }

    /// The reset step and the size cap: `None` when the object grew too
    /// big and was freed.
    #[inline]
    fn recycle(&self, mut value: T) -> Option<T> {
        (self.reset)(&mut value);
        if (self.size)(&value) > self.max_size {
            bump(&self.counters.returned);
            bump(&self.counters.dropped_oversize);
            return None; // `value` freed here, no borrow held
        }
        Some(value)
    }

    #[cold]
    fn drop_full(&self, value: T) {
        bump(&self.counters.returned);
        bump(&self.counters.dropped_full);
        drop(value);
    }

    /// Given back on a foreign thread: keep it on the spill list if there is room.
    #[cold]
    fn spill_back(&self, value: T) {
        let rejected = if self.spill_len.load(Relaxed) < self.spill_cap {
            let mut list = lock(&self.spill);
            if list.len() < self.spill_cap {
                list.push(value); // within reserved capacity
                self.spill_len.store(list.len(), Relaxed);
                None
            } else {
                Some(value)
            }
        } else {
            Some(value)
        }; // lock released before `rejected` is dropped
        match rejected {
            None => {
                bump(&self.counters.returned);
                bump(&self.counters.spilled);
            }
            Some(v) => self.drop_full(v),
        }
    }

    fn note_detached(&self) {
        bump(&self.counters.detached);
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
        let locals = lock(&self.slot_counters);
        self.counters.snapshot(locals.iter().map(|c| &**c))
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
        self.spill_len.load(Relaxed)
    }
}

impl Pool<Vec<u8>> {
    /// The preset for byte buffers: new buffers get `initial_capacity`;
    /// reset is `clear`, size is `capacity`, and a buffer whose capacity grew
    /// past `max_capacity` is freed (spoolog uses [`DEFAULT_MAX_BUFFER`]).
    ///
    /// ```
    /// use spoolog::pool::{Pool, DEFAULT_MAX_BUFFER};
    ///
    /// let pool = Pool::byte_buffers(256, DEFAULT_MAX_BUFFER);
    /// let mut buf = pool.get();
    /// assert!(buf.capacity() >= 256);
    /// buf.resize(DEFAULT_MAX_BUFFER + 1, b'x'); // a huge line
    /// drop(buf);
    /// assert_eq!(pool.stats().dropped_oversize, 1);
    /// assert!(pool.get().capacity() < DEFAULT_MAX_BUFFER);
    /// ```
    pub fn byte_buffers(initial_capacity: usize, max_capacity: usize) -> Pool<Vec<u8>> {
        Self::byte_buffers_builder(initial_capacity, max_capacity).build()
    }

    /// The [`byte_buffers`](Pool::byte_buffers) preset as a builder, to
    /// change `per_thread` or `spill`.
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
    }
}

// The pool's invariants survive a panic anywhere in user code (`create`,
// `reset`, `size`, `T::drop`, or while a guard is held): the slot's `RefCell`
// is never borrowed across user code, lock poisoning is ignored (nothing
// panics while our locks are held), and counters are atomics. A guard dropped
// during unwinding gives its object back, reset, like any other.
impl<T: Send> std::panic::RefUnwindSafe for Pool<T> {}
impl<T: Send> std::panic::UnwindSafe for Pool<T> {}

impl<T: Send> fmt::Debug for Pool<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pool")
            .field("max_size", &self.max_size)
            .field("per_thread", &self.per_thread)
            .field("spill", &self.spill_cap)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}
