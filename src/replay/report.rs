//! What replaying an example gave: passed, failed (with every mismatch),
//! skipped, or errored (no response to check).

use serde::Serialize;

use crate::contract::ExampleId;
use crate::outcome::{Code, Finding};
use crate::source::{LineCol, SourceFile, Span};

/// One way the observed exchange differs from the documented one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    pub code: Code,
    /// Where in the page: the block, or the JSON member when a pointer is known.
    pub span: Span,
    pub location: LineCol,
    /// The check's own words, without the location.
    pub message: String,
    /// JSON pointer into the body, for body differences.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
}

impl Mismatch {
    pub fn new(code: Code, source: &SourceFile, span: Span, message: impl Into<String>) -> Self {
        Mismatch {
            code,
            span,
            location: source.line_col(span.start),
            message: message.into(),
            pointer: None,
            expected: None,
            actual: None,
        }
    }

    pub fn with_values(mut self, expected: impl Into<String>, actual: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self.actual = Some(actual.into());
        self
    }

    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    /// The mismatch as a finding of `example` in `source`.
    pub fn to_finding(&self, source: &SourceFile, example: &ExampleId) -> Finding {
        Finding::new(self.code, source, self.span, self.to_string()).with_example(example.as_str())
    }
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
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

/// How an example ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "lowercase")]
pub enum Verdict {
    Passed,
    /// The exchange happened and at least one check failed.
    Failed {
        mismatches: Vec<Mismatch>,
    },
    /// Not replayed, on purpose (the reason says why).
    Skipped {
        reason: String,
    },
    /// No response to check: the request could not be built or sent.
    Errored {
        error: String,
    },
}

/// The outcome of one example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExampleReport {
    pub id: ExampleId,
    /// The page's path as the user named it.
    pub file: String,
    /// Line of the request's first byte.
    pub line: usize,
    pub method: String,
    pub url: String,
    #[serde(flatten)]
    pub verdict: Verdict,
    /// The response body the target answered, as text, kept for failed
    /// examples only (the HTML report shows it beside the documented one).
    /// Never serialised: the JSON lines report the mismatches.
    #[serde(skip)]
    pub observed_body: Option<String>,
}

impl ExampleReport {
    pub fn passed(&self) -> bool {
        self.verdict == Verdict::Passed
    }

    /// Rewrites every text of the report with `f` (the redaction of a live
    /// run's secrets): the URL, reasons, errors, messages and values.
    pub fn map_text(&mut self, f: impl Fn(&str) -> String) {
        self.url = f(&self.url);
        self.method = f(&self.method);
        self.file = f(&self.file);
        if let Some(body) = &mut self.observed_body {
            *body = f(body);
        }
        match &mut self.verdict {
            Verdict::Passed => {}
            Verdict::Skipped { reason } => *reason = f(reason),
            Verdict::Errored { error } => *error = f(error),
            Verdict::Failed { mismatches } => {
                for m in mismatches {
                    m.message = f(&m.message);
                    for v in [&mut m.pointer, &mut m.expected, &mut m.actual]
                        .into_iter()
                        .flatten()
                    {
                        *v = f(v);
                    }
                }
            }
        }
    }

    /// A self-contained account of the outcome: page, line, example, and
    /// every mismatch at its own line. libtest-mimic does not capture output,
    /// so the failure text of a trial has to stand on its own.
    pub fn explain(&self) -> String {
        let head = format!(
            "{}:{}: {} ({} {})",
            self.file, self.line, self.id, self.method, self.url
        );
        match &self.verdict {
            Verdict::Passed => format!("{head}: passed"),
            Verdict::Skipped { reason } => format!("{head}: skipped: {reason}"),
            Verdict::Errored { error } => format!("{head}: error: {error}"),
            Verdict::Failed { mismatches } => {
                let mut text = format!("{head}: {} mismatch(es)", mismatches.len());
                for m in mismatches {
                    text.push_str(&format!(
                        "\n  {}:{}: {}[{}]: {m}",
                        self.file,
                        m.location,
                        m.code.default_severity(),
                        m.code
                    ));
                }
                text
            }
        }
    }
}

/// Counts over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
    pub errored: usize,
}

impl Summary {
    pub fn add(&mut self, report: &ExampleReport) {
        match report.verdict {
            Verdict::Passed => self.passed += 1,
            Verdict::Failed { .. } => self.failed += 1,
            Verdict::Skipped { .. } => self.skipped += 1,
            Verdict::Errored { .. } => self.errored += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.passed + self.failed + self.skipped + self.errored
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} passed, {} failed, {} skipped",
            self.passed,
            self.failed + self.errored,
            self.skipped
        )?;
        if self.errored > 0 {
            write!(
                f,
                " ({} of the failures are errors: no response to check)",
                self.errored
            )?;
        }
        Ok(())
    }
}
