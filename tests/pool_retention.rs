//! What the buffer pool keeps across threads is bounded (issue 7, defect 8):
//! 512 threads alive at once, each logging one 31 KiB value, used to leave
//! about 32 MiB of buffers in the pool after all of them had exited. Live
//! heap bytes are measured with a counting global allocator, so this binary
//! runs without the test harness.

use spoolog::sink::WriterSink;
use spoolog::{Format, Logger};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::sync::{Arc, Barrier};

struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY (of the impl and of each `unsafe` call in it): forwards to the system allocator and only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new as isize - l.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const THREADS: usize = 512;
const MIB: isize = 1024 * 1024;

fn main() {
    let default_total = spoolog::pool::DEFAULT_MAX_RETAINED as isize;
    many_threads_leave_at_most(None, default_total);
    many_threads_leave_at_most(Some(256 * 1024), 256 * 1024);
    println!("test buffers_of_exited_threads_are_bounded ... ok");
    println!("test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}

/// 512 threads, alive at once, each log one 31 KiB value and exit; what
/// the pool keeps afterwards must stay within `bound`.
fn many_threads_leave_at_most(retention: Option<usize>, bound: isize) {
    let mut b = Logger::builder()
        .format(Format::Json)
        .sink(WriterSink::new(std::io::sink()));
    if let Some(r) = retention {
        b = b.buffer_retention(r);
    }
    let log = b.build();
    let value = "w".repeat(31 * 1024);
    spoolog::info!(logger: &log, v = value.as_str(); "warm");
    let before = LIVE.load(Ordering::Relaxed);
    let barrier = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let (log, barrier, value) = (log.clone(), Arc::clone(&barrier), value.clone());
            std::thread::Builder::new()
                .stack_size(64 * 1024)
                .spawn(move || {
                    barrier.wait(); // all alive at once
                    spoolog::info!(logger: &log, v = value.as_str(); "once");
                    barrier.wait();
                })
                .unwrap()
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let kept = LIVE.load(Ordering::Relaxed) - before;
    let stats = log.pool_stats();
    eprintln!(
        "retention {retention:?}: after {THREADS} threads exited, live heap +{} KiB; \
         pool: {} KiB idle, {} KiB booked",
        kept / 1024,
        stats.idle_bytes / 1024,
        stats.retained_bytes / 1024
    );
    // Live heap growth: the pool's idle buffers, plus the thread_local
    // crate's per-thread slot table (a few hundred bytes per thread).
    assert!(
        kept <= bound + MIB / 2,
        "the pool keeps {} KiB after every thread exited (bound {} KiB)",
        kept / 1024,
        bound / 1024
    );
    assert!(stats.retained_bytes as isize <= bound, "{stats:?}");
    assert!(stats.idle_bytes <= stats.retained_bytes, "{stats:?}");
    assert_eq!(stats.outstanding(), 0);
}
