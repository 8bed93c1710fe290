//! spoolog: structured logging with zero heap allocations per call.
//!
//! A log call borrows a line buffer from a typed, thread-local [`Pool`],
//! appends a timestamp through a pre-parsed [`TimeLayout`] (the calendar work
//! is cached per second), encodes level, target, message and fields as JSON,
//! logfmt or human text, hands the finished line to a [`Sink`](sink::Sink) in
//! one write, and returns the buffer. Once the pool is warm nothing on that
//! path allocates; the crate's tests prove it with `dhat`.
//!
//! ```
//! use spoolog::{sink::Capture, Format, Logger};
//!
//! let cap = Capture::new();
//! let log = Logger::builder().format(Format::Json).no_time().sink(cap.clone()).build();
//! spoolog::info!(logger: &log, target: "app::server", method = "GET", status = 200; "request handled");
//! assert_eq!(
//!     cap.lines(),
//!     [r#"{"level":"INFO","target":"app::server","msg":"request handled","method":"GET","status":200}"#]
//! );
//! ```
//!
//! Through the `log` facade, after [`init`] (or [`Builder::init`](logger::Builder::init)):
//!
//! ```
//! spoolog::Logger::builder().sink(spoolog::sink::stderr()).init().unwrap();
//! log::info!(status = 200, path = "/x"; "request handled");
//! ```
#![deny(unsafe_code)]
#![warn(missing_docs)]

mod bytes;
mod digits;
pub mod encode;
pub mod exit;
mod facade;
pub mod field;
pub mod filter;
pub mod level;
pub mod logger;
mod macros;
pub mod pool;
pub mod sink;
#[cfg(feature = "testing")]
pub mod testing;
pub mod time;
#[cfg(feature = "tracing")]
pub mod tracing;

pub use encode::{Format, JsonKeys};
pub use facade::{global, init, set_max_level, try_init, InitError};
pub use field::{Field, Value};
pub use level::{Level, LevelFilter, STATIC_MAX_LEVEL};
pub use logger::{Builder, Logger};
pub use macros::Metadata;
pub use pool::{Pool, PoolGuard};
pub use time::{TimeLayout, UnixTime};

#[doc(hidden)]
pub use macros::__private;
