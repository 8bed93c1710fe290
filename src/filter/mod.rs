//! `RUST_LOG`-style directives, decided exactly as `env_logger` (its
//! `env_filter` crate) decides them.
//!
//! `"info,my_crate::db=debug,hyper=off"` lets `info` and above through
//! everywhere, `debug` for every target whose name starts with `my_crate::db`,
//! and nothing from targets starting with `hyper`. The rules, all
//! `env_filter`'s:
//!
//! - A directive's name matches a target when the target **starts with** it,
//!   as a string: `ap` matches `app`, `my_crate` matches `my_crate_extra`,
//!   `example` matches `examples::and_more_examples`.
//! - Among the directives that match, the one with the longest name wins.
//! - A later directive for the same name replaces the earlier one's level.
//! - A directive without a name (`warn`) sets the level for targets no named
//!   directive matches. With directives but none without a name, such
//!   targets get `off`; with no directives at all, everything gets `error`.
//! - A part after `/` is a message filter: a regex (with the default `regex`
//!   feature, else a substring) that a record's message must match
//!   ([`Filter::message_matches`]).
//!
//! Two parsers build a [`Filter`]:
//!
//! - [`Filter::parse`] (also [`FromStr`](std::str::FromStr)) is strict: it
//!   rejects anything `env_filter` would warn about, and a few things it
//!   accepts silently but almost surely by mistake (an empty name, spaces or
//!   other characters that cannot appear in a module path, `target=`), with a
//!   [`FilterError`] naming the byte position. When it accepts a string, the
//!   filter equals the lenient parser's.
//! - [`Filter::from_env_spec`] is `env_filter`'s own lenient parser: it never
//!   fails, skips each malformed part with a warning worded exactly as
//!   `env_filter` words it, and keeps the rest;
//!   [`Filter::from_env_spec_warn`] prints those warnings to standard error
//!   as `env_filter` does.
//!
//! Deciding ([`Filter::enabled`], [`Filter::level_for`]) never allocates.

mod env;
mod message;
mod strict;

pub use strict::{FilterError, FilterErrorKind};

use crate::level::{Level, LevelFilter};
use message::MessageFilter;

/// A parsed set of directives, with an optional message filter.
///
/// ```
/// use spoolog::{filter::Filter, Level, LevelFilter};
/// let f = Filter::parse("warn,app::db=debug,app::db::pool=off").unwrap();
/// assert!(f.enabled(Level::Warn, "other"));
/// assert!(!f.enabled(Level::Info, "other"));
/// assert!(f.enabled(Level::Debug, "app::db"));
/// assert!(f.enabled(Level::Debug, "app::db::query"));
/// assert!(f.enabled(Level::Debug, "app::dbx")); // a string prefix, as env_logger
/// assert!(!f.enabled(Level::Error, "app::db::pool"));
/// assert_eq!(f.max_level(), LevelFilter::Debug);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    /// Never empty. Sorted by name length, shortest first; the sort is stable,
    /// so names of equal length keep the order in which they first appeared.
    /// Searched from the end: the first match is the longest.
    directives: Vec<Directive>,
    message: Option<MessageFilter>,
}

/// One `name=level` (or bare `level`, `name: None`).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Directive {
    name: Option<Box<str>>,
    level: LevelFilter,
}

impl Directive {
    fn name_len(&self) -> usize {
        self.name.as_deref().map_or(0, str::len)
    }
}

/// Directives being collected, in the order `env_filter`'s builder keeps
/// them: a directive for a name already present replaces that entry's level
/// in place; a new name goes to the end.
#[derive(Default)]
struct Directives(Vec<Directive>);

impl Directives {
    fn insert(&mut self, name: Option<&str>, level: LevelFilter) {
        match self.0.iter_mut().find(|d| d.name.as_deref() == name) {
            Some(d) => d.level = level,
            None => self.0.push(Directive {
                name: name.map(Box::from),
                level,
            }),
        }
    }

    fn build(self, message: Option<MessageFilter>) -> Filter {
        let mut directives = self.0;
        if directives.is_empty() {
            directives.push(Directive {
                name: None,
                level: LevelFilter::Error,
            });
        }
        // Stable: among equal lengths (only `None` and `Some("")` can both
        // match one target) the order of appearance decides.
        directives.sort_by_key(Directive::name_len);
        Filter {
            directives,
            message,
        }
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
        let mut d = Directives::default();
        d.insert(None, level);
        d.build(None)
    }

