//! Sampling allocates nothing per call: the crate's macros and the `log`
//! facade through a sampling logger, lines kept and dropped, and the report
//! line of a new interval. Runs without the test harness so that no other
//! thread allocates while dhat counts.
#[global_allocator]
static ALLOC: spoolog::testing::Alloc = spoolog::testing::Alloc;

mod common;

use common::{CALLS, WARMUP};
use spoolog::logger::Sampling;
use spoolog::sink::Capture;
use spoolog::time::{Clock, UnixTime};
use spoolog::Logger;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// A clock that moves one second every 100 readings.
#[derive(Clone, Default)]
struct Stepping(Arc<AtomicI64>);
impl Clock for Stepping {
    fn now(&self) -> UnixTime {
        let n = self.0.fetch_add(1, Ordering::Relaxed);
        UnixTime {
            secs: n / 100,
            nanos: 0,
        }
    }
}

fn main() {
    let _profiler = spoolog::testing::start();
    let cap = Capture::with_capacity(4 * (WARMUP + CALLS) * 256);
    let log = Logger::builder()
        .clock(Stepping::default())
        .sample(Sampling::new(5, 4))
        .sink(cap.clone())
        .build();
    let mut i = 0u64;
    // The macros, unless a max_level_* feature compiled them out; then
    // Logger::log, sampled per target.
    let macros = spoolog::STATIC_MAX_LEVEL.allows(spoolog::Level::Info);
    spoolog::testing::assert_no_allocs("sampled calls", WARMUP, CALLS, || {
        i += 1;
        if macros {
            common::macro_call(Some(&log), i);
        } else {
            log.log(spoolog::Level::Info, "app", format_args!("tick {i}"), &[]);
        }
    });
    assert!(log.sampled_out() > 0, "lines were dropped");
    let reports = cap
        .lines()
        .iter()
        .filter(|l| l.contains("lines sampled out"))
        .count();
    assert!(reports > 0, "report lines were written");

    spoolog::__private::install(log.clone()).expect("first global logger");
    let before = log.sampled_out();
    spoolog::testing::assert_no_allocs("sampled log::info! calls", WARMUP, CALLS, || {
        i += 1;
        common::facade_call(i);
    });
    assert!(log.sampled_out() > before, "facade lines were dropped");
    println!("test sampling_allocates_nothing ... ok");
    println!("test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}
