//! spoolog's lenient `RUST_LOG` parser against `env_filter` (what
//! `env_logger` uses), on arbitrary strings:
//!
//! - `Filter::from_env_spec` decides every query as `env_filter::Filter`
//!   does: `enabled(&Metadata)` for level and target, `matches(&Record)`
//!   with the message filter too; `max_level()` equals `filter()`;
//! - its warnings equal, byte for byte, what `env_filter::Builder::parse`
//!   prints to stderr (captured in-process with nightly's output capture,
//!   the mechanism libtest uses);
//! - when the strict `Filter::parse` accepts the string, it builds the same
//!   filter and env_filter prints nothing.
//!
//! Input (lossy UTF-8): the directive string, then `\0`-separated queries;
//! a query's first character picks the level, the rest is
//! `target\u{1}message` (no `\u{1}`: the message is the target). Each
//! directive's name, that name plus `::x` and less its last character are
//! probed at every level too.
#![no_main]
#![feature(internal_output_capture)]

use libfuzzer_sys::fuzz_target;
use spoolog::filter::Filter;
use spoolog::Level;
use std::sync::{Arc, Mutex};

/// `env_filter::Builder::parse(spec).build()`, and what it printed.
fn env_filter_parse(spec: &str) -> (env_filter::Filter, String) {
    let buf = Arc::new(Mutex::new(Vec::new()));
    let previous = std::io::set_output_capture(Some(Arc::clone(&buf)));
    let filter = env_filter::Builder::new().parse(spec).build();
    std::io::set_output_capture(previous);
    let printed = String::from_utf8(buf.lock().unwrap().clone()).unwrap();
    (filter, printed)
}

fn check(
    ours: &Filter,
    theirs: &env_filter::Filter,
    spec: &str,
    level: Level,
    target: &str,
    message: &str,
) {
    let log_level: log::Level = level.into();
    let meta = log::Metadata::builder()
        .level(log_level)
        .target(target)
        .build();
    let enabled = ours.enabled(level, target);
    assert_eq!(
        enabled,
        theirs.enabled(&meta),
        "{spec:?}: enabled({level}, {target:?})"
    );
    let theirs_all = theirs.matches(
        &log::Record::builder()
            .args(format_args!("{message}"))
            .level(log_level)
            .target(target)
            .build(),
    );
    assert_eq!(
        enabled && ours.message_matches(message),
        theirs_all,
        "{spec:?}: matches({level}, {target:?}, {message:?})"
    );
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let spec = parts.next().unwrap_or_default();

    let (ours, warnings) = Filter::from_env_spec(spec);
    let (theirs, printed) = env_filter_parse(spec);
    let expected: String = warnings.iter().map(|w| format!("{w}\n")).collect();
    assert_eq!(expected, printed, "warnings for {spec:?}");
    assert_eq!(
        log::LevelFilter::from(ours.max_level()),
        theirs.filter(),
        "max_level of {spec:?}"
    );
    if let Ok(strict) = Filter::parse(spec) {
        assert!(
            warnings.is_empty(),
            "{spec:?}: strict ok, warned {warnings:?}"
        );
        assert_eq!(strict, ours, "{spec:?}: strict and lenient differ");
    }

    for query in parts {
        let mut chars = query.chars();
        let level = Level::ALL[chars.next().map_or(0, |c| c as usize % 5)];
        let rest = chars.as_str();
        let (target, message) = rest.split_once('\u{1}').unwrap_or((rest, rest));
        check(&ours, &theirs, spec, level, target, message);
    }

    let mods = spec.split('/').next().unwrap_or_default();
    for part in mods.split(',').take(16) {
        let name = part.trim().split('=').next().unwrap_or_default();
        let mut short = name.to_owned();
        short.pop();
        for target in [name.to_owned(), format!("{name}::x"), short] {
            for level in Level::ALL {
                check(&ours, &theirs, spec, level, &target, name);
            }
        }
    }
});
