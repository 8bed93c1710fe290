//! Integration tests of `spoolog::pool` through its public API.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, LazyLock};
use std::thread;

use proptest::prelude::*;
use spoolog::pool::{Pool, PoolGuard, PoolStats, DEFAULT_MAX_BUFFER, DEFAULT_PER_THREAD};

fn addr(v: &[u8]) -> usize {
    v.as_ptr() as usize
}

#[test]
fn warm_get_returns_the_same_buffer_with_its_capacity() {
    let pool = Pool::byte_buffers(256, DEFAULT_MAX_BUFFER);
    let mut g = pool.get();
    g.resize(1000, b'a'); // grows within the cap
    let (ptr, cap) = (addr(&g), g.capacity());
    drop(g);
    let g = pool.get();
    assert_eq!((addr(&g), g.capacity()), (ptr, cap));
    assert!(g.is_empty());
}

#[test]
fn reset_runs_on_every_return() {
    static RESETS: AtomicUsize = AtomicUsize::new(0);
    let pool = Pool::builder(String::new)
        .reset(|s| {
            RESETS.fetch_add(1, Ordering::Relaxed);
            s.clear();
        })
        .build();
    for _ in 0..3 {
        let mut g = pool.get();
        assert!(g.is_empty());
        g.push_str("dirty");
    }
    assert_eq!(RESETS.load(Ordering::Relaxed), 3);
}

#[test]
fn nested_gets_are_distinct_and_all_come_back() {
    let pool = Pool::byte_buffers(16, 1024);
    let a = pool.get();
    let b = pool.get();
    let c = pool.get();
    let ptrs = [addr(&a), addr(&b), addr(&c)];
    assert!(ptrs[0] != ptrs[1] && ptrs[1] != ptrs[2] && ptrs[0] != ptrs[2]);
    drop((a, b, c));
    let s = pool.stats();
    assert_eq!((s.created, s.returned, s.idle()), (3, 3, 3));
}

#[test]
fn display_that_logs_while_logging() {
    struct Noisy<'a>(&'a Pool<Vec<u8>>);
    impl std::fmt::Display for Noisy<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let mut line = self.0.get(); // nested get on the same thread
            line.extend_from_slice(b"inner line");
            write!(f, "noisy({})", line.len())
        }
    }
    let pool = Pool::byte_buffers(64, 1024);
    let mut outer = pool.get();
    use std::io::Write;
    write!(outer, "outer {}", Noisy(&pool)).unwrap();
    assert_eq!(&outer[..], b"outer noisy(10)");
}

#[test]
fn size_cap_frees_oversized_buffers() {
    let pool = Pool::byte_buffers(64, 4096);
    let mut g = pool.get();
    g.resize(10 * 1024 * 1024, b'x'); // a 10 MiB line
    drop(g);
    let s = pool.stats();
    assert_eq!(s.dropped_oversize, 1);
    assert_eq!(s.idle(), 0);
    let g = pool.get();
    assert!(g.capacity() >= 64 && g.capacity() < 4096);
    assert_eq!(pool.stats().created, 2);
}

#[test]
fn default_byte_buffer_cap_is_64k() {
    let pool = Pool::byte_buffers(256, DEFAULT_MAX_BUFFER);
    pool.get().reserve_exact(DEFAULT_MAX_BUFFER - 256); // exactly at the cap: kept
    assert_eq!(pool.stats().dropped_oversize, 0);
    pool.get().reserve_exact(DEFAULT_MAX_BUFFER + 1); // just past it: shrunk and kept
    assert_eq!((pool.stats().shrunk, pool.stats().dropped_oversize), (1, 0));
    assert!(pool.get().capacity() <= DEFAULT_MAX_BUFFER);
    pool.get().reserve_exact(2 * DEFAULT_MAX_BUFFER + 1); // a huge line's buffer: freed
    assert_eq!(pool.stats().dropped_oversize, 1);
}

#[test]
fn per_thread_cap_limits_idle_objects() {
    let pool = Pool::builder(|| [0u8; 8]).per_thread(3).build();
    let guards: Vec<_> = (0..10).map(|_| pool.get()).collect();
    drop(guards);
    let s = pool.stats();
    assert_eq!((s.created, s.dropped_full, s.idle()), (10, 7, 3));
    let again: Vec<_> = (0..3).map(|_| pool.get()).collect();
    assert_eq!(pool.stats().reused, 3);
    drop(again);
}

#[test]
fn cross_thread_drop_goes_to_spill_and_is_reused() {
    let pool = Pool::byte_buffers(64, 4096);
    let g = pool.get();
    let ptr = addr(&g);
    thread::scope(|s| {
        s.spawn(move || drop(g)); // a background writer finishing the line
    });
    let st = pool.stats();
    assert_eq!((st.spilled, pool.spilled_len()), (1, 1));
    // Another thread with an empty stack picks it up.
    thread::scope(|s| {
        s.spawn(|| assert_eq!(addr(&pool.get()), ptr));
    });
    assert_eq!(pool.stats().reused, 1);
}

