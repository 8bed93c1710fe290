//! The Go post's three stages, replayed in Rust on W1 (`14:23:32 : some log
//! message`, 27 bytes, no newline), then spoolog on the same line.
//!
//! - `a-new-buffer`: a new `Vec` and a chrono-formatted `String` per call
//!   (Go: new `bytes.Buffer` + `time.Format`, 183 ns, 2 allocs).
//! - `b-pool`: a buffer from spoolog's `Pool`, the time still formatted into
//!   a new `String` (Go: `sync.Pool` + `Format`, 155 ns, 1 alloc).
//! - `c-pool-preparsed`: a pooled buffer, chrono's `StrftimeItems` parsed
//!   once and written straight into it with `DelayedFormat::write_to`
//!   (Go: `AppendFormat` into `AvailableBuffer()`, 71 ns, 0 allocs). Two
//!   chrono details decide whether this allocates: `write!(buf, "{}", fmt)`
//!   would not do (chrono's `Display` impl formats into a temporary
//!   `String` first), and `DateTime<Utc>::format_with_items` renders the
//!   offset name into a `String` up front; the UTC `NaiveDateTime` does not,
//!   and `%H:%M:%S` needs no offset.
//! - `d-spoolog`: spoolog's pieces, `Pool` + `TimeLayout::hms()` +
//!   `append` + the static message. The `Logger` cannot write W1 byte for
//!   byte (its lines always carry a level and a target), so the line is
//!   composed from the public pieces instead.
//! - `b-threadlocal`, `c-threadlocal`: stages b and c with a plain
//!   thread-local `Vec` instead of spoolog's `Pool`, a std-only reference
//!   for the pool.
//!
//! Every stage hands the line to one counting sink (counts bytes, discards).
//! After criterion has timed them, each stage runs again in a steady-state
//! loop under a counting global allocator; the table
//! `stage | ns/call | allocs/call | bytes/call | bytes/line` is printed and
//! written to `target/spoolog-bench/journey.json`.
//!
//! Run: `cargo bench --manifest-path benches/compare/Cargo.toml --bench journey` (20 samples, 1 s warm-up, 3 s each).

use chrono::format::{Item, StrftimeItems};
use chrono::Utc;
use criterion::Criterion;
use serde_json::{json, Value as Json};
use spoolog::sink::Sink;
use spoolog::time::TscClock;
use spoolog::{Pool, TimeLayout, UnixTime};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::RefCell;
use std::fmt;
use std::hint::black_box;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

// ---- counting allocator ---------------------------------------------------

static ALLOCS: AtomicU64 = AtomicU64::new(0);
static ALLOC_BYTES: AtomicU64 = AtomicU64::new(0);

/// `System` plus two counters (allocations, bytes asked for; a `realloc`
/// counts as one allocation of its new size).
struct Counting;

// SAFETY: every method forwards its arguments unchanged to `System`, so the
// `GlobalAlloc` contract is `System`'s; the counters are plain atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        ALLOC_BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: the caller upholds `alloc`'s contract; we pass it on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        ALLOC_BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        ALLOC_BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn alloc_totals() -> (u64, u64) {
    (
        ALLOCS.load(Ordering::Relaxed),
        ALLOC_BYTES.load(Ordering::Relaxed),
    )
}

// ---- the sink and the stages ----------------------------------------------

/// The W0–W4 sink: counts bytes, throws them away.
#[derive(Default)]
struct CountingSink(AtomicU64);

impl Sink for CountingSink {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        self.0.fetch_add(line.len() as u64, Ordering::Relaxed);
        Ok(())
    }
}

const MSG: &str = "some log message";

/// `fmt::Write` into a byte buffer (what `AvailableBuffer` is to Go).
struct FmtBytes<'a>(&'a mut Vec<u8>);

impl fmt::Write for FmtBytes<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

thread_local! {
    static LOCAL_BUF: RefCell<Vec<u8>> = RefCell::new(Vec::with_capacity(512));
}

struct Journey {
    sink: CountingSink,
    pool: Pool<Vec<u8>>,
    items: Vec<Item<'static>>,
    hms: TimeLayout,
    clock: Option<TscClock>,
}

impl Journey {
    fn new() -> Journey {
        Journey {
            sink: CountingSink::default(),
            pool: Pool::<Vec<u8>>::byte_buffers(512, 64 * 1024),
            items: StrftimeItems::new("%H:%M:%S")
                .parse_to_owned()
                .expect("a valid pattern"),
            hms: TimeLayout::hms(),
            clock: TscClock::new(),
        }
    }

    fn a_new_buffer(&self, msg: &str) {
        let mut buf = Vec::new();
        let ts = Utc::now().format("%H:%M:%S").to_string();
        buf.extend_from_slice(ts.as_bytes());
        buf.extend_from_slice(b" : ");
        buf.extend_from_slice(msg.as_bytes());
        let _ = self.sink.write_line(&buf);
    }

    fn b_pool(&self, msg: &str) {
        let mut buf = self.pool.get();
        let ts = Utc::now().format("%H:%M:%S").to_string();
        buf.extend_from_slice(ts.as_bytes());
        buf.extend_from_slice(b" : ");
        buf.extend_from_slice(msg.as_bytes());
        let _ = self.sink.write_line(&buf);
    }

