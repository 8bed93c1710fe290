//! What the fuzzers feed the encoders: an arbitrary record, and what each
//! value must come out as.

use arbitrary::Arbitrary;
use spoolog::time::{Offset, TimeLayout};
use spoolog::{Level, UnixTime, Value};
use std::fmt;

/// Every `Value` variant, owning its data.
#[derive(Arbitrary, Clone, Debug, PartialEq)]
pub enum FuzzValue {
    Str(String),
    Bytes(Vec<u8>),
    I64(i64),
    U64(u64),
    I128(i128),
    U128(u128),
    F64(f64),
    /// One of [`SPECIAL_FLOATS`] (NaN and infinities are rare as raw bits).
    SpecialF64(u8),
    Bool(bool),
    Char(char),
    Null,
    /// Written through `Value::Display` of the string.
    Display(String),
    /// Written through `Value::Debug` of the string (so quoted and escaped
    /// by Rust's `Debug`).
    Debug(String),
    /// An error whose `source()` chain has these messages.
    Error(Vec<String>),
}

pub const SPECIAL_FLOATS: [f64; 8] = [
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    -0.0,
    f64::MIN_POSITIVE,
    f64::MAX,
    5e-324,
    1e21,
];

/// An error with a chain of sources.
#[derive(Debug)]
pub struct ChainError {
    msg: String,
    source: Option<Box<ChainError>>,
}

impl ChainError {
    pub fn new(msgs: &[String]) -> Option<ChainError> {
        let (first, rest) = msgs.split_first()?;
        Some(ChainError {
            msg: first.clone(),
            source: ChainError::new(rest).map(Box::new),
        })
    }
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for ChainError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

/// A value ready to be borrowed as a `spoolog::Value`.
pub struct Prepared {
    pub value: FuzzValue,
    err: Option<ChainError>,
    empty_err: ChainError,
}

/// What a value must decode to.
#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    Str(String),
    /// Decimal text of an integer.
    Int(String),
    /// A finite float (compared bit for bit after parsing).
    Float(f64),
    Bool(bool),
    Null,
}

impl Expected {
    /// The logfmt/text form of the value, for the non-float variants.
    pub fn text(&self) -> Option<String> {
        match self {
            Expected::Str(s) | Expected::Int(s) => Some(s.clone()),
            Expected::Bool(b) => Some(b.to_string()),
            Expected::Null => Some(String::new()),
            Expected::Float(_) => None,
        }
    }

    /// Whether the value is written as a string (escaped, maybe quoted).
    pub fn is_string(&self) -> bool {
        matches!(self, Expected::Str(_))
    }
}

impl Prepared {
    pub fn new(value: FuzzValue) -> Prepared {
        let err = match &value {
            FuzzValue::Error(msgs) => ChainError::new(msgs),
            _ => None,
        };
        Prepared {
            value,
            err,
            empty_err: ChainError {
                msg: String::new(),
                source: None,
            },
        }
    }

    pub fn value(&self) -> Value<'_> {
        match &self.value {
            FuzzValue::Str(s) => Value::Str(s),
            FuzzValue::Bytes(b) => Value::Bytes(b),
            FuzzValue::I64(n) => Value::I64(*n),
            FuzzValue::U64(n) => Value::U64(*n),
            FuzzValue::I128(n) => Value::I128(*n),
            FuzzValue::U128(n) => Value::U128(*n),
            FuzzValue::F64(f) => Value::F64(*f),
            FuzzValue::SpecialF64(i) => Value::F64(special(*i)),
            FuzzValue::Bool(b) => Value::Bool(*b),
            FuzzValue::Char(c) => Value::Char(*c),
            FuzzValue::Null => Value::Null,
            FuzzValue::Display(s) => Value::Display(s),
            FuzzValue::Debug(s) => Value::Debug(s),
            FuzzValue::Error(_) => Value::Error(self.err.as_ref().unwrap_or(&self.empty_err)),
        }
    }

    pub fn expected(&self) -> Expected {
        let float = |f: f64| {
            if f.is_nan() {
                Expected::Str("NaN".into())
            } else if f == f64::INFINITY {
                Expected::Str("inf".into())
            } else if f == f64::NEG_INFINITY {
                Expected::Str("-inf".into())
            } else {
                Expected::Float(f)
            }
        };
        match &self.value {
            FuzzValue::Str(s) | FuzzValue::Display(s) => Expected::Str(s.clone()),
            FuzzValue::Bytes(b) => Expected::Str(String::from_utf8_lossy(b).into_owned()),
            FuzzValue::I64(n) => Expected::Int(n.to_string()),
            FuzzValue::U64(n) => Expected::Int(n.to_string()),
            FuzzValue::I128(n) => Expected::Int(n.to_string()),
            FuzzValue::U128(n) => Expected::Int(n.to_string()),
            FuzzValue::F64(f) => float(*f),
            FuzzValue::SpecialF64(i) => float(special(*i)),
            FuzzValue::Bool(b) => Expected::Bool(*b),
            FuzzValue::Char(c) => Expected::Str(c.to_string()),
            FuzzValue::Null => Expected::Null,
            FuzzValue::Debug(s) => Expected::Str(format!("{s:?}")),
            FuzzValue::Error(msgs) => Expected::Str(msgs.join(": ")),
        }
    }
}

