//! RFC 5424 structured data (section 6.3): parameter names and values.
//!
//! Every field of a record becomes one SD-PARAM of the record's single
//! SD-ELEMENT, `[spoolog@32473 target="app::db" key="value" ...]`.
//!
//! **Names.** An SD-NAME is 1 to 32 printable US-ASCII characters other
//! than `=`, space, `]` and `"`. A key that already is one is written as it
//! is. Otherwise, deterministically:
//! 1. an empty key is `_`; the key `target` (which the record itself uses)
//!    gets a `_` prefix, as built-in keys do in every format;
//! 2. each character that may not appear (a forbidden ASCII byte, a control,
//!    any non-ASCII character) becomes one `_`;
//! 3. a result longer than 32 characters keeps its first 23, then `~` and
//!    the 8 hex digits of the FNV-1a hash of the original key, so that long
//!    keys sharing a 32-character prefix stay apart.
//!
//! Two different keys can still meet after step 2 (`a b` and `a=b` are both
//! `a_b`), as in logfmt output; keep keys plain to avoid it.
//!
//! **Values** are UTF-8 with `"`, `\` and `]` escaped by a backslash (the
//! RFC's rule), control characters as JSON-style escapes (see
//! `SdValue` in `encode/escape.rs`), invalid UTF-8 as U+FFFD. Numbers,
//! booleans and the rest are written as text; `null` is the empty string.

use crate::encode::escape::{self, SdValue};
use crate::field::Value;

/// The longest SD-NAME (and SD-ID).
pub(super) const MAX_NAME: usize = 32;

/// The key the record itself writes into the SD-ELEMENT.
pub(super) const TARGET: &str = "target";

/// Whether `b` may appear in an SD-NAME.
#[inline]
pub(super) const fn name_byte(b: u8) -> bool {
    b > b' ' && b < 0x7f && b != b'=' && b != b']' && b != b'"'
}

/// [`name_byte`] for every byte.
const NAME_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = name_byte(i as u8);
        i += 1;
    }
    t
};

/// Whether `s` is a valid SD-NAME.
#[inline]
pub(super) fn is_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_NAME && s.bytes().all(|b| NAME_BYTES[b as usize])
}

/// Write ` name="value"`.
#[inline]
pub(super) fn param(buf: &mut Vec<u8>, key: &str, value: &Value<'_>) {
    buf.push(b' ');
    name(buf, key);
    crate::bytes::put(buf, b"=\"");
    write_value(buf, value);
    buf.push(b'"');
}

/// Write ` name="value"` for a key the macros pre-encoded as ` key=`
/// (ASCII letters, digits and `_`, never `target`): a valid SD-NAME as it
/// is when it is not longer than 32 characters.
#[inline]
pub(super) fn param_pre(buf: &mut Vec<u8>, kv: &[u8], key: &str, value: &Value<'_>) {
    if kv.len() <= MAX_NAME + 2 {
        crate::bytes::put(buf, kv);
        buf.push(b'"');
        write_value(buf, value);
        buf.push(b'"');
    } else {
        param(buf, key, value);
    }
}

/// Write `key` as an SD-NAME (see the module documentation).
#[inline]
pub(super) fn name(buf: &mut Vec<u8>, key: &str) {
    if is_name(key) && key != TARGET {
        crate::bytes::put(buf, key.as_bytes());
    } else {
        name_slow(buf, key);
    }
}

#[inline(never)]
fn name_slow(buf: &mut Vec<u8>, key: &str) {
    let start = buf.len();
    if key.is_empty() || key == TARGET {
        buf.push(b'_');
    }
    for c in key.chars() {
        match u8::try_from(c) {
            Ok(b) if name_byte(b) => buf.push(b),
            _ => buf.push(b'_'),
        }
    }
    if buf.len() - start > MAX_NAME {
        buf.truncate(start + MAX_NAME - 9);
        buf.push(b'~');
        let h = fnv1a(key.as_bytes());
        for shift in (0..8).rev() {
            buf.push(b"0123456789abcdef"[(h >> (shift * 4)) as usize & 15]);
        }
    }
}

