//! `RUST_LOG`-style directives: a default level plus per-target levels.
//!
//! `"info,my_crate::db=debug,hyper=off"` lets `info` and above through
//! everywhere, `debug` for `my_crate::db` and its submodules, and nothing
//! from `hyper`. The most specific target wins: a directive for `a::b`
//! beats one for `a` for targets under `a::b`. A target matches a directive
//! when it equals it or continues it after `::`, so `my_crate` matches
//! `my_crate::db` but not `my_crate_extra`.

use crate::level::{Level, LevelFilter};
use std::fmt;

/// A parsed set of directives.
///
/// ```
/// use spoolog::{filter::Filter, Level, LevelFilter};
/// let f = Filter::parse("warn,app::db=debug,app::db::pool=off").unwrap();
/// assert!(f.enabled(Level::Warn, "other"));
/// assert!(!f.enabled(Level::Info, "other"));
/// assert!(f.enabled(Level::Debug, "app::db"));
/// assert!(f.enabled(Level::Debug, "app::db::query"));
/// assert!(!f.enabled(Level::Error, "app::db::pool"));
/// assert_eq!(f.max_level(), LevelFilter::Debug);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    default: LevelFilter,
    /// Sorted by target length, longest first, so the first match is the
    /// most specific.
    targets: Vec<(String, LevelFilter)>,
}

/// Why a directive string could not be parsed.
///
/// ```
/// let e = spoolog::filter::Filter::parse("info,db=loud").unwrap_err();
/// assert_eq!(e.position(), 8);
/// assert_eq!(e.to_string(), "bad log directive at byte 8: unknown level \"loud\"");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterError {
    position: usize,
    kind: FilterErrorKind,
}

/// What was wrong with a directive.
///
/// ```
/// use spoolog::filter::{Filter, FilterErrorKind};
/// assert!(matches!(Filter::parse("=info").unwrap_err().kind(), FilterErrorKind::EmptyTarget));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FilterErrorKind {
    /// A level name that is not off/error/warn/info/debug/trace.
    UnknownLevel(String),
    /// `=level` with nothing before the `=`.
    EmptyTarget,
    /// A target with characters that cannot appear in a module path.
    BadTarget(String),
    /// More than one `=` in one directive.
    ExtraEquals,
}

impl FilterError {
    /// Byte offset of the bad part in the directive string.
    ///
    /// ```
    /// assert_eq!(spoolog::filter::Filter::parse("warn,lou d").unwrap_err().position(), 5);
    /// ```
    pub fn position(&self) -> usize {
        self.position
    }

    /// What was wrong.
    ///
    /// ```
    /// use spoolog::filter::{Filter, FilterErrorKind};
    /// let e = Filter::parse("a=b=c").unwrap_err();
    /// assert_eq!(e.kind(), &FilterErrorKind::ExtraEquals);
    /// ```
    pub fn kind(&self) -> &FilterErrorKind {
        &self.kind
    }
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad log directive at byte {}: ", self.position)?;
        match &self.kind {
            FilterErrorKind::UnknownLevel(l) => write!(f, "unknown level {l:?}"),
            FilterErrorKind::EmptyTarget => f.write_str("empty target before '='"),
            FilterErrorKind::BadTarget(t) => write!(f, "invalid target {t:?}"),
            FilterErrorKind::ExtraEquals => f.write_str("more than one '=' in a directive"),
        }
    }
}

impl std::error::Error for FilterError {}

fn valid_target(t: &str) -> bool {
    t.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'-' | b'.' | b'/'))
}

/// Whether `target` is `prefix` or a path below it.
fn under(target: &str, prefix: &str) -> bool {
    match target.strip_prefix(prefix) {
        Some(rest) => rest.is_empty() || rest.starts_with("::"),
        None => false,
    }
}

impl Filter {
    /// One level for every target.
    ///
    /// ```
    /// let f = spoolog::filter::Filter::level(spoolog::LevelFilter::Info);
    /// assert!(f.enabled(spoolog::Level::Info, "anything"));
    /// ```
    pub fn level(level: LevelFilter) -> Filter {
        Filter {
            default: level,
            targets: Vec::new(),
        }
    }

    /// Parse comma-separated directives: `level`, `target`, `target=level`.
    /// A bare `target` means `trace` for it; a bare `level` sets the default
    /// (default `error`, as `env_logger` does, when no bare level is given);
    /// later directives for the same target win. Whitespace around parts is
    /// ignored; empty parts are skipped.
    ///
    /// ```
    /// use spoolog::{filter::Filter, Level};
    /// let f = Filter::parse(" info , noisy=warn ,").unwrap();
    /// assert!(f.enabled(Level::Info, "app"));
    /// assert!(!f.enabled(Level::Info, "noisy::x"));
    /// assert!(Filter::parse("").unwrap().enabled(Level::Error, "x"));
    /// assert!(!Filter::parse("").unwrap().enabled(Level::Warn, "x"));
    /// ```
    pub fn parse(spec: &str) -> Result<Filter, FilterError> {
        let mut filter = Filter::level(LevelFilter::Error);
        let mut offset = 0;
        for part in spec.split(',') {
            let start = offset + (part.len() - part.trim_start().len());
            offset += part.len() + 1;
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let mut pieces = part.splitn(3, '=');
            let first = pieces.next().unwrap_or_default().trim();
            let second = pieces.next();
            if pieces.next().is_some() {
                let at = start + part.find('=').unwrap_or(0) + 1;
                let at = at + part[at - start..].find('=').unwrap_or(0);
                return Err(FilterError {
                    position: at,
                    kind: FilterErrorKind::ExtraEquals,
                });
            }
            match second {
                None => match first.parse::<LevelFilter>() {
                    Ok(level) => filter.default = level,
                    Err(_) if valid_target(first) => filter.set(first, LevelFilter::Trace),
                    Err(_) => {
                        return Err(FilterError {
                            position: start,
                            kind: FilterErrorKind::UnknownLevel(first.to_owned()),
                        })
                    }
                },
                Some(level) => {
                    if first.is_empty() {
                        return Err(FilterError {
                            position: start,
                            kind: FilterErrorKind::EmptyTarget,
                        });
                    }
                    if !valid_target(first) {
                        return Err(FilterError {
                            position: start,
                            kind: FilterErrorKind::BadTarget(first.to_owned()),
                        });
                    }
                    let level_at = start + part.find('=').unwrap_or(0) + 1;
                    let level_at = level_at + (level.len() - level.trim_start().len());
                    let parsed = level
                        .trim()
                        .parse::<LevelFilter>()
                        .map_err(|_| FilterError {
                            position: level_at,
                            kind: FilterErrorKind::UnknownLevel(level.trim().to_owned()),
                        })?;
                    filter.set(first, parsed);
                }
            }
        }
        Ok(filter)
    }

