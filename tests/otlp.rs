//! The OTLP sink (issue 11, part 3) against a local HTTP receiver that
//! decodes every request with the official OpenTelemetry proto definitions
//! (`opentelemetry-proto`'s prost messages): resource, scope, severity,
//! body, typed attributes, timestamps, trace context; retries, drops and
//! give-ups with their counts; hostile values.
#![cfg(feature = "otlp")]

use opentelemetry_proto::tonic::collector::logs::v1::{
    ExportLogsPartialSuccess, ExportLogsServiceRequest, ExportLogsServiceResponse,
};
use opentelemetry_proto::tonic::common::v1::any_value::Value as Any;
use opentelemetry_proto::tonic::common::v1::KeyValue;
use opentelemetry_proto::tonic::logs::v1::LogRecord;
use prost::Message;
use spoolog::sink::{Full, NonBlocking, Otlp, OtlpBuilder, Sink};
use spoolog::time::{Clock, UnixTime};
use spoolog::{Field, Level, Logger};
use std::collections::VecDeque;
use std::fmt;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// [`Logger::log`] with fields: unlike the crate's macros it is not removed
/// by the compile-time level cap, so these tests mean the same under
/// `--all-features` (whose `max_level_off` compiles the macros out).
macro_rules! emit {
    ($log:expr, $level:ident, $target:expr, [$($k:literal = $v:expr),* $(,)?], $($fmt:tt)+) => {
        $log.log(Level::$level, $target, format_args!($($fmt)+), &[$(Field::new($k, &$v)),*])
    };
}

/// How the receiver answers a request.
#[derive(Clone, Debug)]
enum Reply {
    Ok,
    /// A status, with a `Retry-After` value if given.
    Status(u16, Option<&'static str>),
    /// 200 with a partial success rejecting this many records.
    Reject(i64),
    /// 200 with a chunked body.
    Chunked,
    /// Answer, then close the connection without saying so.
    OkThenClose,
}

#[derive(Default)]
struct Seen {
    /// Requests answered with a 2xx, decoded.
    accepted: Vec<ExportLogsServiceRequest>,
    /// Every request: its status and its body size.
    all: Vec<(u16, usize)>,
    connections: usize,
}

struct Receiver {
    addr: SocketAddr,
    seen: Arc<Mutex<Seen>>,
    script: Arc<Mutex<VecDeque<Reply>>>,
    stop: Arc<AtomicBool>,
    handle: Option<thread::JoinHandle<()>>,
}

impl Receiver {
    fn start() -> Receiver {
        Receiver::on(TcpListener::bind("127.0.0.1:0").unwrap())
    }

    /// A receiver on a port that was free a moment ago.
    fn start_at(addr: SocketAddr) -> Receiver {
        Receiver::on(TcpListener::bind(addr).unwrap())
    }

