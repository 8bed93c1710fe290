//! Directive filter: `Filter::parse` never panics, accepts exactly what a
//! naive reference parser accepts, and `enabled` / `level_for` / `max_level`
//! agree with a naive "most specific directive wins" reference.
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
        .position(|n| n.eq_ignore_ascii_case(s.trim()))
        .map(|i| filters[i])
}

fn valid_target(t: &str) -> bool {
    t.chars()
        .all(|c| c.is_ascii_alphanumeric() || "_:-./".contains(c))
}

/// The documented grammar, parsed the obvious way: the default level and
/// every (target, level) directive in order.
fn reference(spec: &str) -> Option<(LevelFilter, Vec<(String, LevelFilter)>)> {
    let mut default = LevelFilter::Error;
    let mut dirs = Vec::new();
    for part in spec.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let pieces: Vec<&str> = part.split('=').collect();
        match pieces[..] {
            [one] => match level_name(one) {
                Some(l) => default = l,
                None if valid_target(one.trim()) => {
                    dirs.push((one.trim().to_owned(), LevelFilter::Trace))
                }
                None => return None,
            },
            [t, l] => {
                let t = t.trim();
                if t.is_empty() || !valid_target(t) {
                    return None;
                }
                dirs.push((t.to_owned(), level_name(l)?));
            }
            _ => return None,
        }
    }
    Some((default, dirs))
}

/// Most specific matching directive; for the same target the last one.
fn ref_level(default: LevelFilter, dirs: &[(String, LevelFilter)], target: &str) -> LevelFilter {
    let mut best: Option<(usize, LevelFilter)> = None;
    for (t, l) in dirs {
        let matches =
            target == t || (target.starts_with(t.as_str()) && target[t.len()..].starts_with("::"));
        if matches && best.is_none_or(|(len, _)| t.len() >= len) {
            best = Some((t.len(), *l));
        }
    }
    best.map_or(default, |(_, l)| l)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let spec = parts.next().unwrap_or_default();
    let parsed = Filter::parse(spec);
    let want = reference(spec);
    let filter = match (parsed, want) {
        (Ok(f), Some(w)) => (f, w),
        (Err(e), None) => {
            assert!(e.position() <= spec.len(), "{spec:?}: {e}");
            let _ = e.to_string();
            return;
        }
        (Ok(f), None) => panic!("{spec:?} parsed as {f:?}, the reference refuses it"),
        (Err(e), Some(w)) => panic!("{spec:?} refused ({e}), the reference gives {w:?}"),
    };
    let (f, (default, dirs)) = filter;
    assert_eq!(f.default_level(), default, "{spec:?}");
    let targets: Vec<&str> = parts.collect();
    let mut probes: Vec<&str> = vec!["", "a", "a::b", "x::y::z"];
    probes.extend(targets.iter().copied());
    probes.extend(dirs.iter().map(|(t, _)| t.as_str()));
    let extended: Vec<String> = dirs.iter().map(|(t, _)| format!("{t}::sub")).collect();
    probes.extend(extended.iter().map(String::as_str));
    for target in probes {
        let want = ref_level(default, &dirs, target);
        assert_eq!(f.level_for(target), want, "{spec:?} target {target:?}");
        for level in Level::ALL {
            assert_eq!(
                f.enabled(level, target),
                want.allows(level),
                "{spec:?} {level} {target:?}"
            );
        }
    }
    // max_level: the most verbose level any effective directive allows.
    let mut effective: Vec<(&str, LevelFilter)> = Vec::new();
    for (t, l) in &dirs {
        match effective.iter_mut().find(|(x, _)| x == t) {
            Some(e) => e.1 = *l,
            None => effective.push((t, *l)),
        }
    }
    let max = effective
        .iter()
        .map(|(_, l)| *l)
        .fold(default, LevelFilter::max);
    assert_eq!(f.max_level(), max, "{spec:?}");
    assert_eq!(f.has_targets(), !dirs.is_empty(), "{spec:?}");
});
