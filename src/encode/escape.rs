//! Byte tables and the shared escaping writers.
//!
//! Every string that reaches a line (message, target, key, value, the
//! formatted output of `Display`/`Debug`/errors, a non-plain timestamp) goes
//! through [`escape_str`] with one of the [`Scheme`]s below. The scan is a
//! lookup in a 256-entry `const` table; runs of safe bytes are copied with one
//! `extend_from_slice`, and only the bytes that need work take the slow path.
//!
//! What counts as dangerous (CWE-117, log forging): the C0 controls
//! `0x00..=0x1f`, DEL `0x7f`, the C1 controls U+0080..=U+009F and the Unicode
//! line and paragraph separators U+2028/U+2029. In valid UTF-8 the C1
//! controls start with the byte `0xC2` and the separators with `0xE2`, so the
//! table flags those two lead bytes and the slow path looks at the next bytes.

use std::fmt;
use std::marker::PhantomData;

/// Table entry: the byte is copied as it is.
const SAFE: u8 = 0;
/// Table entry: an ASCII byte that [`Scheme::escape`] rewrites.
const ESC: u8 = 1;
/// Table entry: a lead byte (`0xC2`, `0xE2`) that may start a dangerous character.
const MULTI: u8 = 2;
/// Table entry: an ASCII byte copied as it is but reported (logfmt: forces quotes).
const FLAG: u8 = 3;

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The UTF-8 bytes of U+FFFD REPLACEMENT CHARACTER.
pub(crate) const REPLACEMENT: &[u8] = "\u{fffd}".as_bytes();

/// Build a table: controls and DEL escaped, `0xC2`/`0xE2` looked at,
/// `esc` bytes escaped, `flag` bytes reported.
const fn table(esc: &[u8], flag: &[u8]) -> [u8; 256] {
    let mut t = [SAFE; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = ESC;
        i += 1;
    }
    t[0x7f] = ESC;
    t[0xc2] = MULTI;
    t[0xe2] = MULTI;
    let mut j = 0;
    while j < esc.len() {
        t[esc[j] as usize] = ESC;
        j += 1;
    }
    let mut k = 0;
    while k < flag.len() {
        t[flag[k] as usize] = FLAG;
        k += 1;
    }
    t
}

/// One way of rewriting dangerous characters.
pub(crate) trait Scheme {
    /// Per byte: [`SAFE`], [`ESC`], [`MULTI`] or [`FLAG`].
    const TABLE: [u8; 256];
    /// For the word-at-a-time pre-check: every byte below this is flagged.
    const BELOW: u8 = 0x20;
    /// For the word-at-a-time pre-check: ASCII bytes at or above
    /// [`BELOW`](Self::BELOW) that the table does not mark [`SAFE`]
    /// (repeat one to fill; `0x7f` is flagged anyway).
    const EQUAL: [u8; 3];
    /// Write the replacement for the dangerous character `c` (an ASCII byte
    /// marked [`ESC`], a C1 control, U+2028 or U+2029).
    fn escape(buf: &mut Vec<u8>, c: u32);
}

/// Write `\uXXXX` (four lower-case hex digits; `c < 0x10000`).
#[inline]
fn u_escape4(buf: &mut Vec<u8>, c: u32) {
    buf.extend_from_slice(&[
        b'\\',
        b'u',
        HEX[(c >> 12) as usize & 15],
        HEX[(c >> 8) as usize & 15],
        HEX[(c >> 4) as usize & 15],
        HEX[c as usize & 15],
    ]);
}

/// JSON strings (RFC 8259): `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, and
/// `\u00XX` for the other controls; DEL, C1, U+2028 and U+2029 as `\uXXXX`.
pub(crate) struct Json;

impl Scheme for Json {
    const TABLE: [u8; 256] = table(b"\"\\", b"");
    const EQUAL: [u8; 3] = *b"\"\\\\";
    #[inline]
    fn escape(buf: &mut Vec<u8>, c: u32) {
        match c {
            0x22 => buf.extend_from_slice(b"\\\""),
            0x5c => buf.extend_from_slice(b"\\\\"),
            0x0a => buf.extend_from_slice(b"\\n"),
            0x0d => buf.extend_from_slice(b"\\r"),
            0x09 => buf.extend_from_slice(b"\\t"),
            0x08 => buf.extend_from_slice(b"\\b"),
            0x0c => buf.extend_from_slice(b"\\f"),
            _ => u_escape4(buf, c),
        }
    }
}

