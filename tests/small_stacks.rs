//! A log call fits in a small thread stack, in unoptimised builds too.
//!
//! The hot path forces inlining only where the build is optimised
//! (`#[cfg_attr(not(debug_assertions), inline(always))]`): an unoptimised
//! build keeps every inlined function's locals apart, and with forced
//! inlining one `info!` needed more than 56 KiB of stack there (the JSON
//! head alone about 35 KiB), so a thread spawned with a 64 KiB stack could
//! overflow in a debug build. Here every front end and format logs, with
//! fields, a long value and an error, from threads of 32 KiB; an overflow
//! aborts this test binary, which fails the test run.

use spoolog::sink::Capture;
use spoolog::{Field, Format, Level, Logger};

const STACK: usize = 32 * 1024;

/// Run `f` on a new thread with a [`STACK`]-byte stack, and wait for it.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(f)
        .expect("thread")
        .join()
        .expect("the logging thread finished");
}

#[derive(Debug)]
struct Failure;

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("disk \"full\"\n")
    }
}

impl std::error::Error for Failure {}

/// Every front end once into `log`, twice over (the first call of a call
/// site fills its head cache; the second takes the cached path).
fn every_front_end(log: &Logger, long: &str) {
    for round in 0..2u64 {
        let (method, status, hit) = ("GET", 200 + round, true);
        spoolog::info!(logger: log, target: "app::server", method, path = long, status,
            latency_us = 1234.5, cache_hit = hit; "request handled");
        spoolog::error!(logger: log, err:err = Failure; "failed {round}");
        log.log(
            Level::Warn,
            "app::db",
            format_args!("slow query {round}"),
            &[Field::new("rows", &7u32), Field::new("sql", long)],
        );
        let kvs: [(&str, log::kv::Value); 2] = [
            ("status", log::kv::Value::from(404u16)),
            ("path", log::kv::Value::from(long)),
        ];
        log::Log::log(
            log,
            &log::Record::builder()
                .level(log::Level::Info)
                .target("lib::client")
                .args(format_args!("through the facade {round}"))
                .key_values(&kvs)
                .build(),
        );
    }
}

#[test]
fn a_log_call_fits_in_a_32_kib_stack_in_every_format() {
    let long = "w".repeat(31 * 1024);
    for format in [Format::Json, Format::Logfmt, Format::Text] {
        let cap = Capture::new();
        let log = Logger::builder().format(format).sink(cap.clone()).build();
        let long = long.clone();
        on_small_stack(move || every_front_end(&log, &long));
        let lines = cap.lines();
        // Eight calls, eight lines, each with its fields: the calls ran
        // the whole encoder, not a short cut.
        assert_eq!(lines.len(), 8, "{format:?}: {lines:?}");
        assert_eq!(
            lines
                .iter()
                .filter(|l| l.contains(&"w".repeat(31 * 1024)))
                .count(),
            6,
            "{format:?}"
        );
        assert!(lines.iter().any(|l| l.contains("disk")), "{format:?}");
    }
}

#[test]
fn a_log_call_fits_in_a_32_kib_stack_behind_the_non_blocking_writer() {
    let cap = Capture::new();
    let (sink, guard) = spoolog::sink::NonBlocking::new(cap.clone()).expect("writer");
    let log = Logger::builder().format(Format::Json).sink(sink).build();
    let long = "w".repeat(31 * 1024);
    let writer = log.clone();
    on_small_stack(move || every_front_end(&writer, &long));
    log.flush().expect("flush");
    drop(guard);
    assert_eq!(cap.lines().len(), 8);
}

/// W6's shape through the `tracing` layer: an event with fields inside two
/// spans, in every format.
#[cfg(feature = "tracing")]
#[test]
fn a_tracing_event_in_spans_fits_in_a_32_kib_stack() {
    use tracing_subscriber::layer::SubscriberExt;
    for format in [Format::Json, Format::Logfmt, Format::Text] {
        let cap = Capture::new();
        let log = Logger::builder().format(format).sink(cap.clone()).build();
        on_small_stack(move || {
            let layer = spoolog::tracing::SpoologLayer::new(log);
            let subscriber = tracing_subscriber::registry().with(layer);
            tracing::subscriber::with_default(subscriber, || {
                let outer = tracing::info_span!("request", method = "GET", id = 42u64);
                let _o = outer.enter();
                let inner = tracing::info_span!("db", table = "users");
                let _i = inner.enter();
                for _ in 0..2 {
                    tracing::info!(rows = 7u64, cache_hit = true, "query done");
                }
            });
        });
        let lines = cap.lines();
        assert_eq!(lines.len(), 2, "{format:?}: {lines:?}");
        assert!(
            lines.iter().all(|l| l.contains("users")),
            "{format:?}: {lines:?}"
        );
    }
}
