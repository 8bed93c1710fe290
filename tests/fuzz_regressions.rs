//! Regression tests for library bugs found by the fuzz targets in `fuzz/`
//! (see docs/fuzzing.md). Each test fails until the bug is fixed.

use spoolog::time::{Offset, TimeLayout, UnixTime};

/// `Offset::Local` reuses the zone offset for the rest of a 15-minute slot
/// of UTC time, assuming offsets only change on such boundaries. They do
/// not always: America/St_Johns moved to daylight time at 00:01 local time
/// from 1987 to 2011, i.e. at 03:31 UTC (2000-04-02T03:31:00Z = 954_646_260),
/// and many zones left local mean time at odd seconds (St_Johns: -3:30:52).
/// A layout that rendered 03:30:30 UTC keeps the old offset for 03:32 UTC,
/// writing `00:02:00 -03:30` instead of chrono's `01:02:00 -02:30`.
/// (time_layout target, invariant "Local renders like chrono's Local".)
#[test]
fn local_offset_change_inside_a_15_minute_slot() {
    if !std::path::Path::new("/usr/share/zoneinfo/America/St_Johns").exists() {
        eprintln!("skipped: no tzdata for America/St_Johns");
        return;
    }
    // The only test in this binary that reads the zone.
    // SAFETY: this binary has this one test, so no other thread reads or
    // writes the environment while it is changed.
    unsafe { std::env::set_var("TZ", "America/St_Johns") };
    let layout = TimeLayout::parse("%F %T %:z")
        .unwrap()
        .with_offset(Offset::Local);
    let render = |layout: &TimeLayout, secs: i64| {
        let mut b = Vec::new();
        layout.append(&mut b, UnixTime { secs, nanos: 0 });
        String::from_utf8(b).unwrap()
    };
    // A fresh layout gets it right: the offset at 03:32 UTC is -2:30.
    assert_eq!(
        render(&layout.clone(), 954_646_320),
        "2000-04-02 01:02:00 -02:30"
    );
    // The same layout, after rendering 03:30:30 UTC (still -3:30), does not.
    assert_eq!(render(&layout, 954_646_230), "2000-04-02 00:00:30 -03:30");
    assert_eq!(render(&layout, 954_646_320), "2000-04-02 01:02:00 -02:30");
}
