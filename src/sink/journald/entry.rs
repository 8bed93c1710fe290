//! One record as a journal entry in the native protocol, written straight
//! into the logger's buffer.
//!
//! A field is `NAME=value\n`, or, when the value has a newline or its
//! bytes are not known before they are formatted, the binary-safe form
//! `NAME\n`, the value's length as a little-endian `u64`, the value, `\n`.
//! A record is its fields followed by an empty line (a lone `\n`), the
//! entry separator of the protocol: since no field name contains `=` or
//! `\n` and every binary value carries its length, a batch of records can
//! be split back into entries exactly, whatever bytes the values hold.

use crate::encode::{Head, Protocol};
use crate::field::Value;
use crate::level::Level;
use std::fmt::{self, Write as _};

/// The longest field name journald accepts.
pub(super) const MAX_NAME: usize = 64;

/// What a user field name gets in front when it cannot be used as it is.
const PREFIX: &[u8] = b"F_";

/// Names the sink writes itself or that journald and its tools give a
/// meaning to (systemd.journal-fields(7), "User Journal Fields"): a user
/// field mapped to one of these gets the `F_` prefix, so that it cannot
/// forge them. Names starting with `OBJECT_` or `COREDUMP_` are refused
/// the same way (journald's fields about another process).
const RESERVED: [&str; 20] = [
    "MESSAGE",
    "MESSAGE_ID",
    "PRIORITY",
    "CODE_FILE",
    "CODE_LINE",
    "CODE_FUNC",
    "ERRNO",
    "INVOCATION_ID",
    "USER_INVOCATION_ID",
    "SYSLOG_FACILITY",
    "SYSLOG_IDENTIFIER",
    "SYSLOG_PID",
    "SYSLOG_TIMESTAMP",
    "SYSLOG_RAW",
    "DOCUMENTATION",
    "TID",
    "UNIT",
    "USER_UNIT",
    "TARGET",
    "OBJECT_PID",
];

/// The journal field name for a user key, into `out`; its length.
///
/// 1. Every character becomes one byte: ASCII letters upper-cased, digits
///    and `_` kept, anything else (punctuation, spaces, controls, every
///    non-ASCII character) `_`.
/// 2. If the result is empty, starts with a digit or `_` (journald keeps
///    `_` names for the fields it adds itself), or is one of the reserved
///    names, it gets the prefix `F_`.
/// 3. It is cut to 64 bytes.
pub(super) fn field_name(key: &str, out: &mut [u8; MAX_NAME]) -> usize {
    let mut mapped = [0u8; MAX_NAME];
    let mut n = 0;
    let mut chars = 0usize;
    for c in key.chars() {
        chars += 1;
        if n < MAX_NAME {
            mapped[n] = match c {
                'a'..='z' => c.to_ascii_uppercase() as u8,
                'A'..='Z' | '0'..='9' | '_' => c as u8,
                _ => b'_',
            };
            n += 1;
        }
    }
    let name = &mapped[..n];
    let prefixed = match name.first() {
        None => true,
        Some(c) if c.is_ascii_digit() || *c == b'_' => true,
        _ => {
            chars <= MAX_NAME
                && (RESERVED.iter().any(|r| r.as_bytes() == name)
                    || name.starts_with(b"OBJECT_")
                    || name.starts_with(b"COREDUMP_"))
        }
    };
    let mut len = 0;
    if prefixed {
        out[..PREFIX.len()].copy_from_slice(PREFIX);
        len = PREFIX.len();
    }
    let take = n.min(MAX_NAME - len);
    out[len..len + take].copy_from_slice(&name[..take]);
    len + take
}

/// The syslog severity journald's `PRIORITY` takes: ERROR 3 (err), WARN 4
/// (warning), INFO 6 (info), DEBUG and TRACE 7 (debug).
pub(super) const fn priority(level: Level) -> u8 {
    match level {
        Level::Error => 3,
        Level::Warn => 4,
        Level::Info => 6,
        Level::Debug | Level::Trace => 7,
    }
}

/// The journald layout of a record.
#[derive(Debug)]
pub(super) struct EntryProtocol {
    /// `SYSLOG_IDENTIFIER`, encoded once.
    identifier: Vec<u8>,
}

impl EntryProtocol {
    pub(super) fn new(identifier: &str) -> EntryProtocol {
        let mut bytes = Vec::new();
        put_value(&mut bytes, b"SYSLOG_IDENTIFIER", identifier.as_bytes());
        EntryProtocol { identifier: bytes }
    }
}

