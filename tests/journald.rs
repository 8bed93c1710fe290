//! The journald sink (issue 11, part 2): against a receiver that binds a
//! private Unix datagram socket and parses the native protocol as journald
//! documents it (datagrams and memfds passed with SCM_RIGHTS), and against
//! a real systemd-journald started in a private mount namespace where that
//! is possible.
#![cfg(target_os = "linux")]

use rustix::net::{RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags, ReturnFlags};
use spoolog::sink::{Full, Journald, NonBlocking, Sink};
use spoolog::{Level, Logger};
use std::collections::HashMap;
use std::io::{IoSliceMut, Read};
use std::mem::MaybeUninit;
use std::os::unix::net::UnixDatagram;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// [`Logger::log`] with fields: unlike the crate's macros it is not removed
/// by the compile-time level cap, so these tests mean the same under
/// `--all-features` (whose `max_level_off` compiles the macros out).
macro_rules! emit {
    ($log:expr, $level:ident, $target:expr, [$($k:literal = $v:expr),* $(,)?], $($fmt:tt)+) => {
        $log.log(Level::$level, $target, format_args!($($fmt)+), &[$(spoolog::Field::new($k, &$v)),*])
    };
}

/// One entry as received.
#[derive(Clone, Debug, Default)]
struct Entry {
    fields: Vec<(String, Vec<u8>)>,
    memfd: bool,
}

impl Entry {
    fn all(&self, name: &str) -> Vec<&[u8]> {
        self.fields
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
            .collect()
    }
    /// The one value of `name`, as text.
    fn one(&self, name: &str) -> String {
        let all = self.all(name);
        assert_eq!(all.len(), 1, "{name} in {:?}", self.names());
        String::from_utf8(all[0].to_vec()).unwrap()
    }
    fn names(&self) -> Vec<&str> {
        self.fields.iter().map(|(n, _)| n.as_str()).collect()
    }
}

/// Parse one entry as the native protocol describes it: `KEY=VALUE\n`, or
/// `KEY\n`, a little-endian 64-bit length, the value, `\n`.
fn parse_entry(mut b: &[u8]) -> Entry {
    let mut e = Entry::default();
    while !b.is_empty() {
        let nl = b
            .iter()
            .position(|&c| c == b'\n')
            .expect("field ends with a newline");
        let line = &b[..nl];
        let (name, value, rest) = match line.iter().position(|&c| c == b'=') {
            Some(eq) => (&line[..eq], line[eq + 1..].to_vec(), &b[nl + 1..]),
            None => {
                let after = &b[nl + 1..];
                let len = u64::from_le_bytes(after[..8].try_into().unwrap()) as usize;
                assert_eq!(after[8 + len], b'\n', "binary value ends with a newline");
                (line, after[8..8 + len].to_vec(), &after[9 + len..])
            }
        };
        let name = std::str::from_utf8(name).unwrap().to_string();
        assert!(valid_name(&name), "invalid journal field name {name:?}");
        e.fields.push((name, value));
        b = rest;
    }
    e
}

/// journald's rule: 1..=64 of `A-Z0-9_`, not starting with a digit, and
/// (from clients) not with `_`.
fn valid_name(n: &str) -> bool {
    !n.is_empty()
        && n.len() <= 64
        && n.bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_')
        && !n.as_bytes()[0].is_ascii_digit()
        && !n.starts_with('_')
}

struct Receiver {
    path: PathBuf,
    entries: Arc<Mutex<Vec<Entry>>>,
    /// While set, the receiver does not read (journald's queue fills).
    paused: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    handle: Option<thread::JoinHandle<()>>,
}

fn unique_path(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("spoolog-{tag}-{}-{n}", std::process::id()))
}

impl Receiver {
    fn start() -> Receiver {
        let path = unique_path("journal.sock");
        let _ = std::fs::remove_file(&path);
        let sock = UnixDatagram::bind(&path).unwrap();
        sock.set_read_timeout(Some(Duration::from_millis(20)))
            .unwrap();
        let entries = Arc::new(Mutex::new(Vec::new()));
        let paused = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let (e, p, s) = (entries.clone(), paused.clone(), stop.clone());
        let handle = thread::spawn(move || receive(sock, e, p, s));
        Receiver {
            path,
            entries,
            paused,
            stop,
            handle: Some(handle),
        }
    }

