//! File names, and reading them back.
//!
//! ```text
//! <base>.<stamp>.<index>.<suffix>     time rotation (with or without a size limit)
//! <base>.<index>.<suffix>             size rotation only
//!
//! app.2026-12-01T14-05.000.log        Period::Minute
//! app.2026-12-01T14.000.log           Period::Hour
//! app.2026-12-01T14.001.log           ... the second file of that hour
//! app.2026-12-01.000.log              Period::Day
//! app.000000.log, app.000001.log      size only
//! ```
//!
//! The stamp is the start of the period on the chosen clock (UTC or local);
//! the index counts the files of one period from 0, zero-padded to 3 digits
//! (6 when there is no stamp, since the index then never starts again).
//! With fixed widths, byte order of the names is the order in which they
//! were written, so `ls` lists them oldest first. An index that outgrows
//! its width (a thousandth file in one hour) simply gets longer; the sink
//! itself never relies on byte order: it parses each name and sorts by
//! (stamp, index).
//!
//! A name belongs to the sink only if it is exactly what the sink would
//! write (`app.1.log` or `app.0000001.log` are not ours, nor a file whose
//! stamp is for another period length): retention never touches anything
//! else. Without a suffix the names end after the index.

use super::policy::Period;
use chrono::{Datelike as _, NaiveDate, Timelike as _};
use std::fmt::Write as _;
use std::io;

/// Index digits when the name has a stamp.
const TIME_INDEX_WIDTH: usize = 3;
/// Index digits in size-only names.
const SIZE_INDEX_WIDTH: usize = 6;

/// First and last second a stamp can show (years 0000–9999): a clock
/// outside is clamped, so that every stamp has the same width.
const MIN_LOCAL: i64 = -62_167_219_200; // 0000-01-01T00:00:00
const MAX_LOCAL: i64 = 253_402_300_799; // 9999-12-31T23:59:59

/// Where a file sits in the sequence; the order of keys is the order of
/// files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Key {
    /// Start of the period in local wall-clock seconds (see `policy`);
    /// `None` for size-only names.
    pub(crate) stamp: Option<i64>,
    /// Position within the period.
    pub(crate) index: u64,
}

/// The naming scheme of one sink.
#[derive(Clone, Debug)]
pub(crate) struct Naming {
    prefix: String,
    suffix: String,
    period: Option<Period>,
}

/// Reject names that could leave the directory or that no file system
/// takes.
pub(crate) fn check_part(what: &str, s: &str, may_be_empty: bool) -> io::Result<()> {
    let bad = s.is_empty() && !may_be_empty
        || s.bytes()
            .any(|b| b == b'/' || b == 0 || (cfg!(windows) && b == b'\\'));
    if bad {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("rolling file {what} {s:?} is empty or holds a path separator or NUL"),
        ));
    }
    Ok(())
}

impl Naming {
    /// Names `<base>.[<stamp>.]<index>[.<suffix>]`; a leading `.` of
    /// `suffix` is ignored.
    pub(crate) fn new(base: &str, suffix: &str, period: Option<Period>) -> io::Result<Naming> {
        let suffix = suffix.strip_prefix('.').unwrap_or(suffix);
        check_part("base name", base, false)?;
        check_part("suffix", suffix, true)?;
        Ok(Naming {
            prefix: format!("{base}."),
            suffix: if suffix.is_empty() {
                String::new()
            } else {
                format!(".{suffix}")
            },
            period,
        })
    }

    /// The period the names carry, if any.
    pub(crate) fn period(&self) -> Option<Period> {
        self.period
    }

    /// The file name for `key` (a stamp is clamped to years 0000–9999 and
    /// to the start of its period; without a period it is ignored).
    pub(crate) fn name(&self, key: Key) -> String {
        let mut s = String::with_capacity(self.prefix.len() + 24 + self.suffix.len());
        s.push_str(&self.prefix);
        let width = match self.period {
            Some(period) => {
                push_stamp(&mut s, period, key.stamp.unwrap_or(0));
                s.push('.');
                TIME_INDEX_WIDTH
            }
            None => SIZE_INDEX_WIDTH,
        };
        let _ = write!(s, "{:0width$}", key.index);
        s.push_str(&self.suffix);
        s
    }

