//! Configuration of a [`Syslog`] sink.

use super::backoff::Retry;
use super::datagram::{Udp, Unix};
use super::encoder::{Facility, Header, SyslogFields, SyslogFormat, SyslogProtocol};
use super::tcp::{Tcp, TcpConfig};
use super::{sd, Counters, Syslog, Transport};
use crate::encode::JsonKeys;
use std::fmt;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Where a [`SyslogBuilder`] sends records.
#[derive(Clone, Debug)]
enum Dest {
    Tcp(String),
    Udp(String),
    Unix(PathBuf),
}

/// Builds a [`Syslog`] sink; made by [`Syslog::tcp`], [`Syslog::udp`] or
/// [`Syslog::unix`].
///
/// Defaults: RFC 5424, fields as structured data under
/// `spoolog@32473`, facility `user`, this machine's host name, the
/// program's file name as APP-NAME, the process id as PROCID, MSGID `-`;
/// for TCP and Unix sockets: connect timeout 2 s, write timeout 5 s,
/// reconnect after 50 ms doubling up to 2 s, a write waits up to 30 s for
/// the server, and 8 MiB of sent records are kept for sending again after
/// a reset (see [`resend_bytes`](Self::resend_bytes)).
///
/// ```
/// use spoolog::sink::{Facility, Syslog};
/// let sink = Syslog::udp("127.0.0.1:514")
///     .facility(Facility::Local3)
///     .app_name("billing")
///     .msgid("INVOICE")
///     .build()?;
/// # drop(sink);
/// # Ok::<(), spoolog::sink::SyslogError>(())
/// ```
#[derive(Clone, Debug)]
pub struct SyslogBuilder {
    dest: Dest,
    format: SyslogFormat,
    fields: Option<SyslogFields>,
    facility: Facility,
    hostname: Option<String>,
    app_name: Option<String>,
    procid: Option<String>,
    msgid: String,
    sd_id: String,
    json_keys: JsonKeys,
    connect_timeout: Duration,
    write_timeout: Duration,
    retry: Retry,
    resend_bytes: usize,
}

/// A [`SyslogBuilder`] setting that cannot be used.
///
/// ```
/// let e = spoolog::sink::Syslog::udp("127.0.0.1:514").app_name("my app").build().unwrap_err();
/// assert_eq!(e.to_string(), "syslog APP-NAME \"my app\": a space or a character outside printable US-ASCII at byte 2");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum SyslogError {
    /// A header part breaks RFC 5424's rules for it.
    Invalid {
        /// Which part (`"HOSTNAME"`, `"APP-NAME"`, `"PROCID"`, `"MSGID"`, `"SD-ID"`).
        field: &'static str,
        /// The value given.
        value: String,
        /// What is wrong.
        reason: String,
    },
    /// [`SyslogFields::StructuredData`] with [`SyslogFormat::Rfc3164`],
    /// which has no structured data.
    NoStructuredData,
    /// The address could not be resolved, or the socket not made.
    Io(io::Error),
}

impl fmt::Display for SyslogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyslogError::Invalid {
                field,
                value,
                reason,
            } => write!(f, "syslog {field} {value:?}: {reason}"),
            SyslogError::NoStructuredData => {
                f.write_str("RFC 3164 has no structured data: choose logfmt or JSON fields")
            }
            SyslogError::Io(e) => write!(f, "syslog socket: {e}"),
        }
    }
}

impl std::error::Error for SyslogError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SyslogError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for SyslogError {
    fn from(e: io::Error) -> SyslogError {
        SyslogError::Io(e)
    }
}

/// Check a header part: 1 to `max` printable US-ASCII characters (no
/// space), and for RFC 3164 none of `[`, `]`, `:` (they end its TAG).
fn check(field: &'static str, value: &str, max: usize, bsd: bool) -> Result<(), SyslogError> {
    let bad = |reason: String| SyslogError::Invalid {
        field,
        value: value.into(),
        reason,
    };
    if value.is_empty() {
        return Err(bad("empty (use \"-\" for none)".into()));
    }
    if value.len() > max {
        return Err(bad(format!("longer than {max} bytes")));
    }
    if let Some(i) = value.bytes().position(|b| !(0x21..=0x7e).contains(&b)) {
        return Err(bad(format!(
            "a space or a character outside printable US-ASCII at byte {i}"
        )));
    }
    if bsd && field == "APP-NAME" {
        if let Some(i) = value.bytes().position(|b| matches!(b, b'[' | b']' | b':')) {
            return Err(bad(format!("'[', ']' or ':' at byte {i} (RFC 3164 tag)")));
        }
    }
    Ok(())
}

