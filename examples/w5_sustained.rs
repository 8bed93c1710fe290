//! W5 sustained: `N` (argv[2], default 300 000) W2 lines from one thread
//! through spoolog's background writer into a file in directory argv[1]
//! (default `/dev/shm`), timed from the first call until `flush()` returns,
//! next to the in-memory W2 rate measured in the same process. Prints the
//! writer's counters. A quick check; `benches/compare/benches/w5.rs` is the
//! full comparison.
//!
//! ```text
//! cargo run --release --example w5_sustained -- /dev/shm 300000 [capacity_bytes]
//! ```

use spoolog::sink::{FileSink, NonBlocking, Sink};
use spoolog::{Format, Logger, TimeLayout};
use std::time::Instant;

#[path = "common/w2.rs"]
mod common;
use common::{w2, Discard};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).map_or("/dev/shm", String::as_str);
    let n: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(300_000);
    let cap: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1 << 20);
    let build = |sink: Box<dyn Sink>| {
        Logger::builder()
            .format(Format::Json)
            .time(TimeLayout::rfc3339(6))
            .sink(sink)
            .build()
    };
    let mem = build(Box::new(Discard));
    for i in 0..n {
        w2(&mem, i);
    }
    let start = Instant::now();
    for i in 0..n {
        w2(&mem, i);
    }
    let mem_ns = start.elapsed().as_nanos() as f64 / n as f64;

    let path = std::path::Path::new(dir).join(format!("w5-{}.log", std::process::id()));
    let (nb, guard) = NonBlocking::builder()
        .capacity_bytes(cap)
        .spawn(FileSink::open(&path).expect("open"))
        .expect("writer");
    let log = build(Box::new(nb.clone()));
    let start = Instant::now();
    for i in 0..n {
        w2(&log, i);
    }
    log.flush().expect("flush");
    let ns = start.elapsed().as_nanos() as f64 / n as f64;
    let s = nb.stats();
    drop(guard);
    let _ = std::fs::remove_file(&path);
    println!(
        "in-memory W2 {mem_ns:.1} ns/line; W5 sustained {ns:.1} ns/line ({:.2}x the in-memory rate); \
         {} writes ({:.5}/line), {} caller waits, writer CPU {:?}",
        mem_ns / ns,
        s.writes,
        s.writes_per_line(),
        s.caller_waits,
        s.writer_cpu
    );
}
