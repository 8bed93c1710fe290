//! Unit tests of the pool logic; all run under Miri
//! (`cargo +nightly miri test --lib pool`).

use super::*;
use std::fmt::Write as _;
use std::thread;

#[cfg(miri)]
const ITERS: usize = 20;
#[cfg(not(miri))]
const ITERS: usize = 2_000;

fn buffers() -> Pool<Vec<u8>> {
    Pool::byte_buffers(32, 256)
}

#[test]
fn reuses_the_same_object() {
    let pool = buffers();
    let mut g = pool.get();
    g.extend_from_slice(b"abc");
    let ptr = g.as_ptr();
    drop(g);
    let g = pool.get();
    assert_eq!(g.as_ptr(), ptr);
    assert!(g.is_empty(), "reset applied");
    drop(g);
    let s = pool.stats();
    assert_eq!((s.created, s.reused, s.returned), (1, 1, 2));
}

#[test]
fn reset_is_applied_on_return() {
    let pool = Pool::builder(|| 0u32).reset(|n| *n = 0).build();
    *pool.get() = 42;
    assert_eq!(*pool.get(), 0);
}

#[test]
fn nested_get_gives_distinct_objects() {
    let pool = buffers();
    let a = pool.get();
    let b = pool.get();
    assert_ne!(a.as_ptr(), b.as_ptr());
    drop(b);
    drop(a);
    assert_eq!(pool.stats().idle(), 2);
}

/// A `Display` impl that itself borrows from the pool, as a value that logs
/// while being logged would.
struct Reentrant<'a>(&'a Pool<Vec<u8>>);

impl std::fmt::Display for Reentrant<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut inner = self.0.get();
        inner.extend_from_slice(b"inner");
        f.write_str(std::str::from_utf8(&inner).unwrap_or("?"))
    }
}

#[test]
fn reentrant_display_does_not_panic() {
    let pool = Pool::builder(String::new).reset(String::clear).build();
    let bufs = buffers();
    let mut outer = pool.get();
    write!(outer, "outer {}", Reentrant(&bufs)).unwrap();
    // and the same pool nested inside itself
    let mut outer2 = bufs.get();
    let s = format!("{}", Reentrant(&bufs));
    outer2.extend_from_slice(s.as_bytes());
    assert_eq!(&*outer, "outer inner");
    assert_eq!(&outer2[..], b"inner");
}

#[test]
fn oversize_objects_are_dropped() {
    let pool = buffers();
    let mut g = pool.get();
    g.resize(1000, b'x');
    drop(g);
    let s = pool.stats();
    assert_eq!(s.dropped_oversize, 1);
    assert_eq!(s.idle(), 0);
    let g = pool.get();
    assert!(g.capacity() < 256, "a small new buffer, not the huge one");
    assert_eq!(pool.stats().created, 2);
}

#[test]
fn per_thread_cap() {
    let pool = Pool::byte_buffers_builder(8, 64).per_thread(2).build();
    let guards: Vec<_> = (0..4).map(|_| pool.get()).collect();
    drop(guards);
    let s = pool.stats();
    assert_eq!(
        (s.created, s.returned, s.dropped_full, s.idle()),
        (4, 4, 2, 2)
    );
}

#[test]
fn zero_per_thread_keeps_nothing_locally() {
    let pool = Pool::builder(|| 1u8).per_thread(0).build();
    drop(pool.get());
    drop(pool.get());
    let s = pool.stats();
    assert_eq!((s.created, s.dropped_full), (2, 2));
}

#[test]
fn cross_thread_drop_spills_and_is_reused() {
    let pool = buffers();
    let g = pool.get();
    let ptr = g.as_ptr() as usize;
    thread::scope(|s| {
        s.spawn(move || drop(g));
    });
    assert_eq!(pool.stats().spilled, 1);
    assert_eq!(pool.spilled_len(), 1);
    // This thread's stack is empty, so the spilled one comes back.
    let g = pool.get();
    assert_eq!(g.as_ptr() as usize, ptr);
    assert_eq!(pool.spilled_len(), 0);
    // And from yet another thread too.
    drop(g);
    let g = pool.get();
    thread::scope(|s| {
        s.spawn(move || drop(g));
    });
    thread::scope(|s| {
        s.spawn(|| assert_eq!(pool.get().as_ptr() as usize, ptr));
    });
}

#[test]
fn spill_cap_is_respected() {
    let pool = Pool::byte_buffers_builder(8, 64).spill(1).build();
    let (a, b) = (pool.get(), pool.get());
    thread::scope(|s| {
        s.spawn(move || drop((a, b)));
    });
    let st = pool.stats();
    assert_eq!((st.spilled, st.dropped_full, pool.spilled_len()), (1, 1, 1));
}

#[test]
fn detach_takes_the_object_out() {
    let pool = buffers();
    let mut g = pool.get();
    g.push(1);
    let v = g.detach();
    assert_eq!(v, [1]);
    let s = pool.stats();
    assert_eq!(
        (s.detached, s.returned, s.outstanding(), s.idle()),
        (1, 0, 0, 0)
    );
}

#[test]
fn panic_while_guard_held() {
    let pool = buffers();
    let r = std::panic::catch_unwind(|| {
        let mut g = pool.get();
        g.extend_from_slice(b"half a line");
        panic!("boom");
    });
    assert!(r.is_err());
    let s = pool.stats();
    assert_eq!((s.returned, s.outstanding(), s.idle()), (1, 0, 1));
    let g = pool.get();
    assert!(g.is_empty());
    assert_eq!(pool.stats().reused, 1);
}

