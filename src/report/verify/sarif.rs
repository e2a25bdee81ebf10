//! `verify`'s findings as SARIF: the journal is an artifact like a page, so
//! an unmatched request points at its journal line and a repaired or
//! unexercised example at its request on the page.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::contract::Page;
use crate::outcome::Finding;
use crate::report::sarif::region_end;
use crate::serve::Verdict;
use crate::source::{LineCol, SourceFile, Span};

/// Where the examples of the docs are, for SARIF to place them: per example
/// id, its page's path and its request's span with where that starts and
/// ends, worked out while the page was at hand ([`ExamplePlaces::of_page`])
/// so that no page text is held.
#[derive(Debug, Default)]
pub struct ExamplePlaces {
    by_id: HashMap<String, Place>,
}

/// Where one example's request is.
#[derive(Debug, Clone)]
struct Place {
    /// The page's path as findings name it, shared by its examples.
    file: Arc<str>,
    span: Span,
    start: LineCol,
    /// The end of the region SARIF gives the span.
    end: LineCol,
}

/// The places of the examples of one page ([`ExamplePlaces::of_page`]).
#[derive(Debug, Default)]
pub struct PagePlaces(Vec<(String, Place)>);

impl ExamplePlaces {
    pub fn new() -> Self {
        Self::default()
    }

    /// The places of the examples of `page`, to be [`push`](Self::push)ed:
    /// made where the page is extracted, whose text can then go.
    pub fn of_page(page: &Page) -> PagePlaces {
        let source = &page.source;
        let file: Arc<str> = Arc::from(source.display_path());
        PagePlaces(
            page.examples
                .iter()
                .map(|e| {
                    let span = e.request.place.span;
                    let start = source.line_col(span.start);
                    let end = region_end(source, span, start);
                    let place = Place {
                        file: Arc::clone(&file),
                        span,
                        start,
                        end,
                    };
                    (e.id.as_str().to_string(), place)
                })
                .collect(),
        )
    }

    /// Adds the places of the next page; an id seen before takes its later
    /// place.
    pub fn push(&mut self, page: PagePlaces) {
        self.by_id.extend(page.0);
    }
}

/// SARIF over the verdict's findings, pretty-printed with a final newline.
/// `journal` is read again for its lines (`verify` streamed it); `examples`
/// (the docs given) places the examples on their pages.
pub fn sarif(
    verdict: &Verdict,
    journal: &Path,
    examples: &ExamplePlaces,
) -> std::io::Result<String> {
    let journal = std::fs::read(journal).map(|bytes| {
        SourceFile::new(journal.to_path_buf(), journal.display().to_string(), bytes)
    })?;
    let findings = verdict.findings(Some(&journal), &|id| {
        let p = examples.by_id.get(id)?;
        Some((&*p.file, p.span, p.start))
    });
    let journal_path = journal.display_path();
    // A region on the journal ends where its text says; one at an example
    // ends where that example's place says (the pages are not held).
    let end = |f: &Finding| {
        if f.file == journal_path {
            return Some(region_end(&journal, f.span, f.location));
        }
        let place = examples.by_id.get(f.example.as_deref()?)?;
        (*place.file == f.file && place.span == f.span).then_some(place.end)
    };
    let log = super::super::sarif::sarif_with_ends(&findings, env!("CARGO_PKG_VERSION"), &end);
    drop(findings);
    let mut out = serde_json::to_string_pretty(&log)?;
    out.push('\n');
    Ok(out)
}
