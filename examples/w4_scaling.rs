//! W4 (W2 from two threads into one logger) with two sinks, to separate
//! spoolog's own scaling from the sink's: the shared byte counter of
//! `WORKLOADS.md` (one atomic add per line, shared by both threads) and a
//! counter kept per thread (no shared cache line); and, as the machine's
//! own ceiling, two threads with a logger each (nothing shared at all).
//! Single-thread and two-thread runs are interleaved in 11 short rounds,
//! and each round's ratio counts (median, range).
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

/// One thread's time per call on `a`, then two threads' (aggregate), one
/// on `a` and one on `b`; `calls` calls each.
fn pair(a: &Logger, b: &Logger, calls: u64) -> (f64, f64) {
    let t = Instant::now();
    w2(a, calls);
    let one = t.elapsed().as_nanos() as f64 / calls as f64;
    let t = Instant::now();
    std::thread::scope(|s| {
        s.spawn(|| w2(a, calls / 2));
        s.spawn(|| w2(b, calls / 2));
    });
    let two = t.elapsed().as_nanos() as f64 / calls as f64;
    (one, two)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let calls: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2_000_000);
    // This machine's speed changes from one second to the next, so the
    // single-thread and two-thread runs are interleaved in short rounds and
    // each round's own ratio is what counts (the median over the rounds).
    const ROUNDS: u64 = 11;
    let shared = logger(SharedCount(AtomicU64::new(0)));
    let per_thread = logger(PerThreadCount);
    let other = logger(PerThreadCount);
    // The last case shares nothing at all between the two threads (a
    // logger each): what this machine's two cores give on their own, the
    // ceiling for the other two. (On the 2-core VM this crate is measured
    // on, one busy core alone often runs faster than each of two busy
    // cores, so that ceiling is below 2x in some rounds.)
    let cases = [
        ("shared atomic counter (WORKLOADS.md)", &shared, &shared),
        ("per-thread counter", &per_thread, &per_thread),
        ("two loggers, nothing shared (ceiling)", &per_thread, &other),
    ];
    for (name, a, b) in cases {
        w2(a, calls / 10); // warm-up
        w2(b, calls / 10);
        let (mut ones, mut twos, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            let (one, two) = pair(a, b, calls / ROUNDS);
            ones.push(one);
            twos.push(two);
            ratios.push(one / two);
        }
        let (lo, hi) = ratios
            .iter()
            .fold((f64::MAX, f64::MIN), |(lo, hi), &r| (lo.min(r), hi.max(r)));
        println!(
            "{name:40} 1 thread {:6.1} ns/call   2 threads {:6.1} ns/call (aggregate)   speed-up {:.2}x (median of {ROUNDS} rounds; {lo:.2}-{hi:.2})",
            median(&mut ones),
            median(&mut twos),
            median(&mut ratios),
        );
    }
}
