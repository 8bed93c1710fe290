//! Waiting for a destination that cannot be flushed (tracing-appender's
//! file, a receiver's count) to have everything.

use std::time::{Duration, Instant};

/// Wait until `count()` reaches `want`, or has not grown for `quiet`
/// (checking every `poll`); returns the last count.
///
/// ```
/// use std::time::Duration;
/// let n = spoolog_compare::wait::until_still(|| 5, 5, Duration::from_millis(1), Duration::from_millis(1));
/// assert_eq!(n, 5);
/// ```
pub fn until_still(
    mut count: impl FnMut() -> u64,
    want: u64,
    quiet: Duration,
    poll: Duration,
) -> u64 {
    let mut last = (0, Instant::now());
    loop {
        let now = count();
        if now >= want {
            return now;
        }
        if now != last.0 {
            last = (now, Instant::now());
        } else if last.1.elapsed() > quiet {
            return now;
        }
        std::thread::sleep(poll);
    }
}
