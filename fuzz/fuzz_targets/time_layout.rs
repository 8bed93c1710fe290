//! Time layouts: any pattern parses or errors without panicking; a parsed
//! layout formats any instant in any offset without panicking, within
//! `max_len()`, as UTF-8 without control characters, identically from the
//! per-second cache and from a fresh layout, and like chrono where chrono
//! can render the instant.
//!
//! Input: the pattern, optionally followed by a NUL byte and raw instants
//! (16 bytes each: i64 secs, u32 nanos, i32 offset; offset `i32::MIN` means
//! UTC). A fixed list of boundary instants is always tried too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spoolog::time::{Offset, TimeLayout, UnixTime};
use std::fmt::Write as _;

const BOUNDARY_SECS: [i64; 12] = [
    0,
    -1,
    1_795_789_412,
    951_782_400,       // 2000-02-29
    253_402_300_799,   // 9999-12-31T23:59:59
    253_402_300_800,   // +10000
    -62_167_219_200,   // 0000-01-01
    -62_167_219_201,   // -0001
    8_210_298_412_799, // around year 262143 (chrono's MAX_YEAR)
    i64::MAX,
    i64::MIN,
    i64::MIN + 86_399,
];
const BOUNDARY_NANOS: [u32; 4] = [0, 999_999_999, 1_000_000_000, u32::MAX];
const BOUNDARY_OFFSETS: [Option<i32>; 8] = [
    None,
    Some(0),
    Some(86_399),
    Some(-86_399),
    Some(i32::MAX),
    Some(i32::MIN),
    Some(19_830),
    Some(-29),
];

/// chrono can render these years and every layout spoolog accepts.
const CHRONO_MIN: i64 = -62_167_219_200 + 2 * 86_400;
const CHRONO_MAX: i64 = 253_402_300_799 - 2 * 86_400;

fn check(pattern: &str, layout: &TimeLayout, t: UnixTime, offset: Option<i32>) {
    let layout = match offset {
        Some(o) => layout.clone().with_offset(Offset::Fixed(o)),
        None => layout.clone(),
    };
    let mut a = Vec::new();
    layout.append(&mut a, t);
    assert!(
        a.len() <= layout.max_len(),
        "{pattern:?} {t:?} {offset:?}: {} bytes > max_len {}: {:?}",
        a.len(),
        layout.max_len(),
        String::from_utf8_lossy(&a)
    );
    let s = std::str::from_utf8(&a).expect("UTF-8 output");
    assert!(
        !a.iter().any(|&b| b < 0x20 || b == 0x7f),
        "{pattern:?} {t:?}: control byte in {s:?}"
    );
    // Second call for the same second: from the cache, with other nanos.
    let t2 = UnixTime {
        secs: t.secs,
        nanos: t.nanos.wrapping_mul(7).wrapping_add(123_456_789) % 1_000_000_000,
    };
    let mut cached = Vec::new();
    layout.append(&mut cached, t);
    assert_eq!(a, cached, "{pattern:?} {t:?}: cached rendering differs");
    let mut c2 = Vec::new();
    layout.append(&mut c2, t2);
    let mut fresh = Vec::new();
    layout.clone().append(&mut fresh, t2);
    assert_eq!(
        String::from_utf8_lossy(&c2),
        String::from_utf8_lossy(&fresh),
        "{pattern:?} {t2:?}: cache patching differs from a fresh render"
    );

    // chrono, inside the range where it renders every specifier.
    if (CHRONO_MIN..=CHRONO_MAX).contains(&t.secs) {
        let off = offset.unwrap_or(0).clamp(-86_399, 86_399);
        let fixed = chrono::FixedOffset::east_opt(off).unwrap();
        let nanos = t.nanos.min(999_999_999);
        let dt = chrono::DateTime::from_timestamp(t.secs, nanos)
            .unwrap()
            .with_timezone(&fixed);
        let mut want = String::new();
        if write!(want, "{}", dt.format(pattern)).is_ok() {
            assert_eq!(s, want, "{pattern:?} {t:?} offset {off}: spoolog vs chrono");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (pat, tail) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let pattern = String::from_utf8_lossy(pat);
    let layout = match TimeLayout::parse(&pattern) {
        Ok(l) => l,
        Err(e) => {
            // The error must point inside the pattern and display.
            assert!(e.position() <= pattern.len(), "{pattern:?}: {e}");
            let _ = e.to_string();
            return;
        }
    };
    let _ = format!("{layout:?}");
    for chunk in tail.chunks_exact(16) {
        let secs = i64::from_le_bytes(chunk[..8].try_into().unwrap());
        let nanos = u32::from_le_bytes(chunk[8..12].try_into().unwrap());
        let off = i32::from_le_bytes(chunk[12..].try_into().unwrap());
        let offset = (off != i32::MIN).then_some(off);
        check(&pattern, &layout, UnixTime { secs, nanos }, offset);
    }
    for secs in BOUNDARY_SECS {
        for (i, offset) in BOUNDARY_OFFSETS.iter().enumerate() {
            let nanos = BOUNDARY_NANOS[i.wrapping_add(secs as usize) % BOUNDARY_NANOS.len()];
            check(&pattern, &layout, UnixTime { secs, nanos }, *offset);
        }
    }
});
