//! Configuration of a [`Logger`].

use super::{ClockSource, Logger, Shared};
use crate::encode::{Encoder, Format, JsonKeys};
use crate::filter::Filter;
use crate::level::{LevelCell, LevelFilter};
use crate::pool::Pool;
use crate::sink::{self, ErrorHandler, Report, Sink};
use crate::time::{Clock, TimeLayout, TscClock};
use std::io::Write as _;
use std::sync::Arc;

/// When the text format colours level names.
///
/// ```
/// use spoolog::logger::ColorChoice;
/// assert_eq!(ColorChoice::default(), ColorChoice::Auto);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour only when the sink is a terminal and `NO_COLOR` is unset or empty.
    #[default]
    Auto,
    /// Always colour (still never when `NO_COLOR` is set and non-empty).
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour, given whether the sink is a terminal and the value
    /// of `NO_COLOR`. Following <https://no-color.org>, a present, non-empty
    /// `NO_COLOR` turns colour off whatever else is asked.
    ///
    /// ```
    /// use spoolog::logger::ColorChoice;
    /// assert!(ColorChoice::Auto.resolve(true, None));
    /// assert!(!ColorChoice::Auto.resolve(false, None));
    /// assert!(!ColorChoice::Always.resolve(true, Some("1")));
    /// assert!(ColorChoice::Always.resolve(false, Some("")));
    /// ```
    pub fn resolve(self, is_terminal: bool, no_color: Option<&str>) -> bool {
        if no_color.is_some_and(|v| !v.is_empty()) {
            return false;
        }
        match self {
            ColorChoice::Auto => is_terminal,
            ColorChoice::Always => true,
            ColorChoice::Never => false,
        }
    }
}

/// Builds a [`Logger`]. Defaults: JSON, `info`, RFC 3339 UTC time with
/// microseconds, the [`TscClock`] where usable (else the system clock),
/// standard output, failures reported by [`Report`].
///
/// ```
/// use spoolog::{Format, LevelFilter, Logger, TimeLayout};
/// let log = Logger::builder()
///     .format(Format::Text)
///     .level(LevelFilter::Debug)
///     .time(TimeLayout::hms())
///     .sink(spoolog::sink::stderr())
///     .build();
/// assert_eq!(log.level(), LevelFilter::Debug);
/// ```
pub struct Builder {
    format: Format,
    json_keys: JsonKeys,
    filter: Filter,
    time: Option<TimeLayout>,
    clock: ClockSource,
    sink: Option<Box<dyn Sink>>,
    on_error: Option<Box<dyn ErrorHandler>>,
    color: ColorChoice,
    buffer_capacity: usize,
    max_buffer_capacity: usize,
    buffer_retention: Option<usize>,
    non_blocking: Option<crate::sink::NonBlockingBuilder>,
    exit_hooks: bool,
    log_panics: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

impl Builder {
    /// The defaults (see [`Builder`]).
    ///
    /// ```
    /// let _ = spoolog::logger::Builder::new().build();
    /// ```
    pub fn new() -> Builder {
        Builder {
            format: Format::Json,
            json_keys: JsonKeys::Spoolog,
            filter: Filter::level(LevelFilter::Info),
            time: Some(TimeLayout::rfc3339(6)),
            clock: TscClock::new().map_or(ClockSource::System, ClockSource::Tsc),
            sink: None,
            on_error: None,
            color: ColorChoice::Auto,
            buffer_capacity: 512,
            max_buffer_capacity: 64 * 1024,
            buffer_retention: None,
            non_blocking: None,
            exit_hooks: true,
            log_panics: false,
        }
    }

    /// The output format.
    ///
    /// ```
    /// let _ = spoolog::Logger::builder().format(spoolog::Format::Logfmt);
    /// ```
    pub fn format(mut self, format: Format) -> Builder {
        self.format = format;
        self
    }

