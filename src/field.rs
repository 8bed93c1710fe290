//! The key-value model: what a field's value can be.
//!
//! A [`Field`] is a key and a borrowed [`Value`]. Values borrow from the call
//! site, so building one never allocates; encoders turn each variant into
//! bytes (`itoa` for integers, `ryu` for floats, escaping for strings).

use crate::bytes::Padded;
use std::error::Error as StdError;
use std::fmt;

/// One field value, borrowed from the caller.
///
/// Non-finite floats have no JSON number form; every encoder writes them as
/// the strings `"NaN"`, `"inf"` and `"-inf"` (quoted in JSON, bare in logfmt
/// and text), so lines stay valid.
///
/// ```
/// use spoolog::Value;
/// let v = Value::from(200u16);
/// assert!(matches!(v, Value::U64(200)));
/// let s = Value::from("GET");
/// assert!(matches!(s, Value::Str("GET")));
/// ```
#[derive(Clone, Copy)]
#[non_exhaustive]
pub enum Value<'a> {
    /// A string.
    Str(&'a str),
    /// Raw bytes, written as a string; invalid UTF-8 becomes U+FFFD.
    Bytes(&'a [u8]),
    /// A signed integer (every signed width up to 64 bits).
    I64(i64),
    /// An unsigned integer (every unsigned width up to 64 bits).
    U64(u64),
    /// A 128-bit signed integer.
    I128(i128),
    /// A 128-bit unsigned integer.
    U128(u128),
    /// A float; `f32` widens to this.
    F64(f64),
    /// A boolean.
    Bool(bool),
    /// A character, written as a one-character string.
    Char(char),
    /// No value (`None`): JSON `null`, an empty value in logfmt and text.
    Null,
    /// Anything with `Display`, formatted straight into the line.
    Display(&'a dyn fmt::Display),
    /// Anything with `Debug`, formatted straight into the line.
    Debug(&'a dyn fmt::Debug),
    /// An error; its `source()` chain is written after it, joined by `": "`.
    Error(&'a (dyn StdError + 'static)),
}

impl fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => write!(f, "Str({s:?})"),
            Value::Bytes(b) => write!(f, "Bytes({:?})", String::from_utf8_lossy(b)),
            Value::I64(n) => write!(f, "I64({n})"),
            Value::U64(n) => write!(f, "U64({n})"),
            Value::I128(n) => write!(f, "I128({n})"),
            Value::U128(n) => write!(f, "U128({n})"),
            Value::F64(n) => write!(f, "F64({n})"),
            Value::Bool(b) => write!(f, "Bool({b})"),
            Value::Char(c) => write!(f, "Char({c:?})"),
            Value::Null => f.write_str("Null"),
            Value::Display(d) => write!(f, "Display({d})"),
            Value::Debug(d) => write!(f, "Debug({d:?})"),
            Value::Error(e) => write!(f, "Error({e})"),
        }
    }
}

/// A key and its value.
///
/// ```
/// use spoolog::{Field, Value};
/// let f = Field::new("status", &200);
/// assert_eq!(f.key, "status");
/// assert!(matches!(f.value, Value::I64(200)));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Field<'a> {
    /// The key, escaped by the encoder like any other string.
    pub key: &'a str,
    /// The value.
    pub value: Value<'a>,
    /// The key already encoded for every format, when it is known at compile
    /// time to need no escaping (the macros fill this in for identifier
    /// keys; `None` means the encoder checks the key at run time).
    #[doc(hidden)]
    pub pre: Option<&'static PreKey>,
}

impl<'a> Field<'a> {
    /// A field from a key and an already-built [`Value`] (for fields made at
    /// run time from data of varying types).
    ///
    /// ```
    /// use spoolog::{Field, Value};
    /// let f = Field::with_value("n", Value::U64(3));
    /// assert!(matches!(f.value, Value::U64(3)));
    /// ```
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub const fn with_value(key: &'a str, value: Value<'a>) -> Field<'a> {
        Field {
            key,
            value,
            pre: None,
        }
    }
}

