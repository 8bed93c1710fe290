//! Syslog over datagrams: UDP (RFC 5426) and a local Unix datagram socket
//! (`/dev/log`, or any path). One record, one datagram, without the octet
//! count the encoder put in front of it.
//!
//! - **UDP** promises nothing: a datagram to a server that is down, or
//!   dropped on the way, is lost without a word. The kernel reports an
//!   ICMP "port unreachable" for an earlier datagram as `ECONNREFUSED` on a
//!   later send; that send is tried once more.
//! - **Unix datagrams** are reliable on one machine: a send either puts the
//!   datagram in the server's queue or fails (a full queue makes the send
//!   wait, up to the write timeout). When the server has gone (it restarted
//!   and made a new socket; `ECONNREFUSED`, `ENOENT`, `ENOTCONN`), the sink
//!   reconnects as its retry policy says and sends that record again, so a
//!   restart of the server loses nothing that was not in its queue already.
//!
//! A record larger than the transport takes (`EMSGSIZE`: 64 KiB for UDP;
//! the socket buffer for Unix) is lost and reported; a receiver may also
//! truncate records longer than it accepts (rsyslog: `maxMessageSize`, 8 KiB
//! by default).

use super::backoff::{Outage, Retry};
use super::frame::{self, Malformed};
use super::Counters;
use crate::sink::LinesError;
use std::io::{self, ErrorKind};
use std::net::UdpSocket;
use std::os::unix::net::UnixDatagram;
use std::path::PathBuf;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Mutex;
use std::time::Duration;

/// Sends every frame of `batch` with `send`; counts what failed.
fn each_frame(
    batch: &[u8],
    stats: &Counters,
    mut send: impl FnMut(&[u8]) -> io::Result<()>,
) -> Result<(), LinesError> {
    let mut lost = 0;
    let mut first = None;
    for f in frame::frames(batch) {
        let result = match f {
            Ok(f) => send(f.msg),
            Err(Malformed) => Err(io::Error::new(
                ErrorKind::InvalidData,
                Malformed.to_string(),
            )),
        };
        match result {
            Ok(()) => {
                stats.records.fetch_add(1, Relaxed);
            }
            Err(e) => {
                lost += 1;
                first.get_or_insert(e);
            }
        }
    }
    match first {
        None => Ok(()),
        Some(error) => Err(LinesError { lost, error }),
    }
}

/// The UDP transport: one connected socket, no state.
pub(super) struct Udp {
    sock: UdpSocket,
}

impl Udp {
    pub(super) fn new(addr: &str, write_timeout: Duration) -> io::Result<Udp> {
        let mut last = None;
        for a in std::net::ToSocketAddrs::to_socket_addrs(addr)? {
            let local: std::net::SocketAddr = if a.is_ipv4() {
                ([0, 0, 0, 0], 0).into()
            } else {
                (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
            };
            match UdpSocket::bind(local).and_then(|s| s.connect(a).map(|()| s)) {
                Ok(sock) => {
                    sock.set_write_timeout(Some(write_timeout))?;
                    return Ok(Udp { sock });
                }
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| io::Error::new(ErrorKind::NotFound, "no address")))
    }

    pub(super) fn write(&self, batch: &[u8], stats: &Counters) -> Result<(), LinesError> {
        each_frame(batch, stats, |msg| match self.sock.send(msg) {
            Err(e) if e.kind() == ErrorKind::ConnectionRefused => self.sock.send(msg).map(drop),
            r => r.map(drop),
        })
    }
}

/// The Unix datagram transport: reconnects to the path when the server
/// comes back.
pub(super) struct Unix {
    path: PathBuf,
    write_timeout: Duration,
    retry: Retry,
    state: Mutex<UnixState>,
}

#[derive(Default)]
struct UnixState {
    sock: Option<UnixDatagram>,
    outage: Outage,
}

/// Errors that mean "the server is not (or no longer) there".
fn server_gone(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::ConnectionRefused
            | ErrorKind::NotFound
            | ErrorKind::NotConnected
            | ErrorKind::ConnectionReset
    )
}

impl Unix {
    pub(super) fn new(path: PathBuf, write_timeout: Duration, retry: Retry) -> Unix {
        Unix {
            path,
            write_timeout,
            retry,
            state: Mutex::new(UnixState::default()),
        }
    }

    fn connect(&self) -> io::Result<UnixDatagram> {
        let s = UnixDatagram::unbound()?;
        s.connect(&self.path)?;
        s.set_write_timeout(Some(self.write_timeout))?;
        Ok(s)
    }

    pub(super) fn write(&self, batch: &[u8], stats: &Counters) -> Result<(), LinesError> {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let st = &mut *st;
        let mut stuck = false;
        each_frame(batch, stats, |msg| loop {
            if stuck {
                // The server stopped reading: the rest of this batch is not
                // made to wait a write timeout each.
                return Err(ErrorKind::TimedOut.into());
            }
            if st.sock.is_none() {
                let sock = st.outage.connect(&self.retry, || self.connect())?;
                stats.connects.fetch_add(1, Relaxed);
                st.sock = Some(sock);
            }
            let sock = st.sock.as_ref().expect("connected above");
            match sock.send(msg) {
                Ok(_) => {
                    st.outage.ended();
                    return Ok(());
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    stuck = true;
                    return Err(e);
                }
                Err(e) if server_gone(&e) => {
                    st.sock = None;
                    stats.disconnects.fetch_add(1, Relaxed);
                    st.outage.failed(&self.retry, e.kind());
                }
                Err(e) => return Err(e),
            }
        })
    }
}
