//! Workload W0 under callgrind: `N` (argv[2]) filtered-out `debug` calls,
//! `level` (argv[1]): the logger's level is `info`; `target`: its
//! directives are `info,app::db=debug` and the call's target is
//! `app::server` (the level check passes, the call site's cached directive
//! decision refuses it); `loop`: the loop alone, to subtract.
//! `scripts/instructions.sh` takes two `N`.
//!
//! ```text
//! cargo build --release --example callgrind_w0
//! valgrind --tool=callgrind target/release/examples/callgrind_w0 target 100000
//! ```

use spoolog::filter::Filter;
use spoolog::sink::WriterSink;
use spoolog::{LevelFilter, Logger};
use std::hint::black_box;

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_else(|| "level".into());
    let n: u64 = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let b = Logger::builder().sink(WriterSink::new(std::io::sink()));
    let log = match mode.as_str() {
        "target" => b
            .filter(Filter::parse("info,app::db=debug").expect("directives"))
            .build(),
        _ => b.level(LevelFilter::Info).build(),
    };
    if mode == "loop" {
        // The loop alone, to subtract.
        for i in 0..n {
            black_box(i);
        }
        return;
    }
    for i in 0..n {
        let i = black_box(i);
        spoolog::debug!(logger: &log, target: "app::server", status = i; "request handled");
    }
}
