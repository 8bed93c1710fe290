//! Hostile values: `Display` impls that log through the same logger, that
//! panic midway, and strings full of quotes, controls, escape sequences,
//! separators and invalid UTF-8 in every position of a line, in all three
//! formats. (The 10 MiB line has its own binary, `hostile_big_line.rs`,
//! because it counts live heap bytes with a global allocator.)

mod adv_support;

use adv_support::{checked_lines, get, parse_logfmt};
use serde_json::Value as Json;
use spoolog::logger::ColorChoice;
use spoolog::sink::{Capture, WriterSink};
use spoolog::{Field, Format, Level, Logger, Value};
use std::fmt;
use std::sync::Arc;

const FORMATS: [Format; 3] = [Format::Json, Format::Logfmt, Format::Text];

fn logger(format: Format) -> (Logger, Capture) {
    let cap = Capture::new();
    let log = Logger::builder()
        .format(format)
        .no_time()
        .color(ColorChoice::Never)
        .sink(cap.clone())
        .build();
    (log, cap)
}

fn json(line: &str) -> Json {
    serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line:?}"))
}

/// The message of a line in any format (text: up to the first field, for
/// messages without `" name="` in them).
fn msg(format: Format, line: &str) -> String {
    match format {
        Format::Json => json(line)["msg"].as_str().unwrap().to_owned(),
        Format::Logfmt => get(&parse_logfmt(line), "msg").to_owned(),
        _ => {
            let rest = line.split_once(": ").unwrap().1;
            let end = rest
                .match_indices(' ')
                .map(|(i, _)| i)
                .find(|&i| {
                    let tail = &rest[i + 1..];
                    let word = tail.split(' ').next().unwrap();
                    word.contains('=')
                })
                .unwrap_or(rest.len());
            rest[..end].to_owned()
        }
    }
}

// ---------------------------------------------------------------- re-entrancy

/// Logs through the same logger while being displayed, `depth` levels deep:
/// depth 3 logs a line whose field is depth 2, which logs a line whose field
/// is depth 1, and so on.
struct Nest<'a> {
    log: &'a Logger,
    depth: u32,
}

impl fmt::Display for Nest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.depth > 0 {
            let inner = Nest {
                log: self.log,
                depth: self.depth - 1,
            };
            spoolog::info!(logger: self.log, target: "nest", inner:% = inner; "depth {}", self.depth);
        }
        write!(f, "d{}", self.depth)
    }
}

fn nested_lines(format: Format, depth: u32) -> Vec<String> {
    let (log, cap) = logger(format);
    let top = Nest { log: &log, depth };
    spoolog::info!(logger: &log, target: "nest", top:% = top; "outer");
    assert_eq!(log.errors(), 0);
    checked_lines(&cap.bytes())
}

#[test]
fn display_that_logs_two_and_three_levels_deep_inner_lines_first() {
    for format in FORMATS {
        for depth in [2, 3] {
            let lines = nested_lines(format, depth);
            assert_eq!(lines.len(), depth as usize + 1, "{format:?}: {lines:#?}");
            // Innermost first: depth 1 (its field is "d0"), ..., then the outer line.
            for (k, line) in lines[..depth as usize].iter().enumerate() {
                let d = k + 1;
                assert_eq!(msg(format, line), format!("depth {d}"), "{format:?} {line}");
                assert!(line.contains(&format!("inner=d{}", d - 1)) || format == Format::Json);
                if format == Format::Json {
                    assert_eq!(json(line)["inner"], format!("d{}", d - 1));
                }
            }
            let outer = lines.last().unwrap();
            assert_eq!(msg(format, outer), "outer");
            assert!(outer.contains(&format!("d{depth}")), "{outer}");
        }
    }
}

/// A message whose format arguments log (rather than a field).
struct LogsInMessage<'a>(&'a Logger);

impl fmt::Display for LogsInMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        spoolog::warn!(logger: self.0, target: "inner", "from the message's args");
        f.write_str("arg")
    }
}

#[test]
fn message_args_that_log() {
    let (log, cap) = logger(Format::Json);
    spoolog::info!(logger: &log, target: "outer", "before {} after", LogsInMessage(&log));
    let lines = checked_lines(&cap.bytes());
    assert_eq!(lines.len(), 2);
    assert_eq!(json(&lines[0])["msg"], "from the message's args");
    assert_eq!(json(&lines[1])["msg"], "before arg after");
}

