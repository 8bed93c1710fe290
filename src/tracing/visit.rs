//! tracing's field visitors: values become spoolog [`Value`]s written by the
//! encoder, and the `message` field becomes the line's message.
//!
//! Every visitor here can run any number of times over the same event or
//! span (`Event::record` may be called once per output format, and once
//! more for the message): they keep no state but where they write.

use super::keys::SiteKeys;
use crate::encode::Encoder;
use crate::field::Value;
use crate::logger::Open;
use std::cell::Cell;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use tracing_core::field::{Field, Visit};
use tracing_core::Event;

/// The name of tracing's message field.
pub(super) const MESSAGE: &str = "message";

/// The value of a field whose formatting panicked in a span.
const PANICKED: &str = "<formatting panicked>";

/// Writes the fields it visits with an encoder.
pub(super) struct FieldWriter<'a, 'o> {
    enc: &'a Encoder,
    buf: &'a mut Vec<u8>,
    /// Leave out the `message` field (events: it is the line's message).
    skip_message: bool,
    /// Leave out tracing-log's `log.*` fields (events that came from `log`).
    skip_log: bool,
    /// Write a field called `name` as `_name` (span objects of the nested
    /// layout, whose `name` is the span's).
    rename_name: bool,
    /// `Some`: contain a panic per field (span fields, encoded outside any
    /// line), counting it here; `None`: let it reach the line's handler.
    panics: Option<&'a Cell<u32>>,
    /// The line's head is still open (single pass): the `message` field is
    /// written there, and the first other field closes it.
    open: Option<&'a mut Open<'o>>,
    /// Written right after the head (the innermost span's name).
    span_name: Option<&'static str>,
    /// Nothing of the above applies any more: a field is just written.
    fast: bool,
    /// The call site's keys, encoded on its first event.
    keys: Option<&'a SiteKeys>,
}

impl<'a, 'o> FieldWriter<'a, 'o> {
    /// For an event's fields; `from_log` for events of tracing-log.
    pub(super) fn event(enc: &'a Encoder, buf: &'a mut Vec<u8>, from_log: bool) -> Self {
        FieldWriter {
            enc,
            buf,
            skip_message: true,
            skip_log: from_log,
            rename_name: false,
            panics: None,
            open: None,
            span_name: None,
            fast: !from_log,
            keys: None,
        }
    }

    /// For an event's fields and its message in one pass, into a line
    /// opened up to the message. The event's first field must be its
    /// message, or it must have none. Call [`finish`](Self::finish) after.
    pub(super) fn event_open(
        enc: &'a Encoder,
        buf: &'a mut Vec<u8>,
        from_log: bool,
        open: &'a mut Open<'o>,
        span_name: Option<&'static str>,
        keys: Option<&'a SiteKeys>,
    ) -> Self {
        FieldWriter {
            open: Some(open),
            span_name,
            fast: false,
            keys,
            ..FieldWriter::event(enc, buf, from_log)
        }
    }

    /// Close the head with `message` if it is still open.
    #[inline]
    fn head(&mut self, message: fmt::Arguments<'_>) {
        if let Some(open) = self.open.as_mut() {
            if open.message(self.enc, self.buf, message) {
                if let Some(name) = self.span_name {
                    self.enc.field(self.buf, "span", &Value::Str(name));
                }
            }
            self.fast = !(self.skip_log || self.rename_name || self.panics.is_some());
        }
    }

    /// Close the head (with an empty message) if no field did.
    #[inline]
    pub(super) fn finish(mut self) {
        self.head(format_args!(""));
    }

    /// For a span's fields; `in_object` when they go in a nested JSON object.
    pub(super) fn span(
        enc: &'a Encoder,
        buf: &'a mut Vec<u8>,
        in_object: bool,
        panics: &'a Cell<u32>,
    ) -> Self {
        FieldWriter {
            enc,
            buf,
            skip_message: false,
            skip_log: false,
            rename_name: in_object,
            panics: Some(panics),
            open: None,
            span_name: None,
            fast: false,
            keys: None,
        }
    }

    /// Whether `field` is the event's message: by index when the call
    /// site's keys are known (no name comparison per field).
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn is_message(&self, field: &Field) -> bool {
        match self.keys {
            Some(k) => k.is_message(field.index()),
            None => field.name() == MESSAGE,
        }
    }

    // Inlined into each `record_*`, so that the value's variant is known
    // where it is written (no `Value` built and matched again).
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn put(&mut self, field: &Field, value: Value<'_>) {
        if self.fast {
            match self.keys.and_then(|k| k.get(field.index())) {
                Some(k) => self.enc.field_pre(self.buf, k, field.name(), &value),
                None => self.enc.field(self.buf, field.name(), &value),
            }
        } else {
            self.put_slow(field, value);
        }
    }

    /// [`put`](Self::put) while the head is open, or for `log` events,
    /// nested span objects and span fields.
    fn put_slow(&mut self, field: &Field, value: Value<'_>) {
        self.head(format_args!(""));
        let mut key = field.name();
        if self.skip_log && key.starts_with("log.") {
            return;
        }
        if self.rename_name && key == "name" {
            key = "_name";
        }
        match self.panics {
            None => self.enc.field(self.buf, key, &value),
            Some(count) => {
                let start = self.buf.len();
                let (enc, buf) = (self.enc, &mut *self.buf);
                if catch_unwind(AssertUnwindSafe(|| enc.field(buf, key, &value))).is_err() {
                    self.buf.truncate(start);
                    self.enc.field(self.buf, key, &Value::Str(PANICKED));
                    count.set(count.get() + 1);
                }
            }
        }
    }
}

impl Visit for FieldWriter<'_, '_> {
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.put(field, Value::F64(value));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.put(field, Value::I64(value));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.put(field, Value::U64(value));
    }
    fn record_i128(&mut self, field: &Field, value: i128) {
        self.put(field, Value::I128(value));
    }
    fn record_u128(&mut self, field: &Field, value: u128) {
        self.put(field, Value::U128(value));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.put(field, Value::Bool(value));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        if !(self.skip_message && self.is_message(field)) {
            self.put(field, Value::Str(value));
        } else if self.open.is_some() {
            self.head(format_args!("{value}"));
        }
    }
    fn record_bytes(&mut self, field: &Field, value: &[u8]) {
        self.put(field, Value::Bytes(value));
    }
    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.put(field, Value::Error(value));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if !(self.skip_message && self.is_message(field)) {
            self.put(field, Value::Debug(value));
        } else if self.open.is_some() {
            // `format_args!` messages arrive here; their Debug is their Display.
            self.head(format_args!("{value:?}"));
        }
    }
}

/// An event's `message` field as `Display`: formatting it visits the event
/// and writes only that field (empty when there is none). Used as
/// `format_args!("{}", Message(event))`, so the message is escaped straight
/// into the line like any other.
pub(super) struct Message<'a, 'e>(pub(super) &'a Event<'e>);

impl fmt::Display for Message<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut v = MessageWriter { f, result: Ok(()) };
        self.0.record(&mut v);
        v.result
    }
}

struct MessageWriter<'a, 'f> {
    f: &'a mut fmt::Formatter<'f>,
    result: fmt::Result,
}

impl Visit for MessageWriter<'_, '_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == MESSAGE {
            self.result = self.f.write_str(value);
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        // `format_args!` messages arrive here; their Debug is their Display.
        if field.name() == MESSAGE {
            self.result = fmt::Debug::fmt(value, self.f);
        }
    }
}
