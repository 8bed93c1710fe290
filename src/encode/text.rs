//! Human text lines: `TIME LEVEL target: message key=value …\n`.
//!
//! The level name is followed by one space with no padding (`INFO `,
//! `ERROR `), which reproduces the W3 workload line byte for byte; fields are
//! written by the logfmt writer.

use super::escape::{self, Text};
use super::Head;
use crate::bytes::Padded;

/// Level names with their trailing space (index = `Level as usize`), in
/// fixed-size arrays: one copy each, whatever the name's length.
const PLAIN: [Padded<16>; 6] = [
    Padded::new(b"OFF "),
    Padded::new(b"ERROR "),
    Padded::new(b"WARN "),
    Padded::new(b"INFO "),
    Padded::new(b"DEBUG "),
    Padded::new(b"TRACE "),
];

/// Level names wrapped in SGR colour codes: ERROR red, WARN yellow, INFO
/// green, DEBUG blue, TRACE magenta.
const COLORED: [Padded<16>; 6] = [
    Padded::new(b"OFF "),
    Padded::new(b"\x1b[31mERROR\x1b[0m "),
    Padded::new(b"\x1b[33mWARN\x1b[0m "),
    Padded::new(b"\x1b[32mINFO\x1b[0m "),
    Padded::new(b"\x1b[34mDEBUG\x1b[0m "),
    Padded::new(b"\x1b[35mTRACE\x1b[0m "),
];

#[inline]
pub(super) fn begin(buf: &mut Vec<u8>, head: &Head<'_>, color: bool) {
    open(buf, head, color);
    message(buf, head.message);
}

/// The start of a line up to the message: `TIME LEVEL target: `.
#[inline]
pub(super) fn open(buf: &mut Vec<u8>, head: &Head<'_>, color: bool) {
    if time_part(buf, head) {
        buf.push(b' ');
    }
    let names = if color { &COLORED } else { &PLAIN };
    names[head.level as usize].put(buf);
    if !head.target.is_empty() {
        escape::escape_str::<Text>(buf, head.target);
        buf.extend_from_slice(b": ");
    }
}

/// The time, if lines have one (false if not): what a line starts with
/// before the part a call site's head cache keeps (see `head_cache`).
#[cfg_attr(not(debug_assertions), inline(always))]
pub(super) fn time_part(buf: &mut Vec<u8>, head: &Head<'_>) -> bool {
    let Some((layout, t)) = head.time else {
        return false;
    };
    let start = buf.len();
    layout.append(buf, t);
    if !layout.is_plain() {
        escape::escape_tail::<Text>(buf, start);
    }
    true
}

/// The message after [`open`].
#[inline]
pub(super) fn message(buf: &mut Vec<u8>, message: std::fmt::Arguments<'_>) {
    escape::escape_args::<Text>(buf, message);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Level;

    #[test]
    fn colours() {
        let mut b = Vec::new();
        let head = Head {
            time: None,
            level: Level::Warn,
            target: "a\nb",
            message: format_args!("m\x1b[2J"),
        };
        begin(&mut b, &head, true);
        assert_eq!(b, b"\x1b[33mWARN\x1b[0m a\\nb: m\\u{1b}[2J");
        b.clear();
        begin(&mut b, &head, false);
        assert_eq!(b, b"WARN a\\nb: m\\u{1b}[2J");
    }
}
