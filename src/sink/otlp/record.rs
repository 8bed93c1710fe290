//! One record as an OpenTelemetry `LogRecord`, written straight into the
//! logger's buffer.
//!
//! The record is the whole length-delimited field `log_records` (field 2)
//! of a `ScopeLogs` message — tag, length, `LogRecord` — so that records
//! placed one after another (a batch from the background writer) already
//! are a valid run of `repeated LogRecord`: the sink only puts the
//! request's outer messages in front of them.
//!
//! Field numbers are those of `opentelemetry/proto/logs/v1/logs.proto`
//! and `opentelemetry/proto/common/v1/common.proto`.

use super::proto::{self, tag, I32, I64, LEN, VARINT};
use crate::encode::{Head, Protocol};
use crate::field::Value;
use crate::level::Level;
use crate::time::UnixTime;
use std::fmt::{self, Write as _};

/// `ScopeLogs.log_records`: the tag every record starts with.
pub(super) const RECORD: u8 = tag(2, LEN);

// LogRecord
const TIME: u8 = tag(1, I64);
const SEVERITY_NUMBER: u8 = tag(2, VARINT);
const SEVERITY_TEXT: u8 = tag(3, LEN);
const BODY: u8 = tag(5, LEN);
const ATTRIBUTE: u8 = tag(6, LEN);
const FLAGS: u8 = tag(8, I32);
const TRACE_ID: u8 = tag(9, LEN);
const SPAN_ID: u8 = tag(10, LEN);
const OBSERVED_TIME: u8 = tag(11, I64);

// KeyValue
const KEY: u8 = tag(1, LEN);
const VALUE: u8 = tag(2, LEN);

// AnyValue
const STRING: u8 = tag(1, LEN);
const BOOL: u8 = tag(2, VARINT);
const INT: u8 = tag(3, VARINT);
const DOUBLE: u8 = tag(4, I64);
const BYTES: u8 = tag(7, LEN);

/// `Resource.attributes` and `LogRecord.attributes`' `KeyValue` tags.
pub(super) const RESOURCE_ATTRIBUTE: u8 = tag(1, LEN);

/// Bytes reserved for a record's length: records of 128 bytes to 16 KiB
/// (most of them) need no move when the length is written.
const RECORD_RESERVE: usize = 2;

/// `SeverityNumber` and its text, from the OpenTelemetry log data model's
/// mapping: TRACE 1, DEBUG 5, INFO 9, WARN 13, ERROR 17 (the first number
/// of each range).
pub(super) const fn severity(level: Level) -> (u8, &'static str) {
    match level {
        Level::Trace => (1, "TRACE"),
        Level::Debug => (5, "DEBUG"),
        Level::Info => (9, "INFO"),
        Level::Warn => (13, "WARN"),
        Level::Error => (17, "ERROR"),
    }
}

/// The attribute the target is written under (left out when empty); a
/// user field of that name is written as `_target`.
pub(super) const TARGET_KEY: &str = "target";

/// The OTLP `LogRecord` layout of a record.
#[derive(Debug, Default)]
pub(super) struct LogRecordProtocol;