    fn sink(&self) -> Journald {
        Journald::builder()
            .socket_path(&self.path)
            .syslog_identifier("spoolog-test")
            .build()
            .unwrap()
    }

    /// Wait (a bound against hanging, not a time assertion) for `n` entries.
    fn wait_for(&self, n: usize) -> Vec<Entry> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let got = self.entries.lock().unwrap().clone();
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
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
        let _ = std::fs::remove_file(&self.path);
    }
}

fn receive(
    sock: UnixDatagram,
    entries: Arc<Mutex<Vec<Entry>>>,
    paused: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
) {
    let mut buf = vec![0u8; 16 << 20];
    let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(4))];
    while !stop.load(Ordering::SeqCst) {
        if paused.load(Ordering::SeqCst) {
            thread::sleep(Duration::from_millis(1));
            continue;
        }
        let mut control = RecvAncillaryBuffer::new(&mut space);
        let mut iov = [IoSliceMut::new(&mut buf)];
        let msg = match rustix::net::recvmsg(&sock, &mut iov, &mut control, RecvFlags::CMSG_CLOEXEC)
        {
            Ok(m) => m,
            Err(rustix::io::Errno::AGAIN) | Err(rustix::io::Errno::INTR) => continue,
            Err(e) => panic!("recvmsg: {e}"),
        };
        assert!(
            !msg.flags.contains(ReturnFlags::TRUNC),
            "datagram truncated"
        );
        let mut fds = Vec::new();
        for m in control.drain() {
            if let RecvAncillaryMessage::ScmRights(rights) = m {
                fds.extend(rights);
            }
        }
        let entry = if fds.is_empty() {
            parse_entry(&buf[..msg.bytes])
        } else {
            assert_eq!(msg.bytes, 0, "a memfd comes with an empty payload");
            assert_eq!(fds.len(), 1);
            let seals = rustix::fs::fcntl_get_seals(&fds[0]).unwrap();
            use rustix::fs::SealFlags as S;
            assert!(
                seals.contains(S::SEAL | S::SHRINK | S::GROW | S::WRITE),
                "memfd not sealed"
            );
            let mut data = Vec::new();
            std::fs::File::from(fds.pop().unwrap())
                .read_to_end(&mut data)
                .unwrap();
            let mut e = parse_entry(&data);
            e.memfd = true;
            e
        };
        entries.lock().unwrap().push(entry);
    }
}

fn logger(sink: impl Sink) -> Logger {
    Logger::builder()
        .level(spoolog::LevelFilter::Trace)
        .sink(sink)
        .build()
}

#[test]
fn fields_priority_identifier_target_message() {
    let rx = Receiver::start();
    let log = logger(rx.sink());
    let peer = std::net::Ipv4Addr::new(10, 0, 0, 7);
    let err = std::io::Error::other("disk full");
    let none: Option<u8> = None;
    emit!(
        log,
        Info,
        "app::server",
        [
            "method" = "GET",
            "status" = 200,
            "delta" = -3,
            "ratio" = 0.25,
            "nan" = f64::NAN,
            "cache_hit" = true,
            "peer" = spoolog::field::display(&peer),
            "list" = spoolog::field::debug(&[1, 2]),
            "cause" = spoolog::field::error(&err),
            "missing" = none,
            "big" = u128::MAX,
        ],
        "request {} handled",
        42
    );
    let got = rx.wait_for(1);
    assert_eq!(got.len(), 1);
    let e = &got[0];
    assert!(!e.memfd);
    assert_eq!(e.one("PRIORITY"), "6");
    assert_eq!(e.one("SYSLOG_IDENTIFIER"), "spoolog-test");
    assert_eq!(e.one("TARGET"), "app::server");
    assert_eq!(e.one("MESSAGE"), "request 42 handled");
    let want = [
        ("METHOD", "GET"),
        ("STATUS", "200"),
        ("DELTA", "-3"),
        ("RATIO", "0.25"),
        ("NAN", "NaN"),
        ("CACHE_HIT", "true"),
        ("PEER", "10.0.0.7"),
        ("LIST", "[1, 2]"),
        ("CAUSE", "disk full"),
        ("MISSING", ""),
        ("BIG", "340282366920938463463374607431768211455"),
    ];
    for (name, value) in want {
        assert_eq!(e.one(name), value, "{name}");
    }
}