impl Protocol for EntryProtocol {
    fn name(&self) -> &'static str {
        "journald"
    }

    /// The record's source location goes where journald looks for it.
    fn detail(&self, buf: &mut Vec<u8>, key: &'static str, value: &Value<'_>) {
        match (key, *value) {
            ("file", Value::Str(s)) => put_value(buf, b"CODE_FILE", s.as_bytes()),
            ("line", Value::U64(n)) => {
                put_value(buf, b"CODE_LINE", itoa::Buffer::new().format(n).as_bytes())
            }
            ("module", Value::Str(s)) => put_value(buf, b"CODE_MODULE", s.as_bytes()),
            _ => self.field(buf, key, value),
        }
    }

    fn begin(&self, buf: &mut Vec<u8>, head: &Head<'_>) {
        buf.extend_from_slice(b"PRIORITY=");
        buf.push(b'0' + priority(head.level));
        buf.push(b'\n');
        buf.extend_from_slice(&self.identifier);
        if !head.target.is_empty() {
            put_value(buf, b"TARGET", head.target.as_bytes());
        }
        match head.message.as_str() {
            Some(s) => put_value(buf, b"MESSAGE", s.as_bytes()),
            None => put_formatted(buf, b"MESSAGE", head.message),
        }
    }

    fn field(&self, buf: &mut Vec<u8>, key: &str, value: &Value<'_>) {
        let mut name = [0u8; MAX_NAME];
        let n = field_name(key, &mut name);
        let name = &name[..n];
        match *value {
            Value::Str(s) => put_value(buf, name, s.as_bytes()),
            Value::Bytes(b) => put_value(buf, name, b),
            Value::I64(v) => put_value(buf, name, itoa::Buffer::new().format(v).as_bytes()),
            Value::U64(v) => put_value(buf, name, itoa::Buffer::new().format(v).as_bytes()),
            Value::I128(v) => put_value(buf, name, itoa::Buffer::new().format(v).as_bytes()),
            Value::U128(v) => put_value(buf, name, itoa::Buffer::new().format(v).as_bytes()),
            Value::F64(f) => {
                let text = if f.is_nan() {
                    "NaN"
                } else if f.is_infinite() {
                    if f > 0.0 {
                        "inf"
                    } else {
                        "-inf"
                    }
                } else {
                    return put_value(buf, name, ryu::Buffer::new().format_finite(f).as_bytes());
                };
                put_value(buf, name, text.as_bytes())
            }
            Value::Bool(b) => put_value(buf, name, if b { b"true" } else { b"false" }),
            Value::Char(c) => put_value(buf, name, c.encode_utf8(&mut [0; 4]).as_bytes()),
            Value::Null => put_value(buf, name, b""),
            Value::Display(d) => put_formatted(buf, name, format_args!("{d}")),
            Value::Debug(d) => put_formatted(buf, name, format_args!("{d:?}")),
            Value::Error(e) => {
                let at = open_binary(buf, name);
                let mut w = Raw(buf);
                let _ = write!(w, "{e}");
                let mut src = e.source();
                while let Some(inner) = src {
                    let _ = write!(w, ": {inner}");
                    src = inner.source();
                }
                close_binary(buf, at);
            }
        }
    }

    fn end(&self, buf: &mut Vec<u8>, _head: &Head<'_>) {
        buf.push(b'\n');
    }
}

/// `NAME=value\n`, or the binary-safe form if `value` has a newline.
fn put_value(buf: &mut Vec<u8>, name: &[u8], value: &[u8]) {
    crate::bytes::put(buf, name);
    if value.contains(&b'\n') {
        buf.push(b'\n');
        crate::bytes::put(buf, &(value.len() as u64).to_le_bytes());
    } else {
        buf.push(b'=');
    }
    crate::bytes::put(buf, value);
    buf.push(b'\n');
}

/// A formatted value, always in the binary-safe form (its bytes are not
/// known before they are written).
fn put_formatted(buf: &mut Vec<u8>, name: &[u8], args: fmt::Arguments<'_>) {
    let at = open_binary(buf, name);
    let _ = Raw(buf).write_fmt(args);
    close_binary(buf, at);
}

