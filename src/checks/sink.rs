//! The check trait and the sink a check reports one page's findings to.

use super::context::CheckContext;
use crate::contract::{ExampleId, Page};
use crate::outcome::{Code, Finding};
use crate::source::Span;

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
