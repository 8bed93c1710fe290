//! JSON key presets: each preset's lines parsed with serde_json and checked
//! against the fields its schema documents as required (names and types),
//! every level's mapping, and the `_` prefix for user fields named like
//! the preset's members — through the macros, `Field::new`, a child
//! logger's context and the `log` facade.

use serde_json::{Map, Value as Json};
use spoolog::sink::Capture;
use spoolog::{Field, JsonKeys, Level, LevelFilter, Logger};

fn logger(keys: JsonKeys, cap: &Capture) -> Logger {
    Logger::builder()
        .json_keys(keys)
        .level(LevelFilter::Trace)
        .sink(cap.clone())
        .build()
}

/// W2's record at `level`, with a user field named `clash` three ways.
fn lines(keys: JsonKeys, clash: &str) -> Vec<Map<String, Json>> {
    let cap = Capture::new();
    let log = logger(keys, &cap);
    macro_rules! w2 {
        ($($level:ident)*) => {$(
            spoolog::$level!(logger: &log, target: "app::server", method = "GET",
                path = "/api/v1/users/42", status = 200, latency_us = 1234, cache_hit = true;
                "request handled");
        )*};
    }
    w2!(error warn info debug trace);
    log.log(
        Level::Info,
        "app::server",
        format_args!("x"),
        &[Field::new(clash, "user")],
    );
    log.with(&[Field::new(clash, "ctx")])
        .log(Level::Info, "app::server", format_args!("y"), &[]);
    cap.lines()
        .iter()
        .map(|l| match serde_json::from_str(l) {
            Ok(Json::Object(m)) => m,
            _ => panic!("not a JSON object: {l}"),
        })
        .collect()
}

fn rfc3339(v: &Json) -> bool {
    v.as_str()
        .is_some_and(|s| chrono::DateTime::parse_from_rfc3339(s).is_ok())
}

fn string(v: &Json) -> bool {
    v.is_string()
}

/// The W2 fields follow the built-in members, unchanged.
fn w2_fields(m: &Map<String, Json>) {
    assert_eq!(m["method"], "GET");
    assert_eq!(m["status"], 200);
    assert_eq!(m["cache_hit"], true);
}

/// The last two lines carry `clash` from a call and from context: both
/// must come out as `_clash`, never overwriting the built-in member.
fn clash_prefixed(ls: &[Map<String, Json>], clash: &str, builtin: &Json) {
    let (call, ctx) = (&ls[5], &ls[6]);
    assert_eq!(call[&format!("_{clash}")], "user");
    assert_eq!(ctx[&format!("_{clash}")], "ctx");
    assert_eq!(&call[clash], builtin, "{clash} kept its built-in value");
}

#[test]
fn spoolog_keys() {
    let ls = lines(JsonKeys::Spoolog, "msg");
    for (m, want) in ls.iter().zip(["ERROR", "WARN", "INFO", "DEBUG", "TRACE"]) {
        assert!(rfc3339(&m["ts"]));
        assert_eq!(m["level"], want);
        assert_eq!(m["target"], "app::server");
        assert_eq!(m["msg"], "request handled");
        w2_fields(m);
    }
    clash_prefixed(&ls, "msg", &"x".into());
}

/// ecs-logging's spec: `@timestamp` (a date), `log.level`, `message` and
/// `ecs.version` are required, `log.logger` is recommended; dotted names.
#[test]
fn ecs_keys() {
    let ls = lines(JsonKeys::Ecs, "message");
    for (m, want) in ls.iter().zip(["ERROR", "WARN", "INFO", "DEBUG", "TRACE"]) {
        assert!(rfc3339(&m["@timestamp"]));
        assert_eq!(m["log.level"], want);
        assert_eq!(m["message"], "request handled");
        assert_eq!(m["ecs.version"], spoolog::encode::ECS_VERSION);
        assert_eq!(m["log.logger"], "app::server");
        w2_fields(m);
        assert!(!m.contains_key("ts") && !m.contains_key("msg"));
    }
    clash_prefixed(&ls, "message", &"x".into());
    // ecs-logging's order: @timestamp, log.level, message first.
    let cap = Capture::new();
    spoolog::info!(logger: &logger(JsonKeys::Ecs, &cap), "m");
    let line = &cap.lines()[0];
    let at = |k: &str| line.find(&format!("\"{k}\":")).expect(k);
    assert!(line.starts_with("{\"@timestamp\":"), "{line}");
    assert!(
        at("log.level") < at("message") && at("message") < at("ecs.version"),
        "{line}"
    );
    let ls = lines(JsonKeys::Ecs, "log.level");
    clash_prefixed(&ls, "log.level", &"INFO".into());
}

/// Google Cloud Logging: `time` (RFC 3339), `severity` one of its
/// LogSeverity names, `message`.
#[test]
fn gcp_keys() {
    const SEVERITIES: [&str; 9] = [
        "DEFAULT",
        "DEBUG",
        "INFO",
        "NOTICE",
        "WARNING",
        "ERROR",
        "CRITICAL",
        "ALERT",
        "EMERGENCY",
    ];
    let ls = lines(JsonKeys::Gcp, "severity");
    for (m, want) in ls
        .iter()
        .zip(["ERROR", "WARNING", "INFO", "DEBUG", "DEBUG"])
    {
        assert!(rfc3339(&m["time"]));
        assert_eq!(m["severity"], want);
        assert!(SEVERITIES.contains(&m["severity"].as_str().unwrap()));
        assert_eq!(m["message"], "request handled");
        assert!(string(&m["target"]));
        w2_fields(m);
    }
    clash_prefixed(&ls, "severity", &"INFO".into());
    let special = "logging.googleapis.com/trace";
    let ls = lines(JsonKeys::Gcp, special);
    assert_eq!(ls[5][&format!("_{special}")], "user");
    assert!(!ls[5].contains_key(special), "a special field forged");
}

