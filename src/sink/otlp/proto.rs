//! The few pieces of the protobuf wire format the OTLP sink writes and
//! reads: varints, fixed-width numbers, length-delimited fields.
//!
//! A length-delimited field whose length is not known before its content
//! is written (a formatted message, a nested message) is *opened* with a
//! placeholder for its length and *closed* once the content is in place:
//! the length is written as a canonical (shortest) varint, and the content
//! is moved when the varint needs more or fewer bytes than were reserved.
//! Every tag used here is for a field number below 16, so a tag is one byte.

/// Wire type of a varint.
pub(super) const VARINT: u8 = 0;
/// Wire type of an 8-byte little-endian number.
pub(super) const I64: u8 = 1;
/// Wire type of a length-delimited field.
pub(super) const LEN: u8 = 2;
/// Wire type of a 4-byte little-endian number.
pub(super) const I32: u8 = 5;

/// The one-byte tag of field `field` (1..=15) with wire type `wire`.
pub(super) const fn tag(field: u8, wire: u8) -> u8 {
    assert!(field >= 1 && field <= 15);
    (field << 3) | wire
}

/// How many bytes `v` takes as a varint (1..=10).
#[inline]
pub(super) const fn varint_len(v: u64) -> usize {
    // 64 - leading zeros = significant bits; 7 of them per byte.
    let bits = 64 - (v | 1).leading_zeros() as usize;
    bits.div_ceil(7)
}

/// Append `v` as a varint.
#[inline]
pub(super) fn put_varint(buf: &mut Vec<u8>, mut v: u64) {
    if v < 0x80 {
        return buf.push(v as u8);
    }
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

/// Write `v` as a varint of exactly `n` bytes at `buf[at..at + n]` (`n`
/// is `varint_len(v)`).
fn set_varint(buf: &mut [u8], at: usize, n: usize, mut v: u64) {
    for b in &mut buf[at..at + n - 1] {
        *b = (v as u8) | 0x80;
        v >>= 7;
    }
    buf[at + n - 1] = v as u8;
}

/// Append a length-delimited field: tag, length, bytes.
#[inline]
pub(super) fn put_bytes(buf: &mut Vec<u8>, tag: u8, bytes: &[u8]) {
    put_head(buf, tag, bytes.len());
    crate::bytes::put(buf, bytes);
}

/// Append the tag and the length of a length-delimited field, in one
/// piece.
#[inline]
pub(super) fn put_head(buf: &mut Vec<u8>, tag: u8, len: usize) {
    if len < 0x80 {
        return crate::bytes::put(buf, &[tag, len as u8]);
    }
    let mut head = [0u8; 11];
    head[0] = tag;
    let n = varint_len(len as u64);
    set_varint(&mut head, 1, n, len as u64);
    crate::bytes::put(buf, &head[..1 + n]);
}

/// The size of a length-delimited field with `len` bytes of content.
#[inline]
pub(super) const fn len_field(len: usize) -> usize {
    1 + varint_len(len as u64) + len
}

/// Append a field of wire type [`I64`].
#[inline]
pub(super) fn put_fixed64(buf: &mut Vec<u8>, tag: u8, v: u64) {
    buf.push(tag);
    crate::bytes::put(buf, &v.to_le_bytes());
}

/// Append a field of wire type [`I32`].
#[inline]
pub(super) fn put_fixed32(buf: &mut Vec<u8>, tag: u8, v: u32) {
    buf.push(tag);
    buf.extend_from_slice(&v.to_le_bytes());
}

/// Open a length-delimited field: its tag and a `reserve`-byte placeholder
/// for the length (1 or 2: what the length will most likely need). Returns
/// the placeholder's position, for [`close`].
#[inline]
pub(super) fn open(buf: &mut Vec<u8>, tag: u8, reserve: usize) -> Open {
    buf.push(tag);
    let at = buf.len();
    crate::bytes::put(buf, &[0, 0][..reserve]);
    Open { at, reserve }
}

/// A length-delimited field opened with [`open`].
#[derive(Clone, Copy, Debug)]
#[must_use = "an opened field must be closed"]
pub(super) struct Open {
    at: usize,
    reserve: usize,
}

impl Open {
    /// The placeholder of a field whose tag is at `tag_at` (opened before,
    /// with `reserve` bytes).
    pub(super) const fn at(tag_at: usize, reserve: usize) -> Open {
        Open {
            at: tag_at + 1,
            reserve,
        }
    }
}

/// Close the field `open`: everything after its placeholder is its content.
/// Write the length in place, moving the content if the length takes more
/// or fewer bytes than were reserved.
#[inline]
pub(super) fn close(buf: &mut Vec<u8>, open: Open) {
    let Open { at, reserve } = open;
    let content = at + reserve;
    let len = buf.len() - content;
    let n = varint_len(len as u64);
    if n > reserve {
        buf.resize(buf.len() + (n - reserve), 0);
        buf.copy_within(content..content + len, at + n);
    } else if n < reserve {
        buf.copy_within(content..content + len, at + n);
        buf.truncate(at + n + len);
    }
    set_varint(buf, at, n, len as u64);
}

/// Read a varint at the start of `bytes`: its value and how many bytes it
/// took. `None` if it is cut off or longer than ten bytes.
pub(super) fn read_varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut v = 0u64;
    for (i, &b) in bytes.iter().take(10).enumerate() {
        v |= u64::from(b & 0x7f) << (7 * i);
        if b < 0x80 {
            return Some((v, i + 1));
        }
    }
    None
}

