//! Human output: findings drawn like rustc diagnostics, with the offending
//! line and a caret under the column, and the summary that ends a run.
//!
//! Text is written with ANSI styles (severity in colour, the `-->` and
//! gutter in blue, as rustc does); the command line strips them through
//! `anstream` unless colour is wanted (a terminal without `NO_COLOR`, or
//! `--color always`). Page text is escaped before it is shown: a control
//! character, a bidirectional override or a byte that was not UTF-8 never
//! reaches the terminal raw.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use crate::outcome::{Code, Finding, Severity, Tally};
use crate::source::SourceFile;

const BOLD: Style = Style::new().bold();
const BLUE: Style = AnsiColor::Blue.on_default().bold();

/// The style of a severity's label: red errors, yellow warnings, cyan notes.
pub fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => AnsiColor::Red.on_default().bold(),
        Severity::Warning => AnsiColor::Yellow.on_default().bold(),
        Severity::Note => AnsiColor::Cyan.on_default().bold(),
    }
}

/// `text` with `style` around it.
pub fn styled(style: Style, text: impl std::fmt::Display) -> String {
    format!("{style}{text}{style:#}")
}

/// Page text as it may be shown on a terminal: control characters (but
/// tab), DEL, C1 controls and bidirectional controls become `\xNN` or
/// `\u{NNNN}`; U+FFFD stands where the page had bytes that were not UTF-8.
pub fn escape_for_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\t' => out.push(c),
        '\0'..='\x1f' | '\x7f' => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        '\u{80}'..='\u{9f}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => {
            let _ = write!(out, "\\u{{{:04x}}}", c as u32);
        }
        _ => out.push(c),
    }
}

/// Renders one finding with its source line and caret.
pub fn render_finding(out: &mut String, finding: &Finding, source: Option<&SourceFile>) {
    let sev = severity_style(finding.severity);
    let _ = writeln!(
        out,
        "{}{}",
        styled(sev, format_args!("{}[{}]", finding.severity, finding.code)),
        styled(
            BOLD,
            format_args!(": {}", escape_for_terminal(&finding.message))
        ),
    );
    // rustc's layout: the gutter is as wide as the line number, and the
    // arrow, the bars and the notes line up with it whatever its width.
    let gutter = finding.location.line.to_string().len();
    let indent = gutter + 1;
    let _ = writeln!(
        out,
        "{:indent$}{} {}:{}:{}",
        "",
        styled(BLUE, "-->"),
        escape_for_terminal(&finding.file),
        finding.location.line,
        finding.location.col
    );
    if let Some(src) = source {
        let line = finding.location.line;
        let text = src.line_text(line);
        // Escaped char by char, so that the caret's column counts the
        // escapes before it.
        let mut shown = String::new();
        let mut caret_at = None;
        let col = finding.location.col.saturating_sub(1);
        for (i, c) in text.chars().take(160).enumerate() {
            if i == col {
                caret_at = Some(shown.chars().count());
            }
            push_escaped(&mut shown, c);
        }
        let caret_at = caret_at.unwrap_or_else(|| shown.chars().count());
        let width = src
            .slice(finding.span)
            .lines()
            .next()
            .map_or(1, |l| escape_for_terminal(l).chars().count().clamp(1, 80));
        let bar = styled(BLUE, "|");
        let _ = writeln!(out, "{:gutter$} {bar}", "");
        let _ = writeln!(out, "{} {bar} {shown}", styled(BLUE, line));
        let _ = writeln!(
            out,
            "{:gutter$} {bar} {:caret_at$}{}",
            "",
            "",
            styled(sev, "^".repeat(width))
        );
    }
    let _ = writeln!(
        out,
        "{:indent$}{} {}",
        "",
        styled(BOLD, "= help:"),
        escape_for_terminal(finding.help())
    );
    if let Some(ex) = &finding.example {
        let _ = writeln!(
            out,
            "{:indent$}{} {}",
            "",
            styled(BOLD, "= example:"),
            escape_for_terminal(ex)
        );
    }
}

/// The summary of a `check` run, printed last (where rustc and clippy put
/// theirs: the last lines on the terminal are the ones read): findings per
/// code, most severe first, then the totals, then why the exit code is what
/// it is.
pub struct CheckSummary<'a> {
    pub findings: &'a [Finding],
    pub pages: usize,
    pub examples: usize,
    pub suppressed: usize,
    /// Notes on what the run could not check (say, no metadata).
    pub notes: Vec<String>,
}

