//! Logging after `main` has returned (harness = false: this file is `main`).
//!
//! Without arguments it is the parent: it re-runs itself as a child with
//! `SPOOLOG_AFTER_MAIN` set and checks the child's standard output. The
//! child installs the global logger (standard output sink), arms a
//! thread-local on the *main* thread whose destructor logs through the
//! global logger, logs one line and returns from `main` (or calls
//! `process::exit`). On glibc the main thread's TLS destructors run inside
//! `exit()`, after `main` returned and after std's stdout cleanup; the global
//! logger is a `static` and is never dropped, so it still works there.

use std::cell::Cell;
use std::process::Command;

struct LogOnDrop;

impl Drop for LogOnDrop {
    fn drop(&mut self) {
        spoolog::info!(target: "after_main", "from the main thread's TLS destructor");
        log::info!(target: "after_main", via = "log"; "through the log facade too");
    }
}

thread_local! {
    static ARMED: Cell<Option<LogOnDrop>> = const { Cell::new(None) };
}

fn child(mode: &str) {
    spoolog::Logger::builder()
        .no_time()
        .sink(spoolog::sink::stdout())
        .init()
        .unwrap();
    ARMED.with(|a| a.set(Some(LogOnDrop)));
    spoolog::info!(target: "after_main", "in main");
    if mode == "exit" {
        std::process::exit(3);
    }
}

fn parent() {
    for (mode, code) in [("return", 0), ("exit", 3)] {
        let out = Command::new(std::env::current_exe().unwrap())
            .env("SPOOLOG_AFTER_MAIN", mode)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{mode}: {out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        let msgs: Vec<String> = text
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["msg"].as_str().unwrap().to_owned()
            })
            .collect();
        assert!(text.ends_with('\n'));
        // Whether TLS destructors run at exit is the C library's business;
        // on glibc (what CI runs) they do, for both paths.
        let want: &[&str] = if cfg!(target_env = "gnu") {
            &[
                "in main",
                "from the main thread's TLS destructor",
                "through the log facade too",
            ]
        } else {
            &["in main"]
        };
        assert_eq!(&msgs[..want.len()], want, "{mode}: {text}");
        println!("after_main {mode}: ok ({} lines)", msgs.len());
    }
}

fn main() {
    match std::env::var("SPOOLOG_AFTER_MAIN") {
        Ok(mode) => child(&mode),
        Err(_) => parent(),
    }
}
