//! JSON lines: `{"ts":"…","level":"INFO","target":"…","msg":"…",…}\n`.

use super::escape::{self, Json};
use super::json_keys::{self, JsonKeys, Keys};
use super::Head;
use crate::field::{PreKey, Value};

/// The start of a line: time, level, target and message, named and
/// ordered as `keys` says. One branch on the preset, then the preset's
/// pieces are constants (copies of known length, no loads through `keys`).
#[inline]
pub(crate) fn begin(buf: &mut Vec<u8>, head: &Head<'_>, keys: &Keys) {
    match keys.name {
        JsonKeys::Spoolog => begin_with(buf, head, &json_keys::SPOOLOG),
        JsonKeys::Ecs => begin_with(buf, head, &json_keys::ECS),
        JsonKeys::Gcp => begin_with(buf, head, &json_keys::GCP),
        JsonKeys::Otel => begin_with(buf, head, &json_keys::OTEL),
    }
}

/// `{"ts":"…","level":"INFO",` (or `{"level":"INFO",` without a time):
/// the opening every line shares.
#[cfg_attr(not(debug_assertions), inline(always))]
fn time_and_level(buf: &mut Vec<u8>, head: &Head<'_>, keys: &Keys) {
    let level = keys.after_ts[head.level as usize];
    if time_part(buf, head, keys) {
        crate::bytes::put(buf, level);
    } else {
        buf.push(b'{');
        crate::bytes::put(buf, &level[2..]);
    }
}

/// What a line with a time starts with, up to the time's last byte:
/// `{"ts":"…` (nothing without a time; false then). The rest of the
/// line's start depends only on the encoding, level, target and message,
/// which is what a call site's head cache keeps (see `head_cache`).
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn time_part(buf: &mut Vec<u8>, head: &Head<'_>, keys: &Keys) -> bool {
    let Some((layout, t)) = head.time else {
        return false;
    };
    crate::bytes::put(buf, keys.ts_open);
    let start = buf.len();
    layout.append(buf, t);
    if !layout.is_plain() {
        escape::escape_tail::<Json>(buf, start);
    }
    true
}

#[cfg_attr(not(debug_assertions), inline(always))]
fn begin_with(buf: &mut Vec<u8>, head: &Head<'_>, keys: &'static Keys) {
    time_and_level(buf, head, keys);
    // One call site for the message, so that its escaping stays inlined.
    if !keys.message_first {
        escape::escape_str::<Json>(buf, head.target);
        crate::bytes::put(buf, keys.between);
    }
    escape::escape_args::<Json>(buf, head.message);
    if keys.message_first {
        crate::bytes::put(buf, keys.between);
        escape::escape_str::<Json>(buf, head.target);
    }
    crate::bytes::put(buf, keys.close);
}

/// `,"key":value`; a key that `keys` reserves (or an empty one) gets a `_`
/// prefix.
#[inline]
pub(crate) fn field(buf: &mut Vec<u8>, key: &str, value: &Value<'_>, keys: &Keys) {
    key_part(buf, key, keys);
    write_value(buf, value);
}

/// What [`field`] writes before the value: `,"key":`.
#[inline]
pub(crate) fn key_part(buf: &mut Vec<u8>, key: &str, keys: &Keys) {
    buf.extend_from_slice(b",\"");
    if key.is_empty() || keys.is_reserved(key) {
        buf.push(b'_');
    }
    escape::escape_str::<Json>(buf, key);
    buf.extend_from_slice(b"\":");
}

/// The start of a line up to the message, for presets that put the target
/// before the message (see `Encoder::splits_message`): `{"ts":…,"msg":"`.
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
#[inline]
pub(crate) fn open(buf: &mut Vec<u8>, head: &Head<'_>, keys: &Keys) {
    time_and_level(buf, head, keys);
    if !keys.message_first {
        escape::escape_str::<Json>(buf, head.target);
        crate::bytes::put(buf, keys.between);
    }
}

/// The message after [`open`], and what closes it.
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
#[inline]
pub(crate) fn message(buf: &mut Vec<u8>, message: std::fmt::Arguments<'_>, keys: &Keys) {
    escape::escape_args::<Json>(buf, message);
    crate::bytes::put(buf, keys.close);
}

#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
/// `,"key":[`: a list member (the key as in [`field`]).
#[inline]
pub(crate) fn open_list(buf: &mut Vec<u8>, key: &str, keys: &Keys) {
    buf.extend_from_slice(b",\"");
    if key.is_empty() || keys.is_reserved(key) {
        buf.push(b'_');
    }
    escape::escape_str::<Json>(buf, key);
    buf.extend_from_slice(b"\":[");
}

