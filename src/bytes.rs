//! Appending short byte strings without a `memcpy` call.
//!
//! A line is assembled from many short pieces whose lengths are only known
//! at run time (keys, level names, targets, digits, the cached second).
//! `Vec::extend_from_slice` copies each with a call to the C library's
//! `memcpy`; for pieces of at most 32 bytes, [`put`] instead does two
//! overlapping fixed-size moves that the compiler turns into a pair of
//! loads and stores. Measured on W2: 13% of the instructions were `memcpy`
//! calls before (see `docs/benchmarks.md`).

use std::ptr;

/// How many spare bytes [`put`]'s fast path needs.
const FAST: usize = 32;

/// Append `s` to `buf`: the same result as `buf.extend_from_slice(s)`.
///
/// ```ignore
/// let mut buf = Vec::with_capacity(64);
/// put(&mut buf, b"hello");
/// assert_eq!(buf, b"hello");
/// ```
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn put(buf: &mut Vec<u8>, s: &[u8]) {
    if s.len() <= FAST && buf.capacity() - buf.len() >= FAST {
        put_small(buf, s, None);
    } else {
        buf.extend_from_slice(s);
    }
}

/// Append `s` and then the byte `last` (a closing quote): the same result
/// as `buf.extend_from_slice(s); buf.push(last)`, with one check of the
/// spare room for both (the separate `push` cost each JSON string about 7
/// instructions of its own).
///
/// ```ignore
/// let mut buf = Vec::with_capacity(64);
/// put_then(&mut buf, b"GET", b'"');
/// assert_eq!(buf, b"GET\"");
/// ```
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn put_then(buf: &mut Vec<u8>, s: &[u8], last: u8) {
    if s.len() < FAST && buf.capacity() - buf.len() >= FAST {
        put_small(buf, s, Some(last));
    } else {
        buf.extend_from_slice(s);
        buf.push(last);
    }
}

/// The fast path of [`put`] and [`put_then`]: `s` and `last` (if any) take
/// at most 32 bytes, and at least 32 are spare.
#[cfg_attr(not(debug_assertions), inline(always))]
#[allow(unsafe_code)]
fn put_small(buf: &mut Vec<u8>, s: &[u8], last: Option<u8>) {
    let n = s.len();
    let len = buf.len();
    let total = n + usize::from(last.is_some());
    debug_assert!(total <= FAST && buf.capacity() - len >= FAST);
    // SAFETY:
    // - writes: the caller checked `total <= FAST <= capacity - len`, so
    //   every byte written, `dst[0..total]`, lies inside the vector's
    //   allocation (the overlapping second move of each pair ends exactly
    //   at `dst + n`; `last` goes to `dst + n`, below `dst + total`);
    // - reads: each move reads `src[0..k]` or `src[n - k..n]` with `k <= n`
    //   (the branch is chosen by `n`), all inside `s`;
    // - `s` cannot overlap the spare capacity: a shared slice into it cannot
    //   exist while `buf` is borrowed mutably;
    // - `set_len(len + total)` runs after all `total` new bytes are
    //   initialised.
    unsafe {
        let src = s.as_ptr();
        let dst = buf.as_mut_ptr().add(len);
        if n >= 16 {
            ptr::copy_nonoverlapping(src, dst, 16);
            ptr::copy_nonoverlapping(src.add(n - 16), dst.add(n - 16), 16);
        } else if n >= 8 {
            ptr::copy_nonoverlapping(src, dst, 8);
            ptr::copy_nonoverlapping(src.add(n - 8), dst.add(n - 8), 8);
        } else if n >= 4 {
            ptr::copy_nonoverlapping(src, dst, 4);
            ptr::copy_nonoverlapping(src.add(n - 4), dst.add(n - 4), 4);
        } else if n > 0 {
            *dst = *src;
            *dst.add(n / 2) = *src.add(n / 2);
            *dst.add(n - 1) = *src.add(n - 1);
        }
        if let Some(b) = last {
            *dst.add(n) = b;
        }
        buf.set_len(len + total);
    }
}

