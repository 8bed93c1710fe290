//! The front-end: a configured logger and its builder.
//!
//! A [`Logger`] wires a level, a time layout, an encoder, pre-encoded context
//! fields and a sink, and owns the pool of line buffers. One call:
//! level check → borrow a buffer → encode time, level, target, message,
//! context and fields → one `write_line` → buffer back to the pool.

mod builder;
// Used by the `tracing` layer only, for now.
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
mod context;
mod details;
mod emit;
mod failure;
mod filtering;
mod output;
mod reentry;
mod sample;

pub use builder::{Builder, ColorChoice};
#[cfg_attr(not(feature = "tracing"), allow(unused_imports))]
pub(crate) use context::{ContextBytes, Open, SpanContext};
pub(crate) use details::Source;
pub use filtering::SiteCache;
pub use output::Output;
pub use sample::Sampling;

use crate::encode::Encoder;
use crate::field::Field;
use crate::filter::Filter;
use crate::level::{Level, LevelCell, LevelFilter};
use crate::pool::Pool;
use crate::sink::Sink;
use crate::time::{Clock, TimeLayout, TscClock, UnixTime};
pub(crate) use failure::Failures;
pub(crate) use reentry::Scope;
use std::fmt;
use std::sync::Arc;

/// Where a logger's timestamps come from.
pub(crate) enum ClockSource {
    System,
    Tsc(TscClock),
    Custom(Box<dyn Clock>),
}

impl ClockSource {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn now(&self) -> UnixTime {
        match self {
            ClockSource::System => UnixTime::now(),
            ClockSource::Tsc(c) => c.now(),
            ClockSource::Custom(c) => c.now(),
        }
    }
}

/// What every clone and child of one logger shares.
pub(crate) struct Shared {
    /// The most verbose level anything lets through: the cheap first check.
    pub(crate) level: LevelCell,
    /// Per-target and message directives, changeable at run time.
    pub(crate) filtering: filtering::Filtering,
    /// One encoder per distinct format among the outputs (`slot` = index).
    pub(crate) encoders: Box<[Encoder]>,
    /// At least one.
    pub(crate) outputs: Box<[output::Out]>,
    pub(crate) time: Option<TimeLayout>,
    pub(crate) clock: ClockSource,
    pub(crate) details: details::Details,
    pub(crate) failures: Arc<Failures>,
    pub(crate) pool: Pool<Vec<u8>>,
    /// `None` unless [`Builder::sample`] was given.
    pub(crate) sampler: Option<sample::Sampler>,
}

impl Drop for Shared {
    fn drop(&mut self) {
        for out in self.outputs.iter().filter(|o| o.owns_writer) {
            let _ = out.sink.close();
        }
    }
}

/// A configured logger. Cheap to clone (clones share everything); children
/// made with [`Logger::with`] add context fields that are encoded once.
///
/// ```
/// use spoolog::{Field, Format, Level, Logger, sink::Capture};
/// let cap = Capture::new();
/// let log = Logger::builder().format(Format::Logfmt).no_time().sink(cap.clone()).build();
/// log.log(Level::Info, "app", format_args!("started"), &[Field::new("port", &8080)]);
/// assert_eq!(cap.lines(), ["level=info target=app msg=started port=8080"]);
/// ```
#[derive(Clone)]
pub struct Logger {
    pub(crate) shared: Arc<Shared>,
    /// Context fields, already encoded, once per encoder.
    pub(crate) context: ContextBytes,
}

impl fmt::Debug for Logger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Logger")
            .field("level", &self.level())
            .field("outputs", &self.shared.outputs.len())
            .field("context_bytes", &self.context.len())
            .finish_non_exhaustive()
    }
}

impl Logger {
    /// A builder with the defaults: JSON, `info`, RFC 3339 UTC time with
    /// microseconds, standard output.
    ///
    /// ```
    /// let log = spoolog::Logger::builder().build();
    /// assert_eq!(log.level(), spoolog::LevelFilter::Info);
    /// ```
    pub fn builder() -> Builder {
        Builder::new()
    }

