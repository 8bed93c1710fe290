//! Re-entrancy through the `tracing` layer: values whose formatting emits
//! another event (in an event field, a span field, a field recorded into
//! the entered span), through tracing and through spoolog's own macros, and
//! a sink that emits an event.
//!
//! tracing drops events emitted while it is already dispatching on a thread
//! when any scoped dispatcher exists in the process, so this binary uses
//! only the global dispatcher (as services do) and runs without the test
//! harness.

use spoolog::sink::{Capture, Sink};
use spoolog::tracing::{SpanLayout, SpoologLayer};
use spoolog::{Format, Level, LevelFilter, Logger};
use std::fmt;
use std::io;
use std::sync::OnceLock;
use tracing_subscriber::layer::SubscriberExt;

static LOG: OnceLock<Logger> = OnceLock::new();

/// Emits a tracing event (and a spoolog line) while being displayed.
struct Chatty(&'static str);
impl fmt::Display for Chatty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        tracing::info!(target: "inner", "from {}", self.0);
        if let Some(log) = LOG.get() {
            // Logger::log rather than the macro: not compiled out by the
            // max_level_* features.
            log.log(
                Level::Info,
                "macro",
                format_args!("macro from {}", self.0),
                &[],
            );
        }
        f.write_str(self.0)
    }
}

/// A sink that emits a tracing event for every line it writes.
struct Noisy(Capture);
impl Sink for Noisy {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        if line.starts_with(b"level=info target=outer msg=sink") {
            tracing::info!(target: "sink", "from the sink");
        }
        self.0.write_line(line)
    }
}

fn main() {
    let cap = Capture::new();
    let log = Logger::builder()
        .format(Format::Logfmt)
        .level(LevelFilter::Trace)
        .no_time()
        .on_error(|_: &spoolog::sink::SinkError| {})
        .sink(Noisy(cap.clone()))
        .build();
    LOG.set(log.clone()).ok();
    let subscriber = tracing_subscriber::registry()
        .with(SpoologLayer::new(log.clone()).span_layout(SpanLayout::Nested));
    tracing::subscriber::set_global_default(subscriber).unwrap();

    tracing::info!(target: "outer", v = %Chatty("event"), "event field");
    let s = tracing::info_span!("s", v = %Chatty("span"), late = tracing::field::Empty);
    let g = s.enter();
    s.record("late", tracing::field::display(Chatty("record")));
    tracing::info!(target: "outer", "in span");
    drop(g);
    tracing::info!(target: "outer", "sink");

    let lines = cap.lines();
    let want = [
        "level=info target=inner msg=\"from event\"",
        "level=info target=macro msg=\"macro from event\"",
        "level=info target=outer msg=\"event field\" v=event",
        "level=info target=inner msg=\"from span\"",
        "level=info target=macro msg=\"macro from span\"",
        "level=info target=inner msg=\"from record\" v=span",
        "level=info target=macro msg=\"macro from record\"",
        "level=info target=outer msg=\"in span\" v=span late=record",
        "level=info target=outer msg=sink",
    ];
    assert_eq!(lines, want);
    // The sink's own event was refused (it would re-enter the sink), and
    // counted as lost; nothing else failed.
    assert_eq!((log.lost(), log.errors()), (1, 1));
    println!("test reentrant_events_are_written_in_order ... ok");
    println!("test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}
