//! A real `Logger` with a `Capture` sink: each enabled call writes exactly
//! one line, byte for byte what the encoder writes for the same head,
//! context and fields; disabled calls write nothing.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use spoolog::encode::{Encoder, Head};
use spoolog::filter::Filter;
use spoolog::logger::ColorChoice;
use spoolog::sink::Capture;
use spoolog::time::Clock;
use spoolog::{Field, Format, Level, Logger, UnixTime};
use spoolog_fuzz::check_line;
use spoolog_fuzz::model::{FuzzValue, Prepared, Record, TimeSpec};

#[derive(Arbitrary, Debug)]
struct Input {
    format: u8,
    time: Option<TimeSpec>,
    filter: String,
    context: Vec<(String, FuzzValue)>,
    calls: Vec<Record>,
}

struct Fixed(UnixTime);

impl Clock for Fixed {
    fn now(&self) -> UnixTime {
        self.0
    }
}

fn prepare(fields: &[(String, FuzzValue)]) -> Vec<(String, Prepared)> {
    fields
        .iter()
        .map(|(k, v)| (k.clone(), Prepared::new(v.clone())))
        .collect()
}

fuzz_target!(|input: Input| {
    let format = [Format::Json, Format::Logfmt, Format::Text][usize::from(input.format) % 3];
    let cap = Capture::new();
    let mut builder = Logger::builder()
        .format(format)
        .color(ColorChoice::Never)
        .sink(cap.clone());
    let layout = input.time.as_ref().map(|t| t.layout());
    builder = match (&input.time, &layout) {
        (Some(t), Some(l)) => builder.time(l.clone()).clock(Fixed(t.instant())),
        _ => builder.no_time(),
    };
    let filter = Filter::parse(&input.filter).ok();
    if let Some(f) = &filter {
        builder = builder.filter(f.clone());
    }
    let root = builder.build();
    let context = prepare(&input.context);
    let ctx_fields: Vec<Field<'_>> = context
        .iter()
        .map(|(k, v)| Field::with_value(k, v.value()))
        .collect();
    let log = root.with(&ctx_fields);

    let enc = Encoder::new(format, false);
    let mut want = Vec::new();
    // One call through `log` and, if enabled, the encoder's bytes for it
    // appended to `want`.
    let mut one =
        |level: Level, target: &str, message: std::fmt::Arguments<'_>, fields: &[Field<'_>]| {
            log.log(level, target, message, fields);
            let enabled = match &filter {
                // The message filter (`target/regex`) applies to the formatted
                // message, after the level and target decision.
                Some(f) => f.enabled(level, target) && f.message_matches(&message.to_string()),
                None => level <= Level::Info,
            };
            if enabled {
                let head = Head {
                    time: input
                        .time
                        .as_ref()
                        .zip(layout.as_ref())
                        .map(|(t, l)| (l, t.instant())),
                    level,
                    target,
                    message,
                };
                let start = want.len();
                enc.begin(&mut want, &head);
                for f in ctx_fields.iter().chain(fields) {
                    enc.field(&mut want, f.key, &f.value);
                }
                enc.end(&mut want);
                check_line(&want[start..]);
            }
        };
    for rec in &input.calls {
        let fields = prepare(&rec.fields);
        let call_fields: Vec<Field<'_>> = fields
            .iter()
            .map(|(k, v)| Field::with_value(k, v.value()))
            .collect();
        let (a, b) = rec.message_parts();
        let level = rec.level();
        one(level, &rec.target, format_args!("{a}{b}"), &call_fields);
        // The same record with a plain-string message: the logger writes
        // its head from this thread's head cache (filled by the first such
        // call, hit by later ones with the same target bytes), which must
        // give the encoder's bytes for any target.
        match rec.target.len() % 4 {
            0 => one(
                level,
                &rec.target,
                format_args!("request handled"),
                &call_fields,
            ),
            1 => one(level, &rec.target, format_args!(""), &call_fields),
            2 => one(
                level,
                &rec.target,
                format_args!("a \"quoted\"\nmessage \u{1b}[2J\t= é"),
                &call_fields,
            ),
            _ => one(level, &rec.target, format_args!("ready"), &call_fields),
        }
    }
    let got = cap.bytes();
    assert_eq!(
        String::from_utf8_lossy(&got),
        String::from_utf8_lossy(&want),
        "logger output differs from the encoder's"
    );
    assert_eq!(log.errors(), 0);
});
