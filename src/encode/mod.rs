//! Encoders: one line of JSON, logfmt or human text, written straight into a
//! borrowed `Vec<u8>` without allocating.
//!
//! A line is built in three steps, so that a logger can copy pre-encoded
//! context fields between them: [`Encoder::begin`] (time, level, target,
//! message), any number of [`Encoder::field`] calls (each writes its own
//! separator, so the bytes of one call can be stored and copied later), and
//! [`Encoder::end`] (the closing part and the `\n`).
//!
//! ```text
//! Json:   {"ts":"2026-11-27T14:23:32.123456Z","level":"INFO","target":"app::server","msg":"request handled","status":200}
//! Logfmt: ts=2026-11-27T14:23:32.123456Z level=info target=app::server msg="request handled" status=200
//! Text:   2026-11-27T14:23:32.123456Z INFO app::server: request handled status=200
//! ```
//!
//! # Safety of the output (CWE-117)
//!
//! No message, target, key or value can put a raw newline, carriage return
//! or any other control character (`0x00..=0x1f`, `0x7f`, the C1 controls
//! U+0080..=U+009F) or a Unicode line/paragraph separator (U+2028, U+2029)
//! into a line: every line ends with exactly one `\n` and contains no other.
//! Invalid UTF-8 in [`Value::Bytes`] becomes U+FFFD.
//!
//! * **JSON** (RFC 8259): `"` → `\"`, `\` → `\\`, `\n \r \t \b \f` in short
//!   form, every other dangerous character as `\u00XX` / `\u2028`. Keys are
//!   escaped the same way.
//! * **logfmt** (go-logfmt compatible): a value is written bare unless it
//!   contains a space, `=`, `"`, `\` or a dangerous character; then it is
//!   quoted, with `\"`, `\\`, `\n`, `\r`, `\t` and `\uXXXX` for the rest. An
//!   empty value is written as `key=`. In keys, space, `=`, `"` and every
//!   dangerous character become `_`.
//! * **Text**: the message and target have `\n`, `\r`, `\t` and Rust-style
//!   `\u{1b}` escapes for dangerous characters (so user data cannot inject
//!   ANSI sequences); quotes and backslashes stay as they are. Fields are
//!   written exactly as in logfmt.
//!
//! # Keys
//!
//! A user key equal to a built-in key — `ts`, `level`, `target`, `msg` —
//! is written with a `_` prefix (`_level`), in every format (text lines are
//! often fed to logfmt-aware tools that pick up `key=value` pairs anywhere),
//! so user data cannot forge those fields in parsers where the last key wins.
//! JSON lines can use other names for the built-in members
//! ([`JsonKeys`]: Elastic Common Schema, Google Cloud Logging,
//! OpenTelemetry; [`Encoder::with_json_keys`],
//! [`Builder::json_keys`](crate::logger::Builder::json_keys)); the `_`
//! prefix then follows that preset's names.
//! An empty key is written as `_`. Duplicate user keys are written as given,
//! in call order; most JSON parsers keep the last one.
//!
//! # Values
//!
//! Integers (up to 128 bits) are written with `itoa`, finite floats with
//! `ryu`; non-finite floats are the strings `NaN`, `inf`, `-inf` (quoted in
//! JSON). [`Value::Null`] is JSON `null` and an empty value in logfmt and
//! text. An error is its `Display` followed by each `source()`, joined by
//! `": "`. `Display` and `Debug` values are formatted straight into the line
//! through an escaping writer.
//!
//! # Text level column
//!
//! The text format writes the level name followed by one space (`INFO `,
//! `WARN `, `ERROR `, `DEBUG `, `TRACE `), with no padding, which reproduces
//! the standard W3 line byte for byte; lines of the four-letter levels are
//! therefore one column shorter than the others. With colour on, only the
//! level name is wrapped in SGR codes (ERROR red, WARN yellow, INFO green,
//! DEBUG blue, TRACE magenta, then `\x1b[0m`).
//!
//! # Time
//!
//! [`Head::time`] is appended with [`TimeLayout::append`]. When the layout is
//! not [plain](TimeLayout::is_plain), the appended bytes are escaped in place
//! (and quoted in logfmt when needed); plain layouts cost nothing extra.

pub(crate) mod escape;
pub(crate) mod head_cache;
pub(crate) mod json;
pub(crate) mod json_keys;
pub(crate) mod key_cache;
pub(crate) mod logfmt;
mod text;

pub use json_keys::{JsonKeys, ParseJsonKeysError, ECS_VERSION};

