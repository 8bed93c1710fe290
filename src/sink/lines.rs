//! Writing whole lines to a destination that may cut a write short.
//!
//! Every built-in sink that writes bytes somewhere (`WriterSink`,
//! `FileSink`, standard output and error, the rotating file) goes through
//! [`LineWriter`], which gives one guarantee: **a reader never sees two
//! records merged into one line.**
//!
//! A `write` may take only part of a line and the next one fail: a disk
//! fills up (`ENOSPC`), a file-size limit is reached (`EFBIG`), a
//! non-blocking pipe is full (`EAGAIN`), an `io::Write` says `WouldBlock`.
//! The bytes already written cannot be taken back. So the rest of the cut
//! line is kept, and it is written before any other byte goes to that
//! destination: once the destination accepts bytes again, the cut line is
//! finished and the next line starts on a line of its own. Nothing of the
//! cut line is lost unless the destination never recovers.
//!
//! While that rest cannot be written, new lines are refused (the caller
//! counts them as lost) rather than written after a fragment.
//!
//! On a descriptor in non-blocking mode, `EAGAIN` is not a failure: the
//! writer waits with `poll` for the descriptor to become writable, for at
//! most the sink's write timeout ([`DEFAULT_WRITE_TIMEOUT`] unless set),
//! counted from the first `EAGAIN` of the call.

use super::LinesError;
use std::io::{self, ErrorKind};
use std::time::{Duration, Instant};

/// How long a write to a non-blocking descriptor waits for the descriptor to
/// become writable before the line counts as failed (and, if it was cut,
/// its rest is kept for later).
///
/// ```
/// assert_eq!(spoolog::sink::DEFAULT_WRITE_TIMEOUT, std::time::Duration::from_secs(5));
/// ```
pub const DEFAULT_WRITE_TIMEOUT: Duration = Duration::from_secs(5);

/// The rest of a cut line is kept in a buffer that is freed again when it
/// grew past this (a cut 10 MiB line should not pin 10 MiB for ever).
const KEEP_TAIL_CAPACITY: usize = 64 * 1024;

/// Where [`LineWriter`] puts bytes.
pub(crate) trait Out {
    /// One `write`: how many bytes were taken.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize>;

    /// Wait until the destination is writable, at most `timeout`; `false`
    /// when this destination cannot wait (a plain `io::Write`) or the time
    /// ran out.
    fn wait_writable(&mut self, timeout: Duration) -> bool {
        let _ = timeout;
        false
    }
}

/// Any `io::Write`: no waiting on `WouldBlock`.
pub(crate) struct Plain<'a, W>(pub(crate) &'a mut W);

impl<W: io::Write> Out for Plain<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }
}

/// A file descriptor, written with `write(2)`; waits with `poll(2)` when it
/// is in non-blocking mode.
#[cfg(unix)]
pub(crate) struct Fd<'a>(pub(crate) std::os::fd::BorrowedFd<'a>);

#[cfg(unix)]
impl Out for Fd<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // A single write(2) may take at most isize::MAX bytes.
        let buf = &buf[..buf.len().min(isize::MAX as usize)];
        rustix::io::write(self.0, buf).map_err(io::Error::from)
    }

    fn wait_writable(&mut self, timeout: Duration) -> bool {
        use rustix::event::{poll, PollFd, PollFlags, Timespec};
        let ts = Timespec {
            tv_sec: timeout.as_secs().min(i64::MAX as u64) as i64,
            tv_nsec: i64::from(timeout.subsec_nanos()),
        };
        let mut fds = [PollFd::new(&self.0, PollFlags::OUT)];
        match poll(&mut fds, Some(&ts)) {
            // Writable, or an error condition that the next write reports.
            Ok(n) => n > 0,
            // Interrupted by a signal: let the caller try again.
            Err(rustix::io::Errno::INTR) => true,
            Err(_) => false,
        }
    }
}

/// The no-merged-lines state of one destination: the rest of a cut line.
#[derive(Debug, Default)]
pub(crate) struct LineWriter {
    tail: Vec<u8>,
}

