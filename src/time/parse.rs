//! Parsing a strftime-style pattern, once, into a compact list of [`Item`]s.

use super::error::{LayoutError, LayoutErrorKind};

/// How an offset from UTC is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OffsetStyle {
    /// `%z`: `+hhmm`, seconds rounded to the nearest minute.
    Hhmm,
    /// `%:z`: `+hh:mm`, seconds rounded to the nearest minute.
    HhColonMm,
    /// `%::z`: `+hh:mm:ss`.
    HhMmSs,
    /// `%:::z`: `+hh`, minutes truncated.
    Hh,
    /// RFC 3339 presets: `Z` for a zero offset, `+hh:mm` otherwise.
    ZuluOrColon,
}

/// One step of a parsed layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Item {
    /// Literal bytes `lits[start..end]`.
    Lit { start: u32, end: u32 },
    /// `%Y`: at least four digits, a sign outside `0..=9999`.
    Year,
    /// `%y`: year modulo 100, two digits.
    Year2,
    /// `%m`: month `01..=12`.
    Month,
    /// `%d`: day `01..=31`.
    Day,
    /// `%e`: day, space padded.
    DaySpace,
    /// `%H`: hour `00..=23`.
    Hour,
    /// `%k`: hour, space padded.
    HourSpace,
    /// `%I`: hour `01..=12`.
    Hour12,
    /// `%l`: 12-hour hour, space padded.
    Hour12Space,
    /// `%M`: minute.
    Minute,
    /// `%S`: second.
    Second,
    /// `%j`: day of the year, three digits.
    Ordinal,
    /// `%a`: `Sun`..`Sat`.
    WeekdayShort,
    /// `%A`: `Sunday`..`Saturday`.
    WeekdayLong,
    /// `%u`: weekday, Monday = 1 .. Sunday = 7.
    WeekdayFromMon,
    /// `%w`: weekday, Sunday = 0 .. Saturday = 6.
    WeekdayFromSun,
    /// `%b`, `%h`: `Jan`..`Dec`.
    MonthShort,
    /// `%B`: `January`..`December`.
    MonthLong,
    /// `%p`: `AM`/`PM`.
    AmPm,
    /// `%P`: `am`/`pm`.
    AmPmLower,
    /// `%s`: Unix seconds.
    UnixSecs,
    /// `%.3f` and friends: an optional dot and `digits` fraction digits.
    Frac { digits: u8, dot: bool },
    /// An offset from UTC.
    Offset(OffsetStyle),
    /// Unix milliseconds (preset only; changes every call).
    UnixMillis,
    /// Unix microseconds (preset only; changes every call).
    UnixMicros,
}

/// A parsed pattern: items plus the literal bytes they point into.
#[derive(Clone, Debug, Default)]
pub(crate) struct Program {
    pub(crate) items: Vec<Item>,
    pub(crate) lits: Vec<u8>,
}

impl Program {
    /// Append literal bytes, merging with a directly preceding literal.
    pub(crate) fn push_lit(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        let end = (self.lits.len() + bytes.len()) as u32;
        self.lits.extend_from_slice(bytes);
        if let Some(Item::Lit { end: e, .. }) = self.items.last_mut() {
            *e = end;
        } else {
            let start = end - bytes.len() as u32;
            self.items.push(Item::Lit { start, end });
        }
    }

    /// Append one item.
    pub(crate) fn push(&mut self, item: Item) {
        self.items.push(item);
    }

    /// True when no output byte can be a non-ASCII byte, a space, `"`, `\`
    /// or `=`.
    pub(crate) fn is_plain(&self) -> bool {
        let lits_plain = self
            .lits
            .iter()
            .all(|&b| b.is_ascii() && !matches!(b, b' ' | b'"' | b'\\' | b'='));
        let items_plain = self
            .items
            .iter()
            .all(|i| !matches!(i, Item::DaySpace | Item::HourSpace | Item::Hour12Space));
        lits_plain && items_plain
    }
}

/// Parse a strftime-style pattern.
pub(crate) fn parse(pattern: &str) -> Result<Program, LayoutError> {
    let bytes = pattern.as_bytes();
    let mut prog = Program::default();
    let mut lit_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b != b'%' {
            let c = pattern[i..].chars().next().unwrap_or('\0');
            if c.is_control() {
                return Err(LayoutError::new(
                    LayoutErrorKind::ControlCharacter,
                    i,
                    &pattern[i..i + c.len_utf8()],
                ));
            }
            i += c.len_utf8();
            continue;
        }
        prog.push_lit(&bytes[lit_start..i]);
        let (consumed, items) = specifier(pattern, i)?;
        for item in items.iter().flatten() {
            match *item {
                Spec::Item(it) => prog.push(it),
                Spec::Lit(l) => prog.push_lit(l.as_bytes()),
            }
        }
        i += consumed;
        lit_start = i;
    }
    prog.push_lit(&bytes[lit_start..]);
    Ok(prog)
}