use crate::field::{Field, PreKey, Value};
use crate::level::Level;
use crate::time::{TimeLayout, UnixTime};
use crate::Metadata;
use head_cache::HeadSlot;
use json_keys::Keys;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// The output format of a logger.
///
/// ```
/// use spoolog::Format;
/// assert_eq!("json".parse::<Format>().unwrap(), Format::Json);
/// assert_eq!(Format::Logfmt.as_str(), "logfmt");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// One JSON object per line.
    Json,
    /// `key=value` pairs.
    Logfmt,
    /// Human-readable text.
    Text,
}

impl Format {
    /// The lower-case name: `"json"`, `"logfmt"` or `"text"`.
    ///
    /// ```
    /// assert_eq!(spoolog::Format::Text.as_str(), "text");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Logfmt => "logfmt",
            Format::Text => "text",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The error returned when a format name is not recognised.
///
/// ```
/// assert!("xml".parse::<spoolog::Format>().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseFormatError {
    _priv: (),
}

impl fmt::Display for ParseFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown log format (expected json, logfmt or text)")
    }
}

impl std::error::Error for ParseFormatError {}

impl FromStr for Format {
    type Err = ParseFormatError;
    /// Parse `json`, `logfmt` or `text`, ignoring ASCII case and surrounding
    /// whitespace.
    fn from_str(s: &str) -> Result<Format, ParseFormatError> {
        let s = s.trim();
        [Format::Json, Format::Logfmt, Format::Text]
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s))
            .ok_or(ParseFormatError { _priv: () })
    }
}

/// What starts every line.
///
/// ```
/// use spoolog::encode::Head;
/// let head = Head { time: None, level: spoolog::Level::Info, target: "app", message: format_args!("hi") };
/// assert_eq!(head.target, "app");
/// ```
pub struct Head<'a> {
    /// The time layout and instant, if lines carry a timestamp.
    pub time: Option<(&'a TimeLayout, UnixTime)>,
    /// The level.
    pub level: Level,
    /// The target (module path by default). In text, an empty target is
    /// left out together with its `": "`.
    pub target: &'a str,
    /// The message.
    pub message: fmt::Arguments<'a>,
}

/// A configured encoder for one format.
///
/// ```
/// use spoolog::encode::{Encoder, Head};
/// use spoolog::{Format, Level, Value};
/// let enc = Encoder::new(Format::Logfmt, false);
/// let mut buf = Vec::with_capacity(256);
/// let head = Head { time: None, level: Level::Warn, target: "db", message: format_args!("slow query") };
/// enc.begin(&mut buf, &head);
/// enc.field(&mut buf, "ms", &Value::U64(950));
/// enc.end(&mut buf);
/// assert_eq!(buf, b"level=warn target=db msg=\"slow query\" ms=950\n");
/// ```
#[derive(Clone)]
pub struct Encoder {
    format: Format,
    color: bool,
    /// The JSON member names and their pre-encoded pieces.
    json: &'static Keys,
    /// A protocol's own encoder (syslog, journald, OTLP), given by the sink
    /// that speaks the protocol ([`Sink::encoder`](crate::sink::Sink::encoder));
    /// `None` for the three line formats.
    proto: Option<Arc<dyn Protocol>>,
    /// Which of its logger's encoders this is (a logger with several
    /// outputs keeps one encoder per distinct format, and context bytes
    /// per encoder).
    slot: u8,
}

impl fmt::Debug for Encoder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.proto {
            None => f
                .debug_struct("Encoder")
                .field("format", &self.format)
                .field("color", &self.color)
                .field("json_keys", &self.json.name)
                .finish(),
            Some(p) => f.debug_tuple("Encoder").field(&p.name()).finish(),
        }
    }
}

