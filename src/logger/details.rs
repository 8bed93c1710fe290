//! Optional record details: source file and line, module path, thread name
//! and id. Each is off unless the builder turns it on; when all are off a
//! line pays one test of a byte.

use crate::encode::Encoder;
use crate::field::Value;
use std::cell::{Cell, OnceCell};
use std::sync::atomic::{AtomicU64, Ordering};

/// Where a record was logged, as far as its front end knows.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Source<'a> {
    pub(crate) file: Option<&'a str>,
    pub(crate) line: Option<u32>,
    pub(crate) module: Option<&'a str>,
}

impl Source<'_> {
    /// Nothing known (`Logger::log` called directly).
    pub(crate) const NONE: Source<'static> = Source {
        file: None,
        line: None,
        module: None,
    };
}

/// Which details a logger writes (bit flags).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Details(u8);

impl Details {
    pub(crate) const SOURCE: Details = Details(1);
    pub(crate) const MODULE: Details = Details(2);
    pub(crate) const THREAD_NAME: Details = Details(4);
    pub(crate) const THREAD_ID: Details = Details(8);

    pub(crate) fn set(&mut self, which: Details, on: bool) {
        if on {
            self.0 |= which.0;
        } else {
            self.0 &= !which.0;
        }
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn any(self) -> bool {
        self.0 != 0
    }

    fn has(self, which: Details) -> bool {
        self.0 & which.0 != 0
    }

    /// Append the details that are on and known, as fields `file`, `line`,
    /// `module`, `thread` and `thread_id`.
    #[cold]
    #[inline(never)]
    pub(crate) fn write(self, enc: &Encoder, buf: &mut Vec<u8>, source: &Source<'_>) {
        if self.has(Details::SOURCE) {
            enc.source_location(buf, source.file, source.line);
        }
        if self.has(Details::MODULE) {
            if let Some(module) = source.module {
                enc.detail(buf, "module", &Value::Str(module));
            }
        }
        if self.has(Details::THREAD_NAME) {
            let _ = THREAD.try_with(|t| {
                let name = t
                    .name
                    .get_or_init(|| std::thread::current().name().map(|n| n.into()));
                enc.detail(buf, "thread", &Value::Str(name.as_deref().unwrap_or("")));
            });
        }
        if self.has(Details::THREAD_ID) {
            let id = THREAD.try_with(|t| t.id()).unwrap_or(0);
            enc.detail(buf, "thread_id", &Value::U64(id));
        }
    }
}

/// Per-thread facts, looked up once per thread.
struct ThreadFacts {
    /// The thread's name (`None`: unnamed), copied once.
    name: OnceCell<Option<Box<str>>>,
    /// A small number, in the order threads first logged with thread ids on
    /// (1 first); std's `ThreadId` has no stable numeric form.
    id: Cell<u64>,
}

impl ThreadFacts {
    fn id(&self) -> u64 {
        if self.id.get() == 0 {
            static NEXT: AtomicU64 = AtomicU64::new(1);
            self.id.set(NEXT.fetch_add(1, Ordering::Relaxed));
        }
        self.id.get()
    }
}

thread_local! {
    static THREAD: ThreadFacts = const {
        ThreadFacts {
            name: OnceCell::new(),
            id: Cell::new(0),
        }
    };
}