    fn c_pool_preparsed(&self, msg: &str) {
        let mut buf = self.pool.get();
        let _ = Utc::now()
            .naive_utc()
            .format_with_items(self.items.iter())
            .write_to(&mut FmtBytes(&mut buf));
        buf.extend_from_slice(b" : ");
        buf.extend_from_slice(msg.as_bytes());
        let _ = self.sink.write_line(&buf);
    }

    fn d_spoolog(&self, msg: &str) {
        let mut buf = self.pool.get();
        // The clock a spoolog logger uses by default.
        let now = self.clock.map_or_else(UnixTime::now, |c| c.now());
        self.hms.append(&mut buf, now);
        buf.extend_from_slice(b" : ");
        buf.extend_from_slice(msg.as_bytes());
        let _ = self.sink.write_line(&buf);
    }

    fn b_threadlocal(&self, msg: &str) {
        LOCAL_BUF.with_borrow_mut(|buf| {
            buf.clear();
            let ts = Utc::now().format("%H:%M:%S").to_string();
            buf.extend_from_slice(ts.as_bytes());
            buf.extend_from_slice(b" : ");
            buf.extend_from_slice(msg.as_bytes());
            let _ = self.sink.write_line(buf);
        })
    }

    fn c_threadlocal(&self, msg: &str) {
        LOCAL_BUF.with_borrow_mut(|buf| {
            buf.clear();
            let _ = Utc::now()
                .naive_utc()
                .format_with_items(self.items.iter())
                .write_to(&mut FmtBytes(buf));
            buf.extend_from_slice(b" : ");
            buf.extend_from_slice(msg.as_bytes());
            let _ = self.sink.write_line(buf);
        })
    }
}

type Stage = fn(&Journey, &str);

const STAGES: [(&str, Stage, &str); 6] = [
    (
        "a-new-buffer",
        Journey::a_new_buffer,
        "new Vec + chrono String per call",
    ),
    (
        "b-pool",
        Journey::b_pool,
        "spoolog Pool buffer + chrono String per call",
    ),
    (
        "c-pool-preparsed",
        Journey::c_pool_preparsed,
        "spoolog Pool buffer + StrftimeItems parsed once, NaiveDateTime write_to the buffer",
    ),
    (
        "d-spoolog",
        Journey::d_spoolog,
        "spoolog Pool + its default clock + TimeLayout::hms().append + static message",
    ),
    (
        "b-threadlocal",
        Journey::b_threadlocal,
        "stage b with a thread-local Vec instead of Pool",
    ),
    (
        "c-threadlocal",
        Journey::c_threadlocal,
        "stage c with a thread-local Vec instead of Pool",
    ),
];

const WARM_UP_CALLS: u64 = 2_000;
const STEADY_CALLS: u64 = 50_000;

/// (allocs/call, bytes allocated/call, bytes/line) in steady state.
fn steady(j: &Journey, stage: Stage) -> (f64, f64, f64) {
    for _ in 0..WARM_UP_CALLS {
        stage(j, black_box(MSG));
    }
    let line0 = j.sink.0.load(Ordering::Relaxed);
    let (a0, b0) = alloc_totals();
    for _ in 0..STEADY_CALLS {
        stage(j, black_box(MSG));
    }
    let (a1, b1) = alloc_totals();
    let line1 = j.sink.0.load(Ordering::Relaxed);
    let n = STEADY_CALLS as f64;
    (
        (a1 - a0) as f64 / n,
        (b1 - b0) as f64 / n,
        (line1 - line0) as f64 / n,
    )
}

// ---- report -----------------------------------------------------------------

fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("target"))
}

/// Criterion's median ns for `journey/<stage>`, if it ran.
fn median_ns(stage: &str) -> Option<f64> {
    let dir = match std::env::var_os("CRITERION_HOME") {
        Some(d) => PathBuf::from(d),
        None => target_dir().join("criterion"),
    };
    let path = dir.join("journey").join(stage).join("new/estimates.json");
    let v: Json = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    v["median"]["point_estimate"].as_f64()
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let j = Journey::new();
    {
        let mut g = c.benchmark_group("journey");
        for (name, stage, _) in STAGES {
            g.bench_function(name, |b| b.iter(|| stage(&j, black_box(MSG))));
        }
        g.finish();
    }
    c.final_summary();

    let mut rows = Vec::new();
    println!();
    println!(
        "| stage | ns/call (criterion median) | allocs/call | bytes/call | bytes/line | what |"
    );
    println!("|---|---:|---:|---:|---:|---|");
    for (name, stage, what) in STAGES {
        let (allocs, bytes, line) = steady(&j, stage);
        let ns = median_ns(name);
        let ns_s = ns.map_or("n/a".to_owned(), |v| format!("{v:.1}"));
        println!("| {name} | {ns_s} | {allocs:.2} | {bytes:.1} | {line:.1} | {what} |");
        rows.push(json!({
            "stage": name,
            "what": what,
            "median_ns": ns,
            "allocs_per_call": allocs,
            "alloc_bytes_per_call": bytes,
            "bytes_per_line": line,
        }));
    }
    let dir = target_dir().join("spoolog-bench");
    let path = dir.join("journey.json");
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, serde_json::to_string_pretty(&Json::from(rows))?));
    match written {
        Ok(()) => println!("\nwrote {}", path.display()),
        Err(e) => eprintln!("\ncould not write {}: {e}", path.display()),
    }
}
