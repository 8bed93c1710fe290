//! The background writer (issue 12): order, bounded memory, block and
//! drop policies, batching, flush as a promise, idle cost, errors on the
//! writer thread, close.

use serde_json::Value as Json;
use spoolog::sink::{Capture, Full, LinesError, NonBlocking, Sink, WriterSink};
use spoolog::{Format, Logger};
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

fn json(sink: impl Sink) -> Logger {
    Logger::builder()
        .format(Format::Json)
        .no_time()
        .sink(sink)
        .build()
}

/// (thread, seq) of every line; panics on a line that is not one record.
fn records(bytes: &[u8]) -> Vec<(u64, u64)> {
    let text = std::str::from_utf8(bytes).unwrap();
    assert!(text.is_empty() || text.ends_with('\n'), "cut last line");
    text.lines()
        .filter(|l| !l.contains("\"target\":\"spoolog\""))
        .map(|l| {
            let v: Json = serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("not one record ({e}): {:.200}", l));
            (v["t"].as_u64().unwrap(), v["i"].as_u64().unwrap())
        })
        .collect()
}

/// A sink that records each batch's size and can be held back.
#[derive(Clone, Default)]
struct Gate {
    out: Capture,
    closed: Arc<AtomicBool>,
    batches: Arc<AtomicUsize>,
    biggest: Arc<AtomicUsize>,
}

impl Gate {
    fn wait_open(&self) {
        while self.closed.load(Ordering::SeqCst) {
            thread::sleep(Duration::from_millis(1));
        }
    }
}

impl Sink for Gate {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        self.write_lines(line).map_err(|e| e.error)
    }
    fn write_lines(&self, lines: &[u8]) -> Result<(), LinesError> {
        self.wait_open();
        self.batches.fetch_add(1, Ordering::SeqCst);
        self.biggest.fetch_max(lines.len(), Ordering::SeqCst);
        self.out.write_lines(lines)
    }
}

#[test]
fn every_line_arrives_once_in_per_thread_order() {
    let gate = Gate::default();
    let (sink, guard) = NonBlocking::builder()
        .capacity_bytes(64 * 1024)
        .spawn(gate.clone())
        .unwrap();
    let log = json(sink.clone());
    const THREADS: u64 = 8;
    const LINES: u64 = 3000;
    thread::scope(|s| {
        for t in 0..THREADS {
            let log = log.clone();
            s.spawn(move || {
                for i in 0..LINES {
                    spoolog::info!(logger: &log, t, i; "line");
                }
            });
        }
    });
    log.flush().unwrap();
    let got = records(&gate.out.bytes());
    assert_eq!(got.len() as u64, THREADS * LINES);
    let mut next = [0u64; THREADS as usize];
    for (t, i) in got {
        assert_eq!(i, next[t as usize], "thread {t} out of order");
        next[t as usize] += 1;
    }
    // Bounded: no batch larger than the capacity.
    assert!(gate.biggest.load(Ordering::SeqCst) <= 64 * 1024);
    let stats = sink.stats();
    assert_eq!(stats.lines_written, THREADS * LINES);
    assert_eq!(log.lost(), 0);
    drop(guard);
}

#[test]
fn block_policy_loses_nothing_when_the_destination_stalls() {
    let gate = Gate::default();
    gate.closed.store(true, Ordering::SeqCst);
    let (sink, guard) = NonBlocking::builder()
        .capacity_bytes(4096)
        .full(Full::Block)
        .spawn(gate.clone())
        .unwrap();
    let log = json(sink);
    let opener = {
        let gate = gate.clone();
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(50));
            gate.closed.store(false, Ordering::SeqCst);
        })
    };
    for i in 0..2000u64 {
        spoolog::info!(logger: &log, t = 0, i; "blocked until there is room");
    }
    opener.join().unwrap();
    log.flush().unwrap();
    let got = records(&gate.out.bytes());
    assert_eq!(got.len(), 2000);
    assert!(got.iter().enumerate().all(|(k, &(_, i))| i == k as u64));
    assert!(gate.biggest.load(Ordering::SeqCst) <= 4096);
    assert_eq!(log.lost(), 0);
    drop(guard);
}

#[test]
fn drop_policy_counts_exactly_and_says_so_in_the_log() {
    let gate = Gate::default();
    gate.closed.store(true, Ordering::SeqCst);
    let (sink, guard) = NonBlocking::builder()
        .capacity_bytes(4096)
        .full(Full::Drop)
        .spawn(gate.clone())
        .unwrap();
    let log = json(sink.clone());
    for i in 0..500u64 {
        spoolog::info!(logger: &log, t = 0, i; "may be dropped");
    }
    let dropped = sink.dropped();
    assert!(dropped > 0, "the stalled writer's queue filled up");
    gate.closed.store(false, Ordering::SeqCst);
    log.flush().unwrap();
    let bytes = gate.out.bytes();
    let kept = records(&bytes);
    assert_eq!(
        kept.len() as u64 + dropped,
        500,
        "every line written or counted"
    );
    // Kept lines are in order; the notice carries the exact count.
    assert!(kept.windows(2).all(|w| w[0].1 < w[1].1));
    let notices: Vec<Json> = std::str::from_utf8(&bytes)
        .unwrap()
        .lines()
        .filter(|l| l.contains("\"target\":\"spoolog\""))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let noted: u64 = notices.iter().map(|n| n["dropped"].as_u64().unwrap()).sum();
    assert_eq!(noted, dropped);
    assert_eq!(
        notices[0]["msg"].as_str().unwrap(),
        format!("spoolog dropped {} lines", notices[0]["dropped"])
    );
    assert_eq!(notices[0]["level"], "WARN");
    // And the logger counts them as lost.
    assert_eq!(log.lost(), dropped);
    drop(guard);
}

