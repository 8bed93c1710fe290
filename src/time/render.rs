//! Turning a parsed layout and an instant into bytes: the civil-date
//! arithmetic, the digit writers, and the maximum width of each item.

use super::parse::{Item, OffsetStyle};
use crate::digits::pair;

const SHORT_WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const LONG_WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const SHORT_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const LONG_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// Days before the first of each month in a common year.
const DAYS_BEFORE: [u16; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/// Write the `dst.len()` (3, 6 or 9) leading fraction digits of `nanos`.
/// The digit groups are computed independently so the CPU can overlap them.
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn put_frac(dst: &mut [u8], nanos: u32) {
    match dst.len() {
        3 => {
            let ms = nanos / 1_000_000;
            dst[0] = b'0' + (ms / 100) as u8;
            dst[1..3].copy_from_slice(&pair(ms));
        }
        6 => {
            let us = nanos / 1_000;
            dst[0..2].copy_from_slice(&pair(us / 10_000));
            dst[2..4].copy_from_slice(&pair(us / 100));
            dst[4..6].copy_from_slice(&pair(us));
        }
        _ => {
            dst[0] = b'0' + (nanos / 100_000_000) as u8;
            dst[1..3].copy_from_slice(&pair(nanos / 1_000_000));
            dst[3..5].copy_from_slice(&pair(nanos / 10_000));
            dst[5..7].copy_from_slice(&pair(nanos / 100));
            dst[7..9].copy_from_slice(&pair(nanos));
        }
    }
}

/// The calendar fields of one local second.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Civil {
    pub(crate) year: i64,
    pub(crate) month: u8,
    pub(crate) day: u8,
    /// Day of the year, `1..=366`.
    pub(crate) ordinal: u16,
    /// `0` = Sunday.
    pub(crate) weekday: u8,
    pub(crate) hour: u8,
    pub(crate) minute: u8,
    pub(crate) second: u8,
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

impl Civil {
    /// Calendar fields of `secs + offset` (proleptic Gregorian), using
    /// Howard Hinnant's `civil_from_days`; valid for every `i64` second.
    pub(crate) fn new(secs: i64, offset: i32) -> Civil {
        // i128 division is a slow library call; only the extremes need it.
        let (days, sod) = match secs.checked_add(i64::from(offset)) {
            Some(local) => (local.div_euclid(86_400), local.rem_euclid(86_400) as u32),
            None => {
                let local = i128::from(secs) + i128::from(offset);
                (
                    local.div_euclid(86_400) as i64,
                    local.rem_euclid(86_400) as u32,
                )
            }
        };
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097; // [0, 146096]
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365], from March 1
        let mp = (5 * doy + 2) / 153; // [0, 11]
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        let ordinal = DAYS_BEFORE[usize::from(month - 1)]
            + u16::from(day)
            + u16::from(month > 2 && is_leap(year));
        Civil {
            year,
            month,
            day,
            ordinal,
            weekday: (days + 4).rem_euclid(7) as u8,
            hour: (sod / 3600) as u8,
            minute: (sod / 60 % 60) as u8,
            second: (sod % 60) as u8,
        }
    }

    fn hour12(&self) -> u8 {
        match self.hour % 12 {
            0 => 12,
            h => h,
        }
    }
}

/// The most bytes `item` can produce (literals aside).
pub(crate) fn max_width(item: &Item) -> usize {
    match item {
        Item::Lit { start, end } => (end - start) as usize,
        // |year| < 2.93e11 for any i64 second: 12 digits and a sign.
        Item::Year => 13,
        Item::Year2
        | Item::Month
        | Item::Day
        | Item::DaySpace
        | Item::Hour
        | Item::HourSpace
        | Item::Hour12
        | Item::Hour12Space
        | Item::Minute
        | Item::Second
        | Item::AmPm
        | Item::AmPmLower => 2,
        Item::Ordinal | Item::WeekdayShort | Item::MonthShort => 3,
        Item::WeekdayFromMon | Item::WeekdayFromSun => 1,
        Item::WeekdayLong | Item::MonthLong => 9,
        Item::UnixSecs => 20,
        Item::Frac { digits, dot } => usize::from(*digits) + usize::from(*dot),
        Item::Offset(OffsetStyle::Hh) => 3,
        Item::Offset(OffsetStyle::Hhmm) => 5,
        Item::Offset(OffsetStyle::HhColonMm | OffsetStyle::ZuluOrColon) => 6,
        Item::Offset(OffsetStyle::HhMmSs) => 9,
        // i64 seconds times 1000 plus millis: 22 digits and a sign.
        Item::UnixMillis => 23,
        Item::UnixMicros => 26,
    }
}

