//! W5 (WORKLOADS.md): W2 through a background writer into a real file, for
//! spoolog's `NonBlocking` and tracing-appender's `non_blocking` (blocking
//! and lossy) under tracing-subscriber's JSON formatter, in one run, into a
//! tmpfs directory (`/dev/shm`) and into the repository's disk (`target/`).
//!
//! Reported, per (destination, implementation):
//! - front-end ns per call, next to the in-memory W2 median of the same
//!   run: in bursts of 2,000 calls that fit the queue, timed one burst at a
//!   time with the writer drained in between (untimed) — what the calling
//!   thread pays to hand a line over — and in a tight loop (saturation:
//!   where the writer cannot keep up, a blocking writer makes the caller
//!   wait, so this is the sustained cost per line);
//! - sustained lines per second from the first call until every line is in
//!   the file (spoolog: `flush()` returned; tracing-appender, which has no
//!   flush: until its guard's drop returned), with 1 and 2 producer
//!   threads, and lines found in the file;
//! - `write` calls per line (counted by a wrapper around the file) and the
//!   writer thread's CPU time (from `/proc/self/task/<tid>/schedstat`).
//!
//! Run: `cargo bench --manifest-path benches/compare/Cargo.toml --bench w5`
//! (`W5_LINES=300000` lines per sustained run, `W5_ROUNDS=11` runs per
//! spoolog row, each paired with an in-memory run; `W5_FRONT_ROUNDS=300`
//! alternating bursts for the paired front-end figure). Results also go to
//! `target/spoolog-bench/w5.json`.

use criterion::Criterion;
use serde_json::{json, Value as Json};
use spoolog::sink::{FileSink, NonBlocking, Sink, WriterGuard, WriterStats};
use spoolog::{Format, LevelFilter, Logger, TimeLayout};
use spoolog_compare::imps::{RFC3339_MICROS, TARGET};
use spoolog_compare::{Out, Req};
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::Dispatch;
use tracing_subscriber::fmt::time::ChronoUtc;

/// Counts `write` calls, and lines written, on the way to a file.
struct CountingFile {
    file: File,
    writes: Arc<AtomicU64>,
    lines: Arc<AtomicU64>,
}

impl Write for CountingFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writes.fetch_add(1, Ordering::Relaxed);
        let n = self.file.write(buf)?;
        let nl = buf[..n].iter().filter(|&&b| b == b'\n').count();
        self.lines.fetch_add(nl as u64, Ordering::Relaxed);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

fn create(path: &Path) -> File {
    let _ = std::fs::remove_file(path);
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .expect("create the W5 file")
}

#[inline(always)]
fn spoolog_w2(log: &Logger, i: u64) {
    let r = Req::at(i);
    spoolog::info!(logger: log, target: TARGET, method = r.method, path = r.path,
        status = r.status, latency_us = r.latency_us, cache_hit = r.cache_hit; "request handled");
}

#[inline(always)]
fn tracing_w2(i: u64) {
    let r = Req::at(i);
    tracing::info!(target: TARGET, method = r.method, path = r.path,
        status = r.status, latency_us = r.latency_us, cache_hit = r.cache_hit, "request handled");
}

fn spoolog_logger(sink: impl Sink) -> Logger {
    Logger::builder()
        .format(Format::Json)
        .level(LevelFilter::Info)
        .time(TimeLayout::rfc3339(6))
        .sink(sink)
        .build()
}

/// spoolog: a logger over `NonBlocking(FileSink)`; the `NonBlocking` handle
/// (for its stats) and the guard.
fn spoolog_w5(path: &Path) -> (Logger, NonBlocking, WriterGuard) {
    let _ = std::fs::remove_file(path);
    let (nb, guard) = NonBlocking::new(FileSink::open(path).expect("open")).expect("writer");
    (spoolog_logger(nb.clone()), nb, guard)
}

/// tracing-subscriber JSON over tracing-appender's `non_blocking`.
struct Appender {
    dispatch: Dispatch,
    guard: tracing_appender::non_blocking::WorkerGuard,
    writes: Arc<AtomicU64>,
    lines: Arc<AtomicU64>,
}