/// 32-bit FNV-1a.
fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Write a PARAM-VALUE (without the quotes).
#[inline]
pub(super) fn write_value(buf: &mut Vec<u8>, value: &Value<'_>) {
    match *value {
        Value::Str(s) => {
            escape::escape_str::<SdValue>(buf, s);
        }
        Value::I64(n) => escape::write_int(buf, n),
        Value::U64(n) => escape::write_int(buf, n),
        Value::Bool(b) => crate::bytes::put(buf, if b { b"true" } else { b"false" }),
        _ => write_other(buf, value),
    }
}

#[inline(never)]
fn write_other(buf: &mut Vec<u8>, value: &Value<'_>) {
    match *value {
        Value::Str(s) => {
            escape::escape_str::<SdValue>(buf, s);
        }
        Value::Bytes(b) => {
            escape::escape_bytes::<SdValue>(buf, b);
        }
        Value::I64(n) => escape::write_int(buf, n),
        Value::U64(n) => escape::write_int(buf, n),
        Value::I128(n) => escape::write_int(buf, n),
        Value::U128(n) => escape::write_int(buf, n),
        Value::F64(f) => {
            if let Err(name) = escape::write_float(buf, f) {
                buf.extend_from_slice(name.as_bytes());
            }
        }
        Value::Bool(b) => buf.extend_from_slice(if b { b"true" } else { b"false" }),
        Value::Char(c) => {
            escape::escape_char::<SdValue>(buf, c);
        }
        Value::Null => {}
        Value::Display(d) => {
            escape::escape_fmt::<SdValue>(buf, format_args!("{d}"));
        }
        Value::Debug(d) => {
            escape::escape_fmt::<SdValue>(buf, format_args!("{d:?}"));
        }
        Value::Error(e) => {
            escape::escape_error::<SdValue>(buf, e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(key: &str) -> String {
        let mut b = Vec::new();
        name(&mut b, key);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn names() {
        assert_eq!(n("latency_us"), "latency_us");
        assert_eq!(n("http.status-code"), "http.status-code");
        assert_eq!(n(""), "_");
        assert_eq!(n("target"), "_target");
        assert_eq!(n("a b=c]d\"e"), "a_b_c_d_e");
        assert_eq!(n("é\n\u{85}x"), "___x");
        let exact = "k".repeat(32);
        assert_eq!(n(&exact), exact);
        let long1 = n("http.request.header.x_forwarded_for");
        let long2 = n("http.request.header.x_forwarded_host");
        assert_eq!(long1.len(), 32);
        assert!(long1.starts_with("http.request.header.x_f~"), "{long1}");
        assert_ne!(long1, long2);
        assert_eq!(long1, n("http.request.header.x_forwarded_for"));
        for k in [long1.as_str(), &long2, &n(&"é".repeat(40))] {
            assert!(is_name(k), "{k}");
        }
        for b in 0..=255u8 {
            let s = [b'a', b];
            let table = std::str::from_utf8(&s).is_ok_and(is_name);
            assert_eq!(table, name_byte(b), "{b:#x}");
        }
    }

    #[test]
    fn pre_encoded_keys_give_the_same_bytes() {
        let long = "k".repeat(40);
        for key in ["status", "latency_us", &"k".repeat(32), &long] {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            param(&mut a, key, &Value::U64(7));
            param_pre(&mut b, format!(" {key}=").as_bytes(), key, &Value::U64(7));
            assert_eq!(a, b, "{key}");
        }
    }

    #[test]
    fn values() {
        let mut b = Vec::new();
        param(&mut b, "k", &Value::Str("a\"b\\c]d\ne"));
        param(&mut b, "n", &Value::I64(-3));
        param(&mut b, "f", &Value::F64(f64::NAN));
        param(&mut b, "z", &Value::Null);
        param(&mut b, "raw", &Value::Bytes(b"\xff]"));
        assert_eq!(
            String::from_utf8(b).unwrap(),
            " k=\"a\\\"b\\\\c\\]d\\ne\" n=\"-3\" f=\"NaN\" z=\"\" raw=\"\u{fffd}\\]\""
        );
    }
}