    /// The level for targets that no named directive matches: the last bare
    /// level given; `off` when there are directives but no bare level;
    /// `error` when there are no directives at all.
    ///
    /// ```
    /// use spoolog::{filter::Filter, LevelFilter};
    /// assert_eq!(Filter::parse("warn,a=debug").unwrap().default_level(), LevelFilter::Warn);
    /// assert_eq!(Filter::parse("a=debug").unwrap().default_level(), LevelFilter::Off);
    /// assert_eq!(Filter::parse("").unwrap().default_level(), LevelFilter::Error);
    /// ```
    pub fn default_level(&self) -> LevelFilter {
        // The directives with an empty name (a bare level, or `=level` from
        // the lenient parser) come first and match every target.
        self.directives
            .iter()
            .take_while(|d| d.name_len() == 0)
            .last()
            .map_or(LevelFilter::Off, |d| d.level)
    }

    /// Whether any directive has a name (if not, the level check alone
    /// decides: [`max_level`](Filter::max_level) is the level of every
    /// target).
    ///
    /// ```
    /// use spoolog::filter::Filter;
    /// assert!(!Filter::parse("info").unwrap().has_targets());
    /// assert!(Filter::parse("info,db=warn").unwrap().has_targets());
    /// ```
    pub fn has_targets(&self) -> bool {
        self.directives.iter().any(|d| d.name.is_some())
    }

    /// The most verbose level any directive allows: the cheap first check.
    /// Equal to `env_filter`'s `Filter::filter()`.
    ///
    /// ```
    /// let f = spoolog::filter::Filter::parse("error,a=trace").unwrap();
    /// assert_eq!(f.max_level(), spoolog::LevelFilter::Trace);
    /// ```
    pub fn max_level(&self) -> LevelFilter {
        self.directives
            .iter()
            .map(|d| d.level)
            .max()
            .unwrap_or(LevelFilter::Off)
    }

    /// The level that applies to `target`: that of the matching directive
    /// with the longest name. Never allocates.
    ///
    /// ```
    /// let f = spoolog::filter::Filter::parse("info,a=off,a::b=debug").unwrap();
    /// assert_eq!(f.level_for("a::b::c"), spoolog::LevelFilter::Debug);
    /// assert_eq!(f.level_for("a::x"), spoolog::LevelFilter::Off);
    /// assert_eq!(f.level_for("ab"), spoolog::LevelFilter::Off); // "ab" starts with "a"
    /// assert_eq!(f.level_for("b"), spoolog::LevelFilter::Info);
    /// ```
    pub fn level_for(&self, target: &str) -> LevelFilter {
        for d in self.directives.iter().rev() {
            match &d.name {
                Some(name) if !target.starts_with(&**name) => {}
                _ => return d.level,
            }
        }
        LevelFilter::Off
    }

    /// Whether a record at `level` from `target` passes the directives (the
    /// message filter is separate: [`message_matches`](Filter::message_matches)).
    /// Never allocates.
    ///
    /// ```
    /// let f = spoolog::filter::Filter::parse("info").unwrap();
    /// assert!(!f.enabled(spoolog::Level::Debug, "x"));
    /// ```
    pub fn enabled(&self, level: Level, target: &str) -> bool {
        self.level_for(target).allows(level)
    }

    /// Whether the directives had a `/filter` part that compiled.
    ///
    /// ```
    /// use spoolog::filter::Filter;
    /// assert!(Filter::parse("info/upstream").unwrap().has_message_filter());
    /// assert!(!Filter::parse("info").unwrap().has_message_filter());
    /// ```
    pub fn has_message_filter(&self) -> bool {
        self.message.is_some()
    }

    /// The message filter's pattern, as written after the `/`.
    ///
    /// ```
    /// let f = spoolog::filter::Filter::parse("info/up.*stream").unwrap();
    /// assert_eq!(f.message_filter(), Some("up.*stream"));
    /// ```
    pub fn message_filter(&self) -> Option<&str> {
        self.message.as_ref().map(MessageFilter::pattern)
    }