/// OpenTelemetry log data model: `Timestamp`, `SeverityText`,
/// `SeverityNumber` (1-24, matching the text's range), `Body`,
/// `InstrumentationScope.Name`.
#[test]
fn otel_keys() {
    let ls = lines(JsonKeys::Otel, "Body");
    let want = [
        ("ERROR", 17),
        ("WARN", 13),
        ("INFO", 9),
        ("DEBUG", 5),
        ("TRACE", 1),
    ];
    for (m, (text, number)) in ls.iter().zip(want) {
        assert!(rfc3339(&m["Timestamp"]));
        assert_eq!(m["SeverityText"], text);
        let n = m["SeverityNumber"].as_u64().expect("an integer");
        assert_eq!(n, number);
        assert!((1..=24).contains(&n));
        assert_eq!(m["Body"], "request handled");
        assert_eq!(m["InstrumentationScope"]["Name"], "app::server");
        w2_fields(m);
    }
    clash_prefixed(&ls, "Body", &"x".into());
}

/// A macro key that some preset reserves (`message`) is not pre-encoded,
/// so the checked path decides: kept under spoolog, prefixed under ECS.
#[test]
fn a_macro_key_follows_the_preset() {
    for (keys, want) in [(JsonKeys::Spoolog, "message"), (JsonKeys::Ecs, "_message")] {
        let cap = Capture::new();
        let log = logger(keys, &cap);
        spoolog::info!(logger: &log, message = "m"; "x");
        let m: Json = serde_json::from_str(&cap.lines()[0]).unwrap();
        assert_eq!(m[want], "m", "{keys}");
    }
}

/// Through the `log` facade's key-values, on a logger used as `log::Log`.
#[test]
fn facade_key_values_follow_the_preset() {
    let cap = Capture::new();
    let log = logger(JsonKeys::Otel, &cap);
    log::Log::log(
        &log,
        &log::Record::builder()
            .level(log::Level::Warn)
            .target("db")
            .args(format_args!("slow"))
            .key_values(&[("SeverityNumber", 1)])
            .build(),
    );
    let m: Json = serde_json::from_str(&cap.lines()[0]).unwrap();
    assert_eq!(m["SeverityNumber"], 13);
    assert_eq!(m["_SeverityNumber"], 1);
}

/// With source locations on, the Google Cloud preset writes them where
/// Cloud Logging reads them: `logging.googleapis.com/sourceLocation`
/// `{"file": string, "line": string (int64)}`; the other presets get plain
/// `file` and `line` fields.
#[test]
fn gcp_source_location() {
    let cap = Capture::new();
    let log = Logger::builder()
        .json_keys(JsonKeys::Gcp)
        .source_location(true)
        .sink(cap.clone())
        .build();
    let line = line!() + 1;
    spoolog::info!(logger: &log, target: "app", "located");
    let v: Json = serde_json::from_str(&cap.lines()[0]).unwrap();
    let loc = &v["logging.googleapis.com/sourceLocation"];
    assert_eq!(loc["file"], "tests/json_keys.rs");
    assert_eq!(loc["line"], line.to_string());
    assert!(v.get("file").is_none());
    let cap = Capture::new();
    let log = Logger::builder()
        .json_keys(JsonKeys::Ecs)
        .source_location(true)
        .sink(cap.clone())
        .build();
    spoolog::info!(logger: &log, target: "app", "located");
    let v: Json = serde_json::from_str(&cap.lines()[0]).unwrap();
    assert_eq!(v["file"], "tests/json_keys.rs");
}

/// The facade's key cache (one per thread) keeps each encoding apart: the
/// same keys through two presets and logfmt, in turn on one thread, keep
/// each one's `_` prefixes after the first call as on it.
#[test]
fn facade_keys_keep_each_presets_prefix_when_cached() {
    let (a, b, c) = (Capture::new(), Capture::new(), Capture::new());
    let spoolog = logger(JsonKeys::Spoolog, &a);
    let ecs = logger(JsonKeys::Ecs, &b);
    let logfmt = Logger::builder()
        .format(spoolog::Format::Logfmt)
        .no_time()
        .sink(c.clone())
        .build();
    for _ in 0..3 {
        for log in [&spoolog, &ecs, &logfmt] {
            log::Log::log(
                log,
                &log::Record::builder()
                    .level(log::Level::Info)
                    .target("db")
                    .args(format_args!("m"))
                    .key_values(&[("message", 1), ("msg", 2)])
                    .build(),
            );
        }
    }
    for line in a.lines() {
        let m: Json = serde_json::from_str(&line).unwrap();
        assert_eq!(
            (&m["message"], &m["_msg"], &m["msg"]),
            (&1.into(), &2.into(), &"m".into()),
            "{line}"
        );
    }
    for line in b.lines() {
        let m: Json = serde_json::from_str(&line).unwrap();
        assert_eq!(
            (&m["_message"], &m["msg"], &m["message"]),
            (&1.into(), &2.into(), &"m".into()),
            "{line}"
        );
    }
    let lines = c.lines();
    assert_eq!(lines.len(), 3);
    for line in lines {
        assert!(line.ends_with(" message=1 _msg=2"), "{line}");
    }
}
