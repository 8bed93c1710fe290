//! Human text lines: `TIME LEVEL target: message key=value …\n`.
//!
//! The level name is followed by one space with no padding (`INFO `,
//! `ERROR `), which reproduces the W3 workload line byte for byte; fields are
//! written by the logfmt writer.

use super::escape::{self, Text};
use super::Head;
use crate::bytes::Padded;
use crate::Level;

/// A level's name and the space after it, optionally wrapped in an SGR
/// colour code: the name comes from `Level::as_str`, so the text format
/// cannot spell a level differently from the rest of the crate.
const fn entry(level: Level, color: &[u8]) -> Padded<16> {
    let name = level.as_str().as_bytes();
    if color.is_empty() {
        Padded::concat(&[name, b" "])
    } else {
        Padded::concat(&[b"\x1b[", color, b"m", name, b"\x1b[0m "])
    }
}

/// Level names with their trailing space (index = `Level as usize`), in
/// fixed-size arrays: one copy each, whatever the name's length. `OFF`
/// never reaches a line; it keeps the index.
const PLAIN: [Padded<16>; 6] = [
    Padded::new(b"OFF "),
    entry(Level::Error, b""),
    entry(Level::Warn, b""),
    entry(Level::Info, b""),
    entry(Level::Debug, b""),
    entry(Level::Trace, b""),
];

/// Level names wrapped in SGR colour codes: ERROR red, WARN yellow, INFO
/// green, DEBUG blue, TRACE magenta.
const COLORED: [Padded<16>; 6] = [
    Padded::new(b"OFF "),
    entry(Level::Error, b"31"),
    entry(Level::Warn, b"33"),
    entry(Level::Info, b"32"),
    entry(Level::Debug, b"34"),
    entry(Level::Trace, b"35"),
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
    fn level_tables() {
        for level in Level::ALL {
            let plain = PLAIN[level as usize].as_bytes();
            assert_eq!(plain, format!("{} ", level.as_str()).as_bytes());
            let colored = COLORED[level as usize].as_bytes();
            assert!(colored.starts_with(b"\x1b[3"), "{level:?}");
            assert!(colored.ends_with(format!("m{}\x1b[0m ", level.as_str()).as_bytes()));
        }
        assert_eq!(
            COLORED[Level::Error as usize].as_bytes(),
            b"\x1b[31mERROR\x1b[0m "
        );
        assert_eq!(
            COLORED[Level::Trace as usize].as_bytes(),
            b"\x1b[35mTRACE\x1b[0m "
        );
    }

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
