//! The check trait and the parallel runner.

use rayon::prelude::*;

use super::context::CheckContext;
use crate::contract::{ExampleId, Page};
use crate::outcome::{Code, Finding};
use crate::source::Span;
use crate::suite::Suite;

/// One static check. Implementations look at one page at a time and report
/// through the [`Sink`]; they never print.
pub trait Check: Send + Sync {
    fn check(&self, page: &Page, ctx: &CheckContext, sink: &mut Sink<'_>);
}

/// Where a check reports its findings for one page.
pub struct Sink<'a> {
    page: &'a Page,
    findings: Vec<Finding>,
}

impl<'a> Sink<'a> {
    pub fn new(page: &'a Page) -> Self {
        Sink {
            page,
            findings: Vec::new(),
        }
    }

    /// Reports `code` at `span` of the page, for `example` if given.
    pub fn report(&mut self, code: Code, span: Span, message: String, example: Option<&ExampleId>) {
        let mut f = Finding::new(code, &self.page.source, span, message);
        f.example = example.map(|e| e.0.clone());
        self.findings.push(f);
    }

    /// The text of the page being checked.
    pub fn page_text(&self) -> &str {
        &self.page.source.text
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

/// Every built-in check, in the order their findings are listed.
pub fn default_checks() -> Vec<Box<dyn Check>> {
    vec![
        Box::new(super::body_on_bodyless_method()),
        Box::new(super::body_on_204()),
        Box::new(super::missing_content_type()),
        Box::new(super::content_length()),
        Box::new(super::status_for_method()),
        Box::new(super::url_version()),
        Box::new(super::url_resolves()),
        Box::new(super::url_in_templates()),
        Box::new(super::permissions_table()),
        Box::new(super::permissions_missing()),
        Box::new(super::annotation_keys()),
        Box::new(super::body_schema()),
    ]
}

/// Runs `checks` over every page, in parallel; findings come back in page
/// order, sorted by position within a page.
pub fn run(suite: &Suite, ctx: &CheckContext, checks: &[Box<dyn Check>]) -> Vec<Vec<Finding>> {
    suite
        .pages
        .par_iter()
        .map(|page| {
            let mut sink = Sink::new(page);
            for c in checks {
                c.check(page, ctx, &mut sink);
            }
            let mut found = sink.into_findings();
            found.sort_by_key(|f| (f.span.start, f.code));
            found
        })
        .collect()
}