/// Re-entrant logging on several threads at once over a mutex-protected
/// writer: no deadlock (the nested lines are encoded and written before the
/// outer line takes the writer's lock), every line arrives.
#[test]
fn nested_logging_on_many_threads_over_a_locked_writer() {
    let sink = Arc::new(WriterSink::new(Vec::<u8>::new()));
    let log = Logger::builder()
        .format(Format::Json)
        .sink(Arc::clone(&sink))
        .build();
    let threads = if cfg!(miri) { 2 } else { 8 };
    let per = if cfg!(miri) { 3 } else { 200 };
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                for _ in 0..per {
                    let top = Nest {
                        log: &log,
                        depth: 3,
                    };
                    spoolog::info!(logger: &log, top:% = top; "outer");
                }
            });
        }
    });
    assert_eq!(log.errors(), 0);
    let lines = checked_lines(&sink.with_writer(std::mem::take));
    assert_eq!(lines.len(), threads * per * 4);
    let outer = lines.iter().filter(|l| json(l)["msg"] == "outer").count();
    assert_eq!(outer, threads * per);
}

// ---------------------------------------------------------------- panics

const HALF: &str = "HALF-WRITTEN";

/// Writes part of its output, then panics.
struct Panicky;

impl fmt::Display for Panicky {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(HALF)?;
        panic!("hostile Display panics midway");
    }
}

impl fmt::Debug for Panicky {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Panicky {}

/// An error whose *source* panics while displayed.
#[derive(Debug)]
struct BadSource(Panicky);

impl fmt::Display for BadSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("outer error")
    }
}

impl std::error::Error for BadSource {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// Checks a batch of lines each of which should have been replaced.
fn assert_replaced(format: Format, cap: &Capture, log: &Logger, expect: usize, errors: u64) {
    let bytes = cap.take();
    assert!(
        !String::from_utf8_lossy(&bytes).contains(HALF),
        "half a line reached the sink"
    );
    let lines = checked_lines(&bytes);
    assert_eq!(lines.len(), expect, "{format:?}: {lines:#?}");
    for l in &lines {
        assert_eq!(msg(format, l), "log record formatting panicked", "{l}");
        match format {
            Format::Json => {
                let v = json(l);
                assert_eq!(v["level"], "ERROR");
                assert_eq!(v["target"], "hostile");
            }
            Format::Logfmt => {
                let p = parse_logfmt(l);
                assert_eq!(get(&p, "level"), "error");
                assert_eq!(get(&p, "target"), "hostile");
            }
            _ => assert!(l.starts_with("ERROR hostile: "), "{l}"),
        }
    }
    assert_eq!(log.errors(), errors);
}

/// Logs a normal line and checks it arrives intact.
fn assert_healthy(format: Format, cap: &Capture, log: &Logger) {
    for i in 0..100 {
        spoolog::info!(logger: log, target: "after", i = i, s = "fine"; "line {}", i);
    }
    let lines = checked_lines(&cap.take());
    assert_eq!(lines.len(), 100);
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(msg(format, l), format!("line {i}"));
        assert!(!l.contains(HALF));
    }
}

#[test]
fn a_display_panicking_anywhere_is_contained() {
    for format in FORMATS {
        let (log, cap) = logger(format);
        let child = log.with(&[Field::new("ctx", "context")]);
        spoolog::error!(logger: &log, target: "hostile", v:% = Panicky; "in a Display field");
        spoolog::error!(logger: &log, target: "hostile", v:? = Panicky; "in a Debug field");
        spoolog::error!(logger: &log, target: "hostile", e:err = Panicky; "in an error field");
        spoolog::error!(logger: &log, target: "hostile", e:err = BadSource(Panicky); "in a source");
        spoolog::error!(logger: &log, target: "hostile", "in the message {} args", Panicky);
        spoolog::error!(logger: &child, target: "hostile", ok = 1, v:% = Panicky, after = 2; "late");
        // Through `log::Log::log` on the logger itself (not the global one):
        // panicking message args, then a panicking key-value.
        log::Log::log(
            &log,
            &log::Record::builder()
                .level(log::Level::Error)
                .target("hostile")
                .args(format_args!("facade {}", Panicky))
                .build(),
        );
        let kvs = [("k", log::kv::Value::from_display(&Panicky))];
        log::Log::log(
            &log,
            &log::Record::builder()
                .level(log::Level::Error)
                .target("hostile")
                .args(format_args!("facade kv"))
                .key_values(&kvs)
                .build(),
        );
        assert_replaced(format, &cap, &log, 8, 8);
        // Many more panics in a row: nothing accumulates, logging carries on.
        for _ in 0..50 {
            spoolog::error!(logger: &log, target: "hostile", v:% = Panicky; "again");
        }
        assert_replaced(format, &cap, &log, 50, 58);
        assert_healthy(format, &cap, &log);
    }
}

