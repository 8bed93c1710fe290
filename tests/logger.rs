//! Behaviour of the logger front-end: levels, fields, context, clocks,
//! sink failures, contained panics, re-entrancy and concurrency.

use serde_json::Value as Json;
use spoolog::sink::{Capture, FileSink, Sink, SinkError, WriterSink};
use spoolog::time::{Clock, UnixTime};
use spoolog::{Field, Format, Level, LevelFilter, Logger, TimeLayout};
use std::fmt;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

fn json_logger() -> (Logger, Capture) {
    let cap = Capture::new();
    let log = Logger::builder()
        .format(Format::Json)
        .no_time()
        .sink(cap.clone())
        .build();
    (log, cap)
}

fn parse(line: &str) -> Json {
    serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
}

#[test]
fn levels_filter_and_change_at_run_time() {
    let cap = Capture::new();
    let log = Logger::builder()
        .format(Format::Logfmt)
        .no_time()
        .level(LevelFilter::Warn)
        .sink(cap.clone())
        .build();
    spoolog::info!(logger: &log, "dropped");
    spoolog::warn!(logger: &log, "kept warn");
    spoolog::error!(logger: &log, "kept error");
    log.set_level(LevelFilter::Trace);
    spoolog::trace!(logger: &log, "kept trace");
    log.set_level(LevelFilter::Off);
    spoolog::error!(logger: &log, "dropped too");
    let lines = cap.lines();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].starts_with("level=warn "));
    assert!(lines[1].starts_with("level=error "));
    assert!(lines[2].starts_with("level=trace "));
}

#[path = "common/errors.rs"]
mod errors;
use errors::{Inner, Outer};