/// Logfmt values, as the inside of a quoted value (go-logfmt compatible):
/// `\"`, `\\`, `\n`, `\r`, `\t`, `\uXXXX` for every other dangerous
/// character. Space and `=` are copied but reported: they force quotes.
pub(crate) struct Logfmt;

impl Scheme for Logfmt {
    const TABLE: [u8; 256] = table(b"\"\\", b" =");
    const BELOW: u8 = 0x21;
    const EQUAL: [u8; 3] = *b"\"\\=";
    #[inline]
    fn escape(buf: &mut Vec<u8>, c: u32) {
        match c {
            0x22 => buf.extend_from_slice(b"\\\""),
            0x5c => buf.extend_from_slice(b"\\\\"),
            0x0a => buf.extend_from_slice(b"\\n"),
            0x0d => buf.extend_from_slice(b"\\r"),
            0x09 => buf.extend_from_slice(b"\\t"),
            _ => u_escape4(buf, c),
        }
    }
}

/// Logfmt keys: every byte that may not appear in a key (space, `=`, `"`,
/// controls, DEL) and every dangerous character becomes one `_`.
pub(crate) struct Key;

impl Scheme for Key {
    const TABLE: [u8; 256] = table(b" =\"", b"");
    const BELOW: u8 = 0x21;
    const EQUAL: [u8; 3] = *b"=\"\"";
    #[inline]
    fn escape(buf: &mut Vec<u8>, _c: u32) {
        buf.push(b'_');
    }
}

/// Human text (message, target, non-plain time): `\n`, `\r`, `\t`, and Rust
/// style `\u{1b}` for every other dangerous character. Quotes and
/// backslashes are left alone.
pub(crate) struct Text;

impl Scheme for Text {
    const TABLE: [u8; 256] = table(b"", b"");
    const EQUAL: [u8; 3] = [0x7f; 3];
    #[inline]
    fn escape(buf: &mut Vec<u8>, c: u32) {
        match c {
            0x0a => buf.extend_from_slice(b"\\n"),
            0x0d => buf.extend_from_slice(b"\\r"),
            0x09 => buf.extend_from_slice(b"\\t"),
            _ => {
                buf.extend_from_slice(b"\\u{");
                let mut shift = 12;
                while shift > 0 && (c >> shift) & 15 == 0 {
                    shift -= 4;
                }
                loop {
                    buf.push(HEX[(c >> shift) as usize & 15]);
                    if shift == 0 {
                        break;
                    }
                    shift -= 4;
                }
                buf.push(b'}');
            }
        }
    }
}

/// RFC 5424 SD-PARAM values (section 6.3.3): `"`, `\` and `]` get a
/// backslash, as the RFC requires. Control characters may not reach a
/// record either (CWE-117), so they are written as in JSON: `\n`, `\r`,
/// `\t`, and `\u00XX` for the rest, C1 and U+2028/U+2029 included. A
/// receiver that undoes the RFC's escapes reads those as the two (or six)
/// characters themselves: the value stays one printable line.
pub(crate) struct SdValue;

impl Scheme for SdValue {
    const TABLE: [u8; 256] = table(b"\"\\]", b"");
    const EQUAL: [u8; 3] = *b"\"\\]";
    #[inline]
    fn escape(buf: &mut Vec<u8>, c: u32) {
        match c {
            0x22 => buf.extend_from_slice(b"\\\""),
            0x5c => buf.extend_from_slice(b"\\\\"),
            0x5d => buf.extend_from_slice(b"\\]"),
            0x0a => buf.extend_from_slice(b"\\n"),
            0x0d => buf.extend_from_slice(b"\\r"),
            0x09 => buf.extend_from_slice(b"\\t"),
            _ => u_escape4(buf, c),
        }
    }
}

