//! Hostile *runtime* conditions (issue 7): handlers that log, writes cut
//! short by a full disk or a file-size limit, non-blocking descriptors,
//! pipes and FIFOs shared by many threads, devices that cannot `fsync`,
//! sinks that log through another logger, sinks that recover.
//!
//! Cases that can abort or that need their own standard streams run in a
//! child: this binary re-runs itself with `SPOOLOG_HARDEN` naming one
//! `child_*` test (which does nothing in a normal run) and ends the child
//! with `process::exit`, so that the harness prints nothing after it.

mod adv_support;

use serde_json::Value as Json;
use spoolog::sink::{Capture, FileSink, Sink, WriterSink};
use spoolog::{Format, Logger};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

const ENV: &str = "SPOOLOG_HARDEN";

/// Re-run this binary with only `test`, `ENV` = `arg`.
fn child(test: &str, arg: &str) -> Command {
    let mut c = Command::new(std::env::current_exe().unwrap());
    c.args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(ENV, arg);
    c
}

fn run_child(test: &str, arg: &str) -> Output {
    child(test, arg).output().unwrap()
}

/// A short description of a child's end, for assertion messages.
fn brief(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr);
    let tail: String = err
        .chars()
        .rev()
        .take(1500)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!(
        "status {:?}, {} bytes of stdout, stderr ends: {tail}",
        out.status,
        out.stdout.len()
    )
}

fn child_arg() -> Option<String> {
    std::env::var(ENV).ok()
}

fn temp(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("spoolog-harden-{name}-{}", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

fn json_logger(sink: impl Sink) -> Logger {
    Logger::builder()
        .format(Format::Json)
        .no_time()
        .sink(sink)
        .build()
}

/// Every complete line of `bytes` must parse as a JSON object; returns the
/// objects and whether the bytes end with a cut line (no final newline).
fn parse_lines(bytes: &[u8]) -> (Vec<Json>, bool) {
    let text = std::str::from_utf8(bytes).expect("valid UTF-8");
    let cut = !text.is_empty() && !text.ends_with('\n');
    let mut out = Vec::new();
    let mut lines: Vec<&str> = text.split('\n').collect();
    lines.pop(); // after the last '\n' (empty, or the cut line)
    for l in lines {
        let v: Json = serde_json::from_str(l).unwrap_or_else(|e| {
            panic!(
                "a line is not one JSON record ({e}); merged or torn: {:?}",
                &l[..l.len().min(300)]
            )
        });
        out.push(v);
    }
    (out, cut)
}

/// The `n` fields of the records, in order.
fn numbers(records: &[Json]) -> Vec<u64> {
    records.iter().map(|r| r["n"].as_u64().unwrap()).collect()
}

// ---------------------------------------------------------------------------
// 1. An error handler that logs.

/// Fails every line.
struct AlwaysFails;
impl Sink for AlwaysFails {
    fn write_line(&self, _: &[u8]) -> io::Result<()> {
        Err(io::Error::other("disk on fire"))
    }
}

#[test]
fn child_handler_logs_through_failing_global() {
    if child_arg().is_none() {
        return;
    }
    Logger::builder()
        .format(Format::Json)
        .no_time()
        .sink(AlwaysFails)
        .on_error(|e: &spoolog::sink::SinkError| log::warn!("sink failed: {e}"))
        .init()
        .unwrap();
    for i in 0..10 {
        log::info!(n = i; "line");
    }
    let errors = spoolog::global().unwrap().errors();
    eprintln!("errors={errors}");
    std::process::exit(0);
}

/// A handler that logs through the logger whose sink is failing: the
/// handler's own line is dropped and counted, never handed back to the
/// handler, so there is no recursion (before the fix: stack overflow,
/// SIGABRT).
#[test]
fn an_error_handler_that_logs_does_not_recurse() {
    let out = run_child("child_handler_logs_through_failing_global", "1");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "child died: {}", brief(&out));
    // 10 lines failed, and each handler call's own line failed too (counted,
    // not re-reported).
    assert!(stderr.contains("errors=20"), "{stderr}");
}

/// Fails lines whose text contains `boom`; writes the rest to a capture.
struct FailsOnBoom(Capture);
impl Sink for FailsOnBoom {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        if line.windows(4).any(|w| w == b"boom") {
            return Err(io::Error::other("refused"));
        }
        self.0.write_line(line)
    }
}

