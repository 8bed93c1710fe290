//! An append-only file.

use super::Sink;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Appends lines to a file opened with `O_APPEND`: every line is one `write`
/// call positioned at the end of the file by the kernel, so several processes
/// appending to the same file do not overwrite each other. There is no
/// user-space buffer: a line is with the OS when `write_line` returns, and
/// [`flush`](Sink::flush) additionally asks the OS to put it on disk
/// (`fdatasync`).
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
        Ok(FileSink { file, path })
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
}

impl Sink for FileSink {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        // `&File` implements `Write`; with O_APPEND each `write` lands at the
        // current end of file. `write_all` only loops on a short write.
        (&self.file).write_all(line)
    }

    fn flush(&self) -> io::Result<()> {
        self.file.sync_data()
    }
}