/// If `bytes[i]` (a `0xC2` or `0xE2` lead byte) starts a C1 control or
/// U+2028/U+2029, its width and code point.
#[inline]
fn dangerous_multibyte(bytes: &[u8], i: usize) -> Option<(usize, u32)> {
    match bytes[i] {
        0xc2 => match bytes.get(i + 1) {
            Some(&n @ 0x80..=0x9f) => Some((2, n as u32)),
            _ => None,
        },
        _ => match (bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(0x80), Some(&n @ (0xa8 | 0xa9))) => Some((3, 0x2000 | (n as u32 - 0x80))),
            _ => None,
        },
    }
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of the word may need a look under `S`: a byte below
/// `S::BELOW`, `0x7f`, any non-ASCII byte, or one of `S::EQUAL`. Borrows and
/// carries between bytes can only add false positives above a true hit, never
/// hide one, and a positive only sends the string to the exact table path.
#[cfg_attr(not(debug_assertions), inline(always))]
fn word_hit<S: Scheme>(x: u64) -> bool {
    let mut m = x | x.wrapping_add(LO) | (x.wrapping_sub(LO * S::BELOW as u64) & !x);
    let y0 = x ^ (LO * S::EQUAL[0] as u64);
    let y1 = x ^ (LO * S::EQUAL[1] as u64);
    let y2 = x ^ (LO * S::EQUAL[2] as u64);
    m |= (y0.wrapping_sub(LO) & !y0) | (y1.wrapping_sub(LO) & !y1) | (y2.wrapping_sub(LO) & !y2);
    m & HI != 0
}

/// [`word_hit`] for sixteen bytes, written byte by byte so that the
/// compiler does all sixteen at once (SSE2 compares on x86-64): the same
/// bytes are flagged.
#[cfg_attr(not(debug_assertions), inline(always))]
fn lanes_hit<S: Scheme>(c: &[u8]) -> bool {
    let mut w = [0u8; 16];
    w.copy_from_slice(&c[..16]);
    let mut hit = 0u8;
    for b in w {
        let flagged = (b < S::BELOW)
            | (b >= 0x7f)
            | (b == S::EQUAL[0])
            | (b == S::EQUAL[1])
            | (b == S::EQUAL[2]);
        hit |= u8::from(flagged);
    }
    hit != 0
}

/// True when no byte of `b` needs a look under `S` (conservative: non-ASCII
/// text answers false and takes the exact path). Sixteen bytes at a time
/// from 8 bytes up; shorter strings as one word.
#[cfg_attr(not(debug_assertions), inline(always))]
fn is_clean<S: Scheme>(b: &[u8]) -> bool {
    let n = b.len();
    if n >= 16 {
        let mut chunks = b.chunks_exact(16);
        for c in &mut chunks {
            if lanes_hit::<S>(c) {
                return false;
            }
        }
        chunks.remainder().is_empty() || !lanes_hit::<S>(&b[n - 16..])
    } else if n >= 8 {
        // Two overlapping halves cover all of 8 to 15 bytes.
        let mut w = [0u8; 16];
        w[..8].copy_from_slice(&b[..8]);
        w[8..].copy_from_slice(&b[n - 8..]);
        !lanes_hit::<S>(&w)
    } else if n >= 4 {
        let mut w = [0u8; 4];
        w.copy_from_slice(&b[..4]);
        let lo = u32::from_le_bytes(w) as u64;
        w.copy_from_slice(&b[n - 4..]);
        let hi = u32::from_le_bytes(w) as u64;
        !word_hit::<S>(lo | hi << 32)
    } else if n > 0 {
        // pad with 'a', a byte no scheme flags
        let x = b[0] as u64 | (b[n / 2] as u64) << 8 | (b[n - 1] as u64) << 16;
        !word_hit::<S>(x | 0x6161_6161_6100_0000)
    } else {
        true
    }
}

/// Append `s` to `buf`, rewriting dangerous characters with scheme `S`.
///
/// Returns true when any byte marked ESC, FLAG or a dangerous multi-byte
/// character was seen (for logfmt: the value must be quoted).
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn escape_str<S: Scheme>(buf: &mut Vec<u8>, s: &str) -> bool {
    let bytes = s.as_bytes();
    if is_clean::<S>(bytes) {
        crate::bytes::put(buf, bytes);
        return false;
    }
    match bytes.iter().position(|&b| S::TABLE[b as usize] != SAFE) {
        None => {
            crate::bytes::put(buf, bytes);
            false
        }
        Some(first) => escape_from::<S>(buf, bytes, first),
    }
}

/// [`escape_str`] followed by the byte `last` (JSON's closing quote),
/// appended with the string's bytes in one step when no byte needs a look.
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn escape_str_then<S: Scheme>(buf: &mut Vec<u8>, s: &str, last: u8) {
    if is_clean::<S>(s.as_bytes()) {
        crate::bytes::put_then(buf, s.as_bytes(), last);
    } else {
        escape_unclean::<S>(buf, s);
        buf.push(last);
    }
}

