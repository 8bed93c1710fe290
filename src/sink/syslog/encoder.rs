//! The syslog record: RFC 5424 (or RFC 3164) header, fields, message,
//! written by the logger's hot path through the crate's `Protocol` seam.
//!
//! ```text
//! RFC 5424, fields as structured data (the default):
//!   <134>1 2026-11-27T14:23:32.123456Z web-1 api 4242 - [spoolog@32473 target="app::server" method="GET" status="200"] request handled
//! RFC 5424, fields as JSON:
//!   <134>1 2026-11-27T14:23:32.123456Z web-1 api 4242 - - {"ts":"…","level":"INFO","target":"app::server","msg":"request handled","method":"GET","status":200}
//! RFC 3164, fields as logfmt:
//!   <134>Nov 27 14:23:32 web-1 api[4242]: request handled target=app::server method=GET status=200
//! ```
//!
//! Each record is preceded by its octet count (`frame.rs`) and contains no
//! control character: the message is escaped as in the text format (`\n`,
//! `\u{1b}`, ...), values as the RFC asks plus JSON-style escapes for
//! controls (`sd.rs`), and every header part is validated printable ASCII.

use super::frame;
use super::sd;
use crate::encode::escape::{self, Text};
use crate::encode::json_keys::Keys;
use crate::encode::{json, logfmt, Head, JsonKeys, Protocol};
use crate::field::{PreKey, Value};
use crate::level::Level;
use crate::time::{Offset, TimeLayout, UnixTime};

/// The syslog facility (RFC 5424 section 6.2.1): what kind of program the
/// records come from. Default [`User`](Facility::User), as `syslog(3)`.
///
/// ```
/// use spoolog::sink::Facility;
/// assert_eq!(Facility::Local0.code(), 16);
/// assert_eq!(Facility::default(), Facility::User);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Facility {
    /// 0: kernel messages.
    Kern,
    /// 1: user-level messages.
    #[default]
    User,
    /// 2: mail system.
    Mail,
    /// 3: system daemons.
    Daemon,
    /// 4: security/authorization messages.
    Auth,
    /// 5: messages generated internally by syslogd.
    Syslog,
    /// 6: line printer subsystem.
    Lpr,
    /// 7: network news subsystem.
    News,
    /// 8: UUCP subsystem.
    Uucp,
    /// 9: clock daemon.
    Cron,
    /// 10: security/authorization messages (private).
    Authpriv,
    /// 11: FTP daemon.
    Ftp,
    /// 16: local use 0.
    Local0,
    /// 17: local use 1.
    Local1,
    /// 18: local use 2.
    Local2,
    /// 19: local use 3.
    Local3,
    /// 20: local use 4.
    Local4,
    /// 21: local use 5.
    Local5,
    /// 22: local use 6.
    Local6,
    /// 23: local use 7.
    Local7,
}

impl Facility {
    /// The numerical code.
    ///
    /// ```
    /// assert_eq!(spoolog::sink::Facility::Daemon.code(), 3);
    /// ```
    pub const fn code(self) -> u8 {
        match self {
            Facility::Kern => 0,
            Facility::User => 1,
            Facility::Mail => 2,
            Facility::Daemon => 3,
            Facility::Auth => 4,
            Facility::Syslog => 5,
            Facility::Lpr => 6,
            Facility::News => 7,
            Facility::Uucp => 8,
            Facility::Cron => 9,
            Facility::Authpriv => 10,
            Facility::Ftp => 11,
            Facility::Local0 => 16,
            Facility::Local1 => 17,
            Facility::Local2 => 18,
            Facility::Local3 => 19,
            Facility::Local4 => 20,
            Facility::Local5 => 21,
            Facility::Local6 => 22,
            Facility::Local7 => 23,
        }
    }
}

