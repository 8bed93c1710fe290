//! Swapping `env_logger::init()` for `spoolog::init()` keeps the same
//! records: for each `RUST_LOG` value, the (level, target, message) triples
//! on standard error are the same set, nothing goes to standard output, and
//! an invalid part is warned about by both while the valid parts apply.

use std::collections::BTreeSet;
use std::process::Command;

type Records = BTreeSet<(String, String, String)>;

fn run(which: &str, rust_log: Option<&str>) -> (Records, Vec<String>, Vec<u8>) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_migrate"));
    c.arg(which)
        .env_remove("RUST_LOG")
        .env_remove("RUST_LOG_STYLE");
    c.env("NO_COLOR", "1");
    if let Some(v) = rust_log {
        c.env("RUST_LOG", v);
    }
    let out = c.output().unwrap();
    assert!(out.status.success(), "{which} {rust_log:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    let mut records = Records::new();
    let mut other = Vec::new();
    for line in err.lines() {
        match parse(which, line) {
            Some(r) => {
                records.insert(r);
            }
            None => other.push(line.to_owned()),
        }
    }
    (records, other, out.stdout)
}

/// env_logger: `[2026-12-01T16:00:00Z INFO  app::db] msg`;
/// spoolog text: `2026-12-01T16:00:00.000000Z INFO app::db: msg`.
fn parse(which: &str, line: &str) -> Option<(String, String, String)> {
    if which == "env_logger" {
        let rest = line.strip_prefix('[')?;
        let (head, msg) = rest.split_once("] ")?;
        let mut parts = head.split_whitespace();
        let _ts = parts.next()?;
        let level = parts.next()?;
        let target = parts.next()?;
        Some((level.into(), target.into(), msg.into()))
    } else {
        let (_ts, rest) = line.split_once(' ')?;
        let (level, rest) = rest.split_once(' ')?;
        if !matches!(level, "ERROR" | "WARN" | "INFO" | "DEBUG" | "TRACE") {
            return None;
        }
        let (target, msg) = rest.split_once(": ")?;
        Some((level.into(), target.into(), msg.into()))
    }
}

#[test]
fn the_same_records_under_env_logger_and_spoolog() {
    for spec in [
        None,
        Some(""),
        Some("debug"),
        Some("warn,app::db=trace"),
        Some("ap"),
        Some("info/upstream"),
        Some("foo=bar=baz"),
        Some("foo=bar=baz,app=info"),
        Some("off"),
        Some("=debug"),
        Some("app=,upstream=warn"),
    ] {
        let (e, e_other, e_out) = run("env_logger", spec);
        let (s, s_other, s_out) = run("spoolog", spec);
        assert_eq!(e, s, "RUST_LOG={spec:?}");
        assert!(e_out.is_empty() && s_out.is_empty(), "stdout stays clean");
        // Warnings: env_logger's wording, once per invalid part, from both.
        assert_eq!(e_other, s_other, "RUST_LOG={spec:?}: other stderr lines");
        println!(
            "RUST_LOG={spec:?}: {} records, warnings {e_other:?}",
            e.len()
        );
    }
}

fn stderr_of(which: &str, envs: &[(&str, &str)]) -> String {
    let mut c = Command::new(env!("CARGO_BIN_EXE_migrate"));
    c.arg(which)
        .env_remove("RUST_LOG")
        .env_remove("RUST_LOG_STYLE")
        .env_remove("NO_COLOR")
        .env_remove("SPOOLOG_FORMAT");
    for (k, v) in envs {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty(), "stdout stays clean");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn colour_and_format_follow_the_environment() {
    // Piped standard error: no colour by default, for both. (The compare
    // crate builds env_logger without its `color` feature, so only
    // spoolog's RUST_LOG_STYLE handling is checked.)
    for which in ["env_logger", "spoolog"] {
        assert!(!stderr_of(which, &[]).contains('\x1b'), "{which}");
    }
    let forced = stderr_of("spoolog", &[("RUST_LOG_STYLE", "always")]);
    assert!(forced.contains("\x1b["), "RUST_LOG_STYLE=always");
    let never = stderr_of("spoolog", &[("RUST_LOG_STYLE", "never")]);
    assert!(!never.contains('\x1b'), "RUST_LOG_STYLE=never");
    // NO_COLOR wins over `always` in spoolog (https://no-color.org).
    let s = stderr_of(
        "spoolog",
        &[("RUST_LOG_STYLE", "always"), ("NO_COLOR", "1")],
    );
    assert!(!s.contains('\x1b'));
    // SPOOLOG_FORMAT picks the format; an unknown one is named and ignored.
    let json = stderr_of(
        "spoolog",
        &[("SPOOLOG_FORMAT", "json"), ("RUST_LOG", "warn")],
    );
    let lines: Vec<&str> = json.lines().collect();
    assert!(!lines.is_empty());
    for l in &lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(v["level"] == "ERROR" || v["level"] == "WARN", "{l}");
    }
    let logfmt = stderr_of("spoolog", &[("SPOOLOG_FORMAT", "logfmt")]);
    assert!(logfmt.lines().all(|l| l.contains("level=error")));
    let bad = stderr_of("spoolog", &[("SPOOLOG_FORMAT", "xml")]);
    assert!(bad
        .lines()
        .next()
        .unwrap()
        .contains("ignoring SPOOLOG_FORMAT=\"xml\""));
    assert!(bad.lines().skip(1).all(|l| l.contains(" ERROR ")));
}