/// `value` made into a valid header part: other characters become `_`,
/// cut to `max` bytes, `-` when empty.
fn sanitize(value: &str, max: usize) -> String {
    let mut s: String = value
        .chars()
        .map(|c| match u8::try_from(c) {
            Ok(b @ 0x21..=0x7e) if !matches!(b, b'[' | b']' | b':') => c,
            _ => '_',
        })
        .collect();
    s.truncate(max);
    if s.is_empty() {
        s.push('-');
    }
    s
}

/// This machine's host name.
fn hostname() -> String {
    let uname = rustix::system::uname();
    sanitize(&uname.nodename().to_string_lossy(), 255)
}

/// The program's file name.
fn program() -> String {
    let exe = std::env::current_exe().ok();
    let name = exe
        .as_deref()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .or_else(|| std::env::args().next())
        .unwrap_or_default();
    sanitize(&name, 48)
}

impl SyslogBuilder {
    fn new(dest: Dest) -> SyslogBuilder {
        SyslogBuilder {
            dest,
            format: SyslogFormat::Rfc5424,
            fields: None,
            facility: Facility::User,
            hostname: None,
            app_name: None,
            procid: None,
            msgid: "-".into(),
            sd_id: "spoolog@32473".into(),
            json_keys: JsonKeys::Spoolog,
            connect_timeout: Duration::from_secs(2),
            write_timeout: crate::sink::DEFAULT_WRITE_TIMEOUT,
            retry: Retry {
                min: Duration::from_millis(50),
                max: Duration::from_secs(2),
                give_up: Some(Duration::from_secs(30)),
            },
            resend_bytes: 8 << 20,
        }
    }

    pub(super) fn tcp(addr: String) -> SyslogBuilder {
        SyslogBuilder::new(Dest::Tcp(addr))
    }

    pub(super) fn udp(addr: String) -> SyslogBuilder {
        SyslogBuilder::new(Dest::Udp(addr))
    }

    pub(super) fn unix(path: PathBuf) -> SyslogBuilder {
        SyslogBuilder::new(Dest::Unix(path))
    }

    /// The header format (default [`SyslogFormat::Rfc5424`]).
    ///
    /// ```
    /// use spoolog::sink::{Syslog, SyslogFormat};
    /// let _ = Syslog::unix("/dev/log").format(SyslogFormat::Rfc3164);
    /// ```
    pub fn format(mut self, format: SyslogFormat) -> SyslogBuilder {
        self.format = format;
        self
    }

    /// Where fields go (default: [`SyslogFields::StructuredData`] for RFC
    /// 5424, [`SyslogFields::Logfmt`] for RFC 3164).
    ///
    /// ```
    /// use spoolog::sink::{Syslog, SyslogFields};
    /// let _ = Syslog::tcp("127.0.0.1:514").fields(SyslogFields::Json);
    /// ```
    pub fn fields(mut self, fields: SyslogFields) -> SyslogBuilder {
        self.fields = Some(fields);
        self
    }

    /// The facility (default [`Facility::User`]).
    ///
    /// ```
    /// let _ = spoolog::sink::Syslog::tcp("127.0.0.1:514").facility(spoolog::sink::Facility::Local0);
    /// ```
    pub fn facility(mut self, facility: Facility) -> SyslogBuilder {
        self.facility = facility;
        self
    }

    /// HOSTNAME: 1 to 255 printable US-ASCII characters, or `-` (default:
    /// this machine's host name).
    ///
    /// ```
    /// let _ = spoolog::sink::Syslog::tcp("127.0.0.1:514").hostname("web-1.example.com");
    /// ```
    pub fn hostname(mut self, hostname: impl Into<String>) -> SyslogBuilder {
        self.hostname = Some(hostname.into());
        self
    }