/// `write_all` that waits on `WouldBlock` where the destination can, within
/// one overall `timeout`. On failure: how many bytes were written, and why.
fn write_all(out: &mut impl Out, buf: &[u8], timeout: Duration) -> Result<(), (usize, io::Error)> {
    let mut done = 0;
    let mut deadline: Option<Instant> = None;
    while done < buf.len() {
        match out.write(&buf[done..]) {
            Ok(0) => return Err((done, ErrorKind::WriteZero.into())),
            Ok(n) => done += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                let end = *deadline.get_or_insert_with(|| Instant::now() + timeout);
                let left = end.saturating_duration_since(Instant::now());
                if left.is_zero() || !out.wait_writable(left) {
                    return Err((done, e));
                }
            }
            Err(e) => return Err((done, e)),
        }
    }
    Ok(())
}

/// How many lines (`\n`-terminated; a last unterminated piece counts too)
/// `bytes` holds.
pub(crate) fn count_lines(bytes: &[u8]) -> u64 {
    count_newlines(bytes) + u64::from(bytes.last().is_some_and(|&b| b != b'\n'))
}

/// The number of `\n` bytes, eight at a time: in each word, a byte is
/// `\n` exactly when it becomes zero after `^ 0x0a..`, and
/// `((x & 0x7f..) + 0x7f..) | x` has a byte's high bit set exactly when
/// that byte of `x` is not zero (no carry crosses a byte: `0x7f + 0x7f`
/// fits).
fn count_newlines(bytes: &[u8]) -> u64 {
    const NL: u64 = u64::from_ne_bytes([b'\n'; 8]);
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut n = 0u64;
    for w in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        let x = u64::from_ne_bytes(word) ^ NL;
        let nonzero = ((x & LOW7) + LOW7) | x;
        n += u64::from((!nonzero & HIGH).count_ones());
    }
    n + words.remainder().iter().filter(|&&b| b == b'\n').count() as u64
}

impl LineWriter {
    /// A writer with nothing pending.
    pub(crate) const fn new() -> LineWriter {
        LineWriter { tail: Vec::new() }
    }

    /// Whether the rest of a cut line is waiting to be written.
    #[cfg(test)]
    pub(crate) fn has_tail(&self) -> bool {
        !self.tail.is_empty()
    }

    /// How many bytes of a cut line are waiting to be written (0 when
    /// none).
    pub(crate) fn pending(&self) -> usize {
        self.tail.len()
    }

    /// Write `lines` (one or more whole lines) to `out`, after any pending
    /// rest of a cut line. `Ok` when every line was written or, for a line
    /// cut by a failure, its rest is kept for later; otherwise how many
    /// lines were not written at all.
    pub(crate) fn write(
        &mut self,
        out: &mut impl Out,
        lines: &[u8],
        timeout: Duration,
    ) -> Result<(), LinesError> {
        if let Err(error) = self.finish(out, timeout) {
            return Err(LinesError {
                lost: count_lines(lines),
                error,
            });
        }
        match write_all(out, lines, timeout) {
            Ok(()) => Ok(()),
            Err((written, error)) => {
                // The line the failure cut (if it started) is finished later;
                // the lines after it are not written.
                let cut_end = if written == 0 || lines[written - 1] == b'\n' {
                    written
                } else {
                    lines[written..]
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(lines.len(), |i| written + i + 1)
                };
                self.tail.extend_from_slice(&lines[written..cut_end]);
                match count_lines(&lines[cut_end..]) {
                    0 => Ok(()),
                    lost => Err(LinesError { lost, error }),
                }
            }
        }
    }

