//! The `log` facade: spoolog as the `log` crate's logger, and the global
//! logger the crate's own macros use.
//!
//! `log`'s key-values become fields: `log::info!(status = 200; "done")` from
//! any library produces a structured line. Typed values (`i64`, `u64`,
//! `f64`, `bool`, `&str`, `char`, errors captured with `:err`) keep their
//! type; anything else (`:?`, `:%`, `serde`/`sval` captures) is written
//! through its `Display` form.

use crate::encode::key_cache::KeyCache;
use crate::field::Value;
use crate::level::{LevelCell, LevelFilter};
use crate::logger::Logger;
use std::fmt;
use std::sync::OnceLock;

static GLOBAL: OnceLock<Logger> = OnceLock::new();

/// The global maximum level: `Off` until a logger is installed. The crate's
/// macros check this first — one relaxed load — before touching the logger.
pub(crate) static MAX_LEVEL: LevelCell = LevelCell::new(LevelFilter::Off);

/// Why installing the global logger failed.
///
/// ```
/// let e = spoolog::InitError::AlreadySet;
/// assert!(e.to_string().contains("already"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InitError {
    /// A global logger (spoolog's or another `log` implementation) is already set.
    AlreadySet,
    /// An environment variable held malformed directives.
    BadFilter {
        /// The variable.
        var: String,
        /// What it held.
        value: String,
        /// What was wrong, and where.
        error: crate::filter::FilterError,
    },
}

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InitError::AlreadySet => f.write_str("a global logger is already set"),
            InitError::BadFilter { var, value, error } => write!(f, "{var}={value:?}: {error}"),
        }
    }
}

impl std::error::Error for InitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InitError::BadFilter { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// Install the global logger the way `env_logger::init()` does: text on
/// standard error (coloured only on a terminal), filtered by `RUST_LOG` as
/// env_logger reads it (unset: errors only), with the settings of
/// [`Builder::from_env`](crate::logger::Builder::from_env). It cannot fail
/// because of bad configuration (invalid parts of `RUST_LOG` are skipped
/// with a warning, as env_logger does), so it never leaves the program
/// without a logger; if a logger is already installed it says so on
/// standard error and keeps that one (env_logger panics there). Use
/// [`try_init`] to handle that case yourself.
///
/// ```
/// spoolog::init();
/// log::error!(status = 500, path = "/x"; "request failed");
/// spoolog::error!(status = 500; "through the crate's macro");
/// ```
pub fn init() {
    if let Err(e) = try_init() {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "spoolog::init: {e}; keeping it");
    }
}

/// [`init`], returning an error when a global logger (spoolog's or another
/// `log` implementation) is already installed.
///
/// ```
/// spoolog::try_init().unwrap();
/// assert_eq!(spoolog::try_init().unwrap_err(), spoolog::InitError::AlreadySet);
/// ```
pub fn try_init() -> Result<&'static Logger, InitError> {
    crate::logger::Builder::from_env().init()
}

pub(crate) fn install(logger: Logger) -> Result<&'static Logger, InitError> {
    let level = logger.level();
    GLOBAL.set(logger).map_err(|_| InitError::AlreadySet)?;
    let installed = GLOBAL.get().ok_or(InitError::AlreadySet)?;
    log::set_logger(installed).map_err(|_| InitError::AlreadySet)?;
    set_max_level(level);
    Ok(installed)
}

/// The installed global logger, if any.
///
/// ```
/// assert!(spoolog::global().is_none());
/// ```
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn global() -> Option<&'static Logger> {
    GLOBAL.get()
}

/// Change the global maximum level: for the crate's macros, the global
/// logger and the `log` facade at once.
///
/// ```
/// spoolog::set_max_level(spoolog::LevelFilter::Warn);
/// assert_eq!(log::max_level(), log::LevelFilter::Warn);
/// ```
pub fn set_max_level(level: LevelFilter) {
    match GLOBAL.get() {
        Some(logger) => logger.set_level(level),
        None => global_level_changed(level),
    }
}

/// Whether `logger` is (a clone or child of) the global logger.
pub(crate) fn is_global(logger: &Logger) -> bool {
    GLOBAL
        .get()
        .is_some_and(|g| std::sync::Arc::ptr_eq(&g.shared, &logger.shared))
}

/// The global logger's maximum level changed: tell the crate's macros, the
/// `log` facade and (with the feature) `tracing`'s interest cache.
pub(crate) fn global_level_changed(level: LevelFilter) {
    MAX_LEVEL.set(level);
    log::set_max_level(level.into());
    #[cfg(feature = "tracing")]
    tracing_core::callsite::rebuild_interest_cache();
}

impl log::Log for Logger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        let level = metadata.level().into();
        Logger::enabled(self, level) && self.target_enabled(level, metadata.target())
    }

    fn log(&self, record: &log::Record<'_>) {
        let level = record.level().into();
        if !(Logger::enabled(self, level)
            && self.record_target_allows(level, record)
            && self.message_allowed(record.args()))
        {
            return;
        }
        if !self.sample(site(record), level) {
            return;
        }
        let kvs = record.key_values();
        let source = crate::logger::Source {
            file: record.file(),
            line: record.line(),
            module: record.module_path(),
        };
        self.emit(
            level,
            record.target(),
            *record.args(),
            source,
            |enc, buf| encode_kvs(enc, buf, kvs),
        );
    }

    fn flush(&self) {
        let _ = Logger::flush(self);
    }
}

