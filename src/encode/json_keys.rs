//! Field-name presets for JSON lines: the bytes around time, level,
//! target and message, written once here as static strings, so a preset
//! costs nothing per call.
//!
//! | preset | time | level | target | message | added |
//! |---|---|---|---|---|---|
//! | [`Spoolog`](JsonKeys::Spoolog) | `ts` | `level`: `"INFO"` | `target` | `msg` | — |
//! | [`Ecs`](JsonKeys::Ecs) | `@timestamp` | `log.level`: `"INFO"` | `log.logger` | `message` | `"ecs.version":"8.11.0"` |
//! | [`Gcp`](JsonKeys::Gcp) | `time` | `severity`: `"INFO"` (see below) | `target` | `message` | — |
//! | [`Otel`](JsonKeys::Otel) | `Timestamp` | `SeverityText`: `"INFO"`, `SeverityNumber`: `9` | `InstrumentationScope.Name` | `Body` | — |
//!
//! Lines start with the time, then level and message (ECS, Google Cloud
//! and OpenTelemetry put the message before the logger, as their own
//! libraries do); fields follow at the top level, in call order.

/// Which names a JSON line gives its built-in members (see the table in
/// [`encode`](crate::encode)'s `json_keys` module and each variant).
///
/// ```
/// use spoolog::encode::JsonKeys;
/// assert_eq!(JsonKeys::default(), JsonKeys::Spoolog);
/// assert_eq!("ecs".parse::<JsonKeys>().unwrap(), JsonKeys::Ecs);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JsonKeys {
    /// spoolog's own: `{"ts":…,"level":"INFO","target":…,"msg":…}`.
    /// Reserved: `ts`, `level`, `target`, `msg`.
    #[default]
    Spoolog,
    /// Elastic Common Schema 8.11 as the ecs-logging libraries write it:
    /// `{"@timestamp":…,"log.level":"INFO","message":…,"ecs.version":"8.11.0","log.logger":…}`
    /// (dotted names, which Elasticsearch reads as nested objects).
    /// Reserved: those five names, and `log` and `ecs` (objects there).
    Ecs,
    /// Google Cloud Logging's structured JSON (what its logging agent and
    /// Cloud Run read from standard output):
    /// `{"time":…,"severity":"INFO","message":…,"target":…}`. Severity
    /// names: error `ERROR`, warn `WARNING`, info `INFO`, debug and trace
    /// `DEBUG` (`DEFAULT`, `NOTICE`, `CRITICAL`, `ALERT` and `EMERGENCY`
    /// have no level). With [`Builder::source_location`](crate::logger::Builder::source_location)
    /// on, `logging.googleapis.com/sourceLocation` `{"file":…,"line":"…"}`
    /// carries the call's file and line. Reserved:
    /// `time`, `timestamp`, `timestampSeconds`, `timestampNanos`,
    /// `severity`, `message`, `target`, `httpRequest`, and every name that
    /// starts with `logging.googleapis.com/` (the agent's special fields).
    Gcp,
    /// The OpenTelemetry log data model's names:
    /// `{"Timestamp":…,"SeverityText":"INFO","SeverityNumber":9,"Body":…,"InstrumentationScope":{"Name":…}}`;
    /// the fields are the record's attributes, written at the top level
    /// (each field brings its own separator, so they cannot open an
    /// `Attributes` object; a collector's JSON parser moves them). Severity
    /// numbers: trace 1, debug 5, info 9, warn 13, error 17. `Timestamp`
    /// is a string in the logger's time layout (RFC 3339 by default).
    /// Reserved: the data model's top-level names (`Timestamp`,
    /// `ObservedTimestamp`, `SeverityText`, `SeverityNumber`, `Body`,
    /// `InstrumentationScope`, `Attributes`, `Resource`, `TraceId`,
    /// `SpanId`, `TraceFlags`, `EventName`).
    Otel,
}

impl JsonKeys {
    /// The lower-case name: `spoolog`, `ecs`, `gcp`, `otel`.
    ///
    /// ```
    /// assert_eq!(spoolog::encode::JsonKeys::Otel.as_str(), "otel");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            JsonKeys::Spoolog => "spoolog",
            JsonKeys::Ecs => "ecs",
            JsonKeys::Gcp => "gcp",
            JsonKeys::Otel => "otel",
        }
    }

    pub(crate) const fn keys(self) -> &'static Keys {
        match self {
            JsonKeys::Spoolog => &SPOOLOG,
            JsonKeys::Ecs => &ECS,
            JsonKeys::Gcp => &GCP,
            JsonKeys::Otel => &OTEL,
        }
    }
}

impl std::fmt::Display for JsonKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// The error returned when a preset name is not recognised.
///
/// ```
/// let e = "xml".parse::<spoolog::encode::JsonKeys>().unwrap_err();
/// assert_eq!(e.to_string(), "unknown JSON key preset (expected spoolog, ecs, gcp or otel)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseJsonKeysError {
    _priv: (),
}