/// How a protocol lays out a record, behind the same three steps as the
/// line formats (see the [module documentation](self)): a sink that speaks
/// a protocol (RFC 5424 syslog, the journald native protocol, OTLP) gives
/// the logger one of these through [`Sink::encoder`](crate::sink::Sink::encoder),
/// and the logger's hot path (pool, time, context bytes, fields) fills the
/// record. Unlike the line formats it sees the whole [`Head`] again at the
/// end, so a protocol may put the message after the fields. The bytes of
/// one record are opaque to everything between the encoder and its sink
/// (they may contain any byte, `\n` included), and must delimit
/// themselves, since a background writer hands the sink many at once.
/// `begin` is called on an empty buffer (the logger's pooled buffer, or a
/// notice's, cleared), so a protocol may put a frame header at byte 0 and
/// complete it in `end`.
pub(crate) trait Protocol: Send + Sync + 'static {
    /// A short name for `Debug` (`"syslog"`).
    fn name(&self) -> &'static str;
    /// The start of a record.
    fn begin(&self, buf: &mut Vec<u8>, head: &Head<'_>);
    /// One field; the bytes must depend only on the key and the value (they
    /// are stored once for a child logger's context and copied).
    fn field(&self, buf: &mut Vec<u8>, key: &str, value: &Value<'_>);
    /// One of the record's details (`file`, `line`, `module`, `thread`,
    /// `thread_id`; see `Builder::source_location`), which a protocol may
    /// put in fields of its own. Default: an ordinary field.
    fn detail(&self, buf: &mut Vec<u8>, key: &'static str, value: &Value<'_>) {
        self.field(buf, key, value)
    }
    /// One field whose key the macros encoded at compile time (`pre`: a
    /// plain key that no format or preset reserves); the same bytes as
    /// [`field`](Protocol::field), which is what the default does.
    #[inline]
    fn field_pre(&self, buf: &mut Vec<u8>, pre: &PreKey, key: &str, value: &Value<'_>) {
        let _ = pre;
        self.field(buf, key, value)
    }
    /// The end of a record.
    fn end(&self, buf: &mut Vec<u8>, head: &Head<'_>);
}

/// Run `f` with the value in this thread's `cell`, or with `None` when it
/// is borrowed further up this thread's stack or already destroyed: how the
/// per-thread caches (`key_cache`, `head_cache`) are reached.
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn borrow_local<T: 'static, R>(
    cell: &'static std::thread::LocalKey<std::cell::RefCell<T>>,
    mut f: impl FnMut(Option<&mut T>) -> R,
) -> R {
    cell.try_with(|c| match c.try_borrow_mut() {
        Ok(mut v) => f(Some(&mut v)),
        Err(_) => f(None),
    })
    .unwrap_or_else(|_| f(None))
}

impl Encoder {
    /// An encoder for `format`; `color` only matters for text (the logger
    /// decides it: a terminal and no `NO_COLOR`).
    ///
    /// ```
    /// let enc = spoolog::encode::Encoder::new(spoolog::Format::Text, true);
    /// assert!(enc.color());
    /// ```
    pub const fn new(format: Format, color: bool) -> Encoder {
        Encoder {
            format,
            color,
            json: &json_keys::SPOOLOG,
            proto: None,
            slot: 0,
        }
    }

    /// The same encoder with JSON member names from `keys` (see
    /// [`JsonKeys`]); only JSON lines change.
    ///
    /// ```
    /// use spoolog::encode::{Encoder, Head, JsonKeys};
    /// use spoolog::{Format, Level};
    /// let enc = Encoder::new(Format::Json, false).with_json_keys(JsonKeys::Gcp);
    /// let mut buf = Vec::new();
    /// let head = Head { time: None, level: Level::Warn, target: "db", message: format_args!("slow") };
    /// enc.encode(&mut buf, &head, &[]);
    /// assert_eq!(buf, b"{\"severity\":\"WARNING\",\"message\":\"slow\",\"target\":\"db\"}\n");
    /// ```
    pub const fn with_json_keys(mut self, keys: JsonKeys) -> Encoder {
        self.json = keys.keys();
        self
    }

    /// The JSON member names in use.
    ///
    /// ```
    /// use spoolog::{encode::{Encoder, JsonKeys}, Format};
    /// assert_eq!(Encoder::new(Format::Json, false).json_keys(), JsonKeys::Spoolog);
    /// ```
    pub const fn json_keys(&self) -> JsonKeys {
        self.json.name
    }

    /// An encoder for a protocol (crate-internal: protocol sinks make them).
    #[allow(dead_code)]
    pub(crate) fn protocol(proto: Arc<dyn Protocol>) -> Encoder {
        Encoder {
            format: Format::Json,
            color: false,
            json: &json_keys::SPOOLOG,
            proto: Some(proto),
            slot: 0,
        }
    }

    /// This encoder as its logger's encoder number `slot`.
    pub(crate) fn with_slot(mut self, slot: u8) -> Encoder {
        self.slot = slot;
        self
    }

    /// Its number among its logger's encoders.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn slot(&self) -> usize {
        usize::from(self.slot)
    }

    /// Whether two encoders write the same bytes (same format and colour,
    /// or the same protocol encoder).
    pub(crate) fn same_output(&self, other: &Encoder) -> bool {
        match (&self.proto, &other.proto) {
            (None, None) => {
                self.format == other.format
                    && self.color == other.color
                    && std::ptr::eq(self.json, other.json)
            }
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// The line format, or `None` for a protocol's encoder.
    ///
    /// ```
    /// use spoolog::{encode::Encoder, Format};
    /// assert_eq!(Encoder::new(Format::Json, false).format(), Some(Format::Json));
    /// ```
    pub fn format(&self) -> Option<Format> {
        match self.proto {
            None => Some(self.format),
            Some(_) => None,
        }
    }

    /// Whether the text format colours level names.
    ///
    /// ```
    /// use spoolog::{encode::Encoder, Format};
    /// assert!(!Encoder::new(Format::Text, false).color());
    /// ```
    pub const fn color(&self) -> bool {
        self.color
    }

    /// Write the start of a line: time, level, target, message. A
    /// protocol's encoder (from [`Sink::encoder`](crate::sink::Sink::encoder))
    /// must be given an empty buffer: its record's frame starts at byte 0.
    ///
    /// ```
    /// use spoolog::encode::{Encoder, Head};
    /// use spoolog::{Format, Level};
    /// let mut buf = Vec::new();
    /// let head = Head { time: None, level: Level::Info, target: "app", message: format_args!("up") };
    /// Encoder::new(Format::Json, false).begin(&mut buf, &head);
    /// assert_eq!(buf, br#"{"level":"INFO","target":"app","msg":"up""#);
    /// ```
    #[inline]
    pub fn begin(&self, buf: &mut Vec<u8>, head: &Head<'_>) {
        if let Some(p) = &self.proto {
            return p.begin(buf, head);
        }
        match self.format {
            Format::Json => json::begin(buf, head, self.json),
            Format::Logfmt => logfmt::begin(buf, head),
            Format::Text => text::begin(buf, head, self.color),
        }
    }

    /// [`begin`](Self::begin) at a macro call site (`site`, with its head
    /// cache `slot`): the part of the head after the time comes from the
    /// slot when it holds the one for this site, encoder and message, and
    /// is stored there on the site's first line (see `head_cache`). The
    /// same bytes either way.
    #[inline]
    pub(crate) fn begin_at(
        &self,
        buf: &mut Vec<u8>,
        head: &Head<'_>,
        site: &'static Metadata,
        slot: &HeadSlot,
    ) {
        if self.proto.is_none()
            && head.level == site.level
            && std::ptr::eq(head.target, site.target)
        {
            if let Some(message) = head.message.as_str() {
                let key = head_cache::Key {
                    site: site as *const Metadata as usize,
                    encoding: self.head_encoding(head.time.is_some()),
                    message: (message.as_ptr() as usize, message.len()),
                };
                if let Some(tail) = slot.get(&key) {
                    self.time_part(buf, head);
                    tail.put(buf);
                    #[cfg(test)]
                    head_cache::note_hit();
                    return;
                }
                if slot.is_empty() {
                    return self.begin_and_remember(buf, head, slot, key);
                }
            }
        }
        self.begin_uncached(buf, head)
    }

    /// [`begin`](Self::begin), out of line: the call sites the head cache
    /// does not serve (a message with arguments, a second encoder).
    #[inline(never)]
    fn begin_uncached(&self, buf: &mut Vec<u8>, head: &Head<'_>) {
        self.begin(buf, head)
    }

    /// Which head bytes this encoder writes: its JSON member names (the
    /// preset's address; 0 for the other formats) and a byte of format,
    /// colour and whether lines have a time.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn head_encoding(&self, timed: bool) -> (usize, u8) {
        let names = match self.format {
            Format::Json => self.json as *const Keys as usize,
            Format::Logfmt | Format::Text => 0,
        };
        let flags = self.format as u8 | (u8::from(self.color) << 2) | (u8::from(timed) << 3);
        (names, flags)
    }

    /// The start of a line up to the time's last byte (nothing without a
    /// time).
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn time_part(&self, buf: &mut Vec<u8>, head: &Head<'_>) {
        match self.format {
            Format::Json => json::time_part(buf, head, self.json),
            Format::Logfmt => logfmt::time_part(buf, head),
            Format::Text => text::time_part(buf, head),
        };
    }

    /// A call site's first head: written the ordinary way, and what follows
    /// the time stored in `slot`.
    #[cold]
    #[inline(never)]
    fn begin_and_remember(
        &self,
        buf: &mut Vec<u8>,
        head: &Head<'_>,
        slot: &HeadSlot,
        key: head_cache::Key,
    ) {
        self.begin_then(buf, head, |tail| slot.fill(key, tail));
    }

    /// [`begin`](Self::begin), then `keep` given what follows the time.
    /// The time part is written once more after the head to learn its
    /// length, compared with the head's start (`keep` runs only if the head
    /// does start with it), and cut off.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn begin_then(&self, buf: &mut Vec<u8>, head: &Head<'_>, keep: impl FnOnce(&[u8])) {
        let start = buf.len();
        self.begin(buf, head);
        let end = buf.len();
        self.time_part(buf, head);
        let time_len = buf.len() - end;
        let starts_with_time =
            time_len <= end - start && buf[start..start + time_len] == buf[end..];
        buf.truncate(end);
        if starts_with_time {
            keep(&buf[start + time_len..end]);
        }
    }

    /// [`begin`](Self::begin) for a record without a macro call site
    /// ([`Logger::log`](crate::Logger::log), the `log` facade): the part of
    /// the head after the time comes from this thread's head cache when it
    /// holds the one for this encoding, level, target and message, and is
    /// stored there otherwise (see `head_cache`). The same bytes either way.
    #[inline]
    pub(crate) fn begin_cached(&self, buf: &mut Vec<u8>, head: &Head<'_>) {
        if self.proto.is_none() && head.target.len() <= head_cache::MAX_TARGET {
            if let Some(message) = head.message.as_str() {
                let key = head_cache::ThreadKey::new(
                    self.head_encoding(head.time.is_some()),
                    head.level,
                    head.target,
                    message,
                );
                return head_cache::with_thread(|heads| match heads {
                    Some(heads) => match heads.get(&key, head.target) {
                        Some(tail) => {
                            self.time_part(buf, head);
                            tail.put(buf);
                            #[cfg(test)]
                            head_cache::note_hit();
                        }
                        None => self.begin_and_store(buf, head, heads, key),
                    },
                    None => self.begin_uncached(buf, head),
                });
            }
        }
        self.begin_uncached(buf, head)
    }

    /// [`begin_cached`](Self::begin_cached)'s miss: the head written the
    /// ordinary way, and what follows its time kept in this thread's cache.
    #[cold]
    #[inline(never)]
    fn begin_and_store(
        &self,
        buf: &mut Vec<u8>,
        head: &Head<'_>,
        heads: &mut head_cache::ThreadHeads,
        key: head_cache::ThreadKey,
    ) {
        self.begin_then(buf, head, |tail| heads.store(key, head.target, tail));
    }

    /// Write one field, separator included. The bytes depend only on the
    /// format, the key and the value, so they can be written once into a
    /// separate buffer and copied into many lines after [`begin`](Self::begin).
    ///
    /// ```
    /// use spoolog::{encode::Encoder, Format, Value};
    /// let mut ctx = Vec::new();
    /// Encoder::new(Format::Json, false).field(&mut ctx, "level", &Value::Str("x\n"));
    /// assert_eq!(ctx, br#","_level":"x\n""#);
    /// ```
    #[inline]
    pub fn field(&self, buf: &mut Vec<u8>, key: &str, value: &Value<'_>) {
        if let Some(p) = &self.proto {
            return p.field(buf, key, value);
        }
        match self.format {
            Format::Json => json::field(buf, key, value, self.json),
            Format::Logfmt | Format::Text => logfmt::field(buf, key, value),
        }
    }

    /// [`field`](Self::field) for a key that arrives at run time and
    /// repeats (the `log` facade's): with this thread's `cache`, the
    /// encoded key is copied from there when the cache holds this key's
    /// bytes for this encoding, and put there otherwise. The same bytes as
    /// `field` either way (see `key_cache`).
    #[inline(never)]
    pub(crate) fn field_with(
        &self,
        cache: Option<&mut key_cache::KeyCache>,
        buf: &mut Vec<u8>,
        key: &str,
        value: &Value<'_>,
    ) {
        let tag = self.key_tag();
        match cache {
            Some(cache) if tag != 0 => {
                if cache.put(tag, key, buf) {
                    match self.format {
                        Format::Json => json::write_value(buf, value),
                        Format::Logfmt | Format::Text => logfmt::write_value(buf, value),
                    }
                } else {
                    self.field_and_remember(cache, tag, buf, key, value);
                }
            }
            _ => self.field(buf, key, value),
        }
    }

    /// [`field_with`](Self::field_with)'s miss: the field as `field`
    /// writes it, and its key's bytes into the cache.
    #[inline(never)]
    fn field_and_remember(
        &self,
        cache: &mut key_cache::KeyCache,
        tag: usize,
        buf: &mut Vec<u8>,
        key: &str,
        value: &Value<'_>,
    ) {
        let start = buf.len();
        match self.format {
            Format::Json => json::key_part(buf, key, self.json),
            Format::Logfmt | Format::Text => logfmt::key_part(buf, key),
        }
        cache.store(tag, key, &buf[start..]);
        match self.format {
            Format::Json => json::write_value(buf, value),
            Format::Logfmt | Format::Text => logfmt::write_value(buf, value),
        }
    }

    /// Which key encoding this encoder writes, for the key cache: the JSON
    /// member names in use (each set is a distinct static), or 1 for
    /// logfmt and text (one encoding); 0 for a protocol encoder, whose
    /// fields are its own business and are not cached.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn key_tag(&self) -> usize {
        if self.proto.is_some() {
            return 0;
        }
        match self.format {
            Format::Json => self.json as *const Keys as usize,
            Format::Logfmt | Format::Text => 1,
        }
    }

    /// Write one [`Field`]: like [`field`](Self::field), but a key that the
    /// macros encoded at compile time is copied as is, with no checks.
    ///
    /// ```
    /// use spoolog::{encode::Encoder, Field, Format};
    /// let mut buf = Vec::new();
    /// Encoder::new(Format::Json, false).write_field(&mut buf, &Field::new("n", &1));
    /// assert_eq!(buf, br#","n":1"#);
    /// ```
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn write_field(&self, buf: &mut Vec<u8>, field: &Field<'_>) {
        match field.pre {
            Some(k) => self.field_pre(buf, k, field.key, &field.value),
            None => self.field(buf, field.key, &field.value),
        }
    }

    /// [`write_field`](Self::write_field) for each of `fields`. JSON fields
    /// are written with the format chosen once for all of them rather than
    /// once a field (W2 958.6 -> 930.7 instructions under callgrind); the
    /// other formats go field by field, since choosing once measured no
    /// better for them (W3 935.6 -> 934.8).
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn write_fields(&self, buf: &mut Vec<u8>, fields: &[Field<'_>]) {
        // Three loops, not one `if` for JSON and one shared loop: that
        // shorter form was inlined differently (W2 951.0, W3 960.7).
        if self.proto.is_some() {
            for f in fields {
                self.write_field(buf, f);
            }
            return;
        }
        match self.format {
            Format::Json => {
                for f in fields {
                    match f.pre {
                        Some(k) => json::field_pre(buf, k, &f.value),
                        None => json::field(buf, f.key, &f.value, self.json),
                    }
                }
            }
            Format::Logfmt | Format::Text => {
                for f in fields {
                    self.write_field(buf, f);
                }
            }
        }
    }

    /// Finish the line, newline included.
    ///
    /// ```
    /// use spoolog::{encode::Encoder, Format};
    /// let mut buf = Vec::new();
    /// Encoder::new(Format::Json, false).end(&mut buf);
    /// assert_eq!(buf, b"}\n");
    /// ```
    #[inline]
    pub fn end(&self, buf: &mut Vec<u8>) {
        match self.format {
            Format::Json => buf.extend_from_slice(b"}\n"),
            Format::Logfmt | Format::Text => buf.push(b'\n'),
        }
    }

    /// One of the record's details (source location, module, thread) as
    /// a field; a protocol's encoder may name it its own way (journald's
    /// `CODE_FILE`).
    #[inline]
    pub(crate) fn detail(&self, buf: &mut Vec<u8>, key: &'static str, value: &Value<'_>) {
        match &self.proto {
            None => self.field(buf, key, value),
            Some(p) => p.detail(buf, key, value),
        }
    }

    /// The record's source location as details: `file` and `line` fields,
    /// except under the Google Cloud preset, which has a member of its own
    /// for it (`"logging.googleapis.com/sourceLocation":{"file":…,"line":…}`).
    pub(crate) fn source_location(&self, buf: &mut Vec<u8>, file: Option<&str>, line: Option<u32>) {
        if self.proto.is_none() && self.format == Format::Json && self.json.name == JsonKeys::Gcp {
            if file.is_none() && line.is_none() {
                return;
            }
            crate::bytes::put(buf, b",\"logging.googleapis.com/sourceLocation\":{");
            let mut first = true;
            if let Some(f) = file {
                buf.extend_from_slice(b"\"file\":");
                json::write_value(buf, &Value::Str(f));
                first = false;
            }
            if let Some(l) = line {
                if !first {
                    buf.push(b',');
                }
                // Google's schema has the line as a string (int64 in JSON).
                buf.extend_from_slice(b"\"line\":\"");
                crate::bytes::put(buf, itoa::Buffer::new().format(l).as_bytes());
                buf.push(b'"');
            }
            buf.push(b'}');
            return;
        }
        if let Some(f) = file {
            self.detail(buf, "file", &Value::Str(f));
        }
        if let Some(l) = line {
            self.detail(buf, "line", &Value::U64(u64::from(l)));
        }
    }

    /// Finish the record begun with `head`: [`end`](Self::end) for the line
    /// formats; a protocol's encoder may write more (syslog puts the
    /// message after the structured data). This is what the logger calls.
    ///
    /// ```
    /// use spoolog::encode::{Encoder, Head};
    /// use spoolog::{Format, Level};
    /// let head = Head { time: None, level: Level::Info, target: "app", message: format_args!("x") };
    /// let mut buf = Vec::new();
    /// let enc = Encoder::new(Format::Logfmt, false);
    /// enc.begin(&mut buf, &head);
    /// enc.finish(&mut buf, &head);
    /// assert_eq!(buf, b"level=info target=app msg=x\n");
    /// ```
    #[inline]
    pub fn finish(&self, buf: &mut Vec<u8>, head: &Head<'_>) {
        match &self.proto {
            None => self.end(buf),
            Some(p) => p.end(buf, head),
        }
    }

    /// A whole line: [`begin`](Self::begin), a [`field`](Self::field) per
    /// entry of `fields`, [`end`](Self::end).
    ///
    /// ```
    /// use spoolog::encode::{Encoder, Head};
    /// use spoolog::{Field, Format, Level};
    /// let mut buf = Vec::new();
    /// let head = Head { time: None, level: Level::Error, target: "", message: format_args!("boom") };
    /// Encoder::new(Format::Text, false).encode(&mut buf, &head, &[Field::new("code", &7)]);
    /// assert_eq!(buf, b"ERROR boom code=7\n");
    /// ```
    #[inline]
    pub fn encode(&self, buf: &mut Vec<u8>, head: &Head<'_>, fields: &[Field<'_>]) {
        self.begin(buf, head);
        for f in fields {
            self.write_field(buf, f);
        }
        self.finish(buf, head);
    }
}