#[test]
fn batches_carry_many_lines() {
    let gate = Gate::default();
    let (sink, guard) = NonBlocking::new(gate.clone()).unwrap();
    let log = json(sink.clone());
    // Hold the destination for a moment so that a backlog builds up.
    gate.closed.store(true, Ordering::SeqCst);
    for i in 0..5000u64 {
        spoolog::info!(logger: &log, t = 0, i; "batched");
        if i == 10 {
            gate.closed.store(false, Ordering::SeqCst);
        }
    }
    log.flush().unwrap();
    let s = sink.stats();
    assert_eq!(s.lines_written, 5000);
    assert!(s.writes_per_line() < 0.1, "{s:?}");
    drop(guard);
}

/// Logs and flushes from inside `Display` while a line is being formatted.
struct FlushesWhileFormatted<'a>(&'a Logger);
impl std::fmt::Display for FlushesWhileFormatted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        spoolog::info!(logger: self.0, t = 9, i = 0; "inner");
        self.0.flush().map_err(|_| std::fmt::Error)?;
        f.write_str("outer value")
    }
}

#[test]
fn flush_is_a_promise_from_many_threads_and_from_display() {
    let cap = Capture::new();
    let (sink, guard) = NonBlocking::builder()
        .capacity_bytes(16 * 1024)
        .spawn(cap.clone())
        .unwrap();
    let log = json(sink);
    let barrier = Barrier::new(4);
    thread::scope(|s| {
        for t in 0..4u64 {
            let (log, cap, barrier) = (log.clone(), cap.clone(), &barrier);
            s.spawn(move || {
                barrier.wait();
                for i in 0..200u64 {
                    spoolog::info!(logger: &log, t, i; "then flush");
                    log.flush().unwrap();
                    // Everything this thread logged is already written.
                    let mine = records(&cap.bytes())
                        .into_iter()
                        .filter(|r| r.0 == t)
                        .count() as u64;
                    assert_eq!(mine, i + 1);
                }
            });
        }
    });
    spoolog::info!(logger: &log, t = 8, i = 0, v:% = FlushesWhileFormatted(&log); "outer");
    log.flush().unwrap();
    let got = records(&cap.bytes());
    assert_eq!(got.len(), 4 * 200 + 2);
    drop(guard);
}

#[test]
fn an_idle_writer_sleeps_and_wakes_for_the_next_line() {
    let cap = Capture::new();
    let (sink, guard) = NonBlocking::new(cap.clone()).unwrap();
    let log = json(sink.clone());
    spoolog::info!(logger: &log, t = 0, i = 0; "warm");
    log.flush().unwrap();
    let before = sink.stats().writer_cpu;
    thread::sleep(Duration::from_secs(1));
    let idle = sink.stats().writer_cpu.saturating_sub(before);
    eprintln!("writer CPU over an idle second: {idle:?}");
    assert!(
        idle < Duration::from_millis(20),
        "{idle:?} of CPU while idle"
    );
    // Without any flush, a line logged into the idle writer is written.
    spoolog::info!(logger: &log, t = 0, i = 1; "after idle");
    let start = Instant::now();
    while cap.lines().len() < 2 {
        assert!(start.elapsed() < Duration::from_secs(30), "never written");
        thread::sleep(Duration::from_millis(1));
    }
    drop(guard);
}

#[test]
fn a_burst_into_a_sleeping_writer_wakes_it_once_not_once_per_line() {
    let gate = Gate::default();
    let (sink, guard) = NonBlocking::new(gate.clone()).unwrap();
    let log = json(sink.clone());
    for round in 0..5u64 {
        // Let the writer finish its linger and go to sleep.
        log.flush().unwrap();
        thread::sleep(Duration::from_millis(30));
        let before = sink.stats().wake_ups;
        for i in 0..2_000u64 {
            spoolog::info!(logger: &log, t = round, i; "burst");
        }
        let woken = sink.stats().wake_ups - before;
        // The first line wakes it; every later one finds it awake (busy,
        // or lingering with the queue far from half full).
        assert!(
            woken <= 2,
            "round {round}: {woken} wake-up calls for 2,000 lines"
        );
    }
    log.flush().unwrap();
    assert_eq!(records(&gate.out.bytes()).len(), 10_000);
    drop(guard);
}

