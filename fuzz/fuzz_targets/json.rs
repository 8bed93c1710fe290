//! JSON: one line per record, valid JSON, no raw dangerous character, and
//! every string, key and number round-trips through serde_json.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value as J;
use spoolog::encode::{Encoder, Head};
use spoolog::Format;
use spoolog_fuzz::model::{Expected, Prepared, Record};
use spoolog_fuzz::{check_line, prefixed_key};

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
    let enc = Encoder::new(Format::Json, false);
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

    let body = check_line(&buf);
    let parsed: J = match serde_json::from_str(body) {
        Ok(j) => j,
        Err(e) => panic!("not JSON ({e}): {body:?}"),
    };
    let obj = parsed.as_object().expect("a JSON object");

    // What the object must hold; a later duplicate key replaces an earlier one.
    let mut want: Vec<(String, Expected)> = Vec::new();
    let mut put = |k: String, v: Expected| match want.iter_mut().find(|(x, _)| *x == k) {
        Some(slot) => slot.1 = v,
        None => want.push((k, v)),
    };
    if let (Some(t), Some(l)) = (&rec.time, &layout) {
        put("ts".into(), Expected::Str(t.rendered(l)));
    }
    put("level".into(), Expected::Str(rec.level().as_str().into()));
    put("target".into(), Expected::Str(rec.target.clone()));
    put("msg".into(), Expected::Str(rec.message.clone()));
    for (k, v) in &fields {
        put(prefixed_key(k), v.expected());
    }
    assert_eq!(obj.len(), want.len(), "keys: {body:?}");
    for (k, exp) in &want {
        let got = obj
            .get(k)
            .unwrap_or_else(|| panic!("missing key {k:?}: {body:?}"));
        let ok = match (exp, got) {
            (Expected::Str(s), J::String(g)) => s == g,
            (Expected::Int(s), J::Number(n)) => n.to_string() == *s,
            (Expected::Float(f), J::Number(n)) => n
                .to_string()
                .parse::<f64>()
                .is_ok_and(|g| g.to_bits() == f.to_bits()),
            (Expected::Bool(b), J::Bool(g)) => b == g,
            (Expected::Null, J::Null) => true,
            _ => false,
        };
        assert!(ok, "key {k:?}: want {exp:?}, got {got:?} in {body:?}");
    }
});