#[test]
fn every_field_type_in_json() {
    let (log, cap) = json_logger();
    let err = Outer(Inner);
    let none: Option<i32> = None;
    let bytes: &[u8] = b"raw\xffbytes";
    let addr: std::net::Ipv4Addr = "10.0.0.1".parse().unwrap();
    let user = 7;
    spoolog::info!(logger: &log, target: "app",
        s = "GET", i8v = -8i8, i16v = -16i16, i32v = -32i32, i64v = i64::MIN,
        u8v = 8u8, u16v = 16u16, u32v = 32u32, u64v = u64::MAX, usz = 5usize,
        i128v = -170141183460469231731687303715884105728i128, u128v = 1u128 << 100,
        f32v = 1.5f32, f64v = -0.25, nan = f64::NAN, inf = f64::INFINITY, ninf = f64::NEG_INFINITY,
        yes = true, no = false, c = 'λ', none, raw = bytes, addr:% = addr, list:? = [1, 2], err:err = err;
        "user {} logged in", user);
    let lines = cap.lines();
    assert_eq!(lines.len(), 1);
    let v = parse(&lines[0]);
    assert_eq!(v["level"], "INFO");
    assert_eq!(v["target"], "app");
    assert_eq!(v["msg"], "user 7 logged in");
    assert_eq!(v["s"], "GET");
    assert_eq!(v["i8v"], -8);
    assert_eq!(v["i16v"], -16);
    assert_eq!(v["i32v"], -32);
    assert_eq!(v["i64v"], i64::MIN);
    assert_eq!(v["u8v"], 8);
    assert_eq!(v["u16v"], 16);
    assert_eq!(v["u32v"], 32);
    assert_eq!(v["u64v"], u64::MAX);
    assert_eq!(v["usz"], 5);
    // 128-bit integers are written as JSON numbers with every digit.
    assert!(lines[0].contains(r#""i128v":-170141183460469231731687303715884105728"#));
    assert!(lines[0].contains(&format!(r#""u128v":{}"#, 1u128 << 100)));
    assert_eq!(v["f32v"], 1.5);
    assert_eq!(v["f64v"], -0.25);
    assert_eq!(v["nan"], "NaN");
    assert_eq!(v["inf"], "inf");
    assert_eq!(v["ninf"], "-inf");
    assert_eq!(v["yes"], true);
    assert_eq!(v["no"], false);
    assert_eq!(v["c"], "λ");
    assert_eq!(v["none"], Json::Null);
    assert_eq!(v["raw"], "raw\u{FFFD}bytes");
    assert_eq!(v["addr"], "10.0.0.1");
    assert_eq!(v["list"], "[1, 2]");
    assert_eq!(v["err"], "read config: file not found");
}

#[test]
fn child_loggers_carry_context_encoded_once() {
    let (log, cap) = json_logger();
    let svc = log.with(&[Field::new("service", "api")]);
    let req = svc.with(&[Field::new("request_id", "r-1"), Field::new("attempt", &2)]);
    spoolog::info!(logger: &req, status = 200; "done");
    spoolog::info!(logger: &log, "root has no context");
    let lines = cap.lines();
    let v = parse(&lines[0]);
    assert_eq!(v["service"], "api");
    assert_eq!(v["request_id"], "r-1");
    assert_eq!(v["attempt"], 2);
    assert_eq!(v["status"], 200);
    // context comes before the call's own fields
    let ctx = lines[0].find("request_id").unwrap();
    let own = lines[0].find("status").unwrap();
    assert!(ctx < own);
    assert!(!lines[1].contains("service"));
}

struct Fixed(UnixTime);
impl Clock for Fixed {
    fn now(&self) -> UnixTime {
        self.0
    }
}

#[test]
fn injected_clock_sets_the_timestamp() {
    let cap = Capture::new();
    // 2026-11-27T14:23:32.123456Z
    let t = UnixTime {
        secs: 1_795_789_412,
        nanos: 123_456_789,
    };
    let log = Logger::builder()
        .format(Format::Json)
        .time(TimeLayout::rfc3339(6))
        .clock(Fixed(t))
        .sink(cap.clone())
        .build();
    spoolog::info!(logger: &log, target: "app::server", "x");
    let v = parse(&cap.lines()[0]);
    assert_eq!(v["ts"], "2026-11-27T14:23:32.123456Z");
}

/// Fails the first `fail` writes, then works.
struct Flaky {
    fail: AtomicUsize,
    inner: Capture,
}

impl Sink for Flaky {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        if self
            .fail
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
        {
            return Err(io::Error::other("disk full"));
        }
        self.inner.write_line(line)
    }
}

#[test]
fn sink_errors_go_to_the_handler_and_logging_recovers() {
    let cap = Capture::new();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seen2 = Arc::clone(&seen);
    let log = Logger::builder()
        .format(Format::Logfmt)
        .no_time()
        .sink(Flaky {
            fail: AtomicUsize::new(3),
            inner: cap.clone(),
        })
        .on_error(move |e: &SinkError| seen2.lock().unwrap().push(e.to_string()))
        .build();
    for i in 0..5 {
        spoolog::info!(logger: &log, i; "line");
    }
    assert_eq!(log.errors(), 3);
    assert_eq!(seen.lock().unwrap().len(), 3);
    assert!(seen.lock().unwrap()[0].contains("disk full"));
    assert_eq!(
        cap.lines(),
        [
            "level=info target=logger msg=line i=3",
            "level=info target=logger msg=line i=4"
        ]
    );
}

struct Panicky;
impl Sink for Panicky {
    fn write_line(&self, _line: &[u8]) -> io::Result<()> {
        panic!("sink exploded")
    }
}

#[test]
fn a_panicking_sink_does_not_panic_the_caller() {
    let log = Logger::builder()
        .sink(Panicky)
        .on_error(|_: &SinkError| {})
        .build();
    spoolog::info!(logger: &log, "one");
    spoolog::info!(logger: &log, "two");
    assert_eq!(log.errors(), 2);
}

struct PanicsMidway;
impl fmt::Display for PanicsMidway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("half a val")?;
        panic!("Display impl panicked")
    }
}

#[test]
fn a_panicking_display_writes_no_half_line() {
    let (log, cap) = json_logger();
    spoolog::info!(logger: &log, ok = 1; "before");
    spoolog::info!(logger: &log, bad:% = PanicsMidway; "during");
    spoolog::info!(logger: &log, ok = 2; "after");
    let lines = cap.lines();
    assert_eq!(lines.len(), 3, "{lines:?}");
    for l in &lines {
        parse(l);
        assert!(!l.contains("half a val"), "half line leaked: {l}");
    }
    assert_eq!(parse(&lines[1])["msg"], "log record formatting panicked");
    assert_eq!(parse(&lines[2])["ok"], 2);
    assert_eq!(log.errors(), 1);
}

/// Logs through the same logger while being displayed.
struct LogsWhileDisplayed<'a>(&'a Logger);
impl fmt::Display for LogsWhileDisplayed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        spoolog::info!(logger: self.0, "inner");
        f.write_str("outer value")
    }
}

#[test]
fn a_display_that_logs_gives_both_lines() {
    let (log, cap) = json_logger();
    spoolog::info!(logger: &log, v:% = LogsWhileDisplayed(&log); "outer");
    let lines = cap.lines();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(parse(&lines[0])["msg"], "inner");
    assert_eq!(parse(&lines[1])["msg"], "outer");
    assert_eq!(parse(&lines[1])["v"], "outer value");
}

/// A sink that logs through its own logger while writing.
struct LoggingSink {
    log: Mutex<Option<Logger>>,
    inner: Capture,
}
impl Sink for LoggingSink {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        if let Some(l) = self.log.lock().unwrap().clone() {
            spoolog::warn!(logger: &l, "from inside the sink");
        }
        self.inner.write_line(line)
    }
}