    /// Whether a record at `level` would be written: one relaxed load.
    ///
    /// ```
    /// use spoolog::{Level, Logger};
    /// let log = Logger::builder().level(spoolog::LevelFilter::Warn).build();
    /// assert!(log.enabled(Level::Error));
    /// assert!(!log.enabled(Level::Info));
    /// ```
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn enabled(&self, level: Level) -> bool {
        self.shared.level.enabled(level)
    }

    /// The current maximum level.
    ///
    /// ```
    /// let log = spoolog::Logger::builder().level(spoolog::LevelFilter::Debug).build();
    /// assert_eq!(log.level(), spoolog::LevelFilter::Debug);
    /// ```
    pub fn level(&self) -> LevelFilter {
        self.shared.level.get()
    }

    /// Change the maximum level at run time; it applies to every clone and
    /// child of this logger. Per-target directives given with
    /// [`Builder::filter`] still apply below this maximum. For the global logger use
    /// [`set_max_level`](crate::set_max_level), which also tells the `log`
    /// facade.
    ///
    /// ```
    /// use spoolog::{Level, LevelFilter, Logger};
    /// let log = Logger::builder().build();
    /// log.set_level(LevelFilter::Trace);
    /// assert!(log.enabled(Level::Trace));
    /// ```
    pub fn set_level(&self, filter: LevelFilter) {
        self.shared.level.set(filter);
        if crate::facade::is_global(self) {
            crate::facade::global_level_changed(filter);
        }
    }

