//! Knowing when this thread's TLS is being torn down, and giving a pool's
//! objects back when a thread exits.
//!
//! `thread_local::ThreadLocal::get()` never panics: during teardown it simply
//! returns `None` once the crate's per-thread id has been released. But
//! `get_or()` may need a fresh thread id, and allocating one touches the
//! crate's own `thread_local!` guard; if that guard has already been destroyed,
//! `std` panics ("cannot access a Thread Local Storage value during or after
//! destruction"). So before calling `get_or` we ask this module whether it is
//! still safe.
//!
//! How: after the first successful `get_or` on a thread we touch [`SENTINEL`],
//! a `thread_local!` with a destructor. It is registered *after* the
//! `thread_local` crate's guard, and `std` runs TLS destructors in reverse
//! order of registration (glibc's `__cxa_thread_atexit_impl` list and std's
//! own fallback list both pop from the end), so the sentinel dies *before*
//! that guard. While the sentinel lives, `get_or` is safe; once it has died,
//! [`STATE`] says `Dead` and the pool falls back to unpooled objects.
//!
//! The sentinel also carries the pools that have a slot on this thread (as
//! `Weak` references): when it dies, each of them is told
//! ([`ThreadExit::thread_exiting`]) while the thread's slots are still
//! reachable, and gives the thread's idle objects back.

use std::cell::{Cell, RefCell};
use std::sync::Weak;

/// Where this thread is in its life, as far as the pool can tell.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum TlsState {
    /// No pool has registered a slot on this thread yet.
    Fresh,
    /// A slot was registered and the sentinel is alive: `get_or` is safe.
    Alive,
    /// The sentinel was destroyed: TLS teardown is under way.
    Dead,
}

/// A pool's hook for threads that exit.
pub(crate) trait ThreadExit: Send + Sync {
    /// Called on the exiting thread, from its TLS destructors.
    fn thread_exiting(&self);
}

thread_local! {
    // `const` and without `Drop`: readable even while other TLS values are
    // being destroyed (`try_with` covers platforms where it is not).
    static STATE: Cell<TlsState> = const { Cell::new(TlsState::Fresh) };
    static SENTINEL: Sentinel = const { Sentinel { pools: RefCell::new(Vec::new()) } };
}

struct Sentinel {
    pools: RefCell<Vec<Weak<dyn ThreadExit>>>,
}

impl Drop for Sentinel {
    fn drop(&mut self) {
        let _ = STATE.try_with(|s| s.set(TlsState::Dead));
        let pools = std::mem::take(&mut *self.pools.borrow_mut());
        for pool in pools {
            if let Some(pool) = pool.upgrade() {
                pool.thread_exiting();
            }
        }
    }
}

/// The state of the current thread; `Dead` if even that cannot be read.
pub(crate) fn state() -> TlsState {
    STATE.try_with(Cell::get).unwrap_or(TlsState::Dead)
}

/// Called right after a successful `get_or` (or when a thread reuses a
/// closed slot): register the sentinel (after the `thread_local` guard),
/// mark the thread `Alive`, and remember `pool` so that it hears about this
/// thread's exit. False when the thread is already being torn down.
pub(crate) fn watch(pool: Weak<dyn ThreadExit>) -> bool {
    let registered = SENTINEL.try_with(|s| {
        let Ok(mut pools) = s.pools.try_borrow_mut() else {
            return false;
        };
        if pools.len() == pools.capacity() {
            // Forget pools that no longer exist before growing the list
            // (a long-lived thread may see many short-lived loggers).
            pools.retain(|p| p.strong_count() > 0);
        }
        pools.push(pool);
        true
    });
    if registered != Ok(true) {
        return false;
    }
    let _ = STATE.try_with(|s| {
        if s.get() == TlsState::Fresh {
            s.set(TlsState::Alive);
        }
    });
    true
}
