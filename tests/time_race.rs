//! The time layout's per-second cache is a seqlock made of atomics, shared by
//! every thread that formats through one layout. Many threads format
//! different seconds through one shared layout at once; every rendering must
//! equal the single-threaded one (a torn read would mix two seconds).
//!
//! Sized so that it also runs under miri (`.ci/miri.sh`), whose data-race
//! detector checks the seqlock's orderings.

use spoolog::{TimeLayout, UnixTime};
use std::thread;

const THREADS: usize = if cfg!(miri) { 3 } else { 8 };
const ITERS: u32 = if cfg!(miri) { 40 } else { 20_000 };

fn reference(layout: &TimeLayout, t: UnixTime) -> Vec<u8> {
    let mut buf = Vec::new();
    // A clone has a fresh cache: this takes the uncached path.
    layout.clone().append(&mut buf, t);
    buf
}

fn race(layout: TimeLayout) {
    // Seconds far apart (different days, years) so a torn copy shows.
    let instants: Vec<UnixTime> = [0i64, 86_399, 951_782_400, 1_700_000_000, 4_102_444_799]
        .iter()
        .enumerate()
        .map(|(k, &secs)| UnixTime {
            secs,
            nanos: 123_456_789 * k as u32 % 1_000_000_000,
        })
        .collect();
    let want: Vec<Vec<u8>> = instants.iter().map(|&t| reference(&layout, t)).collect();
    thread::scope(|s| {
        for th in 0..THREADS {
            let (layout, instants, want) = (&layout, &instants, &want);
            s.spawn(move || {
                let mut buf = Vec::with_capacity(layout.max_len());
                for i in 0..ITERS {
                    let k = (i as usize + th) % instants.len();
                    buf.clear();
                    layout.append(&mut buf, instants[k]);
                    assert_eq!(
                        buf,
                        want[k],
                        "{} vs {}",
                        String::from_utf8_lossy(&buf),
                        String::from_utf8_lossy(&want[k])
                    );
                }
            });
        }
    });
}

#[test]
fn rfc3339_shared_by_racing_threads() {
    race(TimeLayout::rfc3339(9));
}

#[test]
fn custom_layout_with_two_fractions_shared_by_racing_threads() {
    race(TimeLayout::parse("%Y-%m-%d %H:%M:%S%.3f [%a %b %e] %.6f").unwrap());
}
