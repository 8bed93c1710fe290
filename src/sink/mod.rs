//! Where finished lines go.
//!
//! A [`Sink`] receives each line whole — the encoded record plus its trailing
//! `\n` — in one call, so that lines written from concurrent threads never
//! interleave. A sink reports failure by returning an `io::Error`; the logger
//! passes it to its [`ErrorHandler`] and carries on, so the next line is
//! attempted as usual and logging recovers as soon as the sink does.
//!
//! Contract for implementors:
//! - `write_line` gets exactly one complete line; write it whole or fail.
//!   A destination that takes part of a line and then fails must not let
//!   the next line be glued to that part (the built-in sinks finish the cut
//!   line first; see `lines.rs`).
//! - `write_line` may be called from many threads at once.
//! - `flush` returns only when every line accepted so far has been handed to
//!   the operating system (or the sink's final destination).
//! - A sink must not log through its own logger: a line logged from inside
//!   `write_line` through the logger that called it, on the same thread, is
//!   dropped and counted, never written, so that a sink cannot recurse into
//!   itself or deadlock on its own lock. Logging through *another* logger
//!   from inside a sink (a library the sink calls) works as usual.

mod attach;
mod capture;
mod error;
mod file;
#[cfg(target_os = "linux")]
pub mod journald;
mod lines;
pub mod nonblocking;
#[cfg(feature = "otlp")]
pub mod otlp;
pub mod rolling;
mod stdio;
#[cfg(unix)]
pub mod syslog;
mod test_writer;
mod writer;

pub use attach::Attachment;
pub use capture::Capture;
pub use error::{ErrorHandler, Report, SinkError};
pub use file::FileSink;
#[cfg(target_os = "linux")]
pub use journald::{Journald, JournaldBuilder, JOURNALD_SOCKET};
pub use lines::DEFAULT_WRITE_TIMEOUT;
pub use nonblocking::{
    Full, NonBlocking, NonBlockingBuilder, WriterGuard, WriterStats, DEFAULT_QUEUE_BYTES,
};
#[cfg(feature = "otlp")]
pub use otlp::{Otlp, OtlpBuilder, OtlpStats, OTLP_DEFAULT_ENDPOINT};
pub use rolling::{Period, RollingBuilder, RollingFile};
pub use stdio::{stderr, stdout, Stderr, Stdout};
#[cfg(unix)]
pub use syslog::{
    severity, Facility, Syslog, SyslogBuilder, SyslogError, SyslogFields, SyslogFormat, SyslogStats,
};
pub use test_writer::TestWriter;
pub use writer::WriterSink;

pub(crate) use lines::count_lines;

use std::fmt;
use std::io;
use std::sync::Arc;

/// Lines of a batch that a sink could not write.
///
/// ```
/// let e = spoolog::sink::LinesError { lost: 3, error: std::io::Error::other("full") };
/// assert_eq!(e.to_string(), "3 lines not written: full");
/// ```
#[derive(Debug)]
pub struct LinesError {
    /// How many whole lines of the batch were not written at all. A line cut
    /// part way whose rest the sink keeps (to finish it first later) is not
    /// counted here.
    pub lost: u64,
    /// Why.
    pub error: io::Error,
}

impl fmt::Display for LinesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} lines not written: {}", self.lost, self.error)
    }
}

impl std::error::Error for LinesError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// A destination for finished lines.
///
/// ```
/// use spoolog::sink::Sink;
/// use std::sync::atomic::{AtomicUsize, Ordering};
///
/// /// Counts bytes and throws them away.
/// #[derive(Default)]
/// struct Count(AtomicUsize);
///
/// impl Sink for Count {
///     fn write_line(&self, line: &[u8]) -> std::io::Result<()> {
///         self.0.fetch_add(line.len(), Ordering::Relaxed);
///         Ok(())
///     }
/// }
///
/// let c = Count::default();
/// c.write_line(b"hello\n").unwrap();
/// assert_eq!(c.0.load(Ordering::Relaxed), 6);
/// ```
pub trait Sink: Send + Sync + 'static {
    /// Write one complete line (it ends with `\n`) in one piece.
    fn write_line(&self, line: &[u8]) -> io::Result<()>;

    /// Write several complete lines at once (what a background writer hands
    /// over: everything queued since its last write). The built-in sinks do
    /// this with as few system calls as they can; the default calls
    /// [`write_line`](Sink::write_line) once per line and counts the lines
    /// that failed.
    ///
    /// ```
    /// use spoolog::sink::{Capture, Sink};
    /// let c = Capture::new();
    /// c.write_lines(b"a=1\nb=2\n").unwrap();
    /// assert_eq!(c.lines(), ["a=1", "b=2"]);
    /// ```
    fn write_lines(&self, lines: &[u8]) -> Result<(), LinesError> {
        let mut lost = 0;
        let mut first = None;
        for line in lines.split_inclusive(|&b| b == b'\n') {
            if let Err(e) = self.write_line(line) {
                lost += 1;
                first.get_or_insert(e);
            }
        }
        match first {
            None => Ok(()),
            Some(error) => Err(LinesError { lost, error }),
        }
    }

    /// Push everything accepted so far to its destination.
    fn flush(&self) -> io::Result<()> {
        Ok(())
    }

    /// Whether the destination is a terminal (decides automatic colour).
    fn is_terminal(&self) -> bool {
        false
    }

    /// The encoder this sink's records must be made with, if it speaks a
    /// protocol of its own (syslog, journald, OTLP); the logger then uses it
    /// instead of its line format. Default: `None` (the logger's format).
    fn encoder(&self) -> Option<crate::encode::Encoder> {
        None
    }

    /// Called once when a logger is built with this sink: what the sink may
    /// use to report failures it finds on a thread of its own (see
    /// [`Attachment`]). Default: nothing.
    fn attach(&self, logger: &Attachment) {
        let _ = logger;
    }

    /// The program is ending (or the logger is being shut down): deliver
    /// everything accepted so far, stop any background work, and write
    /// synchronously from now on. Default: [`flush`](Sink::flush).
    fn close(&self) -> io::Result<()> {
        self.flush()
    }
}

impl<S: Sink + ?Sized> Sink for Arc<S> {
    fn encoder(&self) -> Option<crate::encode::Encoder> {
        (**self).encoder()
    }
    fn attach(&self, logger: &Attachment) {
        (**self).attach(logger)
    }
    fn close(&self) -> io::Result<()> {
        (**self).close()
    }
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        (**self).write_line(line)
    }
    fn write_lines(&self, lines: &[u8]) -> Result<(), LinesError> {
        (**self).write_lines(lines)
    }
    fn flush(&self) -> io::Result<()> {
        (**self).flush()
    }
    fn is_terminal(&self) -> bool {
        (**self).is_terminal()
    }
}

impl<S: Sink + ?Sized> Sink for Box<S> {
    fn encoder(&self) -> Option<crate::encode::Encoder> {
        (**self).encoder()
    }
    fn attach(&self, logger: &Attachment) {
        (**self).attach(logger)
    }
    fn close(&self) -> io::Result<()> {
        (**self).close()
    }
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        (**self).write_line(line)
    }
    fn write_lines(&self, lines: &[u8]) -> Result<(), LinesError> {
        (**self).write_lines(lines)
    }
    fn flush(&self) -> io::Result<()> {
        (**self).flush()
    }
    fn is_terminal(&self) -> bool {
        (**self).is_terminal()
    }
}
