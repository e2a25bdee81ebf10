//! A finding: one thing wrong with a page, with where it is.

use serde::Serialize;

use super::codes::{Code, Severity};
use crate::source::{LineCol, SourceFile, Span};

/// Something wrong with a page or an example.
///
/// Findings hold a byte span; the location is computed once from the page when
/// the finding is made, so reporters never need to re-scan the text to place it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The page's path as the user named it.
    pub file: String,
    pub span: Span,
    /// Where `span.start` is.
    pub location: LineCol,
    /// The example this finding belongs to, when it belongs to one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Where in a body and what differs, for findings that compare two
    /// values (a replayed exchange against the page, a served request
    /// against the closest example). Serialized flat: `pointer`,
    /// `expected`, `actual` beside `message`.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Box<Detail>>,
}

/// What a comparing finding compared: a JSON pointer into the body, and the
/// expected and actual values as the page and the exchange wrote them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Detail {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
}

impl std::fmt::Display for Detail {
    /// ` at /pointer: expected e, actual a`, each part only when known; empty
    /// when nothing is.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(p) = &self.pointer {
            let p = if p.is_empty() { "(root)" } else { p };
            write!(f, " at {p}")?;
        }
        if let (Some(e), Some(a)) = (&self.expected, &self.actual) {
            write!(f, ": expected {e}, actual {a}")?;
        }
        Ok(())
    }
}

impl Finding {
    pub fn new(code: Code, source: &SourceFile, span: Span, message: impl Into<String>) -> Self {
        Finding::at(
            code,
            source.display_path(),
            span,
            source.line_col(span.start),
            message,
        )
    }

    /// [`Finding::new`] without the page at hand: its path as findings name
    /// it ([`SourceFile::display_path`]) and the line and column where
    /// `span` starts, worked out while the page was.
    pub fn at(
        code: Code,
        file: impl Into<String>,
        span: Span,
        location: LineCol,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            code,
            severity: code.default_severity(),
            message: message.into(),
            file: file.into(),
            span,
            location,
            example: None,
            detail: None,
        }
    }

    /// The JSON pointer into the body that this finding is about.
    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.detail.get_or_insert_default().pointer = Some(pointer.into());
        self
    }

    /// What the page documents and what was observed.
    pub fn with_values(mut self, expected: impl Into<String>, actual: impl Into<String>) -> Self {
        let d = self.detail.get_or_insert_default();
        d.expected = Some(expected.into());
        d.actual = Some(actual.into());
        self
    }

    /// The JSON pointer of the detail, when known.
    pub fn pointer(&self) -> Option<&str> {
        self.detail.as_ref()?.pointer.as_deref()
    }

    /// The expected value of the detail, when known.
    pub fn expected(&self) -> Option<&str> {
        self.detail.as_ref()?.expected.as_deref()
    }

    /// The actual value of the detail, when known.
    pub fn actual(&self) -> Option<&str> {
        self.detail.as_ref()?.actual.as_deref()
    }

    /// The message followed by the detail, when there is one: what a
    /// one-line writer shows.
    pub fn full_message(&self) -> std::borrow::Cow<'_, str> {
        match &self.detail {
            None => std::borrow::Cow::Borrowed(&self.message),
            Some(d) => std::borrow::Cow::Owned(format!("{}{d}", self.message)),
        }
    }

    pub fn with_example(mut self, id: impl Into<String>) -> Self {
        self.example = Some(id.into());
        self
    }

    pub fn help(&self) -> &'static str {
        self.code.help()
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}[{}]: {}",
            self.file,
            self.location,
            self.severity,
            self.code,
            self.full_message()
        )
    }
}

/// Counts of findings per severity, for summary lines and exit codes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Tally {
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Self {
        let mut t = Tally::default();
        for f in findings {
            match f.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Note => t.notes += 1,
            }
        }
        t
    }
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, o: Self) {
        self.errors += o.errors;
        self.warnings += o.warnings;
        self.notes += o.notes;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding() -> Finding {
        let src = SourceFile::from_text("p.md", "line one\nline two\n");
        Finding::new(Code::ALL[0], &src, Span::new(9, 13), "differs")
    }

    #[test]
    fn detail_serializes_flat_beside_the_message_and_only_when_known() {
        let plain = serde_json::to_value(finding()).unwrap();
        assert!(plain.get("pointer").is_none() && plain.get("detail").is_none());
        let f = finding().with_pointer("/a/0").with_values("1", "2");
        let v = serde_json::to_value(&f).unwrap();
        assert_eq!(v["pointer"], "/a/0");
        assert_eq!(v["expected"], "1");
        assert_eq!(v["actual"], "2");
        assert_eq!(v["message"], "differs");
        assert_eq!(f.full_message(), "differs at /a/0: expected 1, actual 2");
        assert_eq!(
            (f.pointer(), f.expected(), f.actual()),
            (Some("/a/0"), Some("1"), Some("2"))
        );
        assert_eq!(finding().pointer(), None);
        assert_eq!(
            finding().with_pointer("").full_message(),
            "differs at (root)"
        );
    }
}
