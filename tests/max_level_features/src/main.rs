//! Built by `scripts/max_level_check.sh`, which passes the cap it expects
//! (`off`, `error`, ..., `trace`) and then looks for each level's marker
//! string in the release binary.
//!
//! Checks at run time that `spoolog::STATIC_MAX_LEVEL` is the expected cap
//! and that, with a logger letting everything through, exactly the calls at
//! or below the cap write a line. Each call sits alone in its own
//! `#[no_mangle]`, `#[inline(never)]` function with a unique message, so the
//! script can tell from the bytes of the binary whether its code exists.

use spoolog::{sink::Capture, Format, Level, LevelFilter, Logger};

#[no_mangle]
#[inline(never)]
pub fn max_level_fn_error(log: &Logger) {
    spoolog::error!(logger: log, "spoolog-cap-marker-5e1f-ERROR");
}

#[no_mangle]
#[inline(never)]
pub fn max_level_fn_warn(log: &Logger) {
    spoolog::warn!(logger: log, "spoolog-cap-marker-5e1f-WARN");
}

#[no_mangle]
#[inline(never)]
pub fn max_level_fn_info(log: &Logger) {
    spoolog::info!(logger: log, "spoolog-cap-marker-5e1f-INFO");
}

#[no_mangle]
#[inline(never)]
pub fn max_level_fn_debug(log: &Logger) {
    spoolog::debug!(logger: log, "spoolog-cap-marker-5e1f-DEBUG");
}

#[no_mangle]
#[inline(never)]
pub fn max_level_fn_trace(log: &Logger) {
    spoolog::trace!(logger: log, "spoolog-cap-marker-5e1f-TRACE");
}

/// One of the functions above.
type Call = fn(&Logger);

fn main() {
    let expected: LevelFilter = std::env::args()
        .nth(1)
        .expect("usage: max_level_features <expected cap>")
        .parse()
        .expect("a level name");
    assert_eq!(
        spoolog::STATIC_MAX_LEVEL,
        expected,
        "STATIC_MAX_LEVEL (debug_assertions: {})",
        cfg!(debug_assertions)
    );

    let cap = Capture::new();
    let log = Logger::builder()
        .format(Format::Logfmt)
        .no_time()
        .level(LevelFilter::Trace)
        .sink(cap.clone())
        .build();
    let calls: [(Level, Call); 5] = [
        (Level::Error, max_level_fn_error),
        (Level::Warn, max_level_fn_warn),
        (Level::Info, max_level_fn_info),
        (Level::Debug, max_level_fn_debug),
        (Level::Trace, max_level_fn_trace),
    ];
    for (level, call) in calls {
        let before = cap.lines().len();
        call(&log);
        let wrote = cap.lines().len() - before;
        let want = usize::from(expected.allows(level));
        assert_eq!(
            wrote, want,
            "{level} call wrote {wrote} lines, cap {expected}"
        );
        if want == 1 {
            let line = cap.lines().pop().unwrap_or_default();
            assert!(
                line.contains(&format!("spoolog-cap-marker-5e1f-{level}")),
                "{line}"
            );
        }
    }
    println!(
        "max_level_features: cap {expected} (debug_assertions: {}): {} of 5 calls wrote a line",
        cfg!(debug_assertions),
        cap.lines().len()
    );
}
