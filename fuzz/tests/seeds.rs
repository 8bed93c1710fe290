//! Checks the seed writer against `arbitrary` and (re)writes the structured
//! seed corpora: `SPOOLOG_WRITE_SEEDS=1 cargo +nightly test --test seeds`.

use arbitrary::{Arbitrary, Unstructured};
use spoolog_fuzz::model::{FuzzValue, Record, TimeSpec};
use spoolog_fuzz::seed;
use std::path::Path;

fn s(x: &str) -> String {
    x.to_owned()
}

fn records() -> Vec<(&'static str, Record)> {
    let w2 = Record {
        level: 2, // Info
        time: Some(TimeSpec {
            pattern: s("%Y-%m-%dT%H:%M:%S%.6f%:z"),
            secs: 1_795_789_412,
            nanos: 123_456_000,
            offset: None,
        }),
        target: s("app::server"),
        message: s("request handled"),
        split: 0,
        fields: vec![
            (s("method"), FuzzValue::Str(s("GET"))),
            (s("path"), FuzzValue::Str(s("/api/v1/users/42"))),
            (s("status"), FuzzValue::U64(200)),
            (s("latency_us"), FuzzValue::I64(1234)),
            (s("cache_hit"), FuzzValue::Bool(true)),
        ],
    };
    let hostile = Record {
        level: 0,
        time: None,
        target: s("a\nb\u{2028}"),
        message: s("x\r\n{\"level\":\"ERROR\"}\u{1b}[2J\u{85}"),
        split: 3,
        fields: vec![
            (s("level"), FuzzValue::Str(s("forged"))),
            (s(""), FuzzValue::Null),
            (
                s("k y=\"\n"),
                FuzzValue::Bytes(vec![b'a', 0xff, 0xe2, 0x80, b'\n']),
            ),
            (s("msg"), FuzzValue::Debug(s("q\"\\"))),
        ],
    };
    let numbers = Record {
        level: 4,
        time: Some(TimeSpec {
            pattern: s("%b %e %H:%M:%S"),
            secs: -1,
            nanos: 999_999_999,
            offset: Some(-19_800),
        }),
        target: s(""),
        message: s("nums"),
        split: 0,
        fields: vec![
            (s("i"), FuzzValue::I128(i128::MIN)),
            (s("u"), FuzzValue::U128(u128::MAX)),
            (s("f"), FuzzValue::F64(0.1)),
            (s("nan"), FuzzValue::SpecialF64(0)),
            (s("ninf"), FuzzValue::SpecialF64(2)),
            (s("c"), FuzzValue::Char('\u{2029}')),
        ],
    };
    let dup = Record {
        level: 1,
        time: Some(TimeSpec {
            pattern: s("t=\"%s\" %A"),
            secs: 0,
            nanos: 0,
            offset: Some(86_399),
        }),
        target: s("db"),
        message: s("dup keys"),
        split: 1,
        fields: vec![
            (s("a"), FuzzValue::U64(1)),
            (s("_ts"), FuzzValue::Str(s("x"))),
            (s("a"), FuzzValue::Str(s("last wins"))),
            (s("ts"), FuzzValue::Display(s("y z"))),
            (s("err"), FuzzValue::Error(vec![s("open"), s("denied\n")])),
        ],
    };
    vec![
        ("w2", w2),
        ("hostile", hostile),
        ("numbers", numbers),
        ("dup_keys", dup),
    ]
}

fn write(dir: &str, name: &str, bytes: &[u8]) {
    if std::env::var_os("SPOOLOG_WRITE_SEEDS").is_none() {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

#[test]
fn record_seeds_round_trip() {
    for (name, rec) in records() {
        let bytes = seed::encode_checked(&rec, seed::record, |b| {
            Record::arbitrary(&mut Unstructured::new(b)).ok()
        });
        for target in ["json", "logfmt", "text"] {
            write(target, name, &bytes);
        }
    }
}

#[test]
fn logger_seeds_round_trip() {
    // The logger target's input: format, time, filter, context, calls.
    #[derive(Arbitrary, Debug, PartialEq)]
    struct Input {
        format: u8,
        time: Option<TimeSpec>,
        filter: String,
        context: Vec<(String, FuzzValue)>,
        calls: Vec<Record>,
    }
    let recs = records();
    let cases = [
        (
            "json_w2",
            0u8,
            "info,app::server=debug",
            vec![recs[0].1.clone()],
        ),
        (
            "logfmt_mixed",
            1,
            "warn,db=trace",
            vec![recs[3].1.clone(), recs[2].1.clone()],
        ),
        ("text_hostile", 2, "", vec![recs[1].1.clone()]),
    ];
    for (name, format, filter, calls) in cases {
        let input = Input {
            format,
            time: None,
            filter: s(filter),
            context: vec![(s("request_id"), FuzzValue::Str(s("r-17")))],
            calls: calls
                .into_iter()
                .map(|mut r| {
                    r.time = None;
                    r
                })
                .collect(),
        };
        let bytes = seed::encode_checked(
            &input,
            |w, i| {
                w.u8(i.format);
                w.bool(false);
                w.str(&i.filter);
                w.iter(&i.context, |w, (k, v)| {
                    w.str(k);
                    seed::value(w, v);
                });
                w.iter(&i.calls, seed::record);
            },
            |b| Input::arbitrary(&mut Unstructured::new(b)).ok(),
        );
        write("logger", name, &bytes);
    }
}