fn appender_w5(path: &Path, lossy: bool) -> Appender {
    let writes = Arc::new(AtomicU64::new(0));
    let lines = Arc::new(AtomicU64::new(0));
    let file = CountingFile {
        file: create(path),
        writes: Arc::clone(&writes),
        lines: Arc::clone(&lines),
    };
    let (nb, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(lossy)
        .finish(file);
    let dispatch = Dispatch::new(
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_timer(ChronoUtc::new(RFC3339_MICROS.to_owned()))
            .with_ansi(false)
            .with_writer(nb)
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .finish(),
    );
    Appender {
        dispatch,
        guard,
        writes,
        lines,
    }
}

/// Lines per timed burst: well below both writers' queue capacity.
const BURST: u64 = 2_000;

/// Time `iters` calls of `call` in bursts of [`BURST`], running `drain`
/// (untimed) after each burst with the number of calls made so far.
fn bursts(iters: u64, mut call: impl FnMut(u64), mut drain: impl FnMut(u64)) -> Duration {
    let mut total = Duration::ZERO;
    let mut done = 0;
    while done < iters {
        let n = (iters - done).min(BURST);
        let start = Instant::now();
        for i in done..done + n {
            call(i);
        }
        total += start.elapsed();
        done += n;
        drain(done);
    }
    total
}

/// CPU time of this process's thread named `name`, if there is one.
fn thread_cpu(name: &str) -> Option<Duration> {
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let dir = task.ok()?.path();
        let comm = std::fs::read_to_string(dir.join("comm")).unwrap_or_default();
        if comm.trim() == name {
            let s = std::fs::read_to_string(dir.join("schedstat")).ok()?;
            return s
                .split_whitespace()
                .next()?
                .parse()
                .ok()
                .map(Duration::from_nanos);
        }
    }
    None
}

fn lines_in(path: &Path) -> u64 {
    std::fs::read(path)
        .map(|b| b.iter().filter(|&&c| c == b'\n').count() as u64)
        .unwrap_or(0)
}

/// Run `per_thread` calls of `call` on each of `threads` threads.
fn produce(threads: u64, per_thread: u64, call: &(dyn Fn(u64) + Sync)) {
    std::thread::scope(|s| {
        for t in 0..threads {
            s.spawn(move || {
                let base = t << 40;
                for i in base..base + per_thread {
                    call(i);
                }
            });
        }
    });
}

struct Sustained {
    lines_per_sec: f64,
    found: u64,
    sent: u64,
    writes_per_line: f64,
    writer_cpu_ms: f64,
}

/// `n` W2 lines from `threads` threads through `log` (over `nb`), timed
/// from the first call until `flush()` returned; then the writer is closed
/// and `found` counts the lines that arrived.
fn sustained_through(
    (log, nb, guard): (Logger, NonBlocking, WriterGuard),
    threads: u64,
    n: u64,
    found: impl FnOnce(&WriterStats) -> u64,
) -> Sustained {
    let per = n / threads;
    let start = Instant::now();
    produce(threads, per, &|i| spoolog_w2(&log, i));
    log.flush().expect("flush");
    let secs = start.elapsed().as_secs_f64();
    let stats = nb.stats();
    drop(guard);
    Sustained {
        lines_per_sec: (per * threads) as f64 / secs,
        found: found(&stats),
        sent: per * threads,
        writes_per_line: stats.writes_per_line(),
        writer_cpu_ms: stats.writer_cpu.as_secs_f64() * 1e3,
    }
}

fn sustained_spoolog(path: &Path, threads: u64, n: u64) -> Sustained {
    let s = sustained_through(spoolog_w5(path), threads, n, |_| lines_in(path));
    let _ = std::fs::remove_file(path);
    s
}

/// Takes each batch whole and keeps nothing (the default `write_lines`
/// would split it into lines first, which a file sink does not do).
struct DiscardBatches;

impl Sink for DiscardBatches {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        std::hint::black_box(line);
        Ok(())
    }
    fn write_lines(&self, lines: &[u8]) -> Result<(), spoolog::sink::LinesError> {
        std::hint::black_box(lines);
        Ok(())
    }
}

/// [`sustained_spoolog`] with no destination: the writer thread hands each
/// batch to a sink that keeps nothing. What is left is the
/// hand-off itself; a file row close to this one means the writer keeps up
/// with the encoder.
fn sustained_spoolog_discard(threads: u64, n: u64) -> Sustained {
    let (nb, guard) = NonBlocking::new(DiscardBatches).expect("writer");
    let w = (spoolog_logger(nb.clone()), nb, guard);
    sustained_through(w, threads, n, |stats| stats.lines_written)
}

