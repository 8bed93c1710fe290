//! Micro-bench: `TimeLayout::append` with a warm cache versus chrono's
//! `format` into a `String`. Prints ns/call; run with
//! `cargo bench --manifest-path benches/compare/Cargo.toml --bench time`. Numbers are noisy on shared machines: compare
//! ratios, not absolutes.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Instant;

use spoolog::time::{TimeLayout, UnixTime};

const ITERS: u32 = 5_000_000;

/// Best of five runs of `ITERS` calls, in ns per call.
fn ns_per_call(mut f: impl FnMut(u32)) -> f64 {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            for i in 0..ITERS {
                f(i);
            }
            start.elapsed().as_nanos() as f64 / f64::from(ITERS)
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let secs = 1_795_789_412;
    let cases = [
        (
            "rfc3339(6)",
            TimeLayout::rfc3339(6),
            "%Y-%m-%dT%H:%M:%S%.6fZ",
        ),
        ("hms()", TimeLayout::hms(), "%H:%M:%S"),
    ];
    for (name, layout, pattern) in cases {
        let mut buf = Vec::with_capacity(256);
        // Warm cache: every call falls in the same second.
        let warm = ns_per_call(|i| {
            buf.clear();
            layout.append(
                &mut buf,
                black_box(UnixTime {
                    secs,
                    nanos: i * 199,
                }),
            );
            black_box(&buf);
        });
        // Cold cache: every call is a new second (full render + cache store).
        let cold = ns_per_call(|i| {
            buf.clear();
            let t = UnixTime {
                secs: secs + i64::from(i),
                nanos: i * 199,
            };
            layout.append(&mut buf, black_box(t));
            black_box(&buf);
        });
        let dt = chrono::DateTime::from_timestamp(secs, 123_456_000).unwrap();
        let mut s = String::with_capacity(256);
        let chrono_ns = ns_per_call(|_| {
            s.clear();
            write!(s, "{}", black_box(&dt).format(pattern)).unwrap();
            black_box(&s);
        });
        println!(
            "{name:<11} warm {warm:6.2} ns  new-second {cold:6.2} ns  chrono {chrono_ns:7.2} ns  \
             (chrono / warm = {:.0}x)",
            chrono_ns / warm
        );
    }
}