impl std::fmt::Display for ParseJsonKeysError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unknown JSON key preset (expected spoolog, ecs, gcp or otel)")
    }
}

impl std::error::Error for ParseJsonKeysError {}

impl std::str::FromStr for JsonKeys {
    type Err = ParseJsonKeysError;
    /// `spoolog`, `ecs`, `gcp` or `otel`, ignoring ASCII case and
    /// surrounding whitespace.
    fn from_str(s: &str) -> Result<JsonKeys, Self::Err> {
        let s = s.trim();
        [
            JsonKeys::Spoolog,
            JsonKeys::Ecs,
            JsonKeys::Gcp,
            JsonKeys::Otel,
        ]
        .into_iter()
        .find(|k| k.as_str().eq_ignore_ascii_case(s))
        .ok_or(ParseJsonKeysError { _priv: () })
    }
}

/// The static pieces of one preset's lines.
#[derive(Debug)]
pub(crate) struct Keys {
    pub(crate) name: JsonKeys,
    /// `{"ts":"`: up to the time.
    pub(crate) ts_open: &'static [u8],
    /// From the end of the time to the first of target and message, by
    /// `Level as usize`. Starts with `",`; without a time, `{` and the rest.
    pub(crate) after_ts: [&'static [u8]; 6],
    /// Whether the message comes before the target.
    pub(crate) message_first: bool,
    /// Between the first and the second of target and message.
    pub(crate) between: &'static [u8],
    /// After the second.
    pub(crate) close: &'static [u8],
    /// The names a user key may not take: what `is_reserved` matches,
    /// held together with it by a test.
    #[cfg_attr(not(test), allow(dead_code))]
    reserved: &'static [&'static str],
    /// And the prefix.
    #[cfg_attr(not(test), allow(dead_code))]
    reserved_prefix: Option<&'static str>,
}

/// The six level strings (index `Level as usize`; 0 is "off", never
/// written), each between `$pre` and `$post`.
macro_rules! per_level {
    ($pre:literal, $post:literal, [$($name:literal),* $(,)?]) => {
        [$(concat!($pre, $name, $post).as_bytes()),*]
    };
}

pub(crate) const SPOOLOG: Keys = Keys {
    name: JsonKeys::Spoolog,
    ts_open: b"{\"ts\":\"",
    after_ts: per_level!(
        "\",\"level\":\"",
        "\",\"target\":\"",
        ["OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE"]
    ),
    message_first: false,
    between: b"\",\"msg\":\"",
    close: b"\"",
    reserved: &["ts", "level", "target", "msg"],
    reserved_prefix: None,
};

/// The ECS version that [`JsonKeys::Ecs`] lines declare in `ecs.version`.
///
/// ```
/// assert_eq!(spoolog::encode::ECS_VERSION, "8.11.0");
/// ```
pub const ECS_VERSION: &str = "8.11.0";

pub(crate) const ECS: Keys = Keys {
    name: JsonKeys::Ecs,
    ts_open: b"{\"@timestamp\":\"",
    after_ts: per_level!(
        "\",\"log.level\":\"",
        "\",\"message\":\"",
        ["OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE"]
    ),
    message_first: true,
    between: b"\",\"ecs.version\":\"8.11.0\",\"log.logger\":\"",
    close: b"\"",
    reserved: &[
        "@timestamp",
        "log.level",
        "log.logger",
        "message",
        "ecs.version",
        "log",
        "ecs",
    ],
    reserved_prefix: None,
};

pub(crate) const GCP: Keys = Keys {
    name: JsonKeys::Gcp,
    ts_open: b"{\"time\":\"",
    after_ts: per_level!(
        "\",\"severity\":\"",
        "\",\"message\":\"",
        ["DEFAULT", "ERROR", "WARNING", "INFO", "DEBUG", "DEBUG"]
    ),
    message_first: true,
    between: b"\",\"target\":\"",
    close: b"\"",
    reserved: &[
        "time",
        "timestamp",
        "timestampSeconds",
        "timestampNanos",
        "severity",
        "message",
        "target",
        "httpRequest",
    ],
    reserved_prefix: Some("logging.googleapis.com/"),
};

