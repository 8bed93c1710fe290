//! `Builder::is_test(true)`: lines go through the test harness's capture,
//! so `cargo test` shows them only for a failing test (issue 8). This
//! binary runs its own `child_*` tests in a child process, without
//! `--nocapture`, and looks at what the harness printed.

use std::process::Command;

const ENV: &str = "SPOOLOG_TEST_CAPTURE";

fn logger() -> spoolog::Logger {
    spoolog::Logger::builder()
        .format(spoolog::Format::Logfmt)
        .no_time()
        .is_test(true)
        .build()
}

#[test]
fn child_passes() {
    if std::env::var_os(ENV).is_none() {
        return;
    }
    spoolog::info!(logger: &logger(), "line of a passing test");
}

#[test]
fn child_fails() {
    if std::env::var_os(ENV).is_none() {
        return;
    }
    spoolog::info!(logger: &logger(), "line of a failing test");
    panic!("this test fails on purpose");
}

fn run(test: &str) -> (bool, String) {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--test-threads=1"])
        .env(ENV, "1")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn lines_show_only_for_failing_tests() {
    let (ok, text) = run("child_passes");
    assert!(ok);
    assert!(
        !text.contains("line of a passing test"),
        "captured and hidden"
    );
    let (ok, text) = run("child_fails");
    assert!(!ok);
    assert!(
        text.contains("msg=\"line of a failing test\""),
        "shown with the failure"
    );
}
