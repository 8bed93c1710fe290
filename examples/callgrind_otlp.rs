//! Workload W2 encoded as OTLP `LogRecord`s `N` times (argv[1], default
//! 1 000 000) into a byte-counting sink — the OTLP encoder's cost with no
//! hand-off and no network — for instruction counts under callgrind, next
//! to `callgrind_w2` (the same calls as JSON):
//!
//! ```text
//! cargo build --release --features otlp --example callgrind_otlp
//! valgrind --tool=callgrind --callgrind-out-file=cg.out target/release/examples/callgrind_otlp 100000
//! ```
//!
//! Run it with two different `N` and divide the difference in instructions
//! by the difference in `N` (`scripts/instructions.sh` does this for both).

use spoolog::encode::Encoder;
use spoolog::sink::{Otlp, Sink};
use spoolog::{Logger, TimeLayout};
use std::hint::black_box;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Counts bytes and throws them away; records are made with the OTLP
/// sink's encoder.
struct CountingSink {
    bytes: AtomicU64,
    encoder: Encoder,
}

impl Sink for CountingSink {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        self.bytes.fetch_add(line.len() as u64, Ordering::Relaxed);
        Ok(())
    }
    fn encoder(&self) -> Option<Encoder> {
        Some(self.encoder.clone())
    }
}

fn main() -> io::Result<()> {
    let n: u64 = match std::env::args().nth(1) {
        Some(a) => a.parse().expect("usage: callgrind_otlp [N]"),
        None => 1_000_000,
    };
    let encoder = Otlp::builder().build()?.encoder().expect("OTLP encoder");
    let sink = Arc::new(CountingSink {
        bytes: AtomicU64::new(0),
        encoder,
    });
    let log = Logger::builder()
        .time(TimeLayout::rfc3339(6))
        .sink(Arc::clone(&sink))
        .build();
    const METHODS: [&str; 2] = ["GET", "PUT"];
    const PATHS: [&str; 2] = ["/api/v1/users/42", "/api/v1/users/43"];
    for i in 0..n {
        let i = black_box(i);
        let k = (i & 1) as usize;
        let (method, path) = (METHODS[k], PATHS[k]);
        let status = 200 + (i % 4) * 100;
        let latency_us = 1234 + i % 8000;
        let cache_hit = i != u64::MAX;
        spoolog::info!(logger: &log, target: "app::server", method, path, status, latency_us,
            cache_hit; "request handled");
    }
    let bytes = sink.bytes.load(Ordering::Relaxed);
    eprintln!(
        "{n} records, {bytes} bytes, {:.1} bytes/record",
        bytes as f64 / n.max(1) as f64
    );
    Ok(())
}
