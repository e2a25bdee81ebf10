//! Human output: findings drawn like rustc diagnostics, with the offending
//! line and a caret under the column.

use std::fmt::Write as _;

use crate::outcome::{Finding, Tally};
use crate::source::SourceFile;

/// Renders one finding with its source line and caret.
pub fn render_finding(out: &mut String, finding: &Finding, source: Option<&SourceFile>) {
    let _ = writeln!(
        out,
        "{}[{}]: {}",
        finding.severity, finding.code, finding.message
    );
    let _ = writeln!(
        out,
        "  --> {}:{}:{}",
        finding.file, finding.location.line, finding.location.col
    );
    if let Some(src) = source {
        let line = finding.location.line;
        let text = src.line_text(line);
        let gutter = line.to_string().len();
        let shown: String = text.chars().take(160).collect();
        let _ = writeln!(out, "{:gutter$} |", "");
        let _ = writeln!(out, "{line} | {shown}");
        let width = src
            .slice(finding.span)
            .lines()
            .next()
            .map_or(1, |l| l.chars().count().clamp(1, 80));
        let col = finding
            .location
            .col
            .saturating_sub(1)
            .min(shown.chars().count());
        let _ = writeln!(out, "{:gutter$} | {:col$}{}", "", "", "^".repeat(width));
    }
    let _ = writeln!(out, "  = help: {}", finding.help());
    if let Some(ex) = &finding.example {
        let _ = writeln!(out, "  = example: {ex}");
    }
}

/// `3 errors, 1 warning, 0 notes`.
pub fn tally_line(t: Tally) -> String {
    fn plural(n: usize, word: &str) -> String {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    }
    format!(
        "{}, {}, {}",
        plural(t.errors, "error"),
        plural(t.warnings, "warning"),
        plural(t.notes, "note")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Code;
    use crate::source::Span;

    #[test]
    fn caret_sits_under_the_column() {
        let src = SourceFile::from_text("p.md", "first\n  {\"a\": 1,}\n");
        let at = src.text.find('}').unwrap();
        let f = Finding::new(
            Code::BodyNotStrictJson,
            &src,
            Span::new(at, at + 1),
            "trailing comma",
        );
        let mut out = String::new();
        render_finding(&mut out, &f, Some(&src));
        let expected = "warning[MC2001]: trailing comma\n  --> p.md:2:11\n  |\n2 |   {\"a\": 1,}\n  |           ^\n  = help: fix the JSON so it parses strictly; a lenient reading was used for the other checks\n";
        assert_eq!(out, expected);
    }

    #[test]
    fn tally_pluralises() {
        let t = Tally {
            errors: 1,
            warnings: 2,
            notes: 0,
        };
        assert_eq!(tally_line(t), "1 error, 2 warnings, 0 notes");
    }
}
