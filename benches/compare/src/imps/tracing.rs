//! tracing-subscriber's `fmt` subscriber: JSON for W2/W4 (no span fields)
//! and W6 (the span list on, the current span off so that each span's
//! fields are written once), the default text format for W3, all with a
//! UTC RFC 3339 microsecond timer, writing into the counting writer through
//! `MakeWriter`.
//!
//! A process has one global dispatcher and this bench needs several
//! subscribers, so each is installed as the thread's scoped default
//! ([`Imp::scope`]) outside the timed loop. tracing then looks the dispatcher
//! up in a thread-local on every event, which a global default would skip.

use super::{RFC3339_MICROS, TARGET};
use crate::{Imp, Out, Req};
use tracing::Dispatch;
use tracing_subscriber::fmt::time::ChronoUtc;

/// tracing, workload `W` (0, 2, 3, 6; 4 is 2 from two threads).
pub struct Fmt<const W: u8> {
    dispatch: Dispatch,
    out: Out,
}

impl<const W: u8> Fmt<W> {
    /// W0/W2: the JSON subscriber with flattened fields; W3: the text one;
    /// W6: JSON with flattened event fields and the span list.
    pub fn new(out: Out) -> Self {
        let b = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_timer(ChronoUtc::new(RFC3339_MICROS.to_owned()))
            .with_ansi(false)
            .with_writer(out.clone());
        let dispatch = if W == 3 {
            Dispatch::new(b.finish())
        } else if W == 6 {
            Dispatch::new(
                b.json()
                    .flatten_event(true)
                    .with_current_span(false)
                    .with_span_list(true)
                    .finish(),
            )
        } else {
            Dispatch::new(
                b.json()
                    .flatten_event(true)
                    .with_current_span(false)
                    .with_span_list(false)
                    .finish(),
            )
        };
        Fmt { dispatch, out }
    }
}

impl<const W: u8> Imp for Fmt<W> {
    #[inline]
    fn call(&self, i: u64) {
        let r = Req::at(i);
        match W {
            0 => tracing::debug!(target: TARGET, method = r.method, path = r.path,
                status = r.status, latency_us = r.latency_us, cache_hit = r.cache_hit, "request handled"),
            // `%`: strings as `Display`, so text reads `method=GET`, not `method="GET"`.
            3 => tracing::info!(target: TARGET, method = %r.method, path = %r.path,
                status = r.status, latency_us = r.latency_us, cache_hit = r.cache_hit, "request handled"),
            _ => tracing::info!(target: TARGET, method = r.method, path = r.path,
                status = r.status, latency_us = r.latency_us, cache_hit = r.cache_hit, "request handled"),
        }
    }
    fn out(&self) -> &Out {
        &self.out
    }
    fn scope<R>(&self, f: impl FnOnce() -> R) -> R {
        if W == 6 {
            tracing::dispatcher::with_default(&self.dispatch, || super::in_w6_spans(f))
        } else {
            tracing::dispatcher::with_default(&self.dispatch, f)
        }
    }
}
