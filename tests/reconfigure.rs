//! Changing a running logger's directives (issue 8): from any thread, while
//! others log, with per-call-site caches that must never answer with a stale
//! or foreign decision.

use spoolog::filter::Filter;
use spoolog::sink::Capture;
use spoolog::{Format, Level, LevelFilter, Logger};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

fn logger(cap: &Capture) -> Logger {
    Logger::builder()
        .format(Format::Logfmt)
        .no_time()
        .level(LevelFilter::Info)
        .sink(cap.clone())
        .build()
}

/// The same macro call site, asked again after each change: its cached
/// decision follows every change at once.
fn call_site(log: &Logger) {
    spoolog::debug!(logger: log, target: "app::db", "db detail");
}

#[test]
fn a_call_site_follows_every_change() {
    let cap = Capture::new();
    let log = logger(&cap);
    call_site(&log); // info: dropped
    log.set_directives("info,app::db=debug").unwrap();
    call_site(&log); // written
    log.set_directives("info,app=warn").unwrap();
    call_site(&log); // dropped again (cached "debug" for the old filter)
    log.set_filter(Filter::parse("trace").unwrap());
    call_site(&log); // written
    assert_eq!(cap.lines().len(), 2, "{:?}", cap.lines());
    // A bad string changes nothing.
    assert!(log.set_directives("info,db=loud").is_err());
    call_site(&log);
    assert_eq!(cap.lines().len(), 3);
}

#[test]
fn one_call_site_two_loggers_never_share_a_decision() {
    let (ca, cb) = (Capture::new(), Capture::new());
    let a = logger(&ca);
    let b = logger(&cb);
    a.set_directives("warn,app::db=trace").unwrap();
    b.set_directives("warn").unwrap();
    for _ in 0..3 {
        call_site(&a);
        call_site(&b);
    }
    assert_eq!((ca.lines().len(), cb.lines().len()), (3, 0));
}

#[test]
fn concurrent_logging_sees_whole_filters_only() {
    // Filter A lets app::db through at debug and nothing else below warn;
    // filter B lets app::http through at debug and nothing else. A line for
    // a (target, level) that neither allows would mean a mixed decision.
    const A: &str = "warn,app::db=debug";
    const B: &str = "warn,app::http=debug";
    let cap = Capture::new();
    let log = logger(&cap);
    log.set_directives(A).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    std::thread::scope(|s| {
        for t in 0..3 {
            let (log, stop) = (log.clone(), Arc::clone(&stop));
            s.spawn(move || {
                let mut i = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    spoolog::debug!(logger: &log, target: "app::db", t, i; "db");
                    spoolog::debug!(logger: &log, target: "app::http", t, i; "http");
                    spoolog::debug!(logger: &log, target: "other", t, i; "other");
                    spoolog::info!(logger: &log, target: "other", t, i; "other info");
                    log.log(Level::Debug, "app::db", format_args!("direct"), &[]);
                    i += 1;
                }
            });
        }
        let switcher = {
            let (log, stop) = (log.clone(), Arc::clone(&stop));
            s.spawn(move || {
                for k in 0..2_000 {
                    log.set_directives(if k % 2 == 0 { B } else { A }).unwrap();
                    std::thread::yield_now();
                }
                stop.store(true, Ordering::Relaxed);
            })
        };
        switcher.join().unwrap();
    });
    let lines = cap.lines();
    assert!(!lines.is_empty());
    let (mut db, mut http) = (0, 0);
    for l in &lines {
        assert!(!l.contains("target=other"), "never allowed: {l}");
        if l.contains("target=app::db") {
            db += 1;
        } else if l.contains("target=app::http") {
            http += 1;
        } else {
            panic!("unexpected line {l}");
        }
    }
    println!("{db} db lines and {http} http lines while the filter flipped 2000 times");
    // After the last change (A), the decisions are A's exactly.
    cap.clear();
    call_site(&log);
    spoolog::debug!(logger: &log, target: "app::http", "http");
    assert_eq!(
        cap.lines(),
        ["level=debug target=app::db msg=\"db detail\""]
    );
}
