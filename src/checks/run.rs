//! The parallel runner: a list of checks applied to every page.

use rayon::prelude::*;

use super::context::CheckContext;
use super::sink::{Check, Sink};
use crate::outcome::Finding;
use crate::suite::Suite;

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
