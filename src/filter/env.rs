//! The lenient parser: `env_filter`'s `Builder::parse`, quirk for quirk.
//!
//! What it does with each kind of part, in `env_filter`'s order:
//!
//! 1. More than one `/` anywhere: the whole string is ignored (one warning
//!    quoting it), leaving no directives, so everything gets `error`.
//! 2. Before the `/`, parts separated by `,` are trimmed; empty ones are
//!    skipped silently.
//! 3. A part is split at every `=`: three or more pieces is a warning
//!    quoting the (trimmed) part. One piece is a level name (any case; no
//!    numbers) setting the default, or else a target at `trace`. Two pieces
//!    are a name, kept as written (a space before `=` stays in it, and an
//!    empty name matches every target), and a level, trimmed: empty means
//!    `trace`, unknown is a warning quoting the level.
//! 4. After the `/`, everything (untrimmed, possibly empty) is the message
//!    filter; a regex that does not compile is a warning with the regex
//!    crate's error (which spans several lines) and no message filter.

use super::{Directives, Filter, MessageFilter};
use crate::level::{self, LevelFilter};

/// One warning line, as `env_filter` prints it (without the newline).
fn warning(detail: std::fmt::Arguments<'_>) -> String {
    format!("warning: {detail}, ignoring it")
}

impl Filter {
    /// Parse directives as `env_logger` does (its `env_filter` crate's
    /// `Builder::parse`): never fails; each malformed part is skipped with a
    /// warning and the rest still applies. Returns the filter and the
    /// warnings, each worded exactly as `env_filter` prints it to standard
    /// error (one `eprintln!` each; a regex error spans several lines).
    ///
    /// For strings without anything malformed this equals
    /// [`Filter::parse`]; see the [module docs](crate::filter) for the
    /// matching rules.
    ///
    /// ```
    /// use spoolog::{filter::Filter, Level, LevelFilter};
    /// let (f, warnings) = Filter::from_env_spec("info,db=loud,a=b=c,web=debug");
    /// assert_eq!(
    ///     warnings,
    ///     [
    ///         "warning: invalid logging spec 'loud', ignoring it",
    ///         "warning: invalid logging spec 'a=b=c', ignoring it",
    ///     ]
    /// );
    /// assert!(f.enabled(Level::Debug, "web::api"));
    /// assert_eq!(f.level_for("db"), LevelFilter::Info);
    ///
    /// // `target=` means trace; a bare word that is no level is a target.
    /// let (f, warnings) = Filter::from_env_spec("net=,verbose");
    /// assert!(warnings.is_empty());
    /// assert_eq!(f.level_for("net"), LevelFilter::Trace);
    /// assert_eq!(f.level_for("verbose::x"), LevelFilter::Trace);
    /// assert_eq!(f.level_for("other"), LevelFilter::Off);
    /// ```
    pub fn from_env_spec(spec: &str) -> (Filter, Vec<String>) {
        let mut warnings = Vec::new();
        let mut directives = Directives::default();
        let (mods, pattern) = match spec.split_once('/') {
            None => (spec, None),
            Some((_, rest)) if rest.contains('/') => {
                warnings.push(warning(format_args!(
                    "invalid logging spec '{spec}' (too many '/'s)"
                )));
                return (directives.build(None), warnings);
            }
            Some((mods, pattern)) => (mods, Some(pattern)),
        };
        for part in mods.split(',').map(str::trim) {
            if part.is_empty() {
                continue;
            }
            let mut pieces = part.split('=');
            let name = pieces.next().unwrap_or_default();
            let level = pieces.next().map(str::trim);
            if pieces.next().is_some() {
                warnings.push(warning(format_args!("invalid logging spec '{part}'")));
                continue;
            }
            match level {
                None => match level::from_name_exact(name) {
                    Some(level) => directives.insert(None, level),
                    None => directives.insert(Some(name), LevelFilter::Trace),
                },
                Some("") => directives.insert(Some(name), LevelFilter::Trace),
                Some(word) => match level::from_name_exact(word) {
                    Some(level) => directives.insert(Some(name), level),
                    None => warnings.push(warning(format_args!("invalid logging spec '{word}'"))),
                },
            }
        }
        let message = pattern.and_then(|p| match MessageFilter::new(p) {
            Ok(m) => Some(m),
            Err(e) => {
                warnings.push(warning(format_args!("invalid regex filter - {e}")));
                None
            }
        });
        (directives.build(message), warnings)
    }

