//! The standard workloads under callgrind, for instruction counts:
//! `callgrind WORKLOAD N` runs `N` calls of one workload (WORKLOADS.md)
//! into a `WriterSink` over an `io::Write` that counts bytes and discards
//! them. `scripts/instructions.sh` runs each with two `N` and divides the
//! difference in instructions by the difference in `N`, which cancels
//! start-up and set-up.
//!
//! | workload | what one call does |
//! |---|---|
//! | `loop` | nothing: the loop alone, to subtract from W0 |
//! | `w0` | a `debug` call, logger level `info` |
//! | `w0-target` | a `debug` call refused by the directives `info,app::db=debug` for target `app::server` |
//! | `w1` | `14:23:32 : some log message`-like: text, `hms` time, static message, through the `Logger` |
//! | `w2` | the W2 JSON line through the crate's macros |
//! | `w2-log` | the same through `log::info!` with key-values (the global logger) |
//! | `w3` | the W3 text line |
//! | `w5` | W2 through the `NonBlocking` writer (run callgrind with `--separate-threads=yes` and take the main thread) |
//!
//! ```text
//! cargo build --release --example callgrind
//! valgrind --tool=callgrind target/release/examples/callgrind w2 100000
//! ```

use spoolog::filter::Filter;
use spoolog::logger::ColorChoice;
use spoolog::sink::{NonBlocking, WriterSink};
use spoolog::{Format, Level, LevelFilter, Logger, TimeLayout};
use std::hint::black_box;
use std::io;

/// The W0–W4 destination: counts bytes, throws them away.
#[derive(Default)]
struct Counting(u64);

impl io::Write for Counting {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn logger(format: Format, time: TimeLayout) -> spoolog::logger::Builder {
    Logger::builder()
        .format(format)
        .time(time)
        .color(ColorChoice::Never)
        .level(LevelFilter::Info)
        .sink(WriterSink::new(Counting::default()))
}

const METHODS: [&str; 2] = ["GET", "PUT"];
const PATHS: [&str; 2] = ["/api/v1/users/42", "/api/v1/users/43"];

/// W2's fields for `i` (same printed lengths for every `i`).
#[inline(always)]
fn fields(i: u64) -> (&'static str, &'static str, u64, u64, bool) {
    let i = black_box(i);
    let k = (i & 1) as usize;
    (
        METHODS[k],
        PATHS[k],
        200 + (i % 4) * 100,
        1234 + i % 8000,
        i != u64::MAX,
    )
}

fn main() {
    let mut args = std::env::args().skip(1);
    let workload = args.next().unwrap_or_else(|| "w2".into());
    let n: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    match workload.as_str() {
        "loop" => {
            for i in 0..n {
                black_box(i);
            }
        }
        "w0" | "w0-target" => {
            let b = logger(Format::Json, TimeLayout::rfc3339(6));
            let log = if workload == "w0" {
                b.build()
            } else {
                b.filter(Filter::parse("info,app::db=debug").expect("directives"))
                    .build()
            };
            for i in 0..n {
                let i = black_box(i);
                spoolog::debug!(logger: &log, target: "app::server", status = i; "request handled");
            }
        }
        "w1" => {
            let log = logger(Format::Text, TimeLayout::hms()).build();
            for _ in 0..n {
                log.log(Level::Info, "", format_args!("some log message"), &[]);
            }
        }
        "w2" | "w3" => {
            let format = if workload == "w2" {
                Format::Json
            } else {
                Format::Text
            };
            let log = logger(format, TimeLayout::rfc3339(6)).build();
            for i in 0..n {
                let (method, path, status, latency_us, cache_hit) = fields(i);
                spoolog::info!(logger: &log, target: "app::server", method, path, status,
                    latency_us, cache_hit; "request handled");
            }
        }
        "w2-log" => {
            logger(Format::Json, TimeLayout::rfc3339(6))
                .exit_hooks(false)
                .init()
                .expect("global logger");
            for i in 0..n {
                let (method, path, status, latency_us, cache_hit) = fields(i);
                log::info!(target: "app::server", method, path, status, latency_us, cache_hit;
                    "request handled");
            }
        }
        "w5" => {
            let (sink, guard) =
                NonBlocking::new(WriterSink::new(Counting::default())).expect("writer");
            let log = Logger::builder()
                .format(Format::Json)
                .time(TimeLayout::rfc3339(6))
                .sink(sink)
                .build();
            for i in 0..n {
                let (method, path, status, latency_us, cache_hit) = fields(i);
                spoolog::info!(logger: &log, target: "app::server", method, path, status,
                    latency_us, cache_hit; "request handled");
            }
            log.flush().expect("flush");
            drop(guard);
        }
        other => {
            eprintln!("unknown workload {other}: loop, w0, w0-target, w1, w2, w2-log, w3, w5");
            std::process::exit(2);
        }
    }
}
