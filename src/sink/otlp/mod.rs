//! OpenTelemetry logs over OTLP/HTTP with protobuf (cargo feature `otlp`).
//!
//! [`Otlp`] sends records as OTLP `LogRecord`s, `POST`ed to
//! `http://host:port/v1/logs` as `application/x-protobuf` over plain TCP
//! (no TLS: point it at a local OpenTelemetry Collector or agent). The
//! protobuf encoding and the HTTP/1.1 client are hand-written over
//! `std::net::TcpStream`; the feature adds no dependency.
//!
//! # Set-up: behind the background writer
//!
//! The sink sends synchronously and retries while the receiver is down, so
//! it is meant to run behind [`NonBlocking`](crate::sink::NonBlocking): the
//! writer thread hands it everything queued since the last request as one
//! batch, which becomes one request (or a few, past
//! [`max_request_bytes`](OtlpBuilder::max_request_bytes)).
//!
//! ```no_run
//! use spoolog::sink::{Full, NonBlocking, Otlp};
//!
//! let otlp = Otlp::builder()
//!     .endpoint("http://127.0.0.1:4318/v1/logs")
//!     .service_name("checkout")
//!     .resource_attribute("deployment.environment.name", "production")
//!     .build()?;
//! let log = spoolog::Logger::builder()
//!     .sink(otlp)
//!     .non_blocking(NonBlocking::builder().full(Full::Drop))
//!     .build();
//! spoolog::info!(logger: &log, target: "app::server", status = 200; "request handled");
//! log.flush()?; // returns once the receiver has answered
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! # What a record becomes
//!
//! | record | `LogRecord` |
//! |---|---|
//! | time | `time_unix_nano` and `observed_time_unix_nano` (without a time layout, [`Builder::no_time`](crate::logger::Builder::no_time): no `time_unix_nano`, and the observed time is read when the record is made) |
//! | level | `severity_number` TRACE 1, DEBUG 5, INFO 9, WARN 13, ERROR 17 (the OpenTelemetry data model's mapping), `severity_text` `TRACE` … `ERROR` |
//! | message | `body`, a string |
//! | target | the attribute `target` (left out when empty); a user field `target` is written as `_target` |
//! | fields, context fields | attributes, with their types: integers that fit `int64` as `int_value` (larger ones as a decimal `string_value`), floats as `double_value`, `bool_value`, [`Value::Bytes`](crate::Value::Bytes) as `bytes_value`, [`Value::Null`](crate::Value::Null) as an empty `AnyValue`; strings, chars, `Display`, `Debug` and errors (with their sources, joined by `": "`) as `string_value`, unescaped |
//! | field `trace_id` | `trace_id`, when it is 32 hex digits (any case; a string, bytes or a `Display`/`Debug` value) or a non-zero `u128`; otherwise an ordinary attribute |
//! | field `span_id` | `span_id`, when it is 16 hex digits or a non-zero `u64`; otherwise an attribute |
//! | field `trace_flags` | `flags` (W3C trace flags), when it is an integer 0–255 or two hex digits |
//!
//! This is the hook for a `tracing` layer or any other source of trace
//! context: give the record fields named `trace_id` and `span_id` (and
//! `trace_flags`) in W3C's hex form. An all-zero id is invalid in W3C trace
//! context and is written as an attribute instead.
//!
//! The resource is set on the builder (`service.name` is
//! `unknown_service:<program>` unless given, as the OpenTelemetry SDKs do);
//! the instrumentation scope is `spoolog` with the crate's version.
//!
//! # Framing
//!
//! Each record made by this sink's encoder is exactly the bytes of one
//! `log_records` field of a `ScopeLogs` message (tag, length, `LogRecord`),
//! so a batch of records is already a valid run of `repeated LogRecord`.
//! The sink walks a batch by those lengths, puts the request's outer
//! messages (`ExportLogsServiceRequest`, `ResourceLogs` with the resource,
//! `ScopeLogs` with the scope) in front, and writes both with one
//! vectored write.
//!
//! # Delivery, retries and losses
//!
//! - **One batch in flight.** A batch is sent, and retried, before the
//!   next is taken; memory stays bounded by the background writer's queue,
//!   whose policy decides what happens meanwhile ([`Full::Block`]: the
//!   logging threads wait, nothing is lost; [`Full::Drop`]: new records
//!   are dropped and counted exactly).
//! - **Retried**: connection errors, timeouts, and the statuses 429, 502,
//!   503 and 504. The wait starts at about 100 ms and doubles up to 5 s
//!   ([`backoff`](OtlpBuilder::backoff)), each drawn at random from the
//!   upper half of its step; a `Retry-After` (seconds or an HTTP date)
//!   replaces the computed wait.
//! - **Given up** when the next attempt would start more than
//!   [`give_up_after`](OtlpBuilder::give_up_after) (default 30 s) after
//!   the first one: the batch's records (and the rest of the batch, without
//!   further attempts) are reported as lost
//!   ([`LinesError`]), which the logger counts in
//!   [`Logger::lost`](crate::Logger::lost). The next batch starts afresh.
//! - **Dropped at once**: any other non-2xx status (400, 401, 413, 500, …):
//!   those records are lost and counted; later batches are sent as usual.
//!   A 2xx with a partial success counts its `rejected_log_records` as
//!   lost.
//! - **After [`close`](crate::sink::Sink::close)**, a wait in progress
//!   ends at once (that batch is given up) and every later batch gets a
//!   single attempt. The background writer closes the sink once it has
//!   delivered everything; when the receiver is down it stops waiting after
//!   its [`close_timeout`](crate::sink::NonBlockingBuilder::close_timeout)
//!   (10 s) without closing the sink (which may be stuck), so a process
//!   with an unreachable receiver exits that much later, and a batch still
//!   being retried then is neither delivered nor counted. Set
//!   [`give_up_after`](OtlpBuilder::give_up_after) below the close timeout
//!   to have such records counted before the process ends.
//! - A request whose answer is lost (the connection breaks after the
//!   receiver took it) is sent again: records can then arrive twice, never
//!   torn or mixed with others.
//!
//! [`Full::Block`]: crate::sink::Full::Block
//! [`Full::Drop`]: crate::sink::Full::Drop

