//! Levels and the runtime maximum level.
//!
//! The check that decides whether a call does any work is the cheapest part
//! of the crate: a compile-time cap ([`STATIC_MAX_LEVEL`], set with the
//! `max_level_*` and `release_max_level_*` cargo features) and then one relaxed atomic load
//! ([`LevelCell::enabled`]).

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How important a record is. `Error` is the most important; ordering follows
/// verbosity, so `Level::Error < Level::Trace`.
///
/// ```
/// use spoolog::Level;
/// assert!(Level::Error < Level::Info);
/// assert_eq!(Level::Warn.as_str(), "WARN");
/// assert_eq!("debug".parse::<Level>().unwrap(), Level::Debug);
/// ```
#[repr(usize)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Something failed.
    Error = 1,
    /// Something unexpected that the program survived.
    Warn = 2,
    /// Normal operation worth recording.
    Info = 3,
    /// Detail for developers.
    Debug = 4,
    /// Very fine detail.
    Trace = 5,
}

const UPPER: [&str; 6] = ["OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE"];
const LOWER: [&str; 6] = ["off", "error", "warn", "info", "debug", "trace"];

impl Level {
    /// All levels, most important first.
    ///
    /// ```
    /// assert_eq!(spoolog::Level::ALL.len(), 5);
    /// ```
    pub const ALL: [Level; 5] = [
        Level::Error,
        Level::Warn,
        Level::Info,
        Level::Debug,
        Level::Trace,
    ];

    /// The upper-case name: `"INFO"`.
    ///
    /// ```
    /// assert_eq!(spoolog::Level::Info.as_str(), "INFO");
    /// ```
    pub const fn as_str(self) -> &'static str {
        UPPER[self as usize]
    }

    /// The lower-case name: `"info"`.
    ///
    /// ```
    /// assert_eq!(spoolog::Level::Info.as_lower_str(), "info");
    /// ```
    pub const fn as_lower_str(self) -> &'static str {
        LOWER[self as usize]
    }

    /// This level as a filter that lets it and everything more important through.
    ///
    /// ```
    /// use spoolog::{Level, LevelFilter};
    /// assert_eq!(Level::Warn.to_filter(), LevelFilter::Warn);
    /// ```
    pub const fn to_filter(self) -> LevelFilter {
        match self {
            Level::Error => LevelFilter::Error,
            Level::Warn => LevelFilter::Warn,
            Level::Info => LevelFilter::Info,
            Level::Debug => LevelFilter::Debug,
            Level::Trace => LevelFilter::Trace,
        }
    }

    pub(crate) const fn from_usize(n: usize) -> Option<Level> {
        match n {
            1 => Some(Level::Error),
            2 => Some(Level::Warn),
            3 => Some(Level::Info),
            4 => Some(Level::Debug),
            5 => Some(Level::Trace),
            _ => None,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The error returned when a level or filter name is not recognised.
///
/// ```
/// assert!("loud".parse::<spoolog::Level>().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseLevelError {
    _priv: (),
}

impl fmt::Display for ParseLevelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown level name (expected off, error, warn, info, debug or trace)")
    }
}

impl std::error::Error for ParseLevelError {}

fn parse_name(s: &str) -> Option<usize> {
    LOWER.iter().position(|n| n.eq_ignore_ascii_case(s.trim()))
}

/// A level name in any ASCII case, untrimmed, as `log`'s
/// `LevelFilter::from_str` reads it (what `env_filter` uses).
pub(crate) fn from_name_exact(s: &str) -> Option<LevelFilter> {
    LOWER
        .iter()
        .position(|n| n.eq_ignore_ascii_case(s))
        .map(LevelFilter::from_usize)
}

impl FromStr for Level {
    type Err = ParseLevelError;
    fn from_str(s: &str) -> Result<Level, ParseLevelError> {
        parse_name(s)
            .and_then(Level::from_usize)
            .ok_or(ParseLevelError { _priv: () })
    }
}

/// A maximum level: `Off` lets nothing through, `Trace` everything.
///
/// ```
/// use spoolog::{Level, LevelFilter};
/// assert!(LevelFilter::Info.allows(Level::Warn));
/// assert!(!LevelFilter::Info.allows(Level::Debug));
/// assert!(!LevelFilter::Off.allows(Level::Error));
/// ```
#[repr(usize)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LevelFilter {
    /// Nothing is logged.
    Off = 0,
    /// Only errors.
    Error = 1,
    /// Errors and warnings.
    Warn = 2,
    /// Up to info.
    Info = 3,
    /// Up to debug.
    Debug = 4,
    /// Everything.
    Trace = 5,
}

