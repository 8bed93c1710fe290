//! A `tracing` program with nested spans, written through spoolog.
//!
//! ```sh
//! cargo run --example tracing_spans --features tracing
//! RUST_LOG=debug cargo run --example tracing_spans --features tracing
//! ```
//!
//! The same events go out twice, in the two span layouts: flattened JSON
//! on standard output and nested JSON (with span close lines) on standard
//! error. Span fields are encoded once, when a span is created or recorded.

use spoolog::tracing::{SpanEvents, SpanLayout, SpoologLayer};
use spoolog::{sink, Format, Logger};
use tracing::{debug, info, info_span, warn};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::EnvFilter;

fn main() {
    let flat = Logger::builder()
        .format(Format::Json)
        .sink(sink::stdout())
        .build();
    let nested = Logger::builder()
        .format(Format::Json)
        .sink(sink::stderr())
        .build();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let subscriber = tracing_subscriber::registry()
        .with(filter)
        .with(SpoologLayer::new(flat))
        .with(
            SpoologLayer::new(nested)
                .span_layout(SpanLayout::Nested)
                .span_events(SpanEvents::CLOSE),
        );
    tracing::subscriber::set_global_default(subscriber).expect("no other subscriber");

    info!(target: "app", version = env!("CARGO_PKG_VERSION"), "starting");
    for request_id in 1..=2u64 {
        serve(request_id, "10.0.0.7:51234");
    }
    info!(target: "app", "done");
}

fn serve(request_id: u64, peer: &str) {
    let request = info_span!("request", request_id, peer, user = tracing::field::Empty);
    let _in_request = request.enter();
    request.record("user", "ana");
    let handler = info_span!("handler", route = "/api/v1/users/:id");
    let _in_handler = handler.enter();
    debug!(target: "app::server", "looking up user");
    {
        let db = info_span!("db", table = "users");
        let _in_db = db.enter();
        let rows = 1u32;
        info!(target: "app::db", rows, elapsed_us = 87u64, "query done");
    }
    let err = std::io::Error::other("cache node down");
    warn!(target: "app::server", error = &err as &(dyn std::error::Error + 'static), "cache miss");
    info!(target: "app::server", method = "GET", path = "/api/v1/users/42", status = 200, latency_us = 1234, cache_hit = false, "request handled");
}