    fn on(listener: TcpListener) -> Receiver {
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Seen::default()));
        let script = Arc::new(Mutex::new(VecDeque::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (se, sc, st) = (seen.clone(), script.clone(), stop.clone());
        let handle = thread::spawn(move || {
            for conn in listener.incoming() {
                if st.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(conn) = conn else { continue };
                se.lock().unwrap().connections += 1;
                let (se, sc, st) = (se.clone(), sc.clone(), st.clone());
                thread::spawn(move || serve(conn, se, sc, st));
            }
        });
        Receiver {
            addr,
            seen,
            script,
            stop,
            handle: Some(handle),
        }
    }

    fn url(&self) -> String {
        format!("http://{}/v1/logs", self.addr)
    }

    fn reply(&self, replies: impl IntoIterator<Item = Reply>) {
        self.script.lock().unwrap().extend(replies);
    }

    /// Every record accepted so far, in order.
    fn records(&self) -> Vec<LogRecord> {
        let seen = self.seen.lock().unwrap();
        seen.accepted
            .iter()
            .flat_map(|r| r.resource_logs.iter())
            .flat_map(|rl| rl.scope_logs.iter())
            .flat_map(|sl| sl.log_records.iter().cloned())
            .collect()
    }

    /// Wait (a bound against hanging, not a time assertion) for `n` records.
    fn wait_for(&self, n: usize) -> Vec<LogRecord> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let got = self.records();
            if got.len() >= n || Instant::now() > deadline {
                return got;
            }
            thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

fn serve(
    mut conn: TcpStream,
    seen: Arc<Mutex<Seen>>,
    script: Arc<Mutex<VecDeque<Reply>>>,
    stop: Arc<AtomicBool>,
) {
    conn.set_read_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        // One request: head, then Content-Length bytes of body.
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            match conn.read(&mut chunk) {
                Ok(0) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
                Err(_) if !stop.load(Ordering::SeqCst) => {}
                Err(_) => return,
            }
        };
        let head = String::from_utf8(buf[..head_end].to_vec()).unwrap();
        let mut lines = head.split("\r\n");
        assert_eq!(lines.next(), Some("POST /v1/logs HTTP/1.1"));
        let headers: Vec<(String, String)> = lines
            .map(|l| {
                let (n, v) = l.split_once(':').unwrap();
                (n.to_ascii_lowercase(), v.trim().to_string())
            })
            .collect();
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(
            header("content-type").as_deref(),
            Some("application/x-protobuf")
        );
        assert!(header("host").is_some());
        let len: usize = header("content-length").unwrap().parse().unwrap();
        let body_start = head_end + 4;
        while buf.len() < body_start + len {
            match conn.read(&mut chunk) {
                Ok(0) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
                Err(_) => {}
            }
        }
        let body: Vec<u8> = buf[body_start..body_start + len].to_vec();
        buf.drain(..body_start + len);
        let request = ExportLogsServiceRequest::decode(&body[..]).expect("valid OTLP protobuf");
        let reply = script.lock().unwrap().pop_front().unwrap_or(Reply::Ok);
        let status = match reply {
            Reply::Status(s, _) => s,
            _ => 200,
        };
        {
            let mut seen = seen.lock().unwrap();
            seen.all.push((status, len));
            if status == 200 {
                seen.accepted.push(request);
            }
        }
        let answer = match reply {
            Reply::Ok | Reply::OkThenClose => {
                b"HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\n\r\n"
                    .to_vec()
            }
            Reply::Chunked => {
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n\x0a\x00\r\n0\r\n\r\n".to_vec()
            }
            Reply::Reject(n) => {
                let body = ExportLogsServiceResponse {
                    partial_success: Some(ExportLogsPartialSuccess {
                        rejected_log_records: n,
                        error_message: "too old".into(),
                    }),
                }
                .encode_to_vec();
                let mut a = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                )
                .into_bytes();
                a.extend_from_slice(&body);
                a
            }
            Reply::Status(s, retry_after) => {
                let mut a = format!("HTTP/1.1 {s} Nope\r\nContent-Length: 4\r\n");
                if let Some(r) = retry_after {
                    a.push_str(&format!("Retry-After: {r}\r\n"));
                }
                a.push_str("\r\nnope");
                a.into_bytes()
            }
        };
        if conn.write_all(&answer).is_err() {
            return;
        }
        if matches!(reply, Reply::OkThenClose) {
            return;
        }
    }
}

fn builder(url: &str) -> OtlpBuilder {
    Otlp::builder()
        .endpoint(url)
        .service_name("spoolog-test")
        .timeout(Duration::from_secs(5))
        .backoff(Duration::from_millis(5), Duration::from_millis(50))
}

/// A clock that always says the same.
struct Fixed(UnixTime);
impl Clock for Fixed {
    fn now(&self) -> UnixTime {
        self.0
    }
}

fn attr<'a>(attrs: &'a [KeyValue], key: &str) -> Option<&'a Any> {
    let mut found = attrs.iter().filter(|a| a.key == key);
    let one = found.next()?;
    assert!(found.next().is_none(), "duplicate attribute {key}");
    one.value.as_ref()?.value.as_ref()
}

fn string(s: &str) -> Any {
    Any::StringValue(s.to_string())
}

#[path = "common/errors.rs"]
mod errors;
use errors::{Inner, Outer};

