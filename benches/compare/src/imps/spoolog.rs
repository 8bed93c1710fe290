//! spoolog through its own macros, through the `log` facade, and (W1) from
//! its pieces.

use super::{TARGET, W1_MSG};
use crate::{Imp, Out, Req};
use spoolog::logger::ColorChoice;
use spoolog::sink::Sink;
use spoolog::time::{Clock, UnixTime};
use spoolog::{Builder, Format, LevelFilter, Logger, Pool, TimeLayout};
use std::sync::OnceLock;

/// A clock stopped at one instant (output tests).
struct Fixed(UnixTime);

impl Clock for Fixed {
    fn now(&self) -> UnixTime {
        self.0
    }
}

/// A logger in `format` with RFC 3339 microsecond timestamps into `out`;
/// `fixed` stops its clock (tests), `None` is the system clock.
pub fn logger(format: Format, out: &Out, fixed: Option<UnixTime>) -> Logger {
    builder(format, out, fixed).build()
}

fn builder(format: Format, out: &Out, fixed: Option<UnixTime>) -> Builder {
    let b = Logger::builder()
        .format(format)
        .level(LevelFilter::Info)
        .time(TimeLayout::rfc3339(6))
        .color(ColorChoice::Never)
        .sink(out.clone());
    match fixed {
        Some(t) => b.clock(Fixed(t)),
        None => b,
    }
}

static GLOBAL_OUT: OnceLock<Out> = OnceLock::new();

/// Install a JSON spoolog logger as the process's `log` logger (once per
/// process; later calls return the first one's `Out`).
pub fn install_global(out: Out, fixed: Option<UnixTime>) -> Out {
    GLOBAL_OUT
        .get_or_init(|| {
            builder(Format::Json, &out, fixed)
                .init()
                .expect("no other global logger in this process");
            out
        })
        .clone()
}

/// spoolog's macros, workload `W` (0, 2 or 3; 4 is 2 from two threads).
pub struct Macro<const W: u8> {
    log: Logger,
    out: Out,
}

impl<const W: u8> Macro<W> {
    /// W0 and W2 log JSON, W3 text.
    pub fn new(out: Out, fixed: Option<UnixTime>) -> Self {
        let format = if W == 3 { Format::Text } else { Format::Json };
        Macro {
            log: logger(format, &out, fixed),
            out,
        }
    }
}

impl<const W: u8> Imp for Macro<W> {
    #[inline]
    fn call(&self, i: u64) {
        let r = Req::at(i);
        if W == 0 {
            spoolog::debug!(logger: &self.log, target: TARGET, method = r.method, path = r.path,
                status = r.status, latency_us = r.latency_us, cache_hit = r.cache_hit; "request handled");
        } else {
            spoolog::info!(logger: &self.log, target: TARGET, method = r.method, path = r.path,
                status = r.status, latency_us = r.latency_us, cache_hit = r.cache_hit; "request handled");
        }
    }
    fn out(&self) -> &Out {
        &self.out
    }
}

/// W0 with a level disabled only for the call's target: the logger's
/// directives are `info,app::db=debug`, so a `debug` call passes the level
/// check (the maximum is `debug`) and is refused for `app::server` by the
/// directives, through the call site's cache.
pub struct TargetOff {
    log: Logger,
    out: Out,
}

impl TargetOff {
    /// The logger with those directives.
    pub fn new(out: Out) -> TargetOff {
        let log = builder(Format::Json, &out, None)
            .filter(spoolog::filter::Filter::parse("info,app::db=debug").expect("directives"))
            .build();
        TargetOff { log, out }
    }
}

impl Imp for TargetOff {
    #[inline]
    fn call(&self, i: u64) {
        let r = Req::at(i);
        spoolog::debug!(logger: &self.log, target: TARGET, method = r.method, path = r.path,
            status = r.status, latency_us = r.latency_us, cache_hit = r.cache_hit; "request handled");
    }
    fn out(&self) -> &Out {
        &self.out
    }
}