mod http;
mod proto;
mod record;
mod retry;

use crate::encode::Encoder;
use crate::field::ToValue;
use crate::sink::{LinesError, Sink};
use http::{Client, Endpoint};
use record::{LogRecordProtocol, RECORD, RESOURCE_ATTRIBUTE};
use retry::Backoff;
use std::fmt;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The endpoint used unless one is given: the OTLP/HTTP default.
///
/// ```
/// assert_eq!(spoolog::sink::OTLP_DEFAULT_ENDPOINT, "http://localhost:4318/v1/logs");
/// ```
pub const OTLP_DEFAULT_ENDPOINT: &str = "http://localhost:4318/v1/logs";

/// Builds an [`Otlp`] sink.
///
/// ```
/// use std::time::Duration;
/// let otlp = spoolog::sink::Otlp::builder()
///     .endpoint("http://127.0.0.1:4318/v1/logs")
///     .service_name("checkout")
///     .resource_attribute("service.instance.id", "i-42")
///     .timeout(Duration::from_secs(5))
///     .build()?;
/// # drop(otlp);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct OtlpBuilder {
    endpoint: String,
    /// Encoded `KeyValue` fields of the resource, by key.
    resource: Vec<(String, Vec<u8>)>,
    headers: Vec<(String, String)>,
    timeout: Duration,
    initial_backoff: Duration,
    max_backoff: Duration,
    give_up_after: Duration,
    max_request_bytes: usize,
}

impl Default for OtlpBuilder {
    fn default() -> OtlpBuilder {
        OtlpBuilder {
            endpoint: OTLP_DEFAULT_ENDPOINT.into(),
            resource: Vec::new(),
            headers: Vec::new(),
            timeout: Duration::from_secs(10),
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
            give_up_after: Duration::from_secs(30),
            max_request_bytes: 4 << 20,
        }
    }
}