#[test]
fn a_sink_that_logs_is_not_recursed_into() {
    let inner = Capture::new();
    let sink = Arc::new(LoggingSink {
        log: Mutex::new(None),
        inner: inner.clone(),
    });
    let log = Logger::builder()
        .no_time()
        .format(Format::Logfmt)
        .sink(Arc::clone(&sink))
        .on_error(|_: &SinkError| {})
        .build();
    *sink.log.lock().unwrap() = Some(log.clone());
    spoolog::info!(logger: &log, "outer");
    assert_eq!(inner.lines(), ["level=info target=logger msg=outer"]);
    assert_eq!(log.errors(), 1);
    *sink.log.lock().unwrap() = None; // break the Arc cycle
}

fn check_concurrent(log: &Logger, threads: usize, per_thread: usize) {
    std::thread::scope(|s| {
        for t in 0..threads {
            s.spawn(move || {
                for i in 0..per_thread {
                    spoolog::info!(logger: log, t, i, pad = "x y \"z\"\n"; "line {} of {}", i, t);
                }
            });
        }
    });
}

fn assert_every_line_once(text: &str, threads: usize, per_thread: usize) {
    let mut seen = vec![vec![false; per_thread]; threads];
    let mut n = 0;
    for line in text.lines() {
        let v = parse(line);
        let t = v["t"].as_u64().unwrap() as usize;
        let i = v["i"].as_u64().unwrap() as usize;
        assert_eq!(v["msg"], format!("line {i} of {t}"));
        assert_eq!(v["pad"], "x y \"z\"\n");
        assert!(!seen[t][i], "line {t}/{i} twice");
        seen[t][i] = true;
        n += 1;
    }
    assert_eq!(n, threads * per_thread);
}

#[test]
fn concurrent_lines_never_interleave() {
    let (threads, per) = (8, 2_000);
    // capture sink
    let (log, cap) = json_logger();
    check_concurrent(&log, threads, per);
    assert_every_line_once(&String::from_utf8(cap.bytes()).unwrap(), threads, per);

    // any io::Write
    let w = Arc::new(WriterSink::new(Vec::new()));
    let log = Logger::builder().no_time().sink(Arc::clone(&w)).build();
    check_concurrent(&log, threads, per);
    let bytes = w.with_writer(std::mem::take);
    assert_every_line_once(&String::from_utf8(bytes).unwrap(), threads, per);

    // append-only file
    let path = std::env::temp_dir().join(format!("spoolog-concurrent-{}.log", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let log = Logger::builder()
        .no_time()
        .sink(FileSink::open(&path).unwrap())
        .build();
    check_concurrent(&log, threads, per);
    log.flush().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_every_line_once(&text, threads, per);
}

#[test]
fn text_colour_follows_the_choice() {
    use spoolog::logger::ColorChoice;
    for (choice, expect_esc) in [(ColorChoice::Never, false), (ColorChoice::Auto, false)] {
        let cap = Capture::new();
        let log = Logger::builder()
            .format(Format::Text)
            .color(choice)
            .sink(cap.clone())
            .build();
        spoolog::error!(logger: &log, "boom");
        assert_eq!(cap.bytes().contains(&0x1b), expect_esc, "{choice:?}");
    }
    // Always colours unless NO_COLOR is set and non-empty.
    let no_color = std::env::var("NO_COLOR")
        .map(|v| !v.is_empty())
        .unwrap_or(false);
    let cap = Capture::new();
    let log = Logger::builder()
        .format(Format::Text)
        .color(ColorChoice::Always)
        .sink(cap.clone())
        .build();
    spoolog::error!(logger: &log, "boom");
    assert_eq!(cap.bytes().contains(&0x1b), !no_color);
}

#[test]
fn log_calls_reach_the_logger_through_log_record() {
    // The `log::Log` impl without installing a global logger.
    let (log, cap) = json_logger();
    let kvs: &[(&str, log::kv::Value)] = &[
        ("status", log::kv::Value::from(200u16)),
        ("path", log::kv::Value::from("/x")),
    ];
    let args = format_args!("request handled");
    let record = log::Record::builder()
        .level(log::Level::Info)
        .target("lib")
        .args(args)
        .key_values(&kvs)
        .build();
    log::Log::log(&log, &record);
    let v = parse(&cap.lines()[0]);
    assert_eq!(v["status"], 200);
    assert_eq!(v["path"], "/x");
    assert_eq!(v["msg"], "request handled");
    assert!(log::Log::enabled(
        &log,
        &log::Metadata::builder().level(log::Level::Info).build()
    ));
    assert!(!log::Log::enabled(
        &log,
        &log::Metadata::builder().level(log::Level::Debug).build()
    ));
    let _ = Level::Info;
}

#[test]
fn per_target_directives_pick_the_most_specific() {
    use spoolog::filter::Filter;
    let cap = Capture::new();
    let log = Logger::builder()
        .format(Format::Logfmt)
        .no_time()
        .filter(Filter::parse("warn,app::db=debug,app::db::pool=off").unwrap())
        .sink(cap.clone())
        .build();
    spoolog::info!(logger: &log, target: "app::http", "dropped: default is warn");
    spoolog::warn!(logger: &log, target: "app::http", "kept");
    spoolog::debug!(logger: &log, target: "app::db::query", "kept: app::db=debug");
    spoolog::error!(logger: &log, target: "app::db::pool", "dropped: pool=off");
    let lines = cap.lines();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].contains("target=app::http"));
    assert!(lines[1].contains("target=app::db::query"));
}

