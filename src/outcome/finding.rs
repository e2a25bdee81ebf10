//! A finding: one thing wrong with a page, with where it is.

use serde::Serialize;

use super::codes::{Code, Severity};
use crate::source::{LineCol, SourceFile, Span};

/// Something wrong with a page or an example.
///
/// Findings hold a byte span; the location is computed once from the page when
/// the finding is made, so reporters never need to re-scan the text to place it.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
}

impl Finding {
    pub fn new(code: Code, source: &SourceFile, span: Span, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: code.default_severity(),
            message: message.into(),
            file: source.display_path(),
            span,
            location: source.line_col(span.start),
            example: None,
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
            self.file, self.location, self.severity, self.code, self.message
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
