//! What the layer keeps per span, in the registry's span extensions.
//!
//! A span's fields are encoded when it is created and again when fields are
//! recorded into it, never per event: an event copies [`SpanData::line`]
//! (a reference-counted byte string, cloned out of the extensions so that no
//! lock is held while the line is written). Creating a span allocates: the
//! extension entry, the encoded bytes, and (nested layout) the framed bytes.

use crate::logger::ContextBytes;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Instant;

/// What every spoolog layer of one registry keeps for a span: extensions
/// are keyed by type, so two layers (two loggers, two layouts) share this
/// one entry and each finds its own data by its layer id.
#[derive(Default)]
pub(super) struct SpanStore(Vec<(usize, SpanData)>);

impl SpanStore {
    #[inline]
    pub(super) fn get(&self, layer: usize) -> Option<&SpanData> {
        self.0.iter().find(|(id, _)| *id == layer).map(|(_, d)| d)
    }

    #[inline]
    pub(super) fn get_mut(&mut self, layer: usize) -> Option<&mut SpanData> {
        self.0
            .iter_mut()
            .find(|(id, _)| *id == layer)
            .map(|(_, d)| d)
    }

    /// Keep `data` for `layer` (replacing what it had).
    pub(super) fn put(&mut self, layer: usize, data: SpanData) {
        match self.get_mut(layer) {
            Some(d) => *d = data,
            None => self.0.push((layer, data)),
        }
    }
}

/// One span's name and encoded fields.
pub(super) struct SpanData {
    /// The span's name (from its static metadata).
    pub(super) name: &'static str,
    /// The fields alone, each with its separator (` k=v` / `,"k":v`).
    pub(super) fields: ContextBytes,
    /// What an event copies: `fields`, or in the nested layout the span's
    /// JSON object `{"name":"…",…}`.
    pub(super) line: ContextBytes,
    /// Busy/idle times, when close lines are on.
    pub(super) timing: Option<Timing>,
}

/// Busy and idle nanoseconds of a span, as `tracing-subscriber` counts
/// them: idle from creation or exit to enter (and to close), busy from enter
/// to exit. Atomics, so that enter and exit need only the extensions' read
/// lock.
pub(super) struct Timing {
    busy: AtomicU64,
    idle: AtomicU64,
    /// When it was last created, entered or exited (ns since `epoch`).
    last: AtomicU64,
}

impl Timing {
    pub(super) fn new(now: u64) -> Timing {
        Timing {
            busy: AtomicU64::new(0),
            idle: AtomicU64::new(0),
            last: AtomicU64::new(now),
        }
    }

    pub(super) fn enter(&self, now: u64) {
        let last = self.last.swap(now, Relaxed);
        self.idle.fetch_add(now.saturating_sub(last), Relaxed);
    }

    pub(super) fn exit(&self, now: u64) {
        let last = self.last.swap(now, Relaxed);
        self.busy.fetch_add(now.saturating_sub(last), Relaxed);
    }

    /// `(busy, idle)` at close.
    pub(super) fn close(&self, now: u64) -> (u64, u64) {
        self.enter(now);
        (self.busy.load(Relaxed), self.idle.load(Relaxed))
    }
}

/// Nanoseconds since `epoch` (monotonic).
#[inline]
pub(super) fn nanos_since(epoch: Instant) -> u64 {
    u64::try_from(epoch.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

/// The span lines of one event, outermost first: up to [`INLINE`] without
/// allocating, deeper stacks on the heap.
pub(super) struct Held {
    inline: [ContextBytes; INLINE],
    n: usize,
    deep: Vec<ContextBytes>,
}

/// Spans held without allocating per event.
pub(super) const INLINE: usize = 8;

impl Held {
    #[inline]
    pub(super) fn new() -> Held {
        Held {
            inline: [ContextBytes::EMPTY; INLINE],
            n: 0,
            deep: Vec::new(),
        }
    }

    /// Add the next span, innermost first.
    #[inline]
    pub(super) fn push(&mut self, line: ContextBytes) {
        if self.n < INLINE {
            self.inline[self.n] = line;
            self.n += 1;
        } else {
            self.deep.push(line);
        }
    }

    /// Outermost first.
    #[inline]
    pub(super) fn outermost_first(&mut self) -> &[ContextBytes] {
        if self.deep.is_empty() {
            self.inline[..self.n].reverse();
            &self.inline[..self.n]
        } else {
            self.deep.reverse();
            let inner = self.inline[..self.n].iter().rev().cloned();
            self.deep.extend(inner);
            &self.deep
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timing_adds_up() {
        let t = Timing::new(10);
        t.enter(15); // idle 5
        t.exit(40); // busy 25
        t.enter(50); // idle 15
        t.exit(51); // busy 26
        assert_eq!(t.close(60), (26, 24));
    }

    #[test]
    fn held_orders_outermost_first() {
        let enc = crate::encode::Encoder::new(crate::Format::Json, false);
        let log = crate::Logger::builder().build();
        let mk =
            |i: usize| log.encode_context(|_, b| b.extend_from_slice(i.to_string().as_bytes()));
        for depth in [0, 3, INLINE, INLINE + 3] {
            let mut h = Held::new();
            for i in (0..depth).rev() {
                h.push(mk(i));
            }
            let got: Vec<String> = h
                .outermost_first()
                .iter()
                .map(|c| String::from_utf8(c.get(&enc).to_vec()).unwrap())
                .collect();
            let want: Vec<String> = (0..depth).map(|i| i.to_string()).collect();
            assert_eq!(got, want, "depth {depth}");
        }
    }
}
