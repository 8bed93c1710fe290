//! Syslog over TCP with octet-counted frames (RFC 6587 section 3.4.1), and
//! what keeps records from being lost when the server restarts.
//!
//! TCP has no acknowledgement a sender can see: `send` returns once the
//! bytes are in the local socket buffer, and a server that stops, crashes
//! or restarts takes with it what it had not read yet. So the sink keeps
//! the tail of what it sent, in whole frames (`Kept`), and sends it again
//! on the next connection when the last one ended:
//!
//! - **Before every write** (and in `flush`), the connection is looked at
//!   (`poll` for readability and hang-up; a closed peer is readable with
//!   EOF, a reset one reports its error). A dead connection is replaced
//!   before the new records go out, so they are not written into it.
//! - **What is kept**: after each write, whole frames covering the bytes
//!   the peer's TCP has not acknowledged (`SIOCOUTQ`, Linux) plus the
//!   `resend_bytes` before them (acknowledged, but perhaps not read by the
//!   server).
//! - **What is sent again** on the next connection: after a clean close
//!   (the server closed with nothing unread, so it read every acknowledged
//!   byte), the frames holding unacknowledged bytes — exactly what it never
//!   got; after a reset or a failed write, everything kept.
//! - A write cut short (an error or the write timeout part way through a
//!   frame) abandons the connection; the frame is sent again whole on the
//!   next one, never finished there (a new connection starts a new frame
//!   stream: the rest of a frame would be read as garbage). The receiver
//!   may have logged the cut piece as a short message of its own.
//!
//! Records can therefore arrive twice after a reset (at-least-once for what
//! is kept), never torn into one another. What is not covered: records the
//! server read and then lost itself (its own queue on a crash), and, after
//! a reset, records older than what is kept.

use super::backoff::{Outage, Retry};
use super::frame;
use super::sys::{self, Peer};
use super::Counters;
use crate::sink::LinesError;
use std::io::{self, ErrorKind};
use std::net::{TcpStream, ToSocketAddrs};
use std::os::fd::AsFd;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A kept buffer larger than this is freed when it empties.
const KEEP_CAPACITY: usize = 16 << 20;

/// Reserved in the kept buffer on top of twice the resend window.
const KEEP_SPARE: usize = 1 << 20;

/// Settings of a TCP transport.
#[derive(Clone, Debug)]
pub(super) struct TcpConfig {
    pub(super) connect_timeout: Duration,
    pub(super) write_timeout: Duration,
    pub(super) retry: Retry,
    pub(super) resend_bytes: usize,
}

/// The TCP transport.
pub(super) struct Tcp {
    addr: String,
    cfg: TcpConfig,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    conn: Option<TcpStream>,
    kept: Kept,
    outage: Outage,
}

/// The tail of the frame stream: `buf[start..unsent]` was sent on the
/// current connection (or the last one), `buf[unsent..]` still has to go
/// out. Indices always fall on frame boundaries.
#[derive(Default)]
struct Kept {
    buf: Vec<u8>,
    start: usize,
    unsent: usize,
}

impl Kept {
    fn sent(&self) -> &[u8] {
        &self.buf[self.start..self.unsent]
    }

    fn unsent(&self) -> &[u8] {
        &self.buf[self.unsent..]
    }

    /// The first frame boundary at or after `start` such that at least
    /// `bytes` sent bytes follow it (the start itself if there are fewer).
    fn boundary_keeping(&self, bytes: usize) -> usize {
        let sent = self.sent();
        if sent.len() <= bytes {
            return self.start;
        }
        let mut off = 0;
        for f in frame::frames(sent) {
            let Ok(f) = f else { break };
            if sent.len() - off - f.whole.len() < bytes {
                break;
            }
            off += f.whole.len();
        }
        self.start + off
    }

    /// Forget sent frames, keeping whole frames that cover the last
    /// `bytes` sent bytes.
    fn trim(&mut self, bytes: usize) {
        self.start = self.boundary_keeping(bytes);
        if self.start == self.buf.len() {
            self.buf.clear();
            if self.buf.capacity() > KEEP_CAPACITY {
                self.buf = Vec::new();
            }
            self.start = 0;
            self.unsent = 0;
        } else if self.start > self.buf.len() / 2 && self.start > 64 * 1024 {
            self.buf.drain(..self.start);
            self.unsent -= self.start;
            self.start = 0;
        }
    }

    /// The connection that carried `sent()` is gone: mark frames from
    /// `from` on as still to send.
    fn resend_from(&mut self, from: usize) {
        self.unsent = self.unsent.min(from.max(self.start));
    }
}

