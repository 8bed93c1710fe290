//! Several outputs in one logger, each with its own sink, level and format.
//!
//! A logger keeps one encoder per distinct format among its outputs; a
//! record is encoded once per encoder that some output wants at that
//! level, and that one buffer is written to each such output. So human
//! text at `info` to standard error and JSON at `debug` to a file cost two
//! encodings of a `info` line, one of a `debug` line, and never one per
//! output.

use crate::encode::Format;
use crate::level::LevelFilter;
use crate::logger::ColorChoice;
use crate::sink::{NonBlockingBuilder, Sink};
use std::fmt;

/// One more destination for a logger's lines, with its own level and
/// format: [`Builder::output`](crate::logger::Builder::output).
///
/// ```
/// use spoolog::logger::Output;
/// use spoolog::sink::{Capture, NonBlocking};
/// use spoolog::{Format, LevelFilter, Logger};
///
/// let (human, machine) = (Capture::new(), Capture::new());
/// let log = Logger::builder()
///     .level(LevelFilter::Debug)
///     .no_time()
///     .output(Output::new(human.clone()).format(Format::Text).level(LevelFilter::Info))
///     .output(Output::new(machine.clone()).format(Format::Json))
///     .build();
/// spoolog::info!(logger: &log, target: "app", port = 8080; "listening");
/// spoolog::debug!(logger: &log, target: "app", "detail for the file only");
/// assert_eq!(human.lines(), ["INFO app: listening port=8080"]);
/// assert_eq!(machine.lines().len(), 2);
/// ```
pub struct Output {
    pub(crate) sink: Box<dyn Sink>,
    pub(crate) format: Option<Format>,
    pub(crate) level: LevelFilter,
    pub(crate) color: Option<ColorChoice>,
    pub(crate) non_blocking: Option<NonBlockingBuilder>,
}

impl fmt::Debug for Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Output")
            .field("format", &self.format)
            .field("level", &self.level)
            .finish_non_exhaustive()
    }
}

impl Output {
    /// An output to `sink`, in the logger's format, at every level the
    /// logger lets through.
    ///
    /// ```
    /// let _ = spoolog::logger::Output::new(spoolog::sink::stderr());
    /// ```
    pub fn new(sink: impl Sink) -> Output {
        Output {
            sink: Box::new(sink),
            format: None,
            level: LevelFilter::Trace,
            color: None,
            non_blocking: None,
        }
    }

    /// This output's format (default: the logger's; a sink that speaks a
    /// protocol uses its own whatever is set here).
    ///
    /// ```
    /// let _ = spoolog::logger::Output::new(spoolog::sink::stderr()).format(spoolog::Format::Text);
    /// ```
    pub fn format(mut self, format: Format) -> Output {
        self.format = Some(format);
        self
    }

    /// The most verbose level this output takes (default: all the logger
    /// lets through).
    ///
    /// ```
    /// let _ = spoolog::logger::Output::new(spoolog::sink::stderr()).level(spoolog::LevelFilter::Warn);
    /// ```
    pub fn level(mut self, level: LevelFilter) -> Output {
        self.level = level;
        self
    }

    /// Colour for this output's text (default: the logger's choice).
    ///
    /// ```
    /// use spoolog::logger::{ColorChoice, Output};
    /// let _ = Output::new(spoolog::sink::stderr()).color(ColorChoice::Never);
    /// ```
    pub fn color(mut self, color: ColorChoice) -> Output {
        self.color = Some(color);
        self
    }

    /// Write this output through a background thread of its own (see
    /// [`Builder::non_blocking`](crate::logger::Builder::non_blocking)).
    ///
    /// ```
    /// use spoolog::{logger::Output, sink::NonBlocking};
    /// let _ = Output::new(spoolog::sink::stderr()).non_blocking(NonBlocking::builder());
    /// ```
    pub fn non_blocking(mut self, writer: NonBlockingBuilder) -> Output {
        self.non_blocking = Some(writer);
        self
    }
}

/// A built output: its sink, which encoder it takes lines from, its level.
pub(crate) struct Out {
    pub(crate) sink: Box<dyn Sink>,
    pub(crate) slot: usize,
    pub(crate) level: LevelFilter,
    /// The sink is a background writer the logger started: closed when the
    /// logger's last clone goes.
    pub(crate) owns_writer: bool,
}