pub(crate) const OTEL: Keys = Keys {
    name: JsonKeys::Otel,
    ts_open: b"{\"Timestamp\":\"",
    after_ts: [
        b"\",\"SeverityText\":\"OFF\",\"SeverityNumber\":0,\"Body\":\"",
        b"\",\"SeverityText\":\"ERROR\",\"SeverityNumber\":17,\"Body\":\"",
        b"\",\"SeverityText\":\"WARN\",\"SeverityNumber\":13,\"Body\":\"",
        b"\",\"SeverityText\":\"INFO\",\"SeverityNumber\":9,\"Body\":\"",
        b"\",\"SeverityText\":\"DEBUG\",\"SeverityNumber\":5,\"Body\":\"",
        b"\",\"SeverityText\":\"TRACE\",\"SeverityNumber\":1,\"Body\":\"",
    ],
    message_first: true,
    between: b"\",\"InstrumentationScope\":{\"Name\":\"",
    close: b"\"}",
    reserved: &[
        "Timestamp",
        "ObservedTimestamp",
        "SeverityText",
        "SeverityNumber",
        "Body",
        "InstrumentationScope",
        "Attributes",
        "Resource",
        "TraceId",
        "SpanId",
        "TraceFlags",
        "EventName",
    ],
    reserved_prefix: None,
};

/// Every reserved name of every preset that is also a plain identifier
/// (the only keys the macros pre-encode): a macro key among these takes
/// the checked path, so a pre-encoded key is right under every preset.
pub(crate) const PLAIN_RESERVED: [&str; 25] = [
    "ts",
    "level",
    "target",
    "msg",
    "message",
    "log",
    "ecs",
    "time",
    "timestamp",
    "timestampSeconds",
    "timestampNanos",
    "severity",
    "httpRequest",
    "Timestamp",
    "ObservedTimestamp",
    "SeverityText",
    "SeverityNumber",
    "Body",
    "InstrumentationScope",
    "Attributes",
    "Resource",
    "TraceId",
    "SpanId",
    "TraceFlags",
    "EventName",
];

impl Keys {
    /// Whether a user key must get a `_` prefix under this preset. A
    /// `match` per preset (the compiler switches on the length first);
    /// the lists above say the same, and a test holds them together.
    #[inline]
    pub(crate) fn is_reserved(&self, key: &str) -> bool {
        match self.name {
            JsonKeys::Spoolog => matches!(key, "ts" | "level" | "target" | "msg"),
            JsonKeys::Ecs => matches!(
                key,
                "@timestamp"
                    | "log.level"
                    | "log.logger"
                    | "message"
                    | "ecs.version"
                    | "log"
                    | "ecs"
            ),
            JsonKeys::Gcp => {
                matches!(
                    key,
                    "time"
                        | "timestamp"
                        | "timestampSeconds"
                        | "timestampNanos"
                        | "severity"
                        | "message"
                        | "target"
                        | "httpRequest"
                ) || key.starts_with("logging.googleapis.com/")
            }
            JsonKeys::Otel => matches!(
                key,
                "Timestamp"
                    | "ObservedTimestamp"
                    | "SeverityText"
                    | "SeverityNumber"
                    | "Body"
                    | "InstrumentationScope"
                    | "Attributes"
                    | "Resource"
                    | "TraceId"
                    | "SpanId"
                    | "TraceFlags"
                    | "EventName"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_plain_reserved_name_is_listed() {
        for keys in [&SPOOLOG, &ECS, &GCP, &OTEL] {
            for r in keys.reserved {
                let plain = r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                assert_eq!(plain, PLAIN_RESERVED.contains(r), "{r}");
            }
        }
        for keys in [&SPOOLOG, &ECS, &GCP, &OTEL] {
            for r in keys.reserved {
                assert!(keys.is_reserved(r), "{r}");
                assert!(!keys.is_reserved(&format!("{r}x")), "{r}x");
            }
            if let Some(p) = keys.reserved_prefix {
                assert!(keys.is_reserved(&format!("{p}x")));
            }
            let listed: usize = [&SPOOLOG, &ECS, &GCP, &OTEL]
                .iter()
                .flat_map(|k| k.reserved.iter())
                .filter(|r| keys.is_reserved(r))
                .count();
            assert_eq!(
                listed,
                keys.reserved.len() + shared(keys),
                "{:?}",
                keys.name
            );
        }
        assert!(GCP.is_reserved("logging.googleapis.com/trace"));
        assert!(!SPOOLOG.is_reserved("message"));
        assert!(ECS.is_reserved("message"));
    }

    /// Names this preset reserves that another preset lists too.
    fn shared(keys: &Keys) -> usize {
        [&SPOOLOG, &ECS, &GCP, &OTEL]
            .iter()
            .filter(|k| k.name != keys.name)
            .flat_map(|k| k.reserved.iter())
            .filter(|r| keys.reserved.contains(r))
            .count()
    }

    #[test]
    fn names_round_trip() {
        for k in [
            JsonKeys::Spoolog,
            JsonKeys::Ecs,
            JsonKeys::Gcp,
            JsonKeys::Otel,
        ] {
            assert_eq!(k.as_str().parse::<JsonKeys>().unwrap(), k);
            assert_eq!(k.keys().name, k);
        }
        assert!("xml".parse::<JsonKeys>().is_err());
        assert!(ECS
            .between
            .windows(ECS_VERSION.len())
            .any(|w| w == ECS_VERSION.as_bytes()));
    }
}
