//! The bytes between the syslog encoder and its sink: one octet-counted
//! frame per record (RFC 6587 section 3.4.1, `MSG-LEN SP SYSLOG-MSG`).
//!
//! The frame is what TCP sends as it is; a datagram transport strips the
//! `MSG-LEN SP` prefix and sends the rest as one datagram. Because every
//! record says how long it is, a batch (the concatenated records a
//! background writer hands over) splits back into records without looking
//! inside them.
//!
//! The length is only known at the end of a record, so [`reserve`] writes a
//! placeholder of three digits and a space, and [`patch`] fills in the real
//! length, moving the record only when it is shorter than 100 or longer
//! than 999 bytes. The placeholder starts with a NUL byte, which no record
//! contains (every string is escaped; every header part is printable
//! ASCII), so `patch` finds it again: at the start of the buffer (what the
//! logger does: one record per pooled buffer), else by looking back for
//! the last NUL (a record appended after complete ones).

use std::fmt;

/// The placeholder: a NUL (the marker), two digits, a space.
const PLACEHOLDER: [u8; 4] = [0, b'9', b'9', b' '];

/// The most digits a length may have (records up to 4 GiB - 1).
const MAX_DIGITS: usize = 10;

/// Start a record at the end of `buf`.
#[inline]
pub(super) fn reserve(buf: &mut Vec<u8>) {
    crate::bytes::put(buf, &PLACEHOLDER);
}

/// Finish the record begun with the last [`reserve`] in `buf`: replace the
/// placeholder by the record's length.
#[inline]
pub(super) fn patch(buf: &mut Vec<u8>) {
    let start = if buf.first() == Some(&0) {
        0
    } else {
        match buf.iter().rposition(|&b| b == 0) {
            Some(i) => i,
            // No record was begun: leave the bytes alone; the sink refuses
            // them as malformed.
            None => return,
        }
    };
    let body = start + PLACEHOLDER.len();
    let len = buf.len() - body;
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(len).as_bytes();
    let n = digits.len();
    if n != 3 {
        let end = buf.len();
        if n > 3 {
            buf.resize(end + n - 3, 0);
        }
        buf.copy_within(body..end, start + n + 1);
        buf.truncate(start + n + 1 + len);
    }
    buf[start..start + n].copy_from_slice(digits);
    buf[start + n] = b' ';
}

/// One record of a batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Frame<'a> {
    /// The whole frame, `MSG-LEN SP` included (what TCP sends).
    pub(super) whole: &'a [u8],
    /// The syslog message alone (what a datagram carries).
    pub(super) msg: &'a [u8],
}

/// Bytes that are not a frame made by this sink's encoder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Malformed;

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a syslog record from this sink's encoder (no octet count)")
    }
}

/// Parse the frame at the start of `bytes`.
#[inline]
pub(super) fn first(bytes: &[u8]) -> Result<Frame<'_>, Malformed> {
    let mut len: u64 = 0;
    let mut i = 0;
    while i < bytes.len() && i <= MAX_DIGITS {
        match bytes[i] {
            b'0'..=b'9' if !(i == 0 && bytes[i] == b'0') => {
                len = len * 10 + u64::from(bytes[i] - b'0');
            }
            b' ' if i > 0 => {
                let end = usize::try_from(len)
                    .ok()
                    .and_then(|n| n.checked_add(i + 1))
                    .filter(|&end| end <= bytes.len())
                    .ok_or(Malformed)?;
                return Ok(Frame {
                    whole: &bytes[..end],
                    msg: &bytes[i + 1..end],
                });
            }
            _ => return Err(Malformed),
        }
        i += 1;
    }
    Err(Malformed)
}

/// The frames of a batch, in order; a malformed rest ends the iteration
/// with one `Err`.
pub(super) fn frames(bytes: &[u8]) -> Frames<'_> {
    Frames { rest: bytes }
}

/// See [`frames`].
pub(super) struct Frames<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Frames<'a> {
    type Item = Result<Frame<'a>, Malformed>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        match first(self.rest) {
            Ok(f) => {
                self.rest = &self.rest[f.whole.len()..];
                Some(Ok(f))
            }
            Err(e) => {
                self.rest = &[];
                Some(Err(e))
            }
        }
    }
}

/// The end of the frame that holds byte `at - 1` of `bytes` (0 when `at`
/// is 0): how far a write that took `at` bytes reached, in whole frames.
pub(super) fn end_of_frame_at(bytes: &[u8], at: usize) -> usize {
    let mut end = 0;
    for f in frames(bytes) {
        if end >= at {
            break;
        }
        match f {
            Ok(f) => end += f.whole.len(),
            Err(_) => return bytes.len(),
        }
    }
    end
}

/// How many records `bytes` holds; a malformed rest counts as one.
pub(super) fn count(bytes: &[u8]) -> u64 {
    frames(bytes).count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(prefix: &[u8], body_len: usize) -> Vec<u8> {
        let mut b = prefix.to_vec();
        reserve(&mut b);
        b.extend(std::iter::repeat_n(b'x', body_len));
        patch(&mut b);
        b
    }

    #[test]
    fn lengths_of_every_width() {
        for len in [1, 9, 10, 99, 100, 500, 999, 1000, 9999, 10000, 123_456] {
            let b = record(b"", len);
            let f = first(&b).unwrap();
            assert_eq!(f.whole.len(), b.len(), "len {len}");
            assert_eq!(f.msg.len(), len);
            assert_eq!(b[..b.len() - len], *format!("{len} ").as_bytes());
        }
    }

    #[test]
    fn appended_after_complete_records() {
        let mut b = record(b"", 5);
        let one = b.clone();
        reserve(&mut b);
        b.extend_from_slice(b"<14>1 hello");
        patch(&mut b);
        assert_eq!(&b[one.len()..], b"11 <14>1 hello");
        let got: Vec<_> = frames(&b).map(|f| f.unwrap().msg).collect();
        assert_eq!(got, [&b"xxxxx"[..], b"<14>1 hello"]);
    }

    #[test]
    fn malformed() {
        for bad in [&b"x"[..], b"0 ", b" 1 x", b"5 abc", b"12345678901 x", b"3"] {
            assert_eq!(first(bad), Err(Malformed), "{bad:?}");
        }
        let mut it = frames(b"1 a2 bcjunk");
        assert_eq!(it.next().unwrap().unwrap().msg, b"a");
        assert_eq!(it.next().unwrap().unwrap().msg, b"bc");
        assert!(it.next().unwrap().is_err());
        assert!(it.next().is_none());
        assert_eq!(count(b"1 a2 bcjunk"), 3);
        let two = b"1 a2 bc";
        let ends: Vec<_> = (0..=7).map(|at| end_of_frame_at(two, at)).collect();
        assert_eq!(ends, [0, 3, 3, 3, 7, 7, 7, 7]);
        assert_eq!(count(b""), 0);
    }

    #[test]
    fn patch_without_reserve_leaves_bytes() {
        let mut b = b"abc".to_vec();
        patch(&mut b);
        assert_eq!(b, b"abc");
    }
}
