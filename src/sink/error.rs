//! What happens when a sink fails.

use std::fmt;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Why a line did not reach its sink.
///
/// ```
/// use spoolog::sink::SinkError;
/// let e = SinkError::Io(std::io::Error::other("disk full"));
/// assert_eq!(e.to_string(), "sink write failed: disk full");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum SinkError {
    /// The sink returned an I/O error.
    Io(io::Error),
    /// The sink panicked while writing; the panic was contained.
    Panicked,
    /// The line was logged from inside the sink's own `write_line` on the
    /// same thread and was dropped to avoid recursion or deadlock.
    Reentrant,
    /// Formatting the record panicked (a `Display` impl, say); the panic was
    /// contained and a replacement line was written instead.
    FormatPanicked,
}

impl fmt::Display for SinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SinkError::Io(e) => write!(f, "sink write failed: {e}"),
            SinkError::Panicked => f.write_str("sink panicked while writing a line"),
            SinkError::Reentrant => {
                f.write_str("line logged from inside the sink itself was dropped")
            }
            SinkError::FormatPanicked => f.write_str("formatting a log record panicked"),
        }
    }
}

impl std::error::Error for SinkError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SinkError::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// Told about every line that could not be written. It runs on the logging
/// thread, so it must be quick, must not panic, and must not log through the
/// same logger (such lines would be dropped as re-entrant).
///
/// The logger counts failures itself ([`Logger::errors`](crate::Logger::errors));
/// a handler decides what else to do.
///
/// ```
/// use spoolog::sink::{ErrorHandler, SinkError};
/// struct Ignore;
/// impl ErrorHandler for Ignore {
///     fn on_error(&self, _error: &SinkError) {}
/// }
/// Ignore.on_error(&SinkError::Panicked);
/// ```
pub trait ErrorHandler: Send + Sync + 'static {
    /// One line failed.
    fn on_error(&self, error: &SinkError);
}

impl<F: Fn(&SinkError) + Send + Sync + 'static> ErrorHandler for F {
    fn on_error(&self, error: &SinkError) {
        self(error)
    }
}

/// The default handler: the first failure is reported on standard error,
/// later ones only counted by the logger.
///
/// ```
/// use spoolog::sink::{ErrorHandler, ReportOnce, SinkError};
/// let h = ReportOnce::default();
/// assert!(!h.reported());
/// h.on_error(&SinkError::Panicked);
/// assert!(h.reported());
/// ```
#[derive(Debug, Default)]
pub struct ReportOnce {
    reported: AtomicBool,
}

impl ReportOnce {
    /// Whether the one report has been made.
    ///
    /// ```
    /// assert!(!spoolog::sink::ReportOnce::default().reported());
    /// ```
    pub fn reported(&self) -> bool {
        self.reported.load(Ordering::Relaxed)
    }
}

impl ErrorHandler for ReportOnce {
    fn on_error(&self, error: &SinkError) {
        if !self.reported.swap(true, Ordering::Relaxed) {
            // Best effort: if stderr itself fails there is nowhere left to say so.
            let _ = writeln!(
                io::stderr().lock(),
                "spoolog: {error}; further failures are counted, not reported"
            );
        }
    }
}
