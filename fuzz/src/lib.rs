//! Shared code for the spoolog fuzz targets: the arbitrary record model, the
//! expected rendering of every value, a reference logfmt parser, and a writer
//! that turns records into seed inputs (the inverse of `arbitrary` decoding).

pub mod logfmt_ref;
pub mod model;
pub mod seed;

/// The characters the encoders must never write raw (CWE-117): C0 controls,
/// DEL, C1 controls, U+2028 and U+2029.
pub fn dangerous(c: char) -> bool {
    matches!(c, '\0'..='\x1f' | '\x7f' | '\u{80}'..='\u{9f}' | '\u{2028}' | '\u{2029}')
}

/// Panics unless `line` is valid UTF-8 ending in exactly one `\n` with no other
/// dangerous character. Returns the line without its `\n`.
pub fn check_line(line: &[u8]) -> &str {
    let s = match std::str::from_utf8(line) {
        Ok(s) => s,
        Err(e) => panic!("line is not UTF-8 ({e}): {line:?}"),
    };
    let body = match s.strip_suffix('\n') {
        Some(b) => b,
        None => panic!("line does not end in \\n: {s:?}"),
    };
    if let Some((i, c)) = body.char_indices().find(|&(_, c)| dangerous(c)) {
        panic!("raw dangerous character {c:?} at byte {i}: {s:?}");
    }
    body
}

/// `key` as the encoders write it before escaping: reserved and empty keys
/// get a `_` prefix.
pub fn prefixed_key(key: &str) -> String {
    if key.is_empty() || matches!(key, "ts" | "level" | "target" | "msg") {
        format!("_{key}")
    } else {
        key.to_owned()
    }
}

/// A logfmt (and text) key after the documented sanitising: space, `=`, `"`
/// and every dangerous character become `_`.
pub fn logfmt_key(key: &str) -> String {
    prefixed_key(key)
        .chars()
        .map(|c| {
            if matches!(c, ' ' | '=' | '"') || dangerous(c) {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// Whether a logfmt value must be quoted: it contains a space, `=`, `"`, `\`
/// or a dangerous character.
pub fn logfmt_needs_quotes(v: &str) -> bool {
    v.chars()
        .any(|c| matches!(c, ' ' | '=' | '"' | '\\') || dangerous(c))
}

/// The documented text-format escaping of message and target: `\n`, `\r`,
/// `\t`, and `\u{..}` (lower-case hex, no leading zeros) for the other
/// dangerous characters; everything else as it is.
pub fn text_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if dangerous(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}
