//! Zero allocations per call with several outputs in two formats, context
//! bytes per format, every record detail on, directives with per-call-site
//! and per-thread caches, and a reconfiguration in between (issue 8).
#[global_allocator]
static ALLOC: spoolog::testing::Alloc = spoolog::testing::Alloc;

use spoolog::logger::Output;
use spoolog::sink::{Capture, WriterSink};
use spoolog::{Field, Format, LevelFilter, Logger, TimeLayout};
use std::hint::black_box;

fn main() {
    let _profiler = spoolog::testing::start();
    let text = Capture::with_capacity(4 << 20);
    let log = Logger::builder()
        .time(TimeLayout::rfc3339(6))
        .level(LevelFilter::Debug)
        .parse_filters("info,app::db=debug")
        .source_location(true)
        .module_path(true)
        .thread_name(true)
        .thread_id(true)
        .output(
            Output::new(text.clone())
                .format(Format::Text)
                .level(LevelFilter::Info),
        )
        .output(Output::new(WriterSink::new(std::io::sink())).format(Format::Json))
        .output(Output::new(WriterSink::new(std::io::sink())).format(Format::Json))
        .build();
    let child = log.with(&[Field::new("request_id", "r-17")]);
    let mut i = 0u64;
    let mut call = |log: &Logger| {
        i += 1;
        let i = black_box(i);
        spoolog::info!(logger: log, target: "app::server", method = "GET", status = 200, i; "handled");
        spoolog::debug!(logger: log, target: "app::db", rows = i; "query");
        spoolog::debug!(logger: log, target: "app::http", "filtered by target");
    };
    spoolog::testing::assert_no_allocs(
        "three outputs, two formats, details, directives",
        100,
        5_000,
        || call(&child),
    );
    log.set_directives("info,app::http=debug").unwrap();
    spoolog::testing::assert_no_allocs(
        "after a reconfiguration (caches refilled)",
        100,
        5_000,
        || call(&child),
    );

    // The facade: static targets use the per-thread cache.
    let global = Logger::builder()
        .format(Format::Json)
        .parse_filters("info,alloc_outputs::db=debug")
        .sink(WriterSink::new(std::io::sink()))
        .build();
    spoolog::__private::install(global).unwrap();
    spoolog::testing::assert_no_allocs("log facade with directives", 100, 5_000, || {
        log::info!(n = 1; "through log");
        log::debug!("filtered for this target");
    });
    println!("test outputs_details_directives_allocate_nothing ... ok");
    println!("test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}