/// [`escape_str`] kept out of line, for strings [`is_clean`] did not pass.
#[inline(never)]
fn escape_unclean<S: Scheme>(buf: &mut Vec<u8>, s: &str) {
    escape_str::<S>(buf, s);
}

/// The slow path of [`escape_str`], from the first byte that needs a look.
#[inline(never)]
fn escape_from<S: Scheme>(buf: &mut Vec<u8>, bytes: &[u8], first: usize) -> bool {
    let mut flagged = false;
    let mut start = 0;
    let mut i = first;
    while i < bytes.len() {
        let b = bytes[i];
        match S::TABLE[b as usize] {
            SAFE => i += 1,
            ESC => {
                buf.extend_from_slice(&bytes[start..i]);
                S::escape(buf, b as u32);
                flagged = true;
                i += 1;
                start = i;
            }
            FLAG => {
                flagged = true;
                i += 1;
            }
            _ => match dangerous_multibyte(bytes, i) {
                Some((width, c)) => {
                    buf.extend_from_slice(&bytes[start..i]);
                    S::escape(buf, c);
                    flagged = true;
                    i += width;
                    start = i;
                }
                None => i += 1,
            },
        }
    }
    buf.extend_from_slice(&bytes[start..]);
    flagged
}

/// Append raw bytes: valid UTF-8 runs are escaped with `S`, each invalid
/// sequence becomes one U+FFFD (as `String::from_utf8_lossy` does).
pub(crate) fn escape_bytes<S: Scheme>(buf: &mut Vec<u8>, bytes: &[u8]) -> bool {
    let mut flagged = false;
    for chunk in bytes.utf8_chunks() {
        flagged |= escape_str::<S>(buf, chunk.valid());
        if !chunk.invalid().is_empty() {
            buf.extend_from_slice(REPLACEMENT);
        }
    }
    flagged
}

/// Rewrite `buf[start..]` in place with scheme `S` (used for timestamps whose
/// layout is not plain). Invalid UTF-8 bytes become U+FFFD. Allocation-free
/// within capacity: the escaped copy is built after the tail, then moved down.
pub(crate) fn escape_tail<S: Scheme>(buf: &mut Vec<u8>, start: usize) -> bool {
    let end = buf.len();
    let mut flagged = false;
    let mut i = start;
    while i < end {
        let b = buf[i];
        let width = match b {
            0x00..=0x7f => 1,
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => 0,
        };
        let mut tmp = [0u8; 4];
        let ch = if width > 0 && i + width <= end {
            tmp[..width].copy_from_slice(&buf[i..i + width]);
            std::str::from_utf8(&tmp[..width]).ok()
        } else {
            None
        };
        match ch {
            Some(s) => {
                flagged |= escape_str::<S>(buf, s);
                i += width;
            }
            None => {
                buf.extend_from_slice(REPLACEMENT);
                i += 1;
            }
        }
    }
    let len = buf.len() - end;
    buf.copy_within(end.., start);
    buf.truncate(start + len);
    flagged
}

/// A `fmt::Write` that escapes each chunk straight into the buffer.
pub(crate) struct Escaping<'b, S> {
    buf: &'b mut Vec<u8>,
    /// Whether [`escape_str`] reported anything so far.
    pub(crate) flagged: bool,
    _scheme: PhantomData<S>,
}

impl<'b, S: Scheme> Escaping<'b, S> {
    #[inline]
    pub(crate) fn new(buf: &'b mut Vec<u8>) -> Self {
        Escaping {
            buf,
            flagged: false,
            _scheme: PhantomData,
        }
    }
}

impl<S: Scheme> fmt::Write for Escaping<'_, S> {
    #[inline]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.flagged |= escape_str::<S>(self.buf, s);
        Ok(())
    }
}

/// Format `args` escaped into `buf`; static strings skip the formatter.
/// Always inlined: with several encoders calling it (the line formats and
/// the protocol encoders), the compiler would otherwise make it a call on
/// the hot path (measured: +80 instructions per W2 line).
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn escape_args<S: Scheme>(buf: &mut Vec<u8>, args: fmt::Arguments<'_>) -> bool {
    match args.as_str() {
        Some(s) => escape_str::<S>(buf, s),
        None => escape_fmt::<S>(buf, args),
    }
}