/// A short byte string kept in an array of a fixed size `N`, so that
/// appending it is one copy of `N` bytes (a pair of fixed moves, no branch
/// on the length) and a cut back to its length: for pieces picked from a
/// table at run time (level names, cached keys), where [`put`] would branch
/// on each one's length. Safe code: `extend_from_slice` then `truncate`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Padded<const N: usize> {
    bytes: [u8; N],
    len: u8,
}

impl<const N: usize> Padded<N> {
    /// `s`, which must fit (checked at compile time for constants).
    pub(crate) const fn new(s: &[u8]) -> Padded<N> {
        assert!(s.len() <= N && N <= u8::MAX as usize);
        let mut bytes = [0; N];
        let mut i = 0;
        while i < s.len() {
            bytes[i] = s[i];
            i += 1;
        }
        Padded {
            bytes,
            len: s.len() as u8,
        }
    }

    /// `parts` one after another, which must fit (checked at compile time
    /// for constants): a table entry built from names kept elsewhere.
    pub(crate) const fn concat(parts: &[&[u8]]) -> Padded<N> {
        let mut bytes = [0; N];
        let mut len = 0;
        let mut p = 0;
        while p < parts.len() {
            let part = parts[p];
            let mut i = 0;
            while i < part.len() {
                bytes[len] = part[i];
                len += 1;
                i += 1;
            }
            p += 1;
        }
        Padded::with_len(bytes, len)
    }

    /// A string of `len` bytes whose array also holds what follows it
    /// (see [`put_more`](Self::put_more)).
    pub(crate) const fn with_len(bytes: [u8; N], len: usize) -> Padded<N> {
        assert!(len <= N && N <= u8::MAX as usize);
        Padded {
            bytes,
            len: len as u8,
        }
    }

    /// The string.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    /// Append the string to `buf`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn put(&self, buf: &mut Vec<u8>) {
        put_prefix(buf, &self.bytes, usize::from(self.len));
    }

    /// Append the string and the `more` bytes after it in the array
    /// (`len + more <= N`).
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn put_more(&self, buf: &mut Vec<u8>, more: usize) {
        put_prefix(buf, &self.bytes, usize::from(self.len) + more);
    }
}

/// Append the first `len` bytes of `bytes` to `buf` (`len <= N`) the way
/// [`Padded::put`] does: all `N` bytes in one fixed-size copy, then a cut.
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn put_prefix<const N: usize>(buf: &mut Vec<u8>, bytes: &[u8; N], len: usize) {
    debug_assert!(len <= N);
    let end = buf.len() + len;
    buf.extend_from_slice(bytes);
    buf.truncate(end);
}

