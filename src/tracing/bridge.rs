//! `log` records into a `tracing` program with their key-values.
//!
//! tracing-log's `LogTracer` turns each `log` record into a `tracing` event
//! with a fixed field set and drops the record's key-values. The bridge is
//! a `log` logger that, before handing the record to a `LogTracer`, encodes
//! the key-values with its layer's logger (once per output format, into
//! buffers kept per thread) and leaves them where that layer's `on_event`
//! finds them for this one record. The event itself still goes through
//! tracing: span context, `tracing-subscriber` filters and the other layers
//! see it exactly as with `LogTracer` alone.

use crate::logger::Logger;
use crate::Level;
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The key-values of the record being handed to tracing on this thread.
pub(super) struct Forwarded {
    /// The logger (its shared state) that encoded `parts`.
    logger: usize,
    /// Encoded fields, one entry per encoder slot of that logger.
    parts: Vec<Vec<u8>>,
}

/// Kept buffers larger than this are freed rather than kept for the next
/// record (a bridge record with huge values must not pin the memory).
const KEEP_MAX: usize = 64 * 1024;

thread_local! {
    /// The record being forwarded right now (none outside `LogBridge::log`).
    static CURRENT: Cell<Option<Forwarded>> = const { Cell::new(None) };
    /// Buffers of the last record, for the next one (no allocation once warm).
    static SPARE: Cell<Option<Forwarded>> = const { Cell::new(None) };
}

fn logger_id(logger: &Logger) -> usize {
    std::sync::Arc::as_ptr(&logger.shared) as *const () as usize
}

/// The encoded key-values of the `log` record now being forwarded (taken:
/// a `log` call made while the event is written is another record and
/// finds none). Give them back with [`put_back`] when the line is written,
/// for the next layer.
#[cold]
pub(super) fn take() -> Option<Forwarded> {
    CURRENT.try_with(Cell::take).ok().flatten()
}

/// Undo [`take`].
#[cold]
pub(super) fn put_back(taken: Forwarded) {
    let _ = CURRENT.try_with(|c| c.set(Some(taken)));
}

impl Forwarded {
    /// Whether `logger` encoded these (another spoolog layer's logger may
    /// have other encoders).
    pub(super) fn is_for(&self, logger: &Logger) -> bool {
        self.logger == logger_id(logger)
    }

    /// The bytes to append for encoder slot `slot`.
    pub(super) fn get(&self, slot: usize) -> &[u8] {
        self.parts.get(slot).map_or(&[][..], Vec::as_slice)
    }
}

/// A `log` logger for programs that log through `tracing`: records go to
/// tracing as with tracing-log's `LogTracer` (inside the current spans,
/// through every layer and filter), and the [`SpoologLayer`](super::SpoologLayer)
/// it was made from writes them **with their key-values**, after the span
/// fields. Other layers see what `LogTracer` gives them (no key-values).
///
/// Made by [`SpoologLayer::log_bridge`](super::SpoologLayer::log_bridge);
/// install it with [`init`](LogBridge::init) instead of `LogTracer::init()`.
///
/// ```
/// use spoolog::{sink::Capture, tracing::SpoologLayer, Format, Logger};
/// use tracing_subscriber::layer::SubscriberExt;
///
/// let cap = Capture::new();
/// let log = Logger::builder().format(Format::Json).no_time().sink(cap.clone()).build();
/// let layer = SpoologLayer::new(log);
/// let bridge = layer.log_bridge();
/// let subscriber = tracing_subscriber::registry().with(layer);
/// tracing::subscriber::with_default(subscriber, || {
///     let span = tracing::info_span!("request", id = 7u64);
///     let _in = span.enter();
///     // What `log::info!(target: "db", rows = 3; "query done")` hands the
///     // installed logger (`bridge.init()` would make it the global one):
///     log::Log::log(
///         &bridge,
///         &log::Record::builder()
///             .level(log::Level::Info)
///             .target("db")
///             .args(format_args!("query done"))
///             .key_values(&[("rows", 3u64)])
///             .build(),
///     );
/// });
/// assert_eq!(cap.lines(), [r#"{"level":"INFO","target":"db","msg":"query done","id":7,"rows":3}"#]);
/// ```
pub struct LogBridge {
    tracer: tracing_log::LogTracer,
    logger: Logger,
}

impl std::fmt::Debug for LogBridge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogBridge")
            .field("logger", &self.logger)
            .finish_non_exhaustive()
    }
}

impl LogBridge {
    pub(super) fn new(logger: Logger) -> LogBridge {
        LogBridge {
            tracer: tracing_log::LogTracer::new(),
            logger,
        }
    }

    /// Install the bridge as the process's `log` logger, with `log`'s
    /// maximum level at `trace` (tracing's filters decide), as
    /// `LogTracer::init()` does. Fails when a `log` logger is already set.
    ///
    /// ```
    /// # let layer = spoolog::tracing::SpoologLayer::new(spoolog::Logger::builder().build());
    /// layer.log_bridge().init().expect("no other log logger yet");
    /// assert!(layer.log_bridge().init().is_err());
    /// ```
    pub fn init(self) -> Result<(), log::SetLoggerError> {
        log::set_boxed_logger(Box::new(self))?;
        log::set_max_level(log::LevelFilter::Trace);
        Ok(())
    }

    /// Encode `record`'s key-values for every output format of the logger
    /// (nothing when the logger would not write the record anyway).
    fn encode(&self, record: &log::Record<'_>) -> Option<Forwarded> {
        let level: Level = record.level().into();
        if !self.logger.enabled(level) || record.key_values().count() == 0 {
            return None;
        }
        let mut fw = SPARE
            .try_with(Cell::take)
            .ok()
            .flatten()
            .unwrap_or(Forwarded {
                logger: 0,
                parts: Vec::new(),
            });
        fw.logger = logger_id(&self.logger);
        let encoders = &self.logger.shared.encoders;
        fw.parts.resize_with(encoders.len(), Vec::new);
        for (enc, part) in encoders.iter().zip(fw.parts.iter_mut()) {
            part.clear();
            let kvs = record.key_values();
            // A panicking `Display` among the values: the line is written
            // without the record's key-values (a field cut short would
            // break it), and the failure is counted.
            if catch_unwind(AssertUnwindSafe(|| {
                crate::facade::encode_kvs(enc, part, kvs)
            }))
            .is_err()
            {
                part.clear();
                self.logger.fail(crate::sink::SinkError::FormatPanicked, 0);
            }
        }
        Some(fw)
    }
}

impl log::Log for LogBridge {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        self.tracer.enabled(metadata)
    }

    fn log(&self, record: &log::Record<'_>) {
        if !self.tracer.enabled(record.metadata()) {
            return;
        }
        let fw = self.encode(record);
        if fw.is_none() {
            self.tracer.log(record);
            return;
        }
        let prev = CURRENT.try_with(|c| c.replace(fw)).ok().flatten();
        self.tracer.log(record);
        let done = CURRENT.try_with(|c| c.replace(prev)).ok().flatten();
        if let Some(mut fw) = done {
            if fw.parts.iter().all(|p| p.capacity() <= KEEP_MAX) {
                fw.parts.iter_mut().for_each(Vec::clear);
                let _ = SPARE.try_with(|s| s.set(Some(fw)));
            }
        }
    }

    fn flush(&self) {
        let _ = self.logger.flush();
    }
}
