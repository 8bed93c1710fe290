//! Standard output and standard error.

use super::lines::LineWriter;
use super::{count_lines, LinesError, Sink, DEFAULT_WRITE_TIMEOUT};
use std::io::{self, IsTerminal, Write};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// Writes lines to standard output.
///
/// Each write holds std's stdout lock (so lines never interleave with each
/// other or with `println!` output), first pushes out anything `print!`
/// left in std's buffer, then writes the line straight to the descriptor.
/// If standard output is a pipe in non-blocking mode (as some supervisors
/// leave it), a full pipe is waited for with `poll`, up to
/// [`write_timeout`](Stdout::write_timeout), instead of dropping or tearing
/// the line; a write cut short never has the next line glued to it.
///
/// ```
/// use spoolog::sink::Sink;
/// let out = spoolog::sink::stdout();
/// out.write_line(b"hello from the doc test\n").unwrap();
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Stdout {
    timeout: Duration,
}

/// Writes lines to standard error, like [`Stdout`] does to standard output.
///
/// ```
/// use spoolog::sink::Sink;
/// spoolog::sink::stderr().write_line(b"to stderr\n").unwrap();
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Stderr {
    timeout: Duration,
}

/// The standard output sink.
///
/// ```
/// let _ = spoolog::sink::stdout();
/// ```
pub fn stdout() -> Stdout {
    Stdout {
        timeout: DEFAULT_WRITE_TIMEOUT,
    }
}

/// The standard error sink.
///
/// ```
/// let _ = spoolog::sink::stderr();
/// ```
pub fn stderr() -> Stderr {
    Stderr {
        timeout: DEFAULT_WRITE_TIMEOUT,
    }
}

impl Default for Stdout {
    fn default() -> Stdout {
        stdout()
    }
}

impl Default for Stderr {
    fn default() -> Stderr {
        stderr()
    }
}

impl Stdout {
    /// How long a write waits for a non-blocking standard output to become
    /// writable (default [`DEFAULT_WRITE_TIMEOUT`]).
    ///
    /// ```
    /// let _ = spoolog::sink::stdout().write_timeout(std::time::Duration::from_secs(1));
    /// ```
    pub fn write_timeout(mut self, timeout: Duration) -> Stdout {
        self.timeout = timeout;
        self
    }
}

impl Stderr {
    /// How long a write waits for a non-blocking standard error to become
    /// writable (default [`DEFAULT_WRITE_TIMEOUT`]).
    ///
    /// ```
    /// let _ = spoolog::sink::stderr().write_timeout(std::time::Duration::from_secs(1));
    /// ```
    pub fn write_timeout(mut self, timeout: Duration) -> Stderr {
        self.timeout = timeout;
        self
    }
}

/// The rest of a cut line, per stream (every `Stdout` value shares it).
static STDOUT_LINES: Mutex<LineWriter> = Mutex::new(LineWriter::new());
static STDERR_LINES: Mutex<LineWriter> = Mutex::new(LineWriter::new());

fn lock(m: &'static Mutex<LineWriter>) -> MutexGuard<'static, LineWriter> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Write `lines` to a locked std stream `std` whose cut-line state is `state`.
fn write_locked<S>(
    std: &mut S,
    state: &'static Mutex<LineWriter>,
    lines: &[u8],
    timeout: Duration,
) -> Result<(), LinesError>
where
    S: Write + StdFd,
{
    // Whatever `print!` left in std's buffer goes out first.
    if let Err(error) = std.flush() {
        return Err(LinesError {
            lost: count_lines(lines),
            error,
        });
    }
    let mut state = lock(state);
    #[cfg(unix)]
    let result = state.write(&mut super::lines::Fd(std.fd()), lines, timeout);
    #[cfg(not(unix))]
    let result = state.write(&mut super::lines::Plain(std), lines, timeout);
    result
}

fn finish_locked<S: Write + StdFd>(
    std: &mut S,
    state: &'static Mutex<LineWriter>,
    timeout: Duration,
) -> io::Result<()> {
    std.flush()?;
    let mut state = lock(state);
    #[cfg(unix)]
    let result = state.finish(&mut super::lines::Fd(std.fd()), timeout);
    #[cfg(not(unix))]
    let result = state.finish(&mut super::lines::Plain(std), timeout);
    result
}

/// The descriptor behind a locked std stream.
trait StdFd {
    #[cfg(unix)]
    fn fd(&self) -> std::os::fd::BorrowedFd<'_>;
}

impl StdFd for io::StdoutLock<'_> {
    #[cfg(unix)]
    fn fd(&self) -> std::os::fd::BorrowedFd<'_> {
        std::os::fd::AsFd::as_fd(self)
    }
}

impl StdFd for io::StderrLock<'_> {
    #[cfg(unix)]
    fn fd(&self) -> std::os::fd::BorrowedFd<'_> {
        std::os::fd::AsFd::as_fd(self)
    }
}

impl Sink for Stdout {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        self.write_lines(line).map_err(|e| e.error)
    }
    fn write_lines(&self, lines: &[u8]) -> Result<(), LinesError> {
        write_locked(&mut io::stdout().lock(), &STDOUT_LINES, lines, self.timeout)
    }
    fn flush(&self) -> io::Result<()> {
        finish_locked(&mut io::stdout().lock(), &STDOUT_LINES, self.timeout)
    }
    fn is_terminal(&self) -> bool {
        io::stdout().is_terminal()
    }
}

impl Sink for Stderr {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        self.write_lines(line).map_err(|e| e.error)
    }
    fn write_lines(&self, lines: &[u8]) -> Result<(), LinesError> {
        write_locked(&mut io::stderr().lock(), &STDERR_LINES, lines, self.timeout)
    }
    fn flush(&self) -> io::Result<()> {
        finish_locked(&mut io::stderr().lock(), &STDERR_LINES, self.timeout)
    }
    fn is_terminal(&self) -> bool {
        io::stderr().is_terminal()
    }
}