#[test]
fn background_writer_pattern() {
    let pool = Pool::byte_buffers(64, 4096);
    let lines = 200;
    thread::scope(|s| {
        let (tx, rx) = mpsc::sync_channel::<PoolGuard<'_, Vec<u8>>>(8);
        let writer = s.spawn(move || rx.into_iter().map(|line| line.len()).sum::<usize>());
        for i in 0..lines {
            let mut line = pool.get();
            line.extend_from_slice(format!("line {i:04}\n").as_bytes());
            tx.send(line).unwrap();
        }
        drop(tx);
        assert_eq!(writer.join().unwrap(), lines * 10);
    });
    let s = pool.stats();
    assert_eq!(s.outstanding(), 0);
    // Objects came home through the spill list rather than being made anew.
    assert!(s.reused > 0, "{s:?}");
    assert!(s.created < lines, "{s:?}");
}

#[test]
fn many_threads_hammering() {
    let pool = Pool::byte_buffers_builder(32, 512).spill(16).build();
    let threads = 8;
    let iters = 20_000;
    let handed_over = mpsc::channel::<PoolGuard<'_, Vec<u8>>>();
    let (tx, rx) = handed_over;
    thread::scope(|s| {
        for t in 0..threads {
            let (pool, tx) = (&pool, tx.clone());
            s.spawn(move || {
                for i in 0..iters {
                    let mut g = pool.get();
                    g.extend_from_slice(&(i as u64).to_le_bytes());
                    match i % 100 {
                        0 => g.resize(5000, 0),          // oversize
                        1 => drop(pool.get()),           // nested
                        2 => tx.send(g).unwrap(),        // cross-thread
                        3 if t == 0 => drop(g.detach()), // taken out
                        _ => {}
                    }
                }
            });
        }
        drop(tx);
        s.spawn(move || rx.into_iter().for_each(drop));
    });
    let s = pool.stats();
    assert_eq!(s.outstanding(), 0, "{s:?}");
    assert_eq!(s.created + s.reused, s.returned + s.detached, "{s:?}");
    assert_eq!(s.detached, iters / 100);
    assert_eq!(s.dropped_oversize, threads * iters / 100);
    assert!(s.idle() <= (threads + 1) * DEFAULT_PER_THREAD + 16, "{s:?}");
    assert!(s.reused > s.created, "mostly reuse: {s:?}");
}

#[test]
fn panic_while_guard_is_held() {
    let pool = Pool::byte_buffers(64, 4096);
    let r = std::panic::catch_unwind(|| {
        let mut g = pool.get();
        g.extend_from_slice(b"partial");
        let _nested = pool.get();
        panic!("formatting failed");
    });
    assert!(r.is_err());
    let s = pool.stats();
    assert_eq!((s.returned, s.outstanding()), (2, 0));
    // The pool still works and the buffers were reset.
    let (a, b) = (pool.get(), pool.get());
    assert!(a.is_empty() && b.is_empty());
    assert_eq!(pool.stats().reused, 2);
}

#[test]
fn panic_in_a_thread_holding_a_guard() {
    let pool = Pool::byte_buffers(64, 4096);
    thread::scope(|s| {
        let h = s.spawn(|| {
            let _g = pool.get();
            panic!("worker died");
        });
        assert!(h.join().is_err());
    });
    assert_eq!(pool.stats().outstanding(), 0);
    drop(pool.get());
}

// ---- thread teardown ------------------------------------------------------

/// A thread-local whose destructor borrows from `pool` and records whether it
/// could use the object.
struct LogsOnExit {
    pool: &'static Pool<Vec<u8>>,
    done: &'static AtomicBool,
}

impl Drop for LogsOnExit {
    fn drop(&mut self) {
        let mut g = self.pool.get();
        g.extend_from_slice(b"thread exiting");
        let mut nested = self.pool.get();
        nested.push(b'!');
        self.done
            .store(g.len() == 14 && nested.len() == 1, Ordering::SeqCst);
    }
}

thread_local! {
    static ON_EXIT: std::cell::RefCell<Option<LogsOnExit>> = const { std::cell::RefCell::new(None) };
}

fn arm(pool: &'static Pool<Vec<u8>>, done: &'static AtomicBool) {
    ON_EXIT.with(|e| *e.borrow_mut() = Some(LogsOnExit { pool, done }));
}