    /// APP-NAME: 1 to 48 printable US-ASCII characters, or `-` (default: the
    /// program's file name, other characters replaced by `_`).
    ///
    /// ```
    /// let _ = spoolog::sink::Syslog::tcp("127.0.0.1:514").app_name("api");
    /// ```
    pub fn app_name(mut self, app_name: impl Into<String>) -> SyslogBuilder {
        self.app_name = Some(app_name.into());
        self
    }

    /// PROCID: 1 to 128 printable US-ASCII characters, or `-` (default: the
    /// process id).
    ///
    /// ```
    /// let _ = spoolog::sink::Syslog::tcp("127.0.0.1:514").procid("-");
    /// ```
    pub fn procid(mut self, procid: impl Into<String>) -> SyslogBuilder {
        self.procid = Some(procid.into());
        self
    }

    /// MSGID: 1 to 32 printable US-ASCII characters (default `-`, none).
    /// RFC 3164 has no MSGID; it is ignored there.
    ///
    /// ```
    /// let _ = spoolog::sink::Syslog::tcp("127.0.0.1:514").msgid("AUDIT");
    /// ```
    pub fn msgid(mut self, msgid: impl Into<String>) -> SyslogBuilder {
        self.msgid = msgid.into();
        self
    }

    /// The SD-ID of the element that carries the fields, `name@number`
    /// with your private enterprise number (default `spoolog@32473`;
    /// 32473 is the number RFC 5612 reserves for examples).
    ///
    /// ```
    /// let _ = spoolog::sink::Syslog::tcp("127.0.0.1:514").sd_id("acme@27389");
    /// ```
    pub fn sd_id(mut self, sd_id: impl Into<String>) -> SyslogBuilder {
        self.sd_id = sd_id.into();
        self
    }

    /// With [`SyslogFields::Json`]: the member names of the JSON MSG
    /// (default [`JsonKeys::Spoolog`]).
    ///
    /// ```
    /// use spoolog::{encode::JsonKeys, sink::{Syslog, SyslogFields}};
    /// let _ = Syslog::tcp("127.0.0.1:514").fields(SyslogFields::Json).json_keys(JsonKeys::Ecs);
    /// ```
    pub fn json_keys(mut self, keys: JsonKeys) -> SyslogBuilder {
        self.json_keys = keys;
        self
    }

    /// How long one connection attempt may take (TCP; default 2 s).
    ///
    /// ```
    /// let _ = spoolog::sink::Syslog::tcp("127.0.0.1:514").connect_timeout(std::time::Duration::from_secs(1));
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> SyslogBuilder {
        self.connect_timeout = timeout.max(Duration::from_millis(1));
        self
    }

    /// How long a send may wait for a server that does not read (default
    /// [`DEFAULT_WRITE_TIMEOUT`](crate::sink::DEFAULT_WRITE_TIMEOUT), 5 s).
    /// Past it, TCP drops the connection and sends the records again on a
    /// new one; a Unix socket counts the records as lost. Also the longest
    /// [`flush`](crate::sink::Sink::flush) waits for acknowledgements.
    ///
    /// ```
    /// let _ = spoolog::sink::Syslog::tcp("127.0.0.1:514").write_timeout(std::time::Duration::from_secs(10));
    /// ```
    pub fn write_timeout(mut self, timeout: Duration) -> SyslogBuilder {
        self.write_timeout = timeout.max(Duration::from_millis(1));
        self
    }

    /// The delay between connection attempts: `min` after the first
    /// failure, doubling up to `max` (defaults 50 ms and 2 s).
    ///
    /// ```
    /// use std::time::Duration;
    /// let _ = spoolog::sink::Syslog::tcp("127.0.0.1:514").backoff(Duration::from_millis(10), Duration::from_secs(1));
    /// ```
    pub fn backoff(mut self, min: Duration, max: Duration) -> SyslogBuilder {
        self.retry.min = min.max(Duration::from_millis(1));
        self.retry.max = max.max(self.retry.min);
        self
    }

    /// How long a write waits for an unreachable server, counted from the
    /// start of the outage (default 30 s; `None`: for ever). While it
    /// waits, the calling thread (or the background writer, and behind it,
    /// with [`Full::Block`](crate::sink::Full::Block), the logging threads)
    /// waits too: nothing is lost. Past it, records are counted as lost
    /// until the server is back, and writes no longer wait.
    ///
    /// ```
    /// let _ = spoolog::sink::Syslog::tcp("127.0.0.1:514").retry_for(None);
    /// ```
    pub fn retry_for(mut self, limit: Option<Duration>) -> SyslogBuilder {
        self.retry.give_up = limit;
        self
    }