/// Everything an item may need for one instant.
pub(crate) struct Instant {
    pub(crate) secs: i64,
    pub(crate) nanos: u32,
    pub(crate) offset: i32,
    pub(crate) civil: Civil,
}

fn push2(buf: &mut Vec<u8>, n: u8) {
    buf.extend_from_slice(&pair(u32::from(n)));
}

fn push2_space(buf: &mut Vec<u8>, n: u8) {
    if n < 10 {
        buf.extend_from_slice(&[b' ', b'0' + n]);
    } else {
        push2(buf, n);
    }
}

/// chrono's `%Y`: four digits inside `0..=9999`, otherwise a sign and at
/// least four digits.
fn push_year(buf: &mut Vec<u8>, year: i64) {
    if (0..10_000).contains(&year) {
        let y = year as u32;
        push2(buf, (y / 100) as u8);
        push2(buf, (y % 100) as u8);
        return;
    }
    buf.push(if year < 0 { b'-' } else { b'+' });
    let abs = year.unsigned_abs();
    if abs < 10_000 {
        push2(buf, (abs / 100) as u8);
        push2(buf, (abs % 100) as u8);
    } else {
        buf.extend_from_slice(itoa::Buffer::new().format(abs).as_bytes());
    }
}

/// chrono's offset writer for the styles spoolog supports.
fn push_offset(buf: &mut Vec<u8>, style: OffsetStyle, off: i32) {
    if style == OffsetStyle::ZuluOrColon && off == 0 {
        buf.push(b'Z');
        return;
    }
    buf.push(if off < 0 { b'-' } else { b'+' });
    let abs = off.unsigned_abs();
    match style {
        OffsetStyle::Hh => push2(buf, (abs / 3600) as u8),
        OffsetStyle::HhMmSs => {
            push2(buf, (abs / 3600) as u8);
            buf.push(b':');
            push2(buf, (abs / 60 % 60) as u8);
            buf.push(b':');
            push2(buf, (abs % 60) as u8);
        }
        OffsetStyle::Hhmm | OffsetStyle::HhColonMm | OffsetStyle::ZuluOrColon => {
            let minutes = (abs + 30) / 60; // rounded, as chrono does
            push2(buf, (minutes / 60) as u8);
            if style != OffsetStyle::Hhmm {
                buf.push(b':');
            }
            push2(buf, (minutes % 60) as u8);
        }
    }
}