/// The syslog severity of a level (RFC 5424 section 6.2.1): `error` → 3
/// (err), `warn` → 4 (warning), `info` → 6 (informational), `debug` and
/// `trace` → 7 (debug). Severity 5 (notice) and 0–2 (emerg, alert, crit)
/// are not used: nothing in a level says "significant but normal" or "the
/// system is unusable", and daemons commonly page on 0–2.
///
/// ```
/// use spoolog::{sink::severity, Level};
/// assert_eq!(severity(Level::Error), 3);
/// assert_eq!(severity(Level::Trace), 7);
/// ```
pub const fn severity(level: Level) -> u8 {
    match level {
        Level::Error => 3,
        Level::Warn => 4,
        Level::Info => 6,
        Level::Debug | Level::Trace => 7,
    }
}

/// The header format.
///
/// ```
/// assert_eq!(spoolog::sink::SyslogFormat::default(), spoolog::sink::SyslogFormat::Rfc5424);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SyslogFormat {
    /// RFC 5424: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG`,
    /// time in RFC 3339 UTC with microseconds.
    #[default]
    Rfc5424,
    /// RFC 3164 (BSD syslog, for old daemons): `<PRI>Mmm dd hh:mm:ss
    /// HOSTNAME APP-NAME[PROCID]: MSG`, time in the machine's local time
    /// zone (the format has no zone, and daemons read it as local time), to
    /// the second. No structured data.
    Rfc3164,
}

/// Where a record's fields go.
///
/// ```
/// use spoolog::sink::SyslogFields;
/// let _ = SyslogFields::Json;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SyslogFields {
    /// One RFC 5424 SD-ELEMENT, `[SD-ID target="…" key="value" …]`, then
    /// the message as MSG (the default for RFC 5424; not available with
    /// RFC 3164). Receivers parse the fields without knowing the app.
    StructuredData,
    /// MSG is `message target=… key=value …` (logfmt pairs after the
    /// message; the default for RFC 3164).
    Logfmt,
    /// MSG is the logger's JSON line (`{"ts":…,"level":…,"msg":…,…}`, time
    /// in the logger's layout, names as
    /// [`SyslogBuilder::json_keys`](super::SyslogBuilder::json_keys) says),
    /// structured data `-`: for pipelines that parse JSON out of MSG.
    Json,
}

/// What never changes between records, laid out once by the builder.
pub(crate) struct SyslogProtocol {
    format: SyslogFormat,
    fields: SyslogFields,
    /// `<PRI>1 ` (5424) or `<PRI>` (3164), by `Level as usize`.
    pri: [Box<[u8]>; 6],
    /// The timestamp's layout.
    time: TimeLayout,
    /// From the space after the timestamp to the start of the SD or MSG:
    /// ` HOST APP PROCID MSGID ` (5424) or ` HOST APP[PROCID]: ` (3164).
    after_time: Box<[u8]>,
    /// `[SD-ID`.
    sd_open: Box<[u8]>,
    /// The names of a JSON MSG.
    json: &'static Keys,
}

/// The header parts, validated by the builder.
pub(crate) struct Header<'a> {
    pub(crate) format: SyslogFormat,
    pub(crate) fields: SyslogFields,
    pub(crate) facility: Facility,
    pub(crate) hostname: &'a str,
    pub(crate) app_name: &'a str,
    pub(crate) procid: &'a str,
    pub(crate) msgid: &'a str,
    pub(crate) sd_id: &'a str,
    pub(crate) json_keys: JsonKeys,
}