    fn set(&mut self, target: &str, level: LevelFilter) {
        match self.targets.iter_mut().find(|(t, _)| t == target) {
            Some(entry) => entry.1 = level,
            None => {
                self.targets.push((target.to_owned(), level));
                self.targets.sort_by_key(|t| std::cmp::Reverse(t.0.len()));
            }
        }
    }

    /// The level for targets no directive names.
    ///
    /// ```
    /// let f = spoolog::filter::Filter::parse("warn,a=debug").unwrap();
    /// assert_eq!(f.default_level(), spoolog::LevelFilter::Warn);
    /// ```
    pub fn default_level(&self) -> LevelFilter {
        self.default
    }

    /// Whether any directive names a target (if not, the level check alone
    /// decides and no target is looked at).
    ///
    /// ```
    /// assert!(!spoolog::filter::Filter::parse("info").unwrap().has_targets());
    /// ```
    pub fn has_targets(&self) -> bool {
        !self.targets.is_empty()
    }

    /// The most verbose level any directive allows: the cheap first check.
    ///
    /// ```
    /// let f = spoolog::filter::Filter::parse("error,a=trace").unwrap();
    /// assert_eq!(f.max_level(), spoolog::LevelFilter::Trace);
    /// ```
    pub fn max_level(&self) -> LevelFilter {
        self.targets
            .iter()
            .map(|(_, l)| *l)
            .fold(self.default, LevelFilter::max)
    }

    /// The level that applies to `target`: the most specific directive's.
    ///
    /// ```
    /// let f = spoolog::filter::Filter::parse("info,a=off,a::b=debug").unwrap();
    /// assert_eq!(f.level_for("a::b::c"), spoolog::LevelFilter::Debug);
    /// assert_eq!(f.level_for("a::x"), spoolog::LevelFilter::Off);
    /// assert_eq!(f.level_for("ab"), spoolog::LevelFilter::Info);
    /// ```
    pub fn level_for(&self, target: &str) -> LevelFilter {
        self.targets
            .iter()
            .find(|(t, _)| under(target, t))
            .map_or(self.default, |(_, l)| *l)
    }

    /// Whether a record at `level` from `target` passes.
    ///
    /// ```
    /// let f = spoolog::filter::Filter::parse("info").unwrap();
    /// assert!(!f.enabled(spoolog::Level::Debug, "x"));
    /// ```
    pub fn enabled(&self, level: Level, target: &str) -> bool {
        self.level_for(target).allows(level)
    }
}

impl std::str::FromStr for Filter {
    type Err = FilterError;
    fn from_str(s: &str) -> Result<Filter, FilterError> {
        Filter::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_specific_wins_regardless_of_order() {
        for spec in ["a=warn,a::b=trace,info", "info,a::b=trace,a=warn"] {
            let f = Filter::parse(spec).unwrap();
            assert_eq!(f.level_for("a::b"), LevelFilter::Trace, "{spec}");
            assert_eq!(f.level_for("a::b::c"), LevelFilter::Trace, "{spec}");
            assert_eq!(f.level_for("a::c"), LevelFilter::Warn, "{spec}");
            assert_eq!(f.level_for("a"), LevelFilter::Warn, "{spec}");
            assert_eq!(f.level_for("ab"), LevelFilter::Info, "{spec}");
            assert_eq!(f.level_for("z"), LevelFilter::Info, "{spec}");
        }
    }

    #[test]
    fn later_directive_for_the_same_target_wins() {
        let f = Filter::parse("a=warn,a=debug").unwrap();
        assert_eq!(f.level_for("a"), LevelFilter::Debug);
    }

    #[test]
    fn bare_target_means_trace() {
        let f = Filter::parse("warn,app").unwrap();
        assert_eq!(f.level_for("app::x"), LevelFilter::Trace);
        assert_eq!(f.level_for("other"), LevelFilter::Warn);
    }

    #[test]
    fn errors_name_the_position() {
        let cases: &[(&str, usize)] = &[
            ("info,db=loud", 8),
            ("info, db = loud", 11),
            ("=info", 0),
            ("info,=debug", 5),
            ("a=b=c", 3),
            ("info,a b=debug", 5),
            ("lou d", 0),
        ];
        for (spec, pos) in cases {
            let e = Filter::parse(spec).unwrap_err();
            assert_eq!(e.position(), *pos, "{spec}: {e}");
            assert!(e.to_string().contains(&format!("byte {pos}")));
        }
    }

    #[test]
    fn max_level_covers_every_directive() {
        assert_eq!(Filter::parse("off").unwrap().max_level(), LevelFilter::Off);
        assert_eq!(
            Filter::parse("off,a=info").unwrap().max_level(),
            LevelFilter::Info
        );
    }
}