/// A key encoded at compile time: `,"key":` for JSON and ` key=` for logfmt
/// and text. Built by the macros (and the `tracing` layer, once per call
/// site) and used only for keys [`key_is_plain`] accepts.
///
/// Each form is kept in a 32-byte array, so that appending it is one
/// fixed-size copy and a cut to its length, with no branch on the length
/// (see `bytes::Padded`). The JSON form is followed in its array by a `"`,
/// so that a string value's opening quote comes with the key.
///
/// ```
/// static K: spoolog::field::PreKey = spoolog::field::PreKey::new("a");
/// assert_eq!(K.kv(), b" a=");
/// assert_eq!(K.json(), b",\"a\":");
/// ```
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct PreKey {
    /// `,"key":"`, whose length counts `,"key":` only.
    json: Padded<32>,
    /// ` key=`
    kv: Padded<32>,
}

impl PreKey {
    /// The longest key that has a `PreKey` (`,"` + key + `":"` fills 32
    /// bytes); [`key_is_plain`] refuses longer ones.
    pub const MAX_KEY: usize = 27;

    /// The encoded forms of `key`. For a key longer than
    /// [`MAX_KEY`](Self::MAX_KEY) both are empty (such a key is not plain,
    /// so they are never used).
    ///
    /// ```
    /// let k = spoolog::field::PreKey::new("status");
    /// assert_eq!(k.json(), b",\"status\":");
    /// ```
    pub const fn new(key: &str) -> PreKey {
        let b = key.as_bytes();
        if b.len() > Self::MAX_KEY {
            return PreKey {
                json: Padded::new(b""),
                kv: Padded::new(b""),
            };
        }
        let mut json = [0u8; 32];
        let mut kv = [0u8; 32];
        json[0] = b',';
        json[1] = b'"';
        kv[0] = b' ';
        let mut i = 0;
        while i < b.len() {
            json[2 + i] = b[i];
            kv[1 + i] = b[i];
            i += 1;
        }
        json[2 + i] = b'"';
        json[3 + i] = b':';
        json[4 + i] = b'"';
        kv[1 + i] = b'=';
        PreKey {
            json: Padded::with_len(json, 4 + b.len()),
            kv: Padded::with_len(kv, 2 + b.len()),
        }
    }

    /// `,"key":`
    ///
    /// ```
    /// assert_eq!(spoolog::field::PreKey::new("n").json(), b",\"n\":");
    /// ```
    pub fn json(&self) -> &[u8] {
        self.json.as_bytes()
    }

    /// ` key=`
    ///
    /// ```
    /// assert_eq!(spoolog::field::PreKey::new("n").kv(), b" n=");
    /// ```
    pub fn kv(&self) -> &[u8] {
        self.kv.as_bytes()
    }

    /// Append `,"key":`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn put_json(&self, buf: &mut Vec<u8>) {
        self.json.put(buf);
    }

    /// Append `,"key":"`: the key and a string value's opening quote.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn put_json_quote(&self, buf: &mut Vec<u8>) {
        self.json.put_more(buf, 1);
    }

    /// Append ` key=`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn put_kv(&self, buf: &mut Vec<u8>) {
        self.kv.put(buf);
    }
}

