//! A program that logs numbered lines from several threads through a
//! global logger with a background writer into a file (behind a
//! destination that takes 2 ms per batch), then ends in the way its first
//! argument names. `tests/exit_paths.rs` runs it and counts
//! the lines in the file; no guard is held anywhere.
//!
//! ```sh
//! cargo run --example exit_child -- return /tmp/exit.log 4 1000
//! ```
//! Ways to end: `return` (from `main`), `exit` (`process::exit` on the main
//! thread), `exit-thread` (`process::exit` on another thread), `panic`
//! (a panic unwinding out of `main`), `panic-thread` (a thread panics and
//! `main` returns), `abort` (a panic in a build with `panic = "abort"`),
//! `sigterm` (SIGTERM with `spoolog::exit::close_on_signals`, feature
//! `signals`).

use spoolog::sink::{FileSink, LinesError, NonBlocking, Sink};
use spoolog::{Format, Logger};
use std::sync::{Arc, Barrier};

/// A destination that takes 2 ms per batch, so that the writer is always
/// behind when the end comes.
struct Slow(FileSink);
impl Sink for Slow {
    fn write_line(&self, line: &[u8]) -> std::io::Result<()> {
        self.write_lines(line).map_err(|e| e.error)
    }
    fn write_lines(&self, lines: &[u8]) -> Result<(), LinesError> {
        std::thread::sleep(std::time::Duration::from_millis(2));
        self.0.write_lines(lines)
    }
    fn flush(&self) -> std::io::Result<()> {
        self.0.flush()
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (how, path) = (args[1].as_str(), &args[2]);
    let threads: u64 = args[3].parse().unwrap();
    let lines: u64 = args[4].parse().unwrap();
    Logger::builder()
        .format(Format::Json)
        .no_time()
        .sink(Slow(FileSink::open(path).expect("open the log file")))
        .non_blocking(NonBlocking::builder().capacity_bytes(64 * 1024))
        // The control case of the test: without the hooks, lines are lost.
        .exit_hooks(std::env::var_os("SPOOLOG_NO_EXIT_HOOKS").is_none())
        .log_panics(true)
        .init()
        .expect("install the global logger");
    if how == "sigterm" {
        #[cfg(feature = "signals")]
        spoolog::exit::close_on_signals().expect("signal thread");
    }
    // Every thread logs its lines, then waits here; the main thread ends
    // the process while they are still alive.
    let done = Arc::new(Barrier::new(threads as usize + 1));
    for t in 0..threads {
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            for i in 0..lines {
                spoolog::info!(t, i, pad = "some padding to make lines longer"; "numbered line");
            }
            done.wait();
            std::thread::park();
        });
    }
    done.wait();
    match how {
        "return" => {}
        "exit" => std::process::exit(3),
        "exit-thread" => {
            std::thread::spawn(|| std::process::exit(4));
            std::thread::park();
        }
        "panic" | "abort" => panic!("the end"),
        "panic-thread" => {
            let _ = std::thread::spawn(|| panic!("a thread's end")).join();
        }
        "sigterm" => {
            // SAFETY: raise(3) with a valid signal number.
            #[allow(unsafe_code)]
            unsafe {
                libc::raise(libc::SIGTERM);
            }
            std::thread::park();
        }
        other => panic!("unknown way to end: {other}"),
    }
}