    /// Write the pending rest of a cut line, if any.
    pub(crate) fn finish(&mut self, out: &mut impl Out, timeout: Duration) -> io::Result<()> {
        if self.tail.is_empty() {
            return Ok(());
        }
        match write_all(out, &self.tail, timeout) {
            Ok(()) => {
                self.tail.clear();
                if self.tail.capacity() > KEEP_TAIL_CAPACITY {
                    self.tail = Vec::new();
                }
                Ok(())
            }
            Err((written, e)) => {
                self.tail.drain(..written);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Takes `budget` bytes, then fails with `kind`.
    struct Budget {
        out: Vec<u8>,
        budget: usize,
        kind: ErrorKind,
        waits: usize,
    }

    impl Out for Budget {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.budget == 0 {
                return Err(self.kind.into());
            }
            let n = buf.len().min(self.budget).min(7); // short writes too
            self.budget -= n;
            self.out.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn wait_writable(&mut self, _: Duration) -> bool {
            self.waits += 1;
            false
        }
    }

    fn budget(budget: usize) -> Budget {
        Budget {
            out: Vec::new(),
            budget,
            kind: ErrorKind::Other,
            waits: 0,
        }
    }

    const T: Duration = Duration::from_millis(1);

    #[test]
    fn short_writes_are_continued() {
        let mut w = LineWriter::new();
        let mut out = budget(usize::MAX);
        w.write(&mut out, b"hello world\nsecond line\n", T).unwrap();
        assert_eq!(out.out, b"hello world\nsecond line\n");
    }

    #[test]
    fn a_cut_line_is_finished_first_and_later_lines_are_lost() {
        let mut w = LineWriter::new();
        let mut out = budget(3);
        // "ab\n" fits, "cdef\n" is cut after nothing... budget 3 = "ab\n".
        let e = w.write(&mut out, b"ab\ncdef\nghi\n", T).unwrap_err();
        assert_eq!(e.lost, 2);
        assert!(!w.has_tail(), "cut exactly at a line boundary");
        out.budget = 2;
        // "cdef\n" is cut after "cd": its rest is kept, "x\n" is lost.
        let e = w.write(&mut out, b"cdef\nx\n", T).unwrap_err();
        assert_eq!(e.lost, 1);
        assert!(w.has_tail());
        // Still failing: the new line is refused, nothing is written.
        let e = w.write(&mut out, b"refused\n", T).unwrap_err();
        assert_eq!(e.lost, 1);
        out.budget = usize::MAX;
        w.write(&mut out, b"next\n", T).unwrap();
        assert_eq!(out.out, b"ab\ncdef\nnext\n");
    }

    #[test]
    fn a_single_cut_line_is_accepted() {
        let mut w = LineWriter::new();
        let mut out = budget(4);
        w.write(&mut out, b"0123456789\n", T).unwrap();
        assert!(w.has_tail());
        assert!(w.finish(&mut out, T).is_err());
        out.budget = usize::MAX;
        w.finish(&mut out, T).unwrap();
        assert_eq!(out.out, b"0123456789\n");
    }

    #[test]
    fn would_block_asks_to_wait_and_gives_up_when_it_cannot() {
        let mut w = LineWriter::new();
        let mut out = budget(0);
        out.kind = ErrorKind::WouldBlock;
        assert!(w.write(&mut out, b"x\n", T).is_err());
        assert_eq!(out.waits, 1);
    }

    #[test]
    fn counting_newlines_eight_at_a_time_is_exact() {
        // Every byte value next to newlines, at every alignment.
        for start in 0..9 {
            let mut v = vec![0u8; start];
            for b in 0..=255u8 {
                v.extend_from_slice(&[b, b'\n', b, 0x8a, 0x0b, 0x09]);
            }
            let naive = v.iter().filter(|&&b| b == b'\n').count() as u64;
            assert_eq!(count_newlines(&v), naive, "start {start}");
            assert_eq!(count_newlines(&v[start..]), naive, "start {start}");
        }
    }

    #[test]
    fn counting_lines() {
        assert_eq!(count_lines(b""), 0);
        assert_eq!(count_lines(b"a\n"), 1);
        assert_eq!(count_lines(b"a\nb"), 2);
        assert_eq!(count_lines(b"\n\n"), 2);
    }
}
