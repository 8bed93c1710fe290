//! A strict reference parser for the logfmt lines spoolog documents:
//! `key=value` pairs separated by one space; a value is bare (no space, `=`,
//! `"`, `\` or dangerous character) or quoted with the escapes `\"`, `\\`,
//! `\n`, `\r`, `\t` and `\uXXXX`; keys never contain a space, `=` or `"`.

use crate::dangerous;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    pub key: String,
    pub value: String,
    /// Whether the value was written in quotes.
    pub quoted: bool,
}

/// Parse one line (without its `\n`) into pairs, or say what is malformed.
pub fn parse(line: &str) -> Result<Vec<Pair>, String> {
    let mut pairs = Vec::new();
    let mut rest = line;
    loop {
        let eq = rest
            .find('=')
            .ok_or_else(|| format!("pair without '=' at {rest:?}"))?;
        let key = &rest[..eq];
        if key.is_empty() {
            return Err(format!("empty key at {rest:?}"));
        }
        if let Some(c) = key
            .chars()
            .find(|&c| matches!(c, ' ' | '"') || dangerous(c))
        {
            return Err(format!("key {key:?} contains {c:?}"));
        }
        rest = &rest[eq + 1..];
        let (value, quoted, after) = if let Some(q) = rest.strip_prefix('"') {
            let (v, after) = quoted_value(q)?;
            (v, true, after)
        } else {
            let end = rest.find(' ').unwrap_or(rest.len());
            let v = &rest[..end];
            if let Some(c) = v
                .chars()
                .find(|&c| matches!(c, '=' | '"' | '\\') || dangerous(c))
            {
                return Err(format!("bare value {v:?} contains {c:?}"));
            }
            (v.to_owned(), false, &rest[end..])
        };
        pairs.push(Pair {
            key: key.to_owned(),
            value,
            quoted,
        });
        if after.is_empty() {
            return Ok(pairs);
        }
        rest = after
            .strip_prefix(' ')
            .ok_or_else(|| format!("no space after value at {after:?}"))?;
    }
}

/// The inside of a quoted value (after the opening quote): the decoded value
/// and what follows the closing quote.
fn quoted_value(s: &str) -> Result<(String, &str), String> {
    let mut out = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, &s[i + 1..])),
            '\\' => match chars.next() {
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, 'n')) => out.push('\n'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, 't')) => out.push('\t'),
                Some((j, 'u')) => {
                    let hex = s
                        .get(j + 1..j + 5)
                        .ok_or_else(|| format!("short \\u escape in {s:?}"))?;
                    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return Err(format!("bad \\u escape {hex:?}"));
                    }
                    let n = u32::from_str_radix(hex, 16).map_err(|e| e.to_string())?;
                    let c = char::from_u32(n).ok_or_else(|| format!("\\u{hex} is no char"))?;
                    out.push(c);
                    for _ in 0..4 {
                        chars.next();
                    }
                }
                other => return Err(format!("bad escape {other:?} in {s:?}")),
            },
            c if dangerous(c) => return Err(format!("raw {c:?} inside quotes")),
            c => out.push(c),
        }
    }
    Err(format!("unterminated quoted value {s:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_forms() {
        let p = parse(r#"a=1 b="x y\"\\\n\u0085" c= d=é"#).unwrap();
        let got: Vec<_> = p.iter().map(|p| (&*p.key, &*p.value, p.quoted)).collect();
        assert_eq!(
            got,
            [
                ("a", "1", false),
                ("b", "x y\"\\\n\u{85}", true),
                ("c", "", false),
                ("d", "é", false)
            ]
        );
        assert!(parse("a=b c").is_err());
        assert!(parse("a=\"b").is_err());
        assert!(parse("a=b=c").is_err());
        assert!(parse("a=\"b\"c=d").is_err());
        assert!(parse("a=b  c=d").is_err());
    }
}