/// A re-entrant inner line panics: only the inner line is replaced; the
/// outer line, which displays the inner value's own (non-panicking) output,
/// is intact.
struct LogsPanicky<'a>(&'a Logger);

impl fmt::Display for LogsPanicky<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        spoolog::error!(logger: self.0, target: "hostile", v:% = Panicky; "inner");
        f.write_str("survived")
    }
}

#[test]
fn a_panic_in_a_nested_line_stays_in_the_nested_line() {
    let (log, cap) = logger(Format::Json);
    spoolog::info!(logger: &log, target: "outer", v:% = LogsPanicky(&log); "outer");
    let lines = checked_lines(&cap.bytes());
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert_eq!(json(&lines[0])["msg"], "log record formatting panicked");
    let outer = json(&lines[1]);
    assert_eq!(outer["msg"], "outer");
    assert_eq!(outer["v"], "survived");
    assert_eq!(log.errors(), 1);
}

/// `Logger::with` encodes context fields eagerly, outside the hot path's
/// `catch_unwind`: a panicking `Display` there reaches the caller of `with`.
/// This pins that behaviour (documented in docs/robustness.md); the parent
/// logger is unaffected.
#[test]
fn a_panicking_context_field_is_contained_in_with() {
    let (log, cap) = logger(Format::Json);
    let child = log.with(&[
        Field::new("before", "ok"),
        Field {
            key: "ctx",
            value: Value::Display(&Panicky),
            pre: None,
        },
        Field::new("after", &1),
    ]);
    assert_eq!(log.errors(), 1, "the contained panic is counted");
    child.log(Level::Info, "after", format_args!("still fine"), &[]);
    let lines = checked_lines(&cap.bytes());
    assert_eq!(lines.len(), 1);
    let v = json(&lines[0]);
    assert_eq!(v["msg"], "still fine");
    assert_eq!(v["before"], "ok");
    assert_eq!(v["ctx"], "<formatting panicked>");
    assert_eq!(v["after"], 1);
}

// ---------------------------------------------------------------- hostile strings

const HOSTILE: &[&str] = &[
    "quote\"d",
    "back\\slash\\",
    "new\nline",
    "cr\rlf\r\n",
    "tab\there",
    "nul\0byte",
    "\x1b[2J\x1b[31mred\x1b[0m",
    "\x1b]0;title\x07",
    "next\u{85}line",
    "csi\u{9b}31m",
    "ls\u{2028}ps\u{2029}",
    "del\x7f",
    "\u{1}\u{1f}\u{8}\u{c}",
    "{\"forged\":\"json\"}",
    "k=v forged=\"yes\"",
    "level=error msg=forged",
    "\n{\"level\":\"ERROR\"}",
    "",
    " ",
    "=",
    "\u{feff}bom",
    "🦀 日本 é",
    "\\u0000",
];

/// Byte strings that are not valid UTF-8, or encode dangerous characters.
const BYTES: &[&[u8]] = &[
    b"\xff\xfe",
    b"bad\xc3(seq",
    b"trunc\xe2\x80",
    b"\xed\xa0\x80surrogate",
    b"\xc2\x85c1-as-bytes",
    b"\xe2\x80\xa8ls-as-bytes",
    b"\0\n\r\x1b[0m\x7f",
    b"ok \"quoted\" \\",
    b"",
];

/// What a logfmt key becomes: every character that may not appear in a key
/// turns into one `_`; empty and reserved keys get a leading `_`.
fn logfmt_key(key: &str) -> String {
    let mut out = String::new();
    if key.is_empty() || ["ts", "level", "target", "msg"].contains(&key) {
        out.push('_');
    }
    for c in key.chars() {
        let bad =
            matches!(c, ' ' | '=' | '"') || c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
        out.push(if bad { '_' } else { c });
    }
    out
}

