//! The hot path: one record from level check to sink.

use super::details::Source;
use super::output::Out;
use super::reentry::Scope;
use super::Logger;
use crate::encode::head_cache::HeadSlot;
use crate::encode::{Encoder, Head};
use crate::level::Level;
use crate::sink::SinkError;
use crate::Metadata;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};

impl Logger {
    /// Encode one record and hand it to the sinks. `fields` writes the
    /// call's own fields; it is a closure so the macros (a slice) and the
    /// `log` facade (a key-value visitor) share this path, and `Fn` because
    /// it runs once per output format.
    #[inline]
    pub(crate) fn emit(
        &self,
        level: Level,
        target: &str,
        message: fmt::Arguments<'_>,
        source: Source<'_>,
        fields: impl Fn(&Encoder, &mut Vec<u8>),
    ) {
        self.emit_line(level, target, message, source, |enc, buf, head| {
            enc.begin_cached(buf, head);
            self.context_and(enc, buf, &fields);
        });
    }

    /// [`emit`](Self::emit) from a macro call site (`site`, which gives the
    /// level and target), whose head cache `slot` then gives the line's
    /// start (see `encode::head_cache`).
    #[inline]
    pub(crate) fn emit_at(
        &self,
        site: &'static Metadata,
        slot: &HeadSlot,
        message: fmt::Arguments<'_>,
        source: Source<'_>,
        fields: impl Fn(&Encoder, &mut Vec<u8>),
    ) {
        self.emit_line(
            site.level,
            site.target,
            message,
            source,
            |enc, buf, head| {
                enc.begin_at(buf, head, site, slot);
                self.context_and(enc, buf, &fields);
            },
        );
    }

