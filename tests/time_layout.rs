//! Integration tests for `spoolog::time`: equality with chrono's own
//! formatting, cache correctness across boundaries and threads, errors, and
//! allocation evidence.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, SecondsFormat, TimeZone, Utc};
use proptest::prelude::*;
use spoolog::time::{LayoutErrorKind, Offset, TimeLayout, UnixTime};

/// 1900-01-01T00:00:00Z and 2200-01-01T00:00:00Z.
const MIN_SECS: i64 = -2_208_988_800;
const MAX_SECS: i64 = 7_258_118_400;

fn ours(layout: &TimeLayout, secs: i64, nanos: u32) -> String {
    let mut buf = Vec::new();
    layout.append(&mut buf, UnixTime { secs, nanos });
    String::from_utf8(buf).expect("layout output is UTF-8")
}

fn chrono_at(secs: i64, nanos: u32, offset: i32) -> DateTime<FixedOffset> {
    DateTime::from_timestamp(secs, nanos)
        .unwrap()
        .with_timezone(&FixedOffset::east_opt(offset).unwrap())
}

fn chrono_fmt(pattern: &str, secs: i64, nanos: u32, offset: i32) -> String {
    chrono_at(secs, nanos, offset).format(pattern).to_string()
}

/// The specifiers the property test draws from (all must mean the same to
/// chrono and to spoolog).
const SPECIFIERS: &[&str] = &[
    "%Y", "%m", "%d", "%H", "%M", "%S", "%.3f", "%.6f", "%.9f", "%z", "%:z", "%j", "%a", "%b",
    "%y", "%e", "%I", "%p", "%s", "%%", "%F", "%T", "%A", "%B", "%h", "%k", "%l", "%P", "%u", "%w",
    "%f", "%3f", "%6f", "%9f", "%::z", "%:::z", "%R", "%D",
];
const LITERALS: &[&str] = &[
    "-", ":", "T", " ", "/", ".", ",", "[", "]", "Z", "at", "é", "_", "  ",
];

fn pattern_strategy() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        3 => prop::sample::select(SPECIFIERS).prop_map(str::to_owned),
        1 => prop::sample::select(LITERALS).prop_map(str::to_owned),
    ];
    prop::collection::vec(token, 1..12).prop_map(|v| v.concat())
}

