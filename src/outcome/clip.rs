//! Clipping user-supplied values quoted in finding messages, so that a
//! megabyte URL or body value does not become a megabyte message.

use std::borrow::Cow;

/// How many characters of a quoted value a message shows.
pub const CLIP: usize = 200;

/// `s` itself when it has at most `max` characters, else its first `max`
/// characters (cut on a character boundary) followed by `…`.
pub fn clip(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        Some((end, _)) => Cow::Owned(format!("{}…", &s[..end])),
        None => Cow::Borrowed(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_values_are_kept_long_ones_cut_on_a_char_boundary() {
        assert_eq!(clip("abc", 3), "abc");
        assert!(matches!(clip("abc", 3), Cow::Borrowed(_)));
        assert_eq!(clip("abcd", 3), "abc…");
        assert_eq!(clip("ééééé", 2), "éé…");
        assert_eq!(clip("", 0), "");
        let long = "x".repeat(1 << 20);
        assert_eq!(clip(&long, CLIP).chars().count(), CLIP + 1);
    }
}