/// Nested context (the `tracing` layer's span list): JSON arrays and
/// objects inside a line. The other formats have no nesting; callers check
/// [`Encoder::nests`] and write flat fields there instead.
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
impl Encoder {
    /// Whether this format can nest: JSON only.
    #[inline]
    pub(crate) fn nests(&self) -> bool {
        self.proto.is_none() && self.format == Format::Json
    }

    /// Whether the message can be written after [`open`](Self::open) in
    /// the same pass as the fields: the line formats yes; a protocol's
    /// encoder needs the message in the [`Head`] (front ends then take the
    /// two-pass path).
    #[inline]
    pub(crate) fn splits_message(&self) -> bool {
        self.proto.is_none() && !(self.format == Format::Json && self.json.message_first)
    }

    /// The start of a line up to its message (`head.message` is not
    /// written): [`begin`](Self::begin) is this and then
    /// [`message`](Self::message).
    #[inline]
    pub(crate) fn open(&self, buf: &mut Vec<u8>, head: &Head<'_>) {
        if let Some(p) = &self.proto {
            return p.begin(buf, head);
        }
        match self.format {
            Format::Json => json::open(buf, head, self.json),
            Format::Logfmt => logfmt::open(buf, head),
            Format::Text => text::open(buf, head, self.color),
        }
    }