#[test]
fn every_level_has_its_priority() {
    let rx = Receiver::start();
    let log = logger(rx.sink());
    for level in Level::ALL {
        log.log(level, "t", format_args!("{level}"), &[]);
    }
    let got = rx.wait_for(5);
    let seen: HashMap<String, String> = got
        .iter()
        .map(|e| (e.one("MESSAGE"), e.one("PRIORITY")))
        .collect();
    let want = [
        ("ERROR", "3"),
        ("WARN", "4"),
        ("INFO", "6"),
        ("DEBUG", "7"),
        ("TRACE", "7"),
    ];
    for (level, prio) in want {
        assert_eq!(seen[level], prio, "{level}");
    }
}

#[test]
fn newlines_go_binary_and_forge_nothing() {
    let rx = Receiver::start();
    let log = logger(rx.sink());
    let forged = "x\nPRIORITY=0\nMESSAGE=forged\n\nSYSLOG_IDENTIFIER=evil";
    let ctx = log.with(&[spoolog::Field::new("ctx", forged)]);
    emit!(
        ctx,
        Error,
        "t\nTARGET=evil",
        [
            "v" = forged,
            "raw" = &b"\x00\xff\n\x01"[..],
            "shown" = spoolog::field::display(&forged),
        ],
        "line one\nPRIORITY=0\nline three"
    );
    let got = rx.wait_for(1);
    assert_eq!(got.len(), 1, "one entry, not more");
    let e = &got[0];
    assert_eq!(e.one("PRIORITY"), "3");
    assert_eq!(e.one("SYSLOG_IDENTIFIER"), "spoolog-test");
    assert_eq!(e.one("TARGET"), "t\nTARGET=evil");
    assert_eq!(e.one("MESSAGE"), "line one\nPRIORITY=0\nline three");
    assert_eq!(e.one("V"), forged);
    assert_eq!(e.one("CTX"), forged);
    assert_eq!(e.one("SHOWN"), forged);
    assert_eq!(e.all("RAW"), [&b"\x00\xff\n\x01"[..]]);
}

#[test]
fn hostile_field_names() {
    let rx = Receiver::start();
    let log = logger(rx.sink());
    let long = "k".repeat(200);
    let keys = [
        "message",
        "MESSAGE",
        "priority",
        "syslog_identifier",
        "target",
        "_PID",
        "__REALTIME_TIMESTAMP",
        "a=b",
        "a\nb",
        "héllo wörld",
        "",
        "9lives",
        "object_pid",
        "coredump_exe",
        long.as_str(),
    ];
    let fields: Vec<_> = keys.iter().map(|k| spoolog::Field::new(k, "v")).collect();
    log.log(Level::Info, "", format_args!("m"), &fields);
    let got = rx.wait_for(1);
    let e = &got[0];
    // Every name already checked valid by the parser; none forged:
    for own in ["MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER"] {
        assert_eq!(e.all(own).len(), 1, "{own}");
    }
    assert!(e.all("TARGET").is_empty(), "empty target left out");
    let names: Vec<&str> = e.names().into_iter().skip(3).collect();
    let want: Vec<String> = keys.iter().map(|k| Journald::field_name(k)).collect();
    assert_eq!(names, want);
    assert_eq!(
        &want[..8],
        [
            "F_MESSAGE",
            "F_MESSAGE",
            "F_PRIORITY",
            "F_SYSLOG_IDENTIFIER",
            "F_TARGET",
            "F__PID",
            "F___REALTIME_TIMESTAMP",
            "A_B"
        ]
    );
    assert_eq!(want[14], "K".repeat(64));
}

#[test]
fn huge_entry_goes_through_a_memfd() {
    let rx = Receiver::start();
    let journal = rx.sink();
    let log = logger(journal);
    // Larger than any datagram the kernel takes (the send buffer is at
    // most 2 x net.core.wmem_max; 4 MiB here, 8 MiB with sd-journal's ask).
    let max = std::fs::read_to_string("/proc/sys/net/core/wmem_max")
        .ok()
        .and_then(|s| s.trim().parse::<usize>().ok())
        .unwrap_or(4 << 20);
    let huge = "h".repeat((2 * max).min(8 << 20) + (1 << 20));
    let with_nl = format!("{huge}\nend");
    emit!(
        log,
        Info,
        "",
        ["small" = 1, "huge" = with_nl.as_str()],
        "big one"
    );
    emit!(log, Info, "", ["small" = 2], "small one");
    let got = rx.wait_for(2);
    assert_eq!(got.len(), 2);
    assert!(got[0].memfd, "huge entry by memfd");
    assert_eq!(got[0].one("HUGE"), with_nl);
    assert_eq!(got[0].one("MESSAGE"), "big one");
    assert!(!got[1].memfd);
    assert_eq!(got[1].one("SMALL"), "2");
    assert_eq!(log.lost(), 0);
}

