//! Text: no raw dangerous character (colour codes aside), exactly the
//! documented escaping of time, target and message, and fields byte for byte
//! as the logfmt encoder writes them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spoolog::encode::{Encoder, Head};
use spoolog::{Format, Level};
use spoolog_fuzz::model::{Prepared, Record};
use spoolog_fuzz::{check_line, text_escape};

fn sgr(level: Level) -> &'static str {
    match level {
        Level::Error => "\x1b[31m",
        Level::Warn => "\x1b[33m",
        Level::Info => "\x1b[32m",
        Level::Debug => "\x1b[34m",
        Level::Trace => "\x1b[35m",
    }
}

fuzz_target!(|rec: Record| {
    let layout = rec.time.as_ref().map(|t| t.layout());
    let fields: Vec<(String, Prepared)> = rec
        .fields
        .iter()
        .map(|(k, v)| (k.clone(), Prepared::new(v.clone())))
        .collect();
    let (a, b) = rec.message_parts();
    let level = rec.level();
    let line = |color: bool| {
        let head = Head {
            time: rec
                .time
                .as_ref()
                .zip(layout.as_ref())
                .map(|(t, l)| (l, t.instant())),
            level,
            target: &rec.target,
            message: format_args!("{a}{b}"),
        };
        let enc = Encoder::new(Format::Text, color);
        let mut buf = Vec::new();
        enc.begin(&mut buf, &head);
        for (k, v) in &fields {
            enc.field(&mut buf, k, &v.value());
        }
        enc.end(&mut buf);
        buf
    };
    let plain = line(false);
    let body = check_line(&plain);

    let mut logfmt_fields = Vec::new();
    let lf = Encoder::new(Format::Logfmt, false);
    for (k, v) in &fields {
        lf.field(&mut logfmt_fields, k, &v.value());
    }
    let logfmt_fields = String::from_utf8(logfmt_fields).expect("logfmt fields are UTF-8");

    let mut head = String::new();
    if let (Some(t), Some(l)) = (&rec.time, &layout) {
        head.push_str(&text_escape(&t.rendered(l)));
        head.push(' ');
    }
    let name_at = head.len();
    head.push_str(level.as_str());
    head.push(' ');
    if !rec.target.is_empty() {
        head.push_str(&text_escape(&rec.target));
        head.push_str(": ");
    }
    head.push_str(&text_escape(&rec.message));
    assert_eq!(body, format!("{head}{logfmt_fields}"));

    // With colour, only the level name is wrapped.
    let colored = line(true);
    let want = format!(
        "{}{}{}\x1b[0m{}\n",
        &body[..name_at],
        sgr(level),
        level.as_str(),
        &body[name_at + level.as_str().len()..]
    );
    assert_eq!(String::from_utf8_lossy(&colored), want);
});
