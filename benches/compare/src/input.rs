//! Field values for one call, derived from the loop counter so that the
//! optimiser cannot fold them into the format strings.

use std::hint::black_box;

const METHODS: [&str; 2] = ["GET", "PUT"];
const PATHS: [&str; 2] = ["/api/v1/users/42", "/api/v1/users/43"];

/// The five fields of W2/W3. For `i == 0` they are exactly the values of the
/// lines in `WORKLOADS.md`; for every `i` they have the same printed lengths,
/// so bytes per line does not depend on the counter.
#[derive(Clone, Copy, Debug)]
pub struct Req {
    /// `GET` or `PUT`.
    pub method: &'static str,
    /// `/api/v1/users/42` or `/43`.
    pub path: &'static str,
    /// 200, 300, 400 or 500.
    pub status: u64,
    /// 1234 ..= 9233.
    pub latency_us: u64,
    /// True except for `i == u64::MAX`.
    pub cache_hit: bool,
}

impl Req {
    /// The fields for loop counter `i` (passed through `black_box`).
    #[inline(always)]
    pub fn at(i: u64) -> Req {
        let i = black_box(i);
        let k = (i & 1) as usize;
        Req {
            method: METHODS[k],
            path: PATHS[k],
            status: 200 + (i % 4) * 100,
            latency_us: 1234 + i % 8000,
            cache_hit: i != u64::MAX,
        }
    }
}
