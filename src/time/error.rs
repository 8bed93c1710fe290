//! [`LayoutError`]: what is wrong with a time pattern, and where.

use std::fmt;

/// What kind of mistake a [`LayoutError`] reports.
///
/// ```
/// use spoolog::time::{LayoutErrorKind, TimeLayout};
///
/// let err = TimeLayout::parse("%Q").unwrap_err();
/// assert_eq!(err.kind(), LayoutErrorKind::UnknownSpecifier);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LayoutErrorKind {
    /// `%` followed by a character that is no specifier at all (`%Q`).
    UnknownSpecifier,
    /// A specifier chrono knows but spoolog does not support, because its
    /// output depends on locale or time-zone names, contains control
    /// characters (`%n`, `%t`), or has no fixed shape (`%.f`, `%c`, `%Z`,
    /// padding modifiers such as `%-d`).
    UnsupportedSpecifier,
    /// A `%` at the very end of the pattern.
    DanglingPercent,
    /// A `%.`, `%:` or `%<digit>` specifier that does not continue as one of
    /// `%.3f %.6f %.9f %3f %6f %9f %:z %::z %:::z`.
    MalformedSpecifier,
    /// A control character (a byte below 0x20, DEL, or a C1 control) in the
    /// literal text: a timestamp must never put a newline into a log line.
    ControlCharacter,
}

/// A build-time error in a time pattern: its kind, the byte offset where the
/// offending text starts, and that text.
///
/// ```
/// use spoolog::time::{LayoutErrorKind, TimeLayout};
///
/// let err = TimeLayout::parse("%Y-%Q").unwrap_err();
/// assert_eq!(err.position(), 3);
/// assert_eq!(err.text(), "%Q");
/// assert_eq!(err.to_string(), "unknown time specifier `%Q` at byte 3 of the pattern");
/// let _: &dyn std::error::Error = &err;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutError {
    kind: LayoutErrorKind,
    position: usize,
    text: String,
}

impl LayoutError {
    pub(crate) fn new(kind: LayoutErrorKind, position: usize, text: &str) -> LayoutError {
        LayoutError {
            kind,
            position,
            text: text.to_owned(),
        }
    }

    /// What kind of mistake this is.
    ///
    /// ```
    /// use spoolog::time::{LayoutErrorKind, TimeLayout};
    /// let err = TimeLayout::parse("%H%").unwrap_err();
    /// assert_eq!(err.kind(), LayoutErrorKind::DanglingPercent);
    /// ```
    pub fn kind(&self) -> LayoutErrorKind {
        self.kind
    }

    /// Byte offset in the pattern where the offending text starts (the `%` of
    /// a bad specifier, or the control character itself).
    ///
    /// ```
    /// use spoolog::time::TimeLayout;
    /// assert_eq!(TimeLayout::parse("ab\ncd").unwrap_err().position(), 2);
    /// ```
    pub fn position(&self) -> usize {
        self.position
    }

    /// The offending text, as it appears in the pattern (`%.4f`, `%Q`, `\n`).
    ///
    /// ```
    /// use spoolog::time::TimeLayout;
    /// assert_eq!(TimeLayout::parse("%.4f").unwrap_err().text(), "%.4f");
    /// ```
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.position;
        let text = &self.text;
        match self.kind {
            LayoutErrorKind::UnknownSpecifier => {
                write!(
                    f,
                    "unknown time specifier `{text}` at byte {at} of the pattern"
                )
            }
            LayoutErrorKind::UnsupportedSpecifier => {
                write!(
                    f,
                    "unsupported time specifier `{text}` at byte {at} of the pattern"
                )
            }
            LayoutErrorKind::DanglingPercent => {
                write!(f, "dangling `%` at the end of the pattern (byte {at})")
            }
            LayoutErrorKind::MalformedSpecifier => {
                write!(
                    f,
                    "malformed time specifier `{text}` at byte {at} of the pattern"
                )
            }
            LayoutErrorKind::ControlCharacter => {
                write!(f, "control character {text:?} at byte {at} of the pattern")
            }
        }
    }
}

impl std::error::Error for LayoutError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_position_and_text() {
        let e = LayoutError::new(LayoutErrorKind::ControlCharacter, 7, "\n");
        assert_eq!(
            e.to_string(),
            "control character \"\\n\" at byte 7 of the pattern"
        );
        let e = LayoutError::new(LayoutErrorKind::MalformedSpecifier, 0, "%.4f");
        assert_eq!(
            e.to_string(),
            "malformed time specifier `%.4f` at byte 0 of the pattern"
        );
        let e = LayoutError::new(LayoutErrorKind::DanglingPercent, 4, "%");
        assert!(e.to_string().contains("byte 4"));
        let e = LayoutError::new(LayoutErrorKind::UnsupportedSpecifier, 1, "%Z");
        assert!(e.to_string().contains("`%Z`"));
    }
}
