//! Writing to a `RollingFile` allocates nothing between rotations: a line
//! through the logger, a batch, the once-a-second check that the file is
//! still in place, and the byte-limit check of retention.
#[global_allocator]
static ALLOC: spoolog::testing::Alloc = spoolog::testing::Alloc;

use spoolog::sink::{Period, RollingFile, Sink};
use spoolog::time::{ManualClock, UnixTime};
use spoolog::{Format, Logger};
use std::sync::Arc;

fn main() {
    let _profiler = spoolog::testing::start();
    let dir = std::env::temp_dir().join(format!("spoolog-alloc-rolling-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    // 2026-12-01T14:00:00Z; the measurements stay inside that hour.
    let clock = Arc::new(ManualClock::new(UnixTime {
        secs: 1_796_133_600,
        nanos: 0,
    }));
    let sink = Arc::new(
        RollingFile::builder(&dir, "app")
            .every(Period::Hour)
            .max_bytes(1 << 30)
            .keep_files(10)
            .keep_bytes(2 << 30)
            .current_link("app.log")
            .clock(Arc::clone(&clock))
            .build()
            .unwrap(),
    );
    let log = Logger::builder()
        .format(Format::Json)
        .no_time()
        .sink(Arc::clone(&sink))
        .build();
    spoolog::testing::assert_no_allocs("a line to a rolling file", 10, 500, || {
        spoolog::info!(logger: &log, status = 200, path = "/x"; "request handled");
    });
    spoolog::testing::assert_no_allocs("a line, then a second passes", 10, 500, || {
        spoolog::info!(logger: &log, status = 200; "checked");
        clock.advance(1, 0);
    });
    let batch = b"{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n";
    spoolog::testing::assert_no_allocs("a batch to a rolling file", 10, 500, || {
        sink.write_lines(batch).unwrap();
    });
    log.flush().unwrap();
    assert_eq!(log.errors(), 0);
    drop(log);
    drop(sink);
    std::fs::remove_dir_all(&dir).unwrap();
    println!("alloc_rolling: ok");
}
