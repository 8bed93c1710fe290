//! A sink over any `io::Write`.

use super::lines::{LineWriter, Plain};
use super::{LinesError, Sink};
use std::io::{self, Write};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// Wraps any `io::Write` behind a mutex; lines are written with
/// `write_all`-style loops while the lock is held, so lines never
/// interleave.
///
/// A write that the writer cuts short and then fails (`WouldBlock`, a full
/// disk) never has the next line glued to its first part: the rest of the
/// cut line is kept and written before anything else once the writer
/// accepts bytes again (see [`sink`](crate::sink)'s contract).
///
/// A writer that panicked while the lock was held does not poison the sink:
/// the next line takes the lock as usual.
///
/// ```
/// use spoolog::sink::{Sink, WriterSink};
/// let sink = WriterSink::new(Vec::new());
/// sink.write_line(b"one\n").unwrap();
/// sink.write_line(b"two\n").unwrap();
/// assert_eq!(sink.into_inner(), b"one\ntwo\n");
/// ```
#[derive(Debug)]
pub struct WriterSink<W> {
    inner: Mutex<Inner<W>>,
}

#[derive(Debug)]
struct Inner<W> {
    writer: W,
    lines: LineWriter,
}

impl<W: Write + Send + 'static> WriterSink<W> {
    /// A sink writing into `writer`.
    ///
    /// ```
    /// let _ = spoolog::sink::WriterSink::new(std::io::sink());
    /// ```
    pub fn new(writer: W) -> WriterSink<W> {
        WriterSink {
            inner: Mutex::new(Inner {
                writer,
                lines: LineWriter::new(),
            }),
        }
    }

    /// Run `f` with the writer locked (to inspect an in-memory writer, say).
    ///
    /// ```
    /// use spoolog::sink::{Sink, WriterSink};
    /// let sink = WriterSink::new(Vec::new());
    /// sink.write_line(b"x\n").unwrap();
    /// assert_eq!(sink.with_writer(|w| w.len()), 2);
    /// ```
    pub fn with_writer<R>(&self, f: impl FnOnce(&mut W) -> R) -> R {
        f(&mut self.lock().writer)
    }

    /// The writer back. The rest of a line cut by a failed write, if one is
    /// still pending, is lost.
    ///
    /// ```
    /// let s = spoolog::sink::WriterSink::new(Vec::<u8>::new());
    /// assert!(s.into_inner().is_empty());
    /// ```
    pub fn into_inner(self) -> W {
        self.inner
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .writer
    }

    fn lock(&self) -> MutexGuard<'_, Inner<W>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A plain `io::Write` cannot be waited on: `WouldBlock` fails at once.
const NO_WAIT: Duration = Duration::ZERO;

impl<W: Write + Send + 'static> Sink for WriterSink<W> {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        self.write_lines(line).map_err(|e| e.error)
    }

    fn write_lines(&self, lines: &[u8]) -> Result<(), LinesError> {
        let inner = &mut *self.lock();
        inner
            .lines
            .write(&mut Plain(&mut inner.writer), lines, NO_WAIT)
    }

    fn flush(&self) -> io::Result<()> {
        let inner = &mut *self.lock();
        inner.lines.finish(&mut Plain(&mut inner.writer), NO_WAIT)?;
        inner.writer.flush()
    }
}
