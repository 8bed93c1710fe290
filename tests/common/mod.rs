//! Shared by the zero-allocation test binaries: every built-in field type,
//! through the crate's macros and through `log::info!`, for one format.
#![allow(dead_code)]

use spoolog::sink::{Capture, WriterSink};
use spoolog::time::TimeLayout;
use spoolog::{Format, LevelFilter, Logger};
use std::fmt;
use std::hint::black_box;

/// A `Display` value that writes in several pieces without allocating.
pub struct Peer {
    pub ip: [u8; 4],
    pub port: u16,
}

impl fmt::Display for Peer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d] = self.ip;
        write!(f, "{a}.{b}.{c}.{d}:{}", self.port)
    }
}

/// An error with a source, neither of which allocates to display.
mod errors;
pub use errors::{Inner, Outer};

/// Logs one record with every built-in field type through the crate's
/// macros, to `log` (or the global logger when `None`).
pub fn macro_call(log: Option<&Logger>, i: u64) {
    let i = black_box(i);
    let peer = Peer {
        ip: [10, 0, 0, 1],
        port: 443,
    };
    let err = Outer(Inner);
    let bytes: &[u8] = b"raw\xffbytes";
    let list = [1u8, 2, 3];
    let none: Option<u32> = None;
    let (s, i8v, i16v, i32v, i64v) = ("GET", i as i8, i as i16, i as i32, i as i64);
    let (u8v, u16v, u32v, u64v, usz) = (i as u8, i as u16, i as u32, i, i as usize);
    let (i128v, u128v, f32v, f64v) = (i as i128, i as u128, i as f32 / 3.0, i as f64 * 1.5);
    match log {
        Some(l) => spoolog::info!(logger: l, target: "app::server",
            s, i8v, i16v, i32v, i64v, u8v, u16v, u32v, u64v, usz, i128v, u128v, f32v, f64v,
            nan = f64::NAN, inf = f64::INFINITY, ok = true, c = 'x', none, raw = bytes,
            peer:% = peer, list:? = list, err:err = err;
            "user {} logged in \"quoted\"\n", i),
        None => spoolog::info!(target: "app::server",
            s, i8v, i16v, i32v, i64v, u8v, u16v, u32v, u64v, usz, i128v, u128v, f32v, f64v,
            nan = f64::NAN, inf = f64::INFINITY, ok = true, c = 'x', none, raw = bytes,
            peer:% = peer, list:? = list, err:err = err;
            "user {} logged in \"quoted\"\n", i),
    }
}

/// The same record through the `log` facade (typed values the facade
/// supports).
pub fn facade_call(i: u64) {
    let i = black_box(i);
    let peer = Peer {
        ip: [10, 0, 0, 1],
        port: 443,
    };
    let err = Outer(Inner);
    let list = [1u8, 2, 3];
    log::info!(target: "app::server",
        s = "GET", i64v = i as i64, u64v = i, f64v = i as f64 * 1.5, ok = true, c = 'x',
        i128v = i as i128, peer:% = peer, list:? = list, err:err = err;
        "user {} logged in", i);
}

/// A logger of `format` with a capture sink big enough for `lines` lines.
pub fn capture_logger(format: Format, lines: usize) -> (Logger, Capture) {
    let cap = Capture::with_capacity(lines * 1024);
    let log = Logger::builder()
        .format(format)
        .level(LevelFilter::Info)
        .time(TimeLayout::rfc3339(6))
        .sink(cap.clone())
        .build();
    (log, cap)
}

/// A logger of `format` writing into a discarding `io::Write`.
pub fn writer_logger(format: Format) -> Logger {
    Logger::builder()
        .format(format)
        .time(TimeLayout::rfc3339(6))
        .sink(WriterSink::new(std::io::sink()))
        .build()
}

pub const WARMUP: usize = 100;
pub const CALLS: usize = 5_000;

/// Every zero-allocation case for one format. Installs the global logger,
/// so call it once per process.
pub fn prove_zero_allocs(format: Format) {
    let _profiler = spoolog::testing::start();

    // Macros, explicit logger, writer sink.
    let w = writer_logger(format);
    let mut i = 0;
    spoolog::testing::assert_no_allocs("macro -> io::Write sink", WARMUP, CALLS, || {
        i += 1;
        macro_call(Some(&w), i);
    });

    // Macros, explicit logger, in-memory capture sink.
    let (c, cap) = capture_logger(format, 2 * (WARMUP + CALLS));
    spoolog::testing::assert_no_allocs("macro -> capture sink", WARMUP, CALLS, || {
        i += 1;
        macro_call(Some(&c), i);
    });
    assert_eq!(cap.lines().len(), WARMUP + CALLS, "every line captured");

    // A child logger with context fields.
    let child = c.with(&[spoolog::Field::new("request_id", "r-1")]);
    spoolog::testing::assert_no_allocs("child logger with context", WARMUP, CALLS, || {
        i += 1;
        macro_call(Some(&child), i);
    });

    // Global logger: crate macros and the log facade.
    let (g, gcap) = capture_logger(format, 2 * (WARMUP + CALLS));
    install_global(g);
    spoolog::testing::assert_no_allocs("macro -> global logger", WARMUP, CALLS, || {
        i += 1;
        macro_call(None, i);
    });
    spoolog::testing::assert_no_allocs("log::info! facade", WARMUP, CALLS, || {
        i += 1;
        facade_call(i);
    });
    assert_eq!(
        gcap.lines().len(),
        2 * (WARMUP + CALLS),
        "every global line captured"
    );

    // A filtered-out call allocates nothing either.
    spoolog::testing::assert_no_allocs("filtered out", WARMUP, CALLS, || {
        spoolog::debug!(logger: &w, x = 1; "hidden");
        log::debug!(x = 1; "hidden");
    });
}

fn install_global(g: Logger) {
    // Builder::init builds its own logger; install this one through the
    // same path by rebuilding is not possible, so use the facade helper.
    spoolog::__private::install(g).expect("first global logger in this process");
}
