//! logfmt: one line per record, no raw dangerous character, and the line
//! parses with the reference parser into exactly the pairs written, with
//! minimal quoting.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spoolog::encode::{Encoder, Head};
use spoolog::Format;
use spoolog_fuzz::logfmt_ref::{self, Pair};
use spoolog_fuzz::model::{Expected, Prepared, Record};
use spoolog_fuzz::{check_line, logfmt_key, logfmt_needs_quotes};

fn check_str(p: &Pair, key: &str, want: &str, line: &str) {
    assert_eq!(p.key, key, "{line:?}");
    assert_eq!(p.value, want, "value of {key:?} in {line:?}");
    assert_eq!(
        p.quoted,
        logfmt_needs_quotes(want),
        "quoting of {key:?} in {line:?}"
    );
}

fuzz_target!(|rec: Record| {
    let layout = rec.time.as_ref().map(|t| t.layout());
    let fields: Vec<(String, Prepared)> = rec
        .fields
        .iter()
        .map(|(k, v)| (k.clone(), Prepared::new(v.clone())))
        .collect();
    let (a, b) = rec.message_parts();
    let head = Head {
        time: rec
            .time
            .as_ref()
            .zip(layout.as_ref())
            .map(|(t, l)| (l, t.instant())),
        level: rec.level(),
        target: &rec.target,
        message: format_args!("{a}{b}"),
    };
    let enc = Encoder::new(Format::Logfmt, false);
    let mut buf = Vec::new();
    enc.begin(&mut buf, &head);
    for (k, v) in &fields {
        // The bytes of a field depend only on the key and value (the logger
        // copies pre-encoded context fields).
        let at = buf.len();
        enc.field(&mut buf, k, &v.value());
        let mut alone = Vec::new();
        enc.field(&mut alone, k, &v.value());
        assert_eq!(
            buf[at..],
            alone[..],
            "field {k:?} depends on what precedes it"
        );
    }
    enc.end(&mut buf);

    let line = check_line(&buf);
    let pairs = match logfmt_ref::parse(line) {
        Ok(p) => p,
        Err(e) => panic!("reference parser: {e}: {line:?}"),
    };
    let builtin = 3 + usize::from(rec.time.is_some());
    assert_eq!(pairs.len(), builtin + fields.len(), "{line:?}");
    let mut it = pairs.iter();
    if let (Some(t), Some(l)) = (&rec.time, &layout) {
        check_str(it.next().unwrap(), "ts", &t.rendered(l), line);
    }
    check_str(
        it.next().unwrap(),
        "level",
        rec.level().as_lower_str(),
        line,
    );
    check_str(it.next().unwrap(), "target", &rec.target, line);
    check_str(it.next().unwrap(), "msg", &rec.message, line);
    for ((k, v), p) in fields.iter().zip(it) {
        let key = logfmt_key(k);
        let exp = v.expected();
        match (&exp, exp.text()) {
            (Expected::Float(f), _) => {
                assert_eq!(p.key, key, "{line:?}");
                assert!(!p.quoted, "{line:?}");
                let g: f64 = p.value.parse().expect("float parses");
                assert_eq!(g.to_bits(), f.to_bits(), "{line:?}");
            }
            (e, Some(text)) if e.is_string() => check_str(p, &key, &text, line),
            (_, Some(text)) => {
                assert_eq!(p.key, key, "{line:?}");
                assert_eq!(p.value, text, "{line:?}");
                assert!(!p.quoted, "{line:?}");
            }
            (_, None) => unreachable!(),
        }
    }
});
