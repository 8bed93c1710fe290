//! Standard output and standard error.

use super::Sink;
use std::io::{self, IsTerminal, Write};

/// Writes lines to standard output: each line goes out with one `write_all`
/// under std's stdout lock, and since every line ends in `\n` std's line
/// buffer hands it to the OS at once.
///
/// ```
/// use spoolog::sink::Sink;
/// let out = spoolog::sink::stdout();
/// out.write_line(b"hello from the doc test\n").unwrap();
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Stdout {
    _priv: (),
}

/// Writes lines to standard error (unbuffered), one `write_all` per line.
///
/// ```
/// use spoolog::sink::Sink;
/// spoolog::sink::stderr().write_line(b"to stderr\n").unwrap();
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Stderr {
    _priv: (),
}

/// The standard output sink.
///
/// ```
/// let _ = spoolog::sink::stdout();
/// ```
pub fn stdout() -> Stdout {
    Stdout { _priv: () }
}

/// The standard error sink.
///
/// ```
/// let _ = spoolog::sink::stderr();
/// ```
pub fn stderr() -> Stderr {
    Stderr { _priv: () }
}

impl Sink for Stdout {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        io::stdout().lock().write_all(line)
    }
    fn flush(&self) -> io::Result<()> {
        io::stdout().lock().flush()
    }
    fn is_terminal(&self) -> bool {
        io::stdout().is_terminal()
    }
}

impl Sink for Stderr {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        io::stderr().lock().write_all(line)
    }
    fn flush(&self) -> io::Result<()> {
        io::stderr().lock().flush()
    }
    fn is_terminal(&self) -> bool {
        io::stderr().is_terminal()
    }
}