/// When the sink works for the handler's own line, that line is written.
#[test]
fn an_error_handlers_line_is_written_when_the_sink_takes_it() {
    let cap = Capture::new();
    let slot: Arc<Mutex<Option<Logger>>> = Arc::default();
    let s2 = Arc::clone(&slot);
    let log = Logger::builder()
        .format(Format::Json)
        .no_time()
        .sink(FailsOnBoom(cap.clone()))
        .on_error(move |e: &spoolog::sink::SinkError| {
            let l = s2.lock().unwrap().clone();
            if let Some(l) = l {
                spoolog::warn!(logger: &l, "handler saw: {e}");
            }
        })
        .build();
    *slot.lock().unwrap() = Some(log.clone());
    spoolog::info!(logger: &log, "boom one");
    spoolog::info!(logger: &log, "fine");
    let lines = cap.lines();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].contains("handler saw: sink write failed: refused"));
    assert!(lines[1].contains("fine"));
    assert_eq!(log.errors(), 1);
    *slot.lock().unwrap() = None; // break the cycle
}

// ---------------------------------------------------------------------------
// 2. A write cut short, then an error.

/// Accepts `budget` more bytes, then fails with `kind` until given more.
#[derive(Clone)]
struct Cutting {
    out: Arc<Mutex<Vec<u8>>>,
    budget: Arc<AtomicUsize>,
    kind: io::ErrorKind,
}

impl Cutting {
    fn new(kind: io::ErrorKind) -> Cutting {
        Cutting {
            out: Arc::default(),
            budget: Arc::new(AtomicUsize::new(usize::MAX)),
            kind,
        }
    }
}

impl Write for Cutting {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let budget = self.budget.load(Ordering::SeqCst);
        if budget == 0 {
            return Err(io::Error::new(self.kind, "cut"));
        }
        let n = buf.len().min(budget);
        self.budget.fetch_sub(n, Ordering::SeqCst);
        self.out.lock().unwrap().extend_from_slice(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn cut_then_recover(kind: io::ErrorKind) {
    let w = Cutting::new(kind);
    let log = json_logger(WriterSink::new(w.clone()));
    spoolog::info!(logger: &log, n = 0; "whole");
    w.budget.store(12, Ordering::SeqCst); // the next line is cut after 12 bytes
    spoolog::info!(logger: &log, n = 1; "cut part way");
    spoolog::info!(logger: &log, n = 2; "while the writer fails");
    w.budget.store(usize::MAX, Ordering::SeqCst); // the destination recovers
    spoolog::info!(logger: &log, n = 3; "after recovery");
    let bytes = w.out.lock().unwrap().clone();
    let (records, cut) = parse_lines(&bytes);
    assert!(!cut, "{}", String::from_utf8_lossy(&bytes));
    // The cut line was finished before anything else; the line logged while
    // the writer failed is lost and counted.
    assert_eq!(numbers(&records), [0, 1, 3], "{kind:?}");
    assert_eq!(log.errors(), 1, "{kind:?}");
}

#[test]
fn a_cut_line_is_finished_before_the_next_one_writer_sink() {
    cut_then_recover(io::ErrorKind::StorageFull);
    cut_then_recover(io::ErrorKind::WouldBlock);
    cut_then_recover(io::ErrorKind::Other);
}

#[test]
fn child_file_size_limit() {
    let Some(path) = child_arg() else { return };
    // SAFETY (test): plain libc calls with valid arguments.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::getrlimit(libc::RLIMIT_FSIZE, &mut lim);
        let hard = lim.rlim_max;
        lim.rlim_cur = 4000;
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &lim), 0);
        let log = json_logger(FileSink::open(&path).unwrap());
        let pad = "x".repeat(90);
        for n in 0..100 {
            spoolog::info!(logger: &log, n, pad = pad.as_str(); "line");
        }
        let failed = log.errors();
        lim.rlim_cur = hard;
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &lim), 0);
        for n in 100..120 {
            spoolog::info!(logger: &log, n, pad = pad.as_str(); "line");
        }
        eprintln!("failed={failed}");
    }
    std::process::exit(0);
}

