//! What happens when a sink fails.

use std::fmt;
use std::io::{self, Write};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Why a line did not reach its sink.
///
/// ```
/// use spoolog::sink::SinkError;
/// let e = SinkError::Io(std::io::Error::other("disk full"));
/// assert_eq!(e.to_string(), "sink write failed: disk full");
/// assert!(e.is_outage());
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum SinkError {
    /// The sink returned an I/O error.
    Io(io::Error),
    /// The sink panicked while writing; the panic was contained.
    Panicked,
    /// The line was logged from inside the sink's own `write_line`, through
    /// the same logger, on the same thread, and was dropped to avoid
    /// recursion or deadlock.
    Reentrant,
    /// Formatting the record panicked (a `Display` impl, say); the panic was
    /// contained and a replacement line was written instead.
    FormatPanicked,
    /// A background writer's queue was full and lines were dropped (its
    /// drop policy); how many.
    Dropped(u64),
}

impl SinkError {
    /// Whether this error means the destination is failing (an I/O error or
    /// a panicking sink), as opposed to one line being refused. Outages end
    /// when a write succeeds again; the logger then tells its handler
    /// ([`ErrorHandler::on_recovered`]).
    ///
    /// ```
    /// assert!(!spoolog::sink::SinkError::Reentrant.is_outage());
    /// ```
    pub fn is_outage(&self) -> bool {
        matches!(self, SinkError::Io(_) | SinkError::Panicked)
    }
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
            SinkError::Dropped(n) => write!(f, "background writer full: {n} lines dropped"),
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

/// Told about lines that could not be written, and about the end of an
/// outage.
///
/// It runs on the thread that hit the failure (a logging thread, or a
/// background writer's thread), never while that thread is inside the
/// failing sink. It may log, even through the logger that failed: its line
/// is written if the sink takes it, and otherwise dropped and counted —
/// the handler is never called again for a line it logged itself. It must
/// not panic (a panic is contained and ignored).
///
/// The logger counts failures itself ([`Logger::errors`](crate::Logger::errors),
/// [`Logger::lost`](crate::Logger::lost)); a handler decides what else to do.
///
/// ```
/// use spoolog::sink::{ErrorHandler, SinkError};
/// struct Ignore;
/// impl ErrorHandler for Ignore {
///     fn on_error(&self, _error: &SinkError) {}
/// }
/// Ignore.on_error(&SinkError::Panicked);
/// Ignore.on_recovered(3);
/// ```
pub trait ErrorHandler: Send + Sync + 'static {
    /// One failure (for a background writer's batch, one per batch).
    fn on_error(&self, error: &SinkError);

    /// A write succeeded after an outage (see [`SinkError::is_outage`]);
    /// `lost` lines were lost since the outage began. Called once per
    /// outage. Default: nothing.
    fn on_recovered(&self, lost: u64) {
        let _ = lost;
    }
}

impl<F: Fn(&SinkError) + Send + Sync + 'static> ErrorHandler for F {
    fn on_error(&self, error: &SinkError) {
        self(error)
    }
}

/// The default handler: the first failure of an outage is reported on
/// standard error, and so is its end, with the number of lines lost in
/// between. Nothing is reported per line: failures during an outage are
/// only counted by the logger, outage reports are at most one per
/// [`interval`](Report::interval) (default 10 s; the lines lost in outages
/// not reported are added to the next report), and other refused lines
/// (re-entrant, formatting panics, lines dropped by a full background
/// writer) are reported at most once per interval too.
///
/// ```
/// use spoolog::sink::{ErrorHandler, Report, SinkError};
/// let out = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
/// let h = Report::to(SharedVec(out.clone()));
/// h.on_error(&SinkError::Io(std::io::Error::other("disk full")));
/// h.on_error(&SinkError::Io(std::io::Error::other("disk full")));
/// h.on_recovered(2);
/// let text = String::from_utf8(out.lock().unwrap().clone()).unwrap();
/// assert_eq!(text.lines().count(), 2);
/// assert!(text.contains("2 lines lost"));
/// # struct SharedVec(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
/// # impl std::io::Write for SharedVec {
/// #     fn write(&mut self, b: &[u8]) -> std::io::Result<usize> { self.0.lock().unwrap().write(b) }
/// #     fn flush(&mut self) -> std::io::Result<()> { Ok(()) }
/// # }
/// ```
pub struct Report {
    state: Mutex<ReportState>,
    out: Option<Mutex<Box<dyn Write + Send>>>,
    interval: Duration,
}