/// Format `args` escaped into `buf` through [`Escaping`]. A `Display` impl
/// that fails leaves what it wrote so far.
pub(crate) fn escape_fmt<S: Scheme>(buf: &mut Vec<u8>, args: fmt::Arguments<'_>) -> bool {
    let mut w = Escaping::<S>::new(buf);
    let _ = fmt::write(&mut w, args);
    w.flagged
}

/// An error's `Display`, then each `source()`'s, joined by `": "`.
pub(crate) fn escape_error<S: Scheme>(
    buf: &mut Vec<u8>,
    err: &(dyn std::error::Error + 'static),
) -> bool {
    let mut w = Escaping::<S>::new(buf);
    let _ = fmt::write(&mut w, format_args!("{err}"));
    let mut src = err.source();
    while let Some(e) = src {
        let _ = fmt::write(&mut w, format_args!(": {e}"));
        src = e.source();
    }
    w.flagged
}

/// A character as a one-character string.
#[inline]
pub(crate) fn escape_char<S: Scheme>(buf: &mut Vec<u8>, c: char) -> bool {
    let mut tmp = [0u8; 4];
    escape_str::<S>(buf, c.encode_utf8(&mut tmp))
}

/// Write a number with `itoa`.
#[inline]
pub(crate) fn write_int<I: itoa::Integer>(buf: &mut Vec<u8>, n: I) {
    crate::bytes::put(buf, itoa::Buffer::new().format(n).as_bytes());
}

/// Write an unsigned integer: the same digits as [`write_int`], with the
/// values below 10,000 (status codes, counts, small latencies) written
/// from a table of digit pairs (`crate::digits`, which the time renderer
/// uses too) in one short copy rather than through `itoa`'s buffer.
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn write_u64(buf: &mut Vec<u8>, n: u64) {
    if n < 10_000 {
        crate::digits::put_below_10k(buf, n as u32);
    } else {
        write_int(buf, n);
    }
}

/// [`write_u64`] for a signed integer.
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn write_i64(buf: &mut Vec<u8>, n: i64) {
    if (0..10_000).contains(&n) {
        crate::digits::put_below_10k(buf, n as u32);
    } else {
        write_int(buf, n);
    }
}

/// Write a finite float with `ryu`; non-finite ones return their name
/// (`"NaN"`, `"inf"`, `"-inf"`) for the caller to write as a string.
#[inline]
pub(crate) fn write_float(buf: &mut Vec<u8>, f: f64) -> Result<(), &'static str> {
    if f.is_finite() {
        crate::bytes::put(buf, ryu::Buffer::new().format_finite(f).as_bytes());
        Ok(())
    } else if f.is_nan() {
        Err("NaN")
    } else if f > 0.0 {
        Err("inf")
    } else {
        Err("-inf")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table's digits are `itoa`'s, for every small value and around
    /// each place where the digit count changes, signed and unsigned,
    /// into buffers with no spare room (the copy's slow path) and with
    /// plenty (its fast path), after bytes already there.
    #[test]
    fn small_integers_as_itoa_writes_them() {
        let mut unsigned: Vec<u64> = (0..=12_000).collect();
        unsigned.extend([99_999, 100_000, u64::from(u32::MAX), u64::MAX - 1, u64::MAX]);
        for n in unsigned {
            let want = itoa::Buffer::new().format(n).as_bytes().to_vec();
            for mut buf in [Vec::new(), Vec::with_capacity(64)] {
                buf.extend_from_slice(b"k=");
                write_u64(&mut buf, n);
                assert_eq!(&buf[2..], &want[..], "{n}");
            }
        }
        let mut signed: Vec<i64> = (-12_000..=12_000).collect();
        signed.extend([i64::MIN, i64::MIN + 1, -100_000, 100_000, i64::MAX]);
        for n in signed {
            let want = itoa::Buffer::new().format(n).as_bytes().to_vec();
            for mut buf in [Vec::new(), Vec::with_capacity(64)] {
                write_i64(&mut buf, n);
                assert_eq!(buf, want, "{n}");
            }
        }
    }

    fn esc<S: Scheme>(s: &str) -> (String, bool) {
        let mut b = Vec::new();
        let f = escape_str::<S>(&mut b, s);
        (String::from_utf8(b).unwrap(), f)
    }

    fn no_false_negatives<S: Scheme>() {
        // Up to two 16-byte chunks and an overlapping rest.
        for len in 0..40 {
            for pos in 0..len {
                for b in 0..=255u8 {
                    let mut v = vec![b'a'; len];
                    v[pos] = b;
                    let exact = v.iter().all(|&x| S::TABLE[x as usize] == SAFE);
                    assert!(
                        exact || !is_clean::<S>(&v),
                        "len {len} pos {pos} byte {b:#x}"
                    );
                    if b.is_ascii() && exact {
                        assert!(is_clean::<S>(&v), "false positive {b:#x}");
                    }
                }
            }
        }
    }

    #[test]
    fn word_check_agrees_with_tables() {
        no_false_negatives::<Json>();
        no_false_negatives::<Logfmt>();
        no_false_negatives::<Key>();
        no_false_negatives::<Text>();
        no_false_negatives::<SdValue>();
    }

    #[test]
    fn json_scheme() {
        assert_eq!(esc::<Json>("plain").0, "plain");
        assert_eq!(
            esc::<Json>("a\"b\\c\nd\re\tf\u{8}g\u{c}h\0i\u{7f}").0,
            "a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0000i\\u007f"
        );
        assert_eq!(
            esc::<Json>("\u{85}x\u{2028}\u{2029}\u{9f}\u{a0}\u{2027}é").0,
            "\\u0085x\\u2028\\u2029\\u009f\u{a0}\u{2027}é"
        );
        assert_eq!(esc::<Json>("\x1b[31m").0, "\\u001b[31m");
    }

    #[test]
    fn logfmt_scheme_flags() {
        assert_eq!(esc::<Logfmt>("GET"), ("GET".into(), false));
        assert_eq!(esc::<Logfmt>("a b"), ("a b".into(), true));
        assert_eq!(esc::<Logfmt>("a=b"), ("a=b".into(), true));
        assert_eq!(esc::<Logfmt>("\u{8}\"\\"), ("\\u0008\\\"\\\\".into(), true));
        assert_eq!(esc::<Logfmt>("\u{2028}"), ("\\u2028".into(), true));
        assert_eq!(esc::<Logfmt>("é"), ("é".into(), false));
    }

    #[test]
    fn key_and_text_schemes() {
        assert_eq!(esc::<Key>("a b=c\"d\ne\u{85}f\u{2029}").0, "a_b_c_d_e_f_");
        assert_eq!(
            esc::<Text>("a\nb\x1b[0m\u{0}\u{7f}\u{85}\u{2028}\"\\").0,
            "a\\nb\\u{1b}[0m\\u{0}\\u{7f}\\u{85}\\u{2028}\"\\"
        );
    }

    #[test]
    fn sd_value_scheme() {
        assert_eq!(esc::<SdValue>("a\"b\\c]d[e=f g").0, "a\\\"b\\\\c\\]d[e=f g");
        assert_eq!(
            esc::<SdValue>("\n\r\t\0\u{7f}\u{85}\u{2028}é").0,
            "\\n\\r\\t\\u0000\\u007f\\u0085\\u2028é"
        );
    }

    #[test]
    fn bytes_lossy() {
        let mut b = Vec::new();
        escape_bytes::<Json>(&mut b, b"a\xffb\xe2\x80c\n");
        assert_eq!(b, "a\u{fffd}b\u{fffd}c\\n".as_bytes());
    }

    #[test]
    fn tail_in_place() {
        let mut b = b"pre:".to_vec();
        b.extend_from_slice("a\nb\u{2028}\u{85}".as_bytes());
        b.push(0xff);
        assert!(escape_tail::<Json>(&mut b, 4));
        assert_eq!(
            String::from_utf8(b).unwrap(),
            "pre:a\\nb\\u2028\\u0085\u{fffd}"
        );
        let mut b = b"x=2026 11".to_vec();
        assert!(escape_tail::<Logfmt>(&mut b, 2));
        assert_eq!(b, b"x=2026 11");
        let mut b = b"x=12".to_vec();
        assert!(!escape_tail::<Logfmt>(&mut b, 2));
    }

    #[test]
    fn floats() {
        let mut b = Vec::new();
        assert_eq!(write_float(&mut b, 1.5), Ok(()));
        assert_eq!(write_float(&mut b, f64::NAN), Err("NaN"));
        assert_eq!(write_float(&mut b, f64::INFINITY), Err("inf"));
        assert_eq!(write_float(&mut b, f64::NEG_INFINITY), Err("-inf"));
        assert_eq!(b, b"1.5");
    }
}