#[test]
fn bad_directives_in_the_environment_are_a_clear_error() {
    // A variable name unique to this test, so no other test races on it.
    // SAFETY: std's own environment functions take a lock, and the other
    // tests of this binary read the environment only through them (no C
    // code here calls getenv), so changing it while they run is sound.
    unsafe { std::env::set_var("SPOOLOG_TEST_BAD_FILTER", "info,db=loud") };
    let err = Logger::builder()
        .level_from_env("SPOOLOG_TEST_BAD_FILTER")
        .err()
        .expect("malformed directives are rejected");
    assert_eq!(
        err.to_string(),
        "SPOOLOG_TEST_BAD_FILTER=\"info,db=loud\": bad log directive at byte 8: unknown level \"loud\""
    );
}

/// A logger of `format` with no time, writing into the capture returned.
fn untimed_capture(format: Format) -> (Capture, Logger) {
    let c = Capture::new();
    let l = Logger::builder()
        .format(format)
        .no_time()
        .sink(c.clone())
        .build();
    (c, l)
}

#[test]
fn compile_time_keys_encode_like_run_time_keys() {
    // The macros pre-encode identifier keys; Field::new keys go through the
    // run-time checks. Both must give the same bytes in every format, and
    // keys that are not plain (reserved, odd characters) must still be
    // prefixed or escaped.
    for format in [Format::Json, Format::Logfmt, Format::Text] {
        let (a, la) = untimed_capture(format);
        let (b, lb) = untimed_capture(format);
        let s = "x y";
        spoolog::info!(logger: &la, target: "t", method = "GET", status = 200, msg = "forged", "a\"b" = 1, s; "m");
        lb.log(
            Level::Info,
            "t",
            format_args!("m"),
            &[
                Field::new("method", "GET"),
                Field::new("status", &200),
                Field::new("msg", "forged"),
                Field::new("a\"b", &1),
                Field::new("s", s),
            ],
        );
        assert_eq!(a.lines(), b.lines(), "{format:?}");
        assert!(a.lines()[0].contains("_msg"), "{:?}", a.lines());
    }
}

#[test]
fn compile_time_keys_at_the_length_limit_and_every_value_kind() {
    // A pre-encoded key is copied from a 32-byte array and a JSON string
    // value's quotes come with the key and with the value's own bytes (one
    // copy each): keys of 27 characters (the longest pre-encoded) and 28
    // (the checked path), and strings around the 31/32-byte edge of that
    // copy, with and without bytes to escape, must give the bytes of the
    // run-time path.
    assert!(spoolog::field::key_is_plain("k23456789012345678901234567"));
    assert!(!spoolog::field::key_is_plain(
        "k234567890123456789012345678"
    ));
    let s31 = "s".repeat(31);
    let s32 = "s".repeat(32);
    let s33 = "s".repeat(33);
    let esc = "a\"b\\c\nd\u{2028}é";
    for format in [Format::Json, Format::Logfmt, Format::Text] {
        let (a, la) = untimed_capture(format);
        let (b, lb) = untimed_capture(format);
        for (x, n) in [
            ("", 0u64),
            ("GET", 9_999),
            (s31.as_str(), 10_000),
            (&s32, u64::MAX),
            (&s33, 7),
            (esc, 1),
        ] {
            let f = -1.5f64 * n as f64;
            spoolog::info!(logger: &la, target: "t",
                k23456789012345678901234567 = x, k234567890123456789012345678 = x,
                u = n, i = -(n as i64 % 10_000) - 1, f, t = n % 2 == 0, c = 'q', e = esc; "m");
            lb.log(
                Level::Info,
                "t",
                format_args!("m"),
                &[
                    Field::new("k23456789012345678901234567", x),
                    Field::new("k234567890123456789012345678", x),
                    Field::new("u", &n),
                    Field::new("i", &(-(n as i64 % 10_000) - 1)),
                    Field::new("f", &f),
                    Field::new("t", &(n % 2 == 0)),
                    Field::new("c", &'q'),
                    Field::new("e", esc),
                ],
            );
        }
        assert_eq!(a.lines(), b.lines(), "{format:?}");
        assert_eq!(a.lines().len(), 6);
    }
}
