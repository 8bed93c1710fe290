//! A per-thread front slot for byte-buffer pools: the logger's hot path.
//!
//! A warm [`Pool::scoped`] costs a `ThreadLocal` bucket lookup, a
//! `RefCell` borrow for the pop, and on return the reset, the size cap, the
//! per-thread booking and a second borrow for the push — about 150
//! instructions per line on W1/W2. The front slots keep, per thread, *one*
//! buffer for each of a few pools in plain thread-local `RefCell`s, so that
//! the next line on that thread borrows it where it lies: a borrow flag, a
//! comparison of the pool's address, and nothing moved. (Until 2026-12-02
//! the buffer was moved out of a `Cell` and back for every line, which with
//! the check for something to drop on the way back cost about 40
//! instructions more; see `docs/benchmarks.md`.)
//!
//! What the pool's guarantees become:
//!
//! - **Nesting**: while a line is being made its slot is borrowed, so a
//!   nested line (a `Display` that logs) cannot have it: it takes another
//!   slot's buffer of its pool if there is one, or the pool's normal path,
//!   and gets a second buffer either way.
//! - **A panic while a line is made** leaves the buffer in its slot (the
//!   borrow ends as the panic unwinds); each line clears the buffer before
//!   it starts, so no half line is ever seen again.
//! - **Teardown**: once the thread's TLS is gone the slot is unreachable and
//!   the pool's normal (teardown-safe) path is taken.
//! - **Accounting**: a buffer in a front slot counts as handed out
//!   ([`PoolStats::outstanding`](super::PoolStats::outstanding)), not as
//!   idle; it goes back to its pool (to the thread's stack, the spill list,
//!   or freed, within the pool's bounds) when the thread exits. Only buffers
//!   of at most [`FRONT_MAX`] bytes are kept there, so a thread holds at most
//!   that much outside the pool's total.
//! - **A few pools per thread**: a thread has [`SLOTS`] slots (4), the
//!   most recently used pool's in the first, so that a thread logging
//!   through two or three loggers (a service's logger and a
//!   background-writer one, or a bench comparing them) finds every one's
//!   buffer without a lookup. Once all slots belong to live pools, further
//!   pools take their normal path (no ping-pong); a slot whose pool is gone
//!   is freed when another pool wants one.
//! - Buffers never leave their thread through the slot (no cross-thread
//!   return is involved).

use super::{Inner, Pool};
use std::cell::RefCell;
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

/// How many pools a thread keeps a front buffer for (a thread that logs
/// through several loggers, such as a service's own logger and a
/// background-writer one, or a benchmark comparing them).
pub(crate) const SLOTS: usize = 4;

/// One slot: borrowed while its buffer holds a line being made.
type Slot = RefCell<Option<Front>>;

thread_local! {
    /// The most recently used pool's buffer is in slot 0.
    static FRONT: [Slot; SLOTS] = const { [const { RefCell::new(None) }; SLOTS] };
}

impl Front {
    fn is_of(&self, pool: *const Inner<Vec<u8>>) -> bool {
        std::ptr::eq(self.pool.as_ptr(), pool)
    }
}

/// Make a line in `front`'s buffer with `f` (the slot is borrowed
/// meanwhile), then keep the buffer in the slot unless it grew past
/// [`FRONT_MAX`] (then it goes back to its pool).
#[cfg_attr(not(debug_assertions), inline(always))]
fn in_slot<R>(slot: &mut Option<Front>, f: impl FnOnce(&mut Vec<u8>) -> R) -> Option<R> {
    let front = slot.as_mut()?;
    // Cleared first: a line that panicked part way left its bytes here.
    front.buf.clear();
    let r = f(&mut front.buf);
    if front.buf.capacity() > FRONT_MAX {
        *slot = None; // dropped: back to the pool, whose size cap applies
    }
    Some(r)
}

impl Pool<Vec<u8>> {
    /// [`scoped`](Pool::scoped) through this thread's front slots (see the
    /// module's documentation): the same buffer line after line with no
    /// lookup, falling back to `scoped` when no slot holds or can take this
    /// pool's buffer, or the slots are unreachable.
    #[inline]
    pub(crate) fn scoped_front<R>(&self, f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
        let me = Arc::as_ptr(&self.inner);
        let mut f = Some(f);
        let hit = FRONT.try_with(|s| {
            let mut slot = s[0].try_borrow_mut().ok()?;
            if !slot.as_ref()?.is_of(me) {
                return None;
            }
            in_slot(&mut slot, f.take()?)
        });
        match (hit, f) {
            (Ok(Some(r)), _) => r,
            (_, Some(f)) => self.scoped_front_miss(f),
            // `f` was taken only where it ran, and then the result is there.
            (_, None) => unreachable!("the line was made in slot 0"),
        }
    }

