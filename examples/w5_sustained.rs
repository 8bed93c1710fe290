//! W5 sustained, quickly: `N` (argv[2], default 300 000) W2 lines from one
//! thread through spoolog's background writer, timed from the first call
//! until `flush()` returns, each run right after an in-memory run of the
//! same lines (this machine's speed drifts over seconds, so a rate is only
//! compared with its pair). Two destinations: a file in directory argv[1]
//! (default `/dev/shm`) and none (the writer thread throws every batch
//! away: what is left is the hand-off). `ROUNDS` (argv[4], default 21)
//! pairs of each; prints the median, quartiles and extremes of the ratios.
//! A quick check (about 15 s); `benches/compare/benches/w5.rs` is the full
//! comparison.
//!
//! ```text
//! cargo run --release --example w5_sustained -- /dev/shm 300000 [capacity_bytes] [rounds]
//! ```

use spoolog::sink::{FileSink, LinesError, NonBlocking, Sink};
use spoolog::{Format, Logger, TimeLayout};
use std::time::Instant;

#[path = "common/w2.rs"]
mod common;
use common::{w2, Discard};

/// The writer's destination in the no-destination row: takes each batch
/// whole and keeps nothing.
struct DiscardBatches;

impl Sink for DiscardBatches {
    fn write_line(&self, line: &[u8]) -> std::io::Result<()> {
        std::hint::black_box(line);
        Ok(())
    }
    fn write_lines(&self, lines: &[u8]) -> Result<(), LinesError> {
        std::hint::black_box(lines);
        Ok(())
    }
}

fn build(sink: impl Sink) -> Logger {
    Logger::builder()
        .format(Format::Json)
        .time(TimeLayout::rfc3339(6))
        .sink(sink)
        .build()
}

/// Lines per second of `n` W2 calls into `log`, until its flush returned.
fn rate(log: &Logger, n: u64) -> f64 {
    let start = Instant::now();
    for i in 0..n {
        w2(log, i);
    }
    log.flush().expect("flush");
    n as f64 / start.elapsed().as_secs_f64()
}

/// Median, quartiles and extremes of `v`.
fn spread(mut v: Vec<f64>) -> String {
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    format!(
        "median {:.2}x (quartiles {:.2}-{:.2}, all {:.2}-{:.2})",
        at(0.5),
        at(0.25),
        at(0.75),
        at(0.0),
        at(1.0)
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).map_or("/dev/shm", String::as_str);
    let n: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(300_000);
    let cap: Option<usize> = args.get(3).and_then(|a| a.parse().ok());
    let rounds: usize = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(21);
    let writer = |sink: Box<dyn Sink>| {
        let b = NonBlocking::builder();
        let b = match cap {
            Some(c) => b.capacity_bytes(c),
            None => b,
        };
        b.spawn(sink).expect("writer")
    };
    let mem = build(Discard);
    rate(&mem, n); // warm up
    let path = std::path::Path::new(dir).join(format!("w5-{}.log", std::process::id()));
    let (mut file, mut none, mut writes, mut cpu) = (vec![], vec![], 0.0, 0.0);
    for _ in 0..rounds {
        let m = rate(&mem, n);
        let (nb, guard) = writer(Box::new(FileSink::open(&path).expect("open")));
        file.push(rate(&build(nb.clone()), n) / m);
        let s = nb.stats();
        writes += s.writes_per_line() / rounds as f64;
        cpu += s.writer_cpu.as_secs_f64() * 1e3 / rounds as f64;
        drop(guard);
        let _ = std::fs::remove_file(&path);

        let m = rate(&mem, n);
        let (nb, _guard) = writer(Box::new(DiscardBatches));
        none.push(rate(&build(nb), n) / m);
    }
    println!(
        "{rounds} pairs of {n} lines, each rate as a ratio to the in-memory run just before it:"
    );
    println!("  file in {dir}: {}", spread(file));
    println!("  no destination: {}", spread(none));
    println!("  file: {writes:.5} writes/line, writer CPU {cpu:.1} ms per run (mean)");
}
