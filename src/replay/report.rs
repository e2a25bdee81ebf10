//! What replaying an example gave: passed, failed (with every mismatch, a
//! [`Finding`] of the example), skipped, or errored (no response to check).

use serde::Serialize;

use crate::contract::ExampleId;
use crate::outcome::{Code, Detail, Finding};
use crate::source::{LineCol, Span};

/// A mismatch as replay's JSON lines have always written it: the code, the
/// place, the check's own words and the detail, flat; not the file, the
/// severity or the example, which the example's line already gives.
#[derive(Serialize)]
struct MismatchLine<'a> {
    code: Code,
    span: Span,
    location: LineCol,
    message: &'a str,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    detail: Option<&'a Detail>,
}

fn serialize_mismatches<S: serde::Serializer>(
    findings: &[Finding],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_seq(findings.iter().map(|f| MismatchLine {
        code: f.code,
        span: f.span,
        location: f.location,
        message: &f.message,
        detail: f.detail.as_deref(),
    }))
}

/// How an example ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "lowercase")]
pub enum Verdict {
    Passed,
    /// The exchange happened and at least one check failed.
    Failed {
        #[serde(serialize_with = "serialize_mismatches")]
        mismatches: Vec<Finding>,
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
                    m.file = f(&m.file);
                    if let Some(d) = &mut m.detail {
                        for v in [&mut d.pointer, &mut d.expected, &mut d.actual]
                            .into_iter()
                            .flatten()
                        {
                            *v = f(v);
                        }
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
                        "\n  {}:{}: {}[{}]: {}",
                        self.file,
                        m.location,
                        m.severity,
                        m.code,
                        m.full_message()
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