impl OtlpBuilder {
    /// Where to send: `http://host[:port][/path]`, used as given; without a
    /// path, `/v1/logs`. Default [`OTLP_DEFAULT_ENDPOINT`]. `https` is
    /// refused by [`build`](Self::build) (there is no TLS).
    ///
    /// ```
    /// let _ = spoolog::sink::Otlp::builder().endpoint("http://collector:4318");
    /// ```
    pub fn endpoint(mut self, url: impl Into<String>) -> OtlpBuilder {
        self.endpoint = url.into();
        self
    }

    /// The resource attribute `service.name`.
    ///
    /// ```
    /// let _ = spoolog::sink::Otlp::builder().service_name("checkout");
    /// ```
    pub fn service_name(self, name: &str) -> OtlpBuilder {
        self.resource_attribute("service.name", name)
    }

    /// A resource attribute, with its type (see the [module
    /// documentation](self) for how values are written). A key given again
    /// replaces its value.
    ///
    /// ```
    /// let _ = spoolog::sink::Otlp::builder()
    ///     .resource_attribute("service.version", "1.4.2")
    ///     .resource_attribute("host.cpu.count", &8)
    ///     .resource_attribute("debug.build", &cfg!(debug_assertions));
    /// ```
    pub fn resource_attribute<V: ToValue + ?Sized>(mut self, key: &str, value: &V) -> OtlpBuilder {
        let mut bytes = Vec::new();
        record::key_value(&mut bytes, RESOURCE_ATTRIBUTE, key, &value.to_value());
        match self.resource.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = bytes,
            None => self.resource.push((key.to_string(), bytes)),
        }
        self
    }

    /// An extra request header (for a receiver that wants a token, say).
    /// Names must be HTTP tokens and values printable; `Host`,
    /// `Content-Type`, `Content-Length`, `Transfer-Encoding` and
    /// `Connection` are the sink's own. Checked by [`build`](Self::build).
    ///
    /// ```
    /// let _ = spoolog::sink::Otlp::builder().header("Authorization", "Bearer t0k3n");
    /// ```
    pub fn header(mut self, name: &str, value: &str) -> OtlpBuilder {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// How long one attempt may take to connect, to send, and to wait for
    /// each read of the answer (default 10 s).
    ///
    /// ```
    /// let _ = spoolog::sink::Otlp::builder().timeout(std::time::Duration::from_secs(2));
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> OtlpBuilder {
        self.timeout = timeout.max(Duration::from_millis(1));
        self
    }

    /// The first wait between attempts and the longest (defaults 100 ms and
    /// 5 s); see the [module documentation](self).
    ///
    /// ```
    /// use std::time::Duration;
    /// let _ = spoolog::sink::Otlp::builder().backoff(Duration::from_millis(50), Duration::from_secs(1));
    /// ```
    pub fn backoff(mut self, initial: Duration, max: Duration) -> OtlpBuilder {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// How long after its first attempt a batch is still retried (default
    /// 30 s); past it, its records are reported as lost. Zero: one attempt.
    ///
    /// ```
    /// let _ = spoolog::sink::Otlp::builder().give_up_after(std::time::Duration::from_secs(120));
    /// ```
    pub fn give_up_after(mut self, limit: Duration) -> OtlpBuilder {
        self.give_up_after = limit;
        self
    }

    /// The largest request body (default 4 MiB, the background writer's
    /// default queue): a larger batch is sent as several requests, one
    /// after the other. A single record larger than this is sent alone.
    ///
    /// ```
    /// let _ = spoolog::sink::Otlp::builder().max_request_bytes(1 << 20);
    /// ```
    pub fn max_request_bytes(mut self, bytes: usize) -> OtlpBuilder {
        self.max_request_bytes = bytes.max(1);
        self
    }

    /// The sink. Checks the endpoint and the headers; it does not connect
    /// (the receiver may come up later: records wait and are retried).
    ///
    /// ```
    /// assert!(spoolog::sink::Otlp::builder().endpoint("https://x/v1/logs").build().is_err());
    /// assert!(spoolog::sink::Otlp::builder().header("X-A", "b\r\nc").build().is_err());
    /// ```
    pub fn build(self) -> io::Result<Otlp> {
        let endpoint = Endpoint::parse(&self.endpoint)?;
        for (name, value) in &self.headers {
            check_header(name, value)?;
        }
        let mut this = self;
        if !this.resource.iter().any(|(k, _)| k == "service.name") {
            let name = format!("unknown_service:{}", program_name());
            this = this.resource_attribute("service.name", name.as_str());
        }
        let mut resource = Vec::new();
        for (_, kv) in &this.resource {
            resource.extend_from_slice(kv);
        }
        let mut resource_field = Vec::new();
        proto::put_bytes(&mut resource_field, proto::tag(1, proto::LEN), &resource);
        let mut scope = Vec::new();
        proto::put_bytes(&mut scope, proto::tag(1, proto::LEN), b"spoolog");
        proto::put_bytes(
            &mut scope,
            proto::tag(2, proto::LEN),
            env!("CARGO_PKG_VERSION").as_bytes(),
        );
        let mut scope_field = Vec::new();
        proto::put_bytes(&mut scope_field, proto::tag(1, proto::LEN), &scope);
        // Jitter only needs processes to differ.
        let seed = u64::from(std::process::id()).rotate_left(32)
            ^ std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64);
        Ok(Otlp {
            shared: Arc::new(Shared {
                encoder: Encoder::protocol(Arc::new(LogRecordProtocol)),
                endpoint: this.endpoint.clone(),
                resource_field,
                scope_field,
                give_up_after: this.give_up_after,
                max_request_bytes: this.max_request_bytes,
                state: Mutex::new(State {
                    client: Client::new(endpoint, this.timeout, &this.headers),
                    backoff: Backoff::new(this.initial_backoff, this.max_backoff, seed),
                    prefix: Vec::with_capacity(64),
                }),
                closing: Mutex::new(false),
                wake: Condvar::new(),
                counters: Counters::default(),
            }),
        })
    }
}

