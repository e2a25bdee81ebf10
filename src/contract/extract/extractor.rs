//! The state of one page's extraction (blocks seen, requests waiting for
//! their responses, names used) and the read-only queries on it: headings
//! around a fence, sections, syntax blocks.

use std::collections::{HashMap, HashSet};

use crate::contract::model::*;
use crate::http::message::{self, Body, Shape};
use crate::json::JsonError;
use crate::markdown::annotation::Annotation;
use crate::markdown::scan::{Fence, Scan};
use crate::outcome::{Code, Finding};
use crate::source::{Source, SourceFile, Span};

pub(super) fn place(src: &SourceFile, span: Span, at: usize) -> Place {
    Place {
        span,
        at: src.line_col(at),
    }
}

/// A request block waiting for its response.
pub(super) struct PendingRequest {
    pub(super) fence: usize,
    /// The request, until an example takes it.
    pub(super) part: Option<RequestPart>,
    pub(super) names: Vec<String>,
    pub(super) annotated: bool,
    pub(super) paired: bool,
    pub(super) headings: Vec<String>,
}

pub(super) struct PendingAnnotation {
    pub(super) annotation: Annotation,
    pub(super) span: Span,
}

pub(super) struct Extractor<'a> {
    pub(super) src: &'a Source,
    pub(super) scan: &'a Scan,
    pub(super) findings: Vec<Finding>,
    pub(super) examples: Vec<Example>,
    pub(super) resources: Vec<Resource>,
    pub(super) templates: Vec<Template>,
    pub(super) requests: Vec<PendingRequest>,
    pub(super) disp: Vec<Option<Disposition>>,
    pub(super) suppressions: Vec<String>,
    /// The request block most recently seen.
    pub(super) last_request: Option<LastRequest>,
    /// Set once the most recent request has its answer: the index of the
    /// last heading before that answer (`None` when none) and its status. A
    /// later response is an alternative answer to the same request when it
    /// has another status and only response headings stand between them
    /// (see `alternative_answer`).
    pub(super) answered_under: Option<(Option<usize>, u16)>,
    /// Request names seen so far, for duplicate detection, by their lower
    /// case form (the docs' snippet files are named by it, so `getWidget`
    /// and `getwidget` collide): the spelling first seen.
    pub(super) used_names: HashMap<String, String>,
    /// Example keys (the part of the id after `#`) given so far.
    pub(super) used_keys: HashSet<String>,
    /// Requests by name, so pairing stays linear on pages with many examples.
    pub(super) by_name: HashMap<String, Vec<usize>>,
    pub(super) stats: PageStats,
    pub(super) annotations: Vec<AnnotationRecord>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LastRequest {
    /// Index into `requests`.
    Example(usize),
    /// A request the page annotated `ignored`: responses after it are ignored too.
    Ignored,
}

impl<'a> Extractor<'a> {
    pub(super) fn new(src: &'a Source, scan: &'a Scan) -> Self {
        Extractor {
            src,
            scan,
            findings: Vec::new(),
            examples: Vec::new(),
            resources: Vec::new(),
            templates: Vec::new(),
            requests: Vec::new(),
            disp: vec![None; scan.fences.len()],
            suppressions: Vec::new(),
            last_request: None,
            answered_under: None,
            used_names: HashMap::new(),
            used_keys: HashSet::new(),
            by_name: HashMap::new(),
            stats: PageStats::default(),
            annotations: Vec::new(),
        }
    }
}

impl Extractor<'_> {
    pub(super) fn finding(&mut self, code: Code, span: Span, message: String) -> usize {
        self.findings
            .push(Finding::new(code, self.src, span, message));
        self.findings.len() - 1
    }

    pub(super) fn json_finding(&mut self, code: Code, base: usize, error: &JsonError, what: &str) {
        let at = base + error.offset;
        let end = next_char_end(&self.src.text, at);
        self.finding(
            code,
            Span::new(at, end),
            format!("{what}: {}", error.message),
        );
    }

    /// A fence of request lines only (no headers, no body), at least one
    /// with a `{placeholder}`: the syntax of a URL, not an example of it.
    pub(super) fn is_syntax_block(&self, i: usize) -> bool {
        let f = &self.scan.fences[i];
        let mut lines = f
            .content
            .lines()
            .filter(|l| !l.trim().is_empty())
            .peekable();
        lines.peek().is_some()
            && f.content.contains('{')
            && lines.all(|l| message::shape(l) == Shape::Request)
    }

    /// True when response fence `i`, of `status`, is another outcome of
    /// the most recent request, already answered: its status differs from
    /// that answer's (a 207 after a 200, an error, the 200 served at a 302's
    /// Location), and only response headings stand between them: headings
    /// no higher than the one above that answer, none naming a request or an
    /// example (`### Partial success response`, or none at all). A heading
    /// `### Example 2` or `#### Request` starts another example, whose
    /// response without its request is unpaired; a second response of the
    /// same status answers a request the page does not show (`$select`).
    pub(super) fn alternative_answer(&self, i: usize, status: u16) -> bool {
        let Some((prev, answered)) = self.answered_under else {
            return false;
        };
        if status == answered {
            return false;
        }
        let current = self.scan.fences[i].trail.last().copied();
        let from = prev.map_or(0, |p| p + 1);
        let to = current.map_or(0, |c| c + 1);
        let base = prev.map_or(0, |p| self.scan.headings[p].level);
        self.scan
            .headings
            .get(from..to)
            .unwrap_or(&[])
            .iter()
            .all(|h| {
                let text = h.text.to_ascii_lowercase();
                h.level >= base && !text.contains("request") && !text.contains("example")
            })
    }

    /// True when no heading stands between fences `a` and `b` (`a` first).
    pub(super) fn same_section(&self, a: usize, b: usize) -> bool {
        self.scan.fences[a].trail.last() == self.scan.fences[b].trail.last()
    }

    /// True when the nearest section heading (level 1–2) is `HTTP request`.
    pub(super) fn in_syntax_section(&self, f: &Fence) -> bool {
        f.trail
            .iter()
            .rev()
            .map(|&h| &self.scan.headings[h])
            .find(|h| h.level <= 2)
            .is_some_and(|h| h.text.to_ascii_lowercase().starts_with("http request"))
    }

    pub(super) fn headings(&self, f: &Fence) -> Vec<String> {
        f.trail
            .iter()
            .map(|&h| self.scan.headings[h].text.clone())
            .collect()
    }
}

pub(super) fn next_char_end(text: &str, at: usize) -> usize {
    text[at.min(text.len())..]
        .chars()
        .next()
        .map_or(at, |c| at + c.len_utf8())
}

impl PageStats {
    pub(super) fn count_body(&mut self, body: &Body, request: bool) {
        if let Body::Json { error, .. } = body {
            if request {
                self.request_json += 1;
            } else {
                self.response_json += 1;
            }
            self.not_strict += usize::from(error.is_some());
        }
    }
}