/// Whether `key` can be written as is in every format: non-empty, at most
/// [`PreKey::MAX_KEY`] (27) bytes (so its encoded forms fit `PreKey`'s
/// arrays), only ASCII letters, digits and `_`, and not one of the built-in keys (`ts`,
/// `level`, `target`, `msg`) nor a built-in key of a JSON preset
/// ([`JsonKeys`](crate::encode::JsonKeys): `message`, `time`, `severity`,
/// `Body`, ...). Evaluated at compile time by the macros; a key it refuses
/// takes the checked path, which writes the same bytes where the key is
/// not reserved.
///
/// ```
/// use spoolog::field::key_is_plain;
/// assert!(key_is_plain("latency_us"));
/// assert!(!key_is_plain("msg"));
/// assert!(!key_is_plain("message"));
/// assert!(!key_is_plain("a b"));
/// assert!(!key_is_plain(""));
/// ```
pub const fn key_is_plain(key: &str) -> bool {
    const RESERVED: [&str; 25] = crate::encode::json_keys::PLAIN_RESERVED;
    let b = key.as_bytes();
    if b.is_empty() || b.len() > PreKey::MAX_KEY {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !(c.is_ascii_alphanumeric() || c == b'_') {
            return false;
        }
        i += 1;
    }
    let mut r = 0;
    while r < RESERVED.len() {
        let w = RESERVED[r].as_bytes();
        if w.len() == b.len() {
            let mut j = 0;
            while j < w.len() && w[j] == b[j] {
                j += 1;
            }
            if j == w.len() {
                return false;
            }
        }
        r += 1;
    }
    true
}

impl<'a> Field<'a> {
    /// A field from anything that converts into a [`Value`].
    ///
    /// ```
    /// let f = spoolog::Field::new("path", "/x");
    /// assert!(matches!(f.value, spoolog::Value::Str("/x")));
    /// assert_eq!(f.key, "path");
    /// ```
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn new<V: ToValue + ?Sized>(key: &'a str, value: &'a V) -> Field<'a> {
        Field {
            key,
            value: value.to_value(),
            pre: None,
        }
    }
}

/// Conversion of a borrowed value into a [`Value`]. Implemented for strings,
/// every integer width, floats, `bool`, `char`, `Option`s of those, and the
/// wrappers [`display`], [`debug`] and [`error`].
///
/// ```
/// use spoolog::field::ToValue;
/// let n = 7u8;
/// assert!(matches!(n.to_value(), spoolog::Value::U64(7)));
/// ```
pub trait ToValue {
    /// The value, borrowing from `self`.
    fn to_value(&self) -> Value<'_>;
}

impl<T: ToValue + ?Sized> ToValue for &T {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}

impl ToValue for str {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn to_value(&self) -> Value<'_> {
        Value::Str(self)
    }
}

impl ToValue for String {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn to_value(&self) -> Value<'_> {
        Value::Str(self)
    }
}

impl ToValue for [u8] {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn to_value(&self) -> Value<'_> {
        Value::Bytes(self)
    }
}

impl<'v> ToValue for Value<'v> {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn to_value(&self) -> Value<'_> {
        *self
    }
}

macro_rules! copy_values {
    ($($t:ty => $variant:ident as $as:ty),* $(,)?) => {$(
        impl ToValue for $t {
            #[cfg_attr(not(debug_assertions), inline(always))]
            fn to_value(&self) -> Value<'_> {
                Value::$variant(*self as $as)
            }
        }
        impl From<$t> for Value<'_> {
            #[cfg_attr(not(debug_assertions), inline(always))]
            fn from(v: $t) -> Self {
                Value::$variant(v as $as)
            }
        }
    )*};
}

copy_values! {
    i8 => I64 as i64, i16 => I64 as i64, i32 => I64 as i64, i64 => I64 as i64, isize => I64 as i64,
    u8 => U64 as u64, u16 => U64 as u64, u32 => U64 as u64, u64 => U64 as u64, usize => U64 as u64,
    i128 => I128 as i128, u128 => U128 as u128,
    f32 => F64 as f64, f64 => F64 as f64,
}

impl ToValue for bool {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn to_value(&self) -> Value<'_> {
        Value::Bool(*self)
    }
}

impl From<bool> for Value<'_> {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}

impl ToValue for char {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn to_value(&self) -> Value<'_> {
        Value::Char(*self)
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(v: &'a str) -> Self {
        Value::Str(v)
    }
}

