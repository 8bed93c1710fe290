//! Unit tests for `TimeLayout` itself (cache use, presets, clone).

use super::*;

fn fmt(layout: &TimeLayout, secs: i64, nanos: u32) -> String {
    let mut buf = Vec::new();
    layout.append(&mut buf, UnixTime { secs, nanos });
    String::from_utf8(buf).unwrap()
}

#[test]
fn cache_is_filled_and_used() {
    let l = TimeLayout::rfc3339(6);
    assert!(l.cache.read(1_700_000_000).is_none());
    assert_eq!(fmt(&l, 1_700_000_000, 1_000), "2023-11-14T22:13:20.000001Z");
    assert!(l.cache.read(1_700_000_000).is_some());
    // A hit patches the fraction and keeps the rest.
    assert_eq!(
        fmt(&l, 1_700_000_000, 999_999_999),
        "2023-11-14T22:13:20.999999Z"
    );
    assert_eq!(fmt(&l, 1_700_000_001, 0), "2023-11-14T22:13:21.000000Z");
    assert_eq!(fmt(&l, 1_700_000_000, 5_000), "2023-11-14T22:13:20.000005Z");
}

#[test]
fn several_fractions_are_all_patched() {
    let l = TimeLayout::parse("%.3f|%S%6f|%9f").unwrap();
    assert_eq!(fmt(&l, 7, 123_456_789), ".123|07123456|123456789");
    assert_eq!(fmt(&l, 7, 987_654_321), ".987|07987654|987654321");
}

#[test]
fn more_fractions_than_the_cache_holds_still_format() {
    let l = TimeLayout::parse("%3f%3f%3f%3f%3f%3f%3f").unwrap();
    assert!(!l.cacheable);
    assert_eq!(fmt(&l, 0, 5_000_000), "005".repeat(7));
}

#[test]
fn long_renderings_skip_the_cache() {
    let l = TimeLayout::parse(&format!("{}%S%.3f", "x".repeat(70))).unwrap();
    assert_eq!(fmt(&l, 1, 2_000_000), format!("{}01.002", "x".repeat(70)));
    assert!(l.cache.read(1).is_none());
    assert_eq!(fmt(&l, 1, 3_000_000), format!("{}01.003", "x".repeat(70)));
}

#[test]
fn clone_has_a_fresh_cache() {
    let l = TimeLayout::hms();
    fmt(&l, 5, 0);
    assert!(l.cache.read(5).is_some());
    let c = l.clone();
    assert!(c.cache.read(5).is_none());
    assert_eq!(fmt(&c, 5, 0), "00:00:05");
}

#[test]
fn nanos_out_of_range_saturate() {
    let l = TimeLayout::rfc3339(9);
    assert_eq!(fmt(&l, 0, 1_500_000_000), "1970-01-01T00:00:00.999999999Z");
}

#[test]
fn rfc3339_digits_round_up() {
    assert_eq!(fmt(&TimeLayout::rfc3339(0), 0, 1), "1970-01-01T00:00:00Z");
    assert_eq!(
        fmt(&TimeLayout::rfc3339(1), 0, 1),
        "1970-01-01T00:00:00.000Z"
    );
    assert_eq!(
        fmt(&TimeLayout::rfc3339(5), 0, 1),
        "1970-01-01T00:00:00.000000Z"
    );
    assert_eq!(
        fmt(&TimeLayout::rfc3339(200), 0, 1),
        "1970-01-01T00:00:00.000000001Z"
    );
}

#[test]
fn unix_presets_floor() {
    let ms = TimeLayout::unix_millis();
    assert_eq!(fmt(&ms, -2, 500_000_000), "-1500");
    assert_eq!(fmt(&ms, -1, 999_500_000), "-1");
    assert_eq!(fmt(&ms, 0, 999_999), "0");
    assert_eq!(fmt(&ms, i64::MIN, 0), "-9223372036854775808000");
    let us = TimeLayout::unix_micros();
    assert_eq!(fmt(&us, -1, 0), "-1000000");
    assert_eq!(fmt(&us, 1_795_789_412, 123_456_789), "1795789412123456");
    assert_eq!(
        fmt(&TimeLayout::unix_secs(), i64::MIN, 0),
        "-9223372036854775808"
    );
    assert!(ms.is_plain() && us.is_plain());
}