fn json_key(key: &str) -> String {
    if key.is_empty() || ["ts", "level", "target", "msg"].contains(&key) {
        format!("_{key}")
    } else {
        key.to_owned()
    }
}

#[test]
fn hostile_strings_in_every_position_and_format() {
    for format in FORMATS {
        for &s in HOSTILE {
            let (root, cap) = logger(format);
            let log = root.with(&[Field::new("ctx", s)]);
            let d = s.to_owned();
            log.log(
                Level::Info,
                s,
                format_args!("{s}"),
                &[
                    Field::new("str", s),
                    Field::new("bytes", s.as_bytes()),
                    Field {
                        key: "disp",
                        value: Value::Display(&d),
                        pre: None,
                    },
                    Field::new(s, "keyed"),
                ],
            );
            let lines = checked_lines(&cap.bytes());
            assert_eq!(lines.len(), 1, "{format:?} {s:?}: {lines:#?}");
            let line = &lines[0];
            match format {
                Format::Json => {
                    let v = json(line);
                    assert_eq!(v["target"], s, "{line}");
                    assert_eq!(v["msg"], s, "{line}");
                    assert_eq!(v["ctx"], s, "{line}");
                    assert_eq!(v["str"], s, "{line}");
                    assert_eq!(v["bytes"], s, "{line}");
                    assert_eq!(v["disp"], s, "{line}");
                    assert_eq!(v[json_key(s).as_str()], "keyed", "{line}");
                    // Re-encoding the parsed object gives valid JSON again.
                    let again: Json = serde_json::from_str(&v.to_string()).unwrap();
                    assert_eq!(again, v);
                }
                Format::Logfmt => {
                    let p = parse_logfmt(line);
                    let keys: Vec<&str> = p.iter().map(|(k, _)| k.as_str()).collect();
                    let k = logfmt_key(s);
                    assert_eq!(
                        keys,
                        [
                            "level",
                            "target",
                            "msg",
                            "ctx",
                            "str",
                            "bytes",
                            "disp",
                            k.as_str()
                        ],
                        "{line}"
                    );
                    for key in ["target", "msg", "ctx", "str", "bytes", "disp"] {
                        assert_eq!(get(&p, key), s, "{key} in {line}");
                    }
                    assert_eq!(p[7].1, "keyed");
                }
                _ => {
                    assert!(line.starts_with("INFO "), "{line}");
                    // Fields use the logfmt writer: they parse and round-trip.
                    let fields = line.find(" ctx=").expect("context field");
                    let p = parse_logfmt(&line[fields + 1..]);
                    for key in ["ctx", "str", "bytes", "disp"] {
                        assert_eq!(get(&p, key), s, "{key} in {line}");
                    }
                }
            }
        }
    }
}

#[test]
fn invalid_utf8_bytes_become_replacement_characters() {
    for format in FORMATS {
        for &b in BYTES {
            let (log, cap) = logger(format);
            log.log(
                Level::Info,
                "bytes",
                format_args!("m"),
                &[Field {
                    key: "b",
                    value: Value::Bytes(b),
                    pre: None,
                }],
            );
            let lines = checked_lines(&cap.bytes());
            assert_eq!(lines.len(), 1);
            let want = String::from_utf8_lossy(b);
            let got = match format {
                Format::Json => json(&lines[0])["b"].as_str().unwrap().to_owned(),
                Format::Logfmt => get(&parse_logfmt(&lines[0]), "b").to_owned(),
                _ => {
                    let at = lines[0].find(" b=").unwrap();
                    get(&parse_logfmt(&lines[0][at + 1..]), "b").to_owned()
                }
            };
            assert_eq!(got, want, "{format:?} {b:?}: {}", lines[0]);
        }
    }
}

/// Forged lines are impossible: whatever the values, one call is one line,
/// and a JSON line has exactly the keys the call wrote.
#[test]
fn no_value_can_forge_a_second_line_or_key() {
    for format in FORMATS {
        let (log, cap) = logger(format);
        for &s in HOSTILE {
            spoolog::info!(logger: &log, target: "forge", v = s; "{}", s);
        }
        let lines = checked_lines(&cap.bytes());
        assert_eq!(lines.len(), HOSTILE.len());
        if format == Format::Json {
            for l in &lines {
                let v = json(l);
                let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
                assert_eq!(keys.len(), 4, "{l}");
            }
        }
    }
}

