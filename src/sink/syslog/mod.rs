//! Syslog: RFC 5424 (or RFC 3164) records over TCP, UDP or a Unix socket.
//!
//! [`Syslog`] is a [`Sink`] with an encoder of its own: a logger built with
//! it writes each record straight in syslog form from its hot path — time,
//! level, target, message, context and call fields, no line parsed back —
//! and the sink sends it.
//!
//! ```text
//! <134>1 2026-11-27T14:23:32.123456Z web-1 api 4242 - [spoolog@32473 target="app::server" method="GET" status="200"] request handled
//! ```
//!
//! - **PRI** = facility × 8 + severity; the severity of a level is
//!   [`severity`]: error 3, warn 4, info 6, debug and trace 7.
//! - **TIMESTAMP**: the record's time, RFC 3339 UTC with microseconds; `-`
//!   when the logger writes no time ([`Builder::no_time`](crate::logger::Builder::no_time)).
//! - **HOSTNAME, APP-NAME, PROCID, MSGID**: set in the [`SyslogBuilder`].
//! - **Fields**: one SD-ELEMENT (`[spoolog@32473 target="…" key="value" …]`;
//!   names and values are mapped and escaped as the RFC requires, see
//!   below), or logfmt or JSON in MSG ([`SyslogFields`]).
//! - **MSG**: the message, escaped as in the text format: no record holds
//!   a raw newline or control character (log forging). No BOM.
//!
//! SD-PARAM names: a key that is a valid SD-NAME (1–32 printable US-ASCII
//! characters except `=`, space, `]`, `"`) is kept; `target` becomes
//! `_target`, an empty key `_`; any other character becomes `_`; a name
//! longer than 32 keeps 23 characters and gets `~` and 8 hex digits of a
//! hash of the key. Values escape `"`, `\` and `]` with a backslash and
//! write control characters as `\n`, `\t`, `\u001b`….
//!
//! # Transports
//!
//! - [`Syslog::tcp`]: octet-counted frames (RFC 6587 `LEN SP MSG`), as
//!   rsyslog's `imtcp` reads them. Reconnects with backoff; see *Delivery*
//!   below.
//! - [`Syslog::udp`]: one datagram per record (RFC 5426); no guarantee.
//! - [`Syslog::unix`]: one datagram per record to a local socket
//!   (`/dev/log`, or the path a daemon listens on); reconnects when the
//!   daemon restarts. (Unix *stream* sockets are not supported.)
//!
//! # Batches
//!
//! Records are opaque bytes between the encoder and the sink, and a
//! [`NonBlocking`](crate::sink::NonBlocking) writer concatenates them: each
//! record therefore carries its length in front (the octet count, which
//! TCP sends as it is and datagram transports strip), and
//! [`write_lines`](Sink::write_lines) splits a batch by it. TCP writes a
//! batch with one `send` (more when the socket buffer is full); datagram
//! transports send one datagram per record. A failure reports the number
//! of *records* not sent in [`LinesError::lost`]. Bytes that are not such
//! records (a sink put behind something that does not ask it for its
//! encoder) are refused as `InvalidData`, one record lost.
//!
//! # Delivery over TCP
//!
//! In blocking use — synchronously, or behind a `NonBlocking` writer with
//! [`Full::Block`](crate::sink::Full::Block) — a server restart loses
//! nothing the server had not already read and lost itself:
//!
//! - before each write (and in `flush`) the connection is checked for a
//!   close or a reset, and replaced before the new records go out;
//! - a write waits, reconnecting with backoff, up to
//!   [`retry_for`](SyslogBuilder::retry_for) (30 s by default);
//! - records the server may not have read are sent again on the new
//!   connection: after a clean close, those its TCP had not acknowledged
//!   (it read all the others: a server that closes with unread data sends
//!   a reset); after a reset or a failed write, everything kept — records
//!   not acknowledged, plus the last
//!   [`resend_bytes`](SyslogBuilder::resend_bytes) (8 MiB) already
//!   acknowledged, which may have been waiting unread in the server's
//!   buffer.
//!
//! That is **at-least-once** for what is kept: after a reset some records
//! arrive twice ([`SyslogStats::resent`] counts those sent again). A frame
//! cut by a failure is sent again whole on the new connection, never
//! finished on it. Not covered: records the server read and lost itself
//! (its in-memory queue when it is killed), records older than what is
//! kept, and, where the system cannot tell what is unacknowledged (not
//! Linux), only `resend_bytes` are kept. [`flush`](Sink::flush) returns
//! when the server's TCP has acknowledged every record (at most the write
//! timeout). Plain TCP cannot do better; for end-to-end acknowledgements
//! use RELP.
//!
//! ```no_run
//! use spoolog::sink::{NonBlocking, Syslog};
//! let syslog = Syslog::tcp("127.0.0.1:514").app_name("api").build()?;
//! let (sink, _guard) = NonBlocking::new(syslog)?;
//! let log = spoolog::Logger::builder().sink(sink).build();
//! spoolog::info!(logger: &log, method = "GET", status = 200; "request handled");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod backoff;
mod builder;
mod datagram;
mod encoder;
mod frame;
mod sd;
mod sys;
mod tcp;

pub use builder::{SyslogBuilder, SyslogError};
pub use encoder::{severity, Facility, SyslogFields, SyslogFormat};

use crate::encode::Encoder;
use crate::sink::{LinesError, Sink};
use datagram::{Udp, Unix};
use encoder::SyslogProtocol;
use std::fmt;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Arc;
use tcp::Tcp;

