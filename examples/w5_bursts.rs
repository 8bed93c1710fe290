//! What a W2 call costs its thread when it goes through the background
//! writer, next to the same call into memory, in one process: bursts of
//! `B` calls (argv[2], default 2 000) timed one at a time, alternating
//! in-memory and background-writer bursts, the writer drained (untimed)
//! after each of its bursts. Prints the median ns per call of each, and
//! their ratio, for a few drain methods — to tell the hand-off itself from
//! what the drain between bursts leaves behind (a cold cache, a writer that
//! just woke). Then each call timed alone for 100 bursts, for the spread
//! (p50 … max). `benches/compare/benches/w5.rs` is the full comparison.
//!
//! ```text
//! cargo run --release --example w5_bursts -- /dev/shm 2000 [rounds]
//! cargo run --release --example w5_bursts -- discard 2000   # the writer discards
//! ```

use spoolog::sink::{FileSink, NonBlocking, Sink};
use spoolog::{Format, Logger, TimeLayout};
use std::time::{Duration, Instant};

#[path = "common/w2.rs"]
mod common;
use common::{w2, Discard};

/// ns per call over the whole burst, and over its second half only.
fn burst(log: &Logger, from: u64, n: u64) -> (f64, f64) {
    let start = Instant::now();
    for i in from..from + n / 2 {
        w2(log, i);
    }
    let mid = Instant::now();
    for i in from + n / 2..from + n {
        w2(log, i);
    }
    let end = Instant::now();
    let half = (n - n / 2) as f64;
    (
        (end - start).as_nanos() as f64 / n as f64,
        (end - mid).as_nanos() as f64 / half,
    )
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).map_or("/dev/shm", String::as_str);
    let b: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(2_000);
    let rounds: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(400);
    let build = |sink: Box<dyn Sink>| {
        Logger::builder()
            .format(Format::Json)
            .time(TimeLayout::rfc3339(6))
            .sink(sink)
            .build()
    };
    let mem = build(Box::new(Discard));
    let path = std::path::Path::new(dir).join(format!("w5-bursts-{}.log", std::process::id()));
    // argv[1] = "discard": the writer thread throws the batches away, so
    // only the hand-off itself is left.
    let (nb, guard) = if dir == "discard" {
        NonBlocking::new(Discard).expect("writer")
    } else {
        NonBlocking::new(FileSink::open(&path).expect("open")).expect("writer")
    };
    let bg = build(Box::new(nb.clone()));

    // Drains between background bursts: `flush()` (writes and fdatasync's
    // the file), or waiting until the writer has written everything
    // without flushing the file, then optionally a pause.
    let wait = |sent: u64| {
        while nb.stats().lines_written < sent {
            std::thread::yield_now();
        }
    };
    let drains: [(&str, &dyn Fn(u64)); 3] = [
        ("flush()", &|_| bg.flush().expect("flush")),
        ("wait for the writer", &wait),
        ("wait + 2 ms pause", &|sent| {
            wait(sent);
            std::thread::sleep(Duration::from_millis(2));
        }),
    ];
    let mut i = 0u64;
    for _ in 0..50 {
        burst(&mem, i, b);
        burst(&bg, i, b);
        bg.flush().expect("flush");
        i += b;
    }
    println!("bursts of {b} calls, {rounds} rounds, medians of ns/call per burst");
    for (name, drain) in drains {
        let (mut m, mut w, mut m2, mut w2) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rounds {
            let (a, a2) = burst(&mem, i, b);
            let (c, c2) = burst(&bg, i, b);
            m.push(a);
            m2.push(a2);
            w.push(c);
            w2.push(c2);
            i += b;
            drain(i);
        }
        let (m, w, m2, w2) = (median(m), median(w), median(m2), median(w2));
        println!(
            "{name:<22} in-memory {m:6.1}   background writer {w:6.1}   ratio {:.2}   (second halves: {m2:6.1} {w2:6.1} ratio {:.2})",
            w / m,
            w2 / m2
        );
    }
    // Each call timed alone, for the spread (the clock read adds its own
    // cost to both).
    for (name, log) in [("in-memory", &mem), ("background writer", &bg)] {
        let mut t = Vec::with_capacity((b * 100) as usize);
        for _ in 0..100 {
            for j in i..i + b {
                let s = Instant::now();
                w2(log, j);
                t.push(s.elapsed().as_nanos() as u64);
            }
            i += b;
            bg.flush().expect("flush");
        }
        t.sort_unstable();
        let at = |q: f64| t[((t.len() - 1) as f64 * q) as usize];
        let mean = t.iter().sum::<u64>() as f64 / t.len() as f64;
        println!(
            "{name:<18} per call: p50 {} p90 {} p99 {} p99.9 {} max {} mean {mean:.1} ns",
            at(0.5),
            at(0.9),
            at(0.99),
            at(0.999),
            t[t.len() - 1]
        );
    }
    drop(guard);
    let _ = std::fs::remove_file(&path);
}