impl Protocol for LogRecordProtocol {
    fn name(&self) -> &'static str {
        "otlp"
    }

    fn begin(&self, buf: &mut Vec<u8>, head: &Head<'_>) {
        // The record's frame starts the buffer (the logger begins every
        // record in an empty one); `end` fills in its length.
        let _ = proto::open(buf, RECORD, RECORD_RESERVE);
        match head.time {
            Some((_, t)) => {
                let ns = unix_nanos(t);
                proto::put_fixed64(buf, TIME, ns);
                proto::put_fixed64(buf, OBSERVED_TIME, ns);
            }
            // No time on the logger's records: the event's own time is
            // unknown (left out), but it was observed now.
            None => proto::put_fixed64(buf, OBSERVED_TIME, unix_nanos(UnixTime::now())),
        }
        let (number, text) = severity(head.level);
        buf.push(SEVERITY_NUMBER);
        buf.push(number);
        proto::put_bytes(buf, SEVERITY_TEXT, text.as_bytes());
        let body = proto::open(buf, BODY, 1);
        match head.message.as_str() {
            Some(s) => proto::put_bytes(buf, STRING, s.as_bytes()),
            None => {
                let s = proto::open(buf, STRING, 1);
                let _ = Raw(buf).write_fmt(head.message);
                proto::close(buf, s);
            }
        }
        proto::close(buf, body);
        if !head.target.is_empty() {
            key_value(buf, ATTRIBUTE, TARGET_KEY, &Value::Str(head.target));
        }
    }

    fn field(&self, buf: &mut Vec<u8>, key: &str, value: &Value<'_>) {
        match key {
            "trace_id" => {
                if let Some(id) = trace_id(value) {
                    return proto::put_bytes(buf, TRACE_ID, &id);
                }
            }
            "span_id" => {
                if let Some(id) = span_id(value) {
                    return proto::put_bytes(buf, SPAN_ID, &id);
                }
            }
            "trace_flags" => {
                if let Some(flags) = trace_flags(value) {
                    return proto::put_fixed32(buf, FLAGS, u32::from(flags));
                }
            }
            _ => {}
        }
        let key = if key == TARGET_KEY { "_target" } else { key };
        key_value(buf, ATTRIBUTE, key, value);
    }

    fn end(&self, buf: &mut Vec<u8>, _head: &Head<'_>) {
        proto::close(buf, proto::Open::at(0, RECORD_RESERVE));
    }
}

/// Nanoseconds since the epoch; instants before it are 0 ("unknown").
fn unix_nanos(t: UnixTime) -> u64 {
    if t.secs < 0 {
        return 0;
    }
    (t.secs as u64)
        .saturating_mul(1_000_000_000)
        .saturating_add(u64::from(t.nanos.min(999_999_999)))
}

/// A `KeyValue` field with tag `tag`.
pub(super) fn key_value(buf: &mut Vec<u8>, tag: u8, key: &str, value: &Value<'_>) {
    if let Some(any) = any_len(value) {
        // Sizes known: written in one pass, nothing moved.
        let kv = proto::len_field(key.len()) + proto::len_field(any);
        if kv < 0x80 {
            // Every length one byte (most fields): the heads in two pieces.
            crate::bytes::put(buf, &[tag, kv as u8, KEY, key.len() as u8]);
            crate::bytes::put(buf, key.as_bytes());
            crate::bytes::put(buf, &[VALUE, any as u8]);
        } else {
            proto::put_head(buf, tag, kv);
            proto::put_bytes(buf, KEY, key.as_bytes());
            proto::put_head(buf, VALUE, any);
        }
        return any_value(buf, value);
    }
    let kv = proto::open(buf, tag, 1);
    proto::put_bytes(buf, KEY, key.as_bytes());
    let any = proto::open(buf, VALUE, 1);
    any_value(buf, value);
    proto::close(buf, any);
    proto::close(buf, kv);
}

/// The size of [`any_value`]'s output, when it is known before writing
/// (everything but formatted values).
fn any_len(value: &Value<'_>) -> Option<usize> {
    let int = |n: i64| 1 + proto::varint_len(n as u64);
    let decimal = |digits: usize| proto::len_field(digits);
    Some(match *value {
        Value::Str(s) => proto::len_field(s.len()),
        Value::Bytes(b) => proto::len_field(b.len()),
        Value::I64(n) => int(n),
        Value::U64(n) => match i64::try_from(n) {
            Ok(n) => int(n),
            Err(_) => decimal(itoa::Buffer::new().format(n).len()),
        },
        Value::I128(n) => match i64::try_from(n) {
            Ok(n) => int(n),
            Err(_) => decimal(itoa::Buffer::new().format(n).len()),
        },
        Value::U128(n) => match i64::try_from(n) {
            Ok(n) => int(n),
            Err(_) => decimal(itoa::Buffer::new().format(n).len()),
        },
        Value::F64(_) => 9,
        Value::Bool(_) => 2,
        Value::Char(c) => proto::len_field(c.len_utf8()),
        Value::Null => 0,
        Value::Display(_) | Value::Debug(_) | Value::Error(_) => return None,
    })
}

