//! The verdict on what clients sent: which documented examples were
//! exercised, and every request that matched none, with the closest example
//! and the reason. Built from a journal file (`mdcontract verify`) or kept
//! live by the server ([`Tally`], `GET /_mdcontract/report`); written as
//! text, JSON lines, JUnit, or findings for SARIF.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use super::Index;
use super::index::Mismatch;
use super::journal;
use crate::outcome::{Code, Finding};
use crate::report::junit::{CaseOutcome, JunitCase, JunitReport, JunitSuite};
use crate::source::{SourceFile, Span};

/// What a journal shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// Requests in the journal.
    pub requests: usize,
    /// Every documented example (when the docs are given, else the ones the
    /// journal names) and how many requests exercised it.
    pub coverage: BTreeMap<String, usize>,
    /// Requests that matched no example.
    pub unmatched: Vec<Unmatched>,
    /// Unmatched requests counted but not kept (the live tally keeps the
    /// first [`Tally::KEPT`] so that memory stays bounded).
    #[serde(skip_serializing_if = "is_zero")]
    pub omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One request that matched no example.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unmatched {
    /// 1-based line of the journal (the request's number).
    pub line: usize,
    pub method: String,
    pub url: String,
    #[serde(flatten)]
    pub mismatch: Mismatch,
}

impl Verdict {
    /// Examples exercised at least once.
    pub fn exercised(&self) -> usize {
        self.coverage.values().filter(|n| **n > 0).count()
    }

    /// Unmatched requests, kept or not.
    pub fn unmatched_total(&self) -> usize {
        self.unmatched.len() + self.omitted
    }

    /// Findings for SARIF and the console: MC6001 for each unmatched
    /// request, at its journal line; MC6002 for each example not exercised,
    /// at its request on the page (when `example` can place it).
    pub fn findings<'s>(
        &self,
        journal: Option<&SourceFile>,
        example: &dyn Fn(&str) -> Option<(&'s SourceFile, Span)>,
    ) -> Vec<Finding> {
        let mut out = Vec::new();
        if let Some(journal) = journal {
            for u in &self.unmatched {
                let span = line_span(&journal.text, u.line);
                let closest = u
                    .mismatch
                    .closest
                    .as_deref()
                    .map_or(String::new(), |c| format!(" (closest example: {c})"));
                out.push(Finding::new(
                    Code::ServeUnmatched,
                    journal,
                    span,
                    format!(
                        "{} {} matches no documented example: {}{closest}",
                        u.method, u.url, u.mismatch.reason
                    ),
                ));
            }
        }
        for (id, n) in &self.coverage {
            if *n == 0
                && let Some((source, span)) = example(id)
            {
                out.push(
                    Finding::new(
                        Code::ServeNotExercised,
                        source,
                        span,
                        format!("not exercised by any request: {id}"),
                    )
                    .with_example(id.clone()),
                );
            }
        }
        out
    }
}

/// The span of 1-based `line` of `text` (empty at the end when it is past it).
fn line_span(text: &str, line: usize) -> Span {
    let mut start = 0;
    for (n, l) in text.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            let end = start + l.trim_end_matches(['\n', '\r']).len();
            return Span { start, end };
        }
        start += l.len();
    }
    Span {
        start: text.len(),
        end: text.len(),
    }
}

/// Reads `journal_path`; with `index` (the docs given to `verify`), every
/// example served is listed and the requests are matched again, so that a
/// journal from an older server is judged by the docs as they are.
pub fn verify(journal_path: &Path, index: Option<&Index>) -> Result<Verdict, String> {
    let entries = journal::read(journal_path)?;
    let mut coverage: BTreeMap<String, usize> = BTreeMap::new();
    if let Some(index) = index {
        for id in index.ids() {
            coverage.entry(id.as_str().to_string()).or_default();
        }
    }
    let mut unmatched = Vec::new();
    for (n, e) in entries.iter().enumerate() {
        let (matched, why) = match index {
            Some(index) => match index.lookup(&e.method, &e.url, journal_content_type(&e.headers), e.body.as_bytes()) {
                super::Lookup::Matched { id, .. } => (Some(id.as_str().to_string()), None),
                super::Lookup::Unmatched(m) => (None, Some(m)),
            },
            None => (e.matched.clone(), e.unmatched.clone()),
        };
        match (matched, why) {
            (Some(id), _) => *coverage.entry(id).or_default() += 1,
            (None, why) => unmatched.push(Unmatched {
                line: n + 1,
                method: e.method.clone(),
                url: e.url.clone(),
                mismatch: why.unwrap_or(Mismatch {
                    closest: None,
                    reason: "the journal gives no reason".to_string(),
                }),
            }),
        }
    }
    Ok(Verdict {
        requests: entries.len(),
        coverage,
        unmatched,
        omitted: 0,
    })
}

/// The verdict kept live by the server, request by request: counters per
/// example and the first [`Tally::KEPT`] unmatched requests.
#[derive(Debug)]
pub struct Tally {
    ids: Vec<String>,
    hits: Vec<AtomicUsize>,
    requests: AtomicUsize,
    unmatched: Mutex<Vec<Unmatched>>,
    omitted: AtomicUsize,
}

impl Tally {
    /// Unmatched requests kept in full; later ones are only counted.
    pub const KEPT: usize = 1000;

