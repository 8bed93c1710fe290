//! Deciding by target and message, cached per call site, and changing the
//! directives of a running logger.
//!
//! The logger's level check is one relaxed load ([`Logger::enabled`]). A call
//! whose level passes it and whose logger has per-target directives must
//! still find the most specific directive for its target. Walking the
//! directives every time would cost a string comparison per directive, so
//! the decision is cached **per call site**: each macro call site has a
//! static [`SiteCache`] (one `AtomicU64` holding a generation and a level),
//! and `log` facade calls with a static target use a small per-thread cache
//! keyed by the target string's address.
//!
//! Every logger's filter has a *generation*, a number drawn from one
//! process-wide counter when the logger is built and again each time its
//! directives change: no two (logger, directives) pairs share one. A cached
//! decision is used only when its generation is the logger's current one,
//! so a reconfiguration makes every cache miss once, and a call site shared
//! by two loggers is never answered with the other's decision.
//!
//! Changing the directives ([`Logger::set_filter`]) swaps the filter with
//! `arc-swap` (readers never lock; a reader during the swap uses the old or
//! the new filter) and then publishes the new generation with release
//! ordering: a reader that sees the new generation and misses loads the new
//! filter. Nothing on the logging path takes a lock.

use super::Logger;
use crate::filter::{Filter, FilterError};
use crate::level::{Level, LevelFilter};
use arc_swap::ArcSwapOption;
use std::cell::Cell;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The process-wide source of filter generations (0 is never handed out).
static GENERATIONS: AtomicU64 = AtomicU64::new(1);

fn next_generation() -> u64 {
    GENERATIONS.fetch_add(1, Ordering::Relaxed)
}

/// The tag of a logger without directives: an empty [`SiteCache`] (0)
/// minus this is `Trace` (5), so such a logger passes every call site's
/// check without a branch of its own. Real tags are multiples of 8 from 8
/// up, so 0 minus one is never below 8 (an empty cache reads as "not
/// cached" under them).
const NO_FILTER: u64 = 0u64.wrapping_sub(LevelFilter::Trace as u64);

/// A logger's directives and their generation.
pub(crate) struct Filtering {
    /// `None`: the level alone decides.
    filter: ArcSwapOption<Filter>,
    /// The filter's generation shifted left by 3 (its *tag*), or
    /// [`NO_FILTER`] when no filter applies.
    generation: AtomicU64,
}

impl Filtering {
    /// `filter` applies when it names targets or filters messages.
    pub(crate) fn new(filter: Filter) -> Filtering {
        let f = Filtering {
            filter: ArcSwapOption::empty(),
            generation: AtomicU64::new(NO_FILTER),
        };
        f.store(filter);
        f
    }

    fn store(&self, filter: Filter) {
        let active = filter.has_targets() || filter.has_message_filter();
        self.filter.store(active.then(|| Arc::new(filter)));
        let tag = if active {
            next_generation() << 3
        } else {
            NO_FILTER
        };
        self.generation.store(tag, Ordering::Release);
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn on(&self) -> bool {
        self.generation.load(Ordering::Relaxed) != NO_FILTER
    }

    /// Whether `level` passes for the macro call site `meta`, from its cache
    /// when that holds this generation's decision. A call the cache refuses
    /// costs two loads, a subtraction and one compare; one it lets through
    /// (and every call under a logger without directives) a second compare.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn allows_site(&self, level: Level, meta: &'static crate::Metadata) -> bool {
        let tag = self.generation.load(Ordering::Acquire);
        let d = meta.cache.0.load(Ordering::Relaxed).wrapping_sub(tag);
        // A current entry leaves the site's level filter (0..=5); anything
        // else leaves 8 or more.
        if d < level as u64 {
            return false;
        }
        if d < 8 {
            return true;
        }
        self.fill(tag, meta).allows(level)
    }

    #[cold]
    #[inline(never)]
    fn fill(&self, tag: u64, meta: &'static crate::Metadata) -> LevelFilter {
        let level = self.lookup(meta.target);
        meta.cache.set(tag, level);
        level
    }

    fn lookup(&self, target: &str) -> LevelFilter {
        match &*self.filter.load() {
            Some(f) => f.level_for(target),
            None => LevelFilter::Trace,
        }
    }

    /// The level that applies to `target`, through `cache` when given.
    #[inline]
    pub(crate) fn level_for(&self, target: &str, cache: Option<&SiteCache>) -> LevelFilter {
        let generation = self.generation.load(Ordering::Acquire);
        if let Some(level) = cache.and_then(|c| c.get(generation)) {
            return level;
        }
        let level = match &*self.filter.load() {
            Some(f) => f.level_for(target),
            None => LevelFilter::Trace,
        };
        if let Some(c) = cache {
            c.set(generation, level);
        }
        level
    }

    /// The current filter, if one applies.
    pub(crate) fn current(&self) -> Option<Arc<Filter>> {
        self.filter.load_full()
    }

    /// A cheap read of the current filter (no reference count touched).
    #[inline]
    pub(crate) fn guard(&self) -> arc_swap::Guard<Option<Arc<Filter>>> {
        self.filter.load()
    }
}