/// A real file under `RLIMIT_FSIZE`: the write that reaches the limit is
/// cut short (`EFBIG` after it). No line may be glued to the cut one once
/// the limit is lifted; the cut line is finished.
#[test]
fn a_file_size_limit_never_merges_lines() {
    let path = temp("fsize");
    let out = run_child("child_file_size_limit", path.to_str().unwrap());
    assert!(out.status.success(), "{}", brief(&out));
    let bytes = std::fs::read(&path).unwrap();
    let _ = std::fs::remove_file(&path);
    let (records, cut) = parse_lines(&bytes);
    assert!(!cut);
    let n = numbers(&records);
    // Everything before the limit was hit, then the lines after it.
    assert!(n.windows(2).all(|w| w[0] < w[1]), "{n:?}");
    assert!(n.ends_with(&(100..120).collect::<Vec<_>>()), "{n:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let failed: u64 = stderr
        .lines()
        .find_map(|l| l.strip_prefix("failed="))
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| panic!("{stderr}"));
    // Every line is either in the file or counted as failed.
    assert_eq!(n.len() as u64 + failed, 120, "{n:?} failed={failed}");
}

/// Mount a small tmpfs at `dir`, or say why not.
fn mount_tmpfs(dir: &Path, size: &str) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let out = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// A full disk (`ENOSPC`, a write cut short first) on a real tmpfs: lines
/// that do not fit are counted; once space is freed the cut line is
/// finished and later lines follow whole.
#[test]
fn a_full_disk_never_merges_lines() {
    let dir = temp("tmpfs");
    if let Err(why) = mount_tmpfs(&dir, "64k") {
        eprintln!("SKIPPED a_full_disk_never_merges_lines: cannot mount a tmpfs here ({why})");
        let _ = std::fs::remove_dir(&dir);
        return;
    }
    let result = std::panic::catch_unwind(|| {
        let filler = dir.join("filler");
        let log_path = dir.join("app.log");
        let log = json_logger(FileSink::open(&log_path).unwrap());
        // Leave a little room, then log past it.
        std::fs::write(&filler, vec![0u8; 40 * 1024]).unwrap();
        let pad = "y".repeat(200);
        let mut n = 0u64;
        while log.errors() < 5 {
            spoolog::info!(logger: &log, n, pad = pad.as_str(); "line");
            n += 1;
            assert!(n < 10_000, "the disk never filled");
        }
        let failed = log.errors();
        std::fs::remove_file(&filler).unwrap();
        for _ in 0..20 {
            spoolog::info!(logger: &log, n, pad = pad.as_str(); "line");
            n += 1;
        }
        let bytes = std::fs::read(&log_path).unwrap();
        let (records, cut) = parse_lines(&bytes);
        assert!(!cut);
        let got = numbers(&records);
        assert!(got.windows(2).all(|w| w[0] < w[1]), "{got:?}");
        assert_eq!(
            got.len() as u64 + failed,
            n,
            "every line written or counted"
        );
        assert_eq!(log.errors(), failed, "no failure after space was freed");
    });
    let _ = Command::new("umount").arg(&dir).status();
    let _ = std::fs::remove_dir(&dir);
    if let Err(p) = result {
        std::panic::resume_unwind(p);
    }
}

// ---------------------------------------------------------------------------
// 3. Non-blocking standard output.

fn set_nonblocking(fd: i32) {
    // SAFETY (test): fcntl on a descriptor this process owns.
    unsafe {
        let fl = libc::fcntl(fd, libc::F_GETFL);
        assert!(fl >= 0);
        assert_eq!(libc::fcntl(fd, libc::F_SETFL, fl | libc::O_NONBLOCK), 0);
    }
}