#[test]
fn many_threads_through_the_background_writer() {
    let rx = Receiver::start();
    const THREADS: u64 = 8;
    const EACH: u64 = 2_000;
    let log = Logger::builder()
        .sink(rx.sink())
        .non_blocking(NonBlocking::builder().capacity_bytes(64 * 1024))
        .build();
    thread::scope(|s| {
        for t in 0..THREADS {
            let log = &log;
            s.spawn(move || {
                for i in 0..EACH {
                    let text = format!("multi\nline {t}/{i}");
                    emit!(
                        log,
                        Info,
                        "",
                        ["t" = t, "i" = i, "text" = text.as_str()],
                        "m {t} {i}"
                    );
                }
            });
        }
    });
    log.flush().unwrap();
    let got = rx.wait_for((THREADS * EACH) as usize);
    assert_eq!(got.len() as u64, THREADS * EACH);
    let mut seen = vec![vec![false; EACH as usize]; THREADS as usize];
    let mut last = vec![None; THREADS as usize];
    for e in &got {
        let t: u64 = e.one("T").parse().unwrap();
        let i: u64 = e.one("I").parse().unwrap();
        assert_eq!(e.one("MESSAGE"), format!("m {t} {i}"));
        assert_eq!(e.one("TEXT"), format!("multi\nline {t}/{i}"));
        assert!(!seen[t as usize][i as usize], "duplicate");
        seen[t as usize][i as usize] = true;
        assert!(last[t as usize] < Some(i), "order within a thread");
        last[t as usize] = Some(i);
    }
    assert_eq!(log.lost(), 0);
}

impl Receiver {
    /// Wait for an entry with `MESSAGE=end`; datagrams arrive in order, so
    /// everything sent before it is there too.
    fn wait_end(&self) -> Vec<Entry> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let got = self.entries.lock().unwrap().clone();
            if got.iter().any(|e| e.all("MESSAGE") == [b"end"]) || Instant::now() > deadline {
                return got;
            }
            thread::sleep(Duration::from_millis(5));
        }
    }
}

#[test]
fn drop_mode_counts_exactly_and_the_notice_is_an_entry() {
    let rx = Receiver::start();
    rx.paused.store(true, Ordering::SeqCst);
    let log = Logger::builder()
        .sink(rx.sink())
        .non_blocking(
            NonBlocking::builder()
                .capacity_bytes(16 * 1024)
                .full(Full::Drop),
        )
        .build();
    const N: u64 = 5_000;
    for i in 0..N {
        emit!(log, Info, "", ["i" = i], "x");
    }
    rx.paused.store(false, Ordering::SeqCst);
    // The first flush writes the notice of every drop so far; nothing is
    // dropped after it (the queue is empty).
    let _ = log.flush();
    emit!(log, Info, "", ["i" = N], "end");
    log.flush().unwrap();
    let lost = log.lost();
    assert!(lost > 0, "the queue overflowed");
    let got = rx.wait_end();
    let notices: Vec<_> = got
        .iter()
        .filter(|e| e.all("TARGET") == [b"spoolog"])
        .collect();
    let records = got.len() - notices.len();
    assert_eq!(records as u64 + lost, N + 1, "received + lost = logged");
    let announced: u64 = notices
        .iter()
        .map(|e| e.one("DROPPED").parse::<u64>().unwrap())
        .sum();
    assert_eq!(announced, lost);
    assert!(notices.iter().all(|e| e.one("PRIORITY") == "4"));
}

