//! The strict parser: `env_filter`'s grammar, with every malformed part an
//! error that names its byte position.
//!
//! It splits the string exactly as `env_filter` does (one optional `/`
//! before the message filter, `,` between directives, each directive
//! trimmed, `=` between name and level), so any string it accepts builds the
//! same [`Filter`] as the lenient parser, which then warns about nothing.
//! On top of what `env_filter` warns about (more than one `/` or `=`, an
//! unknown level, a regex that does not compile) it refuses what
//! `env_filter` takes silently but is almost surely a mistake: `=level`
//! (the empty name, which matches every target), `target=` (no level; the
//! lenient parser reads `trace`), and names with characters that cannot
//! appear in a module path — a space before `=` included, since
//! `env_filter` keeps it in the name (`db =debug` names `"db "`).

use super::{Directives, Filter, MessageFilter};
use crate::level::{self, LevelFilter};
use std::fmt;

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
    /// A level name that is not off/error/warn/info/debug/trace (in any
    /// case), or nothing after `=`.
    UnknownLevel(String),
    /// `=level` with nothing before the `=`.
    EmptyTarget,
    /// A target with characters that cannot appear in a module path (ASCII
    /// letters, digits, `_`, `:`, `-` and `.` can).
    BadTarget(String),
    /// More than one `=` in one directive.
    ExtraEquals,
    /// More than one `/` in the string (only one message filter is allowed).
    ExtraSlash,
    /// The message filter after `/` is not a valid regex; the regex crate's
    /// explanation.
    BadRegex(String),
}

impl FilterError {
    fn at(position: usize, kind: FilterErrorKind) -> FilterError {
        FilterError { position, kind }
    }

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
            FilterErrorKind::ExtraSlash => f.write_str("more than one '/' (one message filter)"),
            FilterErrorKind::BadRegex(e) => write!(f, "invalid message filter: {e}"),
        }
    }
}

impl std::error::Error for FilterError {}

fn valid_target(t: &str) -> bool {
    t.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'-' | b'.'))
}

impl Filter {
    /// Parse `env_logger` directives strictly: `level`, `target`,
    /// `target=level`, separated by commas, optionally followed by one
    /// `/filter` for messages. A bare `target` means `trace` for it; a bare
    /// `level` sets the level of targets no directive names (`off` if there
    /// are directives but no bare level, `error` if there are no directives
    /// at all); a later directive for the same target replaces the earlier.
    /// Level names are case-insensitive; whitespace around each directive and
    /// after `=` is ignored; empty parts are skipped. See the
    /// [module docs](crate::filter) for how targets match.
    ///
    /// Any string this accepts decides exactly as `env_logger` decides it;
    /// what `env_logger` would skip with a warning (and a few silent
    /// mistakes, see [`FilterErrorKind`]) is an error with its position. For
    /// `env_logger`'s own lenient behaviour use
    /// [`from_env_spec`](Filter::from_env_spec).
    ///
    /// ```
    /// use spoolog::{filter::Filter, Level};
    /// let f = Filter::parse(" info , noisy=WARN ,").unwrap();
    /// assert!(f.enabled(Level::Info, "app"));
    /// assert!(!f.enabled(Level::Info, "noisy::x"));
    /// assert!(Filter::parse("").unwrap().enabled(Level::Error, "x"));
    /// assert!(!Filter::parse("").unwrap().enabled(Level::Warn, "x"));
    /// assert!(Filter::parse("info/timed out").unwrap().message_matches("upstream timed out"));
    /// assert_eq!(Filter::parse("info/a/b").unwrap_err().position(), 6);
    /// ```
    pub fn parse(spec: &str) -> Result<Filter, FilterError> {
        let (mods, pattern_at) = match spec.find('/') {
            None => (spec, None),
            Some(slash) => {
                if let Some(next) = spec[slash + 1..].find('/') {
                    return Err(FilterError::at(
                        slash + 1 + next,
                        FilterErrorKind::ExtraSlash,
                    ));
                }
                (&spec[..slash], Some(slash + 1))
            }
        };
        let mut directives = Directives::default();
        let mut offset = 0;
        for raw in mods.split(',') {
            let start = offset + (raw.len() - raw.trim_start().len());
            offset += raw.len() + 1;
            let part = raw.trim();
            if part.is_empty() {
                continue;
            }
            let mut equals = part.match_indices('=').map(|(i, _)| i);
            let first_eq = equals.next();
            if let Some(second) = equals.next() {
                return Err(FilterError::at(
                    start + second,
                    FilterErrorKind::ExtraEquals,
                ));
            }
            match first_eq {
                None => match level::from_name_exact(part) {
                    Some(level) => directives.insert(None, level),
                    None if valid_target(part) => directives.insert(Some(part), LevelFilter::Trace),
                    None => {
                        return Err(FilterError::at(
                            start,
                            FilterErrorKind::UnknownLevel(part.to_owned()),
                        ))
                    }
                },
                Some(eq) => {
                    let name = &part[..eq];
                    if name.is_empty() {
                        return Err(FilterError::at(start, FilterErrorKind::EmptyTarget));
                    }
                    if !valid_target(name) {
                        return Err(FilterError::at(
                            start,
                            FilterErrorKind::BadTarget(name.to_owned()),
                        ));
                    }
                    let after = &part[eq + 1..];
                    let level_at = start + eq + 1 + (after.len() - after.trim_start().len());
                    let word = after.trim();
                    match level::from_name_exact(word) {
                        Some(level) => directives.insert(Some(name), level),
                        None => {
                            return Err(FilterError::at(
                                level_at,
                                FilterErrorKind::UnknownLevel(word.to_owned()),
                            ))
                        }
                    }
                }
            }
        }
        let message = match pattern_at {
            None => None,
            Some(at) => Some(
                MessageFilter::new(&spec[at..])
                    .map_err(|e| FilterError::at(at, FilterErrorKind::BadRegex(e)))?,
            ),
        };
        Ok(directives.build(message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            ("info, db =loud", 6),
            ("info, db= loud", 10),
            ("=info", 0),
            ("info,=debug", 5),
            ("a=b=c", 3),
            (" a==", 3),
            ("info,a b=debug", 5),
            ("lou d", 0),
            ("a=", 2),
            ("info/x/y", 6),
            ("a/b,c=d/", 7),
        ];
        for (spec, pos) in cases {
            let e = Filter::parse(spec).unwrap_err();
            assert_eq!(e.position(), *pos, "{spec}: {e}");
            assert!(e.to_string().contains(&format!("byte {pos}")));
        }
    }

    #[test]
    fn the_message_filter_is_everything_after_the_slash() {
        let f = Filter::parse("info,a=debug/ x,y=z ").unwrap();
        assert_eq!(f.message_filter(), Some(" x,y=z "));
        assert_eq!(f.level_for("a"), LevelFilter::Debug);
        let f = Filter::parse("/").unwrap();
        assert_eq!(f.message_filter(), Some(""));
        assert_eq!(f.default_level(), LevelFilter::Error);
    }

    #[cfg(feature = "regex")]
    #[test]
    fn a_bad_regex_is_an_error_at_its_start() {
        let e = Filter::parse("info/[").unwrap_err();
        assert_eq!(e.position(), 5);
        assert!(matches!(e.kind(), FilterErrorKind::BadRegex(_)), "{e:?}");
    }
}