fn check_header(name: &str, value: &str) -> io::Result<()> {
    let bad = |why: &str| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("OTLP header {name:?}: {why}"),
        )
    };
    let tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(tchar) {
        return Err(bad("the name is not an HTTP token"));
    }
    if value.bytes().any(|b| (b < b' ' && b != b'\t') || b == 0x7f) {
        return Err(bad("the value has control characters"));
    }
    const OWN: [&str; 5] = [
        "host",
        "content-type",
        "content-length",
        "transfer-encoding",
        "connection",
    ];
    if OWN.iter().any(|o| name.eq_ignore_ascii_case(o)) {
        return Err(bad("the sink sets this header itself"));
    }
    Ok(())
}

/// The program's file name, for the default `service.name`.
fn program_name() -> String {
    std::env::current_exe()
        .ok()
        .and_then(|p| Some(p.file_name()?.to_string_lossy().into_owned()))
        .unwrap_or_default()
}

/// A [`Sink`] that exports records as OpenTelemetry logs over OTLP/HTTP
/// (see the [module documentation](self)). Clones share one connection and
/// one set of counters.
///
/// ```
/// use spoolog::sink::{Otlp, Sink};
/// let otlp = Otlp::builder().endpoint("http://127.0.0.1:4318/v1/logs").build()?;
/// assert!(otlp.encoder().is_some()); // the logger makes OTLP records
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone)]
pub struct Otlp {
    shared: Arc<Shared>,
}

struct Shared {
    encoder: Encoder,
    endpoint: String,
    /// `ResourceLogs.resource`, whole.
    resource_field: Vec<u8>,
    /// `ScopeLogs.scope`, whole.
    scope_field: Vec<u8>,
    give_up_after: Duration,
    max_request_bytes: usize,
    /// Held while a batch is being sent: one batch in flight.
    state: Mutex<State>,
    closing: Mutex<bool>,
    wake: Condvar,
    counters: Counters,
}

