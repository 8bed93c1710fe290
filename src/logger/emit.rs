//! The hot path: one record from level check to sink.

use super::Logger;
use crate::encode::{Encoder, Head};
use crate::level::Level;
use crate::sink::SinkError;
use std::cell::Cell;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;

thread_local! {
    /// Set while this thread is inside a sink's `write_line`.
    static IN_SINK: Cell<bool> = const { Cell::new(false) };
}

/// Marks this thread as inside a sink until dropped.
struct SinkScope;

impl SinkScope {
    /// `None` when this thread is already inside a sink. During thread-local
    /// teardown the flag is unreachable; writing is still allowed then.
    fn enter() -> Option<SinkScope> {
        match IN_SINK.try_with(|f| f.replace(true)) {
            Ok(true) => None,
            Ok(false) | Err(_) => Some(SinkScope),
        }
    }
}

impl Drop for SinkScope {
    fn drop(&mut self) {
        let _ = IN_SINK.try_with(|f| f.set(false));
    }
}

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
        let shared = &*self.shared;
        let time = shared.time.as_ref().map(|layout| (layout, self.now()));
        let head = Head {
            time,
            level,
            target,
            message,
        };
        shared.pool.scoped(|buf| {
            let encoded = catch_unwind(AssertUnwindSafe(|| {
                let enc = &shared.encoder;
                enc.begin(buf, &head);
                buf.extend_from_slice(&self.context);
                fields(enc, buf);
                enc.end(buf);
            }));
            if encoded.is_err() {
                // A Display impl panicked part way. Nothing of the half line
                // is kept; a replacement line says what happened.
                self.fail(SinkError::FormatPanicked);
                buf.clear();
                let head = Head {
                    message: format_args!("log record formatting panicked"),
                    ..head
                };
                let retry = catch_unwind(AssertUnwindSafe(|| {
                    shared.encoder.begin(buf, &head);
                    shared.encoder.end(buf);
                }));
                if retry.is_err() {
                    return;
                }
            }
            self.write(buf);
        });
    }

    /// One line, one `write_line`; failures go to the error handler.
    #[inline]
    pub(crate) fn write(&self, line: &[u8]) {
        let Some(_scope) = SinkScope::enter() else {
            self.fail(SinkError::Reentrant);
            return;
        };
        match catch_unwind(AssertUnwindSafe(|| self.shared.sink.write_line(line))) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => self.fail(SinkError::Io(e)),
            Err(_) => self.fail(SinkError::Panicked),
        }
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn fail(&self, error: SinkError) {
        self.shared.errors.fetch_add(1, Ordering::Relaxed);
        let handler = &self.shared.on_error;
        // A panicking handler must not take the application down either.
        let _ = catch_unwind(AssertUnwindSafe(|| handler.on_error(&error)));
    }
}
