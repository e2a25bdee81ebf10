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

    /// True when the example failed or its exchange errored (not skipped).
    pub fn failed_or_errored(&self) -> bool {
        matches!(
            self.verdict,
            Verdict::Failed { .. } | Verdict::Errored { .. }
        )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Finding;
    use crate::source::SourceFile;

    fn failed() -> ExampleReport {
        let source = SourceFile::from_text("v1.0/api/p.md", "one\ntwo\n");
        let finding = Finding::new(Code::ReplayBody, &source, Span::new(4, 7), "response body")
            .with_example("v1.0/api/p#one")
            .with_pointer("/a")
            .with_values("1", "2");
        ExampleReport {
            id: ExampleId("v1.0/api/p#one".into()),
            file: "v1.0/api/p.md".into(),
            line: 2,
            method: "GET".into(),
            url: "/a".into(),
            verdict: Verdict::Failed {
                mismatches: vec![finding],
            },
            observed_body: None,
        }
    }

    /// The JSON of a failed example is what it was before mismatches became
    /// findings: no `file`, `severity` or `example` in a mismatch, and the
    /// keys in their old order.
    #[test]
    fn a_failed_verdict_serializes_its_mismatches_as_before() {
        let json = serde_json::to_string(&failed()).unwrap();
        assert_eq!(
            json,
            r#"{"id":"v1.0/api/p#one","file":"v1.0/api/p.md","line":2,"method":"GET","url":"/a","verdict":"failed","mismatches":[{"code":"MC5003","span":{"start":4,"end":7},"location":{"line":2,"col":1},"message":"response body","pointer":"/a","expected":"1","actual":"2"}]}"#
        );
    }

    #[test]
    fn explain_shows_each_mismatch_with_its_detail_on_its_line() {
        assert_eq!(
            failed().explain(),
            "v1.0/api/p.md:2: v1.0/api/p#one (GET /a): 1 mismatch(es)\n  \
             v1.0/api/p.md:2:1: error[MC5003]: response body at /a: expected 1, actual 2"
        );
    }
}
