//! W4 (W2 from two threads into one logger) with two sinks, to separate
//! spoolog's own scaling from the sink's: the shared byte counter of
//! `WORKLOADS.md` (one atomic add per line, shared by both threads) and a
//! counter kept per thread (no shared cache line).
//!
//! ```text
//! cargo run --release --example w4_scaling [calls]
//! ```

use spoolog::sink::Sink;
use spoolog::{Format, LevelFilter, Logger, TimeLayout};
use std::cell::Cell;
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// The workload's sink: one counter shared by every thread.
struct SharedCount(AtomicU64);

impl Sink for SharedCount {
    fn write_line(&self, line: &[u8]) -> std::io::Result<()> {
        self.0.fetch_add(line.len() as u64, Ordering::Relaxed);
        Ok(())
    }
}

thread_local! {
    static BYTES: Cell<u64> = const { Cell::new(0) };
}

/// Counts into a per-thread cell: nothing shared between the threads.
struct PerThreadCount;

impl Sink for PerThreadCount {
    fn write_line(&self, line: &[u8]) -> std::io::Result<()> {
        BYTES.with(|b| b.set(b.get() + line.len() as u64));
        Ok(())
    }
}

fn logger(sink: impl Sink) -> Logger {
    Logger::builder()
        .format(Format::Json)
        .level(LevelFilter::Info)
        .time(TimeLayout::rfc3339(6))
        .sink(sink)
        .build()
}

fn w2(log: &Logger, calls: u64) {
    for i in 0..calls {
        let i = black_box(i);
        spoolog::info!(logger: log, target: "app::server",
            method = "GET", path = "/api/v1/users/42", status = 200 + (i & 1),
            latency_us = 1234 + i, cache_hit = true;
            "request handled");
    }
}

fn main() {
    let calls: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2_000_000);
    let cases = [
        (
            "shared atomic counter (WORKLOADS.md)",
            logger(SharedCount(AtomicU64::new(0))),
        ),
        ("per-thread counter", logger(PerThreadCount)),
    ];
    for (name, log) in &cases {
        w2(log, calls / 10); // warm-up
        let t = Instant::now();
        w2(log, calls);
        let one = t.elapsed().as_nanos() as f64 / calls as f64;
        let t = Instant::now();
        std::thread::scope(|s| {
            s.spawn(|| w2(log, calls / 2));
            s.spawn(|| w2(log, calls / 2));
        });
        let two = t.elapsed().as_nanos() as f64 / calls as f64;
        println!(
            "{name:38} 1 thread {one:6.1} ns/call   2 threads {two:6.1} ns/call (aggregate)   speed-up {:.2}x",
            one / two
        );
    }
}