impl LevelFilter {
    /// Whether `level` passes this filter.
    ///
    /// ```
    /// assert!(spoolog::LevelFilter::Trace.allows(spoolog::Level::Trace));
    /// ```
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub const fn allows(self, level: Level) -> bool {
        level as usize <= self as usize
    }

    /// The most verbose level this filter allows, or `None` for `Off`.
    ///
    /// ```
    /// use spoolog::{Level, LevelFilter};
    /// assert_eq!(LevelFilter::Debug.to_level(), Some(Level::Debug));
    /// assert_eq!(LevelFilter::Off.to_level(), None);
    /// ```
    pub const fn to_level(self) -> Option<Level> {
        Level::from_usize(self as usize)
    }

    /// The lower-case name: `"off"`, `"info"`, ...
    ///
    /// ```
    /// assert_eq!(spoolog::LevelFilter::Off.as_str(), "off");
    /// ```
    pub const fn as_str(self) -> &'static str {
        LOWER[self as usize]
    }

    pub(crate) const fn from_usize(n: usize) -> LevelFilter {
        match n {
            0 => LevelFilter::Off,
            1 => LevelFilter::Error,
            2 => LevelFilter::Warn,
            3 => LevelFilter::Info,
            4 => LevelFilter::Debug,
            _ => LevelFilter::Trace,
        }
    }
}

impl fmt::Display for LevelFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for LevelFilter {
    type Err = ParseLevelError;
    fn from_str(s: &str) -> Result<LevelFilter, ParseLevelError> {
        parse_name(s)
            .map(LevelFilter::from_usize)
            .ok_or(ParseLevelError { _priv: () })
    }
}

impl From<Level> for LevelFilter {
    fn from(l: Level) -> LevelFilter {
        l.to_filter()
    }
}

impl From<log::Level> for Level {
    fn from(l: log::Level) -> Level {
        match l {
            log::Level::Error => Level::Error,
            log::Level::Warn => Level::Warn,
            log::Level::Info => Level::Info,
            log::Level::Debug => Level::Debug,
            log::Level::Trace => Level::Trace,
        }
    }
}

impl From<Level> for log::Level {
    fn from(l: Level) -> log::Level {
        match l {
            Level::Error => log::Level::Error,
            Level::Warn => log::Level::Warn,
            Level::Info => log::Level::Info,
            Level::Debug => log::Level::Debug,
            Level::Trace => log::Level::Trace,
        }
    }
}

impl From<LevelFilter> for log::LevelFilter {
    fn from(l: LevelFilter) -> log::LevelFilter {
        match l {
            LevelFilter::Off => log::LevelFilter::Off,
            LevelFilter::Error => log::LevelFilter::Error,
            LevelFilter::Warn => log::LevelFilter::Warn,
            LevelFilter::Info => log::LevelFilter::Info,
            LevelFilter::Debug => log::LevelFilter::Debug,
            LevelFilter::Trace => log::LevelFilter::Trace,
        }
    }
}

/// The compile-time cap chosen with cargo features (`Trace` when none is
/// set). Calls above it compile to nothing.
///
/// As in the `log` crate: `max_level_off`/`error`/`warn`/`info`/`debug` cap
/// every build; `release_max_level_off`/`error`/`warn`/`info`/`debug` cap
/// builds without `debug_assertions` (release builds) and there replace
/// whatever `max_level_*` says, even when less strict (`max_level_warn` with
/// `release_max_level_debug` is `Debug` in release, `Warn` in debug). Unlike
/// `log`, which refuses two features of one family at compile time, the most
/// restrictive of a family wins, so the features stay additive.
///
/// ```
/// assert!(spoolog::STATIC_MAX_LEVEL >= spoolog::LevelFilter::Off);
/// ```
pub const STATIC_MAX_LEVEL: LevelFilter = match RELEASE_MAX_LEVEL {
    Some(cap) if !cfg!(debug_assertions) => cap,
    _ => MAX_LEVEL,
};

/// The `max_level_*` cap.
const MAX_LEVEL: LevelFilter = if cfg!(feature = "max_level_off") {
    LevelFilter::Off
} else if cfg!(feature = "max_level_error") {
    LevelFilter::Error
} else if cfg!(feature = "max_level_warn") {
    LevelFilter::Warn
} else if cfg!(feature = "max_level_info") {
    LevelFilter::Info
} else if cfg!(feature = "max_level_debug") {
    LevelFilter::Debug
} else {
    LevelFilter::Trace
};

/// The `release_max_level_*` cap, if one is set.
const RELEASE_MAX_LEVEL: Option<LevelFilter> = if cfg!(feature = "release_max_level_off") {
    Some(LevelFilter::Off)
} else if cfg!(feature = "release_max_level_error") {
    Some(LevelFilter::Error)
} else if cfg!(feature = "release_max_level_warn") {
    Some(LevelFilter::Warn)
} else if cfg!(feature = "release_max_level_info") {
    Some(LevelFilter::Info)
} else if cfg!(feature = "release_max_level_debug") {
    Some(LevelFilter::Debug)
} else {
    None
};

