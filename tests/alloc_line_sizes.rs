//! Every line shorter than the buffer cap (64 KiB by default) costs zero
//! allocations once warm, whatever its size: a sweep from 1 KiB to just under
//! the cap, in every format (issue 7, defect 7: lines of 32-64 KiB used to
//! grow the buffer past the cap and free it on every call).
#[global_allocator]
static ALLOC: spoolog::testing::Alloc = spoolog::testing::Alloc;

use spoolog::sink::WriterSink;
use spoolog::{Format, Logger, TimeLayout};

/// The largest value that keeps the whole line under the cap: the rest of
/// the line (time, level, target, message, key, quotes, newline) is far
/// below 256 bytes.
const OVERHEAD: usize = 256;

fn main() {
    let _profiler = spoolog::testing::start();
    let cap = spoolog::pool::DEFAULT_MAX_BUFFER;
    let big = "v".repeat(cap);
    let mut sizes: Vec<usize> = (1..64).map(|k| k * 1024).collect();
    sizes.extend([32 * 1024 + 1, 48 * 1024 - 7, cap - OVERHEAD]);
    sizes.retain(|&s| s <= cap - OVERHEAD);
    for format in [Format::Json, Format::Logfmt, Format::Text] {
        let log = Logger::builder()
            .format(format)
            .time(TimeLayout::rfc3339(6))
            .sink(WriterSink::new(std::io::sink()))
            .build();
        for &size in &sizes {
            let value = &big[..size];
            spoolog::testing::assert_no_allocs(
                &format!("{format} line with a {size}-byte value"),
                3,
                20,
                || spoolog::info!(logger: &log, target: "app", value; "big"),
            );
        }
    }
    // The sweep is not vacuous: a value that needs a buffer past the cap
    // does allocate every time (the grown buffer is freed, not pooled).
    let log = Logger::builder()
        .format(Format::Json)
        .sink(WriterSink::new(std::io::sink()))
        .build();
    let over = &big[..];
    let report = spoolog::testing::check_no_allocs(
        "over the cap",
        3,
        20,
        || spoolog::info!(logger: &log, over; "too big to keep"),
    )
    .expect_err("a line over the cap must allocate");
    assert!(report.count.blocks >= 20, "{report}");
    println!(
        "test every_line_under_the_cap_costs_zero_allocations ({} sizes x 3 formats) ... ok",
        sizes.len()
    );
    println!("test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}
