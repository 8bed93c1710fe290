//! The crate's own logging macros.
//!
//! They take the same arguments as the `log` crate's macros — `target:`,
//! key-values before a `;` with `:?`, `:%` and `:err` captures — plus
//! `logger:` to log through a specific [`Logger`](crate::Logger) instead of
//! the global one. Each call site gets a `static` [`Metadata`]; the level is
//! checked against the compile-time cap (free) and then against the runtime
//! maximum (one relaxed load) before anything else happens, and the work is
//! done by one small non-generic function, keeping call sites small.

/// Static, per-call-site facts about a log statement.
///
/// ```
/// static META: spoolog::Metadata = spoolog::Metadata {
///     level: spoolog::Level::Info,
///     target: "app",
///     module: module_path!(),
///     file: file!(),
///     line: line!(),
///     cache: spoolog::logger::SiteCache::new(),
/// };
/// assert_eq!(META.target, "app");
/// ```
#[derive(Debug)]
pub struct Metadata {
    /// The level.
    pub level: crate::Level,
    /// The target: the module path unless the call says `target: "..."`.
    pub target: &'static str,
    /// The module path of the call.
    pub module: &'static str,
    /// The source file.
    pub file: &'static str,
    /// The source line.
    pub line: u32,
    /// This call site's cached directive decision (see
    /// [`SiteCache`](crate::logger::SiteCache)).
    pub cache: crate::logger::SiteCache,
}