/// Lines in every file of `dir`.
fn lines_in_dir(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| lines_in(&e.path())).sum())
        .unwrap_or(0)
}

fn fresh_dir(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("rotation dir");
}

/// The rotation case: spoolog's `RollingFile` (hourly, and by size every
/// 16 MiB) behind `NonBlocking`.
fn sustained_spoolog_rolling(dir: &Path, n: u64) -> Sustained {
    fresh_dir(dir);
    let rolling = spoolog::sink::RollingFile::builder(dir, "w5")
        .every(spoolog::sink::Period::Hour)
        .max_bytes(16 << 20)
        .build()
        .expect("rolling file");
    let (nb, guard) = NonBlocking::new(rolling).expect("writer");
    let w = (spoolog_logger(nb.clone()), nb, guard);
    let s = sustained_through(w, 1, n, |_| lines_in_dir(dir));
    let _ = std::fs::remove_dir_all(dir);
    s
}

/// The rotation case for tracing-appender: `rolling::hourly` behind its
/// `non_blocking` (blocking mode). It rotates by time only.
fn sustained_appender_rolling(dir: &Path, n: u64) -> Sustained {
    fresh_dir(dir);
    let (nb, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .finish(tracing_appender::rolling::hourly(dir, "w5.log"));
    let dispatch = Dispatch::new(
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_timer(ChronoUtc::new(RFC3339_MICROS.to_owned()))
            .with_ansi(false)
            .with_writer(nb)
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .finish(),
    );
    let start = Instant::now();
    tracing::dispatcher::with_default(&dispatch, || {
        for i in 0..n {
            tracing_w2(i);
        }
    });
    wait_until_still(|| lines_in_dir(dir), n);
    let cpu = thread_cpu("tracing-appende").or_else(|| thread_cpu("tracing-appender"));
    drop(guard);
    let secs = start.elapsed().as_secs_f64();
    let found = lines_in_dir(dir);
    let _ = std::fs::remove_dir_all(dir);
    Sustained {
        lines_per_sec: found as f64 / secs,
        found,
        sent: n,
        writes_per_line: f64::NAN,
        writer_cpu_ms: cpu.map_or(f64::NAN, |d| d.as_secs_f64() * 1e3),
    }
}

/// tracing-appender has no flush: wait until `count()` reaches `want` or
/// has not grown for 300 ms.
fn wait_until_still(count: impl Fn() -> u64, want: u64) {
    spoolog_compare::wait::until_still(
        count,
        want,
        Duration::from_millis(300),
        Duration::from_millis(1),
    );
}

fn sustained_appender(path: &Path, lossy: bool, threads: u64, n: u64) -> Sustained {
    let Appender {
        dispatch,
        guard,
        writes,
        ..
    } = appender_w5(path, lossy);
    let per = n / threads;
    let start = Instant::now();
    produce(threads, per, &|i| {
        tracing::dispatcher::with_default(&dispatch, || tracing_w2(i))
    });
    // No flush: wait until the file stops growing (or has everything),
    // note the worker's CPU, then drop the guard (which drains and joins).
    let sent = per * threads;
    wait_until_still(|| lines_in(path), sent);
    let cpu = thread_cpu("tracing-appende").or_else(|| thread_cpu("tracing-appender"));
    drop(guard);
    let secs = start.elapsed().as_secs_f64();
    let found = lines_in(path);
    let _ = std::fs::remove_file(path);
    Sustained {
        lines_per_sec: found as f64 / secs,
        found,
        sent,
        writes_per_line: writes.load(Ordering::Relaxed) as f64 / found.max(1) as f64,
        writer_cpu_ms: cpu.map_or(f64::NAN, |d| d.as_secs_f64() * 1e3),
    }
}

/// Per-call times of alternating bursts (see [`paired_bursts`]).
struct PairedBursts {
    mem_ns: Vec<f64>,
    writer_ns: Vec<f64>,
}

/// `rounds` times: one burst of [`BURST`] W2 calls into the in-memory
/// logger `mem`, then one into `log` (over `nb`), whose writer is drained
/// (untimed) before the next round. Both are timed the same way.
fn paired_bursts(mem: &Logger, log: &Logger, nb: &NonBlocking, rounds: usize) -> PairedBursts {
    let mut p = PairedBursts {
        mem_ns: Vec::with_capacity(rounds),
        writer_ns: Vec::with_capacity(rounds),
    };
    let mut sent = nb.stats().lines_written;
    for round in 0..rounds as u64 {
        let base = round * BURST;
        let start = Instant::now();
        for i in base..base + BURST {
            spoolog_w2(mem, i);
        }
        p.mem_ns
            .push(start.elapsed().as_nanos() as f64 / BURST as f64);
        let start = Instant::now();
        for i in base..base + BURST {
            spoolog_w2(log, i);
        }
        p.writer_ns
            .push(start.elapsed().as_nanos() as f64 / BURST as f64);
        sent += BURST;
        while nb.stats().lines_written < sent {
            std::thread::yield_now();
        }
    }
    p
}

/// The sustained runs of one row, each with the in-memory rate measured
/// just before it (lines per second).
struct Row {
    destination: String,
    name: &'static str,
    threads: u64,
    runs: Vec<(Sustained, f64)>,
}

/// `run`, after the in-memory W2 rate of `n` lines on `mem`, timed the way
/// the sustained runs are: on a thread of its own, from the first call
/// until the last returned.
fn paired(mem: &Logger, n: u64, run: impl FnOnce() -> Sustained) -> (Sustained, f64) {
    let start = Instant::now();
    produce(1, n, &|i| spoolog_w2(mem, i));
    let mem_rate = n as f64 / start.elapsed().as_secs_f64();
    (run(), mem_rate)
}

/// The median of `v` (the mean of the middle two for an even count).
fn middle(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

fn criterion_dir() -> PathBuf {
    match std::env::var_os("CRITERION_HOME") {
        Some(d) => PathBuf::from(d),
        None => target_dir().join("criterion"),
    }
}

fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("target"))
}

