//! A minimal HTTP/1.1 client for one kind of request: `POST` a protobuf
//! body to one endpoint, over a kept-alive `TcpStream` (no TLS), and read
//! the status, `Retry-After` and a small body back.

use std::io::{self, IoSlice, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, SystemTime};

/// Where requests go: `http://host[:port][/path]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Endpoint {
    /// `host:port`, for connecting and for the `Host` header.
    pub(super) authority: String,
    pub(super) path: String,
}

/// The path used when the endpoint URL has none.
pub(super) const DEFAULT_PATH: &str = "/v1/logs";

impl Endpoint {
    /// Parse `http://host[:port][/path]` (port 80 by default, path
    /// [`DEFAULT_PATH`] when absent). `https` is refused: there is no TLS.
    pub(super) fn parse(url: &str) -> io::Result<Endpoint> {
        let bad = |why: &str| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("OTLP endpoint {url:?}: {why}"),
            )
        };
        let rest = match url.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some((scheme, _)) if scheme.eq_ignore_ascii_case("https") => {
                return Err(bad(
                    "https is not supported (no TLS); use http to a local collector",
                ))
            }
            _ => return Err(bad("expected http://host:port/path")),
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if authority.is_empty() || authority.contains('@') {
            return Err(bad("expected a host (and no user info)"));
        }
        let has_port = match authority.rfind(':') {
            // `[::1]` alone has colons but no port.
            Some(i) => !authority[i..].contains(']'),
            None => false,
        };
        let authority = if has_port {
            let port = &authority[authority.rfind(':').unwrap_or(0) + 1..];
            if port.parse::<u16>().is_err() {
                return Err(bad("the port is not a number from 0 to 65535"));
            }
            authority.to_string()
        } else {
            format!("{authority}:80")
        };
        let path = if path.is_empty() { DEFAULT_PATH } else { path };
        if path.bytes().any(|b| b <= b' ' || b == 0x7f) || path.contains('#') {
            return Err(bad("the path has spaces, controls or a fragment"));
        }
        Ok(Endpoint {
            authority,
            path: path.to_string(),
        })
    }
}

/// What the receiver answered.
#[derive(Debug, Default)]
pub(super) struct Response {
    pub(super) status: u16,
    /// `Retry-After`, in seconds or as an HTTP date, as a delay from now.
    pub(super) retry_after: Option<Duration>,
    /// The body (kept up to [`MAX_BODY`]).
    pub(super) body: Vec<u8>,
}

/// The most of a response body that is kept (the rest is read and
/// dropped, or the connection closed).
const MAX_BODY: usize = 64 * 1024;
/// The most bytes of a status line and headers.
const MAX_HEAD: usize = 16 * 1024;

/// A connection and the buffers of one request, reused across requests.
pub(super) struct Client {
    endpoint: Endpoint,
    timeout: Duration,
    /// `POST` line and headers up to `Content-Length: `; the length and the
    /// blank line are appended per request.
    head_start: Vec<u8>,
    conn: Option<TcpStream>,
    head: Vec<u8>,
    read: Vec<u8>,
}

impl Client {
    /// `headers` are extra request headers (checked by the builder).
    pub(super) fn new(
        endpoint: Endpoint,
        timeout: Duration,
        headers: &[(String, String)],
    ) -> Client {
        let mut head_start = Vec::with_capacity(256);
        let _ = write!(
            head_start,
            "POST {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: spoolog/{}\r\nContent-Type: application/x-protobuf\r\n",
            endpoint.path,
            endpoint.authority,
            env!("CARGO_PKG_VERSION"),
        );
        for (name, value) in headers {
            let _ = write!(head_start, "{name}: {value}\r\n");
        }
        head_start.extend_from_slice(b"Content-Length: ");
        Client {
            endpoint,
            timeout,
            head_start,
            conn: None,
            head: Vec::with_capacity(512),
            read: Vec::with_capacity(4096),
        }
    }

