//! logfmt lines: `ts=… level=info target=… msg="…" key=value …\n`.
//!
//! The field writers here are shared with the text format.

use super::escape::{self, Key, Logfmt};
use super::{key_prefix, Head};
use crate::field::Value;

/// What follows the timestamp, per level (index = `Level as usize`).
/// Without a timestamp, this without its leading space.
const AFTER_TS: [&[u8]; 6] = [
    b" level=off target=",
    b" level=error target=",
    b" level=warn target=",
    b" level=info target=",
    b" level=debug target=",
    b" level=trace target=",
];

#[inline]
pub(crate) fn begin(buf: &mut Vec<u8>, head: &Head<'_>) {
    open(buf, head);
    message(buf, head.message);
}

/// The start of a line up to the message: `ts=… level=… target=… msg=`.
#[inline]
pub(crate) fn open(buf: &mut Vec<u8>, head: &Head<'_>) {
    let level = AFTER_TS[head.level as usize];
    if time_part(buf, head) {
        crate::bytes::put(buf, level);
    } else {
        crate::bytes::put(buf, &level[1..]);
    }
    let start = buf.len();
    let quote = escape::escape_str::<Logfmt>(buf, head.target);
    close(buf, start, quote);
    buf.extend_from_slice(b" msg=");
}

/// `ts=…`, if lines have a time (false if not): what a line starts with
/// before the part a call site's head cache keeps (see `head_cache`).
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn time_part(buf: &mut Vec<u8>, head: &Head<'_>) -> bool {
    let Some((layout, t)) = head.time else {
        return false;
    };
    buf.extend_from_slice(b"ts=");
    let start = buf.len();
    layout.append(buf, t);
    if !layout.is_plain() {
        let quote = escape::escape_tail::<Logfmt>(buf, start);
        close(buf, start, quote);
    }
    true
}

/// The message after [`open`], quoted when it needs it.
#[inline]
pub(crate) fn message(buf: &mut Vec<u8>, message: std::fmt::Arguments<'_>) {
    let start = buf.len();
    let quote = escape::escape_args::<Logfmt>(buf, message);
    close(buf, start, quote);
}

/// Quote the value written from `start` when the escaper asked for it.
/// The insert shifts only this value's bytes and stays within capacity in the
/// common case; values that need no quotes (the usual case) are untouched.
#[inline]
fn close(buf: &mut Vec<u8>, start: usize, quote: bool) {
    if quote {
        buf.insert(start, b'"');
        buf.push(b'"');
    }
}

/// ` key=value`, shared with the text format.
#[inline]
pub(crate) fn field(buf: &mut Vec<u8>, key: &str, value: &Value<'_>) {
    key_part(buf, key);
    write_value(buf, value);
}

/// What [`field`] writes before the value: ` key=`.
#[inline]
pub(crate) fn key_part(buf: &mut Vec<u8>, key: &str) {
    buf.push(b' ');
    key_prefix(buf, key);
    escape::escape_str::<Key>(buf, key);
    buf.push(b'=');
}

// Always inlined, as JSON's: where the variant is known the match folds,
// and the compiler's own choice varies with the size of the escaper.
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn write_value(buf: &mut Vec<u8>, value: &Value<'_>) {
    match *value {
        Value::Str(s) => {
            let start = buf.len();
            let quote = escape::escape_str::<Logfmt>(buf, s);
            close(buf, start, quote);
        }
        Value::I64(n) => escape::write_i64(buf, n),
        Value::U64(n) => escape::write_u64(buf, n),
        Value::Bool(b) => crate::bytes::put(buf, if b { b"true" } else { b"false" }),
        _ => write_other(buf, value),
    }
}

/// The less common variants, kept out of line.
#[inline(never)]
fn write_other(buf: &mut Vec<u8>, value: &Value<'_>) {
    let start = buf.len();
    let quote = match *value {
        Value::Str(s) => escape::escape_str::<Logfmt>(buf, s),
        Value::Bytes(b) => escape::escape_bytes::<Logfmt>(buf, b),
        Value::I64(n) => {
            escape::write_int(buf, n);
            false
        }
        Value::U64(n) => {
            escape::write_int(buf, n);
            false
        }
        Value::I128(n) => {
            escape::write_int(buf, n);
            false
        }
        Value::U128(n) => {
            escape::write_int(buf, n);
            false
        }
        Value::F64(f) => {
            if let Err(name) = escape::write_float(buf, f) {
                buf.extend_from_slice(name.as_bytes());
            }
            false
        }
        Value::Bool(b) => {
            buf.extend_from_slice(if b { b"true" } else { b"false" });
            false
        }
        Value::Char(c) => escape::escape_char::<Logfmt>(buf, c),
        Value::Null => false,
        Value::Display(d) => escape::escape_fmt::<Logfmt>(buf, format_args!("{d}")),
        Value::Debug(d) => escape::escape_fmt::<Logfmt>(buf, format_args!("{d:?}")),
        Value::Error(e) => escape::escape_error::<Logfmt>(buf, e),
    };
    close(buf, start, quote);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Level;

    fn f(key: &str, v: Value<'_>) -> String {
        let mut b = Vec::new();
        field(&mut b, key, &v);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn quoting() {
        assert_eq!(f("k", Value::Str("GET")), " k=GET");
        assert_eq!(f("k", Value::Str("")), " k=");
        assert_eq!(f("k", Value::Str("a b")), " k=\"a b\"");
        assert_eq!(f("k", Value::Str("a=b")), " k=\"a=b\"");
        assert_eq!(f("k", Value::Str("a\\b")), " k=\"a\\\\b\"");
        assert_eq!(f("k", Value::Str("a\nb")), " k=\"a\\nb\"");
        assert_eq!(f("k", Value::Str("é")), " k=é");
        assert_eq!(f("k", Value::Display(&"x y")), " k=\"x y\"");
        assert_eq!(f("k", Value::Display(&42)), " k=42");
        assert_eq!(f("", Value::Null), " _=");
        assert_eq!(f("a b=\"c", Value::Null), " a_b__c=");
        assert_eq!(f("msg", Value::Null), " _msg=");
    }

    #[test]
    fn begin_without_time() {
        let mut b = Vec::new();
        let head = Head {
            time: None,
            level: Level::Debug,
            target: "",
            message: format_args!("x={}", 1),
        };
        begin(&mut b, &head);
        assert_eq!(b, b"level=debug target= msg=\"x=1\"");
    }
}
