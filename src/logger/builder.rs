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
    sampling: Option<super::Sampling>,
    outputs: Vec<super::Output>,
    details: super::details::Details,
}

/// One warning line for an environment variable with a value we ignore.
fn warn_env(var: &str, value: &str, expected: &str) {
    let _ = writeln!(
        std::io::stderr(),
        "spoolog: ignoring {var}={value:?} (expected {expected})"
    );
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
            sampling: None,
            outputs: Vec::new(),
            details: super::details::Details::default(),
        }
    }

    /// What [`spoolog::init()`](crate::init) uses: env_logger's defaults, read
    /// from the environment.
    ///
    /// | | `Builder::new()` | `Builder::from_env()` / `init()` |
    /// |---|---|---|
    /// | destination | standard output | standard error |
    /// | format | JSON | text; `SPOOLOG_FORMAT=json\|logfmt\|text` |
    /// | filter | `info` | `RUST_LOG` as env_logger reads it; unset: `error` |
    /// | colour (text) | when the sink is a terminal | when standard error is a terminal; `RUST_LOG_STYLE=auto\|always\|never`; never with `NO_COLOR` |
    /// | time | RFC 3339 UTC, microseconds | the same |
    ///
    /// Nothing here can fail: an invalid `RUST_LOG` part is skipped with a
    /// warning (as env_logger does), an unknown `SPOOLOG_FORMAT` or
    /// `RUST_LOG_STYLE` value is named in a warning and the default kept.
    /// Every setting can still be changed on the returned builder.
    ///
    /// ```
    /// let log = spoolog::Logger::builder().build(); // explicit defaults
    /// # let _ = log;
    /// let log = spoolog::logger::Builder::from_env().build();
    /// # let _ = log;
    /// ```
    pub fn from_env() -> Builder {
        let mut b = Builder::new()
            .sink(crate::sink::stderr())
            .format(Format::Text)
            .level(LevelFilter::Error)
            .parse_env("RUST_LOG");
        if let Ok(v) = std::env::var("SPOOLOG_FORMAT") {
            match v.parse::<Format>() {
                Ok(f) => b = b.format(f),
                Err(_) => warn_env("SPOOLOG_FORMAT", &v, "json, logfmt or text"),
            }
        }
        if let Ok(v) = std::env::var("RUST_LOG_STYLE") {
            match v.trim().to_ascii_lowercase().as_str() {
                "auto" | "" => {}
                "always" => b = b.color(ColorChoice::Always),
                "never" => b = b.color(ColorChoice::Never),
                _ => warn_env("RUST_LOG_STYLE", &v, "auto, always or never"),
            }
        }
        b
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

    /// Take directives from environment variable `var` the way env_logger
    /// does (its `Builder::parse_env`): the lenient parser, which skips each
    /// malformed part with one warning line on standard error, worded as
    /// env_logger words it, and applies the valid parts. An unset variable
    /// keeps the current filter. Never fails; see
    /// [`level_from_env`](Self::level_from_env) for the strict variant.
    ///
    /// ```
    /// // SAFETY: this example is single-threaded; nothing reads the
    /// // environment while it is changed.
    /// unsafe { std::env::set_var("SPOOLOG_DOC_PARSE_ENV", "warn,app::db=trace") };
    /// let log = spoolog::Logger::builder().parse_env("SPOOLOG_DOC_PARSE_ENV").build();
    /// assert!(log.target_enabled(spoolog::Level::Trace, "app::db"));
    /// assert!(!log.target_enabled(spoolog::Level::Info, "app::http"));
    /// ```
    pub fn parse_env(self, var: &str) -> Builder {
        match std::env::var(var) {
            Ok(spec) => self.parse_filters(&spec),
            Err(_) => self,
        }
    }

    /// Directives as env_logger's `Builder::parse_filters` reads them: the
    /// lenient parser (malformed parts skipped with a warning on standard
    /// error, valid parts applied). Replaces what [`level`](Self::level) or
    /// [`filter`](Self::filter) set.
    ///
    /// ```
    /// let log = spoolog::Logger::builder().parse_filters("info,db=loud").build(); // warns about `db=loud`
    /// assert!(log.enabled(spoolog::Level::Info));
    /// ```
    pub fn parse_filters(self, spec: &str) -> Builder {
        self.filter(Filter::from_env_spec_warn(spec))
    }

    /// Write through the test harness's output capture
    /// ([`TestWriter`](crate::sink::TestWriter)), so that `cargo test` shows
    /// a test's log lines only when it fails — env_logger's `is_test`.
    /// `false` leaves the sink as it is.
    ///
    /// ```
    /// let _ = spoolog::Logger::builder().is_test(true).build();
    /// ```
    pub fn is_test(self, on: bool) -> Builder {
        if on {
            self.sink(crate::sink::TestWriter)
        } else {
            self
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

    /// Sample lines (off by default): per call site and level, the first
    /// [`first`](super::Sampling::first) lines of each interval, then every
    /// [`thereafter`](super::Sampling::thereafter)-th. The dropped lines are
    /// counted ([`Logger::sampled_out`]) and reported in a `lines sampled
    /// out` line with a `sampled_out` count, at most once per interval.
    /// Applies to the crate's macros, the `log` facade and the `tracing`
    /// layer; nothing is allocated per call.
    ///
    /// ```
    /// use spoolog::{logger::Sampling, sink::Capture, Level, Logger};
    /// let cap = Capture::new();
    /// let log = Logger::builder().sample(Sampling::new(2, 0)).sink(cap.clone()).build();
    /// for i in 0..5 {
    ///     log.log(Level::Info, "app", format_args!("tick {i}"), &[]);
    /// }
    /// assert_eq!(cap.lines().len(), 2);
    /// assert_eq!(log.sampled_out(), 3);
    /// ```
    pub fn sample(mut self, sampling: super::Sampling) -> Builder {
        self.sampling = Some(sampling);
        self
    }

    /// Another destination, with its own level and format (see
    /// [`Output`](super::Output)). The builder's own [`sink`](Self::sink),
    /// [`format`](Self::format), [`color`](Self::color) and
    /// [`non_blocking`](Self::non_blocking) describe the first output; it
    /// exists when `sink` was set or when no `output` was added. Each line
    /// is encoded once per distinct format, not once per output.
    ///
    /// ```
    /// use spoolog::{logger::Output, sink::Capture, Format, LevelFilter, Logger};
    /// let (text, json) = (Capture::new(), Capture::new());
    /// let log = Logger::builder()
    ///     .level(LevelFilter::Debug)
    ///     .sink(text.clone())
    ///     .format(Format::Text)
    ///     .output(Output::new(json.clone()).format(Format::Json).level(LevelFilter::Warn))
    ///     .build();
    /// spoolog::info!(logger: &log, "to the text output only");
    /// spoolog::warn!(logger: &log, "to both");
    /// assert_eq!((text.lines().len(), json.lines().len()), (2, 1));
    /// ```
    pub fn output(mut self, output: super::Output) -> Builder {
        self.outputs.push(output);
        self
    }

    /// Add the source file and line of the call (fields `file` and `line`)
    /// to every line, where the front end knows them (the crate's macros,
    /// `log` records, `tracing` events). Default: off.
    ///
    // A standalone doc-test: merged doc-tests see the merged file's name.
    /// ```standalone_crate
    /// use spoolog::{sink::Capture, Logger};
    /// let cap = Capture::new();
    /// let log = Logger::builder().no_time().source_location(true).sink(cap.clone()).build();
    /// spoolog::info!(logger: &log, "here");
    /// assert!(cap.lines()[0].contains(r#""file":"src/logger/builder.rs","line":"#));
    /// ```
    pub fn source_location(mut self, on: bool) -> Builder {
        self.details.set(super::details::Details::SOURCE, on);
        self
    }

    /// Add the module path of the call (field `module`). Default: off.
    ///
    /// ```
    /// let _ = spoolog::Logger::builder().module_path(true);
    /// ```
    pub fn module_path(mut self, on: bool) -> Builder {
        self.details.set(super::details::Details::MODULE, on);
        self
    }

    /// Add the logging thread's name (field `thread`, empty for an unnamed
    /// thread). Default: off.
    ///
    /// ```
    /// let _ = spoolog::Logger::builder().thread_name(true);
    /// ```
    pub fn thread_name(mut self, on: bool) -> Builder {
        self.details.set(super::details::Details::THREAD_NAME, on);
        self
    }

    /// Add a small number per logging thread (field `thread_id`: 1 for the
    /// first thread that logged with this on, 2 for the next, …; std's
    /// `ThreadId` has no stable number). Default: off.
    ///
    /// ```
    /// let _ = spoolog::Logger::builder().thread_id(true);
    /// ```
    pub fn thread_id(mut self, on: bool) -> Builder {
        self.details.set(super::details::Details::THREAD_ID, on);
        self
    }

    /// The logger.
    ///
    /// ```
    /// let log = spoolog::Logger::builder().build();
    /// assert!(log.enabled(spoolog::Level::Info));
    /// ```
    pub fn build(self) -> Logger {
        use super::output::Out;
        let no_color = std::env::var("NO_COLOR").ok();
        // The first output: the builder's own sink, format and writer.
        let mut specs = Vec::new();
        if self.sink.is_some() || self.outputs.is_empty() {
            specs.push(super::Output {
                sink: self.sink.unwrap_or_else(|| Box::new(sink::stdout())),
                format: Some(self.format),
                level: LevelFilter::Trace,
                color: Some(self.color),
                non_blocking: self.non_blocking,
            });
        }
        specs.extend(self.outputs);
        let mut encoders: Vec<Encoder> = Vec::new();
        let mut outputs = Vec::with_capacity(specs.len());
        for spec in specs {
            let mut sink = spec.sink;
            let mut owns_writer = false;
            if let Some(writer) = spec.non_blocking {
                let (nb, started) = writer.start(sink);
                if let Err(e) = started {
                    // No thread to be had: the sink writes synchronously
                    // rather than not at all; say so once.
                    let _ = writeln!(
                        std::io::stderr(),
                        "spoolog: cannot start the background writer ({e}); writing synchronously"
                    );
                }
                sink = Box::new(nb);
                owns_writer = true;
            }
            let color = spec
                .color
                .unwrap_or(self.color)
                .resolve(sink.is_terminal(), no_color.as_deref());
            let enc = sink.encoder().unwrap_or_else(|| {
                Encoder::new(spec.format.unwrap_or(self.format), color)
                    .with_json_keys(self.json_keys)
            });
            let slot = match encoders.iter().position(|e| e.same_output(&enc)) {
                Some(i) => i,
                None => {
                    encoders.push(enc.with_slot(encoders.len().min(255) as u8));
                    encoders.len() - 1
                }
            };
            outputs.push(Out {
                sink,
                slot,
                level: spec.level,
                owns_writer,
            });
        }
        let widest = outputs
            .iter()
            .map(|o| o.level)
            .max()
            .unwrap_or(LevelFilter::Off);
        let retention = self.buffer_retention.unwrap_or_else(|| {
            crate::pool::DEFAULT_MAX_RETAINED.max(self.max_buffer_capacity.saturating_mul(4))
        });
        let pool =
            Pool::<Vec<u8>>::byte_buffers_builder(self.buffer_capacity, self.max_buffer_capacity)
                .max_retained(retention)
                .build();
        let shared = Shared {
            level: LevelCell::new(self.filter.max_level().min(widest)),
            filtering: super::filtering::Filtering::new(self.filter),
            encoders: encoders.into(),
            outputs: outputs.into(),
            time: self.time,
            clock: self.clock,
            details: self.details,
            failures: Arc::new(super::Failures::new(
                self.on_error.unwrap_or_else(|| Box::new(Report::new())),
            )),
            pool,
            sampler: self.sampling.map(super::sample::Sampler::new),
        };
        let logger = Logger {
            shared: Arc::new(shared),
            context: super::ContextBytes::EMPTY,
        };
        let shared = &logger.shared;
        for out in shared.outputs.iter() {
            out.sink.attach(&sink::Attachment::new(
                Arc::clone(&shared.failures),
                logger.id(),
                shared.encoders[out.slot].clone(),
                shared.time.clone(),
            ));
        }
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