/// Criterion's median for a benchmark id (`/` in ids becomes `_` in its
/// directory names).
fn median(group: &str, name: &str) -> Option<f64> {
    let f = criterion_dir()
        .join(group)
        .join(name)
        .join("new/estimates.json");
    let v: Json = serde_json::from_str(&std::fs::read_to_string(f).ok()?).ok()?;
    v["median"]["point_estimate"].as_f64()
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let n: u64 = std::env::var("W5_LINES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300_000);
    let rounds: usize = std::env::var("W5_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(11)
        .max(1);
    let repo_disk = target_dir().join("w5");
    std::fs::create_dir_all(&repo_disk).expect("target/w5");
    let shm = PathBuf::from("/dev/shm/spoolog-w5");
    let mut dirs = vec![("disk", repo_disk)];
    if std::fs::create_dir_all(&shm).is_ok() {
        dirs.insert(0, ("tmpfs", shm));
    } else {
        eprintln!("no /dev/shm here: the tmpfs case is skipped");
    }

    // The in-memory W2 baseline of this run.
    let mem = spoolog_logger(Out::counting());
    c.bench_function("W5/mem/spoolog-W2-in-memory", |b| {
        let mut i = 0u64;
        b.iter(|| {
            i += 1;
            spoolog_w2(&mem, i)
        })
    });

    // The same in bursts (the drain has nothing to wait for): the baseline
    // for the bursts rows, timed the same way.
    c.bench_function("W5/mem/spoolog-W2-in-memory-bursts", |b| {
        b.iter_custom(|iters| bursts(iters, |i| spoolog_w2(&mem, i), |_| ()))
    });

    let front_rounds: usize = std::env::var("W5_FRONT_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
        .max(1);
    let mut fronts = Vec::new();
    let mut rows = Vec::new();
    for threads in [1u64, 2] {
        let runs = (0..rounds)
            .map(|_| paired(&mem, n, || sustained_spoolog_discard(threads, n)))
            .collect();
        rows.push(Row {
            destination: "none (writer discards)".into(),
            name: "spoolog",
            threads,
            runs,
        });
    }
    for (dname, dir) in &dirs {
        let path = dir.join("w5.log");
        {
            let (log, nb, guard) = spoolog_w5(&path);
            let mut sent = 0u64;
            c.bench_function(&format!("W5-burst/{dname}/spoolog"), |b| {
                b.iter_custom(|iters| {
                    let base = sent;
                    let d = bursts(
                        iters,
                        |i| spoolog_w2(&log, base + i),
                        |done| {
                            // As for tracing-appender below: wait for the
                            // writer to have written them (no flush).
                            while nb.stats().lines_written < base + done {
                                std::thread::yield_now();
                            }
                        },
                    );
                    sent += iters;
                    d
                })
            });
            // The same bursts again, each right after an in-memory burst:
            // the pair sees the same machine (criterion's rows are minutes
            // apart, and this machine's speed drifts). Before the tight
            // loop, which leaves gigabytes in the file.
            log.flush().unwrap();
            let pair = paired_bursts(&mem, &log, &nb, front_rounds);
            fronts.push((dname.to_string(), pair));
            c.bench_function(&format!("W5-loop/{dname}/spoolog"), |b| {
                let mut i = 0u64;
                b.iter(|| {
                    i += 1;
                    spoolog_w2(&log, i)
                })
            });
            log.flush().unwrap();
            drop(guard);
        }
        for (name, lossy) in [("appender-blocking", false), ("appender-lossy", true)] {
            let a = appender_w5(&path, lossy);
            tracing::dispatcher::with_default(&a.dispatch, || {
                let mut sent = 0u64;
                c.bench_function(&format!("W5-burst/{dname}/{name}"), |b| {
                    b.iter_custom(|iters| {
                        let base = sent;
                        let d = bursts(
                            iters,
                            |i| tracing_w2(base + i),
                            |done| {
                                // No flush: wait for the worker to have written them.
                                while a.lines.load(Ordering::Relaxed) < base + done {
                                    std::thread::yield_now();
                                }
                            },
                        );
                        sent += iters;
                        d
                    })
                });
                c.bench_function(&format!("W5-loop/{dname}/{name}"), |b| {
                    let mut i = 0u64;
                    b.iter(|| {
                        i += 1;
                        tracing_w2(i)
                    })
                });
            });
            drop(a.guard);
        }
        let _ = std::fs::remove_file(&path);
        // Each sustained run is paired with an in-memory run of the same
        // lines just before it (this machine's speed drifts from second to
        // second); spoolog's rows are the median of `rounds` such pairs.
        let row = |name: &'static str, threads: u64, runs: Vec<(Sustained, f64)>| Row {
            destination: dname.to_string(),
            name,
            threads,
            runs,
        };
        for threads in [1u64, 2] {
            let runs = (0..rounds)
                .map(|_| paired(&mem, n, || sustained_spoolog(&path, threads, n)))
                .collect();
            rows.push(row("spoolog", threads, runs));
            for (name, lossy) in [("appender-blocking", false), ("appender-lossy", true)] {
                let runs = vec![paired(&mem, n, || {
                    sustained_appender(&path, lossy, threads, n)
                })];
                rows.push(row(name, threads, runs));
            }
        }
        let rot = dir.join("rotation");
        let runs = (0..rounds)
            .map(|_| paired(&mem, n, || sustained_spoolog_rolling(&rot, n)))
            .collect();
        rows.push(row("spoolog-rolling", 1, runs));
        let runs = vec![paired(&mem, n, || sustained_appender_rolling(&rot, n))];
        rows.push(row("appender-rolling", 1, runs));
    }
    c.final_summary();

    let mem_ns = median("W5_mem_spoolog-W2-in-memory", "");
    let mem_burst_ns = median("W5_mem_spoolog-W2-in-memory-bursts", "");
    println!();
    println!(
        "in-memory W2 (same run): {:.1} ns/call in a loop, {:.1} ns/call in bursts",
        mem_ns.unwrap_or(f64::NAN),
        mem_burst_ns.unwrap_or(f64::NAN)
    );
    println!();
    println!("| destination | implementation | front end, bursts: ns/call (median) | × in-memory W2 | × in-memory W2 bursts | tight loop: ns/call (median) | × in-memory W2 |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    let mut out = Vec::new();
    let ratio_to = |t: Option<f64>, base: Option<f64>| match (t, base) {
        (Some(t), Some(m)) => format!("{:.2}", t / m),
        _ => "n/a".into(),
    };
    let ratio = |t: Option<f64>| ratio_to(t, mem_ns);
    let ns = |t: Option<f64>| t.map_or("n/a".into(), |t| format!("{t:.1}"));
    for (dname, _) in &dirs {
        for name in ["spoolog", "appender-blocking", "appender-lossy"] {
            let burst = median(&format!("W5-burst_{dname}_{name}"), "");
            let tight = median(&format!("W5-loop_{dname}_{name}"), "");
            println!(
                "| {dname} | {name} | {} | {} | {} | {} | {} |",
                ns(burst),
                ratio(burst),
                ratio_to(burst, mem_burst_ns),
                ns(tight),
                ratio(tight)
            );
            out.push(
                json!({"kind": "front", "destination": dname, "implementation": name,
                "burst_median_ns": burst, "loop_median_ns": tight, "mem_w2_ns": mem_ns,
                "mem_w2_burst_ns": mem_burst_ns}),
            );
        }
    }
    println!();
    println!("Front end, paired: {front_rounds} rounds of one in-memory burst of {BURST} calls, then one through spoolog's writer (drained, untimed, after each).");
    println!();
    println!("| destination | in-memory W2 burst: ns/call (median) | spoolog NonBlocking burst: ns/call (median) | × in-memory | rounds where the pair's ratio ≤ 1.3 |");
    println!("|---|---:|---:|---:|---:|");
    for (dname, p) in &fronts {
        let (m, w) = (middle(&p.mem_ns), middle(&p.writer_ns));
        let within = p
            .mem_ns
            .iter()
            .zip(&p.writer_ns)
            .filter(|(m, w)| *w / *m <= 1.3)
            .count();
        println!(
            "| {dname} | {m:.1} | {w:.1} | {:.2} | {within} / {} |",
            w / m,
            p.mem_ns.len()
        );
        out.push(json!({"kind": "front-paired", "destination": dname, "rounds": p.mem_ns.len(),
            "mem_median_ns": m, "writer_median_ns": w, "ratio": w / m, "rounds_within_1_3": within}));
    }
    println!();
    println!("Sustained: the median of {rounds} runs for spoolog, one for tracing-appender; each run's rate is divided by that of an in-memory run of the same {n} lines just before it.");
    println!();
    println!("| destination | implementation | producers | runs | lines/s until on disk | × in-memory W2 rate (median, min–max) | found / sent | writes/line | writer CPU ms |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        let rates: Vec<f64> = r.runs.iter().map(|(s, _)| s.lines_per_sec).collect();
        let ratios: Vec<f64> = r.runs.iter().map(|(s, m)| s.lines_per_sec / m).collect();
        let wpl: Vec<f64> = r.runs.iter().map(|(s, _)| s.writes_per_line).collect();
        let cpu: Vec<f64> = r.runs.iter().map(|(s, _)| s.writer_cpu_ms).collect();
        let found: u64 = r.runs.iter().map(|(s, _)| s.found).sum();
        let sent: u64 = r.runs.iter().map(|(s, _)| s.sent).sum();
        let (lo, hi) = ratios
            .iter()
            .fold((f64::INFINITY, 0f64), |(lo, hi), &x| (lo.min(x), hi.max(x)));
        println!(
            "| {} | {} | {} | {} | {:.0} | {:.2} ({lo:.2}–{hi:.2}) | {found} / {sent} | {:.5} | {:.1} |",
            r.destination,
            r.name,
            r.threads,
            r.runs.len(),
            middle(&rates),
            middle(&ratios),
            middle(&wpl),
            middle(&cpu)
        );
        out.push(
            json!({"kind": "sustained", "destination": r.destination, "implementation": r.name,
            "producers": r.threads, "runs": r.runs.len(), "lines_per_sec": middle(&rates),
            "ratios_to_mem": ratios, "mem_lines_per_sec": r.runs.iter().map(|(_, m)| *m).collect::<Vec<_>>(),
            "found": found, "sent": sent, "writes_per_line": middle(&wpl),
            "writer_cpu_ms": middle(&cpu), "mem_w2_ns": mem_ns}),
        );
    }
    let dir = target_dir().join("spoolog-bench");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("w5.json");
    match std::fs::write(
        &path,
        serde_json::to_string_pretty(&Json::from(out)).unwrap(),
    ) {
        Ok(()) => println!("\nwrote {}", path.display()),
        Err(e) => eprintln!("could not write {}: {e}", path.display()),
    }
}
