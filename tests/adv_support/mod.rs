//! Helpers shared by the adversarial test binaries (`stress`, `hostile`,
//! `process_corners`): a tiny RNG, a logfmt parser, line checks.
#![allow(dead_code)]

/// xorshift64*: small, deterministic, good enough to pick test values.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // splitmix64 of the seed, never zero.
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Rng((z ^ (z >> 31)) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A string made of awkward pieces: quotes, backslashes, newlines, CR,
    /// tabs, NUL, ESC sequences, C1 controls, U+2028/2029, multi-byte
    /// characters, `=` and spaces (logfmt), plain words.
    pub fn string(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a",
            "word",
            " ",
            "=",
            "\"",
            "\\",
            "\n",
            "\r",
            "\t",
            "\0",
            "\x1b[31m",
            "\x7f",
            "\u{85}",
            "\u{9b}",
            "\u{2028}",
            "\u{2029}",
            "é",
            "日本",
            "🦀",
            "{}",
            "\\u0041",
            "key=value",
            "'",
            "\u{feff}",
            "\u{10ffff}",
        ];
        let n = self.below(10);
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(PIECES[self.below(PIECES.len() as u64) as usize]);
        }
        s
    }

    /// A finite, normal float, built from its bits (not with `powi`, whose
    /// result miri deliberately perturbs), so it is the same on every call.
    pub fn float(&mut self) -> f64 {
        let mantissa = self.next() >> 12; // 52 bits
        let exp = 1023 - 40 + self.below(80); // 2^-40 ..= 2^39
        let sign = self.next() & 1;
        f64::from_bits(sign << 63 | exp << 52 | mantissa)
    }
}

/// Parse one logfmt line (as spoolog writes it) into key/value pairs,
/// undoing the value escapes (`\"`, `\\`, `\n`, `\r`, `\t`, `\uXXXX`).
/// Panics on anything malformed: a test calling it wants the line to parse.
pub fn parse_logfmt(line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        let mut key = String::new();
        loop {
            match chars.next() {
                Some('=') => break,
                Some(c) => {
                    assert!(
                        c != ' ' && c != '"' && !c.is_control(),
                        "bad key byte {c:?} in {line:?}"
                    );
                    key.push(c)
                }
                None => panic!("key without '=' in {line:?}"),
            }
        }
        assert!(!key.is_empty(), "empty key in {line:?}");
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some('\\') => match chars.next() {
                        Some('"') => value.push('"'),
                        Some('\\') => value.push('\\'),
                        Some('n') => value.push('\n'),
                        Some('r') => value.push('\r'),
                        Some('t') => value.push('\t'),
                        Some('u') => {
                            let hex: String = (0..4).map(|_| chars.next().unwrap()).collect();
                            let c = u32::from_str_radix(&hex, 16).unwrap();
                            value.push(char::from_u32(c).expect("valid scalar"));
                        }
                        other => panic!("bad escape {other:?} in {line:?}"),
                    },
                    Some(c) => value.push(c),
                    None => panic!("unterminated quote in {line:?}"),
                }
            }
            match chars.next() {
                None => {
                    out.push((key, value));
                    return out;
                }
                Some(' ') => {}
                Some(c) => panic!("{c:?} after a quoted value in {line:?}"),
            }
        } else {
            loop {
                match chars.next() {
                    None => {
                        out.push((key, value));
                        return out;
                    }
                    Some(' ') => break,
                    Some(c) => {
                        assert!(c != '"' && c != '=' && !c.is_control(), "{line:?}");
                        value.push(c)
                    }
                }
            }
        }
        out.push((key, value));
    }
}

/// The value of `key` in parsed logfmt pairs.
pub fn get<'a>(pairs: &'a [(String, String)], key: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {key} in {pairs:?}"))
}

/// Split a sink's bytes into lines, checking the framing: every line ends in
/// exactly one `\n`, and no line holds a raw control byte (C0, DEL), a C1
/// control or U+2028/U+2029. `allow_esc` lets the text format's SGR colour
/// codes through (never used with `ColorChoice::Never`).
pub fn checked_lines(bytes: &[u8]) -> Vec<String> {
    assert!(
        bytes.is_empty() || bytes.ends_with(b"\n"),
        "output does not end with a newline"
    );
    let text = std::str::from_utf8(bytes).expect("lines are valid UTF-8");
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    assert_eq!(lines.pop().as_deref(), Some(""));
    for l in &lines {
        assert!(!l.is_empty(), "empty line (a doubled newline?)");
        assert_clean(l);
    }
    lines
}

/// No raw control character, C1 control or line/paragraph separator.
pub fn assert_clean(line: &str) {
    for c in line.chars() {
        assert!(
            !(c.is_control() || c == '\u{2028}' || c == '\u{2029}'),
            "raw {c:?} in line {line:?}"
        );
    }
}