#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
/// `{"key":"value"`: an object with its first member; no `_` prefix here,
/// since the built-in keys live only at the top level.
#[inline]
pub(crate) fn open_object(buf: &mut Vec<u8>, key: &str, value: &str) {
    buf.extend_from_slice(b"{\"");
    escape::escape_str::<Json>(buf, key);
    buf.extend_from_slice(b"\":");
    string(buf, value);
}

/// A quoted, escaped string.
#[inline]
fn string(buf: &mut Vec<u8>, s: &str) {
    buf.push(b'"');
    escape::escape_str_then::<Json>(buf, s, b'"');
}

/// A field whose key was encoded beforehand: the key's fixed-size copy
/// brings a string value's opening quote along.
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn field_pre(buf: &mut Vec<u8>, key: &PreKey, value: &Value<'_>) {
    match *value {
        Value::Str(s) => {
            key.put_json_quote(buf);
            escape::escape_str_then::<Json>(buf, s, b'"');
        }
        _ => {
            key.put_json(buf);
            write_value(buf, value);
        }
    }
}

// Always inlined: where the variant is known (the `tracing` visitor's
// `record_u64`, …) the match folds away.
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn write_value(buf: &mut Vec<u8>, value: &Value<'_>) {
    match *value {
        Value::Str(s) => string(buf, s),
        Value::I64(n) => escape::write_i64(buf, n),
        Value::U64(n) => escape::write_u64(buf, n),
        Value::Bool(b) => crate::bytes::put(buf, if b { b"true" } else { b"false" }),
        _ => write_other(buf, value),
    }
}

/// The less common variants, kept out of line.
#[inline(never)]
fn write_other(buf: &mut Vec<u8>, value: &Value<'_>) {
    match *value {
        Value::Str(s) => string(buf, s),
        Value::Bytes(b) => {
            buf.push(b'"');
            escape::escape_bytes::<Json>(buf, b);
            buf.push(b'"');
        }
        Value::I64(n) => escape::write_i64(buf, n),
        Value::U64(n) => escape::write_u64(buf, n),
        Value::I128(n) => escape::write_int(buf, n),
        Value::U128(n) => escape::write_int(buf, n),
        Value::F64(f) => {
            if let Err(name) = escape::write_float(buf, f) {
                string(buf, name);
            }
        }
        Value::Bool(b) => buf.extend_from_slice(if b { b"true" } else { b"false" }),
        Value::Char(c) => {
            buf.push(b'"');
            escape::escape_char::<Json>(buf, c);
            buf.push(b'"');
        }
        Value::Null => buf.extend_from_slice(b"null"),
        Value::Display(d) => {
            buf.push(b'"');
            escape::escape_fmt::<Json>(buf, format_args!("{d}"));
            buf.push(b'"');
        }
        Value::Debug(d) => {
            buf.push(b'"');
            escape::escape_fmt::<Json>(buf, format_args!("{d:?}"));
            buf.push(b'"');
        }
        Value::Error(e) => {
            buf.push(b'"');
            escape::escape_error::<Json>(buf, e);
            buf.push(b'"');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::json_keys::SPOOLOG;
    use crate::Level;

    #[test]
    fn begin_without_time() {
        let mut b = Vec::new();
        let head = Head {
            time: None,
            level: Level::Trace,
            target: "t\"",
            message: format_args!("a{}", 1),
        };
        begin(&mut b, &head, &SPOOLOG);
        assert_eq!(b, br#"{"level":"TRACE","target":"t\"","msg":"a1""#);
    }

    #[test]
    fn keys() {
        let mut b = Vec::new();
        field(&mut b, "", &Value::Null, &SPOOLOG);
        field(&mut b, "ts", &Value::Bool(false), &SPOOLOG);
        field(&mut b, "k\"\n", &Value::F64(f64::NAN), &SPOOLOG);
        assert_eq!(b, br#","_":null,"_ts":false,"k\"\n":"NaN""#);
    }

    #[test]
    fn nested_list_and_object_escape() {
        let mut b = Vec::new();
        open_list(&mut b, "sp\"ans\n", &SPOOLOG);
        open_object(&mut b, "na\\me", "req\"\u{1}\u{2028}");
        field(&mut b, "msg", &Value::U64(1), &SPOOLOG);
        b.push(b'}');
        b.push(b']');
        assert_eq!(
            b,
            br#","sp\"ans\n":[{"na\\me":"req\"\u0001\u2028","_msg":1}]"#
        );
        b.clear();
        open_list(&mut b, "level", &SPOOLOG);
        assert_eq!(b, br#","_level":["#);
    }

    #[test]
    fn open_then_message_is_begin() {
        let head = Head {
            time: None,
            level: Level::Info,
            target: "app",
            message: format_args!("hi"),
        };
        let (mut a, mut b) = (Vec::new(), Vec::new());
        begin(&mut a, &head, &SPOOLOG);
        open(&mut b, &head, &SPOOLOG);
        message(&mut b, format_args!("hi"), &SPOOLOG);
        assert_eq!(a, b);
    }
}