#[test]
fn many_threads_hammering() {
    let pool = Pool::byte_buffers_builder(16, 128).spill(8).build();
    let threads = if cfg!(miri) { 3 } else { 8 };
    thread::scope(|s| {
        for t in 0..threads {
            let pool = &pool;
            s.spawn(move || {
                let mut carried = None;
                for i in 0..ITERS {
                    let mut g = pool.get();
                    g.extend_from_slice(&i.to_le_bytes());
                    if i % 7 == 0 {
                        let mut n = pool.get(); // nested
                        n.push(t as u8);
                    }
                    if i % 13 == 0 {
                        g.resize(200, 0); // oversize
                    }
                    if i % 5 == 0 {
                        // hand a guard to the next iteration (and at the end, to another thread)
                        carried = Some(g);
                    }
                }
                carried
            });
        }
    });
    let s = pool.stats();
    assert_eq!(s.outstanding(), 0);
    assert_eq!(s.created + s.reused, s.returned + s.detached);
    assert!(s.idle() <= threads * DEFAULT_PER_THREAD + 8);
    assert!(s.dropped_oversize + s.shrunk > 0);
}

#[test]
fn guards_sent_to_a_writer_thread_come_home() {
    let pool = buffers();
    let n = if cfg!(miri) { 4 } else { 32 };
    thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::channel::<PoolGuard<'_, Vec<u8>>>();
        let writer = s.spawn(move || rx.into_iter().map(|g| g.len()).sum::<usize>());
        for i in 0..n {
            let mut g = pool.get();
            g.push(i as u8);
            tx.send(g).unwrap();
        }
        drop(tx);
        assert_eq!(writer.join().unwrap(), n);
    });
    let s = pool.stats();
    assert_eq!(s.returned, n);
    assert_eq!(s.spilled + s.dropped_full, n);
    assert_eq!(s.created + s.reused, n);
}

thread_local! {
    static USES_POOL_ON_EXIT: UsesPoolOnExit = const { UsesPoolOnExit };
}

static TEARDOWN_POOL: std::sync::LazyLock<Pool<Vec<u8>>> =
    std::sync::LazyLock::new(|| Pool::byte_buffers(8, 64));

struct UsesPoolOnExit;

impl Drop for UsesPoolOnExit {
    fn drop(&mut self) {
        let mut g = TEARDOWN_POOL.get();
        g.extend_from_slice(b"bye");
        assert_eq!(&g[..], b"bye");
    }
}

#[test]
fn get_in_tls_destructor() {
    // Registered before the pool's slot: destroyed after the sentinel and
    // after `thread_local`'s guard, so `get()` takes the unpooled path.
    thread::spawn(|| {
        USES_POOL_ON_EXIT.with(|_| ());
        drop(TEARDOWN_POOL.get());
    })
    .join()
    .unwrap();
    // Registered after: destroyed first, while the slot still works.
    thread::spawn(|| {
        drop(TEARDOWN_POOL.get());
        USES_POOL_ON_EXIT.with(|_| ());
    })
    .join()
    .unwrap();
    // First use of any pool happens in the destructor.
    thread::spawn(|| USES_POOL_ON_EXIT.with(|_| ()))
        .join()
        .unwrap();
    let s = TEARDOWN_POOL.stats();
    assert_eq!(s.outstanding(), 0);
    assert!(s.dropped_full >= 1, "{s:?}");
}

#[test]
fn debug_impls() {
    let pool = buffers();
    let g = pool.get();
    assert!(format!("{g:?}").contains("PoolGuard"));
    assert!(format!("{pool:?}").contains("stats"));
}

#[test]
fn scoped_reuses_resets_and_nests() {
    let pool = buffers();
    let first = pool.scoped(|b| {
        b.extend_from_slice(b"abc");
        b.as_ptr() as usize
    });
    // Same buffer back, cleared.
    let (again, len) = pool.scoped(|b| (b.as_ptr() as usize, b.len()));
    assert_eq!((again, len), (first, 0));
    // Nested: a second, distinct object, and both come home.
    let (outer, inner) = pool.scoped(|a| {
        let inner = pool.scoped(|b| b.as_ptr() as usize);
        (a.as_ptr() as usize, inner)
    });
    assert_ne!(outer, inner);
    let s = pool.stats();
    assert_eq!(s.outstanding(), 0, "{s:?}");
    assert_eq!(s.created, 2, "{s:?}");
}

#[test]
fn scoped_returns_the_object_when_the_closure_panics() {
    let pool = buffers();
    pool.scoped(|_| ()); // warm: one object on this thread's stack
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pool.scoped(|b| {
            b.extend_from_slice(b"half");
            panic!("closure panicked");
        })
    }));
    assert!(r.is_err());
    let s = pool.stats();
    assert_eq!(s.outstanding(), 0, "{s:?}");
    assert_eq!(s.created, 1, "{s:?}");
    assert_eq!(pool.scoped(|b| b.len()), 0, "returned cleared");
}

#[test]
fn scoped_applies_the_size_cap() {
    let pool = Pool::byte_buffers(16, 64);
    pool.scoped(|b| b.extend_from_slice(&[0u8; 1000]));
    let s = pool.stats();
    assert_eq!(s.dropped_oversize, 1, "{s:?}");
    assert!(pool.scoped(|b| b.capacity()) < 1000);
}