    /// TCP: how many bytes of records already acknowledged by the server's
    /// TCP are kept, besides those not yet acknowledged, to be sent again
    /// if the connection ends in a reset (default 8 MiB). A server that
    /// stops while records wait unread in its socket buffer resets the
    /// connection (a clean close would tell it had read everything), and
    /// those records are lost unless they are sent again: this should
    /// cover the server's receive buffer, which Linux grows up to
    /// `net.ipv4.tcp_rmem`'s maximum (6 MiB by default). Records not yet
    /// acknowledged are always kept as well, on Linux, where the system
    /// tells. The kept bytes are memory the sink holds once that much has
    /// been sent: up to this plus the unacknowledged bytes (at most the
    /// socket's send buffer) plus one batch.
    ///
    /// ```
    /// let _ = spoolog::sink::Syslog::tcp("127.0.0.1:514").resend_bytes(16 << 20);
    /// ```
    pub fn resend_bytes(mut self, bytes: usize) -> SyslogBuilder {
        self.resend_bytes = bytes;
        self
    }

    /// The sink. UDP resolves the address and makes its socket now; TCP
    /// and Unix sockets connect on the first write (a server that is not
    /// up yet is not an error).
    ///
    /// ```
    /// let sink = spoolog::sink::Syslog::tcp("localhost:514").build()?;
    /// # drop(sink);
    /// # Ok::<(), spoolog::sink::SyslogError>(())
    /// ```
    pub fn build(self) -> Result<Syslog, SyslogError> {
        let bsd = self.format == SyslogFormat::Rfc3164;
        let fields = self.fields.unwrap_or(if bsd {
            SyslogFields::Logfmt
        } else {
            SyslogFields::StructuredData
        });
        if bsd && fields == SyslogFields::StructuredData {
            return Err(SyslogError::NoStructuredData);
        }
        let hostname = self.hostname.unwrap_or_else(hostname);
        let app_name = self.app_name.unwrap_or_else(program);
        let procid = self
            .procid
            .unwrap_or_else(|| std::process::id().to_string());
        check("HOSTNAME", &hostname, 255, bsd)?;
        check("APP-NAME", &app_name, 48, bsd)?;
        check("PROCID", &procid, 128, bsd)?;
        check("MSGID", &self.msgid, 32, bsd)?;
        check("SD-ID", &self.sd_id, sd::MAX_NAME, bsd)?;
        let sd_ok = sd::is_name(&self.sd_id)
            && self.sd_id.split_once('@').is_some_and(|(name, pen)| {
                !name.is_empty()
                    && pen
                        .split('.')
                        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            });
        if !sd_ok {
            return Err(SyslogError::Invalid {
                field: "SD-ID",
                value: self.sd_id,
                reason: "not name@enterprise-number (without '=', ']', '\"')".into(),
            });
        }
        let proto = SyslogProtocol::new(&Header {
            format: self.format,
            fields,
            facility: self.facility,
            hostname: &hostname,
            app_name: &app_name,
            procid: &procid,
            msgid: &self.msgid,
            sd_id: &self.sd_id,
            json_keys: self.json_keys,
        });
        let transport = match self.dest {
            Dest::Tcp(addr) => {
                // Resolve once now, so that a typo fails here.
                std::net::ToSocketAddrs::to_socket_addrs(addr.as_str())?;
                Transport::Tcp(Tcp::new(
                    addr,
                    TcpConfig {
                        connect_timeout: self.connect_timeout,
                        write_timeout: self.write_timeout,
                        retry: self.retry,
                        resend_bytes: self.resend_bytes,
                    },
                ))
            }
            Dest::Udp(addr) => Transport::Udp(Udp::new(&addr, self.write_timeout)?),
            Dest::Unix(path) => Transport::Unix(Unix::new(path, self.write_timeout, self.retry)),
        };
        Ok(Syslog {
            transport,
            proto: Arc::new(proto),
            stats: Arc::new(Counters::default()),
        })
    }
}