impl SyslogProtocol {
    pub(crate) fn new(h: &Header<'_>) -> SyslogProtocol {
        let pri = std::array::from_fn(|i| {
            let sev = match i {
                0 => 7,
                1 => severity(Level::Error),
                2 => severity(Level::Warn),
                3 => severity(Level::Info),
                4 => severity(Level::Debug),
                _ => severity(Level::Trace),
            };
            let mut p = format!("<{}>", h.facility.code() * 8 + sev);
            if h.format == SyslogFormat::Rfc5424 {
                p.push_str("1 ");
            }
            p.into_bytes().into_boxed_slice()
        });
        let (time, after_time) = match h.format {
            SyslogFormat::Rfc5424 => (
                TimeLayout::rfc3339(6),
                format!(" {} {} {} {} ", h.hostname, h.app_name, h.procid, h.msgid),
            ),
            SyslogFormat::Rfc3164 => (
                TimeLayout::parse("%b %e %H:%M:%S")
                    .expect("a valid layout")
                    .with_offset(Offset::Local),
                if h.procid == "-" {
                    format!(" {} {}: ", h.hostname, h.app_name)
                } else {
                    format!(" {} {}[{}]: ", h.hostname, h.app_name, h.procid)
                },
            ),
        };
        SyslogProtocol {
            format: h.format,
            fields: h.fields,
            pri,
            time,
            after_time: after_time.into_bytes().into_boxed_slice(),
            sd_open: format!("[{}", h.sd_id).into_bytes().into_boxed_slice(),
            json: h.json_keys.keys(),
        }
    }
}

