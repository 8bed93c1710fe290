//! An in-memory sink for tests.

use super::{LinesError, Sink};
use std::io;
use std::sync::{Arc, Mutex, MutexGuard};

/// Keeps every line in memory so a test can look at what was logged.
/// Clones share the same storage: keep one clone, give the other to the
/// logger.
///
/// Storage is one byte vector; reserve it up front with
/// [`Capture::with_capacity`] and writing lines allocates nothing until it is
/// full (which the zero-allocation tests rely on).
///
/// ```
/// use spoolog::sink::{Capture, Sink};
/// let cap = Capture::new();
/// cap.write_line(b"a=1\n").unwrap();
/// cap.write_line(b"b=2\n").unwrap();
/// assert_eq!(cap.lines(), vec!["a=1", "b=2"]);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Capture {
    bytes: Arc<Mutex<Vec<u8>>>,
}

impl Capture {
    /// An empty capture.
    ///
    /// ```
    /// assert!(spoolog::sink::Capture::new().is_empty());
    /// ```
    pub fn new() -> Capture {
        Capture::default()
    }

    /// An empty capture with room for `bytes` bytes of lines.
    ///
    /// ```
    /// let c = spoolog::sink::Capture::with_capacity(1 << 20);
    /// assert!(c.capacity() >= 1 << 20);
    /// ```
    pub fn with_capacity(bytes: usize) -> Capture {
        Capture {
            bytes: Arc::new(Mutex::new(Vec::with_capacity(bytes))),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<u8>> {
        self.bytes.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Every line so far, without the trailing newlines; invalid UTF-8 (which
    /// the encoders never produce) shows as U+FFFD.
    ///
    /// ```
    /// use spoolog::sink::{Capture, Sink};
    /// let c = Capture::new();
    /// c.write_line(b"x\n").unwrap();
    /// assert_eq!(c.lines(), ["x"]);
    /// ```
    pub fn lines(&self) -> Vec<String> {
        let bytes = self.lock();
        let text = String::from_utf8_lossy(&bytes);
        text.lines().map(str::to_owned).collect()
    }

    /// A copy of every byte written so far.
    ///
    /// ```
    /// use spoolog::sink::{Capture, Sink};
    /// let c = Capture::new();
    /// c.write_line(b"x\n").unwrap();
    /// assert_eq!(c.bytes(), b"x\n");
    /// ```
    pub fn bytes(&self) -> Vec<u8> {
        self.lock().clone()
    }

    /// Take everything written so far, leaving the capture empty (its
    /// capacity is kept).
    ///
    /// ```
    /// use spoolog::sink::{Capture, Sink};
    /// let c = Capture::new();
    /// c.write_line(b"x\n").unwrap();
    /// assert_eq!(c.take(), b"x\n");
    /// assert!(c.is_empty());
    /// ```
    pub fn take(&self) -> Vec<u8> {
        let mut bytes = self.lock();
        let out = bytes.clone();
        bytes.clear();
        out
    }

    /// Forget everything written so far (capacity is kept).
    ///
    /// ```
    /// use spoolog::sink::{Capture, Sink};
    /// let c = Capture::new();
    /// c.write_line(b"x\n").unwrap();
    /// c.clear();
    /// assert!(c.is_empty());
    /// ```
    pub fn clear(&self) {
        self.lock().clear()
    }

    /// How many bytes have been written.
    ///
    /// ```
    /// use spoolog::sink::{Capture, Sink};
    /// let c = Capture::new();
    /// c.write_line(b"abc\n").unwrap();
    /// assert_eq!(c.len(), 4);
    /// ```
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether nothing has been written.
    ///
    /// ```
    /// assert!(spoolog::sink::Capture::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many bytes fit before the storage must grow.
    ///
    /// ```
    /// assert!(spoolog::sink::Capture::with_capacity(64).capacity() >= 64);
    /// ```
    pub fn capacity(&self) -> usize {
        self.lock().capacity()
    }
}

impl Sink for Capture {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        self.lock().extend_from_slice(line);
        Ok(())
    }
    fn write_lines(&self, lines: &[u8]) -> Result<(), LinesError> {
        self.lock().extend_from_slice(lines);
        Ok(())
    }
}
