//! An error with a source, for the tests of the `source()` chain.
#![allow(dead_code)]

use std::fmt;

/// "read config", caused by [`Inner`].
#[derive(Debug)]
pub struct Outer(pub Inner);

/// "file not found".
#[derive(Debug)]
pub struct Inner;

impl fmt::Display for Outer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("read config")
    }
}
impl fmt::Display for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("file not found")
    }
}
impl std::error::Error for Outer {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}
impl std::error::Error for Inner {}
