//! Which loggers this thread is inside of: their sink, or their error
//! handler.
//!
//! A sink that logs through its *own* logger on the same thread would
//! recurse into itself (or deadlock on its own lock), and an error handler
//! that logs a line which fails again would be called for its own line, and
//! so on: both are refused. Logging through *another* logger from inside a
//! sink or a handler is fine. So each thread keeps, per concern, the short
//! list of loggers it is currently inside of; a logger is identified by the
//! address of the state its clones and children share.

use std::cell::Cell;
use std::thread::LocalKey;

/// How deeply loggers may nest inside each other's sinks on one thread;
/// deeper lines are refused like true recursion.
const DEPTH: usize = 4;

/// The loggers a thread is inside of: how many, and which (only the first
/// `depth` entries mean anything). The common case — inside none — reads
/// one byte.
struct Active {
    depth: Cell<u8>,
    ids: [Cell<usize>; DEPTH],
}

thread_local! {
    static IN_SINK: Active = const { Active { depth: Cell::new(0), ids: [const { Cell::new(0) }; DEPTH] } };
    static IN_HANDLER: Active = const { Active { depth: Cell::new(0), ids: [const { Cell::new(0) }; DEPTH] } };
}

/// Marks this thread as inside logger `id`'s sink or handler until dropped.
pub(crate) struct Scope {
    key: &'static LocalKey<Active>,
    /// Whether an entry was pushed (false when the list was unreachable).
    pushed: bool,
}

impl Scope {
    /// Enter `id`'s sink; `None` if this thread is already inside it.
    #[inline]
    pub(crate) fn sink(id: usize) -> Option<Scope> {
        Scope::enter(&IN_SINK, id)
    }

    /// Enter `id`'s error handler; `None` if this thread is already in it.
    #[inline]
    pub(crate) fn handler(id: usize) -> Option<Scope> {
        Scope::enter(&IN_HANDLER, id)
    }

    #[inline]
    fn enter(key: &'static LocalKey<Active>, id: usize) -> Option<Scope> {
        // During thread-local teardown the list is gone; nothing can be
        // tracked then and the line is allowed (as before teardown).
        let entered = key.try_with(|a| {
            let depth = usize::from(a.depth.get());
            if a.ids[..depth].iter().any(|c| c.get() == id) || depth == DEPTH {
                return false;
            }
            a.ids[depth].set(id);
            a.depth.set(depth as u8 + 1);
            true
        });
        match entered {
            Ok(true) => Some(Scope { key, pushed: true }),
            Ok(false) => None,
            Err(_) => Some(Scope { key, pushed: false }),
        }
    }
}

impl Drop for Scope {
    #[inline]
    fn drop(&mut self) {
        if self.pushed {
            // Scopes are strictly nested: this one is the innermost.
            let _ = self
                .key
                .try_with(|a| a.depth.set(a.depth.get().saturating_sub(1)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_logger_is_refused_others_nest() {
        let a = Scope::sink(1).unwrap();
        assert!(Scope::sink(1).is_none());
        let b = Scope::sink(2).unwrap();
        assert!(Scope::sink(1).is_none());
        assert!(Scope::sink(2).is_none());
        drop(b);
        assert!(Scope::sink(2).is_some());
        // Handlers are tracked apart from sinks.
        assert!(Scope::handler(1).is_some());
        drop(a);
        assert!(Scope::sink(1).is_some());
    }

    #[test]
    fn nesting_is_bounded() {
        let held: Vec<Scope> = (1..=DEPTH).map(|i| Scope::sink(i).unwrap()).collect();
        assert!(Scope::sink(DEPTH + 1).is_none());
        drop(held);
        assert!(Scope::sink(DEPTH + 1).is_some());
    }
}
