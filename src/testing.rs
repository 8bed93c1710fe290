//! Helpers to prove, in your own tests, that a code path allocates nothing.
//! Enabled with the `testing` cargo feature; backed by `dhat`.
//!
//! dhat counts every allocation in the process, from every thread —
//! including the test harness's own threads, which allocate now and then.
//! Put each allocation proof in its own integration-test file with
//! `harness = false` in `Cargo.toml`, so that nothing else runs while it
//! measures:
//!
//! ```toml
//! [[test]]
//! name = "no_alloc"
//! harness = false
//! ```
//!
//! ```no_run
//! // tests/no_alloc.rs
//! #[global_allocator]
//! static ALLOC: spoolog::testing::Alloc = spoolog::testing::Alloc;
//!
//! fn main() {
//!     let _profiler = spoolog::testing::start();
//!     let log = spoolog::Logger::builder().sink(spoolog::sink::Capture::with_capacity(1 << 20)).build();
//!     spoolog::testing::assert_no_allocs("info with fields", 100, 1_000, || {
//!         spoolog::info!(logger: &log, status = 200; "request handled");
//!     });
//! }
//! ```

use std::fmt;

/// dhat's counting global allocator; install it with `#[global_allocator]`.
pub use dhat::Alloc;

/// Start dhat's heap profiler in testing mode (no file is written). Keep the
/// returned value alive for the duration of the measurements.
///
/// ```no_run
/// let _profiler = spoolog::testing::start();
/// ```
pub fn start() -> dhat::Profiler {
    dhat::Profiler::builder().testing().build()
}

/// Heap allocations counted over some stretch of code.
///
/// ```
/// let c = spoolog::testing::AllocCount { blocks: 2, bytes: 64 };
/// assert_eq!(c.to_string(), "2 allocations, 64 bytes");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AllocCount {
    /// Number of allocations (including reallocations).
    pub blocks: u64,
    /// Bytes allocated.
    pub bytes: u64,
}

impl fmt::Display for AllocCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} allocations, {} bytes", self.blocks, self.bytes)
    }
}

/// Run `f` and count the heap allocations the whole process made meanwhile.
/// Needs [`Alloc`] as the global allocator and a running profiler
/// ([`start`]).
///
/// ```no_run
/// let _p = spoolog::testing::start();
/// let (v, count) = spoolog::testing::count_allocs(|| vec![1u8; 10]);
/// assert_eq!(v.len(), 10);
/// assert_eq!(count.blocks, 1);
/// ```
pub fn count_allocs<R>(f: impl FnOnce() -> R) -> (R, AllocCount) {
    let before = dhat::HeapStats::get();
    let r = f();
    let after = dhat::HeapStats::get();
    let count = AllocCount {
        blocks: after.total_blocks - before.total_blocks,
        bytes: after.total_bytes - before.total_bytes,
    };
    (r, count)
}

/// What [`check_no_allocs`] found when the code did allocate.
///
/// ```
/// let r = spoolog::testing::AllocReport {
///     name: "x".into(),
///     iterations: 10,
///     count: spoolog::testing::AllocCount { blocks: 10, bytes: 160 },
/// };
/// assert!(r.to_string().contains("1.00 allocations per call"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllocReport {
    /// The name the check was given.
    pub name: String,
    /// How many measured calls were made.
    pub iterations: u64,
    /// What they allocated in total.
    pub count: AllocCount,
}

impl fmt::Display for AllocReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let per = |n: u64| n as f64 / self.iterations.max(1) as f64;
        write!(
            f,
            "{}: expected no heap allocations, but {} calls made {} ({:.2} allocations per call, {:.1} bytes per call)",
            self.name,
            self.iterations,
            self.count,
            per(self.count.blocks),
            per(self.count.bytes)
        )
    }
}

impl std::error::Error for AllocReport {}

/// Call `f` `warmup` times (filling pools and caches), then `iterations`
/// times while counting; `Err` if anything was allocated in the counted
/// part.
///
/// ```no_run
/// let _p = spoolog::testing::start();
/// assert!(spoolog::testing::check_no_allocs("noop", 1, 100, || {}).is_ok());
/// assert!(spoolog::testing::check_no_allocs("vec", 1, 100, || drop(vec![0u8; 8])).is_err());
/// ```
pub fn check_no_allocs(
    name: &str,
    warmup: usize,
    iterations: usize,
    mut f: impl FnMut(),
) -> Result<(), AllocReport> {
    for _ in 0..warmup {
        f();
    }
    let ((), count) = count_allocs(|| {
        for _ in 0..iterations {
            f();
        }
    });
    if count.blocks == 0 {
        Ok(())
    } else {
        Err(AllocReport {
            name: name.to_owned(),
            iterations: iterations as u64,
            count,
        })
    }
}

/// Like [`check_no_allocs`], but panics with a readable message.
///
/// ```no_run
/// let _p = spoolog::testing::start();
/// spoolog::testing::assert_no_allocs("noop", 1, 100, || {});
/// ```
#[track_caller]
pub fn assert_no_allocs(name: &str, warmup: usize, iterations: usize, f: impl FnMut()) {
    if let Err(report) = check_no_allocs(name, warmup, iterations, f) {
        panic!("{report}");
    }
}