    pub fn new(index: &Index) -> Self {
        let ids: Vec<String> = index.ids().map(|id| id.as_str().to_string()).collect();
        let hits = ids.iter().map(|_| AtomicUsize::new(0)).collect();
        Tally {
            ids,
            hits,
            requests: AtomicUsize::new(0),
            unmatched: Mutex::new(Vec::new()),
            omitted: AtomicUsize::new(0),
        }
    }

    /// A request that matched the example at `route`.
    pub fn matched(&self, route: usize) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if let Some(h) = self.hits.get(route) {
            h.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// A request that matched none.
    pub fn unmatched(&self, u: Unmatched) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut kept) = self.unmatched.lock()
            && kept.len() < Self::KEPT
        {
            kept.push(u);
            return;
        }
        self.omitted.fetch_add(1, Ordering::Relaxed);
    }

    /// The verdict so far.
    pub fn verdict(&self) -> Verdict {
        let mut coverage = BTreeMap::new();
        for (id, h) in self.ids.iter().zip(&self.hits) {
            *coverage.entry(id.clone()).or_default() += h.load(Ordering::Relaxed);
        }
        let mut unmatched = self.unmatched.lock().map(|u| u.clone()).unwrap_or_default();
        unmatched.sort_by_key(|u| u.line);
        Verdict {
            requests: self.requests.load(Ordering::Relaxed),
            coverage,
            unmatched,
            omitted: self.omitted.load(Ordering::Relaxed),
        }
    }
}

/// Text: each unmatched request with its closest example and reason, the
/// examples not exercised, and a summary line.
pub fn write_text(out: &mut dyn Write, v: &Verdict) -> std::io::Result<()> {
    for u in &v.unmatched {
        writeln!(
            out,
            "error[{}]: {} {} (journal line {}) matches no documented example",
            Code::ServeUnmatched,
            u.method,
            u.url,
            u.line
        )?;
        if let Some(c) = &u.mismatch.closest {
            writeln!(out, "  closest: {c}")?;
        }
        writeln!(out, "  reason:  {}\n", u.mismatch.reason)?;
    }
    if v.omitted > 0 {
        writeln!(out, "… and {} more unmatched requests\n", v.omitted)?;
    }
    for (id, n) in &v.coverage {
        if *n == 0 {
            writeln!(
                out,
                "note[{}]: not exercised: {id}",
                Code::ServeNotExercised
            )?;
        }
    }
    writeln!(
        out,
        "{} requests; {} unmatched; {} of {} documented examples exercised",
        v.requests,
        v.unmatched_total(),
        v.exercised(),
        v.coverage.len()
    )
}

/// JSON lines: one `coverage` line per example, one `unmatched` line per
/// request, then a `summary`.
pub fn write_json(out: &mut dyn Write, v: &Verdict) -> std::io::Result<()> {
    for (id, n) in &v.coverage {
        let line = serde_json::json!({"kind": "coverage", "example": id, "requests": n});
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    for u in &v.unmatched {
        let mut line = serde_json::to_value(u).unwrap_or_default();
        if let Some(o) = line.as_object_mut() {
            o.insert("kind".into(), "unmatched".into());
            o.insert("code".into(), Code::ServeUnmatched.id().into());
        }
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    let summary = serde_json::json!({
        "kind": "summary",
        "requests": v.requests,
        "unmatched": v.unmatched_total(),
        "examples": v.coverage.len(),
        "exercised": v.exercised(),
    });
    serde_json::to_writer(&mut *out, &summary)?;
    out.write_all(b"\n")
}

/// JUnit: one suite of examples (passed when exercised, skipped when not)
/// and one of unmatched requests (each a failure).
pub fn junit(v: &Verdict) -> JunitReport {
    let mut report = JunitReport::new("mdcontract verify");
    let examples = v
        .coverage
        .iter()
        .map(|(id, n)| JunitCase {
            classname: "coverage".into(),
            name: id.clone(),
            time: None,
            outcome: if *n > 0 {
                CaseOutcome::Passed
            } else {
                CaseOutcome::Skipped {
                    message: "not exercised".into(),
                }
            },
            system_out: String::new(),
        })
        .collect();
    report.suites.push(JunitSuite {
        name: "coverage".into(),
        cases: examples,
    });
    let unmatched = v
        .unmatched
        .iter()
        .map(|u| JunitCase {
            classname: "unmatched".into(),
            name: format!("journal line {}: {} {}", u.line, u.method, u.url),
            time: None,
            outcome: CaseOutcome::Failed {
                message: u.mismatch.reason.clone(),
                body: format!(
                    "{}: closest example: {}\n{}",
                    Code::ServeUnmatched,
                    u.mismatch.closest.as_deref().unwrap_or("none"),
                    u.mismatch.reason
                ),
            },
            system_out: String::new(),
        })
        .collect();
    report.suites.push(JunitSuite {
        name: "unmatched".into(),
        cases: unmatched,
    });
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_spans_cover_the_line_without_its_ending() {
        let text = "a\r\nbc\nd";
        assert_eq!(line_span(text, 2), Span { start: 3, end: 5 });
        assert_eq!(line_span(text, 3), Span { start: 6, end: 7 });
        assert_eq!(line_span(text, 9), Span { start: 7, end: 7 });
    }
}

/// The `Content-Type` a journaled request was sent with.
fn journal_content_type(headers: &[(String, String)]) -> Option<&str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.as_str())
}