/// Line sizes from 40 bytes to 200 KB: several times the pipe's buffer.
fn size_of_line(n: u64) -> usize {
    [40, 900, 5_000, 70_000, 200_000][(n % 5) as usize]
}

#[test]
fn child_nonblocking_stdout() {
    if child_arg().is_none() {
        return;
    }
    set_nonblocking(1);
    let log = json_logger(spoolog::sink::stdout());
    for n in 0..60u64 {
        let pad = "z".repeat(size_of_line(n));
        spoolog::info!(logger: &log, n, pad = pad.as_str(); "line");
    }
    eprintln!("errors={}", log.errors());
    std::process::exit(0);
}

/// Standard output is a pipe in non-blocking mode and the reader is slow:
/// the sink waits for the pipe instead of dropping or tearing lines.
#[test]
fn nonblocking_stdout_loses_and_tears_nothing() {
    let mut c = child("child_nonblocking_stdout", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = c.stdout.take().unwrap();
    let mut bytes = Vec::new();
    // A slow reader: let the pipe fill up first, then read in small bites.
    thread::sleep(Duration::from_millis(300));
    let mut chunk = [0u8; 4096];
    loop {
        let n = stdout.read(&mut chunk).unwrap();
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..n]);
        if bytes.len() < 256 * 1024 {
            thread::sleep(Duration::from_millis(2));
        }
    }
    let out = c.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", brief(&out));
    // The harness prints a header line before the test runs.
    let json_start = bytes.iter().position(|&b| b == b'{').unwrap_or(0);
    let (records, cut) = parse_lines(&bytes[json_start..]);
    assert!(!cut);
    assert_eq!(numbers(&records), (0..60).collect::<Vec<_>>());
    for r in &records {
        let n = r["n"].as_u64().unwrap();
        assert_eq!(r["pad"].as_str().unwrap().len(), size_of_line(n));
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("errors=0"), "{stderr}");
}

// ---------------------------------------------------------------------------
// 4. FileSink on pipes and FIFOs, many threads, lines over PIPE_BUF.

