//! Names: the OData identifier grammar (simple identifiers, namespaces,
//! qualified names), names quoted for messages, and the case-insensitive
//! comparison the lookups use.

/// The longest OData `SimpleIdentifier`.
pub const MAX_IDENTIFIER: usize = 128;

/// An OData `SimpleIdentifier`: a letter or `_`, then letters, digits or
/// `_`, at most [`MAX_IDENTIFIER`] characters. Never empty, never holds a
/// `.`, `/`, `\\` or NUL: safe as (part of) a file name.
pub fn is_simple_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first == '_' || first.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
        && s.chars().count() <= MAX_IDENTIFIER
}

/// A namespace: dotted [`is_simple_identifier`]s (`microsoft.graph`).
pub fn is_namespace(s: &str) -> bool {
    s.split('.').all(is_simple_identifier)
}

/// A qualified name: a namespace, a dot, a simple identifier
/// (`microsoft.graph.user`).
pub fn is_qualified_name(s: &str) -> bool {
    s.rsplit_once('.')
        .is_some_and(|(ns, name)| is_namespace(ns) && is_simple_identifier(name))
}

/// A name for a message: quoted, control characters escaped, cut at 80
/// characters.
pub fn shown_name(name: &str) -> String {
    format!("\"{}\"", crate::outcome::clip(name, 80).escape_debug())
}

/// Case-insensitive comparison that is cheap for ASCII and correct otherwise.
pub fn eq_ignore_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}
