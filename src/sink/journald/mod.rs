//! The systemd journal, through journald's native protocol (Linux).
//!
//! [`Journald`] sends each record as one journal entry, one datagram on
//! journald's Unix socket ([`JOURNALD_SOCKET`] unless another path is
//! given), as `sd_journal_send(3)` does. An entry too large for a datagram
//! is written into a sealed memory file (`memfd_create(2)`) whose
//! descriptor is sent instead (`SCM_RIGHTS`, empty payload), as the
//! protocol documents; no entry is cut or dropped for its size.
//!
//! ```no_run
//! let journal = spoolog::sink::Journald::builder().syslog_identifier("checkout").build()?;
//! let log = spoolog::Logger::builder().sink(journal).build();
//! spoolog::warn!(logger: &log, target: "app::db", query_ms = 950; "slow query");
//! // journalctl -t checkout -o verbose: PRIORITY=4, MESSAGE=slow query,
//! // TARGET=app::db, QUERY_MS=950, SYSLOG_IDENTIFIER=checkout
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! # What an entry holds
//!
//! | journal field | from |
//! |---|---|
//! | `PRIORITY` | the level as a syslog severity: ERROR 3, WARN 4, INFO 6, DEBUG 7, TRACE 7 |
//! | `SYSLOG_IDENTIFIER` | [`syslog_identifier`](JournaldBuilder::syslog_identifier), by default the program's file name |
//! | `TARGET` | the target (left out when empty) |
//! | `MESSAGE` | the message |
//! | one field per record field and context field | the value as text: integers in decimal, floats as `ryu` writes them (`NaN`, `inf`, `-inf`), `true`/`false`, `Null` empty, strings and [`Value::Bytes`](crate::Value::Bytes) byte for byte, `Display`/`Debug`/errors formatted (errors with their sources, joined by `": "`) |
//!
//! The record's time is not sent: journald stamps each entry when it
//! receives it (`__REALTIME_TIMESTAMP`, `_SOURCE_REALTIME_TIMESTAMP`), and
//! adds the trusted fields (`_PID`, `_UID`, `_COMM`, …) itself.
//! `CODE_FILE` and `CODE_LINE` (and `CODE_MODULE`) are sent when the logger
//! adds source locations ([`Builder::source_location`](crate::logger::Builder::source_location),
//! [`module_path`](crate::logger::Builder::module_path)); off by default.
//!
//! Values are never escaped: a value with a newline, and every formatted
//! value, goes in the protocol's binary-safe form (name, newline, length
//! as a little-endian `u64`, bytes, newline), so no value can start another
//! field or entry; `journalctl` shows values that are not printable text
//! as blobs.
//!
//! # Field names
//!
//! journald accepts names of 1 to 64 characters from `A-Z`, `0-9` and
//! `_`, not starting with a digit, and takes names starting with `_` for
//! its own trusted fields. A user key is mapped deterministically (see
//! [`Journald::field_name`]):
//!
//! 1. each character becomes one byte: ASCII letters upper-cased, digits and
//!    `_` kept, every other character (punctuation, space, control,
//!    non-ASCII) `_` — `http.method` becomes `HTTP_METHOD`;
//! 2. a name that is then empty, starts with a digit or `_`, or is one that
//!    the sink writes or journald gives a meaning to (`MESSAGE`,
//!    `MESSAGE_ID`, `PRIORITY`, `CODE_FILE`, `CODE_LINE`, `CODE_FUNC`,
//!    `ERRNO`, `INVOCATION_ID`, `USER_INVOCATION_ID`, `SYSLOG_FACILITY`,
//!    `SYSLOG_IDENTIFIER`, `SYSLOG_PID`, `SYSLOG_TIMESTAMP`, `SYSLOG_RAW`,
//!    `DOCUMENTATION`, `TID`, `UNIT`, `USER_UNIT`, `TARGET`, and every
//!    `OBJECT_*` and `COREDUMP_*`) gets the prefix `F_`, so user data
//!    cannot forge those fields: a field `message` is `F_MESSAGE`, `_pid`
//!    is `F__PID`;
//! 3. the name is cut to 64 bytes.
//!
//! Two keys that map to the same name (`a.b` and `a_b`) give the entry two
//! values of that field, which journald keeps (a field may repeat).
//!
//! # Framing
//!
//! A record made by this sink's encoder is an entry's fields followed by
//! an empty line, the protocol's entry separator. Batches from the
//! background writer are split back into entries by parsing them as
//! journald does (a field without `=` has a binary value whose length is
//! given); the separator is not sent.
//!
//! # Delivery
//!
//! A datagram is handed to the kernel when `write_line` returns, so
//! [`flush`](crate::sink::Sink::flush) has nothing left to do. When
//! journald's queue is full, sending waits up to the
//! [`write_timeout`](JournaldBuilder::write_timeout); past it, or when
//! journald is gone (stopped or restarted: a new socket is found at the
//! same path on the next entry), the entry is lost and counted by the
//! logger. Concurrent calls need no lock: each entry is one datagram.

mod entry;

