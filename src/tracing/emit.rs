//! The layer's only door into the logger's internals: level and target
//! checks, sampling, encoding span context once, and writing a line through
//! the logger's own hot path (pool, encoder, time, sink, error handling,
//! re-entrancy guard).

use crate::encode::Encoder;
use crate::level::{Level, LevelFilter};
use crate::logger::{ContextBytes, Logger, Open, Source, SpanContext};
use crate::sink::SinkError;
use std::fmt;

/// spoolog's level of a tracing level.
#[inline]
pub(super) fn level(level: &tracing_core::Level) -> Level {
    match *level {
        tracing_core::Level::ERROR => Level::Error,
        tracing_core::Level::WARN => Level::Warn,
        tracing_core::Level::INFO => Level::Info,
        tracing_core::Level::DEBUG => Level::Debug,
        _ => Level::Trace,
    }
}

/// The logger's maximum level, as tracing's.
pub(super) fn max_level(logger: &Logger) -> tracing_core::LevelFilter {
    match logger.level() {
        LevelFilter::Off => tracing_core::LevelFilter::OFF,
        LevelFilter::Error => tracing_core::LevelFilter::ERROR,
        LevelFilter::Warn => tracing_core::LevelFilter::WARN,
        LevelFilter::Info => tracing_core::LevelFilter::INFO,
        LevelFilter::Debug => tracing_core::LevelFilter::DEBUG,
        LevelFilter::Trace => tracing_core::LevelFilter::TRACE,
    }
}

/// Whether a line of call site `site` at `level` for `target` is written:
/// the logger's level (one load), its directives, then sampling.
#[inline]
pub(super) fn wanted(logger: &Logger, site: usize, level: Level, target: &str) -> bool {
    logger.enabled(level) && logger.target_enabled(level, target) && logger.sample(site, level)
}

/// The directives' `/regex` part, for the message of an event.
#[inline]
pub(super) fn message_allowed(logger: &Logger, message: &fmt::Arguments<'_>) -> bool {
    logger.message_allowed(message)
}

/// Whether the one-pass path (message written among the fields) suits the
/// logger's encoder: not for a protocol's, which needs the message up front.
#[inline]
pub(super) fn one_pass(logger: &Logger) -> bool {
    logger.shared.encoders.iter().all(Encoder::splits_message)
}

/// Where an event or span was made, for the logger's record details.
#[inline]
pub(super) fn source<'a>(meta: &'a tracing_core::Metadata<'a>) -> Source<'a> {
    Source {
        file: meta.file(),
        line: meta.line(),
        module: meta.module_path(),
    }
}

/// Encode span fields once (see `Logger::encode_context`).
pub(super) fn context(logger: &Logger, f: impl Fn(&Encoder, &mut Vec<u8>)) -> ContextBytes {
    logger.encode_context(f)
}

/// Count `n` contained formatting panics.
#[cold]
pub(super) fn format_panicked(logger: &Logger, n: u32) {
    for _ in 0..n {
        logger.fail(SinkError::FormatPanicked, 0);
    }
}

/// Whether two handles hold the same bytes (the same encoding).
#[inline]
pub(super) fn same(a: &ContextBytes, b: &ContextBytes) -> bool {
    a.same(b)
}

/// Write one line: `spans` (outermost first; `list`: the nested layout's
/// key) after the logger's context, then `fields`.
#[inline]
#[allow(clippy::too_many_arguments)]
pub(super) fn line(
    logger: &Logger,
    level: Level,
    target: &str,
    message: fmt::Arguments<'_>,
    source: Source<'_>,
    spans: &[ContextBytes],
    list: Option<&str>,
    fields: impl Fn(&Encoder, &mut Vec<u8>),
) {
    logger.emit_with_context(
        level,
        target,
        message,
        source,
        SpanContext { spans, list },
        fields,
    );
}

/// Write one line whose message `body` writes in the same pass as the
/// fields (see `Logger::emit_open`).
#[inline]
pub(super) fn line_open(
    logger: &Logger,
    level: Level,
    target: &str,
    source: Source<'_>,
    spans: &[ContextBytes],
    list: Option<&str>,
    body: impl Fn(&Encoder, &mut Vec<u8>, &mut Open<'_>),
) {
    logger.emit_open(level, target, source, SpanContext { spans, list }, body);
}
