//! Where the background writer's front-end time goes: the W2 call into
//! sinks that each add one part of the hand-off. Each case runs on its own
//! thread in bursts of 2,000 calls alternating with a discarding sink (200
//! rounds), and its median ns per call is given as a ratio to that one's:
//!
//! | sink | what it adds to the in-memory W2 call |
//! |---|---|
//! | `discard` | nothing (the in-memory W2 of `benches/`) |
//! | `read` | reading the line once, 8 bytes at a time (no copy) |
//! | `release store` | one `Release` store to an atomic (a plain store on x86) |
//! | `atomic rmw` | one atomic `fetch_add` (a locked instruction: waits for the line's stores) |
//! | `copy 16 KiB` | an uncontended `Mutex` and a `memcpy` into a buffer that stays in L1 |
//! | `copy 380 KiB` | the same into a burst-sized buffer (L2) |
//! | `copy 4 MiB` | the same into a queue-sized buffer |
//! | `NonBlocking` | spoolog's background writer (discarding writer thread) |
//!
//! ```text
//! cargo run --release --example w5_handoff_parts
//! ```
//!
//! `docs/benchmarks.md` (W5) has the figures and what they mean.

use spoolog::sink::{NonBlocking, Sink};
use spoolog::{Format, Logger, TimeLayout};
use std::hint::black_box;
use std::sync::Mutex;
use std::time::Instant;

#[path = "common/w2.rs"]
mod common;
use common::{w2, Discard};

/// Reads every byte of the line (XOR of its 8-byte words).
struct Read;
impl Sink for Read {
    fn write_line(&self, line: &[u8]) -> std::io::Result<()> {
        let mut x = 0u64;
        for c in line.chunks(8) {
            let mut w = [0u8; 8];
            w[..c.len()].copy_from_slice(c);
            x ^= u64::from_ne_bytes(w);
        }
        black_box(x);
        Ok(())
    }
}

/// One atomic read-modify-write per line (a locked instruction on x86,
/// which waits until every earlier store has reached the cache), no copy.
struct Rmw(std::sync::atomic::AtomicU64);
impl Sink for Rmw {
    fn write_line(&self, line: &[u8]) -> std::io::Result<()> {
        self.0
            .fetch_add(line.len() as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }
}

/// A release store per line (a plain store on x86), no copy.
struct Publish(std::sync::atomic::AtomicU64);
impl Sink for Publish {
    fn write_line(&self, line: &[u8]) -> std::io::Result<()> {
        self.0
            .store(line.len() as u64, std::sync::atomic::Ordering::Release);
        Ok(())
    }
}

/// Appends the line, under a `Mutex` (uncontended: one thread), to a
/// buffer that starts over at `wrap` bytes.
struct Copying {
    buf: Mutex<Vec<u8>>,
    wrap: usize,
}
impl Copying {
    fn new(wrap: usize) -> Copying {
        Copying {
            buf: Mutex::new(Vec::with_capacity(wrap + 4096)),
            wrap,
        }
    }
}
impl Sink for Copying {
    fn write_line(&self, line: &[u8]) -> std::io::Result<()> {
        let mut v = self.buf.lock().unwrap_or_else(|p| p.into_inner());
        if v.len() + line.len() > self.wrap {
            v.clear();
        }
        v.extend_from_slice(line);
        Ok(())
    }
}

fn build(sink: Box<dyn Sink>) -> Logger {
    Logger::builder()
        .format(Format::Json)
        .time(TimeLayout::rfc3339(6))
        .sink(sink)
        .build()
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Bursts into `discard` and `case` in turn on a fresh thread (each
/// logger's buffer stays in one of the thread's front slots), flushing
/// after each: median ns per call of each.
fn pair(case: Logger) -> (f64, f64) {
    std::thread::scope(|s| {
        s.spawn(move || {
            let discard = build(Box::new(Discard));
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let mut i = 0u64;
            for round in 0..220 {
                for (log, times) in [(&discard, &mut a), (&case, &mut b)] {
                    let start = Instant::now();
                    for _ in 0..2_000 {
                        w2(log, i);
                        i += 1;
                    }
                    let ns = start.elapsed().as_nanos() as f64 / 2_000.0;
                    log.flush().expect("flush");
                    if round >= 20 {
                        times.push(ns); // the first 20 rounds warm up
                    }
                }
            }
            (median(&mut a), median(&mut b))
        })
        .join()
        .expect("bench thread")
    })
}

fn main() {
    let (nb, guard) = NonBlocking::new(Discard).expect("writer thread");
    let cases: Vec<(&str, Box<dyn Sink>)> = vec![
        ("discard", Box::new(Discard)),
        ("read", Box::new(Read)),
        ("release store", Box::new(Publish(Default::default()))),
        ("atomic rmw", Box::new(Rmw(Default::default()))),
        ("copy 16 KiB", Box::new(Copying::new(16 << 10))),
        ("copy 380 KiB", Box::new(Copying::new(380 << 10))),
        ("copy 4 MiB", Box::new(Copying::new(4 << 20))),
        ("NonBlocking", Box::new(nb.clone())),
    ];
    println!("W2 bursts of 2,000 calls, 200 rounds, each case in turn with a discarding sink");
    println!(
        "{:<14} {:>9} {:>9} {:>8}",
        "case", "discard", "case", "ratio"
    );
    for (name, sink) in cases {
        let (base, m) = pair(build(sink));
        println!("{name:<14} {base:7.1} ns {m:7.1} ns {:7.2}x", m / base);
    }
    drop(guard);
}