impl Protocol for SyslogProtocol {
    fn name(&self) -> &'static str {
        "syslog"
    }

    #[inline]
    fn begin(&self, buf: &mut Vec<u8>, head: &Head<'_>) {
        frame::reserve(buf);
        crate::bytes::put(buf, &self.pri[head.level as usize]);
        match (head.time, self.format) {
            (Some((_, t)), _) => self.time.append(buf, t),
            (None, SyslogFormat::Rfc5424) => buf.push(b'-'),
            // RFC 3164 has no "no time": the time of writing.
            (None, SyslogFormat::Rfc3164) => self.time.append(buf, UnixTime::now()),
        }
        crate::bytes::put(buf, &self.after_time);
        match self.fields {
            SyslogFields::StructuredData => {
                crate::bytes::put(buf, &self.sd_open);
                if !head.target.is_empty() {
                    buf.extend_from_slice(b" target=\"");
                    escape::escape_str::<escape::SdValue>(buf, head.target);
                    buf.push(b'"');
                }
            }
            SyslogFields::Logfmt => {
                escape::escape_args::<Text>(buf, head.message);
                if !head.target.is_empty() {
                    buf.extend_from_slice(b" target=");
                    logfmt::write_value(buf, &Value::Str(head.target));
                }
            }
            SyslogFields::Json => {
                if self.format == SyslogFormat::Rfc5424 {
                    buf.extend_from_slice(b"- ");
                }
                json::begin(buf, head, self.json);
            }
        }
    }

    #[inline]
    fn field(&self, buf: &mut Vec<u8>, key: &str, value: &Value<'_>) {
        match self.fields {
            SyslogFields::StructuredData => sd::param(buf, key, value),
            SyslogFields::Logfmt => logfmt::field(buf, key, value),
            SyslogFields::Json => json::field(buf, key, value, self.json),
        }
    }

    #[inline]
    fn field_pre(&self, buf: &mut Vec<u8>, pre: &PreKey, key: &str, value: &Value<'_>) {
        match self.fields {
            SyslogFields::StructuredData => sd::param_pre(buf, pre.kv(), key, value),
            SyslogFields::Logfmt => {
                pre.put_kv(buf);
                logfmt::write_value(buf, value);
            }
            SyslogFields::Json => {
                json::field_pre(buf, pre, value);
            }
        }
    }

    #[inline]
    fn end(&self, buf: &mut Vec<u8>, head: &Head<'_>) {
        match self.fields {
            SyslogFields::StructuredData => {
                buf.extend_from_slice(b"] ");
                escape::escape_args::<Text>(buf, head.message);
            }
            SyslogFields::Logfmt => {}
            SyslogFields::Json => buf.push(b'}'),
        }
        frame::patch(buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::Encoder;
    use crate::Field;
    use std::sync::Arc;

    fn enc(format: SyslogFormat, fields: SyslogFields) -> Encoder {
        Encoder::protocol(Arc::new(SyslogProtocol::new(&Header {
            format,
            fields,
            facility: Facility::Local0,
            hostname: "web-1",
            app_name: "api",
            procid: "4242",
            msgid: "-",
            sd_id: "spoolog@32473",
            json_keys: JsonKeys::Spoolog,
        })))
    }

    fn record(e: &Encoder, time: Option<UnixTime>, target: &str, fields: &[Field<'_>]) -> String {
        let layout = TimeLayout::rfc3339(3);
        let head = Head {
            time: time.map(|t| (&layout, t)),
            level: Level::Info,
            target,
            message: format_args!("request\nhandled"),
        };
        let mut buf = Vec::new();
        e.encode(&mut buf, &head, fields);
        let f = frame::first(&buf).unwrap();
        assert_eq!(f.whole.len(), buf.len(), "one whole frame");
        String::from_utf8(f.msg.to_vec()).unwrap()
    }

    const T: UnixTime = UnixTime {
        secs: 1_795_789_412,
        nanos: 123_456_789,
    };

    #[test]
    fn rfc5424_structured_data() {
        let e = enc(SyslogFormat::Rfc5424, SyslogFields::StructuredData);
        let fields = [Field::new("status", &200), Field::new("q", "a\"]")];
        assert_eq!(
            record(&e, Some(T), "app::server", &fields),
            "<134>1 2026-11-27T14:23:32.123456Z web-1 api 4242 - \
             [spoolog@32473 target=\"app::server\" status=\"200\" q=\"a\\\"\\]\"] request\\nhandled"
        );
        assert_eq!(
            record(&e, None, "", &[]),
            "<134>1 - web-1 api 4242 - [spoolog@32473] request\\nhandled"
        );
    }

    #[test]
    fn rfc5424_json_and_rfc3164_logfmt() {
        let e = enc(SyslogFormat::Rfc5424, SyslogFields::Json);
        assert_eq!(
            record(&e, Some(T), "db", &[Field::new("n", &1)]),
            "<134>1 2026-11-27T14:23:32.123456Z web-1 api 4242 - - \
             {\"ts\":\"2026-11-27T14:23:32.123Z\",\"level\":\"INFO\",\"target\":\"db\",\"msg\":\"request\\nhandled\",\"n\":1}"
        );
        let e = enc(SyslogFormat::Rfc3164, SyslogFields::Logfmt);
        let r = record(&e, Some(T), "db", &[Field::new("k", "a b")]);
        assert!(r.starts_with("<134>Nov 2"), "{r}");
        assert!(
            r.ends_with(" web-1 api[4242]: request\\nhandled target=db k=\"a b\""),
            "{r}"
        );
    }

    #[test]
    fn severities_in_pri() {
        let e = enc(SyslogFormat::Rfc5424, SyslogFields::StructuredData);
        for (level, pri) in [
            (Level::Error, "<131>"),
            (Level::Warn, "<132>"),
            (Level::Info, "<134>"),
            (Level::Debug, "<135>"),
            (Level::Trace, "<135>"),
        ] {
            let head = Head {
                time: None,
                level,
                target: "",
                message: format_args!("m"),
            };
            let mut buf = Vec::new();
            e.encode(&mut buf, &head, &[]);
            let f = frame::first(&buf).unwrap();
            assert!(f.msg.starts_with(pri.as_bytes()), "{level:?}");
        }
    }

    #[test]
    fn no_control_character_reaches_a_record() {
        let e = enc(SyslogFormat::Rfc5424, SyslogFields::StructuredData);
        let hostile = "a\nb\r\0\u{1b}[2J\u{85}\u{2028}\"]\\";
        let head = Head {
            time: Some((&TimeLayout::rfc3339(0), T)),
            level: Level::Warn,
            target: hostile,
            message: format_args!("{hostile}"),
        };
        let mut buf = Vec::new();
        e.encode(&mut buf, &head, &[Field::new(hostile, hostile)]);
        let f = frame::first(&buf).unwrap();
        let s = std::str::from_utf8(f.msg).unwrap();
        assert!(!s.chars().any(|c| c.is_control() || c == '\u{2028}'), "{s}");
    }
}