/// One call site's cached target decision: the logger's tag (generation
/// × 8) plus the level filter (`Off` = 0 … `Trace` = 5) in one atomic
/// word. Subtracting the current tag leaves the filter (below 8) exactly
/// when the entry is current, so a refused call is one compare (`d <
/// level`); an empty entry (0) under a logger without directives (whose tag
/// is `0 - 5`) reads as `Trace`, so that case needs no branch of its own.
///
/// ```
/// static SITE: spoolog::logger::SiteCache = spoolog::logger::SiteCache::new();
/// # let _ = &SITE;
/// ```
pub struct SiteCache(AtomicU64);

impl SiteCache {
    /// An empty cache (`const`, for a `static` per call site).
    pub const fn new() -> SiteCache {
        SiteCache(AtomicU64::new(0))
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn get(&self, tag: u64) -> Option<LevelFilter> {
        let d = self.0.load(Ordering::Relaxed).wrapping_sub(tag);
        (d < 8).then(|| LevelFilter::from_usize(d as usize))
    }

    #[inline]
    fn set(&self, tag: u64, level: LevelFilter) {
        self.0
            .store(tag.wrapping_add(level as u64), Ordering::Relaxed);
    }
}

impl Default for SiteCache {
    fn default() -> SiteCache {
        SiteCache::new()
    }
}

impl fmt::Debug for SiteCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SiteCache")
    }
}

/// For `log` records with a static target: a small direct-mapped cache per
/// thread, keyed by the target's address and length.
const TARGETS: usize = 64;

#[derive(Clone, Copy)]
struct TargetEntry {
    ptr: usize,
    len: usize,
    generation: u64,
    level: LevelFilter,
}

const EMPTY_ENTRY: TargetEntry = TargetEntry {
    ptr: 0,
    len: 0,
    generation: 0,
    level: LevelFilter::Off,
};

thread_local! {
    static TARGET_CACHE: [Cell<TargetEntry>; TARGETS] =
        const { [const { Cell::new(EMPTY_ENTRY) }; TARGETS] };
}

impl Filtering {
    /// [`level_for`](Self::level_for) for a target known to be `'static`
    /// (so its address identifies it), cached per thread.
    #[inline]
    pub(crate) fn level_for_static(&self, target: &'static str) -> LevelFilter {
        let generation = self.generation.load(Ordering::Acquire);
        let (ptr, len) = (target.as_ptr() as usize, target.len());
        let slot = (ptr >> 3 ^ len) % TARGETS;
        let cached = TARGET_CACHE.try_with(|c| {
            let e = c[slot].get();
            (e.ptr == ptr && e.len == len && e.generation == generation).then_some(e.level)
        });
        if let Ok(Some(level)) = cached {
            return level;
        }
        let level = self.level_for(target, None);
        let _ = TARGET_CACHE.try_with(|c| {
            c[slot].set(TargetEntry {
                ptr,
                len,
                generation,
                level,
            })
        });
        level
    }
}

impl Logger {
    /// Whether the directives let a record at `level` from `target` through,
    /// with the call site's cache.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn target_allows(
        &self,
        level: Level,
        target: &str,
        cache: Option<&SiteCache>,
    ) -> bool {
        let f = &self.shared.filtering;
        !f.on() || f.level_for(target, cache).allows(level)
    }

    /// Replace this logger's directives at run time, from any thread, while
    /// other threads log (they see the old directives or the new ones, never
    /// a mix; nothing on their path locks). The maximum level becomes the
    /// filter's. For the global logger this also updates the crate macros'
    /// and the `log` facade's maximum. Applies to every clone and child.
    ///
    /// ```
    /// use spoolog::{filter::Filter, Level, Logger};
    /// let log = Logger::builder().build(); // `info`
    /// assert!(!log.enabled(Level::Debug));
    /// log.set_filter(Filter::parse("info,app::db=debug").unwrap());
    /// assert!(log.enabled(Level::Debug));
    /// assert!(log.target_enabled(Level::Debug, "app::db"));
    /// assert!(!log.target_enabled(Level::Debug, "app::http"));
    /// ```
    pub fn set_filter(&self, filter: Filter) {
        let max = filter.max_level();
        self.shared.filtering.store(filter);
        self.set_level(max);
    }

    /// [`set_filter`](Self::set_filter) from a directive string, strictly
    /// parsed: a malformed string changes nothing and says where it is bad.
    ///
    /// ```
    /// let log = spoolog::Logger::builder().build();
    /// log.set_directives("warn,app=trace")?;
    /// assert!(log.set_directives("info,db=loud").is_err());
    /// assert!(log.target_enabled(spoolog::Level::Trace, "app"));
    /// # Ok::<(), spoolog::filter::FilterError>(())
    /// ```
    pub fn set_directives(&self, spec: &str) -> Result<(), FilterError> {
        self.set_filter(Filter::parse(spec)?);
        Ok(())
    }

    /// The directives in force (`None` when the level alone decides).
    ///
    /// ```
    /// let log = spoolog::Logger::builder().build();
    /// assert!(log.filter().is_none());
    /// ```
    pub fn filter(&self) -> Option<Arc<Filter>> {
        self.shared.filtering.current()
    }
}
