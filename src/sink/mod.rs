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
//! - `write_line` may be called from many threads at once.
//! - `flush` returns only when every line accepted so far has been handed to
//!   the operating system (or the sink's final destination).
//! - A sink must not log through spoolog itself: a line logged from inside
//!   `write_line` on the same thread is dropped and counted, never written,
//!   so that a sink cannot recurse into itself or deadlock on its own lock.

mod capture;
mod error;
mod file;
mod stdio;
mod writer;

pub use capture::Capture;
pub use error::{ErrorHandler, ReportOnce, SinkError};
pub use file::FileSink;
pub use stdio::{stderr, stdout, Stderr, Stdout};
pub use writer::WriterSink;

use std::io;
use std::sync::Arc;

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

    /// Push everything accepted so far to its destination.
    fn flush(&self) -> io::Result<()> {
        Ok(())
    }

    /// Whether the destination is a terminal (decides automatic colour).
    fn is_terminal(&self) -> bool {
        false
    }
}

impl<S: Sink + ?Sized> Sink for Arc<S> {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        (**self).write_line(line)
    }
    fn flush(&self) -> io::Result<()> {
        (**self).flush()
    }
    fn is_terminal(&self) -> bool {
        (**self).is_terminal()
    }
}

impl<S: Sink + ?Sized> Sink for Box<S> {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        (**self).write_line(line)
    }
    fn flush(&self) -> io::Result<()> {
        (**self).flush()
    }
    fn is_terminal(&self) -> bool {
        (**self).is_terminal()
    }
}