/// The content of an `AnyValue`: integers that fit `int64` as `int_value`,
/// larger ones as their decimal string; floats as `double_value` (NaN and
/// infinities included); bytes as `bytes_value`; `Null` as an empty
/// `AnyValue`; everything else as `string_value`.
fn any_value(buf: &mut Vec<u8>, value: &Value<'_>) {
    match *value {
        Value::Str(s) => proto::put_bytes(buf, STRING, s.as_bytes()),
        Value::Bytes(b) => proto::put_bytes(buf, BYTES, b),
        Value::I64(n) => int(buf, n),
        Value::U64(n) => match i64::try_from(n) {
            Ok(n) => int(buf, n),
            Err(_) => decimal(buf, n),
        },
        Value::I128(n) => match i64::try_from(n) {
            Ok(n) => int(buf, n),
            Err(_) => decimal(buf, n),
        },
        Value::U128(n) => match i64::try_from(n) {
            Ok(n) => int(buf, n),
            Err(_) => decimal(buf, n),
        },
        Value::F64(f) => proto::put_fixed64(buf, DOUBLE, f.to_bits()),
        Value::Bool(b) => {
            buf.push(BOOL);
            buf.push(u8::from(b));
        }
        Value::Char(c) => proto::put_bytes(buf, STRING, c.encode_utf8(&mut [0; 4]).as_bytes()),
        Value::Null => {}
        Value::Display(d) => formatted(buf, format_args!("{d}")),
        Value::Debug(d) => formatted(buf, format_args!("{d:?}")),
        Value::Error(e) => {
            let s = proto::open(buf, STRING, 1);
            let mut w = Raw(buf);
            let _ = write!(w, "{e}");
            let mut src = e.source();
            while let Some(inner) = src {
                let _ = write!(w, ": {inner}");
                src = inner.source();
            }
            proto::close(buf, s);
        }
    }
}

fn int(buf: &mut Vec<u8>, n: i64) {
    buf.push(INT);
    proto::put_varint(buf, n as u64); // int64: two's complement, 10 bytes if negative
}

fn decimal<I: itoa::Integer>(buf: &mut Vec<u8>, n: I) {
    proto::put_bytes(buf, STRING, itoa::Buffer::new().format(n).as_bytes());
}

fn formatted(buf: &mut Vec<u8>, args: fmt::Arguments<'_>) {
    let s = proto::open(buf, STRING, 1);
    let _ = Raw(buf).write_fmt(args);
    proto::close(buf, s);
}

/// Formats into the buffer as it is (protobuf strings need no escaping).
struct Raw<'a>(&'a mut Vec<u8>);

