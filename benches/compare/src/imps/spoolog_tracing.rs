//! `tracing`'s macros into spoolog's `tracing` layer (`SpoologLayer` on a
//! `Registry`), JSON with RFC 3339 microsecond time into the counting
//! writer: W2 outside any span, W6 inside W6's two spans (flattened), W0
//! a `debug!` the logger's level (`info`) filters out.
//!
//! Installed as the thread's scoped default like the `tracing` peer
//! ([`Imp::scope`]), so both pay the same dispatcher lookup per event.

use super::TARGET;
use crate::{Imp, Out, Req};
use spoolog::time::UnixTime;
use spoolog::tracing::SpoologLayer;
use spoolog::Format;
use tracing::Dispatch;
use tracing_subscriber::layer::SubscriberExt;

/// spoolog's layer, workload `W` (0, 2 or 6).
pub struct Layer<const W: u8> {
    dispatch: Dispatch,
    out: Out,
}

impl<const W: u8> Layer<W> {
    /// A registry with spoolog's layer on a JSON logger into `out`; `fixed`
    /// stops its clock (tests).
    pub fn new(out: Out, fixed: Option<UnixTime>) -> Self {
        let log = super::spoolog::logger(Format::Json, &out, fixed);
        let dispatch = Dispatch::new(tracing_subscriber::registry().with(SpoologLayer::new(log)));
        Layer { dispatch, out }
    }
}

impl<const W: u8> Imp for Layer<W> {
    #[inline]
    fn call(&self, i: u64) {
        let r = Req::at(i);
        if W == 0 {
            tracing::debug!(target: TARGET, method = r.method, path = r.path,
                status = r.status, latency_us = r.latency_us, cache_hit = r.cache_hit, "request handled");
        } else {
            tracing::info!(target: TARGET, method = r.method, path = r.path,
                status = r.status, latency_us = r.latency_us, cache_hit = r.cache_hit, "request handled");
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