#[derive(Clone, Copy)]
enum Spec {
    Item(Item),
    Lit(&'static str),
}

/// Up to five items one specifier expands to (`%F`, `%T` expand to five).
type Expansion = [Option<Spec>; 5];

fn one(item: Item) -> Expansion {
    [Some(Spec::Item(item)), None, None, None, None]
}

fn three(a: Item, sep: &'static str, b: Item) -> Expansion {
    [
        Some(Spec::Item(a)),
        Some(Spec::Lit(sep)),
        Some(Spec::Item(b)),
        None,
        None,
    ]
}

fn five(a: Item, sep: &'static str, b: Item, sep2: &'static str, c: Item) -> Expansion {
    [
        Some(Spec::Item(a)),
        Some(Spec::Lit(sep)),
        Some(Spec::Item(b)),
        Some(Spec::Lit(sep2)),
        Some(Spec::Item(c)),
    ]
}

/// Parse the specifier whose `%` is at byte `at`; returns how many bytes it
/// spans and what it expands to.
fn specifier(pattern: &str, at: usize) -> Result<(usize, Expansion), LayoutError> {
    let rest = &pattern[at + 1..];
    let Some(c) = rest.chars().next() else {
        return Err(LayoutError::new(LayoutErrorKind::DanglingPercent, at, "%"));
    };
    // The offending text for error messages: `%`, the specifier character
    // and, for multi-character specifiers, up to two more characters.
    let text = |n_chars: usize| {
        let end = rest
            .char_indices()
            .nth(n_chars)
            .map_or(rest.len(), |(k, _)| k);
        &pattern[at..at + 1 + end]
    };
    let err = |kind, n_chars| Err(LayoutError::new(kind, at, text(n_chars)));
    let frac = |digits: u8, dot: bool| Item::Frac { digits, dot };
    let expansion = match c {
        'Y' => one(Item::Year),
        'y' => one(Item::Year2),
        'm' => one(Item::Month),
        'd' => one(Item::Day),
        'e' => one(Item::DaySpace),
        'H' => one(Item::Hour),
        'k' => one(Item::HourSpace),
        'I' => one(Item::Hour12),
        'l' => one(Item::Hour12Space),
        'M' => one(Item::Minute),
        'S' => one(Item::Second),
        'j' => one(Item::Ordinal),
        'a' => one(Item::WeekdayShort),
        'A' => one(Item::WeekdayLong),
        'u' => one(Item::WeekdayFromMon),
        'w' => one(Item::WeekdayFromSun),
        'b' | 'h' => one(Item::MonthShort),
        'B' => one(Item::MonthLong),
        'p' => one(Item::AmPm),
        'P' => one(Item::AmPmLower),
        's' => one(Item::UnixSecs),
        'f' => one(frac(9, false)),
        'z' => one(Item::Offset(OffsetStyle::Hhmm)),
        'F' => five(Item::Year, "-", Item::Month, "-", Item::Day),
        'T' => five(Item::Hour, ":", Item::Minute, ":", Item::Second),
        'R' => three(Item::Hour, ":", Item::Minute),
        'D' => five(Item::Month, "/", Item::Day, "/", Item::Year2),
        '%' => [Some(Spec::Lit("%")), None, None, None, None],
        '.' => {
            let item = match rest.get(1..3) {
                Some("3f") => frac(3, true),
                Some("6f") => frac(6, true),
                Some("9f") => frac(9, true),
                _ if rest.get(1..2) == Some("f") => {
                    return err(LayoutErrorKind::UnsupportedSpecifier, 2);
                }
                _ => return err(LayoutErrorKind::MalformedSpecifier, 3),
            };
            return Ok((4, one(item)));
        }
        '3' | '6' | '9' => {
            if rest.get(1..2) != Some("f") {
                return err(LayoutErrorKind::MalformedSpecifier, 2);
            }
            return Ok((3, one(frac(c as u8 - b'0', false))));
        }
        '0'..='9' => return err(LayoutErrorKind::MalformedSpecifier, 2),
        ':' => {
            let (len, style) = if rest.starts_with(":::z") {
                (5, OffsetStyle::Hh)
            } else if rest.starts_with("::z") {
                (4, OffsetStyle::HhMmSs)
            } else if rest.starts_with(":z") {
                (3, OffsetStyle::HhColonMm)
            } else {
                let n = rest.bytes().take(4).take_while(|&b| b == b':').count();
                return err(LayoutErrorKind::MalformedSpecifier, n + 1);
            };
            return Ok((len, one(Item::Offset(style))));
        }
        // Known to chrono, refused here: locale/zone-name dependent, control
        // characters, ISO week numbers, padding modifiers, variable shapes.
        'C' | 'G' | 'g' | 'U' | 'V' | 'W' | 'X' | 'x' | 'c' | 'r' | 'v' | 'Z' | '+' | 'q' | 'n'
        | 't' | '#' | '-' | '_' => {
            let n = if matches!(c, '#' | '-' | '_') { 2 } else { 1 };
            return err(LayoutErrorKind::UnsupportedSpecifier, n);
        }
        _ => return err(LayoutErrorKind::UnknownSpecifier, 1),
    };
    Ok((1 + c.len_utf8(), expansion))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_at(p: &str) -> (LayoutErrorKind, usize, String) {
        let e = parse(p).unwrap_err();
        (e.kind(), e.position(), e.text().to_owned())
    }

    #[test]
    fn literals_merge_and_percent_is_literal() {
        let p = parse("a%%b%Yc").unwrap();
        assert_eq!(p.items.len(), 3);
        assert_eq!(p.items[0], Item::Lit { start: 0, end: 3 });
        assert_eq!(&p.lits[..3], b"a%b");
        assert_eq!(p.items[1], Item::Year);
    }

    #[test]
    fn compound_specifiers_expand() {
        let p = parse("%F").unwrap();
        assert_eq!(
            p.items,
            [
                Item::Year,
                Item::Lit { start: 0, end: 1 },
                Item::Month,
                Item::Lit { start: 1, end: 2 },
                Item::Day
            ]
        );
        let p = parse("%T%.6f").unwrap();
        assert_eq!(p.items.len(), 6);
        assert_eq!(
            p.items[5],
            Item::Frac {
                digits: 6,
                dot: true
            }
        );
    }

    #[test]
    fn offsets_parse() {
        let p = parse("%z%:z%::z%:::z").unwrap();
        let styles: Vec<_> = p
            .items
            .iter()
            .map(|i| match i {
                Item::Offset(s) => *s,
                _ => panic!("{i:?}"),
            })
            .collect();
        assert_eq!(
            styles,
            [
                OffsetStyle::Hhmm,
                OffsetStyle::HhColonMm,
                OffsetStyle::HhMmSs,
                OffsetStyle::Hh
            ]
        );
    }

    #[test]
    fn errors_carry_position_kind_text() {
        use LayoutErrorKind::*;
        assert_eq!(kind_at("%Y-%Q"), (UnknownSpecifier, 3, "%Q".into()));
        assert_eq!(kind_at("ab%"), (DanglingPercent, 2, "%".into()));
        assert_eq!(kind_at("%.4f"), (MalformedSpecifier, 0, "%.4f".into()));
        assert_eq!(kind_at("x%."), (MalformedSpecifier, 1, "%.".into()));
        assert_eq!(kind_at("%.f"), (UnsupportedSpecifier, 0, "%.f".into()));
        assert_eq!(kind_at("%3x"), (MalformedSpecifier, 0, "%3x".into()));
        assert_eq!(kind_at("%:y"), (MalformedSpecifier, 0, "%:y".into()));
        assert_eq!(kind_at("%H%:"), (MalformedSpecifier, 2, "%:".into()));
        assert_eq!(kind_at("%Z"), (UnsupportedSpecifier, 0, "%Z".into()));
        assert_eq!(kind_at("%-d"), (UnsupportedSpecifier, 0, "%-d".into()));
        assert_eq!(kind_at("%n"), (UnsupportedSpecifier, 0, "%n".into()));
        assert_eq!(kind_at("%é"), (UnknownSpecifier, 0, "%é".into()));
        assert_eq!(kind_at("%H\n"), (ControlCharacter, 2, "\n".into()));
        assert_eq!(kind_at("é\u{7f}"), (ControlCharacter, 2, "\u{7f}".into()));
        assert_eq!(kind_at("\u{9b}"), (ControlCharacter, 0, "\u{9b}".into()));
        assert_eq!(kind_at("\t"), (ControlCharacter, 0, "\t".into()));
    }

    #[test]
    fn plainness() {
        assert!(parse("%Y-%m-%dT%H:%M:%S%.3f%:z").unwrap().is_plain());
        assert!(parse("%a,%b/%p_%s").unwrap().is_plain());
        assert!(!parse("%e").unwrap().is_plain());
        assert!(!parse("%H %M").unwrap().is_plain());
        assert!(!parse("t=%H").unwrap().is_plain());
        assert!(!parse("\"%H").unwrap().is_plain());
        assert!(!parse("\\%H").unwrap().is_plain());
        assert!(!parse("%Hé").unwrap().is_plain());
    }
}