/// `NAME\n` and room for the length; where the length goes.
fn open_binary(buf: &mut Vec<u8>, name: &[u8]) -> usize {
    buf.extend_from_slice(name);
    buf.push(b'\n');
    let at = buf.len();
    buf.extend_from_slice(&[0; 8]);
    at
}

fn close_binary(buf: &mut Vec<u8>, at: usize) {
    let len = (buf.len() - at - 8) as u64;
    buf[at..at + 8].copy_from_slice(&len.to_le_bytes());
    buf.push(b'\n');
}

/// Formats into the buffer as it is (the binary form needs no escaping).
struct Raw<'a>(&'a mut Vec<u8>);

impl fmt::Write for Raw<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// The length of the record at the start of `bytes` — its fields and the
/// empty line after them — parsed as journald parses an entry. `None` if
/// `bytes` does not start with a whole record.
pub(super) fn record_len(bytes: &[u8]) -> Option<usize> {
    let mut i = 0;
    loop {
        let nl = i + bytes[i..].iter().position(|&b| b == b'\n')?;
        if nl == i {
            return Some(i + 1); // the entry separator
        }
        if bytes[i..nl].contains(&b'=') {
            i = nl + 1;
            continue;
        }
        let at = nl + 1;
        let len: [u8; 8] = bytes.get(at..at + 8)?.try_into().ok()?;
        let len = usize::try_from(u64::from_le_bytes(len)).ok()?;
        let end = (at + 8).checked_add(len)?;
        if *bytes.get(end)? != b'\n' {
            return None;
        }
        i = end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(key: &str) -> String {
        let mut out = [0; MAX_NAME];
        let n = field_name(key, &mut out);
        String::from_utf8(out[..n].to_vec()).unwrap()
    }

    #[test]
    fn names() {
        let cases = [
            ("latency_us", "LATENCY_US"),
            ("Path", "PATH"),
            ("http.method", "HTTP_METHOD"),
            ("a b=c\nd", "A_B_C_D"),
            ("héllo", "H_LLO"),
            ("message", "F_MESSAGE"),
            ("PRIORITY", "F_PRIORITY"),
            ("syslog_identifier", "F_SYSLOG_IDENTIFIER"),
            ("target", "F_TARGET"),
            ("object_uid", "F_OBJECT_UID"),
            ("coredump_exe", "F_COREDUMP_EXE"),
            ("_pid", "F__PID"),
            ("__cursor", "F___CURSOR"),
            ("1st", "F_1ST"),
            ("", "F_"),
            ("msg", "MSG"),
            ("messages", "MESSAGES"),
        ];
        for (key, want) in cases {
            assert_eq!(name(key), want, "{key:?}");
        }
        let long = "k".repeat(100);
        assert_eq!(name(&long), "K".repeat(64));
        let long_reserved_like = format!("MESSAGE{}", "_".repeat(60));
        assert_eq!(name(&long_reserved_like).len(), 64);
        assert_eq!(name(&format!("_{long}")), format!("F__{}", "K".repeat(61)));
    }

    #[test]
    fn every_name_is_valid() {
        for key in [
            "",
            "_",
            "9",
            "é",
            "\u{0}",
            "MESSAGE",
            &"x".repeat(300),
            "a\u{2028}b",
        ] {
            let n = name(key);
            assert!(!n.is_empty() && n.len() <= MAX_NAME, "{key:?}");
            assert!(n
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'));
            assert!(n.as_bytes()[0].is_ascii_uppercase(), "{key:?} -> {n}");
        }
    }

    #[test]
    fn values_and_framing() {
        let mut buf = Vec::new();
        put_value(&mut buf, b"A", b"plain");
        put_value(&mut buf, b"B", b"two\nlines");
        put_formatted(&mut buf, b"C", format_args!("{}", 42));
        buf.push(b'\n');
        let mut want = b"A=plain\nB\n".to_vec();
        want.extend_from_slice(&9u64.to_le_bytes());
        want.extend_from_slice(b"two\nlines\nC\n");
        want.extend_from_slice(&2u64.to_le_bytes());
        want.extend_from_slice(b"42\n\n");
        assert_eq!(buf, want);
        assert_eq!(record_len(&buf), Some(buf.len()));
        let mut two = buf.clone();
        two.extend_from_slice(&buf);
        assert_eq!(record_len(&two), Some(buf.len()));
        for cut in 0..buf.len() {
            assert_eq!(record_len(&buf[..cut]), None, "cut at {cut}");
        }
    }
}