use crate::encode::Encoder;
use crate::sink::{LinesError, Sink};
use entry::{EntryProtocol, MAX_NAME};
use rustix::fs::{MemfdFlags, SealFlags};
use rustix::io::Errno;
use rustix::net::{SendAncillaryBuffer, SendAncillaryMessage, SendFlags, SocketAddrUnix};
use std::fmt;
use std::io::{self, Seek, Write};
use std::mem::MaybeUninit;
use std::os::fd::AsFd;
use std::os::unix::fs::FileTypeExt;
use std::os::unix::net::UnixDatagram;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Where journald listens for the native protocol.
///
/// ```
/// assert_eq!(spoolog::sink::JOURNALD_SOCKET, "/run/systemd/journal/socket");
/// ```
pub const JOURNALD_SOCKET: &str = "/run/systemd/journal/socket";

/// The send buffer asked for, as `sd-journal` does: entries up to about
/// this size fit one datagram where the system allows it.
const SEND_BUFFER: usize = 8 << 20;

/// Builds a [`Journald`] sink.
///
/// ```
/// let b = spoolog::sink::Journald::builder()
///     .socket_path("/run/systemd/journal/socket")
///     .syslog_identifier("checkout")
///     .write_timeout(std::time::Duration::from_secs(1));
/// # drop(b);
/// ```
#[derive(Clone, Debug)]
pub struct JournaldBuilder {
    socket: PathBuf,
    identifier: Option<String>,
    write_timeout: Duration,
}

impl Default for JournaldBuilder {
    fn default() -> JournaldBuilder {
        JournaldBuilder {
            socket: PathBuf::from(JOURNALD_SOCKET),
            identifier: None,
            write_timeout: crate::sink::DEFAULT_WRITE_TIMEOUT,
        }
    }
}

impl JournaldBuilder {
    /// The journal socket (default [`JOURNALD_SOCKET`]; a journal namespace
    /// listens at `/run/systemd/journal.NAMESPACE/socket`).
    ///
    /// ```
    /// let _ = spoolog::sink::Journald::builder().socket_path("/run/systemd/journal.app/socket");
    /// ```
    pub fn socket_path(mut self, path: impl Into<PathBuf>) -> JournaldBuilder {
        self.socket = path.into();
        self
    }

    /// `SYSLOG_IDENTIFIER` of every entry (default: the program's file
    /// name), what `journalctl -t` selects by.
    ///
    /// ```
    /// let _ = spoolog::sink::Journald::builder().syslog_identifier("checkout");
    /// ```
    pub fn syslog_identifier(mut self, identifier: impl Into<String>) -> JournaldBuilder {
        self.identifier = Some(identifier.into());
        self
    }

    /// How long sending an entry may wait while journald's queue is full
    /// (default [`DEFAULT_WRITE_TIMEOUT`](crate::sink::DEFAULT_WRITE_TIMEOUT)).
    ///
    /// ```
    /// let _ = spoolog::sink::Journald::builder().write_timeout(std::time::Duration::from_millis(500));
    /// ```
    pub fn write_timeout(mut self, timeout: Duration) -> JournaldBuilder {
        self.write_timeout = timeout.max(Duration::from_millis(1));
        self
    }

    /// The sink. Fails, saying so, when no journal socket exists at the
    /// path (no journald on this system, or not running) or when nothing
    /// listens on it.
    ///
    /// ```
    /// let err = spoolog::sink::Journald::builder().socket_path("/nonexistent/socket").build().unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    /// assert!(err.to_string().contains("no journal socket at /nonexistent/socket"));
    /// ```
    pub fn build(self) -> io::Result<Journald> {
        let path = &self.socket;
        let shown = path.display();
        match std::fs::metadata(path) {
            Ok(m) if m.file_type().is_socket() => {}
            Ok(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{shown} is not a socket, so not journald's"),
                ))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(io::Error::new(
                    io::ErrorKind::NotFound,
                    format!("no journal socket at {shown}: systemd-journald is not running here"),
                ))
            }
            Err(e) => {
                return Err(io::Error::new(
                    e.kind(),
                    format!("journal socket {shown}: {e}"),
                ))
            }
        }
        // Nothing listening is found out now rather than at the first
        // entry: connecting a probe sends nothing.
        if let Err(e) = UnixDatagram::unbound().and_then(|probe| probe.connect(path)) {
            return Err(io::Error::new(
                e.kind(),
                format!("journal socket {shown}: {e} (is systemd-journald running?)"),
            ));
        }
        let socket = UnixDatagram::unbound()?;
        socket.set_write_timeout(Some(self.write_timeout))?;
        let _ = rustix::net::sockopt::set_socket_send_buffer_size(&socket, SEND_BUFFER);
        let addr = SocketAddrUnix::new(path.as_path()).map_err(io::Error::from)?;
        let identifier = self.identifier.unwrap_or_else(program_name);
        Ok(Journald {
            socket,
            addr,
            path: self.socket,
            encoder: Encoder::protocol(Arc::new(EntryProtocol::new(&identifier))),
        })
    }
}