/// Render every item of a layout for `at`, appending to `buf`. The start of
/// the digits of each fraction item, relative to `base`, is written to
/// `fracs` in order (positions beyond its length are not recorded).
pub(crate) fn render(
    items: &[Item],
    lits: &[u8],
    at: &Instant,
    buf: &mut Vec<u8>,
    base: usize,
    fracs: &mut [usize],
) {
    let c = &at.civil;
    let mut nfrac = 0;
    for item in items {
        match *item {
            Item::Lit { start, end } => buf.extend_from_slice(&lits[start as usize..end as usize]),
            Item::Year => push_year(buf, c.year),
            Item::Year2 => push2(buf, c.year.rem_euclid(100) as u8),
            Item::Month => push2(buf, c.month),
            Item::Day => push2(buf, c.day),
            Item::DaySpace => push2_space(buf, c.day),
            Item::Hour => push2(buf, c.hour),
            Item::HourSpace => push2_space(buf, c.hour),
            Item::Hour12 => push2(buf, c.hour12()),
            Item::Hour12Space => push2_space(buf, c.hour12()),
            Item::Minute => push2(buf, c.minute),
            Item::Second => push2(buf, c.second),
            Item::Ordinal => {
                buf.push(b'0' + (c.ordinal / 100) as u8);
                push2(buf, (c.ordinal % 100) as u8);
            }
            Item::WeekdayShort => {
                buf.extend_from_slice(SHORT_WEEKDAYS[usize::from(c.weekday)].as_bytes())
            }
            Item::WeekdayLong => {
                buf.extend_from_slice(LONG_WEEKDAYS[usize::from(c.weekday)].as_bytes())
            }
            Item::WeekdayFromMon => buf.push(b'0' + if c.weekday == 0 { 7 } else { c.weekday }),
            Item::WeekdayFromSun => buf.push(b'0' + c.weekday),
            Item::MonthShort => {
                buf.extend_from_slice(SHORT_MONTHS[usize::from(c.month - 1)].as_bytes())
            }
            Item::MonthLong => {
                buf.extend_from_slice(LONG_MONTHS[usize::from(c.month - 1)].as_bytes())
            }
            Item::AmPm => buf.extend_from_slice(if c.hour < 12 { b"AM" } else { b"PM" }),
            Item::AmPmLower => buf.extend_from_slice(if c.hour < 12 { b"am" } else { b"pm" }),
            Item::UnixSecs => buf.extend_from_slice(itoa::Buffer::new().format(at.secs).as_bytes()),
            Item::Frac { digits, dot } => {
                if dot {
                    buf.push(b'.');
                }
                if let Some(slot) = fracs.get_mut(nfrac) {
                    *slot = buf.len() - base;
                }
                nfrac += 1;
                let mut d = [0u8; 9];
                let d = &mut d[..usize::from(digits)];
                put_frac(d, at.nanos);
                buf.extend_from_slice(d);
            }
            Item::Offset(style) => push_offset(buf, style, at.offset),
            Item::UnixMillis => {
                let v = i128::from(at.secs) * 1_000 + i128::from(at.nanos / 1_000_000);
                buf.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
            }
            Item::UnixMicros => {
                let v = i128::from(at.secs) * 1_000_000 + i128::from(at.nanos / 1_000);
                buf.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Timelike};

    fn check_civil(secs: i64, offset: i32) {
        let c = Civil::new(secs, offset);
        let dt = chrono::DateTime::from_timestamp(secs + i64::from(offset), 0)
            .unwrap()
            .naive_utc();
        let want = Civil {
            year: i64::from(dt.year()),
            month: dt.month() as u8,
            day: dt.day() as u8,
            ordinal: dt.ordinal() as u16,
            weekday: dt.weekday().num_days_from_sunday() as u8,
            hour: dt.hour() as u8,
            minute: dt.minute() as u8,
            second: dt.second() as u8,
        };
        assert_eq!(c, want, "secs={secs} offset={offset}");
    }

    #[test]
    fn civil_matches_chrono_across_eras() {
        // Every day boundary for 1200 years around the epoch, sampled
        // (twenty times more sparsely under miri: plain arithmetic, no
        // unsafe or atomics for it to check, and the full run natively).
        let step = (86_400 * 97 + 3_601) * if cfg!(miri) { 20 } else { 1 };
        let mut s = -62_135_596_800_i64; // 0001-01-01
        while s < 253_402_300_799 {
            check_civil(s, 0);
            check_civil(s - 1, 0);
            s += step;
        }
        for &(s, o) in &[
            (0, 0),
            (-1, 0),
            (951_782_400, 0),
            (4_107_542_399, 3600),
            (-86_400 * 366 * 3000, -50_000),
        ] {
            check_civil(s, o);
        }
    }

    #[test]
    fn civil_handles_extreme_seconds() {
        let c = Civil::new(i64::MAX, 86_399);
        assert!(c.year > 292_000_000_000);
        let c = Civil::new(i64::MIN, -86_399);
        assert!(c.year < -292_000_000_000);
    }

    #[test]
    fn frac_digits() {
        let mut d = [0u8; 9];
        put_frac(&mut d[..3], 987_654_321);
        assert_eq!(&d[..3], b"987");
        put_frac(&mut d[..6], 7_654_321);
        assert_eq!(&d[..6], b"007654");
        put_frac(&mut d, 5);
        assert_eq!(&d, b"000000005");
        put_frac(&mut d, 999_999_999);
        assert_eq!(&d, b"999999999");
    }

    #[test]
    fn years_like_chrono() {
        let cases: [(i64, &str); 7] = [
            (2024, "2024"),
            (999, "0999"),
            (0, "0000"),
            (-1, "-0001"),
            (-12345, "-12345"),
            (10000, "+10000"),
            (9999, "9999"),
        ];
        for (y, want) in cases {
            let mut b = Vec::new();
            push_year(&mut b, y);
            assert_eq!(b, want.as_bytes());
        }
    }

    #[test]
    fn offsets_like_chrono() {
        let cases: [(OffsetStyle, i32, &str); 8] = [
            (OffsetStyle::Hhmm, 0, "+0000"),
            (OffsetStyle::Hhmm, -19_800, "-0530"),
            (OffsetStyle::HhColonMm, 3_629, "+01:00"),
            (OffsetStyle::HhColonMm, 3_630, "+01:01"),
            (OffsetStyle::ZuluOrColon, 0, "Z"),
            (OffsetStyle::ZuluOrColon, -3_600, "-01:00"),
            (OffsetStyle::HhMmSs, 86_399, "+23:59:59"),
            (OffsetStyle::Hh, -5_399, "-01"),
        ];
        for (style, off, want) in cases {
            let mut b = Vec::new();
            push_offset(&mut b, style, off);
            assert_eq!(b, want.as_bytes(), "{style:?} {off}");
        }
    }
}
