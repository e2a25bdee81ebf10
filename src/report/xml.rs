//! Escaping text for XML 1.0, for the XML reporters (JUnit) and the HTML
//! report (whose escaping it also is).
//!
//! Page text ends up in reports (messages quote snippets), and pages hold
//! anything: `<`, `&`, stray control characters from copy-paste. XML 1.0
//! forbids most control characters outright, even as character references
//! (`&#1;` is not well-formed), so they cannot be escaped, only replaced. They
//! are written as a visible `\u{1b}`-style escape rather than dropped, so a
//! reader of the report still sees that something was there and what.

/// Appends `s` escaped for element content.
///
/// `&`, `<` and `>` become entities (`>` too, so `]]>` can never appear);
/// `\r` becomes `&#13;`, since a parser would otherwise turn `\r\n` into `\n`;
/// characters XML 1.0 forbids become `\u{..}`.
pub(crate) fn push_text(out: &mut String, s: &str) {
    push_escaped(out, s, false);
}

/// Appends `s` escaped for an attribute value in double quotes.
///
/// As [`push_text`], plus `"` and `'`, and tab and line feed as character
/// references: attribute-value normalization would otherwise turn them into
/// spaces.
pub(crate) fn push_attr(out: &mut String, s: &str) {
    push_escaped(out, s, true);
}

fn push_escaped(out: &mut String, s: &str, attr: bool) {
    out.reserve(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\'' if attr => out.push_str("&apos;"),
            '\t' if attr => out.push_str("&#9;"),
            '\n' if attr => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            c => {
                use std::fmt::Write as _;
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
}

/// The XML 1.0 `Char` production: `#x9 | #xA | #xD | [#x20-#xD7FF] |
/// [#xE000-#xFFFD] | [#x10000-#x10FFFF]`. A Rust `char` is never a
/// surrogate, so the gap `D800-DFFF` needs no test.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        let mut out = String::new();
        push_text(&mut out, s);
        out
    }

    fn attr(s: &str) -> String {
        let mut out = String::new();
        push_attr(&mut out, s);
        out
    }

    #[test]
    fn markup_characters_become_entities() {
        assert_eq!(text("a<b>&c]]>"), "a&lt;b&gt;&amp;c]]&gt;");
        assert_eq!(text("\"quoted\" 'single'"), "\"quoted\" 'single'");
        assert_eq!(
            attr("\"quoted\" 'x' <&>"),
            "&quot;quoted&quot; &apos;x&apos; &lt;&amp;&gt;"
        );
    }

    #[test]
    fn line_breaks_survive_parsing() {
        assert_eq!(text("a\r\nb\tc"), "a&#13;\nb\tc");
        assert_eq!(attr("a\r\nb\tc"), "a&#13;&#10;b&#9;c");
    }

    #[test]
    fn characters_xml_forbids_are_shown_not_written() {
        assert_eq!(
            text("nul\0 esc\u{1b} bell\u{7}"),
            "nul\\u{0} esc\\u{1b} bell\\u{7}"
        );
        assert_eq!(
            text("\u{b}\u{c}\u{fffe}\u{ffff}"),
            "\\u{b}\\u{c}\\u{fffe}\\u{ffff}"
        );
        // Allowed: DEL and C1 controls, private use, astral planes, U+FFFD.
        let allowed = "\u{7f}\u{85}\u{e000}\u{fffd}\u{1f600}é";
        assert_eq!(text(allowed), allowed);
    }

    #[test]
    fn every_forbidden_character_is_replaced() {
        for c in ('\0'..='\u{1f}').chain(['\u{fffe}', '\u{ffff}']) {
            let out = text(&c.to_string());
            let kept = matches!(c, '\t' | '\n');
            assert_eq!(out == c.to_string(), kept, "{:?} -> {out:?}", c);
        }
    }
}
