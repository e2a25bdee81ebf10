//! The verdict as data: what a journal shows (coverage, unmatched
//! requests, repairs), its counts per page family, and its findings for
//! SARIF and the console.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::outcome::{Code, Finding};
use crate::serve::index::Miss;
use crate::serve::journal::Answer;
use crate::source::{LineCol, SourceFile, Span};

/// What a journal shows.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Verdict {
    /// Requests in the journal: every line, the `$batch` requests and the
    /// requests inside them included.
    pub requests: usize,
    /// Every documented example (when the docs are given, else the ones the
    /// journal names) and how many requests exercised it.
    pub coverage: BTreeMap<String, usize>,
    /// Requests that matched no example.
    pub unmatched: Vec<Unmatched>,
    /// Unmatched requests counted but not kept (the live tally keeps the
    /// first [`Tally::KEPT`](crate::serve::Tally::KEPT) so that memory
    /// stays bounded).
    #[serde(skip_serializing_if = "is_zero")]
    pub omitted: usize,
    /// Protocol requests answered by the server itself (`$batch`): neither
    /// matched nor unmatched.
    pub protocol: usize,
    /// Requests that came inside a `$batch`; each is also counted as matched
    /// or unmatched, like any request.
    pub in_batch: usize,
    /// Matched requests answered with a response generated from the
    /// metadata (the operation has no usable documented response).
    pub synthesised: usize,
    /// Matched requests whose answer repaired a doc defect.
    pub repaired_requests: usize,
    /// Per finding code, the matched requests whose answer repaired it.
    pub repaired_codes: BTreeMap<String, usize>,
    /// Per example, the doc defects repaired to answer with it.
    pub repaired: BTreeMap<String, Repaired>,
    /// What was skipped while reading the journal (a torn last line).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
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
    pub miss: Miss,
}

/// The doc defects repaired to answer requests with one example: the
/// example answered, but its page still needs fixing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Repaired {
    /// Per finding code repaired (`MC2001`), the requests whose answer
    /// repaired it.
    pub codes: BTreeMap<String, usize>,
    /// Requests answered with a repair.
    pub requests: usize,
    /// The documented URL the first of them matched (`/widgets/{id}`).
    pub pattern: String,
    /// Journal line of the first of them.
    pub line: usize,
}

/// Counts one answer that repaired something: per code (each code once per
/// request) and for the example's entry.
pub(super) fn note_repair(
    codes: &mut BTreeMap<String, usize>,
    entry: &mut Repaired,
    answer: &Answer,
    line: usize,
) {
    if entry.requests == 0 || line < entry.line {
        entry.pattern = answer.pattern.clone();
        entry.line = line;
    }
    entry.requests += 1;
    let mut seen: Vec<&str> = Vec::with_capacity(answer.repaired.len());
    for code in &answer.repaired {
        if seen.contains(&code.as_str()) {
            continue;
        }
        seen.push(code);
        *codes.entry(code.clone()).or_default() += 1;
        *entry.codes.entry(code.clone()).or_default() += 1;
    }
}

/// Coverage of one page family ([`crate::source::page_family`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Family {
    pub family: String,
    /// Documented examples of the family.
    pub examples: usize,
    /// Of those, exercised by at least one request.
    pub exercised: usize,
    /// Requests that matched an example of the family.
    pub requests: usize,
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

    /// Requests that matched an example: neither unmatched nor protocol.
    pub fn matched(&self) -> usize {
        self.requests
            .saturating_sub(self.protocol + self.unmatched_total())
    }

    /// Coverage per page family, the families with the most examples first
    /// (then by name).
    pub fn families(&self) -> Vec<Family> {
        let mut by: BTreeMap<String, Family> = BTreeMap::new();
        for (id, n) in &self.coverage {
            let name = crate::source::page_family(id);
            let f = by.entry(name.clone()).or_insert_with(|| Family {
                family: name,
                examples: 0,
                exercised: 0,
                requests: 0,
            });
            f.examples += 1;
            f.exercised += usize::from(*n > 0);
            f.requests += n;
        }
        let mut families: Vec<Family> = by.into_values().collect();
        families.sort_by(|a, b| {
            b.examples
                .cmp(&a.examples)
                .then_with(|| a.family.cmp(&b.family))
        });
        families
    }

    /// The repaired examples, those that answered the most requests first
    /// (then by id).
    pub fn repaired_by_requests(&self) -> Vec<(&String, &Repaired)> {
        let mut r: Vec<_> = self.repaired.iter().collect();
        r.sort_by(|a, b| b.1.requests.cmp(&a.1.requests).then_with(|| a.0.cmp(b.0)));
        r
    }

    /// A matched request to example `id` answered as `answer`, at journal
    /// `line`: counts what was synthesised or repaired.
    pub(super) fn answered(&mut self, id: &str, answer: &Answer, line: usize) {
        self.synthesised += usize::from(answer.synthesised);
        if !answer.repaired.is_empty() {
            self.repaired_requests += 1;
            let entry = self.repaired.entry(id.to_string()).or_default();
            note_repair(&mut self.repaired_codes, entry, answer, line);
        }
    }

    /// Findings for SARIF and the console: MC6001 for each unmatched
    /// request, at its journal line; MC6002 for each example not exercised,
    /// and each doc defect repaired to answer with an example (under its own
    /// code), at the example's request on the page (when `example` can place
    /// it: the page's path as findings name it, the request's span and where
    /// that starts, so that no page text need be held).
    pub fn findings<'s>(
        &self,
        journal: Option<&SourceFile>,
        example: &dyn Fn(&str) -> Option<Place<'s>>,
    ) -> Vec<Finding> {
        let mut out = Vec::new();
        if let Some(journal) = journal {
            for u in &self.unmatched {
                let span = line_span(&journal.text, u.line);
                let closest = u
                    .miss
                    .closest
                    .as_deref()
                    .map_or(String::new(), |c| format!(" (closest example: {c})"));
                out.push(Finding::new(
                    Code::ServeUnmatched,
                    journal,
                    span,
                    format!(
                        "{} {} matches no documented example: {}{closest}",
                        u.method, u.url, u.miss.reason
                    ),
                ));
            }
        }
        for (id, r) in &self.repaired {
            let Some((file, span, at)) = example(id) else {
                continue;
            };
            for (code, n) in r
                .codes
                .iter()
                .filter_map(|(c, n)| Some((Code::from_id(c)?, *n)))
            {
                out.push(
                    Finding::at(
                        code,
                        file,
                        span,
                        at,
                        format!(
                            "repaired to answer {n} request{} (the first of this example at journal line {}): {}: {id}",
                            plural(n),
                            r.line,
                            code.title()
                        ),
                    )
                    .with_example(id.clone()),
                );
            }
        }
        for (id, n) in &self.coverage {
            if *n == 0
                && let Some((file, span, at)) = example(id)
            {
                out.push(
                    Finding::at(
                        Code::ServeNotExercised,
                        file,
                        span,
                        at,
                        format!("not exercised by any request: {id}"),
                    )
                    .with_example(id.clone()),
                );
            }
        }
        out
    }
}

/// Where an example's request is on its page: the page's path as findings
/// name it, the request's span, and the line and column of its start.
pub type Place<'s> = (&'s str, Span, LineCol);

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The span of 1-based `line` of `text` (empty at the end when it is past it).
pub(super) fn line_span(text: &str, line: usize) -> Span {
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
