//! The zero-allocation check is not vacuous: a field value that allocates
//! while being formatted is caught, with a readable report. Runs without the
//! test harness so that no other thread allocates while it measures.
#[global_allocator]
static ALLOC: spoolog::testing::Alloc = spoolog::testing::Alloc;

mod common;

use std::fmt;

/// Allocates a `String` every time it is displayed.
struct Allocating(u64);

impl fmt::Display for Allocating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = format!("value-{}", self.0);
        f.write_str(&s)
    }
}

fn main() {
    an_allocating_field_value_is_detected();
    println!("test an_allocating_field_value_is_detected ... ok");
    println!("test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}

fn an_allocating_field_value_is_detected() {
    let _profiler = spoolog::testing::start();
    let (log, cap) =
        common::capture_logger(spoolog::Format::Json, 2 * (common::WARMUP + common::CALLS));

    // The same call without the allocating value passes...
    let mut i = 0u64;
    spoolog::testing::check_no_allocs("baseline", common::WARMUP, common::CALLS, || {
        i += 1;
        spoolog::info!(logger: &log, n = i; "tick");
    })
    .expect("baseline allocates nothing");

    // ...and with it, the check fails and says how much was allocated.
    let report =
        spoolog::testing::check_no_allocs("allocating", common::WARMUP, common::CALLS, || {
            i += 1;
            spoolog::info!(logger: &log, v:% = Allocating(i); "tick");
        })
        .expect_err("an allocating Display must be caught");
    assert_eq!(report.iterations, common::CALLS as u64);
    assert!(report.count.blocks >= common::CALLS as u64, "{report}");
    assert!(report.to_string().contains("allocations per call"));

    // The assert_ form panics with that report (the default hook would print
    // it as if something had gone wrong; keep the output clean).
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let panic = std::panic::catch_unwind(|| {
        spoolog::testing::assert_no_allocs("boxed", 1, 10, || drop(Box::new(1u64)));
    })
    .expect_err("assert_no_allocs must panic");
    std::panic::set_hook(hook);
    let msg = panic.downcast_ref::<String>().expect("panic message");
    assert!(msg.contains("boxed: expected no heap allocations"), "{msg}");
    assert!(cap.lines().iter().any(|l| l.contains("value-")));
}