    /// The names of the built-in members of JSON lines (default
    /// [`JsonKeys::Spoolog`]): Elastic Common Schema, Google Cloud Logging
    /// or the OpenTelemetry log data model. The pieces are static strings
    /// chosen once here; a line costs the same whichever preset. A user
    /// field named like one of the preset's members gets a `_` prefix. A
    /// sink with an encoder of its own ([`Syslog`](crate::sink::Syslog)
    /// with JSON in MSG) takes its preset from its own builder.
    ///
    /// ```
    /// use spoolog::{sink::Capture, JsonKeys, Logger};
    /// let cap = Capture::new();
    /// let log = Logger::builder().json_keys(JsonKeys::Ecs).no_time().sink(cap.clone()).build();
    /// spoolog::info!(logger: &log, target: "app", message = "user's"; "up");
    /// assert_eq!(
    ///     cap.lines(),
    ///     [r#"{"log.level":"INFO","message":"up","ecs.version":"8.11.0","log.logger":"app","_message":"user's"}"#]
    /// );
    /// ```
    pub fn json_keys(mut self, keys: JsonKeys) -> Builder {
        self.json_keys = keys;
        self
    }

    /// The initial maximum level.
    ///
    /// ```
    /// let _ = spoolog::Logger::builder().level(spoolog::LevelFilter::Trace);
    /// ```
    pub fn level(mut self, level: LevelFilter) -> Builder {
        self.filter = Filter::level(level);
        self
    }

    /// `RUST_LOG`-style directives: a default level and per-target levels,
    /// matched as `env_logger` matches them (see [`Filter`]). Replaces what
    /// [`level`](Builder::level) set. A message filter (`info/regex`) is not
    /// applied by the logger yet (see [`Filter::message_matches`]).
    ///
    /// ```
    /// use spoolog::filter::Filter;
    /// let log = spoolog::Logger::builder().filter(Filter::parse("warn,app::db=debug")?).build();
    /// assert!(log.enabled(spoolog::Level::Debug)); // the maximum over all directives
    /// assert!(!log.target_enabled(spoolog::Level::Debug, "app::http"));
    /// # Ok::<(), spoolog::filter::FilterError>(())
    /// ```
    pub fn filter(mut self, filter: Filter) -> Builder {
        self.filter = filter;
        self
    }

    /// Take the filter from environment variable `var` (`RUST_LOG`, say):
    /// a level name or directives like `info,my_crate::db=debug`, parsed by
    /// the strict [`Filter::parse`] (what it accepts decides as `env_logger`
    /// does). An unset or blank variable keeps the current filter; a
    /// malformed one is an error that names the variable, the value and the
    /// position (where `env_logger` would warn and skip the part; for that,
    /// build the filter with [`Filter::from_env_spec_warn`]).
    ///
    /// ```
    /// let b = spoolog::Logger::builder().level_from_env("SPOOLOG_DOC_UNSET_VAR").unwrap();
    /// assert_eq!(b.build().level(), spoolog::LevelFilter::Info);
    /// ```
    pub fn level_from_env(self, var: &str) -> Result<Builder, crate::InitError> {
        match std::env::var(var) {
            Ok(v) if !v.trim().is_empty() => match Filter::parse(&v) {
                Ok(filter) => Ok(self.filter(filter)),
                Err(error) => Err(crate::InitError::BadFilter {
                    var: var.into(),
                    value: v,
                    error,
                }),
            },
            _ => Ok(self),
        }
    }

    /// The time layout of each line's timestamp.
    ///
    /// ```
    /// let _ = spoolog::Logger::builder().time(spoolog::TimeLayout::parse("%H:%M:%S%.3f").unwrap());
    /// ```
    pub fn time(mut self, layout: TimeLayout) -> Builder {
        self.time = Some(layout);
        self
    }

    /// Lines without a timestamp.
    ///
    /// ```
    /// let _ = spoolog::Logger::builder().no_time();
    /// ```
    pub fn no_time(mut self) -> Builder {
        self.time = None;
        self
    }