#[derive(Debug, Default)]
struct ReportState {
    in_outage: bool,
    outage_reported: bool,
    last_outage_report: Option<Instant>,
    last_other_report: Option<Instant>,
    unreported_outages: u64,
    unreported_lost: u64,
}

impl fmt::Debug for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Report")
            .field("interval", &self.interval)
            .field("to_stderr", &self.out.is_none())
            .finish_non_exhaustive()
    }
}

impl Default for Report {
    fn default() -> Report {
        Report::new()
    }
}

/// Whether `last` is unset or at least `interval` ago.
fn due(last: Option<Instant>, interval: Duration) -> bool {
    last.is_none_or(|t| t.elapsed() >= interval)
}

impl Report {
    /// Reports on standard error.
    ///
    /// ```
    /// let _ = spoolog::sink::Report::new();
    /// ```
    pub fn new() -> Report {
        Report {
            state: Mutex::default(),
            out: None,
            interval: Duration::from_secs(10),
        }
    }

    /// Reports into `out` instead of standard error.
    ///
    /// ```
    /// let _ = spoolog::sink::Report::to(std::io::sink());
    /// ```
    pub fn to(out: impl Write + Send + 'static) -> Report {
        Report {
            out: Some(Mutex::new(Box::new(out))),
            ..Report::new()
        }
    }

    /// At most one outage report per `interval` (and one report of other
    /// refused lines).
    ///
    /// ```
    /// let _ = spoolog::sink::Report::new().interval(std::time::Duration::from_secs(60));
    /// ```
    pub fn interval(mut self, interval: Duration) -> Report {
        self.interval = interval;
        self
    }

    fn lock(&self) -> MutexGuard<'_, ReportState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn say(&self, args: fmt::Arguments<'_>) {
        // Best effort: if this fails too there is nowhere left to say so.
        match &self.out {
            None => {
                let _ = writeln!(io::stderr().lock(), "spoolog: {args}");
            }
            Some(out) => {
                let mut out = out.lock().unwrap_or_else(|p| p.into_inner());
                let _ = writeln!(out, "spoolog: {args}");
            }
        }
    }
}

impl ErrorHandler for Report {
    fn on_error(&self, error: &SinkError) {
        let mut s = self.lock();
        if error.is_outage() {
            if s.in_outage {
                return;
            }
            s.in_outage = true;
            s.outage_reported = due(s.last_outage_report, self.interval);
            if s.outage_reported {
                s.last_outage_report = Some(Instant::now());
                drop(s);
                self.say(format_args!(
                    "{error}; lines are counted as lost until writes succeed again"
                ));
            }
        } else if due(s.last_other_report, self.interval) {
            s.last_other_report = Some(Instant::now());
            drop(s);
            self.say(format_args!("{error}"));
        }
    }

    fn on_recovered(&self, lost: u64) {
        let mut s = self.lock();
        if !s.in_outage {
            return;
        }
        s.in_outage = false;
        if !s.outage_reported {
            s.unreported_outages += 1;
            s.unreported_lost += lost;
            return;
        }
        let (earlier, earlier_lost) = (s.unreported_outages, s.unreported_lost);
        s.unreported_outages = 0;
        s.unreported_lost = 0;
        drop(s);
        if earlier == 0 {
            self.say(format_args!(
                "sink recovered; {lost} lines lost since the failure"
            ));
        } else {
            self.say(format_args!(
                "sink recovered; {lost} lines lost since the failure \
                 (and {earlier_lost} in {earlier} earlier outages not reported)"
            ));
        }
    }
}
