//! Zero heap allocations per line through the background writer, on the
//! logging thread *and* the writer thread (dhat counts every thread), in
//! block mode and in drop mode with lines being dropped and reported.
#[global_allocator]
static ALLOC: spoolog::testing::Alloc = spoolog::testing::Alloc;

use spoolog::sink::{Full, NonBlocking, WriterSink};
use spoolog::{Format, Logger, TimeLayout};
use std::hint::black_box;

fn logger(full: Full, capacity: usize) -> Logger {
    Logger::builder()
        .format(Format::Json)
        .time(TimeLayout::rfc3339(6))
        .sink(WriterSink::new(std::io::sink()))
        .non_blocking(NonBlocking::builder().capacity_bytes(capacity).full(full))
        .build()
}

fn w2(log: &Logger, i: u64) {
    let i = black_box(i);
    spoolog::info!(logger: log, target: "app::server",
        method = "GET", path = "/api/v1/users/42", status = 200, latency_us = i, cache_hit = true;
        "request handled");
}

fn main() {
    let _profiler = spoolog::testing::start();
    for (name, full, capacity) in [
        ("block, roomy queue", Full::Block, 1 << 20),
        ("block, tiny queue (callers wait)", Full::Block, 2048),
        (
            "drop, tiny queue (lines dropped and reported)",
            Full::Drop,
            2048,
        ),
    ] {
        let log = logger(full, capacity);
        let mut i = 0;
        // Warm up both threads (pool, thread ids, first batches).
        for _ in 0..2000 {
            i += 1;
            w2(&log, i);
        }
        log.flush().unwrap();
        spoolog::testing::assert_no_allocs(name, 100, 20_000, || {
            i += 1;
            w2(&log, i);
            if i % 1000 == 0 {
                log.flush().unwrap();
            }
        });
        // The measurement includes the writer thread's work: drain it
        // inside a measured region too.
        let ((), count) = spoolog::testing::count_allocs(|| log.flush().unwrap());
        assert_eq!(
            count.blocks, 0,
            "{name}: flush and the writer's last batch: {count}"
        );
        if full == Full::Drop {
            assert!(log.lost() > 0, "{name}: lines were dropped and reported");
        } else {
            assert_eq!(log.lost(), 0, "{name}");
        }
    }
    println!("test nonblocking_allocates_nothing_on_either_thread ... ok");
    println!("test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}
