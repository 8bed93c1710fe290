//! Workload W2 through spoolog `N` times (argv[1], default 1 000 000) into a
//! byte-counting sink, for instruction counts under callgrind:
//!
//! ```text
//! cargo build --release --example callgrind_w2
//! valgrind --tool=callgrind --callgrind-out-file=cg.out target/release/examples/callgrind_w2 100000
//! ```
//!
//! Run it with two different `N` and divide the difference in instructions by
//! the difference in `N` to cancel start-up and set-up; `scripts/instructions.sh`
//! does exactly that.

use spoolog::logger::ColorChoice;
use spoolog::sink::Sink;
use spoolog::{Format, Logger, TimeLayout};
use std::hint::black_box;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The W0–W4 sink: counts bytes and throws them away.
#[derive(Default)]
struct CountingSink(AtomicU64);

impl Sink for CountingSink {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        self.0.fetch_add(line.len() as u64, Ordering::Relaxed);
        Ok(())
    }
}

fn main() {
    let n: u64 = match std::env::args().nth(1) {
        Some(a) => a.parse().expect("usage: callgrind_w2 [N]"),
        None => 1_000_000,
    };
    let sink = Arc::new(CountingSink::default());
    let log = Logger::builder()
        .format(Format::Json)
        .time(TimeLayout::rfc3339(6))
        .color(ColorChoice::Never)
        .sink(Arc::clone(&sink))
        .build();
    const METHODS: [&str; 2] = ["GET", "PUT"];
    const PATHS: [&str; 2] = ["/api/v1/users/42", "/api/v1/users/43"];
    for i in 0..n {
        // Values from the loop counter, so nothing folds into constants; same
        // printed lengths for every i (see benches/compare/src/input.rs).
        let i = black_box(i);
        let k = (i & 1) as usize;
        let (method, path) = (METHODS[k], PATHS[k]);
        let status = 200 + (i % 4) * 100;
        let latency_us = 1234 + i % 8000;
        let cache_hit = i != u64::MAX;
        spoolog::info!(logger: &log, target: "app::server", method, path, status, latency_us,
            cache_hit; "request handled");
    }
    let bytes = sink.0.load(Ordering::Relaxed);
    eprintln!(
        "{n} lines, {bytes} bytes, {:.1} bytes/line",
        bytes as f64 / n.max(1) as f64
    );
}