/// Read to the end in small bites with pauses, so that the pipe fills up
/// and writers block part way through their lines.
fn slow_read(mut r: impl Read) -> Vec<u8> {
    let mut v = Vec::new();
    let mut chunk = [0u8; 3000];
    let mut reads = 0u64;
    loop {
        let n = r.read(&mut chunk).unwrap();
        if n == 0 {
            return v;
        }
        v.extend_from_slice(&chunk[..n]);
        reads += 1;
        if reads % 64 == 0 {
            thread::sleep(Duration::from_millis(1));
        }
    }
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY (test): a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

/// 16 threads log lines of about 8 KB into `sink` (a pipe or FIFO read by
/// `read_all`); every line must come back whole.
fn sixteen_threads_of_big_lines(log: Logger, reader: thread::JoinHandle<Vec<u8>>) {
    const THREADS: u64 = 16;
    const LINES: u64 = 60;
    thread::scope(|s| {
        for t in 0..THREADS {
            let log = log.clone();
            s.spawn(move || {
                let pad: String = std::iter::repeat_n((b'a' + t as u8) as char, 8_000).collect();
                for i in 0..LINES {
                    spoolog::info!(logger: &log, n = t * 1000 + i, pad = pad.as_str(); "big");
                }
            });
        }
    });
    assert_eq!(log.errors(), 0);
    drop(log); // closes the write end: the reader sees EOF
    let bytes = reader.join().unwrap();
    let (records, cut) = parse_lines(&bytes);
    assert!(!cut);
    assert_eq!(records.len() as u64, THREADS * LINES);
    for r in &records {
        let t = r["n"].as_u64().unwrap() / 1000;
        let pad = r["pad"].as_str().unwrap();
        assert_eq!(pad.len(), 8_000);
        assert!(
            pad.bytes().all(|b| b == b'a' + t as u8),
            "bytes of another thread inside a line"
        );
    }
}

#[test]
fn file_sink_on_a_fifo_never_interleaves() {
    let path = temp("fifo");
    mkfifo(&path);
    let p2 = path.clone();
    let reader = thread::spawn(move || slow_read(std::fs::File::open(&p2).unwrap()));
    let log = json_logger(FileSink::open(&path).unwrap());
    sixteen_threads_of_big_lines(log, reader);
    let _ = std::fs::remove_file(&path);
}

#[test]
fn child_file_sink_on_dev_stdout() {
    if child_arg().is_none() {
        return;
    }
    let log = json_logger(FileSink::open("/dev/stdout").unwrap());
    thread::scope(|s| {
        for t in 0..16u64 {
            let log = log.clone();
            s.spawn(move || {
                let pad: String = std::iter::repeat_n((b'a' + t as u8) as char, 8_000).collect();
                for i in 0..60u64 {
                    spoolog::info!(logger: &log, n = t * 1000 + i, pad = pad.as_str(); "big");
                }
            });
        }
    });
    assert!(log.flush().is_ok(), "flush on a pipe");
    eprintln!("errors={}", log.errors());
    std::process::exit(0);
}

/// `FileSink::open("/dev/stdout")` in a container: standard output is a
/// pipe; 16 threads of 8 KB lines never mix.
#[test]
fn file_sink_on_dev_stdout_pipe_never_interleaves() {
    let out = run_child("child_file_sink_on_dev_stdout", "1");
    assert!(out.status.success(), "{}", brief(&out));
    let start = out.stdout.iter().position(|&b| b == b'{').unwrap_or(0);
    let (records, cut) = parse_lines(&out.stdout[start..]);
    assert!(!cut);
    assert_eq!(records.len(), 16 * 60);
    for r in &records {
        let t = r["n"].as_u64().unwrap() / 1000;
        assert!(r["pad"]
            .as_str()
            .unwrap()
            .bytes()
            .all(|b| b == b'a' + t as u8));
    }
    assert!(String::from_utf8_lossy(&out.stderr).contains("errors=0"));
}

// ---------------------------------------------------------------------------
// 5. Flush on devices.

#[test]
fn file_sink_flush_succeeds_on_devices_and_pipes() {
    let null = FileSink::open("/dev/null").unwrap();
    null.write_line(b"x\n").unwrap();
    null.flush().expect("flush on /dev/null");

    let path = temp("fifo-flush");
    mkfifo(&path);
    let p2 = path.clone();
    let reader = thread::spawn(move || {
        let mut v = Vec::new();
        std::fs::File::open(&p2)
            .unwrap()
            .read_to_end(&mut v)
            .unwrap();
        v
    });
    let fifo = FileSink::open(&path).unwrap();
    fifo.write_line(b"y\n").unwrap();
    fifo.flush().expect("flush on a FIFO");
    drop(fifo);
    assert_eq!(reader.join().unwrap(), b"y\n");
    let _ = std::fs::remove_file(&path);

    if let Ok(tty) = FileSink::open("/dev/tty") {
        tty.flush().expect("flush on a terminal");
    } else {
        eprintln!("no /dev/tty here: the terminal case is not exercised");
    }

    // A regular file still gets fdatasync and works as before.
    let file = temp("regular-flush");
    let f = FileSink::open(&file).unwrap();
    f.write_line(b"z\n").unwrap();
    f.flush().unwrap();
    let _ = std::fs::remove_file(&file);
}

// ---------------------------------------------------------------------------
// 6. A sink that logs through another logger.

/// Calls a "library" that logs through `other` for every line it writes.
struct CallsOtherLogger {
    out: Capture,
    other: Logger,
}
impl Sink for CallsOtherLogger {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        spoolog::debug!(logger: &self.other, bytes = line.len(); "library wrote");
        self.out.write_line(line)
    }
}

