//! The hot path: one record from level check to sink.

use super::reentry::Scope;
use super::Logger;
use crate::encode::{Encoder, Head};
use crate::level::Level;
use crate::sink::SinkError;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};

impl Logger {
    /// Encode one record and hand it to the sink. `fields` writes the call's
    /// own fields; it is a closure so the macros (a slice) and the `log`
    /// facade (a key-value visitor) share this path.
    #[inline]
    pub(crate) fn emit(
        &self,
        level: Level,
        target: &str,
        message: fmt::Arguments<'_>,
        fields: impl FnOnce(&Encoder, &mut Vec<u8>),
    ) {
        self.emit_line(level, target, message, |enc, buf, head| {
            enc.begin(buf, head);
            buf.extend_from_slice(&self.context);
            fields(enc, buf);
            enc.finish(buf, head);
        });
    }

    /// The hot path's frame: a pooled buffer, `body` writes the whole line
    /// (given the head) under panic containment, then one write. For front
    /// ends that place the message themselves (see `context.rs`).
    #[inline]
    pub(crate) fn emit_line(
        &self,
        level: Level,
        target: &str,
        message: fmt::Arguments<'_>,
        body: impl FnOnce(&Encoder, &mut Vec<u8>, &Head<'_>),
    ) {
        let shared = &*self.shared;
        let time = shared.time.as_ref().map(|layout| (layout, self.now()));
        let head = Head {
            time,
            level,
            target,
            message,
        };
        shared.pool.scoped(|buf| {
            let encoded = catch_unwind(AssertUnwindSafe(|| body(&shared.encoder, buf, &head)));
            if encoded.is_err() {
                // A Display impl panicked part way. Nothing of the half line
                // is kept; a replacement line says what happened.
                self.fail(SinkError::FormatPanicked, 0);
                buf.clear();
                let head = Head {
                    message: format_args!("log record formatting panicked"),
                    ..head
                };
                let retry = catch_unwind(AssertUnwindSafe(|| {
                    shared.encoder.begin(buf, &head);
                    shared.encoder.finish(buf, &head);
                }));
                if retry.is_err() {
                    return;
                }
            }
            self.write(buf);
        });
    }

    /// One line, one `write_line`; failures go to the error handler, which
    /// runs after this thread has left the sink (so that it may log).
    #[inline]
    pub(crate) fn write(&self, line: &[u8]) {
        let id = self.id();
        let result = {
            let Some(_scope) = Scope::sink(id) else {
                self.fail(SinkError::Reentrant, 1);
                return;
            };
            catch_unwind(AssertUnwindSafe(|| self.shared.sink.write_line(line)))
        };
        match result {
            Ok(Ok(())) => self.shared.failures.note_success(id),
            Ok(Err(e)) => self.fail(SinkError::Io(e), 1),
            Err(_) => self.fail(SinkError::Panicked, 1),
        }
    }

    /// Count a failure that lost `lost` lines and tell the error handler.
    #[cold]
    #[inline(never)]
    pub(crate) fn fail(&self, error: SinkError, lost: u64) {
        self.shared.failures.fail(self.id(), error, lost);
    }
}
