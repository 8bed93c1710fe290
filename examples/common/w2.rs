//! What the W5 examples share (`w5_bursts`, `w5_sustained`,
//! `w5_handoff_parts`): the W2 call and a sink that discards.

use spoolog::sink::Sink;
use spoolog::Logger;
use std::hint::black_box;

/// The in-memory destination: looks at the line, keeps nothing.
pub struct Discard;

impl Sink for Discard {
    fn write_line(&self, line: &[u8]) -> std::io::Result<()> {
        black_box(line);
        Ok(())
    }
}

/// W2's call for `i` (same printed lengths for every `i`).
pub fn w2(log: &Logger, i: u64) {
    let i = black_box(i);
    let k = (i & 1) as usize;
    let method = ["GET", "PUT"][k];
    let path = ["/api/v1/users/42", "/api/v1/users/43"][k];
    spoolog::info!(logger: log, target: "app::server", method, path, status = 200 + (i % 4) * 100,
        latency_us = 1234 + i % 8000, cache_hit = i != u64::MAX; "request handled");
}
