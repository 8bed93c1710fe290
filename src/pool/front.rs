//! A per-thread front slot for byte-buffer pools: the logger's hot path.
//!
//! A warm [`Pool::scoped`] costs a `ThreadLocal` bucket lookup, a
//! `RefCell` borrow for the pop, and on return the reset, the size cap, the
//! per-thread booking and a second borrow for the push — about 150
//! instructions per line on W1/W2. The front slot keeps, per thread, *one*
//! buffer of *one* pool in a plain thread-local `Cell`, so that the next line
//! on that thread takes it with a move and puts it back with a move.
//!
//! What the pool's guarantees become:
//!
//! - **Nesting**: while a line is being made the slot is empty, so a nested
//!   line (a `Display` that logs) takes the pool's normal path and gets a
//!   second buffer.
//! - **Teardown**: once the thread's TLS is gone the slot is unreachable and
//!   the pool's normal (teardown-safe) path is taken.
//! - **Accounting**: a buffer in a front slot counts as handed out
//!   ([`PoolStats::outstanding`](super::PoolStats::outstanding)), not as
//!   idle; it goes back to its pool (to the thread's stack, the spill list,
//!   or freed, within the pool's bounds) when the thread exits. Only buffers
//!   of at most [`FRONT_MAX`] bytes are kept there, so a thread holds at most
//!   that much outside the pool's total.
//! - **One pool per thread**: the slot belongs to the first pool that fills
//!   it; other pools on that thread take their normal path (no ping-pong
//!   between two loggers). A slot whose pool is gone is freed when another
//!   pool wants it.
//! - Buffers never leave their thread through the slot (no cross-thread
//!   return is involved).

use super::{Inner, Pool};
use std::cell::Cell;
use std::sync::{Arc, Weak};

/// The largest buffer (capacity) a front slot keeps: larger ones go back to
/// the pool, whose own caps and total apply.
///
/// ```
/// assert_eq!(spoolog::pool::FRONT_MAX, 8 * 1024);
/// ```
pub const FRONT_MAX: usize = 8 * 1024;

/// One thread's front buffer and the pool it came from (a `Weak`, which
/// also keeps the pool's address from being reused while the slot exists).
struct Front {
    pool: Weak<Inner<Vec<u8>>>,
    buf: Vec<u8>,
}

impl Drop for Front {
    fn drop(&mut self) {
        // The thread exits (or the slot is displaced): back to the pool.
        if let Some(pool) = self.pool.upgrade() {
            pool.give_back_here(std::mem::take(&mut self.buf));
        }
    }
}

thread_local! {
    static FRONT: Cell<Option<Front>> = const { Cell::new(None) };
}

impl Pool<Vec<u8>> {
    /// [`scoped`](Pool::scoped) through this thread's front slot (see the
    /// module's documentation): the same buffer line after line with no
    /// lookup, falling back to `scoped` when the slot is busy, belongs to
    /// another pool, or is unreachable.
    #[inline]
    pub(crate) fn scoped_front<R>(&self, f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
        let me = Arc::as_ptr(&self.inner);
        match FRONT.try_with(Cell::take) {
            Ok(Some(mut front)) if std::ptr::eq(front.pool.as_ptr(), me) => {
                // A panic in `f` drops `front`, which gives the buffer back.
                let r = f(&mut front.buf);
                front.buf.clear();
                if front.buf.capacity() <= FRONT_MAX {
                    let _ = FRONT.try_with(|c| c.set(Some(front)));
                }
                // else: `front` is dropped here and the buffer goes back to
                // the pool, whose size cap applies.
                r
            }
            Ok(other) => self.scoped_front_miss(other, f),
            Err(_) => self.scoped(f),
        }
    }

    /// The slot was empty (first line on this thread, or a nested line) or
    /// held another pool's buffer: take one from the pool and, if the slot is
    /// free afterwards, keep it there.
    #[cold]
    #[inline(never)]
    fn scoped_front_miss<R>(&self, other: Option<Front>, f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
        let claimable = match other {
            None => true,
            Some(front) if front.pool.strong_count() == 0 => {
                drop(front); // its pool is gone: free the buffer
                true
            }
            Some(front) => {
                let _ = FRONT.try_with(|c| c.set(Some(front)));
                false
            }
        };
        let mut guard = self.get();
        let r = f(&mut guard);
        if claimable && guard.capacity() <= FRONT_MAX {
            let buf = guard.take_quietly();
            let mut buf = match buf {
                Some(b) => b,
                None => return r,
            };
            buf.clear();
            let front = Front {
                pool: Arc::downgrade(&self.inner),
                buf,
            };
            // A nested line may have filled the slot meanwhile: keep the
            // first one and give this one back. (If the TLS is gone, `front`
            // was dropped with the closure and its buffer returned.)
            let extra = FRONT.try_with(|c| match c.replace(Some(front)) {
                Some(prev) => c.replace(Some(prev)),
                None => None,
            });
            drop(extra);
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_buffer_line_after_line_and_nesting_gets_another() {
        let pool = Pool::byte_buffers(64, 4096);
        let first = pool.scoped_front(|b| {
            b.extend_from_slice(b"x");
            b.as_ptr() as usize
        });
        let again = pool.scoped_front(|b| {
            assert!(b.is_empty(), "cleared");
            // Nested: the slot is empty while a line is being made.
            let inner = pool.scoped_front(|n| n.as_ptr() as usize);
            assert_ne!(inner, b.as_ptr() as usize);
            b.as_ptr() as usize
        });
        assert_eq!(first, again);
        assert_eq!(pool.stats().created, 2);
    }

    #[test]
    fn a_threads_front_buffer_goes_home_when_it_exits() {
        let pool = std::sync::Arc::new(Pool::byte_buffers(64, 4096));
        let p = std::sync::Arc::clone(&pool);
        std::thread::spawn(move || p.scoped_front(|b| b.push(1)))
            .join()
            .unwrap();
        let s = pool.stats();
        assert_eq!((s.created, s.returned, s.outstanding()), (1, 1, 0), "{s:?}");
    }

    #[test]
    fn a_second_pool_takes_its_own_path_and_a_dead_pools_slot_is_freed() {
        let a = Pool::byte_buffers(64, 4096);
        a.scoped_front(|_| ());
        let b = Pool::byte_buffers(64, 4096);
        b.scoped_front(|_| ());
        b.scoped_front(|_| ());
        // `a` holds the slot: `b`'s buffers went through its stack.
        assert_eq!(b.stats().outstanding(), 0);
        drop(a);
        // `a` is gone: `b` may take the slot now.
        b.scoped_front(|_| ());
        assert_eq!(b.stats().outstanding(), 1);
    }

    #[test]
    fn big_buffers_are_not_kept_in_the_slot() {
        let pool = Pool::byte_buffers(64, 1 << 20);
        pool.scoped_front(|b| b.resize(FRONT_MAX * 2, 0));
        assert_eq!(pool.stats().outstanding(), 0, "back to the pool");
        // A panic while a line is made gives the buffer back too.
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pool.scoped_front(|_| panic!("boom"))
        }));
        assert!(r.is_err());
        assert_eq!(pool.stats().outstanding(), 0);
    }
}