    /// Send one request whose body is `parts` concatenated, and read the
    /// answer. A kept-alive connection that turns out to be closed (the
    /// receiver closed it while idle) is replaced once, at once.
    pub(super) fn post(&mut self, parts: &[&[u8]]) -> io::Result<Response> {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        self.head.clear();
        self.head.extend_from_slice(&self.head_start);
        self.head
            .extend_from_slice(itoa::Buffer::new().format(len).as_bytes());
        self.head.extend_from_slice(b"\r\n\r\n");
        let reused = self.conn.is_some();
        match self.exchange(parts) {
            Err(e) if reused && stale(&e) => {
                self.conn = None;
                self.exchange(parts)
            }
            other => other,
        }
    }

    fn exchange(&mut self, parts: &[&[u8]]) -> io::Result<Response> {
        let result = self.try_exchange(parts);
        match &result {
            Ok(r) if r.status != 0 => {}
            _ => self.conn = None,
        }
        result
    }

    fn try_exchange(&mut self, parts: &[&[u8]]) -> io::Result<Response> {
        if self.conn.is_none() {
            self.conn = Some(connect(&self.endpoint.authority, self.timeout)?);
        }
        let conn = self.conn.as_mut().expect("connected above");
        let mut slices = [IoSlice::new(&[]); 4];
        slices[0] = IoSlice::new(&self.head);
        let n = 1 + parts.len().min(3);
        for (s, p) in slices[1..n].iter_mut().zip(parts) {
            *s = IoSlice::new(p);
        }
        write_all_vectored(conn, &mut slices[..n])?;
        let (response, keep) = read_response(conn, &mut self.read)?;
        if !keep {
            self.conn = None;
        }
        Ok(response)
    }
}

/// Whether an error on a reused connection means the receiver had closed
/// it before our request (so resending cannot duplicate anything).
fn stale(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::UnexpectedEof
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::BrokenPipe
            | io::ErrorKind::ConnectionAborted
    )
}

fn connect(authority: &str, timeout: Duration) -> io::Result<TcpStream> {
    let mut last = io::Error::new(io::ErrorKind::NotFound, "host has no address");
    for addr in authority.to_socket_addrs()? {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(s) => {
                // The head and the body go out in separate segments:
                // without this, the body would wait for the head's ACK.
                s.set_nodelay(true)?;
                s.set_read_timeout(Some(timeout))?;
                s.set_write_timeout(Some(timeout))?;
                return Ok(s);
            }
            Err(e) => last = e,
        }
    }
    Err(last)
}