    /// The key of `name` if it is one this scheme writes.
    pub(crate) fn parse(&self, name: &str) -> Option<Key> {
        let middle = name
            .strip_prefix(self.prefix.as_str())?
            .strip_suffix(self.suffix.as_str())?;
        match self.period {
            None => Some(Key {
                stamp: None,
                index: parse_index(middle, SIZE_INDEX_WIDTH)?,
            }),
            Some(period) => {
                let len = stamp_len(period);
                let (stamp, rest) = (middle.get(..len)?, middle.get(len..)?);
                let index = rest.strip_prefix('.')?;
                Some(Key {
                    stamp: Some(parse_stamp(period, stamp)?),
                    index: parse_index(index, TIME_INDEX_WIDTH)?,
                })
            }
        }
    }
}

fn stamp_len(period: Period) -> usize {
    match period {
        Period::Minute => 16, // 2026-12-01T14-05
        Period::Hour => 13,   // 2026-12-01T14
        Period::Day => 10,    // 2026-12-01
    }
}

fn push_stamp(s: &mut String, period: Period, local: i64) {
    let local = super::policy::period_start(period, local.clamp(MIN_LOCAL, MAX_LOCAL));
    let Some(dt) = chrono::DateTime::from_timestamp(local, 0) else {
        return; // unreachable: clamped into chrono's range
    };
    let dt = dt.naive_utc();
    let _ = write!(s, "{:04}-{:02}-{:02}", dt.year(), dt.month(), dt.day());
    match period {
        Period::Day => {}
        Period::Hour => {
            let _ = write!(s, "T{:02}", dt.hour());
        }
        Period::Minute => {
            let _ = write!(s, "T{:02}-{:02}", dt.hour(), dt.minute());
        }
    }
}

/// `s` as a number of exactly `len` ASCII digits.
fn digits(s: &str, len: usize) -> Option<u32> {
    if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn parse_stamp(period: Period, s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if !s.is_ascii() || b.len() != stamp_len(period) || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(digits(&s[..4], 4)?).ok()?,
        digits(&s[5..7], 2)?,
        digits(&s[8..10], 2)?,
    )?;
    let (hour, minute) = match period {
        Period::Day => (0, 0),
        Period::Hour => {
            if b[10] != b'T' {
                return None;
            }
            (digits(&s[11..13], 2)?, 0)
        }
        Period::Minute => {
            if b[10] != b'T' || b[13] != b'-' {
                return None;
            }
            (digits(&s[11..13], 2)?, digits(&s[14..16], 2)?)
        }
    };
    Some(date.and_hms_opt(hour, minute, 0)?.and_utc().timestamp())
}

