//! W7 (WORKLOADS.md), the syslog half: W2 handed to a local rsyslog over
//! TCP (RFC 5424, octet counting) through `NonBlocking` and the `Syslog`
//! sink, fields as structured data.
//!
//! Reported, in one run:
//! - in-memory W2 (the counting sink): median ns per call; and the same
//!   call made with the syslog sink's encoder into the counting sink (what
//!   the record costs to make, without the hand-off); medians over windows
//!   of 2,000 calls, the two cases alternating window by window;
//! - the front end through `NonBlocking` + TCP syslog: median ns per call
//!   in bursts of 2,000 calls (fit the queue; timed one burst at a time,
//!   the writer drained with `flush` in between, untimed), and in a tight
//!   loop (saturation: the blocking writer makes the caller wait for
//!   rsyslog);
//! - sustained: lines per second from the first call until rsyslog's
//!   output file has every line (polled), with 1 and 2 producer threads;
//!   and what arrived, the writer's `write_lines` calls per line, and the
//!   sink's reconnections and resends (0 expected).
//!
//! rsyslog runs privately (`tests/rsyslog_support`, output `Plain`: one
//! short line per record, no second parse). Needs `rsyslogd`
//! (`.ci/install-rsyslog.sh`); without it the bench says so and stops.
//!
//! Run: `cargo bench --manifest-path benches/compare/Cargo.toml --bench w7`
//! (`W7_LINES=200000` by default per sustained run, `W7_REPS=15`).

#[path = "../../../tests/rsyslog_support/mod.rs"]
mod rsyslog_support;

use rsyslog_support::{LineCounter, Output, Rsyslog};
use spoolog::sink::{NonBlocking, Sink, Syslog, SyslogStats, WriterGuard};
use spoolog::{Format, LevelFilter, Logger, TimeLayout};
use spoolog_compare::imps::TARGET;
use spoolog_compare::{Out, Req};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[inline(always)]
fn w2(log: &Logger, i: u64) {
    let r = Req::at(i);
    spoolog::info!(logger: log, target: TARGET, method = r.method, path = r.path,
        status = r.status, latency_us = r.latency_us, cache_hit = r.cache_hit; "request handled");
}

