//! When to rotate: period boundaries in UTC or a local offset, and where a
//! batch of lines is cut when it would take a file past its size limit.
//!
//! Times are in whole seconds. A *stamp* is the start of a period in local
//! wall-clock seconds ("seconds since 1970-01-01T00:00 on the local
//! calendar", the UTC instant plus the offset in force): that is what a file
//! name shows, and files sort by it.
//!
//! A new period starts whenever the stamp changes. With a fixed offset that
//! is simply every 60, 3,600 or 86,400 seconds of local time. Where the
//! offset changes (daylight saving), the boundary follows the local clock:
//! when the clock jumps forward past the end of a period, the next period
//! starts at the jump; when it falls back inside a period, the period goes
//! on (so the hour that is repeated in autumn is one file covering both
//! passes, its name unchanged).

/// How often a time-rotated [`RollingFile`](super::RollingFile) starts a new
/// file: at every minute, hour or day of the chosen clock (UTC or local).
///
/// ```
/// use spoolog::sink::{Period, RollingFile};
/// # let dir = std::env::temp_dir().join(format!("spoolog-doc-period-{}", std::process::id()));
/// let sink = RollingFile::builder(&dir, "app").every(Period::Hour).build()?;
/// # drop(sink);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Period {
    /// A new file every minute (`app.2026-12-01T14-05.000.log`).
    Minute,
    /// A new file every hour (`app.2026-12-01T14.000.log`).
    Hour,
    /// A new file every day, at local (or UTC) midnight
    /// (`app.2026-12-01.000.log`).
    Day,
}

impl Period {
    /// The length of the period in local wall-clock seconds.
    pub(crate) const fn secs(self) -> i64 {
        match self {
            Period::Minute => 60,
            Period::Hour => 3_600,
            Period::Day => 86_400,
        }
    }
}

/// The start of the period holding the local wall-clock second `local`.
pub(crate) fn period_start(period: Period, local: i64) -> i64 {
    local - local.rem_euclid(period.secs())
}

/// The stamp of UTC second `t`: the local start of its period.
pub(crate) fn stamp_at(period: Period, t: i64, offset: &dyn Fn(i64) -> i32) -> i64 {
    period_start(period, t.saturating_add(i64::from(offset(t))))
}

/// How many offset changes one period may contain before the search gives
/// up and returns a boundary that is merely early (the caller then finds
/// the stamp unchanged and asks again). Real zones change at most twice a
/// year.
const MAX_CHANGES: usize = 8;

/// The first UTC second after `t` whose stamp differs from `t`'s.
///
/// `offset` gives the offset east of UTC at a UTC second; it is assumed to
/// change at most once between two of the points this function probes (a
/// period apart at most), which every real zone satisfies.
pub(crate) fn next_boundary(period: Period, t: i64, offset: &dyn Fn(i64) -> i32) -> i64 {
    let start = stamp_at(period, t, offset);
    let mut from = t;
    for _ in 0..MAX_CHANGES {
        let o = i64::from(offset(from));
        // Where the period ends if the offset stays `o`.
        let end = start.saturating_add(period.secs()).saturating_sub(o);
        if end <= from {
            break;
        }
        if i64::from(offset(end)) == o {
            return end;
        }
        // The offset changes in (from, end]: at the change, either the
        // local clock has left the period (a boundary) or it is still in
        // it (go on from there with the new offset).
        let change = first_change(from, end, o, offset);
        if stamp_at(period, change, offset) != start {
            return change;
        }
        from = change;
    }
    from.saturating_add(1)
}