/// A runtime maximum level that costs one relaxed atomic load to check.
///
/// ```
/// use spoolog::{Level, LevelFilter, level::LevelCell};
/// let cell = LevelCell::new(LevelFilter::Info);
/// assert!(cell.enabled(Level::Info));
/// assert!(!cell.enabled(Level::Debug));
/// cell.set(LevelFilter::Trace);
/// assert!(cell.enabled(Level::Debug));
/// ```
#[derive(Debug)]
pub struct LevelCell(AtomicUsize);

impl LevelCell {
    /// A cell starting at `filter`.
    ///
    /// ```
    /// let _ = spoolog::level::LevelCell::new(spoolog::LevelFilter::Warn);
    /// ```
    pub const fn new(filter: LevelFilter) -> LevelCell {
        LevelCell(AtomicUsize::new(filter as usize))
    }

    /// Whether `level` passes: one relaxed load and a compare.
    ///
    /// ```
    /// let c = spoolog::level::LevelCell::new(spoolog::LevelFilter::Off);
    /// assert!(!c.enabled(spoolog::Level::Error));
    /// ```
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn enabled(&self, level: Level) -> bool {
        level as usize <= self.0.load(Ordering::Relaxed)
    }

    /// The current maximum.
    ///
    /// ```
    /// let c = spoolog::level::LevelCell::new(spoolog::LevelFilter::Warn);
    /// assert_eq!(c.get(), spoolog::LevelFilter::Warn);
    /// ```
    pub fn get(&self) -> LevelFilter {
        LevelFilter::from_usize(self.0.load(Ordering::Relaxed))
    }

    /// Change the maximum; other threads see it on their next check.
    ///
    /// ```
    /// let c = spoolog::level::LevelCell::new(spoolog::LevelFilter::Warn);
    /// c.set(spoolog::LevelFilter::Off);
    /// assert_eq!(c.get(), spoolog::LevelFilter::Off);
    /// ```
    pub fn set(&self, filter: LevelFilter) {
        self.0.store(filter as usize, Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for l in Level::ALL {
            assert_eq!(l.as_str().parse::<Level>().unwrap(), l);
            assert_eq!(l.as_lower_str().parse::<Level>().unwrap(), l);
            assert_eq!(log::Level::from(l).as_str(), l.as_str());
            assert_eq!(Level::from(log::Level::from(l)), l);
        }
        assert!("off".parse::<Level>().is_err());
        assert_eq!("OFF".parse::<LevelFilter>().unwrap(), LevelFilter::Off);
        assert!("".parse::<LevelFilter>().is_err());
    }

    #[test]
    fn filter_ordering() {
        for (i, l) in Level::ALL.iter().enumerate() {
            for (j, m) in Level::ALL.iter().enumerate() {
                assert_eq!(l.to_filter().allows(*m), j <= i);
            }
            assert!(!LevelFilter::Off.allows(*l));
        }
    }

    #[test]
    fn exact_names_are_not_trimmed() {
        assert_eq!(from_name_exact("wArN"), Some(LevelFilter::Warn));
        assert_eq!(from_name_exact("OFF"), Some(LevelFilter::Off));
        assert_eq!(from_name_exact(" info"), None);
        assert_eq!(from_name_exact("3"), None);
        assert_eq!(from_name_exact(""), None);
    }

    #[test]
    fn static_cap_follows_the_features() {
        let release = !cfg!(debug_assertions);
        let want = if release && cfg!(feature = "release_max_level_off") {
            LevelFilter::Off
        } else if release && cfg!(feature = "release_max_level_error") {
            LevelFilter::Error
        } else if release && cfg!(feature = "release_max_level_warn") {
            LevelFilter::Warn
        } else if release && cfg!(feature = "release_max_level_info") {
            LevelFilter::Info
        } else if release && cfg!(feature = "release_max_level_debug") {
            LevelFilter::Debug
        } else if cfg!(feature = "max_level_off") {
            LevelFilter::Off
        } else if cfg!(feature = "max_level_error") {
            LevelFilter::Error
        } else if cfg!(feature = "max_level_warn") {
            LevelFilter::Warn
        } else if cfg!(feature = "max_level_info") {
            LevelFilter::Info
        } else if cfg!(feature = "max_level_debug") {
            LevelFilter::Debug
        } else {
            LevelFilter::Trace
        };
        assert_eq!(STATIC_MAX_LEVEL, want);
    }

    #[test]
    fn display_pads() {
        assert_eq!(format!("{:<5}|", Level::Info), "INFO |");
    }
}