fn offset_strategy() -> impl Strategy<Value = Option<i32>> {
    prop_oneof![
        1 => Just(None),
        2 => (-86_399i32..=86_399).prop_map(Some),
        1 => (-56i32..=56).prop_map(|q| Some(q * 900)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn append_equals_chrono_format(
        pattern in pattern_strategy(),
        secs in MIN_SECS..MAX_SECS,
        nanos in 0u32..1_000_000_000,
        offset in offset_strategy(),
        extra in prop::collection::vec((0i64..5, 0u32..1_000_000_000), 0..4),
    ) {
        let mut layout = TimeLayout::parse(&pattern).unwrap();
        if let Some(o) = offset {
            layout = layout.with_offset(Offset::Fixed(o));
        }
        // The first call fills the cache; later calls on nearby instants
        // (same second or a few later) exercise hits and refills.
        let mut instants = vec![(secs, nanos)];
        instants.extend(extra.iter().map(|&(d, n)| (secs + d, n)));
        for (s, n) in instants {
            let want = chrono_fmt(&pattern, s, n, offset.unwrap_or(0));
            let got = ours(&layout, s, n);
            prop_assert_eq!(&got, &want, "pattern {:?} at {}.{:09}", pattern, s, n);
            prop_assert!(got.len() <= layout.max_len());
        }
    }

    #[test]
    fn rfc3339_equals_chrono(
        secs in MIN_SECS..MAX_SECS,
        nanos in 0u32..1_000_000_000,
        offset in offset_strategy(),
    ) {
        let off = offset.unwrap_or(0);
        let dt = chrono_at(secs, nanos, off);
        for (digits, form) in [
            (0, SecondsFormat::Secs),
            (3, SecondsFormat::Millis),
            (6, SecondsFormat::Micros),
            (9, SecondsFormat::Nanos),
        ] {
            let mut layout = TimeLayout::rfc3339(digits);
            if let Some(o) = offset {
                layout = layout.with_offset(Offset::Fixed(o));
            }
            // Offsets with seconds: RFC 3339 (and chrono) round to minutes.
            prop_assert_eq!(ours(&layout, secs, nanos), dt.to_rfc3339_opts(form, true));
        }
    }

    #[test]
    fn unix_presets_floor(secs in MIN_SECS..MAX_SECS, nanos in 0u32..1_000_000_000) {
        let dt = DateTime::from_timestamp(secs, nanos).unwrap();
        prop_assert_eq!(ours(&TimeLayout::unix_secs(), secs, nanos), dt.timestamp().to_string());
        prop_assert_eq!(ours(&TimeLayout::unix_millis(), secs, nanos), dt.timestamp_millis().to_string());
        prop_assert_eq!(ours(&TimeLayout::unix_micros(), secs, nanos), dt.timestamp_micros().to_string());
    }
}

const BOUNDARY_PATTERN: &str = "%Y-%m-%d %j %a %b %e %I%p %H:%M:%S%.3f%.6f %s %y %:z";

fn utc_secs(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
        .unwrap()
        .timestamp()
}

/// Walk one layout through consecutive instants around `center`, forwards and
/// then backwards, several calls per second, comparing every output.
fn walk(center: i64, offset: i32) {
    let layouts = [
        TimeLayout::parse(BOUNDARY_PATTERN)
            .unwrap()
            .with_offset(Offset::Fixed(offset)),
        TimeLayout::rfc3339(6).with_offset(Offset::Fixed(offset)),
    ];
    let mut steps: Vec<i64> = (-3..=3).collect();
    steps.extend((-3..3).rev());
    for layout in &layouts {
        for &d in &steps {
            for nanos in [0, 1_000, 499_999_999, 999_999_999] {
                let s = center + d;
                let want = if layout.is_plain() {
                    chrono_at(s, nanos, offset).to_rfc3339_opts(SecondsFormat::Micros, true)
                } else {
                    chrono_fmt(BOUNDARY_PATTERN, s, nanos, offset)
                };
                assert_eq!(
                    ours(layout, s, nanos),
                    want,
                    "at {s}.{nanos:09} offset {offset}"
                );
            }
        }
    }
}

#[test]
fn second_minute_hour_boundaries() {
    walk(utc_secs(2024, 6, 15, 10, 20, 30), 0);
    walk(utc_secs(2024, 6, 15, 10, 21, 0), 0);
    walk(utc_secs(2024, 6, 15, 11, 0, 0), 0);
    walk(utc_secs(2024, 6, 15, 12, 0, 0), 0); // AM -> PM
    walk(utc_secs(2024, 6, 15, 11, 0, 0), 3_600); // local noon
}

#[test]
fn day_month_year_boundaries() {
    walk(utc_secs(2024, 6, 16, 0, 0, 0), 0);
    walk(utc_secs(2024, 7, 1, 0, 0, 0), 0);
    walk(utc_secs(2025, 1, 1, 0, 0, 0), 0);
    walk(utc_secs(2000, 1, 1, 0, 0, 0), 0);
    walk(utc_secs(1970, 1, 1, 0, 0, 0), 0); // epoch: negative seconds before it
    walk(utc_secs(2025, 1, 1, 0, 0, 0), -18_000); // offset moves the local year
    walk(utc_secs(2024, 12, 31, 19, 0, 0), -18_000);
}

#[test]
fn leap_days() {
    walk(utc_secs(2024, 2, 29, 0, 0, 0), 0);
    walk(utc_secs(2024, 3, 1, 0, 0, 0), 0);
    walk(utc_secs(2100, 3, 1, 0, 0, 0), 0); // 2100 is not a leap year
    walk(utc_secs(2000, 2, 29, 0, 0, 0), 0); // 2000 is
    walk(utc_secs(2024, 12, 31, 0, 0, 0), 0); // day 366
}

#[test]
fn consecutive_days_through_leap_and_non_leap_february() {
    let layout = TimeLayout::parse("%F %j %a").unwrap();
    for (start, days) in [
        (utc_secs(2024, 2, 27, 23, 59, 59), 4),
        (utc_secs(2100, 2, 27, 23, 59, 59), 3),
    ] {
        for d in 0..days {
            let s = start + d * 86_400;
            for t in [s, s + 1] {
                assert_eq!(ours(&layout, t, 0), chrono_fmt("%F %j %a", t, 0, 0));
            }
        }
    }
    assert_eq!(
        ours(&layout, utc_secs(2024, 2, 29, 0, 0, 0), 0),
        "2024-02-29 060 Thu"
    );
    assert_eq!(
        ours(&layout, utc_secs(2100, 3, 1, 0, 0, 0), 0),
        "2100-03-01 060 Mon"
    );
}

#[test]
fn time_going_backwards_re_renders() {
    let layout = TimeLayout::rfc3339(3);
    let t = utc_secs(2024, 1, 1, 0, 0, 0);
    assert_eq!(ours(&layout, t, 5_000_000), "2024-01-01T00:00:00.005Z");
    assert_eq!(
        ours(&layout, t - 1, 999_000_000),
        "2023-12-31T23:59:59.999Z"
    );
    assert_eq!(
        ours(&layout, t - 86_400 * 366, 0),
        "2022-12-31T00:00:00.000Z"
    );
    assert_eq!(ours(&layout, t, 1_000_000), "2024-01-01T00:00:00.001Z");
}

#[test]
fn years_outside_four_digits_match_chrono() {
    let pattern = "%Y %y %F %j %s";
    for secs in [
        -62_135_596_800 - 1,      // 0000-12-31
        -62_167_219_200 - 86_400, // year -1
        253_402_300_800,          // 10000-01-01
        -8_000_000_000_000,       // far past
        8_000_000_000_000,        // far future
    ] {
        let layout = TimeLayout::parse(pattern).unwrap();
        assert_eq!(
            ours(&layout, secs, 0),
            chrono_fmt(pattern, secs, 0, 0),
            "{secs}"
        );
    }
}

#[test]
fn errors_name_their_position() {
    let cases: &[(&str, LayoutErrorKind, usize)] = &[
        ("%Y-%Q", LayoutErrorKind::UnknownSpecifier, 3),
        ("%", LayoutErrorKind::DanglingPercent, 0),
        ("%H:%M%", LayoutErrorKind::DanglingPercent, 5),
        ("%.4f", LayoutErrorKind::MalformedSpecifier, 0),
        ("%H%:q", LayoutErrorKind::MalformedSpecifier, 2),
        ("%H\n", LayoutErrorKind::ControlCharacter, 2),
        ("a\u{1b}[31m", LayoutErrorKind::ControlCharacter, 1),
        ("%Z", LayoutErrorKind::UnsupportedSpecifier, 0),
    ];
    for &(pattern, kind, pos) in cases {
        let err = TimeLayout::parse(pattern).unwrap_err();
        assert_eq!((err.kind(), err.position()), (kind, pos), "{pattern:?}");
        assert!(err.to_string().contains(&pos.to_string()), "{err}");
    }
    let err = TimeLayout::parse("%Y-%Q").unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown time specifier `%Q` at byte 3 of the pattern"
    );
    assert!(TimeLayout::parse("%H\n")
        .unwrap_err()
        .to_string()
        .contains("\\n"));
}

/// Threads share one layout and keep moving between a few seconds, so the
/// cache is constantly rewritten while others read it; every output must be
/// exactly chrono's.
#[test]
fn shared_layout_across_threads_never_tears() {
    const PATTERN: &str = "%Y-%m-%dT%H:%M:%S%.9f %a %j %:z";
    let layout = Arc::new(
        TimeLayout::parse(PATTERN)
            .unwrap()
            .with_offset(Offset::Fixed(-12_600)),
    );
    let base = utc_secs(2024, 1, 1, 3, 29, 58);
    let threads: Vec<_> = (0..4u32)
        .map(|t| {
            let layout = Arc::clone(&layout);
            std::thread::spawn(move || {
                let mut buf = Vec::with_capacity(layout.max_len());
                let step = if t % 2 == 0 { 1 } else { 86_400 };
                for i in 0..20_000u32 {
                    // Different threads hit different seconds (the local
                    // year boundary included) in different orders.
                    let secs = base + i64::from((i / 7 + t) % 4) * step;
                    let nanos = i.wrapping_mul(2_654_435_761) % 1_000_000_000;
                    buf.clear();
                    layout.append(&mut buf, UnixTime { secs, nanos });
                    let want = chrono_fmt(PATTERN, secs, nanos, -12_600);
                    assert_eq!(buf, want.as_bytes(), "thread {t} at {secs}.{nanos:09}");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn append_with_spare_capacity_does_not_reallocate() {
    let layouts = [
        TimeLayout::rfc3339(9),
        TimeLayout::hms(),
        TimeLayout::unix_micros(),
        TimeLayout::parse("%A %B %e %Y %s %::z")
            .unwrap()
            .with_offset(Offset::Fixed(-1)),
        TimeLayout::parse(&"%Y".repeat(10)).unwrap(), // too long for the cache
    ];
    for layout in &layouts {
        for secs in [i64::MIN, -1, 0, 1_700_000_000, i64::MAX] {
            for _ in 0..3 {
                let mut buf = Vec::with_capacity(layout.max_len());
                let (ptr, cap) = (buf.as_ptr(), buf.capacity());
                layout.append(
                    &mut buf,
                    UnixTime {
                        secs,
                        nanos: 999_999_999,
                    },
                );
                assert_eq!(
                    (buf.as_ptr(), buf.capacity()),
                    (ptr, cap),
                    "{layout:?} at {secs}"
                );
            }
        }
        // With a prefix already in the buffer, spare capacity is what counts.
        let mut buf = Vec::with_capacity(10 + layout.max_len());
        buf.extend_from_slice(b"0123456789");
        let (ptr, cap) = (buf.as_ptr(), buf.capacity());
        layout.append(&mut buf, UnixTime { secs: 1, nanos: 1 });
        assert_eq!((buf.as_ptr(), buf.capacity()), (ptr, cap));
    }
}

#[test]
fn append_into_a_small_buffer_grows_it() {
    let layout = TimeLayout::rfc3339(6);
    let mut buf = Vec::with_capacity(2);
    buf.extend_from_slice(b"> ");
    layout.append(&mut buf, UnixTime { secs: 0, nanos: 0 });
    layout.append(
        &mut buf,
        UnixTime {
            secs: 0,
            nanos: 1_000,
        },
    );
    assert_eq!(
        buf,
        b"> 1970-01-01T00:00:00.000000Z1970-01-01T00:00:00.000001Z"
    );
}