    /// The message, right after [`open`](Self::open), with what closes it.
    #[inline]
    pub(crate) fn message(&self, buf: &mut Vec<u8>, message: fmt::Arguments<'_>) {
        if self.proto.is_some() {
            return; // in the head already (see `splits_message`)
        }
        match self.format {
            Format::Json => json::message(buf, message, self.json),
            Format::Logfmt => logfmt::message(buf, message),
            Format::Text => text::message(buf, message),
        }
    }

    /// One field whose key was encoded beforehand (`pre`, the forms of
    /// `key`, a plain key): what [`field`](Self::field) writes, with the
    /// key copied as it is.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn field_pre(&self, buf: &mut Vec<u8>, pre: &PreKey, key: &str, value: &Value<'_>) {
        if let Some(p) = &self.proto {
            return p.field_pre(buf, pre, key, value);
        }
        match self.format {
            Format::Json => json::field_pre(buf, pre, value),
            Format::Logfmt | Format::Text => {
                pre.put_kv(buf);
                logfmt::write_value(buf, value);
            }
        }
    }

    /// `,"key":[` (JSON; nothing elsewhere).
    #[inline]
    pub(crate) fn open_list(&self, buf: &mut Vec<u8>, key: &str) {
        if self.nests() {
            json::open_list(buf, key, self.json);
        }
    }

    /// `,` between two items of a list (JSON; nothing elsewhere).
    #[inline]
    pub(crate) fn list_separator(&self, buf: &mut Vec<u8>) {
        if self.nests() {
            buf.push(b',');
        }
    }

    /// `]` (JSON; nothing elsewhere).
    #[inline]
    pub(crate) fn close_list(&self, buf: &mut Vec<u8>) {
        if self.nests() {
            buf.push(b']');
        }
    }

    /// `{"key":"value"`: an object opened with one string member, to be
    /// followed by [`field`](Self::field)s and [`close_object`](Self::close_object)
    /// (JSON; nothing elsewhere).
    #[inline]
    pub(crate) fn open_object(&self, buf: &mut Vec<u8>, key: &str, value: &str) {
        if self.nests() {
            json::open_object(buf, key, value);
        }
    }

    /// `}` (JSON; nothing elsewhere).
    #[inline]
    pub(crate) fn close_object(&self, buf: &mut Vec<u8>) {
        if self.nests() {
            buf.push(b'}');
        }
    }
}