#[test]
fn unattached_background_writer_notice_is_an_entry() {
    // No logger: the writer's notice is made with the sink's own encoder.
    let rx = Receiver::start();
    rx.paused.store(true, Ordering::SeqCst);
    let journal = rx.sink();
    let enc = journal.encoder().unwrap();
    let (nb, guard) = NonBlocking::builder()
        .capacity_bytes(4096)
        .full(Full::Drop)
        .spawn(journal)
        .unwrap();
    let record = |message: &str| {
        let mut rec = Vec::new();
        let head = spoolog::encode::Head {
            time: None,
            level: Level::Info,
            target: "",
            message: format_args!("{message}"),
        };
        enc.encode(&mut rec, &head, &[]);
        rec
    };
    let rec = record("r");
    for _ in 0..1000 {
        nb.write_line(&rec).unwrap();
    }
    rx.paused.store(false, Ordering::SeqCst);
    let _ = nb.flush();
    nb.write_line(&record("end")).unwrap();
    nb.flush().unwrap();
    drop(guard);
    let dropped = nb.dropped();
    assert!(dropped > 0);
    let got = rx.wait_end();
    let notices: Vec<_> = got.iter().filter(|e| !e.all("TARGET").is_empty()).collect();
    assert!(!notices.is_empty(), "notice received as an entry");
    let total: u64 = notices
        .iter()
        .map(|e| e.one("DROPPED").parse::<u64>().unwrap())
        .sum();
    assert_eq!(total, dropped);
    assert_eq!((got.len() - notices.len()) as u64 + dropped, 1001);
}

#[test]
fn build_errors_say_why() {
    let missing = unique_path("missing");
    let e = Journald::builder()
        .socket_path(&missing)
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
    assert!(e.to_string().contains("no journal socket"), "{e}");

    let file = unique_path("file");
    std::fs::write(&file, b"").unwrap();
    let e = Journald::builder().socket_path(&file).build().unwrap_err();
    assert!(e.to_string().contains("not a socket"), "{e}");
    std::fs::remove_file(&file).unwrap();

    // A socket file that nobody listens on any more.
    let dead = unique_path("dead.sock");
    drop(UnixDatagram::bind(&dead).unwrap());
    let e = Journald::builder().socket_path(&dead).build().unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::ConnectionRefused, "{e}");
    assert!(
        e.to_string().contains("is systemd-journald running?"),
        "{e}"
    );
    std::fs::remove_file(&dead).unwrap();
}

#[test]
fn a_receiver_that_goes_away_costs_counted_entries() {
    let rx = Receiver::start();
    let log = logger(rx.sink());
    emit!(log, Info, "", [], "before");
    assert_eq!(rx.wait_for(1).len(), 1);
    let path = rx.path.clone();
    drop(rx); // socket closed and removed
    emit!(log, Info, "", [], "while gone");
    assert_eq!((log.errors(), log.lost()), (1, 1));
    // A new journald at the same path: the next entry reaches it.
    let sock = UnixDatagram::bind(&path).unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    emit!(log, Info, "", [], "after");
    let mut buf = vec![0u8; 4096];
    let n = sock.recv(&mut buf).unwrap();
    assert_eq!(parse_entry(&buf[..n]).one("MESSAGE"), "after");
    std::fs::remove_file(&path).unwrap();
}

// ---------------------------------------------------------------------
// A real systemd-journald.

const JOURNALD: &str = "/lib/systemd/systemd-journald";

/// A journald for namespace `ns`, in a private mount namespace where `/run`
/// and `/var/log` are directories of this test: its socket and journal
/// files appear under `dir`, and the machine's own are never touched.
struct RealJournald {
    child: Child,
    dir: PathBuf,
    socket: PathBuf,
    journal_dir: PathBuf,
}

impl RealJournald {
    fn start(ns: &str) -> Result<RealJournald, String> {
        if !Path::new(JOURNALD).exists() {
            return Err(format!("{JOURNALD} does not exist"));
        }
        let dir = unique_path("journald");
        let run = dir.join("run");
        let varlog = dir.join("varlog");
        std::fs::create_dir_all(&run).map_err(|e| e.to_string())?;
        std::fs::create_dir_all(varlog.join("journal")).map_err(|e| e.to_string())?;
        let script = format!(
            "mount --bind {run} /run && mount --bind {varlog} /var/log && exec {JOURNALD} {ns}",
            run = run.display(),
            varlog = varlog.display(),
        );
        let child = Command::new("unshare")
            .args(["--mount", "--propagation", "private", "sh", "-c", &script])
            .env("SYSTEMD_LOG_LEVEL", "warning")
            .env("SYSTEMD_LOG_TARGET", "console")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("stderr")).map_err(|e| e.to_string())?)
            .spawn()
            .map_err(|e| format!("cannot run unshare: {e}"))?;
        let mut jd = RealJournald {
            child,
            socket: run.join(format!("systemd/journal.{ns}/socket")),
            journal_dir: varlog.join("journal"),
            dir,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while !jd.socket.exists() {
            if let Ok(Some(status)) = jd.child.try_wait() {
                let err = std::fs::read_to_string(jd.dir.join("stderr")).unwrap_or_default();
                return Err(format!("journald exited ({status}): {}", err.trim()));
            }
            if Instant::now() > deadline {
                return Err("journald did not create its socket within 20 s".into());
            }
            thread::sleep(Duration::from_millis(20));
        }
        Ok(jd)
    }

    /// Every entry of our identifier, as `journalctl -o json --all` gives it.
    fn read(&self, identifier: &str) -> Vec<serde_json::Value> {
        let out = Command::new("journalctl")
            .arg("--directory")
            .arg(self.journal_files())
            .args(["-o", "json", "--all", "--no-pager"])
            .arg(format!("SYSLOG_IDENTIFIER={identifier}"))
            .output()
            .expect("journalctl runs");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).expect("journalctl json"))
            .collect()
    }

    fn journal_files(&self) -> PathBuf {
        std::fs::read_dir(&self.journal_dir)
            .ok()
            .and_then(|mut d| d.next())
            .and_then(|e| e.ok())
            .map_or(self.journal_dir.clone(), |e| e.path())
    }
}

