//! `tracing` as a front end (cargo feature `tracing`): a
//! `tracing-subscriber` [`Layer`](tracing_subscriber::Layer),
//! [`SpoologLayer`], that writes `tracing` events through a spoolog
//! [`Logger`](crate::Logger) — its format, time, filter, sampling, pool and
//! sink.
//!
//! ```
//! use spoolog::{sink::Capture, tracing::SpoologLayer, Format, Logger};
//! use tracing_subscriber::layer::SubscriberExt;
//!
//! let cap = Capture::new();
//! let log = Logger::builder().format(Format::Logfmt).no_time().sink(cap.clone()).build();
//! let subscriber = tracing_subscriber::registry().with(SpoologLayer::new(log));
//! tracing::subscriber::with_default(subscriber, || {
//!     let request = tracing::info_span!("request", method = "GET");
//!     let _in_request = request.enter();
//!     let handler = tracing::info_span!("handler", route = "/users/:id");
//!     let _in_handler = handler.enter();
//!     tracing::warn!(target: "app", status = 503, retry = true, "upstream {} down", "db");
//! });
//! assert_eq!(
//!     cap.lines(),
//!     [r#"level=warn target=app msg="upstream db down" method=GET route=/users/:id status=503 retry=true"#]
//! );
//! ```
//!
//! # Events
//!
//! One event is one line: time, level, target, message (tracing's
//! `message` field, empty when the event has none), the logger's own
//! context fields ([`Logger::with`](crate::Logger::with)), the fields of the
//! spans around it, then the event's fields. Types are kept: integers (up
//! to 128 bits) and floats are numbers, bools are bools, strings and `%`/`?`
//! values are strings, errors (`field = &err as &dyn Error`) are written with
//! their `source()` chain.
//!
//! # Spans
//!
//! A span's fields are encoded **once**, when the span is created and when
//! `Span::record` adds to it, into bytes kept in the registry's span
//! extensions; each event copies them. A field recorded twice appears twice
//! (the later one last: most JSON readers keep it). Two layouts
//! ([`SpanLayout`]):
//!
//! * flattened (default): `…,"msg":"request handled","request_id":42,"route":"/x","status":200}`,
//!   outermost span first; [`SpoologLayer::span_name`] adds the innermost
//!   span's name as a `span` field;
//! * nested (JSON): `…,"msg":"request handled","spans":[{"name":"request","request_id":42},{"name":"handler","route":"/x"}],"status":200}`.
//!
//! Span life-cycle lines (`new`, `enter`, `exit`, `close` with `busy_ns`
//! and `idle_ns`) are off by default; see [`SpanEvents`].
//!
//! # Allocations
//!
//! An event inside up to 8 nested spans allocates nothing once the
//! logger's buffer pool is warm and its call site has logged once (the
//! first event of a call site encodes its field keys, as the crate's macros
//! do at compile time) (`tests/alloc_tracing.rs` proves it with
//! dhat for three spans); deeper stacks use one vector per event. Creating a
//! span allocates: the registry's slot and extension entry, and the span's
//! encoded bytes (twice in the nested layout); so does recording fields into
//! it. Entering and leaving spans allocates nothing.
//!
//! # Filtering
//!
//! The layer tells tracing the logger's maximum level
//! ([`Layer::max_level_hint`](tracing_subscriber::Layer::max_level_hint)),
//! so an event below it costs what tracing's own disabled check costs (a
//! static level compare and one relaxed load at the call site). Above that,
//! the logger's directives ([`Builder::filter`](crate::Builder::filter)) and
//! sampling decide in the layer, without disabling the event for other
//! layers. `tracing-subscriber`'s filters work as usual: a global
//! `EnvFilter` or `Targets` layer, or a per-layer filter
//! (`SpoologLayer::new(log).with_filter(Targets::new()…)`). After
//! [`Logger::set_level`](crate::Logger::set_level), call
//! `tracing_core::callsite::rebuild_interest_cache()` so tracing sees it.
//!
//! # `log` records
//!
//! Records that reach tracing through `tracing_log::LogTracer` are written
//! with their own target (`log.target`), and tracing-log's `log.*` fields
//! are left out. tracing-log (0.2) drops `log`'s key-values before any
//! layer sees them (tokio-rs/tracing#3355). [`LogBridge`]
//! ([`SpoologLayer::log_bridge`]) is a `log` logger to install instead of
//! `LogTracer`: it hands each record to a `LogTracer` all the same (spans,
//! filters and other layers see the event as before), and its layer writes
//! the record's key-values after the span fields.
//!
//! # Failures
//!
//! A field whose `Display`/`Debug` panics is contained: in an event, the
//! line is replaced by `log record formatting panicked` (as for the crate's
//! macros); in a span, that field's value becomes `<formatting panicked>`.
//! Both are counted in [`Logger::errors`](crate::Logger::errors). A value
//! whose formatting emits another event is fine: the inner line is written
//! first, with its own buffer.

mod bridge;
mod emit;
mod keys;
mod layer;
mod options;
mod span;
mod visit;

pub use bridge::LogBridge;
pub use layer::SpoologLayer;
pub use options::{SpanEvents, SpanLayout};