/// Whether `key` is one of the built-in keys and gets a `_` prefix.
#[inline]
fn is_reserved(key: &str) -> bool {
    matches!(key, "ts" | "level" | "target" | "msg")
}

/// Write the `_` that goes before an empty key or a built-in one.
#[inline]
fn key_prefix(buf: &mut Vec<u8>, key: &str) {
    if key.is_empty() || is_reserved(key) {
        buf.push(b'_');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names() {
        for f in [Format::Json, Format::Logfmt, Format::Text] {
            assert_eq!(f.as_str().parse::<Format>().unwrap(), f);
            assert_eq!(f.to_string(), f.as_str());
        }
        assert_eq!(" JSON ".parse::<Format>().unwrap(), Format::Json);
        assert!("".parse::<Format>().is_err());
    }

    /// `write_fields` is a faster loop of `write_field`, never other bytes:
    /// keys encoded beforehand or not, reserved keys, every value kind,
    /// every format and JSON preset.
    #[test]
    fn write_fields_is_write_field_for_each() {
        static PLAIN: PreKey = PreKey::new("status");
        static SECOND: PreKey = PreKey::new("path");
        let err = std::io::Error::other("e\"\n");
        let fields = [
            Field::new("status", &200u16),
            Field {
                pre: Some(&PLAIN),
                ..Field::new("status", &-7i64)
            },
            Field {
                pre: Some(&SECOND),
                ..Field::new("path", "/a\"b\n")
            },
            Field::new("msg", "reserved"),
            Field::new("ts", &true),
            Field::new("", &1.5f64),
            Field::new("k e\"y", &'\u{7f}'),
            Field::with_value("u", Value::U128(u128::MAX)),
            Field::with_value("n", Value::Null),
            Field::with_value("b", Value::Bytes(b"\xff\x00")),
            Field::with_value("e", Value::Error(&err)),
            Field::with_value("d", Value::Display(&"x\ny")),
        ];
        let mut encoders = Vec::new();
        for format in [Format::Json, Format::Logfmt, Format::Text] {
            encoders.push(Encoder::new(format, false));
        }
        for keys in [JsonKeys::Ecs, JsonKeys::Gcp, JsonKeys::Otel] {
            encoders.push(Encoder::new(Format::Json, false).with_json_keys(keys));
        }
        for enc in &encoders {
            let (mut each, mut all) = (b"x".to_vec(), b"x".to_vec());
            for f in &fields {
                enc.write_field(&mut each, f);
            }
            enc.write_fields(&mut all, &fields);
            assert_eq!(
                String::from_utf8_lossy(&all),
                String::from_utf8_lossy(&each)
            );
            assert!(each.len() > 100);
        }
    }

    #[test]
    fn reserved() {
        assert!(is_reserved("msg"));
        assert!(!is_reserved("_msg"));
        assert!(!is_reserved("message"));
    }
}