/// A sink that sends records to a syslog server (see the [module
/// documentation](self)).
///
/// ```
/// use spoolog::sink::{Sink, Syslog};
/// let receiver = std::net::UdpSocket::bind("127.0.0.1:0")?;
/// // A bound wait: with a compile-time level cap (`max_level_off`, which
/// // `--all-features` turns on) nothing is sent, and this fails instead
/// // of waiting for ever.
/// receiver.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
/// let sink = Syslog::udp(receiver.local_addr()?.to_string())
///     .hostname("web-1").app_name("api").procid("7")
///     .build()?;
/// let log = spoolog::Logger::builder().no_time().sink(sink).build();
/// spoolog::warn!(logger: &log, target: "db", ms = 950; "slow query");
/// let mut buf = [0; 512];
/// let n = receiver.recv(&mut buf)?;
/// assert_eq!(
///     std::str::from_utf8(&buf[..n])?,
///     r#"<12>1 - web-1 api 7 - [spoolog@32473 target="db" ms="950"] slow query"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Syslog {
    transport: Transport,
    proto: Arc<SyslogProtocol>,
    stats: Arc<Counters>,
}

enum Transport {
    Tcp(Tcp),
    Udp(Udp),
    Unix(Unix),
}

/// Counters shared by the transports.
#[derive(Debug, Default)]
struct Counters {
    records: AtomicU64,
    connects: AtomicU64,
    disconnects: AtomicU64,
    resent: AtomicU64,
}

/// What a [`Syslog`] sink has done so far.
///
/// ```
/// let s = spoolog::sink::SyslogStats::default();
/// assert_eq!(s.resent, 0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SyslogStats {
    /// Records handed to the operating system (each once, however often
    /// it was sent).
    pub records: u64,
    /// Connections made (TCP, Unix).
    pub connects: u64,
    /// Connections found closed or reset, or abandoned after a failed write.
    pub disconnects: u64,
    /// Records sent again on a new connection (TCP): at most this many
    /// duplicates reached the server.
    pub resent: u64,
}

impl fmt::Debug for Syslog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.transport {
            Transport::Tcp(_) => "tcp",
            Transport::Udp(_) => "udp",
            Transport::Unix(_) => "unix",
        };
        f.debug_struct("Syslog")
            .field("transport", &kind)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

impl Syslog {
    /// A builder for TCP to `addr` (`host:port`, resolved again at every
    /// reconnection).
    ///
    /// ```
    /// let _ = spoolog::sink::Syslog::tcp("127.0.0.1:514");
    /// ```
    pub fn tcp(addr: impl Into<String>) -> SyslogBuilder {
        SyslogBuilder::tcp(addr.into())
    }

    /// A builder for UDP to `addr` (`host:port`).
    ///
    /// ```
    /// let _ = spoolog::sink::Syslog::udp("127.0.0.1:514");
    /// ```
    pub fn udp(addr: impl Into<String>) -> SyslogBuilder {
        SyslogBuilder::udp(addr.into())
    }

    /// A builder for the Unix datagram socket at `path` (`/dev/log` for
    /// the system's daemon).
    ///
    /// ```
    /// let _ = spoolog::sink::Syslog::unix("/dev/log");
    /// ```
    pub fn unix(path: impl AsRef<Path>) -> SyslogBuilder {
        SyslogBuilder::unix(path.as_ref().to_path_buf())
    }

    /// The counters.
    ///
    /// ```
    /// let sink = spoolog::sink::Syslog::tcp("127.0.0.1:514").build()?;
    /// assert_eq!(sink.stats().connects, 0); // connects on the first write
    /// # Ok::<(), spoolog::sink::SyslogError>(())
    /// ```
    pub fn stats(&self) -> SyslogStats {
        let c = &self.stats;
        SyslogStats {
            records: c.records.load(Relaxed),
            connects: c.connects.load(Relaxed),
            disconnects: c.disconnects.load(Relaxed),
            resent: c.resent.load(Relaxed),
        }
    }
}

impl Sink for Syslog {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        self.write_lines(line).map_err(|e| e.error)
    }

    fn write_lines(&self, lines: &[u8]) -> Result<(), LinesError> {
        match &self.transport {
            Transport::Tcp(t) => {
                // Whole frames go out; a malformed rest (always last) does not.
                let (mut n, mut valid, mut malformed) = (0, 0, false);
                for f in frame::frames(lines) {
                    match f {
                        Ok(f) => {
                            n += 1;
                            valid += f.whole.len();
                        }
                        Err(_) => malformed = true,
                    }
                }
                let sent = if valid > 0 {
                    t.write(&lines[..valid], n, &self.stats)
                } else {
                    Ok(())
                };
                match (sent, malformed) {
                    (Ok(()), false) => Ok(()),
                    (Ok(()), true) => Err(LinesError {
                        lost: 1,
                        error: io::Error::new(
                            io::ErrorKind::InvalidData,
                            frame::Malformed.to_string(),
                        ),
                    }),
                    (Err(mut e), m) => {
                        e.lost += u64::from(m);
                        Err(e)
                    }
                }
            }
            Transport::Udp(u) => u.write(lines, &self.stats),
            Transport::Unix(u) => u.write(lines, &self.stats),
        }
    }

    fn flush(&self) -> io::Result<()> {
        match &self.transport {
            Transport::Tcp(t) => t.flush(&self.stats),
            Transport::Udp(_) | Transport::Unix(_) => Ok(()),
        }
    }

    fn encoder(&self) -> Option<Encoder> {
        Some(Encoder::protocol(Arc::clone(&self.proto) as _))
    }
}