impl CheckSummary<'_> {
    pub fn render(&self, out: &mut String) {
        let tally = Tally::of(self.findings);
        let mut by_code: BTreeMap<(Reverse<Severity>, Code), usize> = BTreeMap::new();
        for f in self.findings {
            *by_code.entry((Reverse(f.severity), f.code)).or_default() += 1;
        }
        if !by_code.is_empty() {
            let _ = writeln!(out, "{}", styled(BOLD, "findings by code:"));
            let width = by_code.values().max().map_or(1, |n| n.to_string().len());
            for ((Reverse(severity), code), n) in &by_code {
                let label = format!("{:<7}", severity.as_str());
                let _ = writeln!(
                    out,
                    "  {} {code} {n:>width$}  {}",
                    styled(severity_style(*severity), label),
                    code.title()
                );
            }
        }
        let _ = writeln!(
            out,
            "checked {} pages, {} examples: {}{}",
            self.pages,
            self.examples,
            tally_line(tally),
            if self.suppressed > 0 {
                format!(" ({} suppressed by configuration)", self.suppressed)
            } else {
                String::new()
            }
        );
        for note in &self.notes {
            let _ = writeln!(
                out,
                "{}: {note}",
                styled(severity_style(Severity::Note), "note")
            );
        }
        if tally.errors > 0 {
            let mut pages: Vec<&str> = self
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| f.file.as_str())
                .collect();
            pages.sort_unstable();
            pages.dedup();
            let _ = writeln!(
                out,
                "{}: {} in {} — exit 1",
                styled(severity_style(Severity::Error), "error"),
                plural(tally.errors, "error finding"),
                plural(pages.len(), "page"),
            );
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `3 errors, 1 warning, 0 notes`.
pub fn tally_line(t: Tally) -> String {
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
    use crate::source::Span;

    /// An MC2001 finding `message` at the page's first `}`, rendered
    /// without colour.
    fn rendered(src: &SourceFile, message: &str) -> String {
        let at = src.text.find('}').unwrap();
        let f = Finding::new(Code::BodyNotStrictJson, src, Span::new(at, at + 1), message);
        let mut out = String::new();
        render_finding(&mut out, &f, Some(src));
        anstream::adapter::strip_str(&out).to_string()
    }

    #[test]
    fn caret_sits_under_the_column() {
        let src = SourceFile::from_text("p.md", "first\n  {\"a\": 1,}\n");
        let out = rendered(&src, "trailing comma");
        let expected = "warning[MC2001]: trailing comma\n  --> p.md:2:11\n  |\n2 |   {\"a\": 1,}\n  |           ^\n  = help: fix the JSON so it parses strictly; a lenient reading was used for the other checks\n";
        assert_eq!(out, expected);
    }

    #[test]
    fn the_gutter_grows_with_the_line_number() {
        let text = "x\n".repeat(1233) + "  {\"a\": 1,}\n";
        let src = SourceFile::from_text("p.md", &text);
        let out = rendered(&src, "trailing comma");
        let expected = "warning[MC2001]: trailing comma\n     --> p.md:1234:11\n     |\n1234 |   {\"a\": 1,}\n     |           ^\n     = help: fix the JSON so it parses strictly; a lenient reading was used for the other checks\n";
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

    #[test]
    fn control_bytes_and_bidi_overrides_are_escaped_and_the_caret_follows() {
        let src = SourceFile::from_text("p.md", "a\0b\x1b[31m\u{202e}{\"a\": 1,}\n");
        let plain = rendered(&src, "bad \x07 bell");
        assert!(!plain.contains('\0') && !plain.contains('\x1b') && !plain.contains('\x07'));
        assert!(!plain.contains('\u{202e}'));
        let lines: Vec<&str> = plain.lines().collect();
        assert_eq!(lines[0], "warning[MC2001]: bad \\x07 bell");
        assert_eq!(lines[3], "1 | a\\x00b\\x1b[31m\\u{202e}{\"a\": 1,}");
        // The caret sits under the `}`, after the escapes.
        let caret = lines[4].find('^').unwrap();
        assert_eq!(&lines[3][caret..caret + 1], "}");
    }

    #[test]
    fn the_summary_counts_per_code_and_says_why_it_exits_1() {
        let src = SourceFile::from_text("p.md", "x\n");
        let error = Code::ALL
            .iter()
            .copied()
            .find(|c| c.default_severity() == Severity::Error)
            .unwrap();
        let findings = vec![
            Finding::new(error, &src, Span::new(0, 1), "e1"),
            Finding::new(error, &src, Span::new(0, 1), "e2"),
            Finding::new(Code::BodyNotStrictJson, &src, Span::new(0, 1), "w"),
        ];
        let summary = CheckSummary {
            findings: &findings,
            pages: 3,
            examples: 4,
            suppressed: 0,
            notes: vec!["no metadata".into()],
        };
        let mut out = String::new();
        summary.render(&mut out);
        let plain = anstream::adapter::strip_str(&out).to_string();
        let lines: Vec<&str> = plain.lines().collect();
        assert_eq!(lines[0], "findings by code:");
        assert_eq!(
            lines[1],
            format!("  error   {} 2  {}", error.id(), error.title())
        );
        assert!(lines[2].starts_with("  warning MC2001 1  "), "{plain}");
        assert_eq!(
            lines[3],
            "checked 3 pages, 4 examples: 2 errors, 1 warning, 0 notes"
        );
        assert_eq!(lines[4], "note: no metadata");
        assert_eq!(lines[5], "error: 2 error findings in 1 page — exit 1");
        assert_eq!(lines.len(), 6);
    }
}
