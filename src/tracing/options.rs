//! What the layer writes besides events: how span fields are laid out, and
//! which span life-cycle lines it writes.

use std::fmt;
use std::ops::BitOr;

/// How the fields of the spans around an event appear in its line.
///
/// ```
/// use spoolog::tracing::SpanLayout;
/// assert_eq!(SpanLayout::default(), SpanLayout::Flattened);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum SpanLayout {
    /// Every span's fields as fields of the line, outermost span first,
    /// before the event's own: `…,"msg":"…","request_id":42,"route":"/x","status":200}`.
    /// The only layout of logfmt and text.
    #[default]
    Flattened,
    /// JSON: one `"spans"` array of objects, outermost first, each with the
    /// span's `name` and its fields:
    /// `…,"msg":"…","spans":[{"name":"request","request_id":42},{"name":"handler","route":"/x"}],"status":200}`.
    /// A span field called `name` is written as `_name` there. Logfmt and
    /// text lines are flattened.
    Nested,
}

/// Which span life-cycle lines the layer writes (none by default), as
/// `tracing-subscriber`'s `FmtSpan`. Combine with `|`.
///
/// The line of a span event has the span's level and target, the message
/// `new`, `enter`, `exit` or `close`, and the span's fields (and its
/// parents') like an event inside it. A `close` line also has `busy_ns` and
/// `idle_ns`: nanoseconds spent inside the span (between enter and exit)
/// and outside it (between creation, exits, enters and close).
///
/// ```
/// use spoolog::tracing::SpanEvents;
/// let e = SpanEvents::NEW | SpanEvents::CLOSE;
/// assert!(e.contains(SpanEvents::CLOSE));
/// assert!(!e.contains(SpanEvents::ENTER));
/// assert_eq!(SpanEvents::default(), SpanEvents::NONE);
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct SpanEvents(u8);

impl SpanEvents {
    /// No span lines.
    pub const NONE: SpanEvents = SpanEvents(0);
    /// A line when a span is created.
    pub const NEW: SpanEvents = SpanEvents(1);
    /// A line each time a span is entered.
    pub const ENTER: SpanEvents = SpanEvents(2);
    /// A line each time a span is exited.
    pub const EXIT: SpanEvents = SpanEvents(4);
    /// A line when a span closes, with its busy and idle time.
    pub const CLOSE: SpanEvents = SpanEvents(8);
    /// Enter and exit.
    pub const ACTIVE: SpanEvents = SpanEvents(2 | 4);
    /// All of them.
    pub const FULL: SpanEvents = SpanEvents(1 | 2 | 4 | 8);

    /// Whether every line of `other` is in `self`.
    ///
    /// ```
    /// use spoolog::tracing::SpanEvents;
    /// assert!(SpanEvents::FULL.contains(SpanEvents::ACTIVE));
    /// ```
    pub const fn contains(self, other: SpanEvents) -> bool {
        self.0 & other.0 == other.0
    }
}

impl BitOr for SpanEvents {
    type Output = SpanEvents;
    fn bitor(self, rhs: SpanEvents) -> SpanEvents {
        SpanEvents(self.0 | rhs.0)
    }
}

impl fmt::Debug for SpanEvents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = [(1, "NEW"), (2, "ENTER"), (4, "EXIT"), (8, "CLOSE")];
        let mut first = true;
        for (bit, name) in names {
            if self.0 & bit != 0 {
                f.write_str(if first { "" } else { " | " })?;
                f.write_str(name)?;
                first = false;
            }
        }
        if first {
            f.write_str("NONE")?;
        }
        Ok(())
    }
}

/// The layer's settings.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Options {
    pub(super) layout: SpanLayout,
    pub(super) span_events: SpanEvents,
    /// Write the innermost span's name as a `span` field (flattened layout).
    pub(super) span_name: bool,
}

impl Options {
    /// The key of the span list, in the nested layout.
    pub(super) fn list_key(&self) -> Option<&'static str> {
        match self.layout {
            SpanLayout::Nested => Some("spans"),
            SpanLayout::Flattened => None,
        }
    }

    /// Whether spans keep busy/idle times.
    pub(super) fn timed(&self) -> bool {
        self.span_events.contains(SpanEvents::CLOSE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_names() {
        assert_eq!(format!("{:?}", SpanEvents::NONE), "NONE");
        assert_eq!(
            format!("{:?}", SpanEvents::FULL),
            "NEW | ENTER | EXIT | CLOSE"
        );
    }
}
