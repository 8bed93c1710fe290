//! Knowing when this thread's TLS is being torn down.
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

use std::cell::Cell;

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

thread_local! {
    // `const` and without `Drop`: readable even while other TLS values are
    // being destroyed (`try_with` covers platforms where it is not).
    static STATE: Cell<TlsState> = const { Cell::new(TlsState::Fresh) };
    static SENTINEL: Sentinel = const { Sentinel };
}

struct Sentinel;

impl Drop for Sentinel {
    fn drop(&mut self) {
        let _ = STATE.try_with(|s| s.set(TlsState::Dead));
    }
}

/// The state of the current thread; `Dead` if even that cannot be read.
pub(crate) fn state() -> TlsState {
    STATE.try_with(Cell::get).unwrap_or(TlsState::Dead)
}

/// Called right after a successful `get_or` on a `Fresh` thread: register the
/// sentinel (after the `thread_local` guard) and mark the thread `Alive`.
pub(crate) fn mark_alive() {
    if SENTINEL.try_with(|_| ()).is_ok() {
        let _ = STATE.try_with(|s| {
            if s.get() == TlsState::Fresh {
                s.set(TlsState::Alive);
            }
        });
    }
}
