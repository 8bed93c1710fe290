//! The `tracing` layer: events and span fields in every format, both span
//! layouts, nesting, recorded fields, panics, threads, filters, tracing-log
//! and composition with other layers.

use serde_json::Value as Json;
use spoolog::filter::Filter;
use spoolog::logger::Sampling;
use spoolog::sink::Capture;
use spoolog::time::{Clock, UnixTime};
use spoolog::tracing::{SpanEvents, SpanLayout, SpoologLayer};
use spoolog::{Field, Format, LevelFilter, Logger};
use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use tracing_subscriber::filter::{EnvFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::{Layer, Registry};

#[path = "common/fmt_buf.rs"]
mod fmt_buf;
use fmt_buf::Buf;

fn logger(format: Format) -> (Logger, Capture) {
    let cap = Capture::new();
    let log = Logger::builder()
        .format(format)
        .level(LevelFilter::Trace)
        .no_time()
        .on_error(|_: &spoolog::sink::SinkError| {})
        .sink(cap.clone())
        .build();
    (log, cap)
}

/// Run `f` with a registry and `layer` as this thread's dispatcher.
fn with(layer: SpoologLayer, f: impl FnOnce()) {
    tracing::subscriber::with_default(Registry::default().with(layer), f);
}

/// W6's event inside W6's two spans.
fn w6() {
    let request = tracing::info_span!("request", request_id = 42u64, peer = "10.0.0.7:51234");
    let _r = request.enter();
    let handler = tracing::info_span!("handler", route = "/api/v1/users/:id");
    let _h = handler.enter();
    let (method, path, status, latency_us, cache_hit) =
        ("GET", "/api/v1/users/42", 200u64, 1234u64, true);
    tracing::info!(target: "app::server", method, path, status, latency_us, cache_hit, "request handled");
}

fn parse(line: &str) -> serde_json::Map<String, Json> {
    match serde_json::from_str::<Json>(line) {
        Ok(Json::Object(o)) => o,
        _ => panic!("not a JSON object: {line}"),
    }
}

#[test]
fn w6_json_flattened_is_the_workload_line() {
    let (log, cap) = logger(Format::Json);
    with(SpoologLayer::new(log), w6);
    assert_eq!(
        cap.lines(),
        [concat!(
            r#"{"level":"INFO","target":"app::server","msg":"request handled","#,
            r#""request_id":42,"peer":"10.0.0.7:51234","route":"/api/v1/users/:id","#,
            r#""method":"GET","path":"/api/v1/users/42","status":200,"latency_us":1234,"cache_hit":true}"#
        )]
    );
}

/// The layer skips the span lookup while no span of its own is open: an
/// event outside spans, after all spans closed, and in a span opened
/// afterwards (here or on another thread) must each get exactly its spans.
#[test]
fn span_context_after_spans_close_and_reopen() {
    let (log, cap) = logger(Format::Json);
    with(SpoologLayer::new(log), || {
        tracing::info!(n = 0u64, "before any span");
        {
            let a = tracing::info_span!("a", x = 1u64);
            let _a = a.enter();
            tracing::info!(n = 1u64, "in a");
        }
        tracing::info!(n = 2u64, "after a closed");
        let b = tracing::info_span!("b", y = 2u64);
        let _b = b.enter();
        tracing::info!(n = 3u64, "in b");
        let d = tracing::dispatcher::get_default(|d| d.clone());
        let c = tracing::info_span!("c", z = 3u64);
        std::thread::spawn(move || {
            tracing::dispatcher::with_default(&d, || {
                let _c = c.enter();
                tracing::info!(n = 4u64, "in c, on another thread");
            })
        })
        .join()
        .unwrap();
        tracing::info!(n = 5u64, "in b again");
    });
    let lines: Vec<_> = cap.lines().iter().map(|l| parse(l)).collect();
    let keys = |o: &serde_json::Map<String, Json>| {
        ["x", "y", "z"]
            .into_iter()
            .filter(|k| o.contains_key(*k))
            .collect::<Vec<_>>()
    };
    let got: Vec<_> = lines
        .iter()
        .map(|o| (o["n"].as_u64().unwrap(), keys(o)))
        .collect();
    assert_eq!(
        got,
        [
            (0, vec![]),
            (1, vec!["x"]),
            (2, vec![]),
            (3, vec!["y"]),
            (4, vec!["y", "z"]), // c's parent is b, entered when c was made
            (5, vec!["y"]),
        ]
    );
}

#[test]
fn span_fields_in_logfmt_and_text() {
    let (log, cap) = logger(Format::Logfmt);
    with(SpoologLayer::new(log), w6);
    assert_eq!(
        cap.lines(),
        ["level=info target=app::server msg=\"request handled\" request_id=42 peer=10.0.0.7:51234 \
          route=/api/v1/users/:id method=GET path=/api/v1/users/42 status=200 latency_us=1234 cache_hit=true"]
    );
    let (log, cap) = logger(Format::Text);
    with(SpoologLayer::new(log), w6);
    assert_eq!(
        cap.lines(),
        ["INFO app::server: request handled request_id=42 peer=10.0.0.7:51234 \
          route=/api/v1/users/:id method=GET path=/api/v1/users/42 status=200 latency_us=1234 cache_hit=true"]
    );
}

#[test]
fn nested_layout_lists_spans_outermost_first() {
    let (log, cap) = logger(Format::Json);
    with(SpoologLayer::new(log).span_layout(SpanLayout::Nested), w6);
    assert_eq!(
        cap.lines(),
        [concat!(
            r#"{"level":"INFO","target":"app::server","msg":"request handled","#,
            r#""spans":[{"name":"request","request_id":42,"peer":"10.0.0.7:51234"},"#,
            r#"{"name":"handler","route":"/api/v1/users/:id"}],"#,
            r#""method":"GET","path":"/api/v1/users/42","status":200,"latency_us":1234,"cache_hit":true}"#
        )]
    );
    // Outside any span there is no list; logfmt lines stay flat.
    let (text, tcap) = logger(Format::Logfmt);
    with(
        SpoologLayer::new(text).span_layout(SpanLayout::Nested),
        || {
            tracing::info!(target: "t", n = 1, "out");
            let s = tracing::info_span!("s", name = "x\"y", k = 2);
            let _g = s.enter();
            tracing::info!(target: "t", "in");
        },
    );
    assert_eq!(
        tcap.lines(),
        [
            "level=info target=t msg=out n=1",
            "level=info target=t msg=in name=\"x\\\"y\" k=2"
        ]
    );
}

#[test]
fn nested_span_field_called_name_and_escaping() {
    let (log, cap) = logger(Format::Json);
    with(
        SpoologLayer::new(log).span_layout(SpanLayout::Nested),
        || {
            let s = tracing::info_span!("q\"\n", name = "x\"y");
            let _g = s.enter();
            tracing::info!(target: "t", "in");
        },
    );
    let lines = cap.lines();
    assert_eq!(
        lines,
        [r#"{"level":"INFO","target":"t","msg":"in","spans":[{"name":"q\"\n","_name":"x\"y"}]}"#]
    );
    let o = parse(&lines[0]);
    assert_eq!(o["spans"][0]["name"], "q\"\n");
}

#[test]
fn three_deep_and_siblings() {
    let (log, cap) = logger(Format::Logfmt);
    with(SpoologLayer::new(log), || {
        let a = tracing::info_span!("a", a = 1);
        let _a = a.enter();
        {
            let b = tracing::info_span!("b", b = 2);
            let _b = b.enter();
            let c = tracing::info_span!("c", c = 3);
            let _c = c.enter();
            tracing::info!(target: "t", "deep");
        }
        let d = tracing::info_span!("d", d = 4);
        let _d = d.enter();
        tracing::info!(target: "t", "sibling");
        // An explicit parent that is not entered.
        let e = tracing::info_span!(parent: None, "e", e = 5);
        tracing::info!(target: "t", parent: &e, "explicit");
    });
    assert_eq!(
        cap.lines(),
        [
            "level=info target=t msg=deep a=1 b=2 c=3",
            "level=info target=t msg=sibling a=1 d=4",
            "level=info target=t msg=explicit e=5",
        ]
    );
}

#[test]
fn fields_recorded_after_creation() {
    for layout in [SpanLayout::Flattened, SpanLayout::Nested] {
        let (log, cap) = logger(Format::Json);
        with(SpoologLayer::new(log).span_layout(layout), || {
            let s = tracing::info_span!("req", id = 7, user = tracing::field::Empty);
            let _g = s.enter();
            tracing::info!(target: "t", "before");
            s.record("user", "ana");
            tracing::info!(target: "t", "after");
        });
        let lines = cap.lines();
        let get = |i: usize, k: &str| {
            let o = parse(&lines[i]);
            match layout {
                SpanLayout::Nested => o["spans"][0].get(k).cloned(),
                _ => o.get(k).cloned(),
            }
        };
        assert_eq!(get(0, "id"), Some(Json::from(7)), "{layout:?}");
        assert_eq!(get(0, "user"), None, "{layout:?}");
        assert_eq!(get(1, "user"), Some(Json::from("ana")), "{layout:?}");
        assert_eq!(get(1, "id"), Some(Json::from(7)), "{layout:?}");
    }
}

#[path = "common/errors.rs"]
mod errors;
use errors::{Inner, Outer};

#[test]
fn field_types_are_kept() {
    let (log, cap) = logger(Format::Json);
    with(SpoologLayer::new(log), || {
        let err = Outer(Inner);
        let s = tracing::info_span!("s", big = u128::MAX, neg = -5i64);
        let _g = s.enter();
        tracing::info!(
            target: "t",
            i = -3i32, u = 7u8, f = 1.5f64, b = false, s = "str", w = i128::MIN,
            d = %"disp", g = ?vec![1, 2], e = &err as &(dyn std::error::Error + 'static),
        );
    });
    let lines = cap.lines();
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].contains(r#""big":340282366920938463463374607431768211455"#),
        "{}",
        lines[0]
    );
    let o = parse(&lines[0]);
    assert_eq!(o["msg"], "");
    assert_eq!(o["neg"], -5);
    assert_eq!(o["i"], -3);
    assert_eq!(o["u"], 7);
    assert_eq!(o["f"], 1.5);
    assert_eq!(o["b"], false);
    assert_eq!(o["s"], "str");
    assert_eq!(o["d"], "disp");
    assert_eq!(o["g"], "[1, 2]");
    assert_eq!(o["e"], "read config: file not found");
    assert!(lines[0].contains(r#""w":-170141183460469231731687303715884105728"#));
}

#[test]
fn message_forms_and_escaping() {
    let (log, cap) = logger(Format::Json);
    with(SpoologLayer::new(log), || {
        tracing::info!(target: "t", "a {} \"q\"\n", 1);
        tracing::info!(target: "t", message = "as a field");
        tracing::info!(target: "t", message = ?("dbg"));
        tracing::info!(target: "t", k = 1);
    });
    assert_eq!(
        cap.lines(),
        [
            r#"{"level":"INFO","target":"t","msg":"a 1 \"q\"\n"}"#,
            r#"{"level":"INFO","target":"t","msg":"as a field"}"#,
            r#"{"level":"INFO","target":"t","msg":"\"dbg\""}"#,
            r#"{"level":"INFO","target":"t","msg":"","k":1}"#,
        ]
    );
}

#[test]
fn a_message_after_other_fields_and_the_span_name() {
    for format in [Format::Json, Format::Logfmt, Format::Text] {
        let (log, cap) = logger(format);
        with(SpoologLayer::new(log).span_name(true), || {
            let s = tracing::info_span!("req", id = 3);
            let _g = s.enter();
            tracing::event!(target: "t", tracing::Level::INFO, a = 1, message = "late", b = 2);
            tracing::info!(target: "t", a = 1, b = 2, "first");
            tracing::info!(target: "t", a = 1);
        });
        let want: [&str; 3] = match format {
            Format::Json => [
                r#"{"level":"INFO","target":"t","msg":"late","id":3,"span":"req","a":1,"b":2}"#,
                r#"{"level":"INFO","target":"t","msg":"first","id":3,"span":"req","a":1,"b":2}"#,
                r#"{"level":"INFO","target":"t","msg":"","id":3,"span":"req","a":1}"#,
            ],
            Format::Logfmt => [
                "level=info target=t msg=late id=3 span=req a=1 b=2",
                "level=info target=t msg=first id=3 span=req a=1 b=2",
                "level=info target=t msg= id=3 span=req a=1",
            ],
            _ => [
                "INFO t: late id=3 span=req a=1 b=2",
                "INFO t: first id=3 span=req a=1 b=2",
                "INFO t:  id=3 span=req a=1",
            ],
        };
        assert_eq!(cap.lines(), want, "{format}");
    }
}

#[test]
fn levels_map_and_logger_context_comes_first() {
    let (log, cap) = logger(Format::Logfmt);
    let log = log.with(&[Field::new("svc", "api")]);
    with(SpoologLayer::new(log), || {
        let s = tracing::info_span!("s", k = 1);
        let _g = s.enter();
        tracing::error!(target: "t", "e");
        tracing::warn!(target: "t", "w");
        tracing::debug!(target: "t", "d");
        tracing::trace!(target: "t", "r");
    });
    assert_eq!(
        cap.lines(),
        [
            "level=error target=t msg=e svc=api k=1",
            "level=warn target=t msg=w svc=api k=1",
            "level=debug target=t msg=d svc=api k=1",
            "level=trace target=t msg=r svc=api k=1",
        ]
    );
}

struct Panics;
impl fmt::Display for Panics {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        panic!("display panicked")
    }
}

fn quiet<R>(f: impl FnOnce() -> R) -> R {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let r = f();
    std::panic::set_hook(hook);
    r
}

#[test]
fn panicking_display_in_a_span_field_is_contained() {
    let (log, cap) = logger(Format::Json);
    let counter = log.clone();
    quiet(|| {
        with(SpoologLayer::new(log), || {
            let s = tracing::info_span!("s", bad = %Panics, good = 1);
            let _g = s.enter();
            tracing::info!(target: "t", "in");
        })
    });
    assert_eq!(
        cap.lines(),
        [r#"{"level":"INFO","target":"t","msg":"in","bad":"<formatting panicked>","good":1}"#]
    );
    assert_eq!(counter.errors(), 1);
}

#[test]
fn panicking_display_in_an_event_field_is_contained() {
    let (log, cap) = logger(Format::Json);
    let counter = log.clone();
    quiet(|| {
        with(SpoologLayer::new(log), || {
            tracing::info!(target: "t", bad = %Panics, "x");
            tracing::info!(target: "t", "next");
        })
    });
    assert_eq!(
        cap.lines(),
        [
            r#"{"level":"INFO","target":"t","msg":"log record formatting panicked"}"#,
            r#"{"level":"INFO","target":"t","msg":"next"}"#,
        ]
    );
    assert_eq!(counter.errors(), 1);
}

#[test]
fn spans_on_many_threads() {
    let (log, cap) = logger(Format::Json);
    let dispatch = tracing::Dispatch::new(Registry::default().with(SpoologLayer::new(log)));
    let shared =
        tracing::dispatcher::with_default(&dispatch, || tracing::info_span!("shared", app = "x"));
    std::thread::scope(|s| {
        for t in 0..4u64 {
            let (dispatch, shared) = (&dispatch, shared.clone());
            s.spawn(move || {
                tracing::dispatcher::with_default(dispatch, || {
                    let _s = shared.enter();
                    let span = tracing::info_span!("worker", thread = t);
                    let _g = span.enter();
                    for i in 0..200u64 {
                        let inner = tracing::info_span!("item", i);
                        let _i = inner.enter();
                        tracing::info!(target: "t", me = t, i, "tick");
                    }
                })
            });
        }
    });
    let lines = cap.lines();
    assert_eq!(lines.len(), 800);
    for line in &lines {
        let o = parse(line);
        assert_eq!(o["thread"], o["me"], "{line}");
        assert_eq!(o["app"], "x", "{line}");
        assert_eq!(line.matches("\"i\":").count(), 2, "{line}");
    }
}

#[test]
fn span_events_and_close_times() {
    let (log, cap) = logger(Format::Json);
    with(SpoologLayer::new(log).span_events(SpanEvents::FULL), || {
        let s = tracing::info_span!("work", job = 3);
        s.in_scope(|| tracing::info!(target: "t", "inside"));
    });
    let lines = cap.lines();
    let msgs: Vec<String> = lines
        .iter()
        .map(|l| parse(l)["msg"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(msgs, ["new", "enter", "inside", "exit", "close"]);
    for line in &lines {
        assert_eq!(parse(line)["job"], 3, "{line}");
    }
    let close = parse(&lines[4]);
    assert!(
        close["busy_ns"].is_u64() && close["idle_ns"].is_u64(),
        "{}",
        lines[4]
    );
    assert!(!parse(&lines[3]).contains_key("busy_ns"));

    // Off by default.
    let (log, cap) = logger(Format::Json);
    with(SpoologLayer::new(log), || {
        tracing::info_span!("work").in_scope(|| {});
    });
    assert!(cap.is_empty());
}

#[test]
fn span_name_field_in_flattened_layout() {
    let (log, cap) = logger(Format::Logfmt);
    with(SpoologLayer::new(log).span_name(true), || {
        tracing::info!(target: "t", "none");
        let a = tracing::info_span!("outer", k = 1);
        let _a = a.enter();
        let b = tracing::info_span!("inner");
        let _b = b.enter();
        tracing::info!(target: "t", "in");
    });
    assert_eq!(
        cap.lines(),
        [
            "level=info target=t msg=none",
            "level=info target=t msg=in k=1 span=inner"
        ]
    );
}

fn fmt_layer<S>(buf: &Buf) -> impl Layer<S> + use<S>
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    tracing_subscriber::fmt::layer()
        .with_writer(buf.clone())
        .with_ansi(false)
        .without_time()
}

#[test]
fn env_filter_as_a_global_filter() {
    let (log, cap) = logger(Format::Logfmt);
    let subscriber = Registry::default()
        .with(EnvFilter::new("info,noisy=warn"))
        .with(SpoologLayer::new(log));
    tracing::subscriber::with_default(subscriber, || {
        tracing::info!(target: "app", "kept");
        tracing::debug!(target: "app", "dropped");
        tracing::info!(target: "noisy::x", "dropped");
        tracing::warn!(target: "noisy::x", "kept too");
    });
    assert_eq!(
        cap.lines(),
        [
            "level=info target=app msg=kept",
            "level=warn target=noisy::x msg=\"kept too\""
        ]
    );
}

#[test]
fn per_layer_targets_filter_beside_a_fmt_layer() {
    let (log, cap) = logger(Format::Logfmt);
    let buf = Buf::default();
    let spool = SpoologLayer::new(log)
        .with_filter(Targets::new().with_target("app", tracing::Level::DEBUG));
    let subscriber = Registry::default().with(spool).with(fmt_layer(&buf));
    tracing::subscriber::with_default(subscriber, || {
        // A span the filter hides from spoolog, around one it lets through.
        let outer = tracing::info_span!("outer", hidden = 1);
        let _o = outer.enter();
        let s = tracing::info_span!(target: "app", "req", id = 9);
        let _g = s.enter();
        tracing::debug!(target: "app::db", "query");
        tracing::info!(target: "other", "elsewhere");
    });
    assert_eq!(cap.lines(), ["level=debug target=app::db msg=query id=9"]);
    // The fmt layer has its own filter (none: everything) and its own writer.
    let text = buf.text();
    assert!(
        text.contains("outer{hidden=1}:req{id=9}: app::db: query"),
        "{text}"
    );
    assert!(text.contains("other: elsewhere"), "{text}");
}

#[test]
fn spoolog_directives_filter_only_spoolog_lines() {
    let cap = Capture::new();
    let log = Logger::builder()
        .format(Format::Logfmt)
        .filter(Filter::parse("info,db=warn").unwrap())
        .no_time()
        .sink(cap.clone())
        .build();
    let layer = SpoologLayer::new(log);
    assert_eq!(
        Layer::<Registry>::max_level_hint(&layer),
        Some(tracing::level_filters::LevelFilter::INFO)
    );
    let buf = Buf::default();
    let subscriber = Registry::default().with(layer).with(fmt_layer(&buf));
    tracing::subscriber::with_default(subscriber, || {
        tracing::info!(target: "db::pool", "busy");
        tracing::warn!(target: "db::pool", "full");
        tracing::info!(target: "app", "ok");
    });
    assert_eq!(
        cap.lines(),
        [
            "level=warn target=db::pool msg=full",
            "level=info target=app msg=ok"
        ]
    );
    // The other layer still saw the line spoolog's directives dropped.
    assert!(buf.text().contains("db::pool: busy"), "{}", buf.text());
}

#[test]
fn log_records_through_tracing_log() {
    tracing_log::LogTracer::init().unwrap();
    let (log, cap) = logger(Format::Json);
    with(SpoologLayer::new(log), || {
        let s = tracing::info_span!("req", id = 1);
        let _g = s.enter();
        log::info!(target: "legacy::db", rows = 3; "from log {}", 7);
    });
    // tracing-log 0.2 alone drops the key-values (`rows`) before any
    // layer; tests/tracing_log_bridge.rs keeps them with `LogBridge`.
    assert_eq!(
        cap.lines(),
        [r#"{"level":"INFO","target":"legacy::db","msg":"from log 7","id":1}"#]
    );
}

/// A clock the test moves.
#[derive(Clone, Default)]
struct Manual(Arc<AtomicI64>);
impl Clock for Manual {
    fn now(&self) -> UnixTime {
        UnixTime {
            secs: self.0.load(Ordering::Relaxed),
            nanos: 0,
        }
    }
}

#[test]
fn sampling_through_the_layer() {
    let cap = Capture::new();
    let clock = Manual::default();
    clock.0.store(100, Ordering::Relaxed);
    let log = Logger::builder()
        .format(Format::Logfmt)
        .no_time()
        .clock(clock.clone())
        .sample(Sampling::new(2, 3))
        .sink(cap.clone())
        .build();
    let counter = log.clone();
    with(SpoologLayer::new(log), || {
        let tick = |i: u32| tracing::info!(target: "t", i, "tick");
        for i in 1..=9 {
            tick(i);
        }
        tracing::info!(target: "t", "other site");
        clock.0.store(101, Ordering::Relaxed);
        tick(10);
    });
    assert_eq!(
        cap.lines(),
        [
            "level=info target=t msg=tick i=1",
            "level=info target=t msg=tick i=2",
            "level=info target=t msg=tick i=5",
            "level=info target=t msg=tick i=8",
            "level=info target=t msg=\"other site\"",
            "level=warn target=spoolog msg=\"lines sampled out\" sampled_out=5",
            "level=info target=t msg=tick i=10",
        ]
    );
    assert_eq!(counter.sampled_out(), 5);
}

#[test]
fn two_spoolog_layers_in_one_registry_keep_their_own_span_bytes() {
    let (flat, fcap) = logger(Format::Logfmt);
    let (nested, ncap) = logger(Format::Json);
    let subscriber = Registry::default()
        .with(SpoologLayer::new(flat))
        .with(SpoologLayer::new(nested).span_layout(SpanLayout::Nested));
    tracing::subscriber::with_default(subscriber, || {
        let s = tracing::info_span!("req", id = 1);
        let _g = s.enter();
        s.record("id", 2);
        tracing::info!(target: "t", "x");
    });
    assert_eq!(fcap.lines(), ["level=info target=t msg=x id=1 id=2"]);
    assert_eq!(
        ncap.lines(),
        [r#"{"level":"INFO","target":"t","msg":"x","spans":[{"name":"req","id":1,"id":2}]}"#]
    );
}

/// A layer that keeps its own data in span extensions and reads it per
/// event, as tracing-opentelemetry's layer does with its `OtelData`.
struct OtelLike(Arc<Mutex<Vec<String>>>);
struct TraceId(u64);
impl<S> Layer<S> for OtelLike
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    fn on_new_span(
        &self,
        _: &tracing::span::Attributes<'_>,
        id: &tracing::span::Id,
        ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let span = ctx.span(id).unwrap();
        span.extensions_mut().insert(TraceId(id.into_u64() * 1000));
    }
    fn on_event(&self, _: &tracing::Event<'_>, ctx: tracing_subscriber::layer::Context<'_, S>) {
        let ids = ctx
            .lookup_current()
            .and_then(|s| s.extensions().get::<TraceId>().map(|t| t.0));
        self.0.lock().unwrap().push(format!("{ids:?}"));
    }
}

#[test]
fn beside_a_layer_that_keeps_its_own_span_extensions() {
    let (log, cap) = logger(Format::Logfmt);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let subscriber = Registry::default()
        .with(OtelLike(seen.clone()))
        .with(SpoologLayer::new(log));
    tracing::subscriber::with_default(subscriber, || {
        let s = tracing::info_span!("req", id = 5);
        let _g = s.enter();
        tracing::info!(target: "t", "x");
    });
    assert_eq!(cap.lines(), ["level=info target=t msg=x id=5"]);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    assert!(seen[0].starts_with("Some("), "{seen:?}");
}

#[test]
fn plain_reserved_and_dotted_keys_in_every_format() {
    for format in [Format::Json, Format::Logfmt, Format::Text] {
        let (log, cap) = logger(format);
        with(SpoologLayer::new(log), || {
            for _ in 0..2 {
                // The second event copies the call site's encoded keys.
                tracing::info!(target: "t", plain = 1, msg = 2, "http.method" = "GET", r#type = 3, "x");
            }
        });
        let lines = cap.lines();
        assert_eq!(lines[0], lines[1], "{format}");
        let want = match format {
            Format::Json => {
                r#"{"level":"INFO","target":"t","msg":"x","plain":1,"_msg":2,"http.method":"GET","type":3}"#
            }
            Format::Logfmt => "level=info target=t msg=x plain=1 _msg=2 http.method=GET type=3",
            _ => "INFO t: x plain=1 _msg=2 http.method=GET type=3",
        };
        assert_eq!(lines[0], want, "{format}");
    }
}
