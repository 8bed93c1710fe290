//! The implementations, one file per library. Names used in reports:
//! `spoolog` (its macros), `spoolog-log` (through the `log` facade),
//! `tracing` (tracing-subscriber fmt / json), `slog` (slog-json through a
//! `Mutex` drain), `env_logger` (a `Builder::format` closure).

pub mod env_logger;
pub mod slog;
pub mod spoolog;
pub mod tracing;

/// The target of every line.
pub const TARGET: &str = "app::server";
/// The message of W2–W4.
pub const MSG: &str = "request handled";
/// The message of W1.
pub const W1_MSG: &str = "some log message";
/// chrono pattern of W2/W3's timestamps.
pub const RFC3339_MICROS: &str = "%Y-%m-%dT%H:%M:%S%.6fZ";