#[test]
fn get_in_tls_destructor_after_pool_teardown() {
    // The thread-local is registered before the pool's slot, so it is
    // destroyed after it: `get()` must fall back to unpooled objects.
    static POOL: LazyLock<Pool<Vec<u8>>> = LazyLock::new(|| Pool::byte_buffers(8, 64));
    static DONE: AtomicBool = AtomicBool::new(false);
    thread::spawn(|| {
        arm(&POOL, &DONE);
        drop(POOL.get());
    })
    .join()
    .expect("no panic on exit");
    assert!(DONE.load(Ordering::SeqCst));
    let s = POOL.stats();
    assert_eq!(s.outstanding(), 0);
    assert_eq!(s.created, 3, "1 pooled + 2 unpooled: {s:?}");
    assert_eq!(s.dropped_full, 2, "unpooled objects are freed: {s:?}");
}

#[test]
fn get_in_tls_destructor_before_pool_teardown() {
    // Registered after the slot: destroyed first, the slot still works.
    static POOL: LazyLock<Pool<Vec<u8>>> = LazyLock::new(|| Pool::byte_buffers(8, 64));
    static DONE: AtomicBool = AtomicBool::new(false);
    thread::spawn(|| {
        drop(POOL.get());
        arm(&POOL, &DONE);
    })
    .join()
    .expect("no panic on exit");
    assert!(DONE.load(Ordering::SeqCst));
    let s = POOL.stats();
    assert_eq!(
        (s.created, s.reused, s.dropped_full, s.outstanding()),
        (2, 1, 0, 0)
    );
}

#[test]
fn first_use_in_tls_destructor() {
    static POOL: LazyLock<Pool<Vec<u8>>> = LazyLock::new(|| Pool::byte_buffers(8, 64));
    static DONE: AtomicBool = AtomicBool::new(false);
    thread::spawn(|| arm(&POOL, &DONE))
        .join()
        .expect("no panic on exit");
    assert!(DONE.load(Ordering::SeqCst));
    assert_eq!(POOL.stats().outstanding(), 0);
}

#[test]
fn guard_dropped_in_tls_destructor() {
    // A guard held in a thread-local is dropped during teardown: it must not
    // panic; its object is kept (locally or on the spill list) or freed.
    static POOL: LazyLock<Pool<Vec<u8>>> = LazyLock::new(|| Pool::byte_buffers(8, 64));
    thread_local! {
        static HELD: std::cell::RefCell<Option<PoolGuard<'static, Vec<u8>>>> =
            const { std::cell::RefCell::new(None) };
    }
    thread::spawn(|| {
        HELD.with(|h| *h.borrow_mut() = Some(POOL.get()));
    })
    .join()
    .expect("no panic on exit");
    let s = POOL.stats();
    assert_eq!((s.returned, s.outstanding()), (1, 0), "{s:?}");
}

// ---- model-based property -------------------------------------------------

#[derive(Debug, Clone)]
enum Op {
    Get,
    Release(usize),
    Grow(usize),
    Detach(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => Just(Op::Get),
        3 => any::<usize>().prop_map(Op::Release),
        1 => any::<usize>().prop_map(Op::Grow),
        1 => any::<usize>().prop_map(Op::Detach),
    ]
}

proptest! {
    /// On one thread, the pool behaves like a bounded stack: counters follow
    /// a simple model and no held object is ever handed out twice.
    #[test]
    fn single_thread_model(ops in proptest::collection::vec(op(), 0..64), per_thread in 0usize..4) {
        let pool = Pool::byte_buffers_builder(8, 32).per_thread(per_thread).build();
        let mut held: Vec<PoolGuard<'_, Vec<u8>>> = Vec::new();
        let mut model = PoolStats::default();
        // Sizes of the idle buffers, in stack order.
        let mut idle: Vec<usize> = Vec::new();
        for op in ops {
            match op {
                Op::Get => {
                    if idle.pop().is_some() { model.reused += 1; } else { model.created += 1; }
                    let g = pool.get();
                    prop_assert!(g.is_empty());
                    prop_assert!(held.iter().all(|h| addr(h) != addr(&g)));
                    held.push(g);
                }
                Op::Release(i) if !held.is_empty() => {
                    let g = held.swap_remove(i % held.len());
                    let cap = g.capacity();
                    drop(g);
                    model.returned += 1;
                    // Grown past the cap (but not past twice it): shrunk
                    // back to the cap and kept like any other.
                    let size = if cap > 32 { model.shrunk += 1; 32 } else { cap };
                    if idle.len() < per_thread { idle.push(size); }
                    else { model.dropped_full += 1; }
                }
                Op::Grow(i) if !held.is_empty() => {
                    let n = held.len();
                    held[i % n].resize(64, 1);
                }
                Op::Detach(i) if !held.is_empty() => {
                    let n = held.len();
                    drop(held.swap_remove(i % n).detach());
                    model.detached += 1;
                }
                _ => {}
            }
            model.idle_bytes = idle.iter().sum();
            // One thread books its high-water mark of idle bytes.
            model.retained_bytes = model.retained_bytes.max(model.idle_bytes);
            prop_assert_eq!(pool.stats(), model);
        }
    }
}