    /// [`from_env_spec`](Filter::from_env_spec), printing each warning to
    /// standard error exactly as `env_logger` does, then returning the
    /// filter.
    ///
    /// ```
    /// use spoolog::{filter::Filter, LevelFilter};
    /// // Prints "warning: invalid logging spec 'foo=bar=baz', ignoring it".
    /// let f = Filter::from_env_spec_warn("warn,foo=bar=baz");
    /// assert_eq!(f.level_for("foo"), LevelFilter::Warn);
    /// ```
    pub fn from_env_spec_warn(spec: &str) -> Filter {
        let (filter, warnings) = Filter::from_env_spec(spec);
        // `eprintln!` would panic if standard error is closed.
        let mut err = std::io::stderr().lock();
        for w in &warnings {
            let _ = std::io::Write::write_fmt(&mut err, format_args!("{w}\n"));
        }
        filter
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(spec: &str) -> Vec<String> {
        Filter::from_env_spec(spec).1
    }

    #[test]
    fn too_many_slashes_ignores_everything() {
        let (f, w) = Filter::from_env_spec("debug/abc/a.c");
        assert_eq!(
            w,
            ["warning: invalid logging spec 'debug/abc/a.c' (too many '/'s), ignoring it"]
        );
        assert_eq!(f, Filter::from_env_spec("").0);
        assert_eq!(f.level_for("x"), LevelFilter::Error);
        assert!(!f.has_message_filter());
    }

    #[test]
    fn names_keep_inner_spaces_levels_are_trimmed() {
        let (f, w) = Filter::from_env_spec(" db = DeBuG ");
        assert!(w.is_empty());
        assert_eq!(f.level_for("db "), LevelFilter::Debug);
        assert_eq!(f.level_for("db"), LevelFilter::Off);
    }

    #[test]
    fn empty_parts_and_blank_strings_are_silent() {
        for spec in ["", " ", ",", ", ,", "\t,\n"] {
            let (f, w) = Filter::from_env_spec(spec);
            assert!(w.is_empty(), "{spec:?}");
            assert_eq!(f.level_for("x"), LevelFilter::Error, "{spec:?}");
        }
    }

    #[test]
    fn bad_levels_and_extra_equals_are_warned_in_order() {
        assert_eq!(
            warnings("a=nope,b==,c=info=x"),
            [
                "warning: invalid logging spec 'nope', ignoring it",
                "warning: invalid logging spec 'b==', ignoring it",
                "warning: invalid logging spec 'c=info=x', ignoring it",
            ]
        );
        // Only invalid parts: no directives, so `error` everywhere.
        let (f, _) = Filter::from_env_spec("a=nope");
        assert_eq!(f.level_for("a"), LevelFilter::Error);
    }

    #[test]
    fn numbers_are_not_levels() {
        assert_eq!(
            warnings("a=3"),
            ["warning: invalid logging spec '3', ignoring it"]
        );
        let (f, w) = Filter::from_env_spec("3");
        assert!(w.is_empty());
        assert_eq!(f.level_for("3x"), LevelFilter::Trace);
    }

    #[cfg(feature = "regex")]
    #[test]
    fn a_bad_regex_is_dropped_with_the_regex_crates_words() {
        let (f, w) = Filter::from_env_spec("info/[");
        let bad = String::from("[");
        let err = regex::Regex::new(&bad).unwrap_err();
        assert_eq!(
            w,
            [format!(
                "warning: invalid regex filter - {err}, ignoring it"
            )]
        );
        assert!(!f.has_message_filter());
        assert_eq!(f.level_for("x"), LevelFilter::Info);
    }

    #[cfg(not(feature = "regex"))]
    #[test]
    fn without_regex_the_filter_is_a_substring() {
        let (f, w) = Filter::from_env_spec("info/a.c");
        assert!(w.is_empty());
        assert!(f.message_matches("xa.cx"));
        assert!(!f.message_matches("abc"));
    }
}