impl Tcp {
    pub(super) fn new(addr: String, cfg: TcpConfig) -> Tcp {
        // Room reserved (address space only, mapped as it is used) for what
        // the kept buffer holds in steady state: the resend window twice
        // over (it is compacted when half of it is forgotten) and the
        // unacknowledged bytes and batch on top. Without it the buffer
        // grew in steps while a slow receiver let unacknowledged bytes pile
        // up, each step an allocation on the logging (or writer) thread.
        let room = cfg
            .resend_bytes
            .saturating_mul(2)
            .saturating_add(KEEP_SPARE)
            .min(KEEP_CAPACITY);
        let state = State {
            kept: Kept {
                buf: Vec::with_capacity(room),
                ..Kept::default()
            },
            ..State::default()
        };
        Tcp {
            addr,
            cfg,
            state: Mutex::new(state),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Write a batch of `n` whole frames.
    pub(super) fn write(&self, batch: &[u8], n: u64, stats: &Counters) -> Result<(), LinesError> {
        let mut st = self.lock();
        let mark = st.kept.buf.len();
        st.kept.buf.extend_from_slice(batch);
        match self.send_pending(&mut st, stats) {
            Ok(()) => {
                stats.records.fetch_add(n, Relaxed);
                Ok(())
            }
            Err(error) => {
                // Not sent: these records are reported lost, so they must not
                // turn up later. What was kept before them is still sent
                // again on the next connection.
                st.kept.buf.truncate(mark);
                st.kept.unsent = st.kept.unsent.min(mark);
                Err(LinesError { lost: n, error })
            }
        }
    }

    /// Send everything not yet sent, (re)connecting as the retry policy
    /// allows.
    fn send_pending(&self, st: &mut State, stats: &Counters) -> io::Result<()> {
        loop {
            self.check(st, stats);
            if st.kept.unsent().is_empty() {
                return Ok(());
            }
            if st.conn.is_none() {
                let conn = st.outage.connect(&self.cfg.retry, || self.connect())?;
                stats.connects.fetch_add(1, Relaxed);
                st.conn = Some(conn);
            }
            let conn = st.conn.as_ref().expect("connected above");
            let pending = st.kept.unsent();
            match sys::send_all(conn.as_fd(), pending) {
                Ok(()) => {
                    st.outage.ended();
                    st.kept.unsent = st.kept.buf.len();
                    let unacked = sys::unacked(conn.as_fd()).unwrap_or(0);
                    st.kept.trim(unacked.saturating_add(self.cfg.resend_bytes));
                    return Ok(());
                }
                Err((written, e)) => {
                    // Cut short or refused: this connection is done with.
                    // The frames it took (the cut one too) count as sent on
                    // it, so that sending them again is counted.
                    st.kept.unsent += frame::end_of_frame_at(pending, written);
                    let clean = sys::is_epipe(&e);
                    self.lose(st, clean, stats);
                    st.outage.failed(&self.cfg.retry, e.kind());
                }
            }
        }
    }

    /// Replace a connection whose peer has gone.
    fn check(&self, st: &mut State, stats: &Counters) {
        if let Some(conn) = &st.conn {
            if let Peer::Closed { clean } = sys::peer(conn) {
                self.lose(st, clean, stats);
            }
        }
    }

    /// Drop the connection; mark what it may not have delivered as unsent.
    fn lose(&self, st: &mut State, clean: bool, stats: &Counters) {
        let Some(conn) = st.conn.take() else { return };
        stats.disconnects.fetch_add(1, Relaxed);
        let from = match (clean, sys::unacked(conn.as_fd())) {
            (true, Some(unacked)) => st.kept.boundary_keeping(unacked),
            _ => st.kept.start,
        };
        let before = st.kept.unsent;
        st.kept.resend_from(from);
        let again = frame::count(&st.kept.buf[st.kept.unsent..before]);
        stats.resent.fetch_add(again, Relaxed);
    }

    fn connect(&self) -> io::Result<TcpStream> {
        let mut last = None;
        for addr in self.addr.to_socket_addrs()? {
            match TcpStream::connect_timeout(&addr, self.cfg.connect_timeout) {
                Ok(s) => {
                    s.set_nodelay(true)?;
                    s.set_write_timeout(Some(self.cfg.write_timeout))?;
                    return Ok(s);
                }
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| io::Error::new(ErrorKind::NotFound, "no address")))
    }

    /// Return once the server's TCP has acknowledged every record written
    /// so far (reconnecting and sending again what a lost connection may
    /// not have delivered), or fail after the write timeout.
    pub(super) fn flush(&self, stats: &Counters) -> io::Result<()> {
        let mut st = self.lock();
        let deadline = Instant::now() + self.cfg.write_timeout;
        loop {
            self.send_pending(&mut st, stats)?;
            let Some(conn) = &st.conn else { return Ok(()) };
            match sys::wait_acked(conn, deadline) {
                Ok(true) => {
                    let unacked = sys::unacked(conn.as_fd()).unwrap_or(0);
                    st.kept.trim(unacked.saturating_add(self.cfg.resend_bytes));
                    return Ok(());
                }
                Ok(false) => return Err(ErrorKind::TimedOut.into()),
                Err(Peer::Closed { clean }) => self.lose(&mut st, clean, stats),
                Err(Peer::Open) => unreachable!("wait_acked returns closed peers only"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(lens: &[usize]) -> Vec<u8> {
        let mut b = Vec::new();
        for &n in lens {
            frame::reserve(&mut b);
            b.extend(std::iter::repeat_n(b'x', n));
            frame::patch(&mut b);
        }
        b
    }

    #[test]
    fn kept_frames_cover_what_is_asked() {
        let mut k = Kept {
            buf: frames(&[100, 200, 300]), // frames of 104, 204, 304 bytes
            ..Kept::default()
        };
        k.unsent = k.buf.len();
        assert_eq!(k.boundary_keeping(0), 612);
        assert_eq!(k.boundary_keeping(1), 308);
        assert_eq!(k.boundary_keeping(304), 308);
        assert_eq!(k.boundary_keeping(305), 104);
        assert_eq!(k.boundary_keeping(10_000), 0);
        k.trim(305);
        assert_eq!(k.sent().len(), 508);
        k.resend_from(k.boundary_keeping(304));
        assert_eq!(k.unsent().len(), 304);
        k.resend_from(0);
        assert_eq!(k.unsent().len(), 508, "never before what is kept");
        k.unsent = k.buf.len();
        k.trim(0);
        assert!(k.buf.is_empty() && k.start == 0 && k.unsent == 0);
    }
}