#[test]
fn max_len_bounds_extreme_instants() {
    let patterns = ["%Y %s %A %B %::z %.9f", "%y%j%e%I%p%z%:z%:::z%u%w%k%l%P%f"];
    for p in patterns {
        let l = TimeLayout::parse(p)
            .unwrap()
            .with_offset(Offset::Fixed(-86_399));
        for secs in [i64::MIN, i64::MAX, 0, -1] {
            assert!(
                fmt(&l, secs, 999_999_999).len() <= l.max_len(),
                "{p} {secs}"
            );
        }
    }
    for l in [TimeLayout::unix_millis(), TimeLayout::unix_micros()] {
        assert!(fmt(&l, i64::MIN, 0).len() <= l.max_len());
        assert!(fmt(&l, i64::MAX, 999_999_999).len() <= l.max_len());
    }
}

#[test]
fn fixed_offset_is_clamped() {
    let l = TimeLayout::parse("%::z")
        .unwrap()
        .with_offset(Offset::Fixed(i32::MAX));
    assert_eq!(l.offset(), Offset::Fixed(86_399));
    assert_eq!(fmt(&l, 0, 0), "+23:59:59");
}

#[test]
fn local_offset_matches_chrono() {
    let l = TimeLayout::parse("%F %T %:z")
        .unwrap()
        .with_offset(Offset::Local);
    for secs in [0i64, 1_700_000_000, 1_720_000_000] {
        let want = chrono::DateTime::from_timestamp(secs, 0)
            .unwrap()
            .with_timezone(&chrono::Local)
            .format("%F %T %:z")
            .to_string();
        assert_eq!(fmt(&l, secs, 0), want);
    }
}

#[test]
fn unix_time_from_system_time() {
    use std::time::{Duration, UNIX_EPOCH};
    assert_eq!(
        UnixTime::from(UNIX_EPOCH - Duration::from_secs(3)),
        UnixTime { secs: -3, nanos: 0 }
    );
    assert_eq!(
        UnixTime::from(UNIX_EPOCH + Duration::new(3, 7)),
        UnixTime { secs: 3, nanos: 7 }
    );
}

#[test]
fn layouts_are_send_and_sync() {
    fn check<T: Send + Sync + Clone + fmt::Debug>() {}
    check::<TimeLayout>();
}

/// Renderings of varying length (day and month names, padded fields, an
/// offset) come back from the cache byte for byte as rendered afresh.
#[test]
fn cached_renderings_of_every_length_are_whole() {
    for pattern in [
        "%A %B %e %k:%M:%S%.3f %:z",
        "%a %b %d %Y %H:%M:%S",
        "%S",
        "%Y-%m-%dT%H:%M:%S%.9f%:z",
        "%A, %d %B %Y %H:%M:%S%.6f %z (%j)",
    ] {
        let l = TimeLayout::parse(pattern)
            .unwrap()
            .with_offset(Offset::Fixed(-34_200));
        // Every tenth day under miri (the cache's atomics are what it
        // checks there; the renderings are checked in full natively).
        for day in (0..400i64).step_by(if cfg!(miri) { 10 } else { 1 }) {
            let secs = 1_700_000_000 + day * 86_400 + day * 3_607;
            let fresh = fmt(&l.clone(), secs, 123_456_789);
            assert_eq!(fmt(&l, secs, 123_456_789), fresh, "{pattern}: first");
            assert!(l.cache.read(secs).is_some(), "{pattern}: cached");
            assert_eq!(
                fmt(&l, secs, 123_456_789),
                fresh,
                "{pattern}: from the cache"
            );
        }
    }
}