/// The program's file name, the default `SYSLOG_IDENTIFIER`.
fn program_name() -> String {
    std::env::args_os()
        .next()
        .as_deref()
        .and_then(|a| {
            Path::new(a)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "spoolog".into())
}

/// A [`Sink`] that writes records as systemd journal entries (see the
/// [module documentation](self)).
///
/// ```
/// match spoolog::sink::Journald::new() {
///     Ok(journal) => drop(spoolog::Logger::builder().sink(journal).build()),
///     Err(e) => eprintln!("no journal: {e}"), // no journald on this machine
/// }
/// ```
pub struct Journald {
    socket: UnixDatagram,
    addr: SocketAddrUnix,
    path: PathBuf,
    encoder: Encoder,
}

impl fmt::Debug for Journald {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Journald")
            .field("socket", &self.path)
            .finish_non_exhaustive()
    }
}

impl Journald {
    /// A sink on [`JOURNALD_SOCKET`] with the defaults.
    ///
    /// ```
    /// let _ = spoolog::sink::Journald::new(); // an error where journald does not run
    /// ```
    pub fn new() -> io::Result<Journald> {
        Journald::builder().build()
    }

    /// A builder with the defaults.
    ///
    /// ```
    /// let _ = spoolog::sink::Journald::builder();
    /// ```
    pub fn builder() -> JournaldBuilder {
        JournaldBuilder::default()
    }

    /// The journal field name a record field named `key` is written under
    /// (see "Field names" in the [module documentation](self)), for
    /// queries such as `journalctl LATENCY_US=1234`.
    ///
    /// ```
    /// use spoolog::sink::Journald;
    /// assert_eq!(Journald::field_name("latency_us"), "LATENCY_US");
    /// assert_eq!(Journald::field_name("http.method"), "HTTP_METHOD");
    /// assert_eq!(Journald::field_name("message"), "F_MESSAGE");
    /// assert_eq!(Journald::field_name("_pid"), "F__PID");
    /// ```
    pub fn field_name(key: &str) -> String {
        let mut out = [0u8; MAX_NAME];
        let n = entry::field_name(key, &mut out);
        // Only ASCII is ever written.
        String::from_utf8_lossy(&out[..n]).into_owned()
    }

    /// Send one entry (without its separator).
    fn send(&self, entry: &[u8]) -> io::Result<()> {
        loop {
            match rustix::net::sendto(&self.socket, entry, SendFlags::empty(), &self.addr) {
                Ok(_) => return Ok(()),
                Err(Errno::INTR) => {}
                Err(Errno::MSGSIZE) | Err(Errno::NOBUFS) => return self.send_memfd(entry),
                Err(Errno::AGAIN) => {
                    return Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "journald did not take the entry within the write timeout",
                    ))
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// An entry too large for a datagram: in a sealed memory file, whose
    /// descriptor goes over the socket.
    fn send_memfd(&self, entry: &[u8]) -> io::Result<()> {
        let fd = rustix::fs::memfd_create(
            c"spoolog-journal-entry",
            MemfdFlags::CLOEXEC | MemfdFlags::ALLOW_SEALING,
        )?;
        let mut file = std::fs::File::from(fd);
        file.write_all(entry)?;
        // The receiver shares this file description: start it at the top
        // for one that reads rather than maps.
        file.seek(io::SeekFrom::Start(0))?;
        rustix::fs::fcntl_add_seals(
            &file,
            SealFlags::SEAL | SealFlags::SHRINK | SealFlags::GROW | SealFlags::WRITE,
        )?;
        let fds = [file.as_fd()];
        let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
        let mut control = SendAncillaryBuffer::new(&mut space);
        control.push(SendAncillaryMessage::ScmRights(&fds));
        loop {
            match rustix::net::sendmsg_addr(
                &self.socket,
                &self.addr,
                &[],
                &mut control,
                SendFlags::empty(),
            ) {
                Ok(_) => return Ok(()),
                Err(Errno::INTR) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Send every record of `batch`; the records not sent, and the first
    /// error.
    fn send_all(&self, batch: &[u8]) -> Result<(), LinesError> {
        let mut rest = batch;
        let mut lost = 0;
        let mut first = None;
        while !rest.is_empty() {
            let Some(len) = entry::record_len(rest) else {
                lost += 1;
                first.get_or_insert_with(|| {
                    io::Error::new(
                        io::ErrorKind::InvalidData,
                        "bytes that are not journal entries (not made by this sink's encoder) were dropped",
                    )
                });
                break;
            };
            if let Err(e) = self.send(&rest[..len - 1]) {
                lost += 1;
                first.get_or_insert(e);
            }
            rest = &rest[len..];
        }
        match first {
            None => Ok(()),
            Some(error) => Err(LinesError { lost, error }),
        }
    }
}

impl Sink for Journald {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        self.send_all(line).map_err(|e| e.error)
    }

    fn write_lines(&self, lines: &[u8]) -> Result<(), LinesError> {
        self.send_all(lines)
    }

    /// Nothing to do: every entry was handed to the kernel when it was
    /// written.
    fn flush(&self) -> io::Result<()> {
        Ok(())
    }

    fn encoder(&self) -> Option<Encoder> {
        Some(self.encoder.clone())
    }
}