    /// Slot 0 holds another pool's buffer, none, or is borrowed (a nested
    /// line): look for this pool's buffer in the other slots, or take one
    /// from the pool and keep it in a slot afterwards. A buffer found in
    /// slot `i` while slot 0 is free to move swaps places with slot 0's.
    #[cold]
    #[inline(never)]
    fn scoped_front_miss<R>(&self, f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
        let me = Arc::as_ptr(&self.inner);
        let mut f = Some(f);
        let found = FRONT.try_with(|s| {
            for i in 1..SLOTS {
                let Ok(mut slot) = s[i].try_borrow_mut() else {
                    continue; // a line further up this thread's stack
                };
                if !slot.as_ref().is_some_and(|h| h.is_of(me)) {
                    continue;
                }
                // Most recently used first: swap with slot 0 when it is not
                // borrowed, and make the line in slot 0.
                if let Ok(mut first) = s[0].try_borrow_mut() {
                    std::mem::swap(&mut *first, &mut *slot);
                    drop(slot);
                    return in_slot(&mut first, f.take()?);
                }
                return in_slot(&mut slot, f.take()?);
            }
            None
        });
        if let Ok(Some(r)) = found {
            return r;
        }
        let Some(f) = f else {
            unreachable!("`f` is taken only where it runs");
        };
        let mut guard = self.get();
        let r = f(&mut guard);
        if guard.capacity() <= FRONT_MAX {
            if let Some(mut buf) = guard.take_quietly() {
                buf.clear();
                self.keep_in_front(buf);
            }
        }
        r
    }

