//! Time layouts: any pattern parses or errors without panicking; a parsed
//! layout formats any instant in any offset without panicking, within
//! `max_len()`, as UTF-8 without control characters, identically from the
//! per-second cache and from a fresh layout, and like chrono where chrono
//! can render the instant.
//!
//! Input: the pattern, optionally followed by a NUL byte and raw instants
//! (16 bytes each: i64 secs, u32 nanos, i32 offset; offset `i32::MIN` means
//! UTC). A fixed list of boundary instants is always tried too. Each raw
//! instant is also checked against the preset layouts and, in
//! `Offset::Local` with `TZ=America/St_Johns`, against chrono's `Local`.
#![no_main]

use chrono::SecondsFormat;
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

/// What to compare a rendering with in chrono.
#[derive(Clone, Copy)]
enum Chrono<'a> {
    /// `DateTime::format(pattern)`.
    Pattern(&'a str),
    /// `to_rfc3339_opts(format, true)`.
    Rfc3339(SecondsFormat),
    /// No chrono equivalent.
    Skip,
}

fn check(
    pattern: &str,
    reference: Chrono<'_>,
    layout: &TimeLayout,
    t: UnixTime,
    offset: Option<i32>,
) {
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
        let ok = match reference {
            Chrono::Pattern(p) => write!(want, "{}", dt.format(p)).is_ok(),
            Chrono::Rfc3339(f) => {
                want = dt.to_rfc3339_opts(f, true);
                true
            }
            Chrono::Skip => false,
        };
        if ok {
            assert_eq!(s, want, "{pattern:?} {t:?} offset {off}: spoolog vs chrono");
        }
    }
}

/// The preset layouts: the same invariants, and the Unix presets against
/// integer arithmetic (floored, nanos clamped to 999 999 999).
fn presets(t: UnixTime, offset: Option<i32>) {
    for digits in [0, 1, 3, 5, 6, 9, 200] {
        let f = match digits {
            0 => SecondsFormat::Secs,
            1..=3 => SecondsFormat::Millis,
            4..=6 => SecondsFormat::Micros,
            _ => SecondsFormat::Nanos,
        };
        let layout = TimeLayout::rfc3339(digits);
        check("rfc3339", Chrono::Rfc3339(f), &layout, t, offset);
    }
    check(
        "hms",
        Chrono::Pattern("%H:%M:%S"),
        &TimeLayout::hms(),
        t,
        offset,
    );
    let nanos = i128::from(t.nanos.min(999_999_999));
    let secs = i128::from(t.secs);
    for (layout, want) in [
        (TimeLayout::unix_secs(), secs),
        (TimeLayout::unix_millis(), secs * 1_000 + nanos / 1_000_000),
        (TimeLayout::unix_micros(), secs * 1_000_000 + nanos / 1_000),
    ] {
        check("unix", Chrono::Skip, &layout, t, offset);
        let mut b = Vec::new();
        layout.append(&mut b, t);
        assert_eq!(String::from_utf8_lossy(&b), want.to_string(), "{t:?}");
    }
}

/// `Offset::Local` in a zone whose offset changes at odd moments
/// (America/St_Johns: half-hour offsets, LMT of -3:30:52 until 1884, and
/// daylight-saving changes at 00:01 local time from 1987 to 2011): a layout
/// renders `t1` and then `t2` (up to 15 minutes later, same layout, so the
/// cached local offset is reused where the layout thinks it may be), and both
/// must equal chrono's `Local` rendering. Instants are folded into
/// 1880..2040. Skipped when `SPOOLOG_FUZZ_SKIP_LOCAL` is set or the zone file
/// is missing.
fn local(pattern: &str, layout: &TimeLayout, secs: i64, step: u32) {
    const FROM: i64 = -2_840_140_800; // 1880-01-01
    const TO: i64 = 2_208_988_800; // 2040-01-01
    let t1 = FROM + secs.rem_euclid(TO - FROM);
    let t2 = t1 + i64::from(step % 900);
    let layout = layout.clone().with_offset(Offset::Local);
    for secs in [t1, t2] {
        let mut got = Vec::new();
        layout.append(&mut got, UnixTime { secs, nanos: 0 });
        let dt = chrono::DateTime::from_timestamp(secs, 0)
            .unwrap()
            .with_timezone(&chrono::Local);
        let mut want = String::new();
        if write!(want, "{}", dt.format(pattern)).is_ok() {
            assert_eq!(
                String::from_utf8_lossy(&got),
                want,
                "{pattern:?} Local (TZ=America/St_Johns) at {secs} after {t1}"
            );
        }
    }
}

static LOCAL: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

fn local_enabled() -> bool {
    *LOCAL.get_or_init(|| {
        if std::env::var_os("SPOOLOG_FUZZ_SKIP_LOCAL").is_some()
            || !std::path::Path::new("/usr/share/zoneinfo/America/St_Johns").exists()
        {
            return false;
        }
        // Single-threaded at this point: the fuzzer has not started a thread
        // that reads the environment.
        std::env::set_var("TZ", "America/St_Johns");
        true
    })
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
        let t = UnixTime { secs, nanos };
        check(&pattern, Chrono::Pattern(&pattern), &layout, t, offset);
        presets(t, offset);
        if local_enabled() {
            local(&pattern, &layout, secs, nanos);
        }
    }
    for secs in BOUNDARY_SECS {
        for (i, offset) in BOUNDARY_OFFSETS.iter().enumerate() {
            let nanos = BOUNDARY_NANOS[i.wrapping_add(secs as usize) % BOUNDARY_NANOS.len()];
            let t = UnixTime { secs, nanos };
            check(&pattern, Chrono::Pattern(&pattern), &layout, t, *offset);
        }
    }
});