    /// A child logger whose lines all carry `fields` after the message.
    /// The fields are encoded once, here; each line copies the bytes.
    ///
    /// ```
    /// use spoolog::{Field, Format, Level, Logger, sink::Capture};
    /// let cap = Capture::new();
    /// let root = Logger::builder().format(Format::Logfmt).no_time().sink(cap.clone()).build();
    /// let req = root.with(&[Field::new("request_id", "r-17")]);
    /// req.log(Level::Info, "app", format_args!("done"), &[]);
    /// assert_eq!(cap.lines(), ["level=info target=app msg=done request_id=r-17"]);
    /// ```
    ///
    /// A field whose `Display`/`Debug` panics is contained like on the
    /// logging path: its value becomes `<formatting panicked>` and the
    /// failure is counted in [`errors`](Logger::errors).
    pub fn with(&self, fields: &[Field<'_>]) -> Logger {
        let parts = self
            .shared
            .encoders
            .iter()
            .map(|enc| {
                let mut bytes = self.context.part(enc.slot()).to_vec();
                for f in fields {
                    let start = bytes.len();
                    let encoded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        enc.write_field(&mut bytes, f);
                    }));
                    if encoded.is_err() {
                        bytes.truncate(start);
                        enc.field(
                            &mut bytes,
                            f.key,
                            &crate::Value::Str("<formatting panicked>"),
                        );
                        self.fail(crate::sink::SinkError::FormatPanicked, 0);
                    }
                }
                bytes
            })
            .collect();
        Logger {
            shared: Arc::clone(&self.shared),
            context: ContextBytes::from_parts(parts),
        }
    }

    /// Log one record with `fields`, if `level` is enabled. This is what the
    /// crate's macros call; it never panics and never allocates once the
    /// buffer pool is warm.
    ///
    /// ```
    /// use spoolog::{Field, Format, Level, Logger, sink::Capture};
    /// let cap = Capture::new();
    /// let log = Logger::builder().format(Format::Json).no_time().sink(cap.clone()).build();
    /// let id = 42;
    /// log.log(Level::Warn, "auth", format_args!("user {id} locked"), &[Field::new("tries", &3)]);
    /// assert_eq!(
    ///     cap.lines(),
    ///     [r#"{"level":"WARN","target":"auth","msg":"user 42 locked","tries":3}"#]
    /// );
    /// ```
    ///
    /// With [`Builder::sample`], lines called this way are sampled per
    /// target (the address of the `target` string stands for the call site;
    /// the macros use their call site's own).
    #[inline]
    pub fn log(
        &self,
        level: Level,
        target: &str,
        message: fmt::Arguments<'_>,
        fields: &[Field<'_>],
    ) {
        self.log_at(
            target.as_ptr() as usize,
            level,
            target,
            message,
            Source::NONE,
            None,
            fields,
        )
    }

    /// [`log`](Logger::log) for call site `site` (the sampling key).
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn log_at(
        &self,
        site: usize,
        level: Level,
        target: &str,
        message: fmt::Arguments<'_>,
        source: Source<'_>,
        cache: Option<&SiteCache>,
        fields: &[Field<'_>],
    ) {
        if self.enabled(level) && self.target_allows(level, target, cache) {
            self.log_wanted(site, level, target, message, source, fields);
        }
    }

    /// [`log_at`](Self::log_at) once level and target are known to pass
    /// (the macros check them before building the fields).
    #[inline]
    pub(crate) fn log_wanted(
        &self,
        site: usize,
        level: Level,
        target: &str,
        message: fmt::Arguments<'_>,
        source: Source<'_>,
        fields: &[Field<'_>],
    ) {
        if self.message_allowed(&message) && self.sample(site, level) {
            self.emit(level, target, message, source, |enc, buf| {
                for f in fields {
                    enc.write_field(buf, f);
                }
            });
        }
    }

    /// [`log_wanted`](Self::log_wanted) from a macro call site (`meta`,
    /// with its head cache `head`): the same line, its start from the
    /// cache (see `encode::head_cache`).
    #[inline]
    pub(crate) fn log_site(
        &self,
        meta: &'static crate::Metadata,
        head: &crate::encode::head_cache::HeadSlot,
        message: fmt::Arguments<'_>,
        fields: &[Field<'_>],
    ) {
        let site = meta as *const crate::Metadata as usize;
        if self.message_allowed(&message) && self.sample(site, meta.level) {
            let source = Source {
                file: Some(meta.file),
                line: Some(meta.line),
                module: Some(meta.module),
            };
            // Not `log_wanted`'s closure: one closure shared by both made
            // the compiler inline less (W2 +20, W3 +33 instructions under
            // callgrind). `write_fields` picks the format once for all the
            // JSON fields (W2 958.6 -> 930.7, W5 1033.7 -> 1004.8); in
            // `log_wanted` it cost W1 8 instructions, so that keeps the
            // loop of `write_field`s.
            self.emit_at(meta, head, message, source, |enc, buf| {
                enc.write_fields(buf, fields);
            });
        }
    }

    /// The `/regex` part of the directives (`RUST_LOG=info/upstream`): true
    /// when there is none, else whether the formatted message matches. The
    /// message is formatted into a pooled buffer for this only when it is
    /// not a plain string; nothing is allocated.
    ///
    /// ```
    /// use spoolog::{filter::Filter, Logger};
    /// let log = Logger::builder().filter(Filter::parse("info/time.?out").unwrap()).build();
    /// assert!(log.message_allowed(&format_args!("upstream timeout")));
    /// let n = 3;
    /// assert!(!log.message_allowed(&format_args!("{n} requests")));
    /// ```
    #[inline]
    pub fn message_allowed(&self, message: &fmt::Arguments<'_>) -> bool {
        if !self.shared.filtering.on() {
            return true;
        }
        match &*self.shared.filtering.guard() {
            Some(f) if f.has_message_filter() => self.message_matches(f, message),
            _ => true,
        }
    }

    #[cold]
    #[inline(never)]
    fn message_matches(&self, filter: &Filter, message: &fmt::Arguments<'_>) -> bool {
        if let Some(s) = message.as_str() {
            return filter.message_matches(s);
        }
        self.shared.pool.scoped(|buf| {
            struct Raw<'a>(&'a mut Vec<u8>);
            impl fmt::Write for Raw<'_> {
                fn write_str(&mut self, s: &str) -> fmt::Result {
                    self.0.extend_from_slice(s.as_bytes());
                    Ok(())
                }
            }
            // A panicking `Display` here lets the record through: the hot
            // path contains that panic and says so in the line.
            let formatted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                fmt::Write::write_fmt(&mut Raw(buf), *message).is_ok()
            }));
            match formatted {
                Ok(true) => std::str::from_utf8(buf).map_or(true, |s| filter.message_matches(s)),
                _ => true,
            }
        })
    }

    /// The per-target part of the filter: true when no directive names a
    /// target, else what the most specific directive says.
    ///
    /// ```
    /// use spoolog::{filter::Filter, Level, Logger};
    /// let log = Logger::builder().filter(Filter::parse("info,db=warn").unwrap()).build();
    /// assert!(log.target_enabled(Level::Info, "app"));
    /// assert!(!log.target_enabled(Level::Info, "db::pool"));
    /// ```
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn target_enabled(&self, level: Level, target: &str) -> bool {
        self.target_allows(level, target, None)
    }

    /// How many failures there were (I/O errors, contained panics in sinks
    /// and in formatting, re-entrant lines), over the life of this logger
    /// and its clones.
    ///
    /// ```
    /// assert_eq!(spoolog::Logger::builder().build().errors(), 0);
    /// ```
    pub fn errors(&self) -> u64 {
        self.shared.failures.errors()
    }

    /// How many lines never reached the sink: failed writes, re-entrant
    /// lines, lines dropped by a full background writer. (A record whose
    /// formatting panicked is replaced by a line saying so, and is not
    /// counted here.)
    ///
    /// ```
    /// assert_eq!(spoolog::Logger::builder().build().lost(), 0);
    /// ```
    pub fn lost(&self) -> u64 {
        self.shared.failures.lost()
    }

    /// Deliver everything and stop background work: the sink's
    /// [`close`](Sink::close) — for a background writer, every queued line
    /// is written and flushed, its thread stops, and later lines are written
    /// on the calling thread. The global logger's exit hooks call this.
    ///
    /// ```
    /// let log = spoolog::Logger::builder().sink(spoolog::sink::Capture::new()).build();
    /// log.close()?;
    /// spoolog::info!(logger: &log, "still written");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn close(&self) -> std::io::Result<()> {
        let mut result = Ok(());
        for out in self.shared.outputs.iter() {
            if let Err(e) = out.sink.close() {
                result = Err(e);
            }
        }
        result
    }

    /// The line-buffer pool's counters: buffers made and reused, bytes kept
    /// idle across threads (bounded by
    /// [`Builder::buffer_retention`]), and so on. The buffer a thread keeps
    /// in its front slot for its next line (see
    /// [`FRONT_MAX`](crate::pool::FRONT_MAX)) counts as handed out until
    /// the thread exits.
    ///
    /// ```
    /// let log = spoolog::Logger::builder().sink(spoolog::sink::Capture::new()).build();
    /// spoolog::info!(logger: &log, "one");
    /// spoolog::info!(logger: &log, "two"); // the same buffer again
    /// let s = log.pool_stats();
    /// assert_eq!((s.created, s.outstanding()), (1, 1));
    /// std::thread::spawn(move || spoolog::info!(logger: &log, "three"))
    ///     .join()
    ///     .unwrap(); // that thread's buffer came back when it exited
    /// ```
    pub fn pool_stats(&self) -> crate::pool::PoolStats {
        self.shared.pool.stats()
    }

    /// Flush the sink: returns when every line written so far has reached
    /// the sink's destination (see [`Sink::flush`]).
    ///
    /// ```
    /// spoolog::Logger::builder().sink(spoolog::sink::stderr()).build().flush().unwrap();
    /// ```
    pub fn flush(&self) -> std::io::Result<()> {
        let mut result = Ok(());
        for out in self.shared.outputs.iter() {
            if let Err(e) = out.sink.flush() {
                result = Err(e);
            }
        }
        result
    }

    /// Identifies this logger (and its clones and children) on the
    /// re-entrancy lists: the address of the state they share.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn id(&self) -> usize {
        Arc::as_ptr(&self.shared) as usize
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn now(&self) -> UnixTime {
        self.shared.clock.now()
    }
}