fn write_all_vectored(w: &mut impl Write, mut slices: &mut [IoSlice<'_>]) -> io::Result<()> {
    IoSlice::advance_slices(&mut slices, 0);
    while !slices.is_empty() {
        match w.write_vectored(slices) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut slices, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Read one response (skipping `1xx` ones) from `conn`; the bool says
/// whether the connection can carry another request.
fn read_response(conn: &mut impl Read, buf: &mut Vec<u8>) -> io::Result<(Response, bool)> {
    buf.clear();
    loop {
        let head_end = read_head(conn, buf)?;
        let head = std::str::from_utf8(&buf[..head_end])
            .map_err(|_| invalid("response head is not UTF-8"))?;
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or("");
        let mut words = status_line.splitn(3, ' ');
        let version = words.next().unwrap_or("");
        let status: u16 = match (version.starts_with("HTTP/1."), words.next()) {
            (true, Some(code)) if code.len() == 3 => code
                .parse()
                .map_err(|_| invalid("bad status code in the response"))?,
            _ => return Err(invalid("not an HTTP/1.x response")),
        };
        let mut keep = version != "HTTP/1.0";
        let mut length = None;
        let mut chunked = false;
        let mut retry_after = None;
        for line in lines {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            let has = |token: &str| {
                value
                    .split(',')
                    .any(|v| v.trim().eq_ignore_ascii_case(token))
            };
            if name.eq_ignore_ascii_case("content-length") {
                length = Some(
                    value
                        .parse::<u64>()
                        .map_err(|_| invalid("bad Content-Length in the response"))?,
                );
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value
                    .rsplit(',')
                    .next()
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("chunked"));
            } else if name.eq_ignore_ascii_case("connection") {
                if has("close") {
                    keep = false;
                } else if has("keep-alive") {
                    keep = true;
                }
            } else if name.eq_ignore_ascii_case("retry-after") {
                retry_after = parse_retry_after(value, SystemTime::now());
            }
        }
        // What was read past the head is the start of the body (or of the
        // response after a 1xx).
        let body_start = head_end + 4;
        if (100..200).contains(&status) {
            buf.drain(..body_start);
            continue;
        }
        let mut body = Vec::new();
        let complete = if status == 204 || status == 304 {
            true
        } else if chunked {
            read_chunked(conn, buf, body_start, &mut body)?
        } else if let Some(len) = length {
            read_exact_len(conn, &buf[body_start..], len, &mut body)?
        } else {
            // No length: the body ends when the connection does.
            read_to_end(conn, &buf[body_start..], &mut body)?;
            keep = false;
            true
        };
        let response = Response {
            status,
            retry_after,
            body,
        };
        return Ok((response, keep && complete));
    }
}

fn invalid(why: &'static str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, why)
}

/// Read until `\r\n\r\n`; its position.
fn read_head(conn: &mut impl Read, buf: &mut Vec<u8>) -> io::Result<usize> {
    let mut scanned: usize = 0;
    loop {
        if let Some(i) = find(&buf[scanned.saturating_sub(3)..], b"\r\n\r\n") {
            return Ok(scanned.saturating_sub(3) + i);
        }
        scanned = buf.len();
        if buf.len() >= MAX_HEAD {
            return Err(invalid("response head too long"));
        }
        if fill(conn, buf)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Read more bytes onto the end of `buf`; how many (0 at the end).
fn fill(conn: &mut impl Read, buf: &mut Vec<u8>) -> io::Result<usize> {
    let old = buf.len();
    buf.resize(old + 4096, 0);
    let n = loop {
        match conn.read(&mut buf[old..]) {
            Ok(n) => break n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                buf.truncate(old);
                return Err(e);
            }
        }
    };
    buf.truncate(old + n);
    Ok(n)
}

/// Keep the first [`MAX_BODY`] bytes of the body.
fn keep(body: &mut Vec<u8>, bytes: &[u8]) {
    let room = MAX_BODY.saturating_sub(body.len());
    body.extend_from_slice(&bytes[..bytes.len().min(room)]);
}

/// A body of `len` bytes, `start` of it already read. False when it is too
/// large to read through (the connection is then not reused).
fn read_exact_len(
    conn: &mut impl Read,
    start: &[u8],
    len: u64,
    body: &mut Vec<u8>,
) -> io::Result<bool> {
    if len > MAX_BODY as u64 * 16 {
        keep(body, start);
        return Ok(false);
    }
    let len = len as usize;
    keep(body, &start[..start.len().min(len)]);
    let mut got = start.len();
    let mut chunk = [0u8; 4096];
    while got < len {
        let want = (len - got).min(chunk.len());
        let n = conn.read(&mut chunk[..want])?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        keep(body, &chunk[..n]);
        got += n;
    }
    Ok(got == len)
}

fn read_to_end(conn: &mut impl Read, start: &[u8], body: &mut Vec<u8>) -> io::Result<()> {
    keep(body, start);
    let mut chunk = [0u8; 4096];
    let mut total = start.len();
    loop {
        match conn.read(&mut chunk) {
            Ok(0) => return Ok(()),
            Ok(n) => {
                keep(body, &chunk[..n]);
                total += n;
                if total > MAX_BODY * 16 {
                    return Ok(());
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// A `Transfer-Encoding: chunked` body, `buf[pos..]` of it already read.
fn read_chunked(
    conn: &mut impl Read,
    buf: &mut Vec<u8>,
    mut pos: usize,
    body: &mut Vec<u8>,
) -> io::Result<bool> {
    let mut total = 0usize;
    loop {
        // The chunk-size line.
        let line_end = loop {
            if let Some(i) = find(&buf[pos..], b"\r\n") {
                break pos + i;
            }
            if buf.len() - pos > 1024 {
                return Err(invalid("chunk size line too long"));
            }
            if fill(conn, buf)? == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
        };
        let line =
            std::str::from_utf8(&buf[pos..line_end]).map_err(|_| invalid("bad chunk size"))?;
        let size = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size, 16).map_err(|_| invalid("bad chunk size"))?;
        pos = line_end + 2;
        if size == 0 {
            // Trailers, then an empty line.
            loop {
                if let Some(i) = find(&buf[pos..], b"\r\n") {
                    if i == 0 {
                        return Ok(true);
                    }
                    pos += i + 2;
                    continue;
                }
                if buf.len() - pos > MAX_HEAD {
                    return Err(invalid("trailers too long"));
                }
                if fill(conn, buf)? == 0 {
                    return Err(io::ErrorKind::UnexpectedEof.into());
                }
            }
        }
        total = total.saturating_add(size);
        if total > MAX_BODY * 16 {
            return Ok(false);
        }
        while buf.len() < pos + size + 2 {
            if fill(conn, buf)? == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
        }
        keep(body, &buf[pos..pos + size]);
        if &buf[pos + size..pos + size + 2] != b"\r\n" {
            return Err(invalid("chunk not followed by CRLF"));
        }
        pos += size + 2;
        if pos > 64 * 1024 {
            buf.drain(..pos);
            pos = 0;
        }
    }
}

/// `Retry-After`: delay-seconds, or an HTTP date (IMF-fixdate, which is
/// RFC 2822's form) as the delay from `now` (zero if it has passed).
pub(super) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let when = SystemTime::UNIX_EPOCH
        + Duration::from_secs(u64::try_from(when.timestamp()).ok()?)
        + Duration::from_nanos(u64::from(when.timestamp_subsec_nanos()));
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        let e = Endpoint::parse("http://127.0.0.1:4318/v1/logs").unwrap();
        assert_eq!(
            (e.authority.as_str(), e.path.as_str()),
            ("127.0.0.1:4318", "/v1/logs")
        );
        let e = Endpoint::parse("HTTP://collector").unwrap();
        assert_eq!(
            (e.authority.as_str(), e.path.as_str()),
            ("collector:80", DEFAULT_PATH)
        );
        let e = Endpoint::parse("http://[::1]:4318").unwrap();
        assert_eq!(e.authority, "[::1]:4318");
        let e = Endpoint::parse("http://[::1]/x?y=1").unwrap();
        assert_eq!(
            (e.authority.as_str(), e.path.as_str()),
            ("[::1]:80", "/x?y=1")
        );
        for bad in [
            "https://x/v1/logs",
            "x:4318",
            "http://",
            "http://h:port/",
            "http://h:99999/",
            "http://u@h/",
            "http://h/a b",
            "http://h/a\r\nX: y",
        ] {
            assert!(Endpoint::parse(bad).is_err(), "{bad}");
        }
    }

    fn parse(bytes: &[u8]) -> io::Result<(Response, bool)> {
        read_response(&mut &bytes[..], &mut Vec::new())
    }

    #[test]
    fn responses() {
        let (r, keep) = parse(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi").unwrap();
        assert_eq!((r.status, r.body.as_slice(), keep), (200, &b"hi"[..], true));
        let (r, keep) =
            parse(b"HTTP/1.1 503 Busy\r\nRetry-After: 7\r\nConnection: close\r\ncontent-length: 0\r\n\r\n")
                .unwrap();
        assert_eq!(
            (r.status, r.retry_after, keep),
            (503, Some(Duration::from_secs(7)), false)
        );
        let (r, keep) =
            parse(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n").unwrap();
        assert_eq!((r.status, keep), (204, true));
        let (r, keep) = parse(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n1\r\nd\r\n0\r\nT: 1\r\n\r\n",
        )
        .unwrap();
        assert_eq!((r.body.as_slice(), keep), (&b"abcd"[..], true));
        let (r, keep) = parse(b"HTTP/1.0 400 Bad\r\n\r\nno length").unwrap();
        assert_eq!(
            (r.status, r.body.as_slice(), keep),
            (400, &b"no length"[..], false)
        );
        assert!(parse(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhi").is_err());
        assert!(parse(b"SSH-2.0-OpenSSH\r\n\r\n").is_err());
        assert!(parse(b"").is_err());
    }

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // 1994-11-06T08:49:37Z
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }
}
