//! Every line logged before the process ends reaches the file, with no
//! guard held by the program (issue 12): `examples/exit_child.rs` logs N
//! numbered lines from several threads through the global logger and a
//! background writer, then ends by returning from `main`, by
//! `process::exit` (main thread and another thread), by a panic (unwinding
//! out of `main`, in a thread, and with `panic = "abort"`), and by SIGTERM
//! with `close_on_signals`. This test builds the child (with the `signals`
//! feature, and a second time with the `panic-abort` profile), runs each
//! case and counts the lines: all present, none torn, none twice.
//! Runs without the test harness: it prints its own summary.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const THREADS: u64 = 4;
const LINES: u64 = 5_000;

/// Build the child with `profile` into a target directory of its own (the
/// outer `cargo test` holds the main one); its path.
fn build_child(profile: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("exit-child");
    let status = Command::new(env!("CARGO"))
        .current_dir(root)
        .args([
            "build",
            "--quiet",
            "--example",
            "exit_child",
            "--features",
            "signals",
        ])
        .args(["--profile", profile])
        .arg("--target-dir")
        .arg(&target)
        .status()
        .expect("run cargo");
    assert!(
        status.success(),
        "building the exit child ({profile}) failed"
    );
    let dir = if profile == "dev" { "debug" } else { profile };
    target.join(dir).join("examples").join("exit_child")
}

struct Case {
    how: &'static str,
    profile: &'static str,
    /// What the child's end must look like.
    status: fn(&std::process::ExitStatus) -> bool,
}

fn code(c: i32) -> fn(&std::process::ExitStatus) -> bool {
    match c {
        0 => |s| s.code() == Some(0),
        3 => |s| s.code() == Some(3),
        4 => |s| s.code() == Some(4),
        _ => |s| s.code() == Some(101),
    }
}

fn signal(s: &std::process::ExitStatus, sig: i32) -> bool {
    use std::os::unix::process::ExitStatusExt;
    s.signal() == Some(sig)
}

fn main() {
    let cases = [
        Case {
            how: "return",
            profile: "dev",
            status: code(0),
        },
        Case {
            how: "exit",
            profile: "dev",
            status: code(3),
        },
        Case {
            how: "exit-thread",
            profile: "dev",
            status: code(4),
        },
        Case {
            how: "panic",
            profile: "dev",
            status: code(101),
        },
        Case {
            how: "panic-thread",
            profile: "dev",
            status: code(0),
        },
        Case {
            how: "abort",
            profile: "panic-abort",
            status: |s| signal(s, 6),
        },
        Case {
            how: "sigterm",
            profile: "dev",
            status: |s| signal(s, 15),
        },
    ];
    let dev = build_child("dev");
    let abort = build_child("panic-abort");
    let mut failed = Vec::new();
    for case in &cases {
        let exe = if case.profile == "dev" { &dev } else { &abort };
        let path = std::env::temp_dir().join(format!(
            "spoolog-exit-{}-{}.log",
            case.how,
            std::process::id()
        ));
        let _ = std::fs::remove_file(&path);
        let out = Command::new(exe)
            .args([case.how, path.to_str().unwrap()])
            .args([THREADS.to_string(), LINES.to_string()])
            .output()
            .expect("run the child");
        let bytes = std::fs::read(&path).unwrap_or_default();
        let _ = std::fs::remove_file(&path);
        let (found, torn, twice) = count(&bytes);
        let sent = THREADS * LINES;
        let ok_status = (case.status)(&out.status);
        // With `log_panics`, a panic is itself a line.
        let wants_panic_line = case.how.starts_with("panic") || case.how == "abort";
        let panic_line = String::from_utf8_lossy(&bytes).contains("\"target\":\"panic\"");
        let ok =
            ok_status && found == sent && torn == 0 && twice == 0 && panic_line == wants_panic_line;
        println!(
            "test exit_path_{} ... {}: {found} of {sent} lines found, {torn} torn, {twice} twice, \
             panic line {panic_line}, child {:?}",
            case.how.replace('-', "_"),
            if ok { "ok" } else { "FAILED" },
            out.status
        );
        if !ok {
            let err = String::from_utf8_lossy(&out.stderr);
            let tail: String = err
                .chars()
                .rev()
                .take(600)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            println!("  child stderr ends: {tail}");
            failed.push(case.how);
        }
    }
    // Control: the same end without the exit hooks loses lines, so the
    // counts above are not vacuous.
    let path =
        std::env::temp_dir().join(format!("spoolog-exit-control-{}.log", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let out = Command::new(&dev)
        .args(["exit", path.to_str().unwrap()])
        .args([THREADS.to_string(), LINES.to_string()])
        .env("SPOOLOG_NO_EXIT_HOOKS", "1")
        .output()
        .expect("run the child");
    let (found, _, _) = count(&std::fs::read(&path).unwrap_or_default());
    let _ = std::fs::remove_file(&path);
    let lost = found < THREADS * LINES && out.status.code() == Some(3);
    println!(
        "test exit_path_control_without_hooks_loses_lines ... {}: {found} of {} found",
        if lost { "ok" } else { "FAILED" },
        THREADS * LINES
    );
    if !lost {
        failed.push("control");
    }
    if !failed.is_empty() {
        println!("test result: FAILED. {} failed: {failed:?}", failed.len());
        std::process::exit(1);
    }
    println!("test result: ok. {} passed; 0 failed", cases.len() + 1);
}

/// Lines found (distinct, whole), torn lines, duplicates.
fn count(bytes: &[u8]) -> (u64, u64, u64) {
    let text = String::from_utf8_lossy(bytes);
    let mut seen = HashSet::new();
    let (mut torn, mut twice) = (0, 0);
    for line in text.split_inclusive('\n') {
        let Some(body) = line.strip_suffix('\n') else {
            torn += 1;
            continue;
        };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(body) else {
            torn += 1;
            continue;
        };
        if v["target"] != "exit_child" {
            continue; // a panic line or a notice
        }
        let key = (v["t"].as_u64(), v["i"].as_u64());
        if !seen.insert(key) {
            twice += 1;
        }
    }
    (seen.len() as u64, torn, twice)
}