impl fmt::Write for Raw<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// Formats into a fixed array; fails when it is full.
struct Small<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> fmt::Write for Small<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > N {
            return Err(fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// `N` bytes from exactly `2 * N` hex digits (either case), not all zero
/// (an all-zero id is invalid in W3C trace context and in OTLP).
fn hex_id<const N: usize>(value: &Value<'_>) -> Option<[u8; N]> {
    let mut small = Small::<64> {
        bytes: [0; 64],
        len: 0,
    };
    let digits: &[u8] = match *value {
        Value::Str(s) => s.as_bytes(),
        Value::Bytes(b) => b,
        Value::Display(d) => {
            write!(small, "{d}").ok()?;
            &small.bytes[..small.len]
        }
        Value::Debug(d) => {
            write!(small, "{d:?}").ok()?;
            &small.bytes[..small.len]
        }
        _ => return None,
    };
    if digits.len() != 2 * N {
        return None;
    }
    let mut id = [0u8; N];
    for (out, pair) in id.iter_mut().zip(digits.chunks_exact(2)) {
        *out = (hex_digit(pair[0])? << 4) | hex_digit(pair[1])?;
    }
    (id != [0; N]).then_some(id)
}

fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// A trace id: 32 hex digits, or a `u128` (big-endian, as W3C prints it).
fn trace_id(value: &Value<'_>) -> Option<[u8; 16]> {
    match *value {
        Value::U128(n) if n != 0 => Some(n.to_be_bytes()),
        _ => hex_id::<16>(value),
    }
}

/// A span id: 16 hex digits, or a `u64`.
fn span_id(value: &Value<'_>) -> Option<[u8; 8]> {
    match *value {
        Value::U64(n) if n != 0 => Some(n.to_be_bytes()),
        _ => hex_id::<8>(value),
    }
}

/// W3C trace flags: an integer 0..=255 or two hex digits.
fn trace_flags(value: &Value<'_>) -> Option<u8> {
    match *value {
        Value::U64(n) => u8::try_from(n).ok(),
        Value::I64(n) => u8::try_from(n).ok(),
        Value::Str(s) if s.len() == 2 => {
            let b = s.as_bytes();
            Some((hex_digit(b[0])? << 4) | hex_digit(b[1])?)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::Encoder;
    use opentelemetry_proto::tonic::common::v1::any_value::Value as Any;
    use opentelemetry_proto::tonic::logs::v1::{LogRecord, ScopeLogs};
    use prost::Message;
    use std::sync::Arc;

    fn enc() -> Encoder {
        Encoder::protocol(Arc::new(LogRecordProtocol))
    }

    /// Decode one record (the whole buffer) with the official definitions.
    fn decode(buf: &[u8]) -> LogRecord {
        assert_eq!(proto::frame_len(buf, RECORD), Some(buf.len()), "one frame");
        let mut scope = ScopeLogs::decode(buf).expect("valid protobuf");
        assert_eq!(scope.log_records.len(), 1);
        scope.log_records.remove(0)
    }

    /// One record: `message` at WARN with target `target`, then `fields`.
    fn record(target: &str, message: fmt::Arguments<'_>, fields: &[(&str, Value<'_>)]) -> Vec<u8> {
        let head = Head {
            time: None,
            level: Level::Warn,
            target,
            message,
        };
        let e = enc();
        let mut buf = Vec::new();
        e.begin(&mut buf, &head);
        for (k, v) in fields {
            e.field(&mut buf, k, v);
        }
        e.finish(&mut buf, &head);
        buf
    }

    #[test]
    fn long_message_and_fields_move_lengths() {
        let long = "m".repeat(20_000);
        let buf = record(
            "",
            format_args!("{long}"),
            &[("big", Value::Display(&long))],
        );
        let r = decode(&buf);
        let body = r.body.unwrap().value.unwrap();
        assert_eq!(body, Any::StringValue(long.clone()));
        assert_eq!(
            r.attributes[0].value.clone().unwrap().value,
            Some(Any::StringValue(long))
        );
        assert_eq!(r.severity_number, 13);
        assert!(r.observed_time_unix_nano > 0);
        assert_eq!(r.time_unix_nano, 0);
    }

    #[test]
    fn tiny_record_shrinks_its_length() {
        let buf = record("", format_args!(""), &[]);
        assert!(buf.len() < 128);
        let r = decode(&buf);
        assert_eq!(r.severity_text, "WARN");
    }

    #[test]
    fn ids_from_every_form() {
        struct Hex;
        impl fmt::Display for Hex {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("00f067aa0ba902b7")
            }
        }
        let trace = "4BF92F3577B34DA6A3CE929D0E0E4736";
        let cases: [(&str, Value<'_>, bool); 9] = [
            ("trace_id", Value::Str(trace), true),
            (
                "trace_id",
                Value::U128(0x4bf9_2f35_77b3_4da6_a3ce_929d_0e0e_4736),
                true,
            ),
            (
                "trace_id",
                Value::Str("00000000000000000000000000000000"),
                false,
            ),
            (
                "trace_id",
                Value::Str("4bf92f3577b34da6a3ce929d0e0e473"),
                false,
            ),
            (
                "trace_id",
                Value::Str("4bf92f3577b34da6a3ce929d0e0e473g"),
                false,
            ),
            ("span_id", Value::Display(&Hex), true),
            ("span_id", Value::U64(0x00f0_67aa_0ba9_02b7), true),
            ("span_id", Value::U64(0), false),
            ("span_id", Value::Bool(true), false),
        ];
        for (key, value, is_id) in cases {
            let r = decode(&record("", format_args!("x"), &[(key, value)]));
            if is_id {
                assert!(r.attributes.is_empty(), "{value:?}");
                if key == "trace_id" {
                    assert_eq!(
                        r.trace_id,
                        u128::from_str_radix(trace, 16).unwrap().to_be_bytes()
                    );
                } else {
                    assert_eq!(r.span_id, 0x00f0_67aa_0ba9_02b7u64.to_be_bytes());
                }
            } else {
                assert_eq!(r.attributes.len(), 1, "{value:?}");
                assert_eq!(r.attributes[0].key, key);
                assert!(r.trace_id.is_empty() && r.span_id.is_empty());
            }
        }
    }

    #[test]
    fn flags_and_target_key() {
        let buf = record(
            "app",
            format_args!("x"),
            &[
                ("trace_flags", Value::U64(1)),
                ("target", Value::Str("user")),
            ],
        );
        let r = decode(&buf);
        assert_eq!(r.flags, 1);
        let keys: Vec<_> = r.attributes.iter().map(|a| a.key.as_str()).collect();
        assert_eq!(keys, ["target", "_target"]);
    }

    /// `key_value` (one-pass and open/close paths, short and long) gives
    /// exactly prost's encoding of the same `KeyValue`.
    #[test]
    fn key_values_match_prost_byte_for_byte() {
        use opentelemetry_proto::tonic::common::v1::{AnyValue, KeyValue};
        let long = "s".repeat(200);
        let long_key = "k".repeat(130);
        let cases: Vec<(Value<'_>, Option<Any>)> = vec![
            (Value::Str("GET"), Some(Any::StringValue("GET".into()))),
            (Value::Str(&long), Some(Any::StringValue(long.clone()))),
            (Value::Display(&long), Some(Any::StringValue(long.clone()))),
            (Value::Debug(&1.5), Some(Any::StringValue("1.5".into()))),
            (Value::I64(-1), Some(Any::IntValue(-1))),
            (Value::I64(i64::MIN), Some(Any::IntValue(i64::MIN))),
            (Value::U64(300), Some(Any::IntValue(300))),
            (
                Value::U64(u64::MAX),
                Some(Any::StringValue(u64::MAX.to_string())),
            ),
            (Value::I128(-5), Some(Any::IntValue(-5))),
            (
                Value::U128(u128::MAX),
                Some(Any::StringValue(u128::MAX.to_string())),
            ),
            (Value::F64(-0.5), Some(Any::DoubleValue(-0.5))),
            (Value::Bool(false), Some(Any::BoolValue(false))),
            (Value::Char('λ'), Some(Any::StringValue("λ".into()))),
            (Value::Null, None),
            (
                Value::Bytes(&[0, 1, 255]),
                Some(Any::BytesValue(vec![0, 1, 255])),
            ),
        ];
        for key in ["k", long_key.as_str()] {
            for (value, want) in &cases {
                let mut ours = Vec::new();
                key_value(&mut ours, ATTRIBUTE, key, value);
                let kv = KeyValue {
                    key: key.into(),
                    value: Some(AnyValue {
                        value: want.clone(),
                    }),
                    ..Default::default()
                };
                let mut theirs = Vec::new();
                prost::encoding::message::encode(6, &kv, &mut theirs);
                assert_eq!(ours, theirs, "{value:?} with a key of {}", key.len());
            }
        }
    }

    #[test]
    fn before_the_epoch_is_unknown() {
        assert_eq!(unix_nanos(UnixTime { secs: -1, nanos: 5 }), 0);
        assert_eq!(unix_nanos(UnixTime { secs: 1, nanos: 5 }), 1_000_000_005);
        assert_eq!(
            unix_nanos(UnixTime {
                secs: i64::MAX,
                nanos: 0
            }),
            u64::MAX
        );
    }
}
