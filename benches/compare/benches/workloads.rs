//! W0–W4 and W6 (WORKLOADS.md) for spoolog and its peers, in one run.
//!
//! For every (workload, implementation): criterion's median ns per call and
//! min–max over its samples, then — outside criterion's timing — a
//! steady-state loop (warm-up, then `STEADY_CALLS` calls) under the counting
//! allocator for allocations and bytes allocated per call, and the bytes per
//! line that reached the counting writer. The table is printed and written
//! to `target/spoolog-bench/compare.json` for `scripts/plot_bench.py`.
//!
//! Run: `cargo bench --manifest-path benches/compare/Cargo.toml`
//! (short settings are the default here: 20 samples, 1 s warm-up, 3 s).

use criterion::Criterion;
use serde_json::{json, Value as Json};
use spoolog_compare::imps::{env_logger, slog, spoolog as sp, spoolog_tracing as spt, tracing};
use spoolog_compare::{AllocSnapshot, CountingAlloc, Imp, Out};
use std::path::{Path, PathBuf};
use std::sync::Barrier;
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

const WARM_UP_CALLS: u64 = 2_000;
const STEADY_CALLS: u64 = 20_000;

/// What was measured outside criterion for one (workload, implementation).
struct Row {
    workload: &'static str,
    imp: &'static str,
    allocs: f64,
    alloc_bytes: f64,
    line_bytes: f64,
}

/// Allocations per call, bytes allocated per call and bytes per line over
/// `STEADY_CALLS` calls split across `threads` threads, after a warm-up.
fn steady<I: Imp>(imp: &I, threads: u64) -> (f64, f64, f64) {
    let per_thread = STEADY_CALLS / threads;
    let n = per_thread * threads;
    let gates: [Barrier; 4] = std::array::from_fn(|_| Barrier::new(threads as usize + 1));
    let (mut a0, mut a1) = (AllocSnapshot::default(), AllocSnapshot::default());
    let (mut b0, mut b1) = (0, 0);
    std::thread::scope(|s| {
        for t in 0..threads {
            let gates = &gates;
            s.spawn(move || {
                imp.scope(|| {
                    let base = t * (WARM_UP_CALLS + per_thread);
                    for i in base..base + WARM_UP_CALLS {
                        imp.call(i);
                    }
                    gates[0].wait();
                    gates[1].wait();
                    for i in base + WARM_UP_CALLS..base + WARM_UP_CALLS + per_thread {
                        imp.call(i);
                    }
                    gates[2].wait();
                    gates[3].wait();
                })
            });
        }
        gates[0].wait();
        b0 = imp.out().bytes();
        a0 = AllocSnapshot::now();
        gates[1].wait();
        gates[2].wait();
        a1 = AllocSnapshot::now();
        b1 = imp.out().bytes();
        gates[3].wait();
    });
    let d = a1.since(a0);
    let n = n as f64;
    (
        d.allocs as f64 / n,
        d.bytes as f64 / n,
        (b1 - b0) as f64 / n,
    )
}

/// Time one implementation on one thread, then measure it in steady state.
fn one<I: Imp>(
    c: &mut Criterion,
    rows: &mut Vec<Row>,
    w: &'static str,
    name: &'static str,
    imp: I,
) {
    let mut g = c.benchmark_group(w);
    g.bench_function(name, |b| {
        imp.scope(|| {
            let mut i = 0u64;
            b.iter(|| {
                i = i.wrapping_add(1);
                imp.call(i)
            })
        })
    });
    g.finish();
    let (allocs, alloc_bytes, line_bytes) = steady(&imp, 1);
    rows.push(Row {
        workload: w,
        imp: name,
        allocs,
        alloc_bytes,
        line_bytes,
    });
}

/// W4: W2 from two threads at once into one shared sink; the time reported
/// is the wall time of the pair divided by all calls (aggregate ns/line).
fn two<I: Imp>(c: &mut Criterion, rows: &mut Vec<Row>, name: &'static str, imp: I) {
    let mut g = c.benchmark_group("W4");
    g.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let halves = [iters / 2, iters - iters / 2];
            let start = Instant::now();
            std::thread::scope(|s| {
                for (t, n) in halves.into_iter().enumerate() {
                    let imp = &imp;
                    s.spawn(move || {
                        imp.scope(|| {
                            let base = (t as u64) << 40;
                            for i in base..base + n {
                                imp.call(i);
                            }
                        })
                    });
                }
            });
            start.elapsed()
        })
    });
    g.finish();
    let (allocs, alloc_bytes, line_bytes) = steady(&imp, 2);
    rows.push(Row {
        workload: "W4",
        imp: name,
        allocs,
        alloc_bytes,
        line_bytes,
    });
}

