//! Several outputs in one logger, each with its own level and format, and
//! the optional record details (issue 8).

use serde_json::Value as Json;
use spoolog::logger::Output;
use spoolog::sink::Capture;
use spoolog::{Field, Format, LevelFilter, Logger, Value};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts how often it is formatted.
struct Counted<'a>(&'a AtomicUsize);
impl fmt::Display for Counted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fetch_add(1, Ordering::SeqCst);
        f.write_str("v")
    }
}

#[test]
fn text_at_info_json_at_debug_encoded_once_per_format() {
    let (text, json, json2) = (Capture::new(), Capture::new(), Capture::new());
    let log = Logger::builder()
        .level(LevelFilter::Debug)
        .no_time()
        .output(
            Output::new(text.clone())
                .format(Format::Text)
                .level(LevelFilter::Info),
        )
        .output(Output::new(json.clone()).format(Format::Json))
        .output(Output::new(json2.clone()).format(Format::Json))
        .build();
    let child = log.with(&[Field::new("req", "r-1")]);
    let n = AtomicUsize::new(0);
    spoolog::info!(logger: &child, target: "app", v:% = Counted(&n); "up");
    assert_eq!(n.load(Ordering::SeqCst), 2, "once for text, once for JSON");
    spoolog::debug!(logger: &child, target: "app", v:% = Counted(&n); "detail");
    assert_eq!(n.load(Ordering::SeqCst), 3, "debug: JSON only");
    assert_eq!(text.lines(), ["INFO app: up req=r-1 v=v"]);
    assert_eq!(json.lines(), json2.lines());
    let lines: Vec<Json> = json
        .lines()
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["level"], "DEBUG");
    assert_eq!(lines[1]["req"], "r-1", "context bytes per format");
    // Flush and errors cover every output.
    log.flush().unwrap();
    assert_eq!(log.errors(), 0);
}

#[test]
fn the_builders_own_sink_is_the_first_output() {
    let (a, b) = (Capture::new(), Capture::new());
    let log = Logger::builder()
        .format(Format::Logfmt)
        .no_time()
        .sink(a.clone())
        .output(Output::new(b.clone()).level(LevelFilter::Warn))
        .build();
    spoolog::info!(logger: &log, target: "t", "one");
    spoolog::warn!(logger: &log, target: "t", "two");
    assert_eq!(a.lines().len(), 2);
    assert_eq!(b.lines(), ["level=warn target=t msg=two"]);
}

#[test]
fn record_details_in_every_format() {
    for format in [Format::Json, Format::Logfmt, Format::Text] {
        let cap = Capture::new();
        let log = Logger::builder()
            .format(format)
            .no_time()
            .source_location(true)
            .module_path(true)
            .thread_name(true)
            .thread_id(true)
            .sink(cap.clone())
            .build();
        let line = line!() + 1;
        spoolog::info!(logger: &log, target: "app", k = 1; "with details");
        log::Log::log(
            &log,
            &log::Record::builder()
                .level(log::Level::Info)
                .target("lib")
                .file(Some("lib.rs"))
                .line(Some(7))
                .module_path(Some("lib::m"))
                .args(format_args!("from log"))
                .build(),
        );
        let lines = cap.lines();
        let me = std::thread::current();
        let name = me.name().unwrap_or("");
        if format == Format::Json {
            let v: Json = serde_json::from_str(&lines[0]).unwrap();
            assert_eq!(v["file"], "tests/outputs.rs");
            assert_eq!(v["line"], line);
            assert_eq!(v["module"], "outputs");
            assert_eq!(v["thread"], name);
            assert!(v["thread_id"].as_u64().unwrap() >= 1);
            assert_eq!(v["k"], 1);
            let w: Json = serde_json::from_str(&lines[1]).unwrap();
            assert_eq!(
                (w["file"].as_str(), w["line"].as_u64()),
                (Some("lib.rs"), Some(7))
            );
            assert_eq!(w["module"], "lib::m");
        } else {
            assert!(
                lines[0].contains(&format!("file=tests/outputs.rs line={line} module=outputs")),
                "{}",
                lines[0]
            );
            assert!(lines[0].contains(" thread_id="));
            assert!(lines[1].contains("file=lib.rs line=7 module=lib::m"));
        }
    }
}

#[test]
fn details_are_off_by_default() {
    let cap = Capture::new();
    let log = Logger::builder()
        .format(Format::Logfmt)
        .no_time()
        .sink(cap.clone())
        .build();
    spoolog::info!(logger: &log, target: "app", "plain");
    assert_eq!(cap.lines(), ["level=info target=app msg=plain"]);
}

/// A logger without time writing each line as text and as JSON, and the
/// two captures.
fn text_and_json() -> (Logger, Capture, Capture) {
    let (text, json) = (Capture::new(), Capture::new());
    let log = Logger::builder()
        .no_time()
        .output(Output::new(text.clone()).format(Format::Text))
        .output(Output::new(json.clone()).format(Format::Json))
        .build();
    (log, text, json)
}

/// The macros evaluate the message's arguments and then each field's value
/// once, in order, however many formats the line is written in; every
/// capture form writes what the slice-based `Logger::log` writes.
#[test]
fn macro_fields_are_evaluated_once_in_order_for_every_format() {
    let (log, text, json) = text_and_json();
    let order = std::cell::RefCell::new(Vec::new());
    let step = |name: &'static str, v: u64| {
        order.borrow_mut().push(name);
        v
    };
    let err = std::io::Error::other("disk \"full\"");
    let name = "a\nb";
    spoolog::info!(logger: &log, target: "app",
        first = step("first", 1), name, dbg:? = (1, "x"), shown:% = step("shown", 7),
        e:err = err, "needs escaping" = step("last", 3);
        "m {}", step("message", 0));
    assert_eq!(*order.borrow(), ["message", "first", "shown", "last"]);
    let lines = json.lines();
    assert_eq!(lines.len(), 1);
    let j: Json = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(j["msg"], "m 0");
    assert_eq!(j["first"], 1);
    assert_eq!(j["name"], "a\nb");
    assert_eq!(j["dbg"], "(1, \"x\")");
    assert_eq!(j["shown"], "7");
    assert_eq!(j["e"], "disk \"full\"");
    assert_eq!(j["needs escaping"], 3);

    // Byte for byte what `Logger::log` writes from a slice of fields.
    let (by_slice, text2, json2) = text_and_json();
    let dbg = (1, "x");
    let seven = 7;
    let v = |key, value| Field {
        key,
        value,
        pre: None,
    };
    by_slice.log(
        spoolog::Level::Info,
        "app",
        format_args!("m 0"),
        &[
            Field::new("first", &1u64),
            Field::new("name", &name),
            v("dbg", Value::Debug(&dbg)),
            v("shown", Value::Display(&seven)),
            v("e", Value::Error(&err)),
            Field::new("needs escaping", &3u64),
        ],
    );
    assert_eq!(json.lines(), json2.lines());
    assert_eq!(text.lines(), text2.lines());
    assert_eq!(text.lines().len(), 1);
}

/// A field's value expression that panics panics in the caller, as any
/// expression of the caller's does: the logger does not swallow it.
#[test]
fn a_panicking_field_expression_is_the_callers_panic() {
    let cap = Capture::new();
    let log = Logger::builder().no_time().sink(cap.clone()).build();
    let boom = || -> u64 { panic!("the caller's own bug") };
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        spoolog::info!(logger: &log, n = boom(); "never");
    }));
    assert!(r.is_err());
    assert!(cap.lines().is_empty());
    assert_eq!(log.errors(), 0);
}
