//! The time_layout target compares with chrono only when chrono can render
//! the pattern; make sure that is the case for every specifier spoolog
//! accepts, so the comparison is not silently skipped.

use spoolog::time::{Offset, TimeLayout, UnixTime};
use std::fmt::Write as _;

#[test]
fn chrono_renders_every_supported_specifier_like_spoolog() {
    let all = "%Y %y %m %d %e %H %k %I %l %M %S %j %a %A %b %h %B %p %P %u %w %s %f \
               %.3f %.6f %.9f %3f %6f %9f %z %:z %::z %:::z %F %T %R %D %% é=\"\\";
    for off in [0, 19_830, -29, 86_399] {
        let layout = TimeLayout::parse(all)
            .unwrap()
            .with_offset(Offset::Fixed(off));
        let t = UnixTime {
            secs: 1_795_789_412,
            nanos: 123_456_789,
        };
        let mut got = Vec::new();
        layout.append(&mut got, t);
        let dt = chrono::DateTime::from_timestamp(t.secs, t.nanos)
            .unwrap()
            .with_timezone(&chrono::FixedOffset::east_opt(off).unwrap());
        let mut want = String::new();
        write!(want, "{}", dt.format(all)).expect("chrono renders the pattern");
        assert_eq!(String::from_utf8(got).unwrap(), want, "offset {off}");
    }
}
