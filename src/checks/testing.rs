//! Helpers for the checks' tests: a page written in the test, a check run
//! over it, and the findings as lines or as (code, text flagged) pairs.

use std::sync::Arc;

use super::{Check, CheckContext, Sink};
use crate::contract::{Page, extract_page};
use crate::outcome::Finding;
use crate::source::SourceFile;

/// The page `text`, at `key` (`v1.0/api/x`).
pub(crate) fn page(key: &str, text: &str) -> Page {
    extract_page(Arc::new(SourceFile::from_text(key, text)))
}

/// What `check` finds on `page` with `ctx`.
pub(crate) fn run_check(check: &dyn Check, page: &Page, ctx: &CheckContext) -> Vec<Finding> {
    let mut sink = Sink::new(page);
    check.check(page, ctx, &mut sink);
    sink.into_findings()
}

/// The lines of what `check` finds on the API page `text`, without metadata.
pub(crate) fn finding_lines(check: &dyn Check, text: &str) -> Vec<usize> {
    run_check(check, &page("v1.0/api/x", text), &CheckContext::new())
        .into_iter()
        .map(|f| f.location.line)
        .collect()
}

/// Each finding of `check` on `page` as its code and the text it flags.
pub(crate) fn codes_and_text(
    check: &dyn Check,
    page: &Page,
    ctx: &CheckContext,
) -> Vec<(String, String)> {
    run_check(check, page, ctx)
        .into_iter()
        .map(|f| {
            (
                f.code.id().to_string(),
                page.source.slice(f.span).to_string(),
            )
        })
        .collect()
}
