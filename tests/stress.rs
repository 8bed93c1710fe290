//! Concurrency stress: more threads than cores, thousands of numbered lines
//! with random awkward field values, through every kind of sink. Every line
//! must arrive exactly once, whole, unchanged, and parse.
//!
//! Each record's values are a pure function of `(thread, index)`, so the
//! checker regenerates what every thread logged instead of storing it.

mod adv_support;

use adv_support::{checked_lines, get, parse_logfmt, Rng};
use serde_json::Value as Json;
use spoolog::sink::{Capture, FileSink, Sink, WriterSink};
use spoolog::{Field, Format, Logger};
use std::collections::HashSet;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

const THREADS: u64 = if cfg!(miri) { 3 } else { 16 };
const PER_THREAD: u64 = if cfg!(miri) { 5 } else { 2000 };

/// What thread `t` logs as its `i`-th line.
struct Rec {
    s: String,
    m: String,
    d: String,
    n: i64,
    f: f64,
    b: bool,
}

fn rec(t: u64, i: u64) -> Rec {
    let mut r = Rng::new(t << 32 | i);
    Rec {
        s: r.string(),
        m: r.string(),
        d: r.string(),
        n: r.next() as i64,
        f: r.float(),
        b: r.next() & 1 == 1,
    }
}

fn log_one(log: &Logger, t: u64, i: u64) {
    let r = rec(t, i);
    spoolog::info!(logger: log, target: "stress",
        t = t, i = i, s = r.s.as_str(), n = r.n, f = r.f, b = r.b, d:? = r.d;
        "line {} says {}", i, r.m);
}

/// Check one parsed JSON record against what its thread generated; returns
/// its `(t, i)`.
fn check_json(line: &str) -> (u64, u64) {
    let v: Json = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
    let t = v["t"].as_u64().unwrap();
    let i = v["i"].as_u64().unwrap();
    let r = rec(t, i);
    assert_eq!(v["level"], "INFO", "{line}");
    assert_eq!(v["target"], "stress", "{line}");
    assert_eq!(v["msg"].as_str().unwrap(), format!("line {i} says {}", r.m));
    assert_eq!(v["s"].as_str().unwrap(), r.s, "{line}");
    assert_eq!(v["d"].as_str().unwrap(), format!("{:?}", r.d), "{line}");
    assert_eq!(v["n"].as_i64().unwrap(), r.n, "{line}");
    // serde_json's default float parser may be off by an ulp; the exact
    // round trip is checked on the logfmt path with Rust's own parser.
    let f = v["f"].as_f64().unwrap();
    assert!(
        (f - r.f).abs() <= r.f.abs() * 1e-15,
        "{f} vs {}: {line}",
        r.f
    );
    assert_eq!(v["b"].as_bool().unwrap(), r.b, "{line}");
    (t, i)
}

fn check_logfmt(line: &str) -> (u64, u64) {
    let p = parse_logfmt(line);
    let t: u64 = get(&p, "t").parse().unwrap();
    let i: u64 = get(&p, "i").parse().unwrap();
    let r = rec(t, i);
    let keys: Vec<&str> = p.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        ["ts", "level", "target", "msg", "t", "i", "s", "n", "f", "b", "d"]
    );
    assert_eq!(get(&p, "level"), "info");
    assert_eq!(get(&p, "msg"), format!("line {i} says {}", r.m));
    assert_eq!(get(&p, "s"), r.s, "{line}");
    assert_eq!(get(&p, "d"), format!("{:?}", r.d), "{line}");
    assert_eq!(get(&p, "n").parse::<i64>().unwrap(), r.n);
    assert_eq!(get(&p, "f").parse::<f64>().unwrap(), r.f, "{line}");
    assert_eq!(get(&p, "b").parse::<bool>().unwrap(), r.b);
    (t, i)
}

/// Every expected `(t, i)` exactly once, nothing else.
fn assert_exactly_once(seen: impl IntoIterator<Item = (u64, u64)>, expected: &HashSet<(u64, u64)>) {
    let mut got = HashSet::new();
    let mut n = 0;
    for key in seen {
        assert!(got.insert(key), "line {key:?} arrived twice");
        n += 1;
    }
    assert_eq!(n, expected.len(), "wrong number of lines");
    assert_eq!(&got, expected);
}

fn all_keys() -> HashSet<(u64, u64)> {
    (0..THREADS)
        .flat_map(|t| (0..PER_THREAD).map(move |i| (t, i)))
        .collect()
}

/// `THREADS` threads, each logging `PER_THREAD` lines.
fn hammer(log: &Logger) {
    thread::scope(|s| {
        for t in 0..THREADS {
            s.spawn(move || {
                for i in 0..PER_THREAD {
                    log_one(log, t, i);
                }
            });
        }
    });
    assert_eq!(log.errors(), 0);
}