/// Log at `level` (a [`Level`](crate::Level) expression); see [`info!`](crate::info).
///
/// ```
/// # let log = spoolog::Logger::builder().sink(spoolog::sink::Capture::new()).build();
/// spoolog::log!(logger: &log, spoolog::Level::Warn, retries = 3; "slow upstream");
/// ```
#[macro_export]
macro_rules! log {
    (logger: $logger:expr, target: $target:expr, $lvl:expr, $($arg:tt)+) => {
        $crate::__log!(@with (::core::option::Option::Some($logger)) ($target) ($lvl) $($arg)+)
    };
    (logger: $logger:expr, $lvl:expr, $($arg:tt)+) => {
        $crate::__log!(@with (::core::option::Option::Some($logger)) (::core::module_path!()) ($lvl) $($arg)+)
    };
    (target: $target:expr, $lvl:expr, $($arg:tt)+) => {
        $crate::__log!(@with (::core::option::Option::None) ($target) ($lvl) $($arg)+)
    };
    ($lvl:expr, $($arg:tt)+) => {
        $crate::__log!(@with (::core::option::Option::None) (::core::module_path!()) ($lvl) $($arg)+)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __log {
    // key-values, then `;`, then the message
    (@with ($logger:expr) ($target:expr) ($lvl:expr)
        $($key:tt $(:$capture:tt)? $(= $value:expr)?),+ ; $($arg:tt)+) => {{
        let lvl: $crate::Level = $lvl;
        if $crate::STATIC_MAX_LEVEL.allows(lvl) {
            if let ::core::option::Option::Some(logger) = $crate::__private::enabled($logger, lvl) {
                static META: $crate::Metadata = $crate::Metadata {
                    level: $lvl,
                    target: $target,
                    module: ::core::module_path!(),
                    file: ::core::file!(),
                    line: ::core::line!(),
                    cache: $crate::logger::SiteCache::new(),
                };
                if $crate::__private::wanted(logger, lvl, &META) {
                    static HEAD: $crate::__private::HeadSlot = $crate::__private::HeadSlot::new();
                    $crate::__private::log(
                        logger,
                        &META,
                        &HEAD,
                        ::core::format_args!($($arg)+),
                        &[$($crate::Field {
                            key: $crate::__key!($key),
                            value: $crate::__value!(($key) $(:$capture)? $(= $value)?),
                            pre: $crate::__prekey!($key),
                        }),+],
                    );
                }
            }
        }
    }};
    // message only
    (@with ($logger:expr) ($target:expr) ($lvl:expr) $($arg:tt)+) => {{
        let lvl: $crate::Level = $lvl;
        if $crate::STATIC_MAX_LEVEL.allows(lvl) {
            if let ::core::option::Option::Some(logger) = $crate::__private::enabled($logger, lvl) {
                static META: $crate::Metadata = $crate::Metadata {
                    level: $lvl,
                    target: $target,
                    module: ::core::module_path!(),
                    file: ::core::file!(),
                    line: ::core::line!(),
                    cache: $crate::logger::SiteCache::new(),
                };
                if $crate::__private::wanted(logger, lvl, &META) {
                    static HEAD: $crate::__private::HeadSlot = $crate::__private::HeadSlot::new();
                    $crate::__private::log(logger, &META, &HEAD, ::core::format_args!($($arg)+), &[]);
                }
            }
        }
    }};
}

#[doc(hidden)]
#[macro_export]
macro_rules! __key {
    ($key:ident) => {
        ::core::stringify!($key)
    };
    ($key:literal) => {
        $key
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __prekey {
    ($key:tt) => {{
        const PLAIN: bool = $crate::field::key_is_plain($crate::__key!($key));
        static PRE: $crate::field::PreKey = $crate::field::PreKey::new($crate::__key!($key));
        if PLAIN {
            ::core::option::Option::Some(&PRE)
        } else {
            ::core::option::Option::None
        }
    }};
}

#[doc(hidden)]
#[macro_export]
macro_rules! __value {
    (($key:tt)) => {
        $crate::field::ToValue::to_value(&$key)
    };
    (($key:tt) :? ) => {
        $crate::Value::Debug(&$key)
    };
    (($key:tt) :% ) => {
        $crate::Value::Display(&$key)
    };
    (($key:tt) :err ) => {
        $crate::Value::Error(&$key)
    };
    (($key:tt) = $value:expr) => {
        $crate::field::ToValue::to_value(&$value)
    };
    (($key:tt) :? = $value:expr) => {
        $crate::Value::Debug(&$value)
    };
    (($key:tt) :debug = $value:expr) => {
        $crate::Value::Debug(&$value)
    };
    (($key:tt) :% = $value:expr) => {
        $crate::Value::Display(&$value)
    };
    (($key:tt) :display = $value:expr) => {
        $crate::Value::Display(&$value)
    };
    (($key:tt) :err = $value:expr) => {
        $crate::Value::Error(&$value)
    };
}

/// Log at error level. Same forms as [`info!`](crate::info).
///
/// ```
/// # let log = spoolog::Logger::builder().sink(spoolog::sink::Capture::new()).build();
/// let e = std::io::Error::other("disk full");
/// spoolog::error!(logger: &log, e:err; "write failed");
/// ```
#[macro_export]
macro_rules! error {
    (logger: $logger:expr, target: $target:expr, $($arg:tt)+) => { $crate::log!(logger: $logger, target: $target, $crate::Level::Error, $($arg)+) };
    (logger: $logger:expr, $($arg:tt)+) => { $crate::log!(logger: $logger, $crate::Level::Error, $($arg)+) };
    (target: $target:expr, $($arg:tt)+) => { $crate::log!(target: $target, $crate::Level::Error, $($arg)+) };
    ($($arg:tt)+) => { $crate::log!($crate::Level::Error, $($arg)+) };
}

/// Log at warn level. Same forms as [`info!`](crate::info).
///
/// ```
/// # let log = spoolog::Logger::builder().sink(spoolog::sink::Capture::new()).build();
/// spoolog::warn!(logger: &log, attempt = 2; "retrying");
/// ```
#[macro_export]
macro_rules! warn {
    (logger: $logger:expr, target: $target:expr, $($arg:tt)+) => { $crate::log!(logger: $logger, target: $target, $crate::Level::Warn, $($arg)+) };
    (logger: $logger:expr, $($arg:tt)+) => { $crate::log!(logger: $logger, $crate::Level::Warn, $($arg)+) };
    (target: $target:expr, $($arg:tt)+) => { $crate::log!(target: $target, $crate::Level::Warn, $($arg)+) };
    ($($arg:tt)+) => { $crate::log!($crate::Level::Warn, $($arg)+) };
}

/// Log at info level.
///
/// Forms: `info!("message {}", x)`, `info!(key = value, other = x; "message")`,
/// `info!(target: "t", ...)`, `info!(logger: &my_logger, ...)`. A value is
/// written by type (strings, integers, floats, bools, chars, `Option`s);
/// `key:? = v` uses `Debug`, `key:% = v` `Display`, `key:err = e` an error
/// with its sources; a bare `key` logs the variable of that name.
///
/// ```
/// use spoolog::{sink::Capture, Format, Logger};
/// let cap = Capture::new();
/// let log = Logger::builder().format(Format::Logfmt).no_time().sink(cap.clone()).build();
/// let user = "ana";
/// let id = 7;
/// spoolog::info!(logger: &log, target: "auth", user, tries = 1, ids:? = [1, 2]; "user {} logged in", id);
/// assert_eq!(
///     cap.lines(),
///     [r#"level=info target=auth msg="user 7 logged in" user=ana tries=1 ids="[1, 2]""#]
/// );
/// ```
#[macro_export]
macro_rules! info {
    (logger: $logger:expr, target: $target:expr, $($arg:tt)+) => { $crate::log!(logger: $logger, target: $target, $crate::Level::Info, $($arg)+) };
    (logger: $logger:expr, $($arg:tt)+) => { $crate::log!(logger: $logger, $crate::Level::Info, $($arg)+) };
    (target: $target:expr, $($arg:tt)+) => { $crate::log!(target: $target, $crate::Level::Info, $($arg)+) };
    ($($arg:tt)+) => { $crate::log!($crate::Level::Info, $($arg)+) };
}

/// Log at debug level. Same forms as [`info!`](crate::info).
///
/// ```
/// # let log = spoolog::Logger::builder().sink(spoolog::sink::Capture::new()).build();
/// spoolog::debug!(logger: &log, cache_size = 12; "cache state");
/// ```
#[macro_export]
macro_rules! debug {
    (logger: $logger:expr, target: $target:expr, $($arg:tt)+) => { $crate::log!(logger: $logger, target: $target, $crate::Level::Debug, $($arg)+) };
    (logger: $logger:expr, $($arg:tt)+) => { $crate::log!(logger: $logger, $crate::Level::Debug, $($arg)+) };
    (target: $target:expr, $($arg:tt)+) => { $crate::log!(target: $target, $crate::Level::Debug, $($arg)+) };
    ($($arg:tt)+) => { $crate::log!($crate::Level::Debug, $($arg)+) };
}

/// Log at trace level. Same forms as [`info!`](crate::info).
///
/// ```
/// # let log = spoolog::Logger::builder().sink(spoolog::sink::Capture::new()).build();
/// spoolog::trace!(logger: &log, "entering {}", "parse");
/// ```
#[macro_export]
macro_rules! trace {
    (logger: $logger:expr, target: $target:expr, $($arg:tt)+) => { $crate::log!(logger: $logger, target: $target, $crate::Level::Trace, $($arg)+) };
    (logger: $logger:expr, $($arg:tt)+) => { $crate::log!(logger: $logger, $crate::Level::Trace, $($arg)+) };
    (target: $target:expr, $($arg:tt)+) => { $crate::log!(target: $target, $crate::Level::Trace, $($arg)+) };
    ($($arg:tt)+) => { $crate::log!($crate::Level::Trace, $($arg)+) };
}

/// Used by the macros; not public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::encode::head_cache::HeadSlot;
    use crate::{Field, InitError, Logger, Metadata};
    use std::fmt;

    /// Install an already-built logger as the global one (tests).
    pub fn install(logger: Logger) -> Result<&'static Logger, InitError> {
        crate::facade::install(logger)
    }

    /// The runtime level check, inlined at every call site: the given
    /// logger's level, or the global maximum (one relaxed load) and then the
    /// global logger. `None` means the call does nothing more.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn enabled(logger: Option<&Logger>, level: crate::Level) -> Option<&Logger> {
        match logger {
            Some(l) => l.enabled(level).then_some(l),
            None => {
                if crate::facade::MAX_LEVEL.enabled(level) {
                    crate::facade::global()
                } else {
                    None
                }
            }
        }
    }

    /// The directives' decision for the call site (its cache), before any
    /// field is built: without per-target directives one relaxed load.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn wanted(logger: &Logger, level: crate::Level, meta: &'static Metadata) -> bool {
        logger.shared.filtering.allows_site(level, meta)
    }

    /// The one function every enabled macro call site calls (after
    /// [`wanted`]).
    #[inline]
    pub fn log(
        logger: &Logger,
        meta: &'static Metadata,
        head: &HeadSlot,
        message: fmt::Arguments<'_>,
        fields: &[Field<'_>],
    ) {
        logger.log_site(meta, head, message, fields)
    }
}
