//! An append-only file (or FIFO, or device).

use super::lines::LineWriter;
use super::{LinesError, Sink, DEFAULT_WRITE_TIMEOUT};
use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// Appends lines to a file opened with `O_APPEND`: the kernel positions
/// every write at the end of the file, so several processes appending to
/// the same regular file do not overwrite each other. There is no
/// user-space buffer: a line is with the OS when `write_line` returns, and
/// [`flush`](Sink::flush) additionally asks the OS to put it on disk
/// (`fdatasync`) when the file is a regular file.
///
/// Lines written through one `FileSink` never interleave, whatever the file
/// is: writes are serialised by a lock, because the kernel keeps a write
/// whole only for regular files (and for pipes and FIFOs only up to
/// `PIPE_BUF`, 4 KiB on Linux). Separate *processes* writing lines longer
/// than `PIPE_BUF` into one pipe can still interleave; that is the
/// kernel's rule, not something a logger can change.
///
/// A write cut short by a full disk or a file-size limit never has the next
/// line glued to it: the rest of the cut line is written first once the
/// file accepts bytes again. On a descriptor in non-blocking mode (a FIFO
/// opened so, say) a full pipe is waited for, up to
/// [`write_timeout`](FileSink::write_timeout).
///
/// ```
/// use spoolog::sink::{FileSink, Sink};
/// let path = std::env::temp_dir().join(format!("spoolog-doc-{}.log", std::process::id()));
/// let sink = FileSink::open(&path)?;
/// sink.write_line(b"{\"msg\":\"hi\"}\n")?;
/// sink.flush()?;
/// assert_eq!(std::fs::read(&path)?, b"{\"msg\":\"hi\"}\n");
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct FileSink {
    file: File,
    path: PathBuf,
    regular: bool,
    timeout: Duration,
    lines: Mutex<LineWriter>,
}

impl FileSink {
    /// Open (creating if needed) `path` for appending.
    ///
    /// ```
    /// let err = spoolog::sink::FileSink::open("/nonexistent-dir/x.log").unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    /// ```
    pub fn open(path: impl AsRef<Path>) -> io::Result<FileSink> {
        let path = path.as_ref().to_path_buf();
        let file = OpenOptions::new().create(true).append(true).open(&path)?;
        Ok(FileSink::from_file(file, path))
    }

    /// A sink over an already open file (opened for writing; `O_APPEND` is
    /// up to the caller). `path` is only reported by [`path`](Self::path).
    ///
    /// ```
    /// # let p = std::env::temp_dir().join(format!("spoolog-doc-from-{}.log", std::process::id()));
    /// let f = std::fs::OpenOptions::new().create(true).append(true).open(&p)?;
    /// let s = spoolog::sink::FileSink::from_file(f, &p);
    /// assert!(s.is_regular());
    /// # std::fs::remove_file(&p)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn from_file(file: File, path: impl AsRef<Path>) -> FileSink {
        let regular = file.metadata().is_ok_and(|m| m.file_type().is_file());
        FileSink {
            file,
            path: path.as_ref().to_path_buf(),
            regular,
            timeout: DEFAULT_WRITE_TIMEOUT,
            lines: Mutex::new(LineWriter::new()),
        }
    }

    /// How long a write waits for a non-blocking descriptor to become
    /// writable (default [`DEFAULT_WRITE_TIMEOUT`]).
    ///
    /// ```
    /// let s = spoolog::sink::FileSink::open("/dev/null")?
    ///     .write_timeout(std::time::Duration::from_millis(100));
    /// # let _ = s;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn write_timeout(mut self, timeout: Duration) -> FileSink {
        self.timeout = timeout;
        self
    }

    /// The path the file was opened with.
    ///
    /// ```
    /// # let p = std::env::temp_dir().join(format!("spoolog-doc-path-{}.log", std::process::id()));
    /// let s = spoolog::sink::FileSink::open(&p)?;
    /// assert_eq!(s.path(), p.as_path());
    /// # std::fs::remove_file(&p)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file is a regular file (not a pipe, FIFO, socket or
    /// device); only regular files are `fdatasync`ed by
    /// [`flush`](Sink::flush).
    ///
    /// ```
    /// assert!(!spoolog::sink::FileSink::open("/dev/null")?.is_regular());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn is_regular(&self) -> bool {
        self.regular
    }

    fn lock(&self) -> MutexGuard<'_, LineWriter> {
        self.lines.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Run `f` with the file as a line destination: its descriptor on Unix
/// (so a non-blocking one can be waited for), a plain `Write` elsewhere.
macro_rules! with_out {
    ($file:expr, |$out:ident| $body:expr) => {{
        #[cfg(unix)]
        let mut $out = super::lines::Fd(std::os::fd::AsFd::as_fd($file));
        #[cfg(not(unix))]
        let mut file_ref: &File = $file;
        #[cfg(not(unix))]
        let mut $out = super::lines::Plain(&mut file_ref);
        $body
    }};
}

impl Sink for FileSink {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        self.write_lines(line).map_err(|e| e.error)
    }

    fn write_lines(&self, lines: &[u8]) -> Result<(), LinesError> {
        with_out!(&self.file, |out| self.lock().write(
            &mut out,
            lines,
            self.timeout
        ))
    }

    fn flush(&self) -> io::Result<()> {
        with_out!(&self.file, |out| self.lock().finish(&mut out, self.timeout))?;
        if self.regular {
            self.file.sync_data()
        } else {
            // Pipes, FIFOs, terminals and devices have nothing to sync
            // (fdatasync fails with EINVAL there): written is delivered.
            Ok(())
        }
    }
}
