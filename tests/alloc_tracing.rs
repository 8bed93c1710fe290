//! Zero heap allocations per `tracing` event through the spoolog layer, in
//! steady state, inside three nested spans, for every built-in field type,
//! both span layouts and every format; and the check catches an allocating
//! field. Runs without the test harness so that no other thread allocates
//! while dhat counts.
#[global_allocator]
static ALLOC: spoolog::testing::Alloc = spoolog::testing::Alloc;

mod common;

use common::{Inner, Outer, Peer, CALLS, WARMUP};
use spoolog::logger::Sampling;
use spoolog::tracing::{SpanEvents, SpanLayout, SpoologLayer};
use spoolog::{Format, Logger};
use std::fmt;
use std::hint::black_box;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::Registry;

/// One event with every built-in tracing field type.
fn event(i: u64) {
    let i = black_box(i);
    let err = Outer(Inner);
    let peer = Peer {
        ip: [10, 0, 0, 1],
        port: 443,
    };
    let list = [1u8, 2, 3];
    tracing::info!(
        target: "app::server",
        method = "GET", status = i % 500, neg = -(i as i64), big = i as u128, wide = i as i128,
        ratio = i as f64 / 3.0, cache_hit = i % 2 == 0, peer = %peer, list = ?list,
        err = &err as &(dyn std::error::Error + 'static),
        "request {} handled", i
    );
}

/// `f` inside three nested spans, with `layer` as the dispatcher.
fn in_three_spans(layer: SpoologLayer, f: impl FnOnce()) {
    tracing::subscriber::with_default(Registry::default().with(layer), || {
        let a = tracing::info_span!("request", request_id = 42u64, peer = "10.0.0.7:51234");
        let _a = a.enter();
        let b = tracing::info_span!("handler", route = "/api/v1/users/:id");
        let _b = b.enter();
        let c = tracing::info_span!("db", statement = tracing::field::Empty, attempt = 1u8);
        c.record("statement", "select 1");
        let _c = c.enter();
        f()
    });
}

struct Allocating(u64);
impl fmt::Display for Allocating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format!("value-{}", self.0))
    }
}

fn main() {
    let _profiler = spoolog::testing::start();
    let mut i = 0u64;
    for format in [Format::Json, Format::Logfmt, Format::Text] {
        for layout in [SpanLayout::Flattened, SpanLayout::Nested] {
            let layer = SpoologLayer::new(common::writer_logger(format)).span_layout(layout);
            in_three_spans(layer, || {
                let name = format!("{format} {layout:?}: event in 3 spans");
                spoolog::testing::assert_no_allocs(&name, WARMUP, CALLS, || {
                    i += 1;
                    event(i);
                });
            });
        }
    }
    println!("test events_in_three_spans_allocate_nothing ... ok");

    // Entering and leaving a span around each event, with enter/exit lines
    // and close timing on; and a sampling logger (kept and dropped lines).
    let layer = SpoologLayer::new(common::writer_logger(Format::Json))
        .span_events(SpanEvents::ACTIVE | SpanEvents::CLOSE);
    in_three_spans(layer, || {
        let step = tracing::info_span!("step", n = 1);
        spoolog::testing::assert_no_allocs("enter, event, exit", WARMUP, CALLS, || {
            i += 1;
            let _g = step.enter();
            event(i);
        });
    });
    let sampled = Logger::builder()
        .sink(spoolog::sink::WriterSink::new(std::io::sink()))
        .sample(Sampling::new(10, 7))
        .build();
    let counter = sampled.clone();
    in_three_spans(SpoologLayer::new(sampled), || {
        spoolog::testing::assert_no_allocs("sampled events", WARMUP, CALLS, || {
            i += 1;
            event(i);
        });
    });
    assert!(counter.sampled_out() > 0);
    println!("test enter_exit_and_sampling_allocate_nothing ... ok");

    // `log` records with key-values through the layer's `LogBridge`
    // (tracing-log's `LogTracer` underneath), inside the three spans.
    let layer = SpoologLayer::new(common::writer_logger(Format::Json));
    layer.log_bridge().init().expect("the only log logger here");
    in_three_spans(layer, || {
        spoolog::testing::assert_no_allocs("log record through LogBridge", WARMUP, CALLS, || {
            i += 1;
            log::info!(target: "legacy::db", rows = i, user = "ann", ok = true; "query {} done", i);
        });
    });
    println!("test log_records_through_the_bridge_allocate_nothing ... ok");

    // The check is not vacuous.
    let layer = SpoologLayer::new(common::writer_logger(Format::Json));
    in_three_spans(layer, || {
        let report = spoolog::testing::check_no_allocs("allocating", WARMUP, CALLS, || {
            i += 1;
            tracing::info!(target: "app", v = %Allocating(i), "tick");
        })
        .expect_err("an allocating Display must be caught");
        assert!(report.count.blocks >= CALLS as u64, "{report}");
    });
    println!("test an_allocating_field_is_caught ... ok");
    println!("test result: ok. 4 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}
