//! `log` records in a `tracing` program through `LogBridge`: written by the
//! spoolog layer with their key-values (every output format, inside spans,
//! after the span fields), while another layer still sees the event; a
//! `log` call made while a key-value is formatted is its own record; a
//! panicking key-value is contained; no key-values leak into the next
//! event. One process-wide `log` logger, so the cases run in order from
//! `main` (no test harness).

use spoolog::logger::{ColorChoice, Output};
use spoolog::sink::Capture;
use spoolog::tracing::SpoologLayer;
use spoolog::{Format, LevelFilter, Logger};
use std::fmt;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::Layer;

#[path = "common/fmt_buf.rs"]
mod fmt_buf;
use fmt_buf::Buf;

/// The capture's lines so far, and empty it.
fn take(cap: &Capture) -> Vec<String> {
    let lines = cap.lines();
    cap.clear();
    lines
}

/// Logs through `log` while it is formatted.
struct Chatty;
impl fmt::Display for Chatty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        log::warn!(target: "inner", depth = 2; "from inside a value");
        f.write_str("chatty")
    }
}

struct Panics;
impl fmt::Display for Panics {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        panic!("a value that panics")
    }
}

fn main() {
    let (json, logfmt) = (Capture::new(), Capture::new());
    let logger = Logger::builder()
        .level(LevelFilter::Debug)
        .no_time()
        .color(ColorChoice::Never)
        .format(Format::Json)
        .sink(json.clone())
        .output(Output::new(logfmt.clone()).format(Format::Logfmt))
        .on_error(|_: &spoolog::sink::SinkError| {})
        .build();
    let counter = logger.clone();
    let layer = SpoologLayer::new(logger);
    layer.log_bridge().init().expect("the first log logger");
    assert!(
        layer.log_bridge().init().is_err(),
        "a second log logger is refused"
    );
    let other = Buf::default();
    let fmt = tracing_subscriber::fmt::layer()
        .with_writer(other.clone())
        .with_ansi(false)
        .without_time()
        .with_filter(Targets::new().with_default(tracing::Level::TRACE));
    let subscriber = tracing_subscriber::registry()
        .with(
            layer.with_filter(
                Targets::new()
                    .with_target("quiet", tracing::Level::ERROR)
                    .with_default(tracing::Level::TRACE),
            ),
        )
        .with(fmt);
    tracing::subscriber::set_global_default(subscriber).unwrap();

    // Outside any span: the key-values follow the message, typed, in both
    // formats; the fmt layer sees the event (without them, as LogTracer
    // gives it).
    log::info!(target: "db", rows = 3, user = "ann", ok = true, ratio = 0.5; "query {} done", 1);
    assert_eq!(
        take(&json),
        [
            r#"{"level":"INFO","target":"db","msg":"query 1 done","rows":3,"user":"ann","ok":true,"ratio":0.5}"#
        ]
    );
    assert_eq!(
        take(&logfmt),
        ["level=info target=db msg=\"query 1 done\" rows=3 user=ann ok=true ratio=0.5"]
    );
    let seen = other.take();
    assert!(
        seen.contains("query 1 done") && !seen.contains("rows"),
        "{seen}"
    );
    println!("test key_values_in_every_format ... ok");

    // Inside two spans: span fields first, then the record's key-values.
    {
        let outer = tracing::info_span!("request", request_id = 42u64);
        let _o = outer.enter();
        let inner = tracing::info_span!("handler", route = "/users/:id");
        let _i = inner.enter();
        log::debug!(target: "db", rows = 0; "empty");
    }
    assert_eq!(
        take(&json),
        [
            r#"{"level":"DEBUG","target":"db","msg":"empty","request_id":42,"route":"/users/:id","rows":0}"#
        ]
    );
    assert_eq!(
        take(&logfmt),
        ["level=debug target=db msg=empty request_id=42 route=/users/:id rows=0"]
    );
    other.take();
    println!("test key_values_after_span_fields ... ok");

    // A value that logs: the inner record is written first, with its own
    // key-values only; the outer one keeps its own.
    log::info!(target: "outer", v = Chatty.to_string(), n = 1; "outer record");
    log::info!(target: "outer", v:% = Chatty, n = 2; "outer, formatted late");
    let lines = take(&json);
    assert_eq!(
        lines,
        [
            r#"{"level":"WARN","target":"inner","msg":"from inside a value","depth":2}"#,
            r#"{"level":"INFO","target":"outer","msg":"outer record","v":"chatty","n":1}"#,
            // `v:%` is formatted once per output format (JSON, logfmt), as
            // for any record: two inner records.
            r#"{"level":"WARN","target":"inner","msg":"from inside a value","depth":2}"#,
            r#"{"level":"WARN","target":"inner","msg":"from inside a value","depth":2}"#,
            r#"{"level":"INFO","target":"outer","msg":"outer, formatted late","v":"chatty","n":2}"#,
        ],
        "{lines:#?}"
    );
    take(&logfmt);
    other.take();
    println!("test a_value_that_logs_is_its_own_record ... ok");

    // A value that panics: the application goes on, the record is written
    // without its key-values, the failure is counted.
    let errors = counter.errors();
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    log::error!(target: "db", bad:% = Panics, rows = 1; "still here");
    std::panic::set_hook(hook);
    assert_eq!(
        take(&json),
        [r#"{"level":"ERROR","target":"db","msg":"still here"}"#]
    );
    assert!(counter.errors() > errors, "the panic is counted");
    take(&logfmt);
    other.take();
    println!("test a_panicking_value_is_contained ... ok");

    // Filtered out by the spoolog layer's own filter, then a plain tracing
    // event and a record without key-values: nothing leaks from one
    // record into the next line.
    log::info!(target: "quiet", secret = "x"; "filtered out for spoolog");
    tracing::info!(target: "app", "a tracing event");
    log::info!(target: "app", "a record without key-values");
    assert_eq!(
        take(&json),
        [
            r#"{"level":"INFO","target":"app","msg":"a tracing event"}"#,
            r#"{"level":"INFO","target":"app","msg":"a record without key-values"}"#,
        ]
    );
    let seen = other.take();
    assert!(
        seen.contains("filtered out for spoolog"),
        "the fmt layer still sees it: {seen}"
    );
    println!("test nothing_leaks_into_the_next_line ... ok");

    // From many threads at once: each line has its own thread's values.
    std::thread::scope(|s| {
        for t in 0..4u64 {
            s.spawn(move || {
                let span = tracing::info_span!("worker", t);
                let _g = span.enter();
                for i in 0..200u64 {
                    log::info!(target: "mt", t2 = t, i; "tick");
                }
            });
        }
    });
    let lines = take(&json);
    assert_eq!(lines.len(), 800);
    for line in &lines {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["t"], v["t2"], "{line}");
    }
    println!("test threads_keep_their_own_values ... ok");
    println!("test result: ok. 6 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}