impl Drop for RealJournald {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// journalctl's JSON for a field: a string, or an array of bytes for a
/// value that is not printable text.
fn text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(bytes) => {
            String::from_utf8(bytes.iter().map(|b| b.as_u64().unwrap() as u8).collect()).unwrap()
        }
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn real_journald_reads_back_what_was_sent() {
    let ns = format!("spoolog{}", std::process::id());
    let jd = match RealJournald::start(&ns) {
        Ok(jd) => jd,
        Err(why) => {
            eprintln!("skipped: cannot start a real systemd-journald here: {why}");
            return;
        }
    };
    let journal = Journald::builder()
        .socket_path(&jd.socket)
        .syslog_identifier("spoolog-real")
        .build()
        .unwrap();
    let log = Logger::builder()
        .sink(journal)
        .non_blocking(NonBlocking::builder())
        .build();
    let huge = "z".repeat(9 << 20);
    for i in 0..100u64 {
        emit!(
            log,
            Warn,
            "app::db",
            [
                "i" = i,
                "query_ms" = 950,
                "text" = "a\nb",
                "message" = "forged?"
            ],
            "slow query {i}"
        );
    }
    emit!(log, Error, "", ["huge" = huge.as_str()], "huge");
    log.flush().unwrap();
    assert_eq!(log.lost(), 0);
    let deadline = Instant::now() + Duration::from_secs(30);
    let got = loop {
        let got = jd.read("spoolog-real");
        if got.len() >= 101 || Instant::now() > deadline {
            break got;
        }
        thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(got.len(), 101, "every entry in the journal");
    for (i, e) in got[..100].iter().enumerate() {
        assert_eq!(text(&e["MESSAGE"]), format!("slow query {i}"));
        assert_eq!(text(&e["PRIORITY"]), "4");
        assert_eq!(text(&e["TARGET"]), "app::db");
        assert_eq!(text(&e["I"]), i.to_string());
        assert_eq!(text(&e["QUERY_MS"]), "950");
        assert_eq!(text(&e["TEXT"]), "a\nb");
        assert_eq!(text(&e["F_MESSAGE"]), "forged?");
        assert_eq!(text(&e["_TRANSPORT"]), "journal");
    }
    assert_eq!(text(&got[100]["MESSAGE"]), "huge");
    assert_eq!(text(&got[100]["PRIORITY"]), "3");
    assert_eq!(
        text(&got[100]["HUGE"]).len(),
        huge.len(),
        "huge value whole"
    );
}

/// With source locations on, the record's file, line and module go into
/// journald's own `CODE_FILE`, `CODE_LINE` and `CODE_MODULE` fields.
#[test]
fn source_location_becomes_code_fields() {
    let rx = Receiver::start();
    let log = Logger::builder()
        .source_location(true)
        .module_path(true)
        .sink(rx.sink())
        .build();
    let line = line!() + 1;
    spoolog::info!(logger: &log, target: "app", "located");
    let entries = rx.wait_for(1);
    assert_eq!(entries[0].one("CODE_FILE"), "tests/journald.rs");
    assert_eq!(entries[0].one("CODE_LINE"), line.to_string());
    assert_eq!(entries[0].one("CODE_MODULE"), "journald");
}
