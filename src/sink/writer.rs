//! A sink over any `io::Write`.

use super::Sink;
use std::io::{self, Write};
use std::sync::{Mutex, MutexGuard};

/// Wraps any `io::Write` behind a mutex; each line is written with one
/// `write_all` while the lock is held, so lines never interleave.
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
    inner: Mutex<W>,
}

impl<W: Write + Send + 'static> WriterSink<W> {
    /// A sink writing into `writer`.
    ///
    /// ```
    /// let _ = spoolog::sink::WriterSink::new(std::io::sink());
    /// ```
    pub fn new(writer: W) -> WriterSink<W> {
        WriterSink {
            inner: Mutex::new(writer),
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
        f(&mut self.lock())
    }

    /// The writer back.
    ///
    /// ```
    /// let s = spoolog::sink::WriterSink::new(Vec::<u8>::new());
    /// assert!(s.into_inner().is_empty());
    /// ```
    pub fn into_inner(self) -> W {
        self.inner.into_inner().unwrap_or_else(|p| p.into_inner())
    }

    fn lock(&self) -> MutexGuard<'_, W> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl<W: Write + Send + 'static> Sink for WriterSink<W> {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        self.lock().write_all(line)
    }

    fn flush(&self) -> io::Result<()> {
        self.lock().flush()
    }
}