/// Accepts `budget` bytes, then fails (`WouldBlock`) until given more.
#[derive(Clone)]
struct Cutting {
    out: Arc<Mutex<Vec<u8>>>,
    budget: Arc<AtomicUsize>,
}
impl Write for Cutting {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let b = self.budget.load(Ordering::SeqCst);
        if b == 0 {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        let n = buf.len().min(b);
        self.budget.fetch_sub(n, Ordering::SeqCst);
        self.out.lock().unwrap().extend_from_slice(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn writer_thread_errors_are_reported_and_never_tear_lines() {
    let w = Cutting {
        out: Arc::default(),
        budget: Arc::new(AtomicUsize::new(usize::MAX)),
    };
    let seen = Arc::new(AtomicUsize::new(0));
    let seen2 = Arc::clone(&seen);
    let (sink, guard) = NonBlocking::new(WriterSink::new(w.clone())).unwrap();
    let log = Logger::builder()
        .format(Format::Json)
        .no_time()
        .sink(sink)
        .on_error(move |_: &spoolog::sink::SinkError| {
            seen2.fetch_add(1, Ordering::SeqCst);
        })
        .build();
    spoolog::info!(logger: &log, t = 0, i = 0; "fine");
    log.flush().unwrap();
    w.budget.store(20, Ordering::SeqCst); // the next batch is cut
    spoolog::info!(logger: &log, t = 0, i = 1; "cut part way");
    spoolog::info!(logger: &log, t = 0, i = 2; "same batch, lost");
    assert!(log.flush().is_err(), "a flush that saw lost lines says so");
    w.budget.store(usize::MAX, Ordering::SeqCst);
    spoolog::info!(logger: &log, t = 0, i = 3; "after recovery");
    log.flush().unwrap();
    let got = records(&w.out.lock().unwrap());
    // The cut line was finished first; the writer kept running.
    assert_eq!(got.iter().map(|r| r.1).collect::<Vec<_>>()[..2], [0, 1]);
    assert_eq!(*got.last().unwrap(), (0, 3));
    assert!(seen.load(Ordering::SeqCst) >= 1);
    assert_eq!(got.len() as u64 + log.lost(), 4);
    drop(guard);
}

/// Logs through `me` from inside the destination, on the writer thread.
struct LogsFromInside {
    out: Capture,
    me: Mutex<Option<Logger>>,
}
struct Inside(Arc<LogsFromInside>);
impl Sink for Inside {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        let me = self.0.me.lock().unwrap().clone();
        if let Some(l) = me {
            spoolog::info!(logger: &l, t = 7, i = 0; "from inside the destination");
        }
        self.0.out.write_line(line)
    }
}

#[test]
fn a_destination_that_logs_through_the_same_logger_does_not_loop() {
    let inner = Arc::new(LogsFromInside {
        out: Capture::new(),
        me: Mutex::new(None),
    });
    let (sink, guard) = NonBlocking::new(Inside(Arc::clone(&inner))).unwrap();
    let log = json(sink);
    *inner.me.lock().unwrap() = Some(log.clone());
    for i in 0..10u64 {
        spoolog::info!(logger: &log, t = 0, i; "outer");
    }
    log.flush().unwrap();
    *inner.me.lock().unwrap() = None;
    let got = records(&inner.out.bytes());
    assert_eq!(got.len(), 10, "only the outer lines");
    assert_eq!(log.lost(), 10, "the inner ones are refused and counted");
    drop(guard);
}

#[test]
fn after_close_lines_are_written_on_the_calling_thread() {
    let cap = Capture::new();
    let (sink, guard) = NonBlocking::new(cap.clone()).unwrap();
    let log = json(sink);
    spoolog::info!(logger: &log, t = 0, i = 0; "queued");
    guard.close().unwrap();
    assert_eq!(cap.lines().len(), 1, "close delivered it");
    spoolog::info!(logger: &log, t = 0, i = 1; "after close");
    assert_eq!(cap.lines().len(), 2, "written synchronously");
    log.flush().unwrap();
}

#[test]
fn a_line_larger_than_the_queue_is_written_in_order() {
    let cap = Capture::new();
    let (sink, guard) = NonBlocking::builder()
        .capacity_bytes(1024)
        .spawn(cap.clone())
        .unwrap();
    let log = json(sink);
    let big = "b".repeat(10_000);
    spoolog::info!(logger: &log, t = 0, i = 0; "small");
    spoolog::info!(logger: &log, t = 0, i = 1, big = big.as_str(); "huge");
    spoolog::info!(logger: &log, t = 0, i = 2; "small again");
    log.flush().unwrap();
    let got = records(&cap.bytes());
    assert_eq!(got, [(0, 0), (0, 1), (0, 2)]);
    drop(guard);
}

#[test]
fn a_logger_owned_writer_closes_when_the_logger_goes() {
    let cap = Capture::new();
    let log = Logger::builder()
        .format(Format::Json)
        .no_time()
        .sink(cap.clone())
        .non_blocking(NonBlocking::builder())
        .build();
    for i in 0..100u64 {
        spoolog::info!(logger: &log, t = 0, i; "owned");
    }
    drop(log); // the last clone: the writer delivers and stops
    assert_eq!(records(&cap.bytes()).len(), 100);
}
