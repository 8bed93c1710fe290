//! STUB — replaced by the encoder work. Interface only.
use crate::field::Value;
use crate::level::Level;
use crate::time::{TimeLayout, UnixTime};
use std::fmt;

/// The output format of a logger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// One JSON object per line.
    Json,
    /// `key=value` pairs.
    Logfmt,
    /// Human-readable text.
    Text,
}

/// What starts every line.
pub struct Head<'a> {
    /// The time layout and instant, if lines carry a timestamp.
    pub time: Option<(&'a TimeLayout, UnixTime)>,
    /// The level.
    pub level: Level,
    /// The target (module path by default).
    pub target: &'a str,
    /// The message.
    pub message: fmt::Arguments<'a>,
}

/// A configured encoder for one format.
#[derive(Clone, Debug)]
pub struct Encoder {
    format: Format,
    color: bool,
}

impl Encoder {
    /// An encoder for `format`; `color` only matters for text.
    pub fn new(format: Format, color: bool) -> Encoder {
        Encoder { format, color }
    }
    /// The format.
    pub fn format(&self) -> Format {
        self.format
    }
    /// Write the start of a line: time, level, target, message.
    pub fn begin(&self, buf: &mut Vec<u8>, head: &Head<'_>) {
        let _ = self.color;
        if let Some((l, t)) = head.time {
            l.append(buf, t);
            buf.push(b' ');
        }
        buf.extend_from_slice(head.level.as_str().as_bytes());
        buf.push(b' ');
        buf.extend_from_slice(head.target.as_bytes());
        buf.push(b' ');
        let _ = std::io::Write::write_fmt(buf, head.message);
    }
    /// Write one field, separator included.
    pub fn field(&self, buf: &mut Vec<u8>, key: &str, value: &Value<'_>) {
        buf.push(b' ');
        buf.extend_from_slice(key.as_bytes());
        buf.push(b'=');
        let _ = std::io::Write::write_fmt(buf, format_args!("{value:?}"));
    }
    /// Finish the line, newline included.
    pub fn end(&self, buf: &mut Vec<u8>) {
        buf.push(b'\n');
    }
}