fn run(c: &mut Criterion) -> Vec<Row> {
    let mut rows = Vec::new();
    let r = &mut rows;
    let global = sp::install_global(Out::counting(), None);
    let _ = global;

    one(
        c,
        r,
        "W0",
        "spoolog",
        sp::Macro::<0>::new(Out::counting(), None),
    );
    one(
        c,
        r,
        "W0",
        "spoolog-target-off",
        sp::TargetOff::new(Out::counting()),
    );
    one(
        c,
        r,
        "W0",
        "spoolog-log",
        sp::Facade::<0>::new(Out::counting(), None),
    );
    one(
        c,
        r,
        "W0",
        "tracing",
        tracing::Fmt::<0>::new(Out::counting()),
    );
    one(c, r, "W0", "slog", slog::Json::<0>::new(Out::counting()));
    one(
        c,
        r,
        "W0",
        "spoolog-tracing",
        spt::Layer::<0>::new(Out::counting(), None),
    );

    one(
        c,
        r,
        "W1",
        "spoolog-pieces",
        sp::Pieces::new(Out::counting()),
    );
    one(
        c,
        r,
        "W1",
        "spoolog-logger",
        sp::LoggerW1::new(Out::counting()),
    );
    one(
        c,
        r,
        "W1",
        "env_logger",
        env_logger::Fmt::<1>::new(Out::counting()),
    );

    one(
        c,
        r,
        "W2",
        "spoolog",
        sp::Macro::<2>::new(Out::counting(), None),
    );
    one(
        c,
        r,
        "W2",
        "spoolog-log",
        sp::Facade::<2>::new(Out::counting(), None),
    );
    one(
        c,
        r,
        "W2",
        "tracing",
        tracing::Fmt::<2>::new(Out::counting()),
    );
    one(c, r, "W2", "slog", slog::Json::<2>::new(Out::counting()));
    one(
        c,
        r,
        "W2",
        "spoolog-tracing",
        spt::Layer::<2>::new(Out::counting(), None),
    );

    one(
        c,
        r,
        "W3",
        "spoolog",
        sp::Macro::<3>::new(Out::counting(), None),
    );
    one(
        c,
        r,
        "W3",
        "spoolog-log",
        sp::Facade::<3>::new(Out::counting(), None),
    );
    one(
        c,
        r,
        "W3",
        "tracing",
        tracing::Fmt::<3>::new(Out::counting()),
    );
    one(
        c,
        r,
        "W3",
        "env_logger",
        env_logger::Fmt::<3>::new(Out::counting()),
    );

    two(c, r, "spoolog", sp::Macro::<2>::new(Out::counting(), None));
    two(
        c,
        r,
        "spoolog-log",
        sp::Facade::<2>::new(Out::counting(), None),
    );
    two(c, r, "tracing", tracing::Fmt::<2>::new(Out::counting()));
    two(c, r, "slog", slog::Json::<2>::new(Out::counting()));

    one(
        c,
        r,
        "W6",
        "spoolog-tracing",
        spt::Layer::<6>::new(Out::counting(), None),
    );
    one(
        c,
        r,
        "W6",
        "tracing",
        tracing::Fmt::<6>::new(Out::counting()),
    );
    rows
}

/// Criterion's output directory (`CRITERION_HOME` or `<target>/criterion`).
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

/// (median, min, max) ns per call from criterion's files, if it ran.
fn timing(group: &str, name: &str) -> Option<(f64, f64, f64)> {
    let dir = criterion_dir().join(group).join(name).join("new");
    let read = |f: &str| -> Option<Json> {
        serde_json::from_str(&std::fs::read_to_string(dir.join(f)).ok()?).ok()
    };
    let median = read("estimates.json")?["median"]["point_estimate"].as_f64()?;
    let sample = read("sample.json")?;
    let iters = sample["iters"].as_array()?;
    let times = sample["times"].as_array()?;
    let per: Vec<f64> = iters
        .iter()
        .zip(times)
        .filter_map(|(i, t)| Some(t.as_f64()? / i.as_f64()?))
        .collect();
    let min = per.iter().copied().fold(f64::INFINITY, f64::min);
    let max = per.iter().copied().fold(0.0, f64::max);
    Some((median, min, max))
}

fn report(rows: &[Row]) {
    let mut out = Vec::new();
    println!();
    println!("| workload | implementation | ns/call (median) | min–max | ×spoolog | allocs/call | bytes alloc/call | bytes/line |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    for row in rows {
        let t = timing(row.workload, row.imp);
        // W6 has no macro row: its base is spoolog's tracing layer.
        let base = timing(row.workload, "spoolog")
            .or_else(|| timing(row.workload, "spoolog-tracing"))
            .map(|b| b.0);
        let fmt_t = |t: Option<f64>| t.map_or("n/a".to_owned(), |v| format!("{v:.1}"));
        let ratio = match (t, base) {
            (Some(t), Some(b)) if b > 0.0 => format!("{:.2}", t.0 / b),
            _ => "n/a".to_owned(),
        };
        println!(
            "| {} | {} | {} | {}–{} | {} | {:.2} | {:.1} | {:.1} |",
            row.workload,
            row.imp,
            fmt_t(t.map(|t| t.0)),
            fmt_t(t.map(|t| t.1)),
            fmt_t(t.map(|t| t.2)),
            ratio,
            row.allocs,
            row.alloc_bytes,
            row.line_bytes
        );
        out.push(json!({
            "workload": row.workload,
            "implementation": row.imp,
            "median_ns": t.map(|t| t.0),
            "min_ns": t.map(|t| t.1),
            "max_ns": t.map(|t| t.2),
            "allocs_per_call": row.allocs,
            "alloc_bytes_per_call": row.alloc_bytes,
            "bytes_per_line": row.line_bytes,
        }));
    }
    let dir = target_dir().join("spoolog-bench");
    let path = dir.join("compare.json");
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, serde_json::to_string_pretty(&Json::from(out))?));
    match written {
        Ok(()) => println!("\nwrote {}", path.display()),
        Err(e) => eprintln!("\ncould not write {}: {e}", path.display()),
    }
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let rows = run(&mut c);
    c.final_summary();
    report(&rows);
}