pub fn special(i: u8) -> f64 {
    SPECIAL_FLOATS[usize::from(i) % SPECIAL_FLOATS.len()]
}

/// A timestamp for the head of a line.
#[derive(Arbitrary, Clone, Debug, PartialEq)]
pub struct TimeSpec {
    /// A layout pattern; when it does not parse, [`fallback_layout`] of its length.
    pub pattern: String,
    pub secs: i64,
    pub nanos: u32,
    /// `None` is UTC.
    pub offset: Option<i32>,
}

/// Layouts used when the fuzzed pattern does not parse (most do not): plain
/// ones, and ones whose output the encoders must escape or quote.
pub const FALLBACK_PATTERNS: [&str; 7] = [
    "%Y-%m-%dT%H:%M:%S%.6f%:z",
    "%b %e %H:%M:%S",
    "t=\"%s\" \\%A",
    "%H\u{2028}%M é%k%l",
    "%d/%b/%Y:%H:%M:%S %z",
    "%.3f%:::z%::z%P%j",
    "",
];

/// The fallback layout number `i`: a pattern above, or a preset.
pub fn fallback_layout(i: usize) -> TimeLayout {
    let n = FALLBACK_PATTERNS.len();
    match i % (n + 7) {
        k if k < n => TimeLayout::parse(FALLBACK_PATTERNS[k]).expect("fallback parses"),
        k if k == n => TimeLayout::rfc3339(0),
        k if k == n + 1 => TimeLayout::rfc3339(3),
        k if k == n + 2 => TimeLayout::rfc3339(9),
        k if k == n + 3 => TimeLayout::unix_secs(),
        k if k == n + 4 => TimeLayout::unix_millis(),
        k if k == n + 5 => TimeLayout::unix_micros(),
        _ => TimeLayout::hms(),
    }
}

impl TimeSpec {
    pub fn layout(&self) -> TimeLayout {
        let layout = TimeLayout::parse(&self.pattern)
            .unwrap_or_else(|_| fallback_layout(self.pattern.len()));
        match self.offset {
            Some(o) => layout.with_offset(Offset::Fixed(o)),
            None => layout,
        }
    }

    pub fn instant(&self) -> UnixTime {
        UnixTime {
            secs: self.secs,
            nanos: self.nanos,
        }
    }

    /// The layout's own rendering of the instant (what the `ts` field must
    /// decode to).
    pub fn rendered(&self, layout: &TimeLayout) -> String {
        let mut b = Vec::new();
        layout.append(&mut b, self.instant());
        String::from_utf8(b).expect("time layouts write UTF-8")
    }
}

/// One log record.
#[derive(Arbitrary, Clone, Debug, PartialEq)]
pub struct Record {
    /// `% 5`: Error, Warn, Info, Debug, Trace.
    pub level: u8,
    pub time: Option<TimeSpec>,
    pub target: String,
    pub message: String,
    /// When non-zero, the message is passed as two `format_args!` pieces split
    /// at this char index (exercises the chunked escaping writer).
    pub split: u8,
    pub fields: Vec<(String, FuzzValue)>,
}

impl Record {
    pub fn level(&self) -> Level {
        Level::ALL[usize::from(self.level) % 5]
    }

    /// The message split into two pieces (the second may be empty).
    pub fn message_parts(&self) -> (&str, &str) {
        if self.split == 0 {
            return (&self.message, "");
        }
        let at = self
            .message
            .char_indices()
            .nth(usize::from(self.split))
            .map_or(self.message.len(), |(i, _)| i);
        self.message.split_at(at)
    }
}