impl<T: ToValue> ToValue for Option<T> {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn to_value(&self) -> Value<'_> {
        match self {
            Some(v) => v.to_value(),
            None => Value::Null,
        }
    }
}

/// A value written with its `Display` impl. Build it with [`display`].
///
/// ```
/// use spoolog::field::display;
/// let addr: std::net::Ipv4Addr = "10.0.0.1".parse().unwrap();
/// let shown = display(&addr);
/// let f = spoolog::Field::new("peer", &shown);
/// assert!(matches!(f.value, spoolog::Value::Display(_)));
/// ```
pub struct DisplayValue<'a, T: ?Sized>(pub &'a T);

/// A value written with its `Debug` impl. Build it with [`debug`].
///
/// ```
/// let v = vec![1, 2];
/// let d = spoolog::field::debug(&v);
/// assert!(matches!(spoolog::field::ToValue::to_value(&d), spoolog::Value::Debug(_)));
/// ```
pub struct DebugValue<'a, T: ?Sized>(pub &'a T);

/// An error value with its `source()` chain. Build it with [`error`].
///
/// ```
/// let e = std::io::Error::other("disk full");
/// let v = spoolog::field::error(&e);
/// assert!(matches!(spoolog::field::ToValue::to_value(&v), spoolog::Value::Error(_)));
/// ```
pub struct ErrorValue<'a>(pub &'a (dyn StdError + 'static));

/// Log `v` through its `Display` impl.
///
/// ```
/// let _ = spoolog::field::display(&3.5);
/// ```
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn display<T: fmt::Display + ?Sized>(v: &T) -> DisplayValue<'_, T> {
    DisplayValue(v)
}

/// Log `v` through its `Debug` impl.
///
/// ```
/// let _ = spoolog::field::debug(&Some(1));
/// ```
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn debug<T: fmt::Debug + ?Sized>(v: &T) -> DebugValue<'_, T> {
    DebugValue(v)
}

/// Log an error and its `source()` chain.
///
/// ```
/// let e = std::io::Error::other("boom");
/// let _ = spoolog::field::error(&e);
/// ```
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn error<'a, E: StdError + 'static>(e: &'a E) -> ErrorValue<'a> {
    ErrorValue(e)
}

impl<T: fmt::Display> ToValue for DisplayValue<'_, T> {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn to_value(&self) -> Value<'_> {
        Value::Display(self.0)
    }
}

impl<T: fmt::Debug> ToValue for DebugValue<'_, T> {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn to_value(&self) -> Value<'_> {
        Value::Debug(self.0)
    }
}

impl ToValue for ErrorValue<'_> {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn to_value(&self) -> Value<'_> {
        Value::Error(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key length up to the limit: the forms are what the run-time
    /// path writes for a plain key, and the JSON form's array carries the
    /// opening quote of a string value; longer keys are not plain.
    #[test]
    fn pre_keys_of_every_length() {
        for n in 1..=PreKey::MAX_KEY + 3 {
            let key: String = (0..n).map(|i| (b'a' + (i % 26) as u8) as char).collect();
            if n > PreKey::MAX_KEY {
                assert!(!key_is_plain(&key), "{n}");
                assert_eq!(PreKey::new(&key).json(), b"", "{n}");
                continue;
            }
            assert!(key_is_plain(&key), "{n}");
            let k = PreKey::new(&key);
            assert_eq!(k.json(), format!(",\"{key}\":").as_bytes());
            assert_eq!(k.kv(), format!(" {key}=").as_bytes());
            for cap in [0, 8, 64] {
                let mut buf = Vec::with_capacity(cap);
                buf.push(b'{');
                k.put_json_quote(&mut buf);
                k.put_json(&mut buf);
                k.put_kv(&mut buf);
                assert_eq!(buf, format!("{{,\"{key}\":\",\"{key}\": {key}=").as_bytes());
            }
        }
    }
}