impl Logger {
    /// The directives' decision for a `log` record: cached per thread when
    /// its target is the static module path (`log`'s default), else looked
    /// up.
    #[inline]
    fn record_target_allows(&self, level: crate::Level, record: &log::Record<'_>) -> bool {
        let filtering = &self.shared.filtering;
        if !filtering.on() {
            return true;
        }
        let target = record.target();
        let level_for = match record.module_path_static() {
            Some(m) if std::ptr::eq(m, target) => filtering.level_for_static(m),
            _ => filtering.level_for(target, None),
        };
        level_for.allows(level)
    }
}

/// The sampling key of a record: its static file and line when `log` has
/// them (the macros' records do), else its target.
#[inline]
fn site(record: &log::Record<'_>) -> usize {
    match record.file_static() {
        Some(file) => {
            (file.as_ptr() as usize) ^ (record.line().unwrap_or(0) as usize).rotate_left(40)
        }
        None => record.target().as_ptr() as usize,
    }
}

/// Append `kvs` to `buf` as fields encoded by `enc`. A source that fails
/// part way has already written what it could.
#[inline]
pub(crate) fn encode_kvs(
    enc: &crate::encode::Encoder,
    buf: &mut Vec<u8>,
    kvs: &dyn log::kv::Source,
) {
    crate::encode::key_cache::with(|cache| {
        let _ = kvs.visit(&mut KvFields { enc, buf, cache });
    });
}

/// Turns `log`'s key-values into encoded fields.
struct KvFields<'e, 'b, 'c> {
    enc: &'e crate::encode::Encoder,
    buf: &'b mut Vec<u8>,
    /// This thread's encoded keys (`None`: in use further up the stack).
    cache: Option<&'c mut KeyCache>,
}

impl<'kvs> log::kv::VisitSource<'kvs> for KvFields<'_, '_, '_> {
    fn visit_pair(
        &mut self,
        key: log::kv::Key<'kvs>,
        value: log::kv::Value<'kvs>,
    ) -> Result<(), log::kv::Error> {
        // By value: the visitor `log` wraps is then the `OneValue` itself,
        // not a reference to it (one indirection less per value).
        let one = OneValue {
            enc: self.enc,
            buf: self.buf,
            cache: self.cache.as_deref_mut(),
            key: key.as_str(),
        };
        value.visit(one)
    }
}

/// Writes one `log` value as the field `key`.
struct OneValue<'e, 'b, 'c, 'k> {
    enc: &'e crate::encode::Encoder,
    buf: &'b mut Vec<u8>,
    cache: Option<&'c mut KeyCache>,
    key: &'k str,
}

impl OneValue<'_, '_, '_, '_> {
    #[inline]
    fn put(&mut self, value: Value<'_>) -> Result<(), log::kv::Error> {
        self.enc
            .field_with(self.cache.as_deref_mut(), self.buf, self.key, &value);
        Ok(())
    }
}

impl<'v> log::kv::VisitValue<'v> for OneValue<'_, '_, '_, '_> {
    fn visit_any(&mut self, value: log::kv::Value<'_>) -> Result<(), log::kv::Error> {
        self.put(Value::Display(&value))
    }
    fn visit_null(&mut self) -> Result<(), log::kv::Error> {
        self.put(Value::Null)
    }
    fn visit_u64(&mut self, v: u64) -> Result<(), log::kv::Error> {
        self.put(Value::U64(v))
    }
    fn visit_i64(&mut self, v: i64) -> Result<(), log::kv::Error> {
        self.put(Value::I64(v))
    }
    fn visit_u128(&mut self, v: u128) -> Result<(), log::kv::Error> {
        self.put(Value::U128(v))
    }
    fn visit_i128(&mut self, v: i128) -> Result<(), log::kv::Error> {
        self.put(Value::I128(v))
    }
    fn visit_f64(&mut self, v: f64) -> Result<(), log::kv::Error> {
        self.put(Value::F64(v))
    }
    fn visit_bool(&mut self, v: bool) -> Result<(), log::kv::Error> {
        self.put(Value::Bool(v))
    }
    fn visit_str(&mut self, v: &str) -> Result<(), log::kv::Error> {
        self.put(Value::Str(v))
    }
    fn visit_char(&mut self, v: char) -> Result<(), log::kv::Error> {
        self.put(Value::Char(v))
    }
    fn visit_error(
        &mut self,
        err: &(dyn std::error::Error + 'static),
    ) -> Result<(), log::kv::Error> {
        self.put(Value::Error(err))
    }
    /// What `log` calls for `key:err = e` captures: without it the default
    /// would fall back to `visit_any` and drop the `source()` chain.
    fn visit_borrowed_error(
        &mut self,
        err: &'v (dyn std::error::Error + 'static),
    ) -> Result<(), log::kv::Error> {
        self.put(Value::Error(err))
    }
}