    /// Where timestamps come from (tests inject a fixed or stepping clock).
    ///
    /// ```
    /// use spoolog::time::{Clock, UnixTime};
    /// struct Fixed;
    /// impl Clock for Fixed {
    ///     fn now(&self) -> UnixTime { UnixTime { secs: 0, nanos: 0 } }
    /// }
    /// let _ = spoolog::Logger::builder().clock(Fixed);
    /// ```
    pub fn clock(mut self, clock: impl Clock) -> Builder {
        self.clock = ClockSource::Custom(Box::new(clock));
        self
    }

    /// Read time with `SystemTime::now()` on every call instead of the
    /// default [`TscClock`] (which is used only where the kernel itself
    /// trusts the time-stamp counter, and re-anchors to the system clock
    /// every 10 ms).
    ///
    /// ```
    /// let _ = spoolog::Logger::builder().system_clock();
    /// ```
    pub fn system_clock(mut self) -> Builder {
        self.clock = ClockSource::System;
        self
    }

    /// Where lines go (default: standard output).
    ///
    /// ```
    /// let _ = spoolog::Logger::builder().sink(spoolog::sink::stderr());
    /// ```
    pub fn sink(mut self, sink: impl Sink) -> Builder {
        self.sink = Some(Box::new(sink));
        self
    }

    /// Who hears about lines that could not be written (default:
    /// [`Report`]: an outage's first failure and its end, on standard
    /// error).
    ///
    /// ```
    /// let _ = spoolog::Logger::builder().on_error(|e: &spoolog::sink::SinkError| {
    ///     let _ = e;
    /// });
    /// ```
    pub fn on_error(mut self, handler: impl ErrorHandler) -> Builder {
        self.on_error = Some(Box::new(handler));
        self
    }

    /// Colour for the text format (default: [`ColorChoice::Auto`]).
    ///
    /// ```
    /// let _ = spoolog::Logger::builder().color(spoolog::logger::ColorChoice::Never);
    /// ```
    pub fn color(mut self, color: ColorChoice) -> Builder {
        self.color = color;
        self
    }

    /// Line buffers start with `initial` bytes of capacity; a buffer that grew
    /// past `max` is brought back to `max` if the line it held was not much
    /// longer, and freed if it held a huge line (see
    /// [`Pool::byte_buffers`]). Defaults: 512 bytes and 64 KiB.
    ///
    /// ```
    /// let _ = spoolog::Logger::builder().buffers(1024, 1 << 20);
    /// ```
    pub fn buffers(mut self, initial: usize, max: usize) -> Builder {
        self.buffer_capacity = initial;
        self.max_buffer_capacity = max.max(initial);
        self
    }

    /// The most bytes of idle line buffers the logger keeps across all
    /// threads (threads that exit give theirs back). Default: the larger of
    /// [`DEFAULT_MAX_RETAINED`](crate::pool::DEFAULT_MAX_RETAINED) (4 MiB)
    /// and four buffers of the `max` given to [`buffers`](Self::buffers).
    /// Past it, a buffer given back is freed, and that thread's next line
    /// allocates a new one.
    ///
    /// ```
    /// let log = spoolog::Logger::builder().buffer_retention(256 * 1024).build();
    /// assert!(log.pool_stats().retained_bytes <= 256 * 1024);
    /// ```
    pub fn buffer_retention(mut self, bytes: usize) -> Builder {
        self.buffer_retention = Some(bytes);
        self
    }

    /// Write through a background thread: the sink is wrapped in a
    /// [`NonBlocking`](crate::sink::NonBlocking) writer configured by
    /// `writer`, owned by the logger (closed when the last clone of the
    /// logger is dropped, or by the exit hooks of a global logger).
    ///
    /// ```
    /// use spoolog::sink::{Capture, NonBlocking};
    /// let cap = Capture::new();
    /// let log = spoolog::Logger::builder()
    ///     .sink(cap.clone())
    ///     .non_blocking(NonBlocking::builder().capacity_bytes(64 * 1024))
    ///     .build();
    /// spoolog::info!(logger: &log, "handed over");
    /// log.flush()?;
    /// assert_eq!(cap.lines().len(), 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn non_blocking(mut self, writer: crate::sink::NonBlockingBuilder) -> Builder {
        self.non_blocking = Some(writer);
        self
    }

