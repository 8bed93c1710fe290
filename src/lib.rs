//! spoolog: structured logging with zero heap allocations per call.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod encode;
pub mod field;
pub mod level;
pub mod pool;
pub mod time;

pub use encode::Format;
pub use field::{Field, Value};
pub use level::{Level, LevelFilter, STATIC_MAX_LEVEL};
pub use pool::{Pool, PoolGuard};
pub use time::{TimeLayout, UnixTime};