    /// Keep `buf` (this pool's) in slot 0, moving slot 0's buffer to a free
    /// slot or one whose pool is gone; if every slot belongs to a live pool
    /// or is borrowed, or one already holds this pool's buffer (a nested
    /// line kept it), give `buf` back to the pool instead (no ping-pong
    /// between pools).
    fn keep_in_front(&self, buf: Vec<u8>) {
        let me = Arc::as_ptr(&self.inner);
        let front = Front {
            pool: Arc::downgrade(&self.inner),
            buf,
        };
        // (If the TLS is gone, `front` is dropped with the closure and its
        // buffer returned.)
        let _ = FRONT.try_with(move |s| {
            let mut free = None;
            for (i, slot) in s.iter().enumerate() {
                let Ok(held) = slot.try_borrow() else {
                    continue; // borrowed: neither free nor ours
                };
                match &*held {
                    Some(h) if h.is_of(me) => return, // already kept: `front` goes home
                    Some(h) if h.pool.strong_count() != 0 => {}
                    _ => {
                        if free.is_none() {
                            free = Some(i);
                        }
                    }
                }
            }
            let Some(i) = free else {
                return; // all taken by live pools or busy: `front` goes home
            };
            let Ok(mut first) = s[0].try_borrow_mut() else {
                // Slot 0 is busy: keep it in the free slot itself.
                if let Ok(mut slot) = s[i].try_borrow_mut() {
                    *slot = Some(front); // a dead pool's buffer is freed
                }
                return;
            };
            let prev = first.replace(front);
            drop(first);
            if i != 0 {
                if let Ok(mut slot) = s[i].try_borrow_mut() {
                    *slot = prev; // a dead pool's buffer (if any) is freed
                }
            }
        });
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

    /// Run on a fresh thread: the slots are per thread.
    fn on_a_new_thread(f: impl FnOnce() + Send) {
        std::thread::scope(|s| s.spawn(f).join().unwrap());
    }

    #[test]
    fn pools_used_in_turn_each_keep_their_buffer() {
        on_a_new_thread(|| {
            let pools: Vec<_> = (0..SLOTS).map(|_| Pool::byte_buffers(64, 4096)).collect();
            let mut addrs = [0usize; SLOTS];
            for round in 0..5 {
                for (i, p) in pools.iter().enumerate() {
                    let a = p.scoped_front(|b| {
                        assert!(b.is_empty(), "cleared");
                        b.push(1);
                        b.as_ptr() as usize
                    });
                    if round == 0 {
                        addrs[i] = a;
                    }
                    assert_eq!(a, addrs[i], "pool {i} round {round}: the same buffer");
                }
            }
            for p in &pools {
                // One buffer each, held in a slot.
                let s = p.stats();
                assert_eq!((s.created, s.outstanding()), (1, 1), "{s:?}");
            }
        });
    }

    #[test]
    fn every_slots_buffer_goes_home_when_the_thread_exits() {
        let pools: Vec<_> = (0..SLOTS)
            .map(|_| std::sync::Arc::new(Pool::byte_buffers(64, 4096)))
            .collect();
        let mine: Vec<_> = pools.iter().map(std::sync::Arc::clone).collect();
        std::thread::spawn(move || {
            for p in &mine {
                p.scoped_front(|b| b.push(1));
            }
            for p in &mine {
                assert_eq!(p.stats().outstanding(), 1, "held in a slot");
            }
        })
        .join()
        .unwrap();
        for p in &pools {
            let s = p.stats();
            assert_eq!((s.created, s.returned, s.outstanding()), (1, 1, 0), "{s:?}");
        }
    }

    #[test]
    fn a_pool_beyond_the_slots_takes_its_own_path_and_a_dead_pools_slot_is_freed() {
        on_a_new_thread(|| {
            let mut held: Vec<_> = (0..SLOTS).map(|_| Pool::byte_buffers(64, 4096)).collect();
            for p in &held {
                p.scoped_front(|_| ());
            }
            let extra = Pool::byte_buffers(64, 4096);
            extra.scoped_front(|_| ());
            extra.scoped_front(|_| ());
            // Every slot belongs to a live pool: `extra`'s buffer went
            // through its stack each time, and the others kept theirs.
            assert_eq!(extra.stats().outstanding(), 0);
            for p in &held {
                assert_eq!(p.stats().outstanding(), 1);
            }
            held.remove(1);
            // A pool is gone: `extra` may take its slot now.
            extra.scoped_front(|_| ());
            assert_eq!(extra.stats().outstanding(), 1);
            for p in &held {
                assert_eq!(p.stats().outstanding(), 1, "nobody displaced");
            }
        });
    }

    #[test]
    fn a_nested_line_of_the_same_pool_leaves_one_buffer_in_the_slots() {
        on_a_new_thread(|| {
            let a = Pool::byte_buffers(64, 4096);
            let b = Pool::byte_buffers(64, 4096);
            a.scoped_front(|_| ());
            // `b` misses slot 0 (a's) and takes from its pool; a nested `b`
            // line inside does the same, and keeps its buffer in a slot.
            b.scoped_front(|_| b.scoped_front(|_| ()));
            b.scoped_front(|_| ());
            let s = b.stats();
            assert_eq!((s.created, s.outstanding()), (2, 1), "{s:?}");
            assert_eq!(a.stats().outstanding(), 1);
        });
    }

    #[test]
    fn a_line_that_panicked_leaves_nothing_for_the_next() {
        on_a_new_thread(|| {
            let pool = Pool::byte_buffers(64, 4096);
            let addr = pool.scoped_front(|b| b.as_ptr() as usize);
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                pool.scoped_front(|b| {
                    b.extend_from_slice(b"half a li");
                    panic!("boom")
                })
            }));
            assert!(r.is_err());
            // Still in its slot (held, not lost), and empty for the next line.
            assert_eq!(pool.stats().outstanding(), 1);
            pool.scoped_front(|b| {
                assert!(b.is_empty(), "the half line is gone: {b:?}");
                assert_eq!(b.as_ptr() as usize, addr, "the same buffer");
            });
            assert_eq!(pool.stats().created, 1);
        });
    }

    #[test]
    fn a_nested_line_uses_its_pools_slot_where_it_lies() {
        on_a_new_thread(|| {
            let a = Pool::byte_buffers(64, 4096);
            let b = Pool::byte_buffers(64, 4096);
            let b_addr = b.scoped_front(|buf| buf.as_ptr() as usize);
            a.scoped_front(|_| ()); // slot 0: a's, slot 1: b's
            a.scoped_front(|outer| {
                outer.push(b'a');
                // Slot 0 is borrowed by this line: b's buffer is used in
                // slot 1, without moving it.
                let inner = b.scoped_front(|buf| {
                    assert!(buf.is_empty());
                    buf.as_ptr() as usize
                });
                assert_eq!(inner, b_addr);
                assert_eq!(outer, b"a", "the outer line is untouched");
            });
            assert_eq!((a.stats().created, b.stats().created), (1, 1));
            // And b's next line swaps it back to slot 0, the same buffer.
            assert_eq!(b.scoped_front(|buf| buf.as_ptr() as usize), b_addr);
            assert_eq!((a.stats().outstanding(), b.stats().outstanding()), (1, 1));
        });
    }

    #[test]
    fn a_new_pools_nested_line_keeps_its_buffer_beside_the_busy_slot() {
        on_a_new_thread(|| {
            let a = Pool::byte_buffers(64, 4096);
            let b = Pool::byte_buffers(64, 4096);
            let b_addr = a.scoped_front(|_| {
                // Slot 0 is a's and borrowed: b's first buffer, taken from
                // its pool, is kept in a free slot beside it.
                b.scoped_front(|buf| buf.as_ptr() as usize)
            });
            assert_eq!(b.stats().outstanding(), 1, "kept in a slot");
            // b's next line finds it there (and moves it to slot 0).
            assert_eq!(b.scoped_front(|buf| buf.as_ptr() as usize), b_addr);
            assert_eq!(b.scoped_front(|buf| buf.as_ptr() as usize), b_addr);
            assert_eq!(b.stats().created, 1);
            // a's buffer was not displaced.
            a.scoped_front(|_| ());
            assert_eq!((a.stats().created, a.stats().outstanding()), (1, 1));
        });
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
