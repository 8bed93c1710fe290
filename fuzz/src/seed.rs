//! Seed inputs for the structured targets: the inverse of `arbitrary` 1.x
//! decoding for the types in [`crate::model`], so the checked-in corpora can
//! be meaningful records. Every seed is verified by decoding it again
//! (`cargo test` in `fuzz/`, and `write_seeds` refuses a seed that does not
//! round-trip).

use crate::model::{FuzzValue, Record, TimeSpec};

/// Bytes consumed from the front, and length bytes consumed from the back
/// (in consumption order).
#[derive(Default)]
pub struct Writer {
    front: Vec<u8>,
    back: Vec<u8>,
}

impl Writer {
    pub fn finish(self) -> Vec<u8> {
        let mut v = self.front;
        v.extend(self.back.iter().rev());
        v
    }
    pub fn u8(&mut self, b: u8) {
        self.front.push(b);
    }
    pub fn bool(&mut self, b: bool) {
        self.u8(u8::from(b));
    }
    pub fn le(&mut self, bytes: &[u8]) {
        self.front.extend_from_slice(bytes);
    }
    /// The discriminant `i` of an enum with `n` variants.
    pub fn variant(&mut self, i: u32, n: u32) {
        let x = (u64::from(i) << 32).div_ceil(u64::from(n));
        self.le(&(x as u32).to_le_bytes());
    }
    /// A string: its length comes from the end of the input (one byte while
    /// the input is at most 256 bytes long, which `write` checks).
    pub fn str(&mut self, s: &str) {
        assert!(s.len() < 256);
        self.back.push(s.len() as u8);
        self.front.extend_from_slice(s.as_bytes());
    }
    pub fn iter<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Writer, &T)) {
        for it in items {
            self.bool(true);
            each(self, it);
        }
        self.bool(false);
    }
}

pub fn value(w: &mut Writer, v: &FuzzValue) {
    const N: u32 = 14;
    match v {
        FuzzValue::Str(s) => {
            w.variant(0, N);
            w.str(s)
        }
        FuzzValue::Bytes(b) => {
            w.variant(1, N);
            w.iter(b, |w, b| w.u8(*b))
        }
        FuzzValue::I64(n) => {
            w.variant(2, N);
            w.le(&n.to_le_bytes())
        }
        FuzzValue::U64(n) => {
            w.variant(3, N);
            w.le(&n.to_le_bytes())
        }
        FuzzValue::I128(n) => {
            w.variant(4, N);
            w.le(&n.to_le_bytes())
        }
        FuzzValue::U128(n) => {
            w.variant(5, N);
            w.le(&n.to_le_bytes())
        }
        FuzzValue::F64(f) => {
            w.variant(6, N);
            w.le(&f.to_bits().to_le_bytes())
        }
        FuzzValue::SpecialF64(i) => {
            w.variant(7, N);
            w.u8(*i)
        }
        FuzzValue::Bool(b) => {
            w.variant(8, N);
            w.bool(*b)
        }
        FuzzValue::Char(c) => {
            w.variant(9, N);
            w.le(&(*c as u32).to_le_bytes())
        }
        FuzzValue::Null => w.variant(10, N),
        FuzzValue::Display(s) => {
            w.variant(11, N);
            w.str(s)
        }
        FuzzValue::Debug(s) => {
            w.variant(12, N);
            w.str(s)
        }
        FuzzValue::Error(m) => {
            w.variant(13, N);
            w.iter(m, |w, s| w.str(s))
        }
    }
}

pub fn time(w: &mut Writer, t: &TimeSpec) {
    w.str(&t.pattern);
    w.le(&t.secs.to_le_bytes());
    w.le(&t.nanos.to_le_bytes());
    w.bool(t.offset.is_some());
    if let Some(o) = t.offset {
        w.le(&o.to_le_bytes());
    }
}

pub fn record(w: &mut Writer, r: &Record) {
    w.u8(r.level);
    w.bool(r.time.is_some());
    if let Some(t) = &r.time {
        time(w, t);
    }
    w.str(&r.target);
    w.str(&r.message);
    w.u8(r.split);
    w.iter(&r.fields, |w, (k, v)| {
        w.str(k);
        value(w, v);
    });
}

/// Encode with `f`, check that `decode` gives `x` back, return the bytes.
pub fn encode_checked<T: PartialEq + std::fmt::Debug>(
    x: &T,
    f: impl FnOnce(&mut Writer, &T),
    decode: impl FnOnce(&[u8]) -> Option<T>,
) -> Vec<u8> {
    let mut w = Writer::default();
    f(&mut w, x);
    let bytes = w.finish();
    assert!(bytes.len() <= 256, "seed too long for one-byte lengths");
    let back = decode(&bytes);
    assert_eq!(back.as_ref(), Some(x), "seed does not round-trip");
    bytes
}
