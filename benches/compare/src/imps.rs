//! The implementations, one file per library. Names used in reports:
//! `spoolog` (its macros), `spoolog-log` (through the `log` facade),
//! `tracing` (tracing-subscriber fmt / json), `spoolog-tracing` (tracing's
//! macros into spoolog's `tracing` layer), `slog` (slog-json through a
//! `Mutex` drain), `env_logger` (a `Builder::format` closure).

pub mod env_logger;
pub mod slog;
pub mod spoolog;
pub mod spoolog_tracing;
pub mod tracing;

/// The target of every line.
pub const TARGET: &str = "app::server";
/// The message of W2–W4.
pub const MSG: &str = "request handled";
/// The message of W1.
pub const W1_MSG: &str = "some log message";
/// chrono pattern of W2/W3's timestamps.
pub const RFC3339_MICROS: &str = "%Y-%m-%dT%H:%M:%S%.6fZ";

/// W6's spans: `request{request_id = 42, peer = "10.0.0.7:51234"}` and,
/// inside it, `handler{route = "/api/v1/users/:id"}`, created and entered
/// with the thread's current dispatcher for the duration of `f` (outside
/// any timed loop). Values pass through `black_box`.
pub fn in_w6_spans<R>(f: impl FnOnce() -> R) -> R {
    use std::hint::black_box;
    let request = ::tracing::info_span!(
        "request",
        request_id = black_box(42u64),
        peer = black_box("10.0.0.7:51234")
    );
    let _request = request.enter();
    let handler = ::tracing::info_span!("handler", route = black_box("/api/v1/users/:id"));
    let _handler = handler.enter();
    f()
}
