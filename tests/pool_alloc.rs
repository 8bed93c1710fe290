//! Heap-allocation accounting for the pool's hot path (dhat). One profiler
//! per process and it counts every thread, so this binary runs without the
//! test harness (no other thread allocates while it measures).

use std::hint::black_box;
use std::io::Write;

use spoolog::pool::Pool;

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

fn main() {
    warm_get_write_drop_allocates_nothing();
    println!("test warm_get_write_drop_allocates_nothing ... ok");
    println!("test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}

fn warm_get_write_drop_allocates_nothing() {
    let _profiler = dhat::Profiler::builder().testing().build();

    let pool = Pool::byte_buffers(256, 64 * 1024);
    drop(pool.get()); // warm up: this thread's slot and one buffer
    {
        // and a nested one, so the loop below can nest too
        let _a = pool.get();
        let _b = pool.get();
    }

    let before = dhat::HeapStats::get();
    for i in 0..10_000u64 {
        let mut line = pool.get();
        write!(line, "14:23:32 : some log message {}", black_box(i)).unwrap();
        if i % 10 == 0 {
            let mut nested = pool.get();
            nested.extend_from_slice(b"nested");
            black_box(&nested[..]);
        }
        black_box(&line[..]);
    }
    let after = dhat::HeapStats::get();
    dhat::assert_eq!(after.total_blocks - before.total_blocks, 0);
    dhat::assert_eq!(after.total_bytes - before.total_bytes, 0);

    // The same measurement does see allocations when there are some.
    let before = dhat::HeapStats::get();
    for i in 0..100u64 {
        let mut line = Vec::with_capacity(256);
        write!(line, "14:23:32 : some log message {}", black_box(i)).unwrap();
        black_box(line);
    }
    let after = dhat::HeapStats::get();
    dhat::assert!(after.total_blocks - before.total_blocks >= 100);

    // ... including a pool whose buffers are always too large to keep.
    let capped = Pool::byte_buffers(256, 16);
    let before = dhat::HeapStats::get();
    for _ in 0..10 {
        capped.get().push(b'x');
    }
    let after = dhat::HeapStats::get();
    dhat::assert!(after.total_blocks - before.total_blocks >= 10);
    dhat::assert_eq!(capped.stats().dropped_oversize, 10);
}