#[test]
fn every_field_decodes_with_the_official_protos() {
    let rx = Receiver::start();
    let otlp = builder(&rx.url())
        .resource_attribute("service.version", "1.4.2")
        .resource_attribute("host.cpu.count", &8)
        .resource_attribute("debug.build", &true)
        .resource_attribute("sample.ratio", &0.5)
        .build()
        .unwrap();
    let at = UnixTime {
        secs: 1_796_140_411,
        nanos: 123_456_789,
    };
    let log = Logger::builder()
        .level(spoolog::LevelFilter::Trace)
        .clock(Fixed(at))
        .sink(otlp)
        .non_blocking(NonBlocking::builder())
        .build();
    let ctx = log.with(&[Field::new("request_id", &42u64)]);
    let peer = std::net::Ipv4Addr::new(10, 0, 0, 7);
    let err = Outer(Inner);
    let none: Option<u8> = None;
    emit!(
        ctx,
        Info,
        "app::server",
        [
            "method" = "GET",
            "status" = 200,
            "delta" = -3,
            "big" = u64::MAX,
            "huge" = i128::MIN,
            "ratio" = 0.25,
            "cache_hit" = false,
            "peer" = spoolog::field::display(&peer),
            "list" = spoolog::field::debug(&[1, 2]),
            "cause" = spoolog::field::error(&err),
            "missing" = none,
            "raw" = &b"\x00\xff"[..],
            "initial" = 'é',
            "trace_id" = "4bf92f3577b34da6a3ce929d0e0e4736",
            "span_id" = "00f067aa0ba902b7",
            "trace_flags" = 1u8,
        ],
        "request {} handled",
        42
    );
    for level in Level::ALL {
        log.log(level, "", format_args!("{level}"), &[]);
    }
    log.flush().unwrap();
    let got = rx.wait_for(6);
    assert_eq!(got.len(), 6);
    assert_eq!(log.lost(), 0);

    let seen = rx.seen.lock().unwrap();
    let rl = &seen.accepted[0].resource_logs[0];
    let res = &rl.resource.as_ref().unwrap().attributes;
    assert_eq!(attr(res, "service.name"), Some(&string("spoolog-test")));
    assert_eq!(attr(res, "service.version"), Some(&string("1.4.2")));
    assert_eq!(attr(res, "host.cpu.count"), Some(&Any::IntValue(8)));
    assert_eq!(attr(res, "debug.build"), Some(&Any::BoolValue(true)));
    assert_eq!(attr(res, "sample.ratio"), Some(&Any::DoubleValue(0.5)));
    let scope = rl.scope_logs[0].scope.as_ref().unwrap();
    assert_eq!(scope.name, "spoolog");
    assert_eq!(scope.version, env!("CARGO_PKG_VERSION"));
    drop(seen);

    let r = &got[0];
    let ns = 1_796_140_411_123_456_789u64;
    assert_eq!((r.time_unix_nano, r.observed_time_unix_nano), (ns, ns));
    assert_eq!((r.severity_number, r.severity_text.as_str()), (9, "INFO"));
    assert_eq!(
        r.body.as_ref().unwrap().value,
        Some(string("request 42 handled"))
    );
    let a = &r.attributes;
    let want = [
        ("target", string("app::server")),
        ("request_id", Any::IntValue(42)),
        ("method", string("GET")),
        ("status", Any::IntValue(200)),
        ("delta", Any::IntValue(-3)),
        ("big", string("18446744073709551615")),
        ("huge", string("-170141183460469231731687303715884105728")),
        ("ratio", Any::DoubleValue(0.25)),
        ("cache_hit", Any::BoolValue(false)),
        ("peer", string("10.0.0.7")),
        ("list", string("[1, 2]")),
        ("cause", string("read config: file not found")),
        ("raw", Any::BytesValue(vec![0, 0xff])),
        ("initial", string("é")),
    ];
    for (key, value) in &want {
        assert_eq!(attr(a, key), Some(value), "{key}");
    }
    let missing = a.iter().find(|kv| kv.key == "missing").unwrap();
    assert_eq!(
        missing.value.as_ref().unwrap().value,
        None,
        "Null is an empty AnyValue"
    );
    assert_eq!(a.len(), want.len() + 1, "ids are not attributes");
    assert_eq!(hex(&r.trace_id), "4bf92f3577b34da6a3ce929d0e0e4736");
    assert_eq!(hex(&r.span_id), "00f067aa0ba902b7");
    assert_eq!(r.flags, 1);

    let levels: Vec<(i32, &str)> = got[1..]
        .iter()
        .map(|r| (r.severity_number, r.severity_text.as_str()))
        .collect();
    assert_eq!(
        levels,
        [
            (17, "ERROR"),
            (13, "WARN"),
            (9, "INFO"),
            (5, "DEBUG"),
            (1, "TRACE")
        ]
    );
    assert!(got[1].attributes.is_empty(), "empty target left out");
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn without_a_time_layout_only_the_observed_time() {
    let rx = Receiver::start();
    let log = Logger::builder()
        .no_time()
        .sink(builder(&rx.url()).build().unwrap())
        .build();
    emit!(log, Warn, "t", [], "x");
    let r = &rx.wait_for(1)[0];
    assert_eq!(r.time_unix_nano, 0);
    assert!(r.observed_time_unix_nano > 0);
}

/// A port nobody listens on (free a moment ago).
fn free_port() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// (thread, seq) of every record; panics on a duplicate.
fn ids(records: &[LogRecord]) -> Vec<(i64, i64)> {
    let int = |r: &LogRecord, k: &str| match attr(&r.attributes, k) {
        Some(Any::IntValue(n)) => *n,
        other => panic!("{k}: {other:?}"),
    };
    let mut out: Vec<(i64, i64)> = records
        .iter()
        .filter(|r| attr(&r.attributes, "target") != Some(&string("spoolog")))
        .map(|r| (int(r, "t"), int(r, "i")))
        .collect();
    let n = out.len();
    out.sort_unstable();
    out.dedup();
    assert_eq!(out.len(), n, "a record arrived twice");
    out
}

#[test]
fn receiver_down_then_up_block_mode_loses_nothing() {
    let addr = free_port();
    let otlp = builder(&format!("http://{addr}/v1/logs")).build().unwrap();
    let stats = otlp.clone();
    let log = Logger::builder()
        .sink(otlp)
        .non_blocking(NonBlocking::builder().capacity_bytes(16 * 1024))
        .build();
    let up = thread::spawn(move || {
        thread::sleep(Duration::from_millis(300));
        Receiver::start_at(addr)
    });
    const EACH: i64 = 2_000;
    thread::scope(|s| {
        for t in 0..2i64 {
            let log = &log;
            s.spawn(move || {
                for i in 0..EACH {
                    emit!(log, Info, "app", ["t" = t, "i" = i], "m");
                }
            });
        }
    });
    log.flush().unwrap();
    let rx = up.join().unwrap();
    let got = rx.records();
    let ids = ids(&got);
    assert_eq!(ids.len() as i64, 2 * EACH, "every record, once");
    assert_eq!(log.lost(), 0);
    assert!(stats.stats().retries > 0, "the first batch was retried");
    // Order within a thread.
    for t in 0..2 {
        let seq: Vec<i64> = got
            .iter()
            .filter(|r| attr(&r.attributes, "t") == Some(&Any::IntValue(t)))
            .map(|r| match attr(&r.attributes, "i") {
                Some(Any::IntValue(i)) => *i,
                _ => unreachable!(),
            })
            .collect();
        assert!(seq.windows(2).all(|w| w[0] < w[1]), "order of thread {t}");
    }
}

#[test]
fn receiver_down_drop_mode_counts_exactly() {
    let addr = free_port();
    let log = Logger::builder()
        .sink(builder(&format!("http://{addr}/v1/logs")).build().unwrap())
        .non_blocking(
            NonBlocking::builder()
                .capacity_bytes(16 * 1024)
                .full(Full::Drop),
        )
        .build();
    const N: i64 = 20_000;
    for i in 0..N {
        emit!(log, Info, "app", ["t" = 0, "i" = i], "m");
    }
    let rx = Receiver::start_at(addr);
    // The first flush delivers the notice of every drop so far; nothing is
    // dropped after it.
    let _ = log.flush();
    emit!(log, Info, "app", ["t" = 1, "i" = 0], "end");
    log.flush().unwrap();
    let got = rx.records();
    let lost = log.lost();
    assert!(lost > 0, "the queue overflowed");
    let records = ids(&got).len() as u64;
    assert_eq!(records + lost, N as u64 + 1, "received + lost = logged");
    let announced: i64 = got
        .iter()
        .filter(|r| attr(&r.attributes, "target") == Some(&string("spoolog")))
        .map(|r| {
            assert_eq!(r.severity_number, 13);
            match attr(&r.attributes, "dropped") {
                Some(Any::IntValue(n)) => *n,
                other => panic!("{other:?}"),
            }
        })
        .sum();
    assert_eq!(announced as u64, lost);
}

#[test]
fn retryable_statuses_are_retried_and_delivered_once() {
    let rx = Receiver::start();
    rx.reply([
        Reply::Status(503, Some("0")),
        Reply::Status(429, Some("Sun, 06 Nov 1994 08:49:37 GMT")),
        Reply::Status(502, None),
        Reply::Status(504, None),
    ]);
    let otlp = builder(&rx.url()).build().unwrap();
    let stats = otlp.clone();
    let log = Logger::builder().sink(otlp).build();
    emit!(log, Info, "", ["t" = 0, "i" = 1], "m");
    assert_eq!(log.lost(), 0);
    assert_eq!(ids(&rx.records()), [(0, 1)]);
    let s = stats.stats();
    assert_eq!((s.requests, s.retries, s.records_sent), (5, 4, 1));
    let statuses: Vec<u16> = rx.seen.lock().unwrap().all.iter().map(|a| a.0).collect();
    assert_eq!(statuses, [503, 429, 502, 504, 200]);
}

#[test]
fn a_retry_after_past_the_limit_gives_up_at_once() {
    let rx = Receiver::start();
    rx.reply([Reply::Status(503, Some("3600"))]);
    let otlp = builder(&rx.url())
        .give_up_after(Duration::from_secs(5))
        .build()
        .unwrap();
    let log = Logger::builder().sink(otlp.clone()).build();
    emit!(log, Info, "", ["t" = 0, "i" = 1], "m");
    assert_eq!((log.errors(), log.lost()), (1, 1));
    assert_eq!(otlp.stats().records_lost, 1);
    emit!(log, Info, "", ["t" = 0, "i" = 2], "m");
    assert_eq!(ids(&rx.records()), [(0, 2)], "the next batch starts afresh");
}

#[test]
fn non_retryable_statuses_drop_and_count() {
    let rx = Receiver::start();
    rx.reply([
        Reply::Status(400, None),
        Reply::Ok,
        Reply::Status(500, None),
    ]);
    let errors = Arc::new(Mutex::new(Vec::new()));
    let e = errors.clone();
    let otlp = builder(&rx.url()).build().unwrap();
    let log = Logger::builder()
        .sink(otlp.clone())
        .on_error(move |err: &spoolog::sink::SinkError| e.lock().unwrap().push(err.to_string()))
        .build();
    for i in 0..4 {
        emit!(log, Info, "", ["t" = 0, "i" = i], "m");
    }
    assert_eq!(ids(&rx.records()), [(0, 1), (0, 3)]);
    assert_eq!(log.lost(), 2);
    let s = otlp.stats();
    assert_eq!((s.retries, s.records_sent, s.records_lost), (0, 2, 2));
    let errors = errors.lock().unwrap();
    assert!(errors[0].contains("400"), "{errors:?}");
}

#[test]
fn partial_success_counts_the_rejected() {
    let rx = Receiver::start();
    rx.reply([Reply::Reject(2)]);
    let otlp = builder(&rx.url()).build().unwrap();
    let batch: Vec<u8> = (0..5)
        .flat_map(|i| record(&otlp, &format!("r{i}")))
        .collect();
    let err = otlp.write_lines(&batch).unwrap_err();
    assert_eq!(err.lost, 2);
    assert!(err.error.to_string().contains("too old"), "{}", err.error);
    let s = otlp.stats();
    assert_eq!((s.records_sent, s.records_lost), (3, 2));
}

/// One record made with the sink's own encoder.
fn record(sink: &Otlp, message: &str) -> Vec<u8> {
    let mut buf = Vec::new();
    let head = spoolog::encode::Head {
        time: None,
        level: Level::Info,
        target: "",
        message: format_args!("{message}"),
    };
    sink.encoder().unwrap().encode(&mut buf, &head, &[]);
    buf
}

#[test]
fn gives_up_after_the_limit_and_counts_the_batch() {
    let addr = free_port();
    let otlp = builder(&format!("http://{addr}/v1/logs"))
        .give_up_after(Duration::from_millis(200))
        .build()
        .unwrap();
    let batch: Vec<u8> = (0..7)
        .flat_map(|i| record(&otlp, &format!("r{i}")))
        .collect();
    let err = otlp.write_lines(&batch).unwrap_err();
    assert_eq!(err.lost, 7);
    assert!(err.error.to_string().contains("gave up"), "{}", err.error);
    assert!(otlp.stats().retries > 0);
    // The receiver comes up: the next batch goes through.
    let rx = Receiver::start_at(addr);
    otlp.write_lines(&batch).unwrap();
    assert_eq!(rx.records().len(), 7);
    assert_eq!(otlp.stats().records_lost, 7);
}

#[test]
fn close_ends_a_retry_wait_and_counts_what_was_waiting() {
    let addr = free_port();
    let otlp = builder(&format!("http://{addr}/v1/logs"))
        .give_up_after(Duration::from_secs(600))
        .build()
        .unwrap();
    let batch: Vec<u8> = (0..10)
        .flat_map(|i| record(&otlp, &format!("r{i}")))
        .collect();
    let sender = {
        let otlp = otlp.clone();
        thread::spawn(move || otlp.write_lines(&batch))
    };
    while otlp.stats().retries == 0 {
        thread::sleep(Duration::from_millis(1));
    }
    otlp.close().unwrap();
    let err = sender.join().unwrap().unwrap_err();
    assert_eq!(err.lost, 10);
    assert_eq!(otlp.stats().records_lost, 10);
    // After close: one attempt per batch, no waiting.
    let err = otlp.write_lines(&record(&otlp, "late")).unwrap_err();
    assert_eq!(err.lost, 1);
}

#[test]
fn a_closed_keep_alive_connection_is_replaced_without_a_retry() {
    let rx = Receiver::start();
    rx.reply([Reply::OkThenClose, Reply::OkThenClose, Reply::Chunked]);
    let otlp = builder(&rx.url()).build().unwrap();
    let log = Logger::builder().sink(otlp.clone()).build();
    for i in 0..5 {
        emit!(log, Info, "", ["t" = 0, "i" = i], "m");
        // Let the receiver's close arrive before the next request.
        thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(ids(&rx.records()).len(), 5);
    assert_eq!(log.lost(), 0);
    let s = otlp.stats();
    assert_eq!((s.requests, s.retries), (5, 0));
    assert_eq!(rx.seen.lock().unwrap().connections, 3);
}

#[test]
fn large_batches_are_split_by_the_request_limit() {
    let rx = Receiver::start();
    let otlp = builder(&rx.url())
        .max_request_bytes(8 * 1024)
        .build()
        .unwrap();
    let log = Logger::builder()
        .sink(otlp)
        .non_blocking(NonBlocking::builder().capacity_bytes(256 * 1024))
        .build();
    for i in 0..5_000 {
        emit!(log, Info, "app", ["t" = 0, "i" = i], "m");
    }
    log.flush().unwrap();
    assert_eq!(ids(&rx.records()).len(), 5_000);
    let seen = rx.seen.lock().unwrap();
    assert!(seen.all.len() > 5_000 * 60 / (8 * 1024), "split");
    let prefix = 64; // the request's outer messages
    assert!(seen.all.iter().all(|&(_, len)| len <= 8 * 1024 + prefix));
}

#[test]
fn hostile_values_arrive_byte_for_byte() {
    struct Panics;
    impl fmt::Display for Panics {
        fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
            panic!("boom")
        }
    }
    let rx = Receiver::start();
    let log = Logger::builder()
        .sink(builder(&rx.url()).build().unwrap())
        .non_blocking(NonBlocking::builder())
        .build();
    let nasty = "a\nb\r\0\u{1b}[31m\u{2028}\u{fffd}\"\\";
    let big = "x".repeat(1 << 20);
    let keys = ["", "a b", "k\n=v", "target", "ключ", "\u{0}"];
    let fields: Vec<Field<'_>> = keys.iter().map(|k| Field::new(k, nasty)).collect();
    log.log(Level::Error, nasty, format_args!("{nasty}"), &fields);
    emit!(log, Info, "", ["big" = big.as_str()], "{big}");
    emit!(
        log,
        Info,
        "",
        ["p" = spoolog::field::display(&Panics)],
        "never"
    );
    emit!(log, Info, "", ["after" = 1], "after");
    log.flush().unwrap();
    let got = rx.wait_for(4);
    assert_eq!(got.len(), 4);
    let r = &got[0];
    assert_eq!(r.body.as_ref().unwrap().value, Some(string(nasty)));
    assert_eq!(attr(&r.attributes, "target"), Some(&string(nasty)));
    for k in ["", "a b", "k\n=v", "_target", "ключ", "\u{0}"] {
        assert_eq!(attr(&r.attributes, k), Some(&string(nasty)), "{k:?}");
    }
    assert_eq!(got[1].body.as_ref().unwrap().value, Some(string(&big)));
    assert_eq!(attr(&got[1].attributes, "big"), Some(&string(&big)));
    assert_eq!(
        got[2].body.as_ref().unwrap().value,
        Some(string("log record formatting panicked"))
    );
    assert_eq!(attr(&got[3].attributes, "after"), Some(&Any::IntValue(1)));
}

#[test]
fn bad_endpoints_are_refused_at_build() {
    for url in [
        "https://127.0.0.1:4318/v1/logs",
        "127.0.0.1:4318",
        "http://h:x/",
    ] {
        let e = Otlp::builder().endpoint(url).build().unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput, "{url}");
    }
}
