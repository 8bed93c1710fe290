//! The message filter after `/` in a directive string.
//!
//! With the `regex` feature (default) it is a `regex::Regex`, searched
//! anywhere in the message; without it a plain substring. That is what
//! `env_filter` does with and without its own `regex` feature; spoolog turns
//! on the same regex features as `env_filter` (`std` and `perf`, no Unicode
//! tables), so a pattern like `\w` is refused the same way unless something
//! else in the build enables them.

/// A compiled message filter. Compared by pattern.
#[derive(Clone, Debug)]
pub(crate) struct MessageFilter {
    #[cfg(feature = "regex")]
    regex: regex::Regex,
    #[cfg(not(feature = "regex"))]
    needle: Box<str>,
}

impl MessageFilter {
    /// Compile `pattern`; the error is the regex crate's explanation.
    #[cfg(feature = "regex")]
    pub(crate) fn new(pattern: &str) -> Result<MessageFilter, String> {
        regex::Regex::new(pattern)
            .map(|regex| MessageFilter { regex })
            .map_err(|e| e.to_string())
    }

    /// Keep `pattern` as a substring to look for; never fails.
    #[cfg(not(feature = "regex"))]
    pub(crate) fn new(pattern: &str) -> Result<MessageFilter, String> {
        Ok(MessageFilter {
            needle: pattern.into(),
        })
    }

    /// The pattern as given.
    pub(crate) fn pattern(&self) -> &str {
        #[cfg(feature = "regex")]
        return self.regex.as_str();
        #[cfg(not(feature = "regex"))]
        return &self.needle;
    }

    /// Whether `msg` passes.
    pub(crate) fn is_match(&self, msg: &str) -> bool {
        #[cfg(feature = "regex")]
        return self.regex.is_match(msg);
        #[cfg(not(feature = "regex"))]
        return msg.contains(&*self.needle);
    }
}

impl PartialEq for MessageFilter {
    fn eq(&self, other: &MessageFilter) -> bool {
        self.pattern() == other.pattern()
    }
}

impl Eq for MessageFilter {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_anywhere() {
        let m = MessageFilter::new("stream").unwrap();
        assert!(m.is_match("upstream timed out"));
        assert!(!m.is_match("strea m"));
        assert!(MessageFilter::new("").unwrap().is_match(""));
    }

    #[cfg(feature = "regex")]
    #[test]
    fn is_a_regex() {
        let m = MessageFilter::new("^a.c$").unwrap();
        assert!(m.is_match("abc"));
        assert!(!m.is_match("xabc"));
        assert!(MessageFilter::new("(").is_err());
    }
}
