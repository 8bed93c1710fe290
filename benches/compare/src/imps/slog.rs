//! slog with slog-json behind a `Mutex` drain (the synchronous setup of
//! slog's docs). The drain's keys are `ts` (UTC RFC 3339, microseconds),
//! `level` and `msg`; the target is a logger key, as slog has no targets.
//!
//! W0 note: slog's macros compile out `debug!` in release builds by default
//! (its `release_max_level_info`-like default), so its W0 is a constant-false
//! branch, not a runtime level check.

use super::TARGET;
use crate::{Imp, Out, Req};
use slog::{o, Drain, FnValue, PushFnValue};
use std::sync::Mutex;

/// slog, workload `W` (0 or 2; 4 is 2 from two threads).
pub struct Json<const W: u8> {
    log: slog::Logger,
    out: Out,
}

impl<const W: u8> Json<W> {
    /// A root logger into `out`.
    pub fn new(out: Out) -> Self {
        let drain = slog_json::Json::new(out.clone())
            .set_newlines(true)
            .add_key_value(o!(
                "ts" => PushFnValue(|_, ser| ser.emit(
                    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
                )),
                "level" => FnValue(|r| r.level().as_short_str()),
                "msg" => PushFnValue(|r, ser| ser.emit(r.msg())),
            ))
            .build();
        // A runtime level filter, as slog's docs recommend: `info`, like every
        // other implementation here (release builds also compile out `debug`).
        let drain = slog::LevelFilter::new(Mutex::new(drain).fuse(), slog::Level::Info).fuse();
        let log = slog::Logger::root(drain, o!("target" => TARGET));
        Json { log, out }
    }
}

impl<const W: u8> Imp for Json<W> {
    #[inline]
    fn call(&self, i: u64) {
        let r = Req::at(i);
        if W == 0 {
            slog::debug!(self.log, "request handled"; "method" => r.method, "path" => r.path,
                "status" => r.status, "latency_us" => r.latency_us, "cache_hit" => r.cache_hit);
        } else {
            slog::info!(self.log, "request handled"; "method" => r.method, "path" => r.path,
                "status" => r.status, "latency_us" => r.latency_us, "cache_hit" => r.cache_hit);
        }
    }
    fn out(&self) -> &Out {
        &self.out
    }
}