struct State {
    client: Client,
    backoff: Backoff,
    /// The request's outer messages, rebuilt per request.
    prefix: Vec<u8>,
}

#[derive(Default)]
struct Counters {
    requests: AtomicU64,
    retries: AtomicU64,
    sent: AtomicU64,
    lost: AtomicU64,
}

/// Counters of an [`Otlp`] sink.
///
/// ```
/// let otlp = spoolog::sink::Otlp::builder().build()?;
/// assert_eq!(otlp.stats(), spoolog::sink::OtlpStats::default());
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct OtlpStats {
    /// HTTP requests made (every attempt counts).
    pub requests: u64,
    /// Attempts that were retries of a request that had failed.
    pub retries: u64,
    /// Records the receiver accepted.
    pub records_sent: u64,
    /// Records reported as lost: given up, refused with a non-retryable
    /// status, or rejected in a partial success.
    pub records_lost: u64,
}

impl fmt::Debug for Otlp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Otlp")
            .field("endpoint", &self.shared.endpoint)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

/// How one request of a batch ended.
enum Outcome {
    /// Accepted; the receiver rejected this many of its records.
    Sent(u64, Option<io::Error>),
    /// Refused for good: its records are lost.
    Dropped(io::Error),
    /// Retried until the limit: its records, and the rest of the batch,
    /// are lost.
    GaveUp(io::Error),
}

impl Otlp {
    /// A builder with the defaults.
    ///
    /// ```
    /// let _ = spoolog::sink::Otlp::builder();
    /// ```
    pub fn builder() -> OtlpBuilder {
        OtlpBuilder::default()
    }