/// The size of the length-delimited field with tag `tag` at the start of
/// `bytes` (tag, length and content), or `None` if `bytes` does not start
/// with a whole one.
pub(super) fn frame_len(bytes: &[u8], tag: u8) -> Option<usize> {
    if *bytes.first()? != tag {
        return None;
    }
    let (len, n) = read_varint(&bytes[1..])?;
    let total = usize::try_from(len).ok()?.checked_add(1 + n)?;
    (total <= bytes.len()).then_some(total)
}

/// One field of a message being read: its number and its value.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Item<'a> {
    /// A varint, a fixed32 or a fixed64 (as `u64`).
    Num(u64),
    /// A length-delimited field.
    Bytes(&'a [u8]),
}

/// Walk the fields of the message `bytes`, calling `each(field, item)`.
/// `None` if the message is malformed (a wire type this reader does not
/// know, or something cut off).
pub(super) fn read_fields<'a>(
    mut bytes: &'a [u8],
    mut each: impl FnMut(u64, Item<'a>),
) -> Option<()> {
    while !bytes.is_empty() {
        let (key, n) = read_varint(bytes)?;
        bytes = &bytes[n..];
        let field = key >> 3;
        let item = match (key & 7) as u8 {
            VARINT => {
                let (v, n) = read_varint(bytes)?;
                bytes = &bytes[n..];
                Item::Num(v)
            }
            I64 => {
                let (v, rest) = bytes.split_first_chunk::<8>()?;
                bytes = rest;
                Item::Num(u64::from_le_bytes(*v))
            }
            I32 => {
                let (v, rest) = bytes.split_first_chunk::<4>()?;
                bytes = rest;
                Item::Num(u64::from(u32::from_le_bytes(*v)))
            }
            LEN => {
                let (len, n) = read_varint(bytes)?;
                let len = usize::try_from(len).ok()?;
                let body = bytes.get(n..n.checked_add(len)?)?;
                bytes = &bytes[n + len..];
                Item::Bytes(body)
            }
            _ => return None,
        };
        each(field, item);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The boundaries of every varint length.
    const EDGES: [u64; 22] = [
        0,
        1,
        127,
        128,
        255,
        300,
        16_383,
        16_384,
        2_097_151,
        2_097_152,
        268_435_455,
        268_435_456,
        (1 << 35) - 1,
        1 << 35,
        (1 << 42) - 1,
        1 << 42,
        (1 << 49) - 1,
        1 << 49,
        (1 << 56) - 1,
        1 << 56,
        (1 << 63) - 1,
        u64::MAX,
    ];

    #[test]
    fn varints_match_prost() {
        for v in EDGES {
            let mut ours = Vec::new();
            put_varint(&mut ours, v);
            let mut theirs = Vec::new();
            prost::encoding::encode_varint(v, &mut theirs);
            assert_eq!(ours, theirs, "{v}");
            assert_eq!(varint_len(v), ours.len(), "{v}");
            assert_eq!(read_varint(&ours), Some((v, ours.len())));
            let mut set = vec![0xff; ours.len()];
            set_varint(&mut set, 0, ours.len(), v);
            assert_eq!(set, ours, "{v}");
        }
    }

    #[test]
    fn read_varint_rejects_cut_and_long() {
        assert_eq!(read_varint(&[]), None);
        assert_eq!(read_varint(&[0x80]), None);
        assert_eq!(read_varint(&[0x80; 11]), None);
        // Non-canonical but valid: 0 in two bytes.
        assert_eq!(read_varint(&[0x80, 0x00]), Some((0, 2)));
    }

    #[test]
    fn close_moves_content_both_ways() {
        for reserve in [1, 2] {
            for len in [0usize, 1, 127, 128, 129, 16_383, 16_384, 70_000] {
                let mut buf = vec![7u8];
                let o = open(&mut buf, tag(2, LEN), reserve);
                let content: Vec<u8> = (0..len).map(|i| i as u8).collect();
                buf.extend_from_slice(&content);
                close(&mut buf, o);
                let mut want = vec![7u8];
                put_bytes(&mut want, tag(2, LEN), &content);
                assert_eq!(buf, want, "reserve {reserve}, len {len}");
            }
        }
    }

    #[test]
    fn nested_closes() {
        // Outer { inner: "x" * 200 }, both opened before their content.
        let mut buf = Vec::new();
        let outer = open(&mut buf, tag(5, LEN), 1);
        let inner = open(&mut buf, tag(1, LEN), 1);
        buf.extend_from_slice(&[b'x'; 200]);
        close(&mut buf, inner);
        close(&mut buf, outer);
        let mut inner_want = Vec::new();
        put_bytes(&mut inner_want, tag(1, LEN), &[b'x'; 200]);
        let mut want = Vec::new();
        put_bytes(&mut want, tag(5, LEN), &inner_want);
        assert_eq!(buf, want);
    }

    #[test]
    fn frames() {
        let mut batch = Vec::new();
        put_bytes(&mut batch, 0x12, b"abc");
        put_bytes(&mut batch, 0x12, &[0u8; 300]);
        assert_eq!(frame_len(&batch, 0x12), Some(5));
        assert_eq!(frame_len(&batch[5..], 0x12), Some(303));
        assert_eq!(frame_len(&batch[5..300], 0x12), None, "cut");
        assert_eq!(frame_len(&batch, 0x0a), None, "other tag");
        assert_eq!(frame_len(&[], 0x12), None);
        assert_eq!(
            frame_len(
                &[0x12, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
                0x12
            ),
            None
        );
    }

    #[test]
    fn reads_what_it_writes() {
        let mut m = Vec::new();
        buf_varint_field(&mut m, 1, 150);
        put_fixed64(&mut m, tag(2, I64), 42);
        put_fixed32(&mut m, tag(3, I32), 7);
        put_bytes(&mut m, tag(4, LEN), b"hi");
        let mut seen = Vec::new();
        assert_eq!(read_fields(&m, |f, i| seen.push((f, i))), Some(()));
        assert_eq!(
            seen,
            [
                (1, Item::Num(150)),
                (2, Item::Num(42)),
                (3, Item::Num(7)),
                (4, Item::Bytes(b"hi"))
            ]
        );
        assert_eq!(read_fields(&m[..m.len() - 1], |_, _| {}), None);
        assert_eq!(read_fields(&[tag(1, 3)], |_, _| {}), None, "group");
    }

    fn buf_varint_field(buf: &mut Vec<u8>, field: u8, v: u64) {
        buf.push(tag(field, VARINT));
        put_varint(buf, v);
    }
}