    /// What follows the head: the logger's context bytes, then `fields`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn context_and(
        &self,
        enc: &Encoder,
        buf: &mut Vec<u8>,
        fields: &impl Fn(&Encoder, &mut Vec<u8>),
    ) {
        // A logger without `with` fields (the common case) has no
        // context bytes: no copy to set up (~15 instructions of W1).
        if self.context.has_bytes() {
            crate::bytes::put(buf, self.context.get(enc));
        }
        fields(enc, buf);
    }

    /// The hot path's frame: for each encoder some output wants at `level`,
    /// a pooled buffer; `body` writes the line up to its last field (given
    /// the head) under panic containment; the record details (if any are
    /// on) and the encoder's end follow; then one write per output. For
    /// front ends that place the message themselves (see `context.rs`).
    #[inline]
    pub(crate) fn emit_line(
        &self,
        level: Level,
        target: &str,
        message: fmt::Arguments<'_>,
        source: Source<'_>,
        body: impl Fn(&Encoder, &mut Vec<u8>, &Head<'_>),
    ) {
        let shared = &*self.shared;
        let time = shared.time.as_ref().map(|layout| (layout, self.now()));
        let head = Head {
            time,
            level,
            target,
            message,
        };
        if let [out] = &*shared.outputs {
            // One output (the common case): one encoder, one sink.
            let enc = &shared.encoders[0];
            shared.pool.scoped_front(|buf| {
                self.encode_and_write(enc, out, buf, &head, &source, &body);
            });
            return;
        }
        for enc in shared.encoders.iter() {
            let slot = enc.slot();
            let wants = |o: &&Out| o.slot == slot && o.level.allows(level);
            if !shared.outputs.iter().any(|o| wants(&o)) {
                continue;
            }
            shared.pool.scoped_front(|buf| {
                if self.encode(enc, buf, &head, &source, &body) {
                    for out in shared.outputs.iter().filter(wants) {
                        self.write(out, buf);
                    }
                }
            });
        }
    }

    /// [`encode`](Self::encode) then [`write`](Self::write) for a logger
    /// with one output, under one `catch_unwind` rather than two (each
    /// costs about twenty instructions a line: the closure's captures go
    /// through memory to a function called by pointer). The same outcomes:
    /// a panic while the line is made gives the replacement line, written
    /// as `write` would; a panic in the sink counts one lost line; the
    /// error handler runs after this thread has left the sink.
    #[inline]
    fn encode_and_write(
        &self,
        enc: &Encoder,
        out: &Out,
        buf: &mut Vec<u8>,
        head: &Head<'_>,
        source: &Source<'_>,
        body: &impl Fn(&Encoder, &mut Vec<u8>, &Head<'_>),
    ) {
        let id = self.id();
        let mut made = false;
        let result = catch_unwind(AssertUnwindSafe(|| {
            self.make_line(enc, buf, head, source, body);
            made = true;
            let _scope = Scope::sink(id)?;
            Some(out.sink.write_line(buf))
        }));
        match result {
            Err(_) if !made => {
                if self.replace_panicked(enc, buf, head) {
                    self.write(out, buf);
                }
            }
            written => self.settle(id, written),
        }
    }

    /// The line after its head: `body`, the record details if any are on,
    /// and the encoder's end.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn make_line(
        &self,
        enc: &Encoder,
        buf: &mut Vec<u8>,
        head: &Head<'_>,
        source: &Source<'_>,
        body: &impl Fn(&Encoder, &mut Vec<u8>, &Head<'_>),
    ) {
        body(enc, buf, head);
        let details = self.shared.details;
        if details.any() {
            details.write(enc, buf, source);
        }
        enc.finish(buf, head);
    }

    /// What one `write_line` came to, counted and reported: `None` when
    /// this thread was already inside the sink (re-entry), an `Err` of the
    /// outer result when the sink panicked. Runs after this thread has
    /// left the sink, so that the error handler may log.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn settle(&self, id: usize, written: std::thread::Result<Option<std::io::Result<()>>>) {
        match written {
            Ok(Some(Ok(()))) => self.shared.failures.note_success(id),
            Ok(Some(Err(e))) => self.fail(SinkError::Io(e), 1),
            Ok(None) => self.fail(SinkError::Reentrant, 1),
            Err(_) => self.fail(SinkError::Panicked, 1),
        }
    }

    /// One record into `buf` with `enc`; false when not even the
    /// replacement line could be made.
    #[inline]
    fn encode(
        &self,
        enc: &Encoder,
        buf: &mut Vec<u8>,
        head: &Head<'_>,
        source: &Source<'_>,
        body: &impl Fn(&Encoder, &mut Vec<u8>, &Head<'_>),
    ) -> bool {
        let encoded = catch_unwind(AssertUnwindSafe(|| {
            self.make_line(enc, buf, head, source, body);
        }));
        if encoded.is_ok() {
            return true;
        }
        self.replace_panicked(enc, buf, head)
    }

    /// A `Display` impl panicked part way through `buf`'s line. Nothing of
    /// the half line is kept; a replacement line says what happened. False
    /// when not even that could be made.
    #[cold]
    #[inline(never)]
    fn replace_panicked(&self, enc: &Encoder, buf: &mut Vec<u8>, head: &Head<'_>) -> bool {
        self.fail(SinkError::FormatPanicked, 0);
        buf.clear();
        let head = Head {
            message: format_args!("log record formatting panicked"),
            ..*head
        };
        catch_unwind(AssertUnwindSafe(|| {
            enc.begin(buf, &head);
            enc.finish(buf, &head);
        }))
        .is_ok()
    }

    /// One line to one output, one `write_line`; failures go to the error
    /// handler, which runs after this thread has left the sink (so that it
    /// may log).
    #[inline]
    pub(crate) fn write(&self, out: &Out, line: &[u8]) {
        let id = self.id();
        let written = catch_unwind(AssertUnwindSafe(|| {
            let _scope = Scope::sink(id)?;
            Some(out.sink.write_line(line))
        }));
        self.settle(id, written);
    }

    /// Count a failure that lost `lost` lines and tell the error handler.
    #[cold]
    #[inline(never)]
    pub(crate) fn fail(&self, error: SinkError, lost: u64) {
        self.shared.failures.fail(self.id(), error, lost);
    }
}
