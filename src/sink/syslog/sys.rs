//! The socket calls the stream transport needs beyond `std`: whether the
//! peer has gone, how much it has not acknowledged, and a `send` that never
//! raises `SIGPIPE`.

use std::io::{self, ErrorKind};
use std::os::fd::{AsFd, BorrowedFd};
use std::time::{Duration, Instant};

/// What a look at a connected stream socket found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Peer {
    /// Nothing to say: the peer has neither closed nor reset.
    Open,
    /// The connection is over. `clean`: the peer closed it with a FIN and
    /// nothing unread (a peer that closes with unread data sends a reset
    /// instead, RFC 2525 and Linux's `tcp_close`), so every byte it
    /// acknowledged was read; and nothing reset it before that.
    Closed {
        /// See above.
        clean: bool,
    },
}

/// Look at `fd` without blocking: `poll` for readability, hang-up and
/// error, then `SO_ERROR` or a non-blocking `recv` to tell a close from a
/// reset. A syslog server sends nothing, so bytes it does send are read and
/// thrown away.
pub(super) fn peer(stream: &std::net::TcpStream) -> Peer {
    use rustix::event::{poll, PollFd, PollFlags, Timespec};
    use rustix::net::{recv, RecvFlags};
    let zero = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    let mut scratch = [0u8; 512];
    for _ in 0..16 {
        let mut fds = [PollFd::new(stream, PollFlags::IN | PollFlags::RDHUP)];
        match poll(&mut fds, Some(&zero)) {
            Ok(0) => return Peer::Open,
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => return Peer::Closed { clean: false },
        }
        match stream.take_error() {
            Ok(Some(e)) => {
                return Peer::Closed {
                    clean: is_epipe(&e),
                }
            }
            Ok(None) => {}
            Err(_) => return Peer::Closed { clean: false },
        }
        match recv(stream.as_fd(), &mut scratch[..], RecvFlags::DONTWAIT) {
            Ok((0, _)) => return Peer::Closed { clean: true },
            Ok(_) => {} // the server talked: discard, look again
            Err(rustix::io::Errno::AGAIN | rustix::io::Errno::INTR) => return Peer::Open,
            Err(e) => {
                return Peer::Closed {
                    clean: e == rustix::io::Errno::PIPE,
                }
            }
        }
    }
    Peer::Open
}

/// `EPIPE`: on Linux, the reset of a connection the peer had already closed
/// cleanly (`tcp_reset` in `CLOSE_WAIT`); any other error is a reset of a
/// live connection.
pub(super) fn is_epipe(e: &io::Error) -> bool {
    e.raw_os_error() == Some(rustix::io::Errno::PIPE.raw_os_error())
}

/// Bytes written to `fd` that the peer's TCP has not acknowledged (sent or
/// not), where the system says (`SIOCOUTQ`, Linux); `None` elsewhere. The
/// count stays readable after a reset.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[allow(unsafe_code)]
pub(super) fn unacked(fd: BorrowedFd<'_>) -> Option<usize> {
    use std::os::fd::AsRawFd;
    let mut n: libc::c_int = 0;
    // SAFETY: SIOCOUTQ (== TIOCOUTQ) on a socket writes one `int` through the
    // pointer, which points to a live, aligned `c_int`; `fd` is borrowed,
    // hence open, for the duration of the call.
    let r = unsafe { libc::ioctl(fd.as_raw_fd(), libc::TIOCOUTQ, &mut n as *mut libc::c_int) };
    if r == 0 {
        usize::try_from(n).ok()
    } else {
        None
    }
}

/// See the Linux version: unknown here.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(super) fn unacked(fd: BorrowedFd<'_>) -> Option<usize> {
    let _ = fd;
    None
}

/// Write all of `bytes` with `send(MSG_NOSIGNAL)` (a reset connection gives
/// `EPIPE`, never the signal). A socket with a send timeout reports
/// `WouldBlock` when it runs out; that and every other error is returned
/// with the number of bytes sent before it.
pub(super) fn send_all(fd: BorrowedFd<'_>, bytes: &[u8]) -> Result<(), (usize, io::Error)> {
    use rustix::net::{send, SendFlags};
    let mut done = 0;
    while done < bytes.len() {
        match send(fd, &bytes[done..], SendFlags::NOSIGNAL) {
            Ok(0) => return Err((done, ErrorKind::WriteZero.into())),
            Ok(n) => done += n,
            Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err((done, e.into())),
        }
    }
    Ok(())
}

/// Wait until the peer has acknowledged everything written to `stream`, or
/// it is closed, or `deadline` passes (polling the count every
/// millisecond: acknowledgements wake no one). `Ok(true)`: all
/// acknowledged (or the system cannot say); `Ok(false)`: the deadline
/// passed; `Err`: the connection is over.
pub(super) fn wait_acked(stream: &std::net::TcpStream, deadline: Instant) -> Result<bool, Peer> {
    loop {
        if let p @ Peer::Closed { .. } = peer(stream) {
            return Err(p);
        }
        match unacked(stream.as_fd()) {
            None | Some(0) => return Ok(true),
            Some(_) if Instant::now() >= deadline => return Ok(false),
            Some(_) => std::thread::sleep(Duration::from_millis(1)),
        }
    }
}