fn logger(sink: impl Sink) -> Logger {
    Logger::builder()
        .format(Format::Json)
        .level(LevelFilter::Info)
        .time(TimeLayout::rfc3339(6))
        .sink(sink)
        .build()
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Median ns per call of `reps` runs of `n` calls of `call`, each run
/// followed by `after` (untimed).
fn timed(reps: u64, n: u64, mut call: impl FnMut(u64), mut after: impl FnMut()) -> (f64, f64, f64) {
    let mut per_call = Vec::new();
    let mut i = 0;
    for _ in 0..reps {
        let start = Instant::now();
        for _ in 0..n {
            call(i);
            i += 1;
        }
        per_call.push(start.elapsed().as_nanos() as f64 / n as f64);
        after();
    }
    let (min, max) = per_call
        .iter()
        .fold((f64::MAX, 0f64), |(a, b), &x| (a.min(x), b.max(x)));
    (median(per_call), min, max)
}

/// The syslog encoder with no transport: what the record costs to make,
/// written into the counting sink.
struct EncodeOnly {
    syslog: Arc<Syslog>,
    out: Out,
}

impl Sink for EncodeOnly {
    fn write_line(&self, line: &[u8]) -> std::io::Result<()> {
        self.out.write_line(line)
    }
    fn encoder(&self) -> Option<spoolog::encode::Encoder> {
        self.syslog.encoder()
    }
}

struct Pipe {
    log: Logger,
    syslog: Arc<Syslog>,
    nb: NonBlocking,
    guard: WriterGuard,
}

fn pipe(rs: &Rsyslog) -> Pipe {
    let syslog = Arc::new(
        Syslog::tcp(rs.tcp_addr())
            .app_name("w7")
            .build()
            .expect("syslog sink"),
    );
    let (nb, guard) = NonBlocking::new(Arc::clone(&syslog)).expect("writer");
    Pipe {
        log: logger(nb.clone()),
        syslog,
        nb,
        guard,
    }
}

struct Sustained {
    threads: u64,
    sent: u64,
    arrived: u64,
    secs: f64,
    writes_per_line: f64,
    writer_cpu: Duration,
    rsyslog_cpu: Option<Duration>,
    stats: SyslogStats,
}

fn sustained(threads: u64, n: u64) -> Sustained {
    let rs = Rsyslog::start_with(&format!("w7-{threads}"), Output::Plain).expect("rsyslogd");
    let p = pipe(&rs);
    let cpu_before = rs.cpu();
    let per = n / threads;
    let sent = per * threads;
    let mut arrived = LineCounter::new(&rs.out);
    let start = Instant::now();
    std::thread::scope(|s| {
        for t in 0..threads {
            let log = p.log.clone();
            s.spawn(move || {
                for i in t << 40..(t << 40) + per {
                    w2(&log, i);
                }
            });
        }
    });
    // Until rsyslog has written every line (or nothing more comes for 10 s).
    spoolog_compare::wait::until_still(
        || arrived.count(),
        sent,
        Duration::from_secs(10),
        Duration::from_micros(500),
    );
    let secs = start.elapsed().as_secs_f64();
    p.log.flush().expect("flush");
    let stats = p.syslog.stats();
    let nb = p.nb.stats();
    let rsyslog_cpu = rs.cpu().zip(cpu_before).map(|(a, b)| a.saturating_sub(b));
    drop(p.guard);
    Sustained {
        writer_cpu: nb.writer_cpu,
        rsyslog_cpu,
        threads,
        sent,
        arrived: arrived.count(),
        secs,
        writes_per_line: nb.writes_per_line(),
        stats,
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench -- --list` and friends: nothing to list
    }
    if rsyslog_support::rsyslogd().is_none() {
        eprintln!("W7: rsyslogd is not installed (.ci/install-rsyslog.sh); nothing measured");
        return;
    }
    let n = env("W7_LINES", 200_000);
    let reps = env("W7_REPS", 15);
    const BURST: u64 = 2_000;

    let mem = logger(Out::counting());

    let rs = Rsyslog::start_with("w7-front", Output::Plain).expect("rsyslogd");
    let p = pipe(&rs);
    let enc_only = logger(EncodeOnly {
        syslog: Arc::clone(&p.syslog),
        out: Out::counting(),
    });
    // The two in-memory cases alternate, rep by rep, so that a busy machine
    // slows both alike.
    for i in 0..20_000 {
        w2(&mem, i); // warm
        w2(&enc_only, i);
    }
    // Every front-end figure is a median over windows of BURST calls: on a
    // shared machine a longer window is more often cut by the scheduler.
    let (mut mem_reps, mut enc_reps) = (Vec::new(), Vec::new());
    for r in 0..reps * 4 {
        mem_reps.push(timed(1, BURST, |i| w2(&mem, r << 32 | i), || {}).0);
        enc_reps.push(timed(1, BURST, |i| w2(&enc_only, r << 32 | i), || {}).0);
    }
    let spread = |v: Vec<f64>| {
        let lo = v.iter().copied().fold(f64::MAX, f64::min);
        let hi = v.iter().copied().fold(0f64, f64::max);
        (median(v), lo, hi)
    };
    let (mem_ns, enc_ns) = (spread(mem_reps), spread(enc_reps));
    for i in 0..BURST {
        w2(&p.log, i); // connect, warm
    }
    p.log.flush().expect("flush");
    let burst_ns = timed(
        reps * 4,
        BURST,
        |i| w2(&p.log, i),
        || p.log.flush().expect("flush"),
    );
    let loop_ns = timed(reps, 20_000, |i| w2(&p.log, i), || {});
    p.log.flush().expect("flush");
    let front_stats = p.syslog.stats();
    let record_bytes = {
        let enc = p.syslog.encoder().expect("encoder");
        let layout = TimeLayout::rfc3339(6);
        let mut buf = Vec::new();
        let r = Req::at(0);
        enc.encode(
            &mut buf,
            &spoolog::encode::Head {
                time: Some((&layout, spoolog::UnixTime::now())),
                level: spoolog::Level::Info,
                target: TARGET,
                message: format_args!("request handled"),
            },
            &[
                spoolog::Field::new("method", r.method),
                spoolog::Field::new("path", r.path),
                spoolog::Field::new("status", &r.status),
                spoolog::Field::new("latency_us", &r.latency_us),
                spoolog::Field::new("cache_hit", &r.cache_hit),
            ],
        );
        println!("a W7 frame: {}", String::from_utf8_lossy(&buf));
        buf.len()
    };
    drop(p.guard);
    drop(rs);

    let runs: Vec<Sustained> = [1, 2].into_iter().map(|t| sustained(t, n)).collect();

    println!();
    println!(
        "W7 syslog: W2 -> NonBlocking -> Syslog (TCP, RFC 5424, octet counting) -> local rsyslogd"
    );
    println!("frame: {record_bytes} bytes per record (octet count included)");
    println!();
    println!("| front end | ns/call (median) | min-max | x in-memory W2 |");
    println!("|---|---:|---:|---:|");
    let row = |name: &str, (m, lo, hi): (f64, f64, f64)| {
        println!(
            "| {name} | {m:.1} | {lo:.1}-{hi:.1} | {:.2} |",
            m / mem_ns.0
        );
    };
    row("in-memory W2 (counting sink)", mem_ns);
    row("in-memory, syslog encoder (counting sink)", enc_ns);
    row("NonBlocking + TCP syslog, bursts of 2,000", burst_ns);
    row("NonBlocking + TCP syslog, tight loop", loop_ns);
    println!();
    println!("(front-end runs: {front_stats:?})");
    println!();
    println!("| producer threads | lines sent | arrived in rsyslog's file | seconds | lines/s until rsyslog has every line | write_lines per line | writer CPU s | rsyslogd CPU s | reconnects | resent |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for s in &runs {
        println!(
            "| {} | {} | {} | {:.2} | {:.0} | {:.5} | {:.2} | {} | {} | {} |",
            s.threads,
            s.sent,
            s.arrived,
            s.secs,
            s.arrived as f64 / s.secs,
            s.writes_per_line,
            s.writer_cpu.as_secs_f64(),
            s.rsyslog_cpu
                .map_or("n/a".into(), |d| format!("{:.2}", d.as_secs_f64())),
            s.stats.connects.saturating_sub(1),
            s.stats.resent
        );
    }
}
