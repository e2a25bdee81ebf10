//! The parallel runner: a list of checks applied to every page.

use rayon::prelude::*;

use super::context::CheckContext;
use super::sink::{Check, Sink};
use crate::contract::Page;
use crate::outcome::Finding;
use crate::suite::Suite;

/// Runs `checks` over every page, in parallel; findings come back in page
/// order, sorted by position within a page.
pub fn run(suite: &Suite, ctx: &CheckContext, checks: &[Box<dyn Check>]) -> Vec<Vec<Finding>> {
    suite
        .pages
        .par_iter()
        .map(|page| run_page(page, ctx, checks))
        .collect()
}

/// Runs `checks` over one page; its findings sorted by position.
pub fn run_page(page: &Page, ctx: &CheckContext, checks: &[Box<dyn Check>]) -> Vec<Finding> {
    let mut sink = Sink::new(page);
    for c in checks {
        c.check(page, ctx, &mut sink);
    }
    let mut found = sink.into_findings();
    found.sort_by_key(|f| (f.span.start, f.code));
    found
}
