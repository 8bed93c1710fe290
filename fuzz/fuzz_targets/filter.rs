//! Directive filter, strict parser: `Filter::parse` never panics, accepts
//! exactly what a naive reference parser of the documented grammar accepts,
//! and `enabled` / `level_for` / `max_level` / `default_level` agree with a
//! naive reference of env_filter's matching ("the longest directive name that
//! is a string prefix of the target wins; a later directive for the same
//! name wins; a bare level is the fallback; `off` without one, `error` with
//! no directives at all"). Whatever it accepts, the lenient
//! `Filter::from_env_spec` builds the same filter without a warning.
//!
//! Input: the directive string, then NUL-separated targets to look up.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spoolog::filter::Filter;
use spoolog::{Level, LevelFilter};

fn level_name(s: &str) -> Option<LevelFilter> {
    let names = ["off", "error", "warn", "info", "debug", "trace"];
    let filters = [
        LevelFilter::Off,
        LevelFilter::Error,
        LevelFilter::Warn,
        LevelFilter::Info,
        LevelFilter::Debug,
        LevelFilter::Trace,
    ];
    names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(s))
        .map(|i| filters[i])
}

fn valid_target(t: &str) -> bool {
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_:-.".contains(c))
}

struct Reference {
    /// Every bare level, in order.
    bare: Vec<LevelFilter>,
    /// Every (target, level) directive, in order.
    dirs: Vec<(String, LevelFilter)>,
    pattern: Option<String>,
}

/// The documented grammar, parsed the obvious way.
fn reference(spec: &str) -> Option<Reference> {
    let pieces: Vec<&str> = spec.split('/').collect();
    if pieces.len() > 2 {
        return None;
    }
    let pattern = pieces.get(1).map(|p| p.to_string());
    if let Some(p) = &pattern {
        regex::Regex::new(p).ok()?;
    }
    let mut bare = Vec::new();
    let mut dirs = Vec::new();
    for part in pieces[0].split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let halves: Vec<&str> = part.split('=').collect();
        match halves[..] {
            [one] => match level_name(one) {
                Some(l) => bare.push(l),
                None if valid_target(one) => dirs.push((one.to_owned(), LevelFilter::Trace)),
                None => return None,
            },
            [t, l] => {
                if !valid_target(t) {
                    return None;
                }
                dirs.push((t.to_owned(), level_name(l.trim())?));
            }
            _ => return None,
        }
    }
    Some(Reference {
        bare,
        dirs,
        pattern,
    })
}

impl Reference {
    fn default_level(&self) -> LevelFilter {
        match self.bare.last() {
            Some(l) => *l,
            None if self.dirs.is_empty() => LevelFilter::Error,
            None => LevelFilter::Off,
        }
    }

    /// Longest matching name; for the same name the last directive.
    fn level_for(&self, target: &str) -> LevelFilter {
        let mut best: Option<(usize, LevelFilter)> = None;
        for (t, l) in &self.dirs {
            if target.starts_with(t.as_str()) && best.is_none_or(|(len, _)| t.len() >= len) {
                best = Some((t.len(), *l));
            }
        }
        best.map_or(self.default_level(), |(_, l)| l)
    }

    /// The most verbose level of the last directive for each name and of the
    /// fallback.
    fn max_level(&self) -> LevelFilter {
        let mut last: Vec<(&str, LevelFilter)> = Vec::new();
        for (t, l) in &self.dirs {
            match last.iter_mut().find(|(x, _)| x == t) {
                Some(e) => e.1 = *l,
                None => last.push((t, *l)),
            }
        }
        let fallback = match self.bare.last() {
            Some(l) => *l,
            None if self.dirs.is_empty() => LevelFilter::Error,
            None => LevelFilter::Off,
        };
        last.iter()
            .map(|(_, l)| *l)
            .fold(fallback, LevelFilter::max)
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let spec = parts.next().unwrap_or_default();
    let parsed = Filter::parse(spec);
    let want = reference(spec);
    let (f, want) = match (parsed, want) {
        (Ok(f), Some(w)) => (f, w),
        (Err(e), None) => {
            assert!(e.position() <= spec.len(), "{spec:?}: {e}");
            let _ = e.to_string();
            return;
        }
        (Ok(f), None) => panic!("{spec:?} parsed as {f:?}, the reference refuses it"),
        (Err(e), Some(_)) => panic!("{spec:?} refused ({e}), the reference accepts it"),
    };
    let (lenient, warnings) = Filter::from_env_spec(spec);
    assert!(warnings.is_empty(), "{spec:?}: {warnings:?}");
    assert_eq!(lenient, f, "{spec:?}");

    assert_eq!(f.default_level(), want.default_level(), "{spec:?}");
    assert_eq!(f.message_filter(), want.pattern.as_deref(), "{spec:?}");
    let targets: Vec<&str> = parts.collect();
    let mut probes: Vec<&str> = vec!["", "a", "a::b", "x::y::z"];
    probes.extend(targets.iter().copied());
    probes.extend(want.dirs.iter().map(|(t, _)| t.as_str()));
    let extended: Vec<String> = want.dirs.iter().map(|(t, _)| format!("{t}::sub")).collect();
    probes.extend(extended.iter().map(String::as_str));
    let shortened: Vec<&str> = want
        .dirs
        .iter()
        .filter_map(|(t, _)| t.get(..t.len().saturating_sub(1)))
        .collect();
    probes.extend(shortened);
    for target in probes {
        let level = want.level_for(target);
        assert_eq!(f.level_for(target), level, "{spec:?} target {target:?}");
        for l in Level::ALL {
            assert_eq!(
                f.enabled(l, target),
                level.allows(l),
                "{spec:?} {l} {target:?}"
            );
        }
    }
    assert_eq!(f.max_level(), want.max_level(), "{spec:?}");
    assert_eq!(f.has_targets(), !want.dirs.is_empty(), "{spec:?}");
});
