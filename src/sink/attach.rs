//! What a sink learns about the logger it serves.

use super::SinkError;
use crate::encode::{Encoder, Head};
use crate::field::Field;
use crate::level::Level;
use crate::logger::{Failures, Scope};
use crate::time::{TimeLayout, UnixTime};
use std::fmt;
use std::sync::Arc;

/// Given to a sink once, when a logger is built with it
/// ([`Sink::attach`](super::Sink::attach)): lets a sink that does work on
/// its own thread (a background writer) report failures to the logger's
/// error handler and counters, and write notices in the logger's format.
///
/// ```
/// use spoolog::sink::{Attachment, Sink, SinkError};
/// use std::sync::{Arc, OnceLock};
///
/// /// Keeps the attachment, to report failures found on its own thread.
/// #[derive(Default)]
/// struct Background { logger: OnceLock<Attachment> }
/// impl Sink for Background {
///     fn write_line(&self, _line: &[u8]) -> std::io::Result<()> { Ok(()) }
///     fn attach(&self, logger: &Attachment) { let _ = self.logger.set(logger.clone()); }
/// }
///
/// let sink = Arc::new(Background::default());
/// let log = spoolog::Logger::builder().sink(Arc::clone(&sink)).build();
/// let attachment = sink.logger.get().expect("attached when the logger was built");
/// attachment.report(SinkError::Io(std::io::Error::other("disk full")), 3);
/// assert_eq!((log.errors(), log.lost()), (1, 3));
/// ```
#[derive(Clone)]
pub struct Attachment {
    inner: Arc<AttachInner>,
}

struct AttachInner {
    failures: Arc<Failures>,
    id: usize,
    encoder: Encoder,
    time: Option<TimeLayout>,
}

impl fmt::Debug for Attachment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attachment")
            .field("format", &self.inner.encoder.format())
            .finish_non_exhaustive()
    }
}

impl Attachment {
    pub(crate) fn new(
        failures: Arc<Failures>,
        id: usize,
        encoder: Encoder,
        time: Option<TimeLayout>,
    ) -> Attachment {
        Attachment {
            inner: Arc::new(AttachInner {
                failures,
                id,
                encoder,
                time,
            }),
        }
    }

    /// Count a failure that lost `lost` lines and tell the logger's error
    /// handler (on the calling thread).
    ///
    /// ```no_run
    /// # fn f(a: &spoolog::sink::Attachment) {
    /// a.report(spoolog::sink::SinkError::Io(std::io::Error::other("disk full")), 12);
    /// # }
    /// ```
    pub fn report(&self, error: SinkError, lost: u64) {
        self.inner.failures.fail(self.inner.id, error, lost);
    }

    /// Lines were written: ends an outage, if one was under way.
    ///
    /// ```no_run
    /// # fn f(a: &spoolog::sink::Attachment) {
    /// a.report_success();
    /// # }
    /// ```
    pub fn report_success(&self) {
        self.inner.failures.note_success(self.inner.id);
    }

    /// Mark this thread as inside the logger's sink while the result lives,
    /// so that lines logged through the same logger from inside the sink
    /// are refused (as on the synchronous path) instead of looping.
    pub(crate) fn enter_sink(&self) -> Option<Scope> {
        Scope::sink(self.inner.id)
    }

    /// Append one line in the logger's format (time from the system clock)
    /// to `buf`, for a sink's own notices.
    pub(crate) fn notice(
        &self,
        buf: &mut Vec<u8>,
        level: Level,
        message: fmt::Arguments<'_>,
        fields: &[Field<'_>],
    ) {
        let now = UnixTime::now();
        let head = Head {
            time: self.inner.time.as_ref().map(|t| (t, now)),
            level,
            target: "spoolog",
            message,
        };
        self.inner.encoder.encode(buf, &head, fields);
    }
}
