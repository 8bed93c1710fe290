//! Lines through the test harness's output capture.

use super::Sink;
use std::io;

/// Writes each line with `print!`, which the test harness captures: under
/// `cargo test`, a test's log lines are shown only when that test fails
/// (as env_logger's `is_test(true)` and tracing-subscriber's `TestWriter`
/// do). Outside a test it is standard output through std's `print!`.
/// [`Builder::is_test`](crate::logger::Builder::is_test) selects it.
///
/// ```
/// use spoolog::sink::{Sink, TestWriter};
/// TestWriter.write_line(b"captured by the harness\n").unwrap();
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct TestWriter;

impl Sink for TestWriter {
    fn write_line(&self, line: &[u8]) -> io::Result<()> {
        // The encoders write valid UTF-8; anything else is not a line of
        // ours and is shown with replacement characters.
        match std::str::from_utf8(line) {
            Ok(s) => print!("{s}"),
            Err(_) => print!("{}", String::from_utf8_lossy(line)),
        }
        Ok(())
    }
}