/// An `info` record with `kvs` through `log::Log::log` on `log` itself (not
/// the global logger).
fn log_kvs(
    log: &Logger,
    target: &str,
    args: fmt::Arguments<'_>,
    kvs: &[(&str, log::kv::Value<'_>)],
) {
    log::Log::log(
        log,
        &log::Record::builder()
            .level(log::Level::Info)
            .target(target)
            .args(args)
            .key_values(&kvs)
            .build(),
    );
}

/// A `log` key is a `&str` of unknown lifetime: its memory can be freed
/// and reused for other bytes of the same length at the same address. The
/// facade's per-thread key cache decides by the bytes, so a key changed in
/// place is checked and escaped afresh — no forged member, no split line —
/// and the unchanged key before it is still written as it was.
#[test]
fn a_facade_key_changed_in_place_is_escaped_afresh() {
    for format in FORMATS {
        let (log, cap) = logger(format);
        let mut key = String::from("abcdefghijkl");
        let before = key.as_ptr();
        for _ in 0..3 {
            let kvs = [(key.as_str(), log::kv::Value::from(7u64))];
            log_kvs(&log, "hostile", format_args!("m"), &kvs);
        }
        // The same allocation, the same length, other bytes.
        let mut bytes = std::mem::take(&mut key).into_bytes();
        bytes[3] = b'"';
        bytes[7] = b'\n';
        let key = String::from_utf8(bytes).unwrap();
        assert_eq!(key.as_ptr(), before);
        let kvs = [(key.as_str(), log::kv::Value::from(8u64))];
        log_kvs(&log, "hostile", format_args!("m"), &kvs);
        let lines = checked_lines(&cap.bytes());
        assert_eq!(lines.len(), 4, "{format:?}: {lines:#?}");
        match format {
            Format::Json => {
                for l in &lines[..3] {
                    assert_eq!(json(l)["abcdefghijkl"], 7, "{l}");
                }
                let last = json(&lines[3]);
                assert_eq!(last["abc\"efg\nijkl"], 8, "{}", lines[3]);
                assert!(last.get("abcdefghijkl").is_none(), "{}", lines[3]);
            }
            _ => {
                for l in &lines[..3] {
                    assert!(l.ends_with(" abcdefghijkl=7"), "{format:?}: {l}");
                }
                // parse_logfmt refuses a raw quote or control byte in a key.
                let last = &lines[3];
                let fields = match format {
                    Format::Logfmt => parse_logfmt(last),
                    _ => parse_logfmt(&last[last.find(" m ").unwrap() + 3..]),
                };
                let (k, v) = fields.last().unwrap();
                assert_eq!(v, "8", "{format:?}: {last}");
                assert_ne!(k, "abcdefghijkl", "{format:?}: {last}");
            }
        }
    }
}

/// A value whose `Display` logs key-values through the facade while the
/// outer record's fields are being written: the inner record cannot use
/// the thread's key cache (the outer one holds it) and is written in full
/// all the same; both lines are whole.
#[test]
fn a_facade_record_logged_while_another_writes_its_fields() {
    struct LogsKvs<'a>(&'a Logger);
    impl fmt::Display for LogsKvs<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let kvs = [("inner_key", log::kv::Value::from(1u64))];
            log_kvs(self.0, "inner", format_args!("inner"), &kvs);
            f.write_str("shown")
        }
    }
    let (log, cap) = logger(Format::Json);
    for _ in 0..2 {
        let v = LogsKvs(&log);
        let kvs = [
            ("outer_key", log::kv::Value::from(2u64)),
            ("v", log::kv::Value::from_display(&v)),
            ("after", log::kv::Value::from(3u64)),
        ];
        log_kvs(&log, "outer", format_args!("outer"), &kvs);
    }
    let lines = checked_lines(&cap.bytes());
    assert_eq!(lines.len(), 4, "{lines:#?}");
    for pair in lines.chunks(2) {
        let inner = json(&pair[0]);
        assert_eq!(inner["msg"], "inner");
        assert_eq!(inner["inner_key"], 1);
        let outer = json(&pair[1]);
        assert_eq!(outer["outer_key"], 2);
        assert_eq!(outer["v"], "shown");
        assert_eq!(outer["after"], 3);
    }
}
