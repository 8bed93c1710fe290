//! Process corners: logging from thread-local destructors, from exiting and
//! unwinding threads, and on the `process::exit` path. None of these may
//! panic, and the lines that should come out must come out.
//!
//! Logging after `main` returns needs a binary without the test harness:
//! see `tests/after_main.rs`. Cases that end the process run in a child:
//! this binary re-runs itself with `SPOOLOG_CORNER` set, filtered to one
//! `child_*` test (which does nothing in a normal run).

mod adv_support;

use adv_support::checked_lines;
use serde_json::Value as Json;
use spoolog::sink::{Capture, FileSink};
use spoolog::{Format, Logger};
use std::cell::RefCell;
use std::fmt;
use std::path::PathBuf;
use std::process::Command;
use std::thread;

fn logger() -> (Logger, Capture) {
    let cap = Capture::new();
    let log = Logger::builder()
        .format(Format::Json)
        .no_time()
        .sink(cap.clone())
        .build();
    (log, cap)
}

fn msgs(cap: &Capture) -> Vec<String> {
    checked_lines(&cap.bytes())
        .iter()
        .map(|l| {
            let v: Json = serde_json::from_str(l).unwrap();
            v["msg"].as_str().unwrap().to_owned()
        })
        .collect()
}

/// Logs when dropped: put in a `thread_local!`, it logs from the thread's
/// TLS destructors while the thread exits.
struct LogOnDrop(Option<Logger>, &'static str);

impl Drop for LogOnDrop {
    fn drop(&mut self) {
        if let Some(log) = &self.0 {
            spoolog::info!(logger: log, target: "tls", "{}", self.1);
        }
    }
}

thread_local! {
    static DTOR: RefCell<LogOnDrop> = const { RefCell::new(LogOnDrop(None, "")) };
}

fn arm(log: &Logger, msg: &'static str) {
    DTOR.with(|d| *d.borrow_mut() = LogOnDrop(Some(log.clone()), msg));
}

/// Run `f` on a new thread and wait until the thread has *fully* exited,
/// TLS destructors included. (`thread::scope` alone is not enough: it
/// returns once the closures are done, and TLS destructors may still be
/// running. Only an explicit `join` waits for them.)
fn on_thread(f: impl FnOnce() + Send + 'static) {
    thread::spawn(f).join().unwrap();
}

/// The destructor is registered after the pool's own thread-locals: it runs
/// while the pool's slot is still reachable.
#[test]
fn tls_destructor_registered_after_first_log() {
    let (log, cap) = logger();
    let l = log.clone();
    on_thread(move || {
        spoolog::info!(logger: &l, "first");
        arm(&l, "from a TLS destructor");
    });
    assert_eq!(msgs(&cap), ["first", "from a TLS destructor"]);
    assert_eq!(log.errors(), 0);
}

/// Registered before the pool's thread-locals: by the time it runs, the
/// pool's teardown sentinel is gone and the pool hands out an unpooled
/// buffer.
#[test]
fn tls_destructor_registered_before_first_log() {
    let (log, cap) = logger();
    let l = log.clone();
    on_thread(move || {
        arm(&l, "from a late TLS destructor");
        for i in 0..3 {
            spoolog::info!(logger: &l, "line {}", i);
        }
    });
    assert_eq!(
        msgs(&cap),
        ["line 0", "line 1", "line 2", "from a late TLS destructor"]
    );
}

/// The logger's pool is first used on this thread inside the destructor.
#[test]
fn first_use_ever_of_a_logger_is_in_a_tls_destructor() {
    let (log, cap) = logger();
    let l = log.clone();
    on_thread(move || arm(&l, "first and last"));
    assert_eq!(msgs(&cap), ["first and last"]);
}

/// One logger used normally, another one first used in the destructor that
/// runs after the first one's pool was torn down on this thread.
#[test]
fn second_logger_first_used_in_a_late_tls_destructor() {
    let (a, cap_a) = logger();
    let (b, cap_b) = logger();
    let (a2, b2) = (a.clone(), b.clone());
    on_thread(move || {
        arm(&b2, "b from a late destructor");
        spoolog::info!(logger: &a2, "a normally");
    });
    assert_eq!(msgs(&cap_a), ["a normally"]);
    assert_eq!(msgs(&cap_b), ["b from a late destructor"]);
}

/// Many short threads, each logging as its very last act and from its TLS
/// destructor, concurrently with each other.
#[test]
fn many_threads_logging_while_they_exit() {
    let (log, cap) = logger();
    let n = if cfg!(miri) { 3 } else { 64 };
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let log = log.clone();
            thread::spawn(move || {
                if i % 2 == 0 {
                    arm(&log, "dtor");
                }
                spoolog::info!(logger: &log, "last words");
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let m = msgs(&cap);
    assert_eq!(m.iter().filter(|m| *m == "last words").count(), n);
    assert_eq!(m.iter().filter(|m| *m == "dtor").count(), n / 2);
    assert_eq!(log.errors(), 0);
}

/// A value whose `Drop` logs, dropped while its thread unwinds from a panic.
#[test]
fn logging_from_drop_while_a_thread_unwinds() {
    let (log, cap) = logger();
    let r = thread::scope(|s| {
        s.spawn(|| {
            let _guard = LogOnDrop(Some(log.clone()), "from drop during unwinding");
            arm(&log, "from TLS destructor after unwinding");
            spoolog::info!(logger: &log, "about to panic");
            panic!("the thread panics on purpose");
        })
        .join()
    });
    assert!(r.is_err());
    assert_eq!(
        msgs(&cap),
        [
            "about to panic",
            "from drop during unwinding",
            "from TLS destructor after unwinding"
        ]
    );
}

// ------------------------------------------------------------ child processes

const ENV: &str = "SPOOLOG_CORNER";

/// Re-run this test binary with only `test` enabled and `ENV` = `path`.
fn run_child(test: &str, path: &PathBuf) -> std::process::Output {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(ENV, path)
        .output()
        .unwrap()
}

fn temp(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("spoolog-corner-{name}-{}.log", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

fn file_msgs(path: &PathBuf) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap_or_default();
    let _ = std::fs::remove_file(path);
    checked_lines(&bytes)
        .iter()
        .map(|l| {
            let v: Json = serde_json::from_str(l).unwrap();
            v["msg"].as_str().unwrap().to_owned()
        })
        .collect()
}

fn file_logger(path: &str) -> Logger {
    Logger::builder()
        .format(Format::Json)
        .no_time()
        .sink(FileSink::open(path).unwrap())
        .build()
}

/// Child: log, arm a TLS destructor, then `process::exit` from this (non
/// main) thread.
#[test]
fn child_process_exit() {
    let Ok(path) = std::env::var(ENV) else { return };
    let log = file_logger(&path);
    spoolog::info!(logger: &log, "before exit");
    arm(&log, "tls destructor on exit");
    std::process::exit(7);
}

/// `process::exit` skips destructors of everything on the stack, but a
/// `FileSink` has no user-space buffer: every line logged before the call is
/// already in the file. (Whether the calling thread's TLS destructors run on
/// `exit` is up to the C library; glibc runs them.)
#[test]
fn lines_before_process_exit_are_in_the_file() {
    let path = temp("exit");
    let out = run_child("child_process_exit", &path);
    assert_eq!(out.status.code(), Some(7), "{out:?}");
    let m = file_msgs(&path);
    assert_eq!(m.first().map(String::as_str), Some("before exit"), "{m:?}");
    assert!(m.len() <= 2, "{m:?}");
    eprintln!("after process::exit the file holds: {m:?}");
}

struct PanicsInDisplay;

impl fmt::Display for PanicsInDisplay {
    fn fmt(&self, _f: &mut fmt::Formatter<'_>) -> fmt::Result {
        panic!("second panic while unwinding")
    }
}

struct LogsPanickyOnDrop(Logger);

impl Drop for LogsPanickyOnDrop {
    fn drop(&mut self) {
        spoolog::info!(logger: &self.0, v:% = PanicsInDisplay; "from drop while unwinding");
    }
}

/// Child: a `Display` that panics while the thread is already unwinding.
#[test]
fn child_panic_while_unwinding() {
    let Ok(path) = std::env::var(ENV) else { return };
    let log = file_logger(&path);
    spoolog::info!(logger: &log, "before");
    let _g = LogsPanickyOnDrop(log.clone());
    panic!("first panic");
}

/// A `Display` that panics, logged from a `Drop` that runs while the thread
/// is already unwinding: since Rust 1.71 a nested panic that is caught
/// before it leaves the `Drop` does not abort, and spoolog catches it. The
/// replacement line is written and the child fails only with the first
/// panic (test-harness exit code 101), not with an abort.
#[test]
fn a_panicking_display_during_unwinding_is_contained() {
    let path = temp("unwind");
    let out = run_child("child_panic_while_unwinding", &path);
    assert_eq!(out.status.code(), Some(101), "{out:?}");
    assert_eq!(
        file_msgs(&path),
        ["before", "log record formatting panicked"]
    );
}
