//! The syntax of one path segment: `name(args)`, `{placeholder}`, and
//! `%XX` escapes.

use std::borrow::Cow;

/// Splits `name(args)` into its parts; `args` is `None` without parentheses.
pub(super) fn split_parens(s: &str) -> (&str, Option<&str>) {
    if s.ends_with(')')
        && let Some(open) = s.find('(')
        && let Some(args) = s.get(open + 1..s.len() - 1)
    {
        return (s.get(..open).unwrap_or(s), Some(args));
    }
    (s, None)
}

/// `{id}`-style placeholder (also `{user-id | userPrincipalName}`).
pub(super) fn is_placeholder(s: &str) -> bool {
    s.len() >= 2 && s.starts_with('{') && s.ends_with('}')
}

/// Decodes `%XX` escapes; returns the input unchanged if the result would
/// not be UTF-8 or an escape is broken.
pub(super) fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match hex {
                Some(v) => {
                    out.push(v);
                    i += 3;
                    continue;
                }
                None => return Cow::Borrowed(s),
            }
        }
        out.push(b);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(decoded) => Cow::Owned(decoded),
        Err(_) => Cow::Borrowed(s),
    }
}