/// Whether `s` (as long as the stored string, at most `N` bytes) has the
/// bytes of `raw`'s start. Every byte is compared, in at most two loads a
/// side: two overlapping 16-byte words cover 16 to 32 bytes, two 8-byte
/// words 8 to 15, two 4-byte words 4 to 7, and the first, middle and last
/// byte 1 to 3. For short strings compared often (cached keys and heads),
/// where a call to `memcmp` would cost more than the comparison.
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn eq_short<const N: usize>(raw: &[u8; N], s: &[u8]) -> bool {
    let n = s.len();
    if n > N {
        return false;
    }
    macro_rules! word {
        ($t:ty, $b:expr, $at:expr) => {{
            const W: usize = std::mem::size_of::<$t>();
            let mut w = [0u8; W];
            w.copy_from_slice(&$b[$at..$at + W]);
            <$t>::from_ne_bytes(w)
        }};
    }
    if n >= 16 {
        word!(u128, raw, 0) == word!(u128, s, 0)
            && word!(u128, raw, n - 16) == word!(u128, s, n - 16)
    } else if n >= 8 {
        word!(u64, raw, 0) == word!(u64, s, 0) && word!(u64, raw, n - 8) == word!(u64, s, n - 8)
    } else if n >= 4 {
        word!(u32, raw, 0) == word!(u32, s, 0) && word!(u32, raw, n - 4) == word!(u32, s, n - 4)
    } else if n > 0 {
        raw[0] == s[0] && raw[n / 2] == s[n / 2] && raw[n - 1] == s[n - 1]
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Equal strings of every length match; one changed byte anywhere,
    /// never. Lengths past `N` never match.
    #[test]
    fn eq_short_compares_every_byte() {
        for n in 0..=32usize {
            let s: Vec<u8> = (0..n as u8)
                .map(|b| b.wrapping_mul(7).wrapping_add(3))
                .collect();
            let mut raw = [0u8; 32];
            raw[..n].copy_from_slice(&s);
            assert!(eq_short(&raw, &s), "n={n}");
            for at in 0..n {
                let mut t = s.clone();
                t[at] ^= 0x20;
                assert!(!eq_short(&raw, &t), "n={n} at={at}");
            }
        }
        assert!(!eq_short(&[0u8; 4], &[0u8; 5]));
    }

    /// Every length that fits, onto buffers with and without spare room.
    #[test]
    fn padded_appends_exactly_its_bytes() {
        let source: Vec<u8> = (1..=24u8).collect();
        for n in 0..=16 {
            let p = Padded::<16>::new(&source[..n]);
            assert_eq!(p.as_bytes(), &source[..n]);
            for cap in [0usize, 3, 16, 64] {
                let mut buf = Vec::with_capacity(cap);
                buf.extend_from_slice(b"ab");
                p.put(&mut buf);
                let mut want = b"ab".to_vec();
                want.extend_from_slice(&source[..n]);
                assert_eq!(buf, want, "n={n} cap={cap}");
            }
        }
    }

    /// Every length 0..=40 (both paths), at several starting lengths and
    /// spare capacities; runs under miri, which checks every read and write.
    #[test]
    fn same_bytes_as_extend_from_slice() {
        let source: Vec<u8> = (0..40u8)
            .map(|b| b.wrapping_mul(37).wrapping_add(1))
            .collect();
        for n in 0..=40 {
            for start in [0usize, 1, 7, 31] {
                for cap in [start + n, start + 32, start + 33, 128] {
                    let mut a = Vec::with_capacity(cap);
                    a.extend(std::iter::repeat_n(0xEEu8, start));
                    let mut b = a.clone();
                    put(&mut a, &source[..n]);
                    b.extend_from_slice(&source[..n]);
                    assert_eq!(a, b, "n={n} start={start} cap={cap}");
                }
            }
        }
    }

    /// [`put_then`] over the same lengths, starts and capacities (both
    /// paths, and the 31/32-byte edge of the fast one); also under miri.
    #[test]
    fn put_then_same_bytes_as_extend_and_push() {
        let source: Vec<u8> = (0..40u8)
            .map(|b| b.wrapping_mul(53).wrapping_add(3))
            .collect();
        for n in 0..=40 {
            for start in [0usize, 1, 7, 31] {
                for cap in [start + n, start + n + 1, start + 32, start + 33, 128] {
                    let mut a = Vec::with_capacity(cap);
                    a.extend(std::iter::repeat_n(0xEEu8, start));
                    let mut b = a.clone();
                    put_then(&mut a, &source[..n], b'"');
                    b.extend_from_slice(&source[..n]);
                    b.push(b'"');
                    assert_eq!(a, b, "n={n} start={start} cap={cap}");
                }
            }
        }
    }

    #[test]
    fn pieces_back_to_back() {
        let mut buf = Vec::with_capacity(256);
        let mut want = Vec::new();
        for piece in [
            &b"{\"ts\":\""[..],
            b"2026-11-27T14:23:32.123456Z",
            b"\",\"level\":\"INFO\",\"target\":\"",
            b"a",
            b"",
            b"xyz",
            b"0123456789abcdef0123456789abcdef",
        ] {
            put(&mut buf, piece);
            want.extend_from_slice(piece);
        }
        assert_eq!(buf, want);
    }
}
