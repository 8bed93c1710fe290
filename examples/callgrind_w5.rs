//! Workload W5's front end under callgrind: W2 through spoolog's
//! `NonBlocking` writer (into a discarding `io::Write`) `N` times (argv[1]),
//! flushed at the end. Run with `--separate-threads=yes` and take the main
//! thread's instructions: that is the logging thread's cost, without the
//! writer thread's. `scripts/instructions.sh` does this with two `N`.
//!
//! ```text
//! cargo build --release --example callgrind_w5
//! valgrind --tool=callgrind --separate-threads=yes target/release/examples/callgrind_w5 100000
//! ```

use spoolog::logger::ColorChoice;
use spoolog::sink::{NonBlocking, WriterSink};
use spoolog::{Format, Logger, TimeLayout};
use std::hint::black_box;

fn main() {
    let n: u64 = match std::env::args().nth(1) {
        Some(a) => a.parse().expect("usage: callgrind_w5 [N]"),
        None => 1_000_000,
    };
    let (sink, guard) = NonBlocking::new(WriterSink::new(std::io::sink())).expect("writer");
    let log = Logger::builder()
        .format(Format::Json)
        .time(TimeLayout::rfc3339(6))
        .color(ColorChoice::Never)
        .sink(sink.clone())
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
    log.flush().expect("flush");
    let s = sink.stats();
    eprintln!(
        "{n} lines, {} written in {} writes ({:.5} writes/line)",
        s.lines_written,
        s.writes,
        s.writes_per_line()
    );
    drop(guard);
}