#[test]
fn a_sink_may_log_through_a_different_logger() {
    let b_cap = Capture::new();
    let b = Logger::builder()
        .format(Format::Json)
        .no_time()
        .level(spoolog::LevelFilter::Debug)
        .sink(b_cap.clone())
        .build();
    let a_cap = Capture::new();
    let a = json_logger(CallsOtherLogger {
        out: a_cap.clone(),
        other: b.clone(),
    });
    spoolog::info!(logger: &a, n = 1; "from a");
    assert_eq!(a_cap.lines().len(), 1);
    assert_eq!(b_cap.lines().len(), 1, "B's line must not be dropped");
    assert!(b_cap.lines()[0].contains("library wrote"));
    assert_eq!((a.errors(), b.errors()), (0, 0));
}

/// Logs through its own logger from inside `write_line`: true
/// self-recursion is still refused and counted.
struct CallsItself {
    out: Capture,
    me: Mutex<Option<Logger>>,
}
struct SelfCaller(Arc<CallsItself>);
impl Sink for SelfCaller {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        if let Some(l) = self.0.me.lock().unwrap().clone() {
            spoolog::info!(logger: &l, "recursing");
        }
        self.0.out.write_line(line)
    }
}

#[test]
fn a_sink_logging_through_its_own_logger_is_still_refused() {
    let sink = Arc::new(CallsItself {
        out: Capture::new(),
        me: Mutex::new(None),
    });
    let log = json_logger(SelfCaller(Arc::clone(&sink)));
    *sink.me.lock().unwrap() = Some(log.clone());
    spoolog::info!(logger: &log, "outer");
    assert_eq!(sink.out.lines().len(), 1);
    assert_eq!(log.errors(), 1);
    *sink.me.lock().unwrap() = None;
}

// ---------------------------------------------------------------------------
// 10. Recovery is reported.

/// Fails while `failing` is set.
struct Switch {
    failing: Arc<std::sync::atomic::AtomicBool>,
}
impl Sink for Switch {
    fn write_line(&self, _: &[u8]) -> io::Result<()> {
        if self.failing.load(Ordering::SeqCst) {
            Err(io::Error::other("unplugged"))
        } else {
            Ok(())
        }
    }
}

#[test]
fn child_default_handler_reports_recovery() {
    if child_arg().is_none() {
        return;
    }
    let failing = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let log = json_logger(Switch {
        failing: Arc::clone(&failing),
    });
    let mut n = 0;
    let mut run = |lines: usize, fail: bool| {
        failing.store(fail, Ordering::SeqCst);
        for _ in 0..lines {
            spoolog::info!(logger: &log, n; "tick");
            n += 1;
        }
    };
    run(5, false);
    run(1234, true);
    run(5, false);
    std::process::exit(0);
}

/// The default handler reports the first failure and, once writes succeed
/// again, one line saying how many lines were lost. Nothing per line.
#[test]
fn the_default_handler_reports_the_failure_and_the_recovery() {
    let out = run_child("child_default_handler_reports_recovery", "1");
    assert!(out.status.success(), "{}", brief(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let ours: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("spoolog:"))
        .collect();
    assert_eq!(ours.len(), 2, "{stderr}");
    assert!(ours[0].contains("unplugged"), "{stderr}");
    assert!(
        ours[1].contains("recovered") && ours[1].contains("1234 lines lost"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------
// 11. `:err` through the `log` facade keeps the source chain.

#[path = "common/errors.rs"]
mod errors;
use errors::{Inner, Outer};

#[test]
fn an_error_source_chain_survives_both_front_ends() {
    let cap = Capture::new();
    let log = json_logger(cap.clone());
    let e = Outer(Inner);
    // What `log::error!(err:err = e; "failed")` builds.
    let kvs = [("err", log::kv::Value::from_dyn_error(&e))];
    log::Log::log(
        &log,
        &log::Record::builder()
            .level(log::Level::Error)
            .target("app")
            .args(format_args!("failed"))
            .key_values(&kvs)
            .build(),
    );
    spoolog::error!(logger: &log, target: "app", err:err = e; "failed");
    let lines = cap.lines();
    assert_eq!(lines[0], lines[1], "both front ends write the same line");
    assert!(
        lines[0].contains(r#""err":"read config: file not found""#),
        "{}",
        lines[0]
    );
}