/// The first second in `(lo, hi]` whose offset is not `o`, given that
/// `offset(lo) == o` and `offset(hi) != o` (binary search).
fn first_change(mut lo: i64, mut hi: i64, o: i64, offset: &dyn Fn(i64) -> i32) -> i64 {
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if i64::from(offset(mid)) == o {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// How many bytes at the start of `lines` can go into a file with `room`
/// bytes left: all of them if they fit, else the whole lines that fit (the
/// batch is scanned for `\n` only in that case, backwards from `room`), 0
/// when not even the first line fits.
pub(crate) fn fit(lines: &[u8], room: u64) -> usize {
    let room = usize::try_from(room).unwrap_or(usize::MAX);
    if lines.len() <= room {
        return lines.len();
    }
    lines[..room]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1)
}

/// The length of the first line of `lines` (through its `\n`, or all of it
/// when it has none).
pub(crate) fn first_line(lines: &[u8]) -> usize {
    lines
        .iter()
        .position(|&b| b == b'\n')
        .map_or(lines.len(), |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(_: i64) -> i32 {
        0
    }

    /// 2026-12-01T00:00Z.
    const DAY: i64 = 1_796_083_200;
    /// A made-up zone shaped like central Europe: +1 h, and +2 h from
    /// `SPRING` (02:00 local becomes 03:00) to `AUTUMN` (03:00 local becomes
    /// 02:00).
    const SPRING: i64 = DAY + 3_600;
    const AUTUMN: i64 = SPRING + 200 * 86_400;

    fn dst(t: i64) -> i32 {
        if (SPRING..AUTUMN).contains(&t) {
            7_200
        } else {
            3_600
        }
    }

    /// A zone that moves by half an hour at 17 minutes past an hour.
    const ODD: i64 = DAY + 1_020;

    fn odd(t: i64) -> i32 {
        if t >= ODD {
            37_800
        } else {
            36_000
        }
    }

    #[test]
    fn utc_periods_end_on_multiples() {
        let t = DAY + 14 * 3_600 + 1_234; // 2026-12-01T14:20:34Z
        assert_eq!(stamp_at(Period::Hour, t, &utc), DAY + 14 * 3_600);
        assert_eq!(next_boundary(Period::Hour, t, &utc), DAY + 15 * 3_600);
        assert_eq!(next_boundary(Period::Minute, t, &utc), t - 34 + 60);
        assert_eq!(next_boundary(Period::Day, t, &utc), DAY + 86_400);
        // The last second of a period still belongs to it.
        let end = DAY + 15 * 3_600;
        assert_eq!(next_boundary(Period::Hour, end - 1, &utc), end);
        assert_eq!(next_boundary(Period::Hour, end, &utc), end + 3_600);
    }

    #[test]
    fn before_the_epoch() {
        assert_eq!(stamp_at(Period::Day, -1, &utc), -86_400);
        assert_eq!(next_boundary(Period::Day, -1, &utc), 0);
        assert_eq!(next_boundary(Period::Minute, -61, &utc), -60);
    }

    #[test]
    fn fixed_offsets_shift_the_boundary() {
        let ist = |_: i64| 19_800; // +05:30
        let t = DAY + 14 * 3_600; // 14:00Z = 19:30 local
        assert_eq!(next_boundary(Period::Hour, t, &ist), t + 1_800);
        assert_eq!(next_boundary(Period::Day, t, &ist), DAY + 86_400 - 19_800);
        assert_eq!(stamp_at(Period::Day, t, &ist), DAY);
    }

    #[test]
    fn spring_forward_starts_the_next_period_at_the_jump() {
        let t = SPRING - 10; // 01:59:50 local
        assert_eq!(stamp_at(Period::Hour, t, &dst), DAY + 3_600);
        assert_eq!(next_boundary(Period::Hour, t, &dst), SPRING);
        assert_eq!(stamp_at(Period::Hour, SPRING, &dst), DAY + 3 * 3_600);
        // That day has 23 hours.
        let midnight = DAY - 3_600;
        assert_eq!(
            next_boundary(Period::Day, midnight, &dst),
            midnight + 23 * 3_600
        );
    }

    #[test]
    fn falling_back_inside_a_period_keeps_the_period() {
        let t = AUTUMN - 10; // 02:59:50 local, summer time
        let two = DAY + 200 * 86_400 + 2 * 3_600; // 02:00 local
        assert_eq!(stamp_at(Period::Hour, t, &dst), two);
        // 03:00 summer time is 02:00 winter time: the hour 02 goes on for
        // another hour.
        assert_eq!(stamp_at(Period::Hour, AUTUMN, &dst), two);
        assert_eq!(next_boundary(Period::Hour, t, &dst), AUTUMN + 3_600);
        // That day has 25 hours.
        let midnight = AUTUMN - 3 * 3_600;
        assert_eq!(stamp_at(Period::Day, midnight, &dst), midnight + 7_200);
        assert_eq!(
            next_boundary(Period::Day, midnight, &dst),
            midnight + 25 * 3_600
        );
    }

    #[test]
    fn boundaries_are_exactly_the_stamp_changes() {
        // Every 13 s across each change, against a second-by-second search.
        let zones: [(&dyn Fn(i64) -> i32, i64); 3] = [(&dst, SPRING), (&dst, AUTUMN), (&odd, ODD)];
        for period in [Period::Minute, Period::Hour] {
            for (zone, change) in zones {
                let mut t = change - 2 * period.secs() - 7;
                while t < change + 2 * period.secs() {
                    let s = stamp_at(period, t, zone);
                    let mut brute = t + 1;
                    while stamp_at(period, brute, zone) == s {
                        brute += 1;
                    }
                    assert_eq!(next_boundary(period, t, zone), brute, "{period:?} t={t}");
                    t += 13;
                }
            }
        }
    }

    #[test]
    fn fitting_lines() {
        let b = b"aaa\nbb\ncccc\n";
        assert_eq!(fit(b, 100), 12);
        assert_eq!(fit(b, 12), 12);
        assert_eq!(fit(b, 11), 7);
        assert_eq!(fit(b, 7), 7);
        assert_eq!(fit(b, 6), 4);
        assert_eq!(fit(b, 3), 0);
        assert_eq!(fit(b, 0), 0);
        assert_eq!(fit(b"no newline", 3), 0);
        assert_eq!(first_line(b), 4);
        assert_eq!(first_line(b"tail"), 4);
    }
}