/// spoolog behind the `log` facade: `log::debug!`/`log::info!` into the
/// global logger for W0/W2, and (W3, text) a `log::Record` handed to a
/// second spoolog logger with `log::Log::log`, since a process has one
/// global logger.
pub struct Facade<const W: u8> {
    text: Option<Logger>,
    out: Out,
}

impl<const W: u8> Facade<W> {
    /// W0/W2 need [`install_global`] first and share its `Out`; W3 uses
    /// `out` for its own text logger.
    pub fn new(out: Out, fixed: Option<UnixTime>) -> Self {
        if W == 3 {
            Facade {
                text: Some(logger(Format::Text, &out, fixed)),
                out,
            }
        } else {
            Facade {
                text: None,
                out: GLOBAL_OUT.get().expect("install_global first").clone(),
            }
        }
    }
}

impl<const W: u8> Imp for Facade<W> {
    #[inline]
    fn call(&self, i: u64) {
        let r = Req::at(i);
        match (W, &self.text) {
            (0, _) => log::debug!(target: TARGET, method = r.method, path = r.path,
                status = r.status, latency_us = r.latency_us, cache_hit = r.cache_hit; "request handled"),
            (3, Some(text)) => {
                let kvs: [(&str, log::kv::Value); 5] = [
                    ("method", r.method.into()),
                    ("path", r.path.into()),
                    ("status", r.status.into()),
                    ("latency_us", r.latency_us.into()),
                    ("cache_hit", r.cache_hit.into()),
                ];
                log::Log::log(
                    text,
                    &log::Record::builder()
                        .level(log::Level::Info)
                        .target(TARGET)
                        .args(format_args!("request handled"))
                        .key_values(&kvs)
                        .build(),
                );
            }
            _ => log::info!(target: TARGET, method = r.method, path = r.path,
                status = r.status, latency_us = r.latency_us, cache_hit = r.cache_hit; "request handled"),
        }
    }
    fn out(&self) -> &Out {
        &self.out
    }
}

/// W1 through the `Logger` (issue 9's form): text, `hms` time, the static
/// message, no target — `14:23:32 INFO some log message` — into `out`.
pub struct LoggerW1 {
    log: Logger,
    out: Out,
}

impl LoggerW1 {
    /// Into `out`.
    pub fn new(out: Out) -> LoggerW1 {
        let log = Logger::builder()
            .format(Format::Text)
            .time(TimeLayout::hms())
            .color(ColorChoice::Never)
            .sink(out.clone())
            .build();
        LoggerW1 { log, out }
    }
}

impl Imp for LoggerW1 {
    #[inline]
    fn call(&self, _i: u64) {
        self.log.log(
            spoolog::Level::Info,
            "",
            format_args!("some log message"),
            &[],
        );
    }
    fn out(&self) -> &Out {
        &self.out
    }
}

/// W1 from spoolog's pieces: the logger cannot write W1's line (it always
/// writes a level and a target), so this is `Pool` + `TimeLayout::hms()` +
/// the static message, then one `Sink::write_line` (no newline, as W1).
pub struct Pieces {
    pool: Pool<Vec<u8>>,
    layout: TimeLayout,
    clock: Option<spoolog::time::TscClock>,
    out: Out,
}

impl Pieces {
    /// Into `out`.
    pub fn new(out: Out) -> Pieces {
        Pieces {
            pool: Pool::<Vec<u8>>::byte_buffers(512, 64 * 1024),
            layout: TimeLayout::hms(),
            clock: spoolog::time::TscClock::new(),
            out,
        }
    }

    /// One W1 line at time `t`.
    #[inline]
    pub fn line_at(&self, t: UnixTime) {
        let mut buf = self.pool.get();
        self.layout.append(&mut buf, t);
        buf.extend_from_slice(b" : ");
        buf.extend_from_slice(W1_MSG.as_bytes());
        let _ = self.out.write_line(&buf);
    }
}

impl Imp for Pieces {
    #[inline]
    fn call(&self, _i: u64) {
        // The clock a spoolog logger uses by default.
        self.line_at(self.clock.map_or_else(UnixTime::now, |c| c.now()));
    }
    fn out(&self) -> &Out {
        &self.out
    }
}