fn json(sink: impl Sink) -> Logger {
    Logger::builder().format(Format::Json).sink(sink).build()
}

#[test]
fn capture_json() {
    let cap = Capture::new();
    hammer(&json(cap.clone()));
    let lines = checked_lines(&cap.bytes());
    assert_exactly_once(lines.iter().map(|l| check_json(l)), &all_keys());
}

#[test]
fn capture_logfmt() {
    let cap = Capture::new();
    hammer(
        &Logger::builder()
            .format(Format::Logfmt)
            .sink(cap.clone())
            .build(),
    );
    let lines = checked_lines(&cap.bytes());
    assert_exactly_once(lines.iter().map(|l| check_logfmt(l)), &all_keys());
}

#[test]
fn writer_sink_over_a_vec() {
    let sink = Arc::new(WriterSink::new(Vec::<u8>::new()));
    hammer(&json(Arc::clone(&sink)));
    let bytes = sink.with_writer(std::mem::take);
    let lines = checked_lines(&bytes);
    assert_exactly_once(lines.iter().map(|l| check_json(l)), &all_keys());
}

#[test]
fn file_sink_in_a_temp_file() {
    let path = std::env::temp_dir().join(format!("spoolog-stress-{}.log", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let log = json(FileSink::open(&path).unwrap());
    hammer(&log);
    log.flush().unwrap();
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    let lines = checked_lines(&bytes);
    assert_exactly_once(lines.iter().map(|l| check_json(l)), &all_keys());
}

/// A user sink that keeps every `write_line` call separately, so the test
/// can see that each call carried exactly one whole line.
#[derive(Default)]
struct Calls(Mutex<Vec<Vec<u8>>>);

impl Sink for Calls {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        self.0.lock().unwrap().push(line.to_vec());
        Ok(())
    }
}

impl Calls {
    fn lines(&self) -> Vec<String> {
        let calls = std::mem::take(&mut *self.0.lock().unwrap());
        calls
            .iter()
            .map(|c| {
                let mut one = checked_lines(c);
                assert_eq!(
                    one.len(),
                    1,
                    "a write_line call carried {} lines",
                    one.len()
                );
                one.pop().unwrap()
            })
            .collect()
    }
}

#[test]
fn user_sink_gets_one_whole_line_per_call() {
    let calls = Arc::new(Calls::default());
    hammer(&json(Arc::clone(&calls)));
    let lines = calls.lines();
    assert_exactly_once(lines.iter().map(|l| check_json(l)), &all_keys());
}

/// Waves of short-lived threads start, log and exit while one long-running
/// thread logs throughout. Exited threads' pool slots are reused by new
/// threads; wave threads log through a child logger with a context field.
#[test]
fn waves_of_short_lived_threads_during_a_long_one() {
    const WAVES: u64 = if cfg!(miri) { 2 } else { 12 };
    const WIDTH: u64 = if cfg!(miri) { 2 } else { 8 };
    const LINES: u64 = if cfg!(miri) { 3 } else { 60 };
    const LONG: u64 = 1_000_000;
    let calls = Arc::new(Calls::default());
    let log = json(Arc::clone(&calls));
    let stop = AtomicBool::new(false);
    let long_lines = thread::scope(|s| {
        let long = s.spawn(|| {
            let mut i = 0;
            // At least a few lines even if the waves finish first.
            while i < 50 || !stop.load(Ordering::Relaxed) {
                log_one(&log, LONG, i);
                i += 1;
            }
            i
        });
        for w in 0..WAVES {
            let wave_log = log.with(&[Field::new("wave", &w)]);
            let handles: Vec<_> = (0..WIDTH)
                .map(|k| {
                    let wave_log = wave_log.clone();
                    thread::spawn(move || {
                        for i in 0..LINES {
                            log_one(&wave_log, w * 100 + k, i);
                        }
                    })
                })
                .collect();
            for h in handles {
                h.join().unwrap();
            }
        }
        stop.store(true, Ordering::Relaxed);
        long.join().unwrap()
    });
    assert_eq!(log.errors(), 0);
    let mut expected: HashSet<(u64, u64)> = (0..long_lines).map(|i| (LONG, i)).collect();
    for w in 0..WAVES {
        for k in 0..WIDTH {
            expected.extend((0..LINES).map(|i| (w * 100 + k, i)));
        }
    }
    let lines = calls.lines();
    let seen = lines.iter().map(|l| {
        let key = check_json(l);
        let v: Json = serde_json::from_str(l).unwrap();
        if key.0 == LONG {
            assert!(v.get("wave").is_none(), "{l}");
        } else {
            assert_eq!(v["wave"].as_u64(), Some(key.0 / 100), "{l}");
        }
        key
    });
    assert_exactly_once(seen, &expected);
}