/// An index as the scheme writes it: at least `width` digits, and no
/// leading zero beyond the padding.
fn parse_index(s: &str, width: usize) -> Option<u64> {
    let canonical = s.len() >= width
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s.len() == width || !s.starts_with('0'));
    if !canonical {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_796_133_600 + 5 * 60 + 7; // 2026-12-01T14:05:07 (local)

    fn key(stamp: Option<i64>, index: u64) -> Key {
        Key { stamp, index }
    }

    #[test]
    fn names_for_every_period() {
        let n = |p| Naming::new("app", "log", p).unwrap();
        let m = n(Some(Period::Minute));
        assert_eq!(m.name(key(Some(T), 0)), "app.2026-12-01T14-05.000.log");
        assert_eq!(
            n(Some(Period::Hour)).name(key(Some(T), 1)),
            "app.2026-12-01T14.001.log"
        );
        assert_eq!(
            n(Some(Period::Day)).name(key(Some(T), 12)),
            "app.2026-12-01.012.log"
        );
        assert_eq!(n(None).name(key(None, 7)), "app.000007.log");
        assert_eq!(n(None).name(key(None, 12_345_678)), "app.12345678.log");
        let bare = Naming::new("x.y", "", Some(Period::Hour)).unwrap();
        assert_eq!(bare.name(key(Some(T), 2)), "x.y.2026-12-01T14.002");
        assert_eq!(
            Naming::new("a", ".json", None).unwrap().name(key(None, 0)),
            "a.000000.json"
        );
    }

    #[test]
    fn names_parse_back() {
        for period in [
            None,
            Some(Period::Minute),
            Some(Period::Hour),
            Some(Period::Day),
        ] {
            for suffix in ["log", ""] {
                let n = Naming::new("app", suffix, period).unwrap();
                for stamp in [T, 0, -86_400 * 400, 253_402_214_400] {
                    for index in [0, 1, 999, 1_000, 123_456_789, u64::MAX] {
                        let stamp = period.map(|p| super::super::policy::period_start(p, stamp));
                        let k = key(stamp, index);
                        let name = n.name(k);
                        assert_eq!(n.parse(&name), Some(k), "{name}");
                    }
                }
            }
        }
    }

    #[test]
    fn names_sort_in_key_order() {
        let n = Naming::new("app", "log", Some(Period::Hour)).unwrap();
        let mut keys = Vec::new();
        for h in 0..30 {
            for i in [0, 1, 2, 9, 10, 11, 99, 100, 101, 998, 999] {
                keys.push(key(Some(h * 3_600), i));
            }
        }
        let names: Vec<String> = keys.iter().map(|&k| n.name(k)).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(sorted, names);
        let s = Naming::new("app", "log", None).unwrap();
        assert!(s.name(key(None, 99_999)) < s.name(key(None, 100_000)));
    }

    #[test]
    fn clocks_outside_years_0_to_9999_are_clamped() {
        let n = Naming::new("app", "log", Some(Period::Day)).unwrap();
        assert_eq!(n.name(key(Some(i64::MIN), 0)), "app.0000-01-01.000.log");
        assert_eq!(n.name(key(Some(i64::MAX), 0)), "app.9999-12-31.000.log");
    }

    #[test]
    fn other_names_are_not_ours() {
        let n = Naming::new("app", "log", Some(Period::Hour)).unwrap();
        for name in [
            "app.log",
            "app.2026-12-01T14.log",
            "app.2026-12-01T14.1.log",
            "app.2026-12-01T14.0001.log",
            "app.2026-12-01T14.000.log.1",
            "app.2026-12-01T14.000.log.gz",
            "app.2026-12-01T14.+01.log",
            "app.2026-12-0\u{e9}T14.000.log",
            "app.2026-12-\u{e9}1T14.000.log",
            "app.2026-12-01T24.000.log",
            "app.2026-02-30T14.000.log",
            "app.2026-12-01T14-05.000.log",
            "app.2026-12-01.000.log",
            "app.2026-12-01T1.000.log",
            "app.2026-12-01X14.000.log",
            "xapp.2026-12-01T14.000.log",
            "app.2026-12-01T14.000.txt",
            ".app.log.tmp",
            "app.2026-12-01T14.18446744073709551616.log",
        ] {
            assert_eq!(n.parse(name), None, "{name}");
        }
        assert!(n.parse("app.2026-12-01T14.1000.log").is_some());
        let s = Naming::new("app", "log", None).unwrap();
        for name in [
            "app.0.log",
            "app.1.log",
            "app.0000001.log",
            "app.000001.log.1",
            "app.-00001.log",
        ] {
            assert_eq!(s.parse(name), None, "{name}");
        }
        assert_eq!(s.parse("app.000001.log"), Some(key(None, 1)));
    }

    #[test]
    fn bad_parts_are_refused() {
        assert!(Naming::new("", "log", None).is_err());
        assert!(Naming::new("a/b", "log", None).is_err());
        assert!(Naming::new("a", "l/g", None).is_err());
        assert!(Naming::new("a\0", "log", None).is_err());
    }
}