    /// For [`init`](Self::init): whether to install the exit hooks that
    /// deliver every line logged before the process ends — on `main`
    /// returning and on `std::process::exit` (an `atexit` handler that
    /// closes the logger) and on a panic (a panic hook that flushes first;
    /// with `panic = "abort"` it closes the logger before the abort).
    /// Default: on.
    ///
    /// ```
    /// let _ = spoolog::Logger::builder().exit_hooks(false);
    /// ```
    pub fn exit_hooks(mut self, on: bool) -> Builder {
        self.exit_hooks = on;
        self
    }

    /// For [`init`](Self::init): also log each panic's message and location
    /// as an `error` line (target `panic`) from the panic hook, before the
    /// usual panic report. Default: off.
    ///
    /// ```
    /// let _ = spoolog::Logger::builder().log_panics(true);
    /// ```
    pub fn log_panics(mut self, on: bool) -> Builder {
        self.log_panics = on;
        self
    }

    /// The logger.
    ///
    /// ```
    /// let log = spoolog::Logger::builder().build();
    /// assert!(log.enabled(spoolog::Level::Info));
    /// ```
    pub fn build(self) -> Logger {
        let mut sink: Box<dyn Sink> = self.sink.unwrap_or_else(|| Box::new(sink::stdout()));
        let mut owns_writer = false;
        if let Some(writer) = self.non_blocking {
            let (nb, started) = writer.start(sink);
            if let Err(e) = started {
                // No thread to be had: the sink writes synchronously rather
                // than not at all; say so once.
                let _ = writeln!(
                    std::io::stderr(),
                    "spoolog: cannot start the background writer ({e}); writing synchronously"
                );
            }
            sink = Box::new(nb);
            owns_writer = true;
        }
        let no_color = std::env::var("NO_COLOR").ok();
        let color = self.color.resolve(sink.is_terminal(), no_color.as_deref());
        let retention = self.buffer_retention.unwrap_or_else(|| {
            crate::pool::DEFAULT_MAX_RETAINED.max(self.max_buffer_capacity.saturating_mul(4))
        });
        let pool =
            Pool::<Vec<u8>>::byte_buffers_builder(self.buffer_capacity, self.max_buffer_capacity)
                .max_retained(retention)
                .build();
        let shared = Shared {
            level: LevelCell::new(self.filter.max_level()),
            targets: self.filter.has_targets().then_some(self.filter),
            encoder: sink
                .encoder()
                .unwrap_or(Encoder::new(self.format, color).with_json_keys(self.json_keys)),
            time: self.time,
            clock: self.clock,
            sink,
            failures: Arc::new(super::Failures::new(
                self.on_error.unwrap_or_else(|| Box::new(Report::new())),
            )),
            pool,
            owns_writer,
        };
        let logger = Logger {
            shared: Arc::new(shared),
            context: Arc::from(Vec::new()),
        };
        let shared = &logger.shared;
        shared.sink.attach(&sink::Attachment::new(
            Arc::clone(&shared.failures),
            logger.id(),
            shared.encoder.clone(),
            shared.time.clone(),
        ));
        logger
    }

    /// Build the logger and install it as the global logger, for the crate's
    /// macros and for the `log` facade. Fails if a logger is already
    /// installed (by spoolog or any other `log` implementation).
    ///
    /// ```
    /// spoolog::Logger::builder().sink(spoolog::sink::stderr()).init().unwrap();
    /// log::info!(answer = 42; "installed");
    /// assert!(spoolog::Logger::builder().init().is_err());
    /// ```
    pub fn init(self) -> Result<&'static Logger, crate::InitError> {
        let hooks = crate::exit::Hooks {
            on_exit: self.exit_hooks,
            log_panics: self.log_panics,
        };
        let installed = crate::facade::install(self.build())?;
        crate::exit::install(hooks);
        Ok(installed)
    }
}