    /// The sink's counters.
    ///
    /// ```
    /// let otlp = spoolog::sink::Otlp::builder().build()?;
    /// assert_eq!(otlp.stats().requests, 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn stats(&self) -> OtlpStats {
        let c = &self.shared.counters;
        OtlpStats {
            requests: c.requests.load(Relaxed),
            retries: c.retries.load(Relaxed),
            records_sent: c.sent.load(Relaxed),
            records_lost: c.lost.load(Relaxed),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.shared.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn closing(&self) -> bool {
        *self
            .shared
            .closing
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// Sleep `d`, or less if the sink is closed meanwhile; whether it was.
    fn sleep(&self, d: Duration) -> bool {
        let deadline = Instant::now() + d;
        let mut closing = self
            .shared
            .closing
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        while !*closing {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            closing = self
                .shared
                .wake
                .wait_timeout(closing, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        *closing
    }

    /// Send a batch of records, as few requests as the size limit allows.
    fn send(&self, batch: &[u8]) -> Result<(), LinesError> {
        let mut st = self.lock();
        let mut rest = batch;
        let mut lost = 0u64;
        let mut first: Option<io::Error> = None;
        let mut gave_up = false;
        while !rest.is_empty() {
            let (len, n) = take(rest, self.shared.max_request_bytes);
            if n == 0 {
                lost += 1;
                first.get_or_insert_with(|| {
                    io::Error::new(
                        io::ErrorKind::InvalidData,
                        "bytes that are not OTLP records (not made by this sink's encoder) were dropped",
                    )
                });
                break;
            }
            let chunk = &rest[..len];
            rest = &rest[len..];
            if gave_up {
                lost += n;
                continue;
            }
            match self.deliver(&mut st, chunk, n) {
                Outcome::Sent(rejected, e) => {
                    lost += rejected;
                    if let Some(e) = e {
                        first.get_or_insert(e);
                    }
                }
                Outcome::Dropped(e) => {
                    lost += n;
                    first.get_or_insert(e);
                }
                Outcome::GaveUp(e) => {
                    lost += n;
                    gave_up = true;
                    first.get_or_insert(e);
                }
            }
        }
        drop(st);
        self.shared.counters.lost.fetch_add(lost, Relaxed);
        match first {
            None => Ok(()),
            Some(error) => Err(LinesError { lost, error }),
        }
    }

    /// One request of `n` records, retried as the policy says.
    fn deliver(&self, st: &mut State, chunk: &[u8], n: u64) -> Outcome {
        let sh = &*self.shared;
        let State {
            client,
            backoff,
            prefix,
        } = st;
        request_prefix(prefix, &sh.resource_field, &sh.scope_field, chunk.len());
        let started = Instant::now();
        let mut attempts = 0u32;
        loop {
            attempts += 1;
            sh.counters.requests.fetch_add(1, Relaxed);
            let (wait, error) = match client.post(&[prefix, chunk]) {
                Ok(r) if (200..300).contains(&r.status) => {
                    backoff.reset();
                    let (rejected, message) = partial_success(&r.body);
                    let rejected = rejected.min(n);
                    sh.counters.sent.fetch_add(n - rejected, Relaxed);
                    let e = (rejected > 0).then(|| {
                        io::Error::other(format!(
                            "OTLP receiver rejected {rejected} of {n} records: {message}"
                        ))
                    });
                    return Outcome::Sent(rejected, e);
                }
                Ok(r) if retry::retryable(r.status) => {
                    let e = io::Error::other(format!("OTLP receiver answered {}", r.status));
                    (r.retry_after.unwrap_or_else(|| backoff.wait()), e)
                }
                Ok(r) => {
                    backoff.reset();
                    return Outcome::Dropped(io::Error::other(format!(
                        "OTLP receiver answered {} (not retryable): {} records dropped{}",
                        r.status,
                        n,
                        body_hint(&r.body)
                    )));
                }
                Err(e) => (backoff.wait(), e),
            };
            let elapsed = started.elapsed();
            if self.closing() || elapsed + wait > sh.give_up_after || self.sleep(wait) {
                return Outcome::GaveUp(io::Error::new(
                    error.kind(),
                    format!(
                        "OTLP export to {} gave up after {attempts} attempts in {:.1?}: {error}",
                        sh.endpoint, elapsed
                    ),
                ));
            }
            sh.counters.retries.fetch_add(1, Relaxed);
        }
    }
}

/// The longest run of whole records at the start of `batch` that fits
/// `max` bytes (at least one record, whatever its size): its length and
/// how many records. `(0, 0)` if `batch` does not start with a record.
fn take(batch: &[u8], max: usize) -> (usize, u64) {
    let mut len = 0;
    let mut n = 0;
    while let Some(f) = proto::frame_len(&batch[len..], RECORD) {
        if n > 0 && len + f > max {
            break;
        }
        len += f;
        n += 1;
        if len >= batch.len() {
            break;
        }
    }
    (len, n)
}

/// `ExportLogsServiceRequest { resource_logs: [ResourceLogs { resource,
/// scope_logs: [ScopeLogs { scope, log_records: <records_len bytes> }] }] }`
/// up to the records.
fn request_prefix(out: &mut Vec<u8>, resource: &[u8], scope: &[u8], records_len: usize) {
    let scope_logs = scope.len() + records_len;
    let resource_logs = resource.len() + 1 + proto::varint_len(scope_logs as u64) + scope_logs;
    out.clear();
    out.push(proto::tag(1, proto::LEN));
    proto::put_varint(out, resource_logs as u64);
    out.extend_from_slice(resource);
    out.push(proto::tag(2, proto::LEN));
    proto::put_varint(out, scope_logs as u64);
    out.extend_from_slice(scope);
}

/// `ExportLogsServiceResponse.partial_success`: rejected records and the
/// receiver's message (zero and empty when absent or unreadable).
fn partial_success(body: &[u8]) -> (u64, String) {
    let mut rejected = 0;
    let mut message = String::new();
    let _ = proto::read_fields(body, |field, item| {
        if let (1, proto::Item::Bytes(ps)) = (field, item) {
            let _ = proto::read_fields(ps, |f, i| match (f, i) {
                (1, proto::Item::Num(n)) => rejected = n as i64 as u64,
                (2, proto::Item::Bytes(m)) => message = String::from_utf8_lossy(m).into_owned(),
                _ => {}
            });
        }
    });
    (rejected, message)
}

/// The start of a text body, for an error message.
fn body_hint(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(200)]);
    let text: String = text.chars().filter(|c| !c.is_control()).collect();
    if text.trim().is_empty() {
        String::new()
    } else {
        format!(" ({})", text.trim())
    }
}

impl Sink for Otlp {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        self.send(line).map_err(|e| e.error)
    }

    /// Send a batch of records (see the [module documentation](self) for
    /// retries and what is lost).
    fn write_lines(&self, lines: &[u8]) -> Result<(), LinesError> {
        self.send(lines)
    }

    /// Nothing to do: a batch is written only once the receiver has
    /// answered, and the sink keeps nothing.
    fn flush(&self) -> io::Result<()> {
        Ok(())
    }

    fn encoder(&self) -> Option<Encoder> {
        Some(self.shared.encoder.clone())
    }

    /// Stop waiting: a retry wait in progress ends (that batch is given
    /// up), and every later batch gets a single attempt.
    fn close(&self) -> io::Result<()> {
        *self
            .shared
            .closing
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = true;
        self.shared.wake.notify_all();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use opentelemetry_proto::tonic::collector::logs::v1::ExportLogsServiceRequest;
    use prost::Message;

    #[test]
    fn prefix_and_records_decode() {
        let otlp = Otlp::builder()
            .service_name("svc")
            .resource_attribute("n", &3)
            .resource_attribute("n", &4)
            .build()
            .unwrap();
        let enc = otlp.encoder().unwrap();
        let mut batch = Vec::new();
        for i in 0..3u64 {
            let mut rec = Vec::new();
            let head = crate::encode::Head {
                time: None,
                level: crate::Level::Info,
                target: "t",
                message: format_args!("m{i}"),
            };
            enc.encode(&mut rec, &head, &[crate::Field::new("i", &i)]);
            batch.extend_from_slice(&rec);
        }
        assert_eq!(take(&batch, usize::MAX), (batch.len(), 3));
        let one = take(&batch, 1);
        assert_eq!(one.1, 1);
        assert_eq!(take(&batch[..batch.len() - 1], usize::MAX).1, 2);
        let mut body = Vec::new();
        let sh = &otlp.shared;
        request_prefix(&mut body, &sh.resource_field, &sh.scope_field, batch.len());
        body.extend_from_slice(&batch);
        let req = ExportLogsServiceRequest::decode(&body[..]).unwrap();
        let rl = &req.resource_logs[0];
        let attrs: Vec<_> = rl
            .resource
            .as_ref()
            .unwrap()
            .attributes
            .iter()
            .map(|a| a.key.as_str())
            .collect();
        assert_eq!(attrs, ["service.name", "n"]);
        let sl = &rl.scope_logs[0];
        assert_eq!(sl.scope.as_ref().unwrap().name, "spoolog");
        assert_eq!(sl.log_records.len(), 3);
    }

    #[test]
    fn partial_success_is_read() {
        use opentelemetry_proto::tonic::collector::logs::v1::{
            ExportLogsPartialSuccess, ExportLogsServiceResponse,
        };
        let body = ExportLogsServiceResponse {
            partial_success: Some(ExportLogsPartialSuccess {
                rejected_log_records: 2,
                error_message: "too old".into(),
            }),
        }
        .encode_to_vec();
        assert_eq!(partial_success(&body), (2, "too old".to_string()));
        assert_eq!(partial_success(&[]), (0, String::new()));
        assert_eq!(partial_success(&[0xff]), (0, String::new()));
    }

    #[test]
    fn headers_checked() {
        assert!(check_header("X-Token", "a b\tc").is_ok());
        assert!(check_header("Bad Name", "x").is_err());
        assert!(check_header("", "x").is_err());
        assert!(check_header("X", "a\nb").is_err());
        assert!(check_header("content-length", "1").is_err());
    }
}
