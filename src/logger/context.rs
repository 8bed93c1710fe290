//! Context encoded once and copied into many lines, for front ends other
//! than [`Logger::with`]: the `tracing` layer's span fields.
//!
//! A front end hands a field-writing closure to [`Logger::encode_context`]
//! and gets back an opaque [`ContextBytes`]; each line then copies those
//! bytes ([`Logger::emit_with_context`]) instead of formatting the fields
//! again. The closure is `Fn` and receives the encoder, so that a logger with
//! several outputs can call it once per format and keep bytes per format;
//! today a logger has one format and it is called once.

use super::details::Source;
use super::Logger;
use crate::encode::Encoder;
use crate::level::Level;
use crate::sink::SinkError;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// Pre-encoded context fields, one run of bytes per encoder of the logger
/// (a logger with outputs in several formats encodes context once per
/// format). Cheap to clone (a reference count), cheap to make empty (no
/// allocation).
#[derive(Clone, Default)]
pub(crate) struct ContextBytes(Option<Arc<[Box<[u8]>]>>);

impl ContextBytes {
    /// No bytes.
    pub(crate) const EMPTY: ContextBytes = ContextBytes(None);

    /// The bytes to copy into a line written by `enc`.
    #[inline]
    pub(crate) fn get(&self, enc: &Encoder) -> &[u8] {
        match &self.0 {
            Some(b) => b.get(enc.slot()).map_or(&[][..], |b| b),
            None => &[],
        }
    }

    /// Whether there are any bytes at all (for any encoder): false for a
    /// logger without context, whose lines then skip the copy.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn has_bytes(&self) -> bool {
        self.0.is_some()
    }

    /// Bytes per encoder (empty ones allocate nothing when all are empty).
    pub(crate) fn from_parts(parts: Vec<Vec<u8>>) -> ContextBytes {
        if parts.iter().all(Vec::is_empty) {
            ContextBytes::EMPTY
        } else {
            ContextBytes(Some(parts.into_iter().map(Vec::into_boxed_slice).collect()))
        }
    }

    /// The bytes for encoder `slot`, to extend (child loggers).
    pub(crate) fn part(&self, slot: usize) -> &[u8] {
        match &self.0 {
            Some(b) => b.get(slot).map_or(&[][..], |b| b),
            None => &[],
        }
    }

    /// Total bytes over all encoders.
    pub(crate) fn len(&self) -> usize {
        self.0
            .as_ref()
            .map_or(0, |b| b.iter().map(|p| p.len()).sum())
    }

    /// Whether `self` and `other` are the same encoding (not just equal
    /// bytes): a handle taken before a change compares unequal after it.
    #[inline]
    pub(crate) fn same(&self, other: &ContextBytes) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

impl fmt::Debug for ContextBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first = self
            .0
            .as_deref()
            .and_then(|b| b.first())
            .map_or(&[][..], |b| b);
        write!(f, "ContextBytes({:?})", String::from_utf8_lossy(first))
    }
}

/// How the span contexts of one line are laid out: concatenated, or (JSON
/// only) as the objects of one array under `list`.
#[derive(Clone, Copy)]
pub(crate) struct SpanContext<'a> {
    /// Outermost first.
    pub(crate) spans: &'a [ContextBytes],
    /// `Some(key)`: in JSON, `,"key":[` + the spans joined by `,` + `]`
    /// (each span's bytes must then be one JSON object). Other formats, and
    /// `None`, concatenate the bytes.
    pub(crate) list: Option<&'a str>,
}

impl Logger {
    /// Encode context once with `f` (called once per output format, with
    /// that format's encoder; an empty result allocates nothing). A panic in
    /// `f` is contained: that format's bytes are left empty and the failure
    /// is counted in [`errors`](Logger::errors).
    pub(crate) fn encode_context(&self, f: impl Fn(&Encoder, &mut Vec<u8>)) -> ContextBytes {
        let parts = self
            .shared
            .encoders
            .iter()
            .map(|enc| {
                let mut bytes = Vec::new();
                if catch_unwind(AssertUnwindSafe(|| f(enc, &mut bytes))).is_err() {
                    self.fail(SinkError::FormatPanicked, 0);
                    bytes.clear();
                }
                bytes
            })
            .collect();
        ContextBytes::from_parts(parts)
    }

    /// A line whose message `body` writes itself, in the same pass as the
    /// fields: the line is opened up to the message, `body` calls
    /// [`Open::message`] (with the message, or with nothing when the first
    /// field comes first) and then writes the fields; the logger's context
    /// and `spans` follow the message. A `body` that never calls it gets an
    /// empty message. `body` is `Fn`: it may run once per output format.
    #[inline]
    pub(crate) fn emit_open(
        &self,
        level: Level,
        target: &str,
        source: Source<'_>,
        spans: SpanContext<'_>,
        body: impl Fn(&Encoder, &mut Vec<u8>, &mut Open<'_>),
    ) {
        self.emit_line(level, target, format_args!(""), source, |enc, buf, head| {
            enc.open(buf, head);
            let mut open = Open {
                context: self.context.get(enc),
                spans,
                done: false,
            };
            body(enc, buf, &mut open);
            open.message(enc, buf, format_args!(""));
        });
    }

    /// [`emit`](Logger::emit) with the bytes of `spans` copied after this
    /// logger's own context and before the fields `fields` writes.
    #[inline]
    pub(crate) fn emit_with_context(
        &self,
        level: Level,
        target: &str,
        message: fmt::Arguments<'_>,
        source: Source<'_>,
        spans: SpanContext<'_>,
        fields: impl Fn(&Encoder, &mut Vec<u8>),
    ) {
        self.emit(level, target, message, source, |enc, buf| {
            spans.write(enc, buf);
            fields(enc, buf);
        });
    }
}

impl SpanContext<'_> {
    /// The spans' bytes for `enc`'s format, laid out.
    #[inline]
    fn write(&self, enc: &Encoder, buf: &mut Vec<u8>) {
        match self.list {
            Some(key) if enc.nests() && !self.spans.is_empty() => {
                enc.open_list(buf, key);
                for (i, s) in self.spans.iter().enumerate() {
                    if i > 0 {
                        enc.list_separator(buf);
                    }
                    buf.extend_from_slice(s.get(enc));
                }
                enc.close_list(buf);
            }
            _ => {
                for s in self.spans {
                    crate::bytes::put(buf, s.get(enc));
                }
            }
        }
    }
}

/// A line opened up to its message ([`Logger::emit_open`]).
pub(crate) struct Open<'a> {
    context: &'a [u8],
    spans: SpanContext<'a>,
    done: bool,
}

impl Open<'_> {
    /// Write the message and after it the logger's context and the spans;
    /// only the first call writes. Returns whether this call wrote.
    /// Always inlined: called once per event, and as a function its entry
    /// and exit cost most of what it does (callgrind, tracing W2).
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn message(
        &mut self,
        enc: &Encoder,
        buf: &mut Vec<u8>,
        message: fmt::Arguments<'_>,
    ) -> bool {
        if self.done {
            return false;
        }
        self.done = true;
        enc.message(buf, message);
        buf.extend_from_slice(self.context);
        self.spans.write(enc, buf);
        true
    }
}