    /// Whether a record whose message renders as `msg` passes the message
    /// filter: `true` when there is none; with the `regex` feature (on by
    /// default) whether the regex matches anywhere in `msg`, as
    /// `Regex::is_match`; without it whether `msg` contains the pattern as a
    /// substring. The same as `env_filter` with and without its `regex`
    /// feature.
    ///
    /// Not applied by [`Logger`](crate::Logger) yet. A record passes
    /// `env_logger`'s filter when [`enabled`](Filter::enabled) **and** this
    /// are true, so the logger must call it in `Logger::log` and
    /// `<Logger as log::Log>::log`, after the level and target checks, on the
    /// message as `format_args!`/`record.args()` renders it (unescaped; use
    /// `Arguments::as_str` when it is a plain literal, else render into a
    /// pooled buffer), and write nothing when it returns `false`. The regex
    /// itself allocates only a per-thread search cache, the first time a
    /// thread uses it.
    ///
    /// ```
    /// let f = spoolog::filter::Filter::parse("info/up.*stream").unwrap();
    /// assert!(f.message_matches("upstream timed out"));
    /// assert!(f.message_matches("the upper stream"));
    /// assert!(!f.message_matches("downstream"));
    /// assert!(spoolog::filter::Filter::parse("info").unwrap().message_matches("anything"));
    /// ```
    pub fn message_matches(&self, msg: &str) -> bool {
        self.message.as_ref().is_none_or(|m| m.is_match(msg))
    }
}

impl std::str::FromStr for Filter {
    type Err = FilterError;

    /// [`Filter::parse`].
    ///
    /// ```
    /// let f: spoolog::filter::Filter = "warn".parse().unwrap();
    /// assert_eq!(f.max_level(), spoolog::LevelFilter::Warn);
    /// ```
    fn from_str(s: &str) -> Result<Filter, FilterError> {
        Filter::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_match_wins_regardless_of_order() {
        for spec in ["a=warn,a::b=trace,info", "info,a::b=trace,a=warn"] {
            let f = Filter::parse(spec).unwrap();
            assert_eq!(f.level_for("a::b"), LevelFilter::Trace, "{spec}");
            assert_eq!(f.level_for("a::b::c"), LevelFilter::Trace, "{spec}");
            assert_eq!(f.level_for("a::bc"), LevelFilter::Trace, "{spec}");
            assert_eq!(f.level_for("a::c"), LevelFilter::Warn, "{spec}");
            assert_eq!(f.level_for("a"), LevelFilter::Warn, "{spec}");
            assert_eq!(f.level_for("ab"), LevelFilter::Warn, "{spec}");
            assert_eq!(f.level_for("z"), LevelFilter::Info, "{spec}");
        }
    }

    #[test]
    fn string_prefixes_match() {
        let f = Filter::parse("ap=debug,example=trace").unwrap();
        assert_eq!(f.level_for("app"), LevelFilter::Debug);
        assert_eq!(
            f.level_for("examples::and_more_examples"),
            LevelFilter::Trace
        );
        assert_eq!(f.level_for("a"), LevelFilter::Off);
    }

    #[test]
    fn later_directive_for_the_same_name_wins() {
        let f = Filter::parse("a=warn,a=debug").unwrap();
        assert_eq!(f.level_for("a"), LevelFilter::Debug);
        assert_eq!(f.max_level(), LevelFilter::Debug);
        let f = Filter::parse("info,a=trace,warn").unwrap();
        assert_eq!(f.default_level(), LevelFilter::Warn);
    }

    #[test]
    fn defaults() {
        assert_eq!(
            Filter::parse("").unwrap().level_for("x"),
            LevelFilter::Error
        );
        assert_eq!(
            Filter::parse(" , ").unwrap().max_level(),
            LevelFilter::Error
        );
        assert_eq!(Filter::parse("a").unwrap().level_for("b"), LevelFilter::Off);
        assert_eq!(
            Filter::parse("a").unwrap().level_for("a"),
            LevelFilter::Trace
        );
        assert_eq!(
            Filter::level(LevelFilter::Warn).default_level(),
            LevelFilter::Warn
        );
    }

    #[test]
    fn empty_name_from_the_lenient_parser_matches_everything() {
        // `=debug` names the empty target, which every target starts with; it
        // and a bare level have the same length, so the one that appeared
        // first loses.
        let (f, w) = Filter::from_env_spec("info,=debug");
        assert!(w.is_empty());
        assert_eq!(f.level_for("x"), LevelFilter::Debug);
        assert_eq!(f.default_level(), LevelFilter::Debug);
        assert!(f.has_targets());
        let (f, _) = Filter::from_env_spec("=debug,info");
        assert_eq!(f.level_for("x"), LevelFilter::Info);
        assert_eq!(f.default_level(), LevelFilter::Info);
        assert_eq!(f.max_level(), LevelFilter::Debug);
        // Replacing `info` keeps its place.
        let (f, _) = Filter::from_env_spec("info,=debug,warn");
        assert_eq!(f.level_for("x"), LevelFilter::Debug);
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
